package repository

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"strconv"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// A shelf is a read model: a set of entries (key -> JSON) kept current as
// records change, read by _id only, so that it costs the same on every
// server whatever the size of the collections.
//
// Why this shape (STORE_COMPAT.md): the embedded FerretDB indexes nothing
// but _id, so every other query reads its whole collection; and it reads a
// document field by field, so a document of many sub-documents is slow,
// while one long string is cheap. A shelf therefore keeps its entries as
// one JSON string per bucket document ("<shelf>#<n>"), spread over a fixed
// number of buckets by a hash of the key.
//
// A write does not rewrite buckets: the buckets of a busy shelf (the home
// country's dossier holds every record) are hundreds of kilobytes, and
// rewriting them on every write made concurrent writes take seconds.
// Instead a write adds its changes as a small log document
// ("<shelf>~<slot>") and moves the head document ("<shelf>") on: its
// version (claimed, see claim.go, so one writer at a time), its revision
// token, and the sequence numbers of the last change logged (seq) and the
// last folded into the buckets (folded). The log is a ring of shelfLogSlots
// documents: change s lives in slot s mod shelfLogSlots and says which s it
// holds, so a reader that finds another knows the ring moved on under it.
//
// Once shelfFoldAfter changes wait, the writer starts a fold in the
// background (fold.go): it writes them into the buckets and then moves
// folded on, while writes go on logging. A writer waits only when the ring
// is full.
//
// Readers keep a shelf in memory and check the head's revision (one read by
// _id) before using their copy, which keeps two app instances on one
// database consistent without sharing memory. A reader loading a shelf
// reads the buckets, then the changes folded+1..seq over them; while a fold
// is writing the buckets they may already hold some of those changes, which
// the log then sets again to the same values. A fold changes no entry, so
// it leaves the revision, and the readers' copies, as they are.
const readModels = "readmodels"

// shelfLogSlots is how many writes a shelf's log holds: it bounds the reads
// of a cold load beside the buckets'. shelfFoldAfter is how many wait
// before a fold starts.
const (
	shelfLogSlots  = 256
	shelfFoldAfter = 64
)

// shelfEntries are the entries of a shelf, by key.
type shelfEntries map[string]json.RawMessage

type bucketDoc struct {
	ID      string `bson:"_id"`
	Data    string `bson:"data"`
	Version int64  `bson:"version"`
}

type headDoc struct {
	ID      string `bson:"_id"`
	Rev     string `bson:"rev"`
	Version int64  `bson:"version"`
	Seq     int64  `bson:"seq"`
	Folded  int64  `bson:"folded"`
}

// logDoc holds the changes of one write: a JSON object of key -> entry,
// null for a key removed.
type logDoc struct {
	ID   string `bson:"_id"`
	Seq  int64  `bson:"seq"`
	Data string `bson:"data"`
}

func (d *DB) readModels() collection { return d.collection(readModels) }

func bucketID(shelf string, n int) string { return shelf + "#" + strconv.Itoa(n) }

func bucketOf(key string, buckets int) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return int(h.Sum32() % uint32(buckets))
}

// foldAfter is how many changes of a shelf wait before a fold starts: a
// shelf of few buckets (a link list) folds sooner, as it is read whole on
// every use rather than kept in memory.
func foldAfter(buckets int) int64 { return min(shelfFoldAfter, 8*int64(buckets)) }

func logID(shelf string, seq int64) string {
	return shelf + "~" + strconv.FormatInt(seq%shelfLogSlots, 10)
}

// shelfHead returns the head of a shelf; a shelf never written has a zero
// head (version 0, rev "").
func (d *DB) shelfHead(ctx context.Context, shelf string) (headDoc, error) {
	h := headDoc{ID: shelf}
	err := d.readModels().FindOne(ctx, bson.D{{Key: "_id", Value: shelf}}).Decode(&h)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return headDoc{ID: shelf}, nil
	}
	return h, storeError(err, "read model "+shelf)
}

// errLogMoved says the log moved on while a reader read it.
var errLogMoved = errors.New("the log moved on")

