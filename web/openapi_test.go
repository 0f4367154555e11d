package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestOpenAPIDocumentIsValid(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(OpenAPI)
	if err != nil {
		t.Fatalf("load openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
		t.Errorf("servers = %v, want one server with url \"/\"", doc.Servers)
	}
}

func TestOpenAPIIsServed(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	New(Stores{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: status %d", rec.Code)
	}
	if !bytes.Equal(rec.Body.Bytes(), OpenAPI) {
		t.Error("GET /api/v1/openapi.json does not serve the embedded document")
	}
}

// ginParam matches a Gin path parameter, :id or *path.
var ginParam = regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)

// TestOpenAPIDocumentsEveryRoute checks that the routes Gin mounts and the
// operations the document describes are the same set.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(OpenAPI)
	if err != nil {
		t.Fatalf("load openapi.json: %v", err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	mounted := map[string]bool{}
	for _, r := range New(Stores{}).engine.Routes() {
		// The HTML pages are for browsers, not part of the API.
		if !strings.HasPrefix(r.Path, "/api/") && r.Path != "/healthz" && r.Path != "/readyz" {
			continue
		}
		mounted[r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}")] = true
	}

	var undocumented, unmounted []string
	for route := range mounted {
		if !documented[route] {
			undocumented = append(undocumented, route)
		}
	}
	for route := range documented {
		if !mounted[route] {
			unmounted = append(unmounted, route)
		}
	}
	slices.Sort(undocumented)
	slices.Sort(unmounted)
	if len(undocumented) > 0 {
		t.Errorf("routes the server mounts that openapi.json does not document:\n\t%s", strings.Join(undocumented, "\n\t"))
	}
	if len(unmounted) > 0 {
		t.Errorf("operations openapi.json documents that the server does not mount:\n\t%s", strings.Join(unmounted, "\n\t"))
	}
	if len(mounted) == 0 {
		t.Error("the server mounts no routes")
	}
}
