package repository

import "cooptrack/domain"

func programSpec() kindSpec[*domain.Program] {
	return kindSpec[*domain.Program]{
		typ:         domain.TypeProgram,
		new:         func() *domain.Program { return new(domain.Program) },
		country:     true,
		statuses:    stringsOf(domain.ProgramStatuses),
		defaultSort: "-date",
	}
}
