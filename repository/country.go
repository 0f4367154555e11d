package repository

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

func (d *DB) countries() collection {
	return d.collection(domain.TypeCountry.Collection())
}

// ensureCountries stores every ISO country, so that they exist from the first
// start and a later list (a new country) arrives with the next release.
func (d *DB) ensureCountries(ctx context.Context) error {
	all := domain.Countries()
	n, err := d.countries().CountDocuments(ctx, bson.D{})
	if err != nil {
		return storeError(err, "count countries")
	}
	if n == int64(len(all)) {
		return nil
	}
	if n == 0 {
		// A new store takes them in one insert: upserts one by one cost a
		// new store 0.5 s, and 5 s under the race detector.
		docs := make([]any, len(all))
		for i, c := range all {
			docs[i] = countryDocOf(c)
		}
		if _, err := d.countries().InsertMany(ctx, docs); err != nil {
			return fmt.Errorf("store countries: %w", err)
		}
		return nil
	}
	models := make([]mongo.WriteModel, 0, len(all))
	for _, c := range all {
		models = append(models, mongo.NewReplaceOneModel().
			SetFilter(bson.D{{Key: "_id", Value: c.Code}}).
			SetReplacement(countryDocOf(c)).
			SetUpsert(true))
	}
	if _, err := d.countries().BulkWrite(ctx, models); err != nil {
		return fmt.Errorf("store countries: %w", err)
	}
	return nil
}

// Countries returns every country, by name.
func (d *DB) Countries(ctx context.Context) ([]domain.Country, error) {
	cur, err := d.countries().Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "name", Value: 1}}))
	if err != nil {
		return nil, storeError(err, "countries")
	}
	var docs []countryDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, storeError(err, "countries")
	}
	out := make([]domain.Country, len(docs))
	for i, c := range docs {
		out[i] = c.country()
	}
	return out, nil
}

// Country returns the country with the ISO code.
func (d *DB) Country(ctx context.Context, code domain.CountryCode) (domain.Country, error) {
	if !domain.IsCountryCode(string(code)) {
		return domain.Country{}, domain.Errorf(domain.ENOTFOUND, "no country with code %q", code)
	}
	var c countryDoc
	err := d.countries().FindOne(ctx, bson.D{{Key: "_id", Value: string(code)}}).Decode(&c)
	return c.country(), storeError(err, fmt.Sprintf("country %q", code))
}
