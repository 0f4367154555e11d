package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"cooptrack/domain"
)

// XLSXContentType is the media type of an XLSX file.
const XLSXContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Number formats of the cells: dates as dates (ISO, unambiguous in any
// locale), numbers with thousands separators (built-in formats 3 and 4).
const (
	xlsxDateFormat    = "yyyy-mm-dd"
	xlsxIntegerFormat = 3 // #,##0
	xlsxDecimalFormat = 4 // #,##0.00
)

// XLSX writes a sheet as an Excel workbook of one worksheet, streamed by
// excelize (rows past its memory threshold go to a temporary file): a bold
// header row that stays in view, an autofilter over the table, each
// column's width, dates as real dates. Text is always written as text,
// never as a formula, whatever it starts with.
type XLSX struct {
	w     io.Writer
	f     *excelize.File
	sw    *excelize.StreamWriter
	sheet string
	cols  []Column
	row   int // the last row written, from 1
	date  int // style of date cells
	whole int // style of whole numbers
	frac  int // style of numbers with a fraction
	// decimals holds the style of Decimal cells by their scale, made as
	// they come: #,##0.000 for three decimals.
	decimals map[int]int
	cells    []any
}

// NewXLSX starts a workbook whose one sheet is named sheet, with the
// header row of cols; Close writes it to w.
func NewXLSX(w io.Writer, sheet string, cols []Column) (_ *XLSX, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			_ = f.Close()
		}
	}()
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return nil, err
	}
	s := &XLSX{w: w, f: f, sheet: sheet, cols: cols, cells: make([]any, len(cols)), decimals: map[int]int{}}
	dateFormat := xlsxDateFormat
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFormat}); err != nil {
		return nil, err
	}
	if s.whole, err = f.NewStyle(&excelize.Style{NumFmt: xlsxIntegerFormat}); err != nil {
		return nil, err
	}
	if s.frac, err = f.NewStyle(&excelize.Style{NumFmt: xlsxDecimalFormat}); err != nil {
		return nil, err
	}
	header, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "7F8C99", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	})
	if err != nil {
		return nil, err
	}
	if s.sw, err = f.NewStreamWriter(sheet); err != nil {
		return nil, err
	}
	// Widths and panes come before the first row: the stream writes them
	// ahead of the sheet's data.
	for i, c := range cols {
		if c.Width > 0 {
			if err := s.sw.SetColWidth(i+1, i+1, c.Width); err != nil {
				return nil, err
			}
		}
	}
	if err := s.sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return nil, err
	}
	for i, c := range cols {
		s.cells[i] = excelize.Cell{StyleID: header, Value: domain.CleanText(c.Title, true)}
	}
	if err := s.next(); err != nil {
		return nil, err
	}
	return s, nil
}

// next writes the prepared cells as the next row.
func (s *XLSX) next() error {
	s.row++
	cell, err := excelize.CoordinatesToCellName(1, s.row)
	if err != nil {
		return err
	}
	return s.sw.SetRow(cell, s.cells)
}

// WriteRow writes one row.
func (s *XLSX) WriteRow(cells []any) error {
	if len(cells) != len(s.cols) {
		return fmt.Errorf("report: %d cells for %d columns", len(cells), len(s.cols))
	}
	for i, v := range cells {
		c, err := s.cell(v)
		if err != nil {
			return err
		}
		s.cells[i] = c
	}
	return s.next()
}

// cell turns a value into what the stream writer takes. A string is passed
// as a plain value, which excelize writes as an inline string: never a
// formula; it holds no control character but tab and line feed
// (domain.CleanText: records stored before they were refused may).
func (s *XLSX) cell(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		if x == "" {
			return nil, nil
		}
		return domain.CleanText(x, true), nil
	case time.Time:
		if d, ok := dateOf(x); ok {
			return excelize.Cell{StyleID: s.date, Value: d}, nil
		}
		return nil, nil
	case int64, int:
		return excelize.Cell{StyleID: s.whole, Value: x}, nil
	case float64:
		return excelize.Cell{StyleID: s.frac, Value: x}, nil
	case Decimal:
		return s.decimal(x)
	}
	return domain.CleanText(fmt.Sprint(v), true), nil
}

// decimal is a number cell shown with its decimals (#,##0.00 for money in
// cents), or, when Excel would round it (more than 15 significant digits),
// a text cell of its exact digits.
func (s *XLSX) decimal(d Decimal) (any, error) {
	f, ok := d.exactFloat()
	if !ok {
		return d.String(), nil
	}
	if d.Scale == 0 {
		return excelize.Cell{StyleID: s.whole, Value: f}, nil
	}
	style, made := s.decimals[d.Scale]
	if !made {
		format := "#,##0." + strings.Repeat("0", d.Scale)
		var err error
		if style, err = s.f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
			return nil, err
		}
		s.decimals[d.Scale] = style
	}
	return excelize.Cell{StyleID: style, Value: f}, nil
}

// Flush does nothing: a workbook is a zip archive, written whole at Close.
func (s *XLSX) Flush() error { return nil }

// Close sets the autofilter over the rows written and writes the workbook.
func (s *XLSX) Close() error {
	defer func() { _ = s.f.Close() }()
	last, err := excelize.CoordinatesToCellName(len(s.cols), s.row)
	if err != nil {
		return err
	}
	// Set before Flush: the stream writes the autofilter after the rows.
	if err := s.f.AutoFilter(s.sheet, "A1:"+last, nil); err != nil {
		return err
	}
	if err := s.sw.Flush(); err != nil {
		return err
	}
	_, err = s.f.WriteTo(s.w)
	return err
}
