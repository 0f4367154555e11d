package repository_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// clock is a settable time for the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

func setClock(db *repository.DB) *clock {
	c := &clock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	db.Now = c.now
	return c
}

// asAdmin is a context whose actor may do anything, as the command line's.
func asAdmin() context.Context {
	return domain.WithActor(context.Background(), domain.SystemActor("test", ""))
}

const goodPassword = "correct horse battery"

var (
	home   = domain.Origin{IP: "192.0.2.10", UserAgent: "test-browser"}
	office = domain.Origin{IP: "192.0.2.20", UserAgent: "test-browser"}
)

func addUser(t *testing.T, db *repository.DB, email string, role domain.Role) domain.User {
	t.Helper()
	u, err := db.Accounts.CreateUser(asAdmin(), domain.NewUser{Email: email, Name: "User " + email, Role: role, Password: goodPassword})
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

func login(t *testing.T, db *repository.DB, email string) domain.Session {
	t.Helper()
	s, err := db.Accounts.Authenticate(context.Background(), email, goodPassword, home)
	if err != nil {
		t.Fatalf("Authenticate(%s): %v", email, err)
	}
	return s
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

func TestCreateUserRejectsBadInputAndChangesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		addUser(t, db, "ana@example.org", domain.RoleOfficer)
		officer := domain.WithActor(context.Background(), domain.Actor{UserID: "x", Email: "bob@example.org", Role: domain.RoleOfficer})
		tests := []struct {
			name  string
			ctx   context.Context
			in    domain.NewUser
			code  string
			field string
		}{
			{"short password", asAdmin(), domain.NewUser{Email: "c@example.org", Name: "C", Role: domain.RoleViewer, Password: "short pass"}, domain.EINVALID, "password"},
			{"unknown role", asAdmin(), domain.NewUser{Email: "c@example.org", Name: "C", Role: "root", Password: goodPassword}, domain.EINVALID, "role"},
			{"operator-shaped email", asAdmin(), domain.NewUser{Email: `{"$gt": ""}`, Name: "C", Role: domain.RoleViewer, Password: goodPassword}, domain.EINVALID, "email"},
			{"duplicate email, other case", asAdmin(), domain.NewUser{Email: " ANA@example.org", Name: "Ana again", Role: domain.RoleViewer, Password: goodPassword}, domain.ECONFLICT, "email"},
			{"no actor", context.Background(), domain.NewUser{Email: "c@example.org", Name: "C", Role: domain.RoleViewer, Password: goodPassword}, domain.EFORBIDDEN, ""},
			{"officer may not", officer, domain.NewUser{Email: "c@example.org", Name: "C", Role: domain.RoleViewer, Password: goodPassword}, domain.EFORBIDDEN, ""},
		}
		for _, tc := range tests {
			_, err := db.Accounts.CreateUser(tc.ctx, tc.in)
			wantCode(t, tc.name, err, tc.code)
			var de *domain.Error
			if tc.field != "" && (!errors.As(err, &de) || de.Fields[tc.field] == "") {
				t.Errorf("%s: error %v, want a message on field %q", tc.name, err, tc.field)
			}
		}
		users, err := db.Accounts.Users(asAdmin())
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 1 || users[0].Email != "ana@example.org" || users[0].Name != "User ana@example.org" {
			t.Errorf("users after bad input = %+v, want only Ana, unchanged", users)
		}
	})
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		ana := addUser(t, db, "ana@example.org", domain.RoleOfficer)
		addUser(t, db, "off@example.org", domain.RoleViewer)
		if _, err := db.Accounts.SetDisabled(asAdmin(), "off@example.org", true); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, email, password string
			code                  string
		}{
			{"right password", "ana@example.org", goodPassword, ""},
			{"email in another case", " Ana@Example.ORG ", goodPassword, ""},
			{"wrong password", "ana@example.org", goodPassword + "!", domain.EUNAUTHORIZED},
			{"empty password", "ana@example.org", "", domain.EUNAUTHORIZED},
			{"unknown email", "nobody@example.org", goodPassword, domain.EUNAUTHORIZED},
			{"operator-shaped email", `{"$gt": ""}`, goodPassword, domain.EUNAUTHORIZED},
			{"operator-shaped email, no password", `{"$ne": null}`, "", domain.EUNAUTHORIZED},
			{"disabled user, right password", "off@example.org", goodPassword, domain.EUNAUTHORIZED},
		}
		var messages []string
		for _, tc := range tests {
			s, err := db.Accounts.Authenticate(ctx, tc.email, tc.password, home)
			wantCode(t, tc.name, err, tc.code)
			if err != nil {
				messages = append(messages, domain.ErrorMessage(err))
				continue
			}
			if s.User.ID != ana.ID || s.User.Role != domain.RoleOfficer || len(s.Secret) != 43 || s.ID == "" {
				t.Errorf("%s: session %+v, want Ana's as officer with a 43-character secret", tc.name, s)
			}
		}
		for _, m := range messages {
			if m != messages[0] {
				t.Errorf("failure messages differ (%q, %q): they must not tell whether the email exists", messages[0], m)
			}
		}
		// The audit log tells the failures apart; the caller cannot.
		page, err := db.Audit.List(asAdmin(), domain.AuditFilter{Action: domain.ActionLoginFailed})
		if err != nil {
			t.Fatal(err)
		}
		notes := map[string]int{}
		for _, e := range page.Entries {
			notes[e.Note]++
			if e.Actor.IP != home.IP {
				t.Errorf("login_failed entry from %q, want %q", e.Actor.IP, home.IP)
			}
		}
		if notes["wrong password"] != 2 || notes["unknown email"] != 3 || notes["user disabled"] != 1 {
			t.Errorf("login_failed notes = %v, want 2 wrong password, 3 unknown email, 1 user disabled", notes)
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		clk := setClock(db)
		db.Accounts.IdleTimeout, db.Accounts.AbsoluteTimeout = 10*time.Minute, time.Hour
		addUser(t, db, "ana@example.org", domain.RoleOfficer)

		// Idle: active every 9 minutes it lives; 10 minutes idle ends it.
		s := login(t, db, "ana@example.org")
		for i := 1; i <= 3; i++ {
			if _, err := db.Accounts.SessionByToken(ctx, s.Secret, clk.add(9*time.Minute)); err != nil {
				t.Fatalf("after %d×9 minutes of activity: %v", i, err)
			}
		}
		_, err := db.Accounts.SessionByToken(ctx, s.Secret, clk.add(10*time.Minute))
		wantCode(t, "10 minutes idle", err, domain.EUNAUTHORIZED)
		_, err = db.Accounts.SessionByToken(ctx, s.Secret, clk.now())
		wantCode(t, "an ended session stays ended", err, domain.EUNAUTHORIZED)

		// Absolute: active every 5 minutes, it still ends an hour after log-in.
		s = login(t, db, "ana@example.org")
		start := clk.now()
		for clk.add(5 * time.Minute).Before(start.Add(time.Hour)) {
			if _, err := db.Accounts.SessionByToken(ctx, s.Secret, clk.now()); err != nil {
				t.Fatalf("active session at %v after log-in: %v", clk.now().Sub(start), err)
			}
		}
		_, err = db.Accounts.SessionByToken(ctx, s.Secret, clk.now())
		wantCode(t, "an hour after log-in", err, domain.EUNAUTHORIZED)

		for _, bad := range []string{"", "x", strings.Repeat("a", 43), `{"$gt": ""}`, s.Secret + "a"} {
			_, err := db.Accounts.SessionByToken(ctx, bad, clk.now())
			wantCode(t, "secret "+bad, err, domain.EUNAUTHORIZED)
		}
	})
}

func TestRoleChangeAndDisableTakeEffectAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		addUser(t, db, "root@example.org", domain.RoleAdmin)
		addUser(t, db, "ana@example.org", domain.RoleOfficer)
		s := login(t, db, "ana@example.org")
		_, secret, err := db.Accounts.CreateToken(asAdmin(), "ana@example.org", "script")
		if err != nil {
			t.Fatal(err)
		}

		if _, err := db.Accounts.SetRole(asAdmin(), "ana@example.org", domain.RoleViewer); err != nil {
			t.Fatal(err)
		}
		got, err := db.Accounts.SessionByToken(ctx, s.Secret, time.Now())
		if err != nil || got.User.Role != domain.RoleViewer {
			t.Errorf("session after the role change: role %q, %v; want viewer", got.User.Role, err)
		}
		if got.Actor("", "").May(domain.PermEdit) {
			t.Error("the session's actor may still edit after becoming a viewer")
		}
		u, _, err := db.Accounts.TokenUser(ctx, secret)
		if err != nil || u.Role != domain.RoleViewer {
			t.Errorf("token after the role change: role %q, %v; want viewer", u.Role, err)
		}

		if _, err := db.Accounts.SetDisabled(asAdmin(), "ana@example.org", true); err != nil {
			t.Fatal(err)
		}
		_, err = db.Accounts.SessionByToken(ctx, s.Secret, time.Now())
		wantCode(t, "session of a disabled user", err, domain.EUNAUTHORIZED)
		_, _, err = db.Accounts.TokenUser(ctx, secret)
		wantCode(t, "token of a disabled user", err, domain.EUNAUTHORIZED)

		// Enabled again, the token and the session stay ended (issue 14),
		// and the token is gone from the lists; new ones work.
		if _, err := db.Accounts.SetDisabled(asAdmin(), "ana@example.org", false); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.Accounts.TokenUser(ctx, secret)
		wantCode(t, "token revoked by disabling, after enabling", err, domain.EUNAUTHORIZED)
		_, err = db.Accounts.SessionByToken(ctx, s.Secret, time.Now())
		wantCode(t, "session ended by disabling, after enabling", err, domain.EUNAUTHORIZED)
		if tokens, err := db.Accounts.Tokens(asAdmin(), "ana@example.org"); err != nil || len(tokens) != 0 {
			t.Errorf("Ana's tokens after disabling: %+v, %v; want none", tokens, err)
		}
		if _, secret, err = db.Accounts.CreateToken(asAdmin(), "ana@example.org", "new script"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Accounts.TokenUser(ctx, secret); err != nil {
			t.Errorf("a token made after enabling: %v", err)
		}

		// The history of the user tells it all, newest first.
		page, err := db.Audit.List(asAdmin(), domain.AuditFilter{RecordType: domain.TypeUser, RecordID: s.User.ID})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range page.Entries {
			actions = append(actions, string(e.Action))
		}
		if want := "user_enable user_disable user_set_role login user_create"; strings.Join(actions, " ") != want {
			t.Errorf("history of the user = %v, want %s", actions, want)
		}
		if c := page.Entries[2].Changes; len(c) != 1 || c[0].Field != "role" || string(c[0].Before) != `"officer"` || string(c[0].After) != `"viewer"` {
			t.Errorf("role change recorded as %+v, want role officer -> viewer", c)
		}
	})
}

