package repository

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"cooptrack/domain"
	"cooptrack/domain/importing"
)

// importsCollection holds what a user's import keeps between its steps:
// the mappings remembered (one small document per kind and header set) and
// the uploads waiting for confirmation, each read by _id. Both are stored
// as JSON strings: a column's header may hold "." or "$", which a document
// key may not.
const importsCollection = "imports"

// Imports serves a user's import of records from a spreadsheet
// (domain/importing): it implements importing.Store.
type Imports struct {
	db *DB
	c  collection
}

var _ importing.Store = (*Imports)(nil)

func newImports(d *DB) *Imports { return &Imports{db: d, c: d.collection(importsCollection)} }

type importDoc struct {
	ID        string    `bson:"_id"`
	Data      string    `bson:"data"`
	ExpiresAt time.Time `bson:"expires_at,omitempty"`
}

// Exists reports whether a record of the kind with the id is stored.
func (im *Imports) Exists(ctx context.Context, kind domain.RecordType, id string) (bool, error) {
	if _, ok := im.db.kinds[kind]; !ok {
		return false, domain.Errorf(domain.EINVALID, "no kind of record %q", kind)
	}
	_, err := im.db.live(ctx, kind, id)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return false, nil
	}
	return err == nil, err
}

// Create stores a new record under its id as Create does, its log entry
// noting that an import made it.
func (im *Imports) Create(ctx context.Context, rec domain.Record) error {
	k, ok := im.db.kinds[rec.Type()]
	if !ok {
		return domain.Errorf(domain.EINVALID, "no kind of record %q", rec.Type())
	}
	return k.createImported(ctx, rec)
}

// Finish records the import: one audit entry with the ids written.
func (im *Imports) Finish(ctx context.Context, kind domain.RecordType, ids []string, note string, failure error) {
	im.db.auditImport(ctx, kind, ids, note, failure)
}

// Mapping returns the mapping remembered under the id.
func (im *Imports) Mapping(ctx context.Context, id string) (importing.Mapping, error) {
	var doc importDoc
	if err := im.c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc); err != nil {
		return nil, storeError(err, "mapping")
	}
	var m importing.Mapping
	if err := json.Unmarshal([]byte(doc.Data), &m); err != nil {
		return nil, fmt.Errorf("decode mapping %s: %w", id, err)
	}
	return m, nil
}

// SaveMapping remembers the mapping under the id.
func (im *Imports) SaveMapping(ctx context.Context, id string, m importing.Mapping) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	err = putByID(ctx, im.c, id, importDoc{ID: id, Data: string(data)})
	return storeError(err, "save mapping")
}

// PutUpload keeps the upload until it expires, and lets expired ones go.
func (im *Imports) PutUpload(ctx context.Context, u *importing.Upload) error {
	now := im.db.now()
	// A scan, but of a collection of a few small documents; done here
	// because the embedded store has no TTL index.
	if _, err := im.c.DeleteMany(ctx, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lt", Value: now}}}}); err != nil {
		return storeError(err, "remove expired uploads")
	}
	u.ID = "upload:" + newID()
	u.ExpiresAt = now.Add(importing.UploadLifetime).UTC().Truncate(time.Millisecond)
	data, err := json.Marshal(u)
	if err != nil {
		return err
	}
	_, err = im.c.InsertOne(ctx, importDoc{ID: u.ID, Data: string(data), ExpiresAt: u.ExpiresAt})
	return storeError(err, "keep upload")
}

// Upload returns the upload with the id, unless it has expired.
func (im *Imports) Upload(ctx context.Context, id string) (*importing.Upload, error) {
	var doc importDoc
	if err := im.c.FindOne(ctx, bson.D{{Key: "_id", Value: "upload:" + id}}).Decode(&doc); err != nil {
		return nil, storeError(err, "upload")
	}
	var u importing.Upload
	if err := json.Unmarshal([]byte(doc.Data), &u); err != nil {
		return nil, fmt.Errorf("decode upload: %w", err)
	}
	if im.db.now().After(u.ExpiresAt) {
		return nil, domain.Errorf(domain.ENOTFOUND, "the upload has expired: upload the file again")
	}
	return &u, nil
}

func (r *Records[T]) createImported(ctx context.Context, rec domain.Record) error {
	t, ok := rec.(T)
	if !ok {
		return domain.Errorf(domain.EINVALID, "a %s is not a %s", rec.Type(), r.spec.typ)
	}
	return r.create(ctx, t, "imported")
}
