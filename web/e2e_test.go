package web

// Browser tests: the application served as `cooptrack serve --demo` serves
// it, driven in a headless Chromium through chromedp. They skip when no
// Chromium is installed (see e2eChromium), unless COOPTRACK_E2E=1.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository/storetest"
)

// The buttons of a record's form.
const (
	e2eSave     = `form.record-form .form-actions button[name="_action"][value="save"]`
	e2eAddParty = `form.record-form button.add[value="add:parties"]`
)

// TestE2ECreateRecordsThroughTheForms creates an organization, a person
// holding a post at it and an agreement it is party to, as a person does:
// typing into the forms, linking records by typing their names, and adding a
// row for a second party.
func TestE2ECreateRecordsThroughTheForms(t *testing.T) {
	t.Parallel()
	ctx := e2eBrowser(t)
	base := e2eServer(ctx, t)

	const (
		orgName    = "Ministry of Telecommunications and Information Society of Ecuador"
		personName = "Guillermo León Santacruz"
		post       = "Minister of Telecommunications"
		title      = "MOU on e-government cooperation between Korea and Ecuador"
		homeOrg    = "Ministry of Government Administration and Home Affairs" // of the demo data
	)

	// The organization.
	e2eOpen(ctx, t, base+"/organizations/new")
	e2eType(ctx, t, "#f-name", orgName)
	e2eType(ctx, t, "#f-acronym", "MINTEL")
	e2eChoose(ctx, t, "#f-kind", "ministry")
	e2eChoose(ctx, t, "#f-country", "EC")
	if status := e2eClickToPage(ctx, t, e2eSave); status != http.StatusOK {
		t.Fatalf("save the organization: status %d, want 200 after the redirect; the page says: %q", status, e2eTexts(ctx, t, ".notice, .error"))
	}
	orgPath := e2ePath(ctx, t, base)
	if !strings.HasPrefix(orgPath, "/organizations/") || orgPath == "/organizations/new" {
		t.Fatalf("after saving the organization the browser is at %s, want its page /organizations/{id}", orgPath)
	}
	if got := e2eText(ctx, t, "h1"); got != orgName {
		t.Errorf("organization page: heading %q, want %q", got, orgName)
	}

	// The person, whose post links the organization by its name.
	e2eOpen(ctx, t, base+"/people/new")
	e2eType(ctx, t, "#f-full-name", personName)
	e2eChoose(ctx, t, "#f-country", "EC")
	e2eType(ctx, t, "#f-positions-0-title", post)
	e2eType(ctx, t, "#f-positions-0-organization", orgName)
	e2eTypeDate(ctx, t, "#f-positions-0-from-on", "2015-03-02")
	if status := e2eClickToPage(ctx, t, e2eSave); status != http.StatusOK {
		t.Fatalf("save the person: status %d, want 200 after the redirect; the page says: %q", status, e2eTexts(ctx, t, ".notice, .error"))
	}
	personPath := e2ePath(ctx, t, base)
	if !strings.HasPrefix(personPath, "/people/") || personPath == "/people/new" {
		t.Fatalf("after saving the person the browser is at %s, want their page /people/{id}", personPath)
	}
	if got := e2eText(ctx, t, "h1"); got != personName {
		t.Errorf("person page: heading %q, want %q", got, personName)
	}
	wantPost := []string{post + " current", orgName, "since 2 Mar 2015"}
	if got := e2eTexts(ctx, t, `section[aria-labelledby="positions-h"] tbody td`); !slices.Equal(got, wantPost) {
		t.Errorf("person page: positions %q, want %q", got, wantPost)
	}
	if got := e2eTexts(ctx, t, `section[aria-labelledby="positions-h"] tbody a[href="`+orgPath+`"]`); len(got) != 1 {
		t.Errorf("person page: the post does not link to the organization %s", orgPath)
	}

	// The agreement: parties and signatory by name, a second party row
	// added with the form's button, the signing day typed into the date
	// input.
	e2eOpen(ctx, t, base+"/agreements/new")
	e2eChoose(ctx, t, "#f-kind", "mou")
	e2eType(ctx, t, "#f-title", title)
	e2eType(ctx, t, "#f-parties-0", orgName)
	if status := e2eClickToPage(ctx, t, e2eAddParty); status != http.StatusOK {
		t.Fatalf("add a party row: status %d, want 200", status)
	}
	if got := e2eValue(ctx, t, "#f-title"); got != title {
		t.Errorf("after adding a party row the title reads %q, want %q as typed", got, title)
	}
	if got := e2eTexts(ctx, t, "#f-parties-0-row .linked"); !slices.Equal(got, []string{"Linked to " + orgName}) {
		t.Errorf("after adding a party row, party 1 shows %q, want it linked to %q", got, orgName)
	}
	e2eType(ctx, t, "#f-parties-1", homeOrg)
	e2eType(ctx, t, "#f-signatories-0-person", personName)
	e2eType(ctx, t, "#f-signatories-0-organization", orgName)
	e2eType(ctx, t, "#f-signatories-0-capacity", post)
	e2eTypeDate(ctx, t, "#f-signed-on", "2016-05-10")
	e2eChoose(ctx, t, "#f-status", "signed")
	if status := e2eClickToPage(ctx, t, e2eSave); status != http.StatusOK {
		t.Fatalf("save the agreement: status %d, want 200 after the redirect; the page says: %q", status, e2eTexts(ctx, t, ".error-summary li, .notice"))
	}
	agreementPath := e2ePath(ctx, t, base)
	if !strings.HasPrefix(agreementPath, "/agreements/") || agreementPath == "/agreements/new" {
		t.Fatalf("after saving the agreement the browser is at %s, want its page /agreements/{id}; the page says: %q",
			agreementPath, e2eTexts(ctx, t, ".error-summary li, .notice"))
	}
	if got := e2eText(ctx, t, "h1"); got != title {
		t.Errorf("agreement page: heading %q, want %q", got, title)
	}
	if got, want := e2eTexts(ctx, t, "dl.fields dd ul li"), []string{orgName, homeOrg}; !slices.Equal(got, want) {
		t.Errorf("agreement page: parties %q, want %q", got, want)
	}
	wantSignatory := []string{personName, orgName, post}
	if got := e2eTexts(ctx, t, `section[aria-labelledby="signing-h"] tbody td`); !slices.Equal(got, wantSignatory) {
		t.Errorf("agreement page: signatory %q, want %q", got, wantSignatory)
	}
	if got := e2eTexts(ctx, t, `section[aria-labelledby="signing-h"] tbody a[href="`+personPath+`"]`); len(got) != 1 {
		t.Errorf("agreement page: the signatory does not link to the person %s", personPath)
	}

	// Ecuador's page lists it.
	e2eOpen(ctx, t, base+"/countries/EC")
	row := `table.agreements tbody tr:has(a[href="` + agreementPath + `"])`
	if got := e2eTexts(ctx, t, row+" th"); !slices.Equal(got, []string{title}) {
		t.Fatalf("/countries/EC: agreements table rows for %s: %q, want one titled %q; the table has %q",
			agreementPath, got, title, e2eTexts(ctx, t, "table.agreements tbody th"))
	}
	if got := e2eText(ctx, t, row+` td[data-label="Signed"]`); got != "10 May 2016" {
		t.Errorf("/countries/EC: the agreement's signing reads %q, want %q", got, "10 May 2016")
	}
	if got := e2eText(ctx, t, row+` td[data-label="Parties"]`); got != orgName+"; "+homeOrg {
		t.Errorf("/countries/EC: the agreement's parties read %q, want %q", got, orgName+"; "+homeOrg)
	}
}

