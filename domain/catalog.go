package domain

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// CatalogEntry is what the overview and the search across kinds need of a
// record: a line per record, so that both read one small list rather than
// every collection.
type CatalogEntry struct {
	Type      RecordType `json:"t"`
	ID        string     `json:"i"`
	Label     string     `json:"n"`
	Search    string     `json:"s,omitempty"`
	Countries []string   `json:"c,omitempty"`
	Kind      string     `json:"k,omitempty"`
	Date      Date       `json:"d,omitempty"`  // the main date
	EndOn     Date       `json:"e,omitempty"`  // an event's last day
	UpdatedAt time.Time  `json:"u"`            // the last change
	Agreement *Agreement `json:"a,omitempty"`  // an agreement's status and dates
	Status    string     `json:"st,omitempty"` // a program's status
}

// CatalogEntryOf returns the catalog line of a record.
func CatalogEntryOf(rec Record) CatalogEntry { return CatalogEntryWith(rec, rec.SearchText()) }

// CatalogEntryWith returns the catalog line of a record whose SearchText the
// caller keeps.
func CatalogEntryWith(rec Record, search string) CatalogEntry {
	m := rec.RecordMeta()
	e := CatalogEntry{Type: rec.Type(), ID: m.ID, Label: rec.Label(), Search: search,
		Countries: CountriesOf(rec), Date: rec.MainDate(), UpdatedAt: m.UpdatedAt}
	switch v := rec.(type) {
	case *Organization:
		e.Kind = string(v.Kind)
	case *Agreement:
		e.Kind = string(v.Kind)
		e.Agreement = &Agreement{Status: v.Status, SignedOn: v.SignedOn, EffectiveOn: v.EffectiveOn, ExpiresOn: v.ExpiresOn, Renewal: v.Renewal}
	case *Event:
		e.Kind, e.EndOn = string(v.Kind), v.EndOn
	case *Program:
		e.Status = string(v.Status)
	}
	return e
}

// Ref returns the record the entry stands for.
func (e CatalogEntry) Ref() RecordRef { return RecordRef{Type: e.Type, ID: e.ID, Name: e.Label} }

// Overview is the whole office at a glance: every country with records,
// what falls due soon, and what changed last.
type Overview struct {
	Today     Date             `json:"today"`
	Countries []CountryFigures `json:"countries"`
	DueSoon   []DueAgreement   `json:"due_soon"`
	Recent    []RecentChange   `json:"recent"`
}

// CountryFigures are one country's numbers on the overview.
type CountryFigures struct {
	Country           Country    `json:"country"`
	AgreementsInForce int        `json:"agreements_in_force"`
	Agreements        int        `json:"agreements"`
	ActivePrograms    int        `json:"active_programs"`
	Events            int        `json:"events"`
	LastEngagement    *RecordRef `json:"last_engagement"`
	LastEngagementOn  Date       `json:"last_engagement_on,omitempty"`
	NextEngagement    *RecordRef `json:"next_engagement"`
	NextEngagementOn  Date       `json:"next_engagement_on,omitempty"`
}

// RecentChange is a record changed lately.
type RecentChange struct {
	Record    RecordRef `json:"record"`
	Countries []string  `json:"countries"`
	UpdatedAt time.Time `json:"updated_at"`
}

// OverviewRecent is how many recent changes the overview shows.
const OverviewRecent = 15

