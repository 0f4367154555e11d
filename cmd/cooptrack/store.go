package main

import (
	"context"
	"fmt"
	"log/slog"

	"cooptrack/repository"
	"cooptrack/repository/embedded"
)

// openStore connects to the configured store, migrated and ready. With no
// MongoDB URI it starts the embedded FerretDB on the data directory; when
// shared is set and a cooptrack server already runs there, it connects
// through that server's socket instead (CLI commands do; a server does not).
// The returned function closes the store.
func openStore(ctx context.Context, c *storeConfig, shared bool, logger *slog.Logger) (db *repository.DB, _ func(), err error) {
	var cleanups []func()
	closeAll := func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}
	defer func() {
		if err != nil {
			closeAll()
		}
	}()
	uri := c.mongoURI
	var srv *embedded.Server
	if uri == "" {
		start := embedded.Start
		if shared {
			start = embedded.Attach
		}
		if srv, err = start(ctx, embedded.Options{DataDir: c.dataDir, PostgreSQLURL: c.postgreSQLURL, Logger: logger.With("component", "ferretdb")}); err != nil {
			return nil, nil, err
		}
		cleanups = append(cleanups, srv.Stop)
		uri = srv.URI()
	}
	if db, err = repository.Open(ctx, repository.Options{URI: uri, Database: c.database, OneWriter: srv != nil && srv.OneWriter(), SnapshotPath: c.snapshotPath()}); err != nil {
		return nil, nil, err
	}
	// db itself is set to nil when this function returns an error, before
	// the deferred cleanups run: close the store through a copy.
	opened := db
	cleanups = append(cleanups, func() { _ = opened.Close(context.Background()) })
	if err = db.Migrate(ctx); err != nil {
		return nil, nil, fmt.Errorf("prepare the store: %w", err)
	}
	if srv != nil {
		if err = srv.IndexIDs(ctx, c.database); err != nil {
			return nil, nil, err
		}
	}
	return db, closeAll, nil
}
