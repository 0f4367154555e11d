package intake

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cooptrack/domain"
)

// Stores are what acceptance reads and writes through.
type Stores struct {
	domain.RecordStores
	// Citers, when set, finds records already citing the source, so that
	// a record entered by hand from the article is reused, not duplicated.
	Citers interface {
		CitersOf(ctx context.Context, sourceID string) ([]domain.RecordRef, error)
	}
	// Named, when set, finds a recorded organization or person by its
	// exact name (case and accents ignored) and of the country, when one
	// is given: a new one of that name is that one. It returns "" when
	// there is none.
	Named func(ctx context.Context, t domain.RecordType, name, country string) (string, error)
}

// Accept stores the draft: the source first, then the organizations,
// people, agreements, events and programs, each citing the source with its
// quote. Every record is built and checked before anything is written, so
// that a draft with a fault writes nothing; the error then names the fault
// by the draft's field path ("events[1].start_on").
//
// Errors: EINVALID (a record's rule, with the draft's field paths),
// EUNKNOWNREF (an existing record chosen that is not stored), and those of
// the stores.
func Accept(ctx context.Context, s Stores, d Draft) (Result, error) {
	a := &acceptance{s: s, d: d, key: articleKey(d.Article)}
	if err := a.build(ctx); err != nil {
		return Result{}, err
	}
	if err := a.store(ctx); err != nil {
		return a.res, err
	}
	return a.res, nil
}

// acceptance is one run of Accept.
type acceptance struct {
	s   Stores
	d   Draft
	key string
	res Result

	source *domain.Source
	// orgIDs and personIDs are the ids of the draft's organizations and
	// people ("" for one skipped); the others are built from them.
	orgIDs, personIDs []string
	orgs              []*domain.Organization
	people            []*domain.Person
	agreements        []*domain.Agreement
	events            []*domain.Event
	programs          []*domain.Program
	// quotes are the records' quotes, by id.
	quotes map[string]string
	// existing are the records chosen by the officer, cited, not created.
	existing []domain.RecordRef
	// rename maps the id a record was built under to the id of the record
	// found stored instead, so that the records linking it follow.
	rename map[string]string
	// citers are the records citing the source, by kind and folded name.
	citers map[string]string
}

