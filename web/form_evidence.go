package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/web/form"
)

// evidenceForm is the small form that attaches a source to a record as
// evidence, with the passage quoted and the facts it supports. The partial
// _evidence_form.html renders it: a record's page includes it with
//
//	{{template "evidence_form" .Evidence}}
//
// where .Evidence is newEvidenceForm(type, id). It posts to
// /{collection}/:id/evidence, which redirects back to the record's page, or
// on a problem shows the form alone with the message (form_evidence.html).
type evidenceForm struct {
	Action string
	Source *form.Control
	Quote  *form.Control
	// Supports are the record's fields the quote may support, as checkboxes
	// named "supports".
	Supports     []form.Option
	SupportsOpen bool
	// Summary lists the problems; Message is one with the whole form.
	Summary []form.SummaryItem
	Message string
}

// newEvidenceForm returns the empty form attaching a source to the record.
func newEvidenceForm(t domain.RecordType, id string) *evidenceForm {
	return buildEvidenceForm(t, id, &form.State{Values: url.Values{}}, nil)
}

func buildEvidenceForm(t domain.RecordType, id string, st *form.State, cat *form.Catalog) *evidenceForm {
	b := form.NewBuilder(nil, st, cat, "")
	ef := &evidenceForm{Action: recordPath(t, id) + "/evidence"}
	ef.Source = b.Picker(&form.Field{Pick: domain.TypeSource,
		Hint: "Type its title, or a part of it and then choose. Not recorded yet? Add it under Sources first."}, "source", "Source", "")
	ef.Source.CreateURL = form.CreateURL(domain.TypeSource, ef.Source.Value)
	ef.Quote = b.Leaf(&form.Field{Name: "quote", Label: "Quote", Input: form.Textarea,
		Hint: "The passage that supports the record, copied from the source"}, "quote", "")
	checked := st.Values["supports"]
	for _, o := range formSupportOptions(form.FieldsOf[t]) {
		for _, v := range checked {
			if v == o.Value {
				o.Selected, ef.SupportsOpen = true, true
			}
		}
		ef.Supports = append(ef.Supports, o)
	}
	if msg := b.Claim("f-supports", "Supports", []string{"supports"}, "supports["); msg != "" {
		ef.SupportsOpen = true
	}
	ef.Summary = b.Summary()
	return ef
}

// formSupportOptions are the fields of a record a citation can support:
// the top-level names of its form.
func formSupportOptions(fields []form.Field) []form.Option {
	var out []form.Option
	seen := map[string]bool{"cite": true, "status_reason": true}
	var walk func([]form.Field)
	walk = func(fs []form.Field) {
		for _, f := range fs {
			if f.Input == form.Section {
				walk(f.Fields)
				continue
			}
			if seen[f.Name] {
				continue
			}
			seen[f.Name] = true
			label := f.Label
			if label == "" {
				label = domain.Capitalize(domain.Words(f.Name))
			}
			out = append(out, form.Option{Value: f.Name, Label: label})
		}
	}
	walk(fields)
	return out
}

// formEvidencePage is what form_evidence.html receives.
type formEvidencePage struct {
	Record domain.RecordRef
	Form   *evidenceForm
}

func (h *formKind[T]) showEvidence(c *gin.Context, status int, rec T, st *form.State, cat *form.Catalog, message string) {
	id := rec.RecordMeta().ID
	ef := buildEvidenceForm(h.typ, id, st, cat)
	ef.Message = message
	h.srv.render(c, status, "form_evidence", pageData{Title: "Attach a source", Section: h.typ.Collection(),
		Data: formEvidencePage{Record: domain.RecordRef{Type: h.typ, ID: id, Name: rec.Label()}, Form: ef}})
}

func (h *formKind[T]) evidencePage(c *gin.Context) {
	rec, err := h.store.Find(c.Request.Context(), c.Param("id"))
	if err != nil {
		writePageError(c, h.srv, err)
		return
	}
	st := &form.State{Values: url.Values{}}
	for k, vs := range c.Request.URL.Query() {
		st.Values[k] = formCleanValues(vs)
	}
	cat, ok := h.catalog(c)
	if !ok {
		return
	}
	h.showEvidence(c, http.StatusOK, rec, st, cat, "")
}

