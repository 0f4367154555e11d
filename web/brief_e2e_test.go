package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"cooptrack/domain"
	"cooptrack/repository/storetest"
	"cooptrack/web/report/pdf"
)

// TestE2ECountryBrief opens Peru's page as a viewer, sets the brief's
// options in its form (one section left out, a start date) and fetches the
// PDF the form asks for, with the browser's session.
func TestE2ECountryBrief(t *testing.T) {
	t.Parallel()
	ctx := e2eBrowser(t)
	// The demo served as e2eApp serves it, but in the core font: reading a
	// TrueType font into the PDF is slow under -race, and TestCountryBrief
	// covers the fonts; this test is about the form.
	db := storetest.Open(t, storetest.Backends(t)[0])
	storetest.LoadDemo(t, db, "")
	srv := New(storesOf(db))
	srv.Home = "KR"
	srv.UseBriefFont(pdf.CoreFont())
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	base := ts.URL
	e2eLogin(ctx, t, base, testAccount(t, db, domain.RoleViewer))

	e2eOpen(ctx, t, base+"/countries/PE")
	if got := e2eText(ctx, t, "#brief-button"); got != "Country brief (PDF)" {
		t.Errorf("the brief's button reads %q", got)
	}
	e2eDo(ctx, t, "open the brief's options", chromedp.Click(chromedp.CSS(".brief-form summary")))
	e2eDo(ctx, t, "leave out the key figures", chromedp.Click(chromedp.CSS("#brief-figures")))
	e2eTypeDate(ctx, t, "#brief-from", "2015-04-18")

	type fetched struct {
		URL    string `json:"url"`
		Status int    `json:"status"`
		Type   string `json:"type"`
		Head   string `json:"head"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[fetched](`(async () => {
		const f = document.querySelector(".brief-form");
		const url = f.action + "?" + new URLSearchParams(new FormData(f));
		const r = await fetch(url);
		const b = new Uint8Array(await r.arrayBuffer());
		return {url, status: r.status, type: r.headers.get("content-type"), head: String.fromCharCode(...b.slice(0, 5))};
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch the brief: %v", err)
	}
	if got.Status != http.StatusOK || got.Type != "application/pdf" || got.Head != "%PDF-" {
		t.Errorf("the form's brief: status %d, %s, starting %q; want 200, application/pdf, %%PDF-", got.Status, got.Type, got.Head)
	}
	// Key figures are left out.
	wantURL := base + "/countries/PE/brief.pdf?sections=counterparts&sections=agreements&sections=engagements&sections=programs&sections=chart&sections=follow_ups&from=2015-04-18&to="
	if got.URL != wantURL {
		t.Errorf("the form asks for\n%s\nwant\n%s", got.URL, wantURL)
	}
}
