package drawing

import (
	"encoding/xml"
	"errors"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cooptrack/domain"
)

// tlDossier is a small country with a record of every kind, some undated.
func tlDossier() *domain.Dossier {
	return &domain.Dossier{
		Country: domain.Country{Code: "PE", Name: "Peru"},
		Agreements: []*domain.Agreement{
			{Meta: domain.Meta{ID: "a-mou"}, Kind: domain.AgreementMOU, Title: "MOU on e-government", Status: domain.StatusSigned,
				SignedOn: "2015-04-20", ExpiresOn: "2018-04-19", Renewal: domain.Renewal{NoticeDays: 90}},
			{Meta: domain.Meta{ID: "a-open"}, Kind: domain.AgreementAgreement, Title: "Open-ended agreement", Status: domain.StatusSigned,
				SignedOn: "2016-01-10"},
			{Meta: domain.Meta{ID: "a-draft"}, Kind: domain.AgreementMOU, Title: "Undated draft", Status: domain.StatusDraft},
		},
		Events: []*domain.Event{
			{Meta: domain.Meta{ID: "e-visit"}, Kind: domain.EventOfficialVisit, Title: "Official visit", StartOn: "2015-04-17", EndOn: "2015-04-20"},
			{Meta: domain.Meta{ID: "e-forum"}, Kind: domain.EventForum, Title: "Forum", StartOn: "2015-04-20"},
		},
		Programs: []*domain.Program{
			{Meta: domain.Meta{ID: "p-plan"}, Name: "Master plan", Status: domain.ProgramActive, StartOn: "2015-06-01", EndOn: "2016-12-31",
				Milestones: []domain.Milestone{{On: "2015-12-01", Title: "Plan delivered", Done: true}, {On: "2016-06-01", Title: "Pilot"}}},
			{Meta: domain.Meta{ID: "p-undated"}, Name: "Undated program", Status: domain.ProgramPipeline},
		},
		Sources: []*domain.Source{
			{Meta: domain.Meta{ID: "s-article"}, Title: "Minister visits Peru", PublishedOn: "2015-04-21"},
			{Meta: domain.Meta{ID: "s-undated"}, Title: "Undated note"},
		},
	}
}

// tlDrawn is what a drawing holds, read back with an XML parser.
type tlDrawn struct {
	title, desc string
	links       map[string][]string // href → tooltips
	classes     []string            // of the marks
	texts       []string
	eventRows   map[string]bool // the rows (y) of the events' marks
}

