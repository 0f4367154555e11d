package web

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"cooptrack/domain"
)

// The history of a record on its page: the audit log's entries for it,
// newest first, historyPageSize at a time; the query parameter "history"
// carries the cursor of an older page.

const (
	historyPageSize = 20
	// historyValueRunes is where a value shown in the history is cut.
	historyValueRunes = 120
)

// historyView is what the history section of a record page receives.
type historyView struct {
	Entries []historyRow
	// Locked is set when no one is signed in: the history is for users.
	Locked bool
	// OlderURL and NewestURL page through the history; "" when there is no
	// such page.
	OlderURL, NewestURL string
}

// historyRow is one entry, ready to show.
type historyRow struct {
	At     time.Time
	Who    string
	Action domain.Action
	Note   string
	// Changes are the fields changed. Whole records (created, deleted)
	// show folded.
	Changes []changeRow
	Folded  bool
}

// changeRow is one field changed, its values as text and shortened; a
// missing side is "" with its Has flag unset.
type changeRow struct {
	Field               string
	Before, After       string
	HasBefore, HasAfter bool
}

// recordHistory reads a page of the record's history for its page.
// Errors: EINVALID (a cursor the page did not give).
func (s *Server) recordHistory(ctx context.Context, rec domain.Record, cursor string) (*historyView, error) {
	if s.stores.Audit == nil {
		return nil, nil
	}
	if _, ok := domain.ActorFrom(ctx); !ok {
		return &historyView{Locked: true}, nil
	}
	m := rec.RecordMeta()
	page, err := s.stores.Audit.List(ctx, domain.AuditFilter{RecordType: rec.Type(), RecordID: m.ID, Cursor: cursor, Limit: historyPageSize})
	if err != nil {
		return nil, err
	}
	self := recordPath(rec.Type(), m.ID)
	v := &historyView{Entries: make([]historyRow, 0, len(page.Entries))}
	if page.NextCursor != "" {
		v.OlderURL = self + "?history=" + url.QueryEscape(page.NextCursor) + "#changes-h"
	}
	if cursor != "" {
		v.NewestURL = self + "#changes-h"
	}
	for _, e := range page.Entries {
		row := historyRow{At: e.At, Who: e.Actor.String(), Action: e.Action, Note: e.Note,
			Folded: e.Action == domain.ActionCreate || e.Action == domain.ActionDelete}
		for _, c := range e.Changes {
			row.Changes = append(row.Changes, changeRow{Field: c.Field,
				Before: historyValue(c.Before), HasBefore: c.Before != nil,
				After: historyValue(c.After), HasAfter: c.After != nil})
		}
		v.Entries = append(v.Entries, row)
	}
	return v, nil
}

// historyValue shows a JSON value for people: a string as its text,
// anything else as compact JSON, cut at historyValueRunes.
func historyValue(raw json.RawMessage) string {
	if raw == nil {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		s = string(raw)
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= historyValueRunes {
		return s
	}
	return string([]rune(s)[:historyValueRunes-1]) + "…"
}
