package domain

import "time"

// AgreementKind says what sort of instrument an agreement is.
type AgreementKind string

// The kinds of agreement.
const (
	AgreementMOU                     AgreementKind = "mou"
	AgreementAgreement               AgreementKind = "agreement"
	AgreementTreaty                  AgreementKind = "treaty"
	AgreementLetterOfIntent          AgreementKind = "letter_of_intent"
	AgreementImplementingArrangement AgreementKind = "implementing_arrangement"
	AgreementJointStatement          AgreementKind = "joint_statement"
	AgreementOther                   AgreementKind = "other"
)

// AgreementKinds lists the kinds in the order forms offer them.
var AgreementKinds = []AgreementKind{AgreementMOU, AgreementAgreement, AgreementTreaty, AgreementLetterOfIntent, AgreementImplementingArrangement, AgreementJointStatement, AgreementOther}

// AgreementStatus is where an agreement stands.
type AgreementStatus string

// The statuses of an agreement. Signed, in force and expired follow from the
// dates (see Agreement.StatusOn); the others are set by hand.
const (
	StatusDraft            AgreementStatus = "draft"
	StatusUnderNegotiation AgreementStatus = "under_negotiation"
	StatusSigned           AgreementStatus = "signed"
	StatusInForce          AgreementStatus = "in_force"
	StatusExpired          AgreementStatus = "expired"
	StatusTerminated       AgreementStatus = "terminated"
)

// AgreementStatuses lists the statuses in the order of an agreement's life.
var AgreementStatuses = []AgreementStatus{StatusDraft, StatusUnderNegotiation, StatusSigned, StatusInForce, StatusExpired, StatusTerminated}

// The agreement's kind.
var _ = describe(Kind{Type: TypeAgreement, One: "agreement", Many: "agreements", Matches: "Title or subject",
	Kinds: enumStrings(AgreementKinds), Statuses: enumStrings(AgreementStatuses), DateLabel: "Signed", ByCountry: true, DefaultSort: "-date"})

// Agreement is an MOU, treaty or other instrument between organizations.
type Agreement struct {
	Meta
	Kind     AgreementKind `json:"kind" validate:"required"`
	Title    string        `json:"title" validate:"required,max=500"`
	Subjects []string      `json:"subjects,omitempty" validate:"max=30,dive,required,max=100"`
	// Parties are the organizations bound by the agreement.
	Parties []Ref `json:"parties,omitempty" validate:"max=50,dive"`
	// Countries follow from the parties; they are never set by hand.
	Countries   []string    `json:"countries"`
	Signatories []Signatory `json:"signatories,omitempty" validate:"max=50,dive"`
	// Present are those who witnessed the signing (the Presidents).
	Present     []Presence `json:"present,omitempty" validate:"max=50,dive"`
	Place       Place      `json:"place"`
	SignedOn    Date       `json:"signed_on,omitempty" validate:"date"`
	EffectiveOn Date       `json:"effective_on,omitempty" validate:"date"`
	ExpiresOn   Date       `json:"expires_on,omitempty" validate:"date"`
	Renewal     Renewal    `json:"renewal"`
	Events      []Ref      `json:"events,omitempty" validate:"max=100,dive"`
	Programs    []Ref      `json:"programs,omitempty" validate:"max=100,dive"`

	// Status is the status as last recorded; read it through StatusOn,
	// which lets the dates decide.
	Status AgreementStatus `json:"status" validate:"required"`
	// StatusReason says why the status is changed by hand; it is kept in
	// StatusHistory and not stored on the record itself.
	StatusReason  string         `json:"status_reason,omitempty" validate:"max=1000"`
	StatusHistory []StatusChange `json:"status_history,omitempty"`
}

// Signatory is who signed for a party, and in what capacity.
type Signatory struct {
	Person       *Ref   `json:"person,omitempty"`
	Organization *Ref   `json:"organization,omitempty"`
	Capacity     string `json:"capacity,omitempty" validate:"max=300"`
}

// Presence is someone present at a signing: a known person, or as the source
// words it when it names no one ("President of Peru").
type Presence struct {
	Person   *Ref   `json:"person,omitempty"`
	Capacity string `json:"capacity,omitempty" validate:"max=300"`
}

// Renewal says how an agreement is renewed.
type Renewal struct {
	Automatic bool `json:"automatic"`
	// NoticeDays is how many days before expiry notice must be given to end
	// (or to renew) the agreement; 0 when none is stated.
	NoticeDays int `json:"notice_days,omitempty" validate:"gte=0,lte=3650"`
}

// StatusChange is one status set by hand, when, and why.
type StatusChange struct {
	Status AgreementStatus `json:"status"`
	At     time.Time       `json:"at"`
	Reason string          `json:"reason,omitempty"`
}

// Type names the kind of record.
func (a *Agreement) Type() RecordType { return TypeAgreement }

// Label is the title.
func (a *Agreement) Label() string { return a.Title }

