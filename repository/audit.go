package repository

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// The audit log is two collections:
//
//   - audit holds one document per entry, the log itself. Nothing in this
//     package updates or deletes its documents.
//   - audit_index holds, for every record that has entries, its history:
//     a head document "record:<type>:<id>" counting them and bucket
//     documents "record:<type>:<id>/<n>" holding up to auditBucketSize
//     entries each, as JSON strings. A record's history is therefore read by
//     _id, the one lookup the embedded store does not answer by reading the
//     whole collection; a long history costs one read per bucket shown.
//
// An entry is written to the log first, then appended to its record's
// history. A crash between the two leaves an entry that only the whole log
// shows, never a history entry without a log entry.
const (
	auditCollection      = "audit"
	auditIndexCollection = "audit_index"
	auditBucketSize      = 50
	// auditClaimTTL is how old a claim on a history must be before another
	// writer takes it as left by a process that died while appending.
	auditClaimTTL = 30 * time.Second
)

// Audit keeps the audit log; it implements domain.AuditStore. It exposes no
// way to change or remove an entry.
type Audit struct {
	db    *DB
	c     collection
	index collection
	// logs batches the inserts into the log; starts, the histories that
	// creates start (see startHistory).
	logs   *batcher[one, any]
	starts *batcher[one, historyStart]
}

var _ domain.AuditStore = (*Audit)(nil)

func newAudit(d *DB) *Audit {
	au := &Audit{db: d, c: d.collection(auditCollection), index: d.collection(auditIndexCollection)}
	au.logs = insertBatcher(au.c)
	au.starts = newBatcher(func(ctx context.Context, _ one, items []historyStart) []error {
		docs := make([]any, 0, 2*len(items))
		for _, it := range items {
			docs = append(docs, it.bucket, it.head)
		}
		errs := insertAll(ctx, au.index, docs)
		out := make([]error, len(items))
		for i := range items {
			out[i] = errs[2*i] // the bucket's: see startHistory
		}
		return out
	})
	return au
}

func (au *Audit) ensureIndexes(ctx context.Context) error {
	// For MongoDB: the embedded store scans whatever the indexes.
	return createIndexes(ctx, au.c.Collection, []mongo.IndexModel{
		{Keys: bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}},
		{Keys: bson.D{{Key: "actor.user_id", Value: 1}, {Key: "at", Value: -1}}},
		{Keys: bson.D{{Key: "actor.email", Value: 1}, {Key: "at", Value: -1}}},
	})
}

