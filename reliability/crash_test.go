package reliability

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCrashLosesNoAcknowledgedWrite kills the server with SIGKILL in the
// middle of a stream of writes, round after round on one data directory,
// and checks after each restart that every acknowledged write is there and
// whole, that the read models agree with the records, and that the store
// opened by itself.
func TestCrashLosesNoAcknowledgedWrite(t *testing.T) {
	skipShort(t)
	t.Parallel()
	rounds, writers := 5, 4
	if long() {
		rounds = 50
	}
	dir := filepath.Join(t.TempDir(), "data")
	l := newLedger()
	var auth string
	healed := 0
	for round := range rounds {
		p := startServe(t, "--data-dir", dir)
		if auth == "" {
			auth = adminToken(t, "--data-dir", dir)
		}
		if strings.Contains(p.errors(), "interrupted by a crash") {
			healed++
		}
		c := newClient(p.url, auth)
		// After the restart, before new writes: the last round's writes.
		l.verify(t, c)
		if t.Failed() {
			t.Fatalf("after round %d:\n%s", round, p.errors())
		}

		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		var mu sync.Mutex
		fives, first := 0, ""
		for w := range writers {
			wg.Go(func() {
				n, f := l.writeStream(ctx, c, fmt.Sprintf("crash r%d w%d", round, w))
				mu.Lock()
				defer mu.Unlock()
				fives += n
				if first == "" {
					first = f
				}
			})
		}
		// Kill once the round has some acknowledged writes (however slow
		// the machine), at a random moment after.
		for start, from := time.Now(), l.acked.Load(); l.acked.Load() < from+3 && time.Since(start) < time.Minute; {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(time.Duration(rand.IntN(600)) * time.Millisecond)
		p.kill()
		cancel()
		wg.Wait()
		if fives > 0 {
			t.Errorf("round %d: %d answers 5xx before the kill, the first: %s", round, fives, first)
		}
	}
	p := startServe(t, "--data-dir", dir)
	c := newClient(p.url, auth)
	n := l.verify(t, c)
	if l.acked.Load() < int64(rounds) {
		t.Errorf("only %d writes acknowledged in %d rounds: the kills tested too little", l.acked.Load(), rounds)
	}
	t.Logf("%d SIGKILLs, %d acknowledged writes, %d records checked after the last restart; %d starts finished interrupted writes", rounds, l.acked.Load(), n, healed)
	if bad := p.errorLines(); len(bad) > 0 {
		t.Errorf("errors logged after the restarts:\n%s", strings.Join(bad, "\n"))
	}
}
