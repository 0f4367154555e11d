package repository

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"cooptrack/domain"
)

// Claims make a record's move from one version to the next exclusive.
//
// FerretDB (v1, on SQLite and PostgreSQL) applies an update by reading the
// matching documents and then writing them back by _id, so a filter on
// {_id, version} does not make two concurrent updates exclusive: both can
// match and both write (measured: two of eight concurrent updates won). The
// one write that every server makes atomic is an insert into a unique _id.
// So a writer first inserts the claim "<id>#<next version>"; whoever inserts
// it owns that version, the others get a conflict. Every write of a record
// (edit, citation, rename of a linked record, delete) goes through a claim.
const claimsCollection = "claims"

// claimTTL is how old a claim must be before a writer may take it as left by
// a process that died between its claim and its write.
const claimTTL = 30 * time.Second

func (d *DB) claims() collection { return d.collection(claimsCollection) }

func claimID(id string, version int64) string { return fmt.Sprintf("%s#%d", id, version) }

// claim takes the move of record id from version to version+1. current
// reports the version stored now, to tell an abandoned claim from one in use.
// Errors: ECONFLICT.
func (d *DB) claim(ctx context.Context, typ domain.RecordType, id string, version int64, current func() (int64, error)) error {
	cid := claimID(id, version+1)
	for attempt := 0; attempt < 2; attempt++ {
		_, err := d.claims().InsertOne(ctx, bson.D{{Key: "_id", Value: cid}, {Key: "at", Value: d.now()}})
		if err == nil {
			// The claim of a version already left behind is released (see
			// release), so a writer holding an old read could take it
			// again: the claim is ours only if the stored version is still
			// the one we read.
			stored, err := current()
			if err != nil {
				return err
			}
			if stored != version {
				_, _ = d.claims().DeleteOne(ctx, bson.D{{Key: "_id", Value: cid}})
				return staleError(typ, id, version, stored)
			}
			return nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return storeError(err, "claim "+cid)
		}
		// The claim exists. If the record never reached that version and
		// the claim is old, its writer died: take the claim over.
		stored, err := current()
		if err != nil {
			return err
		}
		if stored != version {
			break
		}
		var c struct {
			At time.Time `bson:"at"`
		}
		if err := d.claims().FindOne(ctx, bson.D{{Key: "_id", Value: cid}}).Decode(&c); err != nil {
			continue // released meanwhile: try again
		}
		if d.now().Sub(c.At) < claimTTL {
			break
		}
		if _, err := d.claims().DeleteOne(ctx, bson.D{{Key: "_id", Value: cid}}); err != nil {
			return storeError(err, "release claim "+cid)
		}
	}
	return staleError(typ, id, version, version+1)
}

// release removes the claims older than the version a record has reached;
// they can no longer be contested.
func (d *DB) release(ctx context.Context, id string, version int64) {
	_, _ = d.claims().DeleteOne(ctx, bson.D{{Key: "_id", Value: claimID(id, version)}})
}

// DropClaims removes every claim. Call it only when no other process can
// write to the database, as when this one has just taken the embedded
// store's lock: every claim there was left by a process that died between
// its claim and its write (a SIGKILL, a power cut). Left in place, such a
// claim refuses the record's or read model's next write as a conflict until
// claimTTL has passed, and the healing of interrupted writes at start with
// it.
func (d *DB) DropClaims(ctx context.Context) (int64, error) {
	res, err := d.claims().DeleteMany(ctx, bson.D{})
	if err != nil {
		return 0, storeError(err, "claims")
	}
	return res.DeletedCount, nil
}
