package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/domain/importing"
)

// The import pages, for officers:
//
//	GET  /import                  choose the kind and the file
//	POST /import                  read the file, keep it, go to its mapping
//	GET  /import/:id              map the columns to fields
//	POST /import/:id/preview      every row as it would be stored; fix cells, skip rows
//	POST /import/:id/confirm      write the rows, show what was written
//
// The file is kept as its table (repository.Imports) for a few hours; the
// mapping, the fixes and the rows skipped travel in the forms.

func (s *Server) mountImportPages(e *gin.Engine) {
	e.GET("/import", s.importStart)
	e.POST("/import", s.importUpload)
	e.GET("/import/:id", s.importMapPage)
	e.POST("/import/:id/preview", s.importPreviewPage)
	e.POST("/import/:id/confirm", s.importConfirmPage)
}

type importPage struct {
	Step     string // upload, map, preview, result
	Kinds    []domain.RecordType
	Kind     domain.RecordType
	UploadID string
	FileName string
	Message  string
	Fields   []importing.Field
	Columns  []importColumn
	Preview  importing.Preview
	Headers  []string // the mapped columns' headers, in the file's order
	Rows     []importRowView
	Result   importing.Result
}

type importColumn struct {
	Index   int
	Header  string
	Field   string
	Samples []string
	Error   string
}

type importRowView struct {
	importing.Row
	Cells  []importCell
	Others map[string]string // errors of fields no column shows
	Skip   bool
}

type importCell struct {
	Name, Value, Error string
}

func (s *Server) showImport(c *gin.Context, status int, p importPage) {
	p.Kinds = importing.Kinds
	s.render(c, status, "import", pageData{Title: "Import records", Section: "import", Data: p})
}

func (s *Server) importStart(c *gin.Context) {
	s.showImport(c, http.StatusOK, importPage{Step: "upload", Kind: importKindOr(c.Query("kind"))})
}

func importKindOr(name string) domain.RecordType {
	if k, ok := importing.KindOf(name); ok {
		return k
	}
	return domain.TypeAgreement
}

func (s *Server) importUpload(c *gin.Context) {
	t, name, err := readTableUpload(c)
	kind, ok := importing.KindOf(c.Request.FormValue("kind"))
	if err == nil && !ok {
		err = requestError(EBADREQUEST, "choose what the file holds", map[string]string{"kind": "is required"})
	}
	if err != nil {
		de := asDomainError(c, err)
		if de.Code == domain.EINTERNAL {
			writePageError(c, s, err)
			return
		}
		s.showImport(c, statusOf(de.Code), importPage{Step: "upload", Kind: importKindOr(c.Request.FormValue("kind")), Message: de.Message})
		return
	}
	u := &importing.Upload{Kind: kind, Name: name, Table: *t}
	if err := s.stores.Imports.PutUpload(c.Request.Context(), u); err != nil {
		writePageError(c, s, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/import/"+url.PathEscape(strings.TrimPrefix(u.ID, "upload:")))
}

// upload reads the upload named in the path.
func (s *Server) upload(c *gin.Context) (*importing.Upload, bool) {
	u, err := s.stores.Imports.Upload(c.Request.Context(), c.Param("id"))
	if err != nil {
		writePageError(c, s, err)
		return nil, false
	}
	return u, true
}

func (s *Server) importMapPage(c *gin.Context) {
	u, ok := s.upload(c)
	if !ok {
		return
	}
	m, err := s.mappingFor(c, u)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	s.showImport(c, http.StatusOK, mapPage(u, m, nil))
}

// mappingFor returns the mapping remembered for the upload's kind and
// header, or the one guessed.
func (s *Server) mappingFor(c *gin.Context, u *importing.Upload) (importing.Mapping, error) {
	m, err := s.stores.Imports.Mapping(c.Request.Context(), importing.MappingID(u.Kind, u.Table.Header))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return importing.Guess(u.Kind, u.Table.Header), nil
	}
	return m, err
}

func mapPage(u *importing.Upload, m importing.Mapping, fields map[string]string) importPage {
	p := importPage{Step: "map", Kind: u.Kind, UploadID: strings.TrimPrefix(u.ID, "upload:"), FileName: u.Name, Fields: importing.Fields(u.Kind)}
	for j, h := range u.Table.Header {
		col := importColumn{Index: j, Header: h, Field: m[h], Error: fields[h]}
		for i := 0; i < len(u.Table.Rows) && len(col.Samples) < 3; i++ {
			if v := u.Table.Cell(i, j); v != "" {
				col.Samples = append(col.Samples, v)
			}
		}
		p.Columns = append(p.Columns, col)
	}
	if len(fields) > 0 {
		var msgs []string
		for _, f := range importing.FieldNames(u.Kind) {
			if msg, ok := fields[f]; ok {
				msgs = append(msgs, f+": "+msg)
			}
		}
		p.Message = "The mapping is not complete. " + strings.Join(msgs, "; ")
	}
	return p
}

// importForm reads the mapping, the fixed cells and the rows skipped from
// the posted form, and applies the fixes to the upload's table.
func importForm(c *gin.Context, u *importing.Upload) (importing.Mapping, map[int]bool, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxImportBody)
	if err := c.Request.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, nil, requestError(ETOOLARGE, "the form is larger than the server accepts", nil)
		}
		return nil, nil, readFailure(err, "the form")
	}
	t := &u.Table
	m := importing.Mapping{}
	skip := map[int]bool{}
	for key, vs := range c.Request.PostForm {
		v := strings.ToValidUTF8(strings.ReplaceAll(vs[0], "\r\n", "\n"), "\uFFFD")
		switch parts := strings.Split(key, "."); {
		case len(parts) == 2 && parts[0] == "map":
			j, err := strconv.Atoi(parts[1])
			if err == nil && j >= 0 && j < len(t.Header) && v != "" {
				m[t.Header[j]] = v
			}
		case len(parts) == 2 && parts[0] == "skip":
			if line, err := strconv.Atoi(parts[1]); err == nil {
				skip[line] = true
			}
		case len(parts) == 3 && parts[0] == "c":
			line, err1 := strconv.Atoi(parts[1])
			j, err2 := strconv.Atoi(parts[2])
			i := line - 2
			if err1 != nil || err2 != nil || i < 0 || i >= len(t.Rows) || j < 0 || j >= len(t.Header) || len([]rune(v)) > importing.MaxCell {
				continue
			}
			for len(t.Rows[i]) <= j {
				t.Rows[i] = append(t.Rows[i], "")
			}
			t.Rows[i][j] = v
		}
	}
	return m, skip, nil
}

