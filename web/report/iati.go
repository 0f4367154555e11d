package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"cooptrack/domain"
)

// IATI is what an IATI 2.03 activity file holds: the programs, one
// activity each, and what their activities name.
type IATI struct {
	// OrgID is the reporting organisation's IATI identifier
	// ("XM-DAC-742"); every activity's identifier starts with it.
	OrgID   string
	OrgName string
	// Generated is when the file was made; Today the day actual and
	// planned dates are told apart on.
	Generated time.Time
	Today     domain.Date
	// Home is the installation's own country, which is no recipient.
	Home     string
	Programs []*domain.Program
	// Organizations and Sources are the records the programs name, by id;
	// one missing is written from its name alone.
	Organizations map[string]*domain.Organization
	Sources       map[string]*domain.Source
	// Agreements and Children are each program's agreements (its own and
	// those that name it) and the programs that are part of it, by the
	// program's id.
	Agreements map[string][]domain.Ref
	Children   map[string][]domain.Ref
	// RecordURL returns the address of a record's page; MoneyText writes
	// an amount for people ("USD 1,250,000.00").
	RecordURL func(domain.RecordRef) string
	MoneyText func(*domain.Money) string
}

// The IATI codes written (IATI codelists of version 2.03).
const (
	iatiVersion = "2.03"
	// ActivityDateType
	datePlannedStart = "1"
	dateActualStart  = "2"
	datePlannedEnd   = "3"
	dateActualEnd    = "4"
	// OrganisationRole
	roleFunding      = "1"
	roleAccountable  = "2"
	roleImplementing = "4"
	// DocumentCategory
	categoryMOU         = "A09"
	categoryActivityWeb = "A12"
	// RelatedActivityType
	relatedParent = "1"
	relatedChild  = "2"
	// OrganisationType of a government, the reporting office's default.
	orgTypeGovernment = "10"
	// SectorVocabulary: OECD DAC CRS 5-digit purpose codes, or the
	// reporting organisation's own.
	vocabularyDAC5     = "1"
	vocabularyReporter = "99"
)

// activityStatus maps a program's status to the ActivityStatus codelist.
var activityStatus = map[domain.ProgramStatus]string{
	domain.ProgramPipeline:  "1", // Pipeline/identification
	domain.ProgramActive:    "2", // Implementation
	domain.ProgramCompleted: "4", // Closed
	domain.ProgramCancelled: "5", // Cancelled
	domain.ProgramSuspended: "6", // Suspended
}

// organisationType maps an organization's kind to the OrganisationType
// codelist.
var organisationType = map[domain.OrganizationKind]string{
	domain.OrgMinistry:        "10", // Government
	domain.OrgAgency:          "10",
	domain.OrgOffice:          "10",
	domain.OrgEmbassy:         "10",
	domain.OrgLocalGovernment: "11", // Local Government
	domain.OrgInternational:   "40", // Multilateral
	domain.OrgCompany:         "70", // Private Sector
	domain.OrgOther:           "90", // Other
}

// dacSectors maps words found in a program's sector, folded, to the OECD
// DAC 5-digit purpose code they name; the first that matches wins, so the
// more particular come first.
var dacSectors = []struct {
	word string
	code string
}{
	{"customs", "33120"},      // Trade facilitation
	{"immigration", "15190"},  // Facilitation of orderly, safe, regular and responsible migration and mobility
	{"justice", "15130"},      // Legal and judicial development
	{"judicial", "15130"},     //
	{"e-government", "22040"}, // Information and communication technology (ICT)
	{"ict", "22040"},          //
	{"information technology", "22040"},
	{"telecommunication", "22020"},     // Telecommunications
	{"public administration", "15110"}, // Public sector policy and administrative management
	{"public sector", "15110"},
	{"civil service", "15110"},
	{"public finance", "15111"},   // Public finance management
	{"decentralisation", "15112"}, // Decentralisation and support to subnational government
	{"anti-corruption", "15113"},  // Anti-corruption organisations and institutions
	{"health", "12110"},           // Health policy and administrative management
	{"education", "11110"},        // Education policy and administrative management
	{"vocational", "11330"},       // Vocational training
	{"water", "14010"},            // Water sector policy and administrative management
	{"energy", "23110"},           // Energy policy and administrative management
	{"transport", "21010"},        // Transport policy and administrative management
	{"agriculture", "31110"},      // Agricultural policy and administrative management
	{"fisher", "31310"},           // Fishing policy and administrative management
	{"forestry", "31210"},         // Forestry policy and administrative management
	{"environment", "41010"},      // Environmental policy and administrative management
	{"trade", "33110"},            // Trade policy and administrative management
	{"tourism", "33210"},          // Tourism policy and administrative management
	{"science", "43082"},          // Research/scientific institutions
	{"disaster", "43060"},         // Disaster Risk Reduction
	{"urban", "43030"},            // Urban development and management
	{"smart city", "43030"},
	{"statistic", "16062"}, // Statistical capacity building
}

