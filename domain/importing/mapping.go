package importing

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"cooptrack/domain"
)

// Mapping says which field each column of a file fills: column header ->
// field name. A column mapped to nothing ("") is not read.
type Mapping map[string]string

// MappingID is the id under which the mapping of a kind's files with this
// header is remembered: the same spreadsheet, exported again next month,
// finds its mapping.
func MappingID(kind domain.RecordType, header []string) string {
	cols := make([]string, 0, len(header))
	for _, h := range header {
		if h = domain.Fold(strings.TrimSpace(h)); h != "" {
			cols = append(cols, h)
		}
	}
	slices.Sort(cols)
	sum := sha256.Sum256([]byte(strings.Join(cols, "\x00")))
	return "import-mapping:" + string(kind) + ":" + hex.EncodeToString(sum[:8])
}

// Guess maps each column whose header names a field of the kind (its name,
// its label or one of its aliases, case, accents and punctuation ignored).
func Guess(kind domain.RecordType, header []string) Mapping {
	m := Mapping{}
	taken := map[string]bool{}
	for _, h := range header {
		key := guessKey(h)
		if key == "" {
			continue
		}
		for _, f := range fieldsOf(kind) {
			if taken[f.Name] || !slices.Contains(f.names(), key) {
				continue
			}
			m[h] = f.Name
			taken[f.Name] = true
			break
		}
	}
	return m
}

func guessKey(s string) string {
	var b strings.Builder
	for _, r := range domain.Fold(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Check refuses a mapping that names a column the header does not have or a
// field the kind does not have, maps two columns to one field, or leaves a
// required field unmapped.
// Errors: EINVALID, with the columns at fault as fields.
func (m Mapping) Check(kind domain.RecordType, header []string) error {
	fields := map[string]string{}
	used := map[string]string{}
	for col, name := range m {
		if name == "" {
			continue
		}
		if !slices.Contains(header, col) {
			fields[col] = "is not a column of the file"
			continue
		}
		if fieldOf(kind, name) == nil {
			fields[col] = fmt.Sprintf("%q is not a field of %s (fields: %s)", name, kind.Collection(), strings.Join(FieldNames(kind), ", "))
			continue
		}
		if other, dup := used[name]; dup {
			a, b := min(col, other), max(col, other)
			fields[b] = fmt.Sprintf("fills %s, as the column %q does", name, a)
			continue
		}
		used[name] = col
	}
	for _, f := range fieldsOf(kind) {
		if f.Required {
			if _, ok := used[f.Name]; !ok {
				fields[f.Name] = "no column fills this required field"
			}
		}
	}
	if len(fields) > 0 {
		return &domain.Error{Code: domain.EINVALID, Message: "the mapping of columns to fields is not valid", Fields: fields}
	}
	return nil
}

// Values returns the fields' values in row i of the table, as mapped.
func (m Mapping) Values(t *Table, i int) map[string]string {
	out := map[string]string{}
	for j, h := range t.Header {
		if name := m[h]; name != "" {
			out[name] = strings.TrimSpace(t.Cell(i, j))
		}
	}
	return out
}

// Columns returns the columns mapped, in the file's order, with their fields.
func (m Mapping) Columns(header []string) (cols []int, names []string) {
	for j, h := range header {
		if name := m[h]; name != "" {
			cols = append(cols, j)
			names = append(names, name)
		}
	}
	return cols, names
}