// loadShelf reads every entry of a shelf whose head is h: one read by _id
// per bucket and per change not yet folded. It returns the revision the
// entries are of (h's, or a later one when a fold overtook the read).
func (d *DB) loadShelf(ctx context.Context, h headDoc, buckets int) (string, shelfEntries, error) {
	for attempt := 0; ; attempt++ {
		entries, err := d.readShelf(ctx, h, buckets)
		if !errors.Is(err, errLogMoved) || attempt == 10 {
			return h.Rev, entries, err
		}
		if h, err = d.shelfHead(ctx, h.ID); err != nil {
			return "", nil, err
		}
	}
}

// shelfReaders is how many buckets a load reads at once: each read waits
// mostly for its round trip, so the 256 buckets of a large dossier read one
// by one took over a second at scale M.
const shelfReaders = 8

func (d *DB) readShelf(ctx context.Context, h headDoc, buckets int) (shelfEntries, error) {
	all := shelfEntries{}
	var mu sync.Mutex // over all: buckets hold distinct keys, in any order
	errs := make([]error, shelfReaders)
	var wg sync.WaitGroup
	for w := range min(shelfReaders, buckets) {
		wg.Go(func() {
			for n := w; n < buckets; n += shelfReaders {
				b, err := d.readBucket(ctx, bucketID(h.ID, n))
				if err != nil {
					errs[w] = err
					return
				}
				mu.Lock()
				err = decodeBucket(b.Data, all)
				mu.Unlock()
				if err != nil {
					errs[w] = fmt.Errorf("read model %s: %w", b.ID, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	changes, err := d.readLog(ctx, h)
	if err != nil {
		return nil, err
	}
	applyChanges(all, changes)
	return all, nil
}

// readLog returns the changes of a shelf not yet folded, in order.
func (d *DB) readLog(ctx context.Context, h headDoc) ([]map[string]json.RawMessage, error) {
	var out []map[string]json.RawMessage
	for seq := h.Folded + 1; seq <= h.Seq; seq++ {
		var l logDoc
		err := d.readModels().FindOne(ctx, bson.D{{Key: "_id", Value: logID(h.ID, seq)}}).Decode(&l)
		if errors.Is(err, mongo.ErrNoDocuments) || (err == nil && l.Seq != seq) {
			return nil, errLogMoved
		}
		if err != nil {
			return nil, storeError(err, "read model "+h.ID)
		}
		changes := map[string]json.RawMessage{}
		if err := json.Unmarshal([]byte(l.Data), &changes); err != nil {
			return nil, fmt.Errorf("read model %s: %w", l.ID, err)
		}
		out = append(out, changes)
	}
	return out, nil
}

// applyChanges sets the entries changed, in order; a null removes one.
func applyChanges(entries shelfEntries, changes []map[string]json.RawMessage) {
	for _, ch := range changes {
		for k, v := range ch {
			if v == nil || string(v) == "null" {
				delete(entries, k)
			} else {
				entries[k] = v
			}
		}
	}
}

func (d *DB) readBucket(ctx context.Context, id string) (bucketDoc, error) {
	b := bucketDoc{ID: id}
	err := d.readModels().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&b)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return bucketDoc{ID: id}, nil
	}
	return b, storeError(err, "read model "+id)
}

func decodeBucket(data string, into shelfEntries) error {
	if data == "" {
		return nil
	}
	return json.Unmarshal([]byte(data), &into)
}

// shelfKey names a shelf and its number of buckets, for the batcher of
// shelf writes.
type shelfKey struct {
	name    string
	buckets int
}

// putShelf applies changes to a shelf (a nil value removes the key) and
// moves its revision on, in a batch with the other writes of the shelf in
// this process (see batch.go).
func (d *DB) putShelf(ctx context.Context, shelf string, buckets int, changes map[string]json.RawMessage) error {
	if len(changes) == 0 {
		return nil
	}
	return d.shelves.do(ctx, shelfKey{shelf, buckets}, changes)
}

// appendShelfBatch writes a batch of changes to one shelf as one: later
// changes of a key win.
func (d *DB) appendShelfBatch(ctx context.Context, k shelfKey, batch []map[string]json.RawMessage) []error {
	merged := map[string]json.RawMessage{}
	for _, changes := range batch {
		maps.Copy(merged, changes)
	}
	err := d.appendShelf(ctx, k.name, k.buckets, merged)
	errs := make([]error, len(batch))
	for i := range errs {
		errs[i] = err
	}
	return errs
}

// appendShelf logs changes as the shelf's next write, under a claim on its
// head, and starts a fold when enough changes wait.
func (d *DB) appendShelf(ctx context.Context, shelf string, buckets int, changes map[string]json.RawMessage) error {
	data, err := json.Marshal(changes)
	if err != nil {
		return fmt.Errorf("read model %s: %w", shelf, err)
	}
	current := func() (int64, error) {
		h, err := d.shelfHead(ctx, shelf)
		return h.Version, err
	}
	for attempt := 0; ; attempt++ {
		h, err := d.shelfHead(ctx, shelf)
		if err != nil {
			return err
		}
		if h.Seq-h.Folded >= shelfLogSlots {
			// The ring is full: wait for the fold to free it.
			d.startFold(shelf, buckets)
			select {
			case <-ctx.Done():
				return storeError(ctx.Err(), "read model "+shelf)
			case <-time.After(10 * time.Millisecond):
			}
			continue
		}
		err = d.claim(ctx, "read model", shelf, h.Version, current)
		if domain.ErrorCode(err) == domain.ECONFLICT && attempt < 100 {
			continue
		}
		if err != nil {
			return err
		}
		h.Seq++
		// The claim makes this slot ours: a document left in it by a writer
		// that died before moving the head is overwritten.
		_, err = d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: logID(shelf, h.Seq)}},
			logDoc{ID: logID(shelf, h.Seq), Seq: h.Seq, Data: string(data)}, options.Replace().SetUpsert(true))
		if err != nil {
			return storeError(err, "read model "+shelf)
		}
		version := h.Version
		h.Version, h.Rev = version+1, newID()
		if _, err := d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: shelf}}, h, options.Replace().SetUpsert(true)); err != nil {
			return storeError(err, "read model "+shelf)
		}
		d.release(ctx, shelf, version)
		if h.Seq-h.Folded >= foldAfter(buckets) {
			d.startFold(shelf, buckets)
		}
		return nil
	}
}

