package importing_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"cooptrack/domain"
	"cooptrack/domain/importing"
)

// catalog is a small office: two organizations of Peru and Korea, a person
// and an agreement already kept.
func catalog() *importing.Names {
	recs := []domain.Record{
		&domain.Organization{Meta: domain.Meta{ID: "org-minjus"}, Name: "Ministry of Justice and Human Rights", Acronym: "MINJUS", Country: "PE", Kind: domain.OrgMinistry},
		&domain.Organization{Meta: domain.Meta{ID: "org-moj-kr"}, Name: "Ministry of Justice", AltNames: []string{"법무부"}, Country: "KR", Kind: domain.OrgMinistry},
		&domain.Person{Meta: domain.Meta{ID: "per-chong"}, FullName: "Chong Jong-sup", Country: "KR"},
		&domain.Agreement{Meta: domain.Meta{ID: "agr-1"}, Title: "MOU on legal cooperation", Kind: domain.AgreementMOU, Status: domain.StatusSigned, SignedOn: "2015-04-20",
			Parties: []domain.Ref{{ID: "org-minjus"}, {ID: "org-moj-kr"}}, Countries: []string{"KR", "PE"}},
	}
	var entries []domain.CatalogEntry
	for _, r := range recs {
		entries = append(entries, domain.CatalogEntryOf(r))
	}
	return importing.NewNames(entries)
}

var agreementHeader = []string{"Title", "Type", "Parties", "Signed", "Expires", "Country of signing"}