// TestE2ERejectedFormKeepsInput submits an agreement that expires before it
// is signed, then one without a title: each time the form comes back with
// the message beside the field and everything typed still in the inputs, and
// nothing is saved.
func TestE2ERejectedFormKeepsInput(t *testing.T) {
	t.Parallel()
	ctx := e2eBrowser(t)
	base := e2eServer(ctx, t)

	const title = "MOU on digital government with Ecuador"
	e2eOpen(ctx, t, base+"/agreements/new")
	e2eType(ctx, t, "#f-title", title)
	e2eTypeDate(ctx, t, "#f-signed-on", "2016-05-10")
	e2eTypeDate(ctx, t, "#f-expires-on", "2015-05-10")
	if status := e2eClickToPage(ctx, t, e2eSave); status != http.StatusUnprocessableEntity {
		t.Fatalf("save an agreement expiring before its signing: status %d, want 422", status)
	}
	if got := e2ePath(ctx, t, base); got != "/agreements" {
		t.Errorf("the rejected form is at %s, want /agreements (the form posted, not a redirect)", got)
	}
	const expiryMsg = "must not be before “Signed on”"
	if got := e2eText(ctx, t, ".field.has-error #f-expires-on-error"); got != expiryMsg {
		t.Errorf("beside “Expires on”: %q, want %q", got, expiryMsg)
	}
	if got := e2eTexts(ctx, t, ".error-summary li"); !slices.Equal(got, []string{"Expires on: " + expiryMsg}) {
		t.Errorf("error summary: %q, want only the expiry", got)
	}
	kept := map[string]string{"#f-title": title, "#f-signed-on": "2016-05-10", "#f-expires-on": "2015-05-10"}
	e2eCheckValues(ctx, t, "after the first rejection", kept)

	// Now without a title: both problems show, and the dates stay.
	e2eDo(ctx, t, "clear the title", chromedp.Clear(chromedp.CSS("#f-title")))
	if status := e2eClickToPage(ctx, t, e2eSave); status != http.StatusUnprocessableEntity {
		t.Fatalf("save an agreement without a title: status %d, want 422", status)
	}
	if got := e2eText(ctx, t, ".field.has-error #f-title-error"); !strings.Contains(got, "required") {
		t.Errorf("beside “Title”: %q, want a message saying it is required", got)
	}
	if got := e2eText(ctx, t, "#f-expires-on-error"); got != expiryMsg {
		t.Errorf("beside “Expires on” the second time: %q, want %q", got, expiryMsg)
	}
	kept["#f-title"] = ""
	e2eCheckValues(ctx, t, "after the second rejection", kept)
	if got := e2eTexts(ctx, t, ".field:has(> #f-signed-on) .reads"); len(got) == 0 || got[0] != "10 May 2016" {
		t.Errorf("beside the signing date: %q, want it written out as 10 May 2016", got)
	}

	// Nothing was saved.
	resp, err := http.Get(base + "/api/v1/agreements?q=" + url.QueryEscape("digital government")) //nolint:noctx // a test against its own server
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	if list.Total != 0 {
		t.Errorf("agreements about digital government stored after two rejections: %d, want 0", list.Total)
	}
}

