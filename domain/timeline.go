package domain

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// TimelineKind says what happened on a timeline entry's day.
type TimelineKind string

// The kinds of timeline entry.
const (
	// TimelineAgreementSigned is an agreement's signing, at signed_on.
	TimelineAgreementSigned TimelineKind = "agreement_signed"
	// TimelineAgreementInForce is an agreement's entry into force, at
	// effective_on when it is given and later than the signing.
	TimelineAgreementInForce TimelineKind = "agreement_in_force"
	// TimelineAgreementExpires is an agreement's expiry, at expires_on.
	TimelineAgreementExpires TimelineKind = "agreement_expires"
	// TimelineAgreementRenewalNoticeDue is the last day to give notice
	// before an agreement expires (see Agreement.NoticeDueOn).
	TimelineAgreementRenewalNoticeDue TimelineKind = "agreement_renewal_notice_due"
	// TimelineEvent is an event, from start_on to end_on.
	TimelineEvent TimelineKind = "event"
	// TimelineProgramStart is a program's start, at start_on.
	TimelineProgramStart TimelineKind = "program_start"
	// TimelineProgramEnd is a program's end, at end_on.
	TimelineProgramEnd TimelineKind = "program_end"
	// TimelineProgramMilestone is a dated step of a program.
	TimelineProgramMilestone TimelineKind = "program_milestone"
	// TimelineSourcePublished is a source's publication, at published_on.
	TimelineSourcePublished TimelineKind = "source_published"
)

// TimelineKinds lists the kinds in the order entries of one day are shown.
var TimelineKinds = []TimelineKind{
	TimelineAgreementSigned,
	TimelineAgreementInForce,
	TimelineAgreementExpires,
	TimelineAgreementRenewalNoticeDue,
	TimelineEvent,
	TimelineProgramStart,
	TimelineProgramEnd,
	TimelineProgramMilestone,
	TimelineSourcePublished,
}

// Milestone states shown in TimelineEntry.Status.
const (
	MilestoneDone = "done"
	MilestoneOpen = "open"
)

// TimelineEntry is one dated fact about one record.
type TimelineEntry struct {
	Date Date `json:"date"`
	// EndOn is the last day of an event that spans days.
	EndOn  Date         `json:"end_on,omitempty"`
	Kind   TimelineKind `json:"kind"`
	Title  string       `json:"title"`
	Record RecordRef    `json:"record"`
	// Status is the agreement's status on the filter's Today, the program's
	// status, or "done" or "open" for a milestone; empty for the others.
	Status string `json:"status,omitempty"`
}

// Timeline is a country's dated facts in date order.
type Timeline struct {
	Country string          `json:"country"`
	From    Date            `json:"from_on,omitempty"`
	To      Date            `json:"to_on,omitempty"`
	Kinds   []TimelineKind  `json:"kinds,omitempty"`
	Entries []TimelineEntry `json:"entries"`
	// Total counts the entries of the whole timeline; Offset is where
	// Entries begin in it, and NextOffset where the next page begins (0 on
	// the last page). BuildTimeline gives the whole timeline; Page a part.
	Total      int `json:"total"`
	Offset     int `json:"offset"`
	NextOffset int `json:"next_offset,omitempty"`
}

// Page returns the part of the timeline of at most limit entries from
// offset on.
func (t Timeline) Page(offset, limit int) Timeline {
	p := t
	p.Offset = min(offset, len(t.Entries))
	end := min(p.Offset+limit, len(t.Entries))
	p.Entries = t.Entries[p.Offset:end]
	p.NextOffset = 0
	if end < len(t.Entries) {
		p.NextOffset = end
	}
	return p
}

// TimelineFilter narrows a timeline.
type TimelineFilter struct {
	// From and To keep the entries whose date lies between them, both
	// included; either may be empty. An event that starts before From but
	// ends on or after it is kept.
	From, To Date
	// Kinds keeps the entries of these kinds; empty keeps all.
	Kinds []TimelineKind
	// Today is the day agreement statuses are computed on; when it is empty
	// agreement entries carry no status.
	Today Date
}

// TimelineKey is what a timeline depends on beside its dossier: the
// filter, in a form that can key a Memo.
type TimelineKey struct {
	From, To, Today Date
	Kinds           string
}

