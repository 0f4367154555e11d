package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/event"

	"cooptrack/domain"
	"cooptrack/internal/soak"
	"cooptrack/internal/synth"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// TestStoreRoundTripsDoNotGrowWithScale counts the commands each endpoint
// sends to the store, right after a write to the country and again, on a
// generated office of about 90 records and on one twice that size (scale S,
// 9,100 records, and twice S under -tags soak): none may send more at the
// larger size, and the reads of records send none (the model answers them;
// a record's page reads its history from the log). Authentication's own
// reads are left out.
func TestStoreRoundTripsDoNotGrowWithScale(t *testing.T) {
	t.Parallel()
	backend := storetest.Backends(t)[0] // the embedded SQLite store
	factor := soak.Pick(0.001, synth.FactorS)
	small := roundTrips(t, backend, factor)
	large := roundTrips(t, backend, 2*factor)
	for name, n := range small {
		t.Logf("%-28s S: %3d   2S: %3d", name, n, large[name])
		if large[name] > n {
			t.Errorf("%s sends %d commands to the store at twice scale S, %d at S: it grows with the data", name, large[name], n)
		}
		if _, write := writes[name]; !write && name != "agreement page" && large[name] != 0 {
			t.Errorf("%s sends %d commands to the store, want none: the model answers it", name, large[name])
		}
	}
	for name, most := range writes {
		if small[name] > most || large[name] > most {
			t.Errorf("%s sends %d and %d commands, want at most %d", name, small[name], large[name], most)
		}
	}
}

// writes are the endpoints that write, with the commands each may send: a
// log entry and the record's document, which a change of a stored record
// reads the version of before it replaces it (repository.replaceDoc).
var writes = map[string]int64{"create agreement": 2, "attach evidence": 3}

// countedRequest marks the context of the requests whose commands are
// counted: the model's reader of the log polls beside them.
type countedRequest struct{}

// roundTrips generates an office of the size given and counts the commands
// of each request.
func roundTrips(t *testing.T, backend storetest.Backend, factor float64) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	var commands atomic.Int64
	db := storetest.OpenWith(t, backend, repository.Options{Monitor: &event.CommandMonitor{
		Started: func(ctx context.Context, e *event.CommandStartedEvent) {
			if ctx.Value(countedRequest{}) != nil && !accountCommand(e) {
				commands.Add(1)
			}
		},
	}})
	if _, err := synth.Generate(synth.Config{Seed: 5, Factor: factor}, repository.Importer{Ctx: ctx, DB: db}); err != nil {
		t.Fatal(err)
	}
	srv := asRole(t, db, domain.RoleAdmin, New(storesOf(db)))
	call := func(method, path, body string) []byte {
		t.Helper()
		req := httptest.NewRequestWithContext(context.WithValue(context.Background(), countedRequest{}, true), method, path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 300 {
			t.Fatalf("%s %s: status %d: %s", method, path, rec.Code, rec.Body)
		}
		// A write's documents are written behind its answer (with its
		// context): they count as the write's.
		if err := db.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		return rec.Body.Bytes()
	}
	var overview struct {
		Countries []struct {
			Country struct{ Code string } `json:"country"`
		} `json:"countries"`
	}
	mustJSON(t, call(http.MethodGet, "/api/v1/overview", ""), &overview)
	top := overview.Countries[0].Country.Code
	var agreements struct {
		Items []struct {
			ID      string `json:"id"`
			Parties []struct {
				ID string `json:"id"`
			} `json:"parties"`
			Evidence []struct {
				Source struct{ ID string } `json:"source"`
			} `json:"evidence"`
		} `json:"items"`
	}
	mustJSON(t, call(http.MethodGet, "/api/v1/agreements?country="+top+"&limit=5", ""), &agreements)
	a := agreements.Items[0]
	sourceID := ""
	for _, it := range agreements.Items {
		if len(it.Evidence) > 0 {
			sourceID = it.Evidence[0].Source.ID
		}
	}
	newAgreement := fmt.Sprintf(`{"kind": "mou", "title": "MOU counted", "status": "signed", "signed_on": "2024-05-02", "parties": [{"id": %q}, {"id": %q}]}`, a.Parties[0].ID, a.Parties[1].ID)

	counts := map[string]int64{}
	measure := func(name, method, path, body string) {
		commands.Store(0)
		call(method, path, body)
		counts[name] = commands.Load()
	}
	for _, warmth := range []string{"cold", "warm"} {
		if warmth == "cold" {
			// A write to the country: the next read builds its dossier
			// again, from the model.
			call(http.MethodPost, "/api/v1/agreements", newAgreement)
		}
		measure(warmth+" dashboard", http.MethodGet, "/api/v1/countries/"+top+"/dashboard", "")
		measure(warmth+" timeline", http.MethodGet, "/api/v1/countries/"+top+"/timeline", "")
		// A page of three, which both sizes fill.
		measure(warmth+" agreement list", http.MethodGet, "/api/v1/agreements?country="+top+"&status=in_force&limit=3", "")
		measure(warmth+" overview", http.MethodGet, "/api/v1/overview", "")
		measure(warmth+" search", http.MethodGet, "/api/v1/search?q=ministry", "")
		measure(warmth+" country page", http.MethodGet, "/countries/"+top, "")
	}
	measure("agreement", http.MethodGet, "/api/v1/agreements/"+a.ID, "")
	measure("agreement links", http.MethodGet, "/api/v1/agreements/"+a.ID+"/links", "")
	measure("agreement page", http.MethodGet, "/agreements/"+a.ID, "")
	measure("create agreement", http.MethodPost, "/api/v1/agreements", newAgreement)
	measure("attach evidence", http.MethodPost, "/api/v1/agreements/"+a.ID+"/evidence", fmt.Sprintf(`{"source_id": %q, "quote": "counted"}`, sourceID))
	return counts
}

// accountCommand reports whether the command reads or writes users,
// sessions or tokens: checking the request's credential costs the same
// reads by _id at any scale (and a write once a minute, which would make
// the counts depend on the clock), so it is left out of the counts.
func accountCommand(e *event.CommandStartedEvent) bool {
	coll, _ := e.Command.Lookup(e.CommandName).StringValueOK()
	return coll == "users" || coll == "sessions" || coll == "tokens"
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}
