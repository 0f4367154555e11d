package domain

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// A country brief is what a minister's staff prints the night before a trip:
// the country's figures, counterparts, agreements, engagements, programs and
// what needs doing, every fact numbered to the sources it rests on. It is
// composed from the country's dossier alone; the report encoders lay it out.

// BriefSection names a part of the brief that can be left out.
type BriefSection string

// The sections of a brief, in the order it prints them. The cover line and
// the list of sources always print.
const (
	BriefFigures      BriefSection = "figures"
	BriefCounterparts BriefSection = "counterparts"
	BriefAgreements   BriefSection = "agreements"
	BriefEngagements  BriefSection = "engagements"
	BriefPrograms     BriefSection = "programs"
	BriefChart        BriefSection = "chart"
	BriefFollowUps    BriefSection = "follow_ups"
)

// BriefSections lists every section in print order.
var BriefSections = []BriefSection{BriefFigures, BriefCounterparts, BriefAgreements, BriefEngagements, BriefPrograms, BriefChart, BriefFollowUps}

// ParseBriefSections reads a comma-separated list of sections; empty means
// all. The result is in print order, without repeats.
func ParseBriefSections(s string) ([]BriefSection, error) {
	if strings.TrimSpace(s) == "" {
		return slices.Clone(BriefSections), nil
	}
	want := map[BriefSection]bool{}
	var unknown []string
	for item := range strings.SplitSeq(s, ",") {
		v := BriefSection(strings.TrimSpace(item))
		switch {
		case v == "":
		case slices.Contains(BriefSections, v):
			want[v] = true
		default:
			unknown = append(unknown, fmt.Sprintf("%q", v))
		}
	}
	names := make([]string, len(BriefSections))
	for i, b := range BriefSections {
		names[i] = string(b)
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unknown section %s; the sections are %s", strings.Join(unknown, ", "), strings.Join(names, ", "))
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("names no section; the sections are %s", strings.Join(names, ", "))
	}
	var out []BriefSection
	for _, b := range BriefSections {
		if want[b] {
			out = append(out, b)
		}
	}
	return out, nil
}

// BriefPeriodMonths is how far back a brief looks for engagements when no
// period is given.
const BriefPeriodMonths = 24

// How many rows a brief lists before it says how many more there are, so
// that a busy partner's brief stays a brief.
const (
	briefMaxAgreements   = 40
	briefMaxEngagements  = 40
	briefMaxPrograms     = 30
	briefMaxMilestones   = 8
	briefMaxCounterparts = 20
)

// BriefOptions say what a brief covers.
type BriefOptions struct {
	// Today is the day statuses and deadlines are computed on.
	Today Date
	// AsOf is when the data was read.
	AsOf time.Time
	// From and To bound the engagements listed and the years charted; when
	// From is empty the brief looks BriefPeriodMonths back from Today (or,
	// when nothing happened in those months, from the last engagement), and
	// when To is empty it takes every engagement ahead.
	From, To Date
	// Sections are those printed; empty prints all.
	Sections []BriefSection
}

// Brief is a country brief, ready to lay out.
type Brief struct {
	Country Country
	Today   Date
	AsOf    time.Time
	// From and To are the period of the engagements (To empty: open).
	From, To Date
	// PeriodGiven is true when the reader chose the period.
	PeriodGiven bool
	Sections    []BriefSection
	// LastEngagedOn is set when the reader chose no period and no
	// engagement fell in the BriefPeriodMonths to Today (those began on
	// QuietSince): it is the start of the last engagement, and From is
	// BriefPeriodMonths before it, so that the brief still says what
	// happened last.
	LastEngagedOn, QuietSince Date

	Figures       KeyFigures
	Counterparts  []BriefCounterpart
	Organizations []BriefCounterpart
	Agreements    []BriefAgreement
	// MoreAgreements counts the agreements not listed (the oldest ended).
	MoreAgreements int
	// Past are the engagements of the period up to Today, latest first;
	// Ahead those after Today, soonest first.
	Past, Ahead         []BriefEngagement
	MorePast, MoreAhead int
	Programs            []BriefProgram
	MorePrograms        int
	PerYear             []YearCount
	FollowUps           []FollowUp
	// Sources are the footnotes: every source cited by a fact printed, in
	// the order first cited; a fact's Notes are their numbers.
	Sources []BriefSource
}

// Has reports whether the brief prints the section.
func (b *Brief) Has(s BriefSection) bool { return slices.Contains(b.Sections, s) }

