package importing

import (
	"slices"
	"strings"

	"cooptrack/domain"
)

// Field is a column's destination: a field of the record, or a part of one
// (place_city), as the import names it.
type Field struct {
	Name     string `json:"name"`
	Help     string `json:"help"`
	Required bool   `json:"required"`
	// aliases are other headers that name the field, in guessKey form.
	aliases []string
	// path is where the record's own errors about the field are found
	// ("place.country", "parties").
	path string
	set  func(p *parser, rec domain.Record, v string)
}

func (f *Field) names() []string {
	return append([]string{guessKey(f.Name), guessKey(f.Help)}, f.aliases...)
}

// Fields returns the fields a column may fill for the kind.
func Fields(kind domain.RecordType) []Field { return slices.Clone(fieldsOf(kind)) }

// FieldNames returns the names of the kind's fields.
func FieldNames(kind domain.RecordType) []string {
	var out []string
	for _, f := range fieldsOf(kind) {
		out = append(out, f.Name)
	}
	return out
}

func fieldsOf(kind domain.RecordType) []Field { return fieldTable[kind] }

func fieldOf(kind domain.RecordType, name string) *Field {
	fs := fieldTable[kind]
	for i := range fs {
		if fs[i].Name == name {
			return &fs[i]
		}
	}
	return nil
}

// newRecord returns an empty record of the kind, with the defaults an
// import gives when a column is absent or empty.
func newRecord(kind domain.RecordType) domain.Record {
	switch kind {
	case domain.TypeAgreement:
		return &domain.Agreement{Kind: domain.AgreementMOU}
	case domain.TypeOrganization:
		return &domain.Organization{}
	case domain.TypePerson:
		return &domain.Person{}
	case domain.TypeEvent:
		return &domain.Event{}
	case domain.TypeProgram:
		return &domain.Program{}
	}
	return nil
}

// settle completes a record once every cell is set: defaults that depend on
// other fields, and the rules an import adds to the record's own.
func settle(p *parser, rec domain.Record) {
	switch r := rec.(type) {
	case *domain.Agreement:
		if r.Status == "" {
			r.Status = domain.StatusDraft
			if r.SignedOn != "" {
				r.Status = domain.StatusSigned
			}
		}
		// A spreadsheet row of an agreement with no party names nothing
		// the office can act on; a form may keep a draft without one.
		if len(r.Parties) == 0 {
			p.fail("parties", "at least one party is required")
		}
	case *domain.Person:
		if len(r.Positions) == 1 && r.Positions[0].Title == "" && (r.Positions[0].Organization != nil || r.Positions[0].From != "" || r.Positions[0].To != "") {
			p.fail("position_title", "is required with a position's organization or dates")
		}
		if len(r.Positions) == 1 && r.Positions[0].Title == "" {
			r.Positions = nil
		}
	}
}

func agreement(r domain.Record) *domain.Agreement       { return r.(*domain.Agreement) }
func organization(r domain.Record) *domain.Organization { return r.(*domain.Organization) }
func person(r domain.Record) *domain.Person             { return r.(*domain.Person) }
func event(r domain.Record) *domain.Event               { return r.(*domain.Event) }
func program(r domain.Record) *domain.Program           { return r.(*domain.Program) }

// position returns the person's one position an import fills.
func position(r domain.Record) *domain.Position {
	p := person(r)
	if len(p.Positions) == 0 {
		p.Positions = []domain.Position{{}}
	}
	return &p.Positions[0]
}

func aliases(s ...string) []string {
	out := make([]string, len(s))
	for i, a := range s {
		out[i] = guessKey(a)
	}
	return out
}

