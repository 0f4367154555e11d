package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"cooptrack/domain"
	"cooptrack/internal/synth"
	"cooptrack/repository"
)

// seedSynthetic fills an empty store with a made-up office: ten years of
// cooperation with two hundred partner countries (see internal/synth), for
// trying the application and measuring it at scale.
func seedSynthetic(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed synthetic", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: cooptrack seed synthetic [--scale S|M] [--factor F] [--seed N] [--force] [store flags]

Fills an empty store with made-up data: organizations, people, agreements,
events, programs and news articles citing them, over 2016-2025. Scale M is
5,000 organizations, 10,000 people, 5,000 agreements, 20,000 events, 1,000
programs and 50,000 sources with about 100,000 citations; S is a tenth of it.
The same seed gives the same data.

`)
		fs.PrintDefaults()
	}
	store := storeFlags(fs)
	scale := fs.String("scale", "S", "size: S (a tenth of M) or M")
	factor := fs.Float64("factor", 0, "scale every count by this factor instead (1 is M, 0.002 a few dozen records)")
	seedN := fs.Uint64("seed", 1, "seed of the generator")
	force := fs.Bool("force", false, "add the data to a store that holds records already")
	batch := fs.Int("batch", 1000, "records handed to the store at a time")
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "seed synthetic: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	f := *factor
	if f == 0 {
		var err error
		if f, err = synth.ScaleFactor(*scale); err != nil {
			fmt.Fprintln(stderr, "seed synthetic:", err)
			return errUsage
		}
	}
	cfg := synth.Config{Seed: *seedN, Factor: f, BatchSize: *batch}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "seed synthetic:", err)
		return errUsage
	}

	// Errors only: the embedded server warns of every failed command (a
	// missing collection on the first look), which would bury the progress.
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	db, closeStore, err := openStore(ctx, store, true, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	if !*force {
		kind, err := firstNonEmpty(ctx, db)
		if err != nil {
			return err
		}
		if kind != "" {
			return fmt.Errorf("seed synthetic: the store already holds %s (and maybe more); synthetic data goes only into an empty store, so that it never mixes with real records. Choose another --data-dir or --database, or pass --force to add it anyway", kind)
		}
	}

	start := time.Now()
	counts := cfg.Counts()
	p := newProgress(stderr, counts)
	st, err := synth.Generate(cfg, repository.Importer{Ctx: ctx, DB: db, OnBatch: p.track})
	if err != nil {
		return fmt.Errorf("seed synthetic: %w", err)
	}
	p.finish()
	fmt.Fprintf(stdout, "synthetic data (seed %d, factor %g): %d organizations, %d people, %d programs, %d agreements, %d events, %d sources, %d citations, %d partner countries; %s\n",
		cfg.Seed, cfg.Factor, st.Organizations, st.People, st.Programs, st.Agreements, st.Events, st.Sources, st.Citations, st.Countries,
		time.Since(start).Round(100*time.Millisecond))
	return nil
}

// firstNonEmpty names the first kind of record the store holds any of, ""
// when it holds none.
func firstNonEmpty(ctx context.Context, db *repository.DB) (string, error) {
	checks := []struct {
		kind domain.RecordType
		any  func() (bool, error)
	}{
		{domain.TypeOrganization, anyIn(ctx, db.Organizations)},
		{domain.TypePerson, anyIn(ctx, db.People)},
		{domain.TypeAgreement, anyIn(ctx, db.Agreements)},
		{domain.TypeEvent, anyIn(ctx, db.Events)},
		{domain.TypeProgram, anyIn(ctx, db.Programs)},
		{domain.TypeSource, anyIn(ctx, db.Sources)},
	}
	for _, c := range checks {
		found, err := c.any()
		if err != nil {
			return "", fmt.Errorf("seed synthetic: look for records in the store: %w", err)
		}
		if found {
			return c.kind.Collection(), nil
		}
	}
	return "", nil
}

func anyIn[T domain.Record](ctx context.Context, st domain.Store[T]) func() (bool, error) {
	return func() (bool, error) {
		page, err := st.List(ctx, domain.ListFilter{Limit: 1})
		return len(page.Items) > 0, err
	}
}

// progress prints how the import goes to w, about once a second, and a line
// when each kind is done.
type progress struct {
	w       io.Writer
	totals  map[domain.RecordType]int
	kind    domain.RecordType
	done    int
	began   time.Time // of the current kind
	start   time.Time
	last    time.Time // when the last batch was stored
	printed time.Time
}

// progressEvery is how often progress is printed.
const progressEvery = time.Second

func newProgress(w io.Writer, n synth.Counts) *progress {
	now := time.Now()
	return &progress{w: w, start: now, last: now, printed: now, totals: map[domain.RecordType]int{
		domain.TypeSource: n.Sources, domain.TypeOrganization: n.Organizations, domain.TypePerson: n.People,
		domain.TypeProgram: n.Programs, domain.TypeAgreement: n.Agreements, domain.TypeEvent: n.Events,
	}}
}

// track counts a batch of kind stored.
func (p *progress) track(kind domain.RecordType, n int) {
	now := time.Now()
	if kind != p.kind {
		p.endKind(now)
		// The kind began when the one before it ended.
		p.kind, p.done, p.began = kind, 0, p.last
	}
	p.done += n
	p.last = now
	if now.Sub(p.printed) >= progressEvery && p.done < p.totals[kind] {
		p.line(now, "")
	}
}

func (p *progress) line(now time.Time, suffix string) {
	el := now.Sub(p.began)
	rate := 0.0
	if el > 0 {
		rate = float64(p.done) / el.Seconds()
	}
	fmt.Fprintf(p.w, "%-13s %7d/%-7d %6.0f/s  %s%s\n", p.kind.Collection(), p.done, p.totals[p.kind], rate,
		now.Sub(p.start).Round(time.Second), suffix)
	p.printed = now
}

// endKind prints the last line of the kind being imported, if any.
func (p *progress) endKind(now time.Time) {
	if p.kind != "" {
		p.line(now, fmt.Sprintf(" done in %s", now.Sub(p.began).Round(100*time.Millisecond)))
	}
}

func (p *progress) finish() {
	p.endKind(p.last)
	p.kind = ""
}