// KeyFigures are the key figures of a brief.
type KeyFigures struct {
	InForce, Signed, UnderNegotiation int
	// DueSoon counts agreements with an expiry or renewal notice within
	// DueWindowDays.
	DueSoon        int
	ActivePrograms int
	// Past and Ahead count the engagements of the period before and after
	// Today.
	Past, Ahead int
	Sources     int
}

// BriefCounterpart is a person in post (Title, Organization) or an
// organization (with the records that link to it in Detail).
type BriefCounterpart struct {
	Name         string
	Title        string
	Organization string
	Since        Date
	Detail       string
	Notes        []int
}

// BriefAgreement is an agreement as the brief lists it.
type BriefAgreement struct {
	Title       string
	Kind        AgreementKind
	Status      AgreementStatus
	SignedOn    Date
	EffectiveOn Date
	ExpiresOn   Date
	// NoticeDueOn is the last day to give renewal notice; Automatic says
	// the agreement renews itself.
	NoticeDueOn Date
	Automatic   bool
	Parties     []string
	Notes       []int
}

// BriefEngagement is an event as the brief lists it.
type BriefEngagement struct {
	Title   string
	Kind    EventKind
	StartOn Date
	EndOn   Date
	Place   string
	Host    string
	Notes   []int
	event   *Event // the record, for its citations
}

// BriefProgram is a program with its milestones.
type BriefProgram struct {
	Name           string
	Status         ProgramStatus
	StartOn, EndOn Date
	Done, Total    int
	Milestones     []BriefMilestone
	MoreMilestones int
	Notes          []int
}

// MilestoneOverdue is the state of an open milestone of an active program
// whose day has passed; a brief shows it beside MilestoneDone and
// MilestoneOpen.
const MilestoneOverdue = "overdue"

// BriefMilestone is a milestone with its state on the brief's day.
type BriefMilestone struct {
	On    Date
	Title string
	State string
}

// YearCount is one year of a country's engagements (events started) and
// agreements (signed).
type YearCount struct {
	Year       int
	Events     int
	Agreements int
}

// Kinds of follow-up. The records hold no to-do list; these are what the
// dates and statuses say needs doing.
const (
	// FollowUpRenewalNotice: the last day to give notice on an agreement
	// falls within DueWindowDays.
	FollowUpRenewalNotice = "renewal_notice_due"
	// FollowUpExpiry: an agreement expires within DueWindowDays.
	FollowUpExpiry = "expires"
	// FollowUpOverdueMilestone: a milestone of an active program is not
	// done and its day has passed.
	FollowUpOverdueMilestone = "overdue_milestone"
	// FollowUpNegotiation: an agreement is being negotiated or drafted.
	FollowUpNegotiation = "under_negotiation"
)

// FollowUp is something open: what, about which record, by when.
type FollowUp struct {
	Kind    string
	On      Date
	Subject string
	Detail  string
	Notes   []int
}

// BriefSource is a footnote: a source with its number. Publisher and URL
// are not in the dossier; the caller adds them from the source (Cite).
type BriefSource struct {
	N           int
	ID          string
	Title       string
	Publisher   string
	PublishedOn Date
	URL         string
}

// Cite completes the footnote of the source from the stored record.
func (b *Brief) Cite(s *Source) {
	for i := range b.Sources {
		if b.Sources[i].ID == s.ID {
			b.Sources[i].Title = cmp.Or(s.Title, b.Sources[i].Title)
			b.Sources[i].Publisher = s.Publisher
			b.Sources[i].URL = s.URL
			b.Sources[i].PublishedOn = cmp.Or(s.PublishedOn, b.Sources[i].PublishedOn)
		}
	}
}

