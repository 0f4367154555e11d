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
	// or joined by "and" ("South Korea and Poland signed"), which says they
	// are partners when one of them is the home country.
	pairs [][]string
	// last is the latest mention: its code and the token after it.
	last struct {
		code string
		next int
	}
}

func (d *doc) countries() *countryHits {
	h := &countryHits{spans: map[string][]Span{}}
	add := func(code string, sp Span) {
		if _, ok := h.spans[code]; !ok {
			h.order = append(h.order, code)
		}
		h.spans[code] = append(h.spans[code], sp)
	}
	// joined reports whether the country at k is coordinated with the one
	// named just before: "Uzbekistan and Turkey", "Peru, Paraguay".
	joined := func(code string, k int) {
		if h.last.code == "" || h.last.code == code || d.sent[k] != d.sent[max(h.last.next-1, 0)] {
			return
		}
		gap := d.toks[h.last.next:k]
		if len(gap) == 0 || len(gap) > 2 {
			return
		}
		for _, t := range gap {
			if !t.is("and", ",", "&", "-", "–", "—") {
				return
			}
		}
		h.pairs = append(h.pairs, []string{h.last.code, code})
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
		if code, next, w := d.countryAt(k); code != "" {
			add(code, d.span(k, next))
			if !w.demonym {
				joined(code, k)
				h.last.code, h.last.next = code, next
			}
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
// home country as a pair, the foreign country named most), mentioned
// otherwise.
func (h *countryHits) proposals(home string, partners []string) []CountryProposal {
	for _, p := range h.pairs {
		if slices.Contains(p, home) {
			partners = append(partners, p...)
		}
	}
	// An article on the home country's dealings is about the foreign
	// country it names most, when that one is named more than once.
	most := ""
	for _, c := range h.order {
		if c != home && (most == "" || len(h.spans[c]) > len(h.spans[most])) {
			most = c
		}
	}
	if most != "" && len(h.spans[most]) > 1 {
		partners = append(partners, most)
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
