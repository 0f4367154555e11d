package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// seedArticle is enough of the seed article for the demo source to have a
// text, with a passage that the Peru MOU quotes.
const seedArticle = "Minister Chong to Enhance LAC-ROK Cooperation\n\n" +
	"Moving on to Peru, on April 20, Minister Chong signed the MOU for e-government with the Prime Minister’s Office of Peru. Even before the signing of the MOU, the Korean government had cooperated with Peru.\n\n" +
	"Top"

// pageServer is the web application on a database of the backend, with the
// demo data loaded when demoData is set.
func pageServer(t *testing.T, db *repository.DB, demoData bool) http.Handler {
	t.Helper()
	if demoData {
		storetest.LoadDemo(t, db, seedArticle)
	}
	srv := New(storesOf(db))
	srv.Now = func() time.Time { return testToday }
	return asRole(t, db, domain.RoleAdmin, srv)
}

// getPage requests a page and parses it, failing the test unless the status
// is the one wanted.
func getPage(t *testing.T, srv http.Handler, path string, want int) *goquery.Document {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != want {
		t.Fatalf("GET %s: status %d, want %d:\n%s", path, rec.Code, want, clip(rec.Body.Bytes()))
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET %s: Content-Type %q, want HTML", path, ct)
	}
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return doc
}

// text is the text of the selection with its white space collapsed.
func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// rowTitles are the names in the first column of a list's table.
func rowTitles(doc *goquery.Document) []string {
	var out []string
	doc.Find("table.data tbody tr th[scope=row]").Each(func(_ int, s *goquery.Selection) { out = append(out, text(s)) })
	return out
}

const (
	peruMOU     = "MOU for e-government with the Prime Minister's Office of Peru"
	colombiaMOU = "MOU for public security with the Ministry of National Defense of Colombia"
)

func TestListPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		srv := pageServer(t, db, true)

		t.Run("every kind lists its records", func(t *testing.T) {
			for _, c := range []struct{ path, nav, want, newLink string }{
				{"/organizations", "Organizations", "Prime Minister's Office of Peru", "/organizations/new"},
				{"/people", "People", "Chong Jong-sup", "/people/new"},
				{"/agreements", "Agreements", peruMOU, "/agreements/new"},
				{"/events", "Events", "Korea-Peru high-level cooperation forum for e-government", "/events/new"},
				{"/programs", "Programs", "Civil service modernization project of the Peruvian government", "/programs/new"},
				{"/sources", "Sources", demo.ArticleTitle, "/sources/new"},
			} {
				doc := getPage(t, srv, c.path, http.StatusOK)
				if got := text(doc.Find("h1")); got != c.nav {
					t.Errorf("%s: h1 %q, want %q", c.path, got, c.nav)
				}
				if got := text(doc.Find("title")); !strings.HasPrefix(got, c.nav) {
					t.Errorf("%s: title %q", c.path, got)
				}
				if got := text(doc.Find(`nav a[aria-current="page"]`)); got != c.nav {
					t.Errorf("%s: the navigation marks %q, want %q", c.path, got, c.nav)
				}
				if !strings.Contains(strings.Join(rowTitles(doc), "\n"), c.want) {
					t.Errorf("%s: rows %q lack %q", c.path, rowTitles(doc), c.want)
				}
				if doc.Find(`a[href="`+c.newLink+`"]`).Length() == 0 {
					t.Errorf("%s: no link to %s", c.path, c.newLink)
				}
				checkLabels(t, c.path, doc)
			}
		})

		t.Run("agreements show their status today and the total", func(t *testing.T) {
			doc := getPage(t, srv, "/agreements", http.StatusOK)
			titles := rowTitles(doc)
			if len(titles) != 2 || titles[0] != peruMOU || titles[1] != colombiaMOU {
				t.Errorf("rows = %q, want both MOUs, newest first", titles)
			}
			doc.Find("table.data tbody tr").Each(func(i int, row *goquery.Selection) {
				if got := text(row.Find(".status")); got != "in force" {
					t.Errorf("row %d: status %q, want in force", i, got)
				}
				if !row.Find(".status").HasClass("status-in_force") {
					t.Errorf("row %d: the status badge has no status class", i)
				}
			})
			if got := text(doc.Find(".list-count")); got != "2 agreements." {
				t.Errorf("count = %q", got)
			}
			if got := text(doc.Find("table.data tbody tr").First().Find(`td[data-label="Signed"]`)); got != "20 Apr 2015" {
				t.Errorf("signed = %q, want 20 Apr 2015", got)
			}
		})

		t.Run("country filter", func(t *testing.T) {
			doc := getPage(t, srv, "/agreements?country=PE", http.StatusOK)
			if titles := rowTitles(doc); len(titles) != 1 || titles[0] != peruMOU {
				t.Errorf("country=PE rows = %q, want the Peru MOU", titles)
			}
			if v, _ := doc.Find("#f-country option[selected]").Attr("value"); v != "PE" {
				t.Errorf("the country menu shows %q, want PE", v)
			}
			if got := text(doc.Find(".list-count")); got != "1 agreement matches the filters." {
				t.Errorf("count = %q", got)
			}
			var countries []string
			doc.Find("#f-country option").Each(func(_ int, s *goquery.Selection) { countries = append(countries, text(s)) })
			if strings.Join(countries, ",") != "Any country,Colombia,Peru,Republic of Korea" {
				t.Errorf("country menu = %q", countries)
			}
		})

		t.Run("q ignores case and accents", func(t *testing.T) {
			for q, typed := range map[string]string{"peru": "peru", "PER%C3%9A": "PERÚ"} {
				doc := getPage(t, srv, "/agreements?q="+q, http.StatusOK)
				if titles := rowTitles(doc); len(titles) != 1 || titles[0] != peruMOU {
					t.Errorf("q=%s rows = %q, want the Peru MOU", q, titles)
				}
				if v, _ := doc.Find("#f-q").Attr("value"); v != typed {
					t.Errorf("q=%s: the search box shows %q, want %q", q, v, typed)
				}
			}
		})

		t.Run("kind and status filters", func(t *testing.T) {
			doc := getPage(t, srv, "/events?kind=forum", http.StatusOK)
			if titles := rowTitles(doc); len(titles) != 1 || !strings.Contains(titles[0], "forum") {
				t.Errorf("kind=forum rows = %q", titles)
			}
			if got := text(doc.Find("#f-kind option[selected]")); got != "forum" {
				t.Errorf("kind menu shows %q", got)
			}
			doc = getPage(t, srv, "/programs?status=pipeline", http.StatusOK)
			if titles := rowTitles(doc); len(titles) != 2 {
				t.Errorf("status=pipeline rows = %q, want the two requested programs", titles)
			}
			doc = getPage(t, srv, "/agreements?status=expired", http.StatusOK)
			if titles := rowTitles(doc); len(titles) != 0 || doc.Find(".empty").Length() == 0 {
				t.Errorf("status=expired rows = %q, want none and a note", titles)
			}
		})

		t.Run("pages follow the cursor and keep the filters", func(t *testing.T) {
			doc := getPage(t, srv, "/agreements?limit=1&sort=name", http.StatusOK)
			if titles := rowTitles(doc); len(titles) != 1 || titles[0] != peruMOU {
				t.Fatalf("first page = %q, want the Peru MOU (by name)", titles)
			}
			if got := text(doc.Find(".list-count")); got != "2 agreements; 1 on this page." {
				t.Errorf("count = %q", got)
			}
			if doc.Find(`.pager a:contains("First page")`).Length() != 0 {
				t.Errorf("the first page links to the first page")
			}
			next, ok := doc.Find(`.pager a[rel="next"]`).Attr("href")
			if !ok || !strings.Contains(next, "limit=1") || !strings.Contains(next, "sort=name") || !strings.Contains(next, "cursor=") {
				t.Fatalf("next link = %q, want the filters and a cursor", next)
			}
			doc = getPage(t, srv, next, http.StatusOK)
			if titles := rowTitles(doc); len(titles) != 1 || titles[0] != colombiaMOU {
				t.Errorf("second page = %q, want the Colombia MOU", titles)
			}
			if doc.Find(`.pager a[rel="next"]`).Length() != 0 {
				t.Errorf("the last page has a next link")
			}
			first, ok := doc.Find(`.pager a:contains("First page")`).Attr("href")
			if !ok || strings.Contains(first, "cursor") || !strings.Contains(first, "sort=name") {
				t.Errorf("first page link = %q", first)
			}
			if v, _ := doc.Find(`form.list-filters input[name="limit"]`).Attr("value"); v != "1" {
				t.Errorf("the form does not keep the page size: %q", v)
			}
		})

		t.Run("bad values are reported beside their field", func(t *testing.T) {
			for _, c := range []struct{ path, field, want string }{
				{"/agreements?from=2015-13-01", "from", "not a date"},
				{"/agreements?to=2015-01-01&from=2015-04-18", "to", "must not be before"},
				{"/agreements?sort=colour", "sort", "must be one of"},
				{"/agreements?country=XX", "country", "must be an ISO 3166-1 alpha-2 country code"},
				{"/agreements?status=asleep", "status", "must be one of"},
				{"/events?kind=spaceship", "kind", "must be one of"},
			} {
				doc := getPage(t, srv, c.path, http.StatusOK)
				msg := text(doc.Find("#f-" + c.field + "-error"))
				if !strings.Contains(msg, c.want) {
					t.Errorf("%s: message beside %s = %q, want %q", c.path, c.field, msg, c.want)
				}
				if !doc.Find("#f-" + c.field).Closest(".field").HasClass("has-error") {
					t.Errorf("%s: the field is not marked", c.path)
				}
				if v, _ := doc.Find("#f-" + c.field).Attr("aria-describedby"); v != "f-"+c.field+"-error" {
					t.Errorf("%s: the field is not described by its message", c.path)
				}
				if len(rowTitles(doc)) == 0 {
					t.Errorf("%s: no rows; the list should be shown without the bad filter", c.path)
				}
				if !strings.Contains(text(doc.Find("title")), "check the filters") {
					t.Errorf("%s: the title does not say the filters need checking", c.path)
				}
			}
			// Values the form does not show are reported above the list.
			for _, path := range []string{"/agreements?cursor=garbage", "/people?kind=ministry", "/agreements?limit=5000", "/sources?country=PE", "/agreements?limit=abc"} {
				doc := getPage(t, srv, path, http.StatusOK)
				if doc.Find(".notice.warn li").Length() == 0 {
					t.Errorf("%s: no notice of the value left out", path)
				}
				if len(rowTitles(doc)) == 0 {
					t.Errorf("%s: no rows", path)
				}
				if doc.Find(`form.list-filters input[name="limit"]`).Length() != 0 && strings.Contains(path, "limit") {
					t.Errorf("%s: the form keeps a page size that could not be used", path)
				}
			}
		})

		t.Run("linked narrows to the records linking to one", func(t *testing.T) {
			doc := getPage(t, srv, "/events?linked="+demo.OrgPeruPMO, http.StatusOK)
			if titles := rowTitles(doc); len(titles) != 2 {
				t.Errorf("events linking to Peru's PMO = %q, want the forum and the meeting", titles)
			}
			if doc.Find(`.notice a[href="/organizations/`+demo.OrgPeruPMO+`"]`).Length() == 0 {
				t.Errorf("the page does not name the record the list is narrowed to")
			}
		})
	})
}

