// Package bench measures cooptrack's server on an existing store: it starts
// the real handler on a real HTTP server in this process, drives it over
// keep-alive connections, and reports per endpoint and concurrency the
// latency percentiles, the requests per second, the errors and the store
// round trips per request, beside two anchors measured in the same run:
// /healthz (the HTTP ceiling) and one FindOne by _id through the driver (the
// store floor). The command's `bench` parses its flags and runs it.
//
// It is scaffolding for measuring, as internal/synth is: it imports the
// repository, its embedded store and the driver, and takes the web handler
// from its caller.
package bench

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
	"unicode"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/embedded"
)

// The endpoints, in the order they run. Reads run before writes, so that
// the writes' changes to the read models do not fall in the reads'
// measures.
const (
	benchHealthz    = "healthz"
	benchFloor      = "store-floor"
	benchDashboard  = "dashboard"
	benchTimeline   = "timeline"
	benchList       = "agreements-by-country"
	benchAgreement  = "agreement"
	benchLinks      = "agreement-links"
	benchOverview   = "overview"
	benchSearch     = "search"
	benchWriteFloor = "store-write-floor"
	benchCreate     = "create-agreement"
	benchCite       = "attach-evidence"
	// benchMixed reads one country's dashboard and timeline from eight
	// connections while its agreements are created and cited at
	// mixedWritesPerSecond: what an office does at once.
	benchMixed = "mixed"
	// benchFirst is the home country's dashboard asked by sixteen at once
	// right after the start.
	benchFirst = "first-dashboards"
)

// mixedWritesPerSecond is the pace of the writes of the mixed scenario.
const mixedWritesPerSecond = 5.0

// benchScratch is the collection the write floor inserts into.
const benchScratch = "bench_scratch"

// Names are the endpoints, in the order they run.
var Names = []string{benchHealthz, benchFloor, benchDashboard, benchTimeline, benchList, benchAgreement, benchLinks, benchOverview, benchSearch, benchWriteFloor, benchCreate, benchCite, benchMixed}

// Names of the runs beside the endpoints, as the report gives them.
const (
	Mixed           = benchMixed
	FirstDashboards = benchFirst
	StoreFloor      = benchFloor
)

// IsWrite reports whether the endpoint writes to the store.
func IsWrite(name string) bool { return isBenchWrite(name) }

func isBenchWrite(name string) bool {
	return name == benchWriteFloor || name == benchCreate || name == benchCite || name == benchMixed
}

// Options say what to measure, and on what.
type Options struct {
	Store    Store
	Duration time.Duration
	// Requests, when not 0, runs each endpoint for that many requests at
	// each concurrency instead of Duration.
	Requests int
	Levels   []int
	// Only are the endpoints to run (ParseOnly).
	Only map[string]bool
	// Writes runs the endpoints that write, on a copy of the data.
	Writes bool
	// Warmup is the requests sent at each level before measuring.
	Warmup int
	// Home is the office's country; Country the one whose pages are
	// measured ("": the partner with the most agreements).
	Home, Country          string
	CPUProfile, MemProfile string
	// Version is the program's, for the report.
	Version string
	// Handler makes the server's handler on the store.
	Handler func(db *repository.DB) http.Handler
}

// Store is the store to measure on.
type Store struct {
	MongoURI, DataDir, Database, PostgreSQLURL string
	// SnapshotPath is the model's snapshot file.
	SnapshotPath string
}

// Run measures as o says, telling its progress to progress.
func Run(ctx context.Context, o Options, logger *slog.Logger, progress io.Writer) (*Report, error) {
	b := &bencher{o: o, progress: progress, first: map[string]float64{}}
	return b.run(ctx, logger)
}

