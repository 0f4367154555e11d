package domain

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestSummarizeSeed(t *testing.T) {
	db := Summarize(seedDossier(), "2015-05-01")

	if db.Country.Code != "PE" || db.Today != "2015-05-01" {
		t.Errorf("country %q today %q, want PE 2015-05-01", db.Country.Code, db.Today)
	}
	wantCounts := map[AgreementStatus]int{
		StatusDraft: 0, StatusUnderNegotiation: 0, StatusSigned: 0,
		StatusInForce: 1, StatusExpired: 0, StatusTerminated: 0,
	}
	if !reflect.DeepEqual(db.AgreementsByStatus, wantCounts) {
		t.Errorf("AgreementsByStatus = %v, want %v", db.AgreementsByStatus, wantCounts)
	}

	wantAgreements := []AgreementSummary{{
		Ref:      RecordRef{Type: TypeAgreement, ID: "agr-egov", Name: "MOU on e-government cooperation"},
		Kind:     AgreementMOU,
		Status:   StatusInForce,
		SignedOn: "2015-04-20",
		Parties: []Ref{
			{ID: "org-mogaha", Name: "Ministry of Government Administration and Home Affairs"},
			{ID: "org-pcm", Name: "Prime Minister's Office"},
		},
	}}
	if !reflect.DeepEqual(db.Agreements, wantAgreements) {
		t.Errorf("Agreements:\ngot  %+v\nwant %+v", db.Agreements, wantAgreements)
	}

	wantPrograms := []ProgramSummary{{
		Ref:    RecordRef{Type: TypeProgram, ID: "prg-modernization", Name: "Civil service modernization project"},
		Status: ProgramActive,
	}}
	if !reflect.DeepEqual(db.ActivePrograms, wantPrograms) {
		t.Errorf("ActivePrograms:\ngot  %+v\nwant %+v", db.ActivePrograms, wantPrograms)
	}

	// Three events on 20 April: the tie goes to the smallest id, the forum.
	wantLast := &EventSummary{
		Ref:     RecordRef{Type: TypeEvent, ID: "evt-forum", Name: "Korea-Peru high-level cooperation forum for e-government"},
		Kind:    EventForum,
		StartOn: "2015-04-20",
		Place:   Place{City: "Lima", Country: "PE"},
	}
	if !reflect.DeepEqual(db.LastEngagement, wantLast) {
		t.Errorf("LastEngagement:\ngot  %+v\nwant %+v", db.LastEngagement, wantLast)
	}
	if db.NextEngagement != nil {
		t.Errorf("NextEngagement = %+v, want nil", db.NextEngagement)
	}
	if len(db.DueSoon) != 0 {
		t.Errorf("DueSoon = %+v, want none", db.DueSoon)
	}

	// Peru's own organizations only (not MOGAHA or the Korea Immigration
	// Service), by the records that link to them.
	wantOrgs := []string{"org-pcm 5", "org-minjus 4", "org-migra 1"}
	if got := counterpartLines(db.TopOrganizations); !reflect.DeepEqual(got, wantOrgs) {
		t.Errorf("TopOrganizations = %q, want %q", got, wantOrgs)
	}
	// Peru's people only: Minister Chong is Korean.
	wantPeople := []string{"per-olaya 1 Minister of Justice and Human Rights"}
	if got := counterpartLines(db.TopPeople); !reflect.DeepEqual(got, wantPeople) {
		t.Errorf("TopPeople = %q, want %q", got, wantPeople)
	}

	wantEvidence := []string{
		"src-article 2015-04-21 agreement/agr-egov",
		"src-article 2015-04-21 event/evt-forum",
		"src-article 2015-04-21 event/evt-visit",
	}
	if got := evidenceLines(db.RecentEvidence); !reflect.DeepEqual(got, wantEvidence) {
		t.Errorf("RecentEvidence = %q, want %q", got, wantEvidence)
	}
	first := db.RecentEvidence[0]
	if first.Source.Name != "Minister Chong to Enhance LAC-ROK Cooperation" || !strings.HasPrefix(first.Quote, "on April 20, Minister Chong signed") {
		t.Errorf("first evidence = %+v, want the article's title and the signing quote", first)
	}
}

