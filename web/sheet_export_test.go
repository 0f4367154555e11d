package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
	"cooptrack/web/report"
)

// sheetTitles are the column titles of the kind's spreadsheet.
func sheetTitles(t domain.RecordType) []string {
	var cols []report.Column
	add := func(c report.Column) { cols = append(cols, c) }
	switch t {
	case domain.TypeOrganization:
		for _, c := range organizationColumns {
			add(c.Column)
		}
	case domain.TypePerson:
		for _, c := range personColumns {
			add(c.Column)
		}
	case domain.TypeAgreement:
		for _, c := range agreementColumns {
			add(c.Column)
		}
	case domain.TypeEvent:
		for _, c := range eventColumns {
			add(c.Column)
		}
	case domain.TypeProgram:
		for _, c := range programColumns {
			add(c.Column)
		}
	case domain.TypeSource:
		for _, c := range sourceColumns {
			add(c.Column)
		}
	}
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.Title
	}
	return titles
}

// readSheet reads a downloaded sheet back with a real reader: excelize for
// XLSX, encoding/csv for CSV (after checking its byte order mark). Rows are
// as a person sees them; trailing empty cells are dropped.
func readSheet(t *testing.T, format string, body []byte) [][]string {
	t.Helper()
	var rows [][]string
	switch format {
	case "xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("excelize cannot read the XLSX: %v", err)
		}
		defer func() { _ = f.Close() }()
		if rows, err = f.GetRows(f.GetSheetName(0)); err != nil {
			t.Fatal(err)
		}
	case "csv":
		data, ok := bytes.CutPrefix(body, []byte("\uFEFF"))
		if !ok {
			t.Fatalf("the CSV does not start with a byte order mark: %q", clip(body))
		}
		var err error
		if rows, err = csv.NewReader(bytes.NewReader(data)).ReadAll(); err != nil {
			t.Fatalf("encoding/csv cannot read the CSV: %v", err)
		}
		for i, r := range rows {
			for len(r) > 0 && r[len(r)-1] == "" {
				r = r[:len(r)-1]
			}
			rows[i] = r
		}
	default:
		t.Fatalf("no reader for %q", format)
	}
	return rows
}

// column returns the cells of the column titled title, header aside.
func column(t *testing.T, rows [][]string, title string) []string {
	t.Helper()
	i := slices.Index(rows[0], title)
	if i < 0 {
		t.Fatalf("no column %q in %q", title, rows[0])
	}
	var out []string
	for _, r := range rows[1:] {
		if i < len(r) {
			out = append(out, r[i])
		} else {
			out = append(out, "")
		}
	}
	return out
}

