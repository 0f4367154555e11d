package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"cooptrack/repository"
)

// backupCommand writes the store's data to one file. It works beside a
// running server (through its socket) and while it writes: see
// repository/backup.go for what the file holds and how it stays consistent.
func backupCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var out string
	store, err := accountFlags("backup", `Writes every record, source text, user (with the password hashes), API token
hash and audit entry to one compressed file, consistently, while the server runs.
Read models are not in it (restore rebuilds them), nor sessions and log-in
failure counts. The file holds password hashes and token hashes: keep it as you
keep the database.`, args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "the file to write, e.g. cooptrack-2026-11-27.backup (required; replaced if it exists)")
	})
	if err != nil {
		return err
	}
	if out == "" {
		return badFlag(stderr, "backup: --out is required: the file to write")
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, closeStore, err := openStore(ctx, store, true, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	// The file is written beside its final name and renamed once whole, so
	// that a backup that fails never leaves a file that looks like one.
	f, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".*.partial")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer func() { _ = os.Remove(f.Name()) }()
	start := time.Now()
	sum, err := db.Backup(ctx, f, version)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(f.Name(), out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	info, err := os.Stat(out)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backup written to %s: %d documents (%s), %s in %s\n",
		out, sum.Documents(), counts(sum.Counts), size(info.Size()), time.Since(start).Round(time.Millisecond))
	if sum.Amended > 0 {
		fmt.Fprintf(stdout, "%d documents written to from a minute before the backup began were read again, to catch up with writes made while it read\n", sum.Amended)
	}
	return nil
}

// restoreCommand writes a backup file into an empty store.
func restoreCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var in string
	var force bool
	store, err := accountFlags("restore", `Restores a backup file into an empty store: the embedded one of --data-dir, or
the database at --mongodb-uri. The whole file is checked first; a damaged or
cut-short file, or one written by a newer cooptrack, is refused and nothing is
written. A store that holds data is refused unless --force is given. If the
restore fails midway, what it wrote is removed again. A server on the store
builds its model in memory afresh from the restored records. Sessions are not
restored: everyone logs in again.`, args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&in, "in", "", "the backup file to restore (required)")
		fs.BoolVar(&force, "force", false, "DELETE ALL DATA in the store (records, users, tokens, audit log) before restoring, instead of refusing a store that holds some")
	})
	if err != nil {
		return err
	}
	if in == "" {
		return badFlag(stderr, "restore: --in is required: the backup file to restore")
	}
	open := func() (io.ReadCloser, error) { return os.Open(in) }
	// Check the file before the store is opened (or, embedded, created).
	f, err := open()
	if err != nil {
		return badFlag(stderr, "restore: --in: %v", err)
	}
	_, err = repository.VerifyBackup(f)
	_ = f.Close()
	if err != nil {
		return inputError(stderr, err)
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, closeStore, err := openStore(ctx, store, true, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	start := time.Now()
	last := time.Time{}
	sum, err := db.Restore(ctx, open, repository.RestoreOptions{Force: force, Progress: func(stage string, done, total int) {
		if time.Since(last) < time.Second && done != total {
			return
		}
		last = time.Now()
		fmt.Fprintf(stderr, "%s: %d/%d\n", stage, done, total)
	}})
	if err != nil {
		return inputError(stderr, err)
	}
	fmt.Fprintf(stdout, "restored %d documents (%s) from the backup of %s made by cooptrack %s, in %s\n",
		sum.Documents(), counts(sum.Counts), sum.Header.CreatedAt.Format("2 Jan 2006 15:04 MST"), sum.Header.Version, time.Since(start).Round(time.Millisecond))
	return nil
}

// counts lists the documents per collection, the non-empty ones.
func counts(c map[string]int) string {
	names := make([]string, 0, len(c))
	for name, n := range c {
		if n > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%d %s", c[name], name)
	}
	return strings.Join(parts, ", ")
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