func TestLastAdminStays(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		addUser(t, db, "root@example.org", domain.RoleAdmin)
		_, err := db.Accounts.SetRole(asAdmin(), "root@example.org", domain.RoleOfficer)
		wantCode(t, "demote the last admin", err, domain.ECONFLICT)
		_, err = db.Accounts.SetDisabled(asAdmin(), "root@example.org", true)
		wantCode(t, "disable the last admin", err, domain.ECONFLICT)
		_, err = db.Accounts.SetRole(asAdmin(), "root@example.org", "god")
		wantCode(t, "unknown role", err, domain.EINVALID)
		_, err = db.Accounts.SetRole(asAdmin(), "nobody@example.org", domain.RoleViewer)
		wantCode(t, "unknown user", err, domain.ENOTFOUND)

		addUser(t, db, "second@example.org", domain.RoleAdmin)
		if _, err := db.Accounts.SetRole(asAdmin(), "root@example.org", domain.RoleOfficer); err != nil {
			t.Errorf("demote one of two admins: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		ana := addUser(t, db, "ana@example.org", domain.RoleOfficer)
		bob := addUser(t, db, "bob@example.org", domain.RoleOfficer)
		asAna := domain.WithActor(ctx, ana.Actor("", ""))
		asBob := domain.WithActor(ctx, bob.Actor("", ""))

		tok, secret, err := db.Accounts.CreateToken(asAna, "ana@example.org", "nightly export")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "ctk_") || len(secret) != 47 || tok.Email != "ana@example.org" || tok.Name != "nightly export" {
			t.Errorf("CreateToken = %+v, %q", tok, secret)
		}
		u, got, err := db.Accounts.TokenUser(ctx, secret)
		if err != nil || u.ID != ana.ID || got.ID != tok.ID || got.LastUsedAt.IsZero() {
			t.Errorf("TokenUser = %+v, %+v, %v; want Ana and the token, its use noted", u, got, err)
		}

		bad := []struct {
			name string
			run  func() error
			code string
		}{
			{"token for another user", func() error { _, _, err := db.Accounts.CreateToken(asBob, "ana@example.org", "x"); return err }, domain.EFORBIDDEN},
			{"token without a name", func() error { _, _, err := db.Accounts.CreateToken(asAna, "ana@example.org", " "); return err }, domain.EINVALID},
			{"token for nobody", func() error { _, _, err := db.Accounts.CreateToken(asAdmin(), "nobody@example.org", "x"); return err }, domain.ENOTFOUND},
			{"list another's tokens", func() error { _, err := db.Accounts.Tokens(asBob, "ana@example.org"); return err }, domain.EFORBIDDEN},
			{"list every token as officer", func() error { _, err := db.Accounts.Tokens(asAna, ""); return err }, domain.EFORBIDDEN},
			{"revoke another's token", func() error { return db.Accounts.RevokeToken(asBob, tok.ID) }, domain.EFORBIDDEN},
			{"revoke an unknown token", func() error { return db.Accounts.RevokeToken(asAdmin(), "nope") }, domain.ENOTFOUND},
			{"revoke by operator-shaped id", func() error { return db.Accounts.RevokeToken(asAdmin(), `{"$gt": ""}`) }, domain.ENOTFOUND},
		}
		for _, tc := range bad {
			wantCode(t, tc.name, tc.run(), tc.code)
		}
		for _, b := range []string{"", "Bearer " + secret, secret[:46], "ctk_" + strings.Repeat("A", 43), strings.TrimPrefix(secret, "ctk_")} {
			_, _, err := db.Accounts.TokenUser(ctx, b)
			wantCode(t, "bearer "+b, err, domain.EUNAUTHORIZED)
		}

		if _, _, err := db.Accounts.CreateToken(asAdmin(), "bob@example.org", "bob's"); err != nil {
			t.Fatal(err)
		}
		mine, err := db.Accounts.Tokens(asAna, "ana@example.org")
		if err != nil || len(mine) != 1 || mine[0].ID != tok.ID {
			t.Errorf("Ana's tokens = %+v, %v; want her one", mine, err)
		}
		all, err := db.Accounts.Tokens(asAdmin(), "")
		if err != nil || len(all) != 2 {
			t.Errorf("every token = %+v, %v; want 2", all, err)
		}

		if err := db.Accounts.RevokeToken(asAna, tok.ID); err != nil {
			t.Fatalf("revoke one's own token: %v", err)
		}
		_, _, err = db.Accounts.TokenUser(ctx, secret)
		wantCode(t, "revoked token", err, domain.EUNAUTHORIZED)
	})
}

