package domain

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// ThrottlePolicy limits failed log-ins, counted in the store so that every
// instance sees them: at most AccountLimit failures for one email and
// AddressLimit from one address within Window; past that, log-in is refused
// (without checking the password) until the oldest failure in the window
// leaves it.
type ThrottlePolicy struct {
	AccountLimit int
	AddressLimit int
	Window       time.Duration
}

// DefaultThrottle is 5 failures per account or 20 per address in 15 minutes.
var DefaultThrottle = ThrottlePolicy{AccountLimit: 5, AddressLimit: 20, Window: 15 * time.Minute}

// RetryAfter returns how long from now until fewer than limit of the
// failures lie within the window, 0 when fewer already do. Failures outside
// the window are ignored; their order does not matter.
func RetryAfter(failures []time.Time, limit int, window time.Duration, now time.Time) time.Duration {
	var recent []time.Time
	for _, f := range failures {
		if f.After(now.Add(-window)) && !f.After(now) {
			recent = append(recent, f)
		}
	}
	if len(recent) < limit {
		return 0
	}
	slices.SortFunc(recent, func(a, b time.Time) int { return a.Compare(b) })
	// Once this one leaves the window, limit-1 remain.
	return recent[len(recent)-limit].Add(window).Sub(now)
}

// TooManyAttempts returns the ETOOMANY error for a wait of retry.
func TooManyAttempts(retry time.Duration) *Error {
	minutes := int(math.Ceil(retry.Minutes()))
	unit := "minutes"
	if minutes == 1 {
		unit = "minute"
	}
	return &Error{Code: ETOOMANY, Message: fmt.Sprintf("too many failed log-ins; try again in %d %s", minutes, unit), RetryAfter: retry}
}
