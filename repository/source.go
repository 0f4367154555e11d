package repository

import (
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// sourceTexts holds the full text of each source under the source's id, apart
// from the source's document: the model holds sources without their texts,
// and a source's page reads its text by _id.
const sourceTexts = "source_texts"

// sourceURLIndex makes a source's URL unique when given; sparse, since
// partial indexes are not on every server. Each store gets its own: the
// options are a builder that creating the index names.
func sourceURLIndex() mongo.IndexModel {
	return mongo.IndexModel{Keys: bson.D{{Key: "url", Value: 1}}, Options: options.Index().SetUnique(true).SetSparse(true)}
}