// ParseLevels reads comma-separated concurrency levels.
func ParseLevels(s string) ([]int, error) {
	var out []int
	for part := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 || n > 1024 {
			return nil, fmt.Errorf("%q is not a whole number from 1 to 1024", part)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// ParseOnly returns the endpoints to run: those named, or all (the write
// endpoints only with --writes).
func ParseOnly(s string, writes bool) (map[string]bool, error) {
	run := map[string]bool{}
	if strings.TrimSpace(s) == "" {
		for _, n := range Names {
			run[n] = writes || !isBenchWrite(n)
		}
		return run, nil
	}
	for part := range strings.SplitSeq(s, ",") {
		n := strings.TrimSpace(part)
		switch {
		case !slices.Contains(Names, n):
			return nil, fmt.Errorf("unknown endpoint %q: use %s", n, strings.Join(Names, ", "))
		case isBenchWrite(n) && !writes:
			return nil, fmt.Errorf("%s writes to the store: add --writes (on a copy of the data)", n)
		}
		run[n] = true
	}
	return run, nil
}

// Report is what a run measured, printed as a table or as JSON.
type Report struct {
	Machine benchMachine  `json:"machine"`
	Store   benchStore    `json:"store"`
	Startup benchStartup  `json:"startup"`
	Picked  benchPicked   `json:"picked"`
	Rows    []benchRow    `json:"rows"`
	Memory  benchMemory   `json:"memory"`
	Targets []benchTarget `json:"targets"`
	Notes   []string      `json:"notes"`
}

type benchMachine struct {
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	CPUModel   string `json:"cpu_model"`
	GoVersion  string `json:"go_version"`
	OS         string `json:"os"`
	Version    string `json:"cooptrack_version"`
	Time       string `json:"time"`
	// LoadAvg is the load average before the run (/proc/loadavg): other
	// work on the machine skews the measures.
	LoadAvg string `json:"load_average,omitempty"`
}

type benchStore struct {
	Kind    string         `json:"kind"`
	DataDir string         `json:"data_dir,omitempty"`
	Records map[string]int `json:"records"`
	Total   int            `json:"total_records"`
}

// benchStartup is the time from opening the store to the first answer of
// /readyz, by phase (milliseconds).
type benchStartup struct {
	TotalMS    float64 `json:"total_ms"`
	EmbeddedMS float64 `json:"embedded_start_ms"`
	ConnectMS  float64 `json:"connect_ms"`
	MigrateMS  float64 `json:"migrate_ms"`
	IndexMS    float64 `json:"index_ids_ms"`
	HealMS     float64 `json:"heal_ms"`
	// ModelMS is the building of the model in memory (a rebuild
	// when it changed).
	ModelMS float64 `json:"model_ms"`
	ReadyMS float64 `json:"serve_until_ready_ms"`
}

// benchPicked are the records the endpoints are measured on, read from the
// store through the API before measuring.
type benchPicked struct {
	Country         string `json:"country"`
	CountryAgrees   int    `json:"country_agreements"`
	Agreement       string `json:"agreement"`
	HomeOrg         string `json:"home_organization"`
	PartnerOrg      string `json:"partner_organization"`
	Source          string `json:"source"`
	Search          string `json:"search"`
	EvidenceTargets int    `json:"evidence_agreements"`
}

type benchRow struct {
	Endpoint    string  `json:"endpoint"`
	Request     string  `json:"request"`
	Concurrency int     `json:"concurrency"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	Seconds     float64 `json:"seconds"`
	RPS         float64 `json:"requests_per_second"`
	P50         float64 `json:"p50_ms"`
	P95         float64 `json:"p95_ms"`
	P99         float64 `json:"p99_ms"`
	Max         float64 `json:"max_ms"`
	RoundTrips  float64 `json:"round_trips_per_request"`
	// KBPerResponse is the mean size of the answers' bodies (0 for the
	// store floor, which is no HTTP request).
	KBPerResponse float64 `json:"kb_per_response"`
	// Cold is the endpoint's first request of the run (on its first row).
	Cold       *float64 `json:"cold_ms,omitempty"`
	FirstError string   `json:"first_error,omitempty"`
	// Commands are the store commands of the measured requests, by
	// command and collection, the most time first.
	Commands []benchCommand `json:"commands"`
}

// benchCommand is one kind of store command of an endpoint's requests: how
// many each request sends, and the time they take (as the driver sees it,
// waiting for the server included).
type benchCommand struct {
	Command      string  `json:"command"`
	PerRequest   float64 `json:"per_request"`
	MSPerRequest float64 `json:"ms_per_request"`
}

type benchMemory struct {
	PeakRSSMB       float64 `json:"peak_rss_mb"`
	PeakRSSAtReadMB float64 `json:"peak_rss_at_ready_mb"`
	RSSMB           float64 `json:"rss_mb"`
	GoSysMB         float64 `json:"go_sys_mb"`
	GoHeapInuseMB   float64 `json:"go_heap_inuse_mb"`
	Note            string  `json:"note"`
}

type benchTarget struct {
	What  string  `json:"what"`
	Limit string  `json:"limit"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	Met   bool    `json:"met"`
}

// bencher runs one benchmark.
type bencher struct {
	o        Options
	progress io.Writer
	base     string
	client   *http.Client
	// authorization is the header every request sends: an officer's token.
	authorization string
	trips         atomic.Int64
	commands      commandStats
	// bytes counts the bytes of the HTTP answers' bodies.
	bytes atomic.Int64
	// seq numbers the requests of the run (new records' titles carry it).
	seq atomic.Int64
	// first holds the latency (ms) of each endpoint's first request.
	first map[string]float64
	// runTag tells this run's records apart; citeOn are the agreements
	// attach-evidence cites on, in turn.
	runTag string
	mu     sync.Mutex
	citeOn []string
}

type benchEndpoint struct {
	name    string
	request string
	do      func(ctx context.Context, n int64) error
}

func (b *bencher) run(ctx context.Context, logger *slog.Logger) (*Report, error) {
	r := &Report{Machine: machineFacts(b.o.Version), Notes: []string{}}
	r.Store.Kind, r.Store.DataDir = storeKind(b.o.Store)
	monitor := &event.CommandMonitor{
		Started: func(_ context.Context, e *event.CommandStartedEvent) {
			b.trips.Add(1)
			b.commands.started(e)
		},
		Succeeded: func(_ context.Context, e *event.CommandSucceededEvent) { b.commands.finished(e.RequestID, e.Duration) },
		Failed:    func(_ context.Context, e *event.CommandFailedEvent) { b.commands.finished(e.RequestID, e.Duration) },
	}

	// Start-up: the store (embedded FerretDB, connect, migrate, heal) and
	// the HTTP server, until /readyz answers.
	start := time.Now()
	uri := b.o.Store.MongoURI
	var srv *embedded.Server
	if uri == "" {
		var err error
		if srv, err = embedded.Start(ctx, embedded.Options{DataDir: b.o.Store.DataDir, PostgreSQLURL: b.o.Store.PostgreSQLURL, Logger: logger.With("component", "ferretdb")}); err != nil {
			return nil, err
		}
		defer srv.Stop()
		uri = srv.URI()
	}
	r.Startup.EmbeddedMS = msSince(start)
	mark := time.Now()
	db, err := repository.Open(ctx, repository.Options{URI: uri, Database: b.o.Store.Database, Monitor: monitor, OneWriter: srv != nil && srv.OneWriter(), SnapshotPath: b.o.Store.SnapshotPath})
	if err != nil {
		return nil, err
	}
	defer func() { _ = db.Close(context.Background()) }()
	r.Startup.ConnectMS, mark = msSince(mark), time.Now()
	if err := db.Migrate(ctx); err != nil {
		return nil, fmt.Errorf("prepare the store: %w", err)
	}
	r.Startup.MigrateMS, mark = msSince(mark), time.Now()
	// As openStore does: the embedded store's lookups by _id need an index
	// of their own (see embedded.Server.IndexIDs).
	if srv != nil {
		if err := srv.IndexIDs(ctx, b.o.Store.Database); err != nil {
			return nil, err
		}
	}
	r.Startup.IndexMS, mark = msSince(mark), time.Now()
	if _, err := db.Heal(ctx); err != nil {
		return nil, fmt.Errorf("finish interrupted writes: %w", err)
	}
	r.Startup.HealMS, mark = msSince(mark), time.Now()
	// As serve does: the model is built before the server listens.
	if err := db.Load(ctx); err != nil {
		return nil, fmt.Errorf("build the model: %w", err)
	}
	r.Startup.ModelMS, mark = msSince(mark), time.Now()
	auth, revoke, err := benchCredential(ctx, db.Accounts)
	if err != nil {
		return nil, err
	}
	defer revoke()
	b.authorization = auth
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{
		Handler:           b.o.Handler(db),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	go func() { _ = hs.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	b.base = "http://" + ln.Addr().String()
	conns := 2*slices.Max(b.o.Levels) + 4
	transport := &http.Transport{
		Proxy:               nil, // straight to the loopback address
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     2 * time.Minute,
		DisableCompression:  true,
	}
	defer transport.CloseIdleConnections()
	b.client = &http.Client{Transport: transport, Timeout: 2 * time.Minute}
	if err := b.waitReady(ctx); err != nil {
		return nil, err
	}
	r.Startup.ReadyMS = msSince(mark)
	r.Startup.TotalMS = msSince(start)
	r.Memory.PeakRSSAtReadMB = procStatusMB("VmHWM")
	// The first requests after a start, all at once: the home country's
	// dashboard, which nothing has computed yet.
	r.Rows = append(r.Rows, b.burst(ctx, benchFirst, "/api/v1/countries/"+b.o.Home+"/dashboard", 16))
	fmt.Fprintf(b.progress, "started in %.0f ms; picking the records to measure on\n", r.Startup.TotalMS)

	// The floor: one small document by _id through the driver, on a client
	// of its own (its commands count like the server's).
	floorClient, err := mongo.Connect(options.Client().ApplyURI(uri).SetMonitor(monitor).SetAppName("cooptrack-bench"))
	if err != nil {
		return nil, fmt.Errorf("connect to the store: %w", err)
	}
	defer func() { _ = floorClient.Disconnect(context.Background()) }()
	countries := floorClient.Database(b.o.Store.Database).Collection(domain.TypeCountry.Collection())

	if err := b.pick(ctx, &r.Picked); err != nil {
		return nil, err
	}
	entries, err := db.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	r.Store.Records = map[string]int{}
	for _, e := range entries.Entries {
		r.Store.Records[e.Type.Collection()]++
	}
	r.Store.Total = len(entries.Entries)
	b.runTag = strconv.FormatInt(time.Now().Unix(), 36)

	endpoints := b.endpoints(&r.Picked, countries)
	if b.o.CPUProfile != "" {
		f, err := os.Create(b.o.CPUProfile)
		if err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	// The reads alone, then the mixed scenario on the store as it was
	// seeded, then the writes alone (which add to the country measured).
	measureAll := func(writes bool) error {
		for _, ep := range endpoints {
			if !b.o.Only[ep.name] || isBenchWrite(ep.name) != writes {
				continue
			}
			for i, c := range b.o.Levels {
				if err := ctx.Err(); err != nil {
					return err
				}
				fmt.Fprintf(b.progress, "%-22s concurrency %-3d ", ep.name, c)
				row := b.measure(ctx, ep, c)
				if i == 0 {
					if cold, ok := b.first[ep.name]; ok {
						row.Cold = &cold
					}
				}
				fmt.Fprintf(b.progress, "%7.1f req/s  p95 %8.2f ms  errors %d\n", row.RPS, row.P95, row.Errors)
				r.Rows = append(r.Rows, row)
			}
		}
		return nil
	}
	if err := measureAll(false); err != nil {
		return nil, err
	}
	if b.o.Writes && b.o.Only[benchMixed] {
		fmt.Fprintf(b.progress, "%-22s 8 readers, writes at %g/s ", benchMixed, mixedWritesPerSecond)
		rows := b.mixed(ctx, &r.Picked, endpoints)
		for _, row := range rows {
			fmt.Fprintf(b.progress, " %s p95 %.2f ms;", row.Endpoint, row.P95)
		}
		fmt.Fprintln(b.progress)
		r.Rows = append(r.Rows, rows...)
	}
	if err := measureAll(true); err != nil {
		return nil, err
	}

	if b.o.Writes {
		_ = countries.Database().Collection(benchScratch).Drop(ctx)
	}
	if b.o.MemProfile != "" {
		if err := writeHeapProfile(b.o.MemProfile); err != nil {
			return nil, err
		}
	}
	r.Memory.PeakRSSMB = procStatusMB("VmHWM")
	r.Memory.RSSMB = procStatusMB("VmRSS")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.Memory.GoSysMB = round2(float64(ms.Sys) / (1 << 20))
	r.Memory.GoHeapInuseMB = round2(float64(ms.HeapInuse) / (1 << 20))
	switch {
	case b.o.Store.MongoURI != "":
		r.Memory.Note = "this process: the server and the load generator (small); MongoDB's own memory is not included"
	case b.o.Store.PostgreSQLURL != "":
		r.Memory.Note = "this process: the server, the embedded FerretDB and the load generator (small); PostgreSQL's own memory is not included"
	default:
		r.Memory.Note = "the whole process: the server, the embedded store and the load generator (small)"
	}
	r.Targets = benchTargets(r)
	r.Notes = append(r.Notes,
		"cold: the endpoint's first request of the run; what it shares with an endpoint measured before it (the catalog of overview and search, the dossier of dashboard, timeline and the list) is already computed",
		"round trips: commands sent to the store during the measured requests, divided by the requests",
		"errors: answers other than 2xx, and failed requests")
	if r.Store.Kind != "embedded FerretDB on SQLite" {
		r.Notes = append(r.Notes, "the targets are set for scale M on the embedded store (SQLite); on other stores they are for comparison")
	}
	return r, nil
}

func (b *bencher) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		status, _, err := b.do(ctx, http.MethodGet, "/readyz", nil)
		if err == nil && status == http.StatusOK {
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("status %d", status)
			}
			return fmt.Errorf("the server did not answer /readyz within 30s: %w", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}

// do sends one request and reads the whole answer, which it returns for a
// write. An answer other than 2xx is an error, with the start of its body.
func (b *bencher) do(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", b.authorization)
	resp, err := b.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 400))
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, msg, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, strings.TrimSpace(string(msg)))
	}
	if method == http.MethodGet {
		n, err := io.Copy(io.Discard, resp.Body)
		b.bytes.Add(n)
		return resp.StatusCode, nil, err
	}
	answer, err := io.ReadAll(resp.Body)
	b.bytes.Add(int64(len(answer)))
	return resp.StatusCode, answer, err
}

// getJSON reads a JSON answer while picking the records to measure on. When
// name is set, the request's latency is kept as that endpoint's first.
func (b *bencher) getJSON(ctx context.Context, name, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", b.authorization)
	start := time.Now()
	resp, err := b.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if name != "" {
		if _, ok := b.first[name]; !ok {
			b.first[name] = msSince(start)
		}
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", path, resp.StatusCode, bytes.TrimSpace(data))
	}
	return json.Unmarshal(data, v)
}

// pick reads the records to measure on through the API: the partner
// country with the most agreements, one of its agreements, organizations
// of the home country and of the partner (parties of its agreements), a
// source they cite, and a word of an organization's name to search for.
func (b *bencher) pick(ctx context.Context, p *benchPicked) error {
	var ov struct {
		Countries []struct {
			Country    struct{ Code string } `json:"country"`
			Agreements int                   `json:"agreements"`
		} `json:"countries"`
	}
	if err := b.getJSON(ctx, benchOverview, "/api/v1/overview", &ov); err != nil {
		return fmt.Errorf("read the overview: %w", err)
	}
	for _, c := range ov.Countries {
		switch {
		case b.o.Country != "":
			if c.Country.Code == b.o.Country {
				p.Country, p.CountryAgrees = c.Country.Code, c.Agreements
			}
		case c.Country.Code != b.o.Home && c.Agreements > p.CountryAgrees:
			p.Country, p.CountryAgrees = c.Country.Code, c.Agreements
		}
	}
	if b.o.Country != "" && p.Country == "" {
		return fmt.Errorf("--country %s: the store has no agreement, event or program of it", b.o.Country)
	}
	if p.Country == "" {
		return fmt.Errorf("the store has no agreement with a country other than %s: fill it first (cooptrack seed)", b.o.Home)
	}
	if err := b.getJSON(ctx, benchDashboard, "/api/v1/countries/"+p.Country+"/dashboard", &struct{}{}); err != nil {
		return err
	}
	if err := b.getJSON(ctx, benchList, b.listPath(p.Country), &struct{}{}); err != nil {
		return err
	}
	type agreement struct {
		ID      string `json:"id"`
		Parties []struct {
			ID string `json:"id"`
		} `json:"parties"`
		Evidence []struct {
			Source struct{ ID string } `json:"source"`
		} `json:"evidence"`
	}
	var page struct {
		Items []agreement `json:"items"`
	}
	if err := b.getJSON(ctx, "", "/api/v1/agreements?limit=200&country="+p.Country, &page); err != nil {
		return err
	}
	if len(page.Items) == 0 {
		return fmt.Errorf("no agreement of %s found", p.Country)
	}
	p.Agreement = page.Items[0].ID
	p.EvidenceTargets = len(page.Items)
	for _, a := range page.Items {
		b.citeOn = append(b.citeOn, a.ID)
		for _, e := range a.Evidence {
			if p.Source == "" && e.Source.ID != "" {
				p.Source = e.Source.ID
			}
		}
		for _, party := range a.Parties {
			if p.HomeOrg != "" && p.PartnerOrg != "" {
				break
			}
			var org struct {
				Name    string `json:"name"`
				Country string `json:"country"`
			}
			if err := b.getJSON(ctx, "", "/api/v1/organizations/"+url.PathEscape(party.ID), &org); err != nil {
				return err
			}
			switch {
			case org.Country == b.o.Home && p.HomeOrg == "":
				p.HomeOrg = party.ID
			case org.Country == p.Country && p.PartnerOrg == "":
				p.PartnerOrg = party.ID
				p.Search = firstWord(org.Name)
			}
		}
	}
	if err := b.getJSON(ctx, benchAgreement, "/api/v1/agreements/"+url.PathEscape(p.Agreement), &struct{}{}); err != nil {
		return err
	}
	if err := b.getJSON(ctx, benchLinks, "/api/v1/agreements/"+url.PathEscape(p.Agreement)+"/links", &struct{}{}); err != nil {
		return err
	}
	if p.Source == "" {
		var sources struct {
			Items []struct{ ID string } `json:"items"`
		}
		if err := b.getJSON(ctx, "", "/api/v1/sources?limit=1", &sources); err != nil {
			return err
		}
		if len(sources.Items) > 0 {
			p.Source = sources.Items[0].ID
		}
	}
	if p.Search == "" {
		p.Search = "ministry"
	}
	if b.o.Writes {
		switch {
		case p.HomeOrg == "" || p.PartnerOrg == "":
			return fmt.Errorf("no agreement of %s has parties of both %s and %s: the write endpoints need one of each", p.Country, b.o.Home, p.Country)
		case p.Source == "":
			return errors.New("the store has no source: attach-evidence needs one")
		}
	}
	return nil
}

// firstWord is the first word of a name, lower-case, for a search.
func firstWord(name string) string {
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) >= 3 {
			return strings.ToLower(w)
		}
	}
	return ""
}