// tlParse reads the drawing as XML, failing the test when it is not well
// formed.
func tlParse(t *testing.T, svg string) tlDrawn {
	t.Helper()
	dr := tlDrawn{links: map[string][]string{}, eventRows: map[string]bool{}}
	dec := xml.NewDecoder(strings.NewReader(svg))
	var stack []string
	href := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the drawing is not well-formed XML: %v\n%s", err, svg)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			stack = append(stack, v.Name.Local)
			attr := func(name string) string {
				for _, a := range v.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch {
			case v.Name.Local == "a":
				href = attr("href")
				if _, ok := dr.links[href]; !ok {
					dr.links[href] = nil
				}
			case attr("class") != "":
				dr.classes = append(dr.classes, attr("class"))
				if strings.HasPrefix(href, "/events/") {
					// The middle of the mark's row.
					if cy := attr("cy"); cy != "" {
						dr.eventRows[cy] = true
					} else {
						y, _ := strconv.ParseFloat(attr("y"), 64)
						h, _ := strconv.ParseFloat(attr("height"), 64)
						dr.eventRows[num(y+h/2)] = true
					}
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if v.Name.Local == "a" {
				href = ""
			}
		case xml.CharData:
			text := string(v)
			if len(stack) == 0 {
				continue
			}
			switch parent := stack[len(stack)-1]; {
			case parent == "title" && len(stack) == 2:
				dr.title = text
			case parent == "desc":
				dr.desc = text
			case parent == "title" && href != "":
				dr.links[href] = append(dr.links[href], text)
			case parent == "text":
				dr.texts = append(dr.texts, text)
			}
		}
	}
	return dr
}

func TestTimelineSVG(t *testing.T) {
	t.Parallel()
	type check func(t *testing.T, svg string, dr tlDrawn)
	linked := func(hrefs ...string) check {
		return func(t *testing.T, _ string, dr tlDrawn) {
			t.Helper()
			for _, h := range hrefs {
				if _, ok := dr.links[h]; !ok {
					t.Errorf("no mark links to %s; links: %v", h, dr.links)
				}
			}
		}
	}
	notLinked := func(hrefs ...string) check {
		return func(t *testing.T, _ string, dr tlDrawn) {
			t.Helper()
			for _, h := range hrefs {
				if _, ok := dr.links[h]; ok {
					t.Errorf("a mark links to %s, want none", h)
				}
			}
		}
	}
	tooltip := func(href, want string) check {
		return func(t *testing.T, _ string, dr tlDrawn) {
			t.Helper()
			if !slices.ContainsFunc(dr.links[href], func(s string) bool { return strings.Contains(s, want) }) {
				t.Errorf("tooltips of %s = %q, want one with %q", href, dr.links[href], want)
			}
		}
	}
	hasClass := func(classes ...string) check {
		return func(t *testing.T, _ string, dr tlDrawn) {
			t.Helper()
			for _, c := range classes {
				if !slices.ContainsFunc(dr.classes, func(s string) bool { return slices.Contains(strings.Fields(s), c) }) {
					t.Errorf("no mark of class %q; classes %v", c, dr.classes)
				}
			}
		}
	}
	descSays := func(want string) check {
		return func(t *testing.T, _ string, dr tlDrawn) {
			t.Helper()
			if !strings.Contains(dr.desc, want) {
				t.Errorf("desc = %q, want it to say %q", dr.desc, want)
			}
		}
	}
	contains := func(want string, yes bool) check {
		return func(t *testing.T, svg string, _ tlDrawn) {
			t.Helper()
			if strings.Contains(svg, want) != yes {
				t.Errorf("drawing contains %q: %v, want %v", want, !yes, yes)
			}
		}
	}
	tracks := func(want ...string) check {
		return func(t *testing.T, _ string, dr tlDrawn) {
			t.Helper()
			for _, name := range []string{"Agreements", "Events", "Programs", "Sources"} {
				if got, w := slices.Contains(dr.texts, name), slices.Contains(want, name); got != w {
					t.Errorf("track %s shown: %v, want %v", name, got, w)
				}
			}
		}
	}

	withTitle := func(title string) *domain.Dossier {
		d := tlDossier()
		d.Agreements[0].Title = title
		return d
	}
	oneEvent := &domain.Dossier{Country: domain.Country{Code: "CO", Name: "Colombia"}, Events: []*domain.Event{
		{Meta: domain.Meta{ID: "e1"}, Kind: domain.EventForum, Title: "One day", StartOn: "2015-04-17"},
	}}
	undated := &domain.Dossier{Country: domain.Country{Code: "FR", Name: "France"},
		Agreements: []*domain.Agreement{{Meta: domain.Meta{ID: "a"}, Title: "Draft", Status: domain.StatusDraft}},
		Programs:   []*domain.Program{{Meta: domain.Meta{ID: "p"}, Name: "Idea", Status: domain.ProgramPipeline}},
	}

	cases := []struct {
		name   string
		d      *domain.Dossier
		filter domain.TimelineFilter
		checks []check
	}{
		{
			name: "every mark links to its record",
			d:    tlDossier(),
			checks: []check{
				linked("/agreements/a-mou", "/agreements/a-open", "/events/e-visit", "/events/e-forum", "/programs/p-plan", "/sources/s-article"),
				notLinked("/agreements/a-draft", "/programs/p-undated", "/sources/s-undated"),
				tooltip("/agreements/a-mou", "Signed 20 Apr 2015: MOU on e-government"),
				tooltip("/agreements/a-mou", "in force from 20 Apr 2015 to 19 Apr 2018"),
				tooltip("/agreements/a-mou", "Renewal notice due 19 Jan 2018"),
				tooltip("/agreements/a-open", "no end date"),
				tooltip("/events/e-visit", "17 Apr 2015 – 20 Apr 2015: Official visit"),
				tooltip("/events/e-forum", "20 Apr 2015: Forum"),
				tooltip("/programs/p-plan", "Milestone 1 Dec 2015 (done): Master plan: Plan delivered"),
				tooltip("/programs/p-plan", "Milestone 1 Jun 2016 (open): Master plan: Pilot"),
				tooltip("/sources/s-article", "Published 21 Apr 2015: Minister visits Peru"),
				hasClass("band", "diamond", "notice", "bar", "dot", "milestone-done", "milestone-open", "tick"),
				contains(`url(#tl-out-agreements)`, true), // the open-ended band fades out
				contains(`role="img"`, true),
				contains(`tabindex="-1"`, true),
				tracks("Agreements", "Events", "Programs", "Sources"),
				descSays("From 1 Jan 2015 to 31 Dec 2018: 2 agreements, 2 events, 1 program, 1 source."),
				func(t *testing.T, _ string, dr tlDrawn) {
					if dr.title != "Timeline of Peru" {
						t.Errorf("title = %q", dr.title)
					}
					if len(dr.eventRows) != 2 {
						t.Errorf("the visit and the forum, both on 20 Apr, share a row: rows %v", dr.eventRows)
					}
				},
			},
		},
		{
			name: "a title is escaped",
			d:    withTitle(`<script>alert("x")</script> & co`),
			checks: []check{
				contains("<script>", false),
				contains("&lt;script&gt;", true),
				tooltip("/agreements/a-mou", `Signed 20 Apr 2015: <script>alert("x")</script> & co`),
			},
		},
		{
			name:   "a filter range scales the axis and keeps bands that cover it",
			d:      tlDossier(),
			filter: domain.TimelineFilter{From: "2016-01-01", To: "2016-12-31"},
			checks: []check{
				descSays("From 1 Jan 2016 to 31 Dec 2016"),
				linked("/agreements/a-mou", "/agreements/a-open", "/programs/p-plan"),
				notLinked("/events/e-visit", "/events/e-forum", "/sources/s-article"),
				contains(">2016<", false), // months are labelled: "Jan 2016"
				contains(">Jan 2016<", true),
				contains("None in this range", true),
			},
		},
		{
			name:   "a range under a year is widened to a year",
			d:      tlDossier(),
			filter: domain.TimelineFilter{From: "2015-04-01", To: "2015-04-30"},
			checks: []check{descSays("From 16 Oct 2014 to 15 Oct 2015"), linked("/events/e-visit")},
		},
		{
			name:   "kinds keep their tracks",
			d:      tlDossier(),
			filter: domain.TimelineFilter{Kinds: []domain.TimelineKind{domain.TimelineEvent}},
			checks: []check{tracks("Events"), linked("/events/e-visit"), notLinked("/agreements/a-mou", "/sources/s-article")},
		},
		{
			name:   "one day is drawn on a year",
			d:      oneEvent,
			checks: []check{descSays("From 1 Jan 2015 to 31 Dec 2015: 0 agreements, 1 event"), linked("/events/e1"), hasClass("dot")},
		},
		{
			name:   "many years are labelled by year",
			d:      &domain.Dossier{Events: []*domain.Event{{Meta: domain.Meta{ID: "old"}, Title: "Old", StartOn: "1990-05-01"}, {Meta: domain.Meta{ID: "new"}, Title: "New", StartOn: "2020-05-01"}}},
			checks: []check{contains(">1990<", true), contains(">2020<", true), contains(">Jan 1990<", false)},
		},
		{name: "no dossier", d: nil, checks: []check{contains("No dated records", true), contains(`role="img"`, true)}},
		{name: "empty dossier", d: &domain.Dossier{Country: domain.Country{Code: "FR", Name: "France"}}, checks: []check{contains("No dated records", true)}},
		{name: "only undated records", d: undated, checks: []check{contains("No dated records", true), notLinked("/agreements/a", "/programs/p")}},
		{
			name:   "nothing in the filter's range",
			d:      tlDossier(),
			filter: domain.TimelineFilter{From: "1990-01-01", To: "1990-12-31"},
			checks: []check{contains("No dated records match these filters", true)},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tl := domain.BuildTimeline(tc.d, tc.filter)
			svg := string(timelineSVG(tc.d, tl, tc.filter.From, tc.filter.To))
			dr := tlParse(t, svg)
			for _, c := range tc.checks {
				c(t, svg, dr)
			}
			if again := string(timelineSVG(tc.d, tl, tc.filter.From, tc.filter.To)); again != svg {
				t.Errorf("a second drawing of the same input differs")
			}
		})
	}
}

