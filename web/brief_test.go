package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
	"cooptrack/web/report/pdf"
)

// The records the brief tests add to the demo's Peru: names with accents
// and Hangul, a title too long for its cell, an engagement ahead.
const (
	briefMinistry  = "Ministerio de Relaciones Exteriores del Perú"
	briefPerson    = "María Núñez Ibáñez"
	briefLongTitle = "Memorandum of Understanding between the Ministry of Foreign Affairs of the Republic of Peru and the Ministry of the Interior and Safety of the Republic of Korea on Cooperation in Digital Government, Cybersecurity and the Modernization of Public Administration"
	briefHangul    = "한-페루 전자정부 협력 포럼"
	briefSourceURL = "https://andina.example.pe/noticias/2015/11/cancilleria-firma-memorando-de-entendimiento-gobierno-digital-corea"
)

// briefFixture loads the demo and the records above into db.
func briefFixture(t *testing.T, api *apiClient, db *repository.DB) {
	t.Helper()
	loadDemo(t, db)
	src := api.create(t, "sources", map[string]any{"url": briefSourceURL, "title": "Cancillería firma memorando", "publisher": "Agencia Andina", "published_on": "2015-11-20"})
	org := api.create(t, "organizations", map[string]any{"name": briefMinistry, "country": "PE", "kind": "ministry"})
	api.create(t, "people", map[string]any{
		"full_name": briefPerson, "country": "PE",
		"positions": []map[string]any{{"title": "Vice Minister of Foreign Affairs", "organization": map[string]any{"id": org.ID}, "from_on": "2015-07-01"}},
		"evidence":  []map[string]any{{"source": map[string]any{"id": src.ID}}},
	})
	api.create(t, "agreements", map[string]any{
		"kind": "mou", "title": briefLongTitle, "status": "signed", "signed_on": "2015-11-19", "expires_on": "2016-05-18",
		"renewal": map[string]any{"notice_days": 90}, "parties": []map[string]any{{"id": org.ID}},
		"evidence": []map[string]any{{"source": map[string]any{"id": src.ID}}},
	})
	api.create(t, "events", map[string]any{
		"kind": "forum", "title": briefHangul, "start_on": "2016-03-10", "place": map[string]any{"city": "Lima", "country": "PE"},
		"host": map[string]any{"id": org.ID},
	})
}

// pdfText is the brief as pdftotext -layout reads it, with pdfinfo's
// report; both from poppler-utils.
type pdfText struct {
	Text, Info string
}

func readPDF(t *testing.T, body []byte) pdfText {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install poppler-utils)", tool)
		}
	}
	file := filepath.Join(t.TempDir(), "brief.pdf")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (the body starts %q)", err, clip(body[:min(len(body), 40)]))
	}
	info, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	if dir := os.Getenv("COOPTRACK_BRIEF_KEEP"); dir != "" { // to look at it: pdftoppm -png -r 60
		_ = os.WriteFile(filepath.Join(dir, t.Name()[strings.LastIndex(t.Name(), "/")+1:]+".pdf"), body, 0o600)
	}
	return pdfText{Text: string(text), Info: string(info)}
}

var (
	pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)
	a4Line    = regexp.MustCompile(`(?m)^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$`)
)

// TestCountryBriefWithCharactersPastTheBMP is issue 14's crash: one record
// whose name holds an emoji made the country's brief a 500 for everyone.
func TestCountryBriefWithCharactersPastTheBMP(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		api := newTestServer(t, db)
		org := api.create(t, "organizations", map[string]any{"name": "PanicTest 😀", "country": "PE", "kind": "ministry"})
		api.create(t, "events", map[string]any{"kind": "forum", "title": "Foro 🇵🇪 𝐀𝐁𝐂 𠀀", "start_on": "2015-11-10", "host": map[string]any{"id": org.ID}})
		r := api.do(http.MethodGet, "/api/v1/countries/PE/brief.pdf", nil)
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("GET the brief: status %d, %s: %s", r.Status, r.Header.Get("Content-Type"), clip(r.Body))
		}
		if got := readPDF(t, r.Body); !strings.Contains(got.Text, "PanicTest") || !strings.Contains(got.Text, "Foro") {
			t.Errorf("the brief lacks the records:\n%s", got.Text)
		}
	})
}