func (b *bencher) listPath(country string) string {
	return "/api/v1/agreements?country=" + country + "&status=in_force"
}

func (b *bencher) endpoints(p *benchPicked, countries *mongo.Collection) []benchEndpoint {
	get := func(name, path string) benchEndpoint {
		return benchEndpoint{name: name, request: "GET " + path, do: func(ctx context.Context, _ int64) error {
			_, _, err := b.do(ctx, http.MethodGet, path, nil)
			return err
		}}
	}
	agreement := "/api/v1/agreements/" + url.PathEscape(p.Agreement)
	floorID := b.o.Home
	eps := []benchEndpoint{
		get(benchHealthz, "/healthz"),
		{name: benchFloor, request: fmt.Sprintf("FindOne(countries, {_id: %q}) through the driver", floorID), do: func(ctx context.Context, _ int64) error {
			_, err := countries.FindOne(ctx, bson.D{{Key: "_id", Value: floorID}}).Raw()
			return err
		}},
		get(benchDashboard, "/api/v1/countries/"+p.Country+"/dashboard"),
		get(benchTimeline, "/api/v1/countries/"+p.Country+"/timeline"),
		get(benchList, b.listPath(p.Country)),
		get(benchAgreement, agreement),
		get(benchLinks, agreement+"/links"),
		get(benchOverview, "/api/v1/overview"),
		get(benchSearch, "/api/v1/search?q="+url.QueryEscape(p.Search)),
	}
	if !b.o.Writes {
		return eps
	}
	// The write floor: one small insert through the driver, into a scratch
	// collection that the bench drops at the end. No write can cost less.
	scratch := countries.Database().Collection(benchScratch)
	eps = append(eps, benchEndpoint{name: benchWriteFloor, request: "InsertOne(" + benchScratch + ", {_id, n}) through the driver",
		do: func(ctx context.Context, n int64) error {
			_, err := scratch.InsertOne(ctx, bson.D{{Key: "_id", Value: b.runTag + "-" + strconv.FormatInt(n, 10)}, {Key: "n", Value: n}})
			return err
		}})
	create := "/api/v1/agreements"
	eps = append(eps, benchEndpoint{name: benchCreate, request: "POST " + create + " (an MOU of " + b.o.Home + " and " + p.Country + ")",
		do: func(ctx context.Context, n int64) error {
			body, err := json.Marshal(map[string]any{
				"kind":       "mou",
				"title":      fmt.Sprintf("Benchmark MOU %s-%d on digital government cooperation", b.runTag, n),
				"subjects":   []string{"digital government"},
				"parties":    []map[string]string{{"id": p.HomeOrg}, {"id": p.PartnerOrg}},
				"place":      map[string]string{"city": "Seoul", "country": b.o.Home},
				"signed_on":  "2025-06-02",
				"expires_on": "2030-06-01",
				"renewal":    map[string]any{"automatic": false},
				"status":     "signed",
			})
			if err != nil {
				return err
			}
			_, answer, err := b.do(ctx, http.MethodPost, create, body)
			if err != nil {
				return err
			}
			var created struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(answer, &created); err != nil || created.ID == "" {
				return fmt.Errorf("POST %s: the answer names no id: %.200s", create, answer)
			}
			b.mu.Lock()
			b.citeOn = append(b.citeOn, created.ID)
			b.mu.Unlock()
			return nil
		}})
	// Citations go round the partner's agreements (and those created
	// before), so that concurrent requests seldom modify the same record.
	eps = append(eps, benchEndpoint{name: benchCite, request: "POST /api/v1/agreements/{id}/evidence (on " + p.Country + "'s agreements in turn)",
		do: func(ctx context.Context, n int64) error {
			b.mu.Lock()
			id := b.citeOn[int(n)%len(b.citeOn)]
			b.mu.Unlock()
			body, err := json.Marshal(domain.EvidenceInput{SourceID: p.Source, Quote: "benchmark citation " + b.runTag, Supports: []string{"title"}})
			if err != nil {
				return err
			}
			_, _, err = b.do(ctx, http.MethodPost, "/api/v1/agreements/"+url.PathEscape(id)+"/evidence", body)
			return err
		}})
	return eps
}