func TestThrottle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		clk := setClock(db)
		addUser(t, db, "ana@example.org", domain.RoleOfficer)
		try := func(email, pw string, from domain.Origin) error {
			_, err := db.Accounts.Authenticate(ctx, email, pw, from)
			return err
		}

		// Five wrong passwords a minute apart: the account is locked, for
		// the right password too, from any address, until the first leaves
		// the 15-minute window.
		for i := 0; i < 5; i++ {
			wantCode(t, "wrong password", try("ana@example.org", "wrong password!", home), domain.EUNAUTHORIZED)
			clk.add(time.Minute)
		}
		err := try("ana@example.org", goodPassword, office)
		wantCode(t, "sixth try, right password", err, domain.ETOOMANY)
		var de *domain.Error
		if !errors.As(err, &de) || de.RetryAfter != 10*time.Minute {
			t.Errorf("retry after = %v, want 10m (the first failure was 5 minutes ago)", err)
		}
		clk.add(10*time.Minute - time.Second)
		wantCode(t, "a second too early", try("ana@example.org", goodPassword, office), domain.ETOOMANY)
		clk.add(time.Second)
		wantCode(t, "once the first failure left the window", try("ana@example.org", goodPassword, office), "")

		// A success clears the account's count: four more failures do not lock it.
		for i := 0; i < 4; i++ {
			wantCode(t, "wrong password", try("ana@example.org", "wrong password!", office), domain.EUNAUTHORIZED)
		}
		wantCode(t, "after 4 failures since a success", try("ana@example.org", goodPassword, office), "")

		// Twenty failures from one address, on any emails, lock the address.
		clk.add(time.Hour)
		for i := 0; i < 20; i++ {
			email := "guess" + strings.Repeat("x", i%4) + "@example.org"
			wantCode(t, "guess", try(email, "wrong password!", home), domain.EUNAUTHORIZED)
		}
		err = try("ana@example.org", goodPassword, home)
		wantCode(t, "21st try from the address", err, domain.ETOOMANY)
		if !errors.As(err, &de) || de.RetryAfter != 15*time.Minute {
			t.Errorf("retry after = %v, want 15m", err)
		}
		wantCode(t, "same account from another address", try("ana@example.org", goodPassword, office), "")

		// Counters that have nothing left in their window are purged.
		clk.add(16 * time.Minute)
		if n, err := db.Accounts.Purge(ctx, clk.now()); err != nil || n < 5 {
			t.Errorf("Purge = %d, %v; want at least the 5 stale counters", n, err)
		}
	})
}