// TestCountryBrief reads the brief of the demo's Peru, printed by the API
// and by the page's address, with pdftotext and pdfinfo.
func TestCountryBrief(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		api := newTestServer(t, db) // today is 15 Jan 2016
		briefFixture(t, api, db)
		unicode, err := pdf.LoadFont("")
		if err != nil {
			t.Fatal(err)
		}

		get := func(t *testing.T, path string) pdfText {
			t.Helper()
			r := api.do(http.MethodGet, path, nil)
			if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("GET %s: status %d, %s: %s", path, r.Status, r.Header.Get("Content-Type"), clip(r.Body))
			}
			return readPDF(t, r.Body)
		}

		t.Run("whole", func(t *testing.T) {
			got := get(t, "/api/v1/countries/PE/brief.pdf")
			if !a4Line.MatchString(got.Info) {
				t.Errorf("pdfinfo says:\n%s\nwant A4", got.Info)
			}
			m := pagesLine.FindStringSubmatch(got.Info)
			if m == nil || m[1] == "1" {
				t.Fatalf("pdfinfo says:\n%s\nwant more than one page", got.Info)
			}
			want := []string{
				"Peru · brief of 15 Jan 2016 · as of 15 Jan 2016 12:00 UTC", // the cover line
				"Key figures", "Counterparts in post", "Agreements", "Engagements", "Programs",
				"Engagements per year", "Open follow-ups", "Sources",
				briefMinistry, briefPerson, "Vice Minister of Foreign Affairs",
				"The last 24 months (since 15 Jan 2014)", "Coming",
				"give renewal notice", // 90 days before 18 May 2016
				"Page 1 of " + m[1], "Page " + m[1] + " of " + m[1],
				"Agencia Andina. 20 Nov 2015. Cancillería firma memorando.",
				demo.ArticlePublisher,
			}
			if unicode.Unicode() {
				want = append(want, briefHangul)
			}
			for _, w := range want {
				if !strings.Contains(got.Text, w) {
					t.Errorf("the brief lacks %q; it reads:\n%s", w, got.Text)
				}
			}
			// A URL too long for a line is broken, not cut.
			flat := strings.Join(strings.Fields(got.Text), "")
			for _, url := range []string{briefSourceURL, demo.ArticleURL} {
				if !strings.Contains(flat, url) {
					t.Errorf("the footnotes lack %s", url)
				}
			}
			// The long title wraps inside its cell: every word is there, on
			// more than one line.
			for _, w := range strings.Fields(briefLongTitle) {
				if !strings.Contains(got.Text, w) {
					t.Errorf("the long title lost %q", w)
				}
			}
			if strings.Contains(got.Text, briefLongTitle) {
				t.Errorf("the long title is on one line: it was not wrapped in its cell")
			}
			if !strings.Contains(got.Text, "Modernization of Public") || !strings.Contains(got.Text, "Memorandum of Understanding") {
				t.Errorf("the long title's first and last words are missing")
			}
		})

		t.Run("options", func(t *testing.T) {
			got := get(t, "/api/v1/countries/pe/brief.pdf?sections=agreements,engagements&from=2015-01-01&to=2015-12-31")
			for _, w := range []string{"Agreements", "Engagements", briefLongTitle[:20], "Since 1 Jan 2015", "Coming, to 31 Dec 2015", "None planned.", "Official visit of Minister Chong"} {
				if !strings.Contains(got.Text, w) {
					t.Errorf("the brief with options lacks %q; it reads:\n%s", w, got.Text)
				}
			}
			for _, w := range []string{"Key figures", "Counterparts in post", "Programs", "Open follow-ups", "Engagements per year", briefPerson, briefHangul} {
				if strings.Contains(got.Text, w) {
					t.Errorf("the brief with sections=agreements,engagements from 2015 to 2015 has %q", w)
				}
			}
		})

		t.Run("core font", func(t *testing.T) {
			srv := New(storesOf(db))
			srv.Now = func() time.Time { return testToday }
			srv.UseBriefFont(pdf.CoreFont())
			rec := httptest.NewRecorder()
			asRole(t, db, domain.RoleViewer, srv).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/countries/PE/brief.pdf?sections=counterparts", nil))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, clip(rec.Body.Bytes()))
			}
			got := readPDF(t, rec.Body.Bytes())
			for _, w := range []string{briefMinistry, briefPerson, "Peru · brief of 15 Jan 2016", "Page 1 of 1"} {
				if !strings.Contains(got.Text, w) {
					t.Errorf("with the core font the brief lacks %q; it reads:\n%s", w, got.Text)
				}
			}
		})

		t.Run("bad options", func(t *testing.T) {
			for _, tc := range []struct {
				path   string
				status int
				field  string
			}{
				{"/api/v1/countries/PE/brief.pdf?from=2015-02-30", 400, "from"},
				{"/api/v1/countries/PE/brief.pdf?to=20151231", 400, "to"},
				{"/api/v1/countries/PE/brief.pdf?from=2016-01-01&to=2015-01-01", 400, "to"},
				{"/api/v1/countries/PE/brief.pdf?sections=agreements,party", 400, "sections"},
				{"/api/v1/countries/PE/brief.pdf?sections=", 400, "sections"},
				{`/api/v1/countries/PE/brief.pdf?from=%7B%22%24gt%22%3A%20%22%22%7D`, 400, "from"},
				{`/api/v1/countries/PE/brief.pdf?sections=%7B%22%24gt%22%3A%20%22%22%7D`, 400, "sections"},
				{"/api/v1/countries/XX/brief.pdf", 404, ""},
				{"/api/v1/countries/PERU/brief.pdf", 404, ""},
			} {
				r := api.doInvalid(http.MethodGet, tc.path, nil)
				var e errorBody
				r.decode(t, &e)
				if r.Status != tc.status || (tc.field != "" && e.Error.Fields[tc.field] == "") {
					t.Errorf("GET %s: status %d, fields %v; want %d naming %q", tc.path, r.Status, e.Error.Fields, tc.status, tc.field)
				}
			}
		})

		t.Run("page address", func(t *testing.T) {
			srv := New(storesOf(db))
			for _, tc := range []struct {
				name, path, accept string
				role               domain.Role
				status             int
				contentType        string
			}{
				{"viewer", "/countries/PE/brief.pdf", "", domain.RoleViewer, 200, "application/pdf"},
				{"unknown country, JSON", "/countries/XX/brief.pdf", "", domain.RoleViewer, 404, "application/json; charset=utf-8"},
				{"unknown country, browser", "/countries/XX/brief.pdf", "text/html,*/*", domain.RoleViewer, 404, "text/html; charset=utf-8"},
				{"bad option, browser", "/countries/PE/brief.pdf?from=yesterday", "text/html", domain.RoleViewer, 400, "text/html; charset=utf-8"},
			} {
				req := httptest.NewRequest(http.MethodGet, tc.path, nil)
				if tc.accept != "" {
					req.Header.Set("Accept", tc.accept)
				}
				rec := httptest.NewRecorder()
				asRole(t, db, tc.role, srv).ServeHTTP(rec, req)
				if rec.Code != tc.status || rec.Header().Get("Content-Type") != tc.contentType {
					t.Errorf("%s: GET %s: status %d, %s; want %d, %s", tc.name, tc.path, rec.Code, rec.Header().Get("Content-Type"), tc.status, tc.contentType)
				}
			}
			rec := httptest.NewRecorder()
			asRole(t, db, domain.RoleViewer, srv).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/countries/PE", nil))
			for _, w := range []string{`<form class="brief-form" method="get" action="/countries/PE/brief.pdf">`, `id="brief-button"`, `name="sections" value="follow_ups" checked`} {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("the country page lacks %s", w)
				}
			}
			rec = httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/countries/PE/brief.pdf", nil))
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("without a token: status %d, want 401", rec.Code)
			}
		})
	})
}
