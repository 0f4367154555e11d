package importing

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"cooptrack/domain"
)

// parser reads one row's cells into a record, noting what it cannot read
// under the field's name.
type parser struct {
	names  *Names
	errors map[string]string
	// linked is what the row's references are known as, for the record's
	// Resolve (an agreement's countries follow from its parties).
	linked map[string]domain.Linked
}

func (p *parser) fail(field, msg string) {
	if _, taken := p.errors[field]; !taken {
		p.errors[field] = msg
	}
}

// list splits a cell holding several values.
func list(v string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '|' || r == '\n' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// Dates are written as 2015-04-17 (also 2015/04/17), 17 Apr 2015, April
// 17, 2015, or arrive as a spreadsheet's serial day number. A date with the
// day and the month both in figures, such as 04/05/2015, is refused: the
// office's partners write it both ways round.
var dateLayouts = []string{"2006-01-02", "2006/01/02", "2006.01.02", "2 Jan 2006", "2 January 2006", "Jan 2, 2006", "January 2, 2006", "Jan 2 2006", "January 2 2006", "2-Jan-2006", "2-Jan-06"}

func (p *parser) date(field, v string) domain.Date {
	if v == "" {
		return ""
	}
	if d, ok := parseDate(v); ok {
		return d
	}
	p.fail(field, fmt.Sprintf("%q is not a date: write it as 2015-04-17", v))
	return ""
}

func parseDate(v string) (domain.Date, bool) {
	// A spreadsheet's serial day (days since 30 Dec 1899) reaches us as a
	// number: read numbers from 10000 (1927) to 99999 (2173) as one, never
	// a bare year.
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if n >= 10000 && n < 100000 && n == float64(int(n)) {
			return domain.DateOf(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n))), true
		}
		return "", false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return domain.DateOf(t), true
		}
	}
	// An instant from a spreadsheet ("2015-04-17 00:00:00") is its day.
	if t, err := time.Parse("2006-01-02 15:04:05", v); err == nil {
		return domain.DateOf(t), true
	}
	return "", false
}

func (p *parser) boolean(field, v string) bool {
	switch strings.ToLower(v) {
	case "", "no", "n", "false", "0", "-":
		return false
	case "yes", "y", "true", "1", "x", "si", "sí":
		return true
	}
	p.fail(field, fmt.Sprintf("%q is not yes or no", v))
	return false
}

func (p *parser) integer(field, v string) int {
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		p.fail(field, fmt.Sprintf("%q is not a whole number", v))
	}
	return n
}

// enum reads one of the allowed values, written as the API writes it
// ("letter_of_intent") or in words ("Letter of intent", "MOU"); empty gives
// def.
func enum[T ~string](p *parser, field, v string, allowed []T, def T, words map[string]T) T {
	if v == "" {
		return def
	}
	key := enumKey(v)
	for _, a := range allowed {
		if string(a) == key {
			return a
		}
	}
	if a, ok := words[key]; ok {
		return a
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	p.fail(field, fmt.Sprintf("%q is not one of: %s", v, strings.Join(names, ", ")))
	return def
}

func enumKey(v string) string {
	var b strings.Builder
	under := false
	for _, r := range domain.Fold(v) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
			continue
		}
		under = true
	}
	return b.String()
}

// country reads a country by ISO code (PE, pe) or name (Peru, Perú).
func (p *parser) country(field, v string) string {
	if v == "" {
		return ""
	}
	if code := strings.ToUpper(v); domain.IsCountryCode(code) {
		return code
	}
	if c, ok := domain.CountryByName(v); ok {
		return c.Code
	}
	p.fail(field, fmt.Sprintf("unknown country %q: write its name or its ISO code (PE)", v))
	return ""
}

func (p *parser) countries(field, v string) []domain.CountryCode {
	var out []domain.CountryCode
	for _, name := range list(v) {
		if c := p.country(field, name); c != "" {
			out = append(out, domain.CountryCode(c))
		}
	}
	return out
}

// ref finds the one record of the type with the name (or acronym, or other
// spelling), as the catalog knows it.
func (p *parser) ref(field string, t domain.RecordType, name string) (domain.Ref, bool) {
	if name == "" {
		return domain.Ref{}, false
	}
	found := p.names.Named(t, name)
	switch len(found) {
	case 0:
		p.fail(field, fmt.Sprintf("no %s named %q: record it first, or correct the name", t, name))
		return domain.Ref{}, false
	case 1:
		e := found[0]
		p.linked[e.ID] = domain.Linked{Type: e.Type, Label: e.Label, Country: domain.CountryCode(first(e.Countries)), Date: e.Date}
		return domain.Ref{ID: e.ID, Name: e.Label}, true
	}
	p.fail(field, fmt.Sprintf("%d %s records are named %q: write the full name", len(found), t, name))
	return domain.Ref{}, false
}

func (p *parser) refs(field string, t domain.RecordType, v string) []domain.Ref {
	var out []domain.Ref
	for _, name := range list(v) {
		if ref, ok := p.ref(field, t, name); ok {
			out = append(out, ref)
		}
	}
	return out
}

// participant finds a person by name, or else an organization.
func (p *parser) participant(name string) (domain.Participant, bool) {
	if len(p.names.Named(domain.TypePerson, name)) > 0 {
		ref, ok := p.ref("participants", domain.TypePerson, name)
		return domain.Participant{Person: &ref}, ok
	}
	if len(p.names.Named(domain.TypeOrganization, name)) > 0 {
		ref, ok := p.ref("participants", domain.TypeOrganization, name)
		return domain.Participant{Organization: &ref}, ok
	}
	p.fail("participants", fmt.Sprintf("no person or organization named %q", name))
	return domain.Participant{}, false
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
