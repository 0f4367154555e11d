package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
	"cooptrack/web/form"
)

// formClient drives the HTML forms as a browser without JavaScript would.
type formClient struct {
	t *testing.T
	h http.Handler
}

// formResponse is a page the server answered.
type formResponse struct {
	Status   int
	Location string
	Body     string
	Doc      *goquery.Document
}

func newFormClient(t *testing.T, db *repository.DB) *formClient {
	srv := New(storesOf(db))
	srv.Now = func() time.Time { return testToday }
	return &formClient{t: t, h: asRole(t, db, domain.RoleAdmin, srv)}
}

// eachForm runs f against the forms on every backend; withDemo loads the
// demo data first.
func eachFormTest(t *testing.T, withDemo bool, f func(t *testing.T, fc *formClient, db *repository.DB)) {
	t.Helper()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		if withDemo {
			storetest.LoadDemo(t, db, "")
		}
		f(t, newFormClient(t, db), db)
	})
}

func (fc *formClient) do(req *http.Request) *formResponse {
	fc.t.Helper()
	w := httptest.NewRecorder()
	fc.h.ServeHTTP(w, req)
	r := &formResponse{Status: w.Code, Location: w.Header().Get("Location"), Body: w.Body.String()}
	if strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(r.Body))
		if err != nil {
			fc.t.Fatalf("%s %s: parse HTML: %v", req.Method, req.URL, err)
		}
		r.Doc = doc
	}
	return r
}

func (fc *formClient) get(path string) *formResponse {
	fc.t.Helper()
	return fc.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (fc *formClient) post(path string, vals url.Values) *formResponse {
	fc.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return fc.do(req)
}

// wantStatus fails the test unless the response has the status.
func (r *formResponse) wantStatus(t *testing.T, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d\n%s", r.Status, status, formSummaryText(r))
	}
}

// formSummaryText returns the error summary of a page, or its start.
func formSummaryText(r *formResponse) string {
	if r.Doc != nil {
		if s := strings.TrimSpace(r.Doc.Find(".error-summary, .notice").Text()); s != "" {
			return s
		}
	}
	if len(r.Body) > 600 {
		return r.Body[:600]
	}
	return r.Body
}

// createdID returns the id of the record a 303 redirects to.
func (r *formResponse) createdID(t *testing.T, collection string) string {
	t.Helper()
	r.wantStatus(t, http.StatusSeeOther)
	id, ok := strings.CutPrefix(r.Location, "/"+collection+"/")
	if !ok || id == "" {
		t.Fatalf("Location = %q, want /%s/{id}", r.Location, collection)
	}
	return id
}

// formOf returns what a browser would submit from the page's form (the one
// matched by sel), the default button pressed: inputs, checked boxes and
// radios, textareas and selected options.
func formSubmission(doc *goquery.Document, sel string) url.Values {
	vals := url.Values{}
	form := doc.Find(sel).First()
	form.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok || name == "" {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			vals.Add(name, s.Text())
		case "select":
			opt := s.Find("option[selected]").First()
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			v, _ := opt.Attr("value")
			vals.Add(name, v)
		default:
			typ, _ := s.Attr("type")
			switch typ {
			case "submit", "button":
				return
			case "checkbox", "radio":
				if _, checked := s.Attr("checked"); !checked {
					return
				}
			}
			v, _ := s.Attr("value")
			vals.Add(name, v)
		}
	})
	return vals
}

// fieldOf returns the .field element holding the input named name.
func formFieldOf(doc *goquery.Document, name string) *goquery.Selection {
	return doc.Find(`[name="` + name + `"]`).First().Closest(".field")
}

// valueOf returns what the input named name shows.
func formValueOf(doc *goquery.Document, name string) string {
	s := doc.Find(`[name="` + name + `"]`).First()
	switch goquery.NodeName(s) {
	case "textarea":
		return s.Text()
	case "select":
		v, _ := s.Find("option[selected]").Attr("value")
		return v
	}
	v, _ := s.Attr("value")
	return v
}

