package domain

import (
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	ago := func(m int) time.Time { return now.Add(-time.Duration(m) * time.Minute) }
	w := 15 * time.Minute
	tests := []struct {
		name     string
		failures []time.Time
		limit    int
		want     time.Duration
	}{
		{"none", nil, 5, 0},
		{"four of five", []time.Time{ago(1), ago(2), ago(3), ago(4)}, 5, 0},
		{"five of five: wait for the oldest", []time.Time{ago(1), ago(2), ago(3), ago(4), ago(10)}, 5, 5 * time.Minute},
		{"order does not matter", []time.Time{ago(10), ago(3), ago(1), ago(4), ago(2)}, 5, 5 * time.Minute},
		{"old ones do not count", []time.Time{ago(1), ago(2), ago(3), ago(4), ago(15), ago(40)}, 5, 0},
		{"six of five: wait until only four remain", []time.Time{ago(1), ago(2), ago(3), ago(4), ago(10), ago(12)}, 5, 5 * time.Minute},
		{"twenty per address", func() []time.Time {
			var f []time.Time
			for i := range 20 {
				f = append(f, ago(i/2))
			}
			return f
		}(), 20, 6 * time.Minute},
	}
	for _, tc := range tests {
		if got := RetryAfter(tc.failures, tc.limit, w, now); got != tc.want {
			t.Errorf("%s: RetryAfter = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTooManyAttempts(t *testing.T) {
	e := TooManyAttempts(61 * time.Second)
	if e.Code != ETOOMANY || e.RetryAfter != 61*time.Second || e.Message != "too many failed log-ins; try again in 2 minutes" {
		t.Errorf("TooManyAttempts(61s) = %+v", e)
	}
}
