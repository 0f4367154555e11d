// Package extract drafts cooperation records from the text of an article:
// the countries it names and their roles, organizations, people with their
// positions, agreements, events and programs. It is plain, deterministic Go:
// rules, title lexicons and gazetteers built from the domain's country list;
// no network and no model.
//
// Every proposal carries Spans, the places in the text it was read from.
// A Span is a pair of BYTE offsets [start, end) into Article.Text (Go string
// indexes, end exclusive), always on UTF-8 rune boundaries. A page that
// highlights in JavaScript converts them (new TextEncoder) or is rendered by
// Go, which slices the text directly.
//
// Dates are ISO text of the precision the article gives: "2015-04-17",
// "2015-04" for a month, "2015" for a year. A date without a year takes the
// year of Article.PublishedOn, or the year before when the sentence is in
// the past tense and the date would fall after publication (the year after
// for a future one that would fall before it). No day is ever invented.
//
// It imports domain only: no store, no network, no model loaded at run time.
package extract

import (
	"context"

	"cooptrack/domain"
)

// Article is the input: the text, when it was published (to complete dates
// without a year and read "last year" or "on Tuesday"), and the home
// country, the ISO code of the country whose office keeps the records. When
// Home is empty it is taken to be the country the article names most. It
// is also the body of POST /api/v1/extract.
type Article struct {
	Text        string      `json:"text"`
	PublishedOn domain.Date `json:"published_on,omitempty"`
	Home        string      `json:"home_country,omitempty"`
}

// Span is a [start, end) pair of byte offsets into Article.Text.
type Span [2]int

// Match is an existing record a proposal may be the same as.
type Match struct {
	Type domain.RecordType `json:"type"`
	ID   string            `json:"id"`
}

// Matcher finds the existing record a proposal names. The store provides
// one (CatalogMatcher); Extract is given nil when there is no store
// (cooptrack extract --no-store), and then proposes no matches. Match
// returns nil when it knows no such record or cannot tell which of several
// it is, and an error only when it cannot look.
type Matcher interface {
	Match(ctx context.Context, q Query) (*Match, error)
}

// Query is what a Matcher is asked: the kind of record and what the
// article says of it.
type Query struct {
	Type domain.RecordType
	// Name is the name or title as the article gives it.
	Name string
	// Acronym is an organization's acronym, when the article gives one.
	Acronym string
	// Countries are the ISO codes the article ties the record to: an
	// organization's or a person's country, an agreement's parties'. A
	// record of other countries is not a match.
	Countries []string
	// Kind and On are an agreement's or an event's kind and main date
	// (signing, first day), of the precision the article gives: a record
	// of that kind, on that day, of those countries is the one, whatever
	// its title.
	Kind string
	On   string
}

// Country roles.
const (
	RoleHome      = "home"
	RolePartner   = "partner"
	RoleMentioned = "mentioned"
)

// Proposals are the records drafted from one article, for a person to
// review. Lists are never nil, so that JSON shows [] rather than null.
type Proposals struct {
	Countries     []CountryProposal      `json:"countries"`
	Organizations []OrganizationProposal `json:"organizations"`
	People        []PersonProposal       `json:"people"`
	Agreements    []AgreementProposal    `json:"agreements"`
	Events        []EventProposal        `json:"events"`
	Programs      []ProgramProposal      `json:"programs"`
}

// CountryProposal is a country the article names, by name, demonym
// ("Peruvian") or capital used for its government ("Seoul").
type CountryProposal struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Role  string `json:"role"`
	Spans []Span `json:"spans"`
}

// OrganizationProposal is a body named in the article, or implied by a
// title ("Minister of Justice and Human Rights of Peru").
type OrganizationProposal struct {
	Name    string                  `json:"name"`
	Acronym string                  `json:"acronym,omitempty"`
	Country string                  `json:"country,omitempty"`
	Kind    domain.OrganizationKind `json:"kind"`
	Spans   []Span                  `json:"spans"`
	Match   *Match                  `json:"match"`
}