func TestFormCreateRecordsWithTheirLinks(t *testing.T) {
	t.Parallel()
	eachFormTest(t, false, func(t *testing.T, fc *formClient, db *repository.DB) {
		ctx := context.Background()
		if r := fc.get("/organizations/new"); r.Status != http.StatusOK || r.Doc.Find(`form.record-form[action="/organizations"]`).Length() != 1 {
			t.Fatalf("GET /organizations/new: status %d", r.Status)
		}
		orgID := fc.post("/organizations", url.Values{
			"name": {"Ministry of Justice and Human Rights of Peru"}, "acronym": {"MINJUSDH"}, "kind": {"ministry"}, "country": {"PE"},
			"alt_names": {"Ministerio de Justicia y Derechos Humanos\r\nPeruvian Ministry of Justice and Human Rights"}, "parent.name": {""}, "parent.id": {""},
		}).createdID(t, "organizations")
		homeID := fc.post("/organizations", url.Values{"name": {"Ministry of Government Administration and Home Affairs"}, "acronym": {"MOGAHA"},
			"kind": {"ministry"}, "country": {"KR"}}).createdID(t, "organizations")
		org, err := db.Organizations.Find(ctx, orgID)
		if err != nil || org.Country != "PE" || len(org.AltNames) != 2 || org.AltNames[0] != "Ministerio de Justicia y Derechos Humanos" {
			t.Fatalf("organization = %+v, %v", org, err)
		}

		// The person's position names its organization: the picker links it.
		personID := fc.post("/people", url.Values{
			"full_name": {"Gustavo Olaya"}, "country": {"PE"},
			"positions[0].title": {"Minister of Justice and Human Rights"}, "positions[0].organization.name": {"ministry of justice and human rights of peru"},
			"positions[0].organization.id": {""}, "positions[0].from_on": {"2015-02-17"}, "positions[0].to_on": {""},
			"positions[1].title": {""}, "positions[1].organization.name": {""}, "positions[1].from_on": {""}, // the blank row
		}).createdID(t, "people")
		person, err := db.People.Find(ctx, personID)
		if err != nil || len(person.Positions) != 1 || person.Positions[0].Organization == nil || person.Positions[0].Organization.ID != orgID || person.Positions[0].From != "2015-02-17" {
			t.Fatalf("person = %+v, %v", person, err)
		}

		srcID := fc.post("/sources", url.Values{
			"url": {"https://example.org/lac-rok"}, "title": {"Minister Chong to Enhance LAC-ROK Cooperation"}, "publisher": {"MOGAHA"},
			"published_on": {"2015-04-21"}, "language": {"en"}, "text": {"Minister Gustavo Olaya of Justice and Human Rights of Peru expressed his great interest.\r\n\r\nSecond paragraph."},
		}).createdID(t, "sources")
		src, err := db.Sources.Find(ctx, srcID)
		if err != nil || src.Text != "Minister Gustavo Olaya of Justice and Human Rights of Peru expressed his great interest.\n\nSecond paragraph." || src.PublishedOn != "2015-04-21" {
			t.Fatalf("source = %+v, %v", src, err)
		}

		// An officer's MOU: parties, a signatory and the source, in one form.
		agID := fc.post("/agreements", url.Values{
			"kind": {"mou"}, "title": {"MOU on criminal justice information systems"}, "status": {"signed"},
			"parties[0].name": {"MINJUSDH"}, "parties[0].id": {""},
			"parties[1].name": {"Ministry of Government Administration and Home Affairs"}, "parties[1].id": {homeID},
			"parties[2].name": {""}, "parties[2].id": {""},
			"signed_on": {"2015-04-20"}, "place.city": {"Lima"}, "place.country": {"PE"},
			"signatories[0].person.name": {"Gustavo Olaya"}, "signatories[0].organization.name": {"MINJUSDH"}, "signatories[0].capacity": {"Minister"},
			"signatories[1].person.name": {""}, "signatories[1].organization.name": {""}, "signatories[1].capacity": {""},
			"expires_on": {"2018-04-19"}, "renewal.notice_days": {"90"}, "subjects": {"criminal justice, e-government"},
			"cite.source.name": {"Minister Chong to Enhance LAC-ROK Cooperation"}, "cite.quote": {"Minister Gustavo Olaya of Justice and Human Rights of Peru expressed his great interest."},
		}).createdID(t, "agreements")
		a, err := db.Agreements.Find(ctx, agID)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Parties) != 2 || a.Parties[0].ID != orgID || a.Parties[1].ID != homeID {
			t.Errorf("parties = %+v", a.Parties)
		}
		if len(a.Signatories) != 1 || a.Signatories[0].Person.ID != personID || a.Signatories[0].Organization.ID != orgID || a.Signatories[0].Capacity != "Minister" {
			t.Errorf("signatories = %+v", a.Signatories)
		}
		if strings.Join(a.Countries, ",") != "KR,PE" || strings.Join(a.Subjects, "|") != "criminal justice|e-government" || a.Renewal.NoticeDays != 90 || a.Place.City != "Lima" {
			t.Errorf("agreement = %+v", a)
		}
		if len(a.Evidence) != 1 || a.Evidence[0].Source.ID != srcID || !strings.HasPrefix(a.Evidence[0].Quote, "Minister Gustavo Olaya") {
			t.Errorf("evidence = %+v", a.Evidence)
		}
	})
}

