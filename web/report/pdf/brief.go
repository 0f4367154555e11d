package pdf

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"

	"cooptrack/domain"
)

// Page geometry (mm) and type sizes (pt) of the brief.
const (
	pageW, pageH = 210.0, 297.0
	margin       = 18.0
	textW        = pageW - 2*margin
	bodySize     = 9.0
	tableSize    = 8.0
	headSize     = 13.0
	lineH        = 4.0
	cellPad      = 1.2
)

// Colours (RGB).
var (
	ink     = [3]int{28, 36, 48}
	muted   = [3]int{96, 106, 120}
	accent  = [3]int{22, 62, 112}
	rule    = [3]int{200, 206, 214}
	headBg  = [3]int{228, 234, 242}
	eventC  = [3]int{42, 111, 178}
	agreeC  = [3]int{214, 138, 36}
	overdue = [3]int{170, 30, 30}
)

// printer holds the document and the text encoding of its font.
type printer struct {
	doc     *fpdf.Fpdf
	family  string
	encode  func(string) string
	unicode bool
}

// clean makes text printable: composed (NFC, so that an "e" and a
// combining accent print as the "é" that fonts have more often than the
// mark), without control characters (domain.CleanText: records stored
// before they were refused may hold them), and within the Basic
// Multilingual Plane. fpdf keeps a TrueType font's character map in 65,536
// slots and panics when the document is written if any character lies past
// them (an emoji, a flag, a mathematical letter, CJK extension B): each
// such character prints as U+FFFD instead, which the font shows as its
// "missing" glyph and a reader of the text as the replacement character.
func clean(s string, multiline bool) string {
	s = norm.NFC.String(domain.CleanText(s, multiline))
	if !strings.ContainsFunc(s, beyondBMP) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if beyondBMP(r) {
			return utf8.RuneError
		}
		return r
	}, s)
}

func beyondBMP(r rune) bool { return r > 0xFFFF }

// tr prepares one line of text for the page: cleaned and encoded.
func (p *printer) tr(s string) string { return p.encode(clean(s, false)) }

// Write lays out the brief as an A4 PDF in the font and writes it to w.
func Write(w io.Writer, b *domain.Brief, font *Font) error {
	if font == nil {
		font = CoreFont()
	}
	doc := fpdf.New("P", "mm", "A4", "")
	p := &printer{doc: doc, unicode: font.Unicode()}
	p.family, p.encode = font.register(doc)
	doc.SetMargins(margin, margin, margin)
	doc.SetAutoPageBreak(true, margin)
	doc.AliasNbPages("{nb}")
	doc.SetTitle(clean(b.Country.Name, false)+" – country brief", p.unicode)
	doc.SetCreator("cooptrack", false)
	doc.SetCreationDate(b.AsOf)
	doc.SetModificationDate(b.AsOf)

	title := b.Country.Name + " · country brief · " + b.Today.Format()
	doc.SetHeaderFunc(func() {
		if doc.PageNo() == 1 {
			return
		}
		p.font("", 7.5, muted)
		doc.SetXY(margin, 9)
		doc.CellFormat(textW, 4, p.tr(title), "", 0, "L", false, 0, "")
		p.hr(13.5)
		doc.SetY(margin)
	})
	doc.SetFooterFunc(func() {
		p.font("", 7.5, muted)
		doc.SetXY(margin, pageH-12)
		doc.CellFormat(textW/2, 4, p.tr("As of "+asOf(b)+" · cooptrack"), "", 0, "L", false, 0, "")
		doc.CellFormat(textW/2, 4, fmt.Sprintf("Page %d of {nb}", doc.PageNo()), "", 0, "R", false, 0, "")
	})
	doc.AddPage()

	p.cover(b)
	for _, s := range b.Sections {
		switch s {
		case domain.BriefFigures:
			p.figures(b)
		case domain.BriefCounterparts:
			p.counterparts(b)
		case domain.BriefAgreements:
			p.agreements(b)
		case domain.BriefEngagements:
			p.engagements(b)
		case domain.BriefPrograms:
			p.programs(b)
		case domain.BriefChart:
			p.chart(b)
		case domain.BriefFollowUps:
			p.followUps(b)
		}
	}
	p.sources(b)
	if err := doc.Error(); err != nil {
		return fmt.Errorf("brief: %w", err)
	}
	return doc.Output(w)
}

