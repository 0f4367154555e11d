package domain

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseBriefSections(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    []BriefSection
		wantErr string
	}{
		{"", BriefSections, ""},
		{"programs,agreements", []BriefSection{BriefAgreements, BriefPrograms}, ""},
		{" chart , chart,", []BriefSection{BriefChart}, ""},
		{"follow_ups", []BriefSection{BriefFollowUps}, ""},
		{"agreements,party", nil, `unknown section "party"`},
		{",", nil, "names no section"},
		{`{"$gt": ""}`, nil, "unknown section"},
	} {
		got, err := ParseBriefSections(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseBriefSections(%q): error %v, want one saying %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseBriefSections(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

// briefDossier is a small country: two agreements (one due for notice),
// three events around Today, a program with an overdue milestone, a person
// in post, all citing two sources.
func briefDossier() *Dossier {
	cite := func(ids ...string) Meta {
		var m Meta
		for _, id := range ids {
			m.Evidence = append(m.Evidence, Citation{Source: Ref{ID: id, Name: "title of " + id}})
		}
		return m
	}
	withID := func(m Meta, id string) Meta { m.ID = id; return m }
	org := &Organization{Meta: withID(cite(), "o1"), Name: "Ministerio del Perú", Country: "PE"}
	return &Dossier{
		Country:       Country{Code: "PE", Name: "Peru"},
		Organizations: []*Organization{org},
		People: []*Person{
			{Meta: withID(cite("s2"), "p1"), FullName: "Ana Núñez", Country: "PE", Positions: []Position{{Title: "Minister", Organization: &Ref{ID: "o1", Name: org.Name}, From: "2015-01-01"}}},
			{Meta: withID(cite(), "p2"), FullName: "Former Minister", Country: "PE", Positions: []Position{{Title: "Minister", From: "2010-01-01", To: "2014-12-31"}}},
		},
		Agreements: []*Agreement{
			{Meta: withID(cite("s1"), "a1"), Title: "MOU on e-government", Kind: AgreementMOU, Status: StatusSigned, SignedOn: "2015-04-20", ExpiresOn: "2016-04-19", Renewal: Renewal{NoticeDays: 60}, Parties: []Ref{{ID: "o1", Name: org.Name}}},
			{Meta: withID(cite(), "a2"), Title: "Treaty in the works", Kind: AgreementTreaty, Status: StatusUnderNegotiation},
		},
		Events: []*Event{
			{Meta: withID(cite("s1", "s2"), "e1"), Title: "Visit", Kind: EventOfficialVisit, StartOn: "2015-04-17", EndOn: "2015-04-20"},
			{Meta: withID(cite(), "e2"), Title: "Old forum", Kind: EventForum, StartOn: "2012-05-01"},
			{Meta: withID(cite(), "e3"), Title: "Next forum", Kind: EventForum, StartOn: "2016-03-01"},
		},
		Programs: []*Program{
			{Meta: withID(cite("s2"), "g1"), Name: "Master plan", Status: ProgramActive, StartOn: "2015-06-01", Milestones: []Milestone{{On: "2015-12-01", Title: "Plan delivered"}, {On: "2015-08-01", Title: "Kick-off", Done: true}}},
		},
		Sources: []*Source{{Meta: Meta{ID: "s1"}, Title: "Article one", PublishedOn: "2015-04-21"}, {Meta: Meta{ID: "s2"}, Title: "Article two"}},
	}
}

func TestComposeBrief(t *testing.T) {
	b := ComposeBrief(briefDossier(), BriefOptions{Today: "2016-01-15"})

	if b.From != "2014-01-15" || b.To != "" || b.PeriodGiven {
		t.Errorf("period = %s to %q (given %v), want 24 months back, open", b.From, b.To, b.PeriodGiven)
	}
	if got := titles(b.Past); !reflect.DeepEqual(got, []string{"Visit"}) {
		t.Errorf("past engagements = %v, want the visit only (the old forum is before the period)", got)
	}
	if got := titles(b.Ahead); !reflect.DeepEqual(got, []string{"Next forum"}) {
		t.Errorf("engagements ahead = %v, want the next forum", got)
	}
	if len(b.Counterparts) != 1 || b.Counterparts[0].Name != "Ana Núñez" || b.Counterparts[0].Organization != "Ministerio del Perú" {
		t.Errorf("counterparts = %+v, want Ana Núñez only (the former minister left)", b.Counterparts)
	}
	// Footnotes number in print order: the counterpart cites s2 first.
	if len(b.Sources) != 2 || b.Sources[0].ID != "s2" || b.Sources[1].ID != "s1" {
		t.Fatalf("sources = %+v, want s2 then s1", b.Sources)
	}
	if got := b.Past[0].Notes; !reflect.DeepEqual(got, []int{1, 2}) {
		t.Errorf("the visit's notes = %v, want [1 2]", got)
	}
	if b.Agreements[0].Title != "MOU on e-government" || b.Agreements[0].NoticeDueOn != "2016-02-19" || !reflect.DeepEqual(b.Agreements[0].Notes, []int{2}) {
		t.Errorf("first agreement = %+v, want the MOU, notice by 2016-02-19, note 2", b.Agreements[0])
	}
	var follow []string
	for _, f := range b.FollowUps {
		follow = append(follow, f.Kind+" "+string(f.On)+" "+f.Subject)
	}
	want := []string{
		"overdue_milestone 2015-12-01 Master plan",
		"renewal_notice_due 2016-02-19 MOU on e-government",
		"expires 2016-04-19 MOU on e-government",
		"under_negotiation  Treaty in the works",
	}
	if !reflect.DeepEqual(follow, want) {
		t.Errorf("follow-ups:\n got %q\nwant %q", follow, want)
	}
	if b.Figures.Signed != 0 || b.Figures.InForce != 1 || b.Figures.UnderNegotiation != 1 || b.Figures.DueSoon != 1 || b.Figures.Past != 1 || b.Figures.Ahead != 1 {
		t.Errorf("figures = %+v", b.Figures)
	}

	b.Cite(&Source{Meta: Meta{ID: "s1"}, Title: "Article one", Publisher: "Andina", URL: "https://example.org/1"})
	if s := b.Sources[1]; s.Publisher != "Andina" || s.URL != "https://example.org/1" || s.PublishedOn != "2015-04-21" {
		t.Errorf("cited source = %+v, want publisher and URL added, date kept", s)
	}
}

func TestComposeBriefHonoursOptions(t *testing.T) {
	b := ComposeBrief(briefDossier(), BriefOptions{Today: "2016-01-15", From: "2012-01-01", To: "2015-12-31", Sections: []BriefSection{BriefEngagements, BriefChart}})
	if got := titles(b.Past); !reflect.DeepEqual(got, []string{"Visit", "Old forum"}) {
		t.Errorf("past engagements = %v, want the visit and the old forum", got)
	}
	if len(b.Ahead) != 0 {
		t.Errorf("engagements ahead = %v, want none after the period's end", titles(b.Ahead))
	}
	if len(b.Agreements) != 0 || len(b.Counterparts) != 0 || len(b.FollowUps) != 0 || len(b.Programs) != 0 {
		t.Errorf("sections left out were composed: %d agreements, %d counterparts, %d follow-ups, %d programs", len(b.Agreements), len(b.Counterparts), len(b.FollowUps), len(b.Programs))
	}
	want := []YearCount{{2012, 1, 0}, {2013, 0, 0}, {2014, 0, 0}, {2015, 1, 1}}
	if !reflect.DeepEqual(b.PerYear, want) {
		t.Errorf("per year = %v, want %v (within the period)", b.PerYear, want)
	}
	if len(b.Sources) != 2 || !reflect.DeepEqual(b.Past[0].Notes, []int{1, 2}) {
		t.Errorf("sources = %+v; the visit's notes %v: only what is printed is footnoted", b.Sources, b.Past[0].Notes)
	}
}

// A partner with no engagement in the last months still gets a brief that
// says what happened last; a period the reader chose is kept as chosen.
func TestComposeBriefQuietPartner(t *testing.T) {
	for _, tc := range []struct {
		name               string
		opts               BriefOptions
		wantFrom, wantLast Date
		wantQuietSince     Date
		wantPast           []string
	}{
		{"busy: the last 24 months", BriefOptions{Today: "2016-01-15"}, "2014-01-15", "", "", []string{"Visit"}},
		{"quiet: the 24 months to the last engagement", BriefOptions{Today: "2026-11-27"}, "2014-03-01", "2016-03-01", "2024-11-27", []string{"Next forum", "Visit"}},
		{"quiet, period chosen", BriefOptions{Today: "2026-11-27", From: "2025-01-01"}, "2025-01-01", "", "", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := ComposeBrief(briefDossier(), tc.opts)
			if b.From != tc.wantFrom || b.LastEngagedOn != tc.wantLast || b.QuietSince != tc.wantQuietSince {
				t.Errorf("from %s, last engaged on %q, quiet since %q; want %s, %q, %q", b.From, b.LastEngagedOn, b.QuietSince, tc.wantFrom, tc.wantLast, tc.wantQuietSince)
			}
			if got := titles(b.Past); !reflect.DeepEqual(got, tc.wantPast) {
				t.Errorf("past engagements = %v, want %v", got, tc.wantPast)
			}
			if b.Figures.Past != len(tc.wantPast) {
				t.Errorf("figures count %d engagements in the period, want %d", b.Figures.Past, len(tc.wantPast))
			}
		})
	}
}

func titles(list []BriefEngagement) []string {
	out := []string{}
	for _, e := range list {
		out = append(out, e.Title)
	}
	return out
}