// e2eCheckValues checks the values of inputs by selector.
func e2eCheckValues(ctx context.Context, t *testing.T, when string, want map[string]string) {
	t.Helper()
	for _, sel := range slices.Sorted(maps.Keys(want)) {
		if got := e2eValue(ctx, t, sel); got != want[sel] {
			t.Errorf("%s, %s holds %q, want %q", when, sel, got, want[sel])
		}
	}
}

// TestE2EPeruTimeline opens Peru's page on the demo data: the e-government
// MOU of 20 Apr 2015 is in the timeline's list, in the agreements table and
// drawn in the timeline, and its mark leads to its page.
func TestE2EPeruTimeline(t *testing.T) {
	t.Parallel()
	ctx := e2eBrowser(t)
	base := e2eServer(ctx, t)

	mou := recordPath(domain.TypeAgreement, demo.AgreementPeruEGov)
	const mouTitle = "MOU for e-government with the Prime Minister's Office of Peru"
	e2eOpen(ctx, t, base+"/countries/PE")

	listed := `table.timeline-list tbody tr.kind-agreement_signed:has(a[href="` + mou + `"])`
	if got := e2eTexts(ctx, t, listed+" td"); len(got) < 3 || got[0] != "20 Apr 2015" || got[2] != mouTitle {
		t.Errorf("timeline list: the MOU's signing row reads %q, want 20 Apr 2015, agreement signed, %q", got, mouTitle)
	}
	if got := e2eTexts(ctx, t, `table.agreements tbody tr:has(a[href="`+mou+`"]) td[data-label="Signed"]`); !slices.Equal(got, []string{"20 Apr 2015"}) {
		t.Errorf("agreements table: the MOU's signing reads %q, want [20 Apr 2015]", got)
	}
	if n := len(e2eTexts(ctx, t, "figure.timeline-figure svg.timeline")); n != 1 {
		t.Fatalf("timeline drawings on the page: %d, want 1", n)
	}
	mark := `svg.timeline a[href="` + mou + `"]:has(path.diamond)`
	if got := e2eTexts(ctx, t, mark+" > title"); !slices.Equal(got, []string{"Signed 20 Apr 2015: " + mouTitle}) {
		t.Errorf("the MOU's signing mark in the drawing has the tooltip %q, want %q", got, "Signed 20 Apr 2015: "+mouTitle)
	}

	// A real mouse click on the diamond follows the link around it.
	if status := e2eClickToPage(ctx, t, mark+" path.diamond"); status != http.StatusOK {
		t.Fatalf("follow the MOU's mark: status %d, want 200", status)
	}
	if got := e2ePath(ctx, t, base); got != mou {
		t.Fatalf("after clicking the MOU's mark the browser is at %s, want %s", got, mou)
	}
	if got := e2eText(ctx, t, "h1"); got != mouTitle {
		t.Errorf("the mark led to a page headed %q, want %q", got, mouTitle)
	}
}

