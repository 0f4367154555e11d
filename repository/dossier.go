package repository

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// Dossier gathers what is recorded about a country: a fixed number of
// queries, whatever the amount of data.
func (d *DB) Dossier(ctx context.Context, code string) (*domain.Dossier, error) {
	c, err := d.Country(ctx, code)
	if err != nil {
		return nil, err
	}
	ds := &domain.Dossier{Country: c}
	byCountry := func(field string) bson.D { return bson.D{{Key: field, Value: code}} }
	if ds.Organizations, err = findAll(ctx, d.Organizations, byCountry("country")); err != nil {
		return nil, err
	}
	if ds.People, err = findAll(ctx, d.People, byCountry("country")); err != nil {
		return nil, err
	}
	if ds.Agreements, err = findAll(ctx, d.Agreements, byCountry("countries")); err != nil {
		return nil, err
	}
	if ds.Events, err = findAll(ctx, d.Events, byCountry("countries")); err != nil {
		return nil, err
	}
	if ds.Programs, err = findAll(ctx, d.Programs, byCountry("countries")); err != nil {
		return nil, err
	}
	var sourceIDs []string
	collect := func(m *domain.Meta) {
		for _, c := range m.Evidence {
			sourceIDs = append(sourceIDs, c.Source.ID)
		}
	}
	for _, a := range ds.Agreements {
		collect(&a.Meta)
	}
	for _, e := range ds.Events {
		collect(&e.Meta)
	}
	for _, p := range ds.Programs {
		collect(&p.Meta)
	}
	ds.Sources = []*domain.Source{}
	if len(sourceIDs) > 0 {
		if ds.Sources, err = findAll(ctx, d.Sources, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: uniq(sourceIDs)}}}}); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

var _ domain.DossierStore = (*DB)(nil)

// findAll returns every record of the kind that the filter keeps.
func findAll[T domain.Record](ctx context.Context, r *Records[T], filter bson.D) ([]T, error) {
	return decodeAll(ctx, r, r.c, filter, options.Find().SetSort(bson.D{{Key: "sort_date", Value: 1}, {Key: "_id", Value: 1}}))
}

func decodeAll[T domain.Record](ctx context.Context, r *Records[T], c *mongo.Collection, filter bson.D, opts *options.FindOptionsBuilder) ([]T, error) {
	cur, err := c.Find(ctx, filter, opts)
	if err != nil {
		return nil, storeError(err, "find "+r.spec.typ.Collection())
	}
	defer func() { _ = cur.Close(ctx) }()
	out := []T{}
	for cur.Next(ctx) {
		rec := r.spec.new()
		if err := cur.Decode(rec); err != nil {
			return nil, storeError(err, "decode")
		}
		normalize(rec)
		out = append(out, rec)
	}
	return out, storeError(cur.Err(), "find "+r.spec.typ.Collection())
}
