package repository

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// How a process builds its model and keeps it current.
//
// At the first read or write, the model is built: the log is healed (every
// entry since the checkpoint has its record written), then the collections
// are read once, or a snapshot of the model is loaded and the log since it
// read (snapshot.go). From then on a reader follows the log from the
// position the model reached, applying each entry whose version is newer
// than the model's: the writes of other processes, and this process's own,
// which it applied already when it made them (so they are skipped).
const (
	// pollEvery is how often a reader at the end of the log looks again.
	pollEvery = 100 * time.Millisecond
	// gapWait is how long a reader waits on a free position while later
	// ones are taken before it skips it: a write took it and has not yet
	// stored its entry, or died before it could.
	gapWait = 2 * time.Second
)

// follower reads the log in order of position and applies it to the model.
type follower struct {
	d *DB
	// mu guards what follows.
	mu sync.Mutex
	// pos is the next position to read: every entry before it is applied
	// (or was skipped as a gap, and is in late).
	pos int64
	// late holds the positions skipped as gaps, with when they were
	// skipped: they are read again until writeTimeout has passed.
	late map[int64]time.Time
	// gapSince is when the reader first found pos free while a later
	// position was taken.
	gapSince time.Time
	// polls counts the looks at the end of the log.
	polls int
	// epoch is the store's when the model was built.
	epoch string
	// wake is signalled to read at once (catchUp).
	wake chan struct{}
	// caught is closed and replaced each time the reader reaches the end.
	caught chan struct{}
}

// ensureModel builds the model once; a failure is returned to this caller
// and the next one tries again.
func (d *DB) ensureModel(ctx context.Context) error {
	d.modelMu.Lock()
	defer d.modelMu.Unlock()
	if d.modelReady {
		return nil
	}
	start := time.Now()
	pos, gaps, err := d.buildModel(ctx)
	if err != nil {
		return err
	}
	meta, err := d.log.loadMeta(ctx)
	if err != nil {
		return err
	}
	d.log.passed(pos)
	d.follow = &follower{d: d, pos: pos, epoch: meta.Epoch, late: map[int64]time.Time{}, wake: make(chan struct{}, 1), caught: make(chan struct{})}
	for _, p := range gaps {
		d.follow.late[p] = time.Now()
	}
	// What the log holds beyond the snapshot (or beyond the collections
	// read) is read before the model serves.
	for {
		progressed, err := d.follow.step(ctx)
		if err != nil {
			return err
		}
		if !progressed {
			break
		}
	}
	d.modelReady = true
	d.followWG.Add(1)
	go d.follow.run(d.stopCtx)
	d.Accounts.cache.on.Store(true)
	slog.Debug("model built", "records", d.model.count(), "position", pos-1, "took", time.Since(start))
	return nil
}

// Load builds the model now rather than at the first read: a server does
// it before it listens, so that its first requests do not wait for it.
func (d *DB) Load(ctx context.Context) error { return d.ensureModel(ctx) }

// buildModel heals the log and fills the model from the collections (or a
// snapshot). It returns the first position the model has not applied, and
// the free positions before it, which the reader looks at again.
func (d *DB) buildModel(ctx context.Context) (int64, []int64, error) {
	n := 0
	end, gaps, err := d.healFrom(ctx, 0, &n)
	if err != nil {
		return 0, nil, err
	}
	if n > 0 {
		slog.Warn("finished writes interrupted by a crash", "writes", n)
	}
	if pos, late, ok := d.loadSnapshot(ctx); ok {
		return pos, late, nil
	}
	if err := d.readModel(ctx); err != nil {
		return 0, nil, err
	}
	return end + 1, gaps, nil
}

// readModel reads every record of every kind into the model, a kind per
// reader at a time.
func (d *DB) readModel(ctx context.Context) error {
	m := d.model
	type batch struct {
		entries []*modelEntry
		err     error
	}
	out := make(chan batch, len(domain.RecordTypes))
	for _, typ := range domain.RecordTypes {
		go func() {
			var b batch
			cur, err := d.kinds[typ].collection().Find(ctx, bson.D{}, options.Find().SetBatchSize(1000))
			if err != nil {
				out <- batch{err: storeError(err, "read "+typ.Collection())}
				return
			}
			defer func() { _ = cur.Close(ctx) }()
			for cur.Next(ctx) {
				e, err := d.storedEntry(typ, cur.Current)
				if err != nil {
					out <- batch{err: err}
					return
				}
				b.entries = append(b.entries, e)
			}
			b.err = storeError(cur.Err(), "read "+typ.Collection())
			out <- b
		}()
	}
	var errs []error
	for range domain.RecordTypes {
		b := <-out
		if b.err != nil {
			errs = append(errs, b.err)
			continue
		}
		for _, e := range b.entries {
			m.put(e, 0)
		}
	}
	return errors.Join(errs...)
}

