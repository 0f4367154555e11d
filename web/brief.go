package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/web/report/pdf"
)

// mountBriefs mounts a country's brief as a PDF: for the browser beside the
// country page, and in the API for token users.
func (s *Server) mountBriefs(e *gin.Engine, api *gin.RouterGroup) {
	e.GET("/countries/:code/brief.pdf", s.countryBrief)
	api.GET("/countries/:code/brief.pdf", s.countryBrief)
}

// UseBriefFont sets the font briefs are set in (see pdf.LoadFont); call it
// before serving. Without it the server looks for one on the first brief,
// and the font found then stays.
func (s *Server) UseBriefFont(f *pdf.Font) {
	s.briefFont.Do(func() { s.font = f })
}

// fontOfBriefs returns the font briefs are set in, finding it once.
func (s *Server) fontOfBriefs(ctx context.Context) *pdf.Font {
	s.briefFont.Do(func() {
		f, err := pdf.LoadFont("")
		if err != nil {
			slog.WarnContext(ctx, "brief font", "error", err)
			f = pdf.CoreFont()
		}
		s.font = f
	})
	return s.font
}

// countryBrief answers the country's brief as an A4 PDF. The query may set
// the period of the engagements (from, to: YYYY-MM-DD) and the sections
// (sections=figures,agreements,…). A bad option is refused with 400 and an
// unknown country with 404, in the one error shape (as a page to a
// browser that asks for HTML).
func (s *Server) countryBrief(c *gin.Context) {
	opts, err := briefOptions(c)
	if err != nil {
		s.briefError(c, err)
		return
	}
	code, err := countryInPath(c)
	if err != nil {
		s.briefError(c, err)
		return
	}
	ctx := c.Request.Context()
	d, err := s.stores.Dossiers.Dossier(ctx, code)
	if err != nil {
		s.briefError(c, err)
		return
	}
	now := s.Now()
	opts.Today, opts.AsOf = domain.DateOf(now), now
	b := domain.ComposeBrief(d, opts)
	if err := s.citeSources(ctx, &b); err != nil {
		s.briefError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, &b, s.fontOfBriefs(ctx)); err != nil {
		s.briefError(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="brief-%s-%s.pdf"`, code, opts.Today))
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
}

// briefOptions reads the query's options.
func briefOptions(c *gin.Context) (domain.BriefOptions, error) {
	var o domain.BriefOptions
	fields := map[string]string{}
	for name, dst := range map[string]*domain.Date{"from": &o.From, "to": &o.To} {
		if v := c.Query(name); v != "" {
			d, err := domain.ParseDate(v)
			if err != nil {
				fields[name] = err.Error()
			}
			*dst = d
		}
	}
	if o.From != "" && o.To != "" && o.To < o.From {
		fields["to"] = "must not be before from"
	}
	sections, err := domain.ParseBriefSections(strings.Join(c.QueryArray("sections"), ","))
	if err != nil {
		fields["sections"] = err.Error()
	}
	if _, ok := c.GetQuery("sections"); ok && strings.TrimSpace(strings.Join(c.QueryArray("sections"), "")) == "" {
		fields["sections"] = "names no section"
	}
	o.Sections = sections
	if len(fields) > 0 {
		return o, requestError(EBADREQUEST, "the brief's options are not valid", fields)
	}
	return o, nil
}

// briefError answers in the one error shape: JSON, or the error page to a
// browser that asks for HTML on the page's address.
func (s *Server) briefError(c *gin.Context, err error) {
	if !isAPI(c.Request.URL.Path) && strings.Contains(c.GetHeader("Accept"), "text/html") {
		writePageError(c, s, err)
		return
	}
	writeError(c, err)
}

// citeReaders bounds the sources read at once for one brief.
const citeReaders = 4

// citeSources completes the brief's footnotes with each source's publisher
// and address, which the dossier does not keep: one read by id per source
// cited. A source deleted since keeps what the dossier knew.
func (s *Server) citeSources(ctx context.Context, b *domain.Brief) error {
	if len(b.Sources) == 0 {
		return nil
	}
	found := make([]*domain.Source, len(b.Sources))
	errs := make([]error, len(b.Sources))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(citeReaders, len(b.Sources)) {
		wg.Go(func() {
			for i := range next {
				found[i], errs[i] = s.stores.Sources.Find(ctx, b.Sources[i].ID)
			}
		})
	}
	for i := range b.Sources {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, src := range found {
		var de *domain.Error
		switch {
		case errs[i] == nil:
			b.Cite(src)
		case errors.As(errs[i], &de) && de.Code == domain.ENOTFOUND:
		default:
			return errs[i]
		}
	}
	return nil
}

// briefForm is the country page's form that prints the brief.
type briefForm struct {
	Action   string
	Sections []kindOption
}

// briefSectionLabels names the sections on the form.
var briefSectionLabels = map[domain.BriefSection]string{
	domain.BriefFigures:      "Key figures",
	domain.BriefCounterparts: "Counterparts",
	domain.BriefAgreements:   "Agreements",
	domain.BriefEngagements:  "Engagements",
	domain.BriefPrograms:     "Programs",
	domain.BriefChart:        "Chart per year",
	domain.BriefFollowUps:    "Open follow-ups",
}

func briefFormOf(code string) briefForm {
	f := briefForm{Action: "/countries/" + url.PathEscape(code) + "/brief.pdf"}
	for _, s := range domain.BriefSections {
		f.Sections = append(f.Sections, kindOption{ID: "brief-" + string(s), Value: string(s), Label: briefSectionLabels[s], Checked: true})
	}
	return f
}
