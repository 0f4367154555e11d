package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"cooptrack/domain/demo"
	"cooptrack/repository"
)

// defaultArticlePath is where the seed article lies beside a checkout of the
// project; the repository itself holds no copy of it.
const defaultArticlePath = "../shared/seeds/lac-rok-cooperation-2015.txt"

func seed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "synthetic" {
		return seedSynthetic(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "demo" {
		fmt.Fprintln(stderr, "Usage: cooptrack seed demo|synthetic [flags]")
		return errUsage
	}
	fs := flag.NewFlagSet("seed demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	store := storeFlags(fs)
	article := fs.String("demo-article", env("COOPTRACK_DEMO_ARTICLE", defaultArticlePath), "text of the seed article for the demo source, if present (env COOPTRACK_DEMO_ARTICLE)")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(err)
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, closeStore, err := openStore(ctx, store, true, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	res, err := loadDemo(ctx, db, *article)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo data: %d records created, %d already there\n", res.Created, res.Existing)
	return nil
}

// loadDemo loads the demo data, with the article's text when the file is
// there.
func loadDemo(ctx context.Context, db *repository.DB, articlePath string) (demo.Result, error) {
	text, err := os.ReadFile(articlePath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return demo.Result{}, fmt.Errorf("read the demo article: %w", err)
	}
	return demo.Load(ctx, demoStores(db), string(text))
}
