package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// The pages are html/template files embedded in the binary and parsed once
// at start: each page is the layout, the partials (files starting with "_")
// and its own file.
//
//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// pageData is what every page template receives.
type pageData struct {
	// Title is the page's own title; the layout adds the product's name.
	Title string
	// Section names the navigation entry to mark as current.
	Section string
	// Q is the search box's text.
	Q string
	// Today is the day statuses are computed on.
	Today domain.Date
	// Data is the page's own content.
	Data any
	// Actor is who asks: the layout names them, and pages show only the
	// buttons their role may use (May).
	Actor domain.Actor
}

// May reports whether the page's reader may do p, to show a button or not.
// The route checks it again when the button is used.
func (d pageData) May(p domain.Permission) bool { return d.Actor.May(p) }

// pages holds the parsed page templates by name ("overview").
type pages map[string]*template.Template

func parsePages() (pages, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var shared []string
	for _, n := range names {
		if base := path.Base(n); base == "layout.html" || strings.HasPrefix(base, "_") {
			shared = append(shared, n)
		}
	}
	out := pages{}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.New(base).Funcs(templateFuncs).ParseFS(templateFiles, append(shared, n)...)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", base, err)
		}
		out[strings.TrimSuffix(base, ".html")] = t
	}
	return out, nil
}

// render writes the page. The page is rendered into a buffer first, so that
// a template error becomes a clean error page rather than half a page.
func (s *Server) render(c *gin.Context, status int, name string, d pageData) {
	d.Actor, _ = domain.ActorFrom(c.Request.Context())
	page, err := s.page(name, d)
	if err != nil {
		slog.ErrorContext(c.Request.Context(), "render page", "page", name, "error", err)
		writePageError(c, s, err)
		return
	}
	c.Data(status, "text/html; charset=utf-8", page)
}

// page renders the named page.
func (s *Server) page(name string, d pageData) ([]byte, error) {
	t, ok := s.pages[name]
	if !ok {
		return nil, fmt.Errorf("no page %q", name)
	}
	d.Today = s.today()
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writePage writes the page outside Gin (see crossOriginRefused).
func (s *Server) writePage(w http.ResponseWriter, status int, name string, d pageData) {
	page, err := s.page(name, d)
	if err != nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(page)
}

// writePageError writes err as an HTML page, with the status the one error
// map gives it; an internal error's text is withheld.
func writePageError(c *gin.Context, s *Server, err error) {
	de := asDomainError(c, err)
	status := statusOf(de.Code)
	retryAfter(c, de)
	d := pageData{Title: http.StatusText(status), Data: de}
	d.Actor, _ = domain.ActorFrom(c.Request.Context())
	page, perr := s.page("error", d)
	if perr != nil {
		c.AbortWithStatus(status)
		return
	}
	c.Data(status, "text/html; charset=utf-8", page)
	c.Abort()
}

// recordPath is the page of a record.
func recordPath(t domain.RecordType, id string) string {
	return "/" + t.Collection() + "/" + url.PathEscape(id)
}

var templateFuncs = template.FuncMap{
	"date": func(d domain.Date) string { return d.Format() },
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2 Jan 2006 15:04 UTC")
	},
	"words":       domain.Words,
	"countryName": func(code any) string { return domain.CountryName(fmt.Sprint(code)) }, // a code as a string or a CountryCode
	"refPath":     func(r domain.RecordRef) string { return recordPath(r.Type, r.ID) },
	"recordPath":  recordPath,
	"join":        strings.Join,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
}

// mountPages mounts the web application's pages and its static files.
func (s *Server) mountPages(e *gin.Engine) {
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err)
	}
	fileServer := http.StripPrefix("/static/", http.FileServer(http.FS(static)))
	e.GET("/static/*file", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(c.Writer, c.Request)
	})
	e.GET("/", s.overviewPage)
	e.GET("/search", s.searchPage)
	// Forms first: "/agreements/new" must win over "/agreements/:id".
	s.mountFormPages(e)
	s.mountImportPages(e)
	s.mountArticlePages(e)
	s.mountCountryPages(e)
	s.mountListPages(e)
	s.mountRecordPages(e)
}
