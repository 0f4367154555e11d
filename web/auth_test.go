package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// authServer is the application on a fresh embedded store, with the demo
// data when demoData is set, and no credential added to requests.
func authServer(t *testing.T, demoData bool) (*Server, *repository.DB) {
	t.Helper()
	db := storetest.Open(t, storetest.Backends(t)[0])
	if demoData {
		pageServer(t, db, true) // loads the demo data
	}
	srv := New(storesOf(db))
	srv.Now = func() time.Time { return testToday }
	return srv, db
}

// send serves one request with headers given as "Name: value", and a form
// body (url.Values) or a raw one (string).
func send(h http.Handler, method, path string, body any, headers ...string) *httptest.ResponseRecorder {
	var req *http.Request
	switch b := body.(type) {
	case url.Values:
		req = httptest.NewRequest(method, path, strings.NewReader(b.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case string:
		req = httptest.NewRequest(method, path, strings.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
	default:
		req = httptest.NewRequest(method, path, nil)
	}
	for _, hd := range headers {
		name, value, _ := strings.Cut(hd, ":")
		req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// sessionOf returns the "Cookie: ..." header that sends the session cookie
// the response set; it fails the test when it set none.
func sessionOf(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie && c.Value != "" {
			return "Cookie: " + sessionCookie + "=" + c.Value
		}
	}
	t.Fatalf("status %d: no session cookie set; Set-Cookie %q", rec.Code, rec.Header().Values("Set-Cookie"))
	return ""
}

// logIn logs the user in through the API and returns their cookie header.
func logIn(t *testing.T, api *apiClient, email string) string {
	t.Helper()
	res := api.do(http.MethodPost, "/api/v1/session", map[string]any{"email": email, "password": testPassword})
	if res.Status != http.StatusCreated {
		t.Fatalf("log in as %s: status %d, want 201: %s", email, res.Status, res.Body)
	}
	rec := httptest.NewRecorder()
	for _, v := range res.Header.Values("Set-Cookie") {
		rec.Header().Add("Set-Cookie", v)
	}
	return sessionOf(t, rec)
}

// TestEachRoleOnRepresentativeRoutes sends the same requests as each role:
// a viewer reads, an officer also writes, only an admin deletes and manages
// users. Every exchange is checked against the OpenAPI document.
func TestEachRoleOnRepresentativeRoutes(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	admin := newAPIClient(t, asRole(t, db, domain.RoleAdmin, srv))
	org := admin.create(t, "organizations", map[string]any{"name": "Ministry of Foreign Affairs", "country": "PE", "kind": "ministry"})
	newOrg := map[string]any{"name": "Ministry of Justice", "country": "PE", "kind": "ministry"}
	edited := map[string]any{"name": "Ministry of Foreign Affairs of Peru", "country": "PE", "kind": "ministry", "version": 1}
	clients := map[domain.Role]*apiClient{
		domain.RoleViewer:  newAPIClient(t, asRole(t, db, domain.RoleViewer, srv)),
		domain.RoleOfficer: newAPIClient(t, asRole(t, db, domain.RoleOfficer, srv)),
		domain.RoleAdmin:   admin,
	}
	pages := map[domain.Role]http.Handler{}
	for role := range clients {
		pages[role] = asRole(t, db, role, srv)
	}
	// In order: the officer edits version 1, the admin deletes version 2.
	for _, tc := range []struct {
		role   domain.Role
		method string
		path   string
		body   any
		want   int
	}{
		{domain.RoleViewer, "GET", "/api/v1/organizations", nil, 200},
		{domain.RoleViewer, "GET", "/api/v1/organizations/" + org.ID, nil, 200},
		{domain.RoleViewer, "GET", "/api/v1/countries/PE/dashboard", nil, 200},
		{domain.RoleViewer, "POST", "/api/v1/organizations", newOrg, 403},
		{domain.RoleViewer, "PUT", "/api/v1/organizations/" + org.ID, edited, 403},
		{domain.RoleViewer, "DELETE", "/api/v1/organizations/" + org.ID, nil, 403},
		{domain.RoleViewer, "GET", "/api/v1/users", nil, 403},
		{domain.RoleViewer, "GET", "/api/v1/me", nil, 200},
		{domain.RoleOfficer, "POST", "/api/v1/organizations", newOrg, 201},
		{domain.RoleOfficer, "PUT", "/api/v1/organizations/" + org.ID, edited, 200},
		{domain.RoleOfficer, "POST", "/api/v1/organizations/" + org.ID + "/evidence", map[string]any{"source_id": "none", "quote": "x"}, 422},
		{domain.RoleOfficer, "DELETE", "/api/v1/organizations/" + org.ID, nil, 403},
		{domain.RoleOfficer, "GET", "/api/v1/users", nil, 403},
		{domain.RoleOfficer, "POST", "/api/v1/users", map[string]any{"email": "x@example.org", "name": "X", "role": "admin", "password": testPassword}, 403},
		{domain.RoleAdmin, "GET", "/api/v1/users", nil, 200},
		{domain.RoleAdmin, "DELETE", "/api/v1/organizations/" + org.ID, nil, 204},
	} {
		var headers []string
		if tc.method == "DELETE" {
			headers = []string{`If-Match: "2"`} // the version the officer's PUT made
		}
		res := clients[tc.role].do(tc.method, tc.path, tc.body, headers...)
		if res.Status != tc.want {
			t.Errorf("%s: %s %s: status %d, want %d: %s", tc.role, tc.method, tc.path, res.Status, tc.want, clip(res.Body))
			continue
		}
		if tc.want == http.StatusForbidden {
			if code := res.errorCode(t); code != domain.EFORBIDDEN {
				t.Errorf("%s: %s %s: error code %q, want %q", tc.role, tc.method, tc.path, code, domain.EFORBIDDEN)
			}
		}
	}

	form := url.Values{"name": {"Ministry of Culture"}, "country": {"PE"}, "kind": {"ministry"}, "_action": {"save"}}
	for _, tc := range []struct {
		role   domain.Role
		method string
		path   string
		body   any
		want   int
	}{
		{domain.RoleViewer, "GET", "/", nil, 200},
		{domain.RoleViewer, "GET", "/organizations", nil, 200},
		{domain.RoleViewer, "GET", "/account", nil, 200},
		{domain.RoleViewer, "GET", "/organizations/new", nil, 403},
		{domain.RoleViewer, "POST", "/organizations", form, 403},
		{domain.RoleViewer, "GET", "/admin/users", nil, 403},
		{domain.RoleViewer, "GET", "/articles/new", nil, 403},
		{domain.RoleViewer, "POST", "/articles/accept", url.Values{"article.text": {"x"}}, 403},
		{domain.RoleOfficer, "GET", "/organizations/new", nil, 200},
		{domain.RoleOfficer, "GET", "/articles/new", nil, 200},
		{domain.RoleOfficer, "POST", "/organizations", form, 303},
		{domain.RoleOfficer, "GET", "/admin/users", nil, 403},
		{domain.RoleAdmin, "GET", "/admin/users", nil, 200},
	} {
		rec := send(pages[tc.role], tc.method, tc.path, tc.body)
		if rec.Code != tc.want {
			t.Errorf("%s: %s %s: status %d, want %d: %.300s", tc.role, tc.method, tc.path, rec.Code, tc.want, rec.Body)
			continue
		}
		if tc.want == http.StatusForbidden && !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: %s %s: 403 as %q, want an error page", tc.role, tc.method, tc.path, rec.Header().Get("Content-Type"))
		}
	}
}

// TestWithoutCredentials: the API answers 401 in the one error shape, a
// page sends the browser to the log-in with the way back, and the open
// routes stay open.
func TestWithoutCredentials(t *testing.T) {
	t.Parallel()
	srv, _ := authServer(t, false)
	api := newAPIClient(t, srv)
	for _, path := range []string{"/api/v1/organizations", "/api/v1/me", "/api/v1/users", "/api/v1/countries/PE/timeline"} {
		res := api.do(http.MethodGet, path, nil)
		if res.Status != http.StatusUnauthorized {
			t.Errorf("GET %s: status %d, want 401", path, res.Status)
			continue
		}
		if code := res.errorCode(t); code != domain.EUNAUTHORIZED {
			t.Errorf("GET %s: error code %q, want %q", path, code, domain.EUNAUTHORIZED)
		}
	}
	if res := api.do(http.MethodPost, "/api/v1/organizations", map[string]any{"name": "X", "country": "PE", "kind": "ministry"}); res.Status != http.StatusUnauthorized {
		t.Errorf("POST /api/v1/organizations: status %d, want 401", res.Status)
	}
	if res := api.doInvalid(http.MethodGet, "/api/v1/organizations", nil, "Authorization: Basic YWRtaW46eA=="); res.Status != http.StatusUnauthorized {
		t.Errorf("GET with Basic credentials: status %d, want 401", res.Status)
	}
	for _, tc := range []struct{ path, location string }{
		{"/", "/login?next=%2F"},
		{"/agreements?country=PE&sort=-date", "/login?next=%2Fagreements%3Fcountry%3DPE%26sort%3D-date"},
		{"/admin/users", "/login?next=%2Fadmin%2Fusers"},
		{"/no/such/page", "/login?next=%2Fno%2Fsuch%2Fpage"},
	} {
		rec := send(srv, http.MethodGet, tc.path, nil)
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != tc.location {
			t.Errorf("GET %s: status %d, Location %q; want 302 to %q", tc.path, rec.Code, rec.Header().Get("Location"), tc.location)
		}
	}
	if rec := send(srv, http.MethodPost, "/organizations", url.Values{"name": {"X"}}); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login" {
		t.Errorf("POST /organizations: status %d, Location %q; want 303 to /login", rec.Code, rec.Header().Get("Location"))
	}
	for _, path := range []string{"/healthz", "/readyz", "/login", "/static/style.css", "/static/app.js", "/api/v1/openapi.json"} {
		if rec := send(srv, http.MethodGet, path, nil); rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200 without signing in", path, rec.Code)
		}
	}
}

// TestLogInGoesBackOnlyToLocalPaths: after the log-in the browser goes
// where next says, if it is a path here; never to another site.
func TestLogInGoesBackOnlyToLocalPaths(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	email := testAccount(t, db, domain.RoleViewer)
	for _, tc := range []struct{ next, want string }{
		{"/agreements?country=PE", "/agreements?country=PE"},
		{"/countries/PE#timeline", "/countries/PE#timeline"},
		{"", "/"},
		{"//evil.example/", "/"},
		{"https://evil.example/", "/"},
		{"/\\evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"/%0d%0aSet-Cookie:x=y", "/%0d%0aSet-Cookie:x=y"}, // a path here, escaped: harmless
	} {
		rec := send(srv, http.MethodPost, "/login", url.Values{"email": {email}, "password": {testPassword}, "next": {tc.next}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != tc.want {
			t.Errorf("log in with next=%q: status %d, Location %q; want 303 to %q", tc.next, rec.Code, rec.Header().Get("Location"), tc.want)
		}
	}
	// The form carries next on, checked the same way.
	rec := send(srv, http.MethodGet, "/login?next=//evil.example", nil)
	if strings.Contains(rec.Body.String(), "evil.example") {
		t.Errorf("GET /login?next=//evil.example: the form carries the address on")
	}
}

// TestLogInFailureSaysNotWhich: an unknown email and a wrong password read
// the same.
func TestLogInFailureSaysNotWhich(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	email := testAccount(t, db, domain.RoleViewer)
	unknown := send(srv, http.MethodPost, "/login", url.Values{"email": {"nobody@example.org"}, "password": {testPassword}})
	wrong := send(srv, http.MethodPost, "/login", url.Values{"email": {email}, "password": {"not the password"}})
	notice := regexp.MustCompile(`<div class="notice bad" role="alert"><p>([^<]*)</p>`)
	got := [2][]string{notice.FindStringSubmatch(unknown.Body.String()), notice.FindStringSubmatch(wrong.Body.String())}
	if unknown.Code != http.StatusUnauthorized || wrong.Code != http.StatusUnauthorized || got[0] == nil || got[1] == nil || got[0][1] != got[1][1] {
		t.Errorf("unknown email: %d %q; wrong password: %d %q; want 401 and the same message", unknown.Code, got[0], wrong.Code, got[1])
	}
	if len(unknown.Result().Cookies()) > 0 {
		t.Errorf("a failed log-in set cookies: %v", unknown.Result().Cookies())
	}
}

// TestLogOutEndsTheSession: after log-out, the old cookie is refused, in
// the API and in pages.
func TestLogOutEndsTheSession(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	api := newAPIClient(t, srv)
	email := testAccount(t, db, domain.RoleOfficer)

	cookie := logIn(t, api, email)
	var me domain.User
	api.do(http.MethodGet, "/api/v1/me", nil, cookie).decode(t, &me)
	if me.Email != email || me.Role != domain.RoleOfficer {
		t.Fatalf("GET /api/v1/me = %+v, want %s, officer", me, email)
	}
	if res := api.do(http.MethodDelete, "/api/v1/session", nil, cookie); res.Status != http.StatusNoContent {
		t.Fatalf("DELETE /api/v1/session: status %d, want 204", res.Status)
	}
	if res := api.do(http.MethodGet, "/api/v1/me", nil, cookie); res.Status != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/me with the cookie of an ended session: status %d, want 401", res.Status)
	}

	login := send(srv, http.MethodPost, "/login", url.Values{"email": {email}, "password": {testPassword}})
	cookie = sessionOf(t, login)
	if rec := send(srv, http.MethodGet, "/", nil, cookie); rec.Code != http.StatusOK {
		t.Fatalf("GET / after logging in: status %d, want 200", rec.Code)
	}
	out := send(srv, http.MethodPost, "/logout", nil, cookie)
	if out.Code != http.StatusSeeOther || out.Header().Get("Location") != "/login" {
		t.Errorf("POST /logout: status %d, Location %q; want 303 to /login", out.Code, out.Header().Get("Location"))
	}
	if c := out.Result().Cookies(); len(c) != 1 || c[0].Name != sessionCookie || c[0].MaxAge >= 0 {
		t.Errorf("POST /logout set cookies %v, want %s cleared", c, sessionCookie)
	}
	if rec := send(srv, http.MethodGet, "/", nil, cookie); rec.Code != http.StatusFound {
		t.Errorf("GET / with the cookie of an ended session: status %d, want 302 to /login", rec.Code)
	}
}

// TestSessionCookieAttributes: HttpOnly, SameSite=Lax, and Secure as
// --cookie-secure says: over TLS or behind a trusted proxy that says https.
func TestSessionCookieAttributes(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	email := testAccount(t, db, domain.RoleViewer)
	if err := srv.TrustProxies([]string{"192.0.2.0/24"}); err != nil { // httptest's RemoteAddr is 192.0.2.1
		t.Fatal(err)
	}
	untrusted := New(storesOf(db))
	for _, tc := range []struct {
		name   string
		h      *Server
		mode   CookieSecure
		header string
		secure bool
	}{
		{"auto over plain HTTP", srv, CookieSecureAuto, "", false},
		{"auto, a trusted proxy says https", srv, CookieSecureAuto, "X-Forwarded-Proto: https", true},
		{"auto, an untrusted client says https", untrusted, CookieSecureAuto, "X-Forwarded-Proto: https", false},
		{"always", srv, CookieSecureAlways, "", true},
		{"never, a trusted proxy says https", srv, CookieSecureNever, "X-Forwarded-Proto: https", false},
	} {
		tc.h.CookieSecure = tc.mode
		rec := send(tc.h, http.MethodPost, "/login", url.Values{"email": {email}, "password": {testPassword}}, tc.header)
		sessionOf(t, rec)
		c := rec.Result().Cookies()[0]
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != tc.secure || c.Path != "/" {
			t.Errorf("%s: cookie HttpOnly %v, SameSite %v, Secure %v, Path %q; want true, Lax, %v, /", tc.name, c.HttpOnly, c.SameSite, c.Secure, c.Path, tc.secure)
		}
	}
}

// TestUserChangesTakeEffectOnTheNextRequest: a role taken away, or a user
// disabled, holds for their very next request, by token or by session.
func TestUserChangesTakeEffectOnTheNextRequest(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	admin := newAPIClient(t, asRole(t, db, domain.RoleAdmin, srv))
	officer := newAPIClient(t, asRole(t, db, domain.RoleOfficer, srv))
	email := testEmail(domain.RoleOfficer)
	cookie := logIn(t, newAPIClient(t, srv), email)
	org := map[string]any{"name": "Ministry of Production", "country": "PE", "kind": "ministry"}

	if res := officer.do(http.MethodPost, "/api/v1/organizations", org); res.Status != http.StatusCreated {
		t.Fatalf("officer creates: status %d, want 201", res.Status)
	}
	var u domain.User
	admin.do(http.MethodPatch, "/api/v1/users/"+email, map[string]any{"role": "viewer"}).decode(t, &u)
	if u.Role != domain.RoleViewer {
		t.Fatalf("PATCH role viewer: user %+v", u)
	}
	if res := officer.do(http.MethodPost, "/api/v1/organizations", org); res.Status != http.StatusForbidden {
		t.Errorf("token of an officer made viewer creates: status %d, want 403", res.Status)
	}
	if rec := send(srv, http.MethodGet, "/organizations/new", nil, cookie); rec.Code != http.StatusForbidden {
		t.Errorf("session of an officer made viewer opens a new form: status %d, want 403", rec.Code)
	}
	if res := officer.do(http.MethodGet, "/api/v1/organizations", nil); res.Status != http.StatusOK {
		t.Errorf("viewer reads: status %d, want 200", res.Status)
	}

	admin.do(http.MethodPatch, "/api/v1/users/"+email, map[string]any{"disabled": true}).decode(t, &u)
	if !u.Disabled {
		t.Fatalf("PATCH disabled: user %+v", u)
	}
	if res := officer.do(http.MethodGet, "/api/v1/organizations", nil); res.Status != http.StatusUnauthorized {
		t.Errorf("token of a disabled user: status %d, want 401", res.Status)
	}
	if rec := send(srv, http.MethodGet, "/api/v1/me", nil, cookie); rec.Code != http.StatusUnauthorized {
		t.Errorf("session of a disabled user: status %d, want 401", rec.Code)
	}
	if res := admin.do(http.MethodPatch, "/api/v1/users/"+testEmail(domain.RoleAdmin), map[string]any{"disabled": true}); res.Status != http.StatusConflict {
		t.Errorf("disable the last admin: status %d, want 409", res.Status)
	}
}

// TestReEnablingRevivesNoCredential (issue 14): a user disabled and
// enabled again finds every credential made before the disabling ended —
// API tokens, sessions, the calendar feed's address — and signs in afresh.
func TestReEnablingRevivesNoCredential(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	admin := newAPIClient(t, asRole(t, db, domain.RoleAdmin, srv))
	email := testEmail(domain.RoleOfficer)
	bearer := "Authorization: " + testUser(t, db, domain.RoleOfficer)
	cookie := logIn(t, newAPIClient(t, srv), email)
	var feed struct {
		URL string `json:"url"`
	}
	if rec := send(srv, http.MethodPost, "/api/v1/me/calendar", nil, bearer); rec.Code != http.StatusCreated {
		t.Fatalf("make a feed: status %d, want 201: %s", rec.Code, rec.Body)
	} else {
		mustJSON(t, rec.Body.Bytes(), &feed)
	}
	feedPath := strings.TrimPrefix(feed.URL, "http://example.com")
	credentials := map[string]func() int{
		"API token":     func() int { return send(srv, http.MethodGet, "/api/v1/me", nil, bearer).Code },
		"session":       func() int { return send(srv, http.MethodGet, "/api/v1/me", nil, cookie).Code },
		"calendar feed": func() int { return send(srv, http.MethodGet, feedPath, nil).Code },
	}
	for name, use := range credentials {
		if got := use(); got != http.StatusOK {
			t.Fatalf("%s before disabling: status %d, want 200", name, got)
		}
	}
	for _, disabled := range []bool{true, false} {
		if res := admin.do(http.MethodPatch, "/api/v1/users/"+email, map[string]any{"disabled": disabled}); res.Status != http.StatusOK {
			t.Fatalf("PATCH disabled %v: status %d, want 200: %s", disabled, res.Status, res.Body)
		}
	}
	for name, use := range credentials {
		if got := use(); got != http.StatusUnauthorized {
			t.Errorf("%s made before the user was disabled, after enabling: status %d, want 401", name, got)
		}
	}
	fresh := logIn(t, newAPIClient(t, srv), email)
	if got := send(srv, http.MethodGet, "/api/v1/me", nil, fresh).Code; got != http.StatusOK {
		t.Errorf("a new session after enabling: status %d, want 200", got)
	}
	if got := send(srv, http.MethodGet, "/api/v1/me", nil, "Authorization: "+testUser(t, db, domain.RoleOfficer)).Code; got != http.StatusOK {
		t.Errorf("a new token after enabling: status %d, want 200", got)
	}
}

// TestTokens: a viewer's token reads and cannot write; a revoked token is
// refused at once.
func TestTokens(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	viewer := newAPIClient(t, asRole(t, db, domain.RoleViewer, srv))
	var made newToken
	res := viewer.do(http.MethodPost, "/api/v1/me/tokens", map[string]any{"name": "weekly export"})
	if res.Status != http.StatusCreated {
		t.Fatalf("POST /api/v1/me/tokens: status %d, want 201: %s", res.Status, res.Body)
	}
	res.decode(t, &made)
	bearer := "Authorization: Bearer " + made.Secret
	if res := viewer.do(http.MethodGet, "/api/v1/organizations", nil, bearer); res.Status != http.StatusOK {
		t.Errorf("the viewer's new token reads: status %d, want 200", res.Status)
	}
	if res := viewer.do(http.MethodPost, "/api/v1/organizations", map[string]any{"name": "X", "country": "PE", "kind": "ministry"}, bearer); res.Status != http.StatusForbidden {
		t.Errorf("the viewer's new token writes: status %d, want 403", res.Status)
	}
	var list tokenList
	viewer.do(http.MethodGet, "/api/v1/me/tokens", nil).decode(t, &list)
	if len(list.Items) != 2 || list.Items[1].Name != "weekly export" {
		t.Errorf("GET /api/v1/me/tokens = %+v, want the helper's token and weekly export", list.Items)
	}
	if strings.Contains(string(viewer.do(http.MethodGet, "/api/v1/me/tokens", nil).Body), made.Secret) {
		t.Error("the token list shows a secret")
	}
	other := newAPIClient(t, asRole(t, db, domain.RoleOfficer, srv))
	if res := other.do(http.MethodDelete, "/api/v1/me/tokens/"+made.Token.ID, nil); res.Status != http.StatusNotFound {
		t.Errorf("another user revokes the viewer's token: status %d, want 404", res.Status)
	}
	if res := viewer.do(http.MethodDelete, "/api/v1/me/tokens/"+made.Token.ID, nil); res.Status != http.StatusNoContent {
		t.Fatalf("revoke: status %d, want 204", res.Status)
	}
	if res := viewer.do(http.MethodGet, "/api/v1/organizations", nil, bearer); res.Status != http.StatusUnauthorized {
		t.Errorf("a revoked token: status %d, want 401", res.Status)
	}
}

// TestCrossSiteRequestsAreRefused: a form another site makes a browser
// post is refused before it reaches a handler; the site's own are not.
func TestCrossSiteRequestsAreRefused(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	officer := asRole(t, db, domain.RoleOfficer, srv)
	form := url.Values{"name": {"Ministry of Cross Sites"}, "country": {"PE"}, "kind": {"ministry"}, "_action": {"save"}}
	for _, tc := range []struct {
		name    string
		h       http.Handler
		method  string
		path    string
		body    any
		headers []string
		want    int
	}{
		{"cross-site form post", officer, "POST", "/organizations", form, []string{"Sec-Fetch-Site: cross-site"}, 403},
		{"form post from another origin", officer, "POST", "/organizations", form, []string{"Origin: https://evil.example"}, 403},
		{"cross-site log-in", srv, "POST", "/login", url.Values{"email": {testEmail(domain.RoleOfficer)}, "password": {testPassword}}, []string{"Sec-Fetch-Site: cross-site"}, 403},
		{"cross-site API write", officer, "POST", "/api/v1/organizations", `{"name": "X", "country": "PE", "kind": "ministry"}`, []string{"Sec-Fetch-Site: cross-site"}, 403},
		{"cross-site read", officer, "GET", "/organizations", nil, []string{"Sec-Fetch-Site: cross-site"}, 200},
		{"same-origin form post", officer, "POST", "/organizations", form, []string{"Sec-Fetch-Site: same-origin"}, 303},
		{"form post from this origin", officer, "POST", "/organizations", url.Values{"name": {"Office of the Same Origin"}, "country": {"CO"}, "kind": {"office"}, "_action": {"save"}}, []string{"Origin: http://example.com"}, 303}, // httptest's host
	} {
		rec := send(tc.h, tc.method, tc.path, tc.body, tc.headers...)
		if rec.Code != tc.want {
			t.Errorf("%s: status %d, want %d: %.200s", tc.name, rec.Code, tc.want, rec.Body)
		}
		if tc.want == http.StatusForbidden && strings.HasPrefix(tc.path, "/api/") && !strings.Contains(rec.Body.String(), `"code":"forbidden"`) {
			t.Errorf("%s: body %s, want the error shape with code forbidden", tc.name, rec.Body)
		}
	}
	var list struct{ Total int }
	mustJSON(t, send(officer, http.MethodGet, "/api/v1/organizations", nil).Body.Bytes(), &list)
	if list.Total != 2 {
		t.Errorf("%d organizations after the posts, want the 2 same-origin ones", list.Total)
	}
}

// TestThrottledLogIn: after 5 failures for an account, log-in answers 429
// with Retry-After in seconds, in the API and on the page, even with the
// right password.
func TestThrottledLogIn(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	api := newAPIClient(t, srv)
	email := testAccount(t, db, domain.RoleViewer)
	for i := range domain.DefaultThrottle.AccountLimit {
		if res := api.do(http.MethodPost, "/api/v1/session", map[string]any{"email": email, "password": "wrong password " + strconv.Itoa(i)}); res.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d, want 401", i+1, res.Status)
		}
	}
	res := api.do(http.MethodPost, "/api/v1/session", map[string]any{"email": email, "password": testPassword})
	if res.Status != http.StatusTooManyRequests || res.errorCode(t) != domain.ETOOMANY {
		t.Fatalf("log-in after %d failures: status %d %s, want 429 too_many_attempts", domain.DefaultThrottle.AccountLimit, res.Status, res.Body)
	}
	if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || s <= 0 || s > int(domain.DefaultThrottle.Window.Seconds()) {
		t.Errorf("Retry-After = %q, want seconds within the window", res.Header.Get("Retry-After"))
	}
	rec := send(srv, http.MethodPost, "/login", url.Values{"email": {email}, "password": {testPassword}})
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "try again in") {
		t.Errorf("log-in page: status %d, Retry-After %q; want 429 with Retry-After and when to try again", rec.Code, rec.Header().Get("Retry-After"))
	}
}

// TestSecurityHeaders: every answer, page or API, open or refused, carries
// them; no page holds inline script or style, which the policy would block.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, true)
	admin := asRole(t, db, domain.RoleAdmin, srv)
	var agreements struct {
		Items []struct{ ID string } `json:"items"`
	}
	mustJSON(t, send(admin, http.MethodGet, "/api/v1/agreements?limit=1", nil).Body.Bytes(), &agreements)
	inline := regexp.MustCompile(`(?i)\sstyle=|<style|<script>|<script [^>]*>[^<]|\son[a-z]+=|javascript:`)
	want := map[string]string{
		"Content-Security-Policy": contentSecurityPolicy,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
		"X-Frame-Options":         "DENY",
	}
	for _, tc := range []struct {
		h      http.Handler
		method string
		path   string
	}{
		{admin, "GET", "/"},
		{admin, "GET", "/countries/PE"},
		{admin, "GET", "/agreements"},
		{admin, "GET", "/agreements/" + agreements.Items[0].ID},
		{admin, "GET", "/agreements/" + agreements.Items[0].ID + "/edit"},
		{admin, "GET", "/events/new"},
		{admin, "GET", "/account"},
		{admin, "GET", "/admin/users"},
		{admin, "GET", "/search?q=peru"},
		{admin, "GET", "/no/such/page"},
		{admin, "GET", "/api/v1/overview"},
		{srv, "GET", "/login"},
		{srv, "GET", "/static/style.css"},
		{srv, "GET", "/healthz"},
		{srv, "GET", "/api/v1/organizations"},
		{srv, "GET", "/agreements"},
		{admin, "POST", "/organizations"}, // refused below as cross-site
	} {
		headers := []string{}
		if tc.method == "POST" {
			headers = append(headers, "Sec-Fetch-Site: cross-site")
		}
		rec := send(tc.h, tc.method, tc.path, nil, headers...)
		for name, value := range want {
			if got := rec.Header().Get(name); got != value {
				t.Errorf("%s %s (%d): %s = %q, want %q", tc.method, tc.path, rec.Code, name, got, value)
			}
		}
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			if m := inline.FindString(rec.Body.String()); m != "" {
				t.Errorf("%s %s: inline %q, which the Content-Security-Policy blocks", tc.method, tc.path, m)
			}
		}
	}
}

