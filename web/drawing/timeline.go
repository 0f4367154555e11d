package drawing

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"cooptrack/domain"
)

// The timeline is an SVG drawn here, in Go: a year axis on top, then one
// track (a band of rows) per kind of record. Agreements are bands from their
// entry into force (or signing) to their expiry, with a diamond at the
// signing and a red stroke where renewal notice is due; a band fades out
// where its end is unknown or beyond the range (and in, likewise, at its
// start); events are bars from their first to their last day, or dots;
// programs are bands from start to end with their milestones as points;
// sources are ticks at their publication. Every mark is a link to its record
// with a <title> tooltip. The same entries are listed in a table under the
// drawing: that table, not the drawing, is what screen readers and the
// keyboard use, so the marks' links are left out of the tab order.
//
// The output depends only on its input: records are ordered by their dates,
// titles and ids, never by the dossier's order, and numbers are printed with
// a fixed precision. Every text is escaped: titles are user input.

// Geometry, in SVG user units.
const (
	tlWidth     = 960.0
	tlPlotX0    = 124.0 // left edge of the plot; the track labels sit left of it
	tlPlotX1    = 944.0 // right edge of the plot
	tlAxisH     = 40.0  // the axis band above the tracks
	tlTrackPad  = 8.0   // space above and below a track's rows
	tlLaneGap   = 6.0   // least space between two marks on one row
	tlLabelFont = 11.0
	tlMaxRows   = 150 // records drawn per track, the latest
	// A track of bands gives each row a label over its band while it needs
	// at most tlLabelledLanes rows; past that its rows are compact, without
	// labels, up to tlCompactLanes. Past a track's rows, marks share the
	// row that frees up first.
	tlLabelledLanes = 10
	tlCompactLanes  = 30
	tlEventLanes    = 12
)

// tlLane is the geometry of one row of a track.
type tlLane struct {
	height float64 // of the row
	mid    float64 // the marks' middle, from the row's top
	band   float64 // a band's height
	label  bool    // bands carry their labels above them
	point  float64 // the half-size of a point mark
}

var (
	tlLabelledLane = tlLane{height: 30, mid: 20, band: 12, label: true, point: 6}
	tlCompactLane  = tlLane{height: 12, mid: 6, band: 8, point: 4.5}
	tlEventLane    = tlLane{height: 18, mid: 9, band: 10, point: 5}
	tlSourceLane   = tlLane{height: 24, mid: 12, band: 16, point: 5}
)

// The tracks' colours: each passes 3:1 against white (WCAG 1.4.11).
const (
	tlAgreementColour = "#1f5f99"
	tlEventColour     = "#a35200"
	tlProgramColour   = "#1d6b3a"
	tlSourceColour    = "#5b6675"
	tlTodayColour     = "#a1262b"
)

// tlTrack is one track of the drawing.
type tlTrack struct {
	name   string
	colour string
	kinds  []domain.TimelineKind
	lanes  int // rows at most
	lane   tlLane
	bands  bool // a track of bands, whose rows may turn compact
	rows   []*tlRow
	noun   string // "agreement": for the description
	hidden int    // rows left out, past tlMaxRows
}

// tlRow is what one record puts on one row: a band, points, or both.
type tlRow struct {
	first domain.Date // earliest date, for ordering
	title string
	id    string
	marks []tlMark
	lane  int
}

// tlMark is one shape, its link and its tooltip.
type tlMark struct {
	shape      tlShape
	start, end domain.Date // end is the last day, included; "" for a point
	fadeIn     bool        // a band without a known start
	fadeOut    bool        // a band without a known end
	href, tip  string
	label      string // drawn inside a band when it fits
	done       bool   // a milestone's state
	muted      bool   // an agreement no longer in force
}

type tlShape int

const (
	tlBand tlShape = iota
	tlBar
	tlDot
	tlDiamond
	tlNotice
	tlMilestone
	tlTick
)

