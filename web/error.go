package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// Error codes the web layer adds to the domain's: problems with the request
// itself rather than with the record it carries.
const (
	EBADREQUEST   = "invalid_request"        // malformed JSON, wrong types, unknown fields, bad query values
	ETOOLARGE     = "too_large"              // the body is over the limit
	EMEDIATYPE    = "unsupported_media_type" // the body is not JSON
	ENOROUTE      = "no_route"               // no such path
	EMETHOD       = "method_not_allowed"     // the path does not take this method
	ECLIENTGONE   = "client_closed_request"  // the client hung up before the answer: it never sees it
	EPRECONDITION = "precondition_required"  // a DELETE of a record without If-Match
	ETIMEOUT      = "request_timeout"        // the body did not arrive within the server's read timeout
)

// statuses maps every error code to its HTTP status: the one place that
// decides it.
var statuses = map[string]int{
	domain.EINVALID:    http.StatusUnprocessableEntity,
	domain.EUNKNOWNREF: http.StatusUnprocessableEntity,
	domain.ENOTFOUND:   http.StatusNotFound,
	domain.ECONFLICT:   http.StatusConflict,
	domain.EREFERENCED: http.StatusConflict,
	domain.EINTERNAL:   http.StatusInternalServerError,
	// The database is away or full (issue 8): the request may succeed
	// later, and nothing was written.
	domain.EUNAVAILABLE: http.StatusServiceUnavailable,
	domain.EFULL:        http.StatusInsufficientStorage,
	EBADREQUEST:         http.StatusBadRequest,
	ETOOLARGE:           http.StatusRequestEntityTooLarge,
	EMEDIATYPE:          http.StatusUnsupportedMediaType,
	ENOROUTE:            http.StatusNotFound,
	EMETHOD:             http.StatusMethodNotAllowed,
	ETIMEOUT:            http.StatusRequestTimeout,
	EPRECONDITION:       http.StatusPreconditionRequired,

	// Accounts (issue 5). ETOOMANY also wants a Retry-After header from
	// the domain error's RetryAfter.
	domain.EUNAUTHORIZED: http.StatusUnauthorized,
	domain.EFORBIDDEN:    http.StatusForbidden,
	domain.ETOOMANY:      http.StatusTooManyRequests,
}

// errorBody is the one shape of every error the API returns.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code       string             `json:"code"`
	Message    string             `json:"message"`
	Fields     map[string]string  `json:"fields,omitempty"`
	References []domain.RecordRef `json:"references,omitempty"`
}

// requestError returns an error about the request itself.
func requestError(code, message string, fields map[string]string) error {
	return &domain.Error{Code: code, Message: message, Fields: fields}
}

// asDomainError returns err as a domain error. An error that is not one is
// logged and becomes an internal error, its text withheld.
func asDomainError(c *gin.Context, err error) *domain.Error {
	var de *domain.Error
	if errors.As(err, &de) && de.Code == ETIMEOUT {
		// A read timeout ends the connection's context too, but the
		// client is there to read the 408.
		return de
	}
	if c.Request.Context().Err() != nil {
		// The client went away (or the server is stopping): no one reads
		// the answer, and it is no failure of ours.
		slog.DebugContext(c.Request.Context(), "request ended by its client", "method", c.Request.Method, "path", c.FullPath(), "error", err)
		return &domain.Error{Code: ECLIENTGONE, Message: "the request was canceled"}
	}
	if errors.As(err, &de) {
		if de.Cause != nil {
			slog.WarnContext(c.Request.Context(), "store failure", "method", c.Request.Method, "path", c.FullPath(), "code", de.Code, "error", de.Cause)
		}
		return de
	}
	slog.ErrorContext(c.Request.Context(), "internal error", "method", c.Request.Method, "path", c.FullPath(), "error", err)
	return &domain.Error{Code: domain.EINTERNAL, Message: "internal error"}
}

// downloadFailed logs a download that failed after its first byte, when no
// error answer can be sent any more: as asDomainError logs any error, and,
// unless the client went away, as the download's own failure.
func downloadFailed(c *gin.Context, what string, err error) {
	if de := asDomainError(c, err); de.Code != ECLIENTGONE {
		slog.ErrorContext(c.Request.Context(), what, "path", c.FullPath(), "code", de.Code, "error", err)
	}
}

// statusOf returns the HTTP status of an error code.
func statusOf(code string) int {
	if status, ok := statuses[code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// writeError writes err as JSON with its status.
func writeError(c *gin.Context, err error) {
	de := asDomainError(c, err)
	retryAfter(c, de)
	c.AbortWithStatusJSON(statusOf(de.Code), bodyOf(de))
}

func bodyOf(de *domain.Error) errorBody {
	return errorBody{Error: errorDetail{Code: de.Code, Message: de.Message, Fields: de.Fields, References: de.References}}
}

// retryAfter says how many seconds to wait, when the error says to.
func retryAfter(c *gin.Context, de *domain.Error) {
	if de.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(de.RetryAfter.Seconds()))))
	}
}

// writeJSONError writes a domain error as JSON outside Gin (see
// crossOriginRefused).
func writeJSONError(w http.ResponseWriter, de *domain.Error) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(statusOf(de.Code))
	_ = json.NewEncoder(w).Encode(bodyOf(de))
}