func TestSummarizeSeedDuringVisit(t *testing.T) {
	db := Summarize(seedDossier(), "2015-04-18")
	if got := db.Agreements[0].Status; got != StatusSigned {
		t.Errorf("MOU status before signing = %q, want %q", got, StatusSigned)
	}
	if db.LastEngagement == nil || db.LastEngagement.Ref.ID != "evt-visit" || db.LastEngagement.EndOn != "2015-04-20" {
		t.Errorf("LastEngagement = %+v, want the visit ending 2015-04-20", db.LastEngagement)
	}
	if db.NextEngagement == nil || db.NextEngagement.Ref.ID != "evt-forum" {
		t.Errorf("NextEngagement = %+v, want the forum", db.NextEngagement)
	}
}

func counterpartLines(list []Counterpart) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = strings.TrimSpace(fmt.Sprintf("%s %d %s", c.Ref.ID, c.Links, c.Position))
	}
	return out
}

func evidenceLines(list []EvidenceItem) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = fmt.Sprintf("%s %s %s/%s", e.Source.ID, e.PublishedOn, e.CitedBy.Type, e.CitedBy.ID)
	}
	return out
}

func TestSummarizeExpiredAgreement(t *testing.T) {
	d := &Dossier{
		Country: Country{Code: "PE"},
		Agreements: []*Agreement{{
			Meta: Meta{ID: "a-old"}, Kind: AgreementAgreement, Title: "Old agreement", Status: StatusInForce,
			SignedOn: "2010-01-01", ExpiresOn: "2014-12-31", Renewal: Renewal{NoticeDays: 30},
		}},
	}
	const today = "2015-05-01"
	db := Summarize(d, today)
	if got := db.Agreements[0].Status; got != StatusExpired {
		t.Errorf("status = %q, want %q", got, StatusExpired)
	}
	if got := db.AgreementsByStatus[StatusExpired]; got != 1 {
		t.Errorf("AgreementsByStatus[expired] = %d, want 1", got)
	}
	if got := db.AgreementsByStatus[StatusInForce]; got != 0 {
		t.Errorf("AgreementsByStatus[in_force] = %d, want 0", got)
	}
	if len(db.DueSoon) != 0 {
		t.Errorf("DueSoon = %+v, want none for an expired agreement", db.DueSoon)
	}

	tl := BuildTimeline(d, TimelineFilter{Kinds: []TimelineKind{TimelineAgreementExpires}, Today: today})
	want := []string{"2014-12-31 agreement_expires a-old [expired]"}
	if got := entryLines(tl); !reflect.DeepEqual(got, want) {
		t.Errorf("timeline = %q, want %q", got, want)
	}
}

