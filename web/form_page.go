package web

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/web/form"
)

// The forms that create and edit records. Each kind has the same routes:
//
//	GET  /{collection}/new           the form for a new record
//	POST /{collection}               create it
//	GET  /{collection}/:id/edit      the form for a record
//	POST /{collection}/:id           save it (the form carries the version)
//	GET  /{collection}/:id/evidence  the form attaching a source (form_evidence.go)
//	POST /{collection}/:id/evidence  attach it
//
// A saved form redirects (303) to the record's page. A rejected one comes
// back with the values as typed and each message beside its input (422); a
// stale edit shows what changed meanwhile (409). Buttons that add or remove
// a row of a repeated part post the form too and come back with the row
// added or removed, nothing saved: every form works without JavaScript.
//
// The rules are the record's: its Validate and the store's errors, whose
// field paths are the inputs' names.

// mountFormPages mounts the forms that create and edit records.
func (s *Server) mountFormPages(e *gin.Engine) {
	for _, k := range s.kinds {
		k.mountForms(s, e)
	}
}

// formKind serves the forms of one kind of record.
type formKind[T domain.Record] struct {
	srv    *Server
	store  domain.Store[T]
	new    func() T
	typ    domain.RecordType
	fields []form.Field
}

func mountForms[T domain.Record](s *Server, e *gin.Engine, store domain.Store[T], newRec func() T) {
	h := &formKind[T]{srv: s, store: store, new: newRec, typ: newRec().Type()}
	h.fields = form.FieldsOf[h.typ]
	base := "/" + h.typ.Collection()
	e.GET(base+"/new", h.newForm)
	e.POST(base, h.create)
	e.GET(base+"/:id/edit", h.editForm)
	e.POST(base+"/:id", h.update)
	e.GET(base+"/:id/evidence", h.evidencePage)
	e.POST(base+"/:id/evidence", h.cite)
}

// formPage is what form_record.html receives.
type formPage struct {
	Type      domain.RecordType
	Mode      string // "new" or "edit"
	Action    string
	CancelURL string
	// ID, RecordURL and Label name the record edited.
	ID        string
	RecordURL string
	Label     string
	// Version and Base travel with an edit: the version edited and the
	// values it had (see form.Base).
	Version  string
	Base     string
	Controls []*form.Control
	Summary  []form.SummaryItem
	// Message is a problem with the whole form.
	Message string
	// Stale is set when someone else saved the record meanwhile; Changes
	// are what they changed.
	Stale       bool
	Changes     []form.Change
	ChangesBase bool
	// Duplicates are records the new one may duplicate.
	Duplicates []form.Duplicate
}

func (h *formKind[T]) newPage() formPage {
	return formPage{Type: h.typ, Mode: "new", Action: "/" + h.typ.Collection(), CancelURL: "/" + h.typ.Collection()}
}

func (h *formKind[T]) editPage(id string, st *form.State) formPage {
	p := formPage{Type: h.typ, Mode: "edit", ID: id, Action: recordPath(h.typ, id), CancelURL: recordPath(h.typ, id),
		RecordURL: recordPath(h.typ, id), Version: st.Values.Get("version"), Base: st.Values.Get("_base")}
	p.Label = strings.TrimSpace(st.Values.Get(form.LabelField[h.typ]))
	return p
}

// show renders the form.
func (h *formKind[T]) show(c *gin.Context, status int, st *form.State, cat *form.Catalog, p formPage) {
	b := form.NewBuilder(h.fields, st, cat, p.Action)
	p.Controls = b.Build(h.fields, "", "")
	p.Summary = b.Summary()
	title := "New " + domain.Words(h.typ)
	if p.Mode == "edit" {
		title = "Edit " + domain.Words(h.typ)
	}
	h.srv.render(c, status, "form_record", pageData{Title: title, Section: h.typ.Collection(), Data: p})
}

// catalog reads the catalog for the pickers.
func (h *formKind[T]) catalog(c *gin.Context) (*form.Catalog, bool) {
	cat, err := h.srv.stores.Catalog.Catalog(c.Request.Context())
	if err != nil {
		writePageError(c, h.srv, err)
		return nil, false
	}
	return form.NewCatalog(cat.Entries), true
}

