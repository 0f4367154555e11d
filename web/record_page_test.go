package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// linksTo reports whether the selection holds a link to the path whose
// text is name.
func linksTo(s *goquery.Selection, path, name string) bool {
	found := false
	s.Find(`a[href="` + path + `"]`).Each(func(_ int, a *goquery.Selection) {
		if text(a) == name {
			found = true
		}
	})
	return found
}

// linkedGroup returns the list under the "What links here" heading that
// starts with title.
func linkedGroup(doc *goquery.Document, title string) *goquery.Selection {
	var out *goquery.Selection
	doc.Find(`section[aria-labelledby="linked-h"] h3`).Each(func(_ int, h *goquery.Selection) {
		if strings.HasPrefix(text(h), title) {
			out = h.NextFiltered("ul.links")
		}
	})
	if out == nil {
		return doc.Find("nothing-at-all")
	}
	return out
}

// field returns the text of the field named name in the selection's lists
// of fields.
func field(s *goquery.Selection, name string) string {
	var out string
	s.Find("dl.fields dt").Each(func(_ int, dt *goquery.Selection) {
		if text(dt) == name {
			out = text(dt.Next())
		}
	})
	return out
}

func TestRecordPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		srv := pageServer(t, db, true)
		sourcePath := "/sources/" + demo.SourceArticle

		t.Run("agreement", func(t *testing.T) {
			path := "/agreements/" + demo.AgreementPeruEGov
			doc := getPage(t, srv, path, http.StatusOK)
			if got := text(doc.Find("h1")); got != peruMOU {
				t.Errorf("h1 = %q", got)
			}
			if got := text(doc.Find("title")); got != "Agreement: "+peruMOU+" · cooptrack" {
				t.Errorf("title = %q", got)
			}
			if got := text(doc.Find(`nav a[aria-current="page"]`)); got != "Agreements" {
				t.Errorf("the navigation marks %q", got)
			}
			main := doc.Find("main")
			if got := text(main.Find(".record-head .status")); got != "in force" {
				t.Errorf("status = %q, want in force", got)
			}
			for _, want := range []struct{ path, name string }{
				{"/organizations/" + demo.OrgMOGAHA, "Ministry of Government Administration and Home Affairs"},
				{"/organizations/" + demo.OrgPeruPMO, "Prime Minister's Office of Peru"},
				{"/people/" + demo.PersonChong, "Chong Jong-sup"},
				{"/programs/" + demo.ProgramModernization, "Civil service modernization project of the Peruvian government"},
				{"/events/" + demo.EventVisit, "Official visit of Minister Chong Jong-sup to Colombia and Peru"},
				{sourcePath, demo.ArticleTitle},
				{path + "/edit", "Edit Agreement"},
				{path + "/evidence", "Attach a source"},
			} {
				if !linksTo(main, want.path, want.name) {
					t.Errorf("no link %q to %s", want.name, want.path)
				}
			}
			signatory := main.Find(`td[data-label="Person"]`).First().Closest("tr")
			if !strings.Contains(text(signatory), "Chong Jong-sup") || !strings.Contains(text(signatory), "Minister of Government Administration and Home Affairs") {
				t.Errorf("signatory row = %q, want Chong Jong-sup and his capacity", text(signatory))
			}
			body := text(main)
			for name, want := range map[string]string{"Signed": "20 Apr 2015", "Place of signing": "Peru", "Renewal": "Does not renew automatically", "Subjects": "e-government", "Kind": "MOU"} {
				if got := field(main, name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			for _, want := range []string{"President of Peru", "President of the Republic of Korea"} {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			quote := "Moving on to Peru, on April 20, Minister Chong signed the MOU for e-government with the Prime Minister’s Office of Peru."
			found := false
			main.Find("figure.evidence").Each(func(_ int, f *goquery.Selection) {
				if text(f.Find("blockquote")) == quote {
					found = true
					caption := text(f.Find("figcaption"))
					if !strings.Contains(caption, demo.ArticlePublisher) || !strings.Contains(caption, "21 Apr 2015") {
						t.Errorf("the source of the quote reads %q, want its publisher and date", caption)
					}
					if f.Find(`a[href="`+demo.ArticleURL+`"]`).Length() == 0 {
						t.Errorf("no link to the original article")
					}
				}
			})
			if !found {
				t.Errorf("the evidence lacks the quote %q", quote)
			}
			if got := text(main.Find(`section[aria-labelledby="history-h"] .status`)); got != "signed" {
				t.Errorf("status history = %q, want the status set on creation", got)
			}
			visit := linkedGroup(doc, "Events")
			if !strings.Contains(text(visit), "names this agreement") {
				t.Errorf("the visit does not say how it links: %q", text(visit))
			}
		})

		t.Run("organization", func(t *testing.T) {
			doc := getPage(t, srv, "/organizations/"+demo.OrgPeruPMO, http.StatusOK)
			agreements := linkedGroup(doc, "Agreements")
			if !linksTo(agreements, "/agreements/"+demo.AgreementPeruEGov, peruMOU) {
				t.Errorf("the PMO's page does not list the MOU linking to it: %q", text(agreements))
			}
			if !strings.Contains(text(agreements), "party") || text(agreements.Find(".status")) != "in force" {
				t.Errorf("the MOU's line = %q, want its role and status", text(agreements))
			}
			if events := linkedGroup(doc, "Events"); !strings.Contains(text(events), "took part as co-host") {
				t.Errorf("events = %q, want the forum it co-hosted", text(events))
			}
			if got := text(doc.Find("dl.fields")); !strings.Contains(got, "Peru") || !strings.Contains(got, "office") {
				t.Errorf("fields = %q", got)
			}
			// The ministry's page lists the person holding a post there.
			doc = getPage(t, srv, "/organizations/"+demo.OrgMOGAHA, http.StatusOK)
			people := linkedGroup(doc, "People")
			if !linksTo(people, "/people/"+demo.PersonChong, "Chong Jong-sup") || !strings.Contains(text(people), "Minister of Government Administration and Home Affairs") {
				t.Errorf("people of MOGAHA = %q", text(people))
			}
		})

		t.Run("person", func(t *testing.T) {
			doc := getPage(t, srv, "/people/"+demo.PersonChong, http.StatusOK)
			pos := doc.Find(`section[aria-labelledby="positions-h"] tbody tr`)
			if pos.Length() != 1 || !strings.Contains(text(pos), "Minister of Government Administration and Home Affairs") ||
				!linksTo(pos, "/organizations/"+demo.OrgMOGAHA, "Ministry of Government Administration and Home Affairs") {
				t.Errorf("positions = %q", text(pos))
			}
			agreements := linkedGroup(doc, "Agreements")
			if !linksTo(agreements, "/agreements/"+demo.AgreementPeruEGov, peruMOU) || !strings.Contains(text(agreements), "signed it") {
				t.Errorf("agreements signed = %q, want the Peru MOU", text(agreements))
			}
			if events := linkedGroup(doc, "Events"); events.Find("li").Length() != 3 {
				t.Errorf("events = %q, want the visit and two meetings", text(events))
			}
			if got := text(doc.Find("title")); got != "Person: Chong Jong-sup · cooptrack" {
				t.Errorf("title = %q", got)
			}
		})

		t.Run("event", func(t *testing.T) {
			doc := getPage(t, srv, "/events/"+demo.EventVisit, http.StatusOK)
			children := linkedGroup(doc, "Events held during it")
			for _, id := range []string{demo.EventForum, demo.EventMeetingPMO, demo.EventMeetingJustice} {
				if children.Find(`a[href="/events/`+id+`"]`).Length() != 1 {
					t.Errorf("child events = %q, lack %s", text(children), id)
				}
			}
			if got := text(doc.Find(".record-head .when")); got != "17–20 Apr 2015" {
				t.Errorf("dates = %q", got)
			}
			main := doc.Find("main")
			if !linksTo(main, "/agreements/"+demo.AgreementColombiaSecurity, colombiaMOU) {
				t.Errorf("the visit does not link the agreements signed during it")
			}
			forum := getPage(t, srv, "/events/"+demo.EventForum, http.StatusOK)
			body := text(forum.Find("main"))
			for _, want := range []string{"About 100 high-level officials including five ministers or vice ministers", "co-host", "Related Korean businesses showcased cutting-edge technologies."} {
				if !strings.Contains(body, want) {
					t.Errorf("the forum's page lacks %q", want)
				}
			}
			if !linksTo(forum.Find("dl.fields"), "/events/"+demo.EventVisit, "Official visit of Minister Chong Jong-sup to Colombia and Peru") {
				t.Errorf("the forum does not link the visit it was held during")
			}
		})

		t.Run("program", func(t *testing.T) {
			doc := getPage(t, srv, "/programs/"+demo.ProgramModernization, http.StatusOK)
			subs := linkedGroup(doc, "Sub-programs")
			if subs.Find("li").Length() != 2 || text(subs.Find(".status").First()) != "pipeline" {
				t.Errorf("sub-programs = %q", text(subs))
			}
			if !linksTo(linkedGroup(doc, "Agreements"), "/agreements/"+demo.AgreementPeruEGov, peruMOU) {
				t.Errorf("the MOU naming the program is not listed")
			}
			if got := text(doc.Find(".record-head .status")); got != "active" {
				t.Errorf("status = %q", got)
			}
			doc = getPage(t, srv, "/programs/"+demo.ProgramEGovEarlier, http.StatusOK)
			systems := text(doc.Find(`section[aria-labelledby="systems-h"] li`))
			if !strings.Contains(systems, "customs e-clearance system") || !strings.Contains(systems, "automated immigration system") {
				t.Errorf("systems = %q", systems)
			}
		})

		t.Run("source", func(t *testing.T) {
			doc := getPage(t, srv, sourcePath, http.StatusOK)
			article := doc.Find(".article-text")
			if !strings.Contains(article.Text(), "Even before the signing of the MOU") || !strings.Contains(article.Text(), "\n\nTop") {
				t.Errorf("the text is not shown whole with its paragraphs: %q", article.Text())
			}
			if got := text(article.Find("mark")); !strings.HasPrefix(got, "Moving on to Peru") {
				t.Errorf("the quoted passage is not marked: %q", got)
			}
			cited := doc.Find(`section[aria-labelledby="citedby-h"]`)
			if !linksTo(cited, "/agreements/"+demo.AgreementPeruEGov, peruMOU) || !linksTo(cited, "/people/"+demo.PersonChong, "Chong Jong-sup") {
				t.Errorf("records citing it = %q", text(cited))
			}
			if n := cited.Find("ul.citers > li").Length(); n < 10 {
				t.Errorf("%d records cite the article, want every demo record", n)
			}
			fields := text(doc.Find("dl.fields"))
			for _, want := range []string{demo.ArticlePublisher, "21 Apr 2015", demo.ArticleURL} {
				if !strings.Contains(fields, want) {
					t.Errorf("the source's fields lack %q", want)
				}
			}
		})

		t.Run("unknown ids are a 404 page", func(t *testing.T) {
			for _, typ := range domain.RecordTypes {
				doc := getPage(t, srv, "/"+typ.Collection()+"/no-such-id", http.StatusNotFound)
				if got := text(doc.Find("h1")); got != "Not Found" {
					t.Errorf("%s: h1 = %q", typ, got)
				}
			}
		})
	})
}

