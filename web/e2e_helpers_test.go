package web

// Helpers of the browser tests (e2e_test.go): find and start Chromium, serve
// the application on a fresh store with the demo data, and read pages.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// The environment of the browser tests.
const (
	// e2eChromiumEnv names the browser to run, a path or a name on PATH.
	e2eChromiumEnv = "COOPTRACK_CHROMIUM"
	// e2eRequiredEnv set to 1 makes a missing browser fail the tests
	// instead of skipping them (CI sets it).
	e2eRequiredEnv = "COOPTRACK_E2E"
	// e2eScreenshotsEnv names the folder the screenshots go to; by default
	// screenshots/ under the repository's root (ignored by git).
	e2eScreenshotsEnv = "COOPTRACK_SCREENSHOTS"
)

// e2eTimeout bounds each browser test, the browser's start included. It
// guards against a hang, not a slow run: under -race on a loaded 2-core CI
// machine a test of a few pages took over a minute.
const e2eTimeout = 3 * time.Minute

// e2eBrowsers are the names looked for on PATH, in order, when
// COOPTRACK_CHROMIUM is not set.
var e2eBrowsers = []string{"chromium", "chromium-browser", "google-chrome"}

// e2eChromium returns the browser to run. It skips the test when there is
// none, unless COOPTRACK_E2E=1 asks for the browser tests, and in short mode.
func e2eChromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests skipped in short mode")
	}
	if p := os.Getenv(e2eChromiumEnv); p != "" {
		found, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("%s=%q: %v", e2eChromiumEnv, p, err)
		}
		return found
	}
	for _, name := range e2eBrowsers {
		if found, err := exec.LookPath(name); err == nil {
			return found
		}
	}
	if os.Getenv(e2eRequiredEnv) == "1" {
		t.Fatalf("no Chromium found (looked for %s on PATH; set %s or install Debian's chromium), and %s=1 requires the browser tests",
			strings.Join(e2eBrowsers, ", "), e2eChromiumEnv, e2eRequiredEnv)
	}
	t.Skip("no Chromium found (set COOPTRACK_CHROMIUM or install Debian's chromium); browser tests skipped")
	return ""
}

// e2eBrowser starts a headless Chromium with a fresh profile and returns the
// context of its tab, which ends after e2eTimeout. The browser is stopped
// when the test ends.
func e2eBrowser(t *testing.T) context.Context {
	t.Helper()
	return e2eBrowserWithin(t, e2eTimeout)
}

// e2eBrowserWithin is e2eBrowser for a test that needs longer than
// e2eTimeout (one that goes through many pages).
func e2eBrowserWithin(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	execPath := e2eChromium(t)
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests may run as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		// Dates typed into date inputs are read month, day, year.
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 1000),
	)
	t.Cleanup(cancelAlloc) // stops the browser and waits for it, before the profile is removed
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)
	start := time.Now()
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("start %s: %v", execPath, err)
	}
	t.Logf("%s started in %v", execPath, time.Since(start).Round(time.Millisecond))
	return tab
}

// e2eServer serves the application as e2eApp does and logs the browser in
// as an officer, who may create and edit records; it returns its address.
func e2eServer(ctx context.Context, t *testing.T) string {
	t.Helper()
	base, db := e2eApp(t)
	e2eLogin(ctx, t, base, testAccount(t, db, domain.RoleOfficer))
	return base
}

