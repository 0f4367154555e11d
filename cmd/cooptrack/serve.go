package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"cooptrack/domain"
	"cooptrack/web"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	store := storeFlags(fs)
	addr := fs.String("addr", env("COOPTRACK_ADDR", ":8080"), "address to listen on (env COOPTRACK_ADDR)")
	demo := fs.Bool("demo", false, "load the demo data (the seed article's records) before serving")
	home := fs.String("home-country", env("COOPTRACK_HOME_COUNTRY", ""), "the installation's own country (ISO code), left out of the partner countries; KR with --demo when not set (env COOPTRACK_HOME_COUNTRY)")
	article := fs.String("demo-article", env("COOPTRACK_DEMO_ARTICLE", defaultArticlePath), "text of the seed article for the demo source, if present (env COOPTRACK_DEMO_ARTICLE)")
	logLevel := fs.String("log-level", env("COOPTRACK_LOG_LEVEL", "info"), "debug, info, warn or error (env COOPTRACK_LOG_LEVEL)")
	memoryLimit := memoryLimitFlag(fs)
	shutdown := fs.Duration("shutdown-timeout", envDuration("COOPTRACK_SHUTDOWN_TIMEOUT", 15*time.Second), "time given to requests in flight on shutdown")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: cooptrack serve [flags]\n\nServes the web application and the JSON API under /api/v1.\nWithout --mongodb-uri the store is FerretDB embedded in this process, on SQLite files in --data-dir.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	if err := applyMemoryLimit(*memoryLimit); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if *demo && *home == "" {
		*home = "KR" // the demo office is Korea's ministry
	}
	if *home != "" && !domain.IsCountryCode(*home) {
		return fmt.Errorf("%w: --home-country %q is not an ISO 3166-1 alpha-2 code", errUsage, *home)
	}
	logger, err := newLogger(stderr, *logLevel)
	if err != nil {
		return err
	}
	slog.SetDefault(logger)

	db, closeStore, err := openStore(ctx, store, false, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	if *demo {
		res, err := loadDemo(ctx, db, *article)
		if err != nil {
			return err
		}
		logger.Info("demo data loaded", "created", res.Created, "existing", res.Existing)
	}

	// The first start makes an admin, whose password is printed once,
	// after the line saying where the server listens.
	admin, created, err := db.Accounts.EnsureAdmin(ctx, "")
	if err != nil {
		return err
	}

	handler := web.New(webStores(db))
	handler.Home = *home

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		printAdmin(stdout, admin, created) // or its password would be lost
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "cooptrack %s listening on http://%s\n", version, displayAddr(ln.Addr()))
	printAdmin(stdout, admin, created)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), *shutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// printAdmin shows the credentials of the admin made at the first start.
func printAdmin(w io.Writer, c domain.Credentials, created bool) {
	if created {
		fmt.Fprintf(w, "created the admin %s with the password %s\nlog in and change this password now: it is not shown again\n", c.Email, c.Password)
	}
}

// displayAddr turns a listening address into one a browser can open.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		port := 0
		if ok {
			port = tcp.Port
		}
		return fmt.Sprintf("localhost:%d", port)
	}
	return tcp.String()
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

func usageError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return fmt.Errorf("%w: %w", errUsage, err)
}