// measure runs one endpoint at one concurrency: a warm-up, then requests
// from c workers until the duration has passed or the requests are done.
func (b *bencher) measure(ctx context.Context, ep benchEndpoint, c int) benchRow {
	seq := &b.seq
	// The warm-up. Its first request, sent alone, is the endpoint's first
	// of the run unless picking the records already sent one.
	start := time.Now()
	_ = ep.do(ctx, seq.Add(1))
	if _, ok := b.first[ep.name]; !ok {
		b.first[ep.name] = msSince(start)
	}
	if b.o.Warmup > 1 {
		// A few requests, for at most a tenth of the measure's duration:
		// enough to fill the caches when an endpoint is slow.
		until := time.Time{}
		if b.o.Requests == 0 {
			until = time.Now().Add(b.o.Duration / 10)
		}
		b.load(ctx, ep, c, seq, seq.Load()+int64(b.o.Warmup-1), until, nil)
	}

	type result struct {
		lat    []time.Duration
		errors int
		first  string
	}
	results := make([]result, c)
	trips, bytes := b.trips.Load(), b.bytes.Load()
	b.commands.reset()
	start = time.Now()
	deadline := time.Time{}
	limit := seq.Load() + int64(b.o.Requests)
	if b.o.Requests == 0 {
		deadline = start.Add(b.o.Duration)
		limit = math.MaxInt64
	}
	b.load(ctx, ep, c, seq, limit, deadline, func(worker int, d time.Duration, err error) {
		r := &results[worker]
		r.lat = append(r.lat, d)
		if err != nil {
			r.errors++
			if r.first == "" {
				r.first = err.Error()
			}
		}
	})
	elapsed := time.Since(start)
	trips, bytes = b.trips.Load()-trips, b.bytes.Load()-bytes
	commands := b.commands.snapshot()

	row := benchRow{Endpoint: ep.name, Request: ep.request, Concurrency: c, Seconds: round2(elapsed.Seconds()), Commands: []benchCommand{}}
	var all []time.Duration
	for _, r := range results {
		all = append(all, r.lat...)
		row.Errors += r.errors
		if row.FirstError == "" {
			row.FirstError = r.first
		}
	}
	row.Requests = len(all)
	if row.Requests == 0 {
		return row
	}
	slices.Sort(all)
	row.RPS = round2(float64(row.Requests) / elapsed.Seconds())
	row.P50 = ms(percentile(all, 0.50))
	row.P95 = ms(percentile(all, 0.95))
	row.P99 = ms(percentile(all, 0.99))
	row.Max = ms(all[len(all)-1])
	row.RoundTrips = round2(float64(trips) / float64(row.Requests))
	row.KBPerResponse = round2(float64(bytes) / float64(row.Requests) / 1024)
	for _, cs := range commands {
		row.Commands = append(row.Commands, benchCommand{Command: cs.key,
			PerRequest: round2(float64(cs.n) / float64(row.Requests)), MSPerRequest: ms(cs.total / time.Duration(row.Requests))})
	}
	return row
}

