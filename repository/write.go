package repository

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"cooptrack/domain"
)

// change is one write of a record, as commit makes it.
type change struct {
	typ     domain.RecordType
	id      string
	version int64 // the version written
	// before is the record as it was (nil for a create), after as written
	// (nil for a delete).
	before, after domain.Record
	// text is a source's text when the write changes it.
	text *string
	// action is the entry's action; by default a create, update or delete
	// as before and after say.
	action domain.Action
	// actor, when set, is the entry's actor instead of the context's.
	actor *domain.Actor
	// changes, when set, are the entry's changes instead of the diff of
	// before and after.
	changes []domain.Change
	note    string
}

// systemActor is who a write with no actor in its context is recorded as.
var systemActor = domain.SystemActor("system", "")

func citationChange(action domain.Action, c domain.Citation) change {
	ch := change{action: action, note: "source " + c.Source.ID}
	v, err := json.Marshal(c)
	if err != nil {
		ch.note += "; citation not recorded: " + err.Error()
	}
	field := domain.Change{Field: "evidence"}
	if action == domain.ActionCite {
		field.After = v
	} else {
		field.Before = v
	}
	ch.changes = []domain.Change{field}
	return ch
}

// entries returns the log entries of the change: its own, with the claim,
// and an agreement's change of status by hand beside it, so that such moves
// can be listed on their own.
func (d *DB) entries(ctx context.Context, c change) ([]*logDoc, error) {
	e := domain.AuditEntry{Action: c.action, Note: c.note, Changes: c.changes}
	switch {
	case c.before == nil:
		e.Record = refOf(c.after)
	case c.after == nil:
		e.Record = refOf(c.before)
	default:
		e.Record = refOf(c.after)
	}
	if e.Action == "" {
		e.Action = domain.ActionUpdate
		switch {
		case c.before == nil:
			e.Action = domain.ActionCreate
		case c.after == nil:
			e.Action = domain.ActionDelete
		}
	}
	if e.Changes == nil && e.Action != domain.ActionCite && e.Action != domain.ActionUncite {
		var err error
		if e.Changes, err = domain.RecordChanges(c.before, c.after); err != nil {
			e.Note = strings.TrimPrefix(e.Note+"; changes not recorded: "+err.Error(), "; ")
		}
	}
	if c.actor != nil {
		e.Actor = *c.actor
	}
	main, err := d.Audit.doc(ctx, e)
	if err != nil {
		return nil, err
	}
	main.Claim, main.Version = claimOf(c.typ, c.id, c.version), c.version
	if c.after != nil {
		var rec any = c.after
		if s, ok := c.after.(*domain.Source); ok && s.Text != "" {
			// The text goes in Text when it changed: the record is the
			// model's, which holds no texts.
			bare := *s
			bare.Text = ""
			rec = &bare
		}
		b, err := json.Marshal(rec)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", c.typ, c.id, err)
		}
		main.Doc = string(b)
	} else {
		main.Deleted = true
	}
	if c.text != nil {
		main.Text, main.TextSet = *c.text, true
	}
	out := []*logDoc{main}
	if c.before != nil && c.after != nil {
		if from, to, reason, ok := domain.StatusMove(c.before, c.after); ok {
			s, err := d.Audit.doc(ctx, domain.AuditEntry{Action: domain.ActionStatusChange, Record: e.Record, Note: reason, Actor: e.Actor,
				Changes: []domain.Change{{Field: "status", Before: jsonString(string(from)), After: jsonString(string(to))}}})
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// logLost reports an audit entry that could not be written beside a change
// that is stored.
func logLost(ctx context.Context, e domain.AuditEntry, err error) {
	slog.ErrorContext(ctx, "audit entry lost: the change is stored but not in the audit log",
		"action", e.Action, "record_type", e.Record.Type, "record_id", e.Record.ID, "error", err)
}

func refOf(rec domain.Record) domain.RecordRef {
	return domain.RecordRef{Type: rec.Type(), ID: rec.RecordMeta().ID, Name: rec.Label()}
}

func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s) //nolint:errchkjson // a string always marshals
	return b
}

