package web

import (
	"net/url"

	"cooptrack/domain"
)

// formInput says how a field is entered.
type formInput string

const (
	formText     formInput = "text"
	formURL      formInput = "url"
	formTextarea formInput = "textarea"
	formLines    formInput = "lines" // a list of strings, one per line
	formDate     formInput = "date"
	formNumber   formInput = "number"  // a whole number
	formDecimal  formInput = "decimal" // an amount of money
	formCheckbox formInput = "checkbox"
	formSelect   formInput = "select"
	formCountry  formInput = "country" // a select of every country
	formPicker   formInput = "picker"  // a link to another record
	formGroup    formInput = "group"   // repeated rows: parties, signatories…
	formSet      formInput = "set"     // a nested object: place, renewal; its name prefixes its fields'
	formSection  formInput = "section" // layout only: a fieldset, or a row of fields when it has no label
)

// formField describes one input of a record's form, or a part holding
// others. Name is the JSON name within the parent, so that the input's
// name is the JSON path the domain reports errors on.
type formField struct {
	Name     string
	Label    string
	Hint     string
	Input    formInput
	Required bool
	Wide     bool
	// Options are a select's choices.
	Options []formOption
	// Pick is the kind of record a picker, or each row of a group of
	// pickers, links to.
	Pick domain.RecordType
	// Fields are the parts of a group's row, a set or a section.
	Fields []formField
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

// formOption is one choice of a select.
type formOption struct {
	Value, Label string
	Selected     bool
}

func formEnum[S ~string](values []S) []formOption {
	out := make([]formOption, len(values))
	for i, v := range values {
		out[i] = formOption{Value: string(v), Label: formCapitalize(domain.Words(v))}
	}
	return out
}

// formCapitalize upper-cases the first letter: "under negotiation" reads
// "Under negotiation".
func formCapitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// formCite is the part of a new record's form that attaches the source
// reporting it. Its names start with "cite.", which no record has.
var formCite = formField{Name: "cite", Label: "Evidence", Input: formSet, Only: "new",
	Hint: "The article or document that reports it, attached as evidence. You can attach more sources from the record's page.",
	Fields: []formField{
		{Name: "source", Label: "Source", Input: formPicker, Pick: domain.TypeSource,
			Hint: "Type its title, or a part of it and then choose. Not recorded yet? Add it under Sources first."},
		{Name: "quote", Label: "Quote", Input: formTextarea,
			Hint: "The passage that reports it, copied from the source."},
	}}

var formOrganizationFields = []formField{
	{Input: formSection, Fields: []formField{
		{Name: "name", Label: "Name", Input: formText, Required: true, Wide: true,
			Hint: "In full, as the organization names itself: Ministry of Justice and Human Rights of Peru"},
		{Name: "acronym", Label: "Acronym", Input: formText, Hint: "Such as MOGAHA"},
	}},
	{Input: formSection, Fields: []formField{
		{Name: "kind", Label: "Kind", Input: formSelect, Required: true, Options: formEnum(domain.OrganizationKinds)},
		{Name: "country", Label: "Country", Input: formCountry,
			Hint: "Required, except for an international organization"},
	}},
	{Name: "alt_names", Label: "Other names", Input: formLines,
		Hint: "One per line: translations and other spellings (Ministerio de Justicia y Derechos Humanos)"},
	{Name: "parent", Label: "Part of", Input: formPicker, Pick: domain.TypeOrganization,
		Hint: "The ministry an agency or office belongs to"},
	formCite,
}

var formPersonFields = []formField{
	{Input: formSection, Fields: []formField{
		{Name: "full_name", Label: "Full name", Input: formText, Required: true, Wide: true,
			Hint: "As the source writes it: Chong Jong-sup"},
		{Name: "country", Label: "Country", Input: formCountry},
	}},
	{Name: "alt_names", Label: "Other spellings", Input: formLines,
		Hint: "One per line: other romanisations and forms of the name (Chong, Jong-sup)"},
	{Name: "positions", Label: "Positions", Input: formGroup, Item: "position",
		Hint: "Posts held, with their dates when known",
		Fields: []formField{
			{Name: "title", Label: "Title", Input: formText, Required: true},
			{Name: "organization", Label: "Organization", Input: formPicker, Pick: domain.TypeOrganization},
			{Name: "from_on", Label: "From", Input: formDate},
			{Name: "to_on", Label: "To", Input: formDate},
		}},
	formCite,
}

var formAgreementFields = []formField{
	{Input: formSection, Fields: []formField{
		{Name: "kind", Label: "Kind", Input: formSelect, Required: true, Options: formEnum(domain.AgreementKinds)},
		{Name: "title", Label: "Title", Input: formText, Required: true, Wide: true,
			Hint: "As the source names it: MOU for e-government"},
	}},
	{Name: "parties", Label: "Parties", Input: formGroup, Item: "party", Pick: domain.TypeOrganization,
		Hint: "The organizations bound by it. Its countries follow from them."},
	{Label: "Signing", Input: formSection, Fields: []formField{
		{Name: "signed_on", Label: "Signed on", Input: formDate},
		{Name: "place", Input: formSet, Fields: []formField{
			{Name: "city", Label: "City", Input: formText},
			{Name: "country", Label: "Country", Input: formCountry},
		}},
	}},
	{Name: "signatories", Label: "Signatories", Input: formGroup, Item: "signatory",
		Hint: "Who signed, for which party. A person, an organization, or both.",
		Fields: []formField{
			{Name: "person", Label: "Person", Input: formPicker, Pick: domain.TypePerson},
			{Name: "organization", Label: "For", Input: formPicker, Pick: domain.TypeOrganization},
			{Name: "capacity", Label: "Capacity", Input: formText},
		}},
	{Name: "present", Label: "Present at the signing", Input: formGroup, Item: "person present",
		Hint: "A person on record, or as the source words it: President of Peru",
		Fields: []formField{
			{Name: "person", Label: "Person", Input: formPicker, Pick: domain.TypePerson},
			{Name: "capacity", Label: "Capacity", Input: formText},
		}},
	{Label: "Status", Input: formSection, Fields: []formField{
		{Name: "status", Label: "Status", Input: formSelect, Required: true, Options: formEnum(domain.AgreementStatuses),
			Hint: "Once signed, in force and expired follow from the dates"},
		{Name: "status_reason", Label: "Why this status", Input: formText, Only: "new",
			Hint: "Optional; kept in the status history"},
		{Name: "status_reason", Label: "Why the status changes", Input: formText, Only: "edit",
			Hint: "Required when you change the status; kept in the status history"},
	}},
	{Label: "Term", Input: formSection, Fields: []formField{
		{Name: "effective_on", Label: "In force from", Input: formDate, Hint: "When it differs from the signing"},
		{Name: "expires_on", Label: "Expires on", Input: formDate},
		{Name: "renewal", Input: formSet, Fields: []formField{
			{Name: "automatic", Label: "Renews itself automatically", Input: formCheckbox},
			{Name: "notice_days", Label: "Notice (days before expiry)", Input: formNumber,
				Hint: "To end or renew it; needs an expiry date"},
		}},
	}},
	{Name: "subjects", Label: "Subjects", Input: formLines, Comma: true,
		Hint: "Separated by commas or one per line: public security, e-government"},
	{Name: "events", Label: "Events", Input: formGroup, Item: "event", Pick: domain.TypeEvent,
		Hint: "The signing ceremony or visit it belongs to"},
	{Name: "programs", Label: "Programs", Input: formGroup, Item: "program", Pick: domain.TypeProgram,
		Hint: "The programs it covers"},
	formCite,
}

var formEventFields = []formField{
	{Input: formSection, Fields: []formField{
		{Name: "kind", Label: "Kind", Input: formSelect, Required: true, Options: formEnum(domain.EventKinds)},
		{Name: "title", Label: "Title", Input: formText, Required: true, Wide: true,
			Hint: "Korea-Peru high-level cooperation forum for e-government"},
	}},
	{Input: formSection, Fields: []formField{
		{Name: "start_on", Label: "Starts on", Input: formDate, Required: true},
		{Name: "end_on", Label: "Ends on", Input: formDate, Hint: "For events over several days"},
	}},
	{Name: "place", Label: "Place", Input: formSet, Fields: []formField{
		{Name: "city", Label: "City", Input: formText},
		{Name: "country", Label: "Country", Input: formCountry},
	}},
	{Name: "host", Label: "Host", Input: formPicker, Pick: domain.TypeOrganization},
	{Name: "participants", Label: "Participants", Input: formGroup, Item: "participant",
		Hint: "A person, an organization, or both, with the role the source gives",
		Fields: []formField{
			{Name: "person", Label: "Person", Input: formPicker, Pick: domain.TypePerson},
			{Name: "organization", Label: "Organization", Input: formPicker, Pick: domain.TypeOrganization},
			{Name: "role", Label: "Role", Input: formText},
		}},
	{Name: "attendance", Label: "Attendance", Input: formText, Wide: true,
		Hint: "As the source states it: about 100 high-level officials including five ministers"},
	{Name: "outcomes", Label: "Outcomes", Input: formLines, Hint: "One per line"},
	{Name: "agreements", Label: "Agreements", Input: formGroup, Item: "agreement", Pick: domain.TypeAgreement,
		Hint: "Agreements signed or discussed at it"},
	{Name: "parent", Label: "Part of", Input: formPicker, Pick: domain.TypeEvent,
		Hint: "The visit or conference it happened during"},
	{Name: "countries_given", Label: "Other countries", Input: formLines, Comma: true, Countries: true,
		Hint: "Countries it concerns beyond its place, host and participants: names or codes, separated by commas"},
	formCite,
}

var formProgramFields = []formField{
	{Name: "name", Label: "Name", Input: formText, Required: true, Wide: true,
		Hint: "Immigration modernization program of the Peruvian Immigration Office"},
	{Input: formSection, Fields: []formField{
		{Name: "status", Label: "Status", Input: formSelect, Required: true, Options: formEnum(domain.ProgramStatuses)},
		{Name: "sector", Label: "Sector", Input: formText},
	}},
	{Input: formSection, Fields: []formField{
		{Name: "start_on", Label: "Starts on", Input: formDate},
		{Name: "end_on", Label: "Ends on", Input: formDate},
	}},
	{Name: "parent", Label: "Part of", Input: formPicker, Pick: domain.TypeProgram,
		Hint: "The larger program or project it belongs to"},
	{Name: "beneficiaries", Label: "Beneficiaries", Input: formGroup, Item: "beneficiary", Pick: domain.TypeOrganization},
	{Name: "partners", Label: "Partners", Input: formGroup, Item: "partner", Pick: domain.TypeOrganization},
	{Name: "milestones", Label: "Milestones", Input: formGroup, Item: "milestone",
		Fields: []formField{
			{Name: "on", Label: "On", Input: formDate, Required: true},
			{Name: "title", Label: "Title", Input: formText, Required: true},
			{Name: "done", Label: "Done", Input: formCheckbox},
		}},
	{Name: "budget", Label: "Budget", Input: formSet, Fields: []formField{
		{Name: "amount", Label: "Amount", Input: formDecimal, Hint: "In the currency: 1,500,000.00"},
		{Name: "currency", Label: "Currency", Input: formText, Hint: "ISO code: USD, KRW, PEN"},
	}},
	{Name: "agreements", Label: "Agreements", Input: formGroup, Item: "agreement", Pick: domain.TypeAgreement},
	{Name: "systems", Label: "Systems shared", Input: formLines,
		Hint: "One per line: automated immigration system"},
	{Name: "countries_given", Label: "Other countries", Input: formLines, Comma: true, Countries: true,
		Hint: "Countries it concerns beyond its beneficiaries and partners: names or codes, separated by commas"},
	formCite,
}

var formSourceFields = []formField{
	{Name: "url", Label: "Address (URL)", Input: formURL, Wide: true, Placeholder: "https://"},
	{Name: "title", Label: "Title", Input: formText, Required: true, Wide: true},
	{Input: formSection, Fields: []formField{
		{Name: "publisher", Label: "Publisher", Input: formText},
		{Name: "published_on", Label: "Published on", Input: formDate},
		{Name: "language", Label: "Language", Input: formText, Hint: "A language tag: en, es, ko"},
	}},
	{Name: "text", Label: "Text", Input: formTextarea, Hint: "Paste the article's text: it is kept as evidence and searched for quotes."},
}

// formDefaults are what a new record's form starts with.
var formDefaults = map[domain.RecordType]url.Values{
	domain.TypeAgreement: {"kind": {string(domain.AgreementMOU)}, "status": {string(domain.StatusSigned)}},
	domain.TypeProgram:   {"status": {string(domain.ProgramActive)}},
}

// formLabelField names the field that holds each kind's name or title,
// which a link to create a record fills in.
var formLabelField = map[domain.RecordType]string{
	domain.TypeOrganization: "name",
	domain.TypePerson:       "full_name",
	domain.TypeAgreement:    "title",
	domain.TypeEvent:        "title",
	domain.TypeProgram:      "name",
	domain.TypeSource:       "title",
}

// formFieldsOf returns the fields of each kind's form.
var formFieldsOf = map[domain.RecordType][]formField{
	domain.TypeOrganization: formOrganizationFields,
	domain.TypePerson:       formPersonFields,
	domain.TypeAgreement:    formAgreementFields,
	domain.TypeEvent:        formEventFields,
	domain.TypeProgram:      formProgramFields,
	domain.TypeSource:       formSourceFields,
}

// formWalk calls fn for every field a form names, with its path: leaves,
// pickers and groups (not the fields inside a group's rows), in order.
func formWalk(fields []formField, prefix, mode string, fn func(f *formField, path string)) {
	for i := range fields {
		f := &fields[i]
		if f.Only != "" && mode != "" && f.Only != mode {
			continue
		}
		switch f.Input {
		case formSection:
			formWalk(f.Fields, prefix, mode, fn)
		case formSet:
			formWalk(f.Fields, prefix+f.Name+".", mode, fn)
		default:
			fn(f, prefix+f.Name)
		}
	}
}

// formLabelAt is the label the kind's form gives the field at path
// ("start_on", "place.city"): pages that ask for the same field elsewhere
// (the review of an article's drafts) say what the form says.
func formLabelAt(t domain.RecordType, path string) string {
	label := ""
	formWalk(formFieldsOf[t], "", "", func(f *formField, p string) {
		if p == path {
			label = f.Label
		}
	})
	if label == "" {
		panic("no field " + path + " in the form of " + string(t)) // a typo in a caller, which any test of its page finds
	}
	return label
}
