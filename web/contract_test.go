package web

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"cooptrack/domain"
	"cooptrack/repository/storetest"
)

// downAccounts is an account store that cannot be reached.
type downAccounts struct{ domain.AccountStore }

func (downAccounts) TokenUser(context.Context, string) (domain.User, domain.Token, error) {
	return domain.User{}, domain.Token{}, errors.New("down")
}

func TestMain(m *testing.M) {
	// Request logs would bury the test output; warnings and errors stay.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	storetest.Main(m)
}

// loadOpenAPI parses the embedded document.
func loadOpenAPI() (*openapi3.T, error) {
	return openapi3.NewLoader().LoadFromData(OpenAPI)
}

// contractDoc is the document, checked against the OpenAPI rules, and its
// router, made once per test binary and shared by every client, as a server
// shares them between requests (parsing it took a tenth of a second per
// test under -race).
var contractDoc = sync.OnceValues(func() (*contract, error) {
	doc, err := loadOpenAPI()
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("router: %w", err)
	}
	return &contract{doc: doc, router: router}, nil
})

type contract struct {
	doc    *openapi3.T
	router routers.Router
}

// apiClient sends requests to the handler in process (httptest) and checks
// every request and response against the OpenAPI document, failing the test
// on a mismatch with the path, status, and the validator's message.
type apiClient struct {
	t       *testing.T
	handler http.Handler
	doc     *openapi3.T
	router  routers.Router

	mu   sync.Mutex
	seen map[string]bool
}

// apiResponse is what the handler answered.
type apiResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

func newAPIClient(t *testing.T, h http.Handler) *apiClient {
	t.Helper()
	c, err := contractDoc()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return &apiClient{t: t, handler: h, doc: c.doc, router: c.router, seen: map[string]bool{}}
}

// do sends a JSON request (body nil, a []byte sent as is, or any value
// marshalled to JSON), with headers given as "Name: value" strings;
// validates the request against the document, then the response.
func (c *apiClient) do(method, path string, body any, headers ...string) *apiResponse {
	c.t.Helper()
	res, problems := c.exchange(true, method, path, body, headers)
	for _, p := range problems {
		c.t.Error(p)
	}
	return res
}

// doInvalid sends a request that is deliberately outside the documented
// request schema (bad input tests): it skips request validation but still
// validates the response, which must then be a documented error response.
// A path or method the document does not have must be answered 404 no_route
// or 405 method_not_allowed in the Error shape.
func (c *apiClient) doInvalid(method, path string, body any, headers ...string) *apiResponse {
	c.t.Helper()
	res, problems := c.exchange(false, method, path, body, headers)
	if res.Status < 400 {
		problems = append(problems, fmt.Sprintf("%s %s: status %d: doInvalid expects an error response", method, path, res.Status))
	}
	for _, p := range problems {
		c.t.Error(p)
	}
	return res
}

// exchange sends the request to the handler and returns the response with
// every way in which the exchange departs from the document.
func (c *apiClient) exchange(validateRequest bool, method, path string, body any, headers []string) (*apiResponse, []string) {
	c.t.Helper()
	var problems []string
	fail := func(format string, args ...any) {
		problems = append(problems, method+" "+path+": "+fmt.Sprintf(format, args...))
	}
	var data []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		data = b
	default:
		var err error
		if data, err = json.Marshal(b); err != nil {
			c.t.Fatalf("%s %s: marshal body: %v", method, path, err)
		}
	}
	newRequest := func() *http.Request {
		var r io.Reader
		if data != nil {
			r = bytes.NewReader(data)
		}
		req := httptest.NewRequest(method, "http://localhost"+path, r)
		if data != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		for _, h := range headers {
			name, value, ok := strings.Cut(h, ":")
			if !ok {
				c.t.Fatalf("%s %s: header %q is not \"Name: value\"", method, path, h)
			}
			name, value = strings.TrimSpace(name), strings.TrimSpace(value)
			if value == "" {
				req.Header.Del(name)
				continue
			}
			req.Header.Set(name, value)
		}
		return req
	}

	// The request the validator reads is a copy: validation consumes it.
	vreq := newRequest()
	route, pathParams, routeErr := c.router.FindRoute(vreq)
	opts := &openapi3filter.Options{
		MultiError:                        true,
		IncludeResponseStatus:             true,
		RejectWhenRequestBodyNotSpecified: true,
		AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc,
	}
	opts.WithCustomSchemaErrorFunc(schemaMessage)
	input := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: pathParams, Route: route, Options: opts}
	switch {
	case routeErr != nil && validateRequest:
		fail("not in the document: %v", routeErr)
	case routeErr == nil && validateRequest:
		if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
			fail("request does not match the document: %v", err)
		}
	}

	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, newRequest())
	res := &apiResponse{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}

	if routeErr != nil {
		problems = append(problems, c.checkUnrouted(method, path, routeErr, res)...)
		return res, problems
	}
	c.record(method + " " + route.Path + " " + strconv.Itoa(res.Status))
	err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input,
		Status:                 res.Status,
		Header:                 res.Header,
		Body:                   io.NopCloser(bytes.NewReader(res.Body)),
		Options:                opts,
	})
	if err != nil {
		fail("status %d: response does not match the document: %v\nbody: %s", res.Status, err, clip(res.Body))
		return res, problems
	}
	if r := route.Operation.Responses.Status(res.Status); r != nil && r.Value != nil && len(r.Value.Content) == 0 && len(res.Body) > 0 {
		fail("status %d: the document gives no body, the server sent %s", res.Status, clip(res.Body))
	}
	return res, problems
}

