package tablefile

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRead reads any file, and workbooks whose cells hold any text written
// raw into the sheet's XML: Read never panics, fails only with ErrFormat or
// ErrTooLarge, and never returns part of a sheet (issue 14): a sheet whose
// cells are plain text is read whole, cell for cell, and one whose text
// breaks the XML is refused.
//
//	go test -run '^$' -fuzz '^FuzzRead$' -fuzztime 60s ./tablefile/
func FuzzRead(f *testing.F) {
	good := sheetXML(mouSheet...)
	f.Add("MOU on e-government\nMOU &foo; on customs\nMOU on trade", workbook(f, part{name: "xl/worksheets/sheet1.xml", content: good}))
	f.Add("a\nMOU <b>on customs\nc", workbook(f, part{name: "xl/worksheets/sheet1.xml", content: good, declared: 200}))
	f.Add("Perú 한국 😀\n\n=1+2", workbook(f, part{name: "xl/worksheets/sheet1.xml", content: good, badCRC: true}))
	f.Add("</t></is></c></row><row r=\"9\">", []byte("Title,Partners\nMOU,MINJUS\n"))
	f.Add("&#0;\n&amp;", []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, cells string, file []byte) {
		if _, err := Read(file); err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("Read(a file) = %v, want nil, ErrFormat or ErrTooLarge", err)
		}
		texts := strings.Split(cells, "\n")
		if len(texts) > 50 {
			return
		}
		rows := [][]string{{"Title"}}
		for _, s := range texts {
			rows = append(rows, []string{s})
		}
		tb, err := Read(workbook(t, part{name: "xl/worksheets/sheet1.xml", content: sheetXML(rows...)}))
		if plainXMLText(cells) {
			if err != nil {
				t.Fatalf("Read(a sheet of plain text %q) = %v", cells, err)
			}
			if len(tb.Rows) != len(texts) {
				t.Fatalf("Read(a sheet of %d rows) = %d rows: %q", len(texts), len(tb.Rows), tb.Rows)
			}
			for i, s := range texts {
				if got := strings.Join(tb.Rows[i], ""); got != s {
					t.Errorf("row %d reads %q, want %q", i+2, got, s)
				}
			}
			return
		}
		if err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("Read(a sheet of %q) = %v, want nil, ErrFormat or ErrTooLarge", cells, err)
		}
	})
}

// plainXMLText reports whether s can stand in XML as it is and reads back
// the same: no markup, no "]]>", and only characters XML allows (a CR
// would read back as a line feed).
func plainXMLText(s string) bool {
	if !utf8.ValidString(s) || strings.ContainsAny(s, "<&\r") || strings.Contains(s, "]]>") {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' || r >= 0xD800 && r <= 0xDFFF || r == 0xFFFE || r == 0xFFFF {
			return false
		}
	}
	return true
}