// build makes every record of the draft and checks its rules.
func (a *acceptance) build(ctx context.Context) error {
	fields := map[string]string{}
	invalid := func(prefix string, err error) {
		var de *domain.Error
		if errors.As(err, &de) && de.Code == domain.EINVALID {
			for k, m := range de.Fields {
				fields[prefix+k] = m
			}
		}
	}
	art := a.d.Article
	a.source = &domain.Source{
		Meta: domain.Meta{ID: recordID(a.key, domain.TypeSource, "")},
		URL:  strings.TrimSpace(art.URL), Title: strings.TrimSpace(art.Title), Publisher: strings.TrimSpace(art.Publisher),
		PublishedOn: art.PublishedOn, Text: art.Text,
	}
	invalid("article.", a.source.Validate())
	a.quotes = map[string]string{}

	a.orgIDs = make([]string, len(a.d.Organizations))
	for i, o := range a.d.Organizations {
		if o.Skip {
			continue
		}
		path := fmt.Sprintf("organizations[%d].", i)
		checkQuote(fields, path, o.Quote)
		if o.Existing != "" {
			name, err := findName(ctx, a.s.Organizations, o.Existing)
			if err != nil {
				return unknown(err, path+"existing", "no such organization is recorded")
			}
			a.orgIDs[i] = o.Existing
			a.existing = append(a.existing, domain.RecordRef{Type: domain.TypeOrganization, ID: o.Existing, Name: name})
			a.quotes[o.Existing] = o.Quote
			continue
		}
		rec := &domain.Organization{Name: strings.TrimSpace(o.Name), Acronym: strings.TrimSpace(o.Acronym), Country: domain.CountryCode(o.Country), Kind: o.Kind}
		rec.ID = recordID(a.key, domain.TypeOrganization, rec.Name)
		invalid(path, rec.Validate())
		a.orgIDs[i] = rec.ID
		a.quotes[rec.ID] = o.Quote
		a.orgs = append(a.orgs, rec)
	}
	org := func(i int) *domain.Ref {
		if i < 0 || i >= len(a.orgIDs) || a.orgIDs[i] == "" {
			return nil
		}
		return &domain.Ref{ID: a.orgIDs[i]}
	}

	a.personIDs = make([]string, len(a.d.People))
	for i, p := range a.d.People {
		if p.Skip {
			continue
		}
		path := fmt.Sprintf("people[%d].", i)
		checkQuote(fields, path, p.Quote)
		if p.Existing != "" {
			name, err := findName(ctx, a.s.People, p.Existing)
			if err != nil {
				return unknown(err, path+"existing", "no such person is recorded")
			}
			a.personIDs[i] = p.Existing
			a.existing = append(a.existing, domain.RecordRef{Type: domain.TypePerson, ID: p.Existing, Name: name})
			a.quotes[p.Existing] = p.Quote
			continue
		}
		rec := &domain.Person{FullName: strings.TrimSpace(p.Name), Country: domain.CountryCode(p.Country)}
		if t := strings.TrimSpace(p.Title); t != "" {
			rec.Positions = []domain.Position{{Title: t, Organization: org(p.Organization)}}
		}
		rec.ID = recordID(a.key, domain.TypePerson, rec.FullName)
		invalid(path, rec.Validate())
		// The draft names a person's fields as it holds them.
		for from, to := range map[string]string{"full_name": "name", "positions[0].title": "title"} {
			if m, bad := fields[path+from]; bad {
				delete(fields, path+from)
				fields[path+to] = m
			}
		}
		a.personIDs[i] = rec.ID
		a.quotes[rec.ID] = p.Quote
		a.people = append(a.people, rec)
	}
	person := func(i int) *domain.Ref {
		if i < 0 || i >= len(a.personIDs) || a.personIDs[i] == "" {
			return nil
		}
		return &domain.Ref{ID: a.personIDs[i]}
	}

	for i, g := range a.d.Agreements {
		if g.Skip {
			continue
		}
		rec := &domain.Agreement{Kind: g.Kind, Title: strings.TrimSpace(g.Title), Status: g.Status, SignedOn: g.SignedOn, Place: g.Place}
		for _, p := range g.Parties {
			if r := org(p); r != nil && !slices.ContainsFunc(rec.Parties, func(x domain.Ref) bool { return x.ID == r.ID }) {
				rec.Parties = append(rec.Parties, *r)
			}
		}
		for _, p := range g.Signatories {
			if r := person(p); r != nil {
				rec.Signatories = append(rec.Signatories, domain.Signatory{Person: r})
			}
		}
		rec.ID = recordID(a.key, domain.TypeAgreement, rec.Title)
		path := fmt.Sprintf("agreements[%d].", i)
		invalid(path, rec.Validate())
		checkQuote(fields, path, g.Quote)
		a.quotes[rec.ID] = g.Quote
		a.agreements = append(a.agreements, rec)
	}

	for i, e := range a.d.Events {
		if e.Skip {
			continue
		}
		rec := &domain.Event{Kind: e.Kind, Title: strings.TrimSpace(e.Title), StartOn: e.StartOn, EndOn: e.EndOn, Place: e.Place, Attendance: strings.TrimSpace(e.Attendance)}
		for _, o := range e.Organizations {
			if r := org(o); r != nil {
				rec.Participants = append(rec.Participants, domain.Participant{Organization: r})
			}
		}
		for _, p := range e.People {
			if r := person(p); r != nil {
				rec.Participants = append(rec.Participants, domain.Participant{Person: r})
			}
		}
		rec.ID = recordID(a.key, domain.TypeEvent, rec.Title)
		path := fmt.Sprintf("events[%d].", i)
		invalid(path, rec.Validate())
		checkQuote(fields, path, e.Quote)
		a.quotes[rec.ID] = e.Quote
		a.events = append(a.events, rec)
	}

	for i, p := range a.d.Programs {
		if p.Skip {
			continue
		}
		rec := &domain.Program{Name: strings.TrimSpace(p.Name), Status: p.Status}
		if r := org(p.Beneficiary); r != nil {
			rec.Beneficiaries = []domain.Ref{*r}
		}
		rec.ID = recordID(a.key, domain.TypeProgram, rec.Name)
		path := fmt.Sprintf("programs[%d].", i)
		invalid(path, rec.Validate())
		checkQuote(fields, path, p.Quote)
		a.quotes[rec.ID] = p.Quote
		a.programs = append(a.programs, rec)
	}
	if len(fields) > 0 {
		return &domain.Error{Code: domain.EINVALID, Message: "some records are not valid: correct the fields shown", Fields: fields}
	}
	return nil
}

