package tablefile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"strconv"
	"strings"
	"testing"

	"cooptrack/domain/importing"
)

// The parts of a workbook of one sheet, the least Excel and excelize open.
const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`
	rootRels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbookXML = `<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="MOUs" sheetId="1" r:id="rId1"/></sheets></workbook>`
	workbookRels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
)

// sheetXML is a worksheet whose rows hold the cells given, as inline
// strings; a cell is written as it is, so that a test can break it.
func sheetXML(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, r := range rows {
		b.WriteString(`<row r="` + strconv.Itoa(i+1) + `">`)
		for j, c := range r {
			b.WriteString(`<c r="` + string(rune('A'+j)) + strconv.Itoa(i+1) + `" t="inlineStr"><is><t>` + c + `</t></is></c>`)
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

// part is one entry of a zip: its name and content, and how to forge its
// header.
type part struct {
	name, content string
	// declared changes the uncompressed size the zip declares, by that
	// many bytes; badCRC declares a wrong checksum.
	declared int
	badCRC   bool
}

// workbook zips the parts, compressed, with the sizes and checksums each
// part declares.
func workbook(t testing.TB, sheet part, more ...part) []byte {
	t.Helper()
	parts := append([]part{{name: "[Content_Types].xml", content: contentTypes}, {name: "_rels/.rels", content: rootRels},
		{name: "xl/workbook.xml", content: workbookXML}, {name: "xl/_rels/workbook.xml.rels", content: workbookRels}}, sheet)
	parts = append(parts, more...)
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, p := range parts {
		var z bytes.Buffer
		fw, _ := flate.NewWriter(&z, flate.DefaultCompression)
		_, _ = fw.Write([]byte(p.content))
		_ = fw.Close()
		crc := crc32.ChecksumIEEE([]byte(p.content))
		if p.badCRC {
			crc++
		}
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(z.Len()), UncompressedSize64: uint64(len(p.content) + p.declared)}
		raw, err := w.CreateRaw(h)
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

var mouSheet = [][]string{
	{"Title", "Partners"},
	{"MOU on e-government", "MINJUS"},
	{"MOU on customs", "SUNAT"},
	{"MOU on trade", "MINCETUR"},
}

// TestReadXLSX reads a workbook whole, and refuses one whose parts are
// damaged, naming the row or the part and why: it never reads the rows
// before the damage as if the sheet ended there (issue 14: a third row
// with an undefined entity imported row 2 alone, and "complete").
func TestReadXLSX(t *testing.T) {
	good := sheetXML(mouSheet...)
	t.Run("a whole workbook", func(t *testing.T) {
		tb, err := Read(workbook(t, part{name: "xl/worksheets/sheet1.xml", content: good}))
		if err != nil {
			t.Fatal(err)
		}
		if len(tb.Header) != 2 || len(tb.Rows) != 3 || tb.Rows[2][0] != "MOU on trade" {
			t.Errorf("read header %q and rows %q, want the three MOUs", tb.Header, tb.Rows)
		}
	})
	broken := func(row3 string) string {
		return strings.Replace(good, "MOU on customs", row3, 1)
	}
	cut, _, _ := strings.Cut(good, "MOU on customs")
	nested := strings.Replace(good, "MOU on customs", strings.Repeat("<x>", 5000)+strings.Repeat("</x>", 5000), 1)
	tests := []struct {
		name string
		file []byte
		want []string // parts of the message
	}{
		{"an undefined entity in row 3", workbook(t, part{name: "xl/worksheets/sheet1.xml", content: broken("MOU &foo; on customs")}), []string{"row 3", "entity"}},
		{"an unclosed tag in row 3", workbook(t, part{name: "xl/worksheets/sheet1.xml", content: broken("MOU <b>on customs")}), []string{"row 3", "closed by"}},
		{"a NUL as a character reference in row 3", workbook(t, part{name: "xl/worksheets/sheet1.xml", content: broken("MOU &#0; on customs")}), []string{"row 3"}},
		{"a sheet cut short", workbook(t, part{name: "xl/worksheets/sheet1.xml", content: cut}), []string{"row 3"}},
		{"elements nested 5,000 deep", workbook(t, part{name: "xl/worksheets/sheet1.xml", content: nested}), []string{"row 3", "nested"}},
		{"a sheet smaller than its zip says", workbook(t, part{name: "xl/worksheets/sheet1.xml", content: good, declared: 200}), []string{"xl/worksheets/sheet1.xml", "damaged"}},
		{"a sheet larger than its zip says", workbook(t, part{name: "xl/worksheets/sheet1.xml", content: good, declared: -(len(good) - 200)}), []string{"xl/worksheets/sheet1.xml", "damaged"}},
		{"a sheet with a wrong checksum", workbook(t, part{name: "xl/worksheets/sheet1.xml", content: good, badCRC: true}), []string{"xl/worksheets/sheet1.xml", "damaged"}},
		{"damaged shared strings", workbook(t, part{name: "xl/worksheets/sheet1.xml", content: good},
			part{name: "xl/sharedStrings.xml", content: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a &nbsp; b</t></si></sst>`}), []string{"xl/sharedStrings.xml", "entity"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := Read(tc.file)
			if !errors.Is(err, ErrFormat) {
				if tb == nil {
					tb = &importing.Table{}
				}
				t.Fatalf("Read = %v (header %q, rows %q), want %v", err, tb.Header, tb.Rows, ErrFormat)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Read = %q, want it to say %q", err, w)
				}
			}
		})
	}
}