// sectorCode returns the DAC 5-digit code of a sector, or "" when none is
// known for it.
func sectorCode(sector string) string {
	s := domain.Fold(sector)
	for _, d := range dacSectors {
		if strings.Contains(s, d.word) {
			return d.code
		}
	}
	return ""
}

type iatiActivities struct {
	XMLName    xml.Name       `xml:"iati-activities"`
	Version    string         `xml:"version,attr"`
	Generated  string         `xml:"generated-datetime,attr"`
	Activities []iatiActivity `xml:"iati-activity"`
}

// iatiActivity holds the elements in the order the schema's sequence
// wants them.
type iatiActivity struct {
	LastUpdated  string            `xml:"last-updated-datetime,attr"`
	Lang         string            `xml:"xml:lang,attr"`
	Hierarchy    int               `xml:"hierarchy,attr"`
	Identifier   string            `xml:"iati-identifier"`
	ReportingOrg iatiOrg           `xml:"reporting-org"`
	Title        iatiText          `xml:"title"`
	Description  []iatiDescription `xml:"description"`
	Participants []iatiOrg         `xml:"participating-org"`
	Status       iatiCode          `xml:"activity-status"`
	Dates        []iatiDate        `xml:"activity-date"`
	Recipients   []iatiCountry     `xml:"recipient-country"`
	Sectors      []iatiSector      `xml:"sector"`
	Documents    []iatiDocument    `xml:"document-link"`
	Related      []iatiRelated     `xml:"related-activity"`
}

