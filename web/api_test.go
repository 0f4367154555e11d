package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// testToday is the day the API tests compute statuses on.
var testToday = time.Date(2016, 1, 15, 12, 0, 0, 0, time.UTC)

// testBaseURL is the address the API tests' server is reached at, which
// is not the host their requests name (localhost).
const testBaseURL = "https://cooptrack.example.org"

// newTestServer returns the API on a fresh database of the backend.
func newTestServer(t *testing.T, db *repository.DB) *apiClient {
	t.Helper()
	srv := New(storesOf(db))
	srv.Now = func() time.Time { return testToday }
	srv.BaseURL = testBaseURL
	return newAPIClient(t, asRole(t, db, domain.RoleAdmin, srv))
}

func storesOf(db *repository.DB) Stores {
	return Stores{
		RecordStores: db.RecordStores(),
		Countries:    db, Links: db, Dossiers: db, Catalog: db, Audit: db.Audit, Ping: db.Ping,
		Accounts: db.Accounts, Matcher: db.Matcher(), Imports: db.Imports, CalendarFeeds: db.Accounts,
	}
}

// eachAPI runs f against the API on every backend.
func eachAPI(t *testing.T, f func(t *testing.T, api *apiClient, db *repository.DB)) {
	t.Helper()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		f(t, newTestServer(t, db), db)
	})
}

type idBody struct {
	ID      string `json:"id"`
	Version int64  `json:"version"`
}

func (c *apiClient) create(t *testing.T, collection string, body any) idBody {
	t.Helper()
	r := c.do(http.MethodPost, "/api/v1/"+collection, body)
	if r.Status != http.StatusCreated {
		t.Fatalf("POST %s: status %d, want 201: %s", collection, r.Status, r.Body)
	}
	var out idBody
	r.decode(t, &out)
	return out
}

func (c *apiClient) total(t *testing.T, collection string) int64 {
	t.Helper()
	var list struct {
		Total int64 `json:"total"`
	}
	r := c.do(http.MethodGet, "/api/v1/"+collection, nil)
	r.decode(t, &list)
	return list.Total
}

func TestCreateOrganizationPersonAndAgreement(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		org := api.create(t, "organizations", map[string]any{"name": "Ministry of Justice and Human Rights", "acronym": "MINJUSDH", "country": "PE", "kind": "ministry"})
		home := api.create(t, "organizations", map[string]any{"name": "Ministry of the Interior and Safety", "country": "KR", "kind": "ministry"})
		person := api.create(t, "people", map[string]any{
			"full_name": "Gustavo Olaya", "country": "PE",
			"positions": []any{map[string]any{"title": "Minister of Justice and Human Rights", "organization": map[string]any{"id": org.ID}, "from_on": "2015-02-17"}},
		})
		r := api.do(http.MethodPost, "/api/v1/agreements", map[string]any{
			"kind": "mou", "title": "MOU on criminal justice information systems", "status": "signed",
			"subjects": []string{"criminal justice"}, "signed_on": "2015-04-20", "expires_on": "2018-04-19",
			"parties":     []any{map[string]any{"id": org.ID}, map[string]any{"id": home.ID}},
			"signatories": []any{map[string]any{"person": map[string]any{"id": person.ID}, "organization": map[string]any{"id": org.ID}, "capacity": "Minister"}},
			"place":       map[string]any{"city": "Lima", "country": "PE"},
			"renewal":     map[string]any{"automatic": false, "notice_days": 90},
		})
		if r.Status != http.StatusCreated {
			t.Fatalf("status = %d, want 201: %s", r.Status, r.Body)
		}
		var a domain.Agreement
		r.decode(t, &a)
		if a.Parties[0].Name != "Ministry of Justice and Human Rights" || a.Signatories[0].Person.Name != "Gustavo Olaya" {
			t.Errorf("names not filled in: parties %+v, signatories %+v", a.Parties, a.Signatories)
		}
		if got := strings.Join(a.Countries, ","); got != "KR,PE" {
			t.Errorf("countries = %q, want KR,PE", got)
		}
		if loc := r.Header.Get("Location"); loc != "/api/v1/agreements/"+a.ID {
			t.Errorf("Location = %q", loc)
		}
		var holders struct {
			Items []domain.OfficeHolder `json:"items"`
		}
		api.do(http.MethodGet, "/api/v1/countries/PE/office-holders?title=minister+of+justice&on=2015-04-20", nil).decode(t, &holders)
		if len(holders.Items) != 1 || holders.Items[0].Person.ID != person.ID {
			t.Errorf("office holders = %+v, want Gustavo Olaya", holders.Items)
		}
		api.do(http.MethodGet, "/api/v1/countries/PE/office-holders?title=minister+of+justice&on=2015-01-01", nil).decode(t, &holders)
		if len(holders.Items) != 0 {
			t.Errorf("office holders before the post began = %+v, want none", holders.Items)
		}
	})
}

