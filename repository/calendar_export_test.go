package repository

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// CalendarFeedDocuments returns, as extended JSON, every document of the
// feeds' collection and the user's document: what a copy of the database
// would show of their feed.
func CalendarFeedDocuments(ctx context.Context, db *DB, email string) ([]string, error) {
	var out []string
	cur, err := db.Accounts.feeds().Find(ctx, bson.D{})
	if err != nil {
		return nil, err
	}
	var docs []bson.Raw
	if err := cur.All(ctx, &docs); err != nil {
		return nil, err
	}
	var u bson.Raw
	if err := db.Accounts.users.FindOne(ctx, bson.D{{Key: "_id", Value: email}}).Decode(&u); err != nil {
		return nil, err
	}
	for _, d := range append(docs, u) {
		out = append(out, d.String())
	}
	return out, nil
}
