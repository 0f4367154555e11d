// Package tablefile reads the table of an uploaded spreadsheet, CSV or
// XLSX, into an importing.Table, every cell as text. It guards the server
// against hostile files: the caller limits the upload's size, and an XLSX
// (a zip of XML) is refused when what it would unpack is too large, before
// anything is unpacked.
//
// It is about files, not the web: the import's page and API, and the
// import command, use it alike. It imports domain/importing (the Table it
// fills) and the readers of CSV, XLSX and character sets, nothing of the
// server or the store.
package tablefile

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html/charset"

	"cooptrack/domain/importing"
)

// Limits of what a file may hold.
const (
	// MaxFileBytes is the largest upload read: a few thousand rows of an
	// office's records fit many times over.
	MaxFileBytes = 8 << 20
	// MaxUnpackedBytes is the most an XLSX may unpack to; a zip bomb
	// declares (and, Go's zip reader checks, holds) more.
	MaxUnpackedBytes = 64 << 20
	// maxZipEntries is the most parts an XLSX may have.
	maxZipEntries = 2000
)

// Errors a caller tells apart: the file is not a CSV or XLSX file, or it is
// (or unpacks to) too much.
var (
	ErrFormat   = errors.New("not a CSV or XLSX file")
	ErrTooLarge = errors.New("the file is too large")
)

// Read reads the first sheet of data, an XLSX workbook or a CSV text
// (UTF-8, a byte order mark allowed, cells separated by "," or ";" or tabs,
// as its first line shows). Formulas are read as their text ("=A1*2"),
// never computed.
func Read(data []byte) (*importing.Table, error) {
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("%w: over %d MiB", ErrTooLarge, MaxFileBytes>>20)
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fmt.Errorf("%w: an old Excel .xls workbook; save it as .xlsx or as CSV UTF-8", ErrFormat)
	}
	return readCSV(data)
}

func readCSV(data []byte) (*importing.Table, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrFormat)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("%w: the file is binary", ErrFormat)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: the text is not UTF-8; save it as CSV UTF-8", ErrFormat)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	r.FieldsPerRecord = -1
	var t importing.Table
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%w: line %d: %w", ErrFormat, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("%w: %w", ErrFormat, err)
		}
		if t.Header == nil {
			t.Header = rec
			continue
		}
		if len(t.Rows) == importing.MaxRows {
			return nil, fmt.Errorf("%w: more than %d rows", ErrTooLarge, importing.MaxRows)
		}
		t.Rows = append(t.Rows, rec)
	}
	return &t, nil
}

