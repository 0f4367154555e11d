package domain_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"cooptrack/domain"
)

var (
	squares = domain.NewMemoKey[int, int]("squares")
	// names has the same type of key as squares: it must not share its
	// answers.
	names  = domain.NewMemoKey[int, int]("names")
	labels = domain.NewMemoKey[string, string]("labels")
)

// TestMemoComputesEachAnswerOnce: readers asking the same question at once
// share one computation; answers of different kinds never mix, whatever
// their key types; a nil memo computes every time; a forgotten answer is
// computed again.
func TestMemoComputesEachAnswerOnce(t *testing.T) {
	t.Parallel()
	var m domain.Memo
	var computed atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if got := domain.Remember(&m, squares, 7, func() int { computed.Add(1); return 49 }); got != 49 {
				t.Errorf("squares 7 = %d, want 49", got)
			}
		})
	}
	wg.Wait()
	if got := computed.Load(); got != 1 {
		t.Errorf("16 readers computed the answer %d times, want 1", got)
	}

	cases := []struct {
		what string
		got  any
		want any
	}{
		{"another kind, the same key type and key", domain.Remember(&m, names, 7, func() int { return -7 }), -7},
		{"the first kind again", domain.Remember(&m, squares, 7, func() int { return 0 }), 49},
		{"another key of the first kind", domain.Remember(&m, squares, 8, func() int { return 64 }), 64},
		{"a kind with other types", domain.Remember(&m, labels, "7", func() string { return "seven" }), "seven"},
		{"a nil memo", domain.Remember(nil, squares, 7, func() int { return 1 }), 1},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
		}
	}

	domain.Forget(&m, squares, 7)
	if got := domain.Remember(&m, squares, 7, func() int { return 50 }); got != 50 {
		t.Errorf("after Forget: got %d, want 50 (computed again)", got)
	}
}
