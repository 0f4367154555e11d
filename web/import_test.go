package web

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/csv"
	"encoding/json"
	"hash/crc32"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cooptrack/domain"
	"cooptrack/domain/importing"
	"cooptrack/repository"
)

// importBody is a multipart body with the file and the form's other fields.
func importBody(t *testing.T, name string, file []byte, fields ...string) (body []byte, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if file != nil {
		fw, err := w.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(file)
	}
	for i := 0; i+1 < len(fields); i += 2 {
		if err := w.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), "Content-Type: " + w.FormDataContentType()
}

// The office's spreadsheet of MOUs: two good rows, an unknown country, a
// bad date, a missing party, and an MOU already recorded under a title
// written another way.
var mouRows = [][]string{
	{"Title", "Partners", "Signed", "Expires", "Country of signing"},
	{"MOU on e-government", "MINJUS; Ministry of Justice", "2015-04-17", "2020-04-16", "Peru"},
	{"MOU on customs e-clearance", "MINJUS", "17 Apr 2015", "", "PE"},
	{"MOU on trade", "MINJUS", "2015-04-17", "", "Atlantis"},
	{"MOU on health", "MINJUS", "2015-02-30", "", ""},
	{"MOU on tourism", "", "2015-04-17", "", ""},
	{"MoU on Legal Cooperation", "MINJUS", "2015-04-20", "", "PE"},
}

func mouCSV(sep rune) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF") // Excel's byte order mark
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = sep, true
	_ = w.WriteAll(mouRows)
	return b.Bytes()
}

