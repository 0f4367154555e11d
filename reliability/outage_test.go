package reliability

import (
	"context"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestDatabaseOutage stops PostgreSQL under a running server (FerretDB on
// PostgreSQL) and starts it again: while it is away, reads go on from the
// model in memory, writes fail fast with 503 in the one error shape, and
// /readyz says not ready; once it is back, writes resume without restarting
// the app, and every write acknowledged before, during or after is there,
// whole.
func TestDatabaseOutage(t *testing.T) {
	skipShort(t)
	t.Parallel()
	pg := startCluster(t)
	dir := filepath.Join(t.TempDir(), "data")
	store := []string{"--data-dir", dir, "--postgresql-url", pg.URL()}
	p := startServe(t, store...)
	c := newClient(p.url, adminToken(t, store...))
	l := newLedger()

	// Writes before the outage.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	l.writeStream(ctx, c, "before")
	cancel()

	pg.stop()
	ready, err := c.do(context.Background(), http.MethodGet, "/readyz", nil)
	if err != nil || ready.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database down: %d %s, %v; want 503", ready.status, ready.body, err)
	}
	// Every kind of request, while the database is down: reads answer from
	// the model (the credential from the cache), writes fail fast with 503
	// in the error shape.
	down := []struct {
		method, path string
		body         any
		status       int
	}{
		{http.MethodGet, "/api/v1/organizations?country=PE", nil, http.StatusOK},
		{http.MethodGet, "/api/v1/countries/PE/dashboard", nil, http.StatusOK},
		{http.MethodGet, "/api/v1/overview", nil, http.StatusOK},
		{http.MethodPost, "/api/v1/organizations", org{Name: "during", Country: "PE", Kind: "agency"}, http.StatusServiceUnavailable},
	}
	for _, d := range down {
		start := time.Now()
		r, err := c.do(context.Background(), d.method, d.path, d.body)
		took := time.Since(start)
		if err != nil {
			t.Errorf("%s %s with the database down: %v", d.method, d.path, err)
			continue
		}
		if d.status == http.StatusOK {
			if r.status != http.StatusOK {
				t.Errorf("%s %s with the database down: %d %.300s; want 200 from the model", d.method, d.path, r.status, r.body)
			}
			continue
		}
		e, shapeErr := decodeError(r.body)
		if r.status != d.status || shapeErr != nil || e.Error.Code != "unavailable" {
			t.Errorf("%s %s with the database down: %d %.300s (%v); want 503 unavailable", d.method, d.path, r.status, r.body, shapeErr)
		}
		if took > 10*time.Second {
			t.Errorf("%s %s took %v to fail; want it fast", d.method, d.path, took)
		}
	}
	// A stream of writes runs across the restart of the database.
	wctx, wcancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { l.writeStream(wctx, c, "across") })
	pg.start()
	deadline := time.Now().Add(60 * time.Second)
	for {
		r, err := c.do(context.Background(), http.MethodGet, "/readyz", nil)
		if err == nil && r.status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz not ready 60s after the database returned: %d %s, %v", r.status, r.body, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second)
	wcancel()
	wg.Wait()
	ctx, cancel = context.WithTimeout(context.Background(), 2*time.Second)
	l.writeStream(ctx, c, "after")
	cancel()
	n := l.verify(t, c)
	if t.Failed() {
		t.Logf("server log:\n%s", p.errors())
	}
	t.Logf("%d acknowledged writes across one outage, %d records checked", l.acked.Load(), n)
}
