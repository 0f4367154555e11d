package web

import (
	"cmp"
	"strings"

	"golang.org/x/text/currency"

	"cooptrack/domain"
	"cooptrack/web/report"
)

// The columns of each kind's spreadsheet: what a member of staff wants in a
// table of the records, in the order they read it. Linked records appear by
// name, countries by name, dates as dates; the id comes last, to find the
// record again. This file is the one place that lays them out: the CSV and
// the XLSX of a list have the same columns.

// sheetColumn is one column of a kind's spreadsheet and how to fill it from
// a record; today is the day statuses are computed on.
type sheetColumn[T domain.Record] struct {
	report.Column
	value func(rec T, today domain.Date) any
}

// Widths of columns, in characters.
const (
	wTitle = 50
	wName  = 36
	wNames = 48
	wKind  = 20
	wDate  = 12
	wShort = 14
	wID    = 26
)

func textCol[T domain.Record](title string, width float64, value func(T) string) sheetColumn[T] {
	return sheetColumn[T]{report.Column{Title: title, Type: report.Text, Width: width}, func(r T, _ domain.Date) any { return value(r) }}
}

func dateCol[T domain.Record](title string, value func(T) domain.Date) sheetColumn[T] {
	return sheetColumn[T]{report.Column{Title: title, Type: report.Date, Width: wDate}, func(r T, _ domain.Date) any { return cellDate(value(r)) }}
}

func numberCol[T domain.Record](title string, width float64, value func(T) any) sheetColumn[T] {
	return sheetColumn[T]{report.Column{Title: title, Type: report.Number, Width: width}, func(r T, _ domain.Date) any { return value(r) }}
}

// idColumn ends every sheet.
func idColumn[T domain.Record]() sheetColumn[T] {
	return textCol("ID", wID, func(r T) string { return r.RecordMeta().ID })
}

var organizationColumns = []sheetColumn[*domain.Organization]{
	textCol("Name", wName, func(o *domain.Organization) string { return o.Name }),
	textCol("Acronym", wShort, func(o *domain.Organization) string { return o.Acronym }),
	textCol("Kind", wKind, func(o *domain.Organization) string { return domain.Words(o.Kind) }),
	textCol("Country", wKind, func(o *domain.Organization) string { return cellCountries(string(o.Country)) }),
	textCol("Part of", wName, func(o *domain.Organization) string { return cellRef(o.Parent) }),
	textCol("Other names", wNames, func(o *domain.Organization) string { return cellList(o.AltNames) }),
	idColumn[*domain.Organization](),
}

var personColumns = []sheetColumn[*domain.Person]{
	textCol("Name", wName, func(p *domain.Person) string { return p.FullName }),
	textCol("Other spellings", wName, func(p *domain.Person) string { return cellList(p.AltNames) }),
	textCol("Country", wKind, func(p *domain.Person) string { return cellCountries(string(p.Country)) }),
	textCol("Posts", 70, func(p *domain.Person) string { return cellPositions(p.Positions) }),
	idColumn[*domain.Person](),
}

var agreementColumns = []sheetColumn[*domain.Agreement]{
	textCol("Title", wTitle, func(a *domain.Agreement) string { return a.Title }),
	textCol("Kind", wKind, func(a *domain.Agreement) string { return domain.Words(a.Kind) }),
	{report.Column{Title: "Status today", Type: report.Text, Width: wShort}, func(a *domain.Agreement, today domain.Date) any { return domain.Words(a.StatusOn(today)) }},
	dateCol("Signed", func(a *domain.Agreement) domain.Date { return a.SignedOn }),
	dateCol("In force from", func(a *domain.Agreement) domain.Date { return a.EffectiveOn }),
	dateCol("Expires", func(a *domain.Agreement) domain.Date { return a.ExpiresOn }),
	dateCol("Renewal notice by", func(a *domain.Agreement) domain.Date { return a.NoticeDueOn() }),
	textCol("Renews itself", wShort, func(a *domain.Agreement) string { return cellYesNo(a.Renewal.Automatic) }),
	textCol("Parties", wNames, func(a *domain.Agreement) string { return cellRefs(a.Parties) }),
	textCol("Countries", wName, func(a *domain.Agreement) string { return cellCountries(a.Countries...) }),
	textCol("Signatories", wNames, func(a *domain.Agreement) string { return cellSignatories(a.Signatories) }),
	textCol("Place", wKind, func(a *domain.Agreement) string { return a.Place.String() }),
	textCol("Subjects", wName, func(a *domain.Agreement) string { return cellList(a.Subjects) }),
	textCol("Events", wNames, func(a *domain.Agreement) string { return cellRefs(a.Events) }),
	textCol("Programs", wNames, func(a *domain.Agreement) string { return cellRefs(a.Programs) }),
	textCol("Sources", wNames, func(a *domain.Agreement) string { return cellSources(a.Evidence) }),
	idColumn[*domain.Agreement](),
}