func TestChangePasswordAndLogout(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		addUser(t, db, "ana@example.org", domain.RoleOfficer)
		old := login(t, db, "ana@example.org")
		other := login(t, db, "ana@example.org")
		const next = "a much better passphrase"

		_, err := db.Accounts.ChangePassword(ctx, "ana@example.org", "not my password", next, home)
		wantCode(t, "wrong current password", err, domain.EUNAUTHORIZED)
		_, err = db.Accounts.ChangePassword(ctx, "ana@example.org", goodPassword, "too short", home)
		wantCode(t, "short new password", err, domain.EINVALID)
		if _, err := db.Accounts.SessionByToken(ctx, old.Secret, time.Now()); err != nil {
			t.Fatalf("a refused change ended the session: %v", err)
		}

		s, err := db.Accounts.ChangePassword(ctx, "ana@example.org", goodPassword, next, home)
		if err != nil {
			t.Fatal(err)
		}
		for _, ended := range []domain.Session{old, other} {
			_, err := db.Accounts.SessionByToken(ctx, ended.Secret, time.Now())
			wantCode(t, "session from before the change", err, domain.EUNAUTHORIZED)
		}
		if _, err := db.Accounts.SessionByToken(ctx, s.Secret, time.Now()); err != nil {
			t.Errorf("the session opened by the change: %v", err)
		}
		_, err = db.Accounts.Authenticate(ctx, "ana@example.org", goodPassword, home)
		wantCode(t, "old password", err, domain.EUNAUTHORIZED)
		if _, err := db.Accounts.Authenticate(ctx, "ana@example.org", next, home); err != nil {
			t.Errorf("new password: %v", err)
		}

		if err := db.Accounts.Logout(ctx, s.Secret); err != nil {
			t.Fatal(err)
		}
		_, err = db.Accounts.SessionByToken(ctx, s.Secret, time.Now())
		wantCode(t, "after log-out", err, domain.EUNAUTHORIZED)
		if err := db.Accounts.Logout(ctx, s.Secret); err != nil {
			t.Errorf("second log-out: %v, want none", err)
		}
	})
}

