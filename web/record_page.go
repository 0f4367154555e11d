package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"cooptrack/domain"
)

// The record pages: /organizations/:id, /people/:id, /agreements/:id,
// /events/:id, /programs/:id and /sources/:id. Each shows every field of the
// record, the records it links to (by name, from its refs), the records that
// link to it (grouped by kind, each with how it links), and its evidence:
// every citation with its quoted passage and its source. A source shows its
// text, its quoted passages marked, and every record that cites it.

// mountRecordPages mounts the page of each record.
func (s *Server) mountRecordPages(e *gin.Engine) {
	for _, k := range s.kinds {
		k.mountRecordPage(s, e)
	}
}

func mountRecordPage[T domain.Record](s *Server, e *gin.Engine, store domain.Store[T]) {
	var zero T
	base := "/" + zero.Type().Collection()
	e.GET(base+"/:id", func(c *gin.Context) {
		rec, err := store.Find(c.Request.Context(), c.Param("id"))
		if err != nil {
			writePageError(c, s, err)
			return
		}
		v, err := s.recordView(c.Request.Context(), rec)
		if err != nil {
			writePageError(c, s, err)
			return
		}
		if v.History, err = s.recordHistory(c.Request.Context(), rec, c.Query("history")); err != nil {
			writePageError(c, s, err)
			return
		}
		s.render(c, http.StatusOK, "record_page", pageData{Title: v.TypeName + ": " + v.Label, Section: base[1:], Data: v})
	})
}

// recordView is what record_page.html receives.
type recordView struct {
	Type domain.RecordType
	// TypeName is the kind for a heading: "Agreement".
	TypeName string
	// Record is the record itself: *domain.Agreement and so on.
	Record  any
	Meta    *domain.Meta
	Label   string
	EditURL string
	// CiteURL is the form attaching a source as evidence.
	CiteURL  string
	ListURL  string
	ListName string
	// Evidence is what the record cites, each with its source's details.
	Evidence []evidenceItem
	// LinkedFrom are the records that link to this one, by kind.
	LinkedFrom []linkGroup

	// Positions are a person's posts, in order of time.
	Positions []positionRow
	// Budget is a program's budget for people ("USD 1,250,000.00").
	Budget string
	// Done and Milestones count a program's milestones.
	Done, Milestones int
	// Text is a source's text, cut where quoted passages begin and end.
	Text []textPart
	// Language names a source's language ("English").
	Language string
	// CitedBy are the records citing a source, by kind; Citers counts them.
	CitedBy []citerGroup
	Citers  int

	// History is a page of the record's history from the audit log; nil
	// when the server has no audit log.
	History *historyView
}

// evidenceItem is one citation with what the page shows of its source.
type evidenceItem struct {
	domain.Citation
	Publisher string
	URL       string
}

// linkGroup is the records of one kind that link to a record.
type linkGroup struct {
	Type  domain.RecordType
	Title string
	Rows  []linkRow
	// Total counts the links of this kind; AllURL lists them all when Rows
	// holds fewer.
	Total  int
	AllURL string
}

// linkRow is one record linking to the record shown, and how.
type linkRow struct {
	Ref domain.RecordRef
	// Roles say how it links: "party", "signatory, as Minister of …".
	Roles []string
	// When is its date or span of days; Status its status, if it has one.
	When   string
	Status string
}

// positionRow is a post a person held, marked when held today.
type positionRow struct {
	domain.Position
	Current bool
}

// textPart is a stretch of a source's text, quoted by a record or not.
type textPart struct {
	Text   string
	Quoted bool
}

// citerGroup is the records of one kind citing a source.
type citerGroup struct {
	Type  domain.RecordType
	Title string
	Rows  []citerRow
}

// citerRow is a record citing a source, with the passages it quotes (when
// the page read it).
type citerRow struct {
	Ref    domain.RecordRef
	Quotes []string
}

// Limits on the reads a record page makes beyond the record itself.
const (
	// linkedLimit is the most records of one kind listed as linking here.
	linkedLimit = 100
	// evidenceSourceLimit is the most sources read for their publisher.
	evidenceSourceLimit = 20
	// citerReadLimit is the most citing records a source page reads for
	// their quotes; beyond it, they are listed by name.
	citerReadLimit = 40
)

