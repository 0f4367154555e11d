package form

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"cooptrack/domain"
)

// formRoundTrip encodes rec as an edit form shows it, decodes it back as a
// submitted form is read, and returns the result.
func formRoundTrip[T domain.Record](t *testing.T, rec T, fresh T) T {
	t.Helper()
	fields := FieldsOf[rec.Type()]
	vals := Encode(rec)
	if errs := Decode(DecodeValues(fields, "edit", vals), fresh); len(errs) > 0 {
		t.Fatalf("decode: %v", errs)
	}
	return fresh
}

func TestFormEncodeDecodeRoundTrip(t *testing.T) {
	t.Parallel()
	ref := func(id string) *domain.Ref { return &domain.Ref{ID: id, Name: "Name of " + id} }
	a := &domain.Agreement{
		Kind: domain.AgreementMOU, Title: "MOU for e-government", Subjects: []string{"e-government", "public administration"},
		Parties:     []domain.Ref{*ref("o1"), *ref("o2")},
		Signatories: []domain.Signatory{{Person: ref("p1"), Organization: ref("o1"), Capacity: "Minister"}, {Organization: ref("o2")}},
		Present:     []domain.Presence{{Capacity: "President of Peru"}},
		Place:       domain.Place{City: "Lima", Country: "PE"},
		SignedOn:    "2015-04-20", EffectiveOn: "2015-05-01", ExpiresOn: "2018-04-19",
		Renewal: domain.Renewal{Automatic: true, NoticeDays: 90},
		Events:  []domain.Ref{*ref("e1")}, Programs: []domain.Ref{*ref("g1")},
		Status: domain.StatusSigned,
	}
	if got := formRoundTrip(t, a, new(domain.Agreement)); !reflect.DeepEqual(got, a) {
		t.Errorf("agreement:\n got %+v\nwant %+v", got, a)
	}
	p := &domain.Program{
		Name: "Immigration modernization", Parent: ref("g0"), Beneficiaries: []domain.Ref{*ref("o1")}, Sector: "e-government",
		Status: domain.ProgramActive, StartOn: "2015-01-01", EndOn: "2017-12-31",
		Milestones: []domain.Milestone{{On: "2015-06-01", Title: "Master plan", Done: true}, {On: "2016-06-01", Title: "Go live"}},
		Budget:     &domain.Money{Amount: 150050, Currency: "USD"},
		Systems:    []string{"automated immigration system"}, CountriesGiven: []domain.CountryCode{"CO", "PE"},
	}
	if got := formRoundTrip(t, p, new(domain.Program)); !reflect.DeepEqual(got, p) {
		t.Errorf("program:\n got %+v\nwant %+v", got, p)
	}
	krw := &domain.Program{Name: "Won", Status: domain.ProgramPipeline, Budget: &domain.Money{Amount: 1500000, Currency: "KRW"}}
	if got := formRoundTrip(t, krw, new(domain.Program)); !reflect.DeepEqual(got, krw) {
		t.Errorf("program in won: got %+v", got.Budget)
	}
	person := &domain.Person{FullName: "Chong Jong-sup", AltNames: []string{"Chong, Jong-sup", "Minister Chong"}, Country: "KR",
		Positions: []domain.Position{{Title: "Minister", Organization: ref("o1"), From: "2014-11-19"}}}
	if got := formRoundTrip(t, person, new(domain.Person)); !reflect.DeepEqual(got, person) {
		t.Errorf("person:\n got %+v\nwant %+v", got, person)
	}
	e := &domain.Event{Kind: domain.EventForum, Title: "Forum", StartOn: "2015-04-20", Host: ref("o1"),
		Participants: []domain.Participant{{Organization: ref("o2"), Role: "co-host"}}, Outcomes: []string{"One, with a comma"},
		Attendance: "about 100", CountriesGiven: []domain.CountryCode{"PE"}}
	if got := formRoundTrip(t, e, new(domain.Event)); !reflect.DeepEqual(got, e) {
		t.Errorf("event:\n got %+v\nwant %+v", got, e)
	}
	s := &domain.Source{URL: "https://example.org/a", Title: "An article", Publisher: "MOGAHA", PublishedOn: "2015-04-21",
		Language: "en", Text: "Line one\n\nLine two"}
	if got := formRoundTrip(t, s, new(domain.Source)); !reflect.DeepEqual(got, s) {
		t.Errorf("source:\n got %+v\nwant %+v", got, s)
	}
}

