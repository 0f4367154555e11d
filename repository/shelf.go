package repository

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// A shelf is a read model: a set of entries (key -> JSON) kept current as
// records change, read by _id only, so that it costs the same on every
// server whatever the size of the collections.
//
// Why this shape (STORE_COMPAT.md): the embedded FerretDB indexes nothing
// but _id, so every other query reads its whole collection; and it reads a
// document field by field, so a document of many sub-documents is slow,
// while one long string is cheap. A shelf therefore keeps its entries as
// one JSON string per bucket document ("<shelf>#<n>"), spread over a fixed
// number of buckets by a hash of the key so that a write rewrites one
// bucket, not the whole shelf. A head document ("<shelf>") holds a revision
// token that changes on every write; readers that keep a shelf in memory
// check the token (one read by _id) before using their copy, which keeps
// two app instances on one database consistent without sharing memory.
const readModels = "readmodels"

// shelfEntries are the entries of a shelf, by key.
type shelfEntries map[string]json.RawMessage

type bucketDoc struct {
	ID      string `bson:"_id"`
	Data    string `bson:"data"`
	Version int64  `bson:"version"`
}

type headDoc struct {
	ID  string `bson:"_id"`
	Rev string `bson:"rev"`
}

func (d *DB) readModels() *mongo.Collection { return d.db.Collection(readModels) }

func bucketID(shelf string, n int) string { return shelf + "#" + strconv.Itoa(n) }

func bucketOf(key string, buckets int) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return int(h.Sum32() % uint32(buckets))
}

// shelfRev returns the revision token of a shelf, "" if it has none yet.
func (d *DB) shelfRev(ctx context.Context, shelf string) (string, error) {
	var h headDoc
	err := d.readModels().FindOne(ctx, bson.D{{Key: "_id", Value: shelf}}).Decode(&h)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return "", nil
	}
	return h.Rev, storeError(err, "read model "+shelf)
}

// loadShelf reads every bucket of a shelf: one read by _id per bucket.
func (d *DB) loadShelf(ctx context.Context, shelf string, buckets int) (shelfEntries, error) {
	all := shelfEntries{}
	for n := range buckets {
		b, err := d.readBucket(ctx, bucketID(shelf, n))
		if err != nil {
			return nil, err
		}
		if err := decodeBucket(b.Data, all); err != nil {
			return nil, fmt.Errorf("read model %s: %w", b.ID, err)
		}
	}
	return all, nil
}

func (d *DB) readBucket(ctx context.Context, id string) (bucketDoc, error) {
	b := bucketDoc{ID: id}
	err := d.readModels().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&b)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return bucketDoc{ID: id}, nil
	}
	return b, storeError(err, "read model "+id)
}

func decodeBucket(data string, into shelfEntries) error {
	if data == "" {
		return nil
	}
	return json.Unmarshal([]byte(data), &into)
}

// putShelf applies changes to a shelf (a nil value removes the key) and
// moves its revision on. Each bucket is rewritten under a claim on its
// version (see claim.go), retried when another writer came first.
func (d *DB) putShelf(ctx context.Context, shelf string, buckets int, changes map[string]json.RawMessage) error {
	if len(changes) == 0 {
		return nil
	}
	byBucket := map[int][]string{}
	for key := range changes {
		n := bucketOf(key, buckets)
		byBucket[n] = append(byBucket[n], key)
	}
	for _, n := range slices.Sorted(maps.Keys(byBucket)) {
		if err := d.updateBucket(ctx, bucketID(shelf, n), byBucket[n], changes); err != nil {
			return err
		}
	}
	return d.bumpShelf(ctx, shelf)
}

func (d *DB) bumpShelf(ctx context.Context, shelf string) error {
	_, err := d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: shelf}},
		headDoc{ID: shelf, Rev: newID()}, options.Replace().SetUpsert(true))
	return storeError(err, "read model "+shelf)
}

func (d *DB) updateBucket(ctx context.Context, id string, keys []string, changes map[string]json.RawMessage) error {
	var err error
	for attempt := 0; attempt < 10; attempt++ {
		var b bucketDoc
		if b, err = d.readBucket(ctx, id); err != nil {
			return err
		}
		entries := shelfEntries{}
		if err := decodeBucket(b.Data, entries); err != nil {
			return fmt.Errorf("read model %s: %w", id, err)
		}
		for _, k := range keys {
			if v := changes[k]; v == nil {
				delete(entries, k)
			} else {
				entries[k] = v
			}
		}
		data, err := json.Marshal(entries)
		if err != nil {
			return fmt.Errorf("read model %s: %w", id, err)
		}
		if err = d.writeBucket(ctx, bucketDoc{ID: id, Data: string(data), Version: b.Version + 1}, b.Version); domain.ErrorCode(err) != domain.ECONFLICT {
			return err
		}
	}
	return err
}

// writeBucket stores b as the version after version.
func (d *DB) writeBucket(ctx context.Context, b bucketDoc, version int64) error {
	if version == 0 {
		// A new bucket: the insert into its _id is the claim.
		_, err := d.readModels().InsertOne(ctx, b)
		if mongo.IsDuplicateKeyError(err) {
			return domain.Errorf(domain.ECONFLICT, "read model %s was written meanwhile", b.ID)
		}
		return storeError(err, "read model "+b.ID)
	}
	current := func() (int64, error) {
		got, err := d.readBucket(ctx, b.ID)
		return got.Version, err
	}
	if err := d.claim(ctx, "read model", b.ID, version, current); err != nil {
		return err
	}
	// The claim guards the move; the filter is the _id alone so that
	// FerretDB uses its index (see Records.write).
	res, err := d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: b.ID}}, b)
	if err != nil {
		return storeError(err, "read model "+b.ID)
	}
	if res.MatchedCount == 0 {
		return domain.Errorf(domain.ECONFLICT, "read model %s was written meanwhile", b.ID)
	}
	d.release(ctx, b.ID, version)
	return nil
}

// replaceShelf writes a whole shelf anew (reindex): every bucket replaced,
// emptied ones included, then the revision moved on.
func (d *DB) replaceShelf(ctx context.Context, shelf string, buckets int, entries shelfEntries) error {
	parts := make([]shelfEntries, buckets)
	for k, v := range entries {
		n := bucketOf(k, buckets)
		if parts[n] == nil {
			parts[n] = shelfEntries{}
		}
		parts[n][k] = v
	}
	for n := range buckets {
		data := ""
		if len(parts[n]) > 0 {
			b, err := json.Marshal(parts[n])
			if err != nil {
				return err
			}
			data = string(b)
		}
		id := bucketID(shelf, n)
		old, err := d.readBucket(ctx, id)
		if err != nil {
			return err
		}
		if old.Data == data {
			continue
		}
		_, err = d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}},
			bucketDoc{ID: id, Data: data, Version: old.Version + 1}, options.Replace().SetUpsert(true))
		if err != nil {
			return storeError(err, "read model "+id)
		}
	}
	return d.bumpShelf(ctx, shelf)
}
