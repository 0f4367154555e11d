// Package report writes what cooptrack exports. Each encoder writes to an
// io.Writer and knows nothing of records: the web layer decides what goes
// in a report, the encoder how it is laid out in its format.
package report

import (
	"strconv"
	"strings"
	"time"
)

// Type says how the cells of a column are written.
type Type int

// The types of column. A cell's value is a string in a Text column, a
// time.Time (its calendar date) in a Date column, an int64, a float64 or a
// Decimal in a Number column; nil is an empty cell in any column.
const (
	Text Type = iota
	Date
	Number
)

// Column is one column of a sheet.
type Column struct {
	// Title heads the column.
	Title string
	Type  Type
	// Width is the column's width in characters, where the format has one.
	Width float64
}

// Sheet is a table written row by row, in the order of its columns.
type Sheet interface {
	// WriteRow writes one row; cells holds a value per column.
	WriteRow(cells []any) error
	// Flush passes the rows written so far on to the writer, where the
	// format can be written in parts (CSV); others write at Close.
	Flush() error
	// Close writes what is left; the sheet takes no more rows.
	Close() error
}

// dateLayout writes a date as text: ISO 8601, which spreadsheet programs
// read as a date whatever their locale.
const dateLayout = "2006-01-02"

// dateOf returns the calendar date of a cell, false for none.
func dateOf(v any) (time.Time, bool) {
	t, ok := v.(time.Time)
	if !ok || t.IsZero() {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
}

// Decimal is an exact decimal number, Units of 10^-Scale: money, whose
// 150000000 minor units of USD are Decimal{150000000, 2}, 1500000.00. An
// amount of int64 minor units has up to 19 significant digits, a float64
// holds 15 to 17 and Excel 15: CSV writes the digits as they are, XLSX a
// number where Excel holds it exactly and the digits as text where it
// would not.
type Decimal struct {
	Units int64
	Scale int
}

// String writes the number in full: "1500000.00", "-0.05",
// "92233720368547758.07".
func (d Decimal) String() string {
	u := uint64(d.Units)
	sign := ""
	if d.Units < 0 {
		u, sign = uint64(-(d.Units+1))+1, "-" // -MinInt64 overflows an int64
	}
	digits := strconv.FormatUint(u, 10)
	scale := max(d.Scale, 0)
	if scale == 0 {
		return sign + digits
	}
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	return sign + digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
}

// exactFloat returns the number as a float64 that stands for it exactly in
// a spreadsheet, which shows 15 significant digits: false when it has more.
func (d Decimal) exactFloat() (float64, bool) {
	const limit = 1e15
	if d.Scale < 0 || d.Units <= -limit || d.Units >= limit {
		return 0, false
	}
	f, err := strconv.ParseFloat(d.String(), 64)
	return f, err == nil
}
