package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/web"
	"cooptrack/web/report/pdf"
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
	yearRange := yearRangeFlag(fs)
	cookieSecure := fs.String("cookie-secure", env("COOPTRACK_COOKIE_SECURE", string(web.CookieSecureAuto)), "mark the session cookie Secure: auto (when served over TLS, or when a trusted proxy sends X-Forwarded-Proto: https), always, or never (env COOPTRACK_COOKIE_SECURE)")
	proxies := fs.String("trusted-proxies", env("COOPTRACK_TRUSTED_PROXIES", ""), "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; none by default (env COOPTRACK_TRUSTED_PROXIES)")
	briefFont := fs.String("brief-font", env("COOPTRACK_BRIEF_FONT", ""), "TrueType (.ttf) font for the country briefs in PDF; when not set, Debian's fonts-nanum NanumGothic if installed (accents and Hangul), else the core font Helvetica (accents, no Hangul) (env COOPTRACK_BRIEF_FONT)")
	baseURL := fs.String("base-url", env("COOPTRACK_BASE_URL", ""), "the address people and programs reach the server at, such as https://cooptrack.example.org: it starts the calendar feed's address and the links in the feed and the IATI file; when not set, the address listened on (env COOPTRACK_BASE_URL)")
	iatiOrgID := fs.String("iati-org-id", env("COOPTRACK_IATI_ORG_ID", web.DefaultIATIOrgID), "IATI identifier of the reporting organisation, which starts every activity's identifier in the IATI export, e.g. XM-DAC-742 (env COOPTRACK_IATI_ORG_ID)")
	iatiOrgName := fs.String("iati-org-name", env("COOPTRACK_IATI_ORG_NAME", web.DefaultIATIOrgName), "name of the reporting organisation in the IATI export (env COOPTRACK_IATI_ORG_NAME)")
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
	if err := applyYearRange(*yearRange); err != nil {
		return badFlag(stderr, "serve: %v", err)
	}
	secure, err := web.ParseCookieSecure(*cookieSecure)
	if err != nil {
		return badFlag(stderr, "serve: --cookie-secure: %v", err)
	}
	if *baseURL != "" {
		if *baseURL, err = web.ParseBaseURL(*baseURL); err != nil {
			return badFlag(stderr, "serve: --base-url: %v", err)
		}
	}
	font, err := pdf.LoadFont(*briefFont)
	if err != nil {
		return badFlag(stderr, "serve: --brief-font: %v", err)
	}
	if strings.TrimSpace(*iatiOrgID) == "" || strings.ContainsAny(*iatiOrgID, " \t/") {
		return fmt.Errorf("%w: --iati-org-id %q is not an IATI organisation identifier such as XM-DAC-742", errUsage, *iatiOrgID)
	}
	if *demo && *home == "" {
		*home = "KR" // the demo office is Korea's ministry
	}
	if *home != "" {
		code, err := countryFlag("--home-country", *home)
		if err != nil {
			return err
		}
		*home = string(code)
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
	// The model is built before the server listens: the first requests find
	// it ready rather than each waiting for it.
	if err := db.Load(ctx); err != nil {
		return fmt.Errorf("build the model: %w", err)
	}
	// A snapshot of the model makes the next start quick; it is written in
	// the background every few minutes (the first a minute after start, out
	// of the way of the first requests), and when the server stops.
	go func() {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
		writeSnapshot(ctx, db, logger)(time.Now())
		every(ctx, snapshotEvery, writeSnapshot(ctx, db, logger))
	}()
	if *demo {
		res, err := loadDemo(ctx, db, *article)
		if err != nil {
			return err
		}
		logger.Info("demo data loaded", "created", res.Created, "existing", res.Existing)
	}

	// The first start makes an admin, whose password is printed once,
	// after the line saying where the server listens; the demo, a viewer
	// and an officer too.
	admin, created, err := db.Accounts.EnsureAdmin(ctx, "")
	if err != nil {
		return err
	}
	var people []domain.Credentials
	if created {
		people = append(people, admin)
	}
	if *demo {
		demoPeople, err := ensureDemoUsers(ctx, db.Accounts)
		if err != nil {
			return err
		}
		people = append(people, demoPeople...)
	}

	handler := web.New(webStores(db))
	handler.Home = *home
	handler.CookieSecure = secure
	handler.UseBriefFont(font)
	logger.Info("country briefs", "font", font.String())
	handler.IATIOrgID, handler.IATIOrgName = *iatiOrgID, *iatiOrgName
	if *proxies != "" {
		if err := handler.TrustProxies(strings.Split(*proxies, ",")); err != nil {
			return badFlag(stderr, "serve: --trusted-proxies: %v", err)
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		printCredentials(stdout, people) // or the passwords would be lost
		return fmt.Errorf("listen: %w", err)
	}
	handler.BaseURL = cmp.Or(*baseURL, "http://"+displayAddr(ln.Addr()))
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
	printCredentials(stdout, people)
	go every(ctx, time.Hour, purgeAccounts(ctx, db.Accounts, logger))
	go every(ctx, time.Minute, healInterrupted(ctx, db, logger))
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
	writeSnapshot(sctx, db, logger)(time.Now())
	return nil
}

// snapshotEvery is how often a server writes the model's snapshot (when
// the log moved on since the last).
const snapshotEvery = 5 * time.Minute

// writeSnapshot writes the model's snapshot.
func writeSnapshot(ctx context.Context, db *repository.DB, logger *slog.Logger) func(time.Time) {
	return func(time.Time) {
		start := time.Now()
		if err := db.WriteSnapshot(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("write the model's snapshot", "error", err)
			return
		}
		logger.Debug("model snapshot written", "took", time.Since(start))
	}
}

// purgeAccounts removes ended sessions and stale counts of failed log-ins:
// the embedded store has no TTL index to do it.
func purgeAccounts(ctx context.Context, a *repository.Accounts, logger *slog.Logger) func(time.Time) {
	return func(now time.Time) {
		n, err := a.Purge(ctx, now)
		if err != nil && ctx.Err() == nil {
			logger.Warn("purge ended sessions", "error", err)
			return
		}
		logger.Debug("purged ended sessions and stale log-in failures", "removed", n)
	}
}

// healInterrupted finishes the writes that failed between their log entry
// and their record (the database went away in between), so that the
// records catch up with the log once it is back, without a restart.
func healInterrupted(ctx context.Context, db *repository.DB, logger *slog.Logger) func(time.Time) {
	return func(time.Time) {
		n, err := db.HealInterrupted(ctx, repository.InterruptedAfter)
		if err != nil && ctx.Err() == nil {
			logger.Warn("finish interrupted writes", "error", err)
			return
		}
		if n > 0 {
			logger.Warn("finished writes interrupted by a database failure", "writes", n)
		}
	}
}

// every runs job every interval until ctx ends.
func every(ctx context.Context, interval time.Duration, job func(now time.Time)) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			job(now)
		}
	}
}