// checkLabels fails the test for a control of the filter form without a
// label.
func checkLabels(t *testing.T, path string, doc *goquery.Document) {
	t.Helper()
	doc.Find("form.list-filters input, form.list-filters select").Each(func(_ int, s *goquery.Selection) {
		if typ, _ := s.Attr("type"); typ == "hidden" {
			return
		}
		id, _ := s.Attr("id")
		if id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0 {
			name, _ := s.Attr("name")
			t.Errorf("%s: the %s control has no label", path, name)
		}
	})
}

// TestPagesEscapeUserText stores names and text that are markup and checks
// that the pages show them as text.
func TestPagesEscapeUserText(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		srv := pageServer(t, db, false)
		const evil = `<script>alert(1)</script>`
		org := &domain.Organization{Name: evil, Acronym: `"><img src=x onerror=alert(2)>`, Country: "PE", Kind: domain.OrgMinistry}
		if err := db.Organizations.Create(ctx, org); err != nil {
			t.Fatal(err)
		}
		src := &domain.Source{Title: "A source " + evil, Publisher: evil, Text: "Before <b>bold</b> " + evil + " after"}
		if err := db.Sources.Create(ctx, src); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Organizations.Cite(ctx, org.ID, domain.EvidenceInput{SourceID: src.ID, Quote: evil}); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/organizations", "/organizations/" + org.ID, "/sources", "/sources/" + src.ID, "/organizations?q=" + "%3Cscript%3E"} {
			doc := getPage(t, srv, path, http.StatusOK)
			doc.Find("script").Each(func(_ int, s *goquery.Selection) {
				if src, _ := s.Attr("src"); src != "/static/app.js" || strings.TrimSpace(s.Text()) != "" {
					t.Errorf("%s: a script element came from stored text: %s", path, goquery.NewDocumentFromNode(s.Nodes[0]).Text())
				}
			})
			if doc.Find("img, b").Length() != 0 {
				t.Errorf("%s: markup from stored text became elements", path)
			}
			if !strings.Contains(doc.Find("main").Text(), evil) {
				t.Errorf("%s: the name is not shown as text", path)
			}
		}
	})
}

func TestDateSpan(t *testing.T) {
	t.Parallel()
	d := domain.MustDate
	for _, c := range []struct {
		from, to domain.Date
		want     string
	}{
		{"", "", ""},
		{d("2015-04-17"), "", "17 Apr 2015"},
		{d("2015-04-17"), d("2015-04-17"), "17 Apr 2015"},
		{d("2015-04-17"), d("2015-04-20"), "17–20 Apr 2015"},
		{d("2015-04-30"), d("2015-05-02"), "30 Apr – 2 May 2015"},
		{d("2015-12-30"), d("2016-01-02"), "30 Dec 2015 – 2 Jan 2016"},
		{"", d("2016-01-02"), "until 2 Jan 2016"},
	} {
		if got := dateSpan(c.from, c.to); got != c.want {
			t.Errorf("dateSpan(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}
