package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
)

// ledger remembers every write a server acknowledged (and the one each
// writer had in flight when the server went away), to check afterwards that
// the store holds them.
type ledger struct {
	mu   sync.Mutex
	recs map[string]*entry
	// acked counts acknowledged writes (creates and edits).
	acked atomic.Int64
}

// entry is what the ledger knows of one organization.
type entry struct {
	name    string // the name of its last acknowledged write
	version int
	// inFlight is the name an unacknowledged edit was sending: the store
	// may hold it or not.
	inFlight string
}

func newLedger() *ledger { return &ledger{recs: map[string]*entry{}} }

// writeStream creates organizations and renames each once, until ctx ends
// or the server stops answering, recording what it acknowledged. It returns
// the number of 5xx answers it got, and the first of them.
func (l *ledger) writeStream(ctx context.Context, c *client, tag string) (int, string) {
	fives, first := 0, ""
	bad := func(r reply) {
		fives++
		if first == "" {
			first = fmt.Sprintf("%d %s", r.status, r.body)
		}
	}
	for i := 0; ctx.Err() == nil; i++ {
		o := org{Name: fmt.Sprintf("%s n%d", tag, i), Country: "PE", Kind: "agency"}
		r, err := c.do(ctx, http.MethodPost, "/api/v1/organizations", o)
		if err != nil {
			return fives, first // the server is gone: the write was not acknowledged
		}
		if r.status >= 500 {
			bad(r)
			continue
		}
		if r.status != http.StatusCreated {
			continue
		}
		if err := json.Unmarshal(r.body, &o); err != nil {
			continue
		}
		l.ack(o.ID, o.Name, o.Version)
		edited := o
		edited.Name += " edited"
		l.sending(o.ID, edited.Name)
		r, err = c.do(ctx, http.MethodPut, "/api/v1/organizations/"+o.ID, edited)
		if err != nil {
			return fives, first
		}
		if r.status >= 500 {
			bad(r)
		}
		if r.status == http.StatusOK && json.Unmarshal(r.body, &edited) == nil {
			l.ack(o.ID, edited.Name, edited.Version)
		}
	}
	return fives, first
}

func (l *ledger) ack(id, name string, version int) {
	l.acked.Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs[id] = &entry{name: name, version: version}
}

func (l *ledger) sending(id, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs[id].inFlight = name
}

// listItem is an organization as the country's list (a read model) shows it.
type listItem struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
	Version int    `json:"version"`
}

// countryList reads every organization of the country from its list, page
// by page.
func countryList(t *testing.T, c *client, country string) map[string]listItem {
	t.Helper()
	all := map[string]listItem{}
	cursor := ""
	for {
		q := url.Values{"country": {country}, "limit": {"200"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page struct {
			Items      []listItem `json:"items"`
			NextCursor string     `json:"next_cursor"`
		}
		if err := json.Unmarshal(c.must(t, http.StatusOK, http.MethodGet, "/api/v1/organizations?"+q.Encode(), nil), &page); err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			all[it.ID] = it
		}
		if page.NextCursor == "" {
			return all
		}
		cursor = page.NextCursor
	}
}

// verify checks the store behind c against the ledger: every acknowledged
// write is there, whole (its name, or the edit that was in flight, at its
// version or later); the country's list (a read model) shows every
// organization the records hold, with the records' names; and nothing on
// the list is a partial record. It returns how many records it checked.
func (l *ledger) verify(t *testing.T, c *client) int {
	t.Helper()
	return l.check(t, c, false)
}

// snapshot is a copy of the ledger as it is now: what a backup begun now
// must hold at least.
func (l *ledger) snapshot() *ledger {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := newLedger()
	for id, e := range l.recs {
		c := *e
		s.recs[id] = &c
	}
	return s
}

// verifyAtLeast checks a store restored from a backup begun when l was
// taken: each write l holds is there at its version or a later one, whole.
func (l *ledger) verifyAtLeast(t *testing.T, c *client) int {
	t.Helper()
	return l.check(t, c, true)
}

// check compares the store to the ledger: at the very versions, or, when
// later is set, at those or later ones (writes made after the ledger was
// copied).
func (l *ledger) check(t *testing.T, c *client, later bool) int {
	t.Helper()
	ctx := context.Background()
	listed := countryList(t, c, "PE")
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, e := range l.recs {
		o, status, err := getOrg(ctx, c, id)
		if err != nil || status != http.StatusOK {
			t.Errorf("acknowledged organization %s (%q): GET = %d, %v; want 200", id, e.name, status, err)
			continue
		}
		switch {
		case o.Name == e.name && o.Version == e.version:
		case e.inFlight != "" && o.Name == e.inFlight && o.Version == e.version+1:
		case later && o.Version > e.version:
		default:
			t.Errorf("organization %s: got %q at version %d, want %q at %d (or %q at %d, in flight)", id, o.Name, o.Version, e.name, e.version, e.inFlight, e.version+1)
		}
		// The list was read first: a write whose client hung up may have
		// ended between the two.
		if it, ok := listed[id]; !ok || (it.Name != o.Name && (e.inFlight == "" || it.Name != e.name)) {
			t.Errorf("organization %s %q: the country's list shows %+v (listed %v)", id, o.Name, it, ok)
		}
	}
	// What the list shows beyond the ledger (writes whose answer was lost
	// in the crash, or made after the copy) must be whole records too.
	for id, it := range listed {
		if _, ok := l.recs[id]; ok {
			continue
		}
		o, status, err := getOrg(ctx, c, id)
		if err != nil || status != http.StatusOK || o.Name != it.Name || o.Country != "PE" || o.Kind == "" {
			t.Errorf("listed organization %s %q: GET = %d %+v, %v", id, it.Name, status, o, err)
		}
	}
	return len(l.recs)
}
