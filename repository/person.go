package repository

import "cooptrack/domain"

func personSpec() kindSpec[*domain.Person] {
	return kindSpec[*domain.Person]{
		typ:         domain.TypePerson,
		new:         func() *domain.Person { return new(domain.Person) },
		country:     true,
		defaultSort: "name",
	}
}