// TestE2EScreenshots takes full-page pictures of the overview and of Peru's
// page on the demo data, for a person to look at. They go to the folder
// COOPTRACK_SCREENSHOTS names, by default screenshots/ in the repository
// (which git ignores).
func TestE2EScreenshots(t *testing.T) {
	t.Parallel()
	ctx := e2eBrowser(t)
	base := e2eServer(ctx, t)
	dir := e2eScreenshotDir(t)

	e2eOpen(ctx, t, base+"/")
	if got := e2eTexts(ctx, t, `table.data tbody th a[href="/countries/PE"]`); !slices.Equal(got, []string{"Peru"}) {
		t.Errorf("overview: Peru's row links %q, want [Peru]", got)
	}
	t.Logf("overview: %s", e2eScreenshot(ctx, t, dir, "overview.png"))

	e2eOpen(ctx, t, base+"/countries/PE")
	if got := e2eText(ctx, t, "h1"); got != "Peru PE" {
		t.Errorf("Peru's page: heading %q, want %q", got, "Peru PE")
	}
	t.Logf("Peru: %s", e2eScreenshot(ctx, t, dir, "country-PE.png"))
}

// TestE2ELogInEditLogOut signs in as a person does who opens a bookmarked
// page: the log-in page comes first and leads back to it. They edit a
// record, then log out, after which the pages want a log-in again.
func TestE2ELogInEditLogOut(t *testing.T) {
	t.Parallel()
	ctx := e2eBrowser(t)
	base, db := e2eApp(t)
	email := testAccount(t, db, domain.RoleOfficer)
	org := recordPath(domain.TypeOrganization, demo.OrgPeruJustice)

	e2eOpen(ctx, t, base+org)
	if got := e2ePath(ctx, t, base); got != "/login" {
		t.Fatalf("a record's page opened without a session shows %s, want /login", got)
	}
	e2eType(ctx, t, "#email", email)
	e2eType(ctx, t, "#password", testPassword)
	if status := e2eClickToPage(ctx, t, `.login-form button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("log in: status %d, want 200 after the redirect; the page says %q", status, e2eTexts(ctx, t, ".notice"))
	}
	if got := e2ePath(ctx, t, base); got != org {
		t.Fatalf("after the log-in the browser is at %s, want back at %s", got, org)
	}
	if got := e2eText(ctx, t, ".top .who a"); got != email {
		t.Errorf("the header names %q, want %s", got, email)
	}

	// Edit the record.
	if status := e2eClickToPage(ctx, t, `.actions a[href="`+org+`/edit"]`); status != http.StatusOK {
		t.Fatalf("open the edit form: status %d, want 200", status)
	}
	const renamed = "Ministerio de Justicia y Derechos Humanos del Perú"
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector("#f-name").value = ""; return true })()`)); err != nil {
		t.Fatalf("clear the name: %v", err)
	}
	e2eType(ctx, t, "#f-name", renamed)
	if status := e2eClickToPage(ctx, t, e2eSave); status != http.StatusOK {
		t.Fatalf("save: status %d, want 200 after the redirect; the page says %q", status, e2eTexts(ctx, t, ".notice, .error"))
	}
	if got, want := e2ePath(ctx, t, base), org; got != want {
		t.Errorf("after saving the browser is at %s, want %s", got, want)
	}
	if got := e2eText(ctx, t, "h1"); got != renamed {
		t.Errorf("after saving the heading reads %q, want %q", got, renamed)
	}
	// The record's history shows the change first: who, and the new name.
	const newest = `section[aria-labelledby="changes-h"] li.history-entry:first-child`
	if got := e2eText(ctx, t, newest+" .history-head"); !strings.HasPrefix(got, "Update by "+email) {
		t.Errorf("the newest entry of the history reads %q, want an update by %s", got, email)
	}
	if got := e2eText(ctx, t, newest+" .change-after"); got != renamed {
		t.Errorf("the newest entry's new value reads %q, want %q", got, renamed)
	}

	// Log out: the session ends, and the pages send the browser to the
	// log-in again.
	if status := e2eClickToPage(ctx, t, `.top form.logout button`); status != http.StatusOK {
		t.Fatalf("log out: status %d, want 200 after the redirect", status)
	}
	if got := e2ePath(ctx, t, base); got != "/login" {
		t.Errorf("after logging out the browser is at %s, want /login", got)
	}
	e2eOpen(ctx, t, base+org)
	if got := e2ePath(ctx, t, base); got != "/login" {
		t.Errorf("after logging out the record's page shows %s, want /login", got)
	}
}

