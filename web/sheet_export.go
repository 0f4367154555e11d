package web

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/web/report"
)

// A list of the API given with format=xlsx or format=csv is a spreadsheet of
// every record its filters keep, not one page: the export reads the records
// one after another (domain.Store.Each) and sends them on every few hundred
// rows, so that a CSV's memory stays flat however long the list. The list
// pages link to these downloads with their filters.

// sheetFormat is a format a list can be downloaded in.
type sheetFormat struct {
	// Ext is the value of format= and the file name's extension.
	Ext         string
	ContentType string
	open        func(w io.Writer, title string, cols []report.Column) (report.Sheet, error)
}

var sheetFormats = map[string]sheetFormat{
	"xlsx": {Ext: "xlsx", ContentType: report.XLSXContentType, open: func(w io.Writer, title string, cols []report.Column) (report.Sheet, error) {
		return report.NewXLSX(w, title, cols)
	}},
	"csv": {Ext: "csv", ContentType: "text/csv; charset=utf-8; header=present", open: func(w io.Writer, _ string, cols []report.Column) (report.Sheet, error) {
		return report.NewCSV(w, cols)
	}},
}

// listFormat returns the spreadsheet format a list is asked for, nil for
// the JSON page (no format, or format=json).
func listFormat(c *gin.Context) (*sheetFormat, error) {
	name := c.Query("format")
	if name == "" || name == "json" {
		return nil, nil
	}
	if f, ok := sheetFormats[name]; ok {
		return &f, nil
	}
	return nil, requestError(EBADREQUEST, "a list is given as json, xlsx or csv", map[string]string{"format": "must be json, xlsx or csv"})
}

// exportList writes every record the filter keeps as a spreadsheet in the
// format, in the list's order; the filter's cursor and page size are
// ignored. An error before the first byte is answered in the one error
// shape; after it, the connection is cut, so that a client never takes a
// truncated file for a whole one.
func exportList[T domain.Record](c *gin.Context, srv *Server, store domain.Store[T], f domain.ListFilter, format sheetFormat) {
	ctx := c.Request.Context()
	f.Today = srv.today()
	var zero T
	kind := listKind{domain.KindOf(zero.Type())}
	cols := sheetColumns[T]()
	header := make([]report.Column, len(cols))
	for i, col := range cols {
		header[i] = col.Column
	}
	out := &download{c: c, contentType: format.ContentType, filename: sheetFilename(zero.Type(), f, format.Ext)}
	fail := func(err error) {
		if !out.started {
			writeError(c, err)
			return
		}
		downloadFailed(c, "export cut short", err)
		panic(http.ErrAbortHandler)
	}
	// The sheet is opened with the first record, or at the end for an
	// empty list, so that a filter the store refuses is answered in the
	// one error shape before any byte of the file.
	var sheet report.Sheet
	open := func() (err error) {
		if sheet == nil {
			sheet, err = format.open(out, kind.Title(), header)
		}
		return err
	}
	cells := make([]any, len(cols))
	rows := 0
	err := store.Each(ctx, f, func(rec T) error {
		if err := open(); err != nil {
			return err
		}
		sheetRow(cols, rec, f.Today, cells)
		if err := sheet.WriteRow(cells); err != nil {
			return err
		}
		if rows++; rows%flushEvery == 0 {
			return flushSheet(c, sheet, out)
		}
		return nil
	})
	if err == nil {
		err = open()
	}
	if err == nil {
		err = flushSheet(c, sheet, out)
	}
	if err == nil {
		err = sheet.Close()
	}
	if err != nil {
		fail(err)
	}
}

// flushEvery is how many rows an export writes before it sends them on.
const flushEvery = 200

// flushSheet sends the rows written so far to the client.
func flushSheet(c *gin.Context, sheet report.Sheet, out *download) error {
	if err := sheet.Flush(); err != nil {
		return err
	}
	if out.started {
		c.Writer.Flush()
	}
	return nil
}

// sheetFilename names the file of a list: the collection, the country it is
// narrowed to, and the day, "agreements-PE-2026-11-27.xlsx".
func sheetFilename(t domain.RecordType, f domain.ListFilter, ext string) string {
	name := t.Collection()
	if f.Country != "" {
		name += "-" + string(f.Country)
	}
	return name + "-" + string(f.Today) + "." + ext
}

// download writes a file as the answer, with its headers sent on the first
// write, so that an error before it can still be answered in the one error
// shape.
type download struct {
	c                     *gin.Context
	contentType, filename string
	started               bool
}

func (d *download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.c.Writer.Header()
		h.Set("Content-Type", d.contentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.filename}))
		h.Set("Cache-Control", "no-store")
		d.c.Status(http.StatusOK)
	}
	return d.c.Writer.Write(p)
}

// sheetLinks are the addresses of a list's downloads, with the filters of
// query: XLSX first, then CSV.
func sheetLinks(t domain.RecordType, query url.Values) []sheetLink {
	var out []sheetLink
	for _, ext := range []string{"xlsx", "csv"} {
		q := url.Values{}
		for k, v := range query {
			if k != "cursor" && k != "limit" {
				q[k] = v
			}
		}
		q.Set("format", ext)
		out = append(out, sheetLink{Label: "Download " + strings.ToUpper(ext), Format: ext, URL: "/api/v1/" + t.Collection() + "?" + q.Encode()})
	}
	return out
}

// sheetLink is a link to a list's download.
type sheetLink struct{ Label, Format, URL string }
