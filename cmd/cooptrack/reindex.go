package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"
)

// reindex rebuilds the read models from the records: after a restore, or
// when a read model is suspected wrong. It is safe beside a running server.
func reindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	fs.SetOutput(stderr)
	store := storeFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: cooptrack reindex [flags]\n\nRebuilds every country's dossier and every record's link list from the records.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, closeStore, err := openStore(ctx, store, true, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	start := time.Now()
	last := time.Time{}
	err = db.Reindex(ctx, func(stage string, done, total int) {
		if time.Since(last) < time.Second && done != total {
			return
		}
		last = time.Now()
		if total > 0 {
			fmt.Fprintf(stderr, "%s: %d/%d\n", stage, done, total)
		} else {
			fmt.Fprintf(stderr, "%s: %d\n", stage, done)
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "read models rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}