// TestTimelineSVGIsDeterministic draws the same records given in another
// order: the bytes are the same.
func TestTimelineSVGIsDeterministic(t *testing.T) {
	t.Parallel()
	today := domain.Date("2016-03-01")
	draw := func(d *domain.Dossier) string {
		tl := domain.BuildTimeline(d, domain.TimelineFilter{Today: today})
		return string(Timeline{Dossier: d, Timeline: tl, Today: today, Href: testHref}.SVG())
	}
	want := draw(tlDossier())
	d := tlDossier()
	slices.Reverse(d.Agreements)
	slices.Reverse(d.Events)
	slices.Reverse(d.Programs)
	slices.Reverse(d.Sources)
	if got := draw(d); got != want {
		t.Errorf("the drawing depends on the dossier's order:\n%s\n---\n%s", want, got)
	}
	if !strings.Contains(want, ">Today<") {
		t.Errorf("today (%s) is inside the range but not marked", today)
	}
}

func TestTimelineScale(t *testing.T) {
	t.Parallel()
	cases := []struct {
		first, last, from, to domain.Date
		lo, hi                string
	}{
		{"2015-04-17", "2015-04-21", "", "", "2015-01-01", "2016-01-01"},
		{"2015-04-17", "2018-04-19", "", "", "2015-01-01", "2019-01-01"},
		{"2015-04-17", "2015-04-21", "2015-04-19", "", "2015-04-19", "2016-04-19"},
		{"2015-04-17", "2015-04-21", "", "2015-04-30", "2014-05-01", "2015-05-01"},
		{"2015-04-17", "2015-04-21", "2014-01-01", "2016-12-31", "2014-01-01", "2017-01-01"},
	}
	for _, c := range cases {
		sc := timelineScale(c.first, c.last, c.from, c.to)
		if lo, hi := string(domain.DateOf(sc.lo)), string(domain.DateOf(sc.hi)); lo != c.lo || hi != c.hi {
			t.Errorf("scale(%s..%s, filter %q..%q) = %s..%s, want %s..%s", c.first, c.last, c.from, c.to, lo, hi, c.lo, c.hi)
		}
	}
}

