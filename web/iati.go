package web

import (
	"bytes"
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/web/report"
)

// The IATI export:
//
//	GET /api/v1/iati/activities.xml?country=PE   the programs as an IATI 2.03 activity file

// The reporting organisation when none is configured: "XX" is no
// registration agency, so that a file made before --iati-org-id is set
// claims to be no one's.
const (
	DefaultIATIOrgID   = "XX-COOPTRACK"
	DefaultIATIOrgName = "International cooperation office"
)

func (s *Server) mountIATI(api *gin.RouterGroup) {
	api.GET("/iati/activities.xml", s.iatiActivities)
}

func (s *Server) iatiActivities(c *gin.Context) {
	ctx := c.Request.Context()
	code, err := countryInQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	f, err := s.iatiFile(ctx, code)
	if err != nil {
		writeError(c, err)
		return
	}
	if len(f.Programs) == 0 {
		// The schema wants one activity at least.
		writeError(c, domain.Errorf(domain.ENOTFOUND, "no programs to export%s", inCountry(string(code))))
		return
	}
	f.RecordURL = func(r domain.RecordRef) string { return s.absoluteURL(recordPath(r.Type, r.ID)) }
	var buf bytes.Buffer
	if err := report.WriteIATI(&buf, f); err != nil {
		writeError(c, err)
		return
	}
	name := "iati-activities.xml"
	if code != "" {
		name = "iati-activities-" + strings.ToLower(string(code)) + ".xml"
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "application/xml; charset=utf-8", buf.Bytes())
}

func inCountry(code string) string {
	if code == "" {
		return ""
	}
	return " for " + code
}

// iatiFile gathers the programs of the country (every country for "")
// and what they name. The programs' ids come from the read models (the
// country's dossier, or the catalog); each program, organization and source
// is then read by its id, and each program's link list gives the agreements
// and programs that name it.
func (s *Server) iatiFile(ctx context.Context, code domain.CountryCode) (report.IATI, error) {
	f := report.IATI{
		OrgID: cmp.Or(s.IATIOrgID, DefaultIATIOrgID), OrgName: cmp.Or(s.IATIOrgName, DefaultIATIOrgName),
		Generated: s.Now(), Today: s.today(), Home: s.Home,
		Organizations: map[string]*domain.Organization{}, Sources: map[string]*domain.Source{},
		Agreements: map[string][]domain.Ref{}, Children: map[string][]domain.Ref{},
		MoneyText: moneyText,
	}
	var ids []string
	if code != "" {
		d, err := s.stores.Dossiers.Dossier(ctx, code)
		if err != nil {
			return f, err
		}
		for _, p := range d.Programs {
			ids = append(ids, p.ID)
		}
	} else {
		cat, err := s.stores.Catalog.Catalog(ctx)
		if err != nil {
			return f, err
		}
		for _, e := range cat.Entries {
			if e.Type == domain.TypeProgram {
				ids = append(ids, e.ID)
			}
		}
	}
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		var err error
		if f.Programs, err = appendFound(ctx, f.Programs, s.stores.Programs, id); err != nil {
			return f, err
		}
	}
	for _, p := range f.Programs {
		if err := s.iatiLinks(ctx, &f, p); err != nil {
			return f, err
		}
	}
	return f, nil
}

// iatiLinks reads what the program names (its organizations and sources)
// and what names it (agreements, programs that are part of it).
func (s *Server) iatiLinks(ctx context.Context, f *report.IATI, p *domain.Program) error {
	for _, r := range slices.Concat(p.Beneficiaries, p.Partners) {
		if _, ok := f.Organizations[r.ID]; ok {
			continue
		}
		o, err := s.stores.Organizations.Find(ctx, r.ID)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		}
		f.Organizations[r.ID] = o // nil when gone: written from its name
	}
	for _, c := range p.Evidence {
		if _, ok := f.Sources[c.Source.ID]; ok {
			continue
		}
		src, err := s.stores.Sources.Find(ctx, c.Source.ID)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		}
		f.Sources[c.Source.ID] = src
	}
	agreements := slices.Clone(p.Agreements)
	links, err := s.stores.Links.LinksTo(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, l := range links {
		ref := domain.Ref{ID: l.ID, Name: l.Name}
		switch l.Type {
		case domain.TypeAgreement:
			if !slices.ContainsFunc(agreements, func(a domain.Ref) bool { return a.ID == l.ID }) {
				agreements = append(agreements, ref)
			}
		case domain.TypeProgram:
			f.Children[p.ID] = append(f.Children[p.ID], ref)
		}
	}
	f.Agreements[p.ID] = agreements
	return nil
}
