package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// The audit log in the API: GET /api/v1/audit, and the history of one
// record at GET /api/v1/{collection}/{id}/history. Both only read: there
// is no route that changes or removes an entry, and the store has no such
// method.
//
// Who may read what: the actor comes from the request's context, where the
// authentication middleware puts the signed-in user. Admins read the whole
// log; officers and viewers read the history of one record of the kinds
// they see. A request with no actor is refused (401): only a middleware
// that checked a session or token may stand behind a read of the log.

// auditParams are the query parameters of GET /api/v1/audit; the history of
// a record takes the same but record_type and record_id, which its path
// gives.
var auditParams = []string{"record_type", "record_id", "actor", "action", "from", "to", "cursor", "limit"}

// auditActions are the actions the action filter accepts.
var auditActions = []domain.Action{
	domain.ActionCreate, domain.ActionUpdate, domain.ActionDelete, domain.ActionCite, domain.ActionUncite,
	domain.ActionImport, domain.ActionStatusChange,
	domain.ActionLogin, domain.ActionLoginFailed, domain.ActionLogout,
	domain.ActionUserCreate, domain.ActionUserSetRole, domain.ActionUserDisable, domain.ActionUserEnable, domain.ActionUserPassword,
	domain.ActionTokenCreate, domain.ActionTokenRevoke,
}

func (s *Server) auditLog(c *gin.Context) {
	f, err := auditFilter(c.Request.URL.RawQuery, auditParams)
	if err != nil {
		writeError(c, err)
		return
	}
	s.listAudit(c, f)
}

// recordHistory answers the history of the record in the path.
func (h *records[T]) history(c *gin.Context) {
	f, err := auditFilter(c.Request.URL.RawQuery, auditParams[2:])
	if err != nil {
		writeError(c, err)
		return
	}
	f.RecordType, f.RecordID = h.typ, c.Param("id")
	h.srv.listAudit(c, f)
}

// listAudit checks who asks, then answers a page of the log.
func (s *Server) listAudit(c *gin.Context, f domain.AuditFilter) {
	ctx := c.Request.Context()
	actor, ok := domain.ActorFrom(ctx)
	switch {
	case !ok:
		writeError(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in to read the audit log"))
		return
	case actor.May(domain.PermReadAudit):
	case f.RecordID == "" || !slices.Contains(domain.RecordTypes, f.RecordType):
		writeError(c, domain.Errorf(domain.EFORBIDDEN, "your role may read the history of one record: give record_type and record_id"))
		return
	}
	page, err := s.stores.Audit.List(ctx, f)
	if err != nil {
		writeError(c, err)
		return
	}
	if !actor.May(domain.PermReadAudit) {
		for i := range page.Entries {
			page.Entries[i].Actor = page.Entries[i].Actor.Named()
		}
	}
	c.JSON(http.StatusOK, page)
}

// auditFilter reads the filter from the query: only the parameters named in
// allowed, each at most once. Whatever does not make a filter is a 422
// naming the parameter, before the store is asked.
func auditFilter(rawQuery string, allowed []string) (domain.AuditFilter, error) {
	var f domain.AuditFilter
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return f, auditInvalid(map[string]string{"query": "is malformed"})
	}
	fields := map[string]string{}
	get := func(name string) string {
		vs := q[name]
		switch {
		case len(vs) == 0:
			return ""
		case len(vs) > 1:
			fields[name] = "must be given once"
		case !plainValue(vs[0]):
			fields[name] = "must be plain text, without operators, braces or control characters"
		case len(vs[0]) > 320:
			fields[name] = "is too long"
		default:
			return vs[0]
		}
		return ""
	}
	for name := range q {
		if !slices.Contains(allowed, name) {
			fields[name] = "is not a parameter of this list"
		}
	}
	f.RecordType = domain.RecordType(get("record_type"))
	f.RecordID = get("record_id")
	f.Actor = get("actor")
	f.Action = domain.Action(get("action"))
	f.Cursor = get("cursor")
	if f.Action != "" && !slices.Contains(auditActions, f.Action) {
		fields["action"] = "is not an action the log records"
	}
	if f.From, err = auditTime(get("from"), false); err != nil {
		fields["from"] = err.Error()
	}
	if f.To, err = auditTime(get("to"), true); err != nil {
		fields["to"] = err.Error()
	}
	if v := get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit == 0 {
			fields["limit"] = "must be a whole number between 1 and 500"
			f.Limit = 0
		}
	}
	if len(fields) == 0 {
		// The domain's own checks: a record type it knows, record_type
		// and record_id together, the limit's range, from before to.
		if err := f.Validate(); err != nil {
			return f, err
		}
		return f, nil
	}
	return f, auditInvalid(fields)
}

func auditInvalid(fields map[string]string) error {
	return &domain.Error{Code: domain.EINVALID, Message: "the audit log cannot be filtered so", Fields: fields}
}

// plainValue reports whether a query value is text a filter can hold:
// valid UTF-8 without control characters, and nothing shaped like a query
// operator ($gt, {…}, […]) that a store might read as more than a value.
func plainValue(v string) bool {
	if !utf8.ValidString(v) || strings.HasPrefix(v, "$") || strings.ContainsAny(v, "{}[]") {
		return false
	}
	return !strings.ContainsFunc(v, unicode.IsControl)
}

// errAuditTime says what a bound of the time filter must be.
var errAuditTime = errors.New("must be a date (2015-04-20) or a time (2015-04-20T10:00:00Z)")

// auditTime reads a bound of the time filter: an RFC 3339 instant, or a
// calendar date, which for "to" means the end of that day, so that
// from=to=2015-04-20 keeps the entries of that day.
func auditTime(v string, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if _, err := domain.ParseDate(v); err != nil {
		return time.Time{}, errAuditTime
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, errAuditTime
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}