// TestBadInputIsRefusedAndChangesNothing shows each kind of bad input with
// its status, and that the store holds no more agreements afterwards.
func TestBadInputIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		org := api.create(t, "organizations", map[string]any{"name": "Ministry of National Defense", "country": "CO", "kind": "ministry"})
		valid := func(change map[string]any) map[string]any {
			a := map[string]any{"kind": "mou", "title": "MOU for public security", "status": "signed", "signed_on": "2015-04-17", "parties": []any{map[string]any{"id": org.ID}}}
			for k, v := range change {
				if v == nil {
					delete(a, k)
					continue
				}
				a[k] = v
			}
			return a
		}
		big := strings.Repeat("x", MaxBodyBytes)
		cases := []struct {
			name        string
			body        any
			contentType string
			status      int
			code        string
			field       string
		}{
			{"malformed JSON", []byte(`{"kind": "mou", "title": `), "", 400, EBADREQUEST, ""},
			{"not an object", []byte(`["mou"]`), "", 400, EBADREQUEST, ""},
			{"two values", []byte(`{"kind": "mou"} {"kind": "mou"}`), "", 400, EBADREQUEST, ""},
			{"empty body", []byte(``), "", 400, EBADREQUEST, ""},
			{"unknown field", valid(map[string]any{"colour": "blue"}), "", 400, EBADREQUEST, "colour"},
			{"wrong type", valid(map[string]any{"title": 42}), "", 400, EBADREQUEST, "title"},
			{"operator-shaped string", valid(map[string]any{"title": map[string]any{"$gt": ""}}), "", 400, EBADREQUEST, "title"},
			{"operator-shaped reference", valid(map[string]any{"parties": []any{map[string]any{"id": map[string]any{"$ne": nil}}}}), "", 400, EBADREQUEST, "parties.id"},
			{"operator-shaped date", valid(map[string]any{"signed_on": map[string]any{"$gt": ""}}), "", 400, EBADREQUEST, "signed_on"},
			{"impossible date", valid(map[string]any{"signed_on": "2015-02-30"}), "", 422, domain.EINVALID, "signed_on"},
			{"date in another form", valid(map[string]any{"signed_on": "17/04/2015"}), "", 422, domain.EINVALID, "signed_on"},
			{"expiry before signing", valid(map[string]any{"expires_on": "2014-01-01"}), "", 422, domain.EINVALID, "expires_on"},
			{"unknown country", valid(map[string]any{"place": map[string]any{"country": "XX"}}), "", 422, domain.EINVALID, "place.country"},
			{"unknown kind", valid(map[string]any{"kind": "handshake"}), "", 422, domain.EINVALID, "kind"},
			{"missing title", valid(map[string]any{"title": nil}), "", 422, domain.EINVALID, "title"},
			{"unknown reference", valid(map[string]any{"parties": []any{map[string]any{"id": "0123456789abcdef01234567"}}}), "", 422, domain.EUNKNOWNREF, "parties[0].id"},
			{"reference of the wrong kind", valid(map[string]any{"events": []any{map[string]any{"id": org.ID}}}), "", 422, domain.EUNKNOWNREF, "events[0].id"},
			{"body over the limit", valid(map[string]any{"title": big}), "", 413, ETOOLARGE, ""},
			{"invalid UTF-8", []byte("{\"kind\": \"mou\", \"title\": \"caf\xe9\"}"), "", 400, EBADREQUEST, ""},
			{"not JSON", []byte(`kind=mou`), "application/x-www-form-urlencoded", 415, EMEDIATYPE, ""},
		}
		before := api.total(t, "agreements")
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				ct := tc.contentType
				if ct == "" {
					ct = "application/json"
				}
				r := api.doInvalid(http.MethodPost, "/api/v1/agreements", tc.body, "Content-Type: "+ct)
				if r.Status != tc.status {
					t.Fatalf("status = %d, want %d: %s", r.Status, tc.status, r.Body)
				}
				var e errorBody
				r.decode(t, &e)
				if e.Error.Code != tc.code {
					t.Errorf("code = %q, want %q", e.Error.Code, tc.code)
				}
				if tc.field != "" {
					if _, ok := e.Error.Fields[tc.field]; !ok {
						t.Errorf("fields = %v, want an entry for %q", e.Error.Fields, tc.field)
					}
				}
				if strings.Contains(string(r.Body), "mongo") || strings.Contains(string(r.Body), "runtime") {
					t.Errorf("the error shows internals: %s", r.Body)
				}
			})
		}
		if after := api.total(t, "agreements"); after != before {
			t.Errorf("agreements stored = %d after bad input, want %d", after, before)
		}
	})
}