// checkQuote checks the length of a quote.
func checkQuote(fields map[string]string, path, quote string) {
	if len(quote) > MaxQuote {
		fields[path+"quote"] = fmt.Sprintf("must be at most %d characters", MaxQuote)
	}
}

// findName returns the label of the stored record with the id.
func findName[T domain.Record](ctx context.Context, st domain.Store[T], id string) (string, error) {
	rec, err := st.Find(ctx, id)
	if err != nil {
		return "", err
	}
	return rec.Label(), nil
}

// unknown turns a record not found into EUNKNOWNREF on the field.
func unknown(err error, field, msg string) error {
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return &domain.Error{Code: domain.EUNKNOWNREF, Message: msg, Fields: map[string]string{field: msg}}
	}
	return err
}

// store writes what build made, in the order the links need.
func (a *acceptance) store(ctx context.Context) error {
	if err := a.putSource(ctx); err != nil {
		return err
	}
	a.rename = map[string]string{}
	a.citers = map[string]string{}
	if a.s.Citers != nil {
		refs, err := a.s.Citers.CitersOf(ctx, a.source.ID)
		if err != nil {
			return err
		}
		for _, r := range refs {
			a.citers[citerKey(r.Type, r.Name)] = r.ID
		}
	}
	for _, r := range a.existing {
		if err := a.citeExisting(ctx, r); err != nil {
			return err
		}
	}
	for _, rec := range a.orgs {
		if err := put(ctx, a, a.s.Organizations, rec, true); err != nil {
			return err
		}
	}
	for _, rec := range a.people {
		if err := put(ctx, a, a.s.People, rec, true); err != nil {
			return err
		}
	}
	for _, rec := range a.agreements {
		if err := put(ctx, a, a.s.Agreements, rec, false); err != nil {
			return err
		}
	}
	for _, rec := range a.events {
		if err := put(ctx, a, a.s.Events, rec, false); err != nil {
			return err
		}
	}
	for _, rec := range a.programs {
		if err := put(ctx, a, a.s.Programs, rec, false); err != nil {
			return err
		}
	}
	return nil
}

func citerKey(t domain.RecordType, name string) string { return string(t) + "\x00" + domain.Fold(name) }

// putSource stores the article as a source, unless an earlier acceptance
// stored it or another source has its URL; then that one is cited.
func (a *acceptance) putSource(ctx context.Context) error {
	st, id := a.s.Sources, a.source.ID
	outcome := func(src *domain.Source, created bool) {
		a.source = src
		a.res.Source = Outcome{Ref: domain.RecordRef{Type: domain.TypeSource, ID: src.ID, Name: src.Title}, Created: created}
	}
	found, err := st.Find(ctx, id)
	if err == nil {
		outcome(found, false)
		return nil
	}
	if domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	err = st.Create(ctx, a.source)
	if err == nil {
		outcome(a.source, true)
		return nil
	}
	if domain.ErrorCode(err) != domain.ECONFLICT {
		return fieldsUnder("article.", err)
	}
	// A concurrent acceptance stored it, or the URL is another source's.
	if found, ferr := st.Find(ctx, id); ferr == nil {
		outcome(found, false)
		return nil
	}
	other, ferr := sourceWithURL(ctx, st, a.source.URL)
	if ferr != nil {
		return ferr
	}
	if other == nil {
		return err
	}
	outcome(other, false)
	return nil
}