// Key returns the filter as a TimelineKey.
func (f TimelineFilter) Key() TimelineKey {
	kinds := make([]string, len(f.Kinds))
	for i, k := range f.Kinds {
		kinds[i] = string(k)
	}
	return TimelineKey{From: f.From, To: f.To, Today: f.Today, Kinds: strings.Join(kinds, ",")}
}

var (
	timelineMemo  = NewMemoKey[TimelineKey, Timeline]("timeline")
	dashboardMemo = NewMemoKey[Date, Dashboard]("dashboard")
)

// TimelineFor returns the dossier's timeline for the filter, built once for
// as long as the dossier is current.
func (d *Dossier) TimelineFor(f TimelineFilter) Timeline {
	return Remember(d.Memo, timelineMemo, f.Key(), func() Timeline { return BuildTimeline(d, f) })
}

// DashboardOn returns the dossier's dashboard on the day, built once for as
// long as the dossier is current.
func (d *Dossier) DashboardOn(today Date) Dashboard {
	return Remember(d.Memo, dashboardMemo, today, func() Dashboard { return Summarize(d, today) })
}

// Validate checks that the dates are real dates in order and that the kinds
// are known.
// Errors: EINVALID.
func (f TimelineFilter) Validate() error {
	fields := map[string]string{}
	if !f.From.Valid() {
		fields["from_on"] = fmt.Sprintf("%q is not a date of the form YYYY-MM-DD", f.From)
	}
	if !f.To.Valid() {
		fields["to_on"] = fmt.Sprintf("%q is not a date of the form YYYY-MM-DD", f.To)
	}
	if !f.Today.Valid() {
		fields["today"] = fmt.Sprintf("%q is not a date of the form YYYY-MM-DD", f.Today)
	}
	if len(fields) == 0 {
		checkOrder(fields, "from_on", f.From, "to_on", f.To)
	}
	for _, k := range f.Kinds {
		if !slices.Contains(TimelineKinds, k) {
			fields["kinds"] = unknownKindMessage(string(k))
			break
		}
	}
	return FieldErrors(fields)
}

// ParseTimelineKinds parses a comma-separated list of kinds
// ("agreement_signed,event"), ignoring spaces, empty items and repeats. An
// empty list gives nil, which keeps every kind.
// Errors: EINVALID (an unknown kind, reported on the field "kinds").
func ParseTimelineKinds(csv string) ([]TimelineKind, error) {
	var kinds []TimelineKind
	for item := range strings.SplitSeq(csv, ",") {
		k := TimelineKind(strings.TrimSpace(item))
		if k == "" || slices.Contains(kinds, k) {
			continue
		}
		if !slices.Contains(TimelineKinds, k) {
			return nil, &Error{
				Code:    EINVALID,
				Message: fmt.Sprintf("%q is not a kind of timeline entry", string(k)),
				Fields:  map[string]string{"kinds": unknownKindMessage(string(k))},
			}
		}
		kinds = append(kinds, k)
	}
	return kinds, nil
}

func unknownKindMessage(k string) string {
	words := make([]string, len(TimelineKinds))
	for i, tk := range TimelineKinds {
		words[i] = string(tk)
	}
	return fmt.Sprintf("%q is not a kind; must be one of: %s", k, strings.Join(words, ", "))
}

