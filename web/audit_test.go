package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

var (
	testAdmin   = domain.Actor{UserID: "u-admin", Email: "admin@example.org", Role: domain.RoleAdmin, IP: "192.0.2.9", SessionID: "s-admin"}
	testOfficer = domain.Actor{UserID: "u-ana", Email: "ana@example.org", Role: domain.RoleOfficer, IP: "192.0.2.1", SessionID: "s-ana", UserAgent: "test-browser"}
	testViewer  = domain.Actor{UserID: "u-vic", Email: "vic@example.org", Role: domain.RoleViewer}
)

// actingAs serves h as the actor of the test: each request carries the API
// token of a user with the actor's role, so that the authentication
// middleware lets it through with that role; as switches it, nil for none.
type actingAs struct {
	h      http.Handler
	mu     sync.Mutex
	actor  *domain.Actor
	tokens map[domain.Role]string // the Authorization header of each role
}

// newActingAs serves h, on the store db, as actor (nil: nobody).
func newActingAs(t testing.TB, db *repository.DB, h http.Handler, actor *domain.Actor) *actingAs {
	t.Helper()
	a := &actingAs{h: h, actor: actor, tokens: map[domain.Role]string{}}
	for _, role := range []domain.Role{domain.RoleAdmin, domain.RoleOfficer, domain.RoleViewer} {
		a.tokens[role] = testUser(t, db, role)
	}
	return a
}

func (a *actingAs) as(actor *domain.Actor) {
	a.mu.Lock()
	a.actor = actor
	a.mu.Unlock()
}

func (a *actingAs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	actor := a.actor
	a.mu.Unlock()
	if actor != nil {
		r.Header.Set("Authorization", a.tokens[actor.Role])
	}
	a.h.ServeHTTP(w, r)
}

// eachActingAPI runs f against the API on every backend, behind actingAs.
func eachActingAPI(t *testing.T, f func(t *testing.T, api *apiClient, who *actingAs, db *repository.DB)) {
	t.Helper()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		srv := New(storesOf(db))
		srv.Now = func() time.Time { return testToday }
		who := newActingAs(t, db, srv, nil)
		f(t, newAPIClient(t, who), who, db)
	})
}

// auditPage is domain.AuditPage as a client reads it.
type auditPage struct {
	Entries    []domain.AuditEntry `json:"entries"`
	NextCursor string              `json:"next_cursor"`
}

func (c *apiClient) audit(t *testing.T, path string, status int) auditPage {
	t.Helper()
	r := c.do(http.MethodGet, path, nil)
	if r.Status != status {
		t.Fatalf("GET %s: status %d, want %d: %s", path, r.Status, status, clip(r.Body))
	}
	var p auditPage
	if status == http.StatusOK {
		r.decode(t, &p)
	}
	return p
}

// actions returns "action record-id by actor" for each entry about a
// record, leaving out those about the accounts the tests sign in with.
func actions(p auditPage) []string {
	out := make([]string, 0, len(p.Entries))
	for _, e := range recordEntries(p.Entries) {
		out = append(out, string(e.Action)+" "+e.Record.ID+" by "+e.Actor.String())
	}
	return out
}

// recordEntries leaves out the entries about users and tokens.
func recordEntries(entries []domain.AuditEntry) []domain.AuditEntry {
	return slices.DeleteFunc(slices.Clone(entries), func(e domain.AuditEntry) bool {
		return e.Record.Type == "user" || e.Record.Type == "token"
	})
}

