package main

import (
	"bufio"
	"context"
	"cooptrack/domain"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// server is cooptrack serve running in this process, as a user starts it.
type server struct {
	url  string
	stop func() int
	// authorization sends an API token of admin@localhost.
	authorization string

	mu      sync.Mutex
	printed []string // what serve printed after the line saying where it listens
}

// output returns what serve printed after its first line, waiting until
// the line that ends a list of new users when want is set.
func (s *server) output(t *testing.T, want string) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		s.mu.Lock()
		out := strings.Join(s.printed, "\n")
		s.mu.Unlock()
		if want == "" || strings.Contains(out, want) || time.Now().After(deadline) {
			return out
		}
	}
}

// startServer runs Main with serve and the args on a free port and returns
// once it listens.
func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	var stderr strings.Builder
	go func() {
		code := Main(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, args...), strings.NewReader(""), outW, &stderr)
		_ = outW.Close()
		done <- code
	}()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	s := &server{}
	select {
	case line, ok := <-lines:
		if !ok {
			cancel()
			t.Fatalf("serve ended before listening (exit %d): %s", <-done, stderr.String())
		}
		_, s.url, _ = strings.Cut(line, "listening on ")
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("serve did not start within 60s")
	}
	go func() {
		for line := range lines { // keep what serve prints after the first line
			s.mu.Lock()
			s.printed = append(s.printed, line)
			s.mu.Unlock()
		}
	}()
	s.stop = func() int {
		cancel()
		return <-done
	}
	// The API wants a credential: an admin's token, made as an
	// administrator does, beside the running server.
	for i, a := range args {
		if a == "--data-dir" && i+1 < len(args) {
			code, out, errs := cli(t, "", "token", "create", "--data-dir", args[i+1], "--email", "admin@localhost", "--name", "test")
			if code != 0 {
				t.Fatalf("token create beside the server: exit %d: %s", code, errs)
			}
			s.authorization = "Bearer " + strings.TrimSpace(out)
		}
	}
	return s
}

// getJSON reads the path as the admin.
func getJSON(t *testing.T, s *server, path string, v any) int {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", s.authorization)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: decode: %v", path, err)
	}
	return resp.StatusCode
}

// TestServeDemoShowsPerusTimeline is the first thing a new user does.
func TestServeDemoShowsPerusTimeline(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	s := startServer(t, "--demo", "--data-dir", dir)

	var timeline struct {
		Country string `json:"country"`
		Entries []struct {
			Date   string `json:"date"`
			Kind   string `json:"kind"`
			Title  string `json:"title"`
			Record struct {
				Type string `json:"type"`
				ID   string `json:"id"`
			} `json:"record"`
		} `json:"entries"`
	}
	if code := getJSON(t, s, "/api/v1/countries/PE/timeline", &timeline); code != http.StatusOK {
		t.Fatalf("status = %d, want 200", code)
	}
	has := func(date, kind, titleWord string) bool {
		for _, e := range timeline.Entries {
			if e.Date == date && e.Kind == kind && strings.Contains(strings.ToLower(e.Title), titleWord) {
				return true
			}
		}
		return false
	}
	if !has("2015-04-20", "agreement_signed", "e-government") {
		t.Errorf("Peru's timeline lacks the e-government MOU signed on 2015-04-20: %+v", timeline.Entries)
	}
	if !has("2015-04-20", "event", "forum") {
		t.Errorf("Peru's timeline lacks the forum on 2015-04-20: %+v", timeline.Entries)
	}
	var co struct {
		Entries []struct {
			Date, Kind, Title string
		} `json:"entries"`
	}
	getJSON(t, s, "/api/v1/countries/CO/timeline?kinds=agreement_signed", &co)
	if len(co.Entries) != 1 || co.Entries[0].Date != "2015-04-17" || !strings.Contains(strings.ToLower(co.Entries[0].Title), "public security") {
		t.Errorf("Colombia's signed agreements = %+v, want the public security MOU on 2015-04-17", co.Entries)
	}
	// The first start with --demo prints a password for the admin, a
	// viewer and an officer; the viewer's logs in, and may only read.
	printed := s.output(t, "log in at /login")
	passwords := map[string]string{}
	for _, m := range regexp.MustCompile(`created (\S+) with the password (\S+)`).FindAllStringSubmatch(printed, -1) {
		passwords[m[1]] = m[2]
	}
	for _, email := range []string{"admin@localhost", "viewer@localhost", "officer@localhost"} {
		if passwords[email] == "" {
			t.Errorf("serve --demo printed no password for %s: %q", email, printed)
		}
	}
	login, _ := json.Marshal(map[string]string{"email": "viewer@localhost", "password": passwords["viewer@localhost"]})
	resp, err := http.Post(s.url+"/api/v1/session", "application/json", strings.NewReader(string(login))) //nolint:noctx // a test against its own server
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || len(resp.Cookies()) != 1 {
		t.Errorf("log in as the demo viewer: status %d, cookies %v; want 201 and the session cookie", resp.StatusCode, resp.Cookies())
	}
	if code := s.stop(); code != 0 {
		t.Errorf("exit code after SIGINT-like cancel = %d, want 0", code)
	}

	// A second start on the same data keeps the demo data once, and
	// prints no password: the users are there.
	s = startServer(t, "--demo", "--data-dir", dir)
	defer s.stop()
	if out := s.output(t, ""); strings.Contains(out, "password") {
		t.Errorf("second start printed %q, want no password", out)
	}
	var orgs struct {
		Total int `json:"total"`
	}
	getJSON(t, s, "/api/v1/organizations?q=government+administration", &orgs)
	if orgs.Total != 1 {
		t.Errorf("organizations named like MOGAHA after loading twice = %d, want 1", orgs.Total)
	}
}

