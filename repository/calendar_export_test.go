package repository

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// CalendarFeedDocuments returns, as extended JSON, every document of the
// feeds' collection, by which feeds are found.
func CalendarFeedDocuments(ctx context.Context, db *DB) ([]string, error) {
	var out []string
	cur, err := db.Accounts.feeds().Find(ctx, bson.D{})
	if err != nil {
		return nil, err
	}
	var docs []bson.Raw
	if err := cur.All(ctx, &docs); err != nil {
		return nil, err
	}
	for _, d := range docs {
		out = append(out, d.String())
	}
	return out, nil
}