func TestMoneyText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		m    *domain.Money
		want string
	}{
		{nil, ""},
		{&domain.Money{Amount: 125000000, Currency: "USD"}, "USD 1,250,000.00"},
		{&domain.Money{Amount: 5, Currency: "USD"}, "USD 0.05"},
		{&domain.Money{Amount: 0, Currency: "EUR"}, "EUR 0.00"},
		{&domain.Money{Amount: 99999, Currency: "EUR"}, "EUR 999.99"},
		{&domain.Money{Amount: 500000000, Currency: "KRW"}, "KRW 500,000,000"},
		{&domain.Money{Amount: 1500, Currency: "JPY"}, "JPY 1,500"},
		{&domain.Money{Amount: 1234567, Currency: "BHD"}, "BHD 1,234.567"},
	} {
		if got := moneyText(c.m); got != c.want {
			t.Errorf("moneyText(%+v) = %q, want %q", c.m, got, c.want)
		}
	}
}

func TestMarkQuotes(t *testing.T) {
	t.Parallel()
	parts := markQuotes("one two three two", []string{"two", "two three", "", "absent"})
	var b strings.Builder
	for _, p := range parts {
		if p.Quoted {
			b.WriteString("[" + p.Text + "]")
		} else {
			b.WriteString(p.Text)
		}
	}
	if got := b.String(); got != "one [two three] [two]" {
		t.Errorf("marked = %q", got)
	}
	if markQuotes("", []string{"x"}) != nil {
		t.Errorf("an empty text has parts")
	}
}