func TestSourceWithInvalidURLIsRefused(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		for _, u := range []string{"not a url", "ftp://example.org/a", "javascript:alert(1)", "https://"} {
			r := api.doInvalid(http.MethodPost, "/api/v1/sources", map[string]any{"title": "An article", "url": u})
			if r.Status != http.StatusUnprocessableEntity {
				t.Errorf("url %q: status %d, want 422", u, r.Status)
			}
		}
		if n := api.total(t, "sources"); n != 0 {
			t.Errorf("sources stored = %d, want 0", n)
		}
	})
}

func TestStalePutIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		org := api.create(t, "organizations", map[string]any{"name": "Migraciones", "country": "PE", "kind": "agency"})
		path := "/api/v1/organizations/" + org.ID
		edit := func(name string, version int64, headers ...string) *apiResponse {
			body := map[string]any{"name": name, "country": "PE", "kind": "agency"}
			if version != 0 {
				body["version"] = version
			}
			return api.do(http.MethodPut, path, body, headers...)
		}
		if r := edit("Superintendencia Nacional de Migraciones", 1); r.Status != http.StatusOK {
			t.Fatalf("first edit: status %d: %s", r.Status, r.Body)
		}
		r := edit("Immigration Office", 1)
		if r.Status != http.StatusConflict || r.errorCode(t) != domain.ECONFLICT {
			t.Fatalf("stale edit: status %d, want 409: %s", r.Status, r.Body)
		}
		if r := edit("By If-Match", 0, `If-Match: "2"`); r.Status != http.StatusOK {
			t.Errorf("edit with If-Match: status %d: %s", r.Status, r.Body)
		}
		if r := edit("Stale If-Match", 0, `If-Match: "2"`); r.Status != http.StatusConflict {
			t.Errorf("stale If-Match: status %d, want 409", r.Status)
		}
		if r := edit("No version", 0); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("edit without a version: status %d, want 422", r.Status)
		}
		var got domain.Organization
		api.do(http.MethodGet, path, nil).decode(t, &got)
		if got.Name != "By If-Match" || got.Version != 3 {
			t.Errorf("stored = %q v%d, want %q v3", got.Name, got.Version, "By If-Match")
		}
	})
}

// TestDeleteMustNameTheVersion (issue 14): a DELETE of a record says which
// version it deletes, in If-Match, as an edit does; without it the answer
// is 428 and the record stays.
func TestDeleteMustNameTheVersion(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		org := api.create(t, "organizations", map[string]any{"name": "Migraciones", "country": "PE", "kind": "agency"})
		path := "/api/v1/organizations/" + org.ID
		tests := []struct {
			name    string
			invalid bool // outside the document's request schema
			headers []string
			status  int
			code    string
		}{
			{"no If-Match", true, nil, http.StatusPreconditionRequired, EPRECONDITION},
			{"an empty If-Match", true, []string{"If-Match: \"\""}, http.StatusBadRequest, EBADREQUEST},
			{"a version that is not one", true, []string{"If-Match: \"three\""}, http.StatusBadRequest, EBADREQUEST},
			{"a version not stored", false, []string{`If-Match: "2"`}, http.StatusConflict, domain.ECONFLICT},
		}
		for _, tc := range tests {
			do := api.do
			if tc.invalid {
				do = api.doInvalid
			}
			r := do(http.MethodDelete, path, nil, tc.headers...)
			if r.Status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("%s: status %d %s, want %d %s", tc.name, r.Status, r.Body, tc.status, tc.code)
			}
			if r := api.do(http.MethodGet, path, nil); r.Status != http.StatusOK {
				t.Fatalf("%s: the record after the refused DELETE: status %d, want 200", tc.name, r.Status)
			}
		}
		if r := api.do(http.MethodDelete, path, nil, `If-Match: "1"`); r.Status != http.StatusNoContent {
			t.Errorf("DELETE with the stored version: status %d %s, want 204", r.Status, r.Body)
		}
		if r := api.do(http.MethodGet, path, nil); r.Status != http.StatusNotFound {
			t.Errorf("the record after its DELETE: status %d, want 404", r.Status)
		}
	})
}

