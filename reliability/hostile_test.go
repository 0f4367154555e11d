package reliability

import (
	"archive/zip"
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// hostileRequest is a request of the corpus and the answer it must get:
// its status and, for the API, the error code ("" for a page).
type hostileRequest struct {
	name         string
	method, path string
	contentType  string
	body         string
	status       int
	code         string
}

// TestHostileRequestsGetAClear4xxAndChangeNothing sends a corpus of
// hostile requests to the real server: each gets a 4xx in the one error
// shape with the code expected, the server stays up, and the store is as it
// was (no record, no audit entry added).
func TestHostileRequestsGetAClear4xxAndChangeNothing(t *testing.T) {
	skipShort(t)
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	p := startServe(t, "--demo", "--data-dir", dir)
	c := newClient(p.url, adminToken(t, "--data-dir", dir))

	deep := `{"name":` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `,"country":"PE","kind":"agency"}`
	huge := `{"name":"` + strings.Repeat("a", 3<<20) + `","country":"PE","kind":"agency"}`
	cases := []hostileRequest{
		{"huge body", "POST", "/api/v1/organizations", "", huge, 413, "too_large"},
		{"deep nesting", "POST", "/api/v1/organizations", "", deep, 400, "invalid_request"},
		{"invalid UTF-8", "POST", "/api/v1/organizations", "", "{\"name\":\"\xff\xfe\xfd\",\"country\":\"PE\",\"kind\":\"agency\"}", 400, "invalid_request"},
		{"operator as a value", "POST", "/api/v1/organizations", "", `{"name":{"$gt":""},"country":"PE","kind":"agency"}`, 400, "invalid_request"},
		{"operator as the country", "POST", "/api/v1/organizations", "", `{"name":"x","country":{"$ne":null},"kind":"agency"}`, 400, "invalid_request"},
		{"operator as a party", "POST", "/api/v1/agreements", "", `{"kind":"mou","title":"x","parties":[{"id":{"$gt":""}}]}`, 400, "invalid_request"},
		{"operator as evidence's source", "POST", "/api/v1/agreements/demo-agreement-co-public-security/evidence", "", `{"source_id":{"$ne":null},"quote":"q"}`, 400, "invalid_request"},
		{"operator as a field name", "POST", "/api/v1/organizations", "", `{"$where":"1","name":"x","country":"PE","kind":"agency"}`, 400, "invalid_request"},
		{"operator in the query", "GET", `/api/v1/organizations?country={"$gt":""}`, "", "", 422, "validation_failed"},
		{"operator as an id", "GET", "/api/v1/organizations/%7B%22$gt%22:%22%22%7D", "", "", 404, "not_found"},
		{"wrong type", "POST", "/api/v1/organizations", "", `{"name":5,"country":"PE","kind":"agency"}`, 400, "invalid_request"},
		{"number too large", "PUT", "/api/v1/organizations/demo-org-peru-justice", "", `{"name":"x","country":"PE","kind":"ministry","version":1e400}`, 400, "invalid_request"},
		{"impossible date", "POST", "/api/v1/agreements", "", `{"kind":"mou","title":"x","signed_on":"2015-02-30"}`, 422, "validation_failed"},
		{"unknown reference", "POST", "/api/v1/organizations", "", `{"name":"x","country":"PE","kind":"agency","parent":{"id":"nope"}}`, 422, "unknown_reference"},
		{"unknown field", "POST", "/api/v1/organizations", "", `{"name":"x","country":"PE","kind":"agency","admin":true}`, 400, "invalid_request"},
		{"two values", "POST", "/api/v1/organizations", "", `{"name":"x","country":"PE","kind":"agency"}{}`, 400, "invalid_request"},
		{"not JSON", "POST", "/api/v1/organizations", "text/plain", `name=x`, 415, "unsupported_media_type"},
		{"empty body", "POST", "/api/v1/organizations", "", ``, 400, "invalid_request"},
		{"null byte in an id", "GET", "/api/v1/organizations/a%00b", "", "", 404, "not_found"},
		{"path traversal in an id", "GET", "/api/v1/organizations/..%2F..%2F..%2Fetc%2Fpasswd", "", "", 404, ""},
		{"path traversal in static", "GET", "/static/..%2f..%2f..%2fetc%2fpasswd", "", "", 404, ""},
		{"path traversal with dots", "GET", "/static/../../../../etc/passwd", "", "", 404, ""},
		{"overlong search", "GET", "/api/v1/search?q=" + strings.Repeat("x", 300), "", "", 400, "invalid_request"},
		{"negative limit", "GET", "/api/v1/organizations?limit=-1", "", "", 422, "validation_failed"},
		{"garbage cursor", "GET", "/api/v1/organizations?cursor=%00%ff", "", "", 400, "invalid_request"},
	}
	// Hostile files, uploaded for import (the article page's uploads are in
	// web's TestArticleBadInputChangesNothing). A spreadsheet's formula
	// cells are not refused: they are kept as inert text and neutralised on
	// every export (TestHostileFormulaCellsStayInert).
	for _, f := range []struct {
		name, file string
		content    []byte
		status     int
		code       string
	}{
		{"zip bomb named .xlsx", "agreements.xlsx", zipBomb(t), 413, "too_large"},
		{"damaged XLSX", "agreements.xlsx", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xde, 0xad}, 4096)...), 415, "unsupported_media_type"},
		{"PDF named .csv", "agreements.csv", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\x00\x01"), 415, "unsupported_media_type"},
		{"CSV not UTF-8", "agreements.csv", []byte("kind,title\nmou,Per\xfa\n"), 415, "unsupported_media_type"},
		{"path traversal in the file name", "../../../../etc/passwd", []byte("root:x:0:0:root:/root:/bin/bash\x00"), 415, "unsupported_media_type"},
		{"old .xls workbook", "agreements.xls", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...), 415, "unsupported_media_type"},
	} {
		body, ct := multipartFile(t, f.file, f.content)
		cases = append(cases, hostileRequest{"import: " + f.name, "POST", "/api/v1/import/agreements", ct, body, f.status, f.code})
	}
	before := snapshot(t, c)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ct := tc.contentType
			if ct == "" {
				ct = "application/json"
			}
			r, err := c.doRaw(context.Background(), tc.method, tc.path, ct, tc.body)
			if err != nil {
				t.Fatalf("%s %s: %v", tc.method, tc.path, err)
			}
			if r.status != tc.status {
				t.Fatalf("status = %d, want %d: %.300s", r.status, tc.status, r.body)
			}
			if bytes.Contains(r.body, []byte("root:")) {
				t.Fatalf("the answer shows a system file: %.300s", r.body)
			}
			if tc.code == "" {
				return // a path the router refuses before the API: a page, not JSON
			}
			e, err := decodeError(r.body)
			if err != nil || e.Error.Code != tc.code {
				t.Errorf("got %+v (%v), want the error shape with code %q", e, err, tc.code)
			}
		})
	}
	if after := snapshot(t, c); after != before {
		t.Errorf("the hostile requests changed the store:\nbefore %s\nafter  %s", before, after)
	}
	t.Run("formula cells stay inert", func(t *testing.T) {
		// A formula is what was written in the cell: it is stored as text,
		// never computed, and neutralised in every export.
		body, ct := multipartFile(t, "agreements.csv", []byte("Title,Partners,Signed\r\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"MOU\"\")\",MOGAHA,2015-04-17\r\n"))
		r, err := c.doRaw(context.Background(), http.MethodPost, "/api/v1/import/agreements", ct, body)
		if err != nil || r.status != http.StatusOK {
			t.Fatalf("import: %v %d %.300s", err, r.status, r.body)
		}
		export := string(c.must(t, http.StatusOK, http.MethodGet, "/api/v1/agreements?format=csv&q=HYPERLINK", nil))
		if !strings.Contains(export, `"'=HYPERLINK(""http://evil.example"",""MOU"")"`) {
			t.Errorf("the CSV export does not neutralise the formula:\n%s", export)
		}
	})
	c.must(t, http.StatusOK, http.MethodGet, "/readyz", nil)
	if bad := p.errorLines(); len(bad) > 0 {
		t.Errorf("errors in the log:\n%s", strings.Join(bad, "\n"))
	}
}

// snapshot is what a write would change: the totals of the lists and the
// latest audit entries.
func snapshot(t *testing.T, c *client) string {
	t.Helper()
	var b strings.Builder
	for _, path := range []string{"/api/v1/organizations?limit=1", "/api/v1/agreements?limit=1", "/api/v1/sources?limit=1", "/api/v1/audit?limit=5"} {
		b.Write(c.must(t, http.StatusOK, http.MethodGet, path, nil))
	}
	return b.String()
}

// multipartFile is a multipart body with content as the field "file".
func multipartFile(t *testing.T, name string, content []byte) (body, contentType string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	part, err := w.CreateFormFile("file", name)
	if err == nil {
		_, err = part.Write(content)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), w.FormDataContentType()
}

// zipBomb is a workbook of a few hundred kilobytes whose sheet unpacks to
// 256 MiB: more than the import unpacks.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		if _, err := z.Create(name); err != nil {
			t.Fatal(err)
		}
	}
	w, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("0"), 1<<20)
	for range 256 {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