func TestSummarizeDueSoon(t *testing.T) {
	const today = "2015-05-01" // today + 180 days = 2015-10-28
	agreement := func(status AgreementStatus, signed, effective, expires Date, notice int) *Agreement {
		return &Agreement{Meta: Meta{ID: "a"}, Kind: AgreementMOU, Title: "A", Status: status,
			SignedOn: signed, EffectiveOn: effective, ExpiresOn: expires, Renewal: Renewal{NoticeDays: notice}}
	}
	tests := []struct {
		name string
		a    *Agreement
		want []string // "reason on days_left"
	}{
		{"notice and expiry both within the window", agreement(StatusSigned, "2014-01-01", "", "2015-10-01", 90),
			[]string{"renewal_notice_due 2015-07-03 63", "expires 2015-10-01 153"}},
		{"notice within, expiry beyond", agreement(StatusSigned, "2014-01-01", "", "2016-01-01", 200),
			[]string{"renewal_notice_due 2015-06-15 45"}},
		{"expires today", agreement(StatusInForce, "2014-01-01", "", today, 0),
			[]string{"expires 2015-05-01 0"}},
		{"expires on the last day of the window", agreement(StatusSigned, "2014-01-01", "", "2015-10-28", 0),
			[]string{"expires 2015-10-28 180"}},
		{"expires the day after the window", agreement(StatusSigned, "2014-01-01", "", "2015-10-29", 0),
			nil},
		{"notice already past, expiry within", agreement(StatusSigned, "2014-01-01", "", "2015-06-01", 60),
			[]string{"expires 2015-06-01 31"}},
		{"signed, not yet in force", agreement(StatusSigned, "2015-04-01", "2015-06-01", "2015-09-01", 0),
			[]string{"expires 2015-09-01 123"}},
		{"already expired", agreement(StatusSigned, "2014-01-01", "", "2015-04-30", 0), nil},
		{"terminated", agreement(StatusTerminated, "2014-01-01", "", "2015-06-01", 30), nil},
		{"expired by hand", agreement(StatusExpired, "2014-01-01", "", "2015-06-01", 0), nil},
		{"draft", agreement(StatusDraft, "", "", "2015-06-01", 0), nil},
		{"no expiry", agreement(StatusSigned, "2014-01-01", "", "", 0), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := Summarize(&Dossier{Agreements: []*Agreement{tt.a}}, today)
			var got []string
			for _, due := range db.DueSoon {
				got = append(got, fmt.Sprintf("%s %s %d", due.Reason, due.On, due.DaysLeft))
				if due.Ref != (RecordRef{Type: TypeAgreement, ID: "a", Name: "A"}) {
					t.Errorf("Ref = %+v, want the agreement", due.Ref)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DueSoon = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSummarizeDueSoonOrder(t *testing.T) {
	d := &Dossier{Agreements: []*Agreement{
		{Meta: Meta{ID: "b"}, Title: "B", Status: StatusSigned, SignedOn: "2014-01-01", ExpiresOn: "2015-08-01"},
		{Meta: Meta{ID: "c"}, Title: "C", Status: StatusSigned, SignedOn: "2014-01-01", ExpiresOn: "2015-09-30", Renewal: Renewal{NoticeDays: 60}},
		{Meta: Meta{ID: "a"}, Title: "A", Status: StatusSigned, SignedOn: "2014-01-01", ExpiresOn: "2015-08-01"},
	}}
	var got []string
	for _, due := range Summarize(d, "2015-05-01").DueSoon {
		got = append(got, fmt.Sprintf("%s %s %s", due.On, due.Ref.ID, due.Reason))
	}
	want := []string{
		"2015-08-01 a expires",
		"2015-08-01 b expires",
		"2015-08-01 c renewal_notice_due",
		"2015-09-30 c expires",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DueSoon = %q, want %q", got, want)
	}
}

func TestSummarizeAgreementOrder(t *testing.T) {
	d := &Dossier{Agreements: []*Agreement{
		{Meta: Meta{ID: "u2"}, Title: "Beta draft", Status: StatusDraft},
		{Meta: Meta{ID: "s1"}, Title: "Older", Status: StatusSigned, SignedOn: "2010-05-05"},
		{Meta: Meta{ID: "u1"}, Title: "Alpha draft", Status: StatusUnderNegotiation},
		{Meta: Meta{ID: "s3"}, Title: "Same day", Status: StatusSigned, SignedOn: "2015-04-20"},
		{Meta: Meta{ID: "s2"}, Title: "Same day", Status: StatusSigned, SignedOn: "2015-04-20"},
		{Meta: Meta{ID: "s4"}, Title: "Another same day", Status: StatusSigned, SignedOn: "2015-04-20"},
		{Meta: Meta{ID: "u0"}, Title: "Beta draft", Status: StatusDraft},
	}}
	db := Summarize(d, "2015-05-01")
	var got []string
	for _, a := range db.Agreements {
		got = append(got, a.Ref.ID)
	}
	want := []string{"s4", "s2", "s3", "s1", "u1", "u0", "u2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("agreement order = %q, want %q", got, want)
	}
	wantCounts := map[AgreementStatus]int{StatusDraft: 2, StatusUnderNegotiation: 1, StatusInForce: 4}
	for _, s := range AgreementStatuses {
		if got := db.AgreementsByStatus[s]; got != wantCounts[s] {
			t.Errorf("AgreementsByStatus[%s] = %d, want %d", s, got, wantCounts[s])
		}
	}
}

func TestSummarizePrograms(t *testing.T) {
	d := &Dossier{Programs: []*Program{
		{Meta: Meta{ID: "p-old"}, Name: "Old", Status: ProgramActive, StartOn: "2012-01-01", EndOn: "2016-12-31",
			Milestones: []Milestone{
				{On: "2016-06-30", Title: "Final report"},
				{On: "2013-01-01", Title: "Diagnosis", Done: true},
				{On: "2015-09-01", Title: "Roll-out"},
				{On: "2015-09-01", Title: "Pilot review"},
			}},
		{Meta: Meta{ID: "p-new"}, Name: "New", Status: ProgramActive, StartOn: "2015-01-01"},
		{Meta: Meta{ID: "p-undated"}, Name: "Undated", Status: ProgramActive,
			Milestones: []Milestone{{On: "2014-01-01", Title: "Done", Done: true}}},
		{Meta: Meta{ID: "p-pipe"}, Name: "Pipeline", Status: ProgramPipeline, StartOn: "2016-01-01"},
		{Meta: Meta{ID: "p-done"}, Name: "Completed", Status: ProgramCompleted, StartOn: "2010-01-01"},
	}}
	db := Summarize(d, "2015-05-01")
	var got []string
	for _, p := range db.ActivePrograms {
		next := "-"
		if p.NextMilestone != nil {
			next = fmt.Sprintf("%s %s %t", p.NextMilestone.On, p.NextMilestone.Title, p.NextMilestone.Done)
		}
		got = append(got, fmt.Sprintf("%s %d/%d next: %s", p.Ref.ID, p.MilestonesDone, p.MilestonesTotal, next))
	}
	want := []string{
		"p-new 0/0 next: -",
		"p-old 1/4 next: 2015-09-01 Pilot review false",
		"p-undated 1/1 next: -",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ActivePrograms:\ngot  %q\nwant %q", got, want)
	}
	// The summary's milestone is a copy: changing it leaves the program alone.
	db.ActivePrograms[1].NextMilestone.Title = "changed"
	if d.Programs[0].Milestones[3].Title != "Pilot review" {
		t.Errorf("changing the summary changed the program's milestone")
	}
}

func TestSummarizeEngagements(t *testing.T) {
	events := []*Event{
		{Meta: Meta{ID: "e-past"}, Kind: EventSeminar, Title: "Past", StartOn: "2015-01-10"},
		{Meta: Meta{ID: "e-b"}, Kind: EventForum, Title: "Recent B", StartOn: "2015-04-20"},
		{Meta: Meta{ID: "e-a"}, Kind: EventForum, Title: "Recent A", StartOn: "2015-04-20"},
		{Meta: Meta{ID: "e-today"}, Kind: EventBilateralMeeting, Title: "Today", StartOn: "2015-05-01", EndOn: "2015-05-03"},
		{Meta: Meta{ID: "e-far"}, Kind: EventOfficialVisit, Title: "Far", StartOn: "2016-01-01"},
		{Meta: Meta{ID: "e-soon-2"}, Kind: EventConference, Title: "Soon 2", StartOn: "2015-05-02"},
		{Meta: Meta{ID: "e-soon-1"}, Kind: EventConference, Title: "Soon 1", StartOn: "2015-05-02"},
	}
	id := func(e *EventSummary) string {
		if e == nil {
			return "<nil>"
		}
		return e.Ref.ID
	}
	tests := []struct {
		today      Date
		events     []*Event
		last, next string
	}{
		{"2015-05-01", events, "e-today", "e-soon-1"},
		{"2015-04-30", events, "e-a", "e-today"},
		{"2015-04-20", events, "e-a", "e-today"},
		{"2015-04-19", events, "e-past", "e-a"},
		{"2015-01-01", events, "<nil>", "e-past"},
		{"2016-01-01", events, "e-far", "<nil>"},
		{"2015-05-01", nil, "<nil>", "<nil>"},
	}
	for _, tt := range tests {
		t.Run(string(tt.today), func(t *testing.T) {
			db := Summarize(&Dossier{Events: tt.events}, tt.today)
			if got := id(db.LastEngagement); got != tt.last {
				t.Errorf("LastEngagement = %s, want %s", got, tt.last)
			}
			if got := id(db.NextEngagement); got != tt.next {
				t.Errorf("NextEngagement = %s, want %s", got, tt.next)
			}
		})
	}
}

func TestSummarizeTopPeople(t *testing.T) {
	org := func(id string) *Ref { return &Ref{ID: id} }
	person := func(id string) *Ref { return &Ref{ID: id} }
	d := &Dossier{
		Country: Country{Code: "PE"},
		Organizations: []*Organization{
			{Meta: Meta{ID: "o-pe"}, Name: "Peruvian office", Country: "PE", Kind: OrgOffice},
			{Meta: Meta{ID: "o-kr"}, Name: "Korean ministry", Country: "KR", Kind: OrgMinistry},
		},
		People: []*Person{
			// Held a post until last year and holds another now.
			{Meta: Meta{ID: "p-current"}, FullName: "Current", Country: "PE", Positions: []Position{
				{Title: "Director", Organization: org("o-pe"), From: "2010-01-01", To: "2014-12-31"},
				{Title: "Vice Minister", Organization: org("o-pe"), From: "2015-01-01"},
			}},
			// Holds nothing now: the latest post is shown.
			{Meta: Meta{ID: "p-former"}, FullName: "Former", Country: "PE", Positions: []Position{
				{Title: "Adviser", From: "2005-01-01", To: "2008-12-31"},
				{Title: "Minister", From: "2011-07-28", To: "2014-02-24"},
				{Title: "Post with no start", To: "2009-01-01"},
			}},
			// Two posts held today: the one taken up latest.
			{Meta: Meta{ID: "p-two"}, FullName: "Two posts", Country: "PE", Positions: []Position{
				{Title: "Professor", From: "2000-01-01"},
				{Title: "Secretary General", From: "2014-03-01"},
			}},
			// No country recorded, but a post at a Peruvian organization.
			{Meta: Meta{ID: "p-nocountry"}, FullName: "No country", Positions: []Position{
				{Title: "Head of unit", Organization: org("o-pe"), To: "2013-01-01"},
			}},
			// No country, posts only abroad: not Peru's.
			{Meta: Meta{ID: "p-abroad"}, FullName: "Abroad", Positions: []Position{{Title: "Director", Organization: org("o-kr")}}},
			// Korean: not Peru's.
			{Meta: Meta{ID: "p-kr"}, FullName: "Korean", Country: "KR"},
			// Peruvian, but nothing links to them.
			{Meta: Meta{ID: "p-unlinked"}, FullName: "Unlinked", Country: "PE"},
		},
		Agreements: []*Agreement{
			{Meta: Meta{ID: "a1"}, Title: "A1", Status: StatusDraft,
				Parties:     []Ref{{ID: "o-pe"}, {ID: "o-kr"}},
				Signatories: []Signatory{{Person: person("p-current"), Organization: org("o-pe")}, {Person: person("p-kr")}},
				Present:     []Presence{{Person: person("p-current")}, {Person: person("p-former")}, {Capacity: "President of Peru"}}},
		},
		Events: []*Event{
			{Meta: Meta{ID: "e1"}, Title: "E1", StartOn: "2015-01-01",
				Participants: []Participant{{Person: person("p-current")}, {Person: person("p-two")}, {Person: person("p-nocountry")}, {Person: person("p-abroad")}, {Person: person("p-kr")}}},
			{Meta: Meta{ID: "e2"}, Title: "E2", StartOn: "2015-02-01",
				Participants: []Participant{{Person: person("p-former")}, {Person: person("p-two")}}},
		},
	}
	db := Summarize(d, "2015-05-01")
	want := []string{
		"p-current 2 Vice Minister", // a1 (signatory and present: one record), e1
		"p-former 2 Minister",       // a1, e2
		"p-two 2 Secretary General", // e1, e2
		"p-nocountry 1 Head of unit",
	}
	if got := counterpartLines(db.TopPeople); !reflect.DeepEqual(got, want) {
		t.Errorf("TopPeople:\ngot  %q\nwant %q", got, want)
	}
	// o-pe: a1 (party and signatory: one record), p-current, p-nocountry.
	wantOrgs := []string{"o-pe 3"}
	if got := counterpartLines(db.TopOrganizations); !reflect.DeepEqual(got, wantOrgs) {
		t.Errorf("TopOrganizations = %q, want %q", got, wantOrgs)
	}
}

func TestPositionShown(t *testing.T) {
	tests := []struct {
		name      string
		positions []Position
		today     Date
		want      string
	}{
		{"none", nil, "2015-05-01", ""},
		{"held today", []Position{{Title: "Old", To: "2010-01-01"}, {Title: "Now", From: "2014-01-01"}}, "2015-05-01", "Now"},
		{"held today wins over a later future post", []Position{{Title: "Future", From: "2016-01-01"}, {Title: "Now"}}, "2015-05-01", "Now"},
		{"none held: latest start", []Position{{Title: "B", From: "2012-01-01", To: "2013-01-01"}, {Title: "A", From: "2001-01-01", To: "2002-01-01"}}, "2015-05-01", "B"},
		{"none held: same start, latest end", []Position{{Title: "Long", From: "2012-01-01", To: "2014-01-01"}, {Title: "Short", From: "2012-01-01", To: "2012-06-01"}}, "2015-05-01", "Long"},
		{"none held: unknown start counts as earliest", []Position{{Title: "Known", From: "2012-01-01", To: "2013-01-01"}, {Title: "Unknown", To: "2014-01-01"}}, "2015-05-01", "Known"},
		{"all equal: last listed", []Position{{Title: "First"}, {Title: "Second"}}, "2015-05-01", "Second"},
		{"no today: latest", []Position{{Title: "Old", From: "2001-01-01"}, {Title: "New", From: "2011-01-01"}}, "", "New"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pos, ok := positionShown(tt.positions, tt.today)
			if ok != (tt.want != "") || pos.Title != tt.want {
				t.Errorf("positionShown = %q, %t; want %q", pos.Title, ok, tt.want)
			}
		})
	}
}

func TestSummarizeTopOrganizationsLimit(t *testing.T) {
	d := &Dossier{Country: Country{Code: "PE"}}
	// Twelve Peruvian organizations; organization i is a party to i+1
	// agreements, except that the last two tie with the one before them.
	for i := range 12 {
		d.Organizations = append(d.Organizations, &Organization{
			Meta: Meta{ID: fmt.Sprintf("o%02d", i)}, Name: fmt.Sprintf("Org %02d", 11-i), Country: "PE", Kind: OrgAgency,
		})
	}
	d.Organizations = append(d.Organizations, &Organization{Meta: Meta{ID: "o-int"}, Name: "International", Kind: OrgInternational})
	for i := range 12 {
		n := i + 1
		if i >= 10 {
			n = 10
		}
		for j := range n {
			d.Agreements = append(d.Agreements, &Agreement{
				Meta:    Meta{ID: fmt.Sprintf("a%02d-%02d", i, j)},
				Title:   "A",
				Status:  StatusDraft,
				Parties: []Ref{{ID: fmt.Sprintf("o%02d", i)}, {ID: "o-int"}},
			})
		}
	}
	got := counterpartLines(Summarize(d, "2015-05-01").TopOrganizations)
	// o09, o10 and o11 tie on 10 links; by name, "Org 00" (o11) first.
	want := []string{"o11 10", "o10 10", "o09 10", "o08 9", "o07 8", "o06 7", "o05 6", "o04 5", "o03 4", "o02 3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TopOrganizations:\ngot  %q\nwant %q", got, want)
	}
}

func TestSummarizeRecentEvidence(t *testing.T) {
	cite := func(id, source, quote string) Citation {
		return Citation{ID: id, Source: Ref{ID: source, Name: "name kept on the ref " + source}, Quote: quote}
	}
	d := &Dossier{
		Country: Country{Code: "PE"},
		Sources: []*Source{
			{Meta: Meta{ID: "s-2015"}, Title: "2015 article", PublishedOn: "2015-04-21"},
			{Meta: Meta{ID: "s-2014"}, Title: "2014 article", PublishedOn: "2014-03-01"},
			{Meta: Meta{ID: "s-undated"}, Title: "Undated note"},
			// Cited by nobody: no item.
			{Meta: Meta{ID: "s-uncited"}, Title: "Uncited", PublishedOn: "2016-01-01"},
		},
		Agreements: []*Agreement{
			{Meta: Meta{ID: "a1", Evidence: []Citation{cite("c1", "s-2014", "old"), cite("c2", "s-2015", "new")}}, Title: "A1", Status: StatusDraft},
		},
		Events: []*Event{
			{Meta: Meta{ID: "e1", Evidence: []Citation{cite("c3", "s-undated", ""), cite("c4", "s-missing", "not in dossier")}}, Title: "E1", StartOn: "2015-01-01"},
		},
		Organizations: []*Organization{
			{Meta: Meta{ID: "o1", Evidence: []Citation{cite("c5", "s-2015", "org")}}, Name: "O1", Country: "PE", Kind: OrgOffice},
		},
		People: []*Person{
			{Meta: Meta{ID: "p1", Evidence: []Citation{cite("c6", "s-2015", "person")}}, FullName: "P1", Country: "PE"},
		},
		Programs: []*Program{
			{Meta: Meta{ID: "g1", Evidence: []Citation{cite("c7", "s-2014", "program")}}, Name: "G1", Status: ProgramActive},
		},
	}
	got := evidenceLines(Summarize(d, "2015-05-01").RecentEvidence)
	want := []string{
		"s-2015 2015-04-21 agreement/a1",
		"s-2015 2015-04-21 organization/o1",
		"s-2015 2015-04-21 person/p1",
		"s-2014 2014-03-01 agreement/a1",
		"s-2014 2014-03-01 program/g1",
		"s-missing  event/e1",
		"s-undated  event/e1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RecentEvidence:\ngot  %q\nwant %q", got, want)
	}
	items := Summarize(d, "2015-05-01").RecentEvidence
	if items[0].Source.Name != "2015 article" || items[0].Quote != "new" {
		t.Errorf("first item = %+v, want the source's title and the quote", items[0])
	}
	if items[5].Source.Name != "name kept on the ref s-missing" {
		t.Errorf("item of a source outside the dossier = %+v, want the name kept on the citation", items[5])
	}

	// At most ten, the newest kept.
	var many []Citation
	for i := range 12 {
		src := fmt.Sprintf("s%02d", i)
		d.Sources = append(d.Sources, &Source{Meta: Meta{ID: src}, Title: src, PublishedOn: Date(fmt.Sprintf("2016-01-%02d", i+1))})
		many = append(many, cite(fmt.Sprintf("m%02d", i), src, ""))
	}
	d.Events[0].Evidence = many
	got = evidenceLines(Summarize(d, "2016-05-01").RecentEvidence)
	if len(got) != 10 || got[0] != "s11 2016-01-12 event/e1" || got[9] != "s02 2016-01-03 event/e1" {
		t.Errorf("RecentEvidence of many = %q, want the ten newest, s11 to s02", got)
	}
}

func TestSummarizeEmpty(t *testing.T) {
	for name, d := range map[string]*Dossier{"empty": {Country: Country{Code: "PE", Name: "Peru"}}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			db := Summarize(d, "2015-05-01")
			if db.Agreements == nil || db.ActivePrograms == nil || db.DueSoon == nil ||
				db.TopOrganizations == nil || db.TopPeople == nil || db.RecentEvidence == nil {
				t.Errorf("a list is nil: %+v", db)
			}
			if db.LastEngagement != nil || db.NextEngagement != nil {
				t.Errorf("engagements = %v, %v; want nil", db.LastEngagement, db.NextEngagement)
			}
			if len(db.AgreementsByStatus) != len(AgreementStatuses) {
				t.Errorf("AgreementsByStatus = %v, want every status", db.AgreementsByStatus)
			}
			b, err := json.Marshal(db)
			if err != nil {
				t.Fatal(err)
			}
			for _, part := range []string{
				`"agreements":[]`, `"active_programs":[]`, `"due_soon":[]`,
				`"top_organizations":[]`, `"top_people":[]`, `"recent_evidence":[]`,
				`"last_engagement":null`, `"next_engagement":null`,
				`"agreements_by_status":{"draft":0,"expired":0,"in_force":0,"signed":0,"terminated":0,"under_negotiation":0}`,
				`"today":"2015-05-01"`,
			} {
				if !strings.Contains(string(b), part) {
					t.Errorf("JSON has no %s:\n%s", part, b)
				}
			}
		})
	}
}