// load runs c workers sending requests numbered from seq up to limit, or
// until the deadline when one is set, and reports each to record.
func (b *bencher) load(ctx context.Context, ep benchEndpoint, c int, seq *atomic.Int64, limit int64, deadline time.Time, record func(worker int, d time.Duration, err error)) {
	var wg sync.WaitGroup
	for w := range c {
		wg.Go(func() {
			for ctx.Err() == nil {
				if !deadline.IsZero() && !time.Now().Before(deadline) {
					return
				}
				n := seq.Add(1)
				if n > limit {
					return
				}
				start := time.Now()
				err := ep.do(ctx, n)
				if record != nil {
					record(w, time.Since(start), err)
				}
			}
		})
	}
	wg.Wait()
}

// burst sends n requests for the path at once and reports them as a row.
func (b *bencher) burst(ctx context.Context, name, path string, n int) benchRow {
	lat := make([]time.Duration, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		wg.Go(func() {
			t := time.Now()
			_, _, errs[i] = b.do(ctx, http.MethodGet, path, nil)
			lat[i] = time.Since(t)
		})
	}
	wg.Wait()
	return latencyRow(name, "GET "+path+fmt.Sprintf(" (%d at once, right after the start)", n), n, time.Since(start), lat, errs)
}

// latencyRow sums up latencies and errors as a row.
func latencyRow(name, request string, conc int, elapsed time.Duration, lat []time.Duration, errs []error) benchRow {
	row := benchRow{Endpoint: name, Request: request, Concurrency: conc, Seconds: round2(elapsed.Seconds()), Requests: len(lat), Commands: []benchCommand{}}
	for _, err := range errs {
		if err != nil {
			row.Errors++
			if row.FirstError == "" {
				row.FirstError = err.Error()
			}
		}
	}
	if len(lat) == 0 {
		return row
	}
	sorted := slices.Clone(lat)
	slices.Sort(sorted)
	row.RPS = round2(float64(len(lat)) / elapsed.Seconds())
	row.P50, row.P95, row.P99, row.Max = ms(percentile(sorted, 0.5)), ms(percentile(sorted, 0.95)), ms(percentile(sorted, 0.99)), ms(sorted[len(sorted)-1])
	return row
}