func TestEnsureAdmin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		c, created, err := db.Accounts.EnsureAdmin(ctx, "")
		if err != nil || !created || c.Email != repository.DefaultAdminEmail || len(c.Password) < domain.MinPasswordLength {
			t.Fatalf("EnsureAdmin on an empty store = %+v, %v, %v", c, created, err)
		}
		s, err := db.Accounts.Authenticate(ctx, c.Email, c.Password, home)
		if err != nil || s.User.Role != domain.RoleAdmin {
			t.Errorf("log in with the printed credentials: %+v, %v", s.User, err)
		}
		if _, created, err := db.Accounts.EnsureAdmin(ctx, ""); err != nil || created {
			t.Errorf("EnsureAdmin again = %v, %v; want nothing created", created, err)
		}
	})
}

// TestCachedCredentialsFollowEveryChange: once the model is built, a
// process keeps the tokens, sessions and users requests authenticate with,
// and sends no command for them; a revocation, a disable or a change of
// role still takes effect at once in the process that made it, and within
// the log's poll in another (the test allows ten seconds).
func TestCachedCredentialsFollowEveryChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		must(t, db.Load(ctx))
		other := fresh(t, db)
		ana := addUser(t, db, "ana@example.org", domain.RoleOfficer)
		asAna := domain.WithActor(ctx, ana.Actor("", ""))
		tok, secret, err := db.Accounts.CreateToken(asAna, "ana@example.org", "kept")
		must(t, err)
		s := login(t, db, "ana@example.org")
		for _, p := range []*repository.DB{db, other} { // cached in both
			if _, _, err := p.Accounts.TokenUser(ctx, secret); err != nil {
				t.Fatalf("TokenUser: %v", err)
			}
			if _, err := p.Accounts.SessionByToken(ctx, s.Secret, time.Now()); err != nil {
				t.Fatalf("SessionByToken: %v", err)
			}
		}

		// A change of role made in this process shows at once here and
		// soon in the other.
		if _, err := db.Accounts.SetRole(asAdmin(), "ana@example.org", domain.RoleViewer); err != nil {
			t.Fatal(err)
		}
		if u, _, err := db.Accounts.TokenUser(ctx, secret); err != nil || u.Role != domain.RoleViewer {
			t.Errorf("the token's user right after the change: %+v, %v; want a viewer", u, err)
		}
		eventually(t, 10*time.Second, func() error {
			s, err := other.Accounts.SessionByToken(ctx, s.Secret, time.Now())
			if err == nil && s.User.Role != domain.RoleViewer {
				u, _ := other.Accounts.UserByEmail(asAdmin(), "ana@example.org")
				err = fmt.Errorf("role %s (stored %s)", s.User.Role, u.Role)
			}
			return err
		})

		// A token revoked through the other process stops working there
		// at once and here soon; so does a session after a disable.
		must(t, other.Accounts.RevokeToken(asAdmin(), tok.ID))
		if _, _, err := other.Accounts.TokenUser(ctx, secret); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("the revoked token where it was revoked: %v; want unauthorized", err)
		}
		eventually(t, 10*time.Second, func() error {
			if _, _, err := db.Accounts.TokenUser(ctx, secret); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
				return fmt.Errorf("the revoked token still answers: %w", err)
			}
			return nil
		})
		if _, err := other.Accounts.SetDisabled(asAdmin(), "ana@example.org", true); err != nil {
			t.Fatal(err)
		}
		eventually(t, 10*time.Second, func() error {
			if _, err := db.Accounts.SessionByToken(ctx, s.Secret, time.Now()); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
				return fmt.Errorf("the disabled user's session still answers: %w", err)
			}
			return nil
		})
	})
}
