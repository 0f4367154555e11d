package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cooptrack/domain"
	"cooptrack/repository"
)

// TestControlCharactersAreRefusedWhereverTextEnters sends text with control
// characters through each way in: the API's records, citations, tokens and
// users, the forms and the import. Each is refused in the one error shape
// (422 naming the field, or the import's row naming it), tab and line feed
// pass only in multi-line fields, and nothing is written.
func TestControlCharactersAreRefusedWhereverTextEnters(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, db *repository.DB) {
		org := api.create(t, "organizations", map[string]any{"name": "Ministry of Justice and Human Rights", "acronym": "MINJUS", "country": "PE", "kind": "ministry"})
		src := api.create(t, "sources", map[string]any{"title": "News", "text": "Lima, 17 Apr.\n\n\tThe ministers met."})
		agreement := func(title string, subjects ...string) map[string]any {
			return map[string]any{"kind": "mou", "title": title, "status": "signed", "signed_on": "2015-04-17", "subjects": subjects, "parties": []any{map[string]any{"id": org.ID}}}
		}
		cases := []struct {
			name, method, path string
			body               any
			field              string
		}{
			{"NUL in a title", "POST", "/api/v1/agreements", agreement("MOU\x00"), "title"},
			{"bell in a title", "POST", "/api/v1/agreements", agreement("MOU\a"), "title"},
			{"escape in a title", "POST", "/api/v1/agreements", agreement("\x1b[2JMOU"), "title"},
			{"vertical tab in a title", "POST", "/api/v1/agreements", agreement("MOU\von trade"), "title"},
			{"bare CR in a title", "POST", "/api/v1/agreements", agreement("MOU\rBEGIN:VEVENT"), "title"},
			{"line feed in a title", "POST", "/api/v1/agreements", agreement("MOU\non trade"), "title"},
			{"NUL in a subject", "POST", "/api/v1/agreements", agreement("MOU", "trade", "x\x00"), "subjects[1]"},
			{"bare CR in an article's text", "POST", "/api/v1/sources", map[string]any{"title": "News", "text": "Lima\rThe ministers met."}, "text"},
			{"bell in a quote", "POST", "/api/v1/organizations/" + org.ID + "/evidence", map[string]any{"source_id": src.ID, "quote": "They met.\a"}, "quote"},
			{"escape in a token's name", "POST", "/api/v1/me/tokens", map[string]any{"name": "nightly\x1b[31m"}, "name"},
			{"line feed in a user's name", "POST", "/api/v1/users", map[string]any{"email": "ana@example.org", "name": "Ana\nAdmin", "role": "viewer", "password": testPassword}, "name"},
		}
		before := api.total(t, "agreements")
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := api.doInvalid(tc.method, tc.path, tc.body)
				if r.Status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422: %s", r.Status, clip(r.Body))
				}
				var e errorBody
				r.decode(t, &e)
				if e.Error.Code != domain.EINVALID || e.Error.Fields[tc.field] == "" {
					t.Errorf("error %+v, want %s naming %s", e.Error, domain.EINVALID, tc.field)
				}
			})
		}
		if n := api.total(t, "agreements"); n != before {
			t.Errorf("agreements = %d after refused input, want %d", n, before)
		}
		var s struct {
			Text     string `json:"text"`
			Evidence []any  `json:"evidence"`
		}
		api.do(http.MethodGet, "/api/v1/sources/"+src.ID, nil).decode(t, &s)
		if s.Text != "Lima, 17 Apr.\n\n\tThe ministers met." {
			t.Errorf("the article's lines and tab were not kept: %q", s.Text)
		}

		// The form says so beside the field, and keeps what was typed.
		fc := newFormClient(t, db)
		r := fc.post("/agreements", url.Values{"kind": {"mou"}, "title": {"MOU\x1b[2J"}, "status": {"draft"}})
		r.wantStatus(t, http.StatusUnprocessableEntity)
		if msg := formFieldOf(r.Doc, "title").Find(".error").Text(); !strings.Contains(msg, "control characters") {
			t.Errorf("message beside the title = %q, want it to name control characters", msg)
		}

		// An imported row with one is an invalid row, and is not written.
		body, ct := importBody(t, "mous.csv", []byte("Title,Partners\nMOU on trade,MINJUS\n\"MOU\x07on health\",MINJUS\n"))
		var p importPreviewBody
		api.do(http.MethodPost, "/api/v1/import/agreements?dry_run=true", body, ct).decode(t, &p)
		if got := importStatuses(p); len(got) != 2 || got[0] != "new" || got[1] != "invalid" || p.Rows[1].Errors["title"] == "" {
			t.Errorf("import preview: statuses %v, rows %+v; want the second invalid on its title", got, p.Rows)
		}
		if n := api.total(t, "agreements"); n != before {
			t.Errorf("agreements = %d after a preview, want %d", n, before)
		}
	})
}