// formEvidenceInput reads a citation from the values under the prefix
// ("" for the evidence form, "cite." for a new record's form).
func formEvidenceInput(vals url.Values, prefix string) domain.EvidenceInput {
	in := domain.EvidenceInput{
		SourceID: strings.TrimSpace(vals.Get(prefix + "source.id")),
		Quote:    strings.TrimSpace(vals.Get(prefix + "quote")),
	}
	for _, s := range vals[prefix+"supports"] {
		if s = strings.TrimSpace(s); s != "" {
			in.Supports = append(in.Supports, s)
		}
	}
	return in
}

// formEvidenceErrors places the errors of a citation on the form's inputs:
// "source_id" is the source picker's.
func formEvidenceErrors(to map[string]string, from map[string]string, prefix string) {
	for k, m := range from {
		if k == "source_id" {
			k = "source.id"
		}
		if _, ok := to[prefix+k]; !ok {
			to[prefix+k] = m
		}
	}
}

func (h *formKind[T]) cite(c *gin.Context) {
	ctx := c.Request.Context()
	rec, err := h.store.Find(ctx, c.Param("id"))
	if err != nil {
		writePageError(c, h.srv, err)
		return
	}
	raw, err := formValues(c)
	if err != nil {
		writePageError(c, h.srv, err)
		return
	}
	cat, ok := h.catalog(c)
	if !ok {
		return
	}
	st := &form.State{Values: raw, Errors: map[string]string{}, Choices: map[string][]form.Choice{}, Missing: map[string]bool{}}
	form.ClearUnnamed(st.Values)
	cat.Resolve(st, []form.PickerAt{{Path: "source", Type: domain.TypeSource}}, true)
	in := formEvidenceInput(st.Values, "")
	if len(st.Errors) > 0 {
		var de *domain.Error
		if errors.As(in.Validate(), &de) {
			formEvidenceErrors(st.Errors, de.Fields, "")
		}
		h.showEvidence(c, http.StatusUnprocessableEntity, rec, st, cat, "")
		return
	}
	if _, err := h.store.Cite(ctx, rec.RecordMeta().ID, in); err != nil {
		de := asDomainError(c, err)
		if de.Code != domain.EINVALID && de.Code != domain.EUNKNOWNREF {
			writePageError(c, h.srv, err)
			return
		}
		formEvidenceErrors(st.Errors, de.Fields, "")
		msg := ""
		if len(de.Fields) == 0 {
			msg = de.Message
		}
		h.showEvidence(c, http.StatusUnprocessableEntity, rec, st, cat, msg)
		return
	}
	c.Redirect(http.StatusSeeOther, recordPath(h.typ, rec.RecordMeta().ID))
}

// citeInput reads the source a new record's form attaches, nil when none is
// given. Its problems join st.Errors under "cite.".
func (h *formKind[T]) citeInput(st *form.State) *domain.EvidenceInput {
	if st.Mode != "new" || h.typ == domain.TypeSource {
		return nil
	}
	if strings.TrimSpace(st.Values.Get("cite.source.name")) == "" && strings.TrimSpace(st.Values.Get("cite.source.id")) == "" &&
		strings.TrimSpace(st.Values.Get("cite.quote")) == "" {
		return nil
	}
	in := formEvidenceInput(st.Values, "cite.")
	var de *domain.Error
	if errors.As(in.Validate(), &de) {
		formEvidenceErrors(st.Errors, de.Fields, "cite.")
	}
	return &in
}

// citeFailed shows the evidence form of a record just created whose source
// could not be attached, with what was typed for it.
func (h *formKind[T]) citeFailed(c *gin.Context, rec T, in *domain.EvidenceInput, err error) {
	de := asDomainError(c, err)
	st := &form.State{Values: url.Values{"source.id": {in.SourceID}, "quote": {in.Quote}}, Errors: map[string]string{}}
	formEvidenceErrors(st.Errors, de.Fields, "")
	cat, ok := h.catalog(c)
	if !ok {
		return
	}
	status := statusOf(de.Code)
	if status < 400 {
		status = http.StatusInternalServerError
	}
	h.showEvidence(c, status, rec, st, cat, "The "+domain.Words(h.typ)+" was saved, but the source could not be attached: "+de.Message+". Try again here.")
}