func (h *formKind[T]) newForm(c *gin.Context) {
	cat, ok := h.catalog(c)
	if !ok {
		return
	}
	// Defaults first, then what the address gives: a link "create it" fills
	// in the name, a record's page may fill in a party.
	vals := url.Values{}
	maps.Copy(vals, form.Defaults[h.typ])
	for k, vs := range c.Request.URL.Query() {
		if !strings.HasPrefix(k, "_") && k != "version" {
			vals[k] = formCleanValues(vs)
		}
	}
	vals, rows, _ := form.Arrange(h.fields, "new", vals, form.Action{Verb: "save"}, true)
	st := &form.State{Mode: "new", Values: vals, Rows: rows}
	h.show(c, http.StatusOK, st, cat, h.newPage())
}

func (h *formKind[T]) editForm(c *gin.Context) {
	rec, err := h.store.Find(c.Request.Context(), c.Param("id"))
	if err != nil {
		writePageError(c, h.srv, err)
		return
	}
	cat, ok := h.catalog(c)
	if !ok {
		return
	}
	vals := form.Encode(rec)
	base := form.Base(vals)
	vals, rows, _ := form.Arrange(h.fields, "edit", vals, form.Action{Verb: "save"}, true)
	vals.Set("version", strconv.FormatInt(rec.RecordMeta().Version, 10))
	vals.Set("_base", base)
	st := &form.State{Mode: "edit", Values: vals, Rows: rows}
	p := h.editPage(rec.RecordMeta().ID, st)
	p.Label = rec.Label()
	h.show(c, http.StatusOK, st, cat, p)
}

// formValues reads the posted form. Line ends are "\n", as the API has them.
func formValues(c *gin.Context) (url.Values, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes)
	if err := c.Request.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, requestError(ETOOLARGE, "the form is larger than the server accepts", nil)
		}
		return nil, readFailure(err, "the form")
	}
	vals := url.Values{}
	for k, vs := range c.Request.PostForm {
		vals[strings.ToValidUTF8(k, "\uFFFD")] = formCleanValues(vs)
	}
	return vals, nil
}

func formCleanValues(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		if !utf8.ValidString(v) {
			v = strings.ToValidUTF8(v, "\uFFFD")
		}
		out[i] = strings.ReplaceAll(v, "\r\n", "\n")
	}
	return out
}

// prepare turns a posted form into its state: the rows renumbered (blank
// ones dropped on save), a row added or removed as asked, and the pickers
// resolved.
func (h *formKind[T]) prepare(raw url.Values, mode string, cat *form.Catalog) (*form.State, form.Action) {
	act := form.ParseAction(raw.Get("_action"))
	vals := maps.Clone(raw)
	delete(vals, "_action")
	delete(vals, "_confirm_new")
	form.ClearUnnamed(vals)
	save := act.Verb == "save"
	vals, rows, focus := form.Arrange(h.fields, mode, vals, act, save)
	st := &form.State{Mode: mode, Values: vals, Rows: rows, Errors: map[string]string{},
		Choices: map[string][]form.Choice{}, Missing: map[string]bool{}, Focus: focus}
	cat.Resolve(st, form.Pickers(h.fields, mode, rows), save)
	return st, act
}

// decode fills a new record from the state. What cannot be read joins the
// pickers' problems in st.Errors; when there are any, the record's own rules
// are checked too, so that every problem shows at once.
func (h *formKind[T]) decode(st *form.State, id string, version int64) T {
	rec := h.new()
	formMergeErrors(st.Errors, form.Decode(form.DecodeValues(h.fields, st.Mode, st.Values), rec))
	m := rec.RecordMeta()
	m.ID, m.Version = id, version
	return rec
}

// formValidateToo adds the record's own rules to problems already found.
// A rule about a whole row ("needs a person or an organization") is left
// out when a part of the row has a problem already: that one says more.
func formValidateToo(st *form.State, rec domain.Record) {
	var de *domain.Error
	if !errors.As(rec.Validate(), &de) {
		return
	}
	for k, m := range de.Fields {
		if _, ok := st.Errors[k]; ok {
			continue
		}
		if strings.HasSuffix(k, "]") && slices.ContainsFunc(slices.Collect(maps.Keys(st.Errors)), func(e string) bool { return strings.HasPrefix(e, k+".") }) {
			continue
		}
		st.Errors[k] = m
	}
}

// formMergeErrors adds the messages of from that to lacks.
func formMergeErrors(to, from map[string]string) {
	for k, m := range from {
		if _, ok := to[k]; !ok {
			to[k] = m
		}
	}
}

