package repository

import (
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"cooptrack/domain"
)

func organizationSpec() kindSpec[*domain.Organization] {
	return kindSpec[*domain.Organization]{
		typ:         domain.TypeOrganization,
		new:         func() *domain.Organization { return new(domain.Organization) },
		label:       "name",
		country:     "country",
		kinds:       stringsOf(domain.OrganizationKinds),
		defaultSort: "name",
		indexes: []mongo.IndexModel{
			{Keys: bson.D{{Key: "kind", Value: 1}}},
		},
	}
}

func stringsOf[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