// mouXLSX is the same sheet as a workbook, the signing dates as date cells
// and one title a formula.
func mouXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range mouRows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if d, err := domain.ParseDate(v); err == nil && j == 2 {
				_ = f.SetCellValue("Sheet1", cell, d.Time())
				_ = f.SetCellStyle("Sheet1", cell, cell, date)
				continue
			}
			_ = f.SetCellStr("Sheet1", cell, v)
		}
	}
	_ = f.SetCellFormula("Sheet1", "A8", `HYPERLINK("http://example.org","MOU")`)
	_ = f.SetCellStr("Sheet1", "B8", "MINJUS")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipBomb is a zip whose sheet unpacks to more than the limit.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} {
		fw, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "sheet1.xml") {
			zeros := make([]byte, 1<<20)
			for range 65 {
				_, _ = fw.Write(zeros)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func importSetup(t *testing.T, api *apiClient) {
	t.Helper()
	api.create(t, "organizations", map[string]any{"name": "Ministry of Justice and Human Rights", "acronym": "MINJUS", "country": "PE", "kind": "ministry"})
	kr := api.create(t, "organizations", map[string]any{"name": "Ministry of Justice", "country": "KR", "kind": "ministry"})
	api.create(t, "agreements", map[string]any{"kind": "mou", "title": "MOU on legal cooperation", "status": "signed", "signed_on": "2015-04-20", "parties": []map[string]string{{"id": kr.ID}}})
}

type importPreviewBody struct {
	importing.Preview
	Rows []struct {
		Line       int                `json:"line"`
		Status     string             `json:"status"`
		Values     map[string]string  `json:"values"`
		Errors     map[string]string  `json:"errors"`
		Duplicates []domain.RecordRef `json:"duplicates"`
		Record     map[string]any     `json:"record"`
	} `json:"rows"`
}

func importStatuses(p importPreviewBody) []string {
	var out []string
	for _, r := range p.Rows {
		out = append(out, r.Status)
	}
	return out
}

func importCount(t *testing.T, api *apiClient) int {
	t.Helper()
	var page struct {
		Entries []json.RawMessage `json:"entries"`
	}
	api.do(http.MethodGet, "/api/v1/audit?action=import", nil).decode(t, &page)
	return len(page.Entries)
}

// TestImportAPI previews the office's spreadsheet as CSV (either
// separator) and XLSX, imports it, imports it again, and checks that each
// file reads alike, that the preview writes nothing, that the import writes
// the valid rows once, with one audit entry, and that the mapping is
// remembered.
func TestImportAPI(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, db *repository.DB) {
		importSetup(t, api)
		before := api.total(t, "agreements")
		wantStatuses := []string{"new", "new", "invalid", "invalid", "invalid", "new"}
		for _, f := range []struct {
			name string
			data []byte
		}{{"mous.csv", mouCSV(',')}, {"mous-semicolon.csv", mouCSV(';')}, {"mous.xlsx", mouXLSX(t)}} {
			body, ct := importBody(t, f.name, f.data)
			res := api.do(http.MethodPost, "/api/v1/import/agreements?dry_run=true", body, ct)
			if res.Status != http.StatusOK {
				t.Fatalf("%s: status %d: %s", f.name, res.Status, res.Body)
			}
			var p importPreviewBody
			res.decode(t, &p)
			want := wantStatuses
			if strings.HasSuffix(f.name, ".xlsx") {
				want = append(slices.Clone(want), "new")
			}
			if got := importStatuses(p); !slices.Equal(got, want) {
				t.Errorf("%s: statuses %v, want %v (rows %+v)", f.name, got, want, p.Rows)
				continue
			}
			for i, field := range map[int]string{2: "place_country", 3: "signed_on", 4: "parties"} {
				if p.Rows[i].Errors[field] == "" {
					t.Errorf("%s: line %d: errors %v, want one on %s", f.name, p.Rows[i].Line, p.Rows[i].Errors, field)
				}
			}
			if d := p.Rows[5].Duplicates; len(d) != 1 || d[0].Name != "MOU on legal cooperation" {
				t.Errorf("%s: duplicates of line 7: %v", f.name, d)
			}
			if got := p.Rows[1].Record["signed_on"]; got != "2015-04-17" {
				t.Errorf("%s: line 3 signed_on %v, want 2015-04-17", f.name, got)
			}
			if strings.HasSuffix(f.name, ".xlsx") {
				if got := p.Rows[6].Record["title"]; got != `=HYPERLINK("http://example.org","MOU")` {
					t.Errorf("the formula cell: title %v, want the formula's text", got)
				}
			}
		}
		if n := api.total(t, "agreements"); n != before {
			t.Fatalf("a preview wrote: %d agreements, want %d", n, before)
		}

		// Confirm, leaving out the possible duplicate.
		body, ct := importBody(t, "mous.csv", mouCSV(','), "skip", "7")
		res := api.do(http.MethodPost, "/api/v1/import/agreements", body, ct)
		var r importing.Result
		res.decode(t, &r)
		if !slices.Equal(r.Written, []int{2, 3}) || !slices.Equal(r.Invalid, []int{4, 5, 6}) || !slices.Equal(r.Skipped, []int{7}) || !r.Complete {
			t.Fatalf("import: got %+v", r)
		}
		if n := api.total(t, "agreements"); n != before+2 {
			t.Fatalf("after the import: %d agreements, want %d", n, before+2)
		}
		// Again: nothing twice, and no audit entry for nothing.
		res = api.do(http.MethodPost, "/api/v1/import/agreements", body, ct)
		res.decode(t, &r)
		if len(r.Written) != 0 || !slices.Equal(r.Existing, []int{2, 3}) {
			t.Fatalf("second import: got %+v", r)
		}
		if n := api.total(t, "agreements"); n != before+2 {
			t.Fatalf("after the second import: %d agreements, want %d", n, before+2)
		}
		if n := importCount(t, api); n != 1 {
			t.Errorf("audit: %d import entries, want 1", n)
		}

		// A mapping given once is remembered for files with the same columns.
		odd := []byte("Nombre;Socio\nConvenio marco;MINJUS\n")
		mapping := `{"Nombre": "title", "Socio": "parties"}`
		body, ct = importBody(t, "convenios.csv", odd, "mapping", mapping)
		if res := api.do(http.MethodPost, "/api/v1/import/agreements", body, ct); res.Status != http.StatusOK {
			t.Fatalf("import with a mapping: %d %s", res.Status, res.Body)
		}
		body, ct = importBody(t, "convenios-2.csv", odd)
		var p importPreviewBody
		api.do(http.MethodPost, "/api/v1/import/agreements?dry_run=true", body, ct).decode(t, &p)
		if p.Mapping["Nombre"] != "title" || p.Mapping["Socio"] != "parties" || importStatuses(p)[0] != "exists" {
			t.Errorf("remembered mapping: got %v, statuses %v", p.Mapping, importStatuses(p))
		}
	})
}

