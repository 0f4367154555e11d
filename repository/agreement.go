package repository

import (
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"cooptrack/domain"
)

func agreementSpec() kindSpec[*domain.Agreement] {
	return kindSpec[*domain.Agreement]{
		typ:         domain.TypeAgreement,
		new:         func() *domain.Agreement { return new(domain.Agreement) },
		label:       "title",
		country:     "countries",
		kinds:       stringsOf(domain.AgreementKinds),
		status:      agreementStatusFilter,
		defaultSort: "-date",
		indexes: []mongo.IndexModel{
			{Keys: bson.D{{Key: "kind", Value: 1}}},
			{Keys: bson.D{{Key: "status", Value: 1}, {Key: "expires_on", Value: 1}}},
		},
	}
}

// agreementStatusFilter keeps the agreements whose status on today is
// status: the query form of domain.Agreement.StatusOn, which a test holds
// them to.
func agreementStatusFilter(status string, today domain.Date) (bson.D, error) {
	t := string(today)
	dated := bson.E{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{string(domain.StatusSigned), string(domain.StatusInForce)}}}}
	notExpired := bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "expires_on", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "expires_on", Value: bson.D{{Key: "$gte", Value: t}}}},
		bson.D{{Key: "renewal.automatic", Value: true}},
	}}}
	switch domain.AgreementStatus(status) {
	case domain.StatusDraft, domain.StatusUnderNegotiation, domain.StatusTerminated:
		return bson.D{{Key: "status", Value: status}}, nil
	case domain.StatusExpired:
		return bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "status", Value: status}},
			bson.D{dated, {Key: "expires_on", Value: bson.D{{Key: "$lt", Value: t}}}, {Key: "renewal.automatic", Value: bson.D{{Key: "$nin", Value: bson.A{true}}}}},
		}}}, nil
	case domain.StatusInForce:
		return bson.D{dated, {Key: "$and", Value: bson.A{notExpired, bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "effective_on", Value: bson.D{{Key: "$lte", Value: t}}}},
			bson.D{{Key: "effective_on", Value: bson.D{{Key: "$exists", Value: false}}}, {Key: "signed_on", Value: bson.D{{Key: "$lte", Value: t}}}},
		}}}}}}, nil
	case domain.StatusSigned:
		return bson.D{dated, {Key: "$and", Value: bson.A{notExpired, bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "effective_on", Value: bson.D{{Key: "$gt", Value: t}}}},
			bson.D{{Key: "effective_on", Value: bson.D{{Key: "$exists", Value: false}}}, {Key: "signed_on", Value: bson.D{{Key: "$gt", Value: t}}}},
		}}}}}}, nil
	}
	return nil, invalidFilter("status", "must be one of: "+strings.Join(stringsOf(domain.AgreementStatuses), ", "))
}