// TestBuildAgreementRows previews one row of each case the office's
// spreadsheet holds and checks its status, its errors and its record.
func TestBuildAgreementRows(t *testing.T) {
	tests := []struct {
		name       string
		row        []string
		status     importing.Status
		errors     map[string]string // field -> a part of the message
		duplicates []string
		check      func(t *testing.T, a *domain.Agreement)
	}{
		{name: "good row", row: []string{"MOU on e-government", "MOU", "MINJUS; Ministry of Justice", "2015-04-17", "2020-04-16", "Peru"}, status: importing.StatusNew,
			check: func(t *testing.T, a *domain.Agreement) {
				if a.Kind != domain.AgreementMOU || a.Status != domain.StatusSigned || a.SignedOn != "2015-04-17" || a.Place.Country != "PE" {
					t.Errorf("got kind %q status %q signed %q place %q, want mou signed 2015-04-17 PE", a.Kind, a.Status, a.SignedOn, a.Place.Country)
				}
				if got := []string{a.Parties[0].ID, a.Parties[1].ID}; !slices.Equal(got, []string{"org-minjus", "org-moj-kr"}) {
					t.Errorf("parties: got %v", got)
				}
				if !slices.Equal(a.Countries, []string{"KR", "PE"}) {
					t.Errorf("countries: got %v, want [KR PE]", a.Countries)
				}
			}},
		{name: "words and a serial date", row: []string{"Letter on customs", "Letter of intent", "minjus", "42111", "", "pe"}, status: importing.StatusNew,
			check: func(t *testing.T, a *domain.Agreement) {
				if a.Kind != domain.AgreementLetterOfIntent || a.SignedOn != "2015-04-17" || a.Place.Country != "PE" {
					t.Errorf("got kind %q signed %q place %q", a.Kind, a.SignedOn, a.Place.Country)
				}
			}},
		{name: "unknown country", row: []string{"MOU on trade", "", "MINJUS", "2015-04-17", "", "Atlantis"}, status: importing.StatusInvalid,
			errors: map[string]string{"place_country": `unknown country "Atlantis"`}},
		{name: "bad date", row: []string{"MOU on health", "", "MINJUS", "2015-02-30", "", ""}, status: importing.StatusInvalid,
			errors: map[string]string{"signed_on": `"2015-02-30" is not a date`}},
		{name: "ambiguous date", row: []string{"MOU on health", "", "MINJUS", "04/05/2015", "", ""}, status: importing.StatusInvalid,
			errors: map[string]string{"signed_on": "is not a date"}},
		{name: "missing party", row: []string{"MOU on tourism", "", "", "2015-04-17", "", ""}, status: importing.StatusInvalid,
			errors: map[string]string{"parties": "at least one party"}},
		{name: "unknown party", row: []string{"MOU on tourism", "", "Ministry of Magic", "2015-04-17", "", ""}, status: importing.StatusInvalid,
			errors: map[string]string{"parties": `no organization named "Ministry of Magic"`}},
		{name: "expiry before signing: the record's own rule", row: []string{"MOU on mining", "", "MINJUS", "2015-04-17", "2014-01-01", ""}, status: importing.StatusInvalid,
			errors: map[string]string{"expires_on": "must not be before signed_on"}},
		{name: "unknown kind", row: []string{"MOU on fishing", "Pact", "MINJUS", "", "", ""}, status: importing.StatusInvalid,
			errors: map[string]string{"kind": `"Pact" is not one of`}},
		{name: "operator-shaped value is text", row: []string{`{"$gt": ""}`, "", "MINJUS", "", "", ""}, status: importing.StatusNew,
			check: func(t *testing.T, a *domain.Agreement) {
				if a.Title != `{"$gt": ""}` || a.Status != domain.StatusDraft {
					t.Errorf("got title %q status %q", a.Title, a.Status)
				}
			}},
		{name: "possible duplicate", row: []string{"MoU on Legal Cooperation", "", "MINJUS", "2015-04-20", "", ""}, status: importing.StatusNew,
			duplicates: []string{"agr-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := &importing.Table{Header: slices.Clone(agreementHeader), Rows: [][]string{tt.row}}
			m := importing.Guess(domain.TypeAgreement, tab.Header)
			if err := m.Check(domain.TypeAgreement, tab.Header); err != nil {
				t.Fatalf("mapping %v: %v", m, err)
			}
			p := importing.Build(domain.TypeAgreement, tab, m, catalog(), nil)
			if len(p.Rows) != 1 {
				t.Fatalf("got %d rows, want 1", len(p.Rows))
			}
			row := p.Rows[0]
			if row.Status != tt.status {
				t.Errorf("status: got %q, want %q (errors %v)", row.Status, tt.status, row.Errors)
			}
			if got, want := slices.Sorted(maps.Keys(row.Errors)), slices.Sorted(maps.Keys(tt.errors)); !slices.Equal(got, want) {
				t.Errorf("errors: got %v, want fields %v", row.Errors, want)
			}
			for f, part := range tt.errors {
				if !strings.Contains(row.Errors[f], part) {
					t.Errorf("error of %s: got %q, want it to say %q", f, row.Errors[f], part)
				}
			}
			var dups []string
			for _, d := range row.Duplicates {
				dups = append(dups, d.ID)
			}
			if !slices.Equal(dups, tt.duplicates) {
				t.Errorf("duplicates: got %v, want %v", dups, tt.duplicates)
			}
			if row.Line != 2 || row.Record.RecordMeta().ID != row.Key {
				t.Errorf("got line %d id %q, want line 2 and the key %q as id", row.Line, row.Record.RecordMeta().ID, row.Key)
			}
			if tt.check != nil {
				tt.check(t, row.Record.(*domain.Agreement))
			}
		})
	}
}

// TestRowKeys: the key follows the mapped values only, so the same row
// read again (in another order, from another file) has the same key, a
// fixed row a new one, and a repeat within a file is reported.
func TestRowKeys(t *testing.T) {
	row := []string{"MOU on e-government", "MOU", "MINJUS", "2015-04-17", "", "Peru"}
	fixed := []string{"MOU on e-government", "MOU", "MINJUS", "2015-04-18", "", "Peru"}
	tab := &importing.Table{Header: agreementHeader, Rows: [][]string{row, fixed, row, {"", "", "", "", "", ""}}}
	m := importing.Guess(domain.TypeAgreement, tab.Header)
	p := importing.Build(domain.TypeAgreement, tab, m, catalog(), map[int]bool{3: true})
	var got []string
	for _, r := range p.Rows {
		got = append(got, string(r.Status))
	}
	if want := []string{"new", "skipped", "repeat"}; !slices.Equal(got, want) {
		t.Fatalf("statuses: got %v, want %v (the blank line is passed over)", got, want)
	}
	if p.Rows[2].RepeatOf != 2 || p.Rows[0].Key != p.Rows[2].Key || p.Rows[0].Key == p.Rows[1].Key {
		t.Errorf("got keys %s %s %s, repeat of %d", p.Rows[0].Key, p.Rows[1].Key, p.Rows[2].Key, p.Rows[2].RepeatOf)
	}
	reordered := &importing.Table{Header: []string{"Country of signing", "Title", "Signed", "Parties", "Type", "Expires"}, Rows: [][]string{{"Peru", "MOU on e-government", "2015-04-17", "MINJUS", "MOU", ""}}}
	p2 := importing.Build(domain.TypeAgreement, reordered, importing.Guess(domain.TypeAgreement, reordered.Header), catalog(), nil)
	if p2.Rows[0].Key != p.Rows[0].Key {
		t.Errorf("the same row with its columns reordered: got key %s, want %s", p2.Rows[0].Key, p.Rows[0].Key)
	}
}

