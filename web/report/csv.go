package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"cooptrack/domain"
)

// bom starts the file so that spreadsheet programs read it as UTF-8: without
// it Excel shows "PerÃº" for "Perú".
const bom = "\uFEFF"

// CSV writes a sheet as RFC 4180 CSV: UTF-8 after a byte order mark, CRLF
// line ends, fields with commas, quotes or line breaks quoted.
type CSV struct {
	w    *csv.Writer
	cols []Column
	rec  []string
}

// NewCSV starts a CSV sheet on w with the header row of cols.
func NewCSV(w io.Writer, cols []Column) (*CSV, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	s := &CSV{w: cw, cols: cols, rec: make([]string, len(cols))}
	for i, c := range cols {
		s.rec[i] = csvText(c.Title)
	}
	if err := cw.Write(s.rec); err != nil {
		return nil, err
	}
	return s, nil
}

// WriteRow writes one row.
func (s *CSV) WriteRow(cells []any) error {
	if len(cells) != len(s.cols) {
		return fmt.Errorf("report: %d cells for %d columns", len(cells), len(s.cols))
	}
	for i, v := range cells {
		s.rec[i] = csvField(v)
	}
	return s.w.Write(s.rec)
}

// Flush writes the buffered rows to the writer.
func (s *CSV) Flush() error {
	s.w.Flush()
	return s.w.Error()
}

// Close flushes what is left.
func (s *CSV) Close() error { return s.Flush() }

// csvField renders one cell as a field.
func csvField(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return csvText(x)
	case time.Time:
		if d, ok := dateOf(x); ok {
			return d.Format(dateLayout)
		}
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case Decimal:
		return x.String()
	}
	return csvText(fmt.Sprint(v))
}

// csvText is text as a field holds it: no control character but tab and
// line feed (domain.CleanText; records stored before they were refused may
// hold a NUL or an escape), never read as a formula.
func csvText(s string) string { return Neutralize(domain.CleanText(s, true)) }

// Neutralize keeps a spreadsheet program from reading text as a formula
// (CSV injection): text that starts with =, +, -, @ (or their full-width
// forms), a tab or a carriage return gets an apostrophe in front, which
// the program shows as text. What a program may skip before the formula
// (spaces, no-break and zero-width spaces, a byte order mark, line breaks
// and other control characters) does not hide it.
func Neutralize(s string) string {
	for _, r := range s {
		switch {
		case strings.ContainsRune("=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20", r):
			return "'" + s
		case unicode.IsSpace(r), unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		return s
	}
	return s
}