// auditDoc is an entry as stored. The changes are one JSON string: FerretDB
// reads a long string far faster than many sub-documents, and before and
// after values keep their JSON exactly.
type auditDoc struct {
	ID         string    `bson:"_id"`
	At         time.Time `bson:"at"`
	Actor      actorDoc  `bson:"actor"`
	Action     string    `bson:"action"`
	RecordType string    `bson:"record_type,omitempty"`
	RecordID   string    `bson:"record_id,omitempty"`
	RecordName string    `bson:"record_name,omitempty"`
	Changes    string    `bson:"changes,omitempty"`
	Note       string    `bson:"note,omitempty"`
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

func toAuditDoc(e domain.AuditEntry) (auditDoc, error) {
	d := auditDoc{
		ID: e.ID, At: e.At, Action: string(e.Action), Note: e.Note,
		RecordType: string(e.Record.Type), RecordID: e.Record.ID, RecordName: e.Record.Name,
		Actor: actorDoc{
			UserID: e.Actor.UserID, Email: e.Actor.Email, Role: string(e.Actor.Role), IP: e.Actor.IP,
			UserAgent: e.Actor.UserAgent, SessionID: e.Actor.SessionID, TokenID: e.Actor.TokenID, System: e.Actor.System,
		},
	}
	if len(e.Changes) > 0 {
		b, err := json.Marshal(e.Changes)
		if err != nil {
			return d, fmt.Errorf("audit changes: %w", err)
		}
		d.Changes = string(b)
	}
	return d, nil
}

func (d *auditDoc) entry() (domain.AuditEntry, error) {
	e := domain.AuditEntry{
		ID: d.ID, At: d.At.UTC(), Action: domain.Action(d.Action), Note: d.Note,
		Record: domain.RecordRef{Type: domain.RecordType(d.RecordType), ID: d.RecordID, Name: d.RecordName},
		Actor: domain.Actor{
			UserID: d.Actor.UserID, Email: d.Actor.Email, Role: domain.Role(d.Actor.Role), IP: d.Actor.IP,
			UserAgent: d.Actor.UserAgent, SessionID: d.Actor.SessionID, TokenID: d.Actor.TokenID, System: d.Actor.System,
		},
	}
	if d.Changes != "" {
		if err := json.Unmarshal([]byte(d.Changes), &e.Changes); err != nil {
			return e, fmt.Errorf("audit entry %s: changes: %w", d.ID, err)
		}
	}
	return e, nil
}

// Record adds the entry to the log and to its record's history. The entry's
// actor is the context's when it names none.
// Errors: EINVALID (no action).
func (au *Audit) Record(ctx context.Context, e domain.AuditEntry) (domain.AuditEntry, error) {
	return au.record(ctx, e, false)
}

// record adds the entry; first says that its record was created just now,
// so that its history starts with it (see startHistory).
func (au *Audit) record(ctx context.Context, e domain.AuditEntry, first bool) (domain.AuditEntry, error) {
	if e.Action == "" {
		return e, domain.FieldErrors(map[string]string{"action": "is required"})
	}
	if e.Actor == (domain.Actor{}) {
		e.Actor, _ = domain.ActorFrom(ctx)
	}
	e.ID, e.At = newID(), au.db.now()
	doc, err := toAuditDoc(e)
	if err != nil {
		return e, err
	}
	if err := au.logs.do(ctx, one{}, doc); err != nil {
		return e, storeError(err, "audit entry")
	}
	if e.Record.Type == "" || e.Record.ID == "" {
		return e, nil
	}
	line, err := json.Marshal(e)
	if err != nil {
		return e, fmt.Errorf("audit entry: %w", err)
	}
	key := historyKey(e.Record.Type, e.Record.ID)
	if first {
		return e, au.startHistory(ctx, key, string(line))
	}
	return e, au.appendHistory(ctx, key, string(line))
}

// historyStart is a history's first bucket and head, as a create inserts
// them.
type historyStart struct{ bucket, head bson.D }

// startHistory stores the history of a record created just now, with line
// as its one entry: its first bucket and its head are inserted, in a batch
// with other creates' (one command for all, where an append under a claim
// sends six each). No claim is needed, because an insert into a unique _id
// is atomic and the record is new: only a write of it in the milliseconds
// since it was stored can have appended before. If that write's append is
// complete, the bucket exists and this line is appended after it instead;
// if it is halfway (its bucket written, not yet its count), likewise; if
// it has read the count but not yet pushed, its line joins this bucket and
// the count ends one short, which only lets that bucket hold one entry more
// than auditBucketSize (readers read whole buckets). No entry is lost.
func (au *Audit) startHistory(ctx context.Context, key, line string) error {
	err := au.starts.do(ctx, one{}, historyStart{
		bucket: bson.D{{Key: "_id", Value: historyBucketID(key, 0)}, {Key: "entries", Value: bson.A{line}}},
		head:   bson.D{{Key: "_id", Value: key}, {Key: "count", Value: int64(1)}},
	})
	if mongo.IsDuplicateKeyError(err) {
		return au.appendHistory(ctx, key, line)
	}
	return storeError(err, "audit history "+key)
}

func historyKey(t domain.RecordType, id string) string { return "record:" + string(t) + ":" + id }

func historyBucketID(key string, n int64) string { return key + "/" + strconv.FormatInt(n, 10) }

type historyHead struct {
	ID    string `bson:"_id"`
	Count int64  `bson:"count"`
}

func (au *Audit) head(ctx context.Context, key string) (historyHead, error) {
	h := historyHead{ID: key}
	err := au.index.FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&h)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return h, nil
	}
	return h, storeError(err, "audit history "+key)
}