// BuildTimeline lists the dated facts of the dossier's records that the
// filter keeps, in date order; entries of one day follow the order of
// TimelineKinds, then their titles, then their records' ids. Records
// without the date an entry needs give no entry. A nil dossier gives an
// empty timeline.
func BuildTimeline(d *Dossier, f TimelineFilter) Timeline {
	t := Timeline{From: f.From, To: f.To, Kinds: f.Kinds, Entries: []TimelineEntry{}}
	if d == nil {
		return t
	}
	t.Country = d.Country.Code

	add := func(e TimelineEntry) {
		if e.Date == "" || !f.keeps(e) {
			return
		}
		t.Entries = append(t.Entries, e)
	}

	for _, a := range d.Agreements {
		ref := recordRefOf(a)
		status := ""
		if f.Today != "" {
			status = string(a.StatusOn(f.Today))
		}
		entry := func(kind TimelineKind, on Date) TimelineEntry {
			return TimelineEntry{Date: on, Kind: kind, Title: a.Title, Record: ref, Status: status}
		}
		add(entry(TimelineAgreementSigned, a.SignedOn))
		if a.EffectiveOn != "" && (a.SignedOn == "" || a.SignedOn < a.EffectiveOn) {
			add(entry(TimelineAgreementInForce, a.EffectiveOn))
		}
		add(entry(TimelineAgreementExpires, a.ExpiresOn))
		add(entry(TimelineAgreementRenewalNoticeDue, a.NoticeDueOn()))
	}
	for _, e := range d.Events {
		end := e.EndOn
		if end == e.StartOn {
			end = ""
		}
		add(TimelineEntry{Date: e.StartOn, EndOn: end, Kind: TimelineEvent, Title: e.Title, Record: recordRefOf(e)})
	}
	for _, p := range d.Programs {
		ref := recordRefOf(p)
		add(TimelineEntry{Date: p.StartOn, Kind: TimelineProgramStart, Title: p.Name, Record: ref, Status: string(p.Status)})
		add(TimelineEntry{Date: p.EndOn, Kind: TimelineProgramEnd, Title: p.Name, Record: ref, Status: string(p.Status)})
		for _, m := range p.Milestones {
			status := MilestoneOpen
			if m.Done {
				status = MilestoneDone
			}
			add(TimelineEntry{Date: m.On, Kind: TimelineProgramMilestone, Title: p.Name + ": " + m.Title, Record: ref, Status: status})
		}
	}
	for _, s := range d.Sources {
		add(TimelineEntry{Date: s.PublishedOn, Kind: TimelineSourcePublished, Title: s.Title, Record: recordRefOf(s)})
	}

	t.Entries = sortEntries(t.Entries)
	t.Total = len(t.Entries)
	return t
}

// sortEntries orders entries as compareEntries does, sorting small keys
// (the day as a number, the kind's rank) rather than the entries, which
// are large: a busy country's timeline has tens of thousands.
func sortEntries(entries []TimelineEntry) []TimelineEntry {
	type key struct{ day, rank, i int32 }
	keys := make([]key, len(entries))
	for i, e := range entries {
		keys[i] = key{dayNumber(e.Date), int32(kindRank(e.Kind)), int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.day != b.day {
			return cmp.Compare(a.day, b.day)
		}
		if a.rank != b.rank {
			return cmp.Compare(a.rank, b.rank)
		}
		return compareEntries(entries[a.i], entries[b.i])
	})
	out := make([]TimelineEntry, len(entries))
	for i, k := range keys {
		out[i] = entries[k.i]
	}
	return out
}

// dayNumber is a date as a number that sorts as the date does (20150417);
// a date not of the form YYYY-MM-DD sorts by its text through
// compareEntries, after those that are.
func dayNumber(d Date) int32 {
	if len(d) != 10 || d[4] != '-' || d[7] != '-' {
		return 1<<31 - 1
	}
	n := int32(0)
	for i := range 10 {
		if i == 4 || i == 7 {
			continue
		}
		c := d[i]
		if c < '0' || c > '9' {
			return 1<<31 - 1
		}
		n = n*10 + int32(c-'0')
	}
	return n
}

// keeps reports whether the filter keeps the entry.
func (f TimelineFilter) keeps(e TimelineEntry) bool {
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, e.Kind) {
		return false
	}
	if f.To != "" && e.Date > f.To {
		return false
	}
	if f.From != "" && e.Date < f.From && (e.EndOn == "" || e.EndOn < f.From) {
		return false
	}
	return true
}

// compareEntries orders entries by date, kind, title and record, and then by
// every other field so that the order never depends on the input's.
func compareEntries(a, b TimelineEntry) int {
	return cmp.Or(
		cmp.Compare(a.Date, b.Date),
		cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)),
		cmp.Compare(a.Title, b.Title),
		cmp.Compare(a.Record.ID, b.Record.ID),
		cmp.Compare(a.EndOn, b.EndOn),
		cmp.Compare(a.Status, b.Status),
	)
}

func kindRank(k TimelineKind) int {
	if i, ok := kindRanks[k]; ok {
		return i
	}
	return len(TimelineKinds)
}

// kindRanks is each kind's place in TimelineKinds.
var kindRanks = func() map[TimelineKind]int {
	m := make(map[TimelineKind]int, len(TimelineKinds))
	for i, k := range TimelineKinds {
		m[k] = i
	}
	return m
}()

// recordRefOf names a record for links across kinds.
func recordRefOf(r Record) RecordRef {
	return RecordRef{Type: r.Type(), ID: r.RecordMeta().ID, Name: r.Label()}
}
