package web

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"cooptrack/domain"
)

// TestE2EDownloadList narrows the agreements to Peru's in the browser, as a
// viewer, and downloads them with the page's CSV link: the file the browser
// saves holds Peru's agreement and no other, and a CSV reader opens it.
func TestE2EDownloadList(t *testing.T) {
	t.Parallel()
	ctx := e2eBrowser(t)
	base, db := e2eApp(t)
	e2eLogin(ctx, t, base, testAccount(t, db, domain.RoleViewer))
	e2eOpen(ctx, t, base+"/agreements")
	e2eChoose(ctx, t, "#f-country", "PE")
	if status := e2eClickToPage(ctx, t, `.list-filters button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("apply the filter: status %d, want 200", status)
	}
	t.Logf("screenshot: %s", e2eScreenshot(ctx, t, e2eScreenshotDir(t), "agreements-peru.png"))

	dir := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	e2eDo(ctx, t, "download the CSV",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			enabled := true
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &enabled,
			})
			return err
		}),
		chromedp.Click(chromedp.CSS(`p.downloads a[href*="format=csv"]`)),
	)
	var saved string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("wait for the download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the browser cancelled the download")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			saved = filepath.Join(dir, ev.GUID)
			break
		}
	}
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatalf("read the downloaded file: %v", err)
	}
	rows := readSheet(t, "csv", data)
	if got := column(t, rows, "Title"); !slices.Equal(got, []string{peruMOU}) {
		t.Errorf("the downloaded CSV lists %q, want Peru's one agreement %q", got, peruMOU)
	}
	if got := column(t, rows, "Signed"); !slices.Equal(got, []string{"2015-04-20"}) {
		t.Errorf("the downloaded CSV has it signed on %q, want 2015-04-20", got)
	}
}