// appendHistory adds line to the history under key. Appends to one history
// are made one at a time under a claim, an insert of "<key>#<count+1>" into
// a unique _id: FerretDB applies a $push by reading and writing back the
// document, so two concurrent pushes could lose one (see claim.go).
func (au *Audit) appendHistory(ctx context.Context, key, line string) error {
	for attempt := 0; attempt < 100; attempt++ {
		h, err := au.head(ctx, key)
		if err != nil {
			return err
		}
		claim := fmt.Sprintf("%s#%d", key, h.Count+1)
		_, err = au.index.InsertOne(ctx, bson.D{{Key: "_id", Value: claim}, {Key: "at", Value: au.db.now()}})
		if mongo.IsDuplicateKeyError(err) {
			if err := au.breakStaleClaim(ctx, claim); err != nil {
				return err
			}
			if err := pause(ctx, attempt); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return storeError(err, "audit history claim")
		}
		// A claim is removed once its append is done, so a writer with an
		// old head could take a claim of a count already passed: the claim
		// is ours only if the head still holds the count we read.
		if now, err := au.head(ctx, key); err != nil || now.Count != h.Count {
			_, _ = au.index.DeleteOne(ctx, bson.D{{Key: "_id", Value: claim}})
			if err != nil {
				return err
			}
			continue
		}
		if _, err := au.index.UpdateOne(ctx, bson.D{{Key: "_id", Value: historyBucketID(key, h.Count/auditBucketSize)}},
			bson.D{{Key: "$push", Value: bson.D{{Key: "entries", Value: line}}}}, options.UpdateOne().SetUpsert(true)); err != nil {
			return storeError(err, "audit history bucket")
		}
		if _, err := au.index.UpdateOne(ctx, bson.D{{Key: "_id", Value: key}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "count", Value: h.Count + 1}}}}, options.UpdateOne().SetUpsert(true)); err != nil {
			return storeError(err, "audit history head")
		}
		_, _ = au.index.DeleteOne(ctx, bson.D{{Key: "_id", Value: claim}})
		return nil
	}
	return fmt.Errorf("audit history %s: too busy to append", key)
}

