package domain

import (
	"strings"
	"testing"
	"time"
)

func TestCalendarEntries(t *testing.T) {
	changed := time.Date(2015, 5, 1, 8, 0, 0, 0, time.UTC)
	meta := func(id string) Meta { return Meta{ID: id, UpdatedAt: changed} }
	forum := &Event{Meta: meta("ev1"), Kind: EventForum, Title: "Foro de Gobierno Electrónico", StartOn: "2015-04-17", EndOn: "2015-04-18",
		Place: Place{City: "Lima", Country: "PE"}, Countries: []string{"PE"}}
	visit := &Event{Meta: meta("ev2"), Kind: EventOfficialVisit, Title: "Visit", StartOn: "2015-04-20", Countries: []string{"PE", "KR", "CO"}}
	mou := &Agreement{Meta: meta("ag1"), Kind: AgreementMOU, Title: "MOU on customs", SignedOn: "2015-04-17", ExpiresOn: "2018-04-16",
		Renewal: Renewal{Automatic: true, NoticeDays: 90}, Countries: []string{"PE"}, Parties: []Ref{{ID: "o1", Name: "SUNAT"}}}
	open := &Agreement{Meta: meta("ag2"), Kind: AgreementAgreement, Title: "No expiry", SignedOn: "2015-04-17", Countries: []string{"PE"}}
	program := &Program{Meta: meta("pr1"), Name: "전자정부 program", Countries: []string{"PE"},
		Milestones: []Milestone{{On: "2016-01-10", Title: "Launch", Done: true}, {On: "2016-06-30", Title: "Review"}}}

	// The visit and the MOU come twice, as from two countries' dossiers.
	got := CalendarEntries("KR", []*Agreement{mou, open, mou}, []*Event{forum, visit, visit}, []*Program{program})

	want := []struct {
		uid        string
		kind       CalendarKind
		start, end Date
		summary    string
	}{
		{"ev1-event@cooptrack", CalendarEvent, "2015-04-17", "2015-04-19", "Peru: Foro de Gobierno Electrónico"},
		{"ev2-event@cooptrack", CalendarEvent, "2015-04-20", "2015-04-21", "Peru, Colombia: Visit"},
		{calendarUID("pr1", CalendarMilestone, "2016-01-10\x00Launch"), CalendarMilestone, "2016-01-10", "2016-01-11", "Peru: 전자정부 program: Launch"},
		{calendarUID("pr1", CalendarMilestone, "2016-06-30\x00Review"), CalendarMilestone, "2016-06-30", "2016-07-01", "Peru: 전자정부 program: Review"},
		{"ag1-renewal-notice@cooptrack", CalendarRenewalNotice, "2018-01-16", "2018-01-17", "Peru: Renewal notice due: MOU on customs"},
		{"ag1-expiry@cooptrack", CalendarExpiry, "2018-04-16", "2018-04-17", "Peru: Expires: MOU on customs"},
	}
	if len(got) != len(want) {
		for _, e := range got {
			t.Logf("got %s %s %s", e.UID, e.Start, e.Summary)
		}
		t.Fatalf("%d entries, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.UID != w.uid || g.Kind != w.kind || g.Start != w.start || g.End != w.end || g.Summary != w.summary {
			t.Errorf("entry %d = {%s %s %s..%s %q}, want {%s %s %s..%s %q}", i, g.UID, g.Kind, g.Start, g.End, g.Summary, w.uid, w.kind, w.start, w.end, w.summary)
		}
		if !g.Changed.Equal(changed) {
			t.Errorf("entry %d changed %v, want the record's %v", i, g.Changed, changed)
		}
	}
	if d := got[0].Description; !strings.Contains(d, "In Lima, Peru.") || !strings.HasPrefix(d, "Forum") {
		t.Errorf("forum's description %q, want its kind and place", d)
	}
	if d := got[4].Description; !strings.Contains(d, "90 days before the expiry on 16 Apr 2018") {
		t.Errorf("notice's description %q, want the notice period and expiry", d)
	}
	if got[2].UID == got[3].UID {
		t.Error("two milestones of one program share a UID")
	}
	// The same records give the same UIDs on every call.
	again := CalendarEntries("KR", []*Agreement{mou}, []*Event{forum}, []*Program{program})
	if again[0].UID != got[0].UID || again[1].UID != got[2].UID {
		t.Errorf("UIDs changed between calls: %s, %s", again[0].UID, again[1].UID)
	}
}

// TestCalendarEntriesFromTheCatalog: the feed of every country reads
// agreements and events from their catalog lines; the entries they give
// fall on the same days, with the same UIDs and summaries, as those of the
// records.
func TestCalendarEntriesFromTheCatalog(t *testing.T) {
	changed := time.Date(2015, 5, 1, 8, 0, 0, 0, time.UTC)
	visit := &Event{Meta: Meta{ID: "ev", UpdatedAt: changed}, Kind: EventOfficialVisit, Title: "Visita oficial", StartOn: "2015-04-17", EndOn: "2015-04-20",
		Place: Place{City: "Lima", Country: "PE"}, Countries: []string{"PE", "CO"}}
	mou := &Agreement{Meta: Meta{ID: "ag", UpdatedAt: changed}, Kind: AgreementMOU, Title: "양해각서", Status: StatusSigned, SignedOn: "2015-04-17",
		ExpiresOn: "2018-04-16", Renewal: Renewal{NoticeDays: 30}, Countries: []string{"PE"}}
	fromRecords := CalendarEntries("KR", []*Agreement{mou}, []*Event{visit}, nil)
	fromCatalog := CalendarEntries("KR", []*Agreement{CatalogEntryOf(mou).AgreementOf()}, []*Event{CatalogEntryOf(visit).EventOf()}, nil)
	if len(fromRecords) != 3 || len(fromCatalog) != len(fromRecords) {
		t.Fatalf("%d entries from the records, %d from the catalog; want 3 each", len(fromRecords), len(fromCatalog))
	}
	for i, r := range fromRecords {
		c := fromCatalog[i]
		if c.UID != r.UID || c.Start != r.Start || c.End != r.End || c.Summary != r.Summary || !c.Changed.Equal(r.Changed) || c.Record != r.Record {
			t.Errorf("entry %d from the catalog %+v, from the record %+v", i, c, r)
		}
	}
	if (CatalogEntry{Type: TypeEvent}).AgreementOf() != nil {
		t.Error("an event's line gives an agreement")
	}
}
