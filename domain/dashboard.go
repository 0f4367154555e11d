package domain

import (
	"cmp"
	"slices"
)

// DueWindowDays is how many days ahead the dashboard looks for expiries and
// renewal notices.
const DueWindowDays = 180

// Reasons an agreement is due.
const (
	DueExpires          = "expires"
	DueRenewalNoticeDue = "renewal_notice_due"
)

// How many counterparts and citations a dashboard shows.
const (
	dashboardTopN     = 10
	dashboardEvidence = 10
)

// Dashboard is a partner country at a glance on one day: what is in force,
// what falls due, who the counterparts are, what happened last and what comes
// next, and the evidence behind it.
type Dashboard struct {
	Country Country `json:"country"`
	Today   Date    `json:"today"`
	// AgreementsByStatus counts the agreements by their status on Today;
	// every status is a key.
	AgreementsByStatus map[AgreementStatus]int `json:"agreements_by_status"`
	// Agreements are all the agreements, newest signed first; those not
	// signed come last, by title.
	Agreements []AgreementSummary `json:"agreements"`
	// ActivePrograms are the programs whose status is active, latest start
	// first; those with no start come last, by name.
	ActivePrograms []ProgramSummary `json:"active_programs"`
	// LastEngagement is the latest event started on or before Today.
	LastEngagement *EventSummary `json:"last_engagement"`
	// NextEngagement is the earliest event starting after Today.
	NextEngagement *EventSummary `json:"next_engagement"`
	// DueSoon are the expiries and renewal notices of agreements still
	// signed or in force that fall within DueWindowDays from Today, soonest
	// first.
	DueSoon []DueAgreement `json:"due_soon"`
	// TopOrganizations are the country's own organizations that most
	// records link to, at most 10.
	TopOrganizations []Counterpart `json:"top_organizations"`
	// TopPeople are the country's people that most records link to, at most 10.
	TopPeople []Counterpart `json:"top_people"`
	// RecentEvidence are the citations made by the dossier's records,
	// newest source first, at most 10.
	RecentEvidence []EvidenceItem `json:"recent_evidence"`
}

// AgreementSummary is an agreement as the dashboard lists it.
type AgreementSummary struct {
	Ref         RecordRef       `json:"record"`
	Kind        AgreementKind   `json:"kind"`
	Status      AgreementStatus `json:"status"`
	SignedOn    Date            `json:"signed_on,omitempty"`
	EffectiveOn Date            `json:"effective_on,omitempty"`
	ExpiresOn   Date            `json:"expires_on,omitempty"`
	Parties     []Ref           `json:"parties"`
}

// ProgramSummary is a program as the dashboard lists it, with its progress
// and the earliest milestone not done.
type ProgramSummary struct {
	Ref             RecordRef     `json:"record"`
	Status          ProgramStatus `json:"status"`
	StartOn         Date          `json:"start_on,omitempty"`
	EndOn           Date          `json:"end_on,omitempty"`
	MilestonesDone  int           `json:"milestones_done"`
	MilestonesTotal int           `json:"milestones_total"`
	NextMilestone   *Milestone    `json:"next_milestone"`
}

// EventSummary is an event as the dashboard shows it.
type EventSummary struct {
	Ref     RecordRef `json:"record"`
	Kind    EventKind `json:"kind"`
	StartOn Date      `json:"start_on"`
	EndOn   Date      `json:"end_on,omitempty"`
	Place   Place     `json:"place"`
}

// DueAgreement is an agreement's expiry or last day for renewal notice,
// with the days left until it.
type DueAgreement struct {
	Ref      RecordRef `json:"record"`
	Reason   string    `json:"reason"` // DueExpires or DueRenewalNoticeDue
	On       Date      `json:"on"`
	DaysLeft int       `json:"days_left"`
}

// Counterpart is an organization or person with the number of records that
// link to it, and for a person the title held.
type Counterpart struct {
	Ref      RecordRef `json:"record"`
	Links    int       `json:"links"`
	Position string    `json:"position,omitempty"`
}

// EvidenceItem is one citation: the source, the passage quoted, and the
// record that cites it.
type EvidenceItem struct {
	Source      RecordRef `json:"source"`
	PublishedOn Date      `json:"published_on,omitempty"`
	Quote       string    `json:"quote,omitempty"`
	CitedBy     RecordRef `json:"cited_by"`
}

