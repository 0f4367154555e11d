// Package embedded runs FerretDB inside the process, on SQLite files in a data
// directory, so that cooptrack needs no database server to start. It listens
// only on a Unix socket inside that directory, never on TCP, and holds a lock
// so that no second process opens the same files.
//
// It imports FerretDB and the SQLite and PostgreSQL drivers it runs on;
// nothing of cooptrack.
package embedded

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// socketName is the Unix socket inside the data directory.
const socketName = "mongodb.sock"

// maxSocketPath is the longest path a Unix socket may have on Linux.
const maxSocketPath = 107

// Server is a running embedded FerretDB, or the socket of one that another
// process of ours runs on the same data directory.
type Server struct {
	uri    string
	lock   *os.File
	cancel context.CancelFunc
	done   chan struct{}
	// dataDir is set on a server this process runs; postgres when it keeps
	// its data in PostgreSQL, at postgresURL.
	dataDir     string
	postgres    bool
	postgresURL string
}

// Attach returns the server of the data directory: its own, started here, or
// when another cooptrack process owns the directory, that process's socket.
// CLI commands use it so that they work whether or not a server runs.
func Attach(ctx context.Context, o Options) (*Server, error) {
	s, err := Start(ctx, o)
	if !errors.Is(err, ErrLocked) {
		return s, err
	}
	dir, err := filepath.Abs(o.DataDir)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	socket := filepath.Join(dir, socketName)
	if _, err := os.Stat(socket); err != nil {
		return nil, fmt.Errorf("%w, and its socket is not there yet: %w", ErrLocked, err)
	}
	return &Server{uri: socketURI(socket)}, nil
}

func socketURI(socket string) string {
	return "mongodb://" + url.PathEscape(socket) + "/"
}

// Options configure Start.
type Options struct {
	// DataDir holds the SQLite files, the socket and the lock.
	DataDir string
	// PostgreSQLURL, when set, makes FerretDB keep its data in that
	// PostgreSQL database instead of SQLite files (tests use it).
	PostgreSQLURL string
	Logger        *slog.Logger
	// NoSync lets SQLite return before its writes reach the disk: tests use
	// it, whose stores a power cut may lose; a server never does.
	NoSync bool
}

// newMu serialises ferretdb.New, which writes a variable of FerretDB's
// package: two stores started at once in one process raced (found by the
// race detector on the CLI tests, which run side by side).
var newMu sync.Mutex

// ErrLocked says another process owns the data directory.
var ErrLocked = errors.New("the data directory is in use by another cooptrack process")

// Start starts FerretDB on the data directory and returns once it accepts
// connections.
func Start(ctx context.Context, o Options) (*Server, error) {
	dir, err := filepath.Abs(o.DataDir)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil { //nolint:gosec // a directory needs the x bit; 0700 is owner-only
		if errors.Is(err, syscall.EROFS) {
			return nil, fmt.Errorf("the data directory %s is on a read-only file system: cooptrack writes its store, lock and socket there; make it writable or choose another --data-dir", dir)
		}
		return nil, fmt.Errorf("data directory: %w", err)
	}
	socket := filepath.Join(dir, socketName)
	if len(socket) > maxSocketPath {
		return nil, fmt.Errorf("the data directory path is too long for a Unix socket (%d > %d characters): choose a shorter --data-dir", len(socket), maxSocketPath)
	}
	lock, err := acquireLock(filepath.Join(dir, "lock"))
	if err != nil {
		return nil, err
	}
	// A socket left by a process that died is ours to remove: we hold the lock.
	if err := os.Remove(socket); err != nil && !errors.Is(err, os.ErrNotExist) {
		_ = releaseLock(lock)
		return nil, fmt.Errorf("remove stale socket: %w", err)
	}
	logger := slog.New(slog.DiscardHandler)
	if o.Logger != nil {
		// FerretDB warns of every command it does not know (the driver's
		// endSessions, for one): only its errors are worth a reader's time.
		logger = slog.New(errorsOnly{o.Logger.Handler()})
	}
	cfg := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{Unix: socket},
		Logger:   logger,
		Handler:  "sqlite",
		// The trailing slash makes it a directory: one file per database.
		SQLiteURL: sqliteURL(dir, o.NoSync),
	}
	if o.PostgreSQLURL != "" {
		cfg.Handler = "postgresql"
		cfg.PostgreSQLURL = o.PostgreSQLURL
		cfg.SQLiteURL = ""
	}
	newMu.Lock() // ferretdb.New sets a package variable of FerretDB's
	f, err := ferretdb.New(cfg)
	newMu.Unlock()
	if err != nil {
		_ = releaseLock(lock)
		return nil, fmt.Errorf("start the embedded store: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	s := &Server{uri: f.MongoDBURI(), lock: lock, cancel: cancel, done: make(chan struct{}), dataDir: dir, postgres: o.PostgreSQLURL != "", postgresURL: o.PostgreSQLURL}
	go func() {
		defer close(s.done)
		_ = f.Run(runCtx)
	}()
	if err := waitForSocket(ctx, socket); err != nil {
		s.Stop()
		return nil, err
	}
	_ = os.Chmod(socket, 0o600)
	return s, nil
}

// sqliteURL is FerretDB's SQLite URL for the data directory: the trailing
// slash makes it a directory, one file per database.
func sqliteURL(dir string, noSync bool) string {
	u := &url.URL{Scheme: "file", Path: dir + "/"}
	if noSync {
		u.RawQuery = "_pragma=synchronous(off)"
	}
	return u.String()
}

// Elsewhere returns the server that another process runs on the data
// directory (or on PostgreSQL at postgresURL) and that answers at uri:
// IndexIDs works on it, Stop does nothing. Tests run their store in a
// helper process this way.
func Elsewhere(uri, dataDir, postgresURL string) *Server {
	return &Server{uri: uri, dataDir: dataDir, postgres: postgresURL != "", postgresURL: postgresURL}
}

// URI is the MongoDB connection string of the server.
func (s *Server) URI() string { return s.uri }

// OneWriter reports whether the store takes one writer at a time: SQLite
// does (PostgreSQL does not), so its clients should queue their writes
// (repository.Options.OneWriter).
func (s *Server) OneWriter() bool { return !s.postgres }

// Owner reports whether this process runs the server and holds the data
// directory's lock (rather than being attached to another's socket).
func (s *Server) Owner() bool { return s.cancel != nil }

// Stop shuts the server down and releases the data directory; for a server
// attached to another process's socket it does nothing.
func (s *Server) Stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	<-s.done
	_ = releaseLock(s.lock)
}

func waitForSocket(ctx context.Context, socket string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(socket); err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("the embedded store did not start within 10 seconds")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// errorsOnly passes on the records of level error and above.
type errorsOnly struct{ slog.Handler }

func (h errorsOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError && h.Handler.Enabled(ctx, l)
}

func (h errorsOnly) WithAttrs(attrs []slog.Attr) slog.Handler {
	return errorsOnly{h.Handler.WithAttrs(attrs)}
}

func (h errorsOnly) WithGroup(name string) slog.Handler { return errorsOnly{h.Handler.WithGroup(name)} }