// TestPagesShowOnlyWhatTheRoleMayUse: no New, Edit or Attach for a
// viewer; the Users page in the menu for admins only.
func TestPagesShowOnlyWhatTheRoleMayUse(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, true)
	var agreements struct {
		Items []struct{ ID string } `json:"items"`
	}
	mustJSON(t, send(asRole(t, db, domain.RoleAdmin, srv), http.MethodGet, "/api/v1/agreements?limit=1", nil).Body.Bytes(), &agreements)
	record := "/agreements/" + agreements.Items[0].ID
	for _, tc := range []struct {
		role domain.Role
		path string
		css  string
		want int
	}{
		{domain.RoleViewer, "/agreements", `a[href="/agreements/new"]`, 0},
		{domain.RoleOfficer, "/agreements", `a[href="/agreements/new"]`, 1},
		{domain.RoleViewer, "/sources", `a[href="/articles/new"]`, 0},
		{domain.RoleOfficer, "/sources", `a[href="/articles/new"]`, 1},
		{domain.RoleViewer, record, `a[href="` + record + `/edit"]`, 0},
		{domain.RoleViewer, record, `a[href="` + record + `/evidence"]`, 0},
		{domain.RoleOfficer, record, `a[href="` + record + `/edit"]`, 1},
		{domain.RoleOfficer, record, `a[href="` + record + `/evidence"]`, 2},
		{domain.RoleViewer, "/", `nav a[href="/admin/users"]`, 0},
		{domain.RoleOfficer, "/", `nav a[href="/admin/users"]`, 0},
		{domain.RoleAdmin, "/", `nav a[href="/admin/users"]`, 1},
		{domain.RoleViewer, "/", `.who a[href="/account"]`, 1},
		{domain.RoleViewer, "/", `form[action="/logout"] button`, 1},
	} {
		doc := getPage(t, asRole(t, db, tc.role, srv), tc.path, http.StatusOK)
		if got := doc.Find(tc.css).Length(); got != tc.want {
			t.Errorf("%s on %s: %d of %s, want %d", tc.role, tc.path, got, tc.css, tc.want)
		}
	}
}

