package web

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestE2EImportAgreements imports a spreadsheet of MOUs through the pages,
// as an officer does: upload, check the columns, preview, correct an
// unknown country in the preview, skip a row with a bad date, confirm.
func TestE2EImportAgreements(t *testing.T) {
	t.Parallel()
	ctx := e2eBrowser(t)
	base := e2eServer(ctx, t)
	dir := e2eScreenshotDir(t)
	file := filepath.Join(t.TempDir(), "mous.csv")
	csv := "Title,Partner,Signed,Country of signing\n" +
		"MOU on customs e-clearance,Prime Minister's Office of Peru; MOGAHA,2015-04-17,Peru\n" +
		"MOU on e-patents,Peruvian Immigration Office,2015-04-18,Atlantis\n" +
		"MOU on health,Peruvian Immigration Office,2015-02-30,PE\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}

	e2eOpen(ctx, t, base+"/import")
	e2eChoose(ctx, t, "#f-kind", "agreements")
	e2eDo(ctx, t, "choose the file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}))
	if status := e2eClickToPage(ctx, t, `form[action="/import"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("upload: status %d; the page says %q", status, e2eTexts(ctx, t, ".notice"))
	}
	for sel, want := range map[string]string{"#map-0": "title", "#map-1": "parties", "#map-2": "signed_on", "#map-3": "place_country"} {
		if got := e2eValue(ctx, t, sel); got != want {
			t.Errorf("mapping %s: %q, want %q", sel, got, want)
		}
	}
	if status := e2eClickToPage(ctx, t, `main form button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("preview: status %d", status)
	}
	if n, bad := e2eText(ctx, t, "#count-new"), e2eText(ctx, t, "#count-invalid"); n != "1" || bad != "2" {
		t.Fatalf("preview: %s to import and %s with errors, want 1 and 2; errors %q", n, bad, e2eTexts(ctx, t, ".error"))
	}
	if got := e2eText(ctx, t, "#line-3 .error"); !strings.Contains(got, `unknown country "Atlantis"`) {
		t.Errorf("line 3's error: %q", got)
	}
	t.Logf("preview: %s", e2eScreenshot(ctx, t, dir, "import-preview.png"))

	// Correct the country where it is, and check again.
	e2eDo(ctx, t, "correct the country", chromedp.Clear(chromedp.CSS(`#line-3 input[name="c.3.3"]`)))
	e2eType(ctx, t, `#line-3 input[name="c.3.3"]`, "Peru")
	e2eDo(ctx, t, "skip line 4", chromedp.Click(chromedp.CSS(`#line-4 input[type="checkbox"]`)))
	if status := e2eClickToPage(ctx, t, `.form-actions button:not(#confirm)`); status != http.StatusOK {
		t.Fatalf("check again: status %d", status)
	}
	if n := e2eText(ctx, t, "#count-new"); n != "2" {
		t.Fatalf("after the correction: %s to import, want 2; errors %q", n, e2eTexts(ctx, t, ".error"))
	}
	if status := e2eClickToPage(ctx, t, "#confirm"); status != http.StatusOK {
		t.Fatalf("confirm: status %d", status)
	}
	if got := e2eText(ctx, t, "#result"); got != "2 rows imported." {
		t.Errorf("result: %q, want %q", got, "2 rows imported.")
	}
	t.Logf("result: %s", e2eScreenshot(ctx, t, dir, "import-result.png"))

	e2eOpen(ctx, t, base+"/agreements?q=e-patents")
	if got := e2eTexts(ctx, t, "table.data tbody td a, table.data tbody th a"); !strings.Contains(strings.Join(got, "|"), "MOU on e-patents") {
		t.Errorf("the agreements list after the import: %q, want the corrected row in it", got)
	}
}
