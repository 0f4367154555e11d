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
func openStore(ctx context.Context, c *storeConfig, shared bool, logger *slog.Logger) (*repository.DB, func(), error) {
	uri := c.mongoURI
	stopEmbedded := func() {}
	if uri == "" {
		start := embedded.Start
		if shared {
			start = embedded.Attach
		}
		srv, err := start(ctx, embedded.Options{DataDir: c.dataDir, PostgreSQLURL: c.postgreSQLURL, Logger: logger.With("component", "ferretdb")})
		if err != nil {
			return nil, nil, err
		}
		uri, stopEmbedded = srv.URI(), srv.Stop
	}
	db, err := repository.Open(ctx, repository.Options{URI: uri, Database: c.database})
	if err != nil {
		stopEmbedded()
		return nil, nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		_ = db.Close(context.Background())
		stopEmbedded()
		return nil, nil, fmt.Errorf("prepare the store: %w", err)
	}
	// Finish the writes a crash may have interrupted (see repository/project.go).
	healed, err := db.Heal(ctx)
	if err != nil {
		_ = db.Close(context.Background())
		stopEmbedded()
		return nil, nil, fmt.Errorf("finish interrupted writes: %w", err)
	}
	if healed > 0 {
		logger.Warn("finished writes interrupted by a crash", "writes", healed)
	}
	return db, func() {
		_ = db.Close(context.Background())
		stopEmbedded()
	}, nil
}
