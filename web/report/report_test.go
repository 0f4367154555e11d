package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"cooptrack/domain"
)

var testColumns = []Column{
	{Title: "Title", Type: Text, Width: 40},
	{Title: "Signed", Type: Date, Width: 12},
	{Title: "Budget", Type: Number, Width: 14},
	{Title: "Milestones", Type: Number, Width: 10},
}

var signed = time.Date(2015, time.April, 20, 0, 0, 0, 0, time.UTC)

// testRows hold the cells that trip spreadsheets up: separators, quotes,
// line breaks, formulas, accents and Hangul, empty cells.
var testRows = [][]any{
	{"MOU for e-government, Perú", signed, 1500000.5, int64(3)},
	{`The "Lima" declaration`, nil, nil, nil},
	{"line one\nline two", time.Time{}, int64(0), int64(0)},
	{"=1+2", signed, nil, nil},
	{"+51 1 311 7000", nil, nil, nil},
	{"-draft", nil, nil, nil},
	{"@SUM(A1)", nil, nil, nil},
	{"대한민국 행정안전부", nil, nil, nil},
}

func writeSheet(t *testing.T, open func(io.Writer) (Sheet, error)) []byte {
	t.Helper()
	var buf bytes.Buffer
	s, err := open(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range testRows {
		if err := s.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCSV(t *testing.T) {
	data := writeSheet(t, func(w io.Writer) (Sheet, error) { return NewCSV(w, testColumns) })

	t.Run("bytes", func(t *testing.T) {
		for _, c := range []struct {
			name string
			ok   bool
		}{
			{"starts with the UTF-8 byte order mark", bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF})},
			{"ends its header with CRLF", bytes.HasPrefix(data, []byte(bom+"Title,Signed,Budget,Milestones\r\n"))},
			{"quotes a field with a comma", bytes.Contains(data, []byte("\"MOU for e-government, Perú\",2015-04-20,1500000.5,3\r\n"))},
			{"doubles quotes inside a quoted field", bytes.Contains(data, []byte(`"The ""Lima"" declaration",,,`+"\r\n"))},
			{"quotes a line break, written as CRLF", bytes.Contains(data, []byte("\"line one\r\nline two\",,0,0\r\n"))},
			{"has no bare LF", !bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n"))},
			{"keeps Perú as UTF-8", bytes.Contains(data, []byte("Per\xc3\xba"))},
		} {
			if !c.ok {
				t.Errorf("the CSV %s; it is:\n%q", c.name, data)
			}
		}
	})

	t.Run("read back", func(t *testing.T) {
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte(bom))))
		got, err := r.ReadAll()
		if err != nil {
			t.Fatalf("encoding/csv cannot read it: %v", err)
		}
		want := [][]string{
			{"Title", "Signed", "Budget", "Milestones"},
			{"MOU for e-government, Perú", "2015-04-20", "1500000.5", "3"},
			{`The "Lima" declaration`, "", "", ""},
			{"line one\nline two", "", "0", "0"},
			{"'=1+2", "2015-04-20", "", ""},
			{"'+51 1 311 7000", "", "", ""},
			{"'-draft", "", "", ""},
			{"'@SUM(A1)", "", "", ""},
			{"대한민국 행정안전부", "", "", ""},
		}
		if len(got) != len(want) {
			t.Fatalf("got %d records, want %d: %q", len(got), len(want), got)
		}
		for i := range want {
			if !slices.Equal(got[i], want[i]) {
				t.Errorf("record %d: got %q, want %q", i, got[i], want[i])
			}
		}
	})

	t.Run("a row of the wrong width is refused", func(t *testing.T) {
		s, err := NewCSV(io.Discard, testColumns)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.WriteRow([]any{"one"}); err == nil {
			t.Error("got no error for 1 cell in 4 columns")
		}
	})
}

