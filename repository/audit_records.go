package repository

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"cooptrack/domain"
)

// Every change to a record is audited here, in the store, so that no way in
// (the API, the forms, the command line, the demo loader) can forget it:
// Create, Update, Delete, Cite and Uncite each add an entry once their write
// has succeeded, and Import one entry per call.
//
// When. An entry is written after the record's write succeeded, never
// before: an entry for a write that then failed would be a lie. With no
// transactions, a process that dies between the write and its entry loses
// the entry; the loss is logged when the entry's own write fails, and not
// otherwise seen. The pending note (project.go) could carry the entry for
// Heal to write, but Heal may finish a note twice and a history append is
// not idempotent, and a note left by a crash is merged into the next
// write's, so every carried entry would need an id of its own and a check
// of whether its write happened: a second protocol to close a window of a
// few milliseconds. Not worth it yet.
//
// Who. The actor comes from the context (domain.ActorFrom): the web layer
// puts the signed-in user there. A write with no actor is recorded as
// systemActor: the demo loader and `seed demo` run without one and get an
// entry per record (a few dozen, and the demo pages then show a history);
// `seed synthetic` goes through Import, one entry per batch.
//
// Propagation. When a record is renamed, the records that show its name are
// rewritten by the store (refresh): each gets an update entry by
// systemActor noting "propagated from <id>". They move to a new version,
// and an editor told that someone else changed the record must find who
// did, and why, in its history.
//
// Cost. An entry is one insert into the log plus the append to the
// record's history (audit.go); a create's is two inserts, each batched with
// other creates' (Audit.startHistory). TestAuditCommandsPerCreate measures
// what a create sends.

// systemActor is who a write with no actor in its context is recorded as.
var systemActor = domain.SystemActor("system", "")

// audit adds the entry, by the context's actor or systemActor. It does not
// fail the write it follows, which is stored already: an error would make
// the caller retry a change that was made. The entry is written even when
// the caller has gone away meanwhile. first says that the entry's record
// was created just now (see Audit.startHistory).
func (d *DB) audit(ctx context.Context, e domain.AuditEntry, first bool) {
	if _, ok := domain.ActorFrom(ctx); !ok && e.Actor == (domain.Actor{}) {
		e.Actor = systemActor
	}
	if _, err := d.Audit.record(context.WithoutCancel(ctx), e, first); err != nil {
		slog.ErrorContext(ctx, "audit entry lost: the change is stored but not in the audit log",
			"action", e.Action, "record_type", e.Record.Type, "record_id", e.Record.ID, "error", err)
	}
}

func refOf(rec domain.Record) domain.RecordRef {
	return domain.RecordRef{Type: rec.Type(), ID: rec.RecordMeta().ID, Name: rec.Label()}
}

// auditWrite records a create (before nil), an update, or a delete (after
// nil), with the fields changed. An update that moves an agreement's status
// by hand adds a status_change entry beside the update, with the reason
// given, so that such moves can be listed on their own.
func (d *DB) auditWrite(ctx context.Context, before, after domain.Record) {
	e := domain.AuditEntry{Action: domain.ActionUpdate}
	switch {
	case before == nil:
		e.Action, e.Record = domain.ActionCreate, refOf(after)
	case after == nil:
		e.Action, e.Record = domain.ActionDelete, refOf(before)
	default:
		e.Record = refOf(after)
	}
	changes, err := domain.RecordChanges(before, after)
	if err != nil {
		e.Note = "changes not recorded: " + err.Error()
	}
	e.Changes = changes
	d.audit(ctx, e, before == nil)
	if before == nil || after == nil {
		return
	}
	if from, to, reason, ok := domain.StatusMove(before, after); ok {
		d.audit(ctx, domain.AuditEntry{Action: domain.ActionStatusChange, Record: e.Record, Note: reason,
			Changes: []domain.Change{{Field: "status", Before: jsonString(string(from)), After: jsonString(string(to))}}}, false)
	}
}

// auditPropagated records the refresh of a record after a record it links
// to (from) changed: before is the record's JSON before, after the record.
func (d *DB) auditPropagated(ctx context.Context, before json.RawMessage, after domain.Record, from string) {
	e := domain.AuditEntry{Action: domain.ActionUpdate, Actor: systemActor, Record: refOf(after), Note: "propagated from " + from}
	changes, err := domain.Diff(before, after, "version", "created_at", "updated_at", "text")
	if err != nil {
		e.Note += "; changes not recorded: " + err.Error()
	}
	e.Changes = changes
	d.audit(ctx, e, false)
}

// auditCitation records a citation attached (cite) or removed (uncite).
func (d *DB) auditCitation(ctx context.Context, action domain.Action, ref domain.RecordRef, c domain.Citation) {
	e := domain.AuditEntry{Action: action, Record: ref, Note: "source " + c.Source.ID}
	v, err := json.Marshal(c)
	if err != nil {
		e.Note += "; citation not recorded: " + err.Error()
	}
	ch := domain.Change{Field: "evidence"}
	if action == domain.ActionCite {
		ch.After = v
	} else {
		ch.Before = v
	}
	e.Changes = []domain.Change{ch}
	d.audit(ctx, e, false)
}

// auditImport records one import of records of a kind: how many and their
// ids. One entry per import rather than per record: an import exists to
// store thousands of records in a few commands, and an entry per record
// would add a log entry and a history for each: thousands of entries that
// nobody reads one by one. So an imported record's own history starts at
// its first change after the import.
func (d *DB) auditImport(ctx context.Context, typ domain.RecordType, ids []string, failure error) {
	d.auditImportNote(ctx, typ, ids, fmt.Sprintf("%d %s imported", len(ids), typ.Collection()), failure)
}

// auditImportNote records an import with the note given: a user's import
// names its file and its rows.
func (d *DB) auditImportNote(ctx context.Context, typ domain.RecordType, ids []string, note string, failure error) {
	if len(ids) == 0 {
		return
	}
	e := domain.AuditEntry{Action: domain.ActionImport, Record: domain.RecordRef{Type: typ}, Note: note}
	if failure != nil {
		e.Note += "; the import then stopped on an error"
	}
	v, err := json.Marshal(ids)
	if err != nil {
		e.Note += "; ids not recorded: " + err.Error()
	}
	e.Changes = []domain.Change{{Field: "ids", After: v}}
	d.audit(ctx, e, false)
}

func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s) //nolint:errchkjson // a string always marshals
	return b
}