// checkUnrouted checks the answer to a request the document has no
// operation for: 404 no_route or 405 method_not_allowed, as an Error.
func (c *apiClient) checkUnrouted(method, path string, routeErr error, res *apiResponse) []string {
	want, code := http.StatusNotFound, ENOROUTE
	if errors.Is(routeErr, routers.ErrMethodNotAllowed) {
		want, code = http.StatusMethodNotAllowed, EMETHOD
	}
	c.record(method + " (unrouted) " + strconv.Itoa(res.Status))
	prefix := fmt.Sprintf("%s %s: status %d: ", method, path, res.Status)
	var problems []string
	if res.Status != want {
		problems = append(problems, fmt.Sprintf("%swant %d for a request outside the document", prefix, want))
	}
	var v any
	if err := json.Unmarshal(res.Body, &v); err != nil {
		return append(problems, fmt.Sprintf("%sbody is not JSON: %v\nbody: %s", prefix, err, clip(res.Body)))
	}
	if err := c.doc.Components.Schemas["Error"].Value.VisitJSON(v, openapi3.MultiErrors(), openapi3.VisitAsResponse(),
		openapi3.SetSchemaErrorMessageCustomizer(schemaMessage)); err != nil {
		return append(problems, fmt.Sprintf("%sbody is not an Error: %v\nbody: %s", prefix, err, clip(res.Body)))
	}
	var e errorBody
	if err := json.Unmarshal(res.Body, &e); err == nil && e.Error.Code != code {
		problems = append(problems, fmt.Sprintf("%serror code %q, want %q", prefix, e.Error.Code, code))
	}
	return problems
}

// schemaMessage says where a value strays from its schema and how, without
// the schema and value dumps the validator adds by default (the body is
// shown once beside the message).
func schemaMessage(err *openapi3.SchemaError) string {
	return fmt.Sprintf("at /%s: %s", strings.Join(err.JSONPointer(), "/"), err.Reason)
}

func (c *apiClient) record(key string) {
	c.mu.Lock()
	c.seen[key] = true
	c.mu.Unlock()
}

// covered returns the "METHOD /path/template STATUS" triples this client
// exercised ("GET /api/v1/organizations/{id} 404"); requests outside the
// document count as "METHOD (unrouted) STATUS".
func (c *apiClient) covered() map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.seen)
}

// documented returns every "METHOD /path/template STATUS" triple of the
// document, to compare with what covered gives.
func (c *apiClient) documented() map[string]bool {
	out := map[string]bool{}
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status := range op.Responses.Map() {
				out[method+" "+path+" "+status] = true
			}
		}
	}
	return out
}

// decode unmarshals the body into v, failing the test when it cannot.
func (r *apiResponse) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("status %d: decode body into %T: %v\nbody: %s", r.Status, v, err, clip(r.Body))
	}
}

// errorCode returns the error.code of an error body, failing the test when
// the body is not one.
func (r *apiResponse) errorCode(t *testing.T) string {
	t.Helper()
	var e errorBody
	r.decode(t, &e)
	if e.Error.Code == "" {
		t.Fatalf("status %d: not an error body: %s", r.Status, clip(r.Body))
	}
	return e.Error.Code
}

