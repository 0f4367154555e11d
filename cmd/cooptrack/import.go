package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"cooptrack/domain"
	"cooptrack/domain/importing"
	"cooptrack/tablefile"
)

// mapFlags collects repeated --map column=field flags.
type mapFlags []string

func (m *mapFlags) String() string     { return strings.Join(*m, " ") }
func (m *mapFlags) Set(v string) error { *m = append(*m, v); return nil }

// importCommand previews, and unless --dry-run writes, the records of a
// CSV or XLSX file, as the import pages do.
func importCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	store := storeFlags(fs)
	kindName := fs.String("kind", "", "what the file holds: agreements, organizations, people, events or programs (required)")
	file := fs.String("file", "", "the CSV or XLSX file (required)")
	dry := fs.Bool("dry-run", false, "print the preview and write nothing")
	skipText := fs.String("skip", "", "lines to leave out, separated by commas: 3,7")
	var maps mapFlags
	yearRange := yearRangeFlag(fs)
	fs.Var(&maps, "map", "column=field: the field a column fills (repeat it; without any, the mapping remembered for these columns, or one guessed from their names)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: cooptrack import --kind KIND --file F [--dry-run] [--map column=field ...] [flags]\n\n"+
			"Reads the file's first sheet, maps its columns to fields, resolves organizations, people and countries by name,\n"+
			"checks each row with the record's rules and prints every row with its status, errors and possible duplicates.\n"+
			"Without --dry-run it then writes the valid rows; running it again writes nothing twice.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	if fs.NArg() > 0 {
		return badFlag(stderr, "import: unexpected argument %q", fs.Arg(0))
	}
	if err := applyYearRange(*yearRange); err != nil {
		return badFlag(stderr, "import: %v", err)
	}
	kind, ok := importing.KindOf(*kindName)
	if !ok {
		return badFlag(stderr, "import: --kind must be agreements, organizations, people, events or programs")
	}
	if *file == "" {
		return badFlag(stderr, "import: --file is required")
	}
	var m importing.Mapping
	for _, pair := range maps {
		col, field, ok := strings.Cut(pair, "=")
		if !ok {
			return badFlag(stderr, "import: --map %q must be column=field", pair)
		}
		if m == nil {
			m = importing.Mapping{}
		}
		m[strings.TrimSpace(col)] = strings.TrimSpace(field)
	}
	skip := map[int]bool{}
	for part := range strings.SplitSeq(*skipText, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil || n < 2 {
			return badFlag(stderr, "import: --skip must list line numbers (2 or more)")
		}
		skip[n] = true
	}
	data, err := readLimited(*file)
	if err != nil {
		return badFlag(stderr, "import: %v", err)
	}
	t, err := tablefile.Read(data)
	if err != nil {
		return badFlag(stderr, "import: %s: %v", *file, err)
	}
	if err := t.Check(); err != nil {
		return badFlag(stderr, "import: %s: %s", *file, domain.ErrorMessage(err))
	}

	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, closeStore, err := openStore(ctx, store, true, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	detail := "cooptrack import"
	if u, err := user.Current(); err == nil {
		detail += " (os user " + u.Username + ")"
	}
	ctx = domain.WithActor(ctx, domain.SystemActor("cli", detail))

	p, err := importing.Prepare(ctx, db.Imports, db, kind, t, m, skip)
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && de.Code == domain.EINVALID {
			printMappingErrors(stderr, de, kind)
			return errUsage
		}
		return err
	}
	printPreview(stdout, p)
	if *dry {
		return nil
	}
	res, err := importing.Confirm(ctx, db.Imports, p, t.Header, filepath.Base(*file))
	if err != nil {
		return err
	}
	printResult(stdout, res)
	if !res.Complete {
		return errors.New(res.Error)
	}
	return nil
}

// readLimited reads the file, refusing one over the upload limit.
func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(io.LimitReader(f, tablefile.MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > tablefile.MaxFileBytes {
		return nil, fmt.Errorf("%s: %w: over %d MiB", name, tablefile.ErrTooLarge, tablefile.MaxFileBytes>>20)
	}
	return data, nil
}

func printMappingErrors(w io.Writer, de *domain.Error, kind domain.RecordType) {
	fmt.Fprintln(w, "cooptrack: import:", de.Message)
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range de.Fields {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		fmt.Fprintf(w, "  %s: %s\n", k, de.Fields[k])
	}
	fmt.Fprintf(w, "Map columns with --map column=field; the fields of %s: %s\n", kind.Collection(), strings.Join(importing.FieldNames(kind), ", "))
}

// printPreview writes a line per row: its line, status, label, errors and
// possible duplicates.
func printPreview(w io.Writer, p importing.Preview) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE\tSTATUS\tRECORD\tERRORS\tPOSSIBLE DUPLICATES")
	for _, r := range p.Rows {
		var errs, dups []string
		for _, f := range slices.Sorted(func(yield func(string) bool) {
			for k := range r.Errors {
				if !yield(k) {
					return
				}
			}
		}) {
			errs = append(errs, f+": "+r.Errors[f])
		}
		for _, d := range r.Duplicates {
			dups = append(dups, d.Name+" ("+d.ID+")")
		}
		status := string(r.Status)
		if r.RepeatOf != 0 {
			status += " of line " + strconv.Itoa(r.RepeatOf)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.Line, status, r.Record.Label(), strings.Join(errs, "; "), strings.Join(dups, "; "))
	}
	_ = tw.Flush()
	c := p.Counts
	fmt.Fprintf(w, "%d to import, %d with errors, %d possible duplicates, %d imported before, %d skipped, %d repeated\n",
		c.New, c.Invalid, c.Duplicates, c.Exists, c.Skipped, c.Repeat)
}

func printResult(w io.Writer, r importing.Result) {
	lines := func(ls []int) string {
		if len(ls) == 0 {
			return "none"
		}
		s := make([]string, len(ls))
		for i, l := range ls {
			s[i] = strconv.Itoa(l)
		}
		return strings.Join(s, ", ")
	}
	fmt.Fprintf(w, "written: %d (lines %s)\n", len(r.Written), lines(r.Written))
	fmt.Fprintf(w, "imported before: %s\nskipped: %s\nwith errors, not written: %s\n", lines(r.Existing), lines(r.Skipped), lines(r.Invalid))
	for _, f := range r.Failed {
		fmt.Fprintf(w, "refused by the store: line %d: %s %v\n", f.Line, f.Message, f.Fields)
	}
	if !r.Complete {
		fmt.Fprintf(w, "not written (the store failed; run the import again): %s\n", lines(r.NotWritten))
	}
}
