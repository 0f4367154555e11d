package domain

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// seedDossier is Peru's dossier as the seed article
// (seeds/lac-rok-cooperation-2015.txt) gives it: the e-government MOU with the
// Prime Minister's Office, the visit of 17 to 20 April 2015, the forum and the
// two bilateral meetings of 20 April, the programs Peru asked for, and the
// article itself, published on 21 April.
func seedDossier() *Dossier {
	peru, ok := LookupCountry("PE")
	if !ok {
		panic("no country PE")
	}
	ref := func(id, name string) *Ref { return &Ref{ID: id, Name: name} }
	const (
		mogaha = "Ministry of Government Administration and Home Affairs"
		pcm    = "Prime Minister's Office"
		minjus = "Ministry of Justice and Human Rights"
		migra  = "National Superintendency of Migration"
		kis    = "Korea Immigration Service"
		chong  = "Chong Jong-sup"
		olaya  = "Gustavo Olaya"
		mou    = "MOU on e-government cooperation"
		visit  = "Minister Chong's visit to Colombia and Peru"
		forum  = "Korea-Peru high-level cooperation forum for e-government"
		meetSG = "Bilateral meeting with the Secretary General of the Prime Minister's Office"
		meetMJ = "Bilateral meeting with the Minister of Justice and Human Rights"
		srcT   = "Minister Chong to Enhance LAC-ROK Cooperation"
	)
	cite := func(id, quote string, supports ...string) []Citation {
		return []Citation{{ID: id, Source: Ref{ID: "src-article", Name: srcT}, Quote: quote, Supports: supports}}
	}
	return &Dossier{
		Country: peru,
		Organizations: []*Organization{
			{Meta: Meta{ID: "org-mogaha"}, Name: mogaha, Acronym: "MOGAHA", Country: "KR", Kind: OrgMinistry},
			{Meta: Meta{ID: "org-pcm"}, Name: pcm, Acronym: "PCM", Country: "PE", Kind: OrgOffice},
			{Meta: Meta{ID: "org-minjus"}, Name: minjus, Acronym: "MINJUSDH", Country: "PE", Kind: OrgMinistry},
			{Meta: Meta{ID: "org-migra"}, Name: migra, Acronym: "MIGRACIONES", Country: "PE", Kind: OrgAgency},
			{Meta: Meta{ID: "org-kis"}, Name: kis, Country: "KR", Kind: OrgAgency},
		},
		People: []*Person{
			{Meta: Meta{ID: "per-chong"}, FullName: chong, AltNames: []string{"Chong, Jong-sup"}, Country: "KR",
				Positions: []Position{{Title: "Minister of Government Administration and Home Affairs", Organization: ref("org-mogaha", mogaha)}}},
			{Meta: Meta{ID: "per-olaya"}, FullName: olaya, Country: "PE",
				Positions: []Position{{Title: "Minister of Justice and Human Rights", Organization: ref("org-minjus", minjus)}}},
		},
		Agreements: []*Agreement{{
			Meta: Meta{ID: "agr-egov", Evidence: cite("cit-mou",
				"on April 20, Minister Chong signed the MOU for e-government with the Prime Minister's Office of Peru.", "signed_on", "parties")},
			Kind:        AgreementMOU,
			Title:       mou,
			Subjects:    []string{"e-government"},
			Parties:     []Ref{{ID: "org-mogaha", Name: mogaha}, {ID: "org-pcm", Name: pcm}},
			Countries:   []string{"KR", "PE"},
			Signatories: []Signatory{{Person: ref("per-chong", chong), Organization: ref("org-mogaha", mogaha), Capacity: "Minister"}},
			Present:     []Presence{{Capacity: "President of the Republic of Korea"}, {Capacity: "President of Peru"}},
			Place:       Place{City: "Lima", Country: "PE"},
			SignedOn:    "2015-04-20",
			Status:      StatusSigned,
		}},
		Events: []*Event{
			{Meta: Meta{ID: "evt-visit", Evidence: cite("cit-visit", "paid a visit to Colombia and Peru from April 17 to 20", "start_on", "end_on")},
				Kind: EventOfficialVisit, Title: visit, StartOn: "2015-04-17", EndOn: "2015-04-20",
				Participants:   []Participant{{Person: ref("per-chong", chong), Role: "head of delegation"}},
				CountriesGiven: []CountryCode{"CO", "PE"}, Countries: []string{"CO", "KR", "PE"}},
			{Meta: Meta{ID: "evt-forum", Evidence: cite("cit-forum", "co-hosted the Korea-Peru high-level cooperation forum for e-government on April 20", "start_on")},
				Kind: EventForum, Title: forum, StartOn: "2015-04-20", Place: Place{City: "Lima", Country: "PE"},
				Host: ref("org-mogaha", mogaha),
				Participants: []Participant{
					{Organization: ref("org-pcm", pcm), Role: "co-host"},
					{Organization: ref("org-minjus", minjus), Role: "co-host"},
					{Organization: ref("org-kis", kis)},
				},
				Attendance: "About 100 high-level officials including five ministers or vice ministers",
				Parent:     ref("evt-visit", visit), Countries: []string{"KR", "PE"}},
			{Meta: Meta{ID: "evt-meet-sg"}, Kind: EventBilateralMeeting, Title: meetSG, StartOn: "2015-04-20",
				Place:        Place{City: "Lima", Country: "PE"},
				Participants: []Participant{{Person: ref("per-chong", chong)}, {Organization: ref("org-pcm", pcm), Role: "Secretary General"}},
				Parent:       ref("evt-visit", visit)},
			{Meta: Meta{ID: "evt-meet-mj"}, Kind: EventBilateralMeeting, Title: meetMJ, StartOn: "2015-04-20",
				Place:        Place{City: "Lima", Country: "PE"},
				Participants: []Participant{{Person: ref("per-chong", chong)}, {Person: ref("per-olaya", olaya)}, {Organization: ref("org-minjus", minjus)}},
				Outcomes:     []string{"Peru expressed great interest in adopting the Korean criminal justice information system"},
				Parent:       ref("evt-visit", visit)},
		},
		Programs: []*Program{
			{Meta: Meta{ID: "prg-modernization"}, Name: "Civil service modernization project", Status: ProgramActive,
				Beneficiaries: []Ref{{ID: "org-pcm", Name: pcm}}, Agreements: []Ref{{ID: "agr-egov", Name: mou}}},
			{Meta: Meta{ID: "prg-immigration"}, Name: "Immigration modernization program", Status: ProgramPipeline,
				Parent:        ref("prg-modernization", "Civil service modernization project"),
				Beneficiaries: []Ref{{ID: "org-migra", Name: migra}}, Partners: []Ref{{ID: "org-kis", Name: kis}},
				Systems: []string{"automated immigration"}},
			{Meta: Meta{ID: "prg-justice"}, Name: "Criminal justice system modernization program", Status: ProgramPipeline,
				Parent:        ref("prg-modernization", "Civil service modernization project"),
				Beneficiaries: []Ref{{ID: "org-minjus", Name: minjus}},
				Systems:       []string{"criminal justice information system"}},
			{Meta: Meta{ID: "prg-egov-plan"}, Name: "E-government master plan and systems", Status: ProgramCompleted,
				Beneficiaries: []Ref{{ID: "org-pcm", Name: pcm}},
				Systems:       []string{"customs e-clearance", "e-patent", "automated immigration"}},
		},
		Sources: []*Source{{
			Meta:        Meta{ID: "src-article"},
			Title:       srcT,
			Publisher:   "Ministry of Government Administration and Home Affairs",
			PublishedOn: "2015-04-21",
			Language:    "en",
		}},
	}
}

