package repository

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"cooptrack/domain"
)

// The change log is the audit log: one document per entry, under a position
// (its _id, 1, 2, 3, …) that only grows. Every write of a record goes in two
// steps:
//
//  1. its entry is inserted into the log, carrying the record as written
//     (JSON) and a claim "<type>:<id>:<version>" under a unique index: only
//     one write can make each version of a record, across every process
//     sharing the store, which is the optimistic lock a version check needs
//     on servers without transactions (FerretDB reads a whole collection for
//     any filter but an exact _id, so a replace filtered on the version
//     would scan it);
//  2. the record's document is replaced (or inserted) by _id.
//
// A crash between the two leaves an entry whose record was not written: it
// is written from the entry by Heal, which runs at every start and every
// minute (roll forward: the entry is the truth). Every process keeps its
// model of the records (model.go) by applying its own writes at once and
// everyone's by reading the log in order of position, by _id, the one
// lookup every server answers through an index.
//
// Positions are given out in this process by a counter; another process may
// have taken one first (the insert is refused as a duplicate), and the
// counter then moves on. A write refused after taking its position leaves
// a void entry there, so that readers of the log need not wait; a process
// that dies between taking a position and inserting its entry leaves a gap,
// which readers skip after gapWait and look at again until writeTimeout has
// passed.
const (
	auditCollection = "audit"
	// metaCollection holds the log's checkpoint (see Heal) and the store's
	// identity, which snapshots are checked against.
	metaCollection = "store_meta"
	logMetaID      = "log"
)

// position is a log entry's place in the log. It is stored as a string of
// twelve digits: FerretDB looks a document up through an index only when
// its _id is a string or an ObjectID (an int64 _id read the whole log), and
// fixed-width digits sort as the numbers do.
type position int64

func (p position) MarshalBSONValue() (byte, []byte, error) {
	return byte(bson.TypeString), bsoncore.AppendString(nil, fmt.Sprintf("%012d", int64(p))), nil
}

func (p *position) UnmarshalBSONValue(t byte, data []byte) error {
	s, _, ok := bsoncore.ReadString(data)
	if bson.Type(t) != bson.TypeString || !ok || len(s) != 12 {
		return fmt.Errorf("a log position is a string of 12 digits, not %q", data)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	*p = position(n)
	return err
}

// logDoc is a log entry as stored.
type logDoc struct {
	Pos        position  `bson:"_id"`
	At         time.Time `bson:"at"`
	Actor      actorDoc  `bson:"actor"`
	Action     string    `bson:"action"`
	RecordType string    `bson:"record_type,omitempty"`
	RecordID   string    `bson:"record_id,omitempty"`
	RecordName string    `bson:"record_name,omitempty"`
	// Changes are the fields changed, as one JSON string: FerretDB reads a
	// long string far faster than many sub-documents.
	Changes string `bson:"changes,omitempty"`
	Note    string `bson:"note,omitempty"`
	// Claim, Version and Doc are set on an entry that writes a record: the
	// claim of its version, the version, and the record as written (JSON),
	// empty when it was deleted.
	Claim   string `bson:"claim,omitempty"`
	Version int64  `bson:"version,omitempty"`
	Doc     string `bson:"doc,omitempty"`
	Deleted bool   `bson:"deleted,omitempty"`
	// Text is a source's text when the write changed it (TextSet).
	Text    string `bson:"text,omitempty"`
	TextSet bool   `bson:"text_set,omitempty"`
	// Void marks a position given up: its write was refused.
	Void bool `bson:"void,omitempty"`
	// Nonce tells the writer its own entry from another's at a position.
	Nonce string `bson:"nonce,omitempty"`
}

// writes reports whether the entry writes a record.
func (e *logDoc) writes() bool { return e.Claim != "" }

func claimOf(t domain.RecordType, id string, version int64) string {
	return fmt.Sprintf("%s:%s:%d", t, id, version)
}

type actorDoc struct {
	UserID    string `bson:"user_id,omitempty"`
	Email     string `bson:"email,omitempty"`
	Role      string `bson:"role,omitempty"`
	IP        string `bson:"ip,omitempty"`
	UserAgent string `bson:"user_agent,omitempty"`
	SessionID string `bson:"session_id,omitempty"`
	TokenID   string `bson:"token_id,omitempty"`
	System    string `bson:"system,omitempty"`
}

// changeLog appends to the log.
type changeLog struct {
	c    collection
	meta collection

	mu sync.Mutex
	// next is the next position to try.
	next int64
	// own holds positions this process filled (an entry or a void) ahead
	// of what its reader has passed: the reader need not read them again.
	own map[int64]bool
	// batch sends single entries in batches (batch.go).
	batch *batcher
	// writing holds the positions this process took for entries it is
	// inserting: its reader waits on them rather than reading them, since
	// the write applies its own entry (or voids the position).
	writing map[int64]bool
	// done holds positions this process filled whose writes are complete
	// (the record written, or nothing to write) and which the checkpoint
	// has not yet passed: Heal need not read them.
	done map[int64]bool
}

func newChangeLog(d *DB) *changeLog {
	return &changeLog{c: d.collection(auditCollection), meta: d.collection(metaCollection), next: 1, own: map[int64]bool{}, writing: map[int64]bool{}, done: map[int64]bool{}}
}

// errClaimTaken says the claim of an entry is another write's.
var errClaimTaken = errors.New("the version was written by another write")

// take gives out the next position.
func (l *changeLog) take() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.next
	l.next++
	return p
}