// fieldTable lists, per kind, the fields a column may fill. Lists (parties,
// subjects, …) are separated by ";", "|" or line breaks in a cell, never by
// commas, which names hold ("Chong, Jong-sup").
var fieldTable = map[domain.RecordType][]Field{
	domain.TypeAgreement: {
		{Name: "title", Help: "title", Required: true, path: "title", aliases: aliases("agreement", "name", "agreement title", "mou"),
			set: func(p *parser, r domain.Record, v string) { agreement(r).Title = v }},
		{Name: "kind", Help: "kind (MOU when empty)", path: "kind", aliases: aliases("type", "instrument"),
			set: func(p *parser, r domain.Record, v string) {
				agreement(r).Kind = enum(p, "kind", v, domain.AgreementKinds, domain.AgreementMOU, agreementKindWords)
			}},
		{Name: "status", Help: "status (signed when a signing date is given, draft otherwise)", path: "status",
			set: func(p *parser, r domain.Record, v string) {
				agreement(r).Status = enum(p, "status", v, domain.AgreementStatuses, "", nil)
			}},
		{Name: "parties", Help: "parties (organizations by name or acronym)", Required: true, path: "parties", aliases: aliases("party", "partner", "partners", "counterpart", "organizations"),
			set: func(p *parser, r domain.Record, v string) {
				for _, name := range list(v) {
					if ref, ok := p.ref("parties", domain.TypeOrganization, name); ok {
						agreement(r).Parties = append(agreement(r).Parties, ref)
					}
				}
			}},
		{Name: "subjects", Help: "subjects", path: "subjects", aliases: aliases("subject", "topics", "areas", "fields"),
			set: func(p *parser, r domain.Record, v string) { agreement(r).Subjects = list(v) }},
		{Name: "signed_on", Help: "signing date", path: "signed_on", aliases: aliases("signed", "date signed", "signature date", "date of signature", "date"),
			set: func(p *parser, r domain.Record, v string) { agreement(r).SignedOn = p.date("signed_on", v) }},
		{Name: "effective_on", Help: "effective date", path: "effective_on", aliases: aliases("effective", "entry into force", "in force from"),
			set: func(p *parser, r domain.Record, v string) { agreement(r).EffectiveOn = p.date("effective_on", v) }},
		{Name: "expires_on", Help: "expiry date", path: "expires_on", aliases: aliases("expires", "expiry", "expiration", "expiration date", "end date"),
			set: func(p *parser, r domain.Record, v string) { agreement(r).ExpiresOn = p.date("expires_on", v) }},
		{Name: "place_city", Help: "city of signing", path: "place.city", aliases: aliases("city", "place"),
			set: func(p *parser, r domain.Record, v string) { agreement(r).Place.City = v }},
		{Name: "place_country", Help: "country of signing", path: "place.country",
			set: func(p *parser, r domain.Record, v string) {
				agreement(r).Place.Country = domain.CountryCode(p.country("place_country", v))
			}},
		{Name: "renewal_automatic", Help: "renews automatically (yes or no)", path: "renewal.automatic", aliases: aliases("automatic renewal", "auto renewal", "renewal"),
			set: func(p *parser, r domain.Record, v string) {
				agreement(r).Renewal.Automatic = p.boolean("renewal_automatic", v)
			}},
		{Name: "notice_days", Help: "days of notice before expiry", path: "renewal.notice_days", aliases: aliases("notice", "notice period"),
			set: func(p *parser, r domain.Record, v string) {
				agreement(r).Renewal.NoticeDays = p.integer("notice_days", v)
			}},
	},
	domain.TypeOrganization: {
		{Name: "name", Help: "name", Required: true, path: "name", aliases: aliases("organization", "institution"),
			set: func(p *parser, r domain.Record, v string) { organization(r).Name = v }},
		{Name: "acronym", Help: "acronym", path: "acronym", aliases: aliases("abbreviation", "short name"),
			set: func(p *parser, r domain.Record, v string) { organization(r).Acronym = v }},
		{Name: "alt_names", Help: "other names", path: "alt_names", aliases: aliases("aliases", "also known as"),
			set: func(p *parser, r domain.Record, v string) { organization(r).AltNames = list(v) }},
		{Name: "country", Help: "country (name or ISO code)", path: "country",
			set: func(p *parser, r domain.Record, v string) {
				organization(r).Country = domain.CountryCode(p.country("country", v))
			}},
		{Name: "kind", Help: "kind", path: "kind", aliases: aliases("type"),
			set: func(p *parser, r domain.Record, v string) {
				organization(r).Kind = enum(p, "kind", v, domain.OrganizationKinds, "", nil)
			}},
		{Name: "parent", Help: "parent organization", path: "parent", aliases: aliases("part of", "parent organization"),
			set: func(p *parser, r domain.Record, v string) {
				if ref, ok := p.ref("parent", domain.TypeOrganization, v); ok {
					organization(r).Parent = &ref
				}
			}},
	},
	domain.TypePerson: {
		{Name: "full_name", Help: "full name", Required: true, path: "full_name", aliases: aliases("name", "person"),
			set: func(p *parser, r domain.Record, v string) { person(r).FullName = v }},
		{Name: "alt_names", Help: "other spellings", path: "alt_names", aliases: aliases("aliases", "other names"),
			set: func(p *parser, r domain.Record, v string) { person(r).AltNames = list(v) }},
		{Name: "country", Help: "country (name or ISO code)", path: "country", aliases: aliases("nationality"),
			set: func(p *parser, r domain.Record, v string) {
				person(r).Country = domain.CountryCode(p.country("country", v))
			}},
		{Name: "position_title", Help: "position", path: "positions", aliases: aliases("position", "title", "post", "job title"),
			set: func(p *parser, r domain.Record, v string) { position(r).Title = v }},
		{Name: "position_organization", Help: "position's organization", path: "positions[0].organization", aliases: aliases("organization", "institution"),
			set: func(p *parser, r domain.Record, v string) {
				if ref, ok := p.ref("position_organization", domain.TypeOrganization, v); ok {
					position(r).Organization = &ref
				}
			}},
		{Name: "position_from_on", Help: "in the position from", path: "positions[0].from_on", aliases: aliases("from", "since"),
			set: func(p *parser, r domain.Record, v string) { position(r).From = p.date("position_from_on", v) }},
		{Name: "position_to_on", Help: "in the position until", path: "positions[0].to_on", aliases: aliases("to", "until"),
			set: func(p *parser, r domain.Record, v string) { position(r).To = p.date("position_to_on", v) }},
	},
	domain.TypeEvent: {
		{Name: "title", Help: "title", Required: true, path: "title", aliases: aliases("event", "name"),
			set: func(p *parser, r domain.Record, v string) { event(r).Title = v }},
		{Name: "kind", Help: "kind", path: "kind", aliases: aliases("type"),
			set: func(p *parser, r domain.Record, v string) {
				event(r).Kind = enum(p, "kind", v, domain.EventKinds, "", map[string]domain.EventKind{"visit": domain.EventOfficialVisit, "meeting": domain.EventBilateralMeeting})
			}},
		{Name: "start_on", Help: "first day", Required: true, path: "start_on", aliases: aliases("start", "date", "from", "start date"),
			set: func(p *parser, r domain.Record, v string) { event(r).StartOn = p.date("start_on", v) }},
		{Name: "end_on", Help: "last day", path: "end_on", aliases: aliases("end", "to", "end date"),
			set: func(p *parser, r domain.Record, v string) { event(r).EndOn = p.date("end_on", v) }},
		{Name: "place_city", Help: "city", path: "place.city", aliases: aliases("city", "place"),
			set: func(p *parser, r domain.Record, v string) { event(r).Place.City = v }},
		{Name: "place_country", Help: "country of the place", path: "place.country", aliases: aliases("country"),
			set: func(p *parser, r domain.Record, v string) {
				event(r).Place.Country = domain.CountryCode(p.country("place_country", v))
			}},
		{Name: "host", Help: "host (organization)", path: "host", aliases: aliases("host organization", "organizer"),
			set: func(p *parser, r domain.Record, v string) {
				if ref, ok := p.ref("host", domain.TypeOrganization, v); ok {
					event(r).Host = &ref
				}
			}},
		{Name: "participants", Help: "participants (people or organizations)", path: "participants", aliases: aliases("attendees", "delegation"),
			set: func(p *parser, r domain.Record, v string) {
				for _, name := range list(v) {
					if pt, ok := p.participant(name); ok {
						event(r).Participants = append(event(r).Participants, pt)
					}
				}
			}},
		{Name: "attendance", Help: "attendance as stated", path: "attendance",
			set: func(p *parser, r domain.Record, v string) { event(r).Attendance = v }},
		{Name: "outcomes", Help: "outcomes", path: "outcomes", aliases: aliases("results"),
			set: func(p *parser, r domain.Record, v string) { event(r).Outcomes = list(v) }},
		{Name: "countries", Help: "other countries concerned", path: "countries_given",
			set: func(p *parser, r domain.Record, v string) { event(r).CountriesGiven = p.countries("countries", v) }},
		{Name: "parent", Help: "the event it was part of", path: "parent", aliases: aliases("part of", "during"),
			set: func(p *parser, r domain.Record, v string) {
				if ref, ok := p.ref("parent", domain.TypeEvent, v); ok {
					event(r).Parent = &ref
				}
			}},
	},
	domain.TypeProgram: {
		{Name: "name", Help: "name", Required: true, path: "name", aliases: aliases("program", "programme", "project", "title"),
			set: func(p *parser, r domain.Record, v string) { program(r).Name = v }},
		{Name: "status", Help: "status", path: "status",
			set: func(p *parser, r domain.Record, v string) {
				program(r).Status = enum(p, "status", v, domain.ProgramStatuses, "", map[string]domain.ProgramStatus{"ongoing": domain.ProgramActive, "planned": domain.ProgramPipeline})
			}},
		{Name: "sector", Help: "sector", path: "sector",
			set: func(p *parser, r domain.Record, v string) { program(r).Sector = v }},
		{Name: "start_on", Help: "start date", path: "start_on", aliases: aliases("start", "from"),
			set: func(p *parser, r domain.Record, v string) { program(r).StartOn = p.date("start_on", v) }},
		{Name: "end_on", Help: "end date", path: "end_on", aliases: aliases("end", "to"),
			set: func(p *parser, r domain.Record, v string) { program(r).EndOn = p.date("end_on", v) }},
		{Name: "beneficiaries", Help: "beneficiaries (organizations)", path: "beneficiaries", aliases: aliases("beneficiary"),
			set: func(p *parser, r domain.Record, v string) {
				program(r).Beneficiaries = p.refs("beneficiaries", domain.TypeOrganization, v)
			}},
		{Name: "partners", Help: "partners (organizations)", path: "partners", aliases: aliases("partner", "implementers"),
			set: func(p *parser, r domain.Record, v string) {
				program(r).Partners = p.refs("partners", domain.TypeOrganization, v)
			}},
		{Name: "countries", Help: "countries concerned", path: "countries_given", aliases: aliases("country"),
			set: func(p *parser, r domain.Record, v string) { program(r).CountriesGiven = p.countries("countries", v) }},
		{Name: "systems", Help: "systems shared", path: "systems",
			set: func(p *parser, r domain.Record, v string) { program(r).Systems = list(v) }},
		{Name: "parent", Help: "the program it is part of", path: "parent", aliases: aliases("part of"),
			set: func(p *parser, r domain.Record, v string) {
				if ref, ok := p.ref("parent", domain.TypeProgram, v); ok {
					program(r).Parent = &ref
				}
			}},
	},
}

var agreementKindWords = map[string]domain.AgreementKind{
	"memorandum_of_understanding": domain.AgreementMOU,
	"memorandum":                  domain.AgreementMOU,
	"loi":                         domain.AgreementLetterOfIntent,
}

// fieldOfPath returns the import field under which an error at the
// record's JSON path belongs, or "" when none does.
func fieldOfPath(kind domain.RecordType, path string) string {
	best, bestLen := "", -1
	for _, f := range fieldsOf(kind) {
		if (path == f.path || strings.HasPrefix(path, f.path+".") || strings.HasPrefix(path, f.path+"[")) && len(f.path) > bestLen {
			best, bestLen = f.Name, len(f.path)
		}
	}
	return best
}