// BuildOverview computes the overview on day today from the catalog.
// Countries are those with agreements, events or programs other than home,
// the installation's own country; the most engaged (agreements in force,
// then all agreements, then events) first.
func BuildOverview(entries []CatalogEntry, today Date, home string) Overview {
	o := Overview{Today: today, Countries: []CountryFigures{}, DueSoon: []DueAgreement{}, Recent: []RecentChange{}}
	figures := map[string]*CountryFigures{}
	fig := func(code string) *CountryFigures {
		f := figures[code]
		if f == nil {
			c, _ := LookupCountry(code)
			f = &CountryFigures{Country: c}
			figures[code] = f
		}
		return f
	}
	for _, e := range entries {
		switch e.Type {
		case TypeAgreement:
			if e.Agreement == nil {
				continue
			}
			a := *e.Agreement
			a.ID, a.Title = e.ID, e.Label
			inForce := a.StatusOn(today) == StatusInForce
			for _, code := range e.Countries {
				f := fig(code)
				f.Agreements++
				if inForce {
					f.AgreementsInForce++
				}
			}
			o.DueSoon = append(o.DueSoon, dueOf(&a, today)...)
		case TypeEvent:
			for _, code := range e.Countries {
				f := fig(code)
				f.Events++
				ref := e.Ref()
				switch {
				case e.Date != "" && e.Date <= today && (f.LastEngagementOn == "" || e.Date > f.LastEngagementOn || (e.Date == f.LastEngagementOn && e.ID < f.LastEngagement.ID)):
					f.LastEngagement, f.LastEngagementOn = &ref, e.Date
				case e.Date > today && (f.NextEngagementOn == "" || e.Date < f.NextEngagementOn || (e.Date == f.NextEngagementOn && e.ID < f.NextEngagement.ID)):
					f.NextEngagement, f.NextEngagementOn = &ref, e.Date
				}
			}
		case TypeProgram:
			if e.Status == string(ProgramActive) {
				for _, code := range e.Countries {
					fig(code).ActivePrograms++
				}
			}
		}
		o.Recent = append(o.Recent, RecentChange{Record: e.Ref(), Countries: nonNil(e.Countries), UpdatedAt: e.UpdatedAt})
	}
	for code, f := range figures {
		if code != home {
			o.Countries = append(o.Countries, *f)
		}
	}
	slices.SortFunc(o.Countries, func(a, b CountryFigures) int {
		return cmp.Or(-cmp.Compare(a.AgreementsInForce, b.AgreementsInForce), -cmp.Compare(a.Agreements, b.Agreements),
			-cmp.Compare(a.Events, b.Events), strings.Compare(a.Country.Name, b.Country.Name))
	})
	slices.SortFunc(o.DueSoon, func(a, b DueAgreement) int {
		return cmp.Or(strings.Compare(string(a.On), string(b.On)), strings.Compare(a.Ref.ID, b.Ref.ID), strings.Compare(a.Reason, b.Reason))
	})
	slices.SortFunc(o.Recent, func(a, b RecentChange) int {
		return cmp.Or(b.UpdatedAt.Compare(a.UpdatedAt), strings.Compare(a.Record.ID, b.Record.ID))
	})
	if len(o.Recent) > OverviewRecent {
		o.Recent = o.Recent[:OverviewRecent]
	}
	return o
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// SearchHit is a record found by name or title.
type SearchHit struct {
	Record    RecordRef `json:"record"`
	Countries []string  `json:"countries"`
	Date      Date      `json:"date,omitempty"`
}

// Search finds the records whose names or titles contain q (case and
// accents ignored), of the types given (all when none): those whose label
// starts with it first, then by label; at most limit.
func Search(entries []CatalogEntry, q string, types []RecordType, limit int) []SearchHit {
	want := Fold(q)
	hits := []SearchHit{}
	if want == "" {
		return hits
	}
	type scored struct {
		hit    SearchHit
		prefix bool
		label  string
	}
	var found []scored
	for _, e := range entries {
		if len(types) > 0 && !slices.Contains(types, e.Type) {
			continue
		}
		if !strings.Contains(e.Search, want) {
			continue
		}
		label := Fold(e.Label)
		found = append(found, scored{
			hit:    SearchHit{Record: e.Ref(), Countries: nonNil(e.Countries), Date: e.Date},
			prefix: strings.HasPrefix(label, want),
			label:  label,
		})
	}
	slices.SortFunc(found, func(a, b scored) int {
		if a.prefix != b.prefix {
			if a.prefix {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(a.label, b.label), strings.Compare(a.hit.Record.ID, b.hit.Record.ID))
	})
	for i, f := range found {
		if i == limit {
			break
		}
		hits = append(hits, f.hit)
	}
	return hits
}
