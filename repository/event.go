package repository

import (
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"cooptrack/domain"
)

func eventSpec() kindSpec[*domain.Event] {
	return kindSpec[*domain.Event]{
		typ:         domain.TypeEvent,
		new:         func() *domain.Event { return new(domain.Event) },
		label:       "title",
		country:     "countries",
		kinds:       stringsOf(domain.EventKinds),
		defaultSort: "-date",
		indexes: []mongo.IndexModel{
			{Keys: bson.D{{Key: "kind", Value: 1}}},
		},
	}
}