func TestAuditAPIFiltersAndRoles(t *testing.T) {
	t.Parallel()
	eachActingAPI(t, func(t *testing.T, api *apiClient, who *actingAs, _ *repository.DB) {
		who.as(&testOfficer)
		org := api.create(t, "organizations", map[string]any{"name": "Ministry of Justice", "country": "PE", "kind": "ministry"})
		mou := api.create(t, "agreements", map[string]any{"kind": "mou", "title": "MOU on justice", "status": "signed", "signed_on": "2015-04-20", "parties": []any{map[string]any{"id": org.ID}}})
		who.as(&testAdmin)
		r := api.do(http.MethodPut, "/api/v1/agreements/"+mou.ID, map[string]any{"kind": "mou", "title": "MOU on criminal justice", "status": "terminated", "status_reason": "replaced", "signed_on": "2015-04-20", "parties": []any{map[string]any{"id": org.ID}}}, `If-Match: "1"`)
		if r.Status != http.StatusOK {
			t.Fatalf("PUT: status %d: %s", r.Status, r.Body)
		}

		mouHistory := []string{"status_change " + mou.ID + " by admin@example.org", "update " + mou.ID + " by admin@example.org", "create " + mou.ID + " by officer@example.org"}
		tests := []struct {
			name  string
			actor *domain.Actor
			path  string
			want  []string // nil: only the status is checked
			code  int
		}{
			{"admin: the whole log", &testAdmin, "/api/v1/audit", append(slices.Clone(mouHistory), "create "+org.ID+" by officer@example.org"), 200},
			{"admin: by actor", &testAdmin, "/api/v1/audit?actor=officer@example.org", []string{"create " + mou.ID + " by officer@example.org", "create " + org.ID + " by officer@example.org"}, 200},
			{"admin: by user id and action", &testAdmin, "/api/v1/audit?actor=admin@example.org&action=status_change", mouHistory[:1], 200},
			{"admin: by dates", &testAdmin, "/api/v1/audit?from=2000-01-01&to=2000-12-31", []string{}, 200},
			{"admin: a record's history", &testAdmin, "/api/v1/audit?record_type=agreement&record_id=" + mou.ID, mouHistory, 200},
			{"officer: a record's history", &testOfficer, "/api/v1/audit?record_type=agreement&record_id=" + mou.ID, mouHistory, 200},
			{"viewer: the history shortcut", &testViewer, "/api/v1/agreements/" + mou.ID + "/history", mouHistory, 200},
			{"viewer: filtered history", &testViewer, "/api/v1/agreements/" + mou.ID + "/history?action=create", mouHistory[2:], 200},
			{"officer: the whole log", &testOfficer, "/api/v1/audit", nil, 403},
			{"viewer: everything by one actor", &testViewer, "/api/v1/audit?actor=officer@example.org", nil, 403},
			{"officer: a user's history", &testOfficer, "/api/v1/audit?record_type=user&record_id=u-ana", nil, 403},
			{"no one signed in", nil, "/api/v1/audit?record_type=agreement&record_id=" + mou.ID, nil, 401},
			{"no one signed in: history", nil, "/api/v1/agreements/" + mou.ID + "/history", nil, 401},
		}
		for _, tc := range tests {
			who.as(tc.actor)
			p := api.audit(t, tc.path, tc.code)
			if got := actions(p); tc.want != nil && !slices.Equal(got, tc.want) {
				t.Errorf("%s: GET %s\n got %q\nwant %q", tc.name, tc.path, got, tc.want)
			}
		}

		// What the status change recorded, and what non-admins see of who.
		who.as(&testOfficer)
		p := api.audit(t, "/api/v1/agreements/"+mou.ID+"/history?limit=1", 200)
		if e := p.Entries[0]; e.Note != "replaced" || len(e.Changes) != 1 || string(e.Changes[0].After) != `"terminated"` {
			t.Errorf("status_change = %+v, want the reason and the new status", e)
		}
		p = api.audit(t, "/api/v1/agreements/"+mou.ID+"/history?action=create", 200)
		if a := p.Entries[0].Actor; a.Email != "officer@example.org" || a.IP != "" || a.SessionID != "" || a.TokenID != "" || a.UserAgent != "" {
			t.Errorf("actor shown to an officer = %+v, want the email without where the request came from", a)
		}
		who.as(&testAdmin)
		p = api.audit(t, "/api/v1/agreements/"+mou.ID+"/history?action=create", 200)
		if a := p.Entries[0].Actor; a.IP == "" || a.TokenID == "" {
			t.Errorf("actor shown to an admin = %+v, want the address and the token", a)
		}

		// Pages.
		var got []string
		path := "/api/v1/audit?limit=2"
		for range 5 {
			p := api.audit(t, path, 200)
			got = append(got, actions(p)...)
			if p.NextCursor == "" {
				break
			}
			path = "/api/v1/audit?limit=2&cursor=" + url.QueryEscape(p.NextCursor)
		}
		if len(got) != 4 {
			t.Errorf("paged log = %q, want the four entries", got)
		}
	})
}