func TestFormRejectedKeepsInputAndSaysWhyBesideEachField(t *testing.T) {
	t.Parallel()
	eachFormTest(t, true, func(t *testing.T, fc *formClient, db *repository.DB) {
		valid := url.Values{
			"kind": {"mou"}, "title": {"MOU on customs e-clearance"}, "status": {"signed"}, "signed_on": {"2015-04-20"},
			"parties[0].name": {"Prime Minister's Office of Peru"}, "parties[0].id": {""},
			"signatories[0].person.name": {"Chong Jong-sup"}, "signatories[0].capacity": {"Minister"},
			"place.city": {"Lima"}, "place.country": {"PE"}, "subjects": {"customs\ne-clearance"},
			"renewal.automatic": {"1"}, "expires_on": {"2018-04-19"},
		}
		cases := []struct {
			name   string
			change url.Values
			field  string
			want   string
		}{
			{"missing title", url.Values{"title": {""}}, "title", "is required"},
			{"impossible date", url.Values{"signed_on": {"2015-02-30"}}, "signed_on", "2015-02-30"},
			{"expiry before signing", url.Values{"expires_on": {"2015-01-01"}}, "expires_on", "must not be before “Signed on”"},
			{"days that are not a number", url.Values{"renewal.notice_days": {"ninety"}}, "renewal.notice_days", "not a whole number"},
			{"a signatory with neither person nor organization", url.Values{"signatories[0].person.name": {""}}, "signatories[0].capacity", ""},
		}
		before, _ := db.Agreements.List(context.Background(), domain.ListFilter{})
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				vals := url.Values{}
				for k, v := range valid {
					vals[k] = v
				}
				for k, v := range tc.change {
					vals[k] = v
				}
				r := fc.post("/agreements", vals)
				r.wantStatus(t, http.StatusUnprocessableEntity)
				if tc.name == "a signatory with neither person nor organization" {
					row := r.Doc.Find("#f-signatories-0-row")
					if !row.HasClass("has-error") || !strings.Contains(row.Find(".error").First().Text(), "needs a person or an organization") {
						t.Errorf("the signatory's row shows no error: %s", formSummaryText(r))
					}
				} else {
					field := formFieldOf(r.Doc, tc.field)
					if !field.HasClass("has-error") {
						t.Fatalf("the field %s is not marked: %s", tc.field, formSummaryText(r))
					}
					msg := field.Find(".error").Text()
					if !strings.Contains(msg, tc.want) {
						t.Errorf("message beside %s = %q, want it to say %q", tc.field, msg, tc.want)
					}
					input := r.Doc.Find(`[name="` + tc.field + `"]`)
					errID, _ := field.Find(".error").Attr("id")
					if d, _ := input.Attr("aria-describedby"); !strings.Contains(d, errID) {
						t.Errorf("aria-describedby = %q, want %q in it", d, errID)
					}
					id, _ := input.Attr("id")
					if r.Doc.Find(`.error-summary a[href="#`+id+`"]`).Length() != 1 {
						t.Errorf("the summary has no link to #%s: %s", id, formSummaryText(r))
					}
				}
				// Every value typed is still there, as typed.
				for k, v := range vals {
					if strings.HasSuffix(k, ".id") {
						continue // hidden: the picker fills in the id of the name typed
					}
					if got := formValueOf(r.Doc, k); strings.TrimSpace(got) != strings.TrimSpace(v[0]) {
						t.Errorf("input %s = %q, want %q as typed", k, got, v[0])
					}
				}
				if _, checked := r.Doc.Find(`[name="renewal.automatic"]`).Attr("checked"); !checked {
					t.Errorf("the checkbox lost its tick")
				}
			})
		}
		after, _ := db.Agreements.List(context.Background(), domain.ListFilter{})
		if after.Total != before.Total {
			t.Errorf("agreements = %d after rejected forms, want %d", after.Total, before.Total)
		}
		// An invalid date is shown as text, since a date input would empty it.
		r := fc.post("/agreements", url.Values{"kind": {"mou"}, "title": {"x"}, "status": {"signed"}, "signed_on": {"2015-02-30"}})
		if typ, _ := r.Doc.Find(`[name="signed_on"]`).Attr("type"); typ != "text" {
			t.Errorf("an impossible date is in an input of type %q", typ)
		}
		if typ, _ := r.Doc.Find(`[name="expires_on"]`).Attr("type"); typ != "date" {
			t.Errorf("an empty date is in an input of type %q", typ)
		}
		// The store's refusal lands beside its field too: an unknown link.
		r = fc.post("/agreements", url.Values{"kind": {"mou"}, "title": {"x"}, "status": {"draft"}, "events[0].id": {"0123456789abcdef01234567"}})
		r.wantStatus(t, http.StatusUnprocessableEntity)
		if !formFieldOf(r.Doc, "events[0].name").HasClass("has-error") {
			t.Errorf("an unknown event is not marked: %s", formSummaryText(r))
		}
	})
}

