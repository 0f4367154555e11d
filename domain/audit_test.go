package domain

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestDiff(t *testing.T) {
	type party struct {
		ID   string `json:"id"`
		Name string `json:"name,omitempty"`
	}
	type rec struct {
		Title   string   `json:"title"`
		Parties []party  `json:"parties"`
		Tags    []string `json:"tags,omitempty"`
		Place   *Place   `json:"place,omitempty"`
		Budget  int64    `json:"budget"`
		Version int64    `json:"version"`
	}
	base := rec{Title: "MOU", Parties: []party{{ID: "a", Name: "A"}, {ID: "b"}}, Tags: []string{"x"}, Place: &Place{City: "Lima", Country: "PE"}, Budget: 100, Version: 1}
	tests := []struct {
		name   string
		change func(*rec)
		ignore []string
		want   string // "field: before -> after" lines; "-" for absent
	}{
		{"same", func(*rec) {}, nil, ""},
		{"scalar", func(r *rec) { r.Title = "MOU on e-government" }, nil,
			`title: "MOU" -> "MOU on e-government"`},
		{"number", func(r *rec) { r.Budget = 250 }, nil, `budget: 100 -> 250`},
		{"nested field in a list", func(r *rec) { r.Parties = []party{{ID: "a", Name: "A"}, {ID: "c"}} }, nil,
			`parties.1.id: "b" -> "c"`},
		{"field added to a list element", func(r *rec) { r.Parties = []party{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}} }, nil,
			`parties.1.name: - -> "B"`},
		{"list grew: whole list", func(r *rec) { r.Tags = []string{"x", "y"} }, nil,
			`tags: ["x"] -> ["x","y"]`},
		{"field removed", func(r *rec) { r.Tags = nil }, nil,
			`tags: ["x"] -> -`},
		{"sub-document removed", func(r *rec) { r.Place = nil }, nil,
			`place: {"city":"Lima","country":"PE"} -> -`},
		{"sub-document field", func(r *rec) { r.Place = &Place{City: "Cusco", Country: "PE"} }, nil,
			`place.city: "Lima" -> "Cusco"`},
		{"ignored field", func(r *rec) { r.Version = 2; r.Title = "T" }, []string{"version"},
			`title: "MOU" -> "T"`},
		{"several, ordered by path", func(r *rec) { r.Version = 2; r.Budget = 1; r.Title = "T" }, nil,
			"budget: 100 -> 1\ntitle: \"MOU\" -> \"T\"\nversion: 1 -> 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			after := base
			after.Parties = append([]party(nil), base.Parties...)
			tc.change(&after)
			changes, err := Diff(base, after, tc.ignore...)
			if err != nil {
				t.Fatal(err)
			}
			if got := showChanges(changes); got != tc.want {
				t.Errorf("Diff:\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func showChanges(cs []Change) string {
	side := func(r json.RawMessage) string {
		if r == nil {
			return "-"
		}
		return string(r)
	}
	lines := make([]string, len(cs))
	for i, c := range cs {
		lines[i] = fmt.Sprintf("%s: %s -> %s", c.Field, side(c.Before), side(c.After))
	}
	return strings.Join(lines, "\n")
}

func TestRecordDiffIgnoresBookkeeping(t *testing.T) {
	before := &Organization{Name: "Ministry of Justice", Country: "PE", Kind: "ministry"}
	before.ID, before.Version, before.UpdatedAt = "o1", 1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	after := *before
	after.Name = "Ministry of Justice and Human Rights"
	after.Version, after.UpdatedAt = 2, before.UpdatedAt.Add(time.Hour)
	changes, err := RecordDiff(before, &after)
	if err != nil {
		t.Fatal(err)
	}
	want := `name: "Ministry of Justice" -> "Ministry of Justice and Human Rights"`
	if got := showChanges(changes); got != want {
		t.Errorf("RecordDiff:\n got %s\nwant %s", got, want)
	}
}

func TestAuditFilterValidate(t *testing.T) {
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		f     AuditFilter
		field string
	}{
		{AuditFilter{}, ""},
		{AuditFilter{RecordType: TypeAgreement, RecordID: "x"}, ""},
		{AuditFilter{RecordType: TypeAgreement}, "record_id"},
		{AuditFilter{RecordType: TypeUser, RecordID: "u1"}, ""},
		{AuditFilter{RecordType: "agreements", RecordID: "x"}, "record_type"},
		{AuditFilter{Limit: 501}, "limit"},
		{AuditFilter{From: at, To: at}, "to"},
	}
	for _, tc := range tests {
		err := tc.f.Validate()
		var got string
		if e, ok := err.(*Error); ok { //nolint:errorlint // Validate returns *Error unwrapped
			for f := range e.Fields {
				got = f
			}
		}
		if got != tc.field {
			t.Errorf("%+v.Validate() = %v, want a fault in %q", tc.f, err, tc.field)
		}
	}
}
