package reliability

import (
	"context"
	"cooptrack/internal/soak"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// loadMix is the traffic of a working office: mostly reads of the pages
// people open, some creates and edits, evidence attached.
type loadMix struct {
	c          *client
	l          *ledger
	agreements []string // ids of records to read
	source     string   // a source to cite
	calendar   string   // the path of the user's calendar feed

	mu    sync.Mutex
	lat   map[string][]time.Duration // by operation
	fives []string                   // 5xx answers
	other map[int]int                // non-2xx, non-5xx answers by status
	total atomic.Int64
}

// step sends one request of the mix, chosen at random.
func (m *loadMix) step(ctx context.Context, rng *rand.Rand, tag string, n int) error {
	reads := []struct{ name, path string }{
		{"dashboard", "/api/v1/countries/PE/dashboard"},
		{"timeline", "/api/v1/countries/PE/timeline"},
		{"list", "/api/v1/agreements?country=PE"},
		{"list-orgs", "/api/v1/organizations?country=PE&limit=50"},
		{"overview", "/api/v1/overview"},
		{"search", "/api/v1/search?q=peru"},
		{"record", "/api/v1/agreements/" + m.agreements[rng.IntN(len(m.agreements))]},
		{"page-country", "/countries/PE"},
		{"export-pdf", "/api/v1/countries/PE/brief.pdf"},
		{"export-xlsx", "/api/v1/agreements?country=PE&format=xlsx"},
		{"export-csv", "/api/v1/organizations?country=PE&format=csv"},
		{"export-iati", "/api/v1/iati/activities.xml?country=PE"},
		{"export-ics", m.calendar},
	}
	switch k := rng.IntN(20); {
	case k < 16:
		r := reads[rng.IntN(len(reads))]
		return m.timed(ctx, r.name, http.MethodGet, r.path, nil, nil)
	case k < 18:
		var o org
		if err := m.timed(ctx, "create", http.MethodPost, "/api/v1/organizations",
			org{Name: fmt.Sprintf("%s load %d", tag, n), Country: "PE", Kind: "agency"}, &o); err != nil || o.ID == "" {
			return err
		}
		m.l.ack(o.ID, o.Name, o.Version)
		o.Name += " edited"
		m.l.sending(o.ID, o.Name)
		if err := m.timed(ctx, "edit", http.MethodPut, "/api/v1/organizations/"+o.ID, o, &o); err != nil {
			return err
		}
		if o.Version > 1 {
			m.l.ack(o.ID, o.Name, o.Version)
		}
		return nil
	default:
		id := m.agreements[rng.IntN(len(m.agreements))]
		return m.timed(ctx, "evidence", http.MethodPost, "/api/v1/agreements/"+id+"/evidence",
			map[string]any{"source_id": m.source, "quote": fmt.Sprintf("%s quote %d", tag, n), "supports": []string{"title"}}, nil)
	}
}

// timed sends a request and records its latency and status; into, when
// set, receives a 2xx body.
func (m *loadMix) timed(ctx context.Context, name, method, path string, body, into any) error {
	start := time.Now()
	r, err := m.c.do(ctx, method, path, body)
	d := time.Since(start)
	if err != nil {
		return err
	}
	m.total.Add(1)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lat[name] = append(m.lat[name], d)
	switch {
	case r.status >= 500:
		m.fives = append(m.fives, fmt.Sprintf("%s %s: %d %.300s", method, path, r.status, r.body))
	case r.status >= 300:
		m.other[r.status]++
	case into != nil:
		return json.Unmarshal(r.body, into)
	}
	return nil
}

// report returns the latency percentiles of each operation, as a table.
func (m *loadMix) report() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %7s %8s %8s %8s\n", "operation", "count", "p50", "p95", "p99")
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range m.lat {
			if !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		d := slices.Clone(m.lat[name])
		slices.Sort(d)
		q := func(p float64) time.Duration { return d[min(len(d)-1, int(p*float64(len(d))))].Round(time.Millisecond) }
		fmt.Fprintf(&b, "%-14s %7d %8v %8v %8v\n", name, len(d), q(0.50), q(0.95), q(0.99))
	}
	return b.String()
}