func TestFormAddAndRemoveRowsWithoutSaving(t *testing.T) {
	t.Parallel()
	eachFormTest(t, false, func(t *testing.T, fc *formClient, db *repository.DB) {
		r := fc.post("/agreements", url.Values{"kind": {"mou"}, "title": {"MOU"}, "parties[0].name": {"Alpha"}, "parties[0].id": {""},
			"parties[1].name": {""}, "parties[1].id": {""}, "_action": {"add:parties"}})
		r.wantStatus(t, http.StatusOK)
		if r.Doc.Find(".error-summary").Length() != 0 {
			t.Errorf("adding a row shows errors: %s", formSummaryText(r))
		}
		for i, want := range []string{"Alpha", "", ""} {
			name := "parties[" + string(rune('0'+i)) + "].name"
			if r.Doc.Find(`[name="`+name+`"]`).Length() != 1 || formValueOf(r.Doc, name) != want {
				t.Errorf("%s = %q, want %q", name, formValueOf(r.Doc, name), want)
			}
		}
		if _, ok := r.Doc.Find(`[name="parties[2].name"]`).Attr("autofocus"); !ok {
			t.Errorf("the new row's input is not focused")
		}
		if formValueOf(r.Doc, "title") != "MOU" {
			t.Errorf("title lost")
		}
		// A remove button names its row.
		btn := r.Doc.Find(`button[value="remove:parties:0"]`)
		if btn.Length() != 1 || !strings.Contains(btn.Text(), "Party 1") {
			t.Errorf("remove button = %q", btn.Text())
		}

		r = fc.post("/agreements", url.Values{"kind": {"mou"}, "title": {"MOU"},
			"signatories[0].capacity": {"A"}, "signatories[1].capacity": {"B"}, "signatories[2].capacity": {"C"}, "signatories[3].capacity": {""},
			"_action": {"remove:signatories:1"}})
		r.wantStatus(t, http.StatusOK)
		got := []string{formValueOf(r.Doc, "signatories[0].capacity"), formValueOf(r.Doc, "signatories[1].capacity"), formValueOf(r.Doc, "signatories[2].capacity")}
		if !slices.Equal(got, []string{"A", "C", ""}) || r.Doc.Find(`[name="signatories[3].capacity"]`).Length() != 0 {
			t.Errorf("after removing B: %q", got)
		}
		if page, _ := db.Agreements.List(context.Background(), domain.ListFilter{}); page.Total != 0 {
			t.Errorf("adding and removing rows saved %d agreements", page.Total)
		}
		// Enter in a field presses the first submit button, which saves.
		first := r.Doc.Find("form.record-form button[type=submit]").First()
		if v, _ := first.Attr("value"); v != "save" {
			t.Errorf("the form's first button is %q, not save", v)
		}
	})
}

