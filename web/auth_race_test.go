package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// atOnce runs f(0) … f(n-1) in goroutines released together, so that the
// requests truly overlap, and returns their results in order.
func atOnce[T any](n int, f func(i int) T) []T {
	out := make([]T, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = f(i)
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// twoInstances is the application twice on one database, as two servers
// behind a load balancer.
func twoInstances(t *testing.T, db *repository.DB) []*Server {
	t.Helper()
	var out []*Server
	for _, d := range []*repository.DB{db, storetest.Reopen(t, db)} {
		srv := New(storesOf(d))
		srv.Now = func() time.Time { return testToday }
		out = append(out, srv)
	}
	return out
}

// logInEither sends a log-in from the address ip by the API (even i) or by
// the form (odd i), to one instance or the other, and says how it ended:
// "in", 401 or 429.
func logInEither(t *testing.T, servers []*Server, i int, ip, email, password string) string {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = ip + ":4711"
		servers[(i/2)%len(servers)].ServeHTTP(w, r)
	})
	if i%2 == 0 {
		body, _ := json.Marshal(credentials{Email: email, Password: password})
		rec := send(h, http.MethodPost, "/api/v1/session", string(body))
		switch {
		case rec.Code == http.StatusCreated:
			return "in"
		case rec.Code == http.StatusTooManyRequests && rec.Header().Get("Retry-After") == "":
			t.Errorf("API 429 without Retry-After")
		}
		var e errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" {
			t.Errorf("API log-in answered %d %q, not the error shape", rec.Code, rec.Body)
		}
		return strconv.Itoa(rec.Code)
	}
	rec := send(h, http.MethodPost, "/login", url.Values{"email": {email}, "password": {password}})
	if rec.Code == http.StatusSeeOther {
		return "in"
	}
	return strconv.Itoa(rec.Code)
}

// TestLogInBurstIsThrottled (issue 14): log-ins sent at the same moment,
// by the API and the form, to two instances sharing the database, are
// counted before the password is checked: no more than the limit reach the
// check, and the right password after them gets 429.
func TestLogInBurstIsThrottled(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		servers := twoInstances(t, db)
		limit := domain.DefaultThrottle.AccountLimit

		// Wrong passwords only: exactly the limit are tried.
		email := testAccount(t, db, domain.RoleViewer)
		got := map[string]int{}
		for _, s := range atOnce(30, func(i int) string {
			return logInEither(t, servers, i, "198.51.100.1", email, "wrong password "+strconv.Itoa(i))
		}) {
			got[s]++
		}
		if want := map[string]int{"401": limit, "429": 30 - limit}; !mapsEqual(got, want) {
			t.Errorf("30 wrong passwords at once answered %v, want %v", got, want)
		}
		for i := range 4 {
			if s := logInEither(t, servers, i, "198.51.100.1", email, testPassword); s != "429" {
				t.Errorf("the right password after the burst (%d): %s, want 429", i, s)
			}
		}

		// The case: 60 at once, the 45th with the right password.
		// Only the limit reach the check; if the right one is among them,
		// its success starts the count afresh (as one after failures
		// does), so up to limit-1 before it and limit after it.
		email = testAccount(t, db, domain.RoleOfficer)
		got = map[string]int{}
		for _, s := range atOnce(60, func(i int) string {
			pw := "wrong password " + strconv.Itoa(i)
			if i == 44 {
				pw = testPassword
			}
			return logInEither(t, servers, i, "198.51.100.2", email, pw)
		}) {
			got[s]++
		}
		tried := got["401"] + got["in"]
		switch {
		case got["401"]+got["429"]+got["in"] != 60 || got["in"] > 1:
			t.Errorf("60 log-ins at once answered %v, want only 401, 429 and at most one session", got)
		case got["in"] == 0 && tried != limit:
			t.Errorf("60 log-ins at once, the right one refused: %v; want %d tried (401) and the rest 429", got, limit)
		case got["in"] == 1 && got["401"] > 2*limit-1:
			t.Errorf("60 log-ins at once, the right one in: %v; want at most %d tried (401)", got, 2*limit-1)
		}
	})
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