func (s *Server) recordView(ctx context.Context, rec domain.Record) (*recordView, error) {
	m := rec.RecordMeta()
	t := rec.Type()
	today := s.today()
	v := &recordView{
		Type: t, TypeName: domain.KindOf(t).Name(), Record: rec, Meta: m, Label: rec.Label(),
		EditURL: recordPath(t, m.ID) + "/edit", CiteURL: recordPath(t, m.ID) + "/evidence", ListURL: "/" + t.Collection(), ListName: domain.KindOf(t).Title(),
	}
	var err error
	if v.Evidence, err = s.evidenceOf(ctx, m.Evidence); err != nil {
		return nil, err
	}
	if v.LinkedFrom, err = s.linkedFrom(ctx, t, m.ID); err != nil {
		return nil, err
	}
	switch r := rec.(type) {
	case *domain.Person:
		v.Positions = positionRows(r.Positions, today)
	case *domain.Program:
		v.Budget = moneyText(r.Budget)
		v.Done, v.Milestones = r.Progress()
	case *domain.Source:
		v.Language = languageName(r.Language)
		citers, err := s.stores.Links.CitersOf(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		var quotes []string
		v.Citers = len(citers)
		v.CitedBy, quotes, err = s.citedBy(ctx, r.ID, citers)
		if err != nil {
			return nil, err
		}
		v.Text = markQuotes(r.Text, quotes)
	}
	return v, nil
}

// evidenceOf adds to each citation the publisher and address of its source.
func (s *Server) evidenceOf(ctx context.Context, cites []domain.Citation) ([]evidenceItem, error) {
	sources := map[string]*domain.Source{}
	out := make([]evidenceItem, 0, len(cites))
	for _, c := range cites {
		item := evidenceItem{Citation: c}
		src, read := sources[c.Source.ID]
		if !read && len(sources) < evidenceSourceLimit {
			found, err := s.stores.Sources.Find(ctx, c.Source.ID)
			switch {
			case domain.ErrorCode(err) == domain.ENOTFOUND:
			case err != nil:
				return nil, err
			default:
				src = found
			}
			sources[c.Source.ID] = src
		}
		if src != nil {
			item.Publisher, item.URL = src.Publisher, src.URL
			if item.Source.Name == "" {
				item.Source.Name = src.Title
			}
			if item.PublishedOn == "" {
				item.PublishedOn = src.PublishedOn
			}
		}
		out = append(out, item)
	}
	return out, nil
}

// linkedFrom returns the records that link to the record, by kind, each
// with how it links: one list per kind that links to it.
func (s *Server) linkedFrom(ctx context.Context, target domain.RecordType, id string) ([]linkGroup, error) {
	refs, err := s.stores.Links.LinksTo(ctx, id)
	if err != nil {
		return nil, err
	}
	count := map[domain.RecordType]int{}
	for _, r := range refs {
		count[r.Type]++
	}
	today := s.today()
	var groups []linkGroup
	for _, t := range domain.RecordTypes {
		if count[t] == 0 {
			continue
		}
		recs, err := s.listLinked(ctx, t, id)
		if err != nil {
			return nil, err
		}
		g := linkGroup{Type: t, Title: linkGroupTitle(target, t), Total: count[t]}
		for _, rec := range recs {
			g.Rows = append(g.Rows, linkRowOf(rec, id, today))
		}
		// Those the list did not give (past the limit) are named by the
		// links themselves.
		if len(g.Rows) < g.Total {
			g.AllURL = "/" + t.Collection() + "?" + url.Values{"linked": {id}}.Encode()
			for _, r := range refs {
				if r.Type == t && len(g.Rows) < linkedLimit && !slices.ContainsFunc(g.Rows, func(x linkRow) bool { return x.Ref.ID == r.ID }) {
					g.Rows = append(g.Rows, linkRow{Ref: r})
				}
			}
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// listLinked lists the records of type t that link to id.
func (s *Server) listLinked(ctx context.Context, t domain.RecordType, id string) ([]domain.Record, error) {
	k := s.kindOfType(t)
	if k == nil {
		return nil, nil
	}
	return k.list(ctx, domain.ListFilter{Linked: id, Limit: linkedLimit, Today: s.today()})
}

// findRecord reads a record of any kind.
func (s *Server) findRecord(ctx context.Context, t domain.RecordType, id string) (domain.Record, error) {
	k := s.kindOfType(t)
	if k == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "no %s %q", t, id)
	}
	return k.find(ctx, id)
}

// linkGroupTitle heads the records of kind from that link to a record of
// kind to.
func linkGroupTitle(to, from domain.RecordType) string {
	switch {
	case to == domain.TypeEvent && from == domain.TypeEvent:
		return "Events held during it"
	case to == domain.TypeProgram && from == domain.TypeProgram:
		return "Sub-programs"
	case to == domain.TypeOrganization && from == domain.TypeOrganization:
		return "Organizations within it"
	}
	return domain.KindOf(from).Title()
}

// linkRowOf says how rec links to the record with the id.
func linkRowOf(rec domain.Record, id string, today domain.Date) linkRow {
	m := rec.RecordMeta()
	row := linkRow{Ref: domain.RecordRef{Type: rec.Type(), ID: m.ID, Name: rec.Label()}}
	is := func(r *domain.Ref) bool { return r != nil && r.ID == id }
	in := func(refs []domain.Ref) bool {
		return slices.ContainsFunc(refs, func(r domain.Ref) bool { return r.ID == id })
	}
	as := func(role, capacity string) string {
		if capacity == "" {
			return role
		}
		return role + ", as " + capacity
	}
	switch r := rec.(type) {
	case *domain.Organization:
		// Its heading says it: "Organizations within it".
	case *domain.Person:
		for _, p := range r.Positions {
			if is(p.Organization) {
				role := p.Title
				if when := heldSpan(p.From, p.To); when != "" {
					role += " (" + when + ")"
				}
				row.Roles = append(row.Roles, role)
			}
		}
	case *domain.Agreement:
		if in(r.Parties) {
			row.Roles = append(row.Roles, "party")
		}
		for _, sg := range r.Signatories {
			switch {
			case is(sg.Person):
				row.Roles = append(row.Roles, as("signed it", sg.Capacity))
			case is(sg.Organization):
				role := "signed for it"
				if sg.Person != nil && sg.Person.Name != "" {
					role = "signed for it by " + sg.Person.Name
				}
				row.Roles = append(row.Roles, role)
			}
		}
		for _, p := range r.Present {
			if is(p.Person) {
				row.Roles = append(row.Roles, as("present at the signing", p.Capacity))
			}
		}
		if in(r.Events) {
			row.Roles = append(row.Roles, "names this event")
		}
		if in(r.Programs) {
			row.Roles = append(row.Roles, "names this program")
		}
		row.When = r.SignedOn.Format()
		row.Status = string(r.StatusOn(today))
	case *domain.Event:
		if is(r.Host) {
			row.Roles = append(row.Roles, "host")
		}
		for _, p := range r.Participants {
			if is(p.Person) || is(p.Organization) {
				role := "took part"
				if p.Role != "" && p.Role != "participant" {
					role += " as " + p.Role
				}
				row.Roles = append(row.Roles, role)
			}
		}
		if in(r.Agreements) {
			row.Roles = append(row.Roles, "names this agreement")
		}
		row.When = dateSpan(r.StartOn, r.EndOn)
	case *domain.Program:
		if in(r.Beneficiaries) {
			row.Roles = append(row.Roles, "beneficiary")
		}
		if in(r.Partners) {
			row.Roles = append(row.Roles, "partner")
		}
		if in(r.Agreements) {
			row.Roles = append(row.Roles, "names this agreement")
		}
		row.When = dateSpan(r.StartOn, r.EndOn)
		row.Status = string(r.Status)
	case *domain.Source:
		row.When = r.PublishedOn.Format()
	}
	row.Roles = slices.Compact(row.Roles)
	return row
}

// positionRows orders a person's posts in time, those with an unknown
// start first as recorded, and marks those held today. A post with no dates
// at all is not marked: nothing says it is held still.
func positionRows(ps []domain.Position, today domain.Date) []positionRow {
	out := make([]positionRow, len(ps))
	for i, p := range ps {
		out[i] = positionRow{Position: p, Current: p.HeldOn(today) && (p.From != "" || p.To != "")}
	}
	slices.SortStableFunc(out, func(a, b positionRow) int { return cmp.Compare(a.From, b.From) })
	return out
}

// citedBy groups the records citing a source by kind and reads, up to a
// limit, the passages each quotes from it.
func (s *Server) citedBy(ctx context.Context, sourceID string, citers []domain.RecordRef) ([]citerGroup, []string, error) {
	var groups []citerGroup
	var quotes []string
	read := 0
	for _, t := range domain.RecordTypes {
		g := citerGroup{Type: t, Title: domain.KindOf(t).Title()}
		for _, ref := range citers {
			if ref.Type != t {
				continue
			}
			row := citerRow{Ref: ref}
			if read < citerReadLimit {
				read++
				rec, err := s.findRecord(ctx, ref.Type, ref.ID)
				switch {
				case domain.ErrorCode(err) == domain.ENOTFOUND:
				case err != nil:
					return nil, nil, err
				default:
					for _, c := range rec.RecordMeta().Evidence {
						if c.Source.ID == sourceID && c.Quote != "" && !slices.Contains(row.Quotes, c.Quote) {
							row.Quotes = append(row.Quotes, c.Quote)
						}
					}
					quotes = append(quotes, row.Quotes...)
				}
			}
			g.Rows = append(g.Rows, row)
		}
		if len(g.Rows) > 0 {
			slices.SortStableFunc(g.Rows, func(a, b citerRow) int { return cmp.Compare(domain.Fold(a.Ref.Name), domain.Fold(b.Ref.Name)) })
			groups = append(groups, g)
		}
	}
	return groups, quotes, nil
}

// markQuotes cuts text where the quoted passages begin and end, so that
// the page can mark them. Passages that overlap are marked as one.
func markQuotes(text string, quotes []string) []textPart {
	if text == "" {
		return nil
	}
	type span struct{ from, to int }
	var spans []span
	for _, q := range quotes {
		q = strings.TrimSpace(q)
		if q == "" {
			continue
		}
		for at := 0; ; {
			i := strings.Index(text[at:], q)
			if i < 0 {
				break
			}
			spans = append(spans, span{at + i, at + i + len(q)})
			at += i + len(q)
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to)) })
	var parts []textPart
	pos := 0
	for i := 0; i < len(spans); {
		from, to := spans[i].from, spans[i].to
		for i++; i < len(spans) && spans[i].from <= to; i++ {
			to = max(to, spans[i].to)
		}
		if from > pos {
			parts = append(parts, textPart{Text: text[pos:from]})
		}
		parts = append(parts, textPart{Text: text[from:to], Quoted: true})
		pos = to
	}
	if pos < len(text) {
		parts = append(parts, textPart{Text: text[pos:]})
	}
	return parts
}

// moneyText renders an amount for people, in the currency's own decimals:
// "USD 1,250,000.00", "KRW 500,000,000"; "" for none.
func moneyText(m *domain.Money) string {
	if m == nil {
		return ""
	}
	scale := 2
	if u, err := currency.ParseISO(m.Currency); err == nil {
		scale, _ = currency.Standard.Rounding(u)
	}
	amount := m.Amount
	sign := ""
	if amount < 0 {
		sign, amount = "-", -amount
	}
	digits := strconv.FormatInt(amount, 10)
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-scale], digits[len(digits)-scale:]
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := strings.TrimSpace(m.Currency + " " + sign + b.String())
	if scale > 0 {
		out += "." + frac
	}
	return out
}

// languageName names a language tag in English ("en" reads "English"); the
// tag itself when unknown.
func languageName(tag string) string {
	if tag == "" {
		return ""
	}
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if name := display.English.Tags().Name(t); name != "" {
		return name
	}
	return tag
}