func TestDecodeFormReadsWhatPeopleType(t *testing.T) {
	t.Parallel()
	vals := url.Values{
		"kind":                {"mou"},
		"title":               {"  MOU on customs  "},
		"subjects":            {"customs, e-clearance\n\npublic security "},
		"signed_on":           {"2015-02-30"}, // kept as typed, for Validate to report
		"renewal.automatic":   {"on"},
		"renewal.notice_days": {"ninety"},
		"parties[0].id":       {"o1"},
		"parties[0].name":     {"Ministry"},
		"parties[1].id":       {"o2"},
		"present[0].capacity": {"President of Peru"},
		"countries":           {"XX"}, // derived: never read from a form
		"status_history":      {"x"},
		"colour":              {"blue"}, // unknown: ignored
		"id":                  {"forged"},
		"version":             {"7"},
	}
	var a domain.Agreement
	errs := Decode(DecodeValues(formAgreementFields, "new", vals), &a)
	if len(errs) != 1 || errs["renewal.notice_days"] == "" {
		t.Errorf("errors = %v, want one for renewal.notice_days", errs)
	}
	if a.Title != "MOU on customs" || a.SignedOn != "2015-02-30" || !a.Renewal.Automatic {
		t.Errorf("decoded %+v", a)
	}
	if got := strings.Join(a.Subjects, "|"); got != "customs|e-clearance|public security" {
		t.Errorf("subjects = %q", got)
	}
	if len(a.Parties) != 2 || a.Parties[1].ID != "o2" || len(a.Present) != 1 || a.Present[0].Person != nil {
		t.Errorf("rows: parties %+v present %+v", a.Parties, a.Present)
	}
	if a.Countries != nil || a.StatusHistory != nil || a.ID != "" || a.Version != 0 {
		t.Errorf("the form set what it must not: %+v", a)
	}

	var e domain.Event
	Decode(DecodeValues(formEventFields, "new", url.Values{"countries_given": {"Perú, colombia\nKR, Atlantis"}}), &e)
	if got := fmt.Sprint(e.CountriesGiven); got != "[PE CO KR Atlantis]" {
		t.Errorf("countries given = %q, want names read as codes and the unknown kept", got)
	}
}

func TestFormParseAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		digits int
		want   int64
		ok     bool
	}{
		{"1500", 2, 150000, true},
		{"1,500.5", 2, 150050, true},
		{"1 500 000", 0, 1500000, true},
		{".25", 2, 25, true},
		{"-3", 2, -300, true}, // Validate says it must not be negative
		{"1.234", 3, 1234, true},
		{"1.5", 0, 0, false},
		{"1.505", 2, 0, false},
		{"abc", 2, 0, false},
		{"1.-5", 2, 0, false},
		{"", 2, 0, false},
	}
	for _, tt := range tests {
		got, err := formParseAmount(tt.in, tt.digits)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("formParseAmount(%q, %d) = %d, %v; want %d, ok %v", tt.in, tt.digits, got, err, tt.want, tt.ok)
		}
	}
	if s := formMoneyText(domain.Money{Amount: 5, Currency: "USD"}); s != "0.05" {
		t.Errorf("formMoneyText(5 cents) = %q", s)
	}
}

func TestFormRowOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		want int
		ok   bool
	}{
		{"parties[0].id", 0, true},
		{"parties[12]", 12, true},
		{"parties[3].person.name", 3, true},
		{"parties[x].id", 0, false},
		{"parties[01].id", 0, false},
		{"parties[-1].id", 0, false},
		{"parties[99999].id", 0, false},
		{"parties[1]x", 0, false},
		{"partiesx[1].id", 0, false},
		{"title", 0, false},
	}
	for _, tt := range tests {
		n, ok := formRowOf(tt.key, "parties")
		if n != tt.want || ok != tt.ok {
			t.Errorf("formRowOf(%q) = %d, %v; want %d, %v", tt.key, n, ok, tt.want, tt.ok)
		}
	}
}

