package web

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// The list pages: /organizations, /people, /agreements, /events, /programs
// and /sources. Each is one generic handler over the kind's store and one
// template, list_page.html, whose table columns follow the kind. The filter
// is a GET form, so that the address of a filtered page can be shared; a
// value the list cannot use is reported beside its field and left out,
// never a failed page.

// listKind is what the list of one kind of record offers: the kind as
// domain.Kind describes it.
type listKind struct{ domain.Kind }

// QLabel says what the text filter matches.
func (k listKind) QLabel() string { return k.Matches + " contains" }

// sortOption is one order the sort menu offers.
type sortOption struct{ Value, Label string }

// Sorts lists the orders the kind's sort menu offers.
func (k listKind) Sorts() []sortOption {
	var out []sortOption
	if k.DateLabel != "" {
		out = append(out, sortOption{"-date", "Newest first"}, sortOption{"date", "Oldest first"})
	}
	return append(out,
		sortOption{"name", "Name, A to Z"},
		sortOption{"-name", "Name, Z to A"},
		sortOption{"-updated", "Recently changed"},
		sortOption{"updated", "Least recently changed"})
}

// Path is the address of the list.
func (k listKind) Path() string { return "/" + k.Type.Collection() }

// Count says how many records there are: "1 agreement", "37 agreements".
func (k listKind) Count(n int64) string {
	if n == 1 {
		return "1 " + k.One
	}
	return strconv.FormatInt(n, 10) + " " + k.Many
}

// mountListPages mounts the lists of each kind of record.
func (s *Server) mountListPages(e *gin.Engine) {
	for _, k := range s.kinds {
		k.mountListPage(s, e)
	}
}

// listPage serves the list of one kind of record.
type listPage[T domain.Record] struct {
	srv   *Server
	store domain.Store[T]
	kind  listKind
}

func mountListPage[T domain.Record](s *Server, e *gin.Engine, store domain.Store[T]) {
	var zero T
	k := listKind{domain.KindOf(zero.Type())}
	h := &listPage[T]{srv: s, store: store, kind: k}
	e.GET(k.Path(), h.serve)
}

// listForm is the filter as the query string gives it, for the form to show
// what was asked even when it could not be used.
type listForm struct {
	Q, Country, Kind, Status, From, To, Sort, Limit string
}

// listView is what list_page.html receives.
type listView struct {
	Kind listKind
	Form listForm
	// Errors holds what is wrong with a filter the form shows, by field;
	// Problems what is wrong with the rest of the address.
	Errors   map[string]string
	Problems []string
	Items    any
	Count    int
	Total    int64
	// NextURL continues the list; FirstURL returns to its start, "" on the
	// first page.
	NextURL, FirstURL string
	// Countries are those the country menu offers: the countries of the
	// records of the kind, by name.
	Countries []domain.Country
	// Linked is the record the list is narrowed to those linking to.
	Linked *domain.RecordRef
	// Filtered says whether any filter narrows the list.
	Filtered bool
	// Summary counts the records: "2 agreements match the filters; 1 on
	// this page."
	Summary string
	// Downloads are the list as spreadsheets, every page, the filters kept.
	Downloads []sheetLink
}

// maxDrops bounds the rounds of dropping unusable filter values: there are
// fewer fields than that.
const maxDrops = 12

