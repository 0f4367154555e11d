package web

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"cooptrack/domain"
	"cooptrack/domain/extract"
	"cooptrack/domain/intake"
	"cooptrack/web/form"
)

// The review page is the draft as a form. Its inputs are named by the
// draft's field paths ("events[1].start_on"), which are also the paths of
// intake.Accept's errors, so that each message shows beside its input.

// reviewMaxItems bounds the proposals of one kind a posted draft may hold.
const reviewMaxItems = 200

// reviewInput is one input of the review form.
type reviewInput struct {
	Kind    string // text, date, select, checks, textarea, picker
	Name    string
	ID      string
	Label   string
	Value   string
	Hint    string
	Error   string
	Options []form.Option // a select's options; the boxes of checks
	Pick    domain.RecordType
	Wide    bool
}

// reviewCard is one proposal.
type reviewCard struct {
	ID      string // the anchor, "organizations-0"
	Path    string // "organizations[0]"
	Kind    domain.RecordType
	Heading string
	Keep    bool
	Spans   string
	// Mark is the anchor of its first passage in the article.
	Mark   string
	Inputs []reviewInput
	Errors bool
}

// reviewGroup is the proposals of one kind.
type reviewGroup struct {
	Kind  domain.RecordType
	Title string
	Count string // the name of the hidden count field
	Cards []reviewCard
}

// textSegment is a stretch of the article: marked when a proposal was read
// from it.
type textSegment struct {
	Text  string
	Mark  bool
	Kind  domain.RecordType
	ID    string
	Title string
}

// reviewError is a message of the summary at the top, linked to its input.
type reviewError struct {
	ID, Label, Message string
}

// reviewPage is what article_review.html receives.
type reviewPage struct {
	Text, Home string
	Article    []reviewInput
	Segments   []textSegment
	Groups     []reviewGroup
	Errors     []reviewError
	Message    string
}

func reviewID(path string) string {
	r := strings.NewReplacer("[", "-", "]", "", ".", "-", "_", "-")
	return "f-" + r.Replace(path)
}

