package repository

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// resolve checks that every record rec references exists and has the type
// the field expects, fills in the names, keeps the ids in Refs and lets the
// record derive what follows from them. One query per referenced type.
// Errors: EUNKNOWNREF naming each field at fault.
func (d *DB) resolve(ctx context.Context, rec domain.Record) error {
	refs := rec.References()
	byType := map[domain.RecordType][]string{}
	for _, ref := range refs {
		byType[ref.Type] = append(byType[ref.Type], ref.Ref.ID)
	}
	linked := map[string]domain.Linked{}
	for typ, ids := range byType {
		if err := d.linked(ctx, typ, ids, linked); err != nil {
			return err
		}
	}
	return resolveWith(rec, linked)
}

// linked reads the label, country and date of the records of one type with
// the ids, one read by _id each: FerretDB answers {_id: {$in: ...}} by reading
// the whole collection, an exact _id through its index (see
// embedded.IndexIDs), and a record links to few others.
func (d *DB) linked(ctx context.Context, typ domain.RecordType, ids []string, into map[string]domain.Linked) error {
	k, ok := d.kinds[typ]
	if !ok {
		return fmt.Errorf("no store for %s", typ)
	}
	label := k.labelField()
	projection := options.FindOne().SetProjection(bson.D{{Key: label, Value: 1}, {Key: "country", Value: 1}, {Key: "sort_date", Value: 1}})
	for _, id := range uniq(ids) {
		var doc bson.M
		err := k.collection().FindOne(ctx, bson.D{{Key: "_id", Value: id}}, projection).Decode(&doc)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue // reported by the caller against its field
		}
		if err != nil {
			return storeError(err, "look up "+typ.Collection())
		}
		name, _ := doc[label].(string)
		country, _ := doc["country"].(string)
		date, _ := doc["sort_date"].(string)
		into[id] = domain.Linked{Type: typ, Label: name, Country: country, Date: domain.Date(date)}
	}
	return nil
}

// propagate refreshes the records that link to id, or cite it, after what
// they show of it changed.
func (d *DB) propagate(ctx context.Context, id string) error {
	refs, err := d.links(ctx, id, true, true)
	if err != nil {
		return err
	}
	for _, ref := range refs {
		k, ok := d.kinds[ref.Type]
		if !ok {
			continue
		}
		if err := k.refresh(ctx, ref.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// referrers returns up to limit records that link to id, and when
// withEvidence is set, that cite it.
func (d *DB) referrers(ctx context.Context, id string, withEvidence bool, limit int) ([]domain.RecordRef, error) {
	refs, err := d.links(ctx, id, true, withEvidence)
	if err != nil {
		return nil, err
	}
	refs = slices.DeleteFunc(refs, func(r domain.RecordRef) bool { return r.ID == id })
	if len(refs) > limit {
		refs = refs[:limit]
	}
	return refs, nil
}

func uniq(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
