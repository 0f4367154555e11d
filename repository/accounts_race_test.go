package repository_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// atOnce runs f(0) … f(n-1) in goroutines released together, so that the
// calls truly overlap, and returns their results in order.
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

// codes counts the error codes of errs ("" for none).
func codes(errs []error) map[string]int {
	n := map[string]int{}
	for _, err := range errs {
		n[domain.ErrorCode(err)]++
	}
	return n
}

// TestThrottleHoldsAgainstABurst: log-ins sent at the same moment, half to
// each of two instances sharing the store, are counted before their
// password is checked, so no more than the limit reach the check, and the
// right password after them is refused too.
func TestThrottleHoldsAgainstABurst(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		instances := []*repository.DB{db, storetest.Reopen(t, db)}
		addUser(t, db, "ana@example.org", domain.RoleOfficer)
		addUser(t, db, "bob@example.org", domain.RoleOfficer)
		limits := domain.DefaultThrottle
		tests := []struct {
			name  string
			n     int
			email func(i int) string
			from  func(i int) domain.Origin
			limit int
			// then is the right password, refused after the burst.
			thenEmail string
			thenFrom  domain.Origin
		}{
			{
				name: "one account from many addresses", n: 30,
				email: func(int) string { return "ana@example.org" },
				from:  func(i int) domain.Origin { return domain.Origin{IP: fmt.Sprintf("198.51.100.%d", i+1)} },
				limit: limits.AccountLimit, thenEmail: "ana@example.org", thenFrom: office,
			},
			{
				name: "many accounts from one address", n: 60,
				email: func(i int) string { return fmt.Sprintf("guess%d@example.org", i) },
				from:  func(int) domain.Origin { return domain.Origin{IP: "203.0.113.9"} },
				limit: limits.AddressLimit, thenEmail: "bob@example.org", thenFrom: domain.Origin{IP: "203.0.113.9"},
			},
		}
		for _, tc := range tests {
			errs := atOnce(tc.n, func(i int) error {
				_, err := instances[i%2].Accounts.Authenticate(context.Background(), tc.email(i), "a wrong password", tc.from(i))
				return err
			})
			got := codes(errs)
			if got[domain.EUNAUTHORIZED] != tc.limit || got[domain.ETOOMANY] != tc.n-tc.limit {
				t.Errorf("%s: %d attempts at once answered %v; want %d %s (the limit) and %d %s",
					tc.name, tc.n, got, tc.limit, domain.EUNAUTHORIZED, tc.n-tc.limit, domain.ETOOMANY)
			}
			_, err := db.Accounts.Authenticate(context.Background(), tc.thenEmail, goodPassword, tc.thenFrom)
			wantCode(t, tc.name+": the right password after the burst", err, domain.ETOOMANY)
		}
	})
}

// TestUsersLockLeftByADeadProcess: a change of role waits for the users'
// lock, and takes over one that a process which died left behind once it
// is older than its time to live.
func TestUsersLockLeftByADeadProcess(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		clk := setClock(db)
		addUser(t, db, "root@example.org", domain.RoleAdmin)
		addUser(t, db, "ana@example.org", domain.RoleOfficer)
		if err := repository.LeaveUsersLock(context.Background(), db, clk.now()); err != nil {
			t.Fatal(err)
		}
		done := make(chan error)
		go func() {
			_, err := db.Accounts.SetRole(asAdmin(), "ana@example.org", domain.RoleViewer)
			done <- err
		}()
		select {
		case err := <-done:
			t.Fatalf("SetRole under a fresh lock returned at once (%v); want it to wait", err)
		case <-time.After(200 * time.Millisecond):
		}
		clk.add(repository.UsersLockTTL)
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("SetRole once the lock is stale: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("SetRole did not take over the stale lock")
		}
		u, err := db.Accounts.UserByEmail(asAdmin(), "ana@example.org")
		if err != nil || u.Role != domain.RoleViewer {
			t.Errorf("Ana after the change: %+v, %v; want a viewer", u, err)
		}
		// The lock was released: the next change does not wait.
		start := time.Now()
		if _, err := db.Accounts.SetDisabled(asAdmin(), "ana@example.org", true); err != nil || time.Since(start) > time.Second {
			t.Errorf("the next change: %v after %v; want it done at once", err, time.Since(start))
		}
	})
}
