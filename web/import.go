package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/domain/importing"
	"cooptrack/tablefile"
)

// The import of records from a spreadsheet (domain/importing), by API:
//
//	POST /api/v1/import/{collection}?dry_run=true   multipart: file, mapping, skip -> the preview
//	POST /api/v1/import/{collection}                 the same -> what was written
//
// and by pages (import_page.go). Nothing is written before confirmation.

// maxImportBody is the largest import request: the file and a little more.
const maxImportBody = tablefile.MaxFileBytes + 1<<20

// importRequest is what an import request gives, by API or by page.
type importRequest struct {
	kind    domain.RecordType
	table   *importing.Table
	mapping importing.Mapping // nil: the remembered or guessed one
	skip    map[int]bool
	name    string
}

// importKind reads the kind from the path.
func importKind(c *gin.Context, param string) (domain.RecordType, error) {
	kind, ok := importing.KindOf(c.Param(param))
	if !ok {
		return "", domain.Errorf(domain.ENOTFOUND, "%q cannot be imported: import agreements, organizations, people, events or programs", c.Param(param))
	}
	return kind, nil
}

// readTableUpload reads the multipart body's file into a table, within the
// limits; the form's other fields are left in c.Request.MultipartForm.
func readTableUpload(c *gin.Context) (*importing.Table, string, error) {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, "", requestError(EMEDIATYPE, "send the file as multipart/form-data, in the field \"file\"", nil)
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxImportBody)
	if err := c.Request.ParseMultipartForm(maxImportBody); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, "", requestError(ETOOLARGE, fmt.Sprintf("the file is larger than %d MiB", tablefile.MaxFileBytes>>20), nil)
		}
		return nil, "", readFailure(err, "the multipart body")
	}
	f, h, err := c.Request.FormFile("file")
	if err != nil {
		return nil, "", requestError(EBADREQUEST, "the file is missing", map[string]string{"file": "is required"})
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(io.LimitReader(f, tablefile.MaxFileBytes+1))
	if err != nil {
		return nil, "", requestError(EBADREQUEST, "the file could not be read", nil)
	}
	t, err := tablefile.Read(data)
	if err != nil {
		return nil, "", tableError(err)
	}
	if err := t.Check(); err != nil {
		return nil, "", err
	}
	return t, h.Filename, nil
}

// tableError gives a file's problem its status: not a table 415, too big 413.
func tableError(err error) error {
	switch {
	case errors.Is(err, tablefile.ErrTooLarge):
		return requestError(ETOOLARGE, err.Error(), map[string]string{"file": err.Error()})
	case errors.Is(err, tablefile.ErrFormat):
		return requestError(EMEDIATYPE, err.Error(), map[string]string{"file": err.Error()})
	}
	return err
}

// parseMapping reads a mapping given as a JSON object of column -> field.
func parseMapping(s string) (importing.Mapping, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var m importing.Mapping
	if err := json.Unmarshal([]byte(s), &m); err != nil || m == nil {
		return nil, requestError(EBADREQUEST, "the mapping is not valid", map[string]string{"mapping": `must be a JSON object of column to field: {"Title": "title"}`})
	}
	return m, nil
}

// parseSkip reads the lines to skip: "3,7,12".
func parseSkip(s string) (map[int]bool, error) {
	skip := map[int]bool{}
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil || n < 2 {
			return nil, requestError(EBADREQUEST, "skip is not valid", map[string]string{"skip": "must list line numbers (2 or more), separated by commas"})
		}
		skip[n] = true
	}
	return skip, nil
}

// preview previews the import (importing.Prepare); it writes nothing.
func (s *Server) preview(c *gin.Context, in importRequest) (importing.Preview, error) {
	return importing.Prepare(c.Request.Context(), s.stores.Imports, s.stores.Catalog, in.kind, in.table, in.mapping, in.skip)
}

// confirm writes the preview's new rows and remembers the mapping.
func (s *Server) confirm(c *gin.Context, in importRequest, p importing.Preview) (importing.Result, error) {
	return importing.Confirm(c.Request.Context(), s.stores.Imports, p, in.table.Header, in.name)
}

// importAPI previews (dry_run=true) or makes an import.
func (s *Server) importAPI(c *gin.Context) {
	kind, err := importKind(c, "kind")
	if err != nil {
		s.fail(c, err)
		return
	}
	dry := false
	switch v := c.Query("dry_run"); v {
	case "", "false":
	case "true":
		dry = true
	default:
		s.fail(c, requestError(EBADREQUEST, "the query is not valid", map[string]string{"dry_run": "must be true or false"}))
		return
	}
	t, name, err := readTableUpload(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	in := importRequest{kind: kind, table: t, name: name}
	if in.mapping, err = parseMapping(c.Request.FormValue("mapping")); err != nil {
		s.fail(c, err)
		return
	}
	if in.skip, err = parseSkip(c.Request.FormValue("skip")); err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.preview(c, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	if dry {
		c.JSON(http.StatusOK, p)
		return
	}
	res, err := s.confirm(c, in, p)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
