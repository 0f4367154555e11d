package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// Who may do what. Every request but those to open routes (access.go) comes
// with a session cookie, set by the log-in, or with "Authorization: Bearer
// <token>"; guard checks it, puts the actor in the request's context, and
// refuses what the actor's role may not do. Without a valid credential the
// API answers 401 and a page sends the browser to /login.

// sessionCookie holds the secret of the browser's session.
const sessionCookie = "cooptrack_session"

// CookieSecure says when the session cookie is marked Secure (sent over
// HTTPS only).
type CookieSecure string

// The choices of CookieSecure.
const (
	// CookieSecureAuto marks it when the request came over TLS, or through a
	// trusted proxy that says X-Forwarded-Proto: https.
	CookieSecureAuto   CookieSecure = "auto"
	CookieSecureAlways CookieSecure = "always"
	CookieSecureNever  CookieSecure = "never"
)

// ParseCookieSecure reads "auto", "always" or "never".
func ParseCookieSecure(s string) (CookieSecure, error) {
	switch c := CookieSecure(s); c {
	case CookieSecureAuto, CookieSecureAlways, CookieSecureNever:
		return c, nil
	}
	return "", fmt.Errorf("%q is not auto, always or never", s)
}

// TrustProxies names the proxies (addresses or CIDR ranges) whose
// X-Forwarded-For and X-Forwarded-Proto headers are believed. By default
// none is: anyone could send those headers, and the client's address counts
// failed log-ins.
func (s *Server) TrustProxies(proxies []string) error {
	var prefixes []netip.Prefix
	for _, p := range proxies {
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return fmt.Errorf("trusted proxy %q is neither an address nor a CIDR range", p)
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		prefixes = append(prefixes, prefix)
	}
	if err := s.engine.SetTrustedProxies(proxies); err != nil {
		return err
	}
	s.proxies = prefixes
	return nil
}

// guard authenticates the request and checks the route's access.
func (s *Server) guard(c *gin.Context) {
	route := c.Request.Method + " " + c.FullPath()
	need, known := routeAccess[route]
	if known && need == open {
		c.Next()
		return
	}
	actor, err := s.authenticate(c)
	if err != nil {
		s.signInFirst(c, err)
		return
	}
	ctx := domain.WithActor(c.Request.Context(), actor)
	c.Request = c.Request.WithContext(ctx)
	// What a signed-in user sees is theirs: no cache keeps it, so that Back
	// after logging out shows nothing.
	c.Header("Cache-Control", "no-store")
	switch {
	case c.FullPath() == "":
		// No such route: NoRoute and NoMethod answer, to signed-in users
		// only, so that the paths are not mapped from outside.
	case !known:
		slog.ErrorContext(ctx, "route declares no access", "route", route)
		s.fail(c, domain.Errorf(domain.EFORBIDDEN, "this route is open to no one"))
		return
	case need != signedIn && !actor.May(need):
		s.fail(c, domain.Require(ctx, need))
		return
	}
	c.Next()
}

var errSignIn = domain.Errorf(domain.EUNAUTHORIZED, "sign in first: send a session cookie or an API token (Authorization: Bearer <token>)")

// authenticate returns the actor of the request's token or session cookie.
// Errors: EUNAUTHORIZED, or what the store fails with.
func (s *Server) authenticate(c *gin.Context) (domain.Actor, error) {
	if s.stores.Accounts == nil {
		return domain.Actor{}, domain.Errorf(domain.EINTERNAL, "no account store")
	}
	ctx := c.Request.Context()
	ip, ua := c.ClientIP(), c.Request.UserAgent()
	if h := c.GetHeader("Authorization"); h != "" {
		scheme, secret, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return domain.Actor{}, domain.Errorf(domain.EUNAUTHORIZED, "Authorization takes an API token: \"Bearer <token>\"")
		}
		u, t, err := s.stores.Accounts.TokenUser(ctx, strings.TrimSpace(secret))
		if err != nil {
			return domain.Actor{}, err
		}
		return t.Actor(u, ip, ua), nil
	}
	secret, err := c.Cookie(sessionCookie)
	if err != nil || secret == "" {
		return domain.Actor{}, errSignIn
	}
	// Sessions run on the wall clock, not on Now, which only fixes the day
	// that statuses are computed on.
	sess, err := s.stores.Accounts.SessionByToken(ctx, secret, time.Now())
	if err != nil {
		return domain.Actor{}, err
	}
	return sess.Actor(ip, ua), nil
}