type iatiNarrative struct {
	Lang string `xml:"xml:lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

// MarshalXML writes the narrative with its text cleaned of control
// characters (domain.CleanText), which records stored before they were
// refused may hold: encoding/xml would write a CR or a vertical tab as a
// character reference, which reaches the file's reader as that character.
func (n iatiNarrative) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	type plain iatiNarrative
	n.Text = domain.CleanText(n.Text, true)
	return e.EncodeElement(plain(n), start)
}

type iatiText struct {
	Narratives []iatiNarrative `xml:"narrative"`
}

func text(s string) iatiText { return iatiText{Narratives: []iatiNarrative{{Text: s}}} }

type iatiDescription struct {
	Type       string          `xml:"type,attr"`
	Narratives []iatiNarrative `xml:"narrative"`
}

type iatiOrg struct {
	Ref        string          `xml:"ref,attr,omitempty"`
	Type       string          `xml:"type,attr,omitempty"`
	Role       string          `xml:"role,attr,omitempty"`
	Narratives []iatiNarrative `xml:"narrative"`
}

type iatiCode struct {
	Code string `xml:"code,attr"`
}

type iatiDate struct {
	Type       string          `xml:"type,attr"`
	ISODate    string          `xml:"iso-date,attr"`
	Narratives []iatiNarrative `xml:"narrative,omitempty"`
}

type iatiCountry struct {
	Code       string `xml:"code,attr"`
	Percentage string `xml:"percentage,attr,omitempty"`
}

type iatiSector struct {
	Vocabulary string          `xml:"vocabulary,attr"`
	Code       string          `xml:"code,attr"`
	Narratives []iatiNarrative `xml:"narrative,omitempty"`
}

type iatiDocument struct {
	URL      string    `xml:"url,attr"`
	Format   string    `xml:"format,attr"`
	Title    iatiText  `xml:"title"`
	Category iatiCode  `xml:"category"`
	Language *iatiCode `xml:"language,omitempty"`
	Date     *iatiISO  `xml:"document-date,omitempty"`
}

type iatiISO struct {
	ISODate string `xml:"iso-date,attr"`
}

type iatiRelated struct {
	Ref  string `xml:"ref,attr"`
	Type string `xml:"type,attr"`
}

// WriteIATI writes the programs as an IATI 2.03 iati-activities file.
// The schema wants at least one activity: a file without programs is the
// caller's to refuse.
func WriteIATI(w io.Writer, f IATI) error {
	doc := iatiActivities{Version: iatiVersion, Generated: f.Generated.UTC().Format(time.RFC3339)}
	for _, p := range f.Programs {
		doc.Activities = append(doc.Activities, f.activity(p))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// identifier is the program's IATI identifier: the organisation's, a
// hyphen, the program's id.
func (f *IATI) identifier(id string) string { return f.OrgID + "-" + id }

func (f *IATI) activity(p *domain.Program) iatiActivity {
	a := iatiActivity{
		LastUpdated:  p.UpdatedAt.UTC().Format(time.RFC3339),
		Lang:         "en",
		Hierarchy:    1,
		Identifier:   f.identifier(p.ID),
		ReportingOrg: iatiOrg{Ref: f.OrgID, Type: orgTypeGovernment, Narratives: []iatiNarrative{{Text: f.OrgName}}},
		Title:        text(p.Name),
		Description:  []iatiDescription{{Type: "1", Narratives: []iatiNarrative{{Text: f.describe(p)}}}},
		Status:       iatiCode{Code: activityStatus[p.Status]},
	}
	// The office reports what it funds or arranges: it takes part as the
	// funder; the beneficiaries answer for the activity in their country,
	// the partners carry it out.
	a.Participants = append(a.Participants, iatiOrg{Ref: f.OrgID, Type: orgTypeGovernment, Role: roleFunding, Narratives: []iatiNarrative{{Text: f.OrgName}}})
	for _, r := range p.Beneficiaries {
		a.Participants = append(a.Participants, f.participant(r, roleAccountable))
	}
	for _, r := range p.Partners {
		a.Participants = append(a.Participants, f.participant(r, roleImplementing))
	}
	a.Dates = f.dates(p)
	a.Recipients = f.recipients(p)
	if p.Sector != "" {
		if code := sectorCode(p.Sector); code != "" {
			a.Sectors = []iatiSector{{Vocabulary: vocabularyDAC5, Code: code, Narratives: []iatiNarrative{{Text: p.Sector}}}}
		} else {
			a.Sectors = []iatiSector{{Vocabulary: vocabularyReporter, Code: domain.Fold(p.Sector), Narratives: []iatiNarrative{{Text: p.Sector}}}}
		}
	}
	for _, r := range f.Agreements[p.ID] {
		a.Documents = append(a.Documents, iatiDocument{
			URL: f.RecordURL(domain.RecordRef{Type: domain.TypeAgreement, ID: r.ID}), Format: "text/html",
			Title: text(orID(r)), Category: iatiCode{Code: categoryMOU},
		})
	}
	seen := map[string]bool{}
	for _, c := range p.Evidence {
		if seen[c.Source.ID] {
			continue
		}
		seen[c.Source.ID] = true
		a.Documents = append(a.Documents, f.sourceDocument(c))
	}
	if p.Parent != nil && p.Parent.ID != "" {
		a.Hierarchy = 2
		a.Related = append(a.Related, iatiRelated{Ref: f.identifier(p.Parent.ID), Type: relatedParent})
	}
	for _, r := range f.Children[p.ID] {
		a.Related = append(a.Related, iatiRelated{Ref: f.identifier(r.ID), Type: relatedChild})
	}
	return a
}

func (f *IATI) participant(r domain.Ref, role string) iatiOrg {
	o := iatiOrg{Role: role, Narratives: []iatiNarrative{{Text: orID(r)}}}
	if org := f.Organizations[r.ID]; org != nil {
		o.Type = organisationType[org.Kind]
		o.Narratives[0].Text = org.Name
	}
	return o
}

// dates gives the start and end: actual once passed (or once the program
// is under way or over), planned before. IATI wants at least one date; a
// program with none gives the day it was recorded as its planned start,
// and says so.
func (f *IATI) dates(p *domain.Program) []iatiDate {
	var out []iatiDate
	started := p.Status == domain.ProgramActive || p.Status == domain.ProgramCompleted || p.Status == domain.ProgramSuspended
	if p.StartOn != "" {
		typ := datePlannedStart
		if started && p.StartOn <= f.Today {
			typ = dateActualStart
		}
		out = append(out, iatiDate{Type: typ, ISODate: string(p.StartOn)})
	}
	if p.EndOn != "" {
		typ := datePlannedEnd
		if p.Status == domain.ProgramCompleted && p.EndOn <= f.Today {
			typ = dateActualEnd
		}
		out = append(out, iatiDate{Type: typ, ISODate: string(p.EndOn)})
	}
	if len(out) == 0 {
		out = append(out, iatiDate{Type: datePlannedStart, ISODate: string(domain.DateOf(p.CreatedAt)),
			Narratives: []iatiNarrative{{Text: "No date recorded: the day the program was entered"}}})
	}
	return out
}

// recipients are the program's countries but the home one, sharing 100
// percent when there are several.
func (f *IATI) recipients(p *domain.Program) []iatiCountry {
	var codes []string
	for _, c := range p.Countries {
		if c != "" && c != f.Home {
			codes = append(codes, c)
		}
	}
	out := make([]iatiCountry, len(codes))
	for i, c := range codes {
		out[i] = iatiCountry{Code: c}
		if len(codes) > 1 {
			// Hundredths, the last taking what rounding leaves.
			share := 10000 / len(codes)
			if i == len(codes)-1 {
				share = 10000 - share*(len(codes)-1)
			}
			out[i].Percentage = fmt.Sprintf("%d.%02d", share/100, share%100)
		}
	}
	return out
}

func (f *IATI) sourceDocument(c domain.Citation) iatiDocument {
	d := iatiDocument{
		URL: f.RecordURL(domain.RecordRef{Type: domain.TypeSource, ID: c.Source.ID}), Format: "text/html",
		Title: text(orID(c.Source)), Category: iatiCode{Code: categoryActivityWeb},
	}
	published := c.PublishedOn
	if s := f.Sources[c.Source.ID]; s != nil {
		if s.URL != "" {
			d.URL = s.URL
		}
		d.Title = text(s.Title)
		if s.Language != "" {
			lang, _, _ := strings.Cut(strings.ToLower(s.Language), "-")
			d.Language = &iatiCode{Code: lang}
		}
		published = s.PublishedOn
	}
	if published != "" {
		d.Date = &iatiISO{ISODate: string(published)}
	}
	return d
}

// describe writes what the program record says beyond its name, as a
// paragraph: IATI wants a description, and programs have no field for one.
func (f *IATI) describe(p *domain.Program) string {
	parts := []string{p.Name + "."}
	if p.Sector != "" {
		parts = append(parts, "Sector: "+p.Sector+".")
	}
	if len(p.Systems) > 0 {
		parts = append(parts, "Systems shared: "+strings.Join(p.Systems, ", ")+".")
	}
	if p.Budget != nil && f.MoneyText != nil {
		parts = append(parts, "Budget: "+f.MoneyText(p.Budget)+".")
	}
	if done, total := p.Progress(); total > 0 {
		parts = append(parts, fmt.Sprintf("Milestones: %d of %d done.", done, total))
	}
	return strings.Join(parts, " ")
}

func orID(r domain.Ref) string {
	if r.Name != "" {
		return r.Name
	}
	return r.ID
}