// tlScale maps dates to x: lo is the first day shown, hi the day after the
// last.
type tlScale struct {
	lo, hi time.Time
}

func (s tlScale) days() float64 { return daysBetween(s.lo, s.hi) }

// x is the left edge of the day.
func (s tlScale) x(d domain.Date) float64 {
	return tlPlotX0 + (tlPlotX1-tlPlotX0)*daysBetween(s.lo, d.Time())/s.days()
}

// daysBetween counts the days from a to b in seconds since 1970, not as a
// time.Duration, which saturates past 292 years: dates stored centuries
// apart would all land at the plot's edges, its ticks every 20 years.
func daysBetween(a, b time.Time) float64 { return float64(b.Unix()-a.Unix()) / 86400 }

// mid is the middle of the day.
func (s tlScale) mid(d domain.Date) float64 { return s.x(d) + s.dayWidth()/2 }

func (s tlScale) dayWidth() float64 { return (tlPlotX1 - tlPlotX0) / s.days() }

func (s tlScale) contains(d domain.Date) bool {
	t := d.Time()
	return !t.Before(s.lo) && t.Before(s.hi)
}

// Timeline is what the drawing shows. Bands of agreements and programs come
// from the dossier, so that a validity period that covers the range shows
// even when none of its dates falls inside it; points come from the
// timeline's entries, so that the drawing shows what the list shows. From
// and To may be empty: the data's span decides.
type Timeline struct {
	Dossier  *domain.Dossier
	Timeline domain.Timeline
	From, To domain.Date
	// Today, when set and inside the range, is marked with a line.
	Today domain.Date
	// Href gives the address a record's mark links to.
	Href func(t domain.RecordType, id string) string
}