// separator guesses the cell separator from the first line: the one of
// ",", ";" and tab it holds most of, outside quotes.
func separator(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(line) {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func readXLSX(data []byte) (*importing.Table, error) {
	// Check what the zip says it holds before anything is unpacked; Go's
	// zip reader then refuses a part that unpacks to more than it declared.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: a damaged XLSX file", ErrFormat)
	}
	if len(zr.File) > maxZipEntries {
		return nil, fmt.Errorf("%w: the workbook has %d parts", ErrTooLarge, len(zr.File))
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxUnpackedBytes {
			return nil, fmt.Errorf("%w: the workbook unpacks to more than %d MiB", ErrTooLarge, MaxUnpackedBytes>>20)
		}
	}
	for _, f := range zr.File {
		if err := checkPart(f); err != nil {
			return nil, err
		}
	}
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: MaxUnpackedBytes, UnzipXMLSizeLimit: MaxUnpackedBytes, RawCellValue: true,
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, fmt.Errorf("%w: the workbook unpacks to more than %d MiB", ErrTooLarge, MaxUnpackedBytes>>20)
		}
		return nil, fmt.Errorf("%w: not a workbook Excel can open (%w)", ErrFormat, err)
	}
	defer func() { _ = wb.Close() }()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%w: the workbook has no sheet", ErrFormat)
	}
	sheet := sheets[0]
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%w: the first sheet cannot be read (%w)", ErrFormat, err)
	}
	defer func() { _ = rows.Close() }()
	var t importing.Table
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("%w: row %d cannot be read (%w)", ErrFormat, n, err)
		}
		if len(cells) > importing.MaxColumns {
			cells = trimEmpty(cells)
		}
		if t.Header == nil {
			t.Header = cells
			continue
		}
		if len(t.Rows) == importing.MaxRows {
			return nil, fmt.Errorf("%w: more than %d rows", ErrTooLarge, importing.MaxRows)
		}
		t.Rows = append(t.Rows, cells)
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("%w: the first sheet cannot be read (%w)", ErrFormat, err)
	}
	if err := formulasAsText(wb, sheet, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// formulasAsText puts the text of each formula in its cell, in place of the
// value a spreadsheet program last computed: an import stores what was
// written, and computes nothing.
func formulasAsText(wb *excelize.File, sheet string, t *importing.Table) error {
	width := len(t.Header)
	for i := range t.Rows {
		width = max(width, len(t.Rows[i]))
	}
	for i := -1; i < len(t.Rows); i++ {
		row := t.Header
		if i >= 0 {
			row = t.Rows[i]
		}
		for j := range min(width, importing.MaxColumns) {
			name, err := excelize.CoordinatesToCellName(j+1, i+2)
			if err != nil {
				return fmt.Errorf("%w: %w", ErrFormat, err)
			}
			f, err := wb.GetCellFormula(sheet, name)
			if err != nil || f == "" {
				continue
			}
			for len(row) <= j {
				row = append(row, "")
			}
			row[j] = "=" + f
		}
		if i >= 0 {
			t.Rows[i] = row
		} else {
			t.Header = row
		}
	}
	return nil
}

// maxDepth is the deepest XML a workbook part may nest: a sheet's cell text
// lies seven elements down (worksheet, sheetData, row, c, is, r, t).
const maxDepth = 64

// checkPart reads a part of the workbook to its end through the zip
// reader, which checks its size and checksum against what the zip
// declares, and an XML part through a strict XML parser. excelize reads a
// part cut short by a forged size, or a sheet whose XML breaks at its
// third row, as if it ended there, and its rows before the damage would be
// imported as the whole sheet: the file is refused instead, naming the row
// or the part and the reason.
func checkPart(f *zip.File) error {
	damaged := func(err error) error {
		return fmt.Errorf("%w: the workbook is damaged: its part %s is not what the zip declares (%w)", ErrFormat, f.Name, err)
	}
	rc, err := f.Open()
	if err != nil {
		return damaged(err)
	}
	defer func() { _ = rc.Close() }()
	if ext := path.Ext(f.Name); ext == ".xml" || ext == ".rels" {
		row, err := checkXML(f.Name, rc)
		switch {
		case err == nil:
		case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, io.ErrUnexpectedEOF):
			return damaged(err)
		case row > 0:
			return fmt.Errorf("%w: row %d cannot be read (%w)", ErrFormat, row, err)
		default:
			return fmt.Errorf("%w: the workbook's part %s cannot be read (%w)", ErrFormat, f.Name, err)
		}
	}
	// #nosec G110 -- the zip declares at most MaxUnpackedBytes in all
	// (checked above), and its reader refuses a part longer than declared.
	if _, err := io.Copy(io.Discard, rc); err != nil {
		return damaged(err)
	}
	return nil
}

// checkXML parses an XML part of the workbook to its end. An error in a
// worksheet comes with the row it is in, as the sheet numbers it; 0
// elsewhere.
func checkXML(name string, r io.Reader) (row int, err error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel // as excelize reads it
	sheet := strings.HasPrefix(name, "xl/worksheets/")
	depth := 0
	for {
		tok, err := d.Token()
		switch {
		case errors.Is(err, io.EOF):
			return 0, nil
		case err != nil:
			return row, err
		case depth > maxDepth:
			return row, fmt.Errorf("elements nested more than %d deep", maxDepth)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			depth++
			if sheet && x.Name.Local == "row" {
				row++
				for _, a := range x.Attr {
					if n, err := strconv.Atoi(a.Value); a.Name.Local == "r" && err == nil {
						row = n
					}
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

func trimEmpty(cells []string) []string {
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}