// run drives the mix with workers until ctx ends; it returns the transport
// errors seen (a refused connection, once the server stops).
func (m *loadMix) run(ctx context.Context, workers int, tag string) []error {
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			for n := 0; ctx.Err() == nil; n++ {
				if err := m.step(ctx, rng, fmt.Sprintf("%s w%d", tag, w), n); err != nil && ctx.Err() == nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return errs
}

// TestLoadThenGracefulStop runs a mixed load on the demo data for a while
// (20 s; COOPTRACK_RELIABILITY_LOAD sets another duration): no 5xx, no
// error in the log, memory flat, every acknowledged write there. Then it
// sends SIGTERM in the middle of the load: the requests in flight finish,
// new ones are refused, the process exits 0 having closed the store (the
// next start finds nothing to heal), and the data directory is free.
//
// It runs alone (not in parallel with the other tests here), so that its
// figures are its own.
func TestLoadThenGracefulStop(t *testing.T) {
	skipShort(t)
	duration := soak.Pick(5*time.Second, 10*time.Minute)
	if d, err := time.ParseDuration(os.Getenv("COOPTRACK_RELIABILITY_LOAD")); err == nil {
		duration = d
	}
	dir := filepath.Join(t.TempDir(), "data")
	p := startServe(t, "--demo", "--data-dir", dir)
	c := newClient(p.url, adminToken(t, "--data-dir", dir))
	m := &loadMix{c: c, l: newLedger(), lat: map[string][]time.Duration{}, other: map[int]int{}}
	var list struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(c.must(t, http.StatusOK, http.MethodGet, "/api/v1/agreements", nil), &list); err != nil || len(list.Items) == 0 {
		t.Fatalf("the demo's agreements: %v %+v", err, list)
	}
	for _, it := range list.Items {
		m.agreements = append(m.agreements, it.ID)
	}
	var src struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(c.must(t, http.StatusCreated, http.MethodPost, "/api/v1/sources",
		map[string]any{"url": "https://example.org/load", "title": "Load test source"}), &src)
	m.source = src.ID
	var feed struct {
		URL string `json:"url"`
	}
	_ = json.Unmarshal(c.must(t, http.StatusCreated, http.MethodGet, "/api/v1/me/calendar", nil), &feed) // made on first ask
	u, err := url.Parse(feed.URL)
	if err != nil || u.Path == "" {
		t.Fatalf("the calendar feed's address %q: %v", feed.URL, err)
	}
	m.calendar = u.Path + "?country=PE"

	const workers = 8
	t.Run("load", func(t *testing.T) {
		// A short warm-up fills the caches before memory is first read.
		warm, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		m.run(warm, workers, "warm")
		cancel()
		startMB := p.rssMB()
		ctx, cancel := context.WithTimeout(context.Background(), duration)
		defer cancel()
		var peak atomic.Int64
		go func() {
			for ctx.Err() == nil {
				if mb := int64(p.rssMB()); mb > peak.Load() {
					peak.Store(mb)
				}
				time.Sleep(500 * time.Millisecond)
			}
		}()
		// Halfway, a backup is taken while the writes go on.
		backup := filepath.Join(t.TempDir(), "during-load.cooptrack-backup")
		var atBackup *ledger
		backedUp := make(chan error, 1)
		go func() {
			select {
			case <-ctx.Done():
				backedUp <- errors.New("the load ended before the backup")
				return
			case <-time.After(duration / 2):
			}
			atBackup = m.l.snapshot()
			// The backup may end after the load: its request is not the
			// load's, which ends on time.
			bctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			r, err := c.do(bctx, http.MethodGet, "/api/v1/backup", nil)
			if err == nil && r.status != http.StatusOK {
				err = fmt.Errorf("backup: status %d: %.300s", r.status, r.body)
			}
			if err == nil {
				err = os.WriteFile(backup, r.body, 0o600)
			}
			backedUp <- err
		}()
		errs := m.run(ctx, workers, "load")
		endMB := p.rssMB()
		t.Logf("%v of load, %d workers: %d requests (%.0f/s), %d 5xx, other statuses %v, memory %.0f MB after warm-up, %.0f MB at the end, %d MB peak\n%s",
			duration, workers, m.total.Load(), float64(m.total.Load())/duration.Seconds(), len(m.fives), m.other, startMB, endMB, peak.Load(), m.report())
		if len(m.fives) > 0 {
			t.Errorf("%d answers 5xx; the first: %s", len(m.fives), m.fives[0])
		}
		if len(errs) > 0 {
			t.Errorf("%d requests failed; the first: %v", len(errs), errs[0])
		}
		if bad := p.errorLines(); len(bad) > 0 {
			t.Errorf("errors in the log:\n%s", strings.Join(bad, "\n"))
		}
		// Flat: the soft memory limit is 320 MiB, so the process should
		// stay near where it was once warm; twice as much is a leak.
		if endMB > 2*startMB+50 {
			t.Errorf("memory grew from %.0f MB to %.0f MB under load", startMB, endMB)
		}
		m.l.verify(t, c)

		// The backup restores to a consistent state: every write
		// acknowledged before it began, at that version or a later one,
		// whole, and the lists agree with the records.
		if err := <-backedUp; err != nil {
			t.Fatalf("backup during the load: %v", err)
		}
		restored := filepath.Join(t.TempDir(), "restored")
		cli(t, "restore", "--in", backup, "--data-dir", restored)
		r := startServe(t, "--data-dir", restored)
		n := atBackup.verifyAtLeast(t, newClient(r.url, c.auth))
		t.Logf("the backup taken halfway through the load restored with the %d organizations acknowledged before it", n)
		if bad := r.errorLines(); len(bad) > 0 {
			t.Errorf("errors in the log of the restored server:\n%s", strings.Join(bad, "\n"))
		}
	})

	t.Run("sigterm", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		before := m.total.Load()
		done := make(chan []error, 1)
		go func() { done <- m.run(ctx, workers, "term") }()
		time.Sleep(time.Second)
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		code := p.exitCode(30 * time.Second)
		cancel()
		errs := <-done
		if code != 0 {
			t.Fatalf("exit code after SIGTERM = %d, want 0\n%s", code, p.errors())
		}
		// Requests after the stop are refused (no listener); none was cut
		// off with a 5xx.
		refused := 0
		for _, err := range errs {
			if errors.Is(err, syscall.ECONNREFUSED) {
				refused++
			}
		}
		t.Logf("SIGTERM under load: %d requests answered during the stop's second, %d refused after it, %d other transport errors", m.total.Load()-before, refused, len(errs)-refused)
		if len(m.fives) > 0 {
			t.Errorf("%d answers 5xx; the first: %s", len(m.fives), m.fives[0])
		}
		if bad := p.errorLines(); len(bad) > 0 {
			t.Errorf("errors in the log:\n%s", strings.Join(bad, "\n"))
		}
		// The store was closed and the lock released: a new server opens
		// the directory at once, with no interrupted write to finish, and
		// every acknowledged write is there.
		next := startServe(t, "--data-dir", dir)
		if strings.Contains(next.errors(), "interrupted by a crash") {
			t.Errorf("the start after a graceful stop found a crash's leftovers:\n%s", next.errors())
		}
		m.l.verify(t, newClient(next.url, c.auth))
	})
}
