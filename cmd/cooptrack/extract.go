package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"cooptrack/domain"
	"cooptrack/domain/extract"
)

// extractCommand drafts records from an article read on stdin and prints
// them as JSON, matched against the store's records unless --no-store; or,
// with --eval, scores the extractor on a development set.
func extractCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	store := storeFlags(fs)
	publishedOn := fs.String("published-on", "", "the article's publication date, as 2015-04-21: dates without a year and \"last week\" are read from it (required)")
	home := fs.String("home", env("COOPTRACK_HOME_COUNTRY", ""), "the office's own country (ISO code); when empty, the country the article names most (env COOPTRACK_HOME_COUNTRY)")
	noStore := fs.Bool("no-store", false, "match nothing: do not open the store")
	eval := fs.String("eval", "", "score the extractor on the development set in this directory (NAME.txt and NAME.json pairs) instead")
	misses := fs.Bool("misses", false, "with --eval, also list every proposal missed or wrongly made (not for the held-out half, which rules are not tuned on)")
	texts := fs.String("texts", env("COOPTRACK_EXTRACT_TEXTS", ""), "with --eval, the directory of the real articles' texts that may not be committed (NAME.txt for DIR/real/NAME.json) (env COOPTRACK_EXTRACT_TEXTS)")
	floors := fs.String("floors", "", "with --eval, a file of least F1 figures per kind (lines \"people 0.98\"): exit 1 when one is not reached")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage:
  cooptrack extract --published-on DATE [--home CODE] [--no-store] [store flags] < article.txt
  cooptrack extract --eval DIR [--texts DIR] [--misses] [--floors FILE]

Drafts records (countries, organizations, people, agreements, events, programs)
from the plain text of a news article read on standard input and prints them
as JSON, each with the byte offsets of the passages it rests on and, for what
the store already holds, the matching record.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	if fs.NArg() > 0 {
		return badFlag(stderr, "extract: unexpected argument %q (the article is read from standard input)", fs.Arg(0))
	}
	if *eval != "" {
		return evalCommand(*eval, *texts, *floors, *misses, stdout, stderr)
	}
	if *publishedOn == "" {
		return badFlag(stderr, "extract: --published-on is required (the article's date, as 2015-04-21)")
	}
	b, err := io.ReadAll(io.LimitReader(stdin, extract.MaxText+1))
	if err != nil {
		return fmt.Errorf("read the article from standard input: %w", err)
	}
	if *home != "" {
		code, err := countryFlag("--home", *home)
		if err != nil {
			return err
		}
		*home = string(code)
	}
	a := extract.Article{Text: string(b), PublishedOn: domain.Date(*publishedOn), Home: *home}
	if err := a.Validate(); err != nil {
		return articleError(stderr, err)
	}

	var m extract.Matcher
	if !*noStore {
		if store.mongoURI == "" && store.postgreSQLURL == "" {
			if _, err := os.Stat(store.dataDir); errors.Is(err, os.ErrNotExist) {
				return badFlag(stderr, "extract: no store in %s to match against: give --data-dir or --mongodb-uri, or --no-store", store.dataDir)
			}
		}
		logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		db, closeStore, err := openStore(ctx, store, true, logger)
		if err != nil {
			return err
		}
		defer closeStore()
		m = db.Matcher()
	}
	p, err := extract.Extract(ctx, a, m)
	if err != nil {
		return err
	}
	return printProposals(stdout, p)
}

// spanLines is a span as json.MarshalIndent lays it out, on four lines.
var spanLines = regexp.MustCompile(`\[\s+(\d+),\s+(\d+)\s+\]`)

// printProposals prints the proposals as indented JSON, each span on one
// line ([start, end]) so that the output stays readable.
func printProposals(w io.Writer, p extract.Proposals) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	b = spanLines.ReplaceAll(b, []byte("[$1, $2]"))
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// articleError explains, in the command's terms, why the article cannot
// be read.
func articleError(stderr io.Writer, err error) error {
	var de *domain.Error
	if !errors.As(err, &de) {
		return err
	}
	flags := map[string]string{"text": "the article on standard input", "published_on": "--published-on", "home_country": "--home"}
	var msgs []string
	for _, f := range slices.Sorted(maps.Keys(de.Fields)) {
		msgs = append(msgs, flags[f]+" "+de.Fields[f])
	}
	return badFlag(stderr, "extract: %s", strings.Join(msgs, "; "))
}

// evalCommand prints the extractor's precision, recall and F1 per kind on
// each set of the development set in dir (written, real-tune,
// real-holdout), and fails when a figure is under its floor.
func evalCommand(dir, texts, floorsPath string, misses bool, stdout, stderr io.Writer) error {
	for _, d := range []string{dir, texts} {
		if st, err := os.Stat(d); d != "" && (err != nil || !st.IsDir()) {
			return badFlag(stderr, "extract: %q is not a directory", d)
		}
	}
	var floors extract.Floors
	if floorsPath != "" {
		var err error
		if floors, err = extract.ReadFloors(floorsPath); err != nil {
			return badFlag(stderr, "extract: --floors: %v", err)
		}
	}
	reps, err := extract.Eval(dir, texts)
	if err != nil {
		return err
	}
	n := 0
	for _, r := range reps {
		n += r.Articles
	}
	if n == 0 {
		return badFlag(stderr, "extract: --eval %q holds no article (NAME.txt beside NAME.json)", dir)
	}
	var below []string
	for i, r := range reps {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprint(stdout, r.String())
		if misses && r.Set != extract.SetRealHoldout {
			fmt.Fprintln(stdout)
			for _, m := range r.Misses {
				fmt.Fprintln(stdout, m)
			}
		}
		below = append(below, r.Below(floors)...)
	}
	if len(below) > 0 {
		return fmt.Errorf("under the floors of %s: %s", floorsPath, strings.Join(below, "; "))
	}
	return nil
}
