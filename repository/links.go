package repository

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
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
	fields := map[string]string{}
	ids := []string{}
	for _, ref := range refs {
		l, ok := linked[ref.Ref.ID]
		if !ok || l.Type != ref.Type {
			fields[ref.Field+".id"] = fmt.Sprintf("no %s with id %q", ref.Type, ref.Ref.ID)
			continue
		}
		ref.Ref.Name = l.Label
		if !isEvidenceField(ref.Field) {
			ids = append(ids, ref.Ref.ID)
		}
	}
	if len(fields) > 0 {
		return &domain.Error{Code: domain.EUNKNOWNREF, Message: "the record links to records that do not exist", Fields: fields}
	}
	slices.Sort(ids)
	rec.RecordMeta().Refs = slices.Compact(ids)
	rec.Resolve(linked)
	return nil
}

// linked reads the label and country of the records of one type with the ids.
func (d *DB) linked(ctx context.Context, typ domain.RecordType, ids []string, into map[string]domain.Linked) error {
	k, ok := d.kinds[typ]
	if !ok {
		return fmt.Errorf("no store for %s", typ)
	}
	label := k.labelField()
	cur, err := k.collection().Find(ctx,
		bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: uniq(ids)}}}},
		options.Find().SetProjection(bson.D{{Key: label, Value: 1}, {Key: "country", Value: 1}}))
	if err != nil {
		return storeError(err, "look up "+typ.Collection())
	}
	defer func() { _ = cur.Close(ctx) }()
	for cur.Next(ctx) {
		var doc bson.M
		if err := cur.Decode(&doc); err != nil {
			return storeError(err, "decode")
		}
		id, _ := doc["_id"].(string)
		name, _ := doc[label].(string)
		country, _ := doc["country"].(string)
		into[id] = domain.Linked{Type: typ, Label: name, Country: country}
	}
	return storeError(cur.Err(), "look up "+typ.Collection())
}

// propagate refreshes, in every kind, the records that reference id, after
// its name or country changed.
func (d *DB) propagate(ctx context.Context, id string) error {
	for _, typ := range domain.RecordTypes {
		if err := d.kinds[typ].refresh(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// referrers returns up to limit records that reference id, in any kind,
// evidence included when withEvidence is set.
func (d *DB) referrers(ctx context.Context, id string, withEvidence bool, limit int64) ([]domain.RecordRef, error) {
	filter := bson.D{{Key: "refs", Value: id}}
	if withEvidence {
		filter = bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "refs", Value: id}},
			bson.D{{Key: "evidence.source.id", Value: id}},
		}}}
	}
	return d.findRefs(ctx, filter, id, limit)
}

// findRefs returns the records of every kind that the filter keeps, as
// references, skipping the record self.
func (d *DB) findRefs(ctx context.Context, filter bson.D, self string, limit int64) ([]domain.RecordRef, error) {
	out := []domain.RecordRef{}
	for _, typ := range domain.RecordTypes {
		k := d.kinds[typ]
		label := k.labelField()
		cur, err := k.collection().Find(ctx, filter, options.Find().
			SetProjection(bson.D{{Key: label, Value: 1}}).
			SetSort(bson.D{{Key: "sort_name", Value: 1}, {Key: "_id", Value: 1}}).
			SetLimit(limit))
		if err != nil {
			return nil, storeError(err, "find links in "+typ.Collection())
		}
		var docs []bson.M
		if err := cur.All(ctx, &docs); err != nil {
			return nil, storeError(err, "find links in "+typ.Collection())
		}
		for _, doc := range docs {
			id, _ := doc["_id"].(string)
			if id == self {
				continue
			}
			name, _ := doc[label].(string)
			out = append(out, domain.RecordRef{Type: typ, ID: id, Name: name})
		}
	}
	return out, nil
}

// LinksTo returns the records that reference the record with the id.
func (d *DB) LinksTo(ctx context.Context, id string) ([]domain.RecordRef, error) {
	return d.referrers(ctx, id, false, 500)
}

// CitersOf returns the records that cite the source.
func (d *DB) CitersOf(ctx context.Context, sourceID string) ([]domain.RecordRef, error) {
	return d.findRefs(ctx, bson.D{{Key: "evidence.source.id", Value: sourceID}}, "", 500)
}

var _ domain.LinkStore = (*DB)(nil)

func uniq(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