func (s *Server) importPreviewPage(c *gin.Context) { s.importStep(c, false) }

func (s *Server) importConfirmPage(c *gin.Context) { s.importStep(c, true) }

// importStep previews the upload as the form maps, fixes and skips it, and
// on confirm writes it.
func (s *Server) importStep(c *gin.Context, confirm bool) {
	u, ok := s.upload(c)
	if !ok {
		return
	}
	m, skip, err := importForm(c, u)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	in := importRequest{kind: u.Kind, table: &u.Table, mapping: m, skip: skip, name: u.Name}
	p, err := s.preview(c, in)
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && de.Code == domain.EINVALID {
			s.showImport(c, http.StatusUnprocessableEntity, mapPage(u, m, de.Fields))
			return
		}
		writePageError(c, s, err)
		return
	}
	if !confirm {
		s.showImport(c, http.StatusOK, previewPage(u, p))
		return
	}
	res, err := s.confirm(c, in, p)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	status := http.StatusOK
	if !res.Complete {
		status = http.StatusInternalServerError
	}
	s.showImport(c, status, importPage{Step: "result", Kind: u.Kind, FileName: u.Name, Result: res})
}

func previewPage(u *importing.Upload, p importing.Preview) importPage {
	page := importPage{Step: "preview", Kind: u.Kind, UploadID: strings.TrimPrefix(u.ID, "upload:"), FileName: u.Name, Preview: p}
	cols, names := p.Mapping.Columns(u.Table.Header)
	for k, j := range cols {
		page.Headers = append(page.Headers, u.Table.Header[j])
		page.Columns = append(page.Columns, importColumn{Index: j, Header: u.Table.Header[j], Field: names[k]})
	}
	for _, row := range p.Rows {
		v := importRowView{Row: row, Skip: row.Status == importing.StatusSkipped, Others: map[string]string{}}
		shown := map[string]bool{}
		for k, j := range cols {
			v.Cells = append(v.Cells, importCell{Name: "c." + strconv.Itoa(row.Line) + "." + strconv.Itoa(j), Value: u.Table.Cell(row.Line-2, j), Error: row.Errors[names[k]]})
			shown[names[k]] = true
		}
		for f, msg := range row.Errors {
			if !shown[f] {
				v.Others[f] = msg
			}
		}
		page.Rows = append(page.Rows, v)
	}
	return page
}
