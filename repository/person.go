package repository

import (
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"cooptrack/domain"
)

func personSpec() kindSpec[*domain.Person] {
	return kindSpec[*domain.Person]{
		typ:         domain.TypePerson,
		new:         func() *domain.Person { return new(domain.Person) },
		label:       "full_name",
		country:     "country",
		defaultSort: "name",
		indexes: []mongo.IndexModel{
			{Keys: bson.D{{Key: "positions.organization.id", Value: 1}}},
		},
	}
}