// TestMappingCheck refuses mappings that cannot be read.
func TestMappingCheck(t *testing.T) {
	header := []string{"Title", "Parties", "Date"}
	tests := []struct {
		name    string
		mapping importing.Mapping
		fields  []string
	}{
		{"guessed", importing.Guess(domain.TypeAgreement, header), nil},
		{"unknown field", importing.Mapping{"Title": "title", "Parties": "parties", "Date": "signed"}, []string{"Date"}},
		{"unknown column", importing.Mapping{"Title": "title", "Parties": "parties", "When": "signed_on"}, []string{"When"}},
		{"one field twice", importing.Mapping{"Title": "title", "Parties": "parties", "Date": "title"}, []string{"Title"}},
		{"a required field unmapped", importing.Mapping{"Title": "title"}, []string{"parties"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.mapping.Check(domain.TypeAgreement, header)
			var got []string
			var de *domain.Error
			if errors.As(err, &de) {
				got = slices.Sorted(maps.Keys(de.Fields))
			}
			if !slices.Equal(got, tt.fields) {
				t.Errorf("got %v (%v), want fields %v", got, err, tt.fields)
			}
		})
	}
}

// TestOtherKinds previews a row of each other kind.
func TestOtherKinds(t *testing.T) {
	tests := []struct {
		kind   domain.RecordType
		header []string
		row    []string
		errors []string
		label  string
	}{
		{domain.TypeOrganization, []string{"Name", "Acronym", "Country", "Kind"}, []string{"Superintendencia Nacional de Migraciones", "MIGRACIONES", "Perú", "agency"}, nil, "Superintendencia Nacional de Migraciones"},
		{domain.TypeOrganization, []string{"Name", "Country", "Kind"}, []string{"Ministry of Health", "", "ministry"}, []string{"country"}, "Ministry of Health"},
		{domain.TypePerson, []string{"Name", "Country", "Position", "Organization", "From"}, []string{"Ana Pérez", "PE", "Minister", "MINJUS", "2014-01-01"}, nil, "Ana Pérez"},
		{domain.TypePerson, []string{"Name", "Organization"}, []string{"Ana Pérez", "MINJUS"}, []string{"position_title"}, "Ana Pérez"},
		{domain.TypeEvent, []string{"Title", "Kind", "Date", "Country", "Participants"}, []string{"Forum in Lima", "forum", "2015-04-18", "PE", "Chong Jong-sup; MINJUS"}, nil, "Forum in Lima"},
		{domain.TypeEvent, []string{"Title", "Kind", "Date"}, []string{"Forum in Lima", "forum", ""}, []string{"start_on"}, "Forum in Lima"},
		{domain.TypeProgram, []string{"Name", "Status", "Beneficiaries", "Countries"}, []string{"Automated immigration", "ongoing", "MINJUS", "PE; CO"}, nil, "Automated immigration"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+" "+strings.Join(tt.errors, ","), func(t *testing.T) {
			tab := &importing.Table{Header: tt.header, Rows: [][]string{tt.row}}
			m := importing.Guess(tt.kind, tt.header)
			if len(m) != len(tt.header) {
				t.Errorf("guessed %v for %v", m, tt.header)
			}
			p := importing.Build(tt.kind, tab, m, catalog(), nil)
			row := p.Rows[0]
			if got := slices.Sorted(maps.Keys(row.Errors)); !slices.Equal(got, tt.errors) {
				t.Errorf("errors: got %v, want %v", row.Errors, tt.errors)
			}
			if row.Record.Label() != tt.label || row.Record.Type() != tt.kind {
				t.Errorf("got %s %q", row.Record.Type(), row.Record.Label())
			}
		})
	}
}