func TestFormPickerResolvesNames(t *testing.T) {
	t.Parallel()
	eachFormTest(t, true, func(t *testing.T, fc *formClient, db *repository.DB) {
		ctx := context.Background()
		for _, c := range []string{"PE", "CO"} {
			if err := db.Organizations.Create(ctx, &domain.Organization{Name: "Ministerio de Justicia", Country: domain.CountryCode(c), Kind: domain.OrgMinistry}); err != nil {
				t.Fatal(err)
			}
		}
		base := url.Values{"kind": {"mou"}, "title": {"MOU for e-government"}, "status": {"signed"}, "signed_on": {"2015-04-20"}}
		with := func(extra url.Values) url.Values {
			v := url.Values{}
			for k, x := range base {
				v[k] = x
			}
			for k, x := range extra {
				v[k] = x
			}
			return v
		}
		// A unique name (case and accents aside), an acronym, a pasted id.
		id := fc.post("/agreements", with(url.Values{
			"parties[0].name": {"prime minister's office of peru"},
			"parties[1].name": {"MOGAHA"},
			"parties[2].name": {demo.OrgPeruJustice},
		})).createdID(t, "agreements")
		a, _ := db.Agreements.Find(ctx, id)
		if len(a.Parties) != 3 || a.Parties[0].ID != demo.OrgPeruPMO || a.Parties[1].ID != demo.OrgMOGAHA || a.Parties[2].ID != demo.OrgPeruJustice {
			t.Errorf("parties = %+v", a.Parties)
		}

		// Two of that name: the form asks which.
		r := fc.post("/agreements", with(url.Values{"parties[0].name": {"Ministério de Justicia"}, "title": {"Second"}}))
		r.wantStatus(t, http.StatusUnprocessableEntity)
		radios := r.Doc.Find(`input[type=radio][name="parties[0].id"]`)
		if radios.Length() != 2 || !strings.Contains(formFieldOf(r.Doc, "parties[0].name").Find(".error").Text(), "choose one") {
			t.Fatalf("choices = %d: %s", radios.Length(), formSummaryText(r))
		}
		if formValueOf(r.Doc, "parties[0].name") != "Ministério de Justicia" {
			t.Errorf("the name typed is lost")
		}
		// Choosing one saves.
		vals := formSubmission(r.Doc, "form.record-form")
		chosen, _ := radios.Eq(1).Attr("value")
		vals.Set("parties[0].id", chosen)
		id = fc.post("/agreements", vals).createdID(t, "agreements")
		a, _ = db.Agreements.Find(ctx, id)
		if len(a.Parties) != 1 || a.Parties[0].ID != chosen || a.Title != "Second" {
			t.Errorf("after choosing: %+v", a.Parties)
		}

		// Part of a name: the records containing it are offered.
		r = fc.post("/agreements", with(url.Values{"parties[0].name": {"Immigration"}}))
		r.wantStatus(t, http.StatusUnprocessableEntity)
		if n := r.Doc.Find(`input[type=radio][name="parties[0].id"]`).Length(); n != 2 {
			t.Errorf("choices for a part of a name = %d, want the two immigration offices", n)
		}

		// No such record: say so, and offer to create it.
		r = fc.post("/agreements", with(url.Values{"signatories[0].person.name": {"Pedro Pablo Kuczynski"}}))
		r.wantStatus(t, http.StatusUnprocessableEntity)
		field := formFieldOf(r.Doc, "signatories[0].person.name")
		if !strings.Contains(field.Find(".error").Text(), "No person named “Pedro Pablo Kuczynski”") {
			t.Errorf("message = %q", field.Find(".error").Text())
		}
		if href, _ := field.Find(".create a").Attr("href"); href != "/people/new?full_name=Pedro+Pablo+Kuczynski" {
			t.Errorf("create link = %q", href)
		}
		if r := fc.get("/people/new?full_name=Pedro+Pablo+Kuczynski"); formValueOf(r.Doc, "full_name") != "Pedro Pablo Kuczynski" {
			t.Errorf("the create link does not fill in the name")
		}
	})
}

func TestFormStaleEditShowsWhatChangedAndKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	eachFormTest(t, false, func(t *testing.T, fc *formClient, db *repository.DB) {
		ctx := context.Background()
		org := &domain.Organization{Name: "Migraciones", Country: "PE", Kind: domain.OrgAgency}
		if err := db.Organizations.Create(ctx, org); err != nil {
			t.Fatal(err)
		}
		path := "/organizations/" + org.ID
		r := fc.get(path + "/edit")
		r.wantStatus(t, http.StatusOK)
		mine := formSubmission(r.Doc, "form.record-form")
		if mine.Get("version") != "1" || mine.Get("name") != "Migraciones" || mine.Get("_base") == "" {
			t.Fatalf("edit form = %v", mine)
		}
		// Someone else saves first.
		other, _ := db.Organizations.Find(ctx, org.ID)
		other.Name, other.Acronym = "Superintendencia Nacional de Migraciones", "MIGRACIONES"
		if err := db.Organizations.Update(ctx, other); err != nil {
			t.Fatal(err)
		}
		mine.Set("alt_names", "Peruvian Immigration Office")
		mine.Set("kind", "office")
		r = fc.post(path, mine)
		r.wantStatus(t, http.StatusConflict)
		if !strings.Contains(r.Doc.Find(".stale").Text(), "Someone else saved this record after you opened it") {
			t.Errorf("no notice: %s", formSummaryText(r))
		}
		changes := map[string][]string{}
		r.Doc.Find("table.changes tbody tr").Each(func(_ int, tr *goquery.Selection) {
			var cells []string
			tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, strings.TrimSpace(td.Text())) })
			changes[strings.TrimSpace(tr.Find("th").Text())] = cells
		})
		if got := changes["Name"]; len(got) != 3 || got[0] != "Migraciones" || got[1] != "Superintendencia Nacional de Migraciones" {
			t.Errorf("Name change = %q (all: %v)", got, changes)
		}
		if _, ok := changes["Acronym"]; !ok || len(changes) != 2 {
			t.Errorf("changes = %v, want Name and Acronym", changes)
		}
		if formValueOf(r.Doc, "alt_names") != "Peruvian Immigration Office" || formValueOf(r.Doc, "kind") != "office" || formValueOf(r.Doc, "name") != "Migraciones" {
			t.Errorf("typed values lost: alt_names %q kind %q name %q", formValueOf(r.Doc, "alt_names"), formValueOf(r.Doc, "kind"), formValueOf(r.Doc, "name"))
		}
		if v := formValueOf(r.Doc, "version"); v != "2" {
			t.Errorf("version = %q, want the current 2", v)
		}
		// Saving again replaces what was saved.
		again := formSubmission(r.Doc, "form.record-form")
		fc.post(path, again).wantStatus(t, http.StatusSeeOther)
		got, _ := db.Organizations.Find(ctx, org.ID)
		if got.Kind != domain.OrgOffice || len(got.AltNames) != 1 || got.Version != 3 {
			t.Errorf("stored = %+v", got)
		}
	})
}