// ComposeBrief composes the brief of a dossier. Lists are in an order that
// does not depend on the dossier's.
func ComposeBrief(d *Dossier, o BriefOptions) Brief {
	if d == nil {
		d = &Dossier{}
	}
	b := Brief{Country: d.Country, Today: o.Today, AsOf: o.AsOf, From: o.From, To: o.To, Sections: o.Sections}
	b.PeriodGiven = o.From != "" || o.To != ""
	if b.From == "" && o.Today != "" {
		b.From = monthsBefore(o.Today, BriefPeriodMonths)
	}
	if len(b.Sections) == 0 {
		b.Sections = slices.Clone(BriefSections)
	}
	notes := &footnotes{index: map[string]int{}}
	dash := Summarize(d, o.Today)

	b.Figures = KeyFigures{
		InForce:          dash.AgreementsByStatus[StatusInForce],
		Signed:           dash.AgreementsByStatus[StatusSigned],
		UnderNegotiation: dash.AgreementsByStatus[StatusUnderNegotiation] + dash.AgreementsByStatus[StatusDraft],
		ActivePrograms:   len(dash.ActivePrograms),
	}
	due := map[string]bool{}
	for _, x := range dash.DueSoon {
		due[x.Ref.ID] = true
	}
	b.Figures.DueSoon = len(due)

	// Sections are composed in print order, so that footnotes number from
	// the first page on.
	if b.Has(BriefCounterparts) {
		b.Counterparts, b.Organizations = briefCounterparts(d, dash, o.Today, notes)
	}
	if b.Has(BriefAgreements) {
		b.Agreements, b.MoreAgreements = briefAgreements(d, o.Today, notes)
	}
	past, ahead := briefEngagements(d, b.From, b.To, o.Today)
	if last := dash.LastEngagement; !b.PeriodGiven && len(past) == 0 && last != nil && last.StartOn != "" {
		b.LastEngagedOn, b.QuietSince = last.StartOn, b.From
		b.From = monthsBefore(last.StartOn, BriefPeriodMonths)
		past, ahead = briefEngagements(d, b.From, b.To, o.Today)
	}
	b.Figures.Past, b.Figures.Ahead = len(past), len(ahead)
	if b.Has(BriefEngagements) {
		b.Past, b.MorePast = firstN(past, briefMaxEngagements)
		b.Ahead, b.MoreAhead = firstN(ahead, briefMaxEngagements)
		for _, list := range [][]BriefEngagement{b.Past, b.Ahead} {
			for i := range list {
				list[i].Notes = notes.of(list[i].event)
			}
		}
	}
	if b.Has(BriefPrograms) {
		b.Programs, b.MorePrograms = briefPrograms(d, o.Today, notes)
	}
	if b.Has(BriefChart) {
		from, to := "", ""
		if b.PeriodGiven {
			from, to = string(o.From), string(o.To)
		}
		b.PerYear = CountPerYear(d, Date(from), Date(to))
	}
	if b.Has(BriefFollowUps) {
		b.FollowUps = briefFollowUps(d, dash, o.Today, notes)
	}
	b.Sources = notes.sources(d)
	b.Figures.Sources = len(b.Sources)
	return b
}

// footnotes numbers the sources in the order first cited.
type footnotes struct {
	index map[string]int
	order []string
}