var eventColumns = []sheetColumn[*domain.Event]{
	textCol("Title", wTitle, func(e *domain.Event) string { return e.Title }),
	textCol("Kind", wKind, func(e *domain.Event) string { return domain.Words(e.Kind) }),
	dateCol("Starts", func(e *domain.Event) domain.Date { return e.StartOn }),
	dateCol("Ends", func(e *domain.Event) domain.Date { return e.EndOn }),
	textCol("Place", wKind, func(e *domain.Event) string { return e.Place.String() }),
	textCol("Countries", wName, func(e *domain.Event) string { return cellCountries(e.Countries...) }),
	textCol("Host", wName, func(e *domain.Event) string { return cellRef(e.Host) }),
	textCol("Participants", wNames, func(e *domain.Event) string { return cellParticipants(e.Participants) }),
	textCol("Attendance", wName, func(e *domain.Event) string { return e.Attendance }),
	textCol("Outcomes", wNames, func(e *domain.Event) string { return cellList(e.Outcomes) }),
	textCol("Agreements", wNames, func(e *domain.Event) string { return cellRefs(e.Agreements) }),
	textCol("Part of", wName, func(e *domain.Event) string { return cellRef(e.Parent) }),
	textCol("Sources", wNames, func(e *domain.Event) string { return cellSources(e.Evidence) }),
	idColumn[*domain.Event](),
}

var programColumns = []sheetColumn[*domain.Program]{
	textCol("Name", wTitle, func(p *domain.Program) string { return p.Name }),
	textCol("Status", wShort, func(p *domain.Program) string { return domain.Words(p.Status) }),
	dateCol("Starts", func(p *domain.Program) domain.Date { return p.StartOn }),
	dateCol("Ends", func(p *domain.Program) domain.Date { return p.EndOn }),
	textCol("Countries", wName, func(p *domain.Program) string { return cellCountries(p.Countries...) }),
	textCol("Sector", wKind, func(p *domain.Program) string { return p.Sector }),
	textCol("Beneficiaries", wNames, func(p *domain.Program) string { return cellRefs(p.Beneficiaries) }),
	textCol("Partners", wNames, func(p *domain.Program) string { return cellRefs(p.Partners) }),
	numberCol("Milestones", 11, func(p *domain.Program) any { return int64(len(p.Milestones)) }),
	numberCol("Milestones done", 11, func(p *domain.Program) any { done, _ := p.Progress(); return int64(done) }),
	numberCol("Budget", 18, func(p *domain.Program) any { return cellBudget(p.Budget) }),
	textCol("Currency", 9, func(p *domain.Program) string { return cellCurrency(p.Budget) }),
	textCol("Agreements", wNames, func(p *domain.Program) string { return cellRefs(p.Agreements) }),
	textCol("Systems shared", wName, func(p *domain.Program) string { return cellList(p.Systems) }),
	textCol("Part of", wName, func(p *domain.Program) string { return cellRef(p.Parent) }),
	textCol("Sources", wNames, func(p *domain.Program) string { return cellSources(p.Evidence) }),
	idColumn[*domain.Program](),
}

var sourceColumns = []sheetColumn[*domain.Source]{
	textCol("Title", wTitle, func(s *domain.Source) string { return s.Title }),
	textCol("Publisher", wName, func(s *domain.Source) string { return s.Publisher }),
	dateCol("Published", func(s *domain.Source) domain.Date { return s.PublishedOn }),
	textCol("Language", 10, func(s *domain.Source) string { return s.Language }),
	textCol("URL", wTitle, func(s *domain.Source) string { return s.URL }),
	idColumn[*domain.Source](),
}