func TestDeleteOfALinkedRecordListsWhatLinksToIt(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		org := api.create(t, "organizations", map[string]any{"name": "Prime Minister's Office", "country": "PE", "kind": "office"})
		a := api.create(t, "agreements", map[string]any{"kind": "mou", "title": "MOU for e-government", "status": "draft", "parties": []any{map[string]any{"id": org.ID}}})
		r := api.do(http.MethodDelete, "/api/v1/organizations/"+org.ID, nil, `If-Match: "1"`)
		if r.Status != http.StatusConflict {
			t.Fatalf("status = %d, want 409: %s", r.Status, r.Body)
		}
		var e errorBody
		r.decode(t, &e)
		if len(e.Error.References) != 1 || e.Error.References[0].ID != a.ID {
			t.Errorf("references = %+v, want the agreement %s", e.Error.References, a.ID)
		}
		if r := api.do(http.MethodDelete, "/api/v1/agreements/"+a.ID, nil, `If-Match: "1"`); r.Status != http.StatusNoContent {
			t.Fatalf("delete agreement: status %d: %s", r.Status, r.Body)
		}
		if r := api.do(http.MethodDelete, "/api/v1/organizations/"+org.ID, nil, `If-Match: "1"`); r.Status != http.StatusNoContent {
			t.Errorf("delete unlinked organization: status %d", r.Status)
		}
		if r := api.do(http.MethodGet, "/api/v1/organizations/"+org.ID, nil); r.Status != http.StatusNotFound {
			t.Errorf("deleted organization: status %d, want 404", r.Status)
		}
	})
}

func TestEvidenceAttachListAndRemove(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		org := api.create(t, "organizations", map[string]any{"name": "Korea Immigration Service", "country": "KR", "kind": "agency"})
		src := api.create(t, "sources", map[string]any{"title": "Forum report", "url": "https://example.org/forum", "published_on": "2015-04-21", "text": "Among Korean participants were people from the Korea Immigration Service."})
		r := api.do(http.MethodPost, "/api/v1/organizations/"+org.ID+"/evidence", map[string]any{"source_id": src.ID, "quote": "people from the Korea Immigration Service", "supports": []string{"name"}})
		if r.Status != http.StatusCreated {
			t.Fatalf("attach: status %d: %s", r.Status, r.Body)
		}
		var c domain.Citation
		r.decode(t, &c)
		var got domain.Organization
		api.do(http.MethodGet, "/api/v1/organizations/"+org.ID, nil).decode(t, &got)
		if len(got.Evidence) != 1 || got.Evidence[0].Quote != "people from the Korea Immigration Service" || got.Evidence[0].Source.Name != "Forum report" {
			t.Errorf("evidence = %+v", got.Evidence)
		}
		var s struct {
			Text    string             `json:"text"`
			CitedBy []domain.RecordRef `json:"cited_by"`
		}
		api.do(http.MethodGet, "/api/v1/sources/"+src.ID, nil).decode(t, &s)
		if len(s.CitedBy) != 1 || s.CitedBy[0].ID != org.ID || s.Text == "" {
			t.Errorf("source = %+v, want its text and the organization citing it", s)
		}
		bad := api.do(http.MethodPost, "/api/v1/organizations/"+org.ID+"/evidence", map[string]any{"source_id": "0123456789abcdef01234567"})
		if bad.Status != http.StatusUnprocessableEntity || bad.errorCode(t) != domain.EUNKNOWNREF {
			t.Errorf("unknown source: status %d: %s", bad.Status, bad.Body)
		}
		if r := api.do(http.MethodDelete, "/api/v1/organizations/"+org.ID+"/evidence/"+c.ID, nil); r.Status != http.StatusNoContent {
			t.Errorf("remove: status %d: %s", r.Status, r.Body)
		}
		if r := api.do(http.MethodDelete, "/api/v1/organizations/"+org.ID+"/evidence/"+c.ID, nil); r.Status != http.StatusNotFound {
			t.Errorf("remove twice: status %d, want 404", r.Status)
		}
	})
}

