package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// countryServer is the application on the store, with the demo data set
// loaded, on testToday.
func countryServer(t *testing.T, db *repository.DB) http.Handler {
	t.Helper()
	storetest.LoadDemo(t, db, "")
	srv := New(storesOf(db))
	srv.Now = func() time.Time { return testToday }
	return asRole(t, db, domain.RoleAdmin, srv)
}

// countryGet requests a page and parses it, failing the test unless the
// status is the one wanted.
func countryGet(t *testing.T, h http.Handler, path string, status int) (*httptest.ResponseRecorder, *goquery.Document) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept", "text/html")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != status {
		t.Fatalf("GET %s: status %d, want %d: %.500s", path, rec.Code, status, rec.Body.String())
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return rec, doc
}

// countryText is the selection's text with its white space folded.
func countryText(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// countryRow is the row of the table whose cells link to href.
func countryRow(doc *goquery.Document, table, href string) *goquery.Selection {
	return doc.Find(table + " tbody tr").FilterFunction(func(_ int, tr *goquery.Selection) bool {
		return tr.Find(`a[href="`+href+`"]`).Length() > 0
	})
}

// countryCheckPage checks what every page must have: a title, one h1, a
// label for every input and progress bar, ids used once and references to
// ids that exist.
func countryCheckPage(t *testing.T, path string, doc *goquery.Document) {
	t.Helper()
	if n := doc.Find("h1").Length(); n != 1 {
		t.Errorf("%s: %d h1, want 1", path, n)
	}
	if strings.TrimSpace(doc.Find("head title").Text()) == "" {
		t.Errorf("%s: no title", path)
	}
	doc.Find("input, select, textarea").Each(func(_ int, in *goquery.Selection) {
		if typ, _ := in.Attr("type"); typ == "hidden" || typ == "submit" {
			return
		}
		id, _ := in.Attr("id")
		labelled := in.ParentsFiltered("label").Length() > 0 || in.AttrOr("aria-label", "") != "" ||
			(id != "" && doc.Find(`label[for="`+id+`"]`).Length() > 0)
		if !labelled {
			name, _ := in.Attr("name")
			t.Errorf("%s: the input %q (id %q) has no label", path, name, id)
		}
	})
	ids := map[string]bool{}
	doc.Find("[id]").Each(func(_ int, e *goquery.Selection) {
		id, _ := e.Attr("id")
		if ids[id] {
			t.Errorf("%s: the id %q is used twice", path, id)
		}
		ids[id] = true
	})
	doc.Find("[aria-labelledby], [aria-describedby], label[for]").Each(func(_ int, e *goquery.Selection) {
		for _, attr := range []string{"aria-labelledby", "aria-describedby", "for"} {
			v, _ := e.Attr(attr)
			for _, id := range strings.Fields(v) {
				if !ids[id] {
					t.Errorf("%s: %s names the id %q, which no element has", path, attr, id)
				}
			}
		}
	})
	doc.Find("progress").Each(func(_ int, p *goquery.Selection) {
		if id, _ := p.Attr("id"); id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0 {
			t.Errorf("%s: a progress bar has no label", path)
		}
	})
}

func TestCountryPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		srv := countryServer(t, db)
		const mouPath = "/agreements/" + demo.AgreementPeruEGov
		const forumPath = "/events/" + demo.EventForum

		t.Run("Peru", func(t *testing.T) {
			rec, doc := countryGet(t, srv, "/countries/PE", http.StatusOK)
			countryCheckPage(t, "/countries/PE", doc)
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type = %q", ct)
			}
			if got := countryText(doc.Find("head title")); got != "Peru · cooptrack" {
				t.Errorf("title = %q, want %q", got, "Peru · cooptrack")
			}
			if doc.Find(`head link[rel="stylesheet"][href="/static/country.css"]`).Length() != 1 {
				t.Errorf("the page's stylesheet is not linked")
			}

			// Key figures: the MOU is in force on testToday.
			figure := doc.Find(".figures .figure").First()
			if got := countryText(figure); got != "1 agreement in force" {
				t.Errorf("first figure = %q, want %q", got, "1 agreement in force")
			}

			// The agreements table.
			row := countryRow(doc, "table.agreements", mouPath)
			if row.Length() != 1 {
				t.Fatalf("the agreements table has %d rows linking to %s, want 1", row.Length(), mouPath)
			}
			if got := countryText(row.Find("th a")); !strings.Contains(got, "MOU for e-government") {
				t.Errorf("agreement title = %q", got)
			}
			if got := countryText(row.Find(`td[data-label="Signed"]`)); got != "20 Apr 2015" {
				t.Errorf("signed = %q, want 20 Apr 2015", got)
			}
			if got := countryText(row.Find(".status")); got != "in force" {
				t.Errorf("status = %q, want the words \"in force\"", got)
			}
			if got := countryText(row.Find(`td[data-label="Parties"] a[href="/organizations/` + demo.OrgPeruPMO + `"]`)); got != "Prime Minister's Office of Peru" {
				t.Errorf("party = %q", got)
			}

			// Programs, active first, with their progress.
			programs := doc.Find("table.programs tbody tr")
			if programs.Length() != 4 {
				t.Errorf("%d programs, want 4", programs.Length())
			}
			if got := countryText(programs.First().Find(".status")); got != "active" {
				t.Errorf("first program's status = %q, want active", got)
			}

			// The last engagement is the forum.
			if doc.Find(`.engagement a[href="`+forumPath+`"]`).Length() != 1 {
				t.Errorf("the last engagement is not the forum")
			}

			// Counterparts.
			counterparts := doc.Find(`section[aria-labelledby="counterparts-h"]`)
			if got := countryText(counterparts.Find(`a[href="/organizations/` + demo.OrgPeruPMO + `"]`)); got != "Prime Minister's Office of Peru" {
				t.Errorf("counterpart organization = %q", got)
			}
			olaya := counterparts.Find(`a[href="/people/` + demo.PersonOlaya + `"]`)
			if got := countryText(olaya); got != "Gustavo Olaya" {
				t.Errorf("counterpart person = %q", got)
			}
			if got := countryText(olaya.Parent().Find(".position")); got != "Minister of Justice and Human Rights" {
				t.Errorf("Gustavo Olaya's post = %q", got)
			}

			// Evidence: a quote, its source, the record citing it.
			evidence := doc.Find("ul.evidence li")
			if evidence.Length() == 0 {
				t.Fatalf("no evidence")
			}
			if evidence.Find(`a[href="/sources/`+demo.SourceArticle+`"]`).Length() == 0 || evidence.First().Find("blockquote").Length() != 1 {
				t.Errorf("evidence lacks its quote or its source")
			}

			// The timeline: drawn, each mark linked; listed, in date order.
			svg := doc.Find(`#timeline .timeline-svg svg[role="img"]`)
			if svg.Length() != 1 {
				t.Fatalf("no timeline drawing")
			}
			if svg.Find(`a[href="`+mouPath+`"]`).Length() == 0 || svg.Find(`a[href="`+forumPath+`"]`).Length() == 0 {
				t.Errorf("the drawing does not link to the MOU and the forum")
			}
			if got := countryText(countryRow(doc, "table.timeline-list", mouPath).Find("td.date")); got != "20 Apr 2015" {
				t.Errorf("the MOU's date in the timeline list = %q, want 20 Apr 2015", got)
			}
			if countryRow(doc, "table.timeline-list", forumPath).Length() != 1 {
				t.Errorf("the forum is not in the timeline list")
			}
			if got := countryText(doc.Find("table.timeline-list tbody tr").First().Find("td.date")); got != "17 Apr 2015 – 20 Apr 2015" {
				t.Errorf("first timeline entry on %q, want the visit, 17 Apr 2015 – 20 Apr 2015", got)
			}
			// Every kind is shown, and said so.
			if n := doc.Find(`#timeline input[name="kinds"]:not([checked])`).Length(); n != 0 {
				t.Errorf("%d kinds unchecked without a filter, want 0", n)
			}
			if doc.Find("#timeline a.clear").Length() != 0 {
				t.Errorf("a clear filters link without filters")
			}

			// The chart per year, with its numbers.
			chart := doc.Find("figure.chart")
			if chart.Find(`svg[role="img"]`).Length() != 1 || chart.Find("figcaption").Length() != 1 {
				t.Errorf("the chart lacks its drawing or its caption")
			}
			var cells []string
			chart.Find("table.per-year tbody tr").Children().Each(func(_ int, c *goquery.Selection) { cells = append(cells, countryText(c)) })
			if got := strings.Join(cells, " "); got != "2015 4 1" {
				t.Errorf("per year = %q, want 2015: 4 events, 1 agreement", got)
			}
		})

		t.Run("Colombia", func(t *testing.T) {
			_, doc := countryGet(t, srv, "/countries/CO", http.StatusOK)
			countryCheckPage(t, "/countries/CO", doc)
			row := countryRow(doc, "table.agreements", "/agreements/"+demo.AgreementColombiaSecurity)
			if got := countryText(row.Find("th a")); !strings.Contains(got, "MOU for public security") {
				t.Errorf("agreement = %q, want the MOU for public security", got)
			}
			if got := countryText(row.Find(`td[data-label="Signed"]`)); got != "17 Apr 2015" {
				t.Errorf("signed = %q, want 17 Apr 2015", got)
			}
			if got := countryText(doc.Find("h1")); !strings.HasPrefix(got, "Colombia") {
				t.Errorf("h1 = %q", got)
			}
		})

		t.Run("filters keep their state and limit the list", func(t *testing.T) {
			for _, path := range []string{
				"/countries/PE?kinds=event&from=2015-04-19",
				"/countries/PE?kinds=event,&kinds=event&from=2015-04-19", // comma lists and repeats
			} {
				_, doc := countryGet(t, srv, path, http.StatusOK)
				countryCheckPage(t, path, doc)
				if _, ok := doc.Find("#kind-event").Attr("checked"); !ok {
					t.Errorf("%s: the event box is not checked", path)
				}
				if n := doc.Find(`input[name="kinds"][checked]`).Length(); n != 1 {
					t.Errorf("%s: %d kinds checked, want 1", path, n)
				}
				if got, _ := doc.Find("#tl-from").Attr("value"); got != "2015-04-19" {
					t.Errorf("%s: from = %q, want 2015-04-19", path, got)
				}
				rows := doc.Find("table.timeline-list tbody tr")
				if rows.Length() != 4 {
					t.Errorf("%s: %d entries, want the visit (it runs to 20 Apr), the forum and two meetings", path, rows.Length())
				}
				rows.Each(func(_ int, tr *goquery.Selection) {
					if !tr.HasClass("kind-event") {
						t.Errorf("%s: an entry that is not an event: %q", path, countryText(tr))
					}
				})
				if countryRow(doc, "table.timeline-list", "/events/"+demo.EventVisit).Length() != 1 {
					t.Errorf("%s: the visit, which runs into the range, is not listed", path)
				}
				if got := countryText(doc.Find("table.timeline-list caption")); got != "4 entries · event · from 19 Apr 2015" {
					t.Errorf("%s: caption = %q", path, got)
				}
				if doc.Find(`#timeline svg a[href^="/agreements/"]`).Length() != 0 {
					t.Errorf("%s: the drawing shows agreements, which the filter leaves out", path)
				}
				if href, _ := doc.Find("#timeline a.clear").Attr("href"); href != "/countries/PE#timeline" {
					t.Errorf("%s: clear filters link = %q", path, href)
				}
				form := doc.Find("#timeline form")
				if method, _ := form.Attr("method"); method != "get" {
					t.Errorf("%s: the filter form's method is %q, want get", path, method)
				}
			}
		})

		t.Run("bad filters are explained and ignored", func(t *testing.T) {
			_, all := countryGet(t, srv, "/countries/PE", http.StatusOK)
			total := all.Find("table.timeline-list tbody tr").Length()
			cases := []struct {
				query, field, says string
			}{
				{"from=2015-02-30", "#tl-from-error", `"2015-02-30" is not a date`},
				{"from=20150101", "#tl-from-error", `"20150101" is not a date`},
				{"to=soon", "#tl-to-error", `"soon" is not a date`},
				{"from=2016-01-01&to=2015-01-01", "#tl-to-error", "before the start date"},
				{"kinds=party", "#kinds-error", `"party"`},
				{"kinds=<script>", "#kinds-error", `"<script>"`},
			}
			for _, c := range cases {
				path := "/countries/PE?" + c.query
				_, doc := countryGet(t, srv, path, http.StatusOK)
				countryCheckPage(t, path, doc)
				if got := countryText(doc.Find(c.field)); !strings.Contains(got, c.says) {
					t.Errorf("%s: %s = %q, want it to say %q", path, c.field, got, c.says)
				}
				if n := doc.Find("table.timeline-list tbody tr").Length(); n != total {
					t.Errorf("%s: %d entries, want all %d: the bad filter is ignored", path, n, total)
				}
				if doc.Find(".filter-notice").Length() != 1 {
					t.Errorf("%s: no notice that a filter was ignored", path)
				}
			}
			_, doc := countryGet(t, srv, "/countries/PE?from=2015-02-30", http.StatusOK)
			if v, _ := doc.Find("#tl-from").Attr("aria-invalid"); v != "true" {
				t.Errorf("the bad date's field is not marked invalid")
			}
			if v, _ := doc.Find("#tl-from").Attr("value"); v != "2015-02-30" {
				t.Errorf("the bad date is not kept as typed: %q", v)
			}
		})

		t.Run("an unknown country is a 404 page", func(t *testing.T) {
			for _, path := range []string{"/countries/XX", "/countries/PERU", "/countries/P1"} {
				rec, doc := countryGet(t, srv, path, http.StatusNotFound)
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("%s: Content-Type = %q, want a page", path, ct)
				}
				if got := countryText(doc.Find("h1")); got != "Not Found" {
					t.Errorf("%s: h1 = %q", path, got)
				}
				if got := countryText(doc.Find("main .lead")); !strings.Contains(got, "No country has the code") {
					t.Errorf("%s: message = %q", path, got)
				}
			}
		})

		t.Run("a lower-case code is redirected", func(t *testing.T) {
			for path, want := range map[string]string{
				"/countries/pe": "/countries/PE",
				"/countries/co?kinds=event&from=2015-04-19": "/countries/CO?kinds=event&from=2015-04-19",
			} {
				rec, _ := countryGet(t, srv, path, http.StatusMovedPermanently)
				if got := rec.Header().Get("Location"); got != want {
					t.Errorf("%s: Location = %q, want %q", path, got, want)
				}
			}
		})

		t.Run("a country without records", func(t *testing.T) {
			_, doc := countryGet(t, srv, "/countries/FR", http.StatusOK)
			countryCheckPage(t, "/countries/FR", doc)
			if got := countryText(doc.Find(`#timeline svg[role="img"] text`)); got != "No dated records" {
				t.Errorf("the empty drawing says %q", got)
			}
			if doc.Find("figure.chart").Length() != 0 || doc.Find(`section[aria-labelledby="chart-h"] p.empty`).Length() != 1 {
				t.Errorf("an empty chart is drawn instead of a sentence")
			}
			if doc.Find("table.agreements").Length() != 0 {
				t.Errorf("an empty agreements table")
			}
		})

		t.Run("the stylesheet is served", func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/static/country.css", nil)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "@media print") {
				t.Errorf("GET /static/country.css: status %d", rec.Code)
			}
		})
	})
}