func TestFormPossibleDuplicatesBeforeCreating(t *testing.T) {
	t.Parallel()
	eachFormTest(t, true, func(t *testing.T, fc *formClient, db *repository.DB) {
		ctx := context.Background()
		count := func() (people, orgs int64) {
			p, _ := db.People.List(ctx, domain.ListFilter{})
			o, _ := db.Organizations.List(ctx, domain.ListFilter{})
			return p.Total, o.Total
		}
		people0, orgs0 := count()
		vals := url.Values{"full_name": {"Jong-sup Chong"}, "country": {"KR"}}
		r := fc.post("/people", vals)
		r.wantStatus(t, http.StatusOK)
		notice := r.Doc.Find(".duplicates")
		if notice.Find(`a[href="/people/`+demo.PersonChong+`"]`).Length() != 1 {
			t.Fatalf("no duplicate pointed out: %s", formSummaryText(r))
		}
		if notice.Find(`button[name="_confirm_new"][value="1"]`).Length() != 1 {
			t.Errorf("no button to create it anyway")
		}
		if formValueOf(r.Doc, "full_name") != "Jong-sup Chong" {
			t.Errorf("the name typed is lost")
		}
		if p, _ := count(); p != people0 {
			t.Errorf("a person was created before confirming")
		}
		again := formSubmission(r.Doc, "form.record-form")
		again.Set("_confirm_new", "1")
		fc.post("/people", again).createdID(t, "people")

		if err := db.Organizations.Create(ctx, &domain.Organization{Name: "Ministerio de Justicia", Country: "CO", Kind: domain.OrgMinistry}); err != nil {
			t.Fatal(err)
		}
		r = fc.post("/organizations", url.Values{"name": {"Ministério de Justiça"}, "country": {"BR"}, "kind": {"ministry"}})
		r.wantStatus(t, http.StatusOK)
		if !strings.Contains(r.Doc.Find(".duplicates").Text(), "Ministerio de Justicia") {
			t.Errorf("no duplicate pointed out: %s", formSummaryText(r))
		}
		if _, o := count(); o != orgs0+1 {
			t.Errorf("organizations = %d, want %d", o, orgs0+1)
		}
		// A name like no other's is created at once.
		fc.post("/organizations", url.Values{"name": {"Ministry of Foreign Affairs of Brazil"}, "country": {"BR"}, "kind": {"ministry"}}).createdID(t, "organizations")
	})
}