func TestFormArrange(t *testing.T) {
	t.Parallel()
	vals := url.Values{
		"title":           {"MOU"},
		"parties[0].name": {"A"},
		"parties[2].name": {""}, // blank
		"parties[5].name": {"C"},
		"parties[5].id":   {"c"},
		"parties[7].name": {"D"},
	}
	// Saving drops blank rows and numbers the rest 0, 1, 2; one blank row follows.
	out, rows, _ := Arrange(formAgreementFields, "new", vals, Action{Verb: "save"}, true)
	if out.Get("parties[1].id") != "c" || out.Get("parties[2].name") != "D" || out.Get("title") != "MOU" || rows["parties"] != 4 {
		t.Errorf("save: %v rows %v", out, rows)
	}
	if rows["signatories"] != 1 {
		t.Errorf("an empty group shows one blank row, got %d", rows["signatories"])
	}
	// Removing row 5 keeps the blank row, and adds none.
	out, rows, _ = Arrange(formAgreementFields, "new", vals, ParseAction("remove:parties:5"), false)
	if out.Get("parties[1].name") != "" || out.Get("parties[2].name") != "D" || rows["parties"] != 4 {
		t.Errorf("remove: %v rows %v", out, rows)
	}
	// Adding gives one more row, focused.
	_, rows, focus := Arrange(formAgreementFields, "new", url.Values{"parties[0].name": {"A"}, "parties[1].name": {""}}, ParseAction("add:parties"), false)
	if rows["parties"] != 3 || focus != "parties[2]" {
		t.Errorf("add: rows %v focus %q", rows, focus)
	}
}

func TestFormChanges(t *testing.T) {
	t.Parallel()
	base := url.Values{"name": {"Migraciones"}, "country": {"PE"}, "kind": {"agency"}, "parent.id": {"o1"}, "parent.name": {"Ministry"}}
	now := url.Values{"name": {"Superintendencia Nacional de Migraciones"}, "country": {"PE"}, "kind": {"agency"}}
	yours := url.Values{"name": {"Migraciones"}, "country": {"PE"}, "kind": {"office"}, "parent.id": {"o1"}, "parent.name": {"Ministry"}}
	got := Changes(formOrganizationFields, "edit", base, now, yours, true)
	if len(got) != 2 || got[0].Label != "Name" || got[0].Now != "Superintendencia Nacional de Migraciones" || got[1].Label != "Part of" || got[1].Base != "Ministry" || got[1].Now != "" {
		t.Errorf("changes = %+v", got)
	}
	// Without the version opened, what differs from what is saved now.
	got = Changes(formOrganizationFields, "edit", nil, now, yours, false)
	if len(got) != 3 {
		t.Errorf("changes without a base = %+v", got)
	}
	long := strings.Repeat("text ", 100)
	b, _ := ParseBase(Base(url.Values{"text": {long}, "title": {"A"}}))
	if got := Changes(formSourceFields, "edit", b, url.Values{"text": {long}, "title": {"A"}}, nil, true); len(got) != 0 {
		t.Errorf("a long text unchanged reads as changed: %+v", got)
	}
	if got := Changes(formSourceFields, "edit", b, url.Values{"text": {long + "more"}, "title": {"A"}}, nil, true); len(got) != 1 {
		t.Errorf("a long text changed: %+v", got)
	}
}

func TestFormID(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"title":                      "f-title",
		"parties[0].name":            "f-parties-0-name",
		"signatories[1].person":      "f-signatories-1-person",
		"renewal.notice_days":        "f-renewal-notice-days",
		"section Signing":            "f-section-Signing",
		"cite.source":                "f-cite-source",
		"countries_given":            "f-countries-given",
		"x<script>alert(1)</script>": "f-x-script-alert-1-script",
	} {
		if got := formID(in); got != want {
			t.Errorf("formID(%q) = %q, want %q", in, got, want)
		}
	}
}