// commit makes a write: its log entry (the claim of its version), the
// model, then the record's document and a source's text. The caller holds
// the record's lock (lockRecord) and has checked the version against the
// model; the claim checks it against every other process.
// Errors: ECONFLICT (another write made that version first, or a source's
// URL is another's), and those of the store.
func (d *DB) commit(ctx context.Context, c change) error {
	ctx, cancel := detach(ctx)
	defer cancel()
	entries, err := d.entries(ctx, c)
	if err != nil {
		return err
	}
	behind := c.typ != domain.TypeSource
	if behind {
		if err := d.behind.waitRoom(); err != nil {
			return err
		}
	}
	if err := d.log.append(ctx, entries...); err != nil {
		if errors.Is(err, errClaimTaken) {
			have := c.version - 1
			return staleError(c.typ, c.id, have, c.version)
		}
		return err
	}
	// The model gets the record as the log has it, a value of its own that
	// no caller holds.
	rec, err := recordOfEntry(entries[0])
	if err != nil {
		return err
	}
	d.model.put(entryOf(c.typ, c.id, c.version, rec, nil), int64(entries[0].Pos))
	for _, e := range entries[1:] {
		d.model.note(c.id, int64(e.Pos))
	}
	if d.failAfterLog != nil {
		if err := d.failAfterLog(); err != nil {
			return err
		}
	}
	if behind {
		doc, err := recordDoc(c.id, c.version, rec, d.model.history(c.id))
		if err != nil {
			return err
		}
		d.behind.put(&pendingDoc{ctx: ctx, typ: c.typ, id: c.id, version: c.version, doc: doc, fresh: c.version == 1, entries: entries})
		return nil
	}
	if err := d.store(ctx, c.typ, c.id, c.version, c.after, d.model.history(c.id)); err != nil {
		if isDuplicate(err) {
			return d.revert(ctx, c)
		}
		// The entry is the truth: Heal writes the record from it once the
		// store answers again.
		return storeError(err, fmt.Sprintf("%s %q", c.typ, c.id))
	}
	if c.text != nil {
		if err := d.storeText(ctx, c.id, *c.text); err != nil {
			return err
		}
	}
	d.log.completed(entries...)
	return nil
}

// revert undoes a write whose entry is in the log but whose record the
// store refused as breaking a unique index (a source's URL taken by
// another process meanwhile): a new version puts back the record as it
// was.
func (d *DB) revert(ctx context.Context, c change) error {
	back := change{typ: c.typ, id: c.id, version: c.version + 1, before: c.after,
		note: "undone: a value that must be unique was another record's", actor: &systemActor}
	if c.before != nil {
		rec, err := clone(c.before)
		if err != nil {
			return err
		}
		rec.RecordMeta().Version = back.version
		back.after = rec
	}
	entries, err := d.entries(ctx, back)
	if err == nil {
		err = d.log.append(ctx, entries...)
	}
	var rec domain.Record
	if err == nil {
		rec, err = recordOfEntry(entries[0])
	}
	if err == nil {
		d.model.put(entryOf(c.typ, c.id, back.version, rec, nil), int64(entries[0].Pos))
		err = d.store(ctx, c.typ, c.id, back.version, back.after, d.model.history(c.id))
	}
	if err != nil {
		slog.ErrorContext(ctx, "a write refused by a unique index could not be undone", "record", c.id, "error", err)
	}
	return domain.Errorf(domain.ECONFLICT, "%s %q: a value that must be unique (such as a source's URL) is another record's", c.typ, c.id)
}

// store writes a record's document: the record with its history, or when
// it is deleted, a tombstone that keeps its version and history.
func (d *DB) store(ctx context.Context, typ domain.RecordType, id string, version int64, rec domain.Record, history []int64) error {
	doc, err := recordDoc(id, version, rec, history)
	if err != nil {
		return err
	}
	if version == 1 {
		// A first version has no document yet (its claim says so): an
		// insert, which goes in a batch with other creates'.
		err = d.kinds[typ].insert(ctx, doc)
		if !isDuplicate(err) {
			return err
		}
		// Heal, or another process healing, wrote it meanwhile: replace.
	}
	return d.replaceDoc(ctx, typ, id, version, doc)
}