// TestSheetExports downloads lists as XLSX and CSV from one small store,
// read back with real readers: every kind, the filters, the cells, bad
// requests, roles, and the links of the pages.
func TestSheetExports(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		srv := New(storesOf(db))
		srv.Now = func() time.Time { return testToday }
		api := newAPIClient(t, asRole(t, db, domain.RoleAdmin, srv))

		ref := func(id string) map[string]any { return map[string]any{"id": id} }
		pcm := api.create(t, "organizations", map[string]any{"name": "Presidencia del Consejo de Ministros del Perú", "acronym": "PCM", "country": "PE", "kind": "office"})
		mois := api.create(t, "organizations", map[string]any{"name": "Ministry of the Interior and Safety", "country": "KR", "kind": "ministry"})
		mindef := api.create(t, "organizations", map[string]any{"name": "Ministerio de Defensa Nacional", "country": "CO", "kind": "ministry"})
		api.create(t, "organizations", map[string]any{"name": `=HYPERLINK("http://evil.example","click")`, "country": "PE", "kind": "other"})
		person := api.create(t, "people", map[string]any{"full_name": "Pedro Cateriano", "country": "PE",
			"positions": []any{map[string]any{"title": "President of the Council of Ministers", "organization": ref(pcm.ID), "from_on": "2015-04-02"}}})
		source := api.create(t, "sources", map[string]any{"url": "https://example.org/news/1", "title": "Korea and Peru sign e-government MOU",
			"publisher": "Example News", "published_on": "2015-04-21", "language": "en"})
		mou := api.create(t, "agreements", map[string]any{"kind": "mou", "title": `MOU on e-government, the "digital" Perú`, "status": "signed",
			"signed_on": "2015-04-20", "expires_on": "2018-04-19", "renewal": map[string]any{"notice_days": 90},
			"parties": []any{ref(pcm.ID), ref(mois.ID)}, "place": map[string]any{"city": "Lima", "country": "PE"},
			"signatories": []any{map[string]any{"person": ref(person.ID), "organization": ref(pcm.ID), "capacity": "President of the Council of Ministers"}},
			"evidence":    []any{map[string]any{"source": ref(source.ID), "quote": "signed an MOU"}}})
		api.create(t, "agreements", map[string]any{"kind": "letter_of_intent", "title": "-Letter of intent on customs", "status": "signed",
			"signed_on": "2015-04-21", "parties": []any{ref(pcm.ID)}})
		api.create(t, "agreements", map[string]any{"kind": "implementing_arrangement", "title": "Arrangement on immigration", "status": "signed",
			"signed_on": "2015-09-01", "parties": []any{ref(pcm.ID), ref(mois.ID)}})
		api.create(t, "agreements", map[string]any{"kind": "mou", "title": "MOU for public security with Colombia", "status": "signed",
			"signed_on": "2015-04-17", "parties": []any{ref(mindef.ID), ref(mois.ID)}})
		api.create(t, "events", map[string]any{"kind": "official_visit", "title": "Official visit to Peru", "start_on": "2015-04-19", "end_on": "2015-04-21",
			"place": map[string]any{"city": "Lima", "country": "PE"}, "host": ref(pcm.ID),
			"participants": []any{map[string]any{"person": ref(person.ID), "role": "host"}},
			"outcomes":     []string{"Two MOUs signed", "A forum held"}, "agreements": []any{ref(mou.ID)}})
		api.create(t, "programs", map[string]any{"name": "e-government master plan", "status": "active", "start_on": "2015-06-01",
			"beneficiaries": []any{ref(pcm.ID)}, "partners": []any{ref(mois.ID)},
			"milestones": []any{map[string]any{"on": "2015-12-01", "title": "Plan delivered", "done": true}, map[string]any{"on": "2016-06-01", "title": "Pilot"}},
			"budget":     map[string]any{"amount": 150000000, "currency": "USD"}})

		download := func(t *testing.T, path string, headers ...string) *apiResponse {
			t.Helper()
			res := api.do(http.MethodGet, path, nil, headers...)
			if res.Status != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200: %s", path, res.Status, clip(res.Body))
			}
			return res
		}

		t.Run("every list in both formats", func(t *testing.T) {
			for _, typ := range domain.RecordTypes {
				total := api.total(t, typ.Collection())
				for _, c := range []struct{ format, contentType string }{
					{"xlsx", report.XLSXContentType},
					{"csv", "text/csv; charset=utf-8; header=present"},
				} {
					path := "/api/v1/" + typ.Collection() + "?format=" + c.format
					res := download(t, path)
					if got := res.Header.Get("Content-Type"); got != c.contentType {
						t.Errorf("%s: Content-Type %q, want %q", path, got, c.contentType)
					}
					disposition, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
					if want := typ.Collection() + "-2016-01-15." + c.format; err != nil || disposition != "attachment" || params["filename"] != want {
						t.Errorf("%s: Content-Disposition %q, want an attachment named %s", path, res.Header.Get("Content-Disposition"), want)
					}
					rows := readSheet(t, c.format, res.Body)
					if !slices.Equal(rows[0], sheetTitles(typ)) {
						t.Errorf("%s: header %q, want %q", path, rows[0], sheetTitles(typ))
					}
					if got := int64(len(rows) - 1); got != total {
						t.Errorf("%s: %d rows, want the %d the list has", path, got, total)
					}
				}
			}
		})

		t.Run("filters hold across pages", func(t *testing.T) {
			for _, c := range []struct {
				query string
				want  []string
			}{
				{"country=PE&sort=date", []string{`MOU on e-government, the "digital" Perú`, "'-Letter of intent on customs", "Arrangement on immigration"}},
				{"country=PE&sort=-date", []string{"Arrangement on immigration", "'-Letter of intent on customs", `MOU on e-government, the "digital" Perú`}},
				{"sort=date", []string{"MOU for public security with Colombia", `MOU on e-government, the "digital" Perú`, "'-Letter of intent on customs", "Arrangement on immigration"}},
				{"country=CO", []string{"MOU for public security with Colombia"}},
				{"kind=mou&sort=name", []string{"MOU for public security with Colombia", `MOU on e-government, the "digital" Perú`}},
				{"from=2015-04-20&to=2015-04-30&sort=date", []string{`MOU on e-government, the "digital" Perú`, "'-Letter of intent on customs"}},
				{"q=peru", []string{`MOU on e-government, the "digital" Perú`}},
				{"linked=" + mindef.ID, []string{"MOU for public security with Colombia"}},
				{"country=PE&sort=date&limit=1&cursor=ignored", []string{`MOU on e-government, the "digital" Perú`, "'-Letter of intent on customs", "Arrangement on immigration"}},
				{"country=AR", nil},
			} {
				for _, format := range []string{"xlsx", "csv"} {
					rows := readSheet(t, format, download(t, "/api/v1/agreements?format="+format+"&"+c.query).Body)
					got := column(t, rows, "Title")
					// The apostrophe that keeps "-Letter…" from being a
					// formula is in the CSV only: the XLSX cell is text.
					want := slices.Clone(c.want)
					if format == "xlsx" {
						for i := range want {
							want[i] = strings.TrimPrefix(want[i], "'")
						}
					}
					if !slices.Equal(got, want) {
						t.Errorf("%s %s: titles\n got %q\nwant %q", format, c.query, got, want)
					}
				}
			}
		})

		t.Run("cells of an agreement", func(t *testing.T) {
			want := map[string]string{
				"Title":             `MOU on e-government, the "digital" Perú`,
				"Kind":              "MOU",
				"Status today":      "in force",
				"Signed":            "2015-04-20",
				"In force from":     "",
				"Expires":           "2018-04-19",
				"Renewal notice by": "2018-01-19",
				"Renews itself":     "no",
				"Parties":           "Presidencia del Consejo de Ministros del Perú; Ministry of the Interior and Safety",
				"Countries":         domain.CountryName("KR") + "; " + domain.CountryName("PE"),
				"Signatories":       "Pedro Cateriano, Presidencia del Consejo de Ministros del Perú (President of the Council of Ministers)",
				"Place":             "Lima, Peru",
				"Sources":           "Korea and Peru sign e-government MOU",
				"ID":                mou.ID,
			}
			for _, format := range []string{"xlsx", "csv"} {
				rows := readSheet(t, format, download(t, "/api/v1/agreements?format="+format+"&q=digital").Body)
				if len(rows) != 2 {
					t.Fatalf("%s: %d rows, want the header and one agreement", format, len(rows))
				}
				for title, w := range want {
					if got := column(t, rows, title)[0]; got != w {
						t.Errorf("%s: %s = %q, want %q", format, title, got, w)
					}
				}
			}
		})

		t.Run("XLSX layout", func(t *testing.T) {
			body := download(t, "/api/v1/agreements?format=xlsx&country=PE&sort=date").Body
			f, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = f.Close() }()
			const sheet = "Agreements"
			if got := f.GetSheetList(); !slices.Equal(got, []string{sheet}) {
				t.Fatalf("sheets %q, want [%s]", got, sheet)
			}
			// Column D is Signed: a number with a date format, not text.
			raw, err := f.GetCellValue(sheet, "D2", excelize.Options{RawCellValue: true})
			if err != nil || raw != "42114" {
				t.Errorf("D2 raw value %q (%v), want the serial day 42114 (2015-04-20)", raw, err)
			}
			styleID, _ := f.GetCellStyle(sheet, "D2")
			style, err := f.GetStyle(styleID)
			if err != nil || style.CustomNumFmt == nil || *style.CustomNumFmt != "yyyy-mm-dd" {
				t.Errorf("D2 style %+v (%v), want the date format yyyy-mm-dd", style, err)
			}
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("panes %+v (%v), want the header row frozen", panes, err)
			}
			if width, _ := f.GetColWidth(sheet, "A"); width != wTitle {
				t.Errorf("column A width %v, want %v", width, float64(wTitle))
			}
			// Debian's python3-openpyxl reads the same: a real date, the
			// accents intact.
			var rows [][][2]string
			readWithPython(t, "openpyxl", openpyxlRows, body, &rows)
			if len(rows) != 4 || rows[0][3] != [2]string{"str", "Signed"} || rows[1][3] != [2]string{"date", "2015-04-20"} {
				t.Errorf("openpyxl reads %d rows, header D %v, D2 %v; want 4 rows, Signed, the date 2015-04-20", len(rows), rows[0][3], rows[1][3])
			}
			if !strings.Contains(fmt.Sprint(rows), "Perú") {
				t.Errorf("openpyxl reads no Perú in %v", rows)
			}
			found := false
			for _, d := range f.GetDefinedName() {
				found = found || d.Name == "_xlnm._FilterDatabase" && d.RefersTo == "'Agreements'!$A$1:$Q$4"
			}
			if !found {
				t.Errorf("no autofilter over A1:Q4 (17 columns, 3 agreements): %+v", f.GetDefinedName())
			}
		})

		t.Run("CSV bytes", func(t *testing.T) {
			for _, c := range []struct {
				path, want, why string
			}{
				{"/api/v1/organizations?format=csv&country=PE", "\uFEFFName,Acronym,Kind,Country,Part of,Other names,ID\r\n", "starts with the BOM and a header ending in CRLF"},
				{"/api/v1/organizations?format=csv&country=PE", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,other,Peru,,,", "neutralises a formula and quotes it"},
				{"/api/v1/organizations?format=csv&country=PE", "Presidencia del Consejo de Ministros del Per\u00fa,PCM,office,Peru,", "keeps Perú in UTF-8"},
				{"/api/v1/events?format=csv", ",Two MOUs signed; A forum held,", "joins a list with semicolons"},
				{"/api/v1/programs?format=csv", ",2,1,1500000.00,USD,", "writes numbers as numbers, money with its cents"},
			} {
				body := download(t, c.path).Body
				if !bytes.Contains(body, []byte(c.want)) {
					t.Errorf("%s: the CSV %s: it lacks %q:\n%q", c.path, c.why, c.want, body)
				}
			}
			rows := readSheet(t, "csv", download(t, "/api/v1/events?format=csv").Body)
			if got := column(t, rows, "Outcomes"); !slices.Equal(got, []string{"Two MOUs signed; A forum held"}) {
				t.Errorf("outcomes read back %q", got)
			}
		})

		t.Run("bad requests", func(t *testing.T) {
			before := api.total(t, "agreements")
			for _, c := range []struct {
				query  string
				status int
				code   string
				field  string
			}{
				{"format=pdf", http.StatusBadRequest, EBADREQUEST, "format"},
				{"format=XLSX", http.StatusBadRequest, EBADREQUEST, "format"},
				{"format=" + url.QueryEscape(`{"$gt": ""}`), http.StatusBadRequest, EBADREQUEST, "format"},
				{"format=csv&from=2015-02-30", http.StatusBadRequest, EBADREQUEST, "from"},
				{"format=xlsx&limit=many", http.StatusBadRequest, EBADREQUEST, "limit"},
				{"format=xlsx&country=ZZ", http.StatusUnprocessableEntity, domain.EINVALID, "country"},
				{"format=csv&country=" + url.QueryEscape(`{"$gt": ""}`), http.StatusUnprocessableEntity, domain.EINVALID, "country"},
				{"format=xlsx&status=" + url.QueryEscape(`{"$ne": null}`), http.StatusUnprocessableEntity, domain.EINVALID, "status"},
				{"format=csv&sort=price", http.StatusUnprocessableEntity, domain.EINVALID, "sort"},
				{"format=xlsx&from=2016-01-01&to=2015-01-01", http.StatusUnprocessableEntity, domain.EINVALID, "to"},
			} {
				res := api.doInvalid(http.MethodGet, "/api/v1/agreements?"+c.query, nil)
				var body errorBody
				res.decode(t, &body)
				if res.Status != c.status || body.Error.Code != c.code || body.Error.Fields[c.field] == "" {
					t.Errorf("%s: status %d %s %v, want %d %s naming %s", c.query, res.Status, body.Error.Code, body.Error.Fields, c.status, c.code, c.field)
				}
				if got := res.Header.Get("Content-Disposition"); got != "" {
					t.Errorf("%s: an error came as a download: %q", c.query, got)
				}
			}
			if after := api.total(t, "agreements"); after != before {
				t.Errorf("agreements %d after the bad requests, %d before", after, before)
			}
		})

		t.Run("roles", func(t *testing.T) {
			rows := readSheet(t, "xlsx", download(t, "/api/v1/agreements?format=xlsx&country=PE", "Authorization: "+testUser(t, db, domain.RoleViewer)).Body)
			if len(rows) != 4 {
				t.Errorf("a viewer's export has %d rows, want the header and 3 agreements", len(rows))
			}
			anonymous := newAPIClient(t, srv)
			res := anonymous.do(http.MethodGet, "/api/v1/agreements?format=csv", nil)
			if res.Status != http.StatusUnauthorized || res.Header.Get("Content-Disposition") != "" {
				t.Errorf("without credentials: status %d, Content-Disposition %q; want 401 and no file", res.Status, res.Header.Get("Content-Disposition"))
			}
		})

		t.Run("pages link to their downloads", func(t *testing.T) {
			pages := asRole(t, db, domain.RoleViewer, srv)
			doc := getPage(t, pages, "/agreements?country=PE&kind=mou&sort=date&limit=1", http.StatusOK)
			links := doc.Find("p.downloads a")
			if links.Length() != 2 {
				t.Fatalf("%d download links, want 2 (XLSX, CSV)", links.Length())
			}
			links.Each(func(i int, a *goquery.Selection) {
				href, _ := a.Attr("href")
				u, err := url.Parse(href)
				if err != nil {
					t.Fatal(err)
				}
				q := u.Query()
				want := url.Values{"country": {"PE"}, "kind": {"mou"}, "sort": {"date"}, "format": {[]string{"xlsx", "csv"}[i]}}
				if u.Path != "/api/v1/agreements" || q.Encode() != want.Encode() {
					t.Errorf("link %d: %q, want /api/v1/agreements?%s", i, href, want.Encode())
				}
				if wantLabel := "Download " + strings.ToUpper(q.Get("format")); text(a) != wantLabel {
					t.Errorf("link %d reads %q, want %q", i, text(a), wantLabel)
				}
				rows := readSheet(t, q.Get("format"), download(t, href).Body)
				if got := column(t, rows, "Title"); len(got) != 1 {
					t.Errorf("link %d gives %q, want Peru's one MOU", i, got)
				}
			})

			doc = getPage(t, pages, "/countries/PE", http.StatusOK)
			var hrefs []string
			doc.Find("p.downloads a").Each(func(_ int, a *goquery.Selection) {
				href, _ := a.Attr("href")
				hrefs = append(hrefs, href)
			})
			wantHrefs := []string{
				"/api/v1/agreements?country=PE&format=xlsx", "/api/v1/agreements?country=PE&format=csv",
				"/api/v1/programs?country=PE&format=xlsx", "/api/v1/programs?country=PE&format=csv",
				"/api/v1/events?country=PE&format=xlsx", "/api/v1/events?country=PE&format=csv",
			}
			if !slices.Equal(hrefs, wantHrefs) {
				t.Errorf("the country page links to\n %q\nwant %q", hrefs, wantHrefs)
			}
		})
	})
}

