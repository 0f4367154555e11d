package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"

	"cooptrack/domain"
)

// TestAPanicIsLoggedAsARequest (issue 14): a request whose handler panics
// is answered 500 in the error shape and logged like any other request,
// with its route, status and actor, beside the panic itself.
func TestAPanicIsLoggedAsARequest(t *testing.T) { // not parallel: it swaps the default logger
	_, db := authServer(t, false)
	stores := storesOf(db)
	stores.Organizations = nil // its handlers panic
	srv := New(stores)
	email := testAccount(t, db, domain.RoleViewer)
	bearer := "Authorization: " + testUser(t, db, domain.RoleViewer)

	var logs bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, nil)))
	rec := send(srv, http.MethodGet, "/api/v1/organizations", nil, bearer)
	slog.SetDefault(slog.New(slog.DiscardHandler))

	var e errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); rec.Code != http.StatusInternalServerError || err != nil || e.Error.Code != domain.EINTERNAL {
		t.Errorf("a panicking handler answered %d %s, want 500 in the error shape with code %s", rec.Code, rec.Body, domain.EINTERNAL)
	}
	var request, panicked bool
	sc := bufio.NewScanner(&logs)
	for sc.Scan() {
		var line struct {
			Msg    string `json:"msg"`
			Route  string `json:"route"`
			Path   string `json:"path"`
			Status int    `json:"status"`
			Actor  string `json:"actor"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue
		}
		switch {
		case line.Msg == "request" && line.Route == "/api/v1/organizations":
			request = true
			if line.Status != http.StatusInternalServerError || line.Actor != email {
				t.Errorf("request logged as %s; want status 500 and actor %s", sc.Bytes(), email)
			}
		case line.Msg == "panic" && line.Path == "/api/v1/organizations":
			panicked = true
		}
	}
	if !request || !panicked {
		t.Errorf("logged the request %v and the panic %v, want both:\n%s", request, panicked, logs.String())
	}
}