func (h *listPage[T]) serve(c *gin.Context) {
	ctx := c.Request.Context()
	k := h.kind
	v := listView{Kind: k, Errors: map[string]string{}}
	query := c.Request.URL.Query()
	v.Form = listForm{
		Q: query.Get("q"), Country: strings.ToUpper(query.Get("country")), Kind: query.Get("kind"), Status: query.Get("status"),
		From: query.Get("from"), To: query.Get("to"), Sort: query.Get("sort"), Limit: query.Get("limit"),
	}
	f, err := listFilter(c)
	if err != nil {
		if !h.drop(&v, &f, err) {
			v.Problems = append(v.Problems, "The address holds a malformed query; the list is shown unfiltered.")
		}
	}
	f.Today = h.srv.today()
	// A value the store cannot use is reported and dropped, and the list
	// asked for again without it; each round drops at least one field.
	var page domain.Page[T]
	for range maxDrops {
		page, err = h.store.List(ctx, f)
		if err == nil || !h.drop(&v, &f, err) {
			break
		}
	}
	if err != nil {
		writePageError(c, h.srv, err)
		return
	}
	cat, err := h.srv.stores.Catalog.Catalog(ctx)
	if err != nil {
		writePageError(c, h.srv, err)
		return
	}
	if k.ByCountry {
		v.Countries = countriesOfType(cat.Entries, k.Type, string(f.Country))
	}
	if f.Linked != "" {
		v.Linked = &domain.RecordRef{ID: f.Linked, Name: f.Linked}
		if i := slices.IndexFunc(cat.Entries, func(e domain.CatalogEntry) bool { return e.ID == f.Linked }); i >= 0 {
			v.Linked = &domain.RecordRef{Type: cat.Entries[i].Type, ID: f.Linked, Name: cat.Entries[i].Label}
		}
	}
	// The form keeps the page size only if it could be used.
	v.Form.Limit = ""
	if f.Limit != 0 {
		v.Form.Limit = strconv.Itoa(f.Limit)
	}
	v.Items, v.Count, v.Total = page.Items, len(page.Items), page.Total
	v.Filtered = f.Q != "" || f.Country != "" || f.Kind != "" || f.Status != "" || f.From != "" || f.To != "" || f.Linked != ""
	kept := listQuery(f)
	if page.NextCursor != "" {
		next := listQuery(f)
		next.Set("cursor", page.NextCursor)
		v.NextURL = k.Path() + "?" + next.Encode()
	}
	if f.Cursor != "" {
		v.FirstURL = k.Path()
		if len(kept) > 0 {
			v.FirstURL += "?" + kept.Encode()
		}
	}
	v.Summary = listSummary(k, v)
	v.Downloads = sheetLinks(k.Type, kept)
	title := k.Title()
	if len(v.Errors) > 0 || len(v.Problems) > 0 {
		title += " (check the filters)"
	}
	h.srv.render(c, http.StatusOK, "list_page", pageData{Title: title, Section: k.Type.Collection(), Data: v})
}

// drop reports the fields err finds fault with and takes them out of the
// filter. It returns false when err names no field it can drop.
func (h *listPage[T]) drop(v *listView, f *domain.ListFilter, err error) bool {
	var de *domain.Error
	if !errors.As(err, &de) || (de.Code != domain.EINVALID && de.Code != EBADREQUEST) || len(de.Fields) == 0 {
		return false
	}
	dropped := false
	for _, name := range slices.Sorted(maps.Keys(de.Fields)) {
		msg := de.Fields[name]
		if !clearListField(f, name) {
			continue
		}
		dropped = true
		if h.formHas(name) {
			v.Errors[name] = msg + "; the list is shown without this filter"
			continue
		}
		switch name {
		case "cursor":
			v.Problems = append(v.Problems, "The page link is out of date or belongs to another order; the list starts again at its first page.")
		default:
			v.Problems = append(v.Problems, fmt.Sprintf("The %s filter was left out: %s.", name, msg))
		}
	}
	return dropped
}

// formHas reports whether the kind's filter form shows the field.
func (h *listPage[T]) formHas(name string) bool {
	k := h.kind
	switch name {
	case "q", "sort":
		return true
	case "country":
		return k.ByCountry
	case "kind":
		return k.Kinds != nil
	case "status":
		return k.Statuses != nil
	case "from", "to":
		return k.DateLabel != ""
	}
	return false
}

// clearListField takes a field out of the filter; false for a field the
// filter does not have.
func clearListField(f *domain.ListFilter, name string) bool {
	switch name {
	case "q":
		f.Q = ""
	case "country":
		f.Country = ""
	case "kind":
		f.Kind = ""
	case "status":
		f.Status = ""
	case "from":
		f.From = ""
	case "to":
		f.To = ""
	case "linked":
		f.Linked = ""
	case "sort":
		f.Sort, f.Cursor = "", ""
	case "cursor":
		f.Cursor = ""
	case "limit":
		f.Limit = 0
	default:
		return false
	}
	return true
}

