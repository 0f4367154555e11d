package repository

import (
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"cooptrack/domain"
)

func programSpec() kindSpec[*domain.Program] {
	statuses := stringsOf(domain.ProgramStatuses)
	return kindSpec[*domain.Program]{
		typ:         domain.TypeProgram,
		new:         func() *domain.Program { return new(domain.Program) },
		label:       "name",
		country:     "countries",
		defaultSort: "-date",
		status: func(status string, _ domain.Date) (bson.D, error) {
			if !slices.Contains(statuses, status) {
				return nil, invalidFilter("status", "must be one of: "+strings.Join(statuses, ", "))
			}
			return bson.D{{Key: "status", Value: status}}, nil
		},
		indexes: []mongo.IndexModel{
			{Keys: bson.D{{Key: "status", Value: 1}}},
		},
	}
}
