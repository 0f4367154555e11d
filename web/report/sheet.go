// Package report writes what cooptrack exports. Each encoder writes to an
// io.Writer and knows nothing of records: the web layer decides what goes
// in a report, the encoder how it is laid out in its format.
package report

import "time"

// Type says how the cells of a column are written.
type Type int

// The types of column. A cell's value is a string in a Text column, a
// time.Time (its calendar date) in a Date column, an int64 or a float64 in
// a Number column; nil is an empty cell in any column.
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
