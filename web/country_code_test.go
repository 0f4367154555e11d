package web

import (
	"encoding/json"
	"net/http"
	"testing"

	"cooptrack/domain"
	"cooptrack/repository"
)

// TestABadCountryCodeGetsOneAnswer: a country code is read once where it
// comes in, in any case. A bad one in a path names nothing (404); in a
// query or a record it is refused beside its field, in the one error
// shape, with the same words (422 validation_failed).
func TestABadCountryCodeGetsOneAnswer(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		const rule = "must be an ISO 3166-1 alpha-2 country code, such as PE for Peru"
		for _, tc := range []struct {
			method, path string
			body         any
			status       int
			code, field  string
		}{
			{"GET", "/api/v1/countries/XX", nil, 404, domain.ENOTFOUND, ""},
			{"GET", "/api/v1/countries/PER/dashboard", nil, 404, domain.ENOTFOUND, ""},
			{"GET", "/api/v1/countries/P1/timeline", nil, 404, domain.ENOTFOUND, ""},
			{"GET", "/api/v1/countries/XX/office-holders", nil, 404, domain.ENOTFOUND, ""},
			{"GET", "/api/v1/countries/XX/brief.pdf", nil, 404, domain.ENOTFOUND, ""},
			{"GET", "/api/v1/agreements?country=XX", nil, 422, domain.EINVALID, "country"},
			{"GET", "/api/v1/organizations?country=Peru", nil, 422, domain.EINVALID, "country"},
			{"GET", "/api/v1/iati/activities.xml?country=XX", nil, 422, domain.EINVALID, "country"},
			{"POST", "/api/v1/organizations", map[string]any{"name": "Ministry of Nowhere", "kind": "ministry", "country": "XX"}, 422, domain.EINVALID, "country"},
		} {
			r := api.doInvalid(tc.method, tc.path, tc.body)
			var got struct {
				Error struct {
					Code   string            `json:"code"`
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			if err := json.Unmarshal(r.Body, &got); err != nil {
				t.Errorf("%s %s: not the error shape: %v: %s", tc.method, tc.path, err, r.Body)
				continue
			}
			if r.Status != tc.status || got.Error.Code != tc.code {
				t.Errorf("%s %s: %d %s, want %d %s", tc.method, tc.path, r.Status, got.Error.Code, tc.status, tc.code)
			}
			if tc.field != "" && got.Error.Fields[tc.field] != rule {
				t.Errorf("%s %s: fields %v, want %s: %q", tc.method, tc.path, got.Error.Fields, tc.field, rule)
			}
		}
		// Any case reads as the code, in a record too.
		var org struct {
			Country string `json:"country"`
		}
		if r := api.do(http.MethodPost, "/api/v1/organizations", map[string]any{"name": "Ministry of Lower Case", "kind": "ministry", "country": " pe "}); r.Status != http.StatusCreated {
			t.Errorf("POST an organization of \" pe \": status %d, want 201: %s", r.Status, r.Body)
		} else if err := json.Unmarshal(r.Body, &org); err != nil || org.Country != "PE" {
			t.Errorf("the organization's country: %q (%v), want PE", org.Country, err)
		}
		for _, path := range []string{"/api/v1/countries/pe", "/api/v1/countries/Pe/dashboard", "/api/v1/agreements?country=pe", "/api/v1/organizations?country=co"} {
			if r := api.do(http.MethodGet, path, nil); r.Status != http.StatusOK {
				t.Errorf("GET %s: status %d, want 200: %s", path, r.Status, r.Body)
			}
		}
	})
}