func TestFormEvidenceAttachesASourceWithAQuote(t *testing.T) {
	t.Parallel()
	eachFormTest(t, true, func(t *testing.T, fc *formClient, db *repository.DB) {
		ctx := context.Background()
		before, _ := db.Organizations.Find(ctx, demo.OrgKoreaCJIS)
		page := fc.get("/organizations/" + demo.OrgKoreaCJIS + "/evidence")
		page.wantStatus(t, http.StatusOK)
		vals := formSubmission(page.Doc, "form.evidence-form")
		vals.Set("source.name", "LAC-ROK Cooperation") // part of its title: the form asks to confirm
		vals.Set("quote", "the office of criminal justice information system")
		vals.Add("supports", "name")
		r := fc.post("/organizations/"+demo.OrgKoreaCJIS+"/evidence", vals)
		r.wantStatus(t, http.StatusUnprocessableEntity)
		choice := r.Doc.Find(`input[type=radio][name="source.id"]`)
		if v, _ := choice.Attr("value"); choice.Length() != 1 || v != demo.SourceArticle {
			t.Fatalf("choices: %s", formSummaryText(r))
		}
		vals = formSubmission(r.Doc, "form.evidence-form")
		if !slices.Contains(vals["supports"], "name") || vals.Get("quote") != "the office of criminal justice information system" {
			t.Errorf("the form lost what was typed: %v", vals)
		}
		vals.Set("source.id", demo.SourceArticle)
		fc.post("/organizations/"+demo.OrgKoreaCJIS+"/evidence", vals).wantStatus(t, http.StatusSeeOther)
		after, _ := db.Organizations.Find(ctx, demo.OrgKoreaCJIS)
		if len(after.Evidence) != len(before.Evidence)+1 {
			t.Fatalf("evidence %d, want %d", len(after.Evidence), len(before.Evidence)+1)
		}
		c := after.Evidence[len(after.Evidence)-1]
		if c.Source.ID != demo.SourceArticle || c.Quote != "the office of criminal justice information system" || !slices.Equal(c.Supports, []string{"name"}) {
			t.Errorf("citation = %+v", c)
		}

		// No source named so: the message is beside the picker, the quote kept.
		r = fc.post("/organizations/"+demo.OrgKoreaCJIS+"/evidence", url.Values{"source.name": {"Nothing of the kind"}, "quote": {"kept"}})
		r.wantStatus(t, http.StatusUnprocessableEntity)
		if !formFieldOf(r.Doc, "source.name").HasClass("has-error") || formValueOf(r.Doc, "quote") != "kept" {
			t.Errorf("rejected citation: %s", formSummaryText(r))
		}
		r = fc.post("/organizations/"+demo.OrgKoreaCJIS+"/evidence", url.Values{"quote": {"no source"}})
		r.wantStatus(t, http.StatusUnprocessableEntity)
		if !formFieldOf(r.Doc, "source.name").HasClass("has-error") {
			t.Errorf("a citation without a source: %s", formSummaryText(r))
		}
		if r := fc.post("/organizations/nope/evidence", vals); r.Status != http.StatusNotFound {
			t.Errorf("citing from a missing record: status %d", r.Status)
		}

		// The partial a record's page includes.
		srv := New(storesOf(db))
		var buf bytes.Buffer
		if err := srv.pages["form_evidence"].ExecuteTemplate(&buf, "evidence_form", newEvidenceForm(domain.TypeAgreement, "a1")); err != nil {
			t.Fatal(err)
		}
		doc, _ := goquery.NewDocumentFromReader(&buf)
		if action, _ := doc.Find("form").Attr("action"); action != "/agreements/a1/evidence" {
			t.Errorf("partial posts to %q", action)
		}
		formCheckLabels(t, "evidence_form partial", doc)
	})
}

// formCheckLabels fails the test for every input without a label, and for ids
// used twice.
func formCheckLabels(t *testing.T, page string, doc *goquery.Document) {
	t.Helper()
	ids := map[string]bool{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if ids[id] {
			t.Errorf("%s: id %q is used twice", page, id)
		}
		ids[id] = true
	})
	doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		typ, _ := s.Attr("type")
		if typ == "hidden" || typ == "submit" || typ == "button" {
			return
		}
		if _, ok := s.Attr("aria-label"); ok {
			return
		}
		id, _ := s.Attr("id")
		name, _ := s.Attr("name")
		if id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0 {
			t.Errorf("%s: input %q (id %q) has no label", page, name, id)
		}
	})
}

func TestFormEveryInputHasALabel(t *testing.T) {
	t.Parallel()
	eachFormTest(t, true, func(t *testing.T, fc *formClient, db *repository.DB) {
		pages := []string{
			"/organizations/new", "/people/new", "/agreements/new", "/events/new", "/programs/new", "/sources/new",
			"/organizations/" + demo.OrgPeruJustice + "/edit", "/people/" + demo.PersonChong + "/edit",
			"/agreements/" + demo.AgreementPeruEGov + "/edit", "/events/" + demo.EventForum + "/edit",
			"/programs/" + demo.ProgramImmigration + "/edit", "/sources/" + demo.SourceArticle + "/edit",
			"/agreements/" + demo.AgreementPeruEGov + "/evidence",
		}
		for _, p := range pages {
			r := fc.get(p)
			if r.Status != http.StatusOK {
				t.Errorf("GET %s: status %d", p, r.Status)
				continue
			}
			formCheckLabels(t, p, r.Doc)
		}
		r := fc.post("/agreements", url.Values{"kind": {"mou"}, "parties[0].name": {"Ministry"}, "signatories[0].capacity": {"x"}})
		r.wantStatus(t, http.StatusUnprocessableEntity)
		formCheckLabels(t, "a rejected agreement", r.Doc)
	})
}

