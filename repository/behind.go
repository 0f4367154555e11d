package repository

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"cooptrack/domain"
)

// A docWriter writes records' documents behind their log entries. A write
// is acknowledged once its log entry is stored: the entry holds the record
// whole, the model has it, and if this process stops before the document
// is written, Heal writes it from the entry (the checkpoint moves only over
// entries whose documents are written).
//
// Writing documents apart from requests lets one goroutine send new
// records in one insertMany and write a record changed several times
// meanwhile once. On SQLite every replace is a commit of its own (a single
// write at concurrency 16 measured a p95 of 45 ms, the store's floor),
// which kept attaching evidence at 16 at twice its target while it waited
// for its replace.
//
// Sources are not written behind: a source's URL is unique, and a write
// that breaks that is undone at once (write.go, revert).
type docWriter struct {
	d *DB

	mu sync.Mutex
	// pending holds the newest unwritten document of each record, queue
	// the records in the order they were first queued.
	pending map[string]*pendingDoc
	queue   []string
	// taken holds the documents the writer took and has not settled.
	taken map[string]*pendingDoc
	// gen counts flushes: a document queued before a flush has a gen no
	// greater than the flush's, and the flush waits for it alone.
	gen  uint64
	wake chan struct{}
	// held, while not nil, keeps the writer from writing until it is
	// closed: tests play a process that dies with documents waiting.
	held chan struct{}
}

type pendingDoc struct {
	// ctx is the write's: its values (not its end) go with the commands
	// that write the document (a command monitor may look at them).
	ctx     context.Context //nolint:containedctx // see above
	typ     domain.RecordType
	id      string
	version int64
	doc     bson.Raw
	// fresh says no document of the record was stored when it was queued:
	// an insert, which goes in one insertMany with others.
	fresh bool
	// entries are the log entries the document completes.
	entries []*logDoc
	// gen is the writer's gen when the oldest of those entries was queued,
	// and queued the time.
	gen    uint64
	queued time.Time
}

// maxPending and maxLag bound the documents waiting: a write waits for room
// before its log entry beyond them, so that the store never falls far
// behind, a restart after a crash has little to heal, and a backup's
// catching up with the log (which reads the last minute) covers every
// document not yet written. At the replace rate measured here on SQLite
// (about 450 a second) maxPending is four seconds of writes to distinct
// records; on a slower store maxLag bounds it.
const (
	maxPending = 2048
	maxLag     = 10 * time.Second
)

func newDocWriter(d *DB) *docWriter {
	w := &docWriter{d: d, pending: map[string]*pendingDoc{}, taken: map[string]*pendingDoc{}, wake: make(chan struct{}, 1)}
	return w
}

// roomWait bounds how long a write waits for room: a store that takes no
// documents (away, or its disk full) then answers the write as unavailable
// rather than holding it.
const roomWait = 5 * time.Second

