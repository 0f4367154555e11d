package repository

import "cooptrack/domain"

func organizationSpec() kindSpec[*domain.Organization] {
	return kindSpec[*domain.Organization]{
		typ:         domain.TypeOrganization,
		new:         func() *domain.Organization { return new(domain.Organization) },
		country:     true,
		kinds:       stringsOf(domain.OrganizationKinds),
		defaultSort: "name",
	}
}

func stringsOf[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