func TestTimelinePages(t *testing.T) {
	t.Parallel()
	entries := make([]domain.TimelineEntry, 450)
	for i := range entries {
		entries[i] = domain.TimelineEntry{Date: domain.MustDate("2015-01-01").AddDays(i), Kind: domain.TimelineEvent, Title: strconv.Itoa(i + 1)}
	}
	cases := []struct {
		query          string
		today          domain.Date
		first, last    int
		earlier, later string
	}{
		{"kinds=event", "2030-01-01", 401, 450, "/countries/PE?kinds=event&page=2#timeline", ""},
		{"kinds=event&page=1", "2030-01-01", 1, 200, "", "/countries/PE?kinds=event&page=2#timeline"},
		{"page=2", "2030-01-01", 201, 400, "/countries/PE?page=1#timeline", "/countries/PE?page=3#timeline"},
		{"page=9", "2030-01-01", 401, 450, "/countries/PE?page=2#timeline", ""},
		{"page=abc", "2030-01-01", 401, 450, "/countries/PE?page=2#timeline", ""},
		// The page of the latest entry on or before today.
		{"", "2015-01-01", 1, 200, "", "/countries/PE?page=2#timeline"},
		{"", "2015-07-19", 1, 200, "", "/countries/PE?page=2#timeline"},                                // entry 200
		{"", "2015-07-20", 201, 400, "/countries/PE?page=1#timeline", "/countries/PE?page=3#timeline"}, // entry 201
		{"", "2014-01-01", 1, 200, "", "/countries/PE?page=2#timeline"},                                // everything is to come
	}
	for _, c := range cases {
		u, err := url.Parse("/countries/PE?" + c.query)
		if err != nil {
			t.Fatal(err)
		}
		p := pageOf(entries, u, 200, c.today)
		if p.Total != 450 || p.First != c.first || p.Last != c.last || p.Earlier != c.earlier || p.Later != c.later {
			t.Errorf("?%s on %s: page %d–%d of %d, earlier %q, later %q; want %d–%d, %q, %q", c.query, c.today, p.First, p.Last, p.Total, p.Earlier, p.Later, c.first, c.last, c.earlier, c.later)
		}
		if len(p.Entries) != p.Last-p.First+1 || p.Entries[0].Title != strconv.Itoa(c.first) {
			t.Errorf("?%s: %d entries from %q", c.query, len(p.Entries), p.Entries[0].Title)
		}
	}
	if p := pageOf(nil, &url.URL{Path: "/countries/PE"}, 200, "2015-01-01"); p.Total != 0 || p.Entries != nil || p.Earlier != "" || p.Later != "" {
		t.Errorf("no entries: %+v", p)
	}
	from, to := spanOf(entries[:3], "", "")
	if from != "2015-01-01" || to != "2015-01-03" {
		t.Errorf("span = %s..%s", from, to)
	}
	if from, to := spanOf(entries[:3], "2015-01-02", "2015-01-02"); from != "2015-01-02" || to != "2015-01-02" {
		t.Errorf("span within the filter = %s..%s", from, to)
	}
}
