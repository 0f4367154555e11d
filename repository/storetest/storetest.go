// Package storetest gives tests real stores to run against: the embedded
// FerretDB on SQLite always, and FerretDB on PostgreSQL when
// COOPTRACK_TEST_POSTGRES_URL is set. Each test gets a database of its own,
// dropped when it ends, so tests run in parallel without seeing each other.
package storetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/embedded"
)

// PostgresEnv names the variable holding the PostgreSQL URL for FerretDB.
const PostgresEnv = "COOPTRACK_TEST_POSTGRES_URL"

// Backend is one server the tests run against.
type Backend struct {
	Name   string
	URI    string
	server *embedded.Server
}

var (
	mu       sync.Mutex
	backends []Backend
	servers  []*embedded.Server
	helpers  []*helper
	dirs     []string
	started  bool
	startErr error
	seq      atomic.Int64
	// opened holds how each open store was opened, for Reopen and LoadDemo.
	opened sync.Map // *repository.DB -> openedAs
)

// Main runs the tests and stops the servers they started; new passwords
// are hashed cheaply meanwhile (domain.UseCheapPasswordHashing). Call it
// from TestMain.
func Main(m *testing.M) {
	domain.UseCheapPasswordHashing()
	code := m.Run()
	stop()
	os.Exit(code)
}

func start() ([]Backend, error) {
	mu.Lock()
	defer mu.Unlock()
	if started {
		return backends, startErr
	}
	started = true
	// A minute: the first test process of a run may build the helper.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	add := func(name, pg string) {
		dir, err := os.MkdirTemp("", "cooptrack-store-")
		if err != nil {
			startErr = err
			return
		}
		dirs = append(dirs, dir)
		var s *embedded.Server
		if outOfProcess() {
			var h *helper
			s, h, err = startHelper(ctx, dir, pg)
			if h != nil {
				helpers = append(helpers, h)
			}
		} else {
			s, err = embedded.Start(ctx, embedded.Options{DataDir: dir, PostgreSQLURL: pg, NoSync: true})
			if s != nil {
				servers = append(servers, s)
			}
		}
		if err != nil {
			startErr = fmt.Errorf("start %s store: %w", name, err)
			return
		}
		backends = append(backends, Backend{Name: name, URI: s.URI(), server: s})
	}
	add("sqlite", "")
	if pg := os.Getenv(PostgresEnv); pg != "" && startErr == nil {
		own, drop, err := processDatabase(ctx, pg)
		if err != nil {
			startErr = fmt.Errorf("postgresql: %w", err)
			return backends, startErr
		}
		dropPG = drop
		add("postgresql", own)
	}
	return backends, startErr
}

// dropPG drops this process's PostgreSQL database, if it made one.
var dropPG func()

// processDatabase makes a PostgreSQL database for this test process beside
// the one of pgURL and returns its URL, and a function that drops it.
// The test binaries of several packages run at once; sharing one database,
// each through its own FerretDB, they met FerretDB v1's races on its
// metadata when another process created or dropped a schema ("relation
// ..._ferretdb_database_metadata does not exist").
func processDatabase(ctx context.Context, pgURL string) (string, func(), error) {
	u, err := url.Parse(pgURL)
	if err != nil {
		return "", nil, err
	}
	base := strings.TrimPrefix(u.Path, "/")
	if base == "" {
		base = "cooptrack_test"
	}
	name := pgx.Identifier{fmt.Sprintf("%s_p%d", base, os.Getpid())}
	exec := func(ctx context.Context, sqls ...string) error {
		conn, err := pgx.Connect(ctx, pgURL)
		if err != nil {
			return err
		}
		defer func() { _ = conn.Close(context.Background()) }()
		for _, sql := range sqls {
			if _, err := conn.Exec(ctx, sql); err != nil {
				return err
			}
		}
		return nil
	}
	dropSQL := "DROP DATABASE IF EXISTS " + name.Sanitize() + " WITH (FORCE)"
	if err := exec(ctx, dropSQL, "CREATE DATABASE "+name.Sanitize()); err != nil {
		return "", nil, err
	}
	own := *u
	own.Path = "/" + name[0]
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = exec(ctx, dropSQL)
	}
	return own.String(), drop, nil
}