// of returns the footnote numbers of the sources rec cites.
func (n *footnotes) of(rec Record) []int {
	if rec == nil {
		return nil
	}
	var out []int
	for _, c := range rec.RecordMeta().Evidence {
		k, ok := n.index[c.Source.ID]
		if !ok {
			n.order = append(n.order, c.Source.ID)
			k = len(n.order)
			n.index[c.Source.ID] = k
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// sources returns the footnotes with what the dossier knows of each source.
func (n *footnotes) sources(d *Dossier) []BriefSource {
	known := map[string]*Source{}
	for _, s := range d.Sources {
		known[s.ID] = s
	}
	out := make([]BriefSource, 0, len(n.order))
	for i, id := range n.order {
		s := BriefSource{N: i + 1, ID: id}
		if k, ok := known[id]; ok {
			s.Title, s.PublishedOn, s.Publisher, s.URL = k.Title, k.PublishedOn, k.Publisher, k.URL
		}
		out = append(out, s)
	}
	return out
}

// monthsBefore returns the day n months before d.
func monthsBefore(d Date, n int) Date {
	return Date(d.Time().AddDate(0, -n, 0).Format(dateLayout))
}

func firstN[T any](items []T, n int) ([]T, int) {
	if len(items) <= n {
		return items, 0
	}
	return items[:n], len(items) - n
}

// briefCounterparts lists the country's people in post on today, by name,
// and its organizations most linked to.
func briefCounterparts(d *Dossier, dash Dashboard, today Date, notes *footnotes) (people, orgs []BriefCounterpart) {
	own := map[string]bool{}
	for _, o := range d.Organizations {
		if d.Country.Code != "" && string(o.Country) == d.Country.Code {
			own[o.ID] = true
		}
	}
	byName := slices.Clone(d.People)
	slices.SortFunc(byName, func(x, y *Person) int {
		return cmp.Or(cmp.Compare(Fold(x.FullName), Fold(y.FullName)), cmp.Compare(x.ID, y.ID))
	})
	for _, p := range byName {
		if d.Country.Code == "" || !personOf(p, d.Country.Code, own) {
			continue
		}
		for _, pos := range p.PositionsOn(today, "", "") {
			c := BriefCounterpart{Name: p.FullName, Title: pos.Title, Since: pos.From, Notes: notes.of(p)}
			if pos.Organization != nil {
				c.Organization = pos.Organization.Name
			}
			people = append(people, c)
		}
		if len(people) >= briefMaxCounterparts {
			break
		}
	}
	byID := map[string]*Organization{}
	for _, o := range d.Organizations {
		byID[o.ID] = o
	}
	for _, t := range dash.TopOrganizations {
		c := BriefCounterpart{Name: t.Ref.Name, Detail: fmt.Sprintf("%d linked records", t.Links)}
		if t.Links == 1 {
			c.Detail = "1 linked record"
		}
		if o, ok := byID[t.Ref.ID]; ok {
			c.Notes = notes.of(o)
		}
		orgs = append(orgs, c)
	}
	return people, orgs
}

// agreementOrder ranks the statuses as a brief lists them: what binds now
// first, what ended last.
var agreementOrder = []AgreementStatus{StatusInForce, StatusSigned, StatusUnderNegotiation, StatusDraft, StatusExpired, StatusTerminated}

func briefAgreements(d *Dossier, today Date, notes *footnotes) ([]BriefAgreement, int) {
	list := slices.Clone(d.Agreements)
	slices.SortFunc(list, func(x, y *Agreement) int {
		return cmp.Or(
			cmp.Compare(slices.Index(agreementOrder, x.StatusOn(today)), slices.Index(agreementOrder, y.StatusOn(today))),
			NewestFirst(x.SignedOn, y.SignedOn),
			cmp.Compare(x.Title, y.Title),
			cmp.Compare(x.ID, y.ID),
		)
	})
	list, more := firstN(list, briefMaxAgreements)
	out := make([]BriefAgreement, 0, len(list))
	for _, a := range list {
		ba := BriefAgreement{
			Title: a.Title, Kind: a.Kind, Status: a.StatusOn(today),
			SignedOn: a.SignedOn, EffectiveOn: a.EffectiveOn, ExpiresOn: a.ExpiresOn,
			NoticeDueOn: a.NoticeDueOn(), Automatic: a.Renewal.Automatic,
			Notes: notes.of(a),
		}
		for _, p := range a.Parties {
			ba.Parties = append(ba.Parties, p.Name)
		}
		out = append(out, ba)
	}
	return out, more
}

// briefEngagements returns the events of the period started on or before
// today (latest first) and after it (soonest first). An event that starts
// before from but ends on or after it counts.
func briefEngagements(d *Dossier, from, to, today Date) (past, ahead []BriefEngagement) {
	for _, e := range d.Events {
		end := cmp.Or(e.EndOn, e.StartOn)
		if e.StartOn == "" || (from != "" && end < from) || (to != "" && e.StartOn > to) {
			continue
		}
		be := BriefEngagement{Title: e.Title, Kind: e.Kind, StartOn: e.StartOn, EndOn: e.EndOn, Place: e.Place.String(), event: e}
		if e.Host != nil {
			be.Host = e.Host.Name
		}
		if e.StartOn <= today {
			past = append(past, be)
		} else {
			ahead = append(ahead, be)
		}
	}
	slices.SortFunc(past, func(x, y BriefEngagement) int {
		return cmp.Or(cmp.Compare(y.StartOn, x.StartOn), cmp.Compare(x.Title, y.Title), cmp.Compare(x.event.ID, y.event.ID))
	})
	slices.SortFunc(ahead, func(x, y BriefEngagement) int {
		return cmp.Or(cmp.Compare(x.StartOn, y.StartOn), cmp.Compare(x.Title, y.Title), cmp.Compare(x.event.ID, y.event.ID))
	})
	return past, ahead
}

func briefPrograms(d *Dossier, today Date, notes *footnotes) ([]BriefProgram, int) {
	rank := func(s ProgramStatus) int {
		for i, x := range []ProgramStatus{ProgramActive, ProgramPipeline, ProgramSuspended, ProgramCompleted, ProgramCancelled} {
			if x == s {
				return i
			}
		}
		return len(ProgramStatuses)
	}
	list := slices.Clone(d.Programs)
	slices.SortFunc(list, func(x, y *Program) int {
		return cmp.Or(cmp.Compare(rank(x.Status), rank(y.Status)), NewestFirst(x.StartOn, y.StartOn), cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID))
	})
	list, more := firstN(list, briefMaxPrograms)
	out := make([]BriefProgram, 0, len(list))
	for _, p := range list {
		bp := BriefProgram{Name: p.Name, Status: p.Status, StartOn: p.StartOn, EndOn: p.EndOn, Notes: notes.of(p)}
		bp.Done, bp.Total = p.Progress()
		ms := slices.Clone(p.Milestones)
		slices.SortFunc(ms, func(x, y Milestone) int { return cmp.Or(OldestFirst(x.On, y.On), cmp.Compare(x.Title, y.Title)) })
		for _, m := range ms {
			bp.Milestones = append(bp.Milestones, BriefMilestone{On: m.On, Title: m.Title, State: milestoneState(p, m, today)})
		}
		bp.Milestones, bp.MoreMilestones = firstN(bp.Milestones, briefMaxMilestones)
		out = append(out, bp)
	}
	return out, more
}

func milestoneState(p *Program, m Milestone, today Date) string {
	switch {
	case m.Done:
		return MilestoneDone
	case p.Status == ProgramActive && m.On != "" && m.On < today:
		return MilestoneOverdue
	}
	return MilestoneOpen
}

// MaxYearRows is the most years CountPerYear gives: each is a bar of a
// chart and a line of a table on a page and in the brief.
const MaxYearRows = 60

// CountPerYear counts the dossier's events by the year they started and its
// agreements by the year they were signed, within from and to when given,
// from the first year to the last with every year between. Dates outside
// YearRange, which records stored before it was checked may hold, are left
// out; when the years span more than MaxYearRows, only those with a count
// are given, the latest MaxYearRows of them: whatever is stored, the chart
// and the table stay a page's size.
func CountPerYear(d *Dossier, from, to Date) []YearCount {
	events, agreements := map[int]int{}, map[int]int{}
	first, last := 0, 0
	note := func(m map[int]int, on Date) {
		if on == "" || !on.InRange() || (from != "" && on < from) || (to != "" && on > to) {
			return
		}
		y := on.Year()
		m[y]++
		if first == 0 || y < first {
			first = y
		}
		last = max(last, y)
	}
	for _, e := range d.Events {
		note(events, e.StartOn)
	}
	for _, a := range d.Agreements {
		note(agreements, a.SignedOn)
	}
	if first == 0 {
		return nil
	}
	if last-first+1 <= MaxYearRows {
		out := make([]YearCount, 0, last-first+1)
		for y := first; y <= last; y++ {
			out = append(out, YearCount{Year: y, Events: events[y], Agreements: agreements[y]})
		}
		return out
	}
	years := slices.Collect(maps.Keys(events))
	for y := range agreements {
		if _, seen := events[y]; !seen {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	years = years[max(0, len(years)-MaxYearRows):]
	out := make([]YearCount, len(years))
	for i, y := range years {
		out[i] = YearCount{Year: y, Events: events[y], Agreements: agreements[y]}
	}
	return out
}

// briefFollowUps lists what is open: renewal notices and expiries within
// the dashboard's window, overdue milestones of active programs, and
// agreements still being negotiated or drafted; by date, undated last.
func briefFollowUps(d *Dossier, dash Dashboard, today Date, notes *footnotes) []FollowUp {
	agreements := map[string]*Agreement{}
	for _, a := range d.Agreements {
		agreements[a.ID] = a
	}
	var out []FollowUp
	for _, x := range dash.DueSoon {
		f := FollowUp{Kind: FollowUpExpiry, On: x.On, Subject: x.Ref.Name, Notes: notes.of(agreements[x.Ref.ID])}
		if x.Reason == DueRenewalNoticeDue {
			f.Kind = FollowUpRenewalNotice
		}
		f.Detail = fmt.Sprintf("in %d days", x.DaysLeft)
		if x.DaysLeft == 1 {
			f.Detail = "in 1 day"
		}
		if x.DaysLeft == 0 {
			f.Detail = "today"
		}
		out = append(out, f)
	}
	for _, p := range d.Programs {
		for _, m := range p.Milestones {
			if milestoneState(p, m, today) != MilestoneOverdue {
				continue
			}
			out = append(out, FollowUp{Kind: FollowUpOverdueMilestone, On: m.On, Subject: p.Name,
				Detail: fmt.Sprintf("%s, %d days late", m.Title, daysBetween(m.On, today)), Notes: notes.of(p)})
		}
	}
	for _, a := range d.Agreements {
		if s := a.StatusOn(today); s == StatusUnderNegotiation || s == StatusDraft {
			out = append(out, FollowUp{Kind: FollowUpNegotiation, Subject: a.Title, Detail: strings.ReplaceAll(string(s), "_", " "), Notes: notes.of(a)})
		}
	}
	slices.SortFunc(out, func(x, y FollowUp) int {
		return cmp.Or(OldestFirst(x.On, y.On), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Subject, y.Subject), cmp.Compare(x.Detail, y.Detail))
	})
	return out
}