// newReviewPage lays out the draft for review, with the errors by field
// path.
func newReviewPage(d intake.Draft, fc *form.Catalog, errs map[string]string, message string) *reviewPage {
	p := &reviewPage{Text: d.Article.Text, Home: d.Article.Home, Message: message}
	used := map[string]bool{}
	in := func(path, kind, label, value string) reviewInput {
		used[path] = true
		return reviewInput{Kind: kind, Name: path, ID: reviewID(path), Label: label, Value: value, Error: errs[path]}
	}
	sel := func(path, label, value string, opts []form.Option, blank bool) reviewInput {
		i := in(path, "select", label, value)
		i.Options = form.SelectOptions(opts, value, blank)
		return i
	}
	checks := func(path, label string, opts []form.Option, on []int) reviewInput {
		i := in(path, "checks", label, "")
		for _, o := range opts {
			n, _ := strconv.Atoi(o.Value)
			o.Selected = slices.Contains(on, n)
			i.Options = append(i.Options, o)
		}
		return i
	}
	countries := form.CountryOptions()

	a := d.Article
	p.Article = []reviewInput{
		in("article.title", "text", "Title", a.Title),
		in("article.url", "text", "Address (URL)", a.URL),
		in("article.publisher", "text", "Publisher", a.Publisher),
		in("article.published_on", "date", "Published on", string(a.PublishedOn)),
	}
	p.Article[0].Wide, p.Article[1].Wide = true, true

	var orgOpts, personOpts []form.Option
	for i, o := range d.Organizations {
		orgOpts = append(orgOpts, form.Option{Value: strconv.Itoa(i), Label: o.Name})
	}
	for i, pp := range d.People {
		personOpts = append(personOpts, form.Option{Value: strconv.Itoa(i), Label: pp.Name})
	}
	index := func(i int) string {
		if i < 0 {
			return ""
		}
		return strconv.Itoa(i)
	}
	card := func(t domain.RecordType, i int, heading string, it intake.Item) reviewCard {
		path := fmt.Sprintf("%s[%d]", t.Collection(), i)
		return reviewCard{ID: t.Collection() + "-" + strconv.Itoa(i), Path: path, Kind: t, Heading: heading, Keep: !it.Skip, Spans: formatSpans(it.Spans)}
	}
	existing := func(path string, t domain.RecordType, name, chosen string) []reviewInput {
		opts := []form.Option{{Value: "", Label: "A new " + domain.Words(t)}}
		seen := map[string]bool{}
		add := func(e domain.CatalogEntry) {
			if seen[e.ID] {
				return
			}
			seen[e.ID] = true
			label := "Recorded: " + e.Label
			if det := form.Detail(e); det != "" {
				label += " · " + det
			}
			opts = append(opts, form.Option{Value: e.ID, Label: label})
		}
		if e, ok := fc.Find(chosen, t); ok {
			add(e)
		}
		for _, dup := range fc.Duplicates(t, []string{name}) {
			if e, ok := fc.Find(dup.Ref.ID, t); ok {
				add(e)
			}
		}
		choice := in(path+".existing", "select", "Record as", chosen)
		choice.Options = form.SelectOptions(opts, chosen, false)
		pick := in(path+".pick", "picker", "Or another recorded "+domain.Words(t), "")
		pick.Pick = t
		pick.Hint = "Type its name; it replaces the choice above."
		return []reviewInput{choice, pick}
	}

	orgs := reviewGroup{Kind: domain.TypeOrganization, Title: "Organizations", Count: "organizations.count"}
	for i, o := range d.Organizations {
		c := card(domain.TypeOrganization, i, o.Name, o.Item)
		c.Inputs = append([]reviewInput{
			in(c.Path+".name", "text", form.LabelAt(domain.TypeOrganization, "name"), o.Name),
			in(c.Path+".acronym", "text", form.LabelAt(domain.TypeOrganization, "acronym"), o.Acronym),
			sel(c.Path+".kind", form.LabelAt(domain.TypeOrganization, "kind"), string(o.Kind), formEnumWords(domain.OrganizationKinds), true),
			sel(c.Path+".country", form.LabelAt(domain.TypeOrganization, "country"), o.Country, countries, true),
		}, append(existing(c.Path, domain.TypeOrganization, o.Name, o.Existing),
			in(c.Path+".quote", "textarea", "Quote (the passage cited as evidence)", o.Quote))...)
		orgs.Cards = append(orgs.Cards, c)
	}
	people := reviewGroup{Kind: domain.TypePerson, Title: "People", Count: "people.count"}
	for i, pp := range d.People {
		c := card(domain.TypePerson, i, pp.Name, pp.Item)
		c.Inputs = append([]reviewInput{
			in(c.Path+".name", "text", form.LabelAt(domain.TypePerson, "full_name"), pp.Name),
			in(c.Path+".title", "text", "Post (title)", pp.Title),
			sel(c.Path+".organization", "At (organization)", index(pp.Organization), orgOpts, true),
			sel(c.Path+".country", form.LabelAt(domain.TypePerson, "country"), pp.Country, countries, true),
		}, append(existing(c.Path, domain.TypePerson, pp.Name, pp.Existing),
			in(c.Path+".quote", "textarea", "Quote (the passage cited as evidence)", pp.Quote))...)
		people.Cards = append(people.Cards, c)
	}
	agreements := reviewGroup{Kind: domain.TypeAgreement, Title: "Agreements", Count: "agreements.count"}
	for i, g := range d.Agreements {
		c := card(domain.TypeAgreement, i, g.Title, g.Item)
		c.Inputs = []reviewInput{
			in(c.Path+".title", "text", form.LabelAt(domain.TypeAgreement, "title"), g.Title),
			sel(c.Path+".kind", form.LabelAt(domain.TypeAgreement, "kind"), string(g.Kind), formEnumWords(domain.AgreementKinds), true),
			sel(c.Path+".status", form.LabelAt(domain.TypeAgreement, "status"), string(g.Status), formEnumWords(domain.AgreementStatuses), true),
			in(c.Path+".signed_on", "date", form.LabelAt(domain.TypeAgreement, "signed_on"), string(g.SignedOn)),
			in(c.Path+".place.city", "text", "City", g.Place.City),
			sel(c.Path+".place.country", "Country of the place", string(g.Place.Country), countries, true),
			checks(c.Path+".parties", form.LabelAt(domain.TypeAgreement, "parties"), orgOpts, g.Parties),
			checks(c.Path+".signatories", form.LabelAt(domain.TypeAgreement, "signatories"), personOpts, g.Signatories),
			in(c.Path+".quote", "textarea", "Quote (the passage cited as evidence)", g.Quote),
		}
		agreements.Cards = append(agreements.Cards, c)
	}
	events := reviewGroup{Kind: domain.TypeEvent, Title: "Events", Count: "events.count"}
	for i, e := range d.Events {
		c := card(domain.TypeEvent, i, e.Title, e.Item)
		c.Inputs = []reviewInput{
			in(c.Path+".title", "text", form.LabelAt(domain.TypeEvent, "title"), e.Title),
			sel(c.Path+".kind", form.LabelAt(domain.TypeEvent, "kind"), string(e.Kind), formEnumWords(domain.EventKinds), true),
			in(c.Path+".start_on", "date", form.LabelAt(domain.TypeEvent, "start_on"), string(e.StartOn)),
			in(c.Path+".end_on", "date", form.LabelAt(domain.TypeEvent, "end_on"), string(e.EndOn)),
			in(c.Path+".place.city", "text", "City", e.Place.City),
			sel(c.Path+".place.country", "Country of the place", string(e.Place.Country), countries, true),
			in(c.Path+".attendance", "text", form.LabelAt(domain.TypeEvent, "attendance"), e.Attendance),
			checks(c.Path+".organizations", "Organizations taking part", orgOpts, e.Organizations),
			checks(c.Path+".people", "People taking part", personOpts, e.People),
			in(c.Path+".quote", "textarea", "Quote (the passage cited as evidence)", e.Quote),
		}
		events.Cards = append(events.Cards, c)
	}
	programs := reviewGroup{Kind: domain.TypeProgram, Title: "Programs", Count: "programs.count"}
	for i, pr := range d.Programs {
		c := card(domain.TypeProgram, i, pr.Name, pr.Item)
		c.Inputs = []reviewInput{
			in(c.Path+".name", "text", form.LabelAt(domain.TypeProgram, "name"), pr.Name),
			sel(c.Path+".status", form.LabelAt(domain.TypeProgram, "status"), string(pr.Status), formEnumWords(domain.ProgramStatuses), true),
			sel(c.Path+".beneficiary", "Beneficiary", index(pr.Beneficiary), orgOpts, true),
			in(c.Path+".quote", "textarea", "Quote (the passage cited as evidence)", pr.Quote),
		}
		programs.Cards = append(programs.Cards, c)
	}
	p.Groups = []reviewGroup{orgs, people, agreements, events, programs}

	// Errors: beside their inputs, and all in the summary, in page order.
	for gi := range p.Groups {
		for ci := range p.Groups[gi].Cards {
			c := &p.Groups[gi].Cards[ci]
			for _, i := range c.Inputs {
				if i.Error != "" {
					c.Errors = true
					p.Errors = append(p.Errors, reviewError{ID: i.ID, Label: c.Heading + ": " + i.Label, Message: i.Error})
				}
			}
		}
	}
	for _, i := range p.Article {
		if i.Error != "" {
			p.Errors = append([]reviewError{{ID: i.ID, Label: "Article: " + i.Label, Message: i.Error}}, p.Errors...)
		}
	}
	var rest []string
	for k := range errs {
		if !used[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		p.Errors = append(p.Errors, reviewError{Label: k, Message: errs[k]})
	}
	p.Segments = segments(d.Article.Text, p.Groups, d)
	return p
}

// formEnumWords are the values of an enumeration as options read by people.
func formEnumWords[S ~string](values []S) []form.Option {
	out := make([]form.Option, len(values))
	for i, v := range values {
		out[i] = form.Option{Value: string(v), Label: domain.Words(v)}
	}
	return out
}

// formatSpans writes spans for a hidden field: "529-599 958-1021".
func formatSpans(spans []extract.Span) string {
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = strconv.Itoa(s[0]) + "-" + strconv.Itoa(s[1])
	}
	return strings.Join(parts, " ")
}