// SVG renders the drawing.
func (td Timeline) SVG() template.HTML {
	d := td.Dossier
	if d == nil {
		d = &domain.Dossier{}
	}
	tracks := td.tracks(d)
	var dated []domain.Date
	for _, tr := range tracks {
		for _, r := range tr.rows {
			for _, m := range r.marks {
				for _, on := range []domain.Date{m.start, m.end} {
					if on != "" {
						dated = append(dated, on)
					}
				}
			}
		}
	}
	subject := "Timeline"
	if d.Country.Name != "" {
		subject = "Timeline of " + d.Country.Name
	}
	if len(dated) == 0 {
		return emptyTimelineSVG(subject, td.From != "" || td.To != "" || len(td.Timeline.Kinds) > 0)
	}
	sc := timelineScale(slices.Min(dated), slices.Max(dated), td.From, td.To)
	for _, tr := range tracks {
		if packLanes(tr, sc, tr.lanes) > tr.lanes && tr.bands {
			tr.lane, tr.lanes = tlCompactLane, tlCompactLanes
			packLanes(tr, sc, tr.lanes)
		}
	}

	height := tlAxisH
	for _, tr := range tracks {
		height += trackHeight(tr)
	}
	if td.Today != "" && sc.contains(td.Today) {
		height += 14 // room for "Today" under the tracks
	}
	height += 8

	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="tl-title tl-desc" font-size="12">`,
		num(tlWidth), num(height), num(tlWidth), num(height))
	w(`<title id="tl-title">%s</title>`, esc(subject))
	w(`<desc id="tl-desc">%s</desc>`, esc(td.description(tracks, sc)))
	w(`<defs>`)
	for _, tr := range tracks {
		if !tr.bands {
			continue
		}
		key, c := trackKey(tr), tr.colour
		w(`<linearGradient id="tl-out-%s"><stop offset="0" stop-color="%s" stop-opacity="1"/><stop offset="1" stop-color="%s" stop-opacity="0"/></linearGradient>`, key, c, c)
		w(`<linearGradient id="tl-in-%s"><stop offset="0" stop-color="%s" stop-opacity="0"/><stop offset="1" stop-color="%s" stop-opacity="1"/></linearGradient>`, key, c, c)
		w(`<linearGradient id="tl-both-%s"><stop offset="0" stop-color="%s" stop-opacity="0"/><stop offset=".15" stop-color="%s" stop-opacity="1"/><stop offset=".85" stop-color="%s" stop-opacity="1"/><stop offset="1" stop-color="%s" stop-opacity="0"/></linearGradient>`, key, c, c, c, c)
	}
	w(`</defs>`)

	// Tracks: a wash, a label, and a rule under each.
	y := tlAxisH
	for i, tr := range tracks {
		h := trackHeight(tr)
		if i%2 == 0 {
			w(`<rect x="0" y="%s" width="%s" height="%s" fill="#f6f8fa"/>`, num(y), num(tlWidth), num(h))
		}
		w(`<text x="10" y="%s" font-weight="600" font-size="13" fill="#1c2430">%s</text>`, num(y+tlTrackPad+14), esc(tr.name))
		if tr.hidden > 0 {
			w(`<text x="10" y="%s" font-size="11" fill="#5b6675">latest %d of %d</text>`, num(y+tlTrackPad+30), len(tr.rows), len(tr.rows)+tr.hidden)
		}
		if len(tr.rows) == 0 {
			none := "None with a date"
			if td.From != "" || td.To != "" {
				none = "None in this range"
			}
			w(`<text x="%s" y="%s" fill="#5b6675" font-style="italic">%s</text>`, num(tlPlotX0+8), num(y+tlTrackPad+14), none)
		}
		w(`<line x1="0" y1="%s" x2="%s" y2="%s" stroke="#d8dde4"/>`, num(y+h), num(tlWidth), num(y+h))
		y += h
	}

	td.axis(&b, sc, height)

	// Marks, track by track, row by row.
	y = tlAxisH
	for _, tr := range tracks {
		for _, r := range tr.rows {
			top := y + tlTrackPad + float64(r.lane)*tr.lane.height
			for _, m := range r.marks {
				drawMark(&b, tr, m, sc, top)
			}
		}
		y += trackHeight(tr)
	}
	w(`</svg>`)
	return template.HTML(b.String()) // #nosec G203 -- every text and attribute above is escaped
}

// emptyTimelineSVG is the drawing when nothing has a date.
func emptyTimelineSVG(subject string, filtered bool) template.HTML {
	msg := "No dated records"
	if filtered {
		msg = "No dated records match these filters"
	}
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline timeline-empty" viewBox="0 0 %s 80" width="%s" height="80" role="img" aria-labelledby="tl-title tl-desc" font-size="14">`+
		`<title id="tl-title">%s</title><desc id="tl-desc">%s.</desc>`+
		`<text x="%s" y="45" text-anchor="middle" fill="#5b6675" font-style="italic">%s</text></svg>`,
		num(tlWidth), num(tlWidth), esc(subject), esc(msg), num(tlWidth/2), esc(msg))) // #nosec G203 -- escaped
}

