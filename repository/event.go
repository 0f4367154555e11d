package repository

import "cooptrack/domain"

func eventSpec() kindSpec[*domain.Event] {
	return kindSpec[*domain.Event]{
		typ:         domain.TypeEvent,
		new:         func() *domain.Event { return new(domain.Event) },
		country:     true,
		kinds:       stringsOf(domain.EventKinds),
		defaultSort: "-date",
	}
}
