package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/getkin/kin-openapi/openapi3filter"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

func init() {
	// The exports are files: the contract tests check their status and
	// headers against the document, and these tests read their content.
	openapi3filter.RegisterBodyDecoder("text/calendar", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/xml", openapi3filter.FileBodyDecoder)
	// The backup is a gzip file, read as any file.
	openapi3filter.RegisterBodyDecoder("application/gzip", openapi3filter.FileBodyDecoder)
}

// loadDemo loads the demo data into the store.
func loadDemo(t *testing.T, db *repository.DB) {
	t.Helper()
	storetest.LoadDemo(t, db, "")
}

// feedPath returns the path of a feed's address.
func feedPath(t *testing.T, feedURL string) string {
	t.Helper()
	u, err := url.Parse(feedURL)
	if err != nil || !strings.HasPrefix(u.Path, "/api/v1/calendar/") || !strings.HasSuffix(u.Path, ".ics") {
		t.Fatalf("feed url %q is not /api/v1/calendar/<secret>.ics", feedURL)
	}
	return u.Path
}

// myFeed asks for the user's feed with the authorization header and
// returns its answer.
func myFeed(t *testing.T, api *apiClient, method, authorization string) calendarFeedBody {
	t.Helper()
	r := api.do(method, "/api/v1/me/calendar", nil, "Authorization: "+authorization)
	if r.Status != http.StatusOK && r.Status != http.StatusCreated {
		t.Fatalf("%s /api/v1/me/calendar: status %d: %s", method, r.Status, r.Body)
	}
	var b calendarFeedBody
	r.decode(t, &b)
	return b
}

// TestCalendarFeed reads the demo office's feed, plus an agreement whose
// long title mixes Hangul, accents and characters iCalendar escapes, as a
// calendar program would: parsed back by golang-ical, and line by line.
func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, db *repository.DB) {
		loadDemo(t, db)
		org := api.create(t, "organizations", map[string]any{"name": "Superintendencia Nacional de Aduanas y de Administración Tributaria", "country": "PE", "kind": "agency"})
		long := "Acuerdo de cooperación aduanera; 관세청과 페루 국세청 간의 전자통관 협력에 관한 양해각서, \"versión\" revisada"
		ag := api.create(t, "agreements", map[string]any{"kind": "mou", "title": long, "status": "signed", "parties": []map[string]string{{"id": org.ID}},
			"signed_on": "2015-04-20", "expires_on": "2020-04-19", "renewal": map[string]any{"automatic": true, "notice_days": 180}})

		viewer := testUser(t, db, domain.RoleViewer)
		made := myFeed(t, api, http.MethodGet, viewer)
		if !made.Created || made.URL == "" {
			t.Fatalf("first GET /api/v1/me/calendar = %+v, want a new feed with its url", made)
		}
		if again := myFeed(t, api, http.MethodGet, viewer); again.Created || again.URL != made.URL || !again.CreatedAt.Equal(made.CreatedAt) {
			t.Errorf("second GET = %+v, want the same feed at the same address %s", again, made.URL)
		}
		path := feedPath(t, made.URL)

		r := api.do(http.MethodGet, path, nil, "Authorization:") // calendar programs send no credential
		if r.Status != http.StatusOK {
			t.Fatalf("GET feed: status %d: %s", r.Status, r.Body)
		}
		if ct := r.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		raw := string(r.Body)

		// Raw: CRLF after every line, none longer than 75 octets, folds
		// only between UTF-8 characters.
		if !strings.HasSuffix(raw, "\r\n") || strings.Count(raw, "\n") != strings.Count(raw, "\r\n") {
			t.Error("lines do not all end in CRLF")
		}
		folded := 0
		for i, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
			if len(line) > 75 {
				t.Errorf("line %d is %d octets, over 75: %q", i+1, len(line), line)
			}
			if !utf8.ValidString(line) {
				t.Errorf("line %d splits a UTF-8 character: %q", i+1, line)
			}
			if strings.HasPrefix(line, " ") {
				folded++
			}
		}
		if folded == 0 {
			t.Error("no line is folded, though the long title must be")
		}
		unfolded := strings.ReplaceAll(raw, "\r\n ", "")
		if !strings.Contains(unfolded, "관세청과 페루 국세청 간의 전자통관 협력에 관한 양해각서") || !strings.Contains(unfolded, "Acuerdo de cooperación aduanera\\;") {
			t.Error("the Hangul and accented title is not intact (and escaped) once unfolded")
		}

		// Parsed back.
		cal, err := ics.ParseCalendar(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatalf("parse the feed: %v", err)
		}
		byUID := map[string]*ics.VEvent{}
		for _, ev := range cal.Events() {
			byUID[ev.Id()] = ev
		}
		prop := func(ev *ics.VEvent, p ics.ComponentProperty) string {
			if v := ev.GetProperty(p); v != nil {
				return v.Value
			}
			return ""
		}
		want := []struct {
			uid, start, end, summary, url string
		}{
			// The visit to Peru runs 17 to 20 April: DTEND is the 21st.
			{demo.EventVisit + "-event@cooptrack", "20150417", "20150421", "", "/events/" + demo.EventVisit},
			{ag.ID + "-expiry@cooptrack", "20200419", "20200420", "Peru: Expires: " + long, "/agreements/" + ag.ID},
			{ag.ID + "-renewal-notice@cooptrack", "20191022", "20191023", "Peru: Renewal notice due: " + long, "/agreements/" + ag.ID},
		}
		for _, w := range want {
			ev := byUID[w.uid]
			if ev == nil {
				t.Errorf("no entry %s among %d", w.uid, len(byUID))
				continue
			}
			start := ev.GetProperty(ics.ComponentPropertyDtStart)
			if start.Value != w.start || len(start.ICalParameters["VALUE"]) != 1 || start.ICalParameters["VALUE"][0] != "DATE" {
				t.Errorf("%s: DTSTART %q %v, want %s as a DATE", w.uid, start.Value, start.ICalParameters, w.start)
			}
			if got := prop(ev, ics.ComponentPropertyDtEnd); got != w.end {
				t.Errorf("%s: DTEND %q, want %s (the day after the last)", w.uid, got, w.end)
			}
			if got := prop(ev, ics.ComponentPropertySummary); w.summary != "" && got != w.summary {
				t.Errorf("%s: SUMMARY %q, want %q", w.uid, got, w.summary)
			}
			if got := prop(ev, ics.ComponentPropertyUrl); got != testBaseURL+w.url {
				t.Errorf("%s: URL %q, want %s%s", w.uid, got, testBaseURL, w.url)
			}
			if prop(ev, ics.ComponentPropertyDtstamp) == "" {
				t.Errorf("%s: no DTSTAMP", w.uid)
			}
		}

		// Debian's python3-icalendar reads the same entries.
		var fromPython map[string]struct{ Summary, Start string }
		readWithPython(t, "icalendar", icalendarEntries, r.Body, &fromPython)
		if len(fromPython) != len(byUID) {
			t.Errorf("python's icalendar reads %d entries, golang-ical %d", len(fromPython), len(byUID))
		}
		for uid, ev := range byUID {
			p, ok := fromPython[uid]
			start := prop(ev, ics.ComponentPropertyDtStart)
			if !ok || p.Summary != prop(ev, ics.ComponentPropertySummary) || strings.ReplaceAll(p.Start, "-", "") != start {
				t.Errorf("%s: python's icalendar reads %+v (found %v), want summary %q from %s", uid, p, ok, prop(ev, ics.ComponentPropertySummary), start)
			}
		}

		// Fetched again: the same entries, byte for byte.
		if again := api.do(http.MethodGet, path, nil, "Authorization:"); !bytes.Equal(again.Body, r.Body) {
			t.Error("a second fetch differs from the first")
		}

		// country= keeps the country's entries: Colombia's have no Peru.
		co := api.do(http.MethodGet, path+"?country=co", nil, "Authorization:")
		if co.Status != http.StatusOK {
			t.Fatalf("feed?country=co: status %d: %s", co.Status, co.Body)
		}
		coCal, err := ics.ParseCalendar(bytes.NewReader(co.Body))
		if err != nil {
			t.Fatal(err)
		}
		if len(coCal.Events()) == 0 || len(coCal.Events()) >= len(cal.Events()) {
			t.Errorf("Colombia's feed has %d entries, all countries' %d: want some, fewer", len(coCal.Events()), len(cal.Events()))
		}
		for _, ev := range coCal.Events() {
			if s := prop(ev, ics.ComponentPropertySummary); !strings.Contains(s, "Colombia") {
				t.Errorf("Colombia's feed has %q", s)
			}
		}

		// Bad input is refused in the one error shape.
		for _, tc := range []struct {
			name, path string
			status     int
		}{
			{"unknown country", path + "?country=XX", http.StatusUnprocessableEntity},
			{"not a code", path + "?country=Peru", http.StatusUnprocessableEntity},
			{"an operator", path + "?country=" + url.QueryEscape(`{"$gt": ""}`), http.StatusUnprocessableEntity},
			{"unknown secret", "/api/v1/calendar/ctc_" + strings.Repeat("x", 43) + ".ics", http.StatusUnauthorized},
			{"an API token", "/api/v1/calendar/" + strings.TrimPrefix(viewer, "Bearer ") + ".ics", http.StatusUnauthorized},
			{"no .ics", strings.TrimSuffix(path, ".ics"), http.StatusNotFound},
		} {
			if r := api.doInvalid(http.MethodGet, tc.path, nil, "Authorization:"); r.Status != tc.status {
				t.Errorf("%s: status %d, want %d: %s", tc.name, r.Status, tc.status, r.Body)
			}
		}

		// A new address kills the old one.
		renewed := myFeed(t, api, http.MethodPost, viewer)
		if !renewed.Created || renewed.URL == made.URL {
			t.Fatalf("POST /api/v1/me/calendar = %+v, want a new address", renewed)
		}
		if r := api.doInvalid(http.MethodGet, path, nil, "Authorization:"); r.Status != http.StatusUnauthorized {
			t.Errorf("the old address after a new one: status %d, want 401", r.Status)
		}
		if r := api.do(http.MethodGet, feedPath(t, renewed.URL), nil, "Authorization:"); r.Status != http.StatusOK {
			t.Errorf("the new address: status %d, want 200", r.Status)
		}

		// A disabled user's feed is refused.
		if _, err := db.Accounts.SetDisabled(testAdminContext(t), testEmail(domain.RoleViewer), true); err != nil {
			t.Fatal(err)
		}
		if r := api.doInvalid(http.MethodGet, feedPath(t, renewed.URL), nil, "Authorization:"); r.Status != http.StatusUnauthorized {
			t.Errorf("a disabled user's feed: status %d, want 401", r.Status)
		}
	})
}

