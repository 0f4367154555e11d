package repository

import "context"

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
