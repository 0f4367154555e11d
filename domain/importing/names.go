package importing

import (
	"strings"

	"cooptrack/domain"
)

// Names answers, from the catalog, which records bear a name and which
// are named like a new one. It reads no store.
type Names struct {
	entries []domain.CatalogEntry
	ids     map[string]int
	// byName maps a kind and a folded name (of organizations and people:
	// also an acronym or another spelling) to entries.
	byName map[domain.RecordType]map[string][]int
	byType map[domain.RecordType][]int
}

// NewNames indexes the catalog's entries.
func NewNames(entries []domain.CatalogEntry) *Names {
	n := &Names{entries: entries, ids: make(map[string]int, len(entries)),
		byName: map[domain.RecordType]map[string][]int{}, byType: map[domain.RecordType][]int{}}
	for i, e := range entries {
		n.ids[e.ID] = i
		n.byType[e.Type] = append(n.byType[e.Type], i)
		m := n.byName[e.Type]
		if m == nil {
			m = map[string][]int{}
			n.byName[e.Type] = m
		}
		for _, name := range n.namesOf(e) {
			if l := m[name]; len(l) == 0 || l[len(l)-1] != i {
				m[name] = append(l, i)
			}
		}
	}
	return n
}

// namesOf returns the folded names an entry answers to. The catalog's
// search text of an organization or a person is its names, a line each;
// of other kinds it holds subjects or sectors, which are not names.
func (n *Names) namesOf(e domain.CatalogEntry) []string {
	names := []string{domain.Fold(e.Label)}
	if e.Type == domain.TypeOrganization || e.Type == domain.TypePerson {
		for line := range strings.SplitSeq(e.Search, "\n") {
			if line != "" && line != names[0] {
				names = append(names, line)
			}
		}
	}
	return names
}

// Named returns the records of the type that answer to the name exactly
// (case and accents ignored).
func (n *Names) Named(t domain.RecordType, name string) []domain.CatalogEntry {
	var out []domain.CatalogEntry
	for _, i := range n.byName[t][domain.Fold(strings.TrimSpace(name))] {
		out = append(out, n.entries[i])
	}
	return out
}

// Has reports whether a record with the id is in the catalog.
func (n *Names) Has(id string) bool {
	_, ok := n.ids[id]
	return ok
}

// maxSimilar is how many possible duplicates a row lists.
const maxSimilar = 5

// Similar returns records of the type named like label (domain.SimilarNames),
// other than the one with id self.
func (n *Names) Similar(t domain.RecordType, label, self string) []domain.RecordRef {
	var out []domain.RecordRef
	if strings.TrimSpace(label) == "" {
		return out
	}
	for _, i := range n.byType[t] {
		e := n.entries[i]
		if e.ID == self {
			continue
		}
		for _, name := range n.namesOf(e) {
			if domain.SimilarNames(label, name) {
				out = append(out, e.Ref())
				break
			}
		}
		if len(out) == maxSimilar {
			break
		}
	}
	return out
}