// entryLine renders an entry compactly for comparisons.
func entryLine(e TimelineEntry) string {
	s := string(e.Date)
	if e.EndOn != "" {
		s += ".." + string(e.EndOn)
	}
	s += " " + string(e.Kind) + " " + e.Record.ID
	if e.Status != "" {
		s += " [" + e.Status + "]"
	}
	return s
}

func entryLines(t Timeline) []string {
	out := make([]string, len(t.Entries))
	for i, e := range t.Entries {
		out[i] = entryLine(e)
	}
	return out
}

func TestBuildTimelineSeed(t *testing.T) {
	tl := BuildTimeline(seedDossier(), TimelineFilter{Today: "2015-05-01"})

	if tl.Country != "PE" {
		t.Errorf("Country = %q, want PE", tl.Country)
	}
	want := []string{
		"2015-04-17..2015-04-20 event evt-visit",
		"2015-04-20 agreement_signed agr-egov [in_force]",
		"2015-04-20 event evt-meet-mj", // titles: "Bilateral meeting with the Minister…"
		"2015-04-20 event evt-meet-sg", // "Bilateral meeting with the Secretary…"
		"2015-04-20 event evt-forum",   // "Korea-Peru high-level…"
		"2015-04-21 source_published src-article",
	}
	if got := entryLines(tl); !reflect.DeepEqual(got, want) {
		t.Errorf("entries:\ngot  %q\nwant %q", got, want)
	}

	first := tl.Entries[1]
	wantFirst := TimelineEntry{
		Date:   "2015-04-20",
		Kind:   TimelineAgreementSigned,
		Title:  "MOU on e-government cooperation",
		Record: RecordRef{Type: TypeAgreement, ID: "agr-egov", Name: "MOU on e-government cooperation"},
		Status: string(StatusInForce),
	}
	if first != wantFirst {
		t.Errorf("agreement entry:\ngot  %+v\nwant %+v", first, wantFirst)
	}
	if got, want := tl.Entries[0].Title, "Minister Chong's visit to Colombia and Peru"; got != want {
		t.Errorf("event title = %q, want %q", got, want)
	}
}