func TestDashboardJSONNames(t *testing.T) {
	db := Summarize(&Dossier{
		Country: Country{Code: "PE"},
		Agreements: []*Agreement{{Meta: Meta{ID: "a"}, Kind: AgreementMOU, Title: "A", Status: StatusSigned,
			SignedOn: "2015-01-01", EffectiveOn: "2015-02-01", ExpiresOn: "2015-08-01", Parties: nil}},
		Programs: []*Program{{Meta: Meta{ID: "p"}, Name: "P", Status: ProgramActive, StartOn: "2015-01-01", EndOn: "2016-01-01",
			Milestones: []Milestone{{On: "2015-06-01", Title: "M"}}}},
		Events: []*Event{{Meta: Meta{ID: "e"}, Kind: EventForum, Title: "E", StartOn: "2015-04-01", EndOn: "2015-04-02", Place: Place{City: "Lima", Country: "PE"}}},
	}, "2015-05-01")
	b, err := json.Marshal(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{
		`"agreements":[{"record":{"type":"agreement","id":"a","name":"A"},"kind":"mou","status":"in_force","signed_on":"2015-01-01","effective_on":"2015-02-01","expires_on":"2015-08-01","parties":[]}]`,
		`"active_programs":[{"record":{"type":"program","id":"p","name":"P"},"status":"active","start_on":"2015-01-01","end_on":"2016-01-01","milestones_done":0,"milestones_total":1,"next_milestone":{"on":"2015-06-01","title":"M","done":false}}]`,
		`"last_engagement":{"record":{"type":"event","id":"e","name":"E"},"kind":"forum","start_on":"2015-04-01","end_on":"2015-04-02","place":{"city":"Lima","country":"PE"}}`,
		`"due_soon":[{"record":{"type":"agreement","id":"a","name":"A"},"reason":"expires","on":"2015-08-01","days_left":92}]`,
	} {
		if !strings.Contains(string(b), part) {
			t.Errorf("JSON has no %s:\n%s", part, b)
		}
	}
}