func TestListsFilterSortAndPage(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		for _, o := range []struct{ name, country string }{{"Ministerio de Justicia del Perú", "PE"}, {"Ministerio de Defensa Nacional", "CO"}, {"Migraciones Perú", "PE"}} {
			api.create(t, "organizations", map[string]any{"name": o.name, "country": o.country, "kind": "ministry"})
		}
		var list struct {
			Items []struct {
				Name string `json:"name"`
			} `json:"items"`
			Total      int64  `json:"total"`
			NextCursor string `json:"next_cursor"`
		}
		api.do(http.MethodGet, "/api/v1/organizations?q=PERU&sort=-name", nil).decode(t, &list)
		if list.Total != 2 || list.Items[0].Name != "Ministerio de Justicia del Perú" {
			t.Errorf("q=PERU: %+v", list)
		}
		api.do(http.MethodGet, "/api/v1/organizations?limit=2", nil).decode(t, &list)
		if len(list.Items) != 2 || list.Total != 3 || list.NextCursor == "" {
			t.Fatalf("first page: %+v", list)
		}
		second := list
		second.NextCursor = ""
		api.do(http.MethodGet, "/api/v1/organizations?limit=2&cursor="+list.NextCursor, nil).decode(t, &second)
		if len(second.Items) != 1 || second.NextCursor != "" {
			t.Errorf("second page: %+v", second)
		}
		for _, q := range []string{"limit=abc", "limit=0x", "from=2015-13-01", "sort=colour", "country=Peru", "cursor=%%%", "kind=spaceship", "status=in_force", "q=%00"} {
			r := api.doInvalid(http.MethodGet, "/api/v1/organizations?"+q, nil)
			if r.Status != http.StatusBadRequest && r.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 400 or 422", q, r.Status)
			}
		}
	})
}

func TestDemoTimelineAndDashboard(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, db *repository.DB) {
		storetest.LoadDemo(t, db, "")
		var tl domain.Timeline
		api.do(http.MethodGet, "/api/v1/countries/pe/timeline?kinds=agreement_signed,event&from=2015-04-20&to=2015-04-20", nil).decode(t, &tl)
		var got []string
		for _, e := range tl.Entries {
			got = append(got, fmt.Sprintf("%s %s %s", e.Date, e.Kind, e.Record.ID))
		}
		want := []string{
			"2015-04-17 event " + demo.EventVisit, // the visit runs to the 20th
			"2015-04-20 agreement_signed " + demo.AgreementPeruEGov,
		}
		for _, w := range want {
			if !strings.Contains(strings.Join(got, "\n"), w) {
				t.Errorf("timeline lacks %q; got:\n%s", w, strings.Join(got, "\n"))
			}
		}
		var dash domain.Dashboard
		api.do(http.MethodGet, "/api/v1/countries/PE/dashboard", nil).decode(t, &dash)
		if dash.AgreementsByStatus[domain.StatusInForce] != 1 || dash.LastEngagement == nil {
			t.Errorf("dashboard: by status %v, last engagement %+v", dash.AgreementsByStatus, dash.LastEngagement)
		}
		for q, status := range map[string]int{"kinds=party": 422, "from=2015-02-30": 400, "from=20150101": 400, "from=2016-01-01&to=2015-01-01": 422} {
			if r := api.doInvalid(http.MethodGet, "/api/v1/countries/PE/timeline?"+q, nil); r.Status != status {
				t.Errorf("timeline?%s: status %d, want %d", q, r.Status, status)
			}
		}
		for _, path := range []string{"/api/v1/countries/XX/timeline", "/api/v1/countries/XX", "/api/v1/agreements/nope", "/api/v1/nothing"} {
			if r := api.doInvalid(http.MethodGet, path, nil); r.Status != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", path, r.Status)
			}
		}
	})
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		for _, path := range []string{"/healthz", "/readyz"} {
			if r := api.do(http.MethodGet, path, nil); r.Status != http.StatusOK {
				t.Errorf("%s: status %d", path, r.Status)
			}
		}
	})
}