// syntheticDossier returns a dossier with one record of each dated kind, for the
// filter and ordering cases.
func syntheticDossier() *Dossier {
	return &Dossier{
		Country: Country{Code: "PE", Name: "Peru"},
		Agreements: []*Agreement{
			{Meta: Meta{ID: "a1"}, Kind: AgreementAgreement, Title: "Agreement one", Status: StatusSigned,
				SignedOn: "2020-01-10", EffectiveOn: "2020-03-01", ExpiresOn: "2025-03-01", Renewal: Renewal{NoticeDays: 90}},
			// effective on the day of signing: no separate entry into force.
			{Meta: Meta{ID: "a2"}, Kind: AgreementMOU, Title: "Agreement two", Status: StatusSigned,
				SignedOn: "2021-06-01", EffectiveOn: "2021-06-01"},
			// not signed yet: no dated entry at all.
			{Meta: Meta{ID: "a3"}, Kind: AgreementMOU, Title: "Agreement three", Status: StatusDraft},
		},
		Events: []*Event{
			{Meta: Meta{ID: "e1"}, Kind: EventConference, Title: "Long conference", StartOn: "2020-02-27", EndOn: "2020-03-02"},
			{Meta: Meta{ID: "e2"}, Kind: EventSeminar, Title: "One-day seminar", StartOn: "2020-03-01", EndOn: "2020-03-01"},
		},
		Programs: []*Program{
			{Meta: Meta{ID: "p1"}, Name: "Program", Status: ProgramActive, StartOn: "2020-01-10", EndOn: "2022-12-31",
				Milestones: []Milestone{
					{On: "2020-06-30", Title: "Diagnosis", Done: true},
					{On: "2021-06-30", Title: "Pilot"},
				}},
			{Meta: Meta{ID: "p0"}, Name: "Undated program", Status: ProgramPipeline},
		},
		Sources: []*Source{
			{Meta: Meta{ID: "s1"}, Title: "Article", PublishedOn: "2020-01-11"},
			{Meta: Meta{ID: "s0"}, Title: "Undated note"},
		},
	}
}