func asOf(b *domain.Brief) string { return b.AsOf.UTC().Format("2 Jan 2006 15:04 UTC") }

func (p *printer) font(style string, size float64, c [3]int) {
	p.doc.SetFont(p.family, style, size)
	p.doc.SetTextColor(c[0], c[1], c[2])
}

func (p *printer) hr(y float64) {
	p.doc.SetDrawColor(rule[0], rule[1], rule[2])
	p.doc.SetLineWidth(0.2)
	p.doc.Line(margin, y, pageW-margin, y)
}

// room starts a new page unless h mm are left on this one.
func (p *printer) room(h float64) {
	if p.doc.GetY()+h > pageH-margin {
		p.doc.AddPage()
	}
}

// para prints wrapped text across the page.
func (p *printer) para(text string, size float64, c [3]int) {
	p.font("", size, c)
	for _, l := range p.lines(text, textW) {
		p.room(lineH + 0.5)
		p.doc.CellFormat(textW, lineH+0.5, l, "", 1, "L", false, 0, "")
	}
}

// lines wraps text to width w in the current font and returns the lines
// ready to print: the UTF-8 text itself with a TrueType font, cp1252 bytes
// with the core font. A word too long for the width is broken, never cut.
func (p *printer) lines(text string, w float64) []string {
	var out []string
	for para := range strings.SplitSeq(clean(text, true), "\n") {
		para = strings.ReplaceAll(para, "\t", " ")
		if para == "" {
			out = append(out, "")
			continue
		}
		if p.unicode {
			out = append(out, p.doc.SplitText(para, w)...)
			continue
		}
		for _, l := range p.doc.SplitLines([]byte(p.encode(para)), w) {
			out = append(out, string(l))
		}
	}
	return out
}

func (p *printer) heading(text string) {
	p.room(20) // a heading is never the last line of a page
	p.doc.Ln(4)
	p.font("B", headSize, accent)
	p.doc.CellFormat(textW, 7, p.tr(text), "", 1, "L", false, 0, "")
	y := p.doc.GetY()
	p.doc.SetDrawColor(accent[0], accent[1], accent[2])
	p.doc.SetLineWidth(0.4)
	p.doc.Line(margin, y, pageW-margin, y)
	p.doc.Ln(2)
}

func (p *printer) subheading(text string) {
	p.room(14)
	p.doc.Ln(1)
	p.font("B", bodySize+0.5, ink)
	p.doc.CellFormat(textW, 5.5, p.tr(text), "", 1, "L", false, 0, "")
}

func (p *printer) cover(b *domain.Brief) {
	doc := p.doc
	p.font("B", 8, muted)
	doc.CellFormat(textW, 5, "COUNTRY BRIEF", "", 1, "L", false, 0, "")
	p.font("B", 26, accent)
	doc.CellFormat(textW, 12, p.tr(b.Country.Name), "", 1, "L", false, 0, "")
	p.font("", 10.5, ink)
	cover := b.Country.Name + " · brief of " + b.Today.Format() + " · as of " + asOf(b)
	for _, l := range p.lines(cover, textW) {
		doc.CellFormat(textW, 5.5, l, "", 1, "L", false, 0, "")
	}
	var facts []string
	if b.Country.SubRegion != "" {
		facts = append(facts, b.Country.SubRegion+", "+b.Country.Region)
	}
	period := "Engagements from " + b.From.Format()
	if b.To != "" {
		period += " to " + b.To.Format()
	} else {
		period += " on, and every one planned"
	}
	facts = append(facts, period)
	p.para(strings.Join(facts, " · "), bodySize, muted)
	p.para("Numbers in the Src. columns refer to the sources listed at the end, with publisher, date and address.", bodySize, muted)
	doc.Ln(1)
	p.hr(doc.GetY())
	doc.Ln(2)
}