// TestSheetExportsWriteMoneyExactly exports programs whose budgets need
// every digit of an int64 of minor units: the CSV and the XLSX (read by
// excelize and by openpyxl) give the exact amount. Issue 14: the largest was
// exported as 92233720368547760.
func TestSheetExportsWriteMoneyExactly(t *testing.T) {
	t.Parallel()
	eachAPI(t, func(t *testing.T, api *apiClient, _ *repository.DB) {
		for _, m := range []struct {
			name   string
			amount int64
			cur    string
		}{{"a", math.MaxInt64, "USD"}, {"b", 150000000, "USD"}, {"c", 1500000, "KRW"}, {"d", 1234, "KWD"}} {
			api.create(t, "programs", map[string]any{"name": m.name, "status": "active", "budget": map[string]any{"amount": m.amount, "currency": m.cur}})
		}
		want := []string{"92233720368547758.07", "1500000.00", "1500000", "1.234"}
		csvRows := readSheet(t, "csv", api.do(http.MethodGet, "/api/v1/programs?format=csv&sort=name", nil).Body)
		if got := column(t, csvRows, "Budget"); !slices.Equal(got, want) {
			t.Errorf("CSV budgets %q, want %q", got, want)
		}
		body := api.do(http.MethodGet, "/api/v1/programs?format=xlsx&sort=name", nil).Body
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = f.Close() }()
		col := slices.Index(readSheet(t, "xlsx", body)[0], "Budget") + 1
		for i, w := range []string{"92233720368547758.07", "1500000", "1500000", "1.234"} {
			cell, _ := excelize.CoordinatesToCellName(col, i+2)
			if raw, _ := f.GetCellValue("Programs", cell, excelize.Options{RawCellValue: true}); raw != w {
				t.Errorf("XLSX %s = %q, want %q", cell, raw, w)
			}
		}
		var rows [][][2]string
		readWithPython(t, "openpyxl", openpyxlRows, body, &rows)
		if len(rows) == 5 {
			got := [][2]string{rows[1][col-1], rows[2][col-1], rows[4][col-1]}
			if want := [][2]string{{"str", "92233720368547758.07"}, {"int", "1500000"}, {"float", "1.234"}}; !slices.Equal(got, want) {
				t.Errorf("openpyxl reads the budgets as %v, want %v", got, want)
			}
		} else {
			t.Errorf("openpyxl reads %d rows, want 5", len(rows))
		}
	})
}
