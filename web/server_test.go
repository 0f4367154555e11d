package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

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

// TestABodyCutOffByTheReadTimeout (issue 14): a body that stops coming
// until the server's read timeout ends it is answered 408 in the error
// shape (a page for a form), not 500, and changes nothing.
func TestABodyCutOffByTheReadTimeout(t *testing.T) {
	t.Parallel()
	srv, db := authServer(t, false)
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ReadTimeout = 300 * time.Millisecond
	ts.Start()
	defer ts.Close()
	bearer := testUser(t, db, domain.RoleOfficer)
	tests := []struct {
		name, head string
		json       bool
	}{
		{"an API write", "POST /api/v1/organizations HTTP/1.1\r\nAuthorization: " + bearer + "\r\nContent-Type: application/json\r\n", true},
		{"a form", "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n", false},
	}
	for _, tc := range tests {
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		// Half of the body promised, then nothing.
		fmt.Fprintf(conn, "%sHost: example.com\r\nContent-Length: 100\r\n\r\n%s", tc.head, `{"name": "Ministry of Slow Bodies", `)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		body, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		_ = conn.Close()
		var e errorBody
		switch {
		case res.StatusCode != http.StatusRequestTimeout:
			t.Errorf("%s: status %d %.300s, want 408", tc.name, res.StatusCode, body)
		case tc.json && (json.Unmarshal(body, &e) != nil || e.Error.Code != ETIMEOUT):
			t.Errorf("%s: body %s, want the error shape with code %s", tc.name, body, ETIMEOUT)
		}
	}
	var list struct{ Total int }
	mustJSON(t, send(srv, http.MethodGet, "/api/v1/organizations", nil, "Authorization: "+bearer).Body.Bytes(), &list)
	if list.Total != 0 {
		t.Errorf("%d organizations after the cut bodies, want none", list.Total)
	}
}
