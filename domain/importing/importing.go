// Package importing turns the rows of an office's spreadsheet (CSV or XLSX,
// read elsewhere into a Table) into records: each column mapped to a field,
// each row parsed, its references resolved by name, checked with the
// record's own rules, compared with the records already kept, and then,
// once confirmed, written.
//
// Nothing is written before Run. Build only reads: the catalog (a line per
// record, one small list) answers every name and every duplicate question,
// so a preview costs no collection scan whatever the size of the store.
//
// Idempotency. Each row's key is a hash of its kind and of its mapped
// values (after any fix), and the record it creates takes the key as its
// id. Storing a record by a new _id is atomic on every server, so the
// record itself is the ledger: a row whose id is stored was written, one
// whose id is not was not. Run checks each id before writing it, so running
// an import again, or after a failure midway, writes only the rows not yet
// written; and Run asks the store about the row that failed, so its report
// says exactly which rows were written. Two rows with the same values in
// one file are one record: the later is reported as a repeat.
//
// It imports domain only; reading the files is tablefile's.
package importing

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"cooptrack/domain"
)

// Limits on what one import reads: a spreadsheet of an office's records is
// a few thousand rows, and anything larger is refused before it costs
// memory.
const (
	MaxRows    = 5000
	MaxColumns = 100
	MaxCell    = 10000 // characters in one cell
)

// Table is a sheet as read from a file: the header row and the rows below
// it, every cell as text. Line numbers count the header as line 1.
type Table struct {
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
}

// Line returns the line number of row i in the file.
func Line(i int) int { return i + 2 }

// Cell returns the cell of row i in column j, "" where the row is short.
func (t *Table) Cell(i, j int) string {
	if i < 0 || i >= len(t.Rows) || j < 0 || j >= len(t.Rows[i]) {
		return ""
	}
	return t.Rows[i][j]
}

// Check refuses a table that has no header, too many rows or columns, or
// cells too long; it trims the header's cells.
// Errors: EINVALID.
func (t *Table) Check() error {
	if len(t.Header) == 0 || slices.IndexFunc(t.Header, func(h string) bool { return strings.TrimSpace(h) != "" }) < 0 {
		return domain.Errorf(domain.EINVALID, "the file has no header row: its first row must name the columns")
	}
	if len(t.Header) > MaxColumns {
		return domain.Errorf(domain.EINVALID, "the file has %d columns; at most %d are read", len(t.Header), MaxColumns)
	}
	if len(t.Rows) > MaxRows {
		return domain.Errorf(domain.EINVALID, "the file has more than %d rows; split it", MaxRows)
	}
	for i, h := range t.Header {
		t.Header[i] = strings.TrimSpace(h)
	}
	seen := map[string]bool{}
	for _, h := range t.Header {
		if h == "" {
			continue
		}
		if seen[domain.Fold(h)] {
			return domain.Errorf(domain.EINVALID, "the header names the column %q twice", h)
		}
		seen[domain.Fold(h)] = true
	}
	for i, row := range t.Rows {
		if len(row) > MaxColumns {
			return domain.Errorf(domain.EINVALID, "line %d has %d cells; at most %d are read", Line(i), len(row), MaxColumns)
		}
		for _, c := range row {
			if len([]rune(c)) > MaxCell {
				return domain.Errorf(domain.EINVALID, "line %d has a cell over %d characters", Line(i), MaxCell)
			}
		}
	}
	return nil
}

// Kinds are the kinds of record an import creates, by their collection
// names as the API and the command line spell them.
var Kinds = []domain.RecordType{domain.TypeAgreement, domain.TypeOrganization, domain.TypePerson, domain.TypeEvent, domain.TypeProgram}

// KindOf returns the kind a collection name ("agreements") or type name
// ("agreement") names, if an import creates it.
func KindOf(name string) (domain.RecordType, bool) {
	for _, k := range Kinds {
		if name == k.Collection() || name == string(k) {
			return k, true
		}
	}
	return "", false
}

// Key returns the idempotency key of a row: a hash of its kind and of the
// values of its mapped fields, in the order of the kind's fields. It is the
// id of the record the row creates.
func Key(kind domain.RecordType, values map[string]string) string {
	h := sha256.New()
	h.Write([]byte(kind))
	for _, f := range fieldsOf(kind) {
		v := strings.TrimSpace(values[f.Name])
		if v == "" {
			continue
		}
		h.Write([]byte{0})
		h.Write([]byte(f.Name))
		h.Write([]byte{1})
		h.Write([]byte(v))
	}
	// 24 hex digits, the length of the store's own ids, after "imp" so that
	// an imported record is told apart at a glance.
	return "imp" + hex.EncodeToString(h.Sum(nil))[:21]
}