// mixed runs the mixed scenario for the duration: eight connections read
// the picked country's dashboard and timeline in turn while one writer, at
// mixedWritesPerSecond, creates agreements of the country and cites sources
// on its agreements in turn. It returns a row for the dashboards, the
// timelines and the writes.
func (b *bencher) mixed(ctx context.Context, p *benchPicked, endpoints []benchEndpoint) []benchRow {
	byName := map[string]benchEndpoint{}
	for _, ep := range endpoints {
		byName[ep.name] = ep
	}
	duration := b.o.Duration
	if duration <= 0 {
		duration = 10 * time.Second
	}
	type sample struct {
		d   time.Duration
		err error
	}
	var mu sync.Mutex
	got := map[string][]sample{}
	record := func(name string, d time.Duration, err error) {
		mu.Lock()
		got[name] = append(got[name], sample{d, err})
		mu.Unlock()
	}
	start := time.Now()
	deadline := start.Add(duration)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; ctx.Err() == nil && time.Now().Before(deadline); i++ {
				name := benchDashboard
				if i%2 == 1 {
					name = benchTimeline
				}
				t := time.Now()
				err := byName[name].do(ctx, b.seq.Add(1))
				record(name, time.Since(t), err)
			}
		})
	}
	wg.Go(func() {
		tick := time.NewTicker(time.Duration(float64(time.Second) / mixedWritesPerSecond))
		defer tick.Stop()
		var writes sync.WaitGroup
		defer writes.Wait()
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			case now := <-tick.C:
				if !now.Before(deadline) {
					return
				}
			}
			name := benchCreate
			if i%2 == 1 {
				name = benchCite
			}
			// Open loop: a slow write does not hold back the next.
			writes.Go(func() {
				t := time.Now()
				err := byName[name].do(ctx, b.seq.Add(1))
				record("writes", time.Since(t), err)
			})
		}
	})
	wg.Wait()
	elapsed := time.Since(start)
	var rows []benchRow
	for _, name := range []string{benchDashboard, benchTimeline, "writes"} {
		var lat []time.Duration
		var errs []error
		for _, s := range got[name] {
			lat, errs = append(lat, s.d), append(errs, s.err)
		}
		request := byName[name].request
		if name == "writes" {
			request = fmt.Sprintf("%s and %s in turn, %g a second", byName[benchCreate].request, byName[benchCite].request, mixedWritesPerSecond)
		}
		rows = append(rows, latencyRow(benchMixed+"-"+name, request, 8, elapsed, lat, errs))
	}
	return rows
}