// TestTimelineSVGDrawsTheLatestRecords: past tlMaxRows records a track
// keeps the latest, and says so.
func TestTimelineSVGDrawsTheLatestRecords(t *testing.T) {
	t.Parallel()
	d := &domain.Dossier{Country: domain.Country{Code: "PE", Name: "Peru"}}
	for i := range tlMaxRows + 50 {
		d.Events = append(d.Events, &domain.Event{Meta: domain.Meta{ID: "e" + strconv.Itoa(i)}, Kind: domain.EventOther,
			Title: "Event " + strconv.Itoa(i), StartOn: domain.MustDate("2010-01-01").AddDays(10 * i)})
	}
	tl := domain.BuildTimeline(d, domain.TimelineFilter{})
	dr := tlParse(t, string(timelineSVG(d, tl, "", "")))
	if len(dr.links) != tlMaxRows {
		t.Errorf("%d records drawn, want %d", len(dr.links), tlMaxRows)
	}
	if _, ok := dr.links["/events/e0"]; ok {
		t.Errorf("the earliest event is drawn, want the latest kept")
	}
	if _, ok := dr.links["/events/e"+strconv.Itoa(tlMaxRows+49)]; !ok {
		t.Errorf("the latest event is not drawn")
	}
	if !strings.Contains(dr.desc, "the latest 150 of 200 events") {
		t.Errorf("desc = %q", dr.desc)
	}
}

// timelineSVG draws the timeline t of the dossier d between from and to.
func timelineSVG(d *domain.Dossier, t domain.Timeline, from, to domain.Date) template.HTML {
	return Timeline{Dossier: d, Timeline: t, From: from, To: to, Href: testHref}.SVG()
}

// testHref is where the tests' marks link to.
func testHref(t domain.RecordType, id string) string { return "/" + t.Collection() + "/" + id }

// TestCountryPageStaysBoundedWhateverIsStored draws the chart by year and
// the timeline of a country whose records hold dates ten thousand years
// apart, as records stored before the years were checked may: the chart
// has a bar, and the table a row, for at most domain.MaxYearRows years,
// and the timeline's axis a tick for every 48 units of its width at most.
// Issue 14: the page grew from 20 KB to 5.3 MB.
func TestCountryPageStaysBoundedWhateverIsStored(t *testing.T) {
	t.Parallel()
	d := tlDossier()
	d.Events = append(d.Events, &domain.Event{Meta: domain.Meta{ID: "e-old"}, Kind: domain.EventForum, Title: "Old", StartOn: "0001-01-01"})
	d.Agreements = append(d.Agreements, &domain.Agreement{Meta: domain.Meta{ID: "a-far"}, Kind: domain.AgreementMOU, Title: "Far", Status: domain.StatusSigned, SignedOn: "9999-12-31"})

	chart, err := PerYear(d)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(chart.Rows); n == 0 || n > domain.MaxYearRows {
		t.Errorf("the chart by year has %d rows (%s), want 1 to %d", n, chart.Span(), domain.MaxYearRows)
	}
	if n := len(chart.SVG); n > 40<<10 {
		t.Errorf("the chart by year is %d bytes, want at most 40 KB", n)
	}

	const today = "2016-01-15"
	tl := domain.BuildTimeline(d, domain.TimelineFilter{Today: today})
	svg := string(Timeline{Dossier: d, Timeline: tl, Today: today, Href: testHref}.SVG())
	if n := strings.Count(svg, "<line"); n > int(tlPlotX1-tlPlotX0)/48*2+8 {
		t.Errorf("the timeline draws %d lines, want a tick and a grid line every 48 units at most", n)
	}
	if n := len(svg); n > 60<<10 {
		t.Errorf("the timeline is %d bytes, want at most 60 KB", n)
	}
}