func TestBuildTimelineFilters(t *testing.T) {
	all := []string{
		"2020-01-10 agreement_signed a1 [in_force]",
		"2020-01-10 program_start p1 [active]",
		"2020-01-11 source_published s1",
		"2020-02-27..2020-03-02 event e1",
		"2020-03-01 agreement_in_force a1 [in_force]",
		"2020-03-01 event e2",
		"2020-06-30 program_milestone p1 [done]",
		"2021-06-01 agreement_signed a2 [in_force]",
		"2021-06-30 program_milestone p1 [open]",
		"2022-12-31 program_end p1 [active]",
		"2024-12-01 agreement_renewal_notice_due a1 [in_force]",
		"2025-03-01 agreement_expires a1 [in_force]",
	}
	tests := []struct {
		name   string
		filter TimelineFilter
		want   []string
	}{
		{"no filter", TimelineFilter{Today: "2023-01-01"}, all},
		{"from inclusive, event overlapping from kept", TimelineFilter{From: "2020-03-01", To: "2020-06-30", Today: "2023-01-01"}, []string{
			"2020-02-27..2020-03-02 event e1",
			"2020-03-01 agreement_in_force a1 [in_force]",
			"2020-03-01 event e2",
			"2020-06-30 program_milestone p1 [done]",
		}},
		{"event ending on from kept", TimelineFilter{From: "2020-03-02", To: "2020-03-02"}, []string{
			"2020-02-27..2020-03-02 event e1",
		}},
		{"event ending before from dropped", TimelineFilter{From: "2020-03-03", To: "2020-06-29"}, []string{}},
		{"to only", TimelineFilter{To: "2020-01-10", Today: "2023-01-01"}, []string{
			"2020-01-10 agreement_signed a1 [in_force]",
			"2020-01-10 program_start p1 [active]",
		}},
		{"event starting after to dropped", TimelineFilter{From: "2020-01-12", To: "2020-02-26"}, []string{}},
		{"kinds", TimelineFilter{Kinds: []TimelineKind{TimelineEvent, TimelineAgreementExpires}, Today: "2026-01-01"}, []string{
			"2020-02-27..2020-03-02 event e1",
			"2020-03-01 event e2",
			"2025-03-01 agreement_expires a1 [expired]",
		}},
		{"kinds and dates", TimelineFilter{From: "2021-01-01", Kinds: []TimelineKind{TimelineProgramMilestone, TimelineProgramEnd}}, []string{
			"2021-06-30 program_milestone p1 [open]",
			"2022-12-31 program_end p1 [active]",
		}},
		{"no today: agreements carry no status", TimelineFilter{Kinds: []TimelineKind{TimelineAgreementSigned}}, []string{
			"2020-01-10 agreement_signed a1",
			"2021-06-01 agreement_signed a2",
		}},
		{"status on today before signing", TimelineFilter{Kinds: []TimelineKind{TimelineAgreementSigned}, Today: "2020-01-01"}, []string{
			"2020-01-10 agreement_signed a1 [signed]",
			"2021-06-01 agreement_signed a2 [signed]",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := BuildTimeline(syntheticDossier(), tt.filter)
			if got := entryLines(tl); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("entries:\ngot  %q\nwant %q", got, tt.want)
			}
			if tl.From != tt.filter.From || tl.To != tt.filter.To || !reflect.DeepEqual(tl.Kinds, tt.filter.Kinds) {
				t.Errorf("timeline echoes from %q to %q kinds %v, want %q %q %v", tl.From, tl.To, tl.Kinds, tt.filter.From, tt.filter.To, tt.filter.Kinds)
			}
		})
	}
}

func TestBuildTimelineTitles(t *testing.T) {
	tl := BuildTimeline(syntheticDossier(), TimelineFilter{Kinds: []TimelineKind{TimelineProgramMilestone, TimelineAgreementRenewalNoticeDue}})
	var got []string
	for _, e := range tl.Entries {
		got = append(got, e.Title+" <"+string(e.Record.Type)+":"+e.Record.ID+":"+e.Record.Name+">")
	}
	want := []string{
		"Program: Diagnosis <program:p1:Program>",
		"Program: Pilot <program:p1:Program>",
		"Agreement one <agreement:a1:Agreement one>",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("titles:\ngot  %q\nwant %q", got, want)
	}
}

func TestBuildTimelineTieBreaks(t *testing.T) {
	// All on one day: kinds in the order of TimelineKinds, then titles, then
	// record ids, whatever order the dossier lists them in.
	d := &Dossier{
		Country: Country{Code: "PE"},
		Sources: []*Source{{Meta: Meta{ID: "s1"}, Title: "A source", PublishedOn: "2015-04-20"}},
		Events: []*Event{
			{Meta: Meta{ID: "e3"}, Title: "Same title", StartOn: "2015-04-20"},
			{Meta: Meta{ID: "e1"}, Title: "Zeta", StartOn: "2015-04-20"},
			{Meta: Meta{ID: "e2"}, Title: "Same title", StartOn: "2015-04-20"},
			{Meta: Meta{ID: "e0"}, Title: "Alpha", StartOn: "2015-04-20"},
		},
		Programs: []*Program{{Meta: Meta{ID: "p1"}, Name: "A program", Status: ProgramActive, StartOn: "2015-04-20"}},
		Agreements: []*Agreement{
			{Meta: Meta{ID: "a9"}, Title: "Zulu MOU", Status: StatusSigned, SignedOn: "2015-04-20"},
			{Meta: Meta{ID: "a8"}, Title: "Alpha MOU", Status: StatusSigned, SignedOn: "2015-04-19", EffectiveOn: "2015-04-20"},
		},
	}
	want := []string{
		"2015-04-19 agreement_signed a8",
		"2015-04-20 agreement_signed a9",
		"2015-04-20 agreement_in_force a8",
		"2015-04-20 event e0",
		"2015-04-20 event e2",
		"2015-04-20 event e3",
		"2015-04-20 event e1",
		"2015-04-20 program_start p1 [active]",
		"2015-04-20 source_published s1",
	}
	for range 2 {
		if got := entryLines(BuildTimeline(d, TimelineFilter{})); !reflect.DeepEqual(got, want) {
			t.Errorf("entries:\ngot  %q\nwant %q", got, want)
		}
		// The same dossier listed backwards gives the same timeline.
		slices.Reverse(d.Events)
		slices.Reverse(d.Agreements)
	}
}