// writeHeapProfile writes the live heap, after a collection, to the file.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	runtime.GC()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		_ = f.Close()
		return fmt.Errorf("--memprofile: %w", err)
	}
	return f.Close()
}

// percentile returns the nearest-rank percentile q of sorted latencies.
func percentile(sorted []time.Duration, q float64) time.Duration {
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return round2(float64(d) / float64(time.Millisecond)) }

func msSince(t time.Time) float64 { return ms(time.Since(t)) }

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// procStatusMB reads a memory figure of this process from /proc/self/status
// (VmHWM is the peak resident set), in MB; 0 where there is none.
func procStatusMB(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 64)
		if err != nil {
			return 0
		}
		return round2(kb / 1024)
	}
	return 0
}

func machineFacts(version string) benchMachine {
	m := benchMachine{CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), GoVersion: runtime.Version(),
		OS: runtime.GOOS + "/" + runtime.GOARCH, Version: version, Time: time.Now().UTC().Format(time.RFC3339)}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) >= 3 {
			m.LoadAvg = strings.Join(f[:3], " ")
		}
	}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
				m.CPUModel = strings.TrimSpace(value)
				break
			}
		}
	}
	return m
}

// storeKind names the store and, for the embedded one, its directory.
func storeKind(c Store) (kind, dir string) {
	switch {
	case c.MongoURI != "":
		return "MongoDB at --mongodb-uri", ""
	case c.PostgreSQLURL != "":
		return "embedded FerretDB on PostgreSQL", c.DataDir
	}
	return "embedded FerretDB on SQLite", c.DataDir
}

// benchTargets holds the report to the targets of issue 15 (set for scale M
// on the embedded store, two cores).
func benchTargets(r *Report) []benchTarget {
	var out []benchTarget
	row := func(name string, conc int) *benchRow {
		for i := range r.Rows {
			if r.Rows[i].Endpoint == name && (conc == 0 || r.Rows[i].Concurrency == conc) {
				return &r.Rows[i]
			}
		}
		return nil
	}
	below := func(what string, x *benchRow, value func(*benchRow) float64, limit float64) {
		if x != nil {
			v := value(x)
			out = append(out, benchTarget{What: what, Limit: fmt.Sprintf("< %g ms", limit), Value: v, Unit: "ms", Met: v < limit && x.Errors == 0})
		}
	}
	p95 := func(x *benchRow) float64 { return x.P95 }
	below("mixed: dashboard p95", row(benchMixed+"-"+benchDashboard, 0), p95, 30)
	below("mixed: timeline p95", row(benchMixed+"-"+benchTimeline, 0), p95, 30)
	below("mixed: writes p95", row(benchMixed+"-writes", 0), p95, 50)
	below("create-agreement p95 at 16", row(benchCreate, 16), p95, 30)
	below("attach-evidence p95 at 16", row(benchCite, 16), p95, 30)
	healthz := row(benchHealthz, 16)
	for _, name := range []string{benchDashboard, benchTimeline, benchList, benchAgreement, benchLinks, benchOverview, benchSearch} {
		x := row(name, 16)
		below(name+" p95 at 16", x, p95, 15)
		if x == nil || healthz == nil || healthz.RPS == 0 {
			continue
		}
		// Requests a second as a share of /healthz's in the same run, at
		// least twice the share of the run of 6 Dec 2026.
		share, want := x.RPS/healthz.RPS, 2*dec6Share[name]
		out = append(out, benchTarget{What: name + " req/s ÷ healthz's at 16", Limit: fmt.Sprintf(">= %.4f", want), Value: round4(share), Unit: "", Met: share >= want && x.Errors == 0})
	}
	below("first 16 dashboards after start, slowest", row(benchFirst, 0), func(x *benchRow) float64 { return x.Max }, 1000)
	out = append(out,
		benchTarget{What: "peak memory (VmHWM)", Limit: "< 300 MB", Value: r.Memory.PeakRSSMB, Unit: "MB", Met: r.Memory.PeakRSSMB > 0 && r.Memory.PeakRSSMB < 300},
		benchTarget{What: "start-up until /readyz", Limit: "< 3000 ms", Value: r.Startup.TotalMS, Unit: "ms", Met: r.Startup.TotalMS < 3000})
	return out
}