// e2eLogin logs the browser in through the log-in page, as a person does.
func e2eLogin(ctx context.Context, t *testing.T, base, email string) {
	t.Helper()
	e2eOpen(ctx, t, base+"/login")
	e2eType(ctx, t, "#email", email)
	e2eType(ctx, t, "#password", testPassword)
	if status := e2eClickToPage(ctx, t, `.login-form button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("log in as %s: status %d, want 200 after the redirect; the page says %q", email, status, e2eTexts(ctx, t, ".notice"))
	}
	if got := e2eText(ctx, t, ".top .who a"); got != email {
		t.Fatalf("logged in as %s: the header names %q", email, got)
	}
}

// e2eApp serves the application, as `cooptrack serve --demo` does, on a
// fresh embedded store loaded with the demo data, and returns its address
// and its store.
func e2eApp(t *testing.T) (string, *repository.DB) {
	t.Helper()
	db := storetest.Open(t, storetest.Backends(t)[0]) // the embedded FerretDB on SQLite
	storetest.LoadDemo(t, db, "")
	srv := New(storesOf(db))
	srv.Home = "KR"
	ts := httptest.NewUnstartedServer(srv)
	srv.BaseURL = "http://" + ts.Listener.Addr().String() // the address listened on, as serve gives it
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.URL, db
}

// e2eOpen loads the page at the address and fails the test unless it is
// answered with status 200.
func e2eOpen(ctx context.Context, t *testing.T, url string) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	if resp == nil {
		t.Fatalf("open %s: no page loaded", url)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("open %s: status %d, want 200", url, resp.Status)
	}
}

// e2eClickToPage clicks the element (a real mouse click at its middle) and
// waits until the page it leads to has loaded; it returns that page's
// status.
func e2eClickToPage(ctx context.Context, t *testing.T, css string) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("click %s and wait for the page: %v", css, err)
	}
	if resp == nil {
		t.Fatalf("click %s: no page loaded", css)
	}
	return resp.Status
}

// e2eDo runs the steps, failing the test with what was being done.
func e2eDo(ctx context.Context, t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// e2eType clicks into the input and types the text, key by key.
func e2eType(ctx context.Context, t *testing.T, input, text string) {
	t.Helper()
	e2eDo(ctx, t, "type into "+input, chromedp.Click(chromedp.CSS(input)), chromedp.SendKeys(chromedp.CSS(input), text))
}

// e2eTypeDate types the date (YYYY-MM-DD) into a date input as a person
// does, month, day and year (the browser runs in en-US), and checks that the
// input took it. The input gets the focus without a click: a click lands on
// whichever part (month, day, year) is at the input's middle.
func e2eTypeDate(ctx context.Context, t *testing.T, input, date string) {
	t.Helper()
	y, md, _ := strings.Cut(date, "-")
	m, d, _ := strings.Cut(md, "-")
	e2eDo(ctx, t, "type into "+input, chromedp.SendKeys(chromedp.CSS(input), m+d+y))
	if got := e2eValue(ctx, t, input); got != date {
		t.Fatalf("date input %s holds %q after typing %s/%s/%s, want %q", input, got, m, d, y, date)
	}
}

// e2eChoose selects the option with the value in a select.
func e2eChoose(ctx context.Context, t *testing.T, sel, value string) {
	t.Helper()
	e2eDo(ctx, t, "choose "+value+" in "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
	if got := e2eValue(ctx, t, sel); got != value {
		t.Fatalf("select %s holds %q, want %q (no such option?)", sel, got, value)
	}
}

// e2eValue returns the value of the input; it fails the test when there is
// no such input.
func e2eValue(ctx context.Context, t *testing.T, input string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[*string](fmt.Sprintf(
		`(() => { const e = document.querySelector(%s); return e ? e.value : null })()`, e2eJS(input))))
	if err != nil {
		t.Fatalf("read the value of %s: %v", input, err)
	}
	if v == nil {
		t.Fatalf("no input %s on %s", input, e2eLocation(ctx, t))
	}
	return *v
}

// e2eTexts returns the text of every element the CSS selector matches, as
// the page shows it, with its white space folded; none when none matches.
// It does not wait for the elements.
func e2eTexts(ctx context.Context, t *testing.T, css string) []string {
	t.Helper()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
		`Array.from(document.querySelectorAll(%s), e => (e.innerText || e.textContent).replace(/\s+/g, " ").trim())`, e2eJS(css))))
	if err != nil {
		t.Fatalf("read the texts of %s: %v", css, err)
	}
	return raw
}

// e2eText returns the text of the one element the CSS selector matches,
// failing the test when it matches none or several.
func e2eText(ctx context.Context, t *testing.T, css string) string {
	t.Helper()
	texts := e2eTexts(ctx, t, css)
	if len(texts) != 1 {
		t.Fatalf("%s matches %d elements on %s, want 1: %q", css, len(texts), e2eLocation(ctx, t), texts)
	}
	return texts[0]
}

// e2eLocation returns the address of the page shown.
func e2eLocation(ctx context.Context, t *testing.T) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("read the location: %v", err)
	}
	return loc
}

// e2ePath returns the path of the page shown, its query and fragment left out.
func e2ePath(ctx context.Context, t *testing.T, base string) string {
	t.Helper()
	p := strings.TrimPrefix(e2eLocation(ctx, t), base)
	p, _, _ = strings.Cut(p, "#")
	p, _, _ = strings.Cut(p, "?")
	return p
}

// e2eJS quotes s as a JavaScript string.
func e2eJS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// e2eScreenshotDir returns the folder screenshots go to, created:
// COOPTRACK_SCREENSHOTS, or screenshots/ under the repository's root.
func e2eScreenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(e2eScreenshotsEnv)
	if dir == "" {
		root, err := e2eRepoRoot()
		if err != nil {
			t.Fatalf("find the repository's root for the screenshots (or set %s): %v", e2eScreenshotsEnv, err)
		}
		dir = filepath.Join(root, "screenshots")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("create the screenshot folder: %v", err)
	}
	return dir
}

// e2eRepoRoot returns the folder of go.mod above the working directory.
func e2eRepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// e2eScreenshot writes a PNG of the whole page shown to the file in dir.
func e2eScreenshot(ctx context.Context, t *testing.T, dir, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 is PNG
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("write the screenshot: %v", err)
	}
	return path
}