// TestE2ENewFromArticle turns an article into linked records with evidence
// as an officer does: paste it, untick a proposal, correct a title, choose
// a recorded organization for one, accept; the records cite the article
// with their passages; the same review submitted again duplicates nothing.
func TestE2ENewFromArticle(t *testing.T) {
	t.Parallel()
	// Ten pages and two acceptances: more than other browser tests.
	ctx := e2eBrowserWithin(t, 2*e2eTimeout)
	const (
		mogaha = "Ministry of Government Administration and Home Affairs"
		forum  = "Korea-Ecuador E-Government Cooperation Forum"
	)
	// A store with one organization recorded, which the officer chooses.
	db := storetest.Open(t, storetest.Backends(t)[0])
	if err := db.Organizations.Create(context.Background(), &domain.Organization{Name: mogaha, Acronym: "MOGAHA", Country: "KR", Kind: domain.OrgMinistry}); err != nil {
		t.Fatal(err)
	}
	srv := New(storesOf(db))
	srv.Home = "KR"
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	base := ts.URL
	e2eLogin(ctx, t, base, testAccount(t, db, domain.RoleOfficer))
	dir := e2eScreenshotDir(t)

	e2eOpen(ctx, t, base+"/sources")
	if status := e2eClickToPage(ctx, t, `a[href="/articles/new"]`); status != http.StatusOK {
		t.Fatalf("open New from article: status %d", status)
	}
	// Pasted, not typed key by key.
	e2eDo(ctx, t, "paste the article", chromedp.SetValue(chromedp.CSS("#f-text"), testArticle))
	e2eType(ctx, t, "#f-url", testArticleURL)
	e2eTypeDate(ctx, t, "#f-published-on", "2016-06-10")
	e2eChoose(ctx, t, "#f-home", "KR")
	if status := e2eClickToPage(ctx, t, `.article-form .form-actions button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("draft the records: status %d; the page says %q", status, e2eTexts(ctx, t, ".error"))
	}
	if n := len(e2eTexts(ctx, t, ".review-text mark")); n < 8 {
		t.Errorf("%d passages marked in the article, want 8 or more", n)
	}
	if got := e2eTexts(ctx, t, "#events-0 > legend label"); !slices.Equal(got, []string{"Visit to Ecuador"}) {
		t.Fatalf("first event %q, want the visit", got)
	}
	t.Logf("review: %s", e2eScreenshot(ctx, t, dir, "article-review.png"))
	// As it shows on a laptop's screen: the article kept in view beside the records.
	screen, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "article-review-screen.png"), screen, 0o644); err != nil {
		t.Fatal(err)
	}

	e2eDo(ctx, t, "untick the visit", chromedp.Click(chromedp.CSS("#events-0-keep")))
	e2eDo(ctx, t, "clear the forum's title", chromedp.Clear(chromedp.CSS("#f-events-1-title")))
	e2eType(ctx, t, "#f-events-1-title", forum)
	e2eType(ctx, t, "#f-organizations-0-pick", mogaha)

	// What the browser will send, kept to send it again afterwards.
	review, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](
		`Array.from(new FormData(document.querySelector("form.review-form")), ([k, v]) => [k, String(v)])`))
	if err != nil {
		t.Fatalf("read the review form: %v", err)
	}
	if status := e2eClickToPage(ctx, t, `.review-form .form-actions button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("accept: status %d; the page says %q", status, e2eTexts(ctx, t, ".error-summary, .error"))
	}
	if p := e2ePath(ctx, t, base); p != "/articles/accepted" {
		t.Fatalf("after accepting the browser is at %s, want the summary /articles/accepted; the page says %q", p, e2eTexts(ctx, t, ".error-summary"))
	}
	t.Logf("summary: %s", e2eScreenshot(ctx, t, dir, "article-accepted.png"))
	created := e2eTexts(ctx, t, "ul.created a")
	for _, want := range []string{"Ministry of Telecommunications", "Hong Yun-sik", "Guillermo Leon", "MOU on e-government", forum, "digital civil registry program"} {
		if !slices.Contains(created, want) {
			t.Errorf("summary: %q not among the records created %q", want, created)
		}
	}
	for _, unwanted := range []string{"Visit to Ecuador", "Korea-Ecuador e-government cooperation forum", "Ministry of the Interior"} {
		if slices.Contains(created, unwanted) {
			t.Errorf("summary: %q created, want it left out", unwanted)
		}
	}
	if reused := e2eTexts(ctx, t, "ul.reused a"); !slices.Equal(reused, []string{mogaha}) {
		t.Errorf("summary: reused %q, want the ministry chosen, %q", reused, mogaha)
	}

	// The agreement's page: its parties, and the article as evidence with the passage.
	if status := e2eClickToPage(ctx, t, `ul.created a[href^="/agreements/"]`); status != http.StatusOK {
		t.Fatalf("open the agreement: status %d", status)
	}
	page := strings.Join(e2eTexts(ctx, t, "main"), " ")
	for _, want := range []string{mogaha, "Ministry of Telecommunications", "Hong Yun-sik", "Guillermo Leon"} {
		if !strings.Contains(page, want) {
			t.Errorf("agreement page does not name %q", want)
		}
	}
	quote := e2eText(ctx, t, "figure.evidence blockquote")
	if !strings.Contains(quote, "signed a memorandum of understanding for e-government") || !strings.Contains(testArticle, quote) {
		t.Errorf("agreement's evidence quotes %q, want the article's passage on the signing", quote)
	}
	if got := e2eText(ctx, t, `figure.evidence figcaption a[href^="/sources/"]`); got != "Minister Hong to Deepen Korea-Ecuador E-Government Cooperation" {
		t.Errorf("agreement's evidence cites %q, want the article", got)
	}

	// The same review again, as a second submit sends it.
	before := articleCounts(t, db)
	resp, err := chromedp.RunResponse(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const f = document.createElement("form");
		f.method = "post"; f.action = "/articles/accept";
		for (const [k, v] of %s) {
			const i = document.createElement("input");
			i.type = "hidden"; i.name = k; i.value = v; f.append(i);
		}
		document.body.append(f); f.submit(); return {};
	})()`, e2eJSON(t, review))))
	if err != nil || resp == nil || resp.Status != http.StatusOK {
		t.Fatalf("submit the review again: %v (%+v)", err, resp)
	}
	if got := e2eTexts(ctx, t, "ul.created a"); len(got) != 0 {
		t.Errorf("second acceptance created %q, want nothing", got)
	}
	if got := e2eTexts(ctx, t, "ul.reused a"); len(got) != len(created)+1 {
		t.Errorf("second acceptance reused %d records, want %d", len(got), len(created)+1)
	}
	if after := articleCounts(t, db); after != before {
		t.Errorf("%d records after the second acceptance, %d before", after, before)
	}
}

// e2eJSON writes v as JSON for a script.
func e2eJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