// dec6Share is each endpoint's requests a second at concurrency 16 as a
// share of /healthz's (24,235.8), in the run of 6 Dec 2026 (BENCHMARKS.md):
// the stored read models' last run.
var dec6Share = map[string]float64{
	benchDashboard: 1171.6 / 24235.8,
	benchTimeline:  1191.9 / 24235.8,
	benchList:      774.9 / 24235.8,
	benchAgreement: 583.2 / 24235.8,
	benchLinks:     799.4 / 24235.8,
	benchOverview:  679.4 / 24235.8,
	benchSearch:    1022.3 / 24235.8,
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

// WriteReport writes the report as the command prints it.
func WriteReport(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	m := r.Machine
	fmt.Fprintf(bw, "cooptrack bench %s, %s\n", m.Version, m.Time)
	fmt.Fprintf(bw, "machine: %d CPUs (GOMAXPROCS %d), %s, %s, %s, load average %s before the run\n", m.CPUs, m.GOMAXPROCS, orNone(m.CPUModel), m.GoVersion, m.OS, orNone(m.LoadAvg))
	fmt.Fprintf(bw, "store:   %s", r.Store.Kind)
	if r.Store.DataDir != "" {
		fmt.Fprintf(bw, ", data dir %s", r.Store.DataDir)
	}
	fmt.Fprintf(bw, "\nrecords: %d", r.Store.Total)
	for _, t := range domain.RecordTypes {
		if n, ok := r.Store.Records[t.Collection()]; ok {
			fmt.Fprintf(bw, ", %d %s", n, t.Collection())
		}
	}
	s := r.Startup
	fmt.Fprintf(bw, "\nstart-up: %.2f ms until /readyz (embedded store %.2f, connect %.2f, migrate %.2f, index _id %.2f, heal %.2f, model %.2f, serve until ready %.2f)\n",
		s.TotalMS, s.EmbeddedMS, s.ConnectMS, s.MigrateMS, s.IndexMS, s.HealMS, s.ModelMS, s.ReadyMS)
	p := r.Picked
	fmt.Fprintf(bw, "measured on: country %s (%d agreements), agreement %s, organizations %s and %s, source %s, search %q\n\n",
		p.Country, p.CountryAgrees, p.Agreement, orNone(p.HomeOrg), orNone(p.PartnerOrg), orNone(p.Source), p.Search)

	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "endpoint\tconc\trequests\terrors\treq/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\ttrips/req\tKB/resp\tcold ms\t")
	for _, x := range r.Rows {
		cold := ""
		if x.Cold != nil {
			cold = fmt.Sprintf("%.2f", *x.Cold)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%s\t\n",
			x.Endpoint, x.Concurrency, x.Requests, x.Errors, x.RPS, x.P50, x.P95, x.P99, x.Max, x.RoundTrips, x.KBPerResponse, cold)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(bw, "\nrequests:")
	seen := map[string]bool{}
	for _, x := range r.Rows {
		if !seen[x.Endpoint] {
			seen[x.Endpoint] = true
			fmt.Fprintf(bw, "  %-22s %s\n", x.Endpoint, x.Request)
		}
	}
	for _, x := range r.Rows {
		if x.FirstError != "" {
			fmt.Fprintf(bw, "  first error of %s at concurrency %d: %s\n", x.Endpoint, x.Concurrency, x.FirstError)
		}
	}
	fmt.Fprintln(bw, "\nstore commands per request, at the first concurrency level (count, and time as the driver sees it):")
	seen = map[string]bool{}
	for _, x := range r.Rows {
		if seen[x.Endpoint] || len(x.Commands) == 0 {
			continue
		}
		seen[x.Endpoint] = true
		var parts []string
		for i, c := range x.Commands {
			if i == 6 {
				parts = append(parts, "...")
				break
			}
			parts = append(parts, fmt.Sprintf("%s %.2f× %.2f ms", c.Command, c.PerRequest, c.MSPerRequest))
		}
		fmt.Fprintf(bw, "  %-22s %s\n", x.Endpoint, strings.Join(parts, "; "))
	}
	mem := r.Memory
	fmt.Fprintf(bw, "\nmemory: peak %.1f MB resident (VmHWM; %.1f MB at ready), %.1f MB now; Go: sys %.1f MB, heap in use %.1f MB\n        (%s)\n",
		mem.PeakRSSMB, mem.PeakRSSAtReadMB, mem.RSSMB, mem.GoSysMB, mem.GoHeapInuseMB, mem.Note)
	if len(r.Targets) > 0 {
		fmt.Fprintln(bw, "\ntargets (scale M, embedded store, 2 cores):")
		for _, t := range r.Targets {
			verdict := "met"
			if !t.Met {
				verdict = "MISSED"
			}
			fmt.Fprintf(bw, "  %-6s %-44s %10.4g %-5s (target %s)\n", verdict, t.What, t.Value, t.Unit, t.Limit)
		}
	}
	fmt.Fprintln(bw, "\nnotes:")
	for _, n := range r.Notes {
		fmt.Fprintf(bw, "  - %s\n", n)
	}
	return bw.Flush()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// commandStats gathers the store commands sent, by command and collection,
// with the time each took.
type commandStats struct {
	mu      sync.Mutex
	pending map[int64]string
	byKey   map[string]*commandStat
}

type commandStat struct {
	key   string
	n     int
	total time.Duration
}

func (s *commandStats) started(e *event.CommandStartedEvent) {
	coll, _ := e.Command.Lookup(e.CommandName).StringValueOK()
	if e.CommandName == "getMore" {
		coll, _ = e.Command.Lookup("collection").StringValueOK()
	}
	key := e.CommandName
	if coll != "" {
		key += " " + coll
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == nil {
		s.pending = map[int64]string{}
	}
	s.pending[e.RequestID] = key
}

func (s *commandStats) finished(id int64, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, ok := s.pending[id]
	if !ok {
		return
	}
	delete(s.pending, id)
	if s.byKey == nil {
		return
	}
	st := s.byKey[key]
	if st == nil {
		st = &commandStat{key: key}
		s.byKey[key] = st
	}
	st.n++
	st.total += d
}

// reset starts counting anew.
func (s *commandStats) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byKey = map[string]*commandStat{}
}

// snapshot returns the commands finished since reset, the most time first.
func (s *commandStats) snapshot() []commandStat {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]commandStat, 0, len(s.byKey))
	for _, st := range s.byKey {
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b commandStat) int {
		if a.total != b.total {
			return cmp.Compare(b.total, a.total)
		}
		return strings.Compare(a.key, b.key)
	})
	return out
}

// benchUser is the officer the benchmark's requests act as: every request
// is checked as a real one is.
const benchUser = "bench@localhost"

// benchCredential makes the benchmark's user if missing and a token for
// them, and returns the Authorization header and a function revoking the
// token.
func benchCredential(ctx context.Context, a *repository.Accounts) (string, func(), error) {
	ctx = domain.WithActor(ctx, domain.SystemActor("bench", "cooptrack bench"))
	_, err := a.CreateUser(ctx, domain.NewUser{Email: benchUser, Name: "Benchmark", Role: domain.RoleOfficer, Password: domain.NewPassword()})
	if err != nil && domain.ErrorCode(err) != domain.ECONFLICT {
		return "", nil, fmt.Errorf("create the benchmark's user: %w", err)
	}
	t, secret, err := a.CreateToken(ctx, benchUser, "bench")
	if err != nil {
		return "", nil, fmt.Errorf("make the benchmark's token: %w", err)
	}
	revoke := func() { _ = a.RevokeToken(context.WithoutCancel(ctx), t.ID) }
	return "Bearer " + secret, revoke, nil
}