func (p *printer) figures(b *domain.Brief) {
	p.heading("Key figures")
	f := b.Figures
	boxes := []struct {
		n     int
		label string
	}{
		{f.InForce, "agreements in force"},
		{f.Signed, "signed, not yet in force"},
		{f.UnderNegotiation, "under negotiation or draft"},
		{f.DueSoon, fmt.Sprintf("due within %d days", domain.DueWindowDays)},
		{f.ActivePrograms, "programs active"},
		{f.Past, "engagements in the period"},
		{f.Ahead, "engagements ahead"},
		{f.Sources, "sources cited"},
	}
	const perRow, gap, h = 4, 3.0, 17.0
	w := (textW - gap*(perRow-1)) / perRow
	doc := p.doc
	for i, box := range boxes {
		if i%perRow == 0 {
			p.room(h + gap)
			if i > 0 {
				doc.SetY(doc.GetY() + h + gap)
			}
		}
		x, y := margin+float64(i%perRow)*(w+gap), doc.GetY()
		doc.SetFillColor(headBg[0], headBg[1], headBg[2])
		doc.Rect(x, y, w, h, "F")
		doc.SetXY(x+2, y+1.5)
		p.font("B", 16, accent)
		doc.CellFormat(w-4, 8, strconv.Itoa(box.n), "", 0, "L", false, 0, "")
		doc.SetXY(x+2, y+10)
		p.font("", 7.5, ink)
		doc.CellFormat(w-4, 4, p.tr(box.label), "", 0, "L", false, 0, "")
		doc.SetXY(margin, y)
	}
	doc.SetY(doc.GetY() + h + 1)
}

// column is a table column: its heading, width (mm) and alignment.
type column struct {
	title string
	width float64
	align string
}

// table prints the rows under the columns' headings; a cell's text wraps
// within its column (explicit lines with "\n"), a row never splits across
// pages, and the headings repeat on each page. marks, when given, colours
// a row's text.
func (p *printer) table(cols []column, rows [][]string, marks ...[3]int) {
	doc := p.doc
	// fpdf insets text by its cell margin both when it wraps a line and when
	// it prints one; widening each cell's box by that margin leaves cellPad
	// the only padding, so that a column holds as much as its width says.
	m := doc.GetCellMargin()
	inner := func(c column) float64 { return c.width - 2*cellPad + 2*m }
	header := func() {
		p.font("B", tableSize, ink)
		doc.SetFillColor(headBg[0], headBg[1], headBg[2])
		h := lineH + 2*cellPad
		x, y := margin, doc.GetY()
		doc.Rect(margin, y, textW, h, "F")
		for _, c := range cols {
			doc.SetXY(x+cellPad-m, y+cellPad)
			doc.CellFormat(inner(c), lineH, p.tr(c.title), "", 0, c.align, false, 0, "")
			x += c.width
		}
		doc.SetY(y + h)
	}
	p.room(2 * (lineH + 2*cellPad))
	header()
	for i, row := range rows {
		p.font("", tableSize, ink)
		cells := make([][]string, len(cols))
		n := 1
		for j, c := range cols {
			cells[j] = p.lines(row[j], inner(c))
			n = max(n, len(cells[j]))
		}
		h := float64(n)*lineH + 2*cellPad
		if doc.GetY()+h > pageH-margin {
			doc.AddPage()
			header()
			p.font("", tableSize, ink)
		}
		if i < len(marks) && marks[i] != ([3]int{}) {
			c := marks[i]
			doc.SetTextColor(c[0], c[1], c[2])
		}
		x, y := margin, doc.GetY()
		for j, c := range cols {
			for k, l := range cells[j] {
				doc.SetXY(x+cellPad-m, y+cellPad+float64(k)*lineH)
				doc.CellFormat(inner(c), lineH, l, "", 0, c.align, false, 0, "")
			}
			x += c.width
		}
		p.hr(y + h)
		doc.SetY(y + h)
	}
}

