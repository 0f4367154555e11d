package domain

// ProgramStatus is where a program stands.
type ProgramStatus string

// The statuses of a program.
const (
	ProgramPipeline  ProgramStatus = "pipeline"
	ProgramActive    ProgramStatus = "active"
	ProgramCompleted ProgramStatus = "completed"
	ProgramSuspended ProgramStatus = "suspended"
	ProgramCancelled ProgramStatus = "cancelled"
)

// ProgramStatuses lists the statuses in the order of a program's life.
var ProgramStatuses = []ProgramStatus{ProgramPipeline, ProgramActive, ProgramCompleted, ProgramSuspended, ProgramCancelled}

// The program's kind.
var _ = describe(Kind{Type: TypeProgram, One: "program", Many: "programs", Matches: "Name, sector or system",
	Statuses: enumStrings(ProgramStatuses), DateLabel: "Starts", ByCountry: true, DefaultSort: "-date"})

// Program is a cooperation program or project, possibly part of a larger one.
type Program struct {
	Meta
	Name          string        `json:"name" validate:"required,max=500"`
	Parent        *Ref          `json:"parent,omitempty"`
	Beneficiaries []Ref         `json:"beneficiaries,omitempty" validate:"max=50,dive"`
	Partners      []Ref         `json:"partners,omitempty" validate:"max=50,dive"`
	Sector        string        `json:"sector,omitempty" validate:"max=200"`
	Status        ProgramStatus `json:"status" validate:"required"`
	StartOn       Date          `json:"start_on,omitempty" validate:"date"`
	EndOn         Date          `json:"end_on,omitempty" validate:"date"`
	Milestones    []Milestone   `json:"milestones,omitempty" validate:"max=200,dive"`
	Budget        *Money        `json:"budget,omitempty"`
	Agreements    []Ref         `json:"agreements,omitempty" validate:"max=100,dive"`
	// Systems are the systems or solutions shared ("automated immigration").
	Systems []string `json:"systems,omitempty" validate:"max=50,dive,required,max=300"`
	// CountriesGiven are countries the program concerns beyond those of its
	// beneficiaries and partners.
	CountriesGiven []CountryCode `json:"countries_given,omitempty" validate:"max=50,dive,country"`
	// Countries are all the countries the program concerns; derived.
	Countries []string `json:"countries"`
}

// Milestone is a dated step of a program.
type Milestone struct {
	On    Date   `json:"on" validate:"required,date"`
	Title string `json:"title" validate:"required,max=500"`
	Done  bool   `json:"done"`
}

// Money is an amount in minor units (cents) of an ISO 4217 currency.
type Money struct {
	Amount   int64  `json:"amount" validate:"gte=0"`
	Currency string `json:"currency" validate:"required,iso4217"`
}

// Type names the kind of record.
func (p *Program) Type() RecordType { return TypeProgram }

// Label is the name.
func (p *Program) Label() string { return p.Name }

// Validate checks the program's rules.
// Errors: EINVALID.
func (p *Program) Validate() error {
	fields := validateStruct(p)
	checkOneOf(fields, "status", p.Status, ProgramStatuses)
	checkOrder(fields, "start_on", p.StartOn, "end_on", p.EndOn)
	if p.Parent != nil && p.Parent.ID != "" && p.Parent.ID == p.ID {
		fields["parent.id"] = "a program cannot be part of itself"
	}
	return FieldErrors(fields)
}

// Progress returns the milestones done and the milestones in all.
func (p *Program) Progress() (done, total int) {
	for _, m := range p.Milestones {
		if m.Done {
			done++
		}
	}
	return done, len(p.Milestones)
}

// References lists the parent, beneficiaries, partners, agreements and sources.
func (p *Program) References() []Reference {
	refs := optionalRef("parent", TypeProgram, p.Parent)
	refs = append(refs, refList("beneficiaries", TypeOrganization, p.Beneficiaries)...)
	refs = append(refs, refList("partners", TypeOrganization, p.Partners)...)
	refs = append(refs, refList("agreements", TypeAgreement, p.Agreements)...)
	return append(refs, p.EvidenceReferences()...)
}

// Resolve sets the countries from the beneficiaries, partners and those given.
func (p *Program) Resolve(linked map[string]Linked) {
	var refs []*Ref
	for i := range p.Beneficiaries {
		refs = append(refs, &p.Beneficiaries[i])
	}
	for i := range p.Partners {
		refs = append(refs, &p.Partners[i])
	}
	p.Countries = countriesOf(linked, codeStrings(p.CountriesGiven), refs...)
}

// SearchText is the name, sector and systems.
func (p *Program) SearchText() string {
	return searchText(append([]string{p.Name, p.Sector}, p.Systems...)...)
}

// MainDate is the start.
func (p *Program) MainDate() Date { return p.StartOn }