// waitRoom waits until fewer than maxPending documents are waiting, the
// oldest for less than maxLag.
// Errors: EUNAVAILABLE after roomWait.
func (w *docWriter) waitRoom() error {
	for start := time.Now(); ; {
		w.mu.Lock()
		full := len(w.pending) >= maxPending || len(w.queue) > 0 && time.Since(w.pending[w.queue[0]].queued) > maxLag
		w.mu.Unlock()
		if !full {
			return nil
		}
		if time.Since(start) > roomWait {
			return domain.Errorf(domain.EUNAVAILABLE, "the store is behind with the records' documents; try again in a moment")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// put queues a record's document; a newer one replaces an older one still
// waiting, and completes its entries too.
func (w *docWriter) put(p *pendingDoc) {
	w.mu.Lock()
	p.gen, p.queued = w.gen, time.Now()
	if old, ok := w.pending[p.id]; ok {
		p.fresh = p.fresh || old.fresh
		p.entries = append(old.entries, p.entries...)
		p.gen, p.queued = old.gen, old.queued
	} else {
		w.queue = append(w.queue, p.id)
	}
	w.pending[p.id] = p
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// take removes up to n documents from the queue, oldest first.
func (w *docWriter) take(n int) []*pendingDoc {
	w.mu.Lock()
	defer w.mu.Unlock()
	n = min(n, len(w.queue))
	out := make([]*pendingDoc, 0, n)
	for _, id := range w.queue[:n] {
		p := w.pending[id]
		out = append(out, p)
		delete(w.pending, id)
		w.taken[id] = p
	}
	w.queue = w.queue[n:]
	return out
}

// settle ends the writer's hold on a batch: the written documents'
// entries are complete, the others wait again unless a newer document of
// their record came meanwhile (which then completes their entries too).
func (w *docWriter) settle(written, failed []*pendingDoc) {
	for _, p := range written {
		w.d.log.completed(p.entries...)
	}
	w.mu.Lock()
	for _, p := range written {
		delete(w.taken, p.id)
	}
	for _, p := range failed {
		delete(w.taken, p.id)
		if newer, ok := w.pending[p.id]; ok {
			newer.fresh = newer.fresh || p.fresh
			newer.entries = append(p.entries, newer.entries...)
			newer.gen = min(newer.gen, p.gen)
			if p.queued.Before(newer.queued) {
				newer.queued = p.queued
			}
			continue
		}
		w.pending[p.id] = p
		w.queue = append(w.queue, p.id)
	}
	w.mu.Unlock()
}

// run writes what is queued until stop; Close flushes before it stops.
func (w *docWriter) run(stop <-chan struct{}) {
	failures := 0
	for {
		select {
		case <-w.wake:
		case <-stop:
			return
		}
		for {
			w.mu.Lock()
			held := w.held
			w.mu.Unlock()
			if held != nil {
				select {
				case <-held:
				case <-stop:
					return
				}
			}
			batch := w.take(batchMax)
			if len(batch) == 0 {
				break
			}
			written, failed := w.write(batch)
			w.settle(written, failed)
			if len(failed) == 0 {
				failures = 0
				continue
			}
			// The store refuses (it is away, or its disk full): try again
			// later; the entries stay for Heal if this process stops.
			failures++
			if failures == 1 || failures%100 == 0 {
				slog.Error("records' documents wait: the store refuses them", "documents", len(failed), "attempts", failures)
			}
			select {
			case <-time.After(min(time.Duration(failures)*50*time.Millisecond, 2*time.Second)):
			case <-stop:
				return
			}
		}
	}
}

// write stores a batch: the new records of each kind in one insertMany,
// the others one replace each.
func (w *docWriter) write(batch []*pendingDoc) (written, failed []*pendingDoc) {
	fresh := map[domain.RecordType][]*pendingDoc{}
	var replace []*pendingDoc
	for _, p := range batch {
		if p.fresh {
			fresh[p.typ] = append(fresh[p.typ], p)
		} else {
			replace = append(replace, p)
		}
	}
	for typ, ps := range fresh {
		docs := make([]any, len(ps))
		for i, p := range ps {
			docs[i] = p.doc
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ps[0].ctx), writeTimeout)
		errs := insertAll(ctx, w.d.kinds[typ].collection(), docs)
		cancel()
		for i, err := range errs {
			switch {
			case err == nil:
				written = append(written, ps[i])
			case isDuplicate(err):
				// Heal, or another process healing, wrote it meanwhile.
				replace = append(replace, ps[i])
			default:
				failed = append(failed, ps[i])
			}
		}
	}
	for _, p := range replace {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(p.ctx), writeTimeout)
		err := w.d.replaceDoc(ctx, p.typ, p.id, p.version, p.doc)
		cancel()
		if err != nil {
			failed = append(failed, p)
			continue
		}
		written = append(written, p)
	}
	return written, failed
}

// flush waits until every document queued before it is written, or ctx
// ends. Documents queued meanwhile do not hold it up: writes that go on
// while a backup starts would otherwise keep it waiting.
func (w *docWriter) flush(ctx context.Context) error {
	w.mu.Lock()
	target := w.gen
	w.gen++
	w.mu.Unlock()
	for {
		if !w.waiting(target) {
			return nil
		}
		select {
		case w.wake <- struct{}{}:
		default:
		}
		select {
		case <-ctx.Done():
			return storeError(ctx.Err(), "write records' documents")
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// waiting reports whether a document queued at gen target or before is
// still to be written.
func (w *docWriter) waiting(target uint64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, set := range []map[string]*pendingDoc{w.pending, w.taken} {
		for _, p := range set {
			if p.gen <= target {
				return true
			}
		}
	}
	return false
}

// Flush waits until the documents of every write acknowledged so far are
// in the store. Backups and tests that read the collections call it.
func (d *DB) Flush(ctx context.Context) error { return d.behind.flush(ctx) }
