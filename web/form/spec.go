package form

import (
	"net/url"

	"cooptrack/domain"
)

// Input says how a field is entered.
type Input string

// The inputs.
const (
	Text     Input = "text"
	URL      Input = "url"
	Textarea Input = "textarea"
	Lines    Input = "lines" // a list of strings, one per line
	Date     Input = "date"
	Number   Input = "number"  // a whole number
	Decimal  Input = "decimal" // an amount of money
	Checkbox Input = "checkbox"
	Select   Input = "select"
	Country  Input = "country" // a select of every country
	Picker   Input = "picker"  // a link to another record
	Group    Input = "group"   // repeated rows: parties, signatories…
	Set      Input = "set"     // a nested object: place, renewal; its name prefixes its fields'
	Section  Input = "section" // layout only: a fieldset, or a row of fields when it has no label
)

// Field describes one input of a record's form, or a part holding
// others. Name is the JSON name within the parent, so that the input's
// name is the JSON path the domain reports errors on.
type Field struct {
	Name     string
	Label    string
	Hint     string
	Input    Input
	Required bool
	Wide     bool
	// Options are a select's choices.
	Options []Option
	// Pick is the kind of record a picker, or each row of a group of
	// pickers, links to.
	Pick domain.RecordType
	// Fields are the parts of a group's row, a set or a section.
	Fields []Field
	// Item names one row of a group: "party" gives "Party 1", "Add a party".
	Item string
	// Comma lets commas separate the items of a list too.
	Comma bool
	// Countries reads a list's items as country names or codes.
	Countries bool
	// Only shows the field on the "new" or the "edit" form alone.
	Only        string
	Placeholder string
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

func formEnum[S ~string](values []S) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: string(v), Label: domain.Capitalize(domain.Words(v))}
	}
	return out
}

// formCite is the part of a new record's form that attaches the source
// reporting it. Its names start with "cite.", which no record has.
var formCite = Field{Name: "cite", Label: "Evidence", Input: Set, Only: "new",
	Hint: "The article or document that reports it, attached as evidence. You can attach more sources from the record's page.",
	Fields: []Field{
		{Name: "source", Label: "Source", Input: Picker, Pick: domain.TypeSource,
			Hint: "Type its title, or a part of it and then choose. Not recorded yet? Add it under Sources first."},
		{Name: "quote", Label: "Quote", Input: Textarea,
			Hint: "The passage that reports it, copied from the source."},
	}}

var formOrganizationFields = []Field{
	{Input: Section, Fields: []Field{
		{Name: "name", Label: "Name", Input: Text, Required: true, Wide: true,
			Hint: "In full, as the organization names itself: Ministry of Justice and Human Rights of Peru"},
		{Name: "acronym", Label: "Acronym", Input: Text, Hint: "Such as MOGAHA"},
	}},
	{Input: Section, Fields: []Field{
		{Name: "kind", Label: "Kind", Input: Select, Required: true, Options: formEnum(domain.OrganizationKinds)},
		{Name: "country", Label: "Country", Input: Country,
			Hint: "Required, except for an international organization"},
	}},
	{Name: "alt_names", Label: "Other names", Input: Lines,
		Hint: "One per line: translations and other spellings (Ministerio de Justicia y Derechos Humanos)"},
	{Name: "parent", Label: "Part of", Input: Picker, Pick: domain.TypeOrganization,
		Hint: "The ministry an agency or office belongs to"},
	formCite,
}

var formPersonFields = []Field{
	{Input: Section, Fields: []Field{
		{Name: "full_name", Label: "Full name", Input: Text, Required: true, Wide: true,
			Hint: "As the source writes it: Chong Jong-sup"},
		{Name: "country", Label: "Country", Input: Country},
	}},
	{Name: "alt_names", Label: "Other spellings", Input: Lines,
		Hint: "One per line: other romanisations and forms of the name (Chong, Jong-sup)"},
	{Name: "positions", Label: "Positions", Input: Group, Item: "position",
		Hint: "Posts held, with their dates when known",
		Fields: []Field{
			{Name: "title", Label: "Title", Input: Text, Required: true},
			{Name: "organization", Label: "Organization", Input: Picker, Pick: domain.TypeOrganization},
			{Name: "from_on", Label: "From", Input: Date},
			{Name: "to_on", Label: "To", Input: Date},
		}},
	formCite,
}