func stop() {
	mu.Lock()
	defer mu.Unlock()
	for _, s := range servers {
		s.Stop()
	}
	for _, h := range helpers {
		h.stop()
	}
	if dropPG != nil {
		dropPG()
	}
	for _, d := range dirs {
		_ = os.RemoveAll(d)
	}
}

// Backends returns the servers to run a test against.
func Backends(t testing.TB) []Backend {
	t.Helper()
	b, err := start()
	if err != nil {
		t.Fatalf("stores: %v", err)
	}
	return b
}

// Open connects to a fresh database on the backend, migrated, and drops it
// when the test ends.
func Open(t testing.TB, b Backend) *repository.DB {
	t.Helper()
	return OpenWith(t, b, repository.Options{})
}

// OpenWith is Open with options (a command monitor, say); URI and Database
// are filled in.
func OpenWith(t testing.TB, b Backend, o repository.Options) *repository.DB {
	t.Helper()
	o.URI = b.URI
	o.OneWriter = b.server.OneWriter()
	o.Database = fmt.Sprintf("t%d_%d", os.Getpid()%100000, seq.Add(1))
	// FerretDB v1 on PostgreSQL may fail a command while another connection
	// creates or drops a schema ("relation ..._ferretdb_database_metadata
	// does not exist"); tests of one process do that in parallel. Opening
	// is retried a few times so that such a race does not fail a test.
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		var db *repository.DB
		if db, err = open(b, o); err == nil {
			opened.Store(db, openedAs{backend: b, options: o})
			t.Cleanup(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				_ = db.Drop(ctx)
				_ = db.Close(ctx)
			})
			return db
		}
		time.Sleep(time.Duration(200*(attempt+1)) * time.Millisecond)
	}
	t.Fatalf("open %s store: %v", b.Name, err)
	return nil
}

// open connects to the database and prepares it as the server does.
func open(b Backend, o repository.Options) (*repository.DB, error) {
	ctx := context.Background()
	db, err := repository.Open(ctx, o)
	if err != nil {
		return nil, err
	}
	prepare := func() error {
		if err := db.Migrate(ctx); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if err := b.server.IndexIDs(ctx, o.Database); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		return nil
	}
	if err := prepare(); err != nil {
		_ = db.Drop(ctx)
		_ = db.Close(ctx)
		return nil, err
	}
	return db, nil
}

// openedAs is how a store was opened.
type openedAs struct {
	backend Backend
	options repository.Options
}

// Reopen connects a second time to the database of db, as a second app
// instance sharing it would; the connection is closed when the test ends.
func Reopen(t testing.TB, db *repository.DB) *repository.DB {
	t.Helper()
	return ReopenWith(t, db, repository.Options{})
}

// ReopenWith is Reopen with options (a snapshot's path, say); URI and
// Database are db's.
func ReopenWith(t testing.TB, db *repository.DB, with repository.Options) *repository.DB {
	t.Helper()
	o, ok := opened.Load(db)
	if !ok {
		t.Fatal("Reopen: the store was not opened by storetest")
	}
	with.URI, with.Database, with.OneWriter = o.(openedAs).options.URI, o.(openedAs).options.Database, o.(openedAs).options.OneWriter
	other, err := repository.Open(context.Background(), with)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { _ = other.Close(context.Background()) })
	return other
}

// Each runs f as a subtest against each backend, with a fresh database;
// the subtests run in parallel.
func Each(t *testing.T, f func(t *testing.T, db *repository.DB)) {
	t.Helper()
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			f(t, Open(t, b))
		})
	}
}
