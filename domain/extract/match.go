package extract

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"cooptrack/domain"
)

// CatalogMatcher is the Matcher of a store: it looks proposals up in the
// catalog (a line per record, with its names and countries), so that an
// article is matched without reading any collection.
//
// A record is the one a proposal names when one of its names (an
// organization's name, acronym and other names, a person's full name and
// other spellings, a title) is, in this order of trust:
//
//  1. the same name, once case, accents, punctuation, connecting words,
//     word order and Korean romanisation are set aside (domain.Name.Same),
//     and the country's own name too ("Prime Minister's Office of Peru"
//     is Peru's "Prime Minister's Office");
//  2. for an organization, its acronym ("KOICA"); for an agreement or an
//     event, its kind and date (signing, first day) in the countries the
//     article gives;
//  3. for an organization, the name with a slip of a letter
//     (domain.SimilarNames: "Defence", "Defense"); for a person, the name
//     with a second family name or a middle name left out ("Gustavo
//     Olaya" for "Gustavo Adrianzén Olaya"), both only in the country the
//     article gives; for a program, three words or more of its name
//     ("immigration modernization program").
//
// A record of a country other than the proposal's is never a match. The
// first step that finds records decides; when it finds several, those of
// the proposal's country are kept, and if that leaves more than one the
// answer is nil: a wrong match costs more than a new record a reviewer
// links by hand.
type CatalogMatcher struct {
	Catalog domain.CatalogStore
}

// Match finds the record q names. Errors: those of the catalog.
func (m CatalogMatcher) Match(ctx context.Context, q Query) (*Match, error) {
	if q.Type == domain.TypeCountry {
		return matchCountry(q.Name), nil
	}
	if strings.TrimSpace(q.Name) == "" && strings.TrimSpace(q.Acronym) == "" {
		return nil, nil
	}
	cat, err := m.Catalog.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	idx := domain.Remember(cat.Memo, nameIndexMemo, struct{}{}, func() *nameIndex { return newNameIndex(cat.Entries) })
	return idx.match(q), nil
}

// nameIndexMemo keeps the catalog's names indexed for matching.
var nameIndexMemo = domain.NewMemoKey[struct{}, *nameIndex]("extract names")

// matchCountry finds a country by code ("PE") or name ("Perú").
func matchCountry(s string) *Match {
	s = strings.TrimSpace(s)
	if c, ok := domain.LookupCountry(strings.ToUpper(s)); ok && len(s) == 2 {
		return &Match{Type: domain.TypeCountry, ID: c.Code}
	}
	if c, ok := domain.CountryByName(s); ok {
		return &Match{Type: domain.TypeCountry, ID: c.Code}
	}
	return nil
}

// nameIndex is the catalog's names, read once per catalog revision.
type nameIndex struct {
	byType map[domain.RecordType][]namedEntry
}

type namedEntry struct {
	id        string
	countries []string
	// country is the record's one country, whose name is left out of its
	// names; "" for a record of none or several.
	country string
	names   []domain.Name
	folded  []string // the names folded, for acronyms
	kind    string
	date    domain.Date
}

// matchedTypes are the kinds of record a proposal may match.
var matchedTypes = []domain.RecordType{domain.TypeOrganization, domain.TypePerson, domain.TypeAgreement, domain.TypeEvent, domain.TypeProgram}

func newNameIndex(entries []domain.CatalogEntry) *nameIndex {
	idx := &nameIndex{byType: map[domain.RecordType][]namedEntry{}}
	for _, e := range entries {
		if !slices.Contains(matchedTypes, e.Type) {
			continue
		}
		n := namedEntry{id: e.ID, countries: e.Countries, kind: e.Kind, date: e.Date}
		if len(e.Countries) == 1 {
			n.country = e.Countries[0]
		}
		// The search text holds every name of the record, folded, a line
		// each; the label is among them.
		lines := strings.Split(e.Search, "\n")
		if e.Search == "" {
			lines = []string{domain.Fold(e.Label)}
		}
		for _, l := range lines {
			n.names = append(n.names, domain.ParseName(withoutCountry(l, n.country)))
			n.folded = append(n.folded, l)
		}
		idx.byType[e.Type] = append(idx.byType[e.Type], n)
	}
	return idx
}