// run reads the log until ctx ends.
func (f *follower) run(ctx context.Context) {
	defer f.d.followWG.Done()
	for {
		progressed, err := f.step(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			slog.Warn("follow the change log", "position", f.position(), "error", err)
		}
		if progressed {
			continue
		}
		f.reached()
		select {
		case <-ctx.Done():
			return
		case <-f.wake:
		case <-time.After(pollEvery):
		}
	}
}

func (f *follower) position() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pos
}

// reached tells those waiting in catchUp that the end was reached.
func (f *follower) reached() {
	f.mu.Lock()
	close(f.caught)
	f.caught = make(chan struct{})
	f.mu.Unlock()
}

// step reads the next position, and the late ones; it reports whether it
// moved on.
func (f *follower) step(ctx context.Context) (bool, error) {
	if err := f.readLate(ctx); err != nil {
		return false, err
	}
	f.mu.Lock()
	p := f.pos
	f.mu.Unlock()
	if f.d.log.ownEntry(p) {
		f.advance(p)
		return true, nil
	}
	if f.d.log.isWriting(p) {
		// This process is inserting it: reading it would only find it
		// missing, or its own entry that the write applies.
		return false, nil
	}
	e, found, err := f.d.log.read(ctx, p)
	if err != nil {
		return false, err
	}
	if found {
		f.d.apply(&e)
		f.advance(p)
		return true, nil
	}
	// A free position: the end of the log, or a gap before later entries.
	// The next position tells, but for a gap of several positions, which
	// a deeper look finds now and then.
	f.mu.Lock()
	f.polls++
	deep := f.polls%10 == 0
	f.mu.Unlock()
	if deep {
		if err := f.checkEpoch(ctx); err != nil {
			return false, err
		}
	}
	later, err := f.d.log.after(ctx, p, deep)
	if err != nil || later == p {
		f.mu.Lock()
		f.gapSince = time.Time{}
		f.mu.Unlock()
		return false, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	if f.gapSince.IsZero() {
		f.gapSince = now
	}
	if now.Sub(f.gapSince) < gapWait {
		return false, nil
	}
	f.late[p] = now
	f.pos, f.gapSince = p+1, time.Time{}
	return true, nil
}

// checkEpoch builds the model again when the store's data was replaced
// (a restore): its log began anew.
func (f *follower) checkEpoch(ctx context.Context) error {
	m, err := f.d.log.loadMeta(ctx)
	if err != nil || m.Epoch == f.epoch {
		return err
	}
	slog.Warn("the store's data was replaced (restored): building the model again")
	f.d.model.reset()
	pos, gaps, err := f.d.buildModel(ctx)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.pos, f.epoch, f.late, f.gapSince = pos, m.Epoch, map[int64]time.Time{}, time.Time{}
	for _, p := range gaps {
		f.late[p] = time.Now()
	}
	f.mu.Unlock()
	f.d.log.restart(pos)
	return nil
}

func (f *follower) advance(p int64) {
	f.mu.Lock()
	if f.pos == p {
		f.pos, f.gapSince = p+1, time.Time{}
	}
	f.mu.Unlock()
	f.d.log.passed(p + 1)
}

// readLate reads the positions skipped as gaps again, and forgets those
// that are older than any write can take.
func (f *follower) readLate(ctx context.Context) error {
	f.mu.Lock()
	late := make(map[int64]time.Time, len(f.late))
	for p, at := range f.late {
		late[p] = at
	}
	f.mu.Unlock()
	for p, at := range late {
		e, found, err := f.d.log.read(ctx, p)
		if err != nil {
			return err
		}
		if found {
			f.d.apply(&e)
		}
		if found || time.Since(at) > writeTimeout {
			f.mu.Lock()
			delete(f.late, p)
			f.mu.Unlock()
		}
	}
	return nil
}

// apply applies a log entry to the model.
func (d *DB) apply(e *logDoc) {
	switch {
	case e.Void:
		return
	case e.writes():
		typ, id := typeOfClaim(e.Claim)
		rec, err := recordOfEntry(e)
		if err != nil {
			slog.Error("a log entry cannot be read", "position", e.Pos, "error", err)
			return
		}
		d.model.put(entryOf(typ, id, e.Version, rec, nil), int64(e.Pos))
	case e.RecordID != "":
		d.model.note(e.RecordID, int64(e.Pos))
	}
	if accountEntry(e) {
		d.Accounts.cache.clear()
	}
}

// accountEntry reports whether the entry tells of a change to a user, a
// token or a session, which another process may have cached.
func accountEntry(e *logDoc) bool {
	switch domain.RecordType(e.RecordType) {
	case domain.TypeUser, domain.TypeToken:
		return true
	}
	switch domain.Action(e.Action) {
	case domain.ActionLogin, domain.ActionLogout:
		return true
	}
	return false
}

// catchUp waits until the reader has read to the end of the log as it is
// now (or a second has passed): after a write refused because another
// process wrote first, the model then holds that write.
func (d *DB) catchUp(ctx context.Context) {
	f := d.follow
	if f == nil {
		return
	}
	f.mu.Lock()
	caught := f.caught
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
	select {
	case <-caught:
	case <-ctx.Done():
	case <-time.After(time.Second):
	}
}

// Heal writes the records of log entries whose record's write did not
// happen (the process died, or the store went away, between the entry and
// the record), and moves the checkpoint on. It runs when the model is
// built; a server also runs it every minute (HealInterrupted), for writes
// interrupted while it runs. It returns how many records it wrote.
func (d *DB) Heal(ctx context.Context) (int, error) {
	n := 0
	_, _, err := d.healFrom(ctx, 0, &n)
	return n, err
}

// HealInterrupted heals the entries older than age: newer ones may belong
// to writes still under way.
func (d *DB) HealInterrupted(ctx context.Context, age time.Duration) (int, error) {
	n := 0
	_, _, err := d.healFrom(ctx, age, &n)
	return n, err
}

// InterruptedAfter is how old an entry must be before a running server
// takes its record's write as interrupted.
const InterruptedAfter = 3 * writeTimeout

// healFrom reads the log from the checkpoint to its end (or to the first
// entry younger than age), writes what is missing, and saves the
// checkpoint, which moves over every entry read and over the gaps before
// an entry older than any write lasts. It returns the last position taken
// and the gaps it found.
func (d *DB) healFrom(ctx context.Context, age time.Duration, n *int) (int64, []int64, error) {
	meta, err := d.log.loadMeta(ctx)
	if err != nil {
		return 0, nil, err
	}
	end, err := d.log.end(ctx, max(meta.Head, meta.Checkpoint))
	if err != nil {
		return 0, nil, err
	}
	checkpoint := meta.Checkpoint
	var gaps []int64
	for p := meta.Checkpoint + 1; p <= end; p++ {
		if d.log.isDone(p) {
			if len(gaps) == 0 {
				checkpoint = p
			}
			continue
		}
		e, found, err := d.log.read(ctx, p)
		if err != nil {
			return 0, nil, err
		}
		if !found {
			gaps = append(gaps, p)
			continue
		}
		if age > 0 && time.Since(e.At) < age {
			break
		}
		if e.writes() {
			wrote, err := d.finish(ctx, &e)
			if err != nil {
				return 0, nil, err
			}
			if wrote {
				*n++
			}
		}
		if len(gaps) > 0 && time.Since(e.At) > 2*writeTimeout {
			// Positions are taken in order: a gap before an entry this old
			// belongs to a write that has ended, its entry unwritten.
			gaps = nil
		}
		if len(gaps) == 0 {
			checkpoint = p
		}
	}
	if err := d.log.saveMeta(ctx, checkpoint, end); err != nil {
		return 0, nil, err
	}
	return end, gaps, nil
}

// finish writes the record of a log entry if its document holds an older
// version; it reports whether it did.
func (d *DB) finish(ctx context.Context, e *logDoc) (bool, error) {
	typ, id := typeOfClaim(e.Claim)
	k, ok := d.kinds[typ]
	if !ok {
		return false, fmt.Errorf("log entry %d: no kind of record %q", e.Pos, typ)
	}
	var stored bson.Raw
	err := k.collection().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&stored)
	version, history := int64(0), []int64(nil)
	switch {
	case err == nil:
		version, _ = stored.Lookup("version").AsInt64OK()
		history = parseHistory(lookupString(stored, historyField))
	case !errors.Is(err, mongo.ErrNoDocuments):
		return false, storeError(err, "heal "+id)
	}
	if version >= e.Version {
		return false, nil
	}
	rec, err := recordOfEntry(e)
	if err != nil {
		return false, err
	}
	if err := d.store(ctx, typ, id, e.Version, rec, addPosition(history, int64(e.Pos))); err != nil {
		return false, storeError(err, "heal "+id)
	}
	if e.TextSet {
		if err := d.storeText(ctx, id, e.Text); err != nil {
			return false, err
		}
	}
	return true, nil
}