func TestBuildTimelineEmpty(t *testing.T) {
	for name, d := range map[string]*Dossier{"empty": {Country: Country{Code: "PE"}}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			tl := BuildTimeline(d, TimelineFilter{Today: "2015-05-01"})
			if tl.Entries == nil || len(tl.Entries) != 0 {
				t.Errorf("Entries = %#v, want an empty non-nil slice", tl.Entries)
			}
			b, err := json.Marshal(tl)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), `"entries":[]`) {
				t.Errorf("JSON = %s, want entries as []", b)
			}
		})
	}
}

func TestTimelineJSON(t *testing.T) {
	tl := BuildTimeline(seedDossier(), TimelineFilter{From: "2015-04-17", Kinds: []TimelineKind{TimelineEvent}, Today: "2015-05-01"})
	b, err := json.Marshal(tl.Entries[0])
	if err != nil {
		t.Fatal(err)
	}
	want := `{"date":"2015-04-17","end_on":"2015-04-20","kind":"event","title":"Minister Chong's visit to Colombia and Peru","record":{"type":"event","id":"evt-visit","name":"Minister Chong's visit to Colombia and Peru"}}`
	if string(b) != want {
		t.Errorf("entry JSON:\ngot  %s\nwant %s", b, want)
	}
	var m map[string]any
	b, _ = json.Marshal(tl)
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"country", "from_on", "kinds", "entries"} {
		if _, ok := m[key]; !ok {
			t.Errorf("timeline JSON %s has no %q", b, key)
		}
	}
}

func TestParseTimelineKinds(t *testing.T) {
	tests := []struct {
		in      string
		want    []TimelineKind
		wantErr string // the unknown kind named in the error, "" for none
	}{
		{"", nil, ""},
		{" , ", nil, ""},
		{"event", []TimelineKind{TimelineEvent}, ""},
		{"agreement_signed,event", []TimelineKind{TimelineAgreementSigned, TimelineEvent}, ""},
		{" source_published , program_milestone ,", []TimelineKind{TimelineSourcePublished, TimelineProgramMilestone}, ""},
		{"event,event", []TimelineKind{TimelineEvent}, ""},
		{"event,visit", nil, "visit"},
		{"Event", nil, "Event"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTimelineKinds(tt.in)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseTimelineKinds(%q) error %v, want none", tt.in, err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("ParseTimelineKinds(%q) = %#v, want %#v", tt.in, got, tt.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID {
				t.Fatalf("ParseTimelineKinds(%q) error %v, want an *Error %s", tt.in, err, EINVALID)
			}
			if msg := e.Fields["kinds"]; !strings.Contains(msg, `"`+tt.wantErr+`"`) {
				t.Errorf("Fields[kinds] = %q, want it to name %q", msg, tt.wantErr)
			}
			if got != nil {
				t.Errorf("kinds = %v, want nil with an error", got)
			}
		})
	}
}

func TestTimelineFilterValidate(t *testing.T) {
	tests := []struct {
		name   string
		filter TimelineFilter
		want   []string // fields at fault
	}{
		{"empty", TimelineFilter{}, nil},
		{"ordered", TimelineFilter{From: "2015-01-01", To: "2015-12-31", Kinds: []TimelineKind{TimelineEvent}}, nil},
		{"same day", TimelineFilter{From: "2015-01-01", To: "2015-01-01"}, nil},
		{"reversed", TimelineFilter{From: "2015-12-31", To: "2015-01-01"}, []string{"to_on"}},
		{"not a date", TimelineFilter{From: "2015-02-30", Today: "today"}, []string{"from_on", "today"}},
		{"unknown kind", TimelineFilter{Kinds: []TimelineKind{"visit"}}, []string{"kinds"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.filter.Validate()
			var got []string
			var e *Error
			if errors.As(err, &e) {
				for f := range e.Fields {
					got = append(got, f)
				}
			} else if err != nil {
				t.Fatalf("Validate() = %v, want nil or an *Error", err)
			}
			slices.Sort(got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fields at fault = %q, want %q (err %v)", got, tt.want, err)
			}
		})
	}
}
