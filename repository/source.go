package repository

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// sourceTexts holds the full text of each source under the source's id, apart
// from the fields that lists and dashboards read, so that reading a list of
// sources never reads their bodies.
const sourceTexts = "source_texts"

func (d *DB) sourceSpec() kindSpec[*domain.Source] {
	texts := d.collection(sourceTexts)
	return kindSpec[*domain.Source]{
		typ:         domain.TypeSource,
		new:         func() *domain.Source { return new(domain.Source) },
		label:       "title",
		defaultSort: "-date",
		indexes: []mongo.IndexModel{
			// A URL is unique when given; sparse, since partial indexes are
			// not on every server.
			{Keys: bson.D{{Key: "url", Value: 1}}, Options: options.Index().SetUnique(true).SetSparse(true)},
			{Keys: bson.D{{Key: "content_hash", Value: 1}}},
		},
		afterWrite: func(ctx context.Context, s *domain.Source) error {
			if s.Text == "" {
				_, err := texts.DeleteOne(ctx, bson.D{{Key: "_id", Value: s.ID}})
				return storeError(err, "source text")
			}
			err := putByID(ctx, texts, s.ID, bson.D{{Key: "_id", Value: s.ID}, {Key: "text", Value: s.Text}})
			return storeError(err, "source text")
		},
		afterFind: func(ctx context.Context, s *domain.Source) error {
			var doc struct {
				Text string `bson:"text"`
			}
			err := texts.FindOne(ctx, bson.D{{Key: "_id", Value: s.ID}}).Decode(&doc)
			if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
				return storeError(err, "source text")
			}
			s.Text = doc.Text
			return nil
		},
		afterImport: func(ctx context.Context, srcs []*domain.Source) error {
			return importTexts(ctx, texts, srcs)
		},
		afterDelete: func(ctx context.Context, id string) error {
			_, err := texts.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
			return storeError(err, "source text")
		},
	}
}
