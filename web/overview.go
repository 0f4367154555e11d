package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// overview answers the whole office at a glance.
func (s *Server) overview(c *gin.Context) {
	cat, err := s.stores.Catalog.Catalog(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	today := s.today()
	c.Data(http.StatusOK, "application/json; charset=utf-8", rememberJSON(cat.Memo, overviewJSON, overviewKey{today, s.Home}, func() any { return s.overviewOf(cat) }))
}

// searchLimit bounds a search's answer.
const searchLimit = 100

// search finds records of any kind by name or title.
func (s *Server) search(c *gin.Context) {
	q := c.Query("q")
	fields := map[string]string{}
	if len(q) > 200 {
		fields["q"] = "must be at most 200 characters"
	}
	var types []domain.RecordType
	if v := c.Query("types"); v != "" {
		for _, name := range strings.Split(v, ",") {
			t := domain.RecordType(strings.TrimSpace(name))
			if t.Collection() == "" || t == domain.TypeCountry {
				fields["types"] = "must be a comma-separated list of: organization, person, agreement, event, program, source"
				break
			}
			types = append(types, t)
		}
	}
	limit := 20
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > searchLimit {
			fields["limit"] = "must be a whole number from 1 to " + strconv.Itoa(searchLimit)
		}
		limit = n
	}
	if len(fields) > 0 {
		writeError(c, requestError(EBADREQUEST, "the query is not valid", fields))
		return
	}
	cat, err := s.stores.Catalog.Catalog(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"q": q, "items": searchOf(cat, q, types, limit)})
}

// overviewPage is the home page: every partner country at a glance.
func (s *Server) overviewPage(c *gin.Context) {
	cat, err := s.stores.Catalog.Catalog(c.Request.Context())
	if err != nil {
		writePageError(c, s, err)
		return
	}
	s.render(c, http.StatusOK, "overview", pageData{Title: "Overview", Section: "overview", Data: s.overviewOf(cat)})
}

// searchPage finds records of any kind by name or title.
func (s *Server) searchPage(c *gin.Context) {
	q := strings.TrimSpace(c.Query("q"))
	if len(q) > 200 {
		q = q[:200]
	}
	cat, err := s.stores.Catalog.Catalog(c.Request.Context())
	if err != nil {
		writePageError(c, s, err)
		return
	}
	hits := searchOf(cat, q, nil, searchLimit)
	s.render(c, http.StatusOK, "search", pageData{Title: "Search: " + q, Q: q, Data: hits})
}

// overviewOf returns today's overview of the catalog, computed once for as
// long as the catalog stays current.
func (s *Server) overviewOf(cat *domain.Catalog) domain.Overview {
	today := s.today()
	return domain.Remember(cat.Memo, overviewMemo, overviewKey{today, s.Home}, func() domain.Overview {
		return domain.BuildOverview(cat.Entries, today, s.Home)
	})
}

// overviewKey is what the overview depends on beside the catalog.
type overviewKey struct {
	today domain.Date
	home  string
}

// searchKey is what a search depends on beside the catalog.
type searchKey struct {
	q, types string
	limit    int
}

var (
	overviewMemo = domain.NewMemoKey[overviewKey, domain.Overview]("overview")
	searchMemo   = domain.NewMemoKey[searchKey, []domain.SearchHit]("search")
)

// searchOf returns the records found in the catalog, remembered for as long
// as the catalog stays current.
func searchOf(cat *domain.Catalog, q string, types []domain.RecordType, limit int) []domain.SearchHit {
	key := searchKey{q: q, types: fmt.Sprint(types), limit: limit}
	return domain.Remember(cat.Memo, searchMemo, key, func() []domain.SearchHit { return domain.Search(cat.Entries, q, types, limit) })
}
