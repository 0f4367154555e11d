package importing

import (
	"maps"

	"cooptrack/domain"
)

// Status is what becomes of a row.
type Status string

// The statuses of a row in a preview.
const (
	StatusNew     Status = "new"     // valid: confirming writes it
	StatusInvalid Status = "invalid" // has errors: it is not written until fixed
	StatusExists  Status = "exists"  // written by an earlier run of this import
	StatusRepeat  Status = "repeat"  // the same values as an earlier row of the file
	StatusSkipped Status = "skipped" // left out by choice
)

// Row is one row of the file as it would be stored.
type Row struct {
	Line   int               `json:"line"`
	Key    string            `json:"key"`
	Status Status            `json:"status"`
	Values map[string]string `json:"values"`
	// Errors are what is wrong, by field of the import (or by the record's
	// JSON path where no field of the import holds it).
	Errors map[string]string `json:"errors,omitempty"`
	// Duplicates are records already kept whose names are like this one's.
	Duplicates []domain.RecordRef `json:"duplicates,omitempty"`
	// RepeatOf is the earlier line with the same values.
	RepeatOf int `json:"repeat_of,omitempty"`
	// Record is the record as it would be stored (without its store-set
	// version and times).
	Record domain.Record `json:"record"`
}

// Counts sums a preview's rows up by status.
type Counts struct {
	New        int `json:"new"`
	Invalid    int `json:"invalid"`
	Exists     int `json:"exists"`
	Repeat     int `json:"repeat"`
	Skipped    int `json:"skipped"`
	Duplicates int `json:"possible_duplicates"`
}

// Preview is every row of a file as it would be stored.
type Preview struct {
	Kind    domain.RecordType `json:"kind"`
	Mapping Mapping           `json:"mapping"`
	Rows    []Row             `json:"rows"`
	Counts  Counts            `json:"counts"`
}

// Build previews the import of the table's rows as records of the kind,
// with the mapping already checked (Mapping.Check). Rows whose lines are in
// skip are left out; blank rows are passed over. It writes nothing.
func Build(kind domain.RecordType, t *Table, m Mapping, names *Names, skip map[int]bool) Preview {
	p := Preview{Kind: kind, Mapping: m, Rows: []Row{}}
	seen := map[string]int{}
	for i := range t.Rows {
		values := m.Values(t, i)
		if blank(values) {
			continue
		}
		row := buildRow(kind, values, names)
		row.Line = Line(i)
		switch {
		case skip[row.Line]:
			row.Status = StatusSkipped
		case seen[row.Key] != 0:
			row.Status, row.RepeatOf = StatusRepeat, seen[row.Key]
		case names.Has(row.Key):
			row.Status = StatusExists
		case len(row.Errors) > 0:
			row.Status = StatusInvalid
		default:
			row.Status = StatusNew
		}
		if seen[row.Key] == 0 {
			seen[row.Key] = row.Line
		}
		p.add(row)
	}
	return p
}

func (p *Preview) add(row Row) {
	p.Rows = append(p.Rows, row)
	switch row.Status {
	case StatusNew:
		p.Counts.New++
	case StatusInvalid:
		p.Counts.Invalid++
	case StatusExists:
		p.Counts.Exists++
	case StatusRepeat:
		p.Counts.Repeat++
	case StatusSkipped:
		p.Counts.Skipped++
	}
	if len(row.Duplicates) > 0 && (row.Status == StatusNew || row.Status == StatusInvalid) {
		p.Counts.Duplicates++
	}
}

func blank(values map[string]string) bool {
	for _, v := range values {
		if v != "" {
			return false
		}
	}
	return true
}

// buildRow parses one row into its record, resolving names, and checks it
// with the record's own rules.
func buildRow(kind domain.RecordType, values map[string]string, names *Names) Row {
	pr := &parser{names: names, errors: map[string]string{}, linked: map[string]domain.Linked{}}
	rec := newRecord(kind)
	for _, f := range fieldsOf(kind) {
		if v, ok := values[f.Name]; ok && v != "" {
			f.set(pr, rec, v)
		}
	}
	settle(pr, rec)
	key := Key(kind, values)
	rec.RecordMeta().ID = key
	rec.RecordMeta().Evidence = []domain.Citation{}
	if err := rec.Validate(); err != nil {
		var fields map[string]string
		if de, ok := err.(*domain.Error); ok { //nolint:errorlint // Validate returns *domain.Error unwrapped
			fields = de.Fields
		}
		for path, msg := range fields {
			name := fieldOfPath(kind, path)
			if name == "" {
				name = path
			} else if _, mapped := values[name]; !mapped && msg == "is required" {
				msg = "is required: map a column to it"
			}
			pr.fail(name, msg)
		}
	}
	rec.Resolve(pr.linked)
	row := Row{Key: key, Values: maps.Clone(values), Record: rec, Duplicates: names.Similar(kind, rec.Label(), key)}
	if len(pr.errors) > 0 {
		row.Errors = pr.errors
	}
	return row
}
