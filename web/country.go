package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

func (s *Server) mountCountries(g *gin.RouterGroup) {
	g.GET("/countries", s.listCountries)
	g.GET("/countries/:code", s.getCountry)
	g.GET("/countries/:code/timeline", s.timeline)
	g.GET("/countries/:code/dashboard", s.dashboard)
	g.GET("/countries/:code/office-holders", s.officeHolders)
}

func (s *Server) listCountries(c *gin.Context) {
	all, err := s.stores.Countries.Countries(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": all, "total": len(all)})
}

// countryInPath reads the country code of the path (any case): a bad one
// names no country, a 404.
func countryInPath(c *gin.Context) (domain.CountryCode, error) {
	code, err := domain.ParseCountryCode("code", c.Param("code"))
	if err != nil {
		return "", &domain.Error{Code: domain.ENOTFOUND,
			Message: fmt.Sprintf("No country has the code %q. Country addresses use ISO 3166 two-letter codes, such as PE for Peru.", domain.Clip(c.Param("code"), maxEcho))}
	}
	return code, nil
}

// countryInQuery reads the optional country= of a query: "" when it is
// absent or empty.
// Errors: EINVALID naming "country", as a record's country field does.
func countryInQuery(c *gin.Context) (domain.CountryCode, error) {
	v := c.Query("country")
	if strings.TrimSpace(v) == "" {
		return "", nil
	}
	return domain.ParseCountryCode("country", v)
}

func (s *Server) getCountry(c *gin.Context) {
	code, err := countryInPath(c)
	if err != nil {
		writeError(c, err)
		return
	}
	country, err := s.stores.Countries.Country(c.Request.Context(), code)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, country)
}

func (s *Server) dossier(c *gin.Context) (*domain.Dossier, bool) {
	code, err := countryInPath(c)
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	d, err := s.stores.Dossiers.Dossier(c.Request.Context(), code)
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	return d, true
}

// A timeline answers in pages: a busy partner's ten years hold thousands of
// entries, megabytes of JSON that no reader wants at once.
const (
	apiTimelinePage = 500
	maxTimelinePage = 5000
)

func (s *Server) timeline(c *gin.Context) {
	f := domain.TimelineFilter{Today: s.today()}
	fields := map[string]string{}
	for name, dst := range map[string]*domain.Date{"from": &f.From, "to": &f.To} {
		if v := c.Query(name); v != "" {
			d, err := domain.ParseDate(v)
			if err != nil {
				fields[name] = err.Error()
			}
			*dst = d
		}
	}
	offset, limit := 0, apiTimelinePage
	for name, dst := range map[string]*int{"offset": &offset, "limit": &limit} {
		if v := c.Query(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				fields[name] = "must be a whole number, 0 or more"
			}
			*dst = n
		}
	}
	if limit < 1 || limit > maxTimelinePage {
		fields["limit"] = fmt.Sprintf("must be from 1 to %d", maxTimelinePage)
	}
	if len(fields) > 0 {
		writeError(c, requestError(EBADREQUEST, "the query is not valid", fields))
		return
	}
	kinds, err := domain.ParseTimelineKinds(c.Query("kinds"))
	if err != nil {
		writeError(c, err)
		return
	}
	f.Kinds = kinds
	if f.From != "" && f.To != "" && f.To < f.From {
		writeError(c, &domain.Error{Code: domain.EINVALID, Message: "the date range is reversed", Fields: map[string]string{"to": "must not be before from"}})
		return
	}
	d, ok := s.dossier(c)
	if !ok {
		return
	}
	key := timelinePageKey{f.Key(), offset, limit}
	c.Data(http.StatusOK, "application/json; charset=utf-8", rememberJSON(d.Memo, timelineJSON, key, func() any {
		return d.TimelineFor(f).Page(offset, limit)
	}))
}

func (s *Server) dashboard(c *gin.Context) {
	d, ok := s.dossier(c)
	if !ok {
		return
	}
	today := s.today()
	c.Data(http.StatusOK, "application/json; charset=utf-8", rememberJSON(d.Memo, dashboardJSON, today, func() any { return d.DashboardOn(today) }))
}

// officeHolders answers "who held this post on that day": the country's
// people whose positions match the title (all posts when empty) on the day
// (today when not given).
func (s *Server) officeHolders(c *gin.Context) {
	on := s.today()
	if v := c.Query("on"); v != "" {
		d, err := domain.ParseDate(v)
		if err != nil {
			writeError(c, requestError(EBADREQUEST, "the query is not valid", map[string]string{"on": err.Error()}))
			return
		}
		on = d
	}
	d, ok := s.dossier(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, gin.H{"country": d.Country.Code, "on": on, "items": domain.OfficeHolders(d.People, on, c.Query("title"))})
}

// The answers kept as JSON with a dossier or the catalog.
var (
	timelineJSON  = domain.NewMemoKey[timelinePageKey, []byte]("timeline json")
	dashboardJSON = domain.NewMemoKey[domain.Date, []byte]("dashboard json")
	overviewJSON  = domain.NewMemoKey[overviewKey, []byte]("overview json")
)

// timelinePageKey is what a page of a timeline depends on.
type timelinePageKey struct {
	filter        domain.TimelineKey
	offset, limit int
}

// rememberJSON returns the JSON of what compute gives, computed and encoded
// once for as long as the memo's dossier stays current: a busy country's
// dashboard or timeline is then served without being built again.
func rememberJSON[K comparable](m *domain.Memo, key domain.MemoKey[K, []byte], k K, compute func() any) []byte {
	return domain.Remember(m, key, k, func() []byte {
		b, err := json.Marshal(compute())
		if err != nil {
			panic(err) // the domain's types always encode
		}
		return b
	})
}