// Validate checks the agreement's rules.
// Errors: EINVALID.
func (a *Agreement) Validate() error {
	fields := validateStruct(a)
	checkOneOf(fields, "kind", a.Kind, AgreementKinds)
	checkOneOf(fields, "status", a.Status, AgreementStatuses)
	checkOrder(fields, "signed_on", a.SignedOn, "effective_on", a.EffectiveOn)
	checkOrder(fields, "signed_on", a.SignedOn, "expires_on", a.ExpiresOn)
	checkOrder(fields, "effective_on", a.EffectiveOn, "expires_on", a.ExpiresOn)
	for i, s := range a.Signatories {
		if (s.Person == nil || s.Person.ID == "") && (s.Organization == nil || s.Organization.ID == "") {
			fields[indexed("signatories", i)] = "needs a person or an organization"
		}
	}
	for i, p := range a.Present {
		if (p.Person == nil || p.Person.ID == "") && p.Capacity == "" {
			fields[indexed("present", i)] = "needs a person or a capacity"
		}
	}
	switch a.Status {
	case StatusSigned, StatusInForce, StatusExpired:
		if a.SignedOn == "" {
			fields["signed_on"] = "is required once an agreement is signed"
		}
	case StatusDraft, StatusUnderNegotiation:
		if a.SignedOn != "" {
			fields["signed_on"] = "must be empty while the agreement is " + string(a.Status) + "; set the status to signed"
		}
	}
	if a.Renewal.NoticeDays > 0 && a.ExpiresOn == "" {
		fields["renewal.notice_days"] = "needs expires_on to count from"
	}
	return FieldErrors(fields)
}

// StatusOn returns the status on day today. Once signed, the dates decide:
// past its expiry an agreement reads as expired (unless it renews itself),
// from its effective date (or its signing, when no other date is given) as
// in force. Draft, under negotiation and terminated stand as recorded, and
// so does an expiry recorded by hand.
func (a *Agreement) StatusOn(today Date) AgreementStatus {
	switch a.Status {
	case StatusSigned, StatusInForce:
	default:
		return a.Status
	}
	switch {
	case a.ExpiresOn != "" && a.ExpiresOn < today && !a.Renewal.Automatic:
		return StatusExpired
	case a.EffectiveOn != "" && a.EffectiveOn <= today:
		return StatusInForce
	case a.EffectiveOn == "" && a.SignedOn != "" && a.SignedOn <= today:
		return StatusInForce
	}
	return StatusSigned
}

// NoticeDueOn returns the last day to give notice before expiry, or "" when
// the agreement has no notice period or no expiry.
func (a *Agreement) NoticeDueOn() Date {
	if a.Renewal.NoticeDays <= 0 || a.ExpiresOn == "" {
		return ""
	}
	return a.ExpiresOn.AddDays(-a.Renewal.NoticeDays)
}

// References lists the parties, signatories, people present, linked events
// and programs, and the cited sources.
func (a *Agreement) References() []Reference {
	refs := refList("parties", TypeOrganization, a.Parties)
	for i := range a.Signatories {
		s := &a.Signatories[i]
		refs = append(refs, optionalRef(indexed("signatories", i)+".person", TypePerson, s.Person)...)
		refs = append(refs, optionalRef(indexed("signatories", i)+".organization", TypeOrganization, s.Organization)...)
	}
	for i := range a.Present {
		refs = append(refs, optionalRef(indexed("present", i)+".person", TypePerson, a.Present[i].Person)...)
	}
	refs = append(refs, refList("events", TypeEvent, a.Events)...)
	refs = append(refs, refList("programs", TypeProgram, a.Programs)...)
	return append(refs, a.EvidenceReferences()...)
}

// Resolve sets the countries from the parties.
func (a *Agreement) Resolve(linked map[string]Linked) {
	parties := make([]*Ref, len(a.Parties))
	for i := range a.Parties {
		parties[i] = &a.Parties[i]
	}
	a.Countries = countriesOf(linked, nil, parties...)
}

// SearchText is the title and subjects.
func (a *Agreement) SearchText() string {
	return searchText(append([]string{a.Title}, a.Subjects...)...)
}

// Amend carries the status history over from the stored agreement (nil on
// create) and records a status set by hand, which needs a reason once the
// agreement exists.
// Errors: EINVALID.
func (a *Agreement) Amend(old Record, now time.Time) error {
	// The reason is input only: it lives on in the history.
	reason := a.StatusReason
	a.StatusReason = ""
	prev, _ := old.(*Agreement)
	if prev == nil {
		a.StatusHistory = []StatusChange{{Status: a.Status, At: now, Reason: reason}}
		return nil
	}
	a.StatusHistory = prev.StatusHistory
	if a.Status == prev.Status {
		return nil
	}
	if reason == "" {
		a.StatusReason = reason
		return FieldErrors(map[string]string{"status_reason": "is required to change the status"})
	}
	a.StatusHistory = append(a.StatusHistory, StatusChange{Status: a.Status, At: now, Reason: reason})
	return nil
}

// Amender is a record with rules that compare it with its stored version.
type Amender interface {
	Amend(old Record, now time.Time) error
}

// MainDate is the signing date.
func (a *Agreement) MainDate() Date { return a.SignedOn }