// TestEveryRouteDeclaresItsAccess: the access table and the routes Gin
// mounts are the same set, so that no route is open, or closed, by
// omission.
func TestEveryRouteDeclaresItsAccess(t *testing.T) {
	t.Parallel()
	mounted := map[string]bool{}
	for _, r := range New(Stores{}).engine.Routes() {
		key := r.Method + " " + r.Path
		mounted[key] = true
		if _, ok := routeAccess[key]; !ok {
			t.Errorf("%s is not in the access table (access.go)", key)
		}
	}
	for key := range routeAccess {
		if !mounted[key] {
			t.Errorf("the access table lists %s, which is not mounted", key)
		}
	}
}

// TestAccountPages: change one's password (other sessions end), make a
// token shown once, revoke it; an admin adds a user and disables them.
func TestAccountPages(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	email := testAccount(t, db, domain.RoleOfficer)
	login := func(pw string) *httptest.ResponseRecorder {
		return send(srv, http.MethodPost, "/login", url.Values{"email": {email}, "password": {pw}})
	}
	first, second := sessionOf(t, login(testPassword)), sessionOf(t, login(testPassword))
	const next = "a new long password"
	mismatch := send(srv, http.MethodPost, "/account/password", url.Values{"current": {testPassword}, "password": {next}, "confirm": {"something else"}}, first)
	if mismatch.Code != http.StatusUnprocessableEntity || !strings.Contains(mismatch.Body.String(), "does not match") {
		t.Errorf("mismatched confirmation: status %d, want 422 saying it does not match", mismatch.Code)
	}
	changed := send(srv, http.MethodPost, "/account/password", url.Values{"current": {testPassword}, "password": {next}, "confirm": {next}}, first)
	if changed.Code != http.StatusOK {
		t.Fatalf("change the password: status %d, want 200: %.300s", changed.Code, changed.Body)
	}
	third := sessionOf(t, changed)
	for name, cookie := range map[string]string{"the page's old session": first, "another session": second} {
		if rec := send(srv, http.MethodGet, "/account", nil, cookie); rec.Code != http.StatusFound {
			t.Errorf("%s after the change: status %d, want 302 to /login", name, rec.Code)
		}
	}
	if rec := login(next); rec.Code != http.StatusSeeOther {
		t.Errorf("log in with the new password: status %d, want 303", rec.Code)
	}

	made := send(srv, http.MethodPost, "/account/tokens", url.Values{"name": {"reports"}}, third)
	secret := regexp.MustCompile(`<code class="secret" id="new-token">(ctk_[^<]+)</code>`).FindStringSubmatch(made.Body.String())
	if made.Code != http.StatusCreated || secret == nil {
		t.Fatalf("make a token: status %d, want 201 with the secret shown: %.300s", made.Code, made.Body)
	}
	if rec := send(srv, http.MethodGet, "/account", nil, third); strings.Contains(rec.Body.String(), secret[1]) {
		t.Error("the account page shows the token's secret again")
	}
	if rec := send(srv, http.MethodGet, "/api/v1/me", nil, "Authorization: Bearer "+secret[1]); rec.Code != http.StatusOK {
		t.Errorf("the new token: status %d, want 200", rec.Code)
	}
	tokens, err := db.Accounts.Tokens(testAdminContext(t), email)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("tokens = %v, %v; want 1", tokens, err)
	}
	if rec := send(srv, http.MethodPost, "/account/tokens/"+tokens[0].ID+"/revoke", nil, third); rec.Code != http.StatusSeeOther {
		t.Errorf("revoke: status %d, want 303", rec.Code)
	}
	if rec := send(srv, http.MethodGet, "/api/v1/me", nil, "Authorization: Bearer "+secret[1]); rec.Code != http.StatusUnauthorized {
		t.Errorf("the revoked token: status %d, want 401", rec.Code)
	}

	admin := asRole(t, db, domain.RoleAdmin, srv)
	add := url.Values{"email": {"New.User@Example.org"}, "name": {"New User"}, "role": {"viewer"}, "password": {"short"}}
	if rec := send(admin, http.MethodPost, "/admin/users", add); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "New.User@Example.org") {
		t.Errorf("add a user with a short password: status %d, want 422 keeping the email typed", rec.Code)
	}
	add.Set("password", testPassword)
	if rec := send(admin, http.MethodPost, "/admin/users", add); rec.Code != http.StatusSeeOther {
		t.Fatalf("add a user: status %d, want 303: %.300s", rec.Code, rec.Body)
	}
	if rec := send(admin, http.MethodPost, "/admin/users/new.user@example.org", url.Values{"disabled": {"true"}}); rec.Code != http.StatusSeeOther {
		t.Errorf("disable: status %d, want 303", rec.Code)
	}
	page := getPage(t, admin, "/admin/users", http.StatusOK)
	row := page.Find(`table.users tbody tr`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Find("th").Text() == "new.user@example.org"
	})
	if state := strings.Join(strings.Fields(row.Find("td").Eq(2).Text()), " "); !strings.HasPrefix(state, "disabled") {
		t.Errorf("the new user's state reads %q, want disabled", state)
	}
	if rec := send(srv, http.MethodPost, "/login", url.Values{"email": {"new.user@example.org"}, "password": {testPassword}}); rec.Code != http.StatusUnauthorized {
		t.Errorf("a disabled user logs in: status %d, want 401", rec.Code)
	}
}

