package repository

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestWriteGateLetsOneWriteThrough: however many goroutines write at once,
// the gate lets one write command run at a time (SQLite's one writer), and
// every write runs.
func TestWriteGateLetsOneWriteThrough(t *testing.T) {
	t.Parallel()
	g := newWriteGate()
	var inside, most, done atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 20 {
				_, err := pass(context.Background(), g, func() (struct{}, error) {
					n := inside.Add(1)
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
					time.Sleep(50 * time.Microsecond)
					inside.Add(-1)
					done.Add(1)
					return struct{}{}, nil
				})
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if got := most.Load(); got != 1 {
		t.Errorf("at most %d writes ran at once, want 1", got)
	}
	if got := done.Load(); got != 16*20 {
		t.Errorf("%d writes ran, want %d", got, 16*20)
	}
}

// TestBackgroundWritesGiveWay: a background write (a fold) waits while
// requests' writes wait, even requests that came after it; a request whose
// context ends while it waits gets the context's error and does not write.
func TestBackgroundWritesGiveWay(t *testing.T) {
	t.Parallel()
	g := newWriteGate()
	var order []string
	var mu sync.Mutex
	write := func(name string) func() (struct{}, error) {
		return func() (struct{}, error) {
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			return struct{}{}, nil
		}
	}
	g.slot <- struct{}{} // a write in progress
	var wg sync.WaitGroup
	request := func(name string, waiting int32) {
		wg.Go(func() { _, _ = pass(context.Background(), g, write(name)) })
		for g.waiting.Load() < waiting {
			time.Sleep(time.Millisecond)
		}
	}
	request("request 1", 1)
	wg.Go(func() { _, _ = pass(inBackground(context.Background()), g, write("fold")) })
	time.Sleep(20 * time.Millisecond) // the fold has come to the gate
	request("request 2", 2)           // and a request comes after it
	<-g.slot                          // the write in progress ends
	wg.Wait()
	if want := []string{"request 1", "request 2", "fold"}; !slices.Equal(order, want) {
		t.Errorf("writes ran in the order %v, want %v: the fold gives way to both requests", order, want)
	}

	g.slot <- struct{}{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := pass(ctx, g, write("abandoned")); err == nil {
		t.Error("a write whose request ended while it waited ran, want the context's error")
	}
	if len(order) != 3 {
		t.Errorf("writes ran: %v, want no fourth", order)
	}
}