func TestNeutralize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"=1+2", "'=1+2"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@cmd", "'@cmd"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"", ""},
		{"Perú", "Perú"},
		{"a=b", "a=b"},
		{"'quoted", "'quoted"},
		// What a spreadsheet may skip before a formula does not hide it.
		{"\n=1+2", "'\n=1+2"},
		{"\v=1+2", "'\v=1+2"},
		{"\x00=1+2", "'\x00=1+2"},
		{" =1+2", "' =1+2"},
		{"  \t@SUM(A1)", "'  \t@SUM(A1)"},
		{"\u00a0=1+2", "'\u00a0=1+2"},
		{"\u200b=1+2", "'\u200b=1+2"},
		{"\ufeff=1+2", "'\ufeff=1+2"},
		{"\u2028-1", "'\u2028-1"},
		{"\uff1d1+2", "'\uff1d1+2"}, // a full-width equals sign
		{" 5 =", " 5 ="},
		{"\u200bPerú", "\u200bPerú"},
	} {
		if got := Neutralize(c.in); got != c.want {
			t.Errorf("Neutralize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDecimalString(t *testing.T) {
	for _, c := range []struct {
		d    Decimal
		want string
	}{
		{Decimal{150000000, 2}, "1500000.00"},
		{Decimal{5, 2}, "0.05"},
		{Decimal{-5, 2}, "-0.05"},
		{Decimal{1500000, 0}, "1500000"},
		{Decimal{1234, 3}, "1.234"},
		{Decimal{0, 2}, "0.00"},
		{Decimal{math.MaxInt64, 2}, "92233720368547758.07"},
		{Decimal{math.MinInt64, 2}, "-92233720368547758.08"},
		{Decimal{math.MaxInt64, 0}, "9223372036854775807"},
	} {
		if got := c.d.String(); got != c.want {
			t.Errorf("%+v.String() = %q, want %q", c.d, got, c.want)
		}
	}
}

// TestSheetsWriteMoneyExactly writes amounts of money in minor units, up
// to the largest an int64 holds: CSV writes every digit, XLSX a number
// where Excel holds it exactly (15 significant digits) and the exact digits
// as text where it would not (issue 14: 9,223,372,036,854,775,807 minor
// units were exported as 92233720368547760).
func TestSheetsWriteMoneyExactly(t *testing.T) {
	cols := []Column{{Title: "Budget", Type: Number}}
	amounts := []struct {
		d         Decimal
		text      string // as CSV writes it and as the XLSX cell reads
		xlsxValue string // the XLSX cell's raw value; "" for a text cell
		format    string // its number format
	}{
		{Decimal{150000000, 2}, "1500000.00", "1500000", "#,##0.00"},
		{Decimal{999999999999999, 2}, "9999999999999.99", "9999999999999.99", "#,##0.00"},
		{Decimal{1000000000000000, 2}, "10000000000000.00", "", ""},
		{Decimal{math.MaxInt64, 2}, "92233720368547758.07", "", ""},
		{Decimal{1234, 3}, "1.234", "1.234", "#,##0.000"},
		{Decimal{1500000, 0}, "1500000", "1500000", ""},
	}
	write := func(open func(io.Writer) (Sheet, error)) []byte {
		var buf bytes.Buffer
		s, err := open(&buf)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range amounts {
			if err := s.WriteRow([]any{a.d}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}

	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(write(func(w io.Writer) (Sheet, error) { return NewCSV(w, cols) }), []byte(bom)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(write(func(w io.Writer) (Sheet, error) { return NewXLSX(w, "Programs", cols) })))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	for i, a := range amounts {
		if got := rows[i+1][0]; got != a.text {
			t.Errorf("CSV: %+v written as %q, want %q", a.d, got, a.text)
		}
		cell := fmt.Sprintf("A%d", i+2)
		raw, _ := f.GetCellValue("Programs", cell, excelize.Options{RawCellValue: true})
		typ, _ := f.GetCellType("Programs", cell)
		if a.xlsxValue == "" {
			if raw != a.text || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
				t.Errorf("XLSX: %+v written as %q (type %v), want the text %q", a.d, raw, typ, a.text)
			}
			continue
		}
		if raw != a.xlsxValue {
			t.Errorf("XLSX: %+v written as %q, want the number %s", a.d, raw, a.xlsxValue)
		}
		if shown, _ := f.GetCellValue("Programs", cell); a.format != "" && shown != numberWithCommas(a.text) {
			t.Errorf("XLSX: %+v shows as %q, want %q", a.d, shown, numberWithCommas(a.text))
		}
	}
}

// numberWithCommas groups the whole part of a decimal by thousands.
func numberWithCommas(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// controlText holds every kind of control character a record stored
// before they were refused may hold.
const controlText = "MOU\x00\a\b\v\f\x1b[31m\x7f\u0085\uFFFE end\rBEGIN:VEVENT\r\nline\ttab"

// noControl reports the first control character in s other than those
// allowed, or "".
func noControl(s, allowed string) string {
	for _, r := range s {
		if (r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0xFFFE) && !strings.ContainsRune(allowed, r) {
			return fmt.Sprintf("%U", r)
		}
	}
	return ""
}

// TestSheetsWriteNoControlCharacter writes a cell with every control
// character into each sheet: what is read back holds none but tab and line
// feed.
func TestSheetsWriteNoControlCharacter(t *testing.T) {
	cols := []Column{{Title: "Title\x00", Type: Text}}
	write := func(open func(io.Writer) (Sheet, error)) []byte {
		var buf bytes.Buffer
		s, err := open(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.WriteRow([]any{controlText}); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}

	data := write(func(w io.Writer) (Sheet, error) { return NewCSV(w, cols) })
	if c := noControl(strings.ReplaceAll(string(data), "\r\n", ""), "\t"); c != "" {
		t.Errorf("the CSV holds %s: %q", c, data)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte(bom)))).ReadAll()
	if err != nil || len(rows) != 2 || !strings.HasPrefix(rows[1][0], "MOU") || !strings.HasSuffix(rows[1][0], "line\ttab") {
		t.Errorf("the CSV reads back as %q, %v", rows, err)
	}

	data = write(func(w io.Writer) (Sheet, error) { return NewXLSX(w, "Sheet", cols) })
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	cells, err := f.GetRows("Sheet")
	if err != nil || len(cells) != 2 {
		t.Fatalf("the XLSX reads back as %q, %v", cells, err)
	}
	for _, row := range cells {
		if c := noControl(row[0], "\t\n"); c != "" {
			t.Errorf("an XLSX cell holds %s: %q", c, row[0])
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		_ = rc.Close()
		if c := noControl(string(b), "\t\n\r"); c != "" {
			t.Errorf("the XLSX part %s holds %s", zf.Name, c)
		}
		if m := escapedControl.Find(b); m != nil {
			t.Errorf("the XLSX part %s escapes a control character: %s", zf.Name, m)
		}
	}
}

// escapedControl finds a control character other than tab and line feed
// written as an XML character reference or in Excel's _xHHHH_ form.
var escapedControl = regexp.MustCompile(`(?i)&#x0*([0-8bcdef]|1[0-9a-f]|7f|8[0-9a-f]|9[0-9a-f]);|_x00(0[0-8bcdef]|1[0-9a-f])_`)

// TestCalendarWritesNoControlCharacter writes entries whose text holds
// every control character: each line of the feed ends in CRLF, no other
// control character is in it, and a bare CR does not end a line (issue
// 14: it went raw into the feed, where it could start a property).
func TestCalendarWritesNoControlCharacter(t *testing.T) {
	var buf bytes.Buffer
	err := WriteCalendar(&buf, Calendar{Name: "cooptrack\x00", Entries: []domain.CalendarEntry{{
		UID: "a1-expiry@cooptrack", Kind: domain.CalendarExpiry, Start: "2015-04-17", End: "2015-04-18",
		Summary: controlText, Description: controlText, Changed: signed,
	}}, RecordURL: func(domain.RecordRef) string { return "http://localhost:8080/agreements/a1" }})
	if err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	// RFC 5545's text may hold a tab (WSP), nothing else.
	if c := noControl(strings.ReplaceAll(raw, "\r\n", ""), "\t"); c != "" {
		t.Errorf("the feed holds %s:\n%q", c, raw)
	}
	events := 0
	for _, l := range regexp.MustCompile(`\r\n|\r|\n`).Split(raw, -1) {
		if strings.HasPrefix(l, "BEGIN:VEVENT") {
			events++
		}
	}
	if events != 1 {
		t.Errorf("the feed has %d lines that begin an event, want 1:\n%q", events, raw)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil || len(cal.Events()) != 1 {
		t.Fatalf("golang-ical reads %v, %v", cal, err)
	}
	summary := cal.Events()[0].GetProperty(ics.ComponentPropertySummary).Value
	if want := "MOU" + strings.Repeat("\uFFFD", 6) + "[31m" + strings.Repeat("\uFFFD", 3) + " end BEGIN:VEVENT line tab"; summary != want {
		t.Errorf("SUMMARY reads %q, want %q", summary, want)
	}
}

// TestIATIWritesNoControlCharacter writes a program whose text holds every
// control character: the file's text, as an XML reader gets it, holds none
// but line feed and tab.
func TestIATIWritesNoControlCharacter(t *testing.T) {
	var buf bytes.Buffer
	err := WriteIATI(&buf, IATI{OrgID: "XM-OCHA-X", OrgName: "Office\x1b", Generated: signed, Today: "2016-01-15",
		Programs: []*domain.Program{{Meta: domain.Meta{ID: "p1"}, Name: controlText, Sector: "customs\r", Status: domain.ProgramActive, StartOn: "2015-04-17"}}})
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(&buf)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the file is not XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.CharData:
			if c := noControl(string(x), "\n\t"); c != "" {
				t.Errorf("a text holds %s: %q", c, x)
			}
		case xml.StartElement:
			for _, a := range x.Attr {
				if c := noControl(a.Value, ""); c != "" {
					t.Errorf("the attribute %s holds %s: %q", a.Name.Local, c, a.Value)
				}
			}
		}
	}
}

func TestXLSX(t *testing.T) {
	data := writeSheet(t, func(w io.Writer) (Sheet, error) { return NewXLSX(w, "Agreements", testColumns) })
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize cannot read it: %v", err)
	}
	defer func() { _ = f.Close() }()
	const sheet = "Agreements"
	if got := f.GetSheetList(); !slices.Equal(got, []string{sheet}) {
		t.Fatalf("sheets = %q, want [%s]", got, sheet)
	}

	t.Run("values", func(t *testing.T) {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"Title", "Signed", "Budget", "Milestones"},
			{"MOU for e-government, Perú", "42114", "1500000.5", "3"},
			{`The "Lima" declaration`},
			{"line one\nline two", "", "0", "0"},
			{"=1+2", "42114"},
			{"+51 1 311 7000"},
			{"-draft"},
			{"@SUM(A1)"},
			{"대한민국 행정안전부"},
		}
		if len(rows) != len(want) {
			t.Fatalf("got %d rows, want %d: %q", len(rows), len(want), rows)
		}
		for i := range want {
			if !slices.Equal(rows[i], want[i]) {
				t.Errorf("row %d: got %q, want %q", i+1, rows[i], want[i])
			}
		}
	})

	t.Run("text is never a formula", func(t *testing.T) {
		for _, cell := range []string{"A5", "A6", "A7", "A8"} {
			formula, err := f.GetCellFormula(sheet, cell)
			if err != nil || formula != "" {
				t.Errorf("%s: formula %q (%v), want none", cell, formula, err)
			}
			typ, err := f.GetCellType(sheet, cell)
			if err != nil || typ != excelize.CellTypeInlineString {
				t.Errorf("%s: cell type %v (%v), want an inline string", cell, typ, err)
			}
		}
	})

	t.Run("dates are dates", func(t *testing.T) {
		for _, cell := range []string{"B2", "B5"} {
			styleID, err := f.GetCellStyle(sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			style, err := f.GetStyle(styleID)
			if err != nil {
				t.Fatal(err)
			}
			if style.CustomNumFmt == nil || *style.CustomNumFmt != xlsxDateFormat {
				t.Errorf("%s: number format %v / %d, want %q", cell, style.CustomNumFmt, style.NumFmt, xlsxDateFormat)
			}
			shown, err := f.GetCellValue(sheet, cell)
			if err != nil || shown != "2015-04-20" {
				t.Errorf("%s shows %q (%v), want 2015-04-20", cell, shown, err)
			}
		}
	})

	t.Run("header", func(t *testing.T) {
		styleID, err := f.GetCellStyle(sheet, "A1")
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(styleID)
		if err != nil {
			t.Fatal(err)
		}
		if style.Font == nil || !style.Font.Bold {
			t.Errorf("header font %+v, want bold", style.Font)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
			t.Errorf("panes = %+v, want the first row frozen", panes)
		}
	})

	t.Run("widths", func(t *testing.T) {
		for i, c := range testColumns {
			name, _ := excelize.ColumnNumberToName(i + 1)
			got, err := f.GetColWidth(sheet, name)
			if err != nil || got != c.Width {
				t.Errorf("column %s width %v (%v), want %v", name, got, err, c.Width)
			}
		}
	})

	t.Run("autofilter", func(t *testing.T) {
		want := "A1:D9"
		if got := autoFilterRef(t, data); got != want {
			t.Errorf("worksheet autoFilter ref = %q, want %q", got, want)
		}
		var names []string
		for _, d := range f.GetDefinedName() {
			names = append(names, d.Name+"="+d.RefersTo)
		}
		if !slices.Contains(names, "_xlnm._FilterDatabase='Agreements'!$A$1:$D$9") {
			t.Errorf("defined names %q lack the filter database over A1:D9", names)
		}
	})
}

// autoFilterRef reads the range of the worksheet's autoFilter element from
// the archive, as a spreadsheet program finds it.
func autoFilterRef(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	var ws struct {
		AutoFilter *struct {
			Ref string `xml:"ref,attr"`
		} `xml:"autoFilter"`
	}
	if err := xml.NewDecoder(r).Decode(&ws); err != nil {
		t.Fatal(err)
	}
	if ws.AutoFilter == nil {
		return ""
	}
	// excelize writes the range absolute ($A$1:$D$9), as Excel reads it.
	return strings.ReplaceAll(ws.AutoFilter.Ref, "$", "")
}

func TestXLSXEmpty(t *testing.T) {
	var buf bytes.Buffer
	s, err := NewXLSX(&buf, "People", testColumns)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := autoFilterRef(t, buf.Bytes()); got != "A1:D1" {
		t.Errorf("autoFilter of a sheet with only its header = %q, want A1:D1", got)
	}
	if !strings.HasPrefix(buf.String(), "PK") {
		t.Error("not a zip archive")
	}
}

// benchmarkSheet writes 5,000 rows of 17 columns, as an agreement's sheet
// has, and reports the time and allocations per row.
func benchmarkSheet(b *testing.B, open func(io.Writer, []Column) (Sheet, error)) {
	const rows = 5000
	cols := make([]Column, 17)
	row := make([]any, len(cols))
	for i := range cols {
		cols[i] = Column{Title: "Column " + strings.Repeat("x", i), Type: Text, Width: 20}
		row[i] = "Presidencia del Consejo de Ministros del Perú; Ministry of the Interior and Safety"
	}
	cols[3].Type, row[3] = Date, signed
	cols[4].Type, row[4] = Number, 1500000.5
	b.ReportAllocs()
	for b.Loop() {
		s, err := open(io.Discard, cols)
		if err != nil {
			b.Fatal(err)
		}
		for range rows {
			if err := s.WriteRow(row); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}

func BenchmarkCSV(b *testing.B) {
	benchmarkSheet(b, func(w io.Writer, cols []Column) (Sheet, error) { return NewCSV(w, cols) })
}

func BenchmarkXLSX(b *testing.B) {
	benchmarkSheet(b, func(w io.Writer, cols []Column) (Sheet, error) { return NewXLSX(w, "Sheet", cols) })
}