// TestImportRefusesBadInput sends each kind of bad request and hostile
// file: each gets its error in the one shape, and nothing is written.
func TestImportRefusesBadInput(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, db *repository.DB) {
		importSetup(t, api)
		before := api.total(t, "agreements")
		csv := mouCSV(',')
		many := []byte("Title,Partners\n" + strings.Repeat("MOU,MINJUS\n", importing.MaxRows+1))
		multi := func(name string, file []byte, fields ...string) func() ([]byte, string) {
			return func() ([]byte, string) { return importBody(t, name, file, fields...) }
		}
		tests := []struct {
			name   string
			path   string
			body   func() ([]byte, string)
			status int
			code   string
		}{
			{"JSON, not multipart", "/api/v1/import/agreements", func() ([]byte, string) { return []byte(`{"file": "x"}`), "Content-Type: application/json" }, 415, EMEDIATYPE},
			{"no file", "/api/v1/import/agreements", multi("", nil, "mapping", "{}"), 400, EBADREQUEST},
			{"an image", "/api/v1/import/agreements", multi("logo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")), 415, EMEDIATYPE},
			{"an old xls", "/api/v1/import/agreements", multi("mous.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest")), 415, EMEDIATYPE},
			{"a zip that is no workbook", "/api/v1/import/agreements", multi("mous.xlsx", func() []byte {
				var b bytes.Buffer
				w := zip.NewWriter(&b)
				fw, _ := w.Create("hello.txt")
				_, _ = fw.Write([]byte("hello"))
				_ = w.Close()
				return b.Bytes()
			}()), 415, EMEDIATYPE},
			{"a zip bomb named .xlsx", "/api/v1/import/agreements", multi("mous.xlsx", zipBomb(t)), 413, ETOOLARGE},
			{"oversized", "/api/v1/import/agreements", multi("big.csv", bytes.Repeat([]byte("a,b\n"), 9<<18)), 413, ETOOLARGE},
			{"too many rows", "/api/v1/import/agreements", multi("many.csv", many), 413, ETOOLARGE},
			{"empty", "/api/v1/import/agreements", multi("empty.csv", []byte("\uFEFF  \n")), 415, EMEDIATYPE},
			{"broken quotes", "/api/v1/import/agreements", multi("q.csv", []byte("Title,Partners\n\"MOU,MINJUS\nx\"y,z\n")), 415, EMEDIATYPE},
			{"a sources import", "/api/v1/import/sources", multi("mous.csv", csv), 404, domain.ENOTFOUND},
			{"dry_run not a boolean", "/api/v1/import/agreements?dry_run=maybe", multi("mous.csv", csv), 400, EBADREQUEST},
			{"mapping not JSON", "/api/v1/import/agreements", multi("mous.csv", csv, "mapping", "Title=title"), 400, EBADREQUEST},
			{"mapping with an operator for a field", "/api/v1/import/agreements", multi("mous.csv", csv, "mapping", `{"Title": {"$gt": ""}}`), 400, EBADREQUEST},
			{"mapping with an operator for a column", "/api/v1/import/agreements", multi("mous.csv", csv, "mapping", `{"$gt": ""}`), 422, domain.EINVALID},
			{"mapping to an unknown field", "/api/v1/import/agreements", multi("mous.csv", csv, "mapping", `{"Title": "title", "Partners": "parties", "Signed": "signing"}`), 422, domain.EINVALID},
			{"skip not lines", "/api/v1/import/agreements", multi("mous.csv", csv, "skip", "two"), 400, EBADREQUEST},
			{"a header named twice", "/api/v1/import/agreements", multi("twice.csv", []byte("Title,title\nx,y\n")), 422, domain.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				body, ct := tt.body()
				res := api.doInvalid(http.MethodPost, tt.path, body, ct)
				if res.Status != tt.status {
					t.Fatalf("status %d, want %d: %s", res.Status, tt.status, clip(res.Body))
				}
				if code := res.errorCode(t); code != tt.code {
					t.Errorf("code %q, want %q", code, tt.code)
				}
			})
		}
		// A viewer may read, not import.
		viewer := newAPIClient(t, New(storesOf(db)))
		body, ct := importBody(t, "mous.csv", csv)
		if res := viewer.do(http.MethodPost, "/api/v1/import/agreements", body, ct, "Authorization: "+testUser(t, db, domain.RoleViewer)); res.Status != http.StatusForbidden {
			t.Errorf("a viewer's import: status %d, want 403", res.Status)
		}
		if n := api.total(t, "agreements"); n != before {
			t.Errorf("bad input wrote: %d agreements, want %d", n, before)
		}
		if n := importCount(t, api); n != 0 {
			t.Errorf("bad input was audited: %d import entries", n)
		}
	})
}

