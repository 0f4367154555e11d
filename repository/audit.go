package repository

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// The audit log is the change log (changelog.go): every entry has a
// position, and every change to a record is its entry, written before the
// record, so that no change goes unlogged and no entry tells of a change
// that was refused. Nothing updates or deletes an entry.
//
// A record's history is the positions of its entries, which its document
// and the model keep: reading it is one read by _id per entry shown. The
// log as a whole, filtered by actor, action or time, is read by query: on
// the embedded store that reads the whole collection, which is for admins
// now and then, not for every page.

// Audit keeps the audit log; it implements domain.AuditStore. It exposes no
// way to change or remove an entry.
type Audit struct {
	db *DB
	c  collection
}

var _ domain.AuditStore = (*Audit)(nil)

func newAudit(d *DB) *Audit {
	return &Audit{db: d, c: d.collection(auditCollection)}
}

func (au *Audit) ensureIndexes(ctx context.Context) error {
	return createIndexes(ctx, au.c.Collection, []mongo.IndexModel{
		// One write per version of a record (see changelog.go).
		{Keys: bson.D{{Key: "claim", Value: 1}}, Options: options.Index().SetUnique(true).SetSparse(true)},
	})
}

// doc turns an entry into its document, stamped with the time and, when the
// entry names none, the context's actor (or systemActor).
func (au *Audit) doc(ctx context.Context, e domain.AuditEntry) (*logDoc, error) {
	if e.Actor == (domain.Actor{}) {
		var ok bool
		if e.Actor, ok = domain.ActorFrom(ctx); !ok {
			e.Actor = systemActor
		}
	}
	d := &logDoc{
		At: au.db.now(), Action: string(e.Action), Note: e.Note,
		RecordType: string(e.Record.Type), RecordID: e.Record.ID, RecordName: e.Record.Name,
		Actor: actorDoc{
			UserID: e.Actor.UserID, Email: e.Actor.Email, Role: string(e.Actor.Role), IP: e.Actor.IP,
			UserAgent: e.Actor.UserAgent, SessionID: e.Actor.SessionID, TokenID: e.Actor.TokenID, System: e.Actor.System,
		},
	}
	if len(e.Changes) > 0 {
		b, err := json.Marshal(e.Changes)
		if err != nil {
			return nil, fmt.Errorf("audit changes: %w", err)
		}
		d.Changes = string(b)
	}
	return d, nil
}

// entry turns a document back into an entry.
func (d *logDoc) entry() (domain.AuditEntry, error) {
	e := domain.AuditEntry{
		ID: strconv.FormatInt(int64(d.Pos), 10), At: d.At.UTC(), Action: domain.Action(d.Action), Note: d.Note,
		Record: domain.RecordRef{Type: domain.RecordType(d.RecordType), ID: d.RecordID, Name: d.RecordName},
		Actor: domain.Actor{
			UserID: d.Actor.UserID, Email: d.Actor.Email, Role: domain.Role(d.Actor.Role), IP: d.Actor.IP,
			UserAgent: d.Actor.UserAgent, SessionID: d.Actor.SessionID, TokenID: d.Actor.TokenID, System: d.Actor.System,
		},
	}
	if d.Changes != "" {
		if err := json.Unmarshal([]byte(d.Changes), &e.Changes); err != nil {
			return e, fmt.Errorf("audit entry %d: changes: %w", d.Pos, err)
		}
	}
	return e, nil
}

// Record adds the entry to the log. The entry's actor is the context's when
// it names none.
// Errors: EINVALID (no action).
func (au *Audit) Record(ctx context.Context, e domain.AuditEntry) (domain.AuditEntry, error) {
	if e.Action == "" {
		return e, domain.FieldErrors(map[string]string{"action": "is required"})
	}
	d, err := au.doc(ctx, e)
	if err != nil {
		return e, err
	}
	ctx, cancel := detach(ctx)
	defer cancel()
	if err := au.db.log.append(ctx, d); err != nil {
		return e, err
	}
	au.db.log.completed(d) // no record to write
	if e.Record.ID != "" {
		au.db.model.note(e.Record.ID, int64(d.Pos))
	}
	return d.entry()
}

// List returns a page of the entries the filter keeps, newest first. Its
// cursor is the position before which the next page starts.
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
	before := int64(0)
	if f.Cursor != "" {
		n, err := strconv.ParseInt(f.Cursor, 10, 64)
		if err != nil || n < 1 {
			return domain.AuditPage{}, domain.FieldErrors(map[string]string{"cursor": "is not a cursor this list gave"})
		}
		before = n
	}
	if _, ok := au.db.kinds[f.RecordType]; ok {
		return au.listHistory(ctx, f, before)
	}
	return au.listLog(ctx, f, before)
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

// listHistory reads a record's entries by position, newest first.
func (au *Audit) listHistory(ctx context.Context, f domain.AuditFilter, before int64) (domain.AuditPage, error) {
	page := domain.AuditPage{Entries: []domain.AuditEntry{}}
	if err := au.db.ensureModel(ctx); err != nil {
		return page, err
	}
	history := au.db.model.history(f.RecordID)
	last := int64(0)
	for i := len(history) - 1; i >= 0; i-- {
		p := history[i]
		if before != 0 && p >= before {
			continue
		}
		d, found, err := au.db.log.read(ctx, p)
		if err != nil {
			return page, err
		}
		if !found || d.RecordType != string(f.RecordType) {
			continue
		}
		e, err := d.entry()
		if err != nil {
			return page, err
		}
		if !keeps(f, e) {
			continue
		}
		if len(page.Entries) == f.Limit {
			page.NextCursor = strconv.FormatInt(last, 10)
			return page, nil
		}
		page.Entries = append(page.Entries, e)
		last = p
	}
	return page, nil
}

// listLog queries the whole log, newest first.
func (au *Audit) listLog(ctx context.Context, f domain.AuditFilter, before int64) (domain.AuditPage, error) {
	filter := bson.D{{Key: "void", Value: bson.D{{Key: "$exists", Value: false}}}}
	if f.RecordType != "" {
		filter = append(filter, bson.E{Key: "record_type", Value: string(f.RecordType)}, bson.E{Key: "record_id", Value: f.RecordID})
	}
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
	if before != 0 {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$lt", Value: position(before)}}})
	}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: -1}}).SetLimit(int64(f.Limit) + 1)
	cur, err := au.c.Find(ctx, filter, opts)
	if err != nil {
		return domain.AuditPage{}, storeError(err, "audit log")
	}
	var docs []logDoc
	if err := cur.All(ctx, &docs); err != nil {
		return domain.AuditPage{}, storeError(err, "audit log")
	}
	page := domain.AuditPage{Entries: make([]domain.AuditEntry, 0, len(docs))}
	for i := range docs {
		if i == f.Limit {
			page.NextCursor = strconv.FormatInt(int64(docs[i-1].Pos), 10)
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