// src words a fact's footnotes: "1, 3"; "–" when it cites none.
func src(notes []int) string {
	if len(notes) == 0 {
		return "–"
	}
	s := make([]string, len(notes))
	for i, n := range notes {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// words renders an enumerated value for people.
func words(v any) string {
	s := fmt.Sprint(v)
	switch s {
	case "mou":
		return "MOU"
	case "in_force":
		return "in force"
	}
	return strings.ReplaceAll(s, "_", " ")
}

// more notes the rows left out.
func (p *printer) more(n int, what string) {
	if n > 0 {
		p.para(fmt.Sprintf("… and %d more %s, not listed here.", n, what), tableSize, muted)
	}
}

// Widths (mm) of the columns of sources and of dates: a date ("30 May
// 2015") is never wrapped.
const (
	srcW  = 14.0
	dateW = 20.0
)

func (p *printer) counterparts(b *domain.Brief) {
	p.heading("Counterparts in post")
	if len(b.Counterparts) == 0 {
		p.para("No one recorded for "+b.Country.Name+" holds a post on "+b.Today.Format()+".", bodySize, muted)
	} else {
		rows := make([][]string, len(b.Counterparts))
		for i, c := range b.Counterparts {
			rows[i] = []string{c.Name, c.Title, c.Organization, c.Since.Format(), src(c.Notes)}
		}
		p.table([]column{{"Name", 40, "L"}, {"Post", 52, "L"}, {"Organization", 48, "L"}, {"Since", dateW, "L"}, {"Src.", srcW, "L"}}, rows)
	}
	if len(b.Organizations) > 0 {
		p.subheading("Institutions most engaged")
		rows := make([][]string, len(b.Organizations))
		for i, c := range b.Organizations {
			rows[i] = []string{c.Name, c.Detail, src(c.Notes)}
		}
		p.table([]column{{"Organization", 120, "L"}, {"Records", 40, "L"}, {"Src.", srcW, "L"}}, rows)
	}
}

func (p *printer) agreements(b *domain.Brief) {
	p.heading("Agreements")
	if len(b.Agreements) == 0 {
		p.para("No agreement is recorded.", bodySize, muted)
		return
	}
	rows := make([][]string, len(b.Agreements))
	marks := make([][3]int, len(b.Agreements))
	for i, a := range b.Agreements {
		title := a.Title + "\n" + words(a.Kind)
		if len(a.Parties) > 0 {
			title += ": " + strings.Join(a.Parties, "; ")
		}
		notice := a.NoticeDueOn.Format()
		if a.Automatic {
			notice = strings.TrimSpace(notice + "\nrenews itself")
		}
		rows[i] = []string{title, words(a.Status), a.SignedOn.Format(), a.EffectiveOn.Format(), a.ExpiresOn.Format(), notice, src(a.Notes)}
		if a.Status == domain.StatusExpired || a.Status == domain.StatusTerminated {
			marks[i] = muted
		}
	}
	p.table([]column{{"Agreement", 58, "L"}, {"Status", 19, "L"}, {"Signed", dateW, "L"}, {"In force", dateW, "L"}, {"Expires", dateW, "L"}, {"Notice by", 23, "L"}, {"Src.", srcW, "L"}}, rows, marks...)
	p.more(b.MoreAgreements, "agreements (the oldest ended)")
}

func (p *printer) engagements(b *domain.Brief) {
	p.heading("Engagements")
	cols := []column{{"Dates", 30, "L"}, {"Engagement", 70, "L"}, {"Kind", 26, "L"}, {"Place", 34, "L"}, {"Src.", srcW, "L"}}
	rowsOf := func(list []domain.BriefEngagement) [][]string {
		rows := make([][]string, len(list))
		for i, e := range list {
			dates := e.StartOn.Format()
			if e.EndOn != "" && e.EndOn != e.StartOn {
				dates += " –\n" + e.EndOn.Format()
			}
			title := e.Title
			if e.Host != "" {
				title += "\nhost: " + e.Host
			}
			rows[i] = []string{dates, title, words(e.Kind), e.Place, src(e.Notes)}
		}
		return rows
	}
	past := "Since " + b.From.Format()
	switch {
	case b.LastEngagedOn != "":
		past = fmt.Sprintf("The %d months to the last engagement, on %s (none since %s)", domain.BriefPeriodMonths, b.LastEngagedOn.Format(), b.QuietSince.Format())
	case !b.PeriodGiven && b.From != "":
		past = fmt.Sprintf("The last %d months (since %s)", domain.BriefPeriodMonths, b.From.Format())
	}
	p.subheading(past)
	if len(b.Past) == 0 {
		p.para("None recorded.", bodySize, muted)
	} else {
		p.table(cols, rowsOf(b.Past))
		p.more(b.MorePast, "engagements")
	}
	ahead := "Coming"
	if b.To != "" {
		ahead += ", to " + b.To.Format()
	}
	p.subheading(ahead)
	if len(b.Ahead) == 0 {
		p.para("None planned.", bodySize, muted)
		return
	}
	p.table(cols, rowsOf(b.Ahead))
	p.more(b.MoreAhead, "engagements")
}

func (p *printer) programs(b *domain.Brief) {
	p.heading("Programs")
	if len(b.Programs) == 0 {
		p.para("No program is recorded.", bodySize, muted)
		return
	}
	rows := make([][]string, len(b.Programs))
	for i, pr := range b.Programs {
		text := pr.Name
		for _, m := range pr.Milestones {
			text += fmt.Sprintf("\n• %s  %s (%s)", m.On.Format(), m.Title, m.State)
		}
		if pr.MoreMilestones > 0 {
			text += fmt.Sprintf("\n… and %d more milestones", pr.MoreMilestones)
		}
		dates := pr.StartOn.Format()
		if pr.EndOn != "" {
			dates += " –\n" + pr.EndOn.Format()
		}
		progress := "no milestones"
		if pr.Total > 0 {
			progress = fmt.Sprintf("%d of %d milestones done", pr.Done, pr.Total)
		}
		rows[i] = []string{text, words(pr.Status), dates, progress, src(pr.Notes)}
	}
	p.table([]column{{"Program and milestones", 88, "L"}, {"Status", 18, "L"}, {"Dates", 24, "L"}, {"Progress", 30, "L"}, {"Src.", srcW, "L"}}, rows)
	p.more(b.MorePrograms, "programs")
}

// chart draws the engagements and agreements signed per year as bars.
func (p *printer) chart(b *domain.Brief) {
	p.heading("Engagements per year")
	if len(b.PerYear) == 0 {
		p.para("Nothing dated is recorded.", bodySize, muted)
		return
	}
	const h = 55.0
	p.room(h + 16)
	doc := p.doc
	// Legend.
	y := doc.GetY() + 1
	for i, s := range []struct {
		label string
		c     [3]int
	}{{"Engagements (events started)", eventC}, {"Agreements signed", agreeC}} {
		x := margin + float64(i)*60
		doc.SetFillColor(s.c[0], s.c[1], s.c[2])
		doc.Rect(x, y+0.8, 3, 3, "F")
		p.font("", tableSize, ink)
		doc.SetXY(x+4, y)
		doc.CellFormat(54, 4.5, s.label, "", 0, "L", false, 0, "")
	}
	top := 1
	for _, r := range b.PerYear {
		top = max(top, r.Events, r.Agreements)
	}
	step := 1
	for top/step > 6 {
		step *= 2
	}
	axisMax := int(math.Ceil(float64(top)/float64(step))) * step
	x0, y0, w := margin+8, y+8+h, textW-8 // y0 is the baseline
	p.font("", 7, muted)
	for v := 0; v <= axisMax; v += step {
		gy := y0 - h*float64(v)/float64(axisMax)
		doc.SetDrawColor(rule[0], rule[1], rule[2])
		doc.SetLineWidth(0.15)
		doc.Line(x0, gy, x0+w, gy)
		doc.SetXY(margin, gy-2)
		doc.CellFormat(6.5, 4, strconv.Itoa(v), "", 0, "R", false, 0, "")
	}
	slot := w / float64(len(b.PerYear))
	bar := math.Min(slot*0.36, 9)
	for i, r := range b.PerYear {
		cx := x0 + slot*(float64(i)+0.5)
		for k, v := range []int{r.Events, r.Agreements} {
			c := []([3]int){eventC, agreeC}[k]
			bh := h * float64(v) / float64(axisMax)
			bx := cx - bar + float64(k)*bar
			doc.SetFillColor(c[0], c[1], c[2])
			if v > 0 {
				doc.Rect(bx, y0-bh, bar, bh, "F")
				p.font("", 6.5, ink)
				doc.SetXY(bx, y0-bh-3.5)
				doc.CellFormat(bar, 3.5, strconv.Itoa(v), "", 0, "C", false, 0, "")
			}
		}
		p.font("", 7, ink)
		doc.SetXY(cx-slot/2, y0+1)
		label := strconv.Itoa(r.Year)
		if slot < 9 && i%2 == 1 { // crowded: every other year
			label = ""
		}
		doc.CellFormat(slot, 4, label, "", 0, "C", false, 0, "")
	}
	doc.SetY(y0 + 7)
}

func (p *printer) followUps(b *domain.Brief) {
	p.heading("Open follow-ups")
	if len(b.FollowUps) == 0 {
		p.para("Nothing is due: no renewal notice or expiry within "+strconv.Itoa(domain.DueWindowDays)+" days, no milestone overdue, no agreement under negotiation.", bodySize, muted)
		return
	}
	what := map[string]string{
		domain.FollowUpRenewalNotice:    "give renewal notice",
		domain.FollowUpExpiry:           "agreement expires",
		domain.FollowUpOverdueMilestone: "milestone overdue",
		domain.FollowUpNegotiation:      "conclude negotiation",
	}
	rows := make([][]string, len(b.FollowUps))
	marks := make([][3]int, len(b.FollowUps))
	for i, f := range b.FollowUps {
		on := f.On.Format()
		if on == "" {
			on = "open"
		}
		rows[i] = []string{on, what[f.Kind], f.Subject, f.Detail, src(f.Notes)}
		if f.Kind == domain.FollowUpOverdueMilestone {
			marks[i] = overdue
		}
	}
	p.table([]column{{"By", 22, "L"}, {"What", 30, "L"}, {"Concerning", 70, "L"}, {"Detail", 38, "L"}, {"Src.", srcW, "L"}}, rows, marks...)
}

// sources lists the footnotes: number, publisher, date, title, address (a
// link).
func (p *printer) sources(b *domain.Brief) {
	p.heading("Sources")
	if len(b.Sources) == 0 {
		p.para("No fact printed here cites a source.", bodySize, muted)
		return
	}
	doc := p.doc
	const numW = 8.0
	for _, s := range b.Sources {
		var parts []string
		for _, v := range []string{s.Publisher, s.PublishedOn.Format(), s.Title} {
			if v != "" {
				parts = append(parts, v)
			}
		}
		p.font("", tableSize, ink)
		text := p.lines(strings.Join(parts, ". ")+".", textW-numW)
		p.font("", tableSize, accent)
		url := p.lines(s.URL, textW-numW)
		if s.URL == "" {
			url = nil
		}
		p.room(float64(len(text)+len(url))*lineH + 1.5)
		p.font("B", tableSize, ink)
		doc.CellFormat(numW, lineH, strconv.Itoa(s.N), "", 0, "L", false, 0, "")
		p.font("", tableSize, ink)
		for _, l := range text {
			doc.SetX(margin + numW)
			doc.CellFormat(textW-numW, lineH, l, "", 1, "L", false, 0, "")
		}
		p.font("", tableSize, accent)
		for _, l := range url {
			doc.SetX(margin + numW)
			doc.CellFormat(textW-numW, lineH, l, "", 1, "L", false, 0, clean(s.URL, false))
		}
		doc.Ln(1.5)
	}
}
