package web

import (
	"cmp"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/web/drawing"
)

// mountCountryPages mounts a country's page: its dashboard and timeline.
func (s *Server) mountCountryPages(e *gin.Engine) {
	e.GET("/countries/:code", s.countryPage)
}

// countryPageData is what the country page shows: the dashboard, every
// program with its progress, the timeline (drawn and listed) with its
// filter, and the chart per year.
type countryPageData struct {
	Dash    domain.Dashboard
	Figures countryFigures
	// Agreements are the first of the dashboard's, newest signed first;
	// MoreAgreements counts the others, which the agreements list shows.
	Agreements     []domain.AgreementSummary
	MoreAgreements int
	// Programs are the first programs, running ones first; MorePrograms
	// counts the others.
	Programs     []programLine
	MorePrograms int
	Timeline     domain.Timeline
	// Page is the part of the timeline listed (and drawn).
	Page    timelinePage
	Drawing template.HTML
	Filter  timelineForm
	Chart   drawing.YearChart
	// Brief is the form that prints the country's brief.
	Brief briefForm
}

// How many agreements and programs the page lists before it links to their
// lists, and how many timeline entries it lists at once.
const (
	countryTableRows  = 25
	timelinePageSize  = 200
	timelinePageParam = "page"
)

// timelinePage is one page of the timeline's entries, in date order.
type timelinePage struct {
	Entries []domain.TimelineEntry
	// Total counts all entries; First and Last are the positions (from 1)
	// of those listed.
	Total, First, Last int
	// Earlier and Later are the addresses of the neighbouring pages, the
	// filter kept; empty at either end.
	Earlier, Later string
}

// countryFigures are the key figures on top of the page.
type countryFigures struct {
	InForce, Signed, ExpiringSoon, ActivePrograms, Events, Sources int
}

// programLine is a program as the page lists it.
type programLine struct {
	Ref             domain.RecordRef
	Status          domain.ProgramStatus
	StartOn, EndOn  domain.Date
	MilestonesDone  int
	MilestonesTotal int
	NextMilestone   *domain.Milestone
	// Overdue is true when the next milestone's day has passed.
	Overdue bool
}

// timelineForm is the timeline's filter as the reader set it: the values as
// typed, and what is wrong with them.
type timelineForm struct {
	Action string
	Groups []kindGroup
	From   string
	To     string
	// Errors are by field: "kinds", "from", "to".
	Errors map[string]string
	// Active is true when any filter is set, valid or not.
	Active bool
	// Summary words the filters in force, for the list's caption (and the
	// printed page, where the form is hidden).
	Summary string
}

// kindGroup is the kinds of entry of one track.
type kindGroup struct {
	Name  string
	Kinds []kindOption
}

type kindOption struct {
	ID, Value, Label string
	Checked          bool
}

// The filter's checkboxes, grouped by the track they draw on.
var kindGroups = []struct {
	name  string
	kinds []domain.TimelineKind
}{
	{"Agreements", []domain.TimelineKind{domain.TimelineAgreementSigned, domain.TimelineAgreementInForce, domain.TimelineAgreementExpires, domain.TimelineAgreementRenewalNoticeDue}},
	{"Events", []domain.TimelineKind{domain.TimelineEvent}},
	{"Programs", []domain.TimelineKind{domain.TimelineProgramStart, domain.TimelineProgramEnd, domain.TimelineProgramMilestone}},
	{"Sources", []domain.TimelineKind{domain.TimelineSourcePublished}},
}

// maxEcho bounds the text of a bad filter value that the page repeats.
const maxEcho = 40

