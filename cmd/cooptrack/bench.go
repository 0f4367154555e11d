package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"cooptrack/internal/bench"
	"cooptrack/repository"
	"cooptrack/web"
)

// benchCommand measures the server on an existing store (internal/bench).
func benchCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	store := storeFlags(fs)
	var o bench.Options
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "how long each endpoint runs at each concurrency")
	fs.IntVar(&o.Requests, "requests", 0, "run each endpoint for this many requests at each concurrency instead of --duration")
	conc := fs.String("concurrency", "1,16", "comma-separated concurrency levels (requests in flight)")
	only := fs.String("only", "", "comma-separated endpoints to run (default all): "+strings.Join(bench.Names, ", "))
	fs.BoolVar(&o.Writes, "writes", false, "also run the write endpoints, which create records in the store: use a copy of it")
	fs.IntVar(&o.Warmup, "warmup", 20, "requests sent at each level before measuring, so that caches are filled")
	fs.StringVar(&o.Home, "home", "KR", "the office's home country: parties of new agreements come from it and the top partner")
	fs.StringVar(&o.Country, "country", "", "measure this country's pages (default: the partner with the most agreements)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the measured runs to this file (go tool pprof)")
	fs.StringVar(&o.MemProfile, "memprofile", "", "write a heap profile at the end of the run to this file (go tool pprof)")
	memoryLimit := memoryLimitFlag(fs)
	logLevel := fs.String("log-level", "info", "level of the server's request log, which is formatted as in serve and discarded")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `Usage: cooptrack bench [store flags] [--duration 10s | --requests N] [--concurrency 1,16] [--only name,...] [--writes] [--json]

Starts the server on an existing store (fill one with "cooptrack seed"), in
this process, and measures its endpoints over real HTTP connections: p50,
p95 and p99 latency, requests per second, errors (non-2xx answers) and store
round trips per request, at each concurrency level; the start-up time; the
process's peak memory. The anchors healthz (HTTP alone) and store-floor (one
FindOne by _id through the driver) are measured in the same run.

The write endpoints (create-agreement, attach-evidence) run only with
--writes: they create real records, so run them on a copy of the store.

Flags:`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	bad := func(format string, args ...any) error {
		fmt.Fprintf(stderr, "cooptrack bench: "+format+"\n", args...)
		return errUsage
	}
	if fs.NArg() > 0 {
		return bad("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if o.Levels, err = bench.ParseLevels(*conc); err != nil {
		return bad("--concurrency: %v", err)
	}
	if o.Only, err = bench.ParseOnly(*only, o.Writes); err != nil {
		return bad("--only: %v", err)
	}
	switch {
	case o.Duration <= 0 && o.Requests <= 0:
		return bad("--duration or --requests must be positive")
	case o.Requests < 0, o.Warmup < 0:
		return bad("--requests and --warmup must not be negative")
	}
	home, err := countryFlag("--home", o.Home)
	if err != nil {
		return err
	}
	o.Home = string(home)
	if o.Country != "" {
		country, err := countryFlag("--country", o.Country)
		if err != nil {
			return err
		}
		o.Country = string(country)
	}
	if err := applyMemoryLimit(*memoryLimit); err != nil {
		return bad("%v", err)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return bad("--log-level: %v", err)
	}
	// The server logs every request as serve does; the cost of formatting
	// is part of the measure, the output is not.
	logger := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: level}))
	previous := slog.Default()
	slog.SetDefault(logger)
	defer slog.SetDefault(previous)
	if o.Writes {
		fmt.Fprintln(stderr, "warning: --writes creates agreements and citations in the store; run it on a copy of the data")
	}

	o.Store = bench.Store{MongoURI: store.mongoURI, DataDir: store.dataDir, Database: store.database, PostgreSQLURL: store.postgreSQLURL, SnapshotPath: store.snapshotPath()}
	o.Version = version
	o.Handler = func(db *repository.DB) http.Handler { return web.New(webStores(db)) }
	report, err := bench.Run(ctx, o, logger, stderr)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(report)
	}
	return bench.WriteReport(stdout, report)
}
