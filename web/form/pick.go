package form

import (
	"fmt"
	"strings"

	"cooptrack/domain"
)

// Catalog is the catalog as a form reads it: to turn the names typed in
// pickers into links, and to find possible duplicates of a new record.
type Catalog struct {
	entries []domain.CatalogEntry
	byID    map[string]int
}

// Ref returns the record with the id, of any kind.
func (fc *Catalog) Ref(id string) (domain.RecordRef, bool) {
	i, ok := fc.byID[id]
	if !ok {
		return domain.RecordRef{}, false
	}
	return fc.entries[i].Ref(), true
}

// NewCatalog indexes the catalog's entries for the pickers.
func NewCatalog(entries []domain.CatalogEntry) *Catalog {
	fc := &Catalog{entries: entries, byID: make(map[string]int, len(entries))}
	for i, e := range entries {
		fc.byID[e.ID] = i
	}
	return fc
}

// Find returns the record of the kind with the id.
func (fc *Catalog) Find(id string, t domain.RecordType) (domain.CatalogEntry, bool) {
	if fc == nil || id == "" {
		return domain.CatalogEntry{}, false
	}
	i, ok := fc.byID[id]
	if !ok || fc.entries[i].Type != t {
		return domain.CatalogEntry{}, false
	}
	return fc.entries[i], true
}

// Named returns the records of the kind named exactly name, case and accents
// ignored: by their label, or failing that by another name (an acronym, a
// spelling).
func (fc *Catalog) Named(name string, t domain.RecordType) []domain.CatalogEntry {
	want := domain.Fold(name)
	var byLabel, byOther []domain.CatalogEntry
	for _, e := range fc.entries {
		if e.Type != t {
			continue
		}
		if domain.Fold(e.Label) == want {
			byLabel = append(byLabel, e)
			continue
		}
		for _, line := range strings.Split(e.Search, "\n") {
			if line == want {
				byOther = append(byOther, e)
				break
			}
		}
	}
	if len(byLabel) > 0 {
		return byLabel
	}
	return byOther
}

// formNameFits reports whether the text typed still describes the record
// linked: its name, another of its names, or a part of one.
func formNameFits(e domain.CatalogEntry, name string) bool {
	f := domain.Fold(name)
	return strings.Contains(domain.Fold(e.Label), f) || strings.Contains(e.Search, f)
}

// Resolve links every picker whose text names a record: the id a person
// pasted, or the one record of the kind with that name. A picker already
// linked keeps its link while its text still fits the record. When report
// is set, a text naming several records offers them as choices, and one
// naming none says so; otherwise such pickers are left as they are.
func (fc *Catalog) Resolve(st *State, pickers []PickerAt, report bool) {
	for _, p := range pickers {
		idKey, nameKey := p.Path+".id", p.Path+".name"
		name := strings.TrimSpace(st.Values.Get(nameKey))
		if name == "" {
			continue // an id alone is the store's to check
		}
		if e, ok := fc.Find(strings.TrimSpace(st.Values.Get(idKey)), p.Type); ok && formNameFits(e, name) {
			continue
		}
		if e, ok := fc.Find(name, p.Type); ok {
			st.Values.Set(idKey, e.ID)
			st.Values.Set(nameKey, e.Label)
			continue
		}
		exact := fc.Named(name, p.Type)
		if len(exact) == 1 {
			st.Values.Set(idKey, exact[0].ID)
			continue
		}
		st.Values.Del(idKey)
		if !report {
			continue
		}
		what := domain.Words(p.Type)
		if len(exact) > 1 {
			st.Choices[p.Path] = formChoices(exact)
			st.Errors[idKey] = fmt.Sprintf("Several %s are named “%s”: choose one", p.Type.Collection(), name)
			continue
		}
		st.Missing[p.Path] = true
		hits := domain.Search(fc.entries, name, []domain.RecordType{p.Type}, 8)
		if len(hits) == 0 {
			st.Errors[idKey] = fmt.Sprintf("No %s named “%s” is recorded.", what, name)
			continue
		}
		var near []domain.CatalogEntry
		for _, h := range hits {
			if e, ok := fc.Find(h.Record.ID, p.Type); ok {
				near = append(near, e)
			}
		}
		st.Choices[p.Path] = formChoices(near)
		st.Errors[idKey] = fmt.Sprintf("No %s is named exactly “%s”: choose one, or create it.", what, name)
	}
}

func formChoices(entries []domain.CatalogEntry) []Choice {
	out := make([]Choice, len(entries))
	for i, e := range entries {
		out[i] = Choice{ID: e.ID, Label: e.Label, Detail: Detail(e)}
	}
	return out
}

// Detail tells records of the same name apart: their countries and date.
func Detail(e domain.CatalogEntry) string {
	var parts []string
	for _, c := range e.Countries {
		parts = append(parts, domain.CountryName(c))
	}
	if e.Date != "" {
		parts = append(parts, e.Date.Format())
	}
	return strings.Join(parts, " · ")
}

// Duplicate is a recorded organization or person that a new one may
// duplicate.
type Duplicate struct {
	Ref    domain.RecordRef
	Detail string
}

// formMaxDuplicates bounds the possible duplicates a form lists.
const formMaxDuplicates = 10

// Duplicates returns the records of the kind with a name similar to one of
// names (see domain.SimilarNames): their main name or another.
func (fc *Catalog) Duplicates(t domain.RecordType, names []string) []Duplicate {
	var out []Duplicate
	for _, e := range fc.entries {
		if e.Type != t {
			continue
		}
		lines := append([]string{e.Label}, strings.Split(e.Search, "\n")...)
	entry:
		for _, line := range lines {
			for _, n := range names {
				if domain.SimilarNames(n, line) {
					out = append(out, Duplicate{Ref: e.Ref(), Detail: Detail(e)})
					break entry
				}
			}
		}
		if len(out) == formMaxDuplicates {
			break
		}
	}
	return out
}

// NamesOf returns the names of a new organization or person, which
// possible duplicates are looked for by; nil for other kinds.
func NamesOf(rec domain.Record) []string {
	switch r := rec.(type) {
	case *domain.Organization:
		return append([]string{r.Name}, r.AltNames...)
	case *domain.Person:
		return append([]string{r.FullName}, r.AltNames...)
	}
	return nil
}
