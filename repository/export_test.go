package repository

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Hooks for the tests in repository_test.

// SetFailBeforeProjection makes every write fail between the record and its
// read models with the error f returns (nil f: no failure).
func SetFailBeforeProjection(db *DB, f func() error) { db.failBeforeProjection = f }

// SetScanLists makes lists of a country query the records instead of the
// dossier.
func SetScanLists(db *DB, scan bool) { db.scanLists = scan }

// DropReadModels removes every read model, as a lost or damaged one would be.
func DropReadModels(ctx context.Context, db *DB) error {
	return db.readModels().Drop(ctx)
}

// ShelfLog returns the last change logged on the dossier of a country and
// the last folded into its buckets.
func ShelfLog(ctx context.Context, db *DB, country string) (seq, folded int64, err error) {
	h, err := db.shelfHead(ctx, dossierShelf(country))
	return h.Seq, h.Folded, err
}

// PlantFoldLease leaves a lease on folding the dossier of a country, taken
// at the time given by a holder that never comes back, as a process that
// died while folding would.
func PlantFoldLease(ctx context.Context, db *DB, country string, at time.Time) error {
	id := foldLeaseID(dossierShelf(country))
	_, err := db.claims().ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "_id", Value: id}, {Key: "at", Value: at}, {Key: "token", Value: "gone"}}, options.Replace().SetUpsert(true))
	return err
}

// FoldDossier folds the dossier of a country now, in this goroutine.
func FoldDossier(ctx context.Context, db *DB, country string) error {
	return db.fold(ctx, dossierShelf(country), dossierBuckets)
}

// SetAfterBackupCopy makes a backup call f after it copied each collection.
func SetAfterBackupCopy(db *DB, f func(collection string)) { db.afterBackupCopy = f }

// BackupCollections are the collections a backup holds.
func BackupCollections() []string { return backupCollections() }

// Documents returns every document of the collection as canonical Extended
// JSON, by _id.
func Documents(ctx context.Context, db *DB, coll string) ([]string, error) {
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
	raw, err := db.db.Collection(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	if err != nil {
		return nil, err
	}
	return linksOf(raw), nil
}
