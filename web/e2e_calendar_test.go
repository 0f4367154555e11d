package web

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"

	"cooptrack/domain"
	"cooptrack/domain/demo"
)

// TestE2ECalendarFeedAndIATILinks: a viewer makes their calendar feed
// address on the account page, and a calendar program (a plain HTTP client,
// no cookie) reads the feed at it; Peru's page and the programs list offer
// the IATI file, which a token of the same viewer downloads.
func TestE2ECalendarFeedAndIATILinks(t *testing.T) {
	t.Parallel()
	ctx := e2eBrowser(t)
	base, db := e2eApp(t)
	viewer := testAccount(t, db, domain.RoleViewer)
	e2eLogin(ctx, t, base, viewer)

	e2eOpen(ctx, t, base+"/account")
	if got := e2eText(ctx, t, ".calendar-form button"); got != "Make my feed address" {
		t.Errorf("account page's feed button %q", got)
	}
	if status := e2eClickToPage(ctx, t, ".calendar-form button"); status != http.StatusOK {
		t.Fatalf("make the feed address: status %d", status)
	}
	feedURL := e2eText(ctx, t, "#calendar-url")
	t.Logf("account page: %s", e2eScreenshot(ctx, t, e2eScreenshotDir(t), "account-calendar.png"))
	if !strings.HasPrefix(feedURL, base+"/api/v1/calendar/") {
		t.Fatalf("the page shows %q, want an address under %s/api/v1/calendar/", feedURL, base)
	}

	res, err := http.Get(feedURL + "?country=PE")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET the feed: status %d", res.StatusCode)
	}
	cal, err := ics.ParseCalendar(res.Body)
	if err != nil {
		t.Fatalf("parse the feed: %v", err)
	}
	var visit *ics.VEvent
	for _, ev := range cal.Events() {
		if ev.Id() == demo.EventVisit+"-event@cooptrack" {
			visit = ev
		}
	}
	if visit == nil {
		t.Fatalf("Peru's feed (%d entries) lacks the minister's visit", len(cal.Events()))
	}
	// The server's home country is Korea, the office's own: summaries
	// name the partners only.
	if s := visit.GetProperty(ics.ComponentPropertySummary).Value; !strings.HasPrefix(s, `Colombia\, Peru: `) && !strings.HasPrefix(s, "Colombia, Peru: ") {
		t.Errorf("the visit's summary %q, want it to start with its partner countries", s)
	}

	// The IATI links.
	e2eOpen(ctx, t, base+"/countries/PE")
	hrefs := func() []string {
		return e2eTexts(ctx, t, ".iati-link") // texts, to be sure they show
	}
	if got := hrefs(); len(got) != 1 || !strings.Contains(got[0], "IATI XML") {
		t.Errorf("Peru's page IATI links %q, want one", got)
	}
	e2eDo(ctx, t, "scroll to the programs", chromedp.ScrollIntoView(chromedp.CSS("#programs-h")))
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`section[aria-labelledby="programs-h"]`)))
	if err != nil {
		t.Fatalf("screenshot Peru's programs: %v", err)
	}
	if err := os.WriteFile(filepath.Join(e2eScreenshotDir(t), "country-PE-programs.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	link := e2eAttr(ctx, t, ".iati-link", "href")
	if link != "/api/v1/iati/activities.xml?country=PE" {
		t.Errorf("Peru's page links %q", link)
	}
	e2eOpen(ctx, t, base+"/programs?country=PE")
	if got := e2eAttr(ctx, t, ".iati-link", "href"); got != "/api/v1/iati/activities.xml?country=PE" {
		t.Errorf("the programs list links %q", got)
	}
	req, err := http.NewRequest(http.MethodGet, base+link, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", testUser(t, db, domain.RoleViewer))
	xres, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer xres.Body.Close()
	if xres.StatusCode != http.StatusOK || !strings.Contains(xres.Header.Get("Content-Disposition"), "iati-activities-pe.xml") {
		t.Errorf("GET %s: status %d, Content-Disposition %q", link, xres.StatusCode, xres.Header.Get("Content-Disposition"))
	}
}

// e2eAttr returns an attribute of the one element the selector matches.
func e2eAttr(ctx context.Context, t *testing.T, css, name string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[*string](fmt.Sprintf(
		`(() => { const e = document.querySelectorAll(%s); return e.length === 1 ? e[0].getAttribute(%s) : null })()`, e2eJS(css), e2eJS(name))))
	if err != nil {
		t.Fatalf("read %s of %s: %v", name, css, err)
	}
	if v == nil {
		t.Fatalf("%s does not match exactly one element on %s", css, e2eLocation(ctx, t))
	}
	return *v
}