// rezip returns the zip with the part named changed by edit, and the size
// it declares for it off by declared bytes.
func rezip(t *testing.T, data []byte, name string, edit func(string) string, declared int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		_ = rc.Close()
		content, size := b, uint64(len(b))
		if f.Name == name {
			content = []byte(edit(string(b)))
			size = uint64(len(content) + declared)
		}
		var z bytes.Buffer
		fw, _ := flate.NewWriter(&z, flate.DefaultCompression)
		_, _ = fw.Write(content)
		_ = fw.Close()
		raw, err := w.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(content),
			CompressedSize64: uint64(z.Len()), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = raw.Write(z.Bytes())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImportRefusesADamagedWorkbook is issue 14's silent loss: a sheet
// whose third row holds an undefined entity or an unclosed tag imported
// row 2 alone and answered "complete", and a zip with a forged size read
// as an empty sheet. Each is refused, saying where and why, and nothing
// is written.
func TestImportRefusesADamagedWorkbook(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		importSetup(t, api)
		before := api.total(t, "agreements")
		const sheet = "xl/worksheets/sheet1.xml"
		row3 := func(broken string) func(string) string {
			return func(x string) string {
				i := strings.Index(x, `<row r="3"`)
				j := i + strings.Index(x[i:], "<v>") + len("<v>")
				return x[:j] + broken + x[j:]
			}
		}
		good := mouXLSX(t)
		for _, tc := range []struct {
			name string
			file []byte
			want string
		}{
			{"an undefined entity in row 3", rezip(t, good, sheet, row3("&foo;"), 0), "row 3"},
			{"an unclosed tag in row 3", rezip(t, good, sheet, row3("<b>"), 0), "row 3"},
			{"a sheet with a forged size", rezip(t, good, sheet, func(x string) string { return x }, -len("</sheetData>")), sheet},
		} {
			for _, path := range []string{"/api/v1/import/agreements?dry_run=true", "/api/v1/import/agreements"} {
				body, ct := importBody(t, "mous.xlsx", tc.file)
				res := api.doInvalid(http.MethodPost, path, body, ct)
				var e errorBody
				res.decode(t, &e)
				if res.Status != http.StatusUnsupportedMediaType || e.Error.Code != EMEDIATYPE || !strings.Contains(e.Error.Fields["file"], tc.want) {
					t.Errorf("%s: POST %s: status %d, %+v; want 415 %s with a file error naming %q", tc.name, path, res.Status, e.Error, EMEDIATYPE, tc.want)
				}
			}
		}
		if n := api.total(t, "agreements"); n != before {
			t.Errorf("a damaged workbook wrote: %d agreements, want %d", n, before)
		}
		if n := importCount(t, api); n != 0 {
			t.Errorf("a damaged workbook was audited: %d import entries", n)
		}
	})
}
