package domain

import (
	"slices"
	"time"
)

// RecordType names a kind of record. The same word names it in the API
// ("agreement"), in its collection ("agreements") and in the code.
type RecordType string

// The kinds of record cooptrack keeps.
const (
	TypeCountry      RecordType = "country"
	TypeOrganization RecordType = "organization"
	TypePerson       RecordType = "person"
	TypeAgreement    RecordType = "agreement"
	TypeEvent        RecordType = "event"
	TypeProgram      RecordType = "program"
	TypeSource       RecordType = "source"
)

// RecordTypes lists the kinds of record that are created and edited, in the
// order pages and exports show them.
var RecordTypes = []RecordType{TypeOrganization, TypePerson, TypeAgreement, TypeEvent, TypeProgram, TypeSource}

// Collection returns the plural name of the type, used for its collection
// and its API path: "agreements".
func (t RecordType) Collection() string {
	if t == TypeCountry {
		return "countries"
	}
	return kinds[t].Many
}

// RecordTypeOfCollection returns the type whose collection is name.
func RecordTypeOfCollection(name string) (RecordType, bool) {
	for _, t := range append([]RecordType{TypeCountry}, RecordTypes...) {
		if t.Collection() == name {
			return t, true
		}
	}
	return "", false
}

// Meta holds what every record has: its id, its version for optimistic
// concurrency, its timestamps and the sources it cites. How records are
// stored is the repository's to say: domain types carry no storage tags.
type Meta struct {
	ID        string     `json:"id"`
	Version   int64      `json:"version"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	Evidence  []Citation `json:"evidence"`
}

// RecordMeta returns the record's Meta; it makes every record a Record.
func (m *Meta) RecordMeta() *Meta { return m }

// Record is what every kind of record can do; the store is written once
// against it.
type Record interface {
	RecordMeta() *Meta
	// Type names the kind of record.
	Type() RecordType
	// Label is the name or title under which other records show it.
	Label() string
	// Validate checks the record's own rules, everything that does not need
	// the store. It returns an *Error with code EINVALID naming each field.
	Validate() error
	// References lists every link to another record, with its field path,
	// so that the store can check that they exist and fill in their names.
	References() []Reference
	// Resolve sets the fields that follow from the referenced records (the
	// countries of an agreement follow from its parties).
	Resolve(linked map[string]Linked)
	// SearchText is the text that q matches: names, titles, spellings.
	SearchText() string
	// MainDate is the date lists sort and filter on: signed_on, start_on,
	// published_on; "" for kinds without one.
	MainDate() Date
}

// Ref is a link to another record by id, with the record's display name kept
// beside it so that lists need no second read. The store fills Name in and
// keeps it current when the referenced record is renamed.
type Ref struct {
	ID   string `json:"id" validate:"required,max=64"`
	Name string `json:"name,omitempty"`
}

// Reference is one link held by a record: where it is (a JSON path such as
// "parties[0]"), what it points to, and the Ref to fill in.
type Reference struct {
	Field string
	Type  RecordType
	Ref   *Ref
	// Date, when set, receives the main date of the record referenced (a
	// cited source's publication date).
	Date *Date
}

// Linked is what a record learns from a record it references.
type Linked struct {
	Type    RecordType
	Label   string
	Country CountryCode
	Date    Date
}

// RecordRef names a record of any type, for links across kinds.
type RecordRef struct {
	Type RecordType `json:"type"`
	ID   string     `json:"id"`
	Name string     `json:"name,omitempty"`
}

// Place is where something happened.
type Place struct {
	City    string      `json:"city,omitempty" validate:"max=200"`
	Country CountryCode `json:"country,omitempty" validate:"omitempty,country"`
}

// String renders a place for people: "Lima, Peru".
func (p Place) String() string {
	name := ""
	if c, ok := LookupCountry(string(p.Country)); ok {
		name = c.Name
	}
	switch {
	case p.City != "" && name != "":
		return p.City + ", " + name
	case p.City != "":
		return p.City
	}
	return name
}

// Citation is one source cited by a record as evidence, with the passage
// quoted and the fields it supports.
type Citation struct {
	ID     string `json:"id"`
	Source Ref    `json:"source"`
	// PublishedOn is the source's publication date, kept beside its title
	// so that timelines need not read the source.
	PublishedOn Date      `json:"published_on,omitempty"`
	Quote       string    `json:"quote,omitempty"`
	Supports    []string  `json:"supports,omitempty"`
	AddedAt     time.Time `json:"added_at"`
}

// EvidenceInput is what a caller gives to cite a source.
type EvidenceInput struct {
	SourceID string   `json:"source_id" validate:"required,max=64"`
	Quote    string   `json:"quote" validate:"max=5000,multiline"`
	Supports []string `json:"supports" validate:"max=50,dive,required,max=100"`
}

// Validate checks the citation input.
func (in *EvidenceInput) Validate() error { return FieldErrors(validateStruct(in)) }

// EvidenceReferences lists the sources a record cites, as references.
func (m *Meta) EvidenceReferences() []Reference {
	refs := make([]Reference, 0, len(m.Evidence))
	for i := range m.Evidence {
		refs = append(refs, Reference{Field: indexed("evidence", i) + ".source", Type: TypeSource, Ref: &m.Evidence[i].Source, Date: &m.Evidence[i].PublishedOn})
	}
	return refs
}

// refList turns a list of refs into references of one type.
func refList(field string, t RecordType, refs []Ref) []Reference {
	out := make([]Reference, 0, len(refs))
	for i := range refs {
		out = append(out, Reference{Field: indexed(field, i), Type: t, Ref: &refs[i]})
	}
	return out
}

// optionalRef returns the reference of a ref that may be absent.
func optionalRef(field string, t RecordType, r *Ref) []Reference {
	if r == nil || r.ID == "" {
		return nil
	}
	return []Reference{{Field: field, Type: t, Ref: r}}
}

// countriesOf gathers the sorted, distinct country codes given and those of
// the linked records named.
func countriesOf(linked map[string]Linked, given []string, refs ...*Ref) []string {
	set := slices.Clone(given)
	for _, r := range refs {
		if r == nil {
			continue
		}
		if l, ok := linked[r.ID]; ok && l.Country != "" {
			set = append(set, string(l.Country))
		}
	}
	if set == nil {
		set = []string{}
	}
	slices.Sort(set)
	return slices.Compact(set)
}

// searchText folds the parts into the text that q matches.
func searchText(parts ...string) string {
	var b []byte
	for _, p := range parts {
		if p == "" {
			continue
		}
		if len(b) > 0 {
			b = append(b, '\n')
		}
		b = append(b, Fold(p)...)
	}
	return string(b)
}
