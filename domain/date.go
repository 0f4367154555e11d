package domain

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"time"
)

// Date is a calendar date, "2015-04-17". It is a day on a calendar, not an
// instant: no time zone can shift it. The empty Date means "not known".
// Kept as its ISO text so that it sorts and compares as text in the store and
// needs no conversion in JSON or BSON.
type Date string

const dateLayout = "2006-01-02"

// ParseDate parses "YYYY-MM-DD" and rejects dates that do not exist (2015-02-30).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || len(s) != len(dateLayout) {
		return "", fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return Date(t.Format(dateLayout)), nil
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date { return Date(t.Format(dateLayout)) }

// MustDate is ParseDate for literals known to be valid.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// The years a record's date may fall in unless SetYearRange says
// otherwise. A date outside them is a slip of the keyboard (0001-01-01,
// 9999-12-31, year 0000), which spreadsheets then read as text and which
// would stretch every chart and table by year over centuries.
const (
	DefaultMinYear = 1900
	DefaultMaxYear = 2200
)

// minYear and maxYear are the years in force, set once at start.
var minYear, maxYear atomic.Int32

func init() {
	minYear.Store(DefaultMinYear)
	maxYear.Store(DefaultMaxYear)
}

// SetYearRange sets the years a record's dates may fall in, first to last;
// the server and the commands that write records call it at start.
// Errors: EINVALID, for a range that is empty or outside 0001-9999.
func SetYearRange(first, last int) error {
	if first < 1 || last > 9999 || first > last {
		return Errorf(EINVALID, "the years %d to %d are not a range within 1 to 9999", first, last)
	}
	minYear.Store(int32(first)) // #nosec G115 -- checked to lie in 1-9999
	maxYear.Store(int32(last))  // #nosec G115 -- checked to lie in 1-9999
	return nil
}

// YearRange returns the years a record's dates may fall in.
func YearRange() (first, last int) { return int(minYear.Load()), int(maxYear.Load()) }

// InRange reports whether d is empty, or a real date within YearRange.
func (d Date) InRange() bool {
	if d == "" {
		return true
	}
	if !d.Valid() {
		return false
	}
	first, last := YearRange()
	y := d.Year()
	return first <= y && y <= last
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d == "" }

// Valid reports whether d is empty or a real date.
func (d Date) Valid() bool {
	if d == "" {
		return true
	}
	_, err := ParseDate(string(d))
	return err == nil
}

// Time returns midnight UTC of the date, for arithmetic.
func (d Date) Time() time.Time {
	t, _ := time.Parse(dateLayout, string(d))
	return t
}

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date {
	if d == "" {
		return ""
	}
	return DateOf(d.Time().AddDate(0, 0, n))
}

// Before reports whether d is strictly before e; both must be known.
func (d Date) Before(e Date) bool { return d != "" && e != "" && d < e }

// Year returns the year of a known date, 0 otherwise.
func (d Date) Year() int {
	if d == "" {
		return 0
	}
	return d.Time().Year()
}

// Format renders the date for people: "17 Apr 2015".
func (d Date) Format() string {
	if d == "" {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

func (d Date) String() string { return string(d) }

// UnmarshalJSON accepts a string or null. A string that is not a real date
// is kept as written, for Validate to report against its field; anything
// but a string is a type error, which encoding/json places at its field.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeFor[string]()}
	}
	*d = Date(s)
	return nil
}

// jsonKind names the kind of a JSON value for an error message.
func jsonKind(b []byte) string {
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "number"
}

// NewestFirst orders known dates from the latest, and unknown dates after
// them: a comparison for slices.SortFunc.
func NewestFirst(x, y Date) int { return knownFirst(x, y, strings.Compare(string(y), string(x))) }

// OldestFirst orders known dates from the earliest, and unknown dates after
// them.
func OldestFirst(x, y Date) int { return knownFirst(x, y, strings.Compare(string(x), string(y))) }

// knownFirst puts unknown dates after known ones, and orders known ones
// as order says.
func knownFirst(x, y Date, order int) int {
	switch {
	case x == y:
		return 0
	case x == "":
		return 1
	case y == "":
		return -1
	}
	return order
}