// timelineScale picks the range: the filter's dates where given, otherwise
// whole calendar years around the data; at least one year wide.
func timelineScale(first, last, from, to domain.Date) tlScale {
	var sc tlScale
	if from != "" {
		sc.lo = from.Time()
	} else {
		sc.lo = time.Date(first.Time().Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if to != "" {
		sc.hi = to.Time().AddDate(0, 0, 1)
	} else {
		sc.hi = time.Date(last.Time().Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if !sc.hi.Before(sc.lo.AddDate(1, 0, 0)) {
		return sc
	}
	switch {
	case to == "":
		sc.hi = sc.lo.AddDate(1, 0, 0)
	case from == "":
		sc.lo = sc.hi.AddDate(-1, 0, 0)
	default:
		// Both given and less than a year apart: a year around their middle.
		mid := sc.lo.Add(sc.hi.Sub(sc.lo) / 2).Truncate(24 * time.Hour)
		sc.lo = mid.AddDate(0, -6, 0)
		sc.hi = sc.lo.AddDate(1, 0, 0)
	}
	return sc
}

// tracks lays out the records of the dossier and the entries of the
// timeline, one track per kind of record the timeline's kinds keep.
func (td Timeline) tracks(d *domain.Dossier) []*tlTrack {
	all := []*tlTrack{
		{name: "Agreements", noun: "agreement", colour: tlAgreementColour, lanes: tlLabelledLanes, lane: tlLabelledLane, bands: true, kinds: []domain.TimelineKind{
			domain.TimelineAgreementSigned, domain.TimelineAgreementInForce, domain.TimelineAgreementExpires, domain.TimelineAgreementRenewalNoticeDue}},
		{name: "Events", noun: "event", colour: tlEventColour, lanes: tlEventLanes, lane: tlEventLane, kinds: []domain.TimelineKind{domain.TimelineEvent}},
		{name: "Programs", noun: "program", colour: tlProgramColour, lanes: tlLabelledLanes, lane: tlLabelledLane, bands: true, kinds: []domain.TimelineKind{
			domain.TimelineProgramStart, domain.TimelineProgramEnd, domain.TimelineProgramMilestone}},
		{name: "Sources", noun: "source", colour: tlSourceColour, lanes: 1, lane: tlSourceLane, kinds: []domain.TimelineKind{domain.TimelineSourcePublished}},
	}
	var tracks []*tlTrack
	for _, tr := range all {
		if len(td.Timeline.Kinds) == 0 || slices.ContainsFunc(tr.kinds, func(k domain.TimelineKind) bool { return slices.Contains(td.Timeline.Kinds, k) }) {
			tracks = append(tracks, tr)
		}
	}
	rows := map[string]*tlRow{} // by record type and id
	row := func(tr *tlTrack, t domain.RecordType, id, title string, first domain.Date) *tlRow {
		key := string(t) + "/" + id
		if r, ok := rows[key]; ok {
			if first != "" && (r.first == "" || first < r.first) {
				r.first = first
			}
			return r
		}
		r := &tlRow{first: first, title: title, id: id}
		rows[key] = r
		tr.rows = append(tr.rows, r)
		return r
	}
	trackOf := func(name string) *tlTrack {
		for _, tr := range tracks {
			if tr.name == name {
				return tr
			}
		}
		return nil
	}

	// Bands, from the records.
	if tr := trackOf("Agreements"); tr != nil {
		for _, a := range d.Agreements {
			start := a.EffectiveOn
			if start == "" {
				start = a.SignedOn
			}
			if (start == "" && a.ExpiresOn == "") || !td.overlaps(start, a.ExpiresOn) {
				continue
			}
			status := a.Status
			if td.Today != "" {
				status = a.StatusOn(td.Today)
			}
			r := row(tr, domain.TypeAgreement, a.ID, a.Title, cmp.Or(start, a.ExpiresOn))
			r.marks = append(r.marks, tlMark{
				shape: tlBand, start: start, end: a.ExpiresOn, fadeIn: start == "", fadeOut: a.ExpiresOn == "",
				href: td.Href(domain.TypeAgreement, a.ID), label: a.Title,
				tip:   a.Title + " (" + domain.Words(status) + "): " + validity(start, a.ExpiresOn, "in force"),
				muted: status == domain.StatusExpired || status == domain.StatusTerminated,
			})
		}
	}
	if tr := trackOf("Programs"); tr != nil {
		for _, p := range d.Programs {
			if (p.StartOn == "" && p.EndOn == "") || !td.overlaps(p.StartOn, p.EndOn) {
				continue
			}
			r := row(tr, domain.TypeProgram, p.ID, p.Name, cmp.Or(p.StartOn, p.EndOn))
			r.marks = append(r.marks, tlMark{
				shape: tlBand, start: p.StartOn, end: p.EndOn, fadeIn: p.StartOn == "", fadeOut: p.EndOn == "",
				href: td.Href(domain.TypeProgram, p.ID), label: p.Name,
				tip:   p.Name + " (" + domain.Words(p.Status) + "): " + validity(p.StartOn, p.EndOn, "running"),
				muted: p.Status == domain.ProgramCompleted || p.Status == domain.ProgramCancelled,
			})
		}
	}

	// Points, from the entries.
	programNames := make(map[string]string, len(d.Programs))
	for _, p := range d.Programs {
		programNames[p.ID] = p.Name
	}
	for _, e := range td.Timeline.Entries {
		href := td.Href(e.Record.Type, e.Record.ID)
		switch e.Kind {
		case domain.TimelineAgreementSigned:
			if tr := trackOf("Agreements"); tr != nil {
				r := row(tr, e.Record.Type, e.Record.ID, e.Title, e.Date)
				r.marks = append(r.marks, tlMark{shape: tlDiamond, start: e.Date, href: href, tip: "Signed " + e.Date.Format() + ": " + e.Title})
			}
		case domain.TimelineAgreementRenewalNoticeDue:
			if tr := trackOf("Agreements"); tr != nil {
				r := row(tr, e.Record.Type, e.Record.ID, e.Title, e.Date)
				r.marks = append(r.marks, tlMark{shape: tlNotice, start: e.Date, href: href, tip: "Renewal notice due " + e.Date.Format() + ": " + e.Title})
			}
		case domain.TimelineEvent:
			if tr := trackOf("Events"); tr != nil {
				r := row(tr, e.Record.Type, e.Record.ID, e.Title, e.Date)
				m := tlMark{shape: tlDot, start: e.Date, href: href, tip: e.Date.Format() + ": " + e.Title}
				if e.EndOn != "" && e.EndOn > e.Date {
					m.shape, m.end = tlBar, e.EndOn
					m.tip = e.Date.Format() + " – " + e.EndOn.Format() + ": " + e.Title
				}
				r.marks = append(r.marks, m)
			}
		case domain.TimelineProgramMilestone:
			if tr := trackOf("Programs"); tr != nil {
				r := row(tr, e.Record.Type, e.Record.ID, cmp.Or(programNames[e.Record.ID], e.Record.Name), e.Date)
				done := e.Status == domain.MilestoneDone
				state := "open"
				if done {
					state = "done"
				}
				r.marks = append(r.marks, tlMark{shape: tlMilestone, start: e.Date, href: href, done: done,
					tip: "Milestone " + e.Date.Format() + " (" + state + "): " + e.Title})
			}
		case domain.TimelineSourcePublished:
			if tr := trackOf("Sources"); tr != nil {
				r := row(tr, e.Record.Type, e.Record.ID, e.Title, e.Date)
				r.marks = append(r.marks, tlMark{shape: tlTick, start: e.Date, href: href, tip: "Published " + e.Date.Format() + ": " + e.Title})
			}
		}
		// An agreement's entry into force and expiry, and a program's start
		// and end, are the ends of their bands.
	}
	for _, tr := range tracks {
		slices.SortFunc(tr.rows, func(a, b *tlRow) int {
			return cmp.Or(cmp.Compare(a.first, b.first), cmp.Compare(a.title, b.title), cmp.Compare(a.id, b.id))
		})
		if len(tr.rows) > tlMaxRows {
			// The latest are kept: a drawing of thousands of marks helps
			// no one and weighs megabytes.
			tr.hidden = len(tr.rows) - tlMaxRows
			tr.rows = tr.rows[tr.hidden:]
		}
		for _, r := range tr.rows {
			slices.SortStableFunc(r.marks, func(a, b tlMark) int {
				return cmp.Or(cmp.Compare(a.shape, b.shape), cmp.Compare(a.start, b.start), cmp.Compare(a.tip, b.tip))
			})
		}
	}
	return tracks
}

// overlaps reports whether a period (either end may be unknown: open)
// overlaps the filter's range.
func (td Timeline) overlaps(start, end domain.Date) bool {
	return (td.To == "" || start == "" || start <= td.To) && (td.From == "" || end == "" || end >= td.From)
}

// validity words a period for a tooltip.
func validity(start, end domain.Date, state string) string {
	switch {
	case start != "" && end != "":
		return state + " from " + start.Format() + " to " + end.Format()
	case start != "":
		return state + " from " + start.Format() + ", no end date"
	}
	return "start not recorded, until " + end.Format()
}

// packLanes gives each row of the track the first lane where it does not
// touch the row before it; past the given number of lanes, the lane that
// frees up first. It returns the number of lanes the rows would need
// without that limit.
func packLanes(tr *tlTrack, sc tlScale, lanes int) int {
	need := 0
	var free []float64 // without the limit
	for _, r := range tr.rows {
		x0, x1 := rowExtent(r, sc)
		i := slices.IndexFunc(free, func(end float64) bool { return end+tlLaneGap <= x0 })
		if i < 0 {
			free = append(free, x1)
			continue
		}
		free[i] = x1
	}
	need = len(free)

	var ends []float64
	for _, r := range tr.rows {
		x0, x1 := rowExtent(r, sc)
		lane := -1
		for i, end := range ends {
			if end+tlLaneGap <= x0 {
				lane = i
				break
			}
		}
		if lane < 0 && len(ends) < lanes {
			ends = append(ends, x1)
			lane = len(ends) - 1
		}
		if lane < 0 {
			lane = 0
			for i := range ends {
				if ends[i] < ends[lane] {
					lane = i
				}
			}
		}
		ends[lane] = max(ends[lane], x1)
		r.lane = lane
	}
	return need
}

// rowExtent is the horizontal space a row's marks take.
func rowExtent(r *tlRow, sc tlScale) (float64, float64) {
	x0, x1 := tlPlotX1, tlPlotX0
	for _, m := range r.marks {
		a, b := markExtent(m, sc)
		x0, x1 = min(x0, a), max(x1, b)
	}
	return x0, x1
}

func markExtent(m tlMark, sc tlScale) (float64, float64) {
	switch m.shape {
	case tlBand, tlBar:
		a, b := tlPlotX0, tlPlotX1
		if m.start != "" {
			a = max(a, sc.x(m.start))
		}
		if m.end != "" {
			b = min(b, sc.x(m.end.AddDays(1)))
		}
		return a, max(b, a+4)
	}
	x := sc.mid(m.start)
	return x - 7, x + 7
}

// trackHeight is the track's rows and padding, at least the height of its
// label.
func trackHeight(tr *tlTrack) float64 {
	lanes := 1
	for _, r := range tr.rows {
		lanes = max(lanes, r.lane+1)
	}
	least := 24.0
	if tr.hidden > 0 {
		least = 36
	}
	return 2*tlTrackPad + max(least, float64(lanes)*tr.lane.height)
}

// trackKey names a track in ids.
func trackKey(tr *tlTrack) string { return strings.ToLower(tr.name) }

// description is the drawing's <desc>: its range and what it holds.
func (td Timeline) description(tracks []*tlTrack, sc tlScale) string {
	var parts []string
	for _, tr := range tracks {
		part := fmt.Sprintf("%d %s", len(tr.rows), pluralNoun(len(tr.rows), tr.noun))
		if tr.hidden > 0 {
			part = fmt.Sprintf("the latest %d of %d %ss", len(tr.rows), len(tr.rows)+tr.hidden, tr.noun)
		}
		parts = append(parts, part)
	}
	last := domain.DateOf(sc.hi.AddDate(0, 0, -1))
	return fmt.Sprintf("From %s to %s: %s. Each mark links to its record; the table below lists the same entries.",
		domain.DateOf(sc.lo).Format(), last.Format(), strings.Join(parts, ", "))
}

func pluralNoun(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// axis draws the ticks and labels on top and the grid lines across the
// tracks: months when a month is wide enough to be labelled, otherwise years
// every one, two, five, ... years.
func (td Timeline) axis(b *strings.Builder, sc tlScale, height float64) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	axisY := tlAxisH - 6
	bottom := height - 8 // the tracks' bottom
	showToday := td.Today != "" && sc.contains(td.Today)
	if showToday {
		bottom -= 14
	}
	w(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#5b6675"/>`, num(tlPlotX0), num(axisY), num(tlPlotX1), num(axisY))
	perYear := sc.dayWidth() * 365.25
	perMonth := perYear / 12

	grid := func(x float64) {
		w(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#d8dde4" stroke-dasharray="2 3"/>`, num(x), num(tlAxisH), num(x), num(bottom))
	}
	label := func(x float64, text string, bold bool) {
		weight := ""
		if bold {
			weight = ` font-weight="600"`
		}
		w(`<text x="%s" y="%s" fill="#1c2430"%s>%s</text>`, num(x+3), num(axisY-8), weight, esc(text))
	}
	tick := func(x, length float64) {
		w(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#5b6675"/>`, num(x), num(axisY-length), num(x), num(axisY))
	}

	// Month starts inside the range.
	firstMonth := time.Date(sc.lo.Year(), sc.lo.Month(), 1, 0, 0, 0, 0, time.UTC)
	if firstMonth.Before(sc.lo) {
		firstMonth = firstMonth.AddDate(0, 1, 0)
	}
	labelled := tlPlotX0 - 100.0 // right end of the last label
	if perMonth >= 44 {
		for m := firstMonth; m.Before(sc.hi); m = m.AddDate(0, 1, 0) {
			x := sc.x(domain.DateOf(m))
			text := m.Format("Jan")
			if m.Month() == time.January || labelled < tlPlotX0 {
				text = m.Format("Jan 2006")
			}
			tick(x, 6)
			if m.Month() == time.January {
				grid(x)
			}
			if x+float64(len(text))*7 <= tlPlotX1+20 {
				label(x, text, m.Month() == time.January)
				labelled = x + float64(len(text))*7
			}
		}
		return
	}
	// Steps grow as far as the span needs (1, 2, 5, 10, ... 1000 years):
	// however far apart the dates stored, the axis has a tick per 48
	// units of width at most.
	step := 1
	for perYear*float64(step) < 48 {
		step = nextStep(step)
	}
	if perMonth >= 5 {
		for m := firstMonth; m.Before(sc.hi); m = m.AddDate(0, 1, 0) {
			tick(sc.x(domain.DateOf(m)), 3)
		}
	}
	firstYear := sc.lo.Year()
	if !sc.lo.Equal(time.Date(firstYear, 1, 1, 0, 0, 0, 0, time.UTC)) {
		firstYear++
	}
	if x := sc.x(domain.DateOf(time.Date(firstYear, 1, 1, 0, 0, 0, 0, time.UTC))); x-tlPlotX0 >= 60 {
		// The range starts inside a year: name the year at the left edge.
		label(tlPlotX0, sc.lo.Format("Jan 2006"), false)
	}
	for y := firstYear; ; y++ {
		start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		if !start.Before(sc.hi) {
			break
		}
		x := sc.x(domain.DateOf(start))
		if y%step != 0 {
			continue
		}
		tick(x, 8)
		grid(x)
		if x+32 <= tlPlotX1+20 {
			label(x, strconv.Itoa(y), true)
		}
	}
	if showToday {
		x := sc.mid(td.Today)
		w(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5" stroke-dasharray="4 3"/>`, num(x), num(axisY), num(x), num(bottom+4), tlTodayColour)
		w(`<text x="%s" y="%s" fill="%s" font-size="11" font-weight="600" text-anchor="middle">Today</text>`, num(min(max(x, tlPlotX0+16), tlPlotX1-16)), num(height-9), tlTodayColour)
	}
}

// drawMark draws one mark on the row whose top is top.
func drawMark(b *strings.Builder, tr *tlTrack, m tlMark, sc tlScale, top float64) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	if m.shape != tlBand && m.shape != tlBar && !sc.contains(m.start) {
		return
	}
	ln := tr.lane
	cy := top + ln.mid
	w(`<a href="%s" tabindex="-1"><title>%s</title>`, esc(m.href), esc(m.tip))
	key := trackKey(tr)
	switch m.shape {
	case tlBand:
		x0, x1 := markExtent(m, sc)
		// A band fades where its date is unknown or lies outside the range.
		in := m.fadeIn || (m.start != "" && m.start.Time().Before(sc.lo))
		out := m.fadeOut || (m.end != "" && !m.end.Time().Before(sc.hi))
		paint := tr.colour
		switch {
		case in && out:
			paint = "url(#tl-both-" + key + ")"
		case out:
			paint = "url(#tl-out-" + key + ")"
		case in:
			paint = "url(#tl-in-" + key + ")"
		}
		opacity, dash := "0.2", ""
		if m.muted {
			opacity, dash = "0.08", ` stroke-dasharray="4 2"`
		}
		w(`<rect class="mark band" x="%s" y="%s" width="%s" height="%s" rx="3" fill="%s" fill-opacity="%s" stroke="%s" stroke-width="1.5"%s/>`,
			num(x0), num(cy-ln.band/2), num(x1-x0), num(ln.band), paint, opacity, paint, dash)
		if ln.label {
			if text := fitText(m.label, min(x1, tlWidth-4)-x0-2); text != "" {
				w(`<text x="%s" y="%s" font-size="%s" fill="#1c2430">%s</text>`, num(x0+1), num(top+11), num(tlLabelFont), esc(text))
			}
		}
	case tlBar:
		x0, x1 := markExtent(m, sc)
		w(`<rect class="mark bar" x="%s" y="%s" width="%s" height="%s" rx="2" fill="%s"/>`, num(x0), num(cy-ln.band/2), num(x1-x0), num(ln.band), tr.colour)
	case tlDot:
		w(`<circle class="mark dot" cx="%s" cy="%s" r="%s" fill="%s"/>`, num(sc.mid(m.start)), num(cy), num(ln.point), tr.colour)
	case tlDiamond:
		x, r := sc.mid(m.start), ln.point+1
		w(`<path class="mark diamond" d="M%s %sl%s %sl%s %sl%s %sz" fill="%s" stroke="#fff" stroke-width="1"/>`,
			num(x), num(cy-r), num(r), num(r), num(-r), num(r), num(-r), num(-r), tr.colour)
	case tlNotice:
		// A red stroke across the band.
		w(`<rect class="mark notice" x="%s" y="%s" width="3" height="%s" fill="%s"/>`, num(sc.mid(m.start)-1.5), num(cy-ln.band/2-3), num(ln.band+6), tlTodayColour)
	case tlMilestone:
		fill, class := "#fff", "mark milestone milestone-open"
		if m.done {
			fill, class = tr.colour, "mark milestone milestone-done"
		}
		w(`<circle class="%s" cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" stroke-width="2"/>`, class, num(sc.mid(m.start)), num(cy), num(ln.point-1.5), fill, tr.colour)
	case tlTick:
		w(`<rect class="mark tick" x="%s" y="%s" width="3" height="%s" fill="%s"/>`, num(sc.mid(m.start)-1.5), num(cy-ln.band/2), num(ln.band), tr.colour)
	}
	w(`</a>`)
}

// fitText shortens s to fit width (at the labels' size), with an ellipsis;
// "" when too little of it would show.
func fitText(s string, width float64) string {
	const charW = tlLabelFont * 0.56
	n := int(width / charW)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n < 8 {
		return ""
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// esc escapes text for an SVG text node or attribute value.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

// num prints a coordinate with at most one decimal.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}
