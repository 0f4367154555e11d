package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
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
		s.rec[i] = Neutralize(c.Title)
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
		return Neutralize(x)
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
	}
	return Neutralize(fmt.Sprint(v))
}

// Neutralize keeps a spreadsheet program from reading text as a formula
// (CSV injection): text that starts with =, +, -, @, a tab or a carriage
// return gets an apostrophe in front, which the program shows as text.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