func (h *formKind[T]) create(c *gin.Context) {
	ctx := c.Request.Context()
	raw, err := formValues(c)
	if err != nil {
		writePageError(c, h.srv, err)
		return
	}
	cat, ok := h.catalog(c)
	if !ok {
		return
	}
	st, act := h.prepare(raw, "new", cat)
	page := h.newPage()
	if act.Verb != "save" {
		h.show(c, http.StatusOK, st, cat, page)
		return
	}
	rec := h.decode(st, "", 0)
	cite := h.citeInput(st)
	if len(st.Errors) > 0 {
		formValidateToo(st, rec)
		h.show(c, http.StatusUnprocessableEntity, st, cat, page)
		return
	}
	if names := form.NamesOf(rec); names != nil && raw.Get("_confirm_new") != "1" {
		if page.Duplicates = cat.Duplicates(h.typ, names); len(page.Duplicates) > 0 {
			h.show(c, http.StatusOK, st, cat, page)
			return
		}
	}
	if err := h.store.Create(ctx, rec); err != nil {
		h.rejected(c, st, cat, page, err)
		return
	}
	id := rec.RecordMeta().ID
	if cite != nil {
		if _, err := h.store.Cite(ctx, id, *cite); err != nil {
			h.citeFailed(c, rec, cite, err)
			return
		}
	}
	c.Redirect(http.StatusSeeOther, recordPath(h.typ, id))
}

func (h *formKind[T]) update(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.Param("id")
	raw, err := formValues(c)
	if err != nil {
		writePageError(c, h.srv, err)
		return
	}
	cat, ok := h.catalog(c)
	if !ok {
		return
	}
	st, act := h.prepare(raw, "edit", cat)
	page := h.editPage(id, st)
	if act.Verb != "save" {
		h.show(c, http.StatusOK, st, cat, page)
		return
	}
	version, _ := strconv.ParseInt(strings.TrimSpace(st.Values.Get("version")), 10, 64)
	rec := h.decode(st, id, version)
	if len(st.Errors) > 0 {
		formValidateToo(st, rec)
		h.show(c, http.StatusUnprocessableEntity, st, cat, page)
		return
	}
	if err := h.store.Update(ctx, rec); err != nil {
		h.rejected(c, st, cat, page, err)
		return
	}
	c.Redirect(http.StatusSeeOther, recordPath(h.typ, id))
}

// rejected shows the form again with what the store refused.
func (h *formKind[T]) rejected(c *gin.Context, st *form.State, cat *form.Catalog, page formPage, err error) {
	de := asDomainError(c, err)
	switch de.Code {
	case domain.EINVALID, domain.EUNKNOWNREF:
		formMergeErrors(st.Errors, de.Fields)
		if len(de.Fields) == 0 {
			page.Message = de.Message
		}
		h.show(c, http.StatusUnprocessableEntity, st, cat, page)
	case domain.ECONFLICT:
		if _, stale := de.Fields["version"]; stale && page.Mode == "edit" {
			h.stale(c, st, cat, page)
			return
		}
		if h.typ == domain.TypeSource && strings.TrimSpace(st.Values.Get("url")) != "" {
			// A source's address is the one value the store keeps unique.
			st.Errors["url"] = "another source has this address already; search for it under Sources"
		} else {
			page.Message = de.Message
		}
		h.show(c, http.StatusConflict, st, cat, page)
	case domain.ENOTFOUND:
		page.Message = "This record was deleted after you opened it: it cannot be saved. What you typed is below."
		h.show(c, http.StatusNotFound, st, cat, page)
	default:
		writePageError(c, h.srv, err)
	}
}

// stale shows the form of an edit that someone else's save overtook: the
// values typed are kept, what changed meanwhile is listed, and the form now
// carries the current version, so that saving again replaces it.
func (h *formKind[T]) stale(c *gin.Context, st *form.State, cat *form.Catalog, page formPage) {
	cur, err := h.store.Find(c.Request.Context(), page.ID)
	if err != nil {
		h.rejected(c, st, cat, page, err)
		return
	}
	now := form.Encode(cur)
	base, hasBase := form.ParseBase(st.Values.Get("_base"))
	page.Stale, page.ChangesBase = true, hasBase
	page.Changes = form.Changes(h.fields, "edit", base, now, st.Values, hasBase)
	page.Version = strconv.FormatInt(cur.RecordMeta().Version, 10)
	page.Base = form.Base(now)
	h.show(c, http.StatusConflict, st, cat, page)
}
