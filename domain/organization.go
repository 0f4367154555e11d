package domain

// OrganizationKind says what sort of body an organization is.
type OrganizationKind string

// The kinds of organization.
const (
	OrgMinistry        OrganizationKind = "ministry"
	OrgAgency          OrganizationKind = "agency"
	OrgOffice          OrganizationKind = "office"
	OrgEmbassy         OrganizationKind = "embassy"
	OrgLocalGovernment OrganizationKind = "local_government"
	OrgCompany         OrganizationKind = "company"
	OrgInternational   OrganizationKind = "international_organization"
	OrgOther           OrganizationKind = "other"
)

// OrganizationKinds lists the kinds in the order forms offer them.
var OrganizationKinds = []OrganizationKind{OrgMinistry, OrgAgency, OrgOffice, OrgEmbassy, OrgLocalGovernment, OrgCompany, OrgInternational, OrgOther}

// The organization's kind.
var _ = describe(Kind{Type: TypeOrganization, One: "organization", Many: "organizations", Matches: "Name or acronym",
	Kinds: enumStrings(OrganizationKinds), ByCountry: true, DefaultSort: "name"})

// Organization is a ministry, agency, office or other body, of one country
// (none for an international organization).
type Organization struct {
	Meta
	Name     string           `json:"name" validate:"required,max=300"`
	Acronym  string           `json:"acronym,omitempty" validate:"max=40"`
	AltNames []string         `json:"alt_names,omitempty" validate:"max=50,dive,required,max=300"`
	Country  CountryCode      `json:"country,omitempty" validate:"omitempty,country"`
	Kind     OrganizationKind `json:"kind" validate:"required"`
	Parent   *Ref             `json:"parent,omitempty"`
}

// Type names the kind of record.
func (o *Organization) Type() RecordType { return TypeOrganization }

// Label is the organization's name.
func (o *Organization) Label() string { return o.Name }

// Validate checks the organization's rules.
// Errors: EINVALID.
func (o *Organization) Validate() error {
	fields := validateStruct(o)
	checkOneOf(fields, "kind", o.Kind, OrganizationKinds)
	if o.Country == "" && o.Kind != OrgInternational {
		fields["country"] = "is required, except for an international organization"
	}
	if o.Parent != nil && o.Parent.ID != "" && o.Parent.ID == o.ID {
		fields["parent.id"] = "an organization cannot be its own parent"
	}
	return FieldErrors(fields)
}

// References lists the parent and the cited sources.
func (o *Organization) References() []Reference {
	return append(optionalRef("parent", TypeOrganization, o.Parent), o.EvidenceReferences()...)
}

// Resolve has nothing to derive: an organization's country is its own.
func (o *Organization) Resolve(map[string]Linked) {}

// SearchText is the name, acronym and other names.
func (o *Organization) SearchText() string {
	return searchText(append([]string{o.Name, o.Acronym}, o.AltNames...)...)
}

// MainDate is none: organizations list by name.
func (o *Organization) MainDate() Date { return "" }