func TestAuditAPIRefusesBadInput(t *testing.T) {
	t.Parallel()
	eachActingAPI(t, func(t *testing.T, api *apiClient, who *actingAs, _ *repository.DB) {
		who.as(&testAdmin)
		for _, tc := range []struct {
			query string
			field string
		}{
			{"record_type=palace&record_id=x", "record_type"},
			{"record_type=agreement", "record_id"},
			{"record_id=x", "record_id"},
			{"from=2015-13-01", "from"},
			{"to=yesterday", "to"},
			{"from=2016-01-01&to=2015-01-01", "to"},
			{"from=2015-01-01T10:00:00Z&to=2015-01-01T10:00:00Z", "to"},
			{"limit=0", "limit"},
			{"limit=501", "limit"},
			{"limit=-1", "limit"},
			{"limit=ten", "limit"},
			{"limit=99999999999999999999", "limit"},
			{"action=drop", "action"},
			{"actor=" + url.QueryEscape(`{"$gt": ""}`), "actor"},
			{"actor=$ne", "actor"},
			{"record_type=agreement&record_id=" + url.QueryEscape(`{"$ne": null}`), "record_id"},
			{"record_type=agreement&record_id[$ne]=x", "record_id[$ne]"},
			{"record_type=agreement&record_id=a&record_id=b", "record_id"},
			{"actor=%00", "actor"},
			{"actor=%ff", "actor"},
			{"actor=" + strings.Repeat("a", 400), "actor"},
			{"colour=red", "colour"},
			{"cursor=nonsense", "cursor"},
			{"record_type=agreement&record_id=x&cursor=9.9", "cursor"},
			{"%zz", "query"},
		} {
			r := api.doInvalid(http.MethodGet, "/api/v1/audit?"+tc.query, nil)
			var body errorBody
			r.decode(t, &body)
			if r.Status != http.StatusUnprocessableEntity || body.Error.Code != domain.EINVALID || body.Error.Fields[tc.field] == "" {
				t.Errorf("GET /api/v1/audit?%s: status %d %s, fields %v; want 422 validation_failed naming %s", clip([]byte(tc.query)), r.Status, body.Error.Code, body.Error.Fields, tc.field)
			}
		}
		r := api.doInvalid(http.MethodGet, "/api/v1/agreements/x/history?record_type=agreement", nil)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("history with record_type: status %d, want 422", r.Status)
		}
	})
}

// TestAuditEntriesCannotBeChanged: no method but GET reaches the audit log.
func TestAuditEntriesCannotBeChanged(t *testing.T) {
	t.Parallel()
	eachActingAPI(t, func(t *testing.T, api *apiClient, who *actingAs, _ *repository.DB) {
		who.as(&testOfficer)
		org := api.create(t, "organizations", map[string]any{"name": "Ministry of Justice", "country": "PE", "kind": "ministry"})
		who.as(&testAdmin)
		entry := api.audit(t, "/api/v1/audit", 200).Entries[0]
		for _, path := range []string{"/api/v1/audit", "/api/v1/audit/" + entry.ID, "/api/v1/organizations/" + org.ID + "/history", "/api/v1/organizations/" + org.ID + "/history/" + entry.ID} {
			for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
				r := api.doInvalid(method, path, map[string]any{"action": "delete"})
				if r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
					t.Errorf("%s %s: status %d, want 404 or 405", method, path, r.Status)
				}
			}
		}
		if got := recordEntries(api.audit(t, "/api/v1/audit", 200).Entries); len(got) != 1 || got[0].ID != entry.ID || got[0].Action != domain.ActionCreate {
			t.Errorf("log after the attempts = %+v, want the one create entry as it was", got)
		}
	})
}
