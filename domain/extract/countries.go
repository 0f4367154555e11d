package extract

import (
	"cmp"
	"slices"

	"cooptrack/domain"
)

// countryHits gathers every mention of every country, in order of first
// mention.
type countryHits struct {
	order []string
	spans map[string][]Span
	// pairs are countries written together with a hyphen ("Korea-Peru"),
	// which says they are partners.
	pairs [][]string
}

func (d *doc) countries() *countryHits {
	h := &countryHits{spans: map[string][]Span{}}
	add := func(code string, sp Span) {
		if _, ok := h.spans[code]; !ok {
			h.order = append(h.order, code)
		}
		h.spans[code] = append(h.spans[code], sp)
	}
	for k := 0; k < len(d.toks); k++ {
		if codes, spans := countryParts(d.toks[k]); len(codes) > 0 {
			for n, c := range codes {
				add(c, spans[n])
			}
			if len(codes) > 1 {
				h.pairs = append(h.pairs, codes)
			}
			continue
		}
		if code, next, _ := d.countryAt(k); code != "" {
			add(code, d.span(k, next))
			k = next - 1
		}
	}
	return h
}

// home returns the country named most, the first named on a tie.
func (h *countryHits) home() string {
	best := ""
	for _, c := range h.order {
		if best == "" || len(h.spans[c]) > len(h.spans[best]) {
			best = c
		}
	}
	return best
}

// proposals writes the countries with their roles: home, partner (a party
// to an agreement, a place visited or met in, a country written with the
// home country as a pair), mentioned otherwise.
func (h *countryHits) proposals(home string, partners []string) []CountryProposal {
	for _, p := range h.pairs {
		if slices.Contains(p, home) {
			partners = append(partners, p...)
		}
	}
	out := make([]CountryProposal, 0, len(h.order))
	for _, c := range h.order {
		role := RoleMentioned
		switch {
		case c == home:
			role = RoleHome
		case slices.Contains(partners, c):
			role = RolePartner
		}
		name := c
		if ct, ok := domain.LookupCountry(c); ok {
			name = ct.Name
		}
		out = append(out, CountryProposal{Code: c, Name: name, Role: role, Spans: h.spans[c]})
	}
	if home != "" && h.spans[home] == nil {
		name := home
		if ct, ok := domain.LookupCountry(home); ok {
			name = ct.Name
		}
		out = append(out, CountryProposal{Code: home, Name: name, Role: RoleHome, Spans: []Span{}})
	}
	rank := map[string]int{RoleHome: 0, RolePartner: 1, RoleMentioned: 2}
	slices.SortStableFunc(out, func(a, b CountryProposal) int { return cmp.Compare(rank[a.Role], rank[b.Role]) })
	return out
}
