package importing

import (
	"slices"
	"strings"
	"unicode"

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
	// byWord maps a kind and a word of a name to entries, so that
	// Similar compares a label only with names sharing a word with it.
	byWord map[domain.RecordType]map[string][]int
}

// NewNames indexes the catalog's entries.
func NewNames(entries []domain.CatalogEntry) *Names {
	n := &Names{entries: entries, ids: make(map[string]int, len(entries)),
		byName: map[domain.RecordType]map[string][]int{}, byType: map[domain.RecordType][]int{},
		byWord: map[domain.RecordType]map[string][]int{}}
	for i, e := range entries {
		n.ids[e.ID] = i
		n.byType[e.Type] = append(n.byType[e.Type], i)
		m := n.byName[e.Type]
		if m == nil {
			m = map[string][]int{}
			n.byName[e.Type] = m
		}
		w := n.byWord[e.Type]
		if w == nil {
			w = map[string][]int{}
			n.byWord[e.Type] = w
		}
		for _, name := range n.namesOf(e) {
			if l := m[name]; len(l) == 0 || l[len(l)-1] != i {
				m[name] = append(l, i)
			}
			for _, word := range words(name) {
				if l := w[word]; len(l) == 0 || l[len(l)-1] != i {
					w[word] = append(l, i)
				}
			}
		}
	}
	return n
}

// words returns the words of a folded name worth looking up: runs of
// letters and digits of three or more, and the parts of hyphenated words.
func words(folded string) []string {
	var out []string
	for f := range strings.FieldsFuncSeq(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
		parts := strings.Split(f, "-")
		if len(parts) > 1 {
			parts = append(parts, strings.Join(parts, ""))
		}
		for _, p := range parts {
			if len(p) >= 3 {
				out = append(out, p)
			}
		}
	}
	return out
}

// candidates returns the entries of the type that share a distinctive word
// with the label: a word that at most one in twenty of them has (or, when
// every word of the label is that common, its rarest). Comparing a label
// with every name would cost a second per row at ten thousand agreements.
// Names with no word in common are not compared, which misses some Korean
// romanisations written two ways in every word ("Jeong Seob", "Chong Sup").
func (n *Names) candidates(t domain.RecordType, label string) []int {
	index := n.byWord[t]
	limit := max(50, len(n.byType[t])/20)
	seen := map[int]bool{}
	var out, rarest []int
	for _, w := range words(domain.Fold(label)) {
		l := index[w]
		if len(l) == 0 {
			continue
		}
		if rarest == nil || len(l) < len(rarest) {
			rarest = l
		}
		if len(l) > limit {
			continue
		}
		for _, i := range l {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	if len(out) == 0 {
		out = rarest
	}
	slices.Sort(out)
	return out
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
	for _, i := range n.candidates(t, label) {
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
