package domain

import (
	"testing"
	"time"
)

func TestTooManyAttempts(t *testing.T) {
	e := TooManyAttempts(61 * time.Second)
	if e.Code != ETOOMANY || e.RetryAfter != 61*time.Second || e.Message != "too many failed log-ins; try again in 2 minutes" {
		t.Errorf("TooManyAttempts(61s) = %+v", e)
	}
}