// Summarize computes the dashboard of the dossier on day today. A nil
// dossier gives an empty dashboard. Every list is non-nil and in an order
// that does not depend on the dossier's.
func Summarize(d *Dossier, today Date) Dashboard {
	if d == nil {
		d = &Dossier{}
	}
	db := Dashboard{
		Country:            d.Country,
		Today:              today,
		AgreementsByStatus: make(map[AgreementStatus]int, len(AgreementStatuses)),
		Agreements:         make([]AgreementSummary, 0, len(d.Agreements)),
		ActivePrograms:     []ProgramSummary{},
		DueSoon:            []DueAgreement{},
	}
	for _, s := range AgreementStatuses {
		db.AgreementsByStatus[s] = 0
	}

	for _, a := range d.Agreements {
		status := a.StatusOn(today)
		db.AgreementsByStatus[status]++
		db.Agreements = append(db.Agreements, AgreementSummary{
			Ref:         recordRefOf(a),
			Kind:        a.Kind,
			Status:      status,
			SignedOn:    a.SignedOn,
			EffectiveOn: a.EffectiveOn,
			ExpiresOn:   a.ExpiresOn,
			Parties:     append([]Ref{}, a.Parties...),
		})
		db.DueSoon = append(db.DueSoon, dueOf(a, today)...)
	}
	slices.SortFunc(db.Agreements, func(x, y AgreementSummary) int {
		return cmp.Or(
			NewestFirst(x.SignedOn, y.SignedOn),
			cmp.Compare(x.Ref.Name, y.Ref.Name),
			cmp.Compare(x.Ref.ID, y.Ref.ID),
		)
	})
	slices.SortFunc(db.DueSoon, func(x, y DueAgreement) int {
		return cmp.Or(
			cmp.Compare(x.On, y.On),
			cmp.Compare(x.Ref.ID, y.Ref.ID),
			cmp.Compare(x.Reason, y.Reason),
		)
	})

	for _, p := range d.Programs {
		if p.Status == ProgramActive {
			db.ActivePrograms = append(db.ActivePrograms, summarizeProgram(p))
		}
	}
	slices.SortFunc(db.ActivePrograms, func(x, y ProgramSummary) int {
		return cmp.Or(
			NewestFirst(x.StartOn, y.StartOn),
			cmp.Compare(x.Ref.Name, y.Ref.Name),
			cmp.Compare(x.Ref.ID, y.Ref.ID),
		)
	})

	db.LastEngagement, db.NextEngagement = engagements(d.Events, today)
	db.TopOrganizations = topOrganizations(d)
	db.TopPeople = topPeople(d, today)
	db.RecentEvidence = recentEvidence(d)
	return db
}

// dueOf returns the expiry and the renewal notice of an agreement still
// signed or in force that fall within the window from today.
func dueOf(a *Agreement, today Date) []DueAgreement {
	if today == "" {
		return nil
	}
	switch a.StatusOn(today) {
	case StatusSigned, StatusInForce:
	default:
		return nil
	}
	last := today.AddDays(DueWindowDays)
	var due []DueAgreement
	for _, c := range []struct {
		reason string
		on     Date
	}{
		{DueRenewalNoticeDue, a.NoticeDueOn()},
		{DueExpires, a.ExpiresOn},
	} {
		if c.on == "" || c.on < today || c.on > last {
			continue
		}
		due = append(due, DueAgreement{Ref: recordRefOf(a), Reason: c.reason, On: c.on, DaysLeft: daysBetween(today, c.on)})
	}
	return due
}

// daysBetween returns the number of days from d to e, negative when e is
// before d; both must be known.
func daysBetween(d, e Date) int {
	return int((e.Time().Unix() - d.Time().Unix()) / 86400) // a time.Duration saturates past 292 years
}

func summarizeProgram(p *Program) ProgramSummary {
	done, total := p.Progress()
	s := ProgramSummary{
		Ref:             recordRefOf(p),
		Status:          p.Status,
		StartOn:         p.StartOn,
		EndOn:           p.EndOn,
		MilestonesDone:  done,
		MilestonesTotal: total,
	}
	for i := range p.Milestones {
		m := p.Milestones[i]
		if m.Done {
			continue
		}
		if s.NextMilestone == nil || cmp.Or(OldestFirst(m.On, s.NextMilestone.On), cmp.Compare(m.Title, s.NextMilestone.Title)) < 0 {
			s.NextMilestone = &m
		}
	}
	return s
}