func TestFormEditSavesEachDemoRecordUnchanged(t *testing.T) {
	t.Parallel()
	eachFormTest(t, true, func(t *testing.T, fc *formClient, db *repository.DB) {
		records := map[string]string{
			"organizations": demo.OrgPeruJustice, "people": demo.PersonChong, "agreements": demo.AgreementPeruEGov,
			"events": demo.EventForum, "programs": demo.ProgramModernization, "sources": demo.SourceArticle,
		}
		for collection, id := range records {
			t.Run(collection, func(t *testing.T) {
				typ, _ := domain.RecordTypeOfCollection(collection)
				before := formFindRecord(t, db, typ, id)
				r := fc.get("/" + collection + "/" + id + "/edit")
				r.wantStatus(t, http.StatusOK)
				fc.post("/"+collection+"/"+id, formSubmission(r.Doc, "form.record-form")).wantStatus(t, http.StatusSeeOther)
				after := formFindRecord(t, db, typ, id)
				if after.RecordMeta().Version != before.RecordMeta().Version+1 {
					t.Errorf("version %d, want %d", after.RecordMeta().Version, before.RecordMeta().Version+1)
				}
				if b, a := form.Encode(before), form.Encode(after); b.Encode() != a.Encode() {
					t.Errorf("saving the form unchanged changed the record:\nbefore %v\nafter  %v", b, a)
				}
			})
		}
	})
}

func formFindRecord(t *testing.T, db *repository.DB, typ domain.RecordType, id string) domain.Record {
	t.Helper()
	ctx := context.Background()
	var rec domain.Record
	var err error
	switch typ {
	case domain.TypeOrganization:
		rec, err = db.Organizations.Find(ctx, id)
	case domain.TypePerson:
		rec, err = db.People.Find(ctx, id)
	case domain.TypeAgreement:
		rec, err = db.Agreements.Find(ctx, id)
	case domain.TypeEvent:
		rec, err = db.Events.Find(ctx, id)
	case domain.TypeProgram:
		rec, err = db.Programs.Find(ctx, id)
	case domain.TypeSource:
		rec, err = db.Sources.Find(ctx, id)
	}
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestFormSourceWithAnAddressTakenAlready(t *testing.T) {
	t.Parallel()
	eachFormTest(t, true, func(t *testing.T, fc *formClient, db *repository.DB) {
		r := fc.post("/sources", url.Values{"url": {demo.ArticleURL}, "title": {"The same article again"}})
		r.wantStatus(t, http.StatusConflict)
		if !formFieldOf(r.Doc, "url").HasClass("has-error") || formValueOf(r.Doc, "title") != "The same article again" {
			t.Errorf("duplicate address: %s", formSummaryText(r))
		}
		r = fc.post("/sources", url.Values{"url": {"not a url"}, "title": {"x"}, "language": {"english!"}})
		r.wantStatus(t, http.StatusUnprocessableEntity)
		if !formFieldOf(r.Doc, "url").HasClass("has-error") || !formFieldOf(r.Doc, "language").HasClass("has-error") {
			t.Errorf("bad address and language: %s", formSummaryText(r))
		}
	})
}

func TestFormChangingAnAgreementsStatusNeedsAReason(t *testing.T) {
	t.Parallel()
	eachFormTest(t, true, func(t *testing.T, fc *formClient, db *repository.DB) {
		path := "/agreements/" + demo.AgreementPeruEGov
		r := fc.get(path + "/edit")
		vals := formSubmission(r.Doc, "form.record-form")
		vals.Set("status", "terminated")
		r = fc.post(path, vals)
		r.wantStatus(t, http.StatusUnprocessableEntity)
		if !formFieldOf(r.Doc, "status_reason").HasClass("has-error") || formValueOf(r.Doc, "status") != "terminated" {
			t.Fatalf("no reason asked: %s", formSummaryText(r))
		}
		vals = formSubmission(r.Doc, "form.record-form")
		vals.Set("status_reason", "Ended by both parties")
		fc.post(path, vals).wantStatus(t, http.StatusSeeOther)
		a, _ := db.Agreements.Find(context.Background(), demo.AgreementPeruEGov)
		if a.Status != domain.StatusTerminated || a.StatusHistory[len(a.StatusHistory)-1].Reason != "Ended by both parties" {
			t.Errorf("agreement = %s %+v", a.Status, a.StatusHistory)
		}
	})
}
