package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os/user"
	"sort"
	"strings"
	"text/tabwriter"

	"cooptrack/domain"
	"cooptrack/repository"
)

// The administrator's commands on users and tokens. They act as the "cli"
// system actor with the admin role: whoever can read the data directory or
// reach the database holds the data anyway. They check what they can before
// opening the store, and bad input changes nothing and exits with code 2.

func userCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	const usageText = `Usage:
  cooptrack user add --email E --name N --role R --password-stdin   add a user (role: viewer, officer, admin)
  cooptrack user list                                               list the users
  cooptrack user set-role --email E --role R                        change a user's role
  cooptrack user disable --email E                                  disable a user: their sessions, tokens and calendar feed end
  cooptrack user enable --email E                                   enable a disabled user (who makes new tokens)

Each also takes the store's flags (--data-dir, --mongodb-uri, ...); "cooptrack user add --help" lists them.
`
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return errUsage
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, args[1:], stdin, stdout, stderr)
	case "list":
		return userList(ctx, args[1:], stdout, stderr)
	case "set-role":
		return userSetRole(ctx, args[1:], stdout, stderr)
	case "disable", "enable":
		return userSetDisabled(ctx, args[0], args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageText)
		return nil
	}
	fmt.Fprintf(stderr, "cooptrack: unknown command \"user %s\"\n\n%s", args[0], usageText)
	return errUsage
}

// accountFlags parses the flags of an account command: its own, which
// define adds, and the store's.
func accountFlags(name, summary string, args []string, stderr io.Writer, define func(fs *flag.FlagSet)) (*storeConfig, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	store := storeFlags(fs)
	define(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: cooptrack %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, usageError(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "cooptrack %s: unexpected argument %q\n", name, fs.Arg(0))
		return nil, errUsage
	}
	return store, nil
}

// withAccounts opens the store (through a running server's socket when one
// holds the data directory) and runs f as the command line's actor.
func withAccounts(ctx context.Context, store *storeConfig, command string, stderr io.Writer, f func(ctx context.Context, a *repository.Accounts) error) error {
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, closeStore, err := openStore(ctx, store, true, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	detail := "cooptrack " + command
	if u, err := user.Current(); err == nil {
		detail += " (os user " + u.Username + ")"
	}
	return inputError(stderr, f(domain.WithActor(ctx, domain.SystemActor("cli", detail)), db.Accounts))
}

// inputError reports an error the user can fix (bad input, a taken email,
// an unknown user) on stderr and turns it into errUsage, for exit code 2;
// other errors pass unchanged.
func inputError(stderr io.Writer, err error) error {
	var de *domain.Error
	if !errors.As(err, &de) {
		return err
	}
	switch de.Code {
	case domain.EINVALID, domain.ECONFLICT, domain.ENOTFOUND, domain.EFORBIDDEN:
	default:
		return err
	}
	msg := de.Message
	if len(de.Fields) > 0 {
		fields := make([]string, 0, len(de.Fields))
		for f, m := range de.Fields {
			name := "--" + f
			if f == "password" {
				name = "the password"
			}
			fields = append(fields, name+" "+m)
		}
		sort.Strings(fields)
		msg = strings.Join(fields, "; ")
	}
	fmt.Fprintln(stderr, "cooptrack:", msg)
	return errUsage
}

// badFlag reports a missing or wrong flag value before anything is opened.
func badFlag(stderr io.Writer, format string, args ...any) error {
	fmt.Fprintf(stderr, "cooptrack: "+format+"\n", args...)
	return errUsage
}

// readPassword reads the password from the first line of r. Only the line's
// end is removed: spaces are part of a password.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func userAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var n domain.NewUser
	var role string
	var fromStdin bool
	store, err := accountFlags("user add", "Adds a user. The password is read from the first line of standard input, never from a flag (flags show in the process list).", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&n.Email, "email", "", "the user's email, with which they log in (required)")
		fs.StringVar(&n.Name, "name", "", "the user's name (required)")
		fs.StringVar(&role, "role", "", "viewer, officer or admin (required)")
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password (at least 12 characters) from standard input (required)")
	})
	if err != nil {
		return err
	}
	if !fromStdin {
		return badFlag(stderr, "user add: --password-stdin is required: give the password on standard input")
	}
	if n.Role, err = domain.ParseRole(role); err != nil {
		return badFlag(stderr, "user add: --role %q: must be one of viewer, officer, admin", role)
	}
	if n.Password, err = readPassword(stdin); err != nil {
		return err
	}
	// Check everything before opening the store, so that bad input costs
	// nothing and changes nothing.
	if err := inputError(stderr, n.Validate()); err != nil {
		return err
	}
	return withAccounts(ctx, store, "user add", stderr, func(ctx context.Context, a *repository.Accounts) error {
		u, err := a.CreateUser(ctx, n)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added %s (%s) as %s\n", u.Email, u.Name, u.Role)
		return nil
	})
}

func userList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	store, err := accountFlags("user list", "Lists the users.", args, stderr, func(*flag.FlagSet) {})
	if err != nil {
		return err
	}
	return withAccounts(ctx, store, "user list", stderr, func(ctx context.Context, a *repository.Accounts) error {
		users, err := a.Users(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "EMAIL\tNAME\tROLE\tSTATUS\tCREATED")
		for _, u := range users {
			status := "enabled"
			if u.Disabled {
				status = "disabled"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, status, u.CreatedAt.Format("2 Jan 2006 15:04 MST"))
		}
		return w.Flush()
	})
}

func userSetRole(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var email, role string
	store, err := accountFlags("user set-role", "Changes a user's role; it applies to their sessions and tokens from their next request.", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's email (required)")
		fs.StringVar(&role, "role", "", "viewer, officer or admin (required)")
	})
	if err != nil {
		return err
	}
	if email, err = domain.NormalizeEmail(email); err != nil {
		return badFlag(stderr, "user set-role: --email %v", err)
	}
	r, err := domain.ParseRole(role)
	if err != nil {
		return badFlag(stderr, "user set-role: --role %q: must be one of viewer, officer, admin", role)
	}
	return withAccounts(ctx, store, "user set-role", stderr, func(ctx context.Context, a *repository.Accounts) error {
		u, err := a.SetRole(ctx, email, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s is now %s\n", u.Email, u.Role)
		return nil
	})
}

func userSetDisabled(ctx context.Context, verb string, args []string, stdout, stderr io.Writer) error {
	var email string
	summary := "Disables a user: they cannot log in, and their sessions, API tokens and calendar feed end at once, for good (enabling them again revives none)."
	if verb == "enable" {
		summary = "Enables a disabled user; their API tokens work again, their old sessions do not."
	}
	store, err := accountFlags("user "+verb, summary, args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's email (required)")
	})
	if err != nil {
		return err
	}
	if email, err = domain.NormalizeEmail(email); err != nil {
		return badFlag(stderr, "user %s: --email %v", verb, err)
	}
	return withAccounts(ctx, store, "user "+verb, stderr, func(ctx context.Context, a *repository.Accounts) error {
		u, err := a.SetDisabled(ctx, email, verb == "disable")
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s is %sd\n", u.Email, verb)
		return nil
	})
}
