// Package reliability runs the real cooptrack binary as a child process and
// does to it what production will: load, SIGKILL, SIGTERM, a database that
// goes away, two instances on one database, hostile requests. Each test
// checks that every write the server acknowledged is still there and that
// nothing half-written shows. See RELIABILITY.md.
package reliability

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"cooptrack/internal/soak"
)

// binary is the cooptrack command built once for the whole test binary.
var binary string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		return m.Run() // the tests skip themselves
	}
	// COOPTRACK_BINARY names a cooptrack already built (to iterate faster).
	if binary = os.Getenv("COOPTRACK_BINARY"); binary != "" {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "cooptrack-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "cooptrack")
	build := exec.Command("go", "build", "-o", binary, "cooptrack/cmd/cooptrack")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build cooptrack:", err)
		return 1
	}
	return m.Run()
}

// long reports whether the long forms were asked for (go test -tags soak).
func long() bool { return soak.On }

// mustRun reports whether a missing facility (PostgreSQL binaries, mount)
// fails the test rather than skipping it: CI sets COOPTRACK_E2E=1.
func mustRun() bool { return os.Getenv("COOPTRACK_E2E") == "1" }

func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts the cooptrack binary; not with -short")
	}
}

// proc is one `cooptrack serve` child process.
type proc struct {
	t    *testing.T
	cmd  *exec.Cmd
	url  string
	args []string
	done chan struct{} // closed when the process has exited
	err  error         // its Wait error, once done

	mu     sync.Mutex
	stdout []string
	stderr bytes.Buffer
}

// startServe starts `cooptrack serve` with args (plus a free loopback port
// and warn-level logs) and returns once it listens.
func startServe(t *testing.T, args ...string) *proc {
	t.Helper()
	all := append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn", "--shutdown-timeout", "10s"}, args...)
	cmd := exec.Command(binary, all...)
	cmd.Env = append(os.Environ(), "COOPTRACK_DEMO_ARTICLE=/nonexistent")
	p := &proc{t: t, cmd: cmd, args: args, done: make(chan struct{})}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = lockedWriter{&p.mu, &p.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	listening := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.stdout = append(p.stdout, line)
			p.mu.Unlock()
			if _, u, ok := strings.Cut(line, "listening on "); ok {
				listening <- u
			}
		}
	}()
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() { p.kill() })
	select {
	case p.url = <-listening:
	case <-p.done:
		t.Fatalf("serve %v ended before listening: %v\n%s", args, p.err, p.errors())
	case <-time.After(90 * time.Second):
		p.kill()
		t.Fatalf("serve %v did not listen within 90s\n%s", args, p.errors())
	}
	return p
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// output returns what the process printed on stdout.
func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.stdout, "\n")
}

// errors returns what the process wrote on stderr (its JSON log).
func (p *proc) errors() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// logLines returns the log lines at level ERROR.
func (p *proc) errorLines() []string {
	var bad []string
	for _, line := range strings.Split(p.errors(), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) {
			bad = append(bad, line)
		}
	}
	return bad
}

// kill ends the process with SIGKILL (if it still runs) and waits for it.
func (p *proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// exitCode waits at most d for the process to end and returns its exit
// code, or -1 if it did not end.
func (p *proc) exitCode(d time.Duration) int {
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(d):
		return -1
	}
}

// rssMB is the process's resident memory in MB, from /proc.
func (p *proc) rssMB() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb float64
			_, _ = fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb / 1024
		}
	}
	return 0
}

// cli runs a cooptrack command to its end and returns its stdout.
func cli(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cooptrack %v: %v\n%s", args, err, stderr.String())
	}
	return string(out)
}

// adminToken makes an API token of admin@localhost with the store flags
// given (beside a running server, through its socket).
func adminToken(t *testing.T, storeArgs ...string) string {
	t.Helper()
	args := append([]string{"token", "create", "--email", "admin@localhost", "--name", "reliability"}, storeArgs...)
	return "Bearer " + strings.TrimSpace(cli(t, args...))
}

// client talks to one server with one credential.
type client struct {
	base  string
	auth  string
	http  *http.Client
	extra http.Header
}

func newClient(base, auth string) *client {
	return &client{base: base, auth: auth, http: &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 64},
	}}
}

// reply is an answer: its status and body.
type reply struct {
	status int
	body   []byte
	header http.Header
}

// do sends a request; body is marshalled to JSON unless it is []byte or a
// string, sent as is.
func (c *client) do(ctx context.Context, method, path string, body any) (reply, error) {
	var r string
	switch b := body.(type) {
	case nil:
		return c.doRaw(ctx, method, path, "", "")
	case []byte:
		r = string(b)
	case string:
		r = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return reply{}, err
		}
		r = string(j)
	}
	return c.doRaw(ctx, method, path, "application/json", r)
}

// doRaw sends body as it is, of contentType ("": no body).
func (c *client) doRaw(ctx context.Context, method, path, contentType, body string) (reply, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, strings.NewReader(body))
	if err != nil {
		return reply{}, err
	}
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range c.extra {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	return reply{status: resp.StatusCode, body: b, header: resp.Header}, nil
}

// must sends a request that must get want.
func (c *client) must(t *testing.T, want int, method, path string, body any) []byte {
	t.Helper()
	r, err := c.do(context.Background(), method, path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if r.status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, want, r.body)
	}
	return r.body
}

// errorShape is the one shape of every error; decodeError checks that an
// answer has it.
type errorShape struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func decodeError(body []byte) (errorShape, error) {
	var e errorShape
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&e); err != nil {
		return e, fmt.Errorf("not the error shape: %w: %.200s", err, body)
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		return e, fmt.Errorf("error without a code or message: %.200s", body)
	}
	return e, nil
}

// org is the record the write streams make: the smallest kind.
type org struct {
	ID      string `json:"id,omitempty"`
	Name    string `json:"name"`
	Country string `json:"country"`
	Kind    string `json:"kind"`
	Version int    `json:"version,omitempty"`
}

func getOrg(ctx context.Context, c *client, id string) (org, int, error) {
	r, err := c.do(ctx, http.MethodGet, "/api/v1/organizations/"+id, nil)
	if err != nil {
		return org{}, 0, err
	}
	var o org
	if r.status == http.StatusOK {
		if err := json.Unmarshal(r.body, &o); err != nil {
			return o, r.status, err
		}
	}
	return o, r.status, nil
}
