package web

import (
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository/storetest"
)

// demoBriefDay is the day the demo's brief is printed on: years after the
// demo's events of April 2015, as `serve --demo` prints it now.
var demoBriefDay = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// TestCountryBriefDemo is issue 7's "done when": in demo mode, Peru's brief
// is a valid PDF whose text holds the country, the e-government MOU beside
// its signing day, the forum and the source's address; its pages are
// rendered to PNG files for a person to look at (see e2eScreenshotDir).
func TestCountryBriefDemo(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"pdftotext", "pdfinfo", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv(e2eRequiredEnv) == "1" {
				t.Fatalf("%s is not installed (apt-get install poppler-utils), and %s=1 requires it", tool, e2eRequiredEnv)
			}
			t.Skipf("%s is not installed (apt-get install poppler-utils)", tool)
		}
	}
	// One brief on the embedded store; TestCountryBrief prints briefs on
	// every backend.
	db := storetest.Open(t, storetest.Backends(t)[0])
	loadDemo(t, db)
	srv := New(storesOf(db))
	srv.Home = "KR" // as serve --demo sets it
	srv.Now = func() time.Time { return demoBriefDay }
	api := newAPIClient(t, asRole(t, db, domain.RoleViewer, srv))

	r := api.do(http.MethodGet, "/api/v1/countries/PE/brief.pdf", nil)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("GET the brief: status %d, %s: %s; want 200, application/pdf", r.Status, r.Header.Get("Content-Type"), clip(r.Body))
	}
	got := readPDF(t, r.Body)

	if !strings.Contains(got.Text, "Peru") && !strings.Contains(got.Text, "Perú") {
		t.Errorf("the brief names neither Peru nor Perú; it reads:\n%s", got.Text)
	}
	for _, tc := range []struct{ what, title, on string }{
		{"the e-government MOU", demo.AgreementPeruEGovTitle, "20 Apr 2015"},
		{"the forum", demo.EventForumTitle, "20 Apr 2015"},
	} {
		if !besideInText(got.Text, tc.on, tc.title) {
			t.Errorf("the brief lacks %s, %q, beside %q; it reads:\n%s", tc.what, tc.title, tc.on, got.Text)
		}
	}
	// The quiet years since 2015 do not hide the demo's engagements.
	if want := "The 24 months to the last engagement, on 20 Apr 2015"; !strings.Contains(got.Text, want) {
		t.Errorf("the engagements' period is not %q; the brief reads:\n%s", want, got.Text)
	}
	// A URL too long for its line is broken across lines, not cut.
	if flat := strings.Join(strings.Fields(got.Text), ""); !strings.Contains(flat, demo.ArticleURL) {
		t.Errorf("the brief lacks the source's address %s; it reads:\n%s", demo.ArticleURL, got.Text)
	}

	m := pagesLine.FindStringSubmatch(got.Info)
	if m == nil {
		t.Fatalf("pdfinfo gives no page count:\n%s", got.Info)
	}
	pages, _ := strconv.Atoi(m[1])
	for _, f := range renderPages(t, r.Body, e2eScreenshotDir(t), "brief-PE-demo") {
		t.Logf("page: %s", f)
		pages--
	}
	if pages != 0 {
		t.Errorf("pdftoppm made %d PNG files too few (negative: too many) for the %s pages pdfinfo counts", pages, m[1])
	}
}

// besideInText reports whether the words of want appear in order on the
// line of text that holds anchor or on the lines around it: a row of a
// table as pdftotext -layout lays it out, where a title wraps in its cell
// beside the row's date and other cells' words come between.
func besideInText(text, anchor, want string) bool {
	lines := strings.Split(text, "\n")
	words := strings.Fields(want)
	for i, l := range lines {
		if !strings.Contains(l, anchor) {
			continue
		}
		near := strings.Fields(strings.Join(lines[max(0, i-1):min(len(lines), i+3)], " "))
		k := 0
		for _, w := range near {
			if k < len(words) && w == words[k] {
				k++
			}
		}
		if k == len(words) {
			return true
		}
	}
	return false
}

// renderPages keeps the PDF as dir/name.pdf and renders each of its pages
// with pdftoppm -png -r 60 to dir/name-N.png, replacing the files of an
// earlier run; it checks each is a non-empty PNG of an A4 page and returns
// their paths.
func renderPages(t *testing.T, body []byte, dir, name string) []string {
	t.Helper()
	stale, err := filepath.Glob(filepath.Join(dir, name+"-*.png"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range stale {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(file, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "60", file, filepath.Join(dir, name)).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	files, err := filepath.Glob(filepath.Join(dir, name+"-*.png"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		in, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(in)
		_ = in.Close()
		// A4 at 60 dpi is 496.1 × 701.6 pixels, which pdftoppm rounds up.
		if err != nil || cfg.Width != 497 || cfg.Height != 702 {
			t.Errorf("%s: %d × %d pixels, %v; want a PNG of 497 × 702 (A4 at 60 dpi)", f, cfg.Width, cfg.Height, err)
		}
	}
	return files
}