// engagements returns the latest event started on or before today and the
// earliest event starting after it; ties go to the smaller id.
func engagements(events []*Event, today Date) (last, next *EventSummary) {
	var lastEv, nextEv *Event
	for _, e := range events {
		if e.StartOn == "" {
			continue
		}
		if e.StartOn <= today {
			if lastEv == nil || e.StartOn > lastEv.StartOn || (e.StartOn == lastEv.StartOn && e.ID < lastEv.ID) {
				lastEv = e
			}
			continue
		}
		if nextEv == nil || e.StartOn < nextEv.StartOn || (e.StartOn == nextEv.StartOn && e.ID < nextEv.ID) {
			nextEv = e
		}
	}
	return summarizeEvent(lastEv), summarizeEvent(nextEv)
}

func summarizeEvent(e *Event) *EventSummary {
	if e == nil {
		return nil
	}
	return &EventSummary{Ref: recordRefOf(e), Kind: e.Kind, StartOn: e.StartOn, EndOn: e.EndOn, Place: e.Place}
}

// linkCounter counts, for each id, the distinct records that link to it.
type linkCounter map[string]map[string]bool

func (c linkCounter) add(from Record, ids ...string) {
	key := string(from.Type()) + "/" + from.RecordMeta().ID
	for _, id := range ids {
		if id == "" {
			continue
		}
		if c[id] == nil {
			c[id] = map[string]bool{}
		}
		c[id][key] = true
	}
}

