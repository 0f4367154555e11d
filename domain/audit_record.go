package domain

import "slices"

// What the audit log keeps of a change to a record. The store records every
// create, update and delete of a record with RecordChanges, so that the log
// shows the record as created, field by field what an update changed, and
// the record as it was when deleted.

// auditLeftOut are the fields a record's audit entries leave out: what every
// write changes by itself, and a source's text, which may run to a megabyte
// and whose every change its content_hash records.
var auditLeftOut = []string{"version", "created_at", "updated_at", "text"}

// RecordChanges returns what a write did to a record, field by field (see
// Diff): before nil for a record created (each field with no before), after
// nil for one deleted (each field with no after). Pass a plain nil, not a
// nil pointer of a record type.
func RecordChanges(before, after Record) ([]Change, error) {
	var b, a any = before, after
	leftOut := auditLeftOut
	switch {
	case before == nil:
		b, leftOut = struct{}{}, slices.Concat(leftOut, []string{"id"})
	case after == nil:
		a, leftOut = struct{}{}, slices.Concat(leftOut, []string{"id"})
	}
	return Diff(b, a, leftOut...)
}

// StatusMove reports an agreement's status set by hand by an update, and the
// reason given for it (kept in its status history by Amend). ok is false
// when the update left the status as it was, or the records are not
// agreements.
func StatusMove(before, after Record) (from, to AgreementStatus, reason string, ok bool) {
	b, okB := before.(*Agreement)
	a, okA := after.(*Agreement)
	if !okB || !okA || b.Status == a.Status {
		return "", "", "", false
	}
	if n := len(a.StatusHistory); n > 0 && a.StatusHistory[n-1].Status == a.Status {
		reason = a.StatusHistory[n-1].Reason
	}
	return b.Status, a.Status, reason, true
}

// Named returns the actor without where the request came from (address,
// browser, session or token): what people other than admins are shown of
// who made a change.
func (a Actor) Named() Actor {
	return Actor{UserID: a.UserID, Email: a.Email, Role: a.Role, System: a.System}
}