// countryPage is a partner country's dashboard and timeline. A lower-case
// code is redirected to the upper-case address, the query kept; a bad
// filter value is reported beside its field and ignored, never an error
// status.
func (s *Server) countryPage(c *gin.Context) {
	code, err := countryInPath(c)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	if string(code) != c.Param("code") {
		loc := "/countries/" + url.PathEscape(string(code))
		if q := c.Request.URL.RawQuery; q != "" {
			loc += "?" + q
		}
		c.Redirect(http.StatusMovedPermanently, loc)
		return
	}
	d, err := s.stores.Dossiers.Dossier(c.Request.Context(), code)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	today := s.today()
	filter, form := parseTimelineQuery(c, today)
	form.Action = "/countries/" + url.PathEscape(string(code))

	dash := d.DashboardOn(today)
	tl := d.TimelineFor(filter)
	chart, err := drawing.PerYear(d)
	if err != nil {
		// The table of numbers still stands.
		slog.WarnContext(c.Request.Context(), "country chart", "country", code, "error", err)
	}
	page := countryPageData{
		Dash:     dash,
		Figures:  figuresOf(d, dash),
		Timeline: tl,
		Page:     pageOf(tl.Entries, c.Request.URL, timelinePageSize, today),
		Filter:   form,
		Chart:    chart,
		Brief:    briefFormOf(string(code)),
	}
	page.Agreements, page.MoreAgreements = firstOf(dash.Agreements, countryTableRows)
	page.Programs, page.MorePrograms = firstOf(programLines(d.Programs, today), countryTableRows)

	// The drawing shows what the list shows: when the list is one page of
	// many, the drawing spans that page's dates.
	drawn, from, to := tl, filter.From, filter.To
	if n := len(page.Page.Entries); n > 0 && n < page.Page.Total {
		drawn.Entries = page.Page.Entries
		from, to = spanOf(page.Page.Entries, filter.From, filter.To)
	}
	page.Drawing = drawing.Timeline{Dossier: d, Timeline: drawn, From: from, To: to, Today: today, Href: recordPath}.SVG()
	s.render(c, http.StatusOK, "country", pageData{Title: d.Country.Name, Data: page})
}

// firstOf returns the first n items and how many are left.
func firstOf[T any](items []T, n int) ([]T, int) {
	if len(items) <= n {
		return items, 0
	}
	return items[:n], len(items) - n
}

// pageOf cuts the entries (in date order) into pages of size and returns
// the one the query's page parameter names (from 1); when none or a bad one
// is named, the page that holds the latest entry on or before today, so that
// a reader sees what happened last (and the due soon list, what comes).
func pageOf(entries []domain.TimelineEntry, u *url.URL, size int, today domain.Date) timelinePage {
	p := timelinePage{Total: len(entries)}
	if p.Total == 0 {
		return p
	}
	pages := (p.Total + size - 1) / size
	past, _ := slices.BinarySearchFunc(entries, today, func(e domain.TimelineEntry, d domain.Date) int {
		if e.Date <= d {
			return -1
		}
		return 1
	})
	n := max(1, (past+size-1)/size)
	if v, err := strconv.Atoi(u.Query().Get(timelinePageParam)); err == nil && v >= 1 && v <= pages {
		n = v
	}
	p.First = (n-1)*size + 1
	p.Last = min(n*size, p.Total)
	p.Entries = entries[p.First-1 : p.Last]
	link := func(page int) string {
		q := u.Query()
		q.Set(timelinePageParam, strconv.Itoa(page))
		return u.Path + "?" + q.Encode() + "#timeline"
	}
	if n > 1 {
		p.Earlier = link(n - 1)
	}
	if n < pages {
		p.Later = link(n + 1)
	}
	return p
}

// spanOf returns the dates the entries cover, within the filter's.
func spanOf(entries []domain.TimelineEntry, from, to domain.Date) (domain.Date, domain.Date) {
	first, last := entries[0].Date, entries[0].Date
	for _, e := range entries {
		first = min(first, e.Date)
		last = max(last, e.Date, e.EndOn)
	}
	if from != "" && first < from {
		first = from
	}
	if to != "" && last > to {
		last = to
	}
	return first, last
}