func TestSecondServerOnTheSameDataDirIsRefused(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	s := startServer(t, "--data-dir", dir)
	defer s.stop()
	var stderr strings.Builder
	code := Main(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, strings.NewReader(""), io.Discard, &stderr)
	if code == 0 || !strings.Contains(stderr.String(), "in use") {
		t.Errorf("second serve: exit %d, stderr %q; want a failure saying the directory is in use", code, stderr.String())
	}
	// A CLI command reaches the running server's store instead.
	var out strings.Builder
	if code := Main(context.Background(), []string{"seed", "demo", "--data-dir", dir}, strings.NewReader(""), &out, io.Discard); code != 0 {
		t.Fatalf("seed demo beside a running server: exit %d", code)
	}
	// The server follows the store's log: it shows them within a second.
	var orgs struct {
		Total int `json:"total"`
	}
	for deadline := time.Now().Add(5 * time.Second); orgs.Total == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		getJSON(t, s, "/api/v1/organizations", &orgs)
	}
	if orgs.Total == 0 {
		t.Errorf("the server does not see what seed demo loaded through its socket")
	}
}

func TestHelpAndUsage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--help"}, 0, "MONGODB_URI"},
		{[]string{}, 2, "Usage"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"version"}, 0, "cooptrack"},
		{[]string{"serve", "--cookie-secure", "sometimes"}, 2, "--cookie-secure"},
		{[]string{"serve", "--brief-font", "/nonexistent/font.ttf"}, 2, "--brief-font"},
		{[]string{"serve", "--help"}, 0, "COOPTRACK_IATI_ORG_ID"},
		{[]string{"serve", "--iati-org-id", "my office"}, 2, "--iati-org-id"},
		{[]string{"serve", "--iati-org-id", " "}, 2, "--iati-org-id"},
		{[]string{"serve", "--help"}, 0, "COOPTRACK_BASE_URL"},
		{[]string{"serve", "--base-url", "cooptrack.example.org"}, 2, "--base-url"},
		{[]string{"serve", "--base-url", "ftp://cooptrack.example.org"}, 2, "--base-url"},
		{[]string{"serve", "--base-url", "https://cooptrack.example.org/?x=1"}, 2, "--base-url"},
		{[]string{"serve", "--help"}, 0, "COOPTRACK_YEAR_RANGE"},
		{[]string{"serve", "--year-range", "2200-1900"}, 2, "--year-range"},
		{[]string{"import", "--year-range", "1900"}, 2, "--year-range"},
	}
	for _, tc := range cases {
		var out strings.Builder
		code := Main(context.Background(), tc.args, strings.NewReader(""), &out, &out)
		if code != tc.code || !strings.Contains(out.String(), tc.want) {
			t.Errorf("cooptrack %v: exit %d, output %q; want exit %d and %q", tc.args, code, out.String(), tc.code, tc.want)
		}
	}
}

func TestMain(m *testing.M) {
	// The demo article lies beside the checkout; tests run in the package
	// directory, three levels down.
	if _, err := os.Stat("../../" + defaultArticlePath); err == nil {
		_ = os.Setenv("COOPTRACK_DEMO_ARTICLE", "../../"+defaultArticlePath)
	}
	domain.UseCheapPasswordHashing()
	os.Exit(m.Run())
}