var formAgreementFields = []Field{
	{Input: Section, Fields: []Field{
		{Name: "kind", Label: "Kind", Input: Select, Required: true, Options: formEnum(domain.AgreementKinds)},
		{Name: "title", Label: "Title", Input: Text, Required: true, Wide: true,
			Hint: "As the source names it: MOU for e-government"},
	}},
	{Name: "parties", Label: "Parties", Input: Group, Item: "party", Pick: domain.TypeOrganization,
		Hint: "The organizations bound by it. Its countries follow from them."},
	{Label: "Signing", Input: Section, Fields: []Field{
		{Name: "signed_on", Label: "Signed on", Input: Date},
		{Name: "place", Input: Set, Fields: []Field{
			{Name: "city", Label: "City", Input: Text},
			{Name: "country", Label: "Country", Input: Country},
		}},
	}},
	{Name: "signatories", Label: "Signatories", Input: Group, Item: "signatory",
		Hint: "Who signed, for which party. A person, an organization, or both.",
		Fields: []Field{
			{Name: "person", Label: "Person", Input: Picker, Pick: domain.TypePerson},
			{Name: "organization", Label: "For", Input: Picker, Pick: domain.TypeOrganization},
			{Name: "capacity", Label: "Capacity", Input: Text},
		}},
	{Name: "present", Label: "Present at the signing", Input: Group, Item: "person present",
		Hint: "A person on record, or as the source words it: President of Peru",
		Fields: []Field{
			{Name: "person", Label: "Person", Input: Picker, Pick: domain.TypePerson},
			{Name: "capacity", Label: "Capacity", Input: Text},
		}},
	{Label: "Status", Input: Section, Fields: []Field{
		{Name: "status", Label: "Status", Input: Select, Required: true, Options: formEnum(domain.AgreementStatuses),
			Hint: "Once signed, in force and expired follow from the dates"},
		{Name: "status_reason", Label: "Why this status", Input: Text, Only: "new",
			Hint: "Optional; kept in the status history"},
		{Name: "status_reason", Label: "Why the status changes", Input: Text, Only: "edit",
			Hint: "Required when you change the status; kept in the status history"},
	}},
	{Label: "Term", Input: Section, Fields: []Field{
		{Name: "effective_on", Label: "In force from", Input: Date, Hint: "When it differs from the signing"},
		{Name: "expires_on", Label: "Expires on", Input: Date},
		{Name: "renewal", Input: Set, Fields: []Field{
			{Name: "automatic", Label: "Renews itself automatically", Input: Checkbox},
			{Name: "notice_days", Label: "Notice (days before expiry)", Input: Number,
				Hint: "To end or renew it; needs an expiry date"},
		}},
	}},
	{Name: "subjects", Label: "Subjects", Input: Lines, Comma: true,
		Hint: "Separated by commas or one per line: public security, e-government"},
	{Name: "events", Label: "Events", Input: Group, Item: "event", Pick: domain.TypeEvent,
		Hint: "The signing ceremony or visit it belongs to"},
	{Name: "programs", Label: "Programs", Input: Group, Item: "program", Pick: domain.TypeProgram,
		Hint: "The programs it covers"},
	formCite,
}

var formEventFields = []Field{
	{Input: Section, Fields: []Field{
		{Name: "kind", Label: "Kind", Input: Select, Required: true, Options: formEnum(domain.EventKinds)},
		{Name: "title", Label: "Title", Input: Text, Required: true, Wide: true,
			Hint: "Korea-Peru high-level cooperation forum for e-government"},
	}},
	{Input: Section, Fields: []Field{
		{Name: "start_on", Label: "Starts on", Input: Date, Required: true},
		{Name: "end_on", Label: "Ends on", Input: Date, Hint: "For events over several days"},
	}},
	{Name: "place", Label: "Place", Input: Set, Fields: []Field{
		{Name: "city", Label: "City", Input: Text},
		{Name: "country", Label: "Country", Input: Country},
	}},
	{Name: "host", Label: "Host", Input: Picker, Pick: domain.TypeOrganization},
	{Name: "participants", Label: "Participants", Input: Group, Item: "participant",
		Hint: "A person, an organization, or both, with the role the source gives",
		Fields: []Field{
			{Name: "person", Label: "Person", Input: Picker, Pick: domain.TypePerson},
			{Name: "organization", Label: "Organization", Input: Picker, Pick: domain.TypeOrganization},
			{Name: "role", Label: "Role", Input: Text},
		}},
	{Name: "attendance", Label: "Attendance", Input: Text, Wide: true,
		Hint: "As the source states it: about 100 high-level officials including five ministers"},
	{Name: "outcomes", Label: "Outcomes", Input: Lines, Hint: "One per line"},
	{Name: "agreements", Label: "Agreements", Input: Group, Item: "agreement", Pick: domain.TypeAgreement,
		Hint: "Agreements signed or discussed at it"},
	{Name: "parent", Label: "Part of", Input: Picker, Pick: domain.TypeEvent,
		Hint: "The visit or conference it happened during"},
	{Name: "countries_given", Label: "Other countries", Input: Lines, Comma: true, Countries: true,
		Hint: "Countries it concerns beyond its place, host and participants: names or codes, separated by commas"},
	formCite,
}