// reserve gives out the next position for an entry this process inserts.
func (l *changeLog) reserve() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.next
	l.next++
	l.writing[p] = true
	return p
}

// settle says the insert of the entries ended, stored or not.
func (l *changeLog) settle(entries []*logDoc) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range entries {
		delete(l.writing, int64(e.Pos))
	}
}

// isWriting reports whether this process is inserting an entry at p.
func (l *changeLog) isWriting(p int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writing[p]
}

// passed says that positions below p are taken: the counter moves past them.
func (l *changeLog) passed(p int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if p > l.next {
		l.next = p
	}
}

// restart sets the counter to p, forgetting what it gave out: the log began
// anew (a restore).
func (l *changeLog) restart(p int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.next, l.own = p, map[int64]bool{}
}

// completed says that the writes of the entries are complete.
func (l *changeLog) completed(entries ...*logDoc) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range entries {
		l.done[int64(e.Pos)] = true
	}
}

// isDone reports whether p is a complete write of this process's.
func (l *changeLog) isDone(p int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done[p]
}

// advance moves the stored checkpoint over the complete writes of this
// process that follow it, if any.
func (l *changeLog) advance(ctx context.Context) error {
	m, err := l.loadMeta(ctx)
	if err != nil {
		return err
	}
	l.mu.Lock()
	c := m.Checkpoint
	for l.done[c+1] {
		c++
	}
	for p := range l.done {
		if p <= c {
			delete(l.done, p)
		}
	}
	l.mu.Unlock()
	if c == m.Checkpoint {
		return nil
	}
	return l.saveMeta(ctx, c, c)
}

func (l *changeLog) mine(p int64) {
	l.mu.Lock()
	l.own[p] = true
	l.mu.Unlock()
}

// ownEntry reports whether p was filled by this process, and forgets it.
func (l *changeLog) ownEntry(p int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.own[p] {
		delete(l.own, p)
		return true
	}
	return false
}

// append inserts the entries in order, each at a new position that it
// sets. A write's entries go together: when the first (the one with the
// claim) is refused, none is stored, and errClaimTaken is returned when
// its claim was another write's.
func (l *changeLog) append(ctx context.Context, entries ...*logDoc) error {
	for attempt := 0; ; attempt++ {
		docs := make([]any, len(entries))
		for i, e := range entries {
			e.Pos = position(l.reserve())
			if e.Nonce == "" {
				e.Nonce = newID()
			}
			docs[i] = e
		}
		err := l.insert(ctx, entries, docs)
		if err == nil {
			return nil
		}
		if !isDuplicate(err) || attempt == 20 {
			l.voidAll(ctx, entries)
			return storeError(err, "log entry")
		}
		// Refused: either a position another process took first, or the
		// claim. The entries before the refused one may be stored.
		taken, stored, rerr := l.refusal(ctx, entries)
		for _, e := range entries[:stored] {
			l.mine(int64(e.Pos))
		}
		rest := entries[stored:]
		// The positions of the entries not stored are left empty, or hold
		// another process's entry: fill the empty ones.
		l.voidAll(ctx, rest)
		switch {
		case rerr != nil:
			return rerr
		case stored == 0 && !taken:
			return errClaimTaken
		}
		entries = rest
	}
}

// insert inserts the entries' documents, in a batch with other writes'
// when alone; it settles their positions when it returns, and those stored
// are this process's.
func (l *changeLog) insert(ctx context.Context, entries []*logDoc, docs []any) error {
	defer l.settle(entries)
	var err error
	if len(docs) == 1 && l.batch != nil {
		err = l.batch.do(ctx, docs[0])
	} else {
		_, err = l.c.InsertMany(ctx, docs) // ordered: it stops at the first refusal
	}
	if err == nil {
		for _, e := range entries {
			l.mine(int64(e.Pos))
		}
	}
	return err
}

// refusal finds why an insert of entries was refused: taken says the first
// entry not stored found its position taken by another's entry; stored is
// how many entries were stored before it.
func (l *changeLog) refusal(ctx context.Context, entries []*logDoc) (taken bool, stored int, err error) {
	for i, e := range entries {
		var got logDoc
		err := l.c.FindOne(ctx, bson.D{{Key: "_id", Value: e.Pos}}).Decode(&got)
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
			return false, i, nil
		case err != nil:
			return false, i, storeError(err, "log entry")
		case got.Nonce == e.Nonce:
			continue // ours
		default:
			// Another process's: the log has grown past what this one
			// has read, and positions from here on may be taken too.
			end, err := l.end(ctx, int64(e.Pos))
			if err != nil {
				return false, i, err
			}
			l.passed(end + 1)
			return true, i, nil
		}
	}
	return false, len(entries), nil
}

