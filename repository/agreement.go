package repository

import "cooptrack/domain"

func agreementSpec() kindSpec[*domain.Agreement] {
	return kindSpec[*domain.Agreement]{
		typ:         domain.TypeAgreement,
		new:         func() *domain.Agreement { return new(domain.Agreement) },
		country:     true,
		kinds:       stringsOf(domain.AgreementKinds),
		statuses:    stringsOf(domain.AgreementStatuses),
		defaultSort: "-date",
	}
}