// sourceWithURL returns the source with the URL, nil when none has it.
func sourceWithURL(ctx context.Context, st domain.Store[*domain.Source], url string) (*domain.Source, error) {
	if url == "" {
		return nil, nil
	}
	f := domain.ListFilter{Limit: 200, Sort: "name"}
	for {
		page, err := st.List(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, s := range page.Items {
			if s.URL == url {
				return s, nil
			}
		}
		if page.NextCursor == "" {
			return nil, nil
		}
		f.Cursor = page.NextCursor
	}
}

// put creates the record unless it is stored already: by an earlier
// acceptance (under the same id), as a record citing the article with the
// same kind and name, or, for organizations and people (named), as a
// record of the same name. A record found is cited instead, once.
func put[T domain.Record](ctx context.Context, a *acceptance, st domain.Store[T], rec T, named bool) error {
	m := rec.RecordMeta()
	want := m.ID
	quote := a.quotes[want]
	for _, r := range rec.References() {
		if to, ok := a.rename[r.Ref.ID]; ok {
			r.Ref.ID = to
		}
	}
	reuse := func(id string) error {
		if id != want {
			a.rename[want] = id
		}
		found, err := st.Find(ctx, id)
		if err != nil {
			return err
		}
		a.res.Records = append(a.res.Records, Outcome{Ref: domain.RecordRef{Type: rec.Type(), ID: id, Name: found.Label()}})
		return a.citeOnce(ctx, found, quote, func(in domain.EvidenceInput) error {
			_, err := st.Cite(ctx, id, in)
			return err
		})
	}
	switch _, err := st.Find(ctx, want); domain.ErrorCode(err) {
	case "":
		return reuse(want)
	case domain.ENOTFOUND:
	default:
		return err
	}
	if id := a.citers[citerKey(rec.Type(), rec.Label())]; id != "" {
		return reuse(id)
	}
	if named && a.s.Named != nil {
		id, err := a.s.Named(ctx, rec.Type(), rec.Label(), countryOf(rec))
		if err != nil {
			return err
		}
		if id != "" {
			return reuse(id)
		}
	}
	m.Evidence = []domain.Citation{{Source: domain.Ref{ID: a.source.ID}, Quote: quote}}
	err := st.Create(ctx, rec)
	if err == nil {
		a.res.Records = append(a.res.Records, Outcome{Ref: domain.RecordRef{Type: rec.Type(), ID: want, Name: rec.Label()}, Created: true})
		return nil
	}
	if domain.ErrorCode(err) == domain.ECONFLICT {
		if _, ferr := st.Find(ctx, want); ferr == nil {
			return reuse(want) // a concurrent acceptance created it
		}
	}
	return fmt.Errorf("create %s %q: %w", rec.Type(), rec.Label(), err)
}

// countryOf is the country of an organization or person.
func countryOf(rec domain.Record) string {
	switch r := rec.(type) {
	case *domain.Organization:
		return string(r.Country)
	case *domain.Person:
		return string(r.Country)
	}
	return ""
}

// citeOnce cites the article on the record unless it cites it already.
func (a *acceptance) citeOnce(ctx context.Context, rec domain.Record, quote string, cite func(domain.EvidenceInput) error) error {
	for _, c := range rec.RecordMeta().Evidence {
		if c.Source.ID == a.source.ID {
			return nil
		}
	}
	return cite(domain.EvidenceInput{SourceID: a.source.ID, Quote: quote})
}

// citeExisting cites the article on a record the officer chose.
func (a *acceptance) citeExisting(ctx context.Context, r domain.RecordRef) error {
	a.res.Records = append(a.res.Records, Outcome{Ref: r})
	switch r.Type {
	case domain.TypeOrganization:
		return citeStored(ctx, a, a.s.Organizations, r.ID)
	case domain.TypePerson:
		return citeStored(ctx, a, a.s.People, r.ID)
	}
	return nil
}

func citeStored[T domain.Record](ctx context.Context, a *acceptance, st domain.Store[T], id string) error {
	rec, err := st.Find(ctx, id)
	if err != nil {
		return err
	}
	return a.citeOnce(ctx, rec, a.quotes[id], func(in domain.EvidenceInput) error {
		_, err := st.Cite(ctx, id, in)
		return err
	})
}

// fieldsUnder puts the field paths of an EINVALID or EUNKNOWNREF error under
// the prefix, so that they name the draft's fields.
func fieldsUnder(prefix string, err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || len(de.Fields) == 0 {
		return err
	}
	out := *de
	out.Fields = map[string]string{}
	for k, m := range de.Fields {
		out.Fields[prefix+k] = m
	}
	return &out
}