func TestOverviewAndSearch(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, db *repository.DB) {
		storetest.LoadDemo(t, db, "")
		var o domain.Overview
		api.do(http.MethodGet, "/api/v1/overview", nil).decode(t, &o)
		figures := map[string]domain.CountryFigures{}
		for _, f := range o.Countries {
			figures[f.Country.Code] = f
		}
		if pe := figures["PE"]; pe.AgreementsInForce != 1 || pe.LastEngagementOn != "2015-04-20" || pe.ActivePrograms != 1 {
			t.Errorf("Peru on the overview = %+v, want 1 agreement in force, 1 active program, last engagement on 2015-04-20", pe)
		}
		if co := figures["CO"]; co.AgreementsInForce != 1 {
			t.Errorf("Colombia on the overview = %+v, want 1 agreement in force", co)
		}
		if len(o.Recent) == 0 {
			t.Errorf("overview shows no recent change")
		}
		var found struct {
			Items []domain.SearchHit `json:"items"`
		}
		api.do(http.MethodGet, "/api/v1/search?q=PERU&types=organization,program", nil).decode(t, &found)
		if len(found.Items) == 0 || found.Items[0].Record.ID != demo.OrgPeruImmigration {
			t.Errorf("search 'PERU' = %+v, want the Peruvian Immigration Office first (its name starts with it)", found.Items)
		}
		for _, q := range []string{"types=country", "limit=0", "limit=abc"} {
			if r := api.doInvalid(http.MethodGet, "/api/v1/search?q=x&"+q, nil); r.Status != http.StatusBadRequest {
				t.Errorf("search ?%s: status %d, want 400", q, r.Status)
			}
		}
	})
}

func TestLinksOfARecord(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, db *repository.DB) {
		storetest.LoadDemo(t, db, "")
		var links struct {
			LinkedFrom []domain.RecordRef `json:"linked_from"`
			CitedBy    []domain.RecordRef `json:"cited_by"`
		}
		api.do(http.MethodGet, "/api/v1/organizations/"+demo.OrgPeruPMO+"/links", nil).decode(t, &links)
		ids := map[string]bool{}
		for _, l := range links.LinkedFrom {
			ids[l.ID] = true
		}
		if !ids[demo.AgreementPeruEGov] || !ids[demo.EventForum] {
			t.Errorf("links to Peru's PMO = %+v, want the e-government MOU and the forum", links.LinkedFrom)
		}
		api.do(http.MethodGet, "/api/v1/sources/"+demo.SourceArticle+"/links", nil).decode(t, &links)
		if len(links.CitedBy) < 10 {
			t.Errorf("records citing the article = %d, want every demo record", len(links.CitedBy))
		}
		if r := api.do(http.MethodGet, "/api/v1/events/nope/links", nil); r.Status != http.StatusNotFound {
			t.Errorf("links of a missing record: status %d, want 404", r.Status)
		}
	})
}

func TestTimelineComesInPages(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, db *repository.DB) {
		storetest.LoadDemo(t, db, "")
		var whole, first, second domain.Timeline
		api.do(http.MethodGet, "/api/v1/countries/PE/timeline", nil).decode(t, &whole)
		api.do(http.MethodGet, "/api/v1/countries/PE/timeline?limit=2", nil).decode(t, &first)
		if len(first.Entries) != 2 || first.NextOffset != 2 || first.Total != whole.Total || whole.Total != len(whole.Entries) {
			t.Fatalf("first page: %d entries, next %d, total %d; want 2, 2, %d", len(first.Entries), first.NextOffset, first.Total, whole.Total)
		}
		api.do(http.MethodGet, "/api/v1/countries/PE/timeline?limit=2&offset=2", nil).decode(t, &second)
		if len(second.Entries) == 0 || second.Entries[0] != whole.Entries[2] {
			t.Errorf("second page starts with %+v, want %+v", second.Entries, whole.Entries[2])
		}
		for _, q := range []string{"limit=0", "limit=5001", "offset=-1", "limit=ten"} {
			if r := api.doInvalid(http.MethodGet, "/api/v1/countries/PE/timeline?"+q, nil); r.Status != http.StatusBadRequest {
				t.Errorf("timeline?%s: status %d, want 400", q, r.Status)
			}
		}
	})
}
