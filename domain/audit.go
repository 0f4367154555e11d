package domain

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"
)

// Action is what an audit entry records.
type Action string

// The actions the audit log records.
const (
	ActionCreate       Action = "create"
	ActionUpdate       Action = "update" // with the fields changed
	ActionDelete       Action = "delete"
	ActionCite         Action = "cite"   // evidence attached
	ActionUncite       Action = "uncite" // evidence removed
	ActionImport       Action = "import"
	ActionStatusChange Action = "status_change"

	ActionLogin       Action = "login"
	ActionLoginFailed Action = "login_failed"
	ActionLogout      Action = "logout"

	ActionUserCreate   Action = "user_create"
	ActionUserSetRole  Action = "user_set_role"
	ActionUserDisable  Action = "user_disable"
	ActionUserEnable   Action = "user_enable"
	ActionUserPassword Action = "user_password" // the user changed their password

	ActionTokenCreate Action = "token_create"
	ActionTokenRevoke Action = "token_revoke"
)

// AuditEntry is one line of the audit log: who did what to which record,
// when, and from where. Entries are only ever added.
type AuditEntry struct {
	ID     string    `json:"id"`
	At     time.Time `json:"at"`
	Actor  Actor     `json:"actor"`
	Action Action    `json:"action"`
	// Record is the record acted on: a record of RecordTypes, or a user or
	// token (TypeUser, TypeToken); empty for a failed log-in of an unknown
	// email.
	Record RecordRef `json:"record,omitzero"`
	// Changes are the fields an update changed.
	Changes []Change `json:"changes,omitempty"`
	// Note says more where the action needs it: why a log-in failed, the
	// reason given for a change of status.
	Note string `json:"note,omitempty"`
}

// Change is one field changed by an update, by its dotted JSON path
// ("parties.0.id"), with the values before and after as JSON; a missing
// Before or After means the field was absent on that side.
type Change struct {
	Field  string          `json:"field"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// AuditFilter narrows the audit log. Entries come newest first.
type AuditFilter struct {
	// RecordType and RecordID keep the history of one record; both or
	// neither.
	RecordType RecordType
	RecordID   string
	// Actor keeps entries by the user with this id or email.
	Actor string
	// Action keeps entries of this action.
	Action Action
	// From and To keep entries made at or after From and before To.
	From, To time.Time
	// Cursor continues where the page that gave it ended.
	Cursor string
	// Limit is the page size, 1 to 500; 0 means 100.
	Limit int
}

// Validate checks the filter and sets the default limit.
// Errors: EINVALID.
func (f *AuditFilter) Validate() error {
	fields := map[string]string{}
	if (f.RecordType == "") != (f.RecordID == "") {
		fields["record_id"] = "record_type and record_id go together"
	}
	if f.RecordType != "" && !slices.Contains(RecordTypes, f.RecordType) && f.RecordType != TypeUser && f.RecordType != TypeToken {
		fields["record_type"] = "is not a kind of record"
	}
	switch {
	case f.Limit == 0:
		f.Limit = 100
	case f.Limit < 1 || f.Limit > 500:
		fields["limit"] = "must be between 1 and 500"
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		fields["to"] = "must be after from"
	}
	return FieldErrors(fields)
}

// AuditPage is a page of the audit log, with the cursor of the next page
// ("" on the last).
type AuditPage struct {
	Entries    []AuditEntry `json:"entries"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

// AuditStore keeps the audit log. It has no way to change or remove an
// entry.
type AuditStore interface {
	// Record adds the entry, stamped with its id, the time and, when the
	// entry names none, the context's actor; it returns the entry stored.
	// Errors: EINVALID (no action).
	Record(ctx context.Context, e AuditEntry) (AuditEntry, error)
	// List returns a page of the entries the filter keeps. Reading the
	// history of one record needs PermRead; anything wider,
	// PermReadAudit.
	// Errors: EFORBIDDEN, EINVALID.
	List(ctx context.Context, f AuditFilter) (AuditPage, error)
}

// Diff returns the fields that differ between two values, as their JSON
// encodings show them: objects are compared key by key, lists of the same
// length element by element, and anything else (a list that grew or shrank,
// a value that changed type) as a whole. Fields named in ignore (dotted
// paths) are left out. Changes come ordered by path.
func Diff(before, after any, ignore ...string) ([]Change, error) {
	b, err := jsonTree(before)
	if err != nil {
		return nil, err
	}
	a, err := jsonTree(after)
	if err != nil {
		return nil, err
	}
	d := differ{ignore: map[string]bool{}}
	for _, f := range ignore {
		d.ignore[f] = true
	}
	if err := d.walk("", b, a, true, true); err != nil {
		return nil, err
	}
	return d.changes, nil
}

// RecordDiff is Diff of two versions of a record, leaving out what every
// update changes by itself (version, updated_at).
func RecordDiff(before, after Record) ([]Change, error) {
	return Diff(before, after, "version", "updated_at", "created_at")
}

// jsonTree turns v into its JSON tree, numbers kept as written.
func jsonTree(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var t any
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	return t, nil
}

type differ struct {
	ignore  map[string]bool
	changes []Change
}

// walk compares b and a at path; hasB and hasA say whether each side has
// the field at all.
func (d *differ) walk(path string, b, a any, hasB, hasA bool) error {
	if d.ignore[path] {
		return nil
	}
	bm, bIsMap := b.(map[string]any)
	am, aIsMap := a.(map[string]any)
	if bIsMap && aIsMap && hasB && hasA {
		keys := slices.Sorted(maps.Keys(bm))
		for k := range am {
			if _, ok := bm[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			bv, inB := bm[k]
			av, inA := am[k]
			if err := d.walk(join(path, k), bv, av, inB, inA); err != nil {
				return err
			}
		}
		return nil
	}
	bl, bIsList := b.([]any)
	al, aIsList := a.([]any)
	if bIsList && aIsList && len(bl) == len(al) {
		for i := range bl {
			if err := d.walk(join(path, strconv.Itoa(i)), bl[i], al[i], true, true); err != nil {
				return err
			}
		}
		return nil
	}
	if hasB == hasA && jsonEqual(b, a) {
		return nil
	}
	c := Change{Field: path}
	var err error
	if hasB {
		if c.Before, err = json.Marshal(b); err != nil {
			return fmt.Errorf("diff %s: %w", path, err)
		}
	}
	if hasA {
		if c.After, err = json.Marshal(a); err != nil {
			return fmt.Errorf("diff %s: %w", path, err)
		}
	}
	d.changes = append(d.changes, c)
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// jsonEqual compares two JSON trees of scalars, lists and objects.
func jsonEqual(x, y any) bool {
	bx, err1 := json.Marshal(x)
	by, err2 := json.Marshal(y)
	return err1 == nil && err2 == nil && bytes.Equal(bx, by)
}