// voidAll fills the positions of entries not stored with void entries, so
// that readers of the log do not wait on them. A position already filled
// (by another process, or by the entry after all) is left as it is.
func (l *changeLog) voidAll(ctx context.Context, entries []*logDoc) {
	ctx, cancel := detach(ctx)
	defer cancel()
	for _, e := range entries {
		if _, err := l.c.InsertOne(ctx, logDoc{Pos: e.Pos, At: e.At, Void: true}); err == nil {
			l.mine(int64(e.Pos))
			l.completed(e)
		}
	}
}

// read returns the entry at position p; found is false when there is none.
func (l *changeLog) read(ctx context.Context, p int64) (e logDoc, found bool, err error) {
	err = l.c.FindOne(ctx, bson.D{{Key: "_id", Value: position(p)}}).Decode(&e)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return e, false, nil
	}
	if err != nil {
		return e, false, storeError(err, "log entry")
	}
	return e, true, nil
}

// logMeta is what the store keeps about its log.
type logMeta struct {
	ID string `bson:"_id"`
	// Checkpoint is a position up to which every entry's record is known
	// to be written (see Heal).
	Checkpoint int64 `bson:"checkpoint"`
	// Head is a position known to be taken: where a reader starting afresh
	// can begin looking for the end of the log.
	Head int64 `bson:"head"`
	// Epoch changes when the store's data is replaced (a restore): models
	// and snapshots of another epoch are dropped.
	Epoch string `bson:"epoch"`
	// Format is logFormat once the log holds positions (upgrade.go).
	Format int `bson:"format"`
}

// logFormat is the format of this version's log: entries under positions.
const logFormat = 2

func (l *changeLog) loadMeta(ctx context.Context) (logMeta, error) {
	m := logMeta{ID: logMetaID}
	err := l.meta.FindOne(ctx, bson.D{{Key: "_id", Value: logMetaID}}).Decode(&m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return m, nil
	}
	return m, storeError(err, "log checkpoint")
}

// saveMeta stores the checkpoint and head, never moving either back, and
// keeps the epoch.
func (l *changeLog) saveMeta(ctx context.Context, checkpoint, head int64) error {
	m, err := l.loadMeta(ctx)
	if err != nil {
		return err
	}
	if checkpoint <= m.Checkpoint && head <= m.Head {
		return nil
	}
	m.Checkpoint, m.Head = max(m.Checkpoint, checkpoint), max(m.Head, head)
	_, err = l.meta.ReplaceOne(ctx, bson.D{{Key: "_id", Value: logMetaID}}, m, options.Replace().SetUpsert(true))
	return storeError(err, "log checkpoint")
}

// gapProbe is how far past a missing position a reader looks for entries
// before taking the end of the log as reached.
const gapProbe = 8

// after looks past the free position p for a taken one: at p+1, or when
// deep up to gapProbe positions on and to the end. It returns p when it
// finds none.
func (l *changeLog) after(ctx context.Context, p int64, deep bool) (int64, error) {
	if deep {
		return l.end(ctx, p)
	}
	var e logDoc
	err := l.c.FindOne(ctx, bson.D{{Key: "_id", Value: position(p + 1)}}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Decode(&e)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return p, nil
	case err != nil:
		return p, storeError(err, "log entry")
	}
	return p + 1, nil
}

// end finds the end of the log from a position known to be taken: the
// first position from which the next gapProbe are all free.
func (l *changeLog) end(ctx context.Context, from int64) (int64, error) {
	p := max(from, 0)
	for {
		found := false
		for q := p + 1; q <= p+gapProbe; q++ {
			var e logDoc
			err := l.c.FindOne(ctx, bson.D{{Key: "_id", Value: position(q)}}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Decode(&e)
			if errors.Is(err, mongo.ErrNoDocuments) {
				continue
			}
			if err != nil {
				return 0, storeError(err, "log entry")
			}
			p, found = q, true
			break
		}
		if !found {
			return p, nil
		}
	}
}

// since returns a position at or before the first entry made at or after
// t: it walks back from the end of the log, by _id.
func (l *changeLog) since(ctx context.Context, t time.Time) (int64, error) {
	m, err := l.loadMeta(ctx)
	if err != nil {
		return 0, err
	}
	end, err := l.end(ctx, m.Head)
	if err != nil {
		return 0, err
	}
	p := end
	for ; p > 0; p-- {
		e, found, err := l.read(ctx, p)
		if err != nil {
			return 0, err
		}
		if found && e.At.Before(t) {
			break
		}
	}
	return p + 1, nil
}

// newEpoch starts the log's metadata afresh after its data was replaced (a
// restore): checkpoint and head at the end of the log, and a new epoch.
func (l *changeLog) newEpoch(ctx context.Context) error {
	end, err := l.end(ctx, 0)
	if err != nil {
		return err
	}
	m := logMeta{ID: logMetaID, Checkpoint: end, Head: end, Epoch: newID(), Format: logFormat}
	_, err = l.meta.ReplaceOne(ctx, bson.D{{Key: "_id", Value: logMetaID}}, m, options.Replace().SetUpsert(true))
	return storeError(err, "log checkpoint")
}