// TestLogsHoldNoSecrets: the request log names the route and the actor,
// never a password, a token or a session's secret.
func TestLogsHoldNoSecrets(t *testing.T) { // not parallel: it swaps the default logger
	srv, db := authServer(t, false)
	email := testAccount(t, db, domain.RoleOfficer)
	var logs bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))

	bearer := testUser(t, db, domain.RoleOfficer)
	send(srv, http.MethodGet, "/api/v1/me?token=x", nil, "Authorization: "+bearer)
	send(srv, http.MethodPost, "/login", url.Values{"email": {email}, "password": {"a wrong password"}})
	login := send(srv, http.MethodPost, "/login", url.Values{"email": {email}, "password": {testPassword}})
	cookie := sessionOf(t, login)
	send(srv, http.MethodPost, "/api/v1/session", `{"email": "`+email+`", "password": "`+testPassword+`"}`)
	send(srv, http.MethodGet, "/account", nil, cookie)

	slog.SetDefault(slog.New(slog.DiscardHandler))
	out := logs.String()
	if !strings.Contains(out, `"route":"/api/v1/me"`) || !strings.Contains(out, `"actor":"`+email+`"`) {
		t.Errorf("the log lacks the requests and their actor:\n%s", out)
	}
	for name, secret := range map[string]string{
		"password": testPassword, "wrong password": "a wrong password",
		"token": strings.TrimPrefix(bearer, "Bearer "), "session": strings.TrimPrefix(cookie, "Cookie: "+sessionCookie+"="),
	} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds the %s:\n%s", name, out)
		}
	}
}