func refIDs(refs ...*Ref) []string {
	ids := make([]string, 0, len(refs))
	for _, r := range refs {
		if r != nil {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func refsOf(list []Ref) []*Ref {
	out := make([]*Ref, len(list))
	for i := range list {
		out[i] = &list[i]
	}
	return out
}

// topOrganizations ranks the country's own organizations by the agreements
// (parties, signatories), events (host, participants), programs
// (beneficiaries, partners) and people (positions) that link to them.
// Organizations nothing links to are left out.
func topOrganizations(d *Dossier) []Counterpart {
	links := linkCounter{}
	for _, a := range d.Agreements {
		refs := refsOf(a.Parties)
		for _, s := range a.Signatories {
			refs = append(refs, s.Organization)
		}
		links.add(a, refIDs(refs...)...)
	}
	for _, e := range d.Events {
		refs := []*Ref{e.Host}
		for _, p := range e.Participants {
			refs = append(refs, p.Organization)
		}
		links.add(e, refIDs(refs...)...)
	}
	for _, p := range d.Programs {
		links.add(p, refIDs(append(refsOf(p.Beneficiaries), refsOf(p.Partners)...)...)...)
	}
	for _, p := range d.People {
		var refs []*Ref
		for _, pos := range p.Positions {
			refs = append(refs, pos.Organization)
		}
		links.add(p, refIDs(refs...)...)
	}

	out := []Counterpart{}
	for _, o := range d.Organizations {
		if d.Country.Code == "" || string(o.Country) != d.Country.Code || len(links[o.ID]) == 0 {
			continue
		}
		out = append(out, Counterpart{Ref: recordRefOf(o), Links: len(links[o.ID])})
	}
	return topCounterparts(out)
}

// topPeople ranks the country's people by the agreements (signatories,
// people present) and events (participants) that link to them. A person is
// the country's when their country is, or, when their country is not
// recorded, when they held a position at one of the country's
// organizations. People nothing links to are left out.
func topPeople(d *Dossier, today Date) []Counterpart {
	links := linkCounter{}
	for _, a := range d.Agreements {
		var refs []*Ref
		for _, s := range a.Signatories {
			refs = append(refs, s.Person)
		}
		for _, p := range a.Present {
			refs = append(refs, p.Person)
		}
		links.add(a, refIDs(refs...)...)
	}
	for _, e := range d.Events {
		var refs []*Ref
		for _, p := range e.Participants {
			refs = append(refs, p.Person)
		}
		links.add(e, refIDs(refs...)...)
	}

	own := map[string]bool{}
	for _, o := range d.Organizations {
		if d.Country.Code != "" && string(o.Country) == d.Country.Code {
			own[o.ID] = true
		}
	}
	out := []Counterpart{}
	for _, p := range d.People {
		if d.Country.Code == "" || len(links[p.ID]) == 0 || !personOf(p, d.Country.Code, own) {
			continue
		}
		c := Counterpart{Ref: recordRefOf(p), Links: len(links[p.ID])}
		if pos, ok := positionShown(p.Positions, today); ok {
			c.Position = pos.Title
		}
		out = append(out, c)
	}
	return topCounterparts(out)
}

// personOf reports whether the person belongs to the country.
func personOf(p *Person, code string, own map[string]bool) bool {
	if p.Country != "" {
		return string(p.Country) == code
	}
	for _, pos := range p.Positions {
		if pos.Organization != nil && own[pos.Organization.ID] {
			return true
		}
	}
	return false
}

// positionShown picks the position to show beside a person on day today:
// among those held that day, or failing that among all, the one taken up
// latest (an unknown start counts as earliest), then the one that ends
// latest (an unknown end counts as open), then the last listed.
func positionShown(positions []Position, today Date) (Position, bool) {
	best := -1
	better := func(i int) bool {
		if best < 0 {
			return true
		}
		p, b := positions[i], positions[best]
		if c := cmp.Compare(p.From, b.From); c != 0 {
			return c > 0
		}
		if p.To != b.To {
			return p.To == "" || (b.To != "" && p.To > b.To)
		}
		return true
	}
	for i, p := range positions {
		if today != "" && p.HeldOn(today) && better(i) {
			best = i
		}
	}
	if best < 0 {
		for i := range positions {
			if better(i) {
				best = i
			}
		}
	}
	if best < 0 {
		return Position{}, false
	}
	return positions[best], true
}

// topCounterparts orders by links, most first, then by name and id, and keeps
// the first ten.
func topCounterparts(list []Counterpart) []Counterpart {
	slices.SortFunc(list, func(x, y Counterpart) int {
		return cmp.Or(
			cmp.Compare(y.Links, x.Links),
			cmp.Compare(x.Ref.Name, y.Ref.Name),
			cmp.Compare(x.Ref.ID, y.Ref.ID),
		)
	})
	if len(list) > dashboardTopN {
		list = list[:dashboardTopN]
	}
	return list
}

// recentEvidence gathers the citations of every record in the dossier, the
// newest source first (sources with no date last), then by source, citing
// record and citation id, and keeps the first ten.
func recentEvidence(d *Dossier) []EvidenceItem {
	sources := make(map[string]*Source, len(d.Sources))
	for _, s := range d.Sources {
		sources[s.ID] = s
	}
	type item struct {
		EvidenceItem
		citationID string
	}
	order := func(x, y item) int {
		return cmp.Or(
			NewestFirst(x.PublishedOn, y.PublishedOn),
			cmp.Compare(x.Source.ID, y.Source.ID),
			cmp.Compare(x.CitedBy.Type, y.CitedBy.Type),
			cmp.Compare(x.CitedBy.ID, y.CitedBy.ID),
			cmp.Compare(x.citationID, y.citationID),
			cmp.Compare(x.Quote, y.Quote),
		)
	}
	// The newest dashboardEvidence, kept in order as the citations go by:
	// a large country cites tens of thousands of times, and sorting them
	// all took most of a dashboard's time.
	top := make([]item, 0, dashboardEvidence+1)
	cite := func(r Record) {
		for _, c := range r.RecordMeta().Evidence {
			src := RecordRef{Type: TypeSource, ID: c.Source.ID, Name: c.Source.Name}
			var published Date
			if s, ok := sources[c.Source.ID]; ok {
				src.Name = s.Title
				published = s.PublishedOn
			}
			it := item{
				EvidenceItem: EvidenceItem{Source: src, PublishedOn: published, Quote: c.Quote, CitedBy: recordRefOf(r)},
				citationID:   c.ID,
			}
			if len(top) == dashboardEvidence && order(it, top[len(top)-1]) >= 0 {
				continue
			}
			i, _ := slices.BinarySearchFunc(top, it, order)
			top = slices.Insert(top, i, it)
			if len(top) > dashboardEvidence {
				top = top[:dashboardEvidence]
			}
		}
	}
	for _, r := range d.Organizations {
		cite(r)
	}
	for _, r := range d.People {
		cite(r)
	}
	for _, r := range d.Agreements {
		cite(r)
	}
	for _, r := range d.Events {
		cite(r)
	}
	for _, r := range d.Programs {
		cite(r)
	}
	for _, r := range d.Sources {
		cite(r)
	}
	out := make([]EvidenceItem, 0, len(top))
	for _, it := range top {
		out = append(out, it.EvidenceItem)
	}
	return out
}