var formProgramFields = []Field{
	{Name: "name", Label: "Name", Input: Text, Required: true, Wide: true,
		Hint: "Immigration modernization program of the Peruvian Immigration Office"},
	{Input: Section, Fields: []Field{
		{Name: "status", Label: "Status", Input: Select, Required: true, Options: formEnum(domain.ProgramStatuses)},
		{Name: "sector", Label: "Sector", Input: Text},
	}},
	{Input: Section, Fields: []Field{
		{Name: "start_on", Label: "Starts on", Input: Date},
		{Name: "end_on", Label: "Ends on", Input: Date},
	}},
	{Name: "parent", Label: "Part of", Input: Picker, Pick: domain.TypeProgram,
		Hint: "The larger program or project it belongs to"},
	{Name: "beneficiaries", Label: "Beneficiaries", Input: Group, Item: "beneficiary", Pick: domain.TypeOrganization},
	{Name: "partners", Label: "Partners", Input: Group, Item: "partner", Pick: domain.TypeOrganization},
	{Name: "milestones", Label: "Milestones", Input: Group, Item: "milestone",
		Fields: []Field{
			{Name: "on", Label: "On", Input: Date, Required: true},
			{Name: "title", Label: "Title", Input: Text, Required: true},
			{Name: "done", Label: "Done", Input: Checkbox},
		}},
	{Name: "budget", Label: "Budget", Input: Set, Fields: []Field{
		{Name: "amount", Label: "Amount", Input: Decimal, Hint: "In the currency: 1,500,000.00"},
		{Name: "currency", Label: "Currency", Input: Text, Hint: "ISO code: USD, KRW, PEN"},
	}},
	{Name: "agreements", Label: "Agreements", Input: Group, Item: "agreement", Pick: domain.TypeAgreement},
	{Name: "systems", Label: "Systems shared", Input: Lines,
		Hint: "One per line: automated immigration system"},
	{Name: "countries_given", Label: "Other countries", Input: Lines, Comma: true, Countries: true,
		Hint: "Countries it concerns beyond its beneficiaries and partners: names or codes, separated by commas"},
	formCite,
}

var formSourceFields = []Field{
	{Name: "url", Label: "Address (URL)", Input: URL, Wide: true, Placeholder: "https://"},
	{Name: "title", Label: "Title", Input: Text, Required: true, Wide: true},
	{Input: Section, Fields: []Field{
		{Name: "publisher", Label: "Publisher", Input: Text},
		{Name: "published_on", Label: "Published on", Input: Date},
		{Name: "language", Label: "Language", Input: Text, Hint: "A language tag: en, es, ko"},
	}},
	{Name: "text", Label: "Text", Input: Textarea, Hint: "Paste the article's text: it is kept as evidence and searched for quotes."},
}

// Defaults are what a new record's form starts with.
var Defaults = map[domain.RecordType]url.Values{
	domain.TypeAgreement: {"kind": {string(domain.AgreementMOU)}, "status": {string(domain.StatusSigned)}},
	domain.TypeProgram:   {"status": {string(domain.ProgramActive)}},
}

// LabelField names the field that holds each kind's name or title,
// which a link to create a record fills in.
var LabelField = map[domain.RecordType]string{
	domain.TypeOrganization: "name",
	domain.TypePerson:       "full_name",
	domain.TypeAgreement:    "title",
	domain.TypeEvent:        "title",
	domain.TypeProgram:      "name",
	domain.TypeSource:       "title",
}

// FieldsOf returns the fields of each kind's form.
var FieldsOf = map[domain.RecordType][]Field{
	domain.TypeOrganization: formOrganizationFields,
	domain.TypePerson:       formPersonFields,
	domain.TypeAgreement:    formAgreementFields,
	domain.TypeEvent:        formEventFields,
	domain.TypeProgram:      formProgramFields,
	domain.TypeSource:       formSourceFields,
}

// formWalk calls fn for every field a form names, with its path: leaves,
// pickers and groups (not the fields inside a group's rows), in order.
func formWalk(fields []Field, prefix, mode string, fn func(f *Field, path string)) {
	for i := range fields {
		f := &fields[i]
		if f.Only != "" && mode != "" && f.Only != mode {
			continue
		}
		switch f.Input {
		case Section:
			formWalk(f.Fields, prefix, mode, fn)
		case Set:
			formWalk(f.Fields, prefix+f.Name+".", mode, fn)
		default:
			fn(f, prefix+f.Name)
		}
	}
}

// LabelAt is the label the kind's form gives the field at path
// ("start_on", "place.city"): pages that ask for the same field elsewhere
// (the review of an article's drafts) say what the form says.
func LabelAt(t domain.RecordType, path string) string {
	label := ""
	formWalk(FieldsOf[t], "", "", func(f *Field, p string) {
		if p == path {
			label = f.Label
		}
	})
	if label == "" {
		panic("no field " + path + " in the form of " + string(t)) // a typo in a caller, which any test of its page finds
	}
	return label
}
