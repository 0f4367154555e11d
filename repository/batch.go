package repository

import (
	"context"
	"errors"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// A batcher gathers the small writes that concurrent requests make to one
// collection (a new record, a pending note and its removal) and sends them
// as one command: while one batch is being written, the next gathers. On a
// store that takes one writer at a time, sixteen inserts cost one command
// instead of sixteen, so concurrent writes wait less for each other. Each
// caller gets the error of its own item.
type batcher[I any] struct {
	mu    sync.Mutex
	busy  bool
	next  *itemBatch[I]
	write func(ctx context.Context, items []I) []error
}

type itemBatch[I any] struct {
	items []I
	errs  []error
	turn  chan struct{}
	done  chan struct{}
}

func newBatcher[I any](write func(ctx context.Context, items []I) []error) *batcher[I] {
	return &batcher[I]{write: write}
}

// do has item written in a batch and returns its error.
func (b *batcher[I]) do(ctx context.Context, item I) error {
	b.mu.Lock()
	batch, first := b.next, false
	if batch == nil {
		batch, first = &itemBatch[I]{turn: make(chan struct{}), done: make(chan struct{})}, true
		b.next = batch
	}
	i := len(batch.items)
	batch.items = append(batch.items, item)
	if !b.busy {
		b.busy, b.next = true, nil
		close(batch.turn)
	}
	b.mu.Unlock()
	if !first {
		<-batch.done // the batch's first caller writes it
		return batch.errs[i]
	}
	<-batch.turn
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shelfWriteTimeout)
	batch.errs = b.write(wctx, batch.items)
	cancel()
	b.mu.Lock()
	if n := b.next; n != nil {
		b.next = nil
		close(n.turn)
	} else {
		b.busy = false
	}
	b.mu.Unlock()
	close(batch.done)
	return batch.errs[i]
}

// insertBatcher inserts documents into c in batches. An item's error is
// its own: a duplicate key for one document fails that one alone.
func insertBatcher(c collection) *batcher[any] {
	return newBatcher(func(ctx context.Context, docs []any) []error {
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
	})
}

// deleteBatcher deletes documents of c by _id in batches. It serves small
// collections only (pending notes): on the embedded store a filter on
// several ids reads the whole collection.
func deleteBatcher(c collection) *batcher[string] {
	return newBatcher(func(ctx context.Context, ids []string) []error {
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