func clip(b []byte) string {
	const max = 2000
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// storeServer returns the server on a fresh database of the embedded store,
// answering as an admin.
func storeServer(t *testing.T) http.Handler {
	t.Helper()
	db := storetest.Open(t, storetest.Backends(t)[0])
	return asRole(t, db, domain.RoleAdmin, New(storesOf(db)))
}

// TestContractSmoke runs the main routes once against the real store, each
// request and response checked against the document.
func TestContractSmoke(t *testing.T) {
	t.Parallel()
	c := newAPIClient(t, storeServer(t))

	wantStatus := func(res *apiResponse, want int) {
		t.Helper()
		if res.Status != want {
			t.Fatalf("status %d, want %d: %s", res.Status, want, clip(res.Body))
		}
	}

	// Health.
	wantStatus(c.do("GET", "/healthz", nil), http.StatusOK)
	wantStatus(c.do("GET", "/readyz", nil), http.StatusOK)
	wantStatus(c.do("GET", "/api/v1/openapi.json", nil), http.StatusOK)

	// An organization: create, read, list, replace.
	res := c.do("POST", "/api/v1/organizations", map[string]any{
		"name": "Presidencia del Consejo de Ministros", "acronym": "PCM", "country": "PE", "kind": "office",
	})
	wantStatus(res, http.StatusCreated)
	var org struct {
		ID      string `json:"id"`
		Version int64  `json:"version"`
	}
	res.decode(t, &org)
	if loc := res.Header.Get("Location"); loc != "/api/v1/organizations/"+org.ID {
		t.Errorf("Location = %q", loc)
	}
	res = c.do("GET", "/api/v1/organizations/"+org.ID, nil)
	wantStatus(res, http.StatusOK)
	if etag := res.Header.Get("ETag"); etag != `"1"` {
		t.Errorf("ETag = %q, want \"1\"", etag)
	}
	var list struct {
		Items []map[string]any `json:"items"`
		Total int64            `json:"total"`
	}
	res = c.do("GET", "/api/v1/organizations?country=PE&kind=office&q=consejo&sort=name&limit=10", nil)
	wantStatus(res, http.StatusOK)
	res.decode(t, &list)
	if list.Total != 1 || len(list.Items) != 1 {
		t.Errorf("list = %+v, want the one organization", list)
	}
	res = c.do("PUT", "/api/v1/organizations/"+org.ID, map[string]any{
		"name": "Presidencia del Consejo de Ministros del Perú", "acronym": "PCM", "country": "PE", "kind": "office",
	}, `If-Match: "1"`)
	wantStatus(res, http.StatusOK)

	// A second organization, a person, an agreement, an event, a program
	// and a source, linked, so that the country's views have content.
	res = c.do("POST", "/api/v1/organizations", map[string]any{"name": "Ministry of the Interior and Safety", "country": "KR", "kind": "ministry"})
	wantStatus(res, http.StatusCreated)
	var kr struct {
		ID string `json:"id"`
	}
	res.decode(t, &kr)
	res = c.do("POST", "/api/v1/people", map[string]any{
		"full_name": "Pedro Cateriano", "country": "PE",
		"positions": []map[string]any{{"title": "President of the Council of Ministers", "organization": map[string]any{"id": org.ID}, "from_on": "2015-04-02"}},
	})
	wantStatus(res, http.StatusCreated)
	var person struct {
		ID string `json:"id"`
	}
	res.decode(t, &person)
	res = c.do("POST", "/api/v1/sources", map[string]any{
		"url": "https://example.org/news/2015/04/lac-rok", "title": "Korea and Peru sign e-government MOU",
		"publisher": "Example News", "published_on": "2015-04-21", "language": "en", "text": "Lima, 20 April 2015. ...",
	})
	wantStatus(res, http.StatusCreated)
	var source struct {
		ID string `json:"id"`
	}
	res.decode(t, &source)
	res = c.do("POST", "/api/v1/agreements", map[string]any{
		"kind": "mou", "title": "MOU on e-government cooperation", "status": "signed", "status_reason": "signed in Lima",
		"parties":     []map[string]any{{"id": org.ID}, {"id": kr.ID}},
		"signatories": []map[string]any{{"person": map[string]any{"id": person.ID}, "organization": map[string]any{"id": org.ID}, "capacity": "President of the Council of Ministers"}},
		"present":     []map[string]any{{"capacity": "President of Peru"}},
		"place":       map[string]any{"city": "Lima", "country": "PE"},
		"signed_on":   "2015-04-20",
		"expires_on":  "2099-04-19",
		"renewal":     map[string]any{"automatic": false, "notice_days": 90},
		"evidence":    []map[string]any{{"source": map[string]any{"id": source.ID}, "quote": "signed an MOU"}},
	})
	wantStatus(res, http.StatusCreated)
	var agreement struct {
		ID string `json:"id"`
	}
	res.decode(t, &agreement)
	wantStatus(c.do("POST", "/api/v1/events", map[string]any{
		"kind": "official_visit", "title": "Official visit to Peru", "start_on": "2015-04-19", "end_on": "2015-04-21",
		"place": map[string]any{"city": "Lima", "country": "PE"}, "host": map[string]any{"id": org.ID},
		"participants": []map[string]any{{"person": map[string]any{"id": person.ID}, "role": "host"}},
		"agreements":   []map[string]any{{"id": agreement.ID}},
	}), http.StatusCreated)
	wantStatus(c.do("POST", "/api/v1/programs", map[string]any{
		"name": "e-government master plan", "status": "active", "start_on": "2015-06-01",
		"beneficiaries": []map[string]any{{"id": org.ID}}, "partners": []map[string]any{{"id": kr.ID}},
		"milestones": []map[string]any{{"on": "2015-12-01", "title": "Plan delivered", "done": true}, {"on": "2016-06-01", "title": "Pilot"}},
		"budget":     map[string]any{"amount": 150000000, "currency": "USD"},
	}), http.StatusCreated)

	// Evidence: cite, read the source with its citers, remove.
	res = c.do("POST", "/api/v1/organizations/"+org.ID+"/evidence", map[string]any{"source_id": source.ID, "quote": "the PCM", "supports": []string{"name"}})
	wantStatus(res, http.StatusCreated)
	var citation struct {
		ID string `json:"id"`
	}
	res.decode(t, &citation)
	wantStatus(c.do("GET", "/api/v1/sources/"+source.ID, nil), http.StatusOK)
	wantStatus(c.do("GET", "/api/v1/sources", nil), http.StatusOK)
	wantStatus(c.do("DELETE", "/api/v1/organizations/"+org.ID+"/evidence/"+citation.ID, nil), http.StatusNoContent)
	for _, coll := range []string{"people", "agreements", "events", "programs"} {
		wantStatus(c.do("GET", "/api/v1/"+coll+"?country=PE", nil), http.StatusOK)
	}

	// Every record read back and sent again as it was: what the server
	// writes, it accepts (a source's cited_by aside, which is not a field).
	for _, coll := range []string{"organizations", "people", "agreements", "events", "programs", "sources"} {
		var page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		c.do("GET", "/api/v1/"+coll, nil).decode(t, &page)
		if len(page.Items) == 0 {
			t.Fatalf("no %s listed", coll)
		}
		for _, item := range page.Items {
			var rec map[string]any
			c.do("GET", "/api/v1/"+coll+"/"+item.ID, nil).decode(t, &rec)
			delete(rec, "cited_by")
			wantStatus(c.do("PUT", "/api/v1/"+coll+"/"+item.ID, rec), http.StatusOK)
		}
	}

	// The country's views.
	wantStatus(c.do("GET", "/api/v1/countries", nil), http.StatusOK)
	wantStatus(c.do("GET", "/api/v1/countries/PE", nil), http.StatusOK)
	wantStatus(c.do("GET", "/api/v1/countries/PE/timeline", nil), http.StatusOK)
	wantStatus(c.do("GET", "/api/v1/countries/PE/timeline?from=2015-01-01&to=2016-12-31&kinds=agreement_signed,event", nil), http.StatusOK)
	wantStatus(c.do("GET", "/api/v1/countries/PE/dashboard", nil), http.StatusOK)
	wantStatus(c.do("GET", "/api/v1/countries/pe/office-holders?on=2015-04-20&title=council", nil), http.StatusOK)

	// Errors.
	res = c.do("GET", "/api/v1/organizations/no-such-id", nil)
	wantStatus(res, http.StatusNotFound)
	if code := res.errorCode(t); code != "not_found" {
		t.Errorf("error code = %q, want not_found", code)
	}
	res = c.doInvalid("POST", "/api/v1/organizations", []byte(`{"name": `))
	wantStatus(res, http.StatusBadRequest)
	if code := res.errorCode(t); code != EBADREQUEST {
		t.Errorf("error code = %q, want %s", code, EBADREQUEST)
	}
	etag := c.do("GET", "/api/v1/organizations/"+org.ID, nil).Header.Get("ETag")
	res = c.do("DELETE", "/api/v1/organizations/"+org.ID, nil, "If-Match: "+etag)
	wantStatus(res, http.StatusConflict)
	if code := res.errorCode(t); code != "referenced" {
		t.Errorf("error code = %q, want referenced", code)
	}
	res = c.do("POST", "/api/v1/events", map[string]any{"kind": "forum", "title": "Forum", "start_on": "2015-02-30"})
	wantStatus(res, http.StatusUnprocessableEntity)
	wantStatus(c.doInvalid("PATCH", "/api/v1/organizations", nil), http.StatusMethodNotAllowed)
	wantStatus(c.doInvalid("GET", "/api/v1/nothing", nil), http.StatusNotFound)
	wantStatus(c.doInvalid("POST", "/api/v1/organizations", []byte(`{}`), "Content-Type: text/plain"), http.StatusUnsupportedMediaType)

	// A store that does not answer, and one that fails: checking the
	// token fails closed, with an internal error.
	down := newAPIClient(t, New(Stores{Ping: func(context.Context) error { return errors.New("down") }, Accounts: downAccounts{}}))
	wantStatus(down.do("GET", "/readyz", nil), http.StatusServiceUnavailable)
	wantStatus(down.do("GET", "/api/v1/organizations", nil, "Authorization: Bearer ctk_anything"), http.StatusInternalServerError)

	if covered, documented := c.covered(), c.documented(); len(covered) == 0 || !documented["GET /api/v1/organizations/{id} 404"] {
		t.Errorf("covered() = %v; documented() has %d triples", covered, len(documented))
	}
	for key := range c.covered() {
		if !strings.Contains(key, "(unrouted)") && !c.documented()[key] {
			t.Errorf("covered %q, which the document does not have", key)
		}
	}
}

// TestContractCatchesMismatches checks the harness itself: a handler that
// strays from the document is caught, one that keeps to it is not.
func TestContractCatchesMismatches(t *testing.T) {
	t.Parallel()
	const org = `{"id":"x","version":1,"created_at":"2015-04-20T10:00:00Z","updated_at":"2015-04-20T10:00:00Z","evidence":[],"name":"PCM","country":"PE","kind":"office"}`
	answer := func(status int, body string, headers ...string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			for _, h := range headers {
				name, value, _ := strings.Cut(h, ": ")
				w.Header().Set(name, value)
			}
			if body != "" {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
			}
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		})
	}
	for _, tc := range []struct {
		name    string
		h       http.Handler
		valid   bool
		method  string
		path    string
		body    any
		invalid bool // sent with doInvalid
	}{
		{name: "documented", h: answer(200, org, `ETag: "1"`), valid: true},
		{name: "undocumented field", h: answer(200, strings.Replace(org, `"name"`, `"colour":"red","name"`, 1), `ETag: "1"`)},
		{name: "missing field", h: answer(200, strings.Replace(org, `"kind":"office"`, `"acronym":"PCM"`, 1), `ETag: "1"`)},
		{name: "unknown kind", h: answer(200, strings.Replace(org, `"office"`, `"palace"`, 1), `ETag: "1"`)},
		{name: "no ETag", h: answer(200, org)},
		{name: "undocumented status", h: answer(http.StatusTeapot, `{"error":{"code":"internal","message":"x"}}`)},
		{name: "error in another shape", h: answer(404, `{"message":"not found"}`)},
		{name: "body where none is documented", method: "DELETE", h: answer(204, `{}`)},
		{name: "request outside the document", method: "POST", path: "/api/v1/organizations", body: map[string]any{"name": "PCM", "kind": "office", "colour": "red"}, h: answer(201, org, `ETag: "1"`, "Location: /api/v1/organizations/x")},
		{name: "path outside the document", path: "/api/v1/nothing", h: answer(404, `{"error":{"code":"no_route","message":"x"}}`)},
		{name: "unrouted but documented error", path: "/api/v1/nothing", h: answer(404, `{"error":{"code":"no_route","message":"x"}}`), invalid: true, valid: true},
		{name: "unrouted with wrong code", path: "/api/v1/nothing", h: answer(404, `{"error":{"code":"not_found","message":"x"}}`), invalid: true},
		{name: "invalid request, documented error", method: "POST", path: "/api/v1/organizations", body: []byte(`{`), h: answer(400, `{"error":{"code":"invalid_request","message":"x"}}`), invalid: true, valid: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			method, path := cmp.Or(tc.method, "GET"), cmp.Or(tc.path, "/api/v1/organizations/x")
			c := newAPIClient(t, tc.h)
			_, problems := c.exchange(!tc.invalid, method, path, tc.body, nil)
			if tc.valid && len(problems) > 0 {
				t.Errorf("problems reported for a documented exchange: %q", problems)
			}
			if !tc.valid && len(problems) == 0 {
				t.Error("no problem reported")
			}
			if len(problems) > 0 {
				t.Logf("%q", problems)
			}
		})
	}
}
