package repository

import (
	"context"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// Hooks for the tests in repository_test.

// SetFailAfterLog makes every write of a record fail between its log entry
// and its document with the error f returns (nil f: no failure), as a
// process that dies there, or a store that goes away, would leave it.
func SetFailAfterLog(db *DB, f func() error) { db.failAfterLog = f }

// HoldDocuments keeps db from writing records' documents until release is
// called, as a process that dies with documents waiting would leave them.
func HoldDocuments(db *DB) (release func()) {
	w := db.behind
	held := make(chan struct{})
	w.mu.Lock()
	w.held = held
	w.mu.Unlock()
	return sync.OnceFunc(func() {
		w.mu.Lock()
		w.held = nil
		w.mu.Unlock()
		close(held)
	})
}

// TakePosition takes the next position of the log and never fills it, as a
// process that dies between taking a position and writing its entry would.
func TakePosition(db *DB) int64 { return db.log.take() }

// SetAfterBackupCopy makes a backup call f after it copied each collection.
func SetAfterBackupCopy(db *DB, f func(collection string)) { db.afterBackupCopy = f }

// BackupCollections are the collections a backup holds.
func BackupCollections() []string { return backupCollections() }

// Documents returns every document of the collection as canonical Extended
// JSON, by _id, once the writes acknowledged so far are written.
func Documents(ctx context.Context, db *DB, coll string) ([]string, error) {
	if err := db.Flush(ctx); err != nil {
		return nil, err
	}
	cur, err := db.db.Collection(coll).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	var out []string
	for cur.Next(ctx) {
		b, err := bson.MarshalExtJSON(cur.Current, true, false)
		if err != nil {
			return nil, err
		}
		out = append(out, string(b))
	}
	return out, cur.Err()
}

// LinksOf returns what the stored record with the id links to.
func LinksOf(ctx context.Context, db *DB, coll, id string) ([]string, error) {
	if err := db.Flush(ctx); err != nil {
		return nil, err
	}
	raw, err := db.db.Collection(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	if err != nil {
		return nil, err
	}
	t, _ := domain.RecordTypeOfCollection(coll)
	return linksOf(t, raw), nil
}
