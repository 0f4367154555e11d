package domain

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. Each names a kind of failure a caller can act on; the web
// layer maps each to one HTTP status in one place.
const (
	EINVALID    = "validation_failed" // the input breaks a rule of the record
	EUNKNOWNREF = "unknown_reference" // the input names a record that does not exist
	ENOTFOUND   = "not_found"         // the record asked for does not exist
	ECONFLICT   = "conflict"          // a stale version, or a duplicate of a unique value
	EREFERENCED = "referenced"        // the record cannot go: others reference it
	EINTERNAL   = "internal"          // anything else; its text never reaches a client

	EUNAVAILABLE = "unavailable"  // the database does not answer (down, restarting, unreachable): try again later
	EFULL        = "storage_full" // the database has no room left to write: reads go on

	EUNAUTHORIZED = "unauthorized"      // no valid session or token, or a wrong email or password
	EFORBIDDEN    = "forbidden"         // the actor's role may not do this
	ETOOMANY      = "too_many_attempts" // too many failed log-ins: wait RetryAfter
)

// Error is an error a caller is meant to see: a code, a message for people,
// and where it applies, the fields at fault and the records involved.
type Error struct {
	Code       string
	Message    string
	Fields     map[string]string // JSON path of a field -> what is wrong with it
	References []RecordRef       // for EREFERENCED: who references the record
	// RetryAfter, for ETOOMANY and EUNAVAILABLE, is how long to wait
	// before trying again.
	RetryAfter time.Duration
	// Cause is the failure underneath, for the log only: never shown to a
	// client.
	Cause error
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrors returns an EINVALID error for the fields given, or nil if there are none.
func FieldErrors(fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "the record is not valid", Fields: fields}
}

// ErrorCode returns the code of err, EINTERNAL for an error that is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the message of err meant for people; an internal
// error's text is never given out.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorFields returns the fields err names with what each must be; nil
// when it names none.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
