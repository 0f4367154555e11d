package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"cooptrack/domain"
	"cooptrack/domain/extract"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// extractArticleText is a short article in the genre: a visit, a minister
// the store knows under another spelling, an MOU with a ministry it knows
// under its Spanish name, and a body it does not know.
const extractArticleText = `Minister Chong Visits Peru

Minister Chong, Jong-sup of Government Administration and Home Affairs visited Lima from April 19 to 20.
On April 20, he signed an MOU for e-government with the Ministry of Justice and Human Rights of Peru, and met Minister Gustavo Olaya.
The Korea Customs Service also took part.`

// TestExtractAPI posts articles to POST /api/v1/extract as each role:
// good requests get the proposals, matched to the store's records, and
// bad ones the one error shape; none of them stores anything.
func TestExtractAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		minjus := &domain.Organization{Name: "Ministerio de Justicia y Derechos Humanos", AltNames: []string{"Ministry of Justice and Human Rights"}, Country: "PE", Kind: domain.OrgMinistry}
		if err := db.Organizations.Create(ctx, minjus); err != nil {
			t.Fatal(err)
		}
		chong := &domain.Person{FullName: "Jeong Jong-seop", Country: "KR"}
		if err := db.People.Create(ctx, chong); err != nil {
			t.Fatal(err)
		}
		srv := New(storesOf(db))
		srv.Home = "KR"
		clients := map[domain.Role]*apiClient{}
		for _, role := range []domain.Role{domain.RoleViewer, domain.RoleOfficer, domain.RoleAdmin} {
			clients[role] = newAPIClient(t, asRole(t, db, role, srv))
		}
		before, err := db.Catalog(ctx)
		if err != nil {
			t.Fatal(err)
		}

		t.Run("proposals", func(t *testing.T) {
			for _, role := range []domain.Role{domain.RoleOfficer, domain.RoleAdmin} {
				res := clients[role].do(http.MethodPost, "/api/v1/extract", map[string]any{"text": extractArticleText, "published_on": "2015-04-21"})
				if res.Status != http.StatusOK {
					t.Fatalf("%s: status %d, want 200: %s", role, res.Status, clip(res.Body))
				}
				var p extract.Proposals
				res.decode(t, &p)
				wantMatch(t, role, "person", p.People, func(x extract.PersonProposal) (string, *extract.Match) { return x.Name, x.Match },
					map[string]string{"Chong Jong-sup": chong.ID, "Gustavo Olaya": ""})
				wantMatch(t, role, "organization", p.Organizations, func(x extract.OrganizationProposal) (string, *extract.Match) { return x.Name, x.Match },
					map[string]string{"Ministry of Justice and Human Rights": minjus.ID, "Korea Customs Service": ""})
				roles := map[string]string{}
				for _, c := range p.Countries {
					roles[c.Code] = c.Role
				}
				// the server's home country, since the request names none
				if roles["KR"] != extract.RoleHome || roles["PE"] != extract.RolePartner {
					t.Errorf("%s: country roles %v, want KR home and PE partner", role, roles)
				}
			}
			// "match" is in the JSON, null when nothing matched.
			res := clients[domain.RoleOfficer].do(http.MethodPost, "/api/v1/extract", map[string]any{"text": extractArticleText, "published_on": "2015-04-21", "home_country": "KR"})
			var raw struct {
				People []map[string]json.RawMessage `json:"people"`
			}
			res.decode(t, &raw)
			for _, x := range raw.People {
				if m, ok := x["match"]; !ok || (string(x["name"]) == `"Gustavo Olaya"` && string(m) != "null") {
					t.Errorf("person %s: match %s (present: %v), want null", x["name"], m, ok)
				}
			}
		})

		t.Run("refused", func(t *testing.T) {
			long := strings.Repeat("Minister Chong visited Lima. ", extract.MaxText/28+1)
			tests := []struct {
				name    string
				role    domain.Role
				body    any
				headers []string
				status  int
				code    string
				field   string // in error.fields
			}{
				{"a viewer", domain.RoleViewer, map[string]any{"text": extractArticleText, "published_on": "2015-04-21"}, nil, http.StatusForbidden, domain.EFORBIDDEN, ""},
				{"no valid token", domain.RoleOfficer, map[string]any{"text": extractArticleText, "published_on": "2015-04-21"}, []string{"Authorization: Bearer ctk_nothing"}, http.StatusUnauthorized, domain.EUNAUTHORIZED, ""},
				{"malformed JSON", domain.RoleOfficer, []byte(`{"text": "Lima`), nil, http.StatusBadRequest, EBADREQUEST, ""},
				{"not an object", domain.RoleOfficer, []byte(`["Lima"]`), nil, http.StatusBadRequest, EBADREQUEST, ""},
				{"text of the wrong type", domain.RoleOfficer, map[string]any{"text": 42, "published_on": "2015-04-21"}, nil, http.StatusBadRequest, EBADREQUEST, "text"},
				{"operator-shaped text", domain.RoleOfficer, map[string]any{"text": map[string]any{"$gt": ""}, "published_on": "2015-04-21"}, nil, http.StatusBadRequest, EBADREQUEST, "text"},
				{"operator-shaped date", domain.RoleOfficer, map[string]any{"text": extractArticleText, "published_on": map[string]any{"$gt": ""}}, nil, http.StatusBadRequest, EBADREQUEST, "published_on"},
				{"operator-shaped home country", domain.RoleOfficer, map[string]any{"text": extractArticleText, "published_on": "2015-04-21", "home_country": "$gt"}, nil, http.StatusBadRequest, EBADREQUEST, "home_country"},
				{"impossible date", domain.RoleOfficer, map[string]any{"text": extractArticleText, "published_on": "2015-02-30"}, nil, http.StatusBadRequest, EBADREQUEST, "published_on"},
				{"date in another form", domain.RoleOfficer, map[string]any{"text": extractArticleText, "published_on": "21 April 2015"}, nil, http.StatusBadRequest, EBADREQUEST, "published_on"},
				{"no date", domain.RoleOfficer, map[string]any{"text": extractArticleText}, nil, http.StatusBadRequest, EBADREQUEST, "published_on"},
				{"unknown home country", domain.RoleOfficer, map[string]any{"text": extractArticleText, "published_on": "2015-04-21", "home_country": "XX"}, nil, http.StatusBadRequest, EBADREQUEST, "home_country"},
				{"home country in lower case", domain.RoleOfficer, map[string]any{"text": extractArticleText, "published_on": "2015-04-21", "home_country": "kr"}, nil, http.StatusBadRequest, EBADREQUEST, "home_country"},
				{"no text", domain.RoleOfficer, map[string]any{"text": " \n ", "published_on": "2015-04-21"}, nil, http.StatusBadRequest, EBADREQUEST, "text"},
				{"unknown field", domain.RoleOfficer, map[string]any{"text": extractArticleText, "published_on": "2015-04-21", "home": "KR"}, nil, http.StatusBadRequest, EBADREQUEST, "home"},
				{"text over the limit", domain.RoleOfficer, map[string]any{"text": long, "published_on": "2015-04-21"}, nil, http.StatusRequestEntityTooLarge, ETOOLARGE, ""},
				{"body over the limit", domain.RoleOfficer, map[string]any{"text": strings.Repeat("x", MaxBodyBytes), "published_on": "2015-04-21"}, nil, http.StatusRequestEntityTooLarge, ETOOLARGE, ""},
				{"not sent as JSON", domain.RoleOfficer, []byte(`{"text": "Lima", "published_on": "2015-04-21"}`), []string{"Content-Type: text/plain"}, http.StatusUnsupportedMediaType, EMEDIATYPE, ""},
			}
			for _, tt := range tests {
				res := clients[tt.role].doInvalid(http.MethodPost, "/api/v1/extract", tt.body, tt.headers...)
				var e errorBody
				if err := json.Unmarshal(res.Body, &e); err != nil {
					t.Errorf("%s: status %d, body not the error shape: %s", tt.name, res.Status, clip(res.Body))
					continue
				}
				if res.Status != tt.status || e.Error.Code != tt.code {
					t.Errorf("%s: status %d %q, want %d %q: %s", tt.name, res.Status, e.Error.Code, tt.status, tt.code, clip(res.Body))
				}
				if _, ok := e.Error.Fields[tt.field]; tt.field != "" && !ok {
					t.Errorf("%s: fields %v, want one on %q", tt.name, e.Error.Fields, tt.field)
				}
			}
			wantStatusCode(t, clients[domain.RoleOfficer].doInvalid(http.MethodGet, "/api/v1/extract", nil), http.StatusMethodNotAllowed)
		})

		after, err := db.Catalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Entries) != len(before.Entries) {
			t.Errorf("the catalog went from %d to %d records: extracting stored something", len(before.Entries), len(after.Entries))
		}
	})
}

// wantMatch checks the match of each proposal named in want: the id of
// the record it must match, or "" for none.
func wantMatch[T any](t *testing.T, role domain.Role, kind string, got []T, name func(T) (string, *extract.Match), want map[string]string) {
	t.Helper()
	for wantName, wantID := range want {
		found := false
		for _, x := range got {
			n, m := name(x)
			if !domain.SimilarNames(n, wantName) {
				continue
			}
			found = true
			switch {
			case wantID == "" && m != nil:
				t.Errorf("%s: %s %q matched %+v, want no match", role, kind, n, m)
			case wantID != "" && (m == nil || m.ID != wantID || string(m.Type) != kind):
				t.Errorf("%s: %s %q matched %+v, want %s %s", role, kind, n, m, kind, wantID)
			}
		}
		if !found {
			t.Errorf("%s: no %s %q among the proposals", role, kind, wantName)
		}
	}
}

func wantStatusCode(t *testing.T, res *apiResponse, status int) {
	t.Helper()
	if res.Status != status {
		t.Errorf("status %d, want %d: %s", res.Status, status, clip(res.Body))
	}
}