// sheetColumns returns the columns of the kind's spreadsheet.
func sheetColumns[T domain.Record]() []sheetColumn[T] {
	var zero T
	return map[domain.RecordType]any{
		domain.TypeOrganization: organizationColumns,
		domain.TypePerson:       personColumns,
		domain.TypeAgreement:    agreementColumns,
		domain.TypeEvent:        eventColumns,
		domain.TypeProgram:      programColumns,
		domain.TypeSource:       sourceColumns,
	}[zero.Type()].([]sheetColumn[T])
}

// The cells of linked records, lists and dates. Lists are joined with "; "
// because names hold commas ("Korea, Republic of").

const listSep = "; "

func cellList(xs []string) string { return strings.Join(xs, listSep) }

func cellRef(r *domain.Ref) string {
	if r == nil {
		return ""
	}
	return cmp.Or(r.Name, r.ID)
}

func cellRefs(refs []domain.Ref) string {
	names := make([]string, len(refs))
	for i := range refs {
		names[i] = cellRef(&refs[i])
	}
	return cellList(names)
}

func cellCountries(codes ...string) string {
	names := make([]string, 0, len(codes))
	for _, c := range codes {
		if c != "" {
			names = append(names, domain.CountryName(c))
		}
	}
	return cellList(names)
}

// positions renders a person's posts: "Minister of Justice, Ministry of
// Justice (since 2 Mar 2015)".
func cellPositions(ps []domain.Position) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		s := p.Title
		if org := cellRef(p.Organization); org != "" {
			s += ", " + org
		}
		if span := heldSpan(p.From, p.To); span != "" {
			s += " (" + span + ")"
		}
		out[i] = s
	}
	return cellList(out)
}

// withCapacity renders "Name (capacity)", either part possibly missing.
func cellWithCapacity(name, capacity string) string {
	switch {
	case name == "":
		return capacity
	case capacity == "":
		return name
	}
	return name + " (" + capacity + ")"
}

func cellSignatories(ss []domain.Signatory) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		name := cellRef(s.Person)
		if org := cellRef(s.Organization); org != "" {
			name = strings.TrimPrefix(name+", "+org, ", ")
		}
		out[i] = cellWithCapacity(name, s.Capacity)
	}
	return cellList(out)
}

func cellParticipants(ps []domain.Participant) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		name := cellRef(p.Person)
		if org := cellRef(p.Organization); org != "" {
			name = strings.TrimPrefix(name+", "+org, ", ")
		}
		out[i] = cellWithCapacity(name, p.Role)
	}
	return cellList(out)
}

// sourceTitles names the sources a record cites, each once.
func cellSources(cs []domain.Citation) string {
	var out []string
	seen := map[string]bool{}
	for _, c := range cs {
		if !seen[c.Source.ID] {
			seen[c.Source.ID] = true
			out = append(out, cellRef(&c.Source))
		}
	}
	return cellList(out)
}

func cellYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// dateCell is a date as a sheet takes it: its day, nil when unknown.
func cellDate(d domain.Date) any {
	if d == "" {
		return nil
	}
	return d.Time()
}

// cellBudget is the amount in the currency's units, exactly (150000000
// minor units of USD are 1500000.00; a float64 would round the largest
// amounts), nil for no budget.
func cellBudget(m *domain.Money) any {
	if m == nil {
		return nil
	}
	scale := 2
	if u, err := currency.ParseISO(m.Currency); err == nil {
		scale, _ = currency.Standard.Rounding(u)
	}
	return report.Decimal{Units: m.Amount, Scale: scale}
}

func cellCurrency(m *domain.Money) string {
	if m == nil {
		return ""
	}
	return m.Currency
}

// sheetRow fills the cells of one record's row.
func sheetRow[T domain.Record](cols []sheetColumn[T], rec T, today domain.Date, cells []any) {
	for i, c := range cols {
		cells[i] = c.value(rec, today)
	}
}