// parseSpans reads spans back, keeping only those that lie within the
// text on character boundaries: a tampered field highlights nothing wrong.
func parseSpans(s, text string) []extract.Span {
	var out []extract.Span
	for _, part := range strings.Fields(s) {
		a, b, ok := strings.Cut(part, "-")
		if !ok {
			continue
		}
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || start < 0 || end > len(text) || start >= end {
			continue
		}
		if !utf8.RuneStart(text[start]) || (end < len(text) && !utf8.RuneStart(text[end])) {
			continue
		}
		out = append(out, extract.Span{start, end})
		if len(out) == 50 {
			break
		}
	}
	return out
}

// segments cuts the article at the edges of every proposal's passages;
// each stretch inside one or more is marked, with the kind of the first
// and the names of all. Go slices the byte offsets, so no script is needed.
func segments(text string, groups []reviewGroup, d intake.Draft) []textSegment {
	type mark struct {
		span extract.Span
		kind domain.RecordType
		name string
		card *reviewCard
	}
	var marks []mark
	spansOf := func(t domain.RecordType, i int) []extract.Span {
		switch t {
		case domain.TypeOrganization:
			return d.Organizations[i].Spans
		case domain.TypePerson:
			return d.People[i].Spans
		case domain.TypeAgreement:
			return d.Agreements[i].Spans
		case domain.TypeEvent:
			return d.Events[i].Spans
		}
		return d.Programs[i].Spans
	}
	for gi := range groups {
		for ci := range groups[gi].Cards {
			c := &groups[gi].Cards[ci]
			for _, s := range spansOf(c.Kind, ci) {
				marks = append(marks, mark{span: s, kind: c.Kind, name: c.Heading, card: c})
			}
		}
	}
	cuts := []int{0, len(text)}
	for _, m := range marks {
		cuts = append(cuts, m.span[0], m.span[1])
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []textSegment
	for i := 0; i+1 < len(cuts); i++ {
		from, to := cuts[i], cuts[i+1]
		seg := textSegment{Text: text[from:to]}
		var names []string
		for _, m := range marks {
			if m.span[0] <= from && to <= m.span[1] {
				if !seg.Mark {
					seg.Mark, seg.Kind = true, m.kind
				}
				if !slices.Contains(names, domain.Words(m.kind)+": "+m.name) {
					names = append(names, domain.Words(m.kind)+": "+m.name)
				}
				if m.card.Mark == "" && m.span[0] == from {
					if seg.ID == "" {
						seg.ID = fmt.Sprintf("m-%d", from)
					}
					m.card.Mark = seg.ID
				}
			}
		}
		seg.Title = strings.Join(names, "; ")
		out = append(out, seg)
	}
	return out
}

// decodeDraft reads the posted review form back into the draft. What it
// cannot read is returned by field path, with the pickers' problems.
func decodeDraft(v url.Values, fc *form.Catalog) (intake.Draft, map[string]string) {
	errs := map[string]string{}
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	date := func(k string) domain.Date {
		s := get(k)
		if s == "" {
			return ""
		}
		d, err := domain.ParseDate(s)
		if err != nil {
			errs[k] = "must be a date of the calendar, YYYY-MM-DD"
			return domain.Date(s)
		}
		return d
	}
	count := func(k string) int {
		n, err := strconv.Atoi(get(k))
		if err != nil || n < 0 {
			return 0
		}
		return min(n, reviewMaxItems)
	}
	text := v.Get("article.text")
	d := intake.Draft{Article: intake.Article{Text: text, URL: get("article.url"), Title: get("article.title"),
		Publisher: get("article.publisher"), PublishedOn: date("article.published_on"), Home: get("article.home")}}
	switch {
	case strings.TrimSpace(text) == "":
		errs["article.text"] = "The article's text is missing: start again from the article."
	case len(text) > extract.MaxText:
		errs["article.text"] = articleTooLong
	}
	nOrgs, nPeople := count("organizations.count"), count("people.count")
	index := func(k string, n int) int {
		s := get(k)
		if s == "" {
			return -1
		}
		i, err := strconv.Atoi(s)
		if err != nil || i < 0 || i >= n {
			errs[k] = "is not one of the choices"
			return -1
		}
		return i
	}
	indexes := func(k string, n int) []int {
		var out []int
		for _, s := range v[k] {
			i, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || i < 0 || i >= n {
				errs[k] = "is not one of the choices"
				continue
			}
			if !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
		return out
	}
	item := func(path string, t domain.RecordType) intake.Item {
		it := intake.Item{Skip: v.Get(path+".keep") != "1", Quote: get(path + ".quote"), Spans: parseSpans(v.Get(path+".spans"), text)}
		if t == "" {
			return it
		}
		it.Existing = get(path + ".existing")
		if name := get(path + ".pick"); name != "" {
			found := fc.Named(name, t)
			if e, ok := fc.Find(name, t); ok {
				found = []domain.CatalogEntry{e}
			}
			switch len(found) {
			case 1:
				it.Existing = found[0].ID
			case 0:
				errs[path+".pick"] = fmt.Sprintf("No %s named “%s” is recorded: clear it to create a new one.", domain.Words(t), name)
			default:
				errs[path+".pick"] = fmt.Sprintf("Several %s are named “%s”: choose one in the list above.", t.Collection(), name)
			}
		}
		return it
	}
	for i := range nOrgs {
		path := fmt.Sprintf("organizations[%d]", i)
		d.Organizations = append(d.Organizations, intake.Organization{Item: item(path, domain.TypeOrganization),
			Name: get(path + ".name"), Acronym: get(path + ".acronym"), Country: get(path + ".country"),
			Kind: domain.OrganizationKind(get(path + ".kind"))})
	}
	for i := range nPeople {
		path := fmt.Sprintf("people[%d]", i)
		d.People = append(d.People, intake.Person{Item: item(path, domain.TypePerson),
			Name: get(path + ".name"), Title: get(path + ".title"), Country: get(path + ".country"),
			Organization: index(path+".organization", nOrgs)})
	}
	for i := range count("agreements.count") {
		path := fmt.Sprintf("agreements[%d]", i)
		d.Agreements = append(d.Agreements, intake.Agreement{Item: item(path, ""),
			Kind: domain.AgreementKind(get(path + ".kind")), Title: get(path + ".title"),
			Status: domain.AgreementStatus(get(path + ".status")), SignedOn: date(path + ".signed_on"),
			Place:   domain.Place{City: get(path + ".place.city"), Country: domain.CountryCode(get(path + ".place.country"))},
			Parties: indexes(path+".parties", nOrgs), Signatories: indexes(path+".signatories", nPeople)})
	}
	for i := range count("events.count") {
		path := fmt.Sprintf("events[%d]", i)
		d.Events = append(d.Events, intake.Event{Item: item(path, ""),
			Kind: domain.EventKind(get(path + ".kind")), Title: get(path + ".title"),
			StartOn: date(path + ".start_on"), EndOn: date(path + ".end_on"), Attendance: get(path + ".attendance"),
			Place:         domain.Place{City: get(path + ".place.city"), Country: domain.CountryCode(get(path + ".place.country"))},
			Organizations: indexes(path+".organizations", nOrgs), People: indexes(path+".people", nPeople)})
	}
	for i := range count("programs.count") {
		path := fmt.Sprintf("programs[%d]", i)
		d.Programs = append(d.Programs, intake.Program{Item: item(path, ""),
			Name: get(path + ".name"), Status: domain.ProgramStatus(get(path + ".status")),
			Beneficiary: index(path+".beneficiary", nOrgs)})
	}
	return d, errs
}
