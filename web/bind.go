package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// MaxBodyBytes is the largest request body accepted; an article's text fits
// in it many times over.
const MaxBodyBytes = 2 << 20

// decodeJSON reads the request body into v strictly: JSON only, within the
// size limit, valid UTF-8, one value, no unknown fields, right types.
// Errors carry the field at fault where one is known.
func decodeJSON(c *gin.Context, v any) error {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "application/json" {
		return requestError(EMEDIATYPE, "the body must be JSON, sent with Content-Type: application/json", nil)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return requestError(ETOOLARGE, fmt.Sprintf("the body is larger than %d bytes", MaxBodyBytes), nil)
		}
		return readFailure(err, "the body")
	}
	if !utf8.Valid(body) {
		return requestError(EBADREQUEST, "the body is not valid UTF-8", nil)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return requestError(EBADREQUEST, "the body must hold a single JSON value", nil)
	}
	return nil
}

// readFailure is the error of a body that could not be read, what naming
// it: 408 when the server's read timeout cut it off (the client is slow,
// not gone, and reads the answer), 400 otherwise.
func readFailure(err error, what string) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return requestError(ETIMEOUT, what+" did not arrive within the server's read timeout: send it again, faster", nil)
	}
	return requestError(EBADREQUEST, what+" could not be read", nil)
}

// jsonError explains a decoding error in terms of the caller's JSON.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return requestError(EBADREQUEST, "the body is empty", nil)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return requestError(EBADREQUEST, "the body is not valid JSON: it ends too soon", nil)
	case errors.As(err, &syntax):
		return requestError(EBADREQUEST, fmt.Sprintf("the body is not valid JSON (at byte %d)", syntax.Offset), nil)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return requestError(EBADREQUEST, fmt.Sprintf("the body must be a JSON object, not %s", typ.Value), nil)
		}
		return requestError(EBADREQUEST, "a field has the wrong type", map[string]string{field: "must be " + jsonTypeName(typ.Type.String()) + ", not " + typ.Value})
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return requestError(EBADREQUEST, "the body has a field this record does not have", map[string]string{name: "is not a known field"})
	}
	return requestError(EBADREQUEST, "the body is not valid JSON", nil)
}

func jsonTypeName(goType string) string {
	switch {
	case goType == "string" || strings.HasSuffix(goType, "Date") || strings.HasSuffix(goType, "Kind") || strings.HasSuffix(goType, "Status"):
		return "a string"
	case strings.HasPrefix(goType, "int") || strings.HasPrefix(goType, "uint"):
		return "an integer"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	}
	return "an object"
}

// listFilter reads a list's filter from the query string. Values that do not
// parse are a 400; values that parse but cannot be used (an unknown kind) are
// the store's to refuse, with a 422.
func listFilter(c *gin.Context) (domain.ListFilter, error) {
	if _, err := url.ParseQuery(c.Request.URL.RawQuery); err != nil {
		return domain.ListFilter{}, requestError(EBADREQUEST, "the query string is malformed", nil)
	}
	country, countryErr := countryInQuery(c)
	f := domain.ListFilter{
		Country: country,
		Status:  c.Query("status"),
		Kind:    c.Query("kind"),
		Q:       c.Query("q"),
		Linked:  c.Query("linked"),
		Sort:    c.Query("sort"),
		Cursor:  c.Query("cursor"),
	}
	fields := map[string]string{}
	for name, dst := range map[string]*domain.Date{"from": &f.From, "to": &f.To} {
		if v := c.Query(name); v != "" {
			d, err := domain.ParseDate(v)
			if err != nil {
				fields[name] = err.Error()
			}
			*dst = d
		}
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			fields["limit"] = "must be a whole number"
		}
		f.Limit = n
	}
	for _, name := range []string{"country", "status", "kind", "q", "linked", "sort", "cursor"} {
		if v := c.Query(name); !utf8.ValidString(v) {
			fields[name] = "is not valid UTF-8"
		}
	}
	if len(fields) > 0 {
		return f, requestError(EBADREQUEST, "the query is not valid", fields)
	}
	return f, countryErr
}

// ifMatch returns the version an If-Match header names: 3 or "3"; 0 when absent.
func ifMatch(c *gin.Context) (int64, error) {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" {
		return 0, nil
	}
	h = strings.TrimPrefix(h, "W/")
	v, err := strconv.ParseInt(strings.Trim(h, `"`), 10, 64)
	if err != nil || v <= 0 {
		return 0, requestError(EBADREQUEST, "If-Match must name a version, such as \"3\"", map[string]string{"If-Match": "must be a positive whole number"})
	}
	return v, nil
}
