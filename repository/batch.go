package repository

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// A batcher gathers the writes that concurrent requests make to one place
// (a collection, for new records and pending notes; a shelf, for its
// changes: see shelf.go) and sends them together: while one batch of a key
// is being written, the next gathers, and its first caller writes it for
// all. On a store that takes one writer at a time, sixteen inserts cost one
// command instead of sixteen, and sixteen changes to the home country's
// dossier one log entry instead of sixteen claimed rewrites. Each caller
// gets the error of its own item, and waits at most for the batch in
// progress and its own.
type batcher[K comparable, I any] struct {
	mu    sync.Mutex
	busy  map[K]bool
	next  map[K]*itemBatch[I]
	write func(ctx context.Context, key K, items []I) []error
}

type itemBatch[I any] struct {
	items []I
	errs  []error
	turn  chan struct{} // closed when the batch may be written
	done  chan struct{} // closed when it has been
}

// batchWriteTimeout bounds a batch's write: it is done on behalf of every
// caller in the batch, so it does not end with the context of the one that
// happens to write it.
const batchWriteTimeout = time.Minute

func newBatcher[K comparable, I any](write func(ctx context.Context, key K, items []I) []error) *batcher[K, I] {
	return &batcher[K, I]{busy: map[K]bool{}, next: map[K]*itemBatch[I]{}, write: write}
}

// do has item written in a batch of key and returns its error.
func (b *batcher[K, I]) do(ctx context.Context, key K, item I) error {
	b.mu.Lock()
	batch, first := b.next[key], false
	if batch == nil {
		batch, first = &itemBatch[I]{turn: make(chan struct{}), done: make(chan struct{})}, true
		b.next[key] = batch
	}
	i := len(batch.items)
	batch.items = append(batch.items, item)
	if !b.busy[key] {
		b.busy[key] = true
		delete(b.next, key)
		close(batch.turn)
	}
	b.mu.Unlock()
	if !first {
		// The batch's first caller writes it; the result is waited for
		// even if ctx ends, so that no caller is told a write failed that
		// then happens (the wait is bounded by batchWriteTimeout).
		<-batch.done
		return batch.errs[i]
	}
	<-batch.turn
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), batchWriteTimeout)
	batch.errs = b.write(wctx, key, batch.items)
	cancel()
	b.mu.Lock()
	if n := b.next[key]; n != nil {
		delete(b.next, key)
		close(n.turn)
	} else {
		delete(b.busy, key)
	}
	b.mu.Unlock()
	close(batch.done)
	return batch.errs[i]
}

// one is the key of a batcher that has a single queue.
type one struct{}

// insertBatcher inserts documents into c in batches. An item's error is
// its own: a duplicate key for one document fails that one alone.
func insertBatcher(c collection) *batcher[one, any] {
	return newBatcher(func(ctx context.Context, _ one, docs []any) []error {
		return insertAll(ctx, c, docs)
	})
}

// insertAll inserts docs into c with one command and returns each one's
// error.
func insertAll(ctx context.Context, c collection, docs []any) []error {
	errs := make([]error, len(docs))
	if len(docs) == 1 {
		_, errs[0] = c.InsertOne(ctx, docs[0])
		return errs
	}
	_, err := c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	var bwe mongo.BulkWriteException
	switch {
	case err == nil:
	case errors.As(err, &bwe) && bwe.WriteConcernError == nil && len(bwe.WriteErrors) > 0:
		for _, we := range bwe.WriteErrors {
			if we.Index >= 0 && we.Index < len(docs) {
				errs[we.Index] = mongo.WriteException{WriteErrors: []mongo.WriteError{we.WriteError}}
			}
		}
	default:
		for i := range errs {
			errs[i] = err
		}
	}
	return errs
}

// deleteBatcher deletes documents of c by _id in batches. It serves small
// collections only (pending notes): on the embedded store a filter on
// several ids reads the whole collection.
func deleteBatcher(c collection) *batcher[one, string] {
	return newBatcher(func(ctx context.Context, _ one, ids []string) []error {
		var err error
		if len(ids) == 1 {
			_, err = c.DeleteOne(ctx, bson.D{{Key: "_id", Value: ids[0]}})
		} else {
			_, err = c.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
		}
		errs := make([]error, len(ids))
		for i := range errs {
			errs[i] = err
		}
		return errs
	})
}
