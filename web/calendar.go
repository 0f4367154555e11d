package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/web/report"
)

// The calendar feed:
//
//	GET  /api/v1/me/calendar          one's feed: made (and its address shown) if there is none
//	POST /api/v1/me/calendar          a new feed address; the old one stops working
//	GET  /api/v1/calendar/:feed       the feed itself, :feed being "<secret>.ics"; ?country=PE
//	POST /account/calendar            a new feed address, from the account page
//
// Calendar programs cannot send a token or a cookie, so the feed is an open
// route that authenticates by the secret in its path; it answers only while
// the user is enabled and their role may read.

func (s *Server) mountCalendar(api *gin.RouterGroup) {
	api.GET("/me/calendar", s.myCalendar)
	api.POST("/me/calendar", s.newMyCalendar)
	api.GET("/calendar/:feed", s.calendarFeed)
}

// calendarFeedBody is what the API says of one's feed; Created tells
// whether this request made it.
type calendarFeedBody struct {
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
	Created   bool      `json:"created"`
}

func (s *Server) myCalendar(c *gin.Context) {
	actor, _ := domain.ActorFrom(c.Request.Context())
	f, ok, err := s.stores.CalendarFeeds.CalendarFeed(c.Request.Context(), actor.Email)
	if err != nil {
		writeError(c, err)
		return
	}
	if ok && f.Secret != "" { // a feed of before secrets were kept has none: make a new one
		c.JSON(http.StatusOK, calendarFeedBody{URL: s.calendarFeedURL(f.Secret), CreatedAt: f.CreatedAt})
		return
	}
	s.newMyCalendar(c)
}

func (s *Server) newMyCalendar(c *gin.Context) {
	actor, _ := domain.ActorFrom(c.Request.Context())
	f, secret, err := s.stores.CalendarFeeds.NewCalendarFeed(c.Request.Context(), actor.Email)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, calendarFeedBody{URL: s.calendarFeedURL(secret), CreatedAt: f.CreatedAt, Created: true})
}

// calendarFeedURL is the feed's address.
func (s *Server) calendarFeedURL(secret string) string {
	return s.absoluteURL("/api/v1/calendar/" + secret + ".ics")
}

// absoluteURL is the address of a path of the server, for other programs:
// BaseURL and the path, or the path alone when BaseURL is not set. A
// request's Host header plays no part: anyone can send one, and the
// addresses would send calendar programs and IATI readers to their host.
func (s *Server) absoluteURL(path string) string { return s.BaseURL + path }

// ParseBaseURL checks the address the server is reached at: an absolute
// http or https URL, which may hold a path but no query, fragment or
// credentials. It returns it without a trailing slash.
func ParseBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return "", fmt.Errorf("%q is not an address such as https://cooptrack.example.org", raw)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

func (s *Server) calendarFeed(c *gin.Context) {
	ctx := c.Request.Context()
	secret, ok := strings.CutSuffix(c.Param("feed"), ".ics")
	if !ok {
		writeError(c, domain.Errorf(domain.ENOTFOUND, "a calendar feed's address ends in .ics"))
		return
	}
	u, err := s.stores.CalendarFeeds.CalendarUser(ctx, secret)
	if err != nil {
		writeError(c, err)
		return
	}
	ctx = domain.WithActor(ctx, u.Actor(c.ClientIP(), c.Request.UserAgent()))
	if err := domain.Require(ctx, domain.PermRead); err != nil {
		writeError(c, err)
		return
	}
	code, err := countryInQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	agreements, events, programs, err := s.calendarRecords(ctx, code)
	if err != nil {
		writeError(c, err)
		return
	}
	name := "cooptrack"
	if country, ok := domain.LookupCountry(string(code)); ok {
		name += ": " + country.Name
	}
	c.Header("Content-Type", "text/calendar; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Status(http.StatusOK)
	cal := report.Calendar{Name: name, Entries: domain.CalendarEntries(s.Home, agreements, events, programs)}
	if s.BaseURL != "" { // an entry's URL is an absolute URI (RFC 5545): none without a base
		cal.RecordURL = func(r domain.RecordRef) string { return s.absoluteURL(recordPath(r.Type, r.ID)) }
	}
	if err := report.WriteCalendar(c.Writer, cal); err != nil {
		_ = c.Error(err) // the status is sent: the client sees a cut feed
	}
}

// calendarRecords returns the agreements, events and programs of the
// country, or of every country for "", from the read models. One country's
// come from its dossier. Every country's agreements and events come from
// the catalog, whose lines hold their dates (reading two hundred dossiers
// took half a minute at scale S); programs are read by id for their
// milestones, which the catalog does not hold.
func (s *Server) calendarRecords(ctx context.Context, code domain.CountryCode) ([]*domain.Agreement, []*domain.Event, []*domain.Program, error) {
	if code != "" {
		d, err := s.stores.Dossiers.Dossier(ctx, code)
		if err != nil {
			return nil, nil, nil, err
		}
		return d.Agreements, d.Events, d.Programs, nil
	}
	cat, err := s.stores.Catalog.Catalog(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	var agreements []*domain.Agreement
	var events []*domain.Event
	var programs []*domain.Program
	for _, e := range cat.Entries {
		switch e.Type {
		case domain.TypeAgreement:
			if a := e.AgreementOf(); a != nil {
				agreements = append(agreements, a)
			}
		case domain.TypeEvent:
			events = append(events, e.EventOf())
		case domain.TypeProgram:
			if programs, err = appendFound(ctx, programs, s.stores.Programs, e.ID); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	return agreements, events, programs, nil
}

// appendFound appends the record with the id, unless it was deleted since
// the catalog named it.
func appendFound[T domain.Record](ctx context.Context, list []T, store domain.Store[T], id string) ([]T, error) {
	rec, err := store.Find(ctx, id)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		return list, nil
	case err != nil:
		return list, err
	}
	return append(list, rec), nil
}

// newCalendarPage makes a new feed address from the account page and shows
// it once.
func (s *Server) newCalendarPage(c *gin.Context) {
	actor, _ := domain.ActorFrom(c.Request.Context())
	_, had, err := s.stores.CalendarFeeds.CalendarFeed(c.Request.Context(), actor.Email)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	_, secret, err := s.stores.CalendarFeeds.NewCalendarFeed(c.Request.Context(), actor.Email)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	v := accountView{NewCalendarURL: s.calendarFeedURL(secret), Notice: "Your calendar feed has an address."}
	if had {
		v.Notice = "Your calendar feed has a new address: the one you had before no longer works."
	}
	s.showAccount(c, http.StatusOK, v)
}