// replaceDoc writes a record's document over one of an older version, or
// where there is none. A document already of that version or newer (a
// later write, or another process's, came first) is left as it is. The
// version is read first, by _id alone: a filter on the version too is not
// pushed down to SQLite by FerretDB, which then reads the whole collection
// (4.5 s a replace at scale M). Between the read and the replace another
// process's newer document could land; that needs its write to come within
// the millisecond between the two commands, and before this process's
// model has followed it.
func (d *DB) replaceDoc(ctx context.Context, typ domain.RecordType, id string, version int64, doc bson.Raw) error {
	c := d.kinds[typ].collection()
	var stored struct {
		Version int64 `bson:"version"`
	}
	err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, options.FindOne().SetProjection(bson.D{{Key: "version", Value: 1}})).Decode(&stored)
	switch {
	case err == nil && stored.Version >= version:
		return nil
	case err != nil && !errors.Is(err, mongo.ErrNoDocuments):
		return err
	}
	_, err = c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc, recordOptions)
	return err
}

// storeText writes (or, when empty, removes) a source's text.
func (d *DB) storeText(ctx context.Context, id, text string) error {
	texts := d.collection(sourceTexts)
	if text == "" {
		_, err := texts.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
		return storeError(err, "source text")
	}
	err := putByID(ctx, texts, id, bson.D{{Key: "_id", Value: id}, {Key: "text", Value: text}})
	return storeError(err, "source text")
}

// The fields a record's document holds beside the record's own.
const (
	historyField = "_history" // the positions of its log entries, "3,17,42"
	deletedField = "_deleted" // set on the tombstone of a deleted record
)

// recordDoc is a record's document: the record, and its history; or for a
// deleted record (rec nil) its tombstone.
func recordDoc(id string, version int64, rec domain.Record, history []int64) (bson.Raw, error) {
	idx, doc := bsoncore.AppendDocumentStart(nil)
	if rec == nil {
		doc = bsoncore.AppendStringElement(doc, "_id", id)
		doc = bsoncore.AppendInt64Element(doc, "version", version)
		doc = bsoncore.AppendBooleanElement(doc, deletedField, true)
	} else {
		var err error
		if doc, err = encodeRecord(doc, rec); err != nil {
			return nil, err
		}
	}
	doc = bsoncore.AppendStringElement(doc, historyField, formatHistory(history))
	doc, err := bsoncore.AppendDocumentEnd(doc, idx)
	return bson.Raw(doc), err
}

func formatHistory(h []int64) string {
	var b strings.Builder
	for i, p := range h {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(p, 10))
	}
	return b.String()
}

func parseHistory(s string) []int64 {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]int64, 0, len(parts))
	for _, p := range parts {
		if n, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// storedEntry reads a record's document into the model's form.
func (d *DB) storedEntry(typ domain.RecordType, raw bson.Raw) (*modelEntry, error) {
	id, _ := raw.Lookup("_id").StringValueOK()
	history := parseHistory(lookupString(raw, historyField))
	if deleted, _ := raw.Lookup(deletedField).BooleanOK(); deleted {
		version, _ := raw.Lookup("version").AsInt64OK()
		return entryOf(typ, id, version, nil, history), nil
	}
	rec, err := d.kinds[typ].decode(raw)
	if err != nil {
		return nil, fmt.Errorf("decode %s %q: %w", typ, id, err)
	}
	return entryOf(typ, id, rec.RecordMeta().Version, rec, history), nil
}

func lookupString(raw bson.Raw, key string) string {
	s, _ := raw.Lookup(key).StringValueOK()
	return s
}

// recordOfEntry decodes the record a log entry wrote; nil for a delete.
func recordOfEntry(e *logDoc) (domain.Record, error) {
	if e.Deleted || e.Doc == "" {
		return nil, nil
	}
	t, _, _ := strings.Cut(e.Claim, ":")
	rec := newRecord(domain.RecordType(t))
	if err := json.Unmarshal([]byte(e.Doc), rec); err != nil {
		return nil, fmt.Errorf("log entry %d: %w", e.Pos, err)
	}
	derive(rec)
	normalize(rec)
	return rec, nil
}

// typeOfClaim returns the record type and id a claim names.
func typeOfClaim(claim string) (domain.RecordType, string) {
	t, rest, _ := strings.Cut(claim, ":")
	i := strings.LastIndexByte(rest, ':')
	if i < 0 {
		return domain.RecordType(t), rest
	}
	return domain.RecordType(t), rest[:i]
}
