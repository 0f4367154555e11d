package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"cooptrack/domain"
	"cooptrack/repository"
)

func tokenCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const usageText = `Usage:
  cooptrack token create --email E --name N   make an API token for the user and print it, once
  cooptrack token list [--email E]            list the tokens (of one user)
  cooptrack token revoke --id ID              revoke a token: it stops working at once

Each also takes the store's flags (--data-dir, --mongodb-uri, ...); "cooptrack token create --help" lists them.
`
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return errUsage
	}
	switch args[0] {
	case "create":
		return tokenCreate(ctx, args[1:], stdout, stderr)
	case "list":
		return tokenList(ctx, args[1:], stdout, stderr)
	case "revoke":
		return tokenRevoke(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageText)
		return nil
	}
	fmt.Fprintf(stderr, "cooptrack: unknown command \"token %s\"\n\n%s", args[0], usageText)
	return errUsage
}

func tokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var email, name string
	store, err := accountFlags("token create", "Makes an API token for a user, to send as \"Authorization: Bearer <token>\"; it acts with the user's role.\nThe token is printed on standard output once: only its hash is kept.", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the email of the token's user (required)")
		fs.StringVar(&name, "name", "", "what the token is for, to tell it from the user's others (required)")
	})
	if err != nil {
		return err
	}
	if email, err = domain.NormalizeEmail(email); err != nil {
		return badFlag(stderr, "token create: --email %v", err)
	}
	if err := inputError(stderr, domain.ValidateTokenName(name)); err != nil {
		return err
	}
	return withAccounts(ctx, store, "token create", stderr, func(ctx context.Context, a *repository.Accounts) error {
		t, secret, err := a.CreateToken(ctx, email, name)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, secret)
		fmt.Fprintf(stderr, "token %s (%q) for %s: copy it now, it is not shown again\n", t.ID, t.Name, t.Email)
		return nil
	})
}

func tokenList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var email string
	store, err := accountFlags("token list", "Lists the API tokens, of one user or of all; never their secrets.", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "only this user's tokens")
	})
	if err != nil {
		return err
	}
	if email != "" {
		if email, err = domain.NormalizeEmail(email); err != nil {
			return badFlag(stderr, "token list: --email %v", err)
		}
	}
	return withAccounts(ctx, store, "token list", stderr, func(ctx context.Context, a *repository.Accounts) error {
		tokens, err := a.Tokens(ctx, email)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tUSER\tCREATED\tLAST USED")
		for _, t := range tokens {
			used := "never"
			if !t.LastUsedAt.IsZero() {
				used = t.LastUsedAt.Format("2 Jan 2006 15:04 MST")
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Email, t.CreatedAt.Format("2 Jan 2006 15:04 MST"), used)
		}
		return w.Flush()
	})
}

func tokenRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var id string
	store, err := accountFlags("token revoke", "Revokes an API token by its id (as \"token list\" shows it): it stops working at once.", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&id, "id", "", "the token's id (required)")
	})
	if err != nil {
		return err
	}
	if id = strings.TrimSpace(id); id == "" {
		return badFlag(stderr, "token revoke: --id is required")
	}
	return withAccounts(ctx, store, "token revoke", stderr, func(ctx context.Context, a *repository.Accounts) error {
		if err := a.RevokeToken(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "token %s revoked\n", id)
		return nil
	})
}
