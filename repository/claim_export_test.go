package repository

import "context"

// LeaveClaim takes the move of record id from version to version+1 and
// keeps it, as a process killed between its claim and its write does.
func LeaveClaim(ctx context.Context, db *DB, id string, version int64) error {
	return db.claim(ctx, "organization", id, version, func() (int64, error) { return version, nil })
}