// BenchmarkExports serves the demo office's calendar feed (all countries,
// read from the catalog and every dossier) and its IATI file (each program
// and what it names read by id), on the embedded store.
func BenchmarkExports(b *testing.B) {
	db := storetest.Open(b, storetest.Backends(b)[0])
	storetest.LoadDemo(b, db, "")
	srv := New(storesOf(db))
	srv.Home = "KR"
	email := testAccount(b, db, domain.RoleViewer)
	_, secret, err := db.Accounts.NewCalendarFeed(testAdminContext(b), email)
	if err != nil {
		b.Fatal(err)
	}
	authorization := testUser(b, db, domain.RoleViewer)
	for _, bc := range []struct{ name, path, auth string }{
		{"calendar", "/api/v1/calendar/" + secret + ".ics", ""},
		{"calendar-PE", "/api/v1/calendar/" + secret + ".ics?country=PE", ""},
		{"iati", "/api/v1/iati/activities.xml", authorization},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, bc.path, nil)
				if bc.auth != "" {
					req.Header.Set("Authorization", bc.auth)
				}
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// TestAddressesGivenOutDoNotComeFromTheHostHeader asks for the calendar
// feed's address, the feed, the IATI file and the account page with a
// forged Host (and X-Forwarded-Host and -Proto): the addresses in them
// start with the configured base URL, or are paths when none is set, and
// the forged host is nowhere. Issue 14: the Host header was reflected into
// the feed's address and the links of the feed and the IATI file.
func TestAddressesGivenOutDoNotComeFromTheHostHeader(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		loadDemo(t, db)
		for _, base := range []string{testBaseURL, ""} {
			srv := New(storesOf(db))
			srv.BaseURL = base
			h := asRole(t, db, domain.RoleViewer, srv)
			get := func(path string) string {
				t.Helper()
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Host = "evil.example"
				req.Header.Set("X-Forwarded-Host", "evil.example")
				req.Header.Set("X-Forwarded-Proto", "https")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK && w.Code != http.StatusCreated {
					t.Fatalf("base %q: GET %s: status %d: %s", base, path, w.Code, clip(w.Body.Bytes()))
				}
				if strings.Contains(w.Body.String(), "evil.example") {
					t.Errorf("base %q: GET %s gives the forged host: %s", base, path, clip(w.Body.Bytes()))
				}
				return w.Body.String()
			}
			var feed calendarFeedBody
			if err := json.Unmarshal([]byte(get("/api/v1/me/calendar")), &feed); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(feed.URL, base+"/api/v1/calendar/") {
				t.Errorf("base %q: the feed's address is %q", base, feed.URL)
			}
			cal := get(feedPath(t, feed.URL))
			urls := regexp.MustCompile(`(?m)^URL:(.*)\r$`).FindAllStringSubmatch(strings.ReplaceAll(cal, "\r\n ", ""), -1)
			if base != "" && len(urls) == 0 {
				t.Errorf("base %q: the feed has no URL", base)
			}
			for _, u := range urls {
				if base == "" || !strings.HasPrefix(u[1], base+"/") {
					t.Errorf("base %q: the feed links to %q", base, u[1])
				}
			}
			// The IATI file links to the agreements' pages (and to the
			// sources' own addresses).
			iati := get("/api/v1/iati/activities.xml")
			links := regexp.MustCompile(`<document-link url="([^"]*/agreements/[^"]*)"`).FindAllStringSubmatch(iati, -1)
			if len(links) == 0 {
				t.Errorf("base %q: the IATI file links to no agreement", base)
			}
			for _, u := range links {
				if !strings.HasPrefix(u[1], base+"/agreements/") {
					t.Errorf("base %q: the IATI file links to %q", base, u[1])
				}
			}
			if page := get("/account"); !strings.Contains(page, feed.URL) {
				t.Errorf("base %q: the account page does not give the feed's address %s", base, feed.URL)
			}
		}
	})
}

func TestParseBaseURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"https://cooptrack.example.org", "https://cooptrack.example.org"},
		{"https://cooptrack.example.org/", "https://cooptrack.example.org"},
		{" http://10.0.0.5:8080/cooptrack/ ", "http://10.0.0.5:8080/cooptrack"},
		{"cooptrack.example.org", ""},
		{"ftp://cooptrack.example.org", ""},
		{"https://", ""},
		{"https://user:secret@cooptrack.example.org", ""},
		{"https://cooptrack.example.org/?a=1", ""},
		{"https://cooptrack.example.org/#top", ""},
		{"javascript:alert(1)", ""},
	} {
		got, err := ParseBaseURL(tc.in)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("ParseBaseURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