// PersonProposal is a named person with the position the article gives.
// Name is in the order the article writes it, without the comma of
// "Chong, Jong-sup".
type PersonProposal struct {
	Name         string `json:"name"`
	Title        string `json:"title,omitempty"`
	Organization string `json:"organization,omitempty"`
	Country      string `json:"country,omitempty"`
	Spans        []Span `json:"spans"`
	Match        *Match `json:"match"`
}

// Place is where something happened, as far as the article says.
type Place struct {
	City    string `json:"city,omitempty"`
	Country string `json:"country,omitempty"`
}

// AgreementProposal is an instrument signed, negotiated or referred to.
// Parties are organization names; Countries are the parties' countries and
// the countries the agreement is said to be with. Status is "signed",
// "under_negotiation" or "referenced" (mentioned without either).
type AgreementProposal struct {
	Kind        domain.AgreementKind `json:"kind"`
	Subject     string               `json:"subject,omitempty"`
	Parties     []string             `json:"parties"`
	Countries   []string             `json:"countries"`
	Signatories []string             `json:"signatories"`
	Place       Place                `json:"place"`
	SignedOn    string               `json:"signed_on,omitempty"`
	Status      string               `json:"status"`
	Spans       []Span               `json:"spans"`
	Match       *Match               `json:"match"`
}

// Agreement statuses as the article states them.
const (
	AgreementSigned           = "signed"
	AgreementUnderNegotiation = "under_negotiation"
	AgreementReferenced       = "referenced"
)

// EventProposal is a visit, forum, meeting or other engagement.
// Participants are people and organizations as the article states them;
// Attendance is a stated count ("About 100 high-level officials").
type EventProposal struct {
	Kind         domain.EventKind `json:"kind"`
	Title        string           `json:"title"`
	StartOn      string           `json:"start_on,omitempty"`
	EndOn        string           `json:"end_on,omitempty"`
	Place        Place            `json:"place"`
	Participants []string         `json:"participants"`
	Attendance   string           `json:"attendance,omitempty"`
	Spans        []Span           `json:"spans"`
	Match        *Match           `json:"match"`
}

// ProgramProposal is a cooperation program or project. Status is a
// domain.ProgramStatus when the article says one ("launched" is active,
// "requested" or "planned" pipeline), empty otherwise.
type ProgramProposal struct {
	Name        string               `json:"name"`
	Beneficiary string               `json:"beneficiary,omitempty"`
	Status      domain.ProgramStatus `json:"status,omitempty"`
	Spans       []Span               `json:"spans"`
	Match       *Match               `json:"match"`
}

// Extract drafts records from an article. m may be nil; otherwise each
// organization, person, agreement, event and program is looked up by name,
// and an error from m is returned as it is.
func Extract(ctx context.Context, a Article, m Matcher) (Proposals, error) {
	p := extract(a)
	if m == nil {
		return p, nil
	}
	var err error
	look := func(q Query) *Match {
		if err != nil || q.Name == "" {
			return nil
		}
		var found *Match
		found, err = m.Match(ctx, q)
		return found
	}
	for i, o := range p.Organizations {
		p.Organizations[i].Match = look(Query{Type: domain.TypeOrganization, Name: o.Name, Acronym: o.Acronym, Countries: codes(o.Country)})
	}
	for i, x := range p.People {
		p.People[i].Match = look(Query{Type: domain.TypePerson, Name: x.Name, Countries: codes(x.Country)})
	}
	for i, a := range p.Agreements {
		p.Agreements[i].Match = look(Query{Type: domain.TypeAgreement, Name: agreementTitle(a), Countries: a.Countries, Kind: string(a.Kind), On: a.SignedOn})
	}
	for i, e := range p.Events {
		p.Events[i].Match = look(Query{Type: domain.TypeEvent, Name: e.Title, Countries: codes(e.Place.Country), Kind: string(e.Kind), On: e.StartOn})
	}
	for i, x := range p.Programs {
		p.Programs[i].Match = look(Query{Type: domain.TypeProgram, Name: x.Name})
	}
	if err != nil {
		return Proposals{}, err
	}
	return p, nil
}

// codes is the list of one country code, or none.
func codes(code string) []string {
	if code == "" {
		return nil
	}
	return []string{code}
}
