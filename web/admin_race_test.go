package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// TestAdminsChangingEachOtherAtOnceKeepAnAdmin (issue 14): two admins who
// demote or disable each other at the same moment, through two instances,
// by the API or the admin page's form,
// leave one admin: one change wins, the other is refused: 409 as the last
// admin, or 403 or 401 when the first change took the loser's role or
// account before their request was let in.
func TestAdminsChangingEachOtherAtOnceKeepAnAdmin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		servers := twoInstances(t, db)
		ctx := testAdminContext(t)
		admins := []string{"ana@example.org", "bob@example.org"}
		for _, e := range admins {
			if _, err := db.Accounts.CreateUser(ctx, domain.NewUser{Email: e, Name: e, Role: domain.RoleAdmin, Password: testPassword}); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name   string
			change [2]map[string]any // what Ana does to Bob, what Bob does to Ana
		}{
			{"each demotes the other", [2]map[string]any{{"role": "viewer"}, {"role": "officer"}}},
			{"each disables the other", [2]map[string]any{{"disabled": true}, {"disabled": true}}},
			{"one demotes, the other disables", [2]map[string]any{{"role": "viewer"}, {"disabled": true}}},
		}
		for _, tc := range tests {
			for round := range 4 {
				bearer := make([]string, 2)
				for i, e := range admins {
					if _, err := db.Accounts.SetRole(ctx, e, domain.RoleAdmin); err != nil {
						t.Fatal(err)
					}
					if _, err := db.Accounts.SetDisabled(ctx, e, false); err != nil {
						t.Fatal(err)
					}
					_, secret, err := db.Accounts.CreateToken(ctx, e, "round")
					if err != nil {
						t.Fatal(err)
					}
					bearer[i] = "Authorization: Bearer " + secret
				}
				statuses := atOnce(2, func(i int) int {
					if i == 1 && round%2 == 1 {
						return changeByForm(servers[i], admins[1-i], tc.change[i], bearer[i])
					}
					body, _ := json.Marshal(tc.change[i])
					return send(servers[i], http.MethodPatch, "/api/v1/users/"+admins[1-i], string(body), bearer[i]).Code
				})
				slices.Sort(statuses)
				users, err := db.Accounts.Users(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var left []string
				for _, u := range users {
					if u.Role == domain.RoleAdmin && !u.Disabled {
						left = append(left, u.Email)
					}
				}
				refused := slices.Index([]int{http.StatusUnauthorized, http.StatusForbidden, http.StatusConflict}, statuses[1]) >= 0
				if len(left) != 1 || !refused || statuses[0] != http.StatusOK {
					t.Errorf("%s, round %d: PATCHes answered %v and left the admins %v; want one 200, the other 409 (or 401, 403), and one admin", tc.name, round, statuses, left)
				}
			}
		}
	})
}

// changeByForm posts the change to the admin page's form and answers as the
// API would: 200 when it was made, else the error's status (a page sends
// one no longer signed in to the log-in).
func changeByForm(h http.Handler, email string, change map[string]any, authorization string) int {
	vals := url.Values{}
	for k, v := range change {
		vals.Set(k, fmt.Sprint(v))
	}
	rec := send(h, http.MethodPost, "/admin/users/"+email, vals, authorization)
	switch {
	case rec.Code == http.StatusSeeOther && rec.Header().Get("Location") == "/admin/users":
		return http.StatusOK
	case rec.Code == http.StatusSeeOther:
		return http.StatusUnauthorized
	}
	return rec.Code
}