// signInFirst answers a request without a valid credential: 401 from the
// API, the log-in page for a browser, which comes back here after it.
func (s *Server) signInFirst(c *gin.Context, err error) {
	if _, cerr := c.Cookie(sessionCookie); cerr == nil {
		s.clearSessionCookie(c) // it names no session any more
	}
	if domain.ErrorCode(err) != domain.EUNAUTHORIZED || isAPI(c.Request.URL.Path) {
		if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
			c.Header("WWW-Authenticate", `Bearer realm="cooptrack"`)
		}
		s.fail(c, err)
		return
	}
	if c.Request.Method != http.MethodGet {
		c.Redirect(http.StatusSeeOther, "/login")
		c.Abort()
		return
	}
	c.Redirect(http.StatusFound, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
	c.Abort()
}

// isAPI reports whether the path is the API's, answered in JSON.
func isAPI(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/healthz" || path == "/readyz"
}

// localPath returns next when it is a path on this site, "/" otherwise, so
// that a link to /login?next=... cannot send a person elsewhere after they
// sign in (an open redirect).
func localPath(next string) string {
	// "//host" and "/\host" are read by browsers as another host.
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// setSessionCookie gives the browser the session's secret.
func (s *Server) setSessionCookie(c *gin.Context, sess domain.Session) {
	// Secure is as --cookie-secure says: a browser keeps no Secure cookie
	// from plain HTTP, which a local install serves.
	http.SetCookie(c.Writer, &http.Cookie{ //nolint:gosec // G124: Secure is set by secureCookie

		Name:     sessionCookie,
		Value:    sess.Secret,
		Path:     "/",
		Expires:  sess.ExpiresAt,
		HttpOnly: true,
		Secure:   s.secureCookie(c.Request),
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{ //nolint:gosec // G124: Secure is set by secureCookie, as above

		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookie(c.Request), SameSite: http.SameSiteLaxMode,
	})
}

// secureCookie reports whether the session cookie is marked Secure.
func (s *Server) secureCookie(r *http.Request) bool {
	switch s.CookieSecure {
	case CookieSecureAlways:
		return true
	case CookieSecureNever:
		return false
	}
	return r.TLS != nil || (s.fromTrustedProxy(r) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

// fromTrustedProxy reports whether the request came straight from a
// trusted proxy.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	for _, p := range s.proxies {
		if p.Contains(ap.Addr().Unmap()) {
			return true
		}
	}
	return false
}

// origin is where the request comes from, for the store's throttling and
// audit entries.
func origin(c *gin.Context) domain.Origin {
	return domain.Origin{IP: c.ClientIP(), UserAgent: c.Request.UserAgent()}
}

// contentSecurityPolicy allows the site's own scripts, styles and images
// only: no inline script or style, no framing, forms posted here only.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// secure wraps the application: security headers on every response, and
// cross-origin state-changing requests refused (CSRF), before Gin sees them.
func (s *Server) secure(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginRefused))
	h = cop.Handler(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}

// crossOriginRefused answers a state-changing request another site made a
// browser send.
func (s *Server) crossOriginRefused(w http.ResponseWriter, r *http.Request) {
	err := domain.Errorf(domain.EFORBIDDEN, "cross-origin request refused: post from this site's own pages")
	if isAPI(r.URL.Path) {
		writeJSONError(w, err)
		return
	}
	s.writePage(w, http.StatusForbidden, "error", pageData{Title: http.StatusText(http.StatusForbidden), Data: err})
}
