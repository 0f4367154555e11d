package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cooptrack/domain"
	"cooptrack/repository"
)

// TestDatesOutsideTheYearsAreRefusedEverywhere sends dates of year 0000,
// 0001-01-01 and 9999-12-31 through the API, the form and the import: each
// is refused beside its field, saying which years dates may take, and
// nothing is written. Issue 14: they were taken, and year 0000 was exported
// as text.
func TestDatesOutsideTheYearsAreRefusedEverywhere(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, db *repository.DB) {
		org := api.create(t, "organizations", map[string]any{"name": "Ministry of Justice and Human Rights", "acronym": "MINJUS", "country": "PE", "kind": "ministry"})
		cases := []struct {
			name, path string
			body       map[string]any
			field      string
		}{
			{"an event on 0001-01-01", "/api/v1/events", map[string]any{"kind": "forum", "title": "Forum", "start_on": "0001-01-01"}, "start_on"},
			{"an agreement signed in year 0000", "/api/v1/agreements", map[string]any{"kind": "mou", "title": "MOU", "status": "signed", "signed_on": "0000-01-01", "parties": []any{map[string]any{"id": org.ID}}}, "signed_on"},
			{"an agreement expiring on 9999-12-31", "/api/v1/agreements", map[string]any{"kind": "mou", "title": "MOU", "status": "signed", "signed_on": "2015-04-17", "expires_on": "9999-12-31", "parties": []any{map[string]any{"id": org.ID}}}, "expires_on"},
			{"a milestone in 1899", "/api/v1/programs", map[string]any{"name": "Plan", "status": "active", "milestones": []any{map[string]any{"on": "1899-12-31", "title": "Pilot"}}}, "milestones[0].on"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := api.doInvalid(http.MethodPost, tc.path, tc.body)
				var e errorBody
				r.decode(t, &e)
				if r.Status != http.StatusUnprocessableEntity || e.Error.Code != domain.EINVALID || !strings.Contains(e.Error.Fields[tc.field], "between the years 1900 and 2200") {
					t.Errorf("status %d, %+v; want 422 %s saying on %s that dates fall between the years 1900 and 2200", r.Status, e.Error, domain.EINVALID, tc.field)
				}
			})
		}
		for _, coll := range []string{"events", "agreements", "programs"} {
			if n := api.total(t, coll); n != 0 {
				t.Errorf("%d %s written, want none", n, coll)
			}
		}

		fc := newFormClient(t, db)
		r := fc.post("/events", url.Values{"kind": {"forum"}, "title": {"Forum"}, "start_on": {"9999-12-31"}})
		r.wantStatus(t, http.StatusUnprocessableEntity)
		if msg := formFieldOf(r.Doc, "start_on").Find(".error").Text(); !strings.Contains(msg, "between the years 1900 and 2200") {
			t.Errorf("message beside start_on = %q, want it to name the years", msg)
		}

		body, ct := importBody(t, "mous.csv", []byte("Title,Partners,Signed\nMOU on trade,MINJUS,2015-04-17\nMOU on health,MINJUS,0001-01-01\n"))
		var p importPreviewBody
		api.do(http.MethodPost, "/api/v1/import/agreements?dry_run=true", body, ct).decode(t, &p)
		if got := importStatuses(p); len(got) != 2 || got[1] != "invalid" || !strings.Contains(p.Rows[1].Errors["signed_on"], "1900") {
			t.Errorf("import preview: statuses %v, rows %+v; want the second invalid on signed_on", got, p.Rows)
		}
	})
}
