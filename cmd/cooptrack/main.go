// Command cooptrack tracks bilateral cooperation between governments: its
// agreements, engagements and programs, with news articles as evidence.
//
//	cooptrack serve [--demo]     serve the web application and the API
//	cooptrack seed demo          load the demo data into the store
//	cooptrack user ...           add, list, change and disable users
//	cooptrack token ...          create, list and revoke API tokens
//	cooptrack extract            draft records from an article's text
//	cooptrack backup --out FILE  write every record, user and audit entry to a file
//	cooptrack restore --in FILE  restore a backup into an empty store
//	cooptrack import ...         import records from a CSV or XLSX file
//	cooptrack version            print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errUsage marks an error already explained by a usage message.
var errUsage = errors.New("usage")

// Main runs the command line args and returns the exit code. It is the whole
// program, so that tests run it as users do.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := run(ctx, args, stdin, stdout, stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		// errUsage alone was explained by a usage message; wrapped, it
		// carries its own explanation.
		if err != errUsage { //nolint:errorlint // errUsage itself, not one wrapping it
			fmt.Fprintln(stderr, "cooptrack:", strings.TrimPrefix(err.Error(), "usage: "))
		}
		return 2
	}
	fmt.Fprintln(stderr, "cooptrack:", err)
	return 1
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return errUsage
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "seed":
		return seed(ctx, args[1:], stdout, stderr)
	case "bench":
		return benchCommand(ctx, args[1:], stdout, stderr)
	case "user":
		return userCommand(ctx, args[1:], stdin, stdout, stderr)
	case "token":
		return tokenCommand(ctx, args[1:], stdout, stderr)
	case "extract":
		return extractCommand(ctx, args[1:], stdin, stdout, stderr)
	case "backup":
		return backupCommand(ctx, args[1:], stdout, stderr)
	case "restore":
		return restoreCommand(ctx, args[1:], stdout, stderr)
	case "import":
		return importCommand(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "cooptrack", version)
		return nil
	case "help", "-h", "--help":
		usage(stdout)
		return nil
	}
	fmt.Fprintf(stderr, "cooptrack: unknown command %q\n\n", args[0])
	usage(stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `cooptrack tracks bilateral cooperation: agreements, engagements, programs, with their sources.

Usage:
  cooptrack serve [flags]        serve the web application and the JSON API (--demo loads the demo data)
  cooptrack seed demo [flags]    load the demo data (the seed article's records) into the store
  cooptrack seed synthetic [flags] fill an empty store with made-up data (--scale S or M, --seed N)
  cooptrack bench [flags]        measure the endpoints' latency, throughput and store round trips on a store
  cooptrack user add|list|set-role|disable|enable [flags]   manage the users (add reads the password from stdin)
  cooptrack token create|list|revoke [flags]                 manage the API tokens (create prints the token once)
  cooptrack extract --published-on DATE < article.txt   draft records from an article's text, as JSON
  cooptrack extract --eval DIR   score the extractor on a development set
  cooptrack backup --out FILE    write every record, source text, user, token and audit entry to one file (beside a running server too)
  cooptrack restore --in FILE    restore a backup into an empty store (--force DELETES the store's data first)
  cooptrack import --kind K --file F [--dry-run] [--map column=field ...]   import records from a CSV or XLSX file
  cooptrack version              print the version

Run "cooptrack COMMAND --help" for a command's flags.
`)
}