// breakStaleClaim removes the claim when it is older than auditClaimTTL: its
// writer died between its claim and its release.
func (au *Audit) breakStaleClaim(ctx context.Context, claim string) error {
	var c struct {
		At time.Time `bson:"at"`
	}
	err := au.index.FindOne(ctx, bson.D{{Key: "_id", Value: claim}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return storeError(err, "audit history claim")
	}
	if au.db.now().Sub(c.At) < auditClaimTTL {
		return nil
	}
	_, err = au.index.DeleteOne(ctx, bson.D{{Key: "_id", Value: claim}, {Key: "at", Value: c.At}})
	return storeError(err, "audit history claim")
}

// pause waits a little longer at each attempt, so that writers contending
// for one history take turns.
func pause(ctx context.Context, attempt int) error {
	d := time.Duration(min(attempt+1, 20)) * time.Millisecond
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// List returns a page of the entries the filter keeps, newest first. The
// history of one record is read from its index by _id; anything else reads
// the log, which on the embedded store means the whole collection: that is
// for admins (PermReadAudit), now and then, not for every page.
// Errors: EFORBIDDEN, EINVALID.
func (au *Audit) List(ctx context.Context, f domain.AuditFilter) (domain.AuditPage, error) {
	perm := domain.PermReadAudit
	if f.RecordType != "" {
		perm = domain.PermRead
	}
	if err := domain.Require(ctx, perm); err != nil {
		return domain.AuditPage{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.AuditPage{}, err
	}
	if f.RecordType != "" {
		return au.listHistory(ctx, f)
	}
	return au.listLog(ctx, f)
}

// keeps reports whether the entry passes the filter's conditions other than
// its record.
func keeps(f domain.AuditFilter, e domain.AuditEntry) bool {
	switch {
	case f.Actor != "" && e.Actor.UserID != f.Actor && e.Actor.Email != f.Actor:
		return false
	case f.Action != "" && e.Action != f.Action:
		return false
	case !f.From.IsZero() && e.At.Before(f.From):
		return false
	case !f.To.IsZero() && !e.At.Before(f.To):
		return false
	}
	return true
}

// listHistory reads a record's history from its newest bucket back. Its
// cursor "<bucket>.<index>" names the position before which the next page
// starts; positions never move, since histories only grow at their end.
func (au *Audit) listHistory(ctx context.Context, f domain.AuditFilter) (domain.AuditPage, error) {
	key := historyKey(f.RecordType, f.RecordID)
	h, err := au.head(ctx, key)
	if err != nil {
		return domain.AuditPage{}, err
	}
	last := h.Count / auditBucketSize
	if f.Cursor == "" {
		return au.readHistory(ctx, key, f, last, -1) // -1: from the end of the bucket
	}
	b, i, ok := strings.Cut(f.Cursor, ".")
	bucket, err1 := strconv.ParseInt(b, 10, 64)
	index, err2 := strconv.ParseInt(i, 10, 64)
	if !ok || err1 != nil || err2 != nil || bucket < 0 || bucket > last || index < 0 {
		return domain.AuditPage{}, domain.FieldErrors(map[string]string{"cursor": "is not a cursor this list gave"})
	}
	return au.readHistory(ctx, key, f, bucket, index)
}

func (au *Audit) readHistory(ctx context.Context, key string, f domain.AuditFilter, bucket, index int64) (domain.AuditPage, error) {
	page := domain.AuditPage{Entries: []domain.AuditEntry{}}
	for ; bucket >= 0; bucket, index = bucket-1, -1 {
		var b struct {
			Entries []string `bson:"entries"`
		}
		err := au.index.FindOne(ctx, bson.D{{Key: "_id", Value: historyBucketID(key, bucket)}}).Decode(&b)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return page, storeError(err, "audit history "+key)
		}
		end := int64(len(b.Entries))
		if index >= 0 && index < end {
			end = index
		}
		for i := end - 1; i >= 0; i-- {
			var e domain.AuditEntry
			if err := json.Unmarshal([]byte(b.Entries[i]), &e); err != nil {
				return page, fmt.Errorf("audit history %s: %w", key, err)
			}
			if !keeps(f, e) {
				continue
			}
			if len(page.Entries) == f.Limit {
				page.NextCursor = fmt.Sprintf("%d.%d", bucket, i+1)
				return page, nil
			}
			page.Entries = append(page.Entries, e)
		}
	}
	return page, nil
}

// listLog queries the whole log. Its cursor "<at in ms>.<id>" is the last
// entry given.
func (au *Audit) listLog(ctx context.Context, f domain.AuditFilter) (domain.AuditPage, error) {
	filter := bson.D{}
	if f.Actor != "" {
		filter = append(filter, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "actor.user_id", Value: f.Actor}},
			bson.D{{Key: "actor.email", Value: f.Actor}},
		}})
	}
	if f.Action != "" {
		filter = append(filter, bson.E{Key: "action", Value: string(f.Action)})
	}
	at := bson.D{}
	if !f.From.IsZero() {
		at = append(at, bson.E{Key: "$gte", Value: f.From})
	}
	if !f.To.IsZero() {
		at = append(at, bson.E{Key: "$lt", Value: f.To})
	}
	if len(at) > 0 {
		filter = append(filter, bson.E{Key: "at", Value: at})
	}
	if f.Cursor != "" {
		ms, id, ok := strings.Cut(f.Cursor, ".")
		n, err := strconv.ParseInt(ms, 10, 64)
		if !ok || err != nil || id == "" {
			return domain.AuditPage{}, domain.FieldErrors(map[string]string{"cursor": "is not a cursor this list gave"})
		}
		t := time.UnixMilli(n).UTC()
		filter = append(filter, bson.E{Key: "$and", Value: bson.A{bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: t}}}},
			bson.D{{Key: "at", Value: t}, {Key: "_id", Value: bson.D{{Key: "$lt", Value: id}}}},
		}}}}})
	}
	opts := options.Find().SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(int64(f.Limit) + 1)
	cur, err := au.c.Find(ctx, filter, opts)
	if err != nil {
		return domain.AuditPage{}, storeError(err, "audit log")
	}
	var docs []auditDoc
	if err := cur.All(ctx, &docs); err != nil {
		return domain.AuditPage{}, storeError(err, "audit log")
	}
	page := domain.AuditPage{Entries: make([]domain.AuditEntry, 0, len(docs))}
	for i := range docs {
		if i == f.Limit {
			last := page.Entries[len(page.Entries)-1]
			page.NextCursor = fmt.Sprintf("%d.%s", last.At.UnixMilli(), last.ID)
			break
		}
		e, err := docs[i].entry()
		if err != nil {
			return page, err
		}
		page.Entries = append(page.Entries, e)
	}
	return page, nil
}
