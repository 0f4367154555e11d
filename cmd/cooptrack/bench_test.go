package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cooptrack/internal/bench"
)

// TestBenchRunsEveryEndpoint runs the benchmark briefly on the demo data and
// checks its table: a row per endpoint and concurrency, no errors, and store
// round trips counted. The timings are measurements, not test conditions:
// none is asserted.
func TestBenchRunsEveryEndpoint(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the benchmark runs for several seconds")
	}
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	var out, stderr strings.Builder
	if code := Main(ctx, []string{"seed", "demo", "--data-dir", dir}, strings.NewReader(""), &out, &stderr); code != 0 {
		t.Fatalf("seed demo: exit %d: %s", code, stderr.String())
	}
	out.Reset()
	stderr.Reset()
	code := Main(ctx, []string{"bench", "--data-dir", dir, "--duration", "300ms", "--writes", "--concurrency", "1,4"}, strings.NewReader(""), &out, &stderr)
	if code != 0 {
		t.Fatalf("bench: exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "warning: --writes") {
		t.Errorf("bench --writes gave no warning that it writes; stderr:\n%s", stderr.String())
	}

	// endpoint conc requests errors req/s p50 p95 p99 max trips/req [cold]
	type row struct {
		requests, errors int
		trips            float64
	}
	rows := map[string]row{}
	for line := range strings.SplitSeq(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) < 10 || !isBenchName(f[0]) && !strings.HasPrefix(f[0], bench.Mixed+"-") && f[0] != bench.FirstDashboards {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // the list of requests below the table
		}
		requests, err1 := strconv.Atoi(f[2])
		errors, err2 := strconv.Atoi(f[3])
		trips, err3 := strconv.ParseFloat(f[9], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Errorf("row not in the table's format: %q", line)
			continue
		}
		rows[f[0]+"@"+f[1]] = row{requests, errors, trips}
	}
	for _, name := range bench.Names {
		if name == bench.Mixed {
			continue // below: a scenario, not an endpoint at each level
		}
		for _, c := range []int{1, 4} {
			key := fmt.Sprintf("%s@%d", name, c)
			r, ok := rows[key]
			switch {
			case !ok:
				t.Errorf("no row for %s at concurrency %d", name, c)
				continue
			case r.requests == 0:
				t.Errorf("%s at concurrency %d: no requests measured", name, c)
			case r.errors != 0:
				t.Errorf("%s at concurrency %d: %d errors", name, c, r.errors)
			}
			// Reads are answered by the model (and authenticated from the
			// cache): only the store's floor and the writes reach it.
			switch reaches := name == bench.StoreFloor || bench.IsWrite(name); {
			case reaches && r.trips <= 0:
				t.Errorf("%s at concurrency %d: %.2f store round trips per request, want some", name, c, r.trips)
			case !reaches && r.trips >= 1:
				t.Errorf("%s at concurrency %d: %.2f store round trips per request, want none but now and then", name, c, r.trips)
			}
		}
	}
	for _, key := range []string{bench.Mixed + "-dashboard@8", bench.Mixed + "-timeline@8", bench.Mixed + "-writes@8", bench.FirstDashboards + "@16"} {
		if r, ok := rows[key]; !ok || r.requests == 0 || r.errors != 0 {
			t.Errorf("%s: %+v (found %v), want requests and no errors", key, r, ok)
		}
	}
	for _, want := range []string{"p95 ms", "trips/req", "start-up:", "records:", "memory: peak", "CPUs", "targets"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("stdout:\n%s\nstderr:\n%s", out.String(), stderr.String())
	}
}

func isBenchName(s string) bool {
	for _, n := range bench.Names {
		if n == s {
			return true
		}
	}
	return false
}

func TestBenchUsage(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bench", "--help"}, 0, "--concurrency"},
		{[]string{"bench", "--data-dir", dir, "--only", "create-agreement"}, 2, "--writes"},
		{[]string{"bench", "--data-dir", dir, "--only", "frobnicate"}, 2, "unknown endpoint"},
		{[]string{"bench", "--data-dir", dir, "--concurrency", "0"}, 2, "--concurrency"},
		{[]string{"bench", "--data-dir", dir, "--country", "XX"}, 2, "--country"},
	}
	for _, tc := range cases {
		var out strings.Builder
		code := Main(context.Background(), tc.args, strings.NewReader(""), &out, &out)
		if code != tc.code || !strings.Contains(out.String(), tc.want) {
			t.Errorf("cooptrack %v: exit %d, output %q; want exit %d and %q", tc.args, code, out.String(), tc.code, tc.want)
		}
	}
}
