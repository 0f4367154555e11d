package domain

import (
	"fmt"
	"math"
	"time"
)

// ThrottlePolicy limits failed log-ins, counted in the store so that every
// instance sees them: at most AccountLimit failures for one email and
// AddressLimit from one address within Window; past that, log-in is refused
// (without checking the password) until the oldest failure in the window
// leaves it. An attempt counts as a failure from before its password is
// checked until it succeeds, so that attempts sent at once cannot all be
// tried; a success clears the account's failures.
type ThrottlePolicy struct {
	AccountLimit int
	AddressLimit int
	Window       time.Duration
}

// DefaultThrottle is 5 failures per account or 20 per address in 15 minutes.
var DefaultThrottle = ThrottlePolicy{AccountLimit: 5, AddressLimit: 20, Window: 15 * time.Minute}

// TooManyAttempts returns the ETOOMANY error for a wait of retry.
func TooManyAttempts(retry time.Duration) *Error {
	minutes := int(math.Ceil(retry.Minutes()))
	unit := "minutes"
	if minutes == 1 {
		unit = "minute"
	}
	return &Error{Code: ETOOMANY, Message: fmt.Sprintf("too many failed log-ins; try again in %d %s", minutes, unit), RetryAfter: retry}
}
