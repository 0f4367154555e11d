package domain

// EventKind says what sort of engagement an event is.
type EventKind string

// The kinds of event.
const (
	EventOfficialVisit    EventKind = "official_visit"
	EventForum            EventKind = "forum"
	EventBilateralMeeting EventKind = "bilateral_meeting"
	EventSigningCeremony  EventKind = "signing_ceremony"
	EventSeminar          EventKind = "seminar"
	EventConference       EventKind = "conference"
	EventOther            EventKind = "other"
)

// EventKinds lists the kinds in the order forms offer them.
var EventKinds = []EventKind{EventOfficialVisit, EventForum, EventBilateralMeeting, EventSigningCeremony, EventSeminar, EventConference, EventOther}

// The event's kind.
var _ = describe(Kind{Type: TypeEvent, One: "event", Many: "events", Matches: "Title",
	Kinds: enumStrings(EventKinds), DateLabel: "Starts", ByCountry: true, DefaultSort: "-date"})

// Event is an engagement: a visit, a forum, a meeting.
type Event struct {
	Meta
	Kind    EventKind `json:"kind" validate:"required"`
	Title   string    `json:"title" validate:"required,max=500"`
	StartOn Date      `json:"start_on" validate:"required,date"`
	EndOn   Date      `json:"end_on,omitempty" validate:"date"`
	Place   Place     `json:"place"`
	// Host is the organization that hosted the event.
	Host         *Ref          `json:"host,omitempty"`
	Participants []Participant `json:"participants,omitempty" validate:"max=200,dive"`
	// Attendance is the figure as the source states it ("about 100 officials
	// including five ministers").
	Attendance string   `json:"attendance,omitempty" validate:"max=500"`
	Outcomes   []string `json:"outcomes,omitempty" validate:"max=50,dive,required,max=2000"`
	Agreements []Ref    `json:"agreements,omitempty" validate:"max=100,dive"`
	// Parent is the event this one happened during (the forum during the visit).
	Parent *Ref `json:"parent,omitempty"`
	// CountriesGiven are the countries the event concerns beyond those that
	// follow from its place, host and participants (a visit to two countries).
	CountriesGiven []CountryCode `json:"countries_given,omitempty" validate:"max=50,dive,country"`
	// Countries are all the countries the event concerns; derived.
	Countries []string `json:"countries"`
}

// Participant is a person or an organization taking part, with a role.
type Participant struct {
	Person       *Ref   `json:"person,omitempty"`
	Organization *Ref   `json:"organization,omitempty"`
	Role         string `json:"role,omitempty" validate:"max=300"`
}

// Type names the kind of record.
func (e *Event) Type() RecordType { return TypeEvent }

// Label is the title.
func (e *Event) Label() string { return e.Title }

// Validate checks the event's rules.
// Errors: EINVALID.
func (e *Event) Validate() error {
	fields := validateStruct(e)
	checkOneOf(fields, "kind", e.Kind, EventKinds)
	checkOrder(fields, "start_on", e.StartOn, "end_on", e.EndOn)
	for i, p := range e.Participants {
		if (p.Person == nil || p.Person.ID == "") && (p.Organization == nil || p.Organization.ID == "") {
			fields[indexed("participants", i)] = "needs a person or an organization"
		}
	}
	if e.Parent != nil && e.Parent.ID != "" && e.Parent.ID == e.ID {
		fields["parent.id"] = "an event cannot happen during itself"
	}
	return FieldErrors(fields)
}

// References lists the host, participants, agreements, parent and sources.
func (e *Event) References() []Reference {
	refs := optionalRef("host", TypeOrganization, e.Host)
	for i := range e.Participants {
		p := &e.Participants[i]
		refs = append(refs, optionalRef(indexed("participants", i)+".person", TypePerson, p.Person)...)
		refs = append(refs, optionalRef(indexed("participants", i)+".organization", TypeOrganization, p.Organization)...)
	}
	refs = append(refs, refList("agreements", TypeAgreement, e.Agreements)...)
	refs = append(refs, optionalRef("parent", TypeEvent, e.Parent)...)
	return append(refs, e.EvidenceReferences()...)
}

// Resolve sets the countries from the place, the host, the participants and
// the countries given.
func (e *Event) Resolve(linked map[string]Linked) {
	given := codeStrings(e.CountriesGiven)
	if e.Place.Country != "" {
		given = append(given, string(e.Place.Country))
	}
	refs := []*Ref{e.Host}
	for i := range e.Participants {
		refs = append(refs, e.Participants[i].Person, e.Participants[i].Organization)
	}
	e.Countries = countriesOf(linked, given, refs...)
}

// SearchText is the title.
func (e *Event) SearchText() string { return searchText(e.Title) }

// MainDate is the first day.
func (e *Event) MainDate() Date { return e.StartOn }