// printCredentials shows the users just made with their passwords, once.
func printCredentials(w io.Writer, people []domain.Credentials) {
	for _, c := range people {
		fmt.Fprintf(w, "created %s with the password %s\n", c.Email, c.Password)
	}
	if len(people) > 0 {
		fmt.Fprintln(w, "log in at /login and change these passwords on /account now: they are not shown again")
	}
}

// demoUsers are the users --demo adds beside the admin, one of each other
// role, to try what each may do.
var demoUsers = []domain.NewUser{
	{Email: "viewer@localhost", Name: "Demo viewer", Role: domain.RoleViewer},
	{Email: "officer@localhost", Name: "Demo officer", Role: domain.RoleOfficer},
}

// ensureDemoUsers adds the demo users that are missing, with generated
// passwords, and returns their credentials.
func ensureDemoUsers(ctx context.Context, a *repository.Accounts) ([]domain.Credentials, error) {
	ctx = domain.WithActor(ctx, domain.SystemActor("serve", "--demo"))
	var made []domain.Credentials
	for _, n := range demoUsers {
		n.Password = domain.NewPassword()
		_, err := a.CreateUser(ctx, n)
		switch domain.ErrorCode(err) {
		case "":
			made = append(made, domain.Credentials{Email: n.Email, Password: n.Password})
		case domain.ECONFLICT: // made at an earlier start
		default:
			return nil, fmt.Errorf("create the demo user %s: %w", n.Email, err)
		}
	}
	return made, nil
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
	return errUsage // the flag package has printed the error and the usage
}
