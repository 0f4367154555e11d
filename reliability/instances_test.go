package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestTwoInstancesOneDatabase runs two servers on one database (FerretDB
// on PostgreSQL) and edits the same records through both at once: every
// edit either wins a new version or gets 409, none is lost, both servers'
// read models show the last; a session made on one serves on the other,
// and failed log-ins count across both.
func TestTwoInstancesOneDatabase(t *testing.T) {
	skipShort(t)
	t.Parallel()
	pg := startCluster(t)
	root := t.TempDir()
	storeA := []string{"--data-dir", filepath.Join(root, "a"), "--postgresql-url", pg.URL()}
	a := startServe(t, storeA...)
	b := startServe(t, "--data-dir", filepath.Join(root, "b"), "--postgresql-url", pg.URL())
	auth := adminToken(t, storeA...)
	ca, cb := newClient(a.url, auth), newClient(b.url, auth)

	t.Run("no lost update", func(t *testing.T) {
		const records, writersPer, editsEach = 3, 3, 6
		ids := make([]string, records)
		for i := range ids {
			var o org
			_ = json.Unmarshal(ca.must(t, http.StatusCreated, http.MethodPost, "/api/v1/organizations",
				org{Name: fmt.Sprintf("shared %d", i), Country: "PE", Kind: "agency"}), &o)
			ids[i] = o.ID
		}
		// won[id][version] is the name the edit that made version wrote.
		var mu sync.Mutex
		won := map[string]map[int]string{}
		conflicts, fives := 0, []string{}
		var wg sync.WaitGroup
		for s, c := range []*client{ca, cb} {
			for w := range writersPer {
				wg.Go(func() {
					for n := range editsEach {
						id := ids[n%records]
						o, status, err := getOrg(context.Background(), c, id)
						if err != nil || status != http.StatusOK {
							mu.Lock()
							fives = append(fives, fmt.Sprintf("GET %s: %d %v", id, status, err))
							mu.Unlock()
							continue
						}
						o.Name = fmt.Sprintf("server %d writer %d edit %d", s, w, n)
						r, err := c.do(context.Background(), http.MethodPut, "/api/v1/organizations/"+id, o)
						mu.Lock()
						switch {
						case err != nil:
							fives = append(fives, err.Error())
						case r.status == http.StatusOK:
							var got org
							_ = json.Unmarshal(r.body, &got)
							if won[id] == nil {
								won[id] = map[int]string{}
							}
							if prev, dup := won[id][got.Version]; dup {
								t.Errorf("%s: two edits both made version %d: %q and %q", id, got.Version, prev, got.Name)
							}
							won[id][got.Version] = got.Name
						case r.status == http.StatusConflict:
							conflicts++
						default:
							fives = append(fives, fmt.Sprintf("PUT %s: %d %s", id, r.status, r.body))
						}
						mu.Unlock()
					}
				})
			}
		}
		wg.Wait()
		if len(fives) > 0 {
			t.Errorf("%d requests failed; the first: %s", len(fives), fives[0])
		}
		wins := 0
		for _, id := range ids {
			versions := slices.Sorted(func(yield func(int) bool) {
				for v := range won[id] {
					if !yield(v) {
						return
					}
				}
			})
			wins += len(versions)
			// Versions 2..last, each made by one acknowledged edit: no
			// edit was written without its writer hearing of it.
			for i, v := range versions {
				if v != i+2 {
					t.Errorf("%s: the acknowledged edits made versions %v; want 2..%d without a gap", id, versions, len(versions)+1)
					break
				}
			}
			last := len(versions) + 1
			for _, c := range []*client{ca, cb} {
				// Each server follows the other's writes within a second.
				var o org
				var err error
				for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
					o, _, err = getOrg(context.Background(), c, id)
					if (err == nil && o.Version == last) || time.Now().After(deadline) {
						break
					}
				}
				if err != nil || o.Version != last || o.Name != won[id][last] {
					t.Errorf("%s on %s: %q at version %d (%v); want the last edit %q at %d", id, c.base, o.Name, o.Version, err, won[id][last], last)
				}
				if it := countryList(t, c, "PE")[id]; it.Name != o.Name {
					t.Errorf("%s on %s: the country's list shows %q, the record %q", id, c.base, it.Name, o.Name)
				}
			}
		}
		t.Logf("%d concurrent edits of %d records through 2 servers: %d won, %d got 409", 2*writersPer*editsEach, records, wins, conflicts)
		if wins == 0 || conflicts == 0 {
			t.Errorf("wins %d, conflicts %d: the edits did not contend", wins, conflicts)
		}
	})

	t.Run("sessions and throttling shared", func(t *testing.T) {
		password := ""
		for _, line := range strings.Split(a.output(), "\n") {
			if rest, ok := strings.CutPrefix(line, "created admin@localhost with the password "); ok {
				password = rest
			}
		}
		if password == "" {
			t.Fatalf("the first server printed no admin password:\n%s", a.output())
		}
		login := func(c *client, pw string) reply {
			r, err := c.do(context.Background(), http.MethodPost, "/api/v1/session", map[string]string{"email": "admin@localhost", "password": pw})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		r := login(newClient(a.url, ""), password)
		if r.status != http.StatusOK && r.status != http.StatusCreated {
			t.Fatalf("log-in on A: %d %s", r.status, r.body)
		}
		onB := newClient(b.url, "")
		onB.extra = http.Header{"Cookie": {strings.Split(r.header.Get("Set-Cookie"), ";")[0]}}
		onB.must(t, http.StatusOK, http.MethodGet, "/api/v1/me", nil)

		// Five failures, alternating servers; the sixth try is refused on
		// either, even with the right password.
		for i := range 5 {
			c := newClient(a.url, "")
			if i%2 == 1 {
				c = newClient(b.url, "")
			}
			if r := login(c, "wrong password"); r.status != http.StatusUnauthorized {
				t.Fatalf("failed log-in %d: %d %s", i+1, r.status, r.body)
			}
		}
		for _, base := range []string{a.url, b.url} {
			r := login(newClient(base, ""), password)
			if e, err := decodeError(r.body); r.status != http.StatusTooManyRequests || err != nil || r.header.Get("Retry-After") == "" {
				t.Errorf("log-in on %s after 5 failures across both: %d %s %+v %v; want 429 with Retry-After", base, r.status, r.body, e, err)
			}
		}
	})
}
