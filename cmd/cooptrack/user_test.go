package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"cooptrack/domain"
)

// cli runs cooptrack with the args and the standard input, as a user does.
func cli(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs strings.Builder
	code = Main(context.Background(), args, strings.NewReader(stdin), &out, &errs)
	return code, out.String(), errs.String()
}

func TestUserAndTokenCommands(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	d := "--data-dir=" + dir
	const pw = "correct horse battery\n"
	if code, out, errs := cli(t, pw, "user", "add", d, "--email", "Ana@Example.org", "--name", "Ana Pérez", "--role", "admin", "--password-stdin"); code != 0 || !strings.Contains(out, "added ana@example.org (Ana Pérez) as admin") {
		t.Fatalf("user add: exit %d, stdout %q, stderr %q", code, out, errs)
	}

	bad := []struct {
		name  string
		stdin string
		args  []string
		want  string // in stderr
	}{
		{"short password", "too short\n", []string{"user", "add", d, "--email", "b@example.org", "--name", "B", "--role", "viewer", "--password-stdin"}, "the password must be at least 12 characters"},
		{"no password", "", []string{"user", "add", d, "--email", "b@example.org", "--name", "B", "--role", "viewer", "--password-stdin"}, "the password must be at least 12 characters"},
		{"password not from stdin", pw, []string{"user", "add", d, "--email", "b@example.org", "--name", "B", "--role", "viewer"}, "--password-stdin is required"},
		{"unknown role", pw, []string{"user", "add", d, "--email", "b@example.org", "--name", "B", "--role", "root", "--password-stdin"}, `--role "root"`},
		{"operator-shaped email", pw, []string{"user", "add", d, "--email", `{"$gt": ""}`, "--name", "B", "--role", "viewer", "--password-stdin"}, "--email must be an email address"},
		{"no name", pw, []string{"user", "add", d, "--email", "b@example.org", "--role", "viewer", "--password-stdin"}, "--name is required"},
		{"duplicate email", pw, []string{"user", "add", d, "--email", "ANA@example.org", "--name", "Ana 2", "--role", "viewer", "--password-stdin"}, "--email is taken"},
		{"unknown flag", pw, []string{"user", "add", d, "--admin"}, "flag provided but not defined"},
		{"stray argument", "", []string{"user", "list", d, "everyone"}, `unexpected argument "everyone"`},
		{"set-role of nobody", "", []string{"user", "set-role", d, "--email", "nobody@example.org", "--role", "viewer"}, `no user with the email "nobody@example.org"`},
		{"set-role to nothing", "", []string{"user", "set-role", d, "--email", "ana@example.org", "--role", ""}, "--role"},
		{"demote the last admin", "", []string{"user", "set-role", d, "--email", "ana@example.org", "--role", "viewer"}, "the last enabled admin"},
		{"disable the last admin", "", []string{"user", "disable", d, "--email", "ana@example.org"}, "the last enabled admin"},
		{"disable without email", "", []string{"user", "disable", d}, "--email is required"},
		{"token for nobody", "", []string{"token", "create", d, "--email", "nobody@example.org", "--name", "x"}, "no user"},
		{"token without a name", "", []string{"token", "create", d, "--email", "ana@example.org"}, "--name is required"},
		{"revoke without id", "", []string{"token", "revoke", d}, "--id is required"},
		{"revoke an unknown token", "", []string{"token", "revoke", d, "--id", "nope"}, `no token with the id "nope"`},
		{"unknown user command", "", []string{"user", "frobnicate"}, `unknown command "user frobnicate"`},
		{"user alone", "", []string{"user"}, "Usage"},
		{"token alone", "", []string{"token"}, "Usage"},
	}
	for _, tc := range bad {
		code, out, errs := cli(t, tc.stdin, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2, nothing on stdout and %q", tc.name, code, out, errs, tc.want)
		}
	}
	code, out, _ := cli(t, "", "user", "list", d)
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 2 || !strings.Contains(lines[1], "ana@example.org") || !strings.Contains(lines[1], "admin") || !strings.Contains(lines[1], "enabled") {
		t.Fatalf("user list after bad input: exit %d, %q; want Ana alone, unchanged", code, out)
	}

	steps := []struct {
		stdin string
		args  []string
		want  string // in stdout
	}{
		{pw, []string{"user", "add", d, "--email", "bob@example.org", "--name", "Bob", "--role", "officer", "--password-stdin"}, "as officer"},
		{"", []string{"user", "set-role", d, "--email", "BOB@example.org", "--role", "Viewer"}, "bob@example.org is now viewer"},
		{"", []string{"user", "disable", d, "--email", "bob@example.org"}, "bob@example.org is disabled"},
		{"", []string{"user", "enable", d, "--email", "bob@example.org"}, "bob@example.org is enabled"},
	}
	for _, s := range steps {
		if code, out, errs := cli(t, s.stdin, s.args...); code != 0 || !strings.Contains(out, s.want) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q; want %q", s.args[:2], code, out, errs, s.want)
		}
	}

	code, out, errs := cli(t, "", "token", "create", d, "--email", "bob@example.org", "--name", "nightly export")
	secret := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(secret, "ctk_") || strings.Count(out, "\n") != 1 || !strings.Contains(errs, "not shown again") {
		t.Fatalf("token create: exit %d, stdout %q, stderr %q; want the token alone on stdout", code, out, errs)
	}
	code, out, _ = cli(t, "", "token", "list", d, "--email", "bob@example.org")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[1], "nightly export") || strings.Contains(out, secret) {
		t.Fatalf("token list: exit %d, %q; want the one token, without its secret", code, out)
	}
	id := strings.Fields(lines[1])[0]

	// The token works until it is revoked; the audit log names the command line.
	db, closeStore, err := openStore(context.Background(), &storeConfig{dataDir: dir, database: "cooptrack"}, true, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	u, _, err := db.Accounts.TokenUser(context.Background(), secret)
	if err != nil || u.Email != "bob@example.org" || u.Role != domain.RoleViewer {
		t.Errorf("TokenUser = %+v, %v; want Bob as viewer", u, err)
	}
	page, err := db.Audit.List(domain.WithActor(context.Background(), domain.SystemActor("test", "")), domain.AuditFilter{Action: domain.ActionUserCreate})
	if err != nil || len(page.Entries) != 2 || page.Entries[0].Actor.System != "cli" || !strings.Contains(page.Entries[0].Actor.UserAgent, "cooptrack user add") {
		t.Errorf("user_create entries = %+v, %v; want 2 by the cli", page.Entries, err)
	}
	closeStore()

	if code, out, errs := cli(t, "", "token", "revoke", d, "--id", id); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("token revoke: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	db, closeStore, err = openStore(context.Background(), &storeConfig{dataDir: dir, database: "cooptrack"}, true, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore()
	if _, _, err := db.Accounts.TokenUser(context.Background(), secret); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Errorf("TokenUser after revoke: %v, want %s", err, domain.EUNAUTHORIZED)
	}
}

func TestUserCommandsBesideARunningServer(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	s := startServer(t, "--data-dir", dir)
	defer s.stop()
	// The server made the first admin at its start; the command reaches its
	// store through its socket.
	if code, out, errs := cli(t, "correct horse battery\n", "user", "add", "--data-dir", dir, "--email", "ana@example.org", "--name", "Ana", "--role", "officer", "--password-stdin"); code != 0 {
		t.Fatalf("user add beside a server: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, _ := cli(t, "", "user", "list", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "admin@localhost") || !strings.Contains(out, "ana@example.org") {
		t.Errorf("user list beside a server: exit %d, %q; want the first admin and Ana", code, out)
	}
}
