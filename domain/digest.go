package domain

import (
	"slices"
	"strings"
)

// Digest returns a copy of rec with only the fields that a country's
// timeline, dashboard and lists read, so that a country's dossier stays
// small. A test holds the timeline and dashboard of digests equal to those
// of the full records.
func Digest(rec Record) Record {
	meta := func(m *Meta) Meta {
		return Meta{ID: m.ID, Version: m.Version, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt, Evidence: m.Evidence}
	}
	switch v := rec.(type) {
	case *Organization:
		return &Organization{Meta: meta(&v.Meta), Name: v.Name, Acronym: v.Acronym, Country: v.Country, Kind: v.Kind}
	case *Person:
		return &Person{Meta: meta(&v.Meta), FullName: v.FullName, Country: v.Country, Positions: v.Positions}
	case *Agreement:
		return &Agreement{Meta: meta(&v.Meta), Kind: v.Kind, Title: v.Title, Parties: v.Parties, Countries: v.Countries,
			Signatories: v.Signatories, Present: v.Present, SignedOn: v.SignedOn, EffectiveOn: v.EffectiveOn,
			ExpiresOn: v.ExpiresOn, Renewal: v.Renewal, Status: v.Status}
	case *Event:
		return &Event{Meta: meta(&v.Meta), Kind: v.Kind, Title: v.Title, StartOn: v.StartOn, EndOn: v.EndOn, Place: v.Place,
			Host: v.Host, Participants: v.Participants, Countries: v.Countries}
	case *Program:
		return &Program{Meta: meta(&v.Meta), Name: v.Name, Status: v.Status, StartOn: v.StartOn, EndOn: v.EndOn,
			Milestones: v.Milestones, Beneficiaries: v.Beneficiaries, Partners: v.Partners, Countries: v.Countries}
	}
	return rec
}

// CountriesOf returns the countries a record concerns: those whose dossier
// holds it.
func CountriesOf(rec Record) []string {
	var c []string
	switch v := rec.(type) {
	case *Organization:
		c = []string{string(v.Country)}
	case *Person:
		c = []string{string(v.Country)}
	case *Agreement:
		c = v.Countries
	case *Event:
		c = v.Countries
	case *Program:
		c = v.Countries
	}
	out := make([]string, 0, len(c))
	for _, code := range c {
		if code != "" {
			out = append(out, code)
		}
	}
	return out
}

// SourcesCited returns the sources the dossier's records cite, as far as
// their citations tell (id, title, publication date), by id.
func (d *Dossier) SourcesCited() []*Source {
	seen := map[string]*Source{}
	var out []*Source
	add := func(m *Meta) {
		for _, c := range m.Evidence {
			if _, ok := seen[c.Source.ID]; ok {
				continue
			}
			s := &Source{Meta: Meta{ID: c.Source.ID}, Title: c.Source.Name, PublishedOn: c.PublishedOn}
			seen[c.Source.ID] = s
			out = append(out, s)
		}
	}
	for _, a := range d.Agreements {
		add(&a.Meta)
	}
	for _, e := range d.Events {
		add(&e.Meta)
	}
	for _, p := range d.Programs {
		add(&p.Meta)
	}
	sortByID(out)
	return out
}

func sortByID(srcs []*Source) {
	slices.SortFunc(srcs, func(a, b *Source) int { return strings.Compare(a.ID, b.ID) })
}