// storeBucket writes a bucket's entries as the version after version.
func (d *DB) storeBucket(ctx context.Context, id string, entries shelfEntries, version int64) error {
	data := ""
	if len(entries) > 0 {
		b, err := json.Marshal(entries)
		if err != nil {
			return fmt.Errorf("read model %s: %w", id, err)
		}
		data = string(b)
	}
	_, err := d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}},
		bucketDoc{ID: id, Data: data, Version: version + 1}, options.Replace().SetUpsert(true))
	return storeError(err, "read model "+id)
}

// replaceShelf writes a whole shelf anew (reindex): every bucket replaced,
// emptied ones included, then the revision moved on.
func (d *DB) replaceShelf(ctx context.Context, shelf string, buckets int, entries shelfEntries) error {
	parts := make([]shelfEntries, buckets)
	for k, v := range entries {
		n := bucketOf(k, buckets)
		if parts[n] == nil {
			parts[n] = shelfEntries{}
		}
		parts[n][k] = v
	}
	for n := range buckets {
		data := ""
		if len(parts[n]) > 0 {
			b, err := json.Marshal(parts[n])
			if err != nil {
				return err
			}
			data = string(b)
		}
		id := bucketID(shelf, n)
		old, err := d.readBucket(ctx, id)
		if err != nil {
			return err
		}
		if old.Data == data {
			continue
		}
		_, err = d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}},
			bucketDoc{ID: id, Data: data, Version: old.Version + 1}, options.Replace().SetUpsert(true))
		if err != nil {
			return storeError(err, "read model "+id)
		}
	}
	return d.letLogGo(ctx, shelf)
}

// letLogGo marks the shelf's log folded, after its buckets were written
// anew from the records, and moves its revision on.
func (d *DB) letLogGo(ctx context.Context, shelf string) error {
	h, err := d.shelfHead(ctx, shelf)
	if err != nil {
		return err
	}
	h.Folded, h.Version, h.Rev = h.Seq, h.Version+1, newID()
	_, err = d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: shelf}}, h, options.Replace().SetUpsert(true))
	return storeError(err, "read model "+shelf)
}
