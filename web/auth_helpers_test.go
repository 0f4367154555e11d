package web

import (
	"context"
	"net/http"
	"testing"

	"cooptrack/domain"
	"cooptrack/repository"
)

// testPassword is the password of every user the tests make.
const testPassword = "correct horse battery staple"

// testEmail is the email of the test user with the role.
func testEmail(role domain.Role) string { return string(role) + "@example.org" }

// testAdminContext is the context of the tests' own changes to users.
func testAdminContext(t testing.TB) context.Context {
	return domain.WithActor(context.Background(), domain.SystemActor("test", t.Name()))
}

// testAccount makes the user of the role in the store, with testPassword,
// unless the store has them already; it returns their email.
func testAccount(t testing.TB, db *repository.DB, role domain.Role) string {
	t.Helper()
	_, err := db.Accounts.CreateUser(testAdminContext(t), domain.NewUser{Email: testEmail(role), Name: "Test " + string(role), Role: role, Password: testPassword})
	if err != nil && domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("create the %s: %v", role, err)
	}
	return testEmail(role)
}

// testUser makes the user of the role in the store (once per store) and a
// new API token for them, and returns the header that sends it.
func testUser(t testing.TB, db *repository.DB, role domain.Role) (authorization string) {
	t.Helper()
	_, secret, err := db.Accounts.CreateToken(testAdminContext(t), testAccount(t, db, role), "tests")
	if err != nil {
		t.Fatalf("make a token for the %s: %v", role, err)
	}
	return "Bearer " + secret
}

// asRole returns h answering each request that carries no credential of
// its own (no Authorization header, no session cookie) as a user of the
// role: the tests that are not about signing in send requests as before.
func asRole(t *testing.T, db *repository.DB, role domain.Role, h http.Handler) http.Handler {
	t.Helper()
	authorization := testUser(t, db, role)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie(sessionCookie); r.Header.Get("Authorization") == "" && err != nil {
			r.Header.Set("Authorization", authorization)
		}
		h.ServeHTTP(w, r)
	})
}