func (idx *nameIndex) match(q Query) *Match {
	entries := idx.byType[q.Type]
	acronym := domain.Fold(q.Acronym)
	if n := strings.TrimSpace(q.Name); acronym == "" && n != "" && isAcronym(n) {
		acronym = domain.Fold(q.Name)
	}
	// the query read without the name of each country it is compared in
	names := map[string]domain.Name{}
	nameIn := func(country string) domain.Name {
		n, ok := names[country]
		if !ok {
			n = domain.ParseName(withoutCountry(q.Name, country))
			names[country] = n
		}
		return n
	}
	var same, byKey, near []*namedEntry
	for i := range entries {
		e := &entries[i]
		if !e.agrees(q.Countries) {
			continue
		}
		qn := nameIn(e.country)
		switch {
		case slices.ContainsFunc(e.names, qn.Same):
			same = append(same, e)
		case acronym != "" && q.Type == domain.TypeOrganization && slices.Contains(e.folded, acronym),
			e.sameOccasion(q):
			byKey = append(byKey, e)
		case (len(q.Countries) > 0 || q.Type == domain.TypeProgram) && e.inCountries(q.Countries) && e.near(q.Type, qn):
			near = append(near, e)
		}
	}
	for _, found := range [][]*namedEntry{same, byKey, near} {
		if len(found) == 0 {
			continue
		}
		if len(found) > 1 && len(q.Countries) > 0 {
			found = slices.DeleteFunc(found, func(e *namedEntry) bool { return !e.inCountries(q.Countries) })
		}
		if len(found) == 1 {
			return &Match{Type: q.Type, ID: found[0].id}
		}
		return nil
	}
	return nil
}

// agrees reports whether the record may be of the countries the article
// gives: it is of each of them, or of none.
func (e *namedEntry) agrees(countries []string) bool {
	return len(e.countries) == 0 || e.inCountries(countries)
}

// inCountries reports whether the record is of each of the countries (and
// of some country when none is given: a record of no country is not
// preferred).
func (e *namedEntry) inCountries(countries []string) bool {
	if len(countries) == 0 {
		return true
	}
	for _, c := range countries {
		if !slices.Contains(e.countries, c) {
			return false
		}
	}
	return true
}

// sameOccasion reports whether an agreement or event is of the kind and
// on the day the query gives ("2015-04" takes any day of the month), in
// its countries: two MOUs of one kind signed with one country on one day
// are rare, and when there are, neither is taken.
func (e *namedEntry) sameOccasion(q Query) bool {
	if q.Type != domain.TypeAgreement && q.Type != domain.TypeEvent {
		return false
	}
	return q.Kind != "" && q.Kind == e.kind && len(q.On) >= 7 && strings.HasPrefix(string(e.date), q.On) &&
		len(q.Countries) > 0 && e.inCountries(q.Countries)
}

// near is the third step: a slip of a letter in an organization's name, a
// name left out of a person's.
func (e *namedEntry) near(t domain.RecordType, q domain.Name) bool {
	switch t {
	case domain.TypeOrganization:
		return slices.ContainsFunc(e.names, q.Similar)
	case domain.TypePerson:
		return slices.ContainsFunc(e.names, func(n domain.Name) bool { return within(q.Words(), n.Words()) })
	case domain.TypeProgram:
		return slices.ContainsFunc(e.names, func(n domain.Name) bool { return amid(q.Words(), n.Words()) })
	}
	return false
}

// amid reports whether the words of a, at least three, are all among
// those of b: a program named short ("immigration modernization program")
// and in full ("... of the Peruvian Immigration Office").
func amid(a, b []string) bool {
	if len(a) < 3 {
		return false
	}
	for _, w := range a {
		if !slices.Contains(b, w) {
			return false
		}
	}
	return true
}

// within reports whether the words of a, at least two and fewer than
// those of b, are all among the words of b, the first and the last
// included: a given name and a family name of a longer name, not two
// family names.
func within(a, b []string) bool {
	if len(a) < 2 || len(a) >= len(b) {
		return false
	}
	for _, w := range a {
		if !slices.Contains(b, w) {
			return false
		}
	}
	return slices.Contains(a, b[0]) || slices.Contains(a, b[len(b)-1])
}

// withoutCountry drops from name the words that name the country whose
// code is given, or its people ("Peru", "Peru's", "Peruvian"), as long as
// some word is left: within a country's records they tell nothing apart.
func withoutCountry(name, code string) string {
	if code == "" {
		return name
	}
	words := strings.Fields(name)
	kept := words[:0:0]
	for _, w := range words {
		bare := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		for _, s := range []string{"'s", "’s", "'S", "’S"} {
			bare = strings.TrimSuffix(bare, s)
		}
		if bare != "" && countryWordCode(bare) == code {
			continue
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 {
		return name
	}
	return strings.Join(kept, " ")
}

// countryWordCode returns the country a single word names, by name or
// demonym, or "".
func countryWordCode(w string) string {
	if g, ok := gazetteer()[fold(w)]; ok && !g.capital {
		return g.code
	}
	if len(w) > 3 {
		if c, ok := domain.CountryByName(w); ok {
			return c.Code
		}
	}
	return ""
}
