package repository

import (
	"context"
	"encoding/json"
	"maps"
	"sync"
	"time"
)

// A shelf's hot documents (the head of the home country's dossier, the
// catalog's, a ministry's link list) are touched by nearly every write.
// Written one change at a time, sixteen concurrent writers take turns on
// them, each a claim and a rewrite, and most retry. So the writes of one
// shelf in this process are combined: while one change is being written,
// the changes that arrive meanwhile gather into one batch, written next by
// a single writer for all of them. A writer waits at most for the write in
// progress and its own batch's.
type shelfQueue struct {
	mu sync.Mutex
	// busy holds the shelves being written; next, the batch gathering for
	// each of them.
	busy map[string]bool
	next map[string]*shelfBatch
}

type shelfBatch struct {
	changes map[string]json.RawMessage
	turn    chan struct{} // closed when the batch may be written
	done    chan struct{} // closed when it has been
	err     error
}

// shelfWriteTimeout bounds a batch's write: it is done on behalf of every
// writer in the batch, so it does not end with the context of the one that
// happens to write it.
const shelfWriteTimeout = time.Minute

// write has changes written to the shelf by write, in a batch with the
// changes of other writers of the same shelf, and returns the batch's error.
func (q *shelfQueue) write(ctx context.Context, shelf string, changes map[string]json.RawMessage,
	write func(context.Context, map[string]json.RawMessage) error,
) error {
	q.mu.Lock()
	if q.busy == nil {
		q.busy, q.next = map[string]bool{}, map[string]*shelfBatch{}
	}
	b, joined := q.next[shelf], true
	if b == nil {
		b, joined = &shelfBatch{changes: map[string]json.RawMessage{}, turn: make(chan struct{}), done: make(chan struct{})}, false
		q.next[shelf] = b
	}
	maps.Copy(b.changes, changes)
	if !q.busy[shelf] {
		q.busy[shelf] = true
		delete(q.next, shelf)
		close(b.turn)
	}
	q.mu.Unlock()
	if joined {
		// Another writer created this batch and writes it.
		select {
		case <-b.done:
			return b.err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	<-b.turn
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shelfWriteTimeout)
	b.err = write(wctx, b.changes)
	cancel()
	q.mu.Lock()
	if n := q.next[shelf]; n != nil {
		delete(q.next, shelf)
		close(n.turn)
	} else {
		delete(q.busy, shelf)
	}
	q.mu.Unlock()
	close(b.done)
	return b.err
}