// listQuery is the query string of the filter in use, without its cursor.
func listQuery(f domain.ListFilter) url.Values {
	q := url.Values{}
	for _, p := range []struct{ name, value string }{
		{"q", f.Q}, {"country", string(f.Country)}, {"kind", f.Kind}, {"status", f.Status},
		{"from", string(f.From)}, {"to", string(f.To)}, {"linked", f.Linked}, {"sort", f.Sort},
	} {
		if p.value != "" {
			q.Set(p.name, p.value)
		}
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	return q
}

// countriesOfType returns the countries of the records of one kind in the
// catalog, by name, with the selected country among them.
func countriesOfType(entries []domain.CatalogEntry, t domain.RecordType, selected string) []domain.Country {
	seen := map[string]bool{}
	if selected != "" {
		seen[selected] = true
	}
	for _, e := range entries {
		if e.Type != t {
			continue
		}
		for _, code := range e.Countries {
			seen[code] = true
		}
	}
	var out []domain.Country
	for code := range seen {
		if c, ok := domain.LookupCountry(code); ok {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b domain.Country) int {
		return cmp.Compare(domain.Fold(a.Name), domain.Fold(b.Name))
	})
	return out
}

// The template functions the list and record pages add to those of page.go.
func init() {
	templateFuncs["moneyText"] = moneyText
	templateFuncs["dateSpan"] = dateSpan
	templateFuncs["heldSpan"] = heldSpan
	templateFuncs["refTo"] = refTo
	templateFuncs["progressText"] = progressText
}

// dateSpan renders a span of days for people: "17–20 Apr 2015",
// "30 Apr – 2 May 2015", "from 17 Apr 2015"; one day when the end is the
// start or unknown.
func dateSpan(from, to domain.Date) string {
	switch {
	case from == "" && to == "":
		return ""
	case from == "":
		return "until " + to.Format()
	case to == "" || to == from:
		return from.Format()
	}
	a, b := from.Time(), to.Time()
	switch {
	case a.Year() == b.Year() && a.Month() == b.Month():
		return fmt.Sprintf("%d–%s", a.Day(), to.Format())
	case a.Year() == b.Year():
		return a.Format("2 Jan") + " – " + to.Format()
	}
	return from.Format() + " – " + to.Format()
}

// heldSpan renders the time a post was held: unlike an event, a post with
// a start and no end is still held ("since 2 Mar 2015").
func heldSpan(from, to domain.Date) string {
	if from != "" && to == "" {
		return "since " + from.Format()
	}
	return dateSpan(from, to)
}

// listSummary counts the records of the list for people.
func listSummary(k listKind, v listView) string {
	out := k.Count(v.Total)
	if v.Filtered {
		if v.Total == 1 {
			out += " matches the filters"
		} else {
			out += " match the filters"
		}
	}
	if v.NextURL != "" || v.FirstURL != "" {
		out += "; " + strconv.Itoa(v.Count) + " on this page"
	}
	return out + "."
}

// progressText counts a program's milestones done: "1 of 3"; "" for none.
func progressText(p *domain.Program) string {
	done, total := p.Progress()
	if total == 0 {
		return ""
	}
	return strconv.Itoa(done) + " of " + strconv.Itoa(total)
}

// refTo names a linked record of type t for the "rec-link" template: r is a
// domain.Ref or *domain.Ref (nil for none).
func refTo(t domain.RecordType, r any) domain.RecordRef {
	switch v := r.(type) {
	case domain.Ref:
		return domain.RecordRef{Type: t, ID: v.ID, Name: v.Name}
	case *domain.Ref:
		if v != nil {
			return domain.RecordRef{Type: t, ID: v.ID, Name: v.Name}
		}
	}
	return domain.RecordRef{}
}
