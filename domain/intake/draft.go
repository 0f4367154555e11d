package intake

import (
	"context"
	"slices"
	"strings"

	"cooptrack/domain"
	"cooptrack/domain/extract"
)

// MaxQuote is the longest quote a citation keeps.
const MaxQuote = 5000

// DraftOf turns the proposals drafted from the article into a draft for
// the officer to review: every proposal kept, each quoting the sentence of
// its longest passage, links by name turned into indexes, an agreement's title
// derived from its kind and subject, an organization or person matched to
// an existing record chosen as that record.
func DraftOf(a Article, p extract.Proposals) Draft {
	d := Draft{Article: a}
	orgIndex := map[string]int{}
	for i, o := range p.Organizations {
		orgIndex[domain.Fold(o.Name)] = i
		d.Organizations = append(d.Organizations, Organization{
			Item: item(a.Text, o.Spans, o.Match, domain.TypeOrganization),
			Name: o.Name, Acronym: o.Acronym, Country: o.Country, Kind: o.Kind,
		})
	}
	personIndex := map[string]int{}
	org := func(name string) int {
		if i, ok := orgIndex[domain.Fold(name)]; ok {
			return i
		}
		return -1
	}
	for i, pp := range p.People {
		personIndex[domain.Fold(pp.Name)] = i
		d.People = append(d.People, Person{
			Item: item(a.Text, pp.Spans, pp.Match, domain.TypePerson),
			Name: pp.Name, Country: pp.Country, Title: pp.Title, Organization: org(pp.Organization),
		})
	}
	for _, g := range p.Agreements {
		ag := Agreement{Item: item(a.Text, g.Spans, nil, ""), Kind: g.Kind, Title: AgreementTitle(g),
			SignedOn: exactDate(g.SignedOn), Place: domain.Place{City: g.Place.City, Country: domain.CountryCode(g.Place.Country)}}
		switch {
		case g.Status == extract.AgreementUnderNegotiation:
			ag.Status = domain.StatusUnderNegotiation
		case ag.SignedOn != "" || g.Status == extract.AgreementSigned:
			ag.Status = domain.StatusSigned
		default:
			ag.Status = domain.StatusDraft
		}
		for _, n := range g.Parties {
			if i := org(n); i >= 0 {
				ag.Parties = append(ag.Parties, i)
			}
		}
		for _, n := range g.Signatories {
			if i, ok := personIndex[domain.Fold(n)]; ok {
				ag.Signatories = append(ag.Signatories, i)
			}
		}
		d.Agreements = append(d.Agreements, ag)
	}
	for _, e := range p.Events {
		ev := Event{Item: item(a.Text, e.Spans, nil, ""), Kind: e.Kind, Title: e.Title,
			StartOn: exactDate(e.StartOn), EndOn: exactDate(e.EndOn), Attendance: e.Attendance,
			Place: domain.Place{City: e.Place.City, Country: domain.CountryCode(e.Place.Country)}}
		for _, n := range e.Participants {
			if i := org(n); i >= 0 {
				ev.Organizations = append(ev.Organizations, i)
			} else if i, ok := personIndex[domain.Fold(n)]; ok {
				ev.People = append(ev.People, i)
			}
		}
		d.Events = append(d.Events, ev)
	}
	for _, pr := range p.Programs {
		st := pr.Status
		if st == "" {
			st = domain.ProgramPipeline
		}
		d.Programs = append(d.Programs, Program{Item: item(a.Text, pr.Spans, nil, ""), Name: pr.Name, Status: st, Beneficiary: org(pr.Beneficiary)})
	}
	return d
}

// item is the common part of a drafted record: its quote, and the record
// the matcher found, when it is of the kind.
func item(text string, spans []extract.Span, m *extract.Match, t domain.RecordType) Item {
	it := Item{Spans: spans}
	// The longest mention says most ("Minister Hong, Yun-sik of the
	// Interior" rather than "Hong" in a headline): its sentence is quoted.
	best := -1
	for i, s := range spans {
		if best < 0 || s[1]-s[0] > spans[best][1]-spans[best][0] {
			best = i
		}
	}
	if best >= 0 {
		it.Quote = Passage(text, spans[best][0], spans[best][1])
	}
	if len(it.Quote) > MaxQuote {
		it.Quote = strings.ToValidUTF8(it.Quote[:MaxQuote], "")
	}
	if m != nil && t != "" && m.Type == t {
		it.Existing = m.ID
	}
	return it
}

// exactDate keeps a date given to the day; "2015-04" or "2015" is left for
// the officer to complete.
func exactDate(s string) domain.Date {
	if d, err := domain.ParseDate(s); err == nil {
		return d
	}
	return ""
}

// AgreementTitle derives a title from the agreement's kind and subject:
// "MOU on e-government".
func AgreementTitle(g extract.AgreementProposal) string {
	name := map[domain.AgreementKind]string{
		domain.AgreementMOU: "MOU", domain.AgreementLetterOfIntent: "Letter of intent",
		domain.AgreementJointStatement: "Joint statement", domain.AgreementTreaty: "Treaty",
		domain.AgreementImplementingArrangement: "Implementing arrangement",
	}[g.Kind]
	if name == "" {
		name = "Agreement"
	}
	if g.Subject != "" {
		name += " on " + g.Subject
	}
	return name
}

// CatalogNamed finds a recorded organization or person by its name or
// another of its names, case and accents ignored, through the catalog; it
// is what Stores.Named wants. A record of another country than the one
// given is not the same; a name that several records have is no match:
// the officer chooses. The catalog is read once, at the first call: make
// one for each acceptance.
func CatalogNamed(c domain.CatalogStore) func(ctx context.Context, t domain.RecordType, name, country string) (string, error) {
	var cat *domain.Catalog
	return func(ctx context.Context, t domain.RecordType, name, country string) (string, error) {
		if cat == nil {
			var err error
			if cat, err = c.Catalog(ctx); err != nil {
				return "", err
			}
		}
		want := domain.Fold(name)
		found := ""
		for _, e := range cat.Entries {
			if e.Type != t {
				continue
			}
			if domain.Fold(e.Label) != want && !containsLine(e.Search, want) {
				continue
			}
			if country != "" && len(e.Countries) > 0 && !slices.Contains(e.Countries, country) {
				continue
			}
			if found != "" && found != e.ID {
				return "", nil
			}
			found = e.ID
		}
		return found, nil
	}
}

func containsLine(lines, want string) bool {
	for _, l := range strings.Split(lines, "\n") {
		if l == want {
			return true
		}
	}
	return false
}
