// Package web serves cooptrack over HTTP with Gin: the pages, the JSON API under
// /api/v1 and the health endpoints. Handlers bind the request, call the
// domain through the stores, and render; errors go through writeError,
// the one place that maps them to statuses.
//
// It imports domain and its sub-packages, web/drawing, web/report and
// tablefile; never the driver or the repository, which cmd/cooptrack wires
// in through Stores.
package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/domain/extract"
	"cooptrack/domain/importing"
	"cooptrack/web/report/pdf"
)

// Stores are what the web layer reads and writes through.
type Stores struct {
	domain.RecordStores
	Countries domain.CountryStore
	Links     domain.LinkStore
	Dossiers  domain.DossierStore
	Catalog   domain.CatalogStore
	// Accounts keeps users, sessions and API tokens: who may sign in.
	Accounts domain.AccountStore
	// CalendarFeeds keeps each user's secret calendar feed address.
	CalendarFeeds domain.CalendarFeedStore
	// Audit is the audit log, which the store adds to on every write; the
	// web layer only reads it.
	Audit domain.AuditStore
	// Matcher finds the recorded organizations, people and other records
	// that the proposals drafted from an article name.
	Matcher extract.Matcher
	// Imports keeps what an import from a spreadsheet needs between its
	// steps, and writes it (domain/importing).
	Imports importing.Store
	// Ping checks that the store answers, for /readyz.
	Ping func(ctx context.Context) error
	// Backup writes a backup file of the whole store to w (GET
	// /api/v1/backup); nil when the server makes none.
	Backup func(ctx context.Context, w io.Writer) error
}

// Server is the HTTP handler of cooptrack.
type Server struct {
	stores Stores
	// kinds are the kinds of record, each with its store (kinds.go).
	kinds   []kind
	engine  *gin.Engine
	handler http.Handler // the engine behind the security headers and CSRF check
	pages   pages
	proxies []netip.Prefix // see TrustProxies
	// Now gives the current time; the day statuses and dashboards are
	// computed on follows from it.
	Now func() time.Time
	// Home is the installation's own country (ISO code), left out of the
	// partner countries; "" when not set.
	Home string
	// CookieSecure says when the session cookie is marked Secure; the zero
	// value is CookieSecureAuto.
	CookieSecure CookieSecure
	// font is what country briefs are set in, found once (see brief.go).
	briefFont sync.Once
	font      *pdf.Font
	// IATIOrgID and IATIOrgName are the reporting organisation of the IATI
	// export; "" for DefaultIATIOrgID and DefaultIATIOrgName.
	IATIOrgID, IATIOrgName string
	// BaseURL is the address the server is reached at, as ParseBaseURL
	// gives it ("https://cooptrack.example.org"): it starts the addresses
	// given to other programs, the calendar feed's and the record links in
	// the feed and the IATI file. "" gives paths alone. It is never taken
	// from a request's Host header, which any client sets.
	BaseURL string
}

// New returns the server with every route mounted.
func New(s Stores) *Server {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	p, err := parsePages()
	if err != nil {
		panic(err) // the templates are embedded: a parse error is a build error, which tests catch
	}
	srv := &Server{stores: s, kinds: kindsOf(s.RecordStores), engine: e, pages: p, Now: time.Now, CookieSecure: CookieSecureAuto}
	srv.handler = srv.secure(e)
	// No proxy is trusted until TrustProxies names some: the client's
	// address is the connection's.
	if err := e.SetTrustedProxies(nil); err != nil {
		panic(err)
	}
	// The log is outermost, so that a request that panics is logged as
	// any other, with the 500 that recovery answers.
	e.Use(logRequests, recovery, srv.guard)
	e.NoRoute(func(c *gin.Context) {
		srv.fail(c, requestError(ENOROUTE, "no such path: "+c.Request.URL.Path, nil))
	})
	e.NoMethod(func(c *gin.Context) {
		srv.fail(c, requestError(EMETHOD, c.Request.Method+" is not allowed on "+c.Request.URL.Path, nil))
	})
	srv.mountPages(e)
	srv.mountSessionPages(e)
	e.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	e.GET("/readyz", srv.ready)

	api := e.Group("/api/v1")
	api.GET("/openapi.json", serveOpenAPI)
	for _, k := range srv.kinds {
		k.mountAPI(srv, api)
	}
	srv.mountCountries(api)
	srv.mountBriefs(e, api)
	api.GET("/overview", srv.overview)
	api.GET("/search", srv.search)
	api.POST("/extract", srv.extractArticle)
	srv.mountSessionAPI(api)
	srv.mountCalendar(api)
	srv.mountIATI(api)
	api.GET("/audit", srv.auditLog)
	api.GET("/backup", srv.backup)
	api.POST("/import/:kind", srv.importAPI)
	return srv
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// fail writes err as JSON to API clients and as a page to browsers.
func (s *Server) fail(c *gin.Context, err error) {
	if isAPI(c.Request.URL.Path) {
		writeError(c, err)
		return
	}
	writePageError(c, s, err)
}

// today is the calendar date statuses are computed on.
func (s *Server) today() domain.Date { return domain.DateOf(s.Now()) }

func (s *Server) ready(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.stores.Ping(ctx); err != nil {
		slog.WarnContext(ctx, "store not ready", "error", err)
		writeError(c, &domain.Error{Code: domain.EUNAVAILABLE, Message: "the store does not answer"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

// recovery turns a panic into an internal error in the one error shape.
func recovery(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v) // a download cut short: net/http drops the connection
			}
			slog.ErrorContext(c.Request.Context(), "panic", "path", c.Request.URL.Path, "panic", v)
			writeError(c, &domain.Error{Code: domain.EINTERNAL, Message: "internal error"})
		}
	}()
	c.Next()
}

// logRequests logs each request by its route, never its query, headers or
// body: no password, token or session secret reaches the log.
func logRequests(c *gin.Context) {
	start := time.Now()
	// Deferred, so that a download cut short (recovery passes its panic
	// on to net/http) is logged too.
	defer func() {
		actor, _ := domain.ActorFrom(c.Request.Context()) // set by guard, which runs inside
		slog.InfoContext(c.Request.Context(), "request",
			"method", c.Request.Method, "route", c.FullPath(), "status", c.Writer.Status(),
			"actor", actor.String(), "duration_ms", float64(time.Since(start).Microseconds())/1000)
	}()
	c.Next()
}