// parseTimelineQuery reads the filter from the query: kinds (repeated, or a
// comma-separated list), from and to (YYYY-MM-DD). What is not valid is left
// out of the filter and explained in the form.
func parseTimelineQuery(c *gin.Context, today domain.Date) (domain.TimelineFilter, timelineForm) {
	f := domain.TimelineFilter{Today: today}
	form := timelineForm{Errors: map[string]string{}}

	var unknown []string
	for _, v := range c.QueryArray("kinds") {
		for item := range strings.SplitSeq(v, ",") {
			k := domain.TimelineKind(strings.TrimSpace(item))
			switch {
			case k == "" || slices.Contains(f.Kinds, k):
			case slices.Contains(domain.TimelineKinds, k):
				f.Kinds = append(f.Kinds, k)
			default:
				unknown = append(unknown, fmt.Sprintf("%q", domain.Clip(string(k), maxEcho)))
			}
		}
	}
	if len(f.Kinds) == len(domain.TimelineKinds) {
		f.Kinds = nil // every kind: no filter
	}
	if len(unknown) > 0 {
		form.Errors["kinds"] = fmt.Sprintf("Not a kind of entry, so left out: %s.", strings.Join(unknown, ", "))
	}

	date := func(name string) domain.Date {
		v := strings.TrimSpace(c.Query(name))
		if v == "" {
			return ""
		}
		d, err := domain.ParseDate(v)
		if err != nil {
			form.Errors[name] = fmt.Sprintf("%q is not a date: enter it as YYYY-MM-DD, such as 2015-04-17. This date is ignored.", domain.Clip(v, maxEcho))
			return ""
		}
		return d
	}
	form.From, form.To = domain.Clip(c.Query("from"), 100), domain.Clip(c.Query("to"), 100)
	f.From, f.To = date("from"), date("to")
	if f.From != "" && f.To != "" && f.To < f.From {
		form.Errors["to"] = "The end date is before the start date, so both dates are ignored."
		f.From, f.To = "", ""
	}

	for _, g := range kindGroups {
		group := kindGroup{Name: g.name}
		for _, k := range g.kinds {
			group.Kinds = append(group.Kinds, kindOption{
				ID: "kind-" + string(k), Value: string(k), Label: domain.Words(k),
				Checked: len(f.Kinds) == 0 || slices.Contains(f.Kinds, k),
			})
		}
		form.Groups = append(form.Groups, group)
	}

	var summary []string
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = domain.Words(k)
		}
		summary = append(summary, strings.Join(kinds, ", "))
	}
	if f.From != "" {
		summary = append(summary, "from "+f.From.Format())
	}
	if f.To != "" {
		summary = append(summary, "to "+f.To.Format())
	}
	form.Summary = strings.Join(summary, " · ")
	form.Active = len(summary) > 0 || len(form.Errors) > 0
	return f, form
}

// figuresOf counts the key figures.
func figuresOf(d *domain.Dossier, dash domain.Dashboard) countryFigures {
	expiring := map[string]bool{}
	for _, due := range dash.DueSoon {
		if due.Reason == domain.DueExpires {
			expiring[due.Ref.ID] = true
		}
	}
	return countryFigures{
		InForce:        dash.AgreementsByStatus[domain.StatusInForce],
		Signed:         dash.AgreementsByStatus[domain.StatusSigned],
		ExpiringSoon:   len(expiring),
		ActivePrograms: len(dash.ActivePrograms),
		Events:         len(d.Events),
		Sources:        len(d.Sources),
	}
}

// programOrder lists the programs that run first.
var programOrder = []domain.ProgramStatus{domain.ProgramActive, domain.ProgramPipeline, domain.ProgramSuspended, domain.ProgramCompleted, domain.ProgramCancelled}

// programLines lists every program with its progress: active ones first,
// then in the pipeline, suspended, completed and cancelled; within each, the
// latest start first, then by name. The programs are not changed (the
// dossier may be shared). The next milestone of an active program is
// overdue when its day is before today.
func programLines(programs []*domain.Program, today domain.Date) []programLine {
	out := make([]programLine, 0, len(programs))
	for _, p := range programs {
		done, total := p.Progress()
		l := programLine{
			Ref:    domain.RecordRef{Type: domain.TypeProgram, ID: p.ID, Name: p.Name},
			Status: p.Status, StartOn: p.StartOn, EndOn: p.EndOn,
			MilestonesDone: done, MilestonesTotal: total,
		}
		for i := range p.Milestones {
			m := p.Milestones[i]
			if m.Done {
				continue
			}
			if l.NextMilestone == nil || cmp.Or(cmp.Compare(m.On, l.NextMilestone.On), cmp.Compare(m.Title, l.NextMilestone.Title)) < 0 {
				l.NextMilestone = &m
			}
		}
		l.Overdue = p.Status == domain.ProgramActive && l.NextMilestone != nil && l.NextMilestone.On < today
		out = append(out, l)
	}
	rank := func(s domain.ProgramStatus) int {
		if i := slices.Index(programOrder, s); i >= 0 {
			return i
		}
		return len(programOrder)
	}
	slices.SortFunc(out, func(a, b programLine) int {
		return cmp.Or(
			cmp.Compare(rank(a.Status), rank(b.Status)),
			domain.NewestFirst(a.StartOn, b.StartOn),
			cmp.Compare(a.Ref.Name, b.Ref.Name),
			cmp.Compare(a.Ref.ID, b.Ref.ID),
		)
	})
	return out
}
