package domain

import (
	"slices"
	"strings"
)

// The person's kind.
var _ = describe(Kind{Type: TypePerson, One: "person", Many: "people", Matches: "Name", ByCountry: true, DefaultSort: "name"})

// Person is an official or anyone else the cooperation involves, with the
// positions they held over time.
type Person struct {
	Meta
	FullName string `json:"full_name" validate:"required,max=200"`
	// AltNames holds other spellings and romanisations ("Chong, Jong-sup").
	AltNames  []string    `json:"alt_names,omitempty" validate:"max=50,dive,required,max=200"`
	Country   CountryCode `json:"country,omitempty" validate:"omitempty,country"`
	Positions []Position  `json:"positions,omitempty" validate:"max=100,dive"`
}

// Position is a post held, at an organization, between two dates; either
// date may be unknown.
type Position struct {
	Title        string `json:"title" validate:"required,max=300"`
	Organization *Ref   `json:"organization,omitempty"`
	From         Date   `json:"from_on,omitempty" validate:"date"`
	To           Date   `json:"to_on,omitempty" validate:"date"`
}

// HeldOn reports whether the position was held on day d. An unknown start or
// end is taken as open, so a post known only from one article counts.
func (p Position) HeldOn(d Date) bool {
	return (p.From == "" || p.From <= d) && (p.To == "" || d <= p.To)
}

// Type names the kind of record.
func (p *Person) Type() RecordType { return TypePerson }

// Label is the full name.
func (p *Person) Label() string { return p.FullName }

// Validate checks the person's rules.
// Errors: EINVALID.
func (p *Person) Validate() error {
	fields := validateStruct(p)
	for i, pos := range p.Positions {
		checkOrder(fields, "from_on", pos.From, indexed("positions", i)+".to_on", pos.To)
	}
	return FieldErrors(fields)
}

// References lists the organizations of the positions and the cited sources.
func (p *Person) References() []Reference {
	var refs []Reference
	for i := range p.Positions {
		refs = append(refs, optionalRef(indexed("positions", i)+".organization", TypeOrganization, p.Positions[i].Organization)...)
	}
	return append(refs, p.EvidenceReferences()...)
}

// Resolve has nothing to derive.
func (p *Person) Resolve(map[string]Linked) {}

// SearchText is the name and its other spellings.
func (p *Person) SearchText() string {
	return searchText(append([]string{p.FullName}, p.AltNames...)...)
}

// PositionsOn returns the positions held on day d, at the organization given
// (any organization when orgID is empty) and whose title contains title
// (ignoring case and accents; any title when empty).
func (p *Person) PositionsOn(d Date, orgID, title string) []Position {
	var out []Position
	want := Fold(title)
	for _, pos := range p.Positions {
		if !pos.HeldOn(d) {
			continue
		}
		if orgID != "" && (pos.Organization == nil || pos.Organization.ID != orgID) {
			continue
		}
		if want != "" && !strings.Contains(Fold(pos.Title), want) {
			continue
		}
		out = append(out, pos)
	}
	return out
}

// MainDate is none: people list by name.
func (p *Person) MainDate() Date { return "" }

// OfficeHolder is a person holding a post on a given day.
type OfficeHolder struct {
	Person   RecordRef `json:"person"`
	Position Position  `json:"position"`
}

// OfficeHolders returns who among people held a post whose title contains
// title (ignoring case and accents; any post when empty) on day on, by name.
func OfficeHolders(people []*Person, on Date, title string) []OfficeHolder {
	out := []OfficeHolder{}
	for _, p := range people {
		for _, pos := range p.PositionsOn(on, "", title) {
			out = append(out, OfficeHolder{Person: RecordRef{Type: TypePerson, ID: p.ID, Name: p.FullName}, Position: pos})
		}
	}
	slices.SortStableFunc(out, func(a, b OfficeHolder) int { return strings.Compare(Fold(a.Person.Name), Fold(b.Person.Name)) })
	return out
}
