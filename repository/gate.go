package repository

import (
	"context"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// SQLite takes one writer at a time. When several connections write at
// once, all but one get "database is locked" and sleep in SQLite's busy
// handler, in steps that grow to 100 ms: measured on the embedded store at
// concurrency 16, a single small insert had a p50 of 0.46 ms but a p95 of
// 34 ms and a p99 of 106 ms. Queueing the writes in this process instead
// (a gate that lets one write command through at a time) turns that sleep
// into a wait of a few commands' length. Reads are not gated: SQLite's WAL
// lets them run beside the writer. Other servers take concurrent writes
// and get no gate.
//
// Background work (folds, see fold.go) gives way: its writes wait while a
// request's write is waiting, so that a fold's large bucket writes do not
// sit in front of requests.
type writeGate struct {
	slot    chan struct{}
	waiting atomic.Int32 // requests' writes waiting for the slot
}

func newWriteGate() *writeGate { return &writeGate{slot: make(chan struct{}, 1)} }

type backgroundKey struct{}

// inBackground marks ctx as background work, whose writes give way.
func inBackground(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundKey{}, true)
}

// giveWayFor bounds how long a background write gives way to requests.
const giveWayFor = 500 * time.Millisecond

// pass runs one write command through the gate; a nil gate lets it straight
// through.
func pass[R any](ctx context.Context, g *writeGate, write func() (R, error)) (R, error) {
	if g == nil {
		return write()
	}
	if ctx.Value(backgroundKey{}) != nil {
		for deadline := time.Now().Add(giveWayFor); g.waiting.Load() > 0 && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
	} else {
		g.waiting.Add(1)
		defer g.waiting.Add(-1)
	}
	select {
	case g.slot <- struct{}{}:
		defer func() { <-g.slot }()
	case <-ctx.Done():
		var zero R
		return zero, ctx.Err()
	}
	return write()
}

// collection is a collection whose write commands go through the store's
// write gate; reads are the driver's own.
type collection struct {
	*mongo.Collection
	gate *writeGate
	// changed, when set, runs after every write (the authentication cache
	// forgets what it holds).
	changed func()
}

func (d *DB) collection(name string) collection {
	return collection{Collection: d.db.Collection(name), gate: d.gate}
}

func (c collection) InsertOne(ctx context.Context, doc any, opts ...options.Lister[options.InsertOneOptions]) (*mongo.InsertOneResult, error) {
	defer c.written()
	return pass(ctx, c.gate, func() (*mongo.InsertOneResult, error) { return c.Collection.InsertOne(ctx, doc, opts...) })
}

// written tells of a write.
func (c collection) written() {
	if c.changed != nil {
		c.changed()
	}
}

func (c collection) InsertMany(ctx context.Context, docs any, opts ...options.Lister[options.InsertManyOptions]) (*mongo.InsertManyResult, error) {
	defer c.written()
	return pass(ctx, c.gate, func() (*mongo.InsertManyResult, error) { return c.Collection.InsertMany(ctx, docs, opts...) })
}

func (c collection) ReplaceOne(ctx context.Context, filter, doc any, opts ...options.Lister[options.ReplaceOptions]) (*mongo.UpdateResult, error) {
	defer c.written()
	return pass(ctx, c.gate, func() (*mongo.UpdateResult, error) { return c.Collection.ReplaceOne(ctx, filter, doc, opts...) })
}

func (c collection) UpdateOne(ctx context.Context, filter, update any, opts ...options.Lister[options.UpdateOneOptions]) (*mongo.UpdateResult, error) {
	defer c.written()
	return pass(ctx, c.gate, func() (*mongo.UpdateResult, error) { return c.Collection.UpdateOne(ctx, filter, update, opts...) })
}

func (c collection) DeleteOne(ctx context.Context, filter any, opts ...options.Lister[options.DeleteOneOptions]) (*mongo.DeleteResult, error) {
	defer c.written()
	return pass(ctx, c.gate, func() (*mongo.DeleteResult, error) { return c.Collection.DeleteOne(ctx, filter, opts...) })
}

func (c collection) DeleteMany(ctx context.Context, filter any, opts ...options.Lister[options.DeleteManyOptions]) (*mongo.DeleteResult, error) {
	defer c.written()
	return pass(ctx, c.gate, func() (*mongo.DeleteResult, error) { return c.Collection.DeleteMany(ctx, filter, opts...) })
}

func (c collection) BulkWrite(ctx context.Context, models []mongo.WriteModel, opts ...options.Lister[options.BulkWriteOptions]) (*mongo.BulkWriteResult, error) {
	defer c.written()
	return pass(ctx, c.gate, func() (*mongo.BulkWriteResult, error) { return c.Collection.BulkWrite(ctx, models, opts...) })
}

func (c collection) FindOneAndDelete(ctx context.Context, filter any, opts ...options.Lister[options.FindOneAndDeleteOptions]) *mongo.SingleResult {
	defer c.written()
	r, _ := pass(ctx, c.gate, func() (*mongo.SingleResult, error) { return c.Collection.FindOneAndDelete(ctx, filter, opts...), nil })
	if r == nil { // the gate gave up: the context ended
		return mongo.NewSingleResultFromDocument(bson.D{}, ctx.Err(), nil)
	}
	return r
}
