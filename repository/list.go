package repository

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"cooptrack/domain"
)

const (
	defaultLimit = 50
	maxLimit     = 200
)

// cursor is where a page ended: the sort value and id of its last record.
// Paging by value rather than by offset keeps a page stable while records
// are added before it.
type cursor struct {
	Sort  string `json:"s"`
	Value string `json:"v"`
	ID    string `json:"i"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return c, invalidFilter("cursor", "is not a cursor this list gave")
	}
	return c, nil
}

func invalidFilter(field, msg string) error {
	return &domain.Error{Code: domain.EINVALID, Message: "the list filter is not valid", Fields: map[string]string{field: msg}}
}

// timeLayout writes times in sort keys with a fixed width, so that they
// compare as text in the order of time.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// row is a record in a list, with the value it sorts on.
type row struct {
	e   *modelEntry
	key string
}

// List returns a page of the records the filter keeps, from the model.
func (r *Records[T]) List(ctx context.Context, f domain.ListFilter) (domain.Page[T], error) {
	page := domain.Page[T]{Items: []T{}}
	limit, err := pageLimit(f.Limit)
	if err != nil {
		return page, err
	}
	rows, err := r.rows(ctx, f)
	if err != nil {
		return page, err
	}
	page.Total = int64(len(rows))
	if f.Cursor != "" {
		c, err := decodeCursor(f.Cursor)
		if err != nil {
			return page, err
		}
		if c.Sort != f.Sort {
			return page, invalidFilter("cursor", "belongs to a list in another order")
		}
		_, desc, _ := r.sortOf(f.Sort)
		start, _ := slices.BinarySearchFunc(rows, c, func(x row, c cursor) int {
			d := cmp.Or(strings.Compare(x.key, c.Value), strings.Compare(x.e.id, c.ID))
			if desc {
				d = -d
			}
			if d == 0 {
				return -1 // the cursor's own record is before the page
			}
			return d
		})
		rows = rows[start:]
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	for _, x := range rows {
		rec, err := clone(x.e.rec.(T))
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, rec)
	}
	if more {
		last := rows[len(rows)-1]
		page.NextCursor = cursor{Sort: f.Sort, Value: last.key, ID: last.e.id}.encode()
	}
	return page, nil
}

// Each calls fn with every record the filter keeps, in the list's order.
func (r *Records[T]) Each(ctx context.Context, f domain.ListFilter, fn func(T) error) error {
	rows, err := r.rows(ctx, f)
	if err != nil {
		return err
	}
	for _, x := range rows {
		rec, err := clone(x.e.rec.(T))
		if err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}

// rows returns the records the filter keeps (Cursor and Limit aside), in
// the list's order.
func (r *Records[T]) rows(ctx context.Context, f domain.ListFilter) ([]row, error) {
	keep, err := r.filter(f)
	if err != nil {
		return nil, err
	}
	sortName, desc, err := r.sortOf(f.Sort)
	if err != nil {
		return nil, err
	}
	if err := r.db.ensureModel(ctx); err != nil {
		return nil, err
	}
	var rows []row
	for _, e := range r.db.model.selectRecords(r.spec.typ, string(f.Country), f.Linked) {
		if keep(e) {
			rows = append(rows, row{e: e, key: sortValue(e.rec, sortName)})
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		c := cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.e.id, b.e.id))
		if desc {
			return -c
		}
		return c
	})
	return rows, nil
}

func pageLimit(n int) (int, error) {
	switch {
	case n == 0:
		return defaultLimit, nil
	case n < 0 || n > maxLimit:
		return 0, invalidFilter("limit", fmt.Sprintf("must be between 1 and %d", maxLimit))
	}
	return n, nil
}

func (r *Records[T]) sortOf(s string) (name string, desc bool, err error) {
	if s == "" {
		s = domain.KindOf(r.spec.typ).DefaultSort
	}
	name, desc = strings.CutPrefix(s, "-")
	switch name {
	case "name", "date", "updated":
		return name, desc, nil
	}
	return "", false, invalidFilter("sort", "must be one of: name, date, updated (with - for descending)")
}

func sortValue(rec domain.Record, name string) string {
	switch name {
	case "name":
		return domain.Fold(rec.Label())
	case "date":
		return string(rec.MainDate())
	}
	return rec.RecordMeta().UpdatedAt.UTC().Format(timeLayout)
}

// filter returns the test of the list filter's conditions (country and
// link aside, which select the records tested), refusing values the kind
// cannot have.
func (r *Records[T]) filter(f domain.ListFilter) (func(*modelEntry) bool, error) {
	var tests []func(domain.Record) bool
	var q string // folded
	k := domain.KindOf(r.spec.typ)
	if f.Country != "" {
		if !k.ByCountry {
			return nil, invalidFilter("country", fmt.Sprintf("%s cannot be filtered by country", r.spec.typ.Collection()))
		}
	}
	if f.Kind != "" {
		if !slices.Contains(k.Kinds, f.Kind) {
			if k.Kinds == nil {
				return nil, invalidFilter("kind", fmt.Sprintf("%s have no kind", r.spec.typ.Collection()))
			}
			return nil, invalidFilter("kind", "must be one of: "+strings.Join(k.Kinds, ", "))
		}
		tests = append(tests, func(rec domain.Record) bool { return kindOf(rec) == f.Kind })
	}
	if f.Status != "" {
		if k.Statuses == nil {
			return nil, invalidFilter("status", fmt.Sprintf("%s have no status", r.spec.typ.Collection()))
		}
		if !slices.Contains(k.Statuses, f.Status) {
			return nil, invalidFilter("status", "must be one of: "+strings.Join(k.Statuses, ", "))
		}
		today := f.Today
		if today == "" {
			today = r.db.today()
		}
		tests = append(tests, func(rec domain.Record) bool { return statusOf(rec, today) == f.Status })
	}
	if f.From != "" || f.To != "" {
		if !f.From.Valid() || !f.To.Valid() {
			return nil, invalidFilter("from", "from and to must be dates of the form YYYY-MM-DD")
		}
		if f.From != "" && f.To != "" && f.To < f.From {
			return nil, invalidFilter("to", "must not be before from")
		}
		tests = append(tests, func(rec domain.Record) bool {
			d := rec.MainDate()
			// Records without a date are not in any range.
			return d != "" && (f.From == "" || d >= f.From) && (f.To == "" || d <= f.To)
		})
	}
	if f.Q != "" {
		if len(f.Q) > 200 {
			return nil, invalidFilter("q", "must be at most 200 characters")
		}
		if strings.ContainsRune(f.Q, 0) {
			return nil, invalidFilter("q", "must not contain a NUL character")
		}
		q = domain.Fold(f.Q)
	}
	return func(e *modelEntry) bool {
		for _, t := range tests {
			if !t(e.rec) {
				return false
			}
		}
		return q == "" || strings.Contains(e.search, q)
	}, nil
}

// kindOf returns the kind of a record, "" for kinds of record without one.
func kindOf(rec domain.Record) string {
	switch v := rec.(type) {
	case *domain.Organization:
		return string(v.Kind)
	case *domain.Agreement:
		return string(v.Kind)
	case *domain.Event:
		return string(v.Kind)
	}
	return ""
}

// statusOf returns the status of a record on today, "" for kinds without one.
func statusOf(rec domain.Record, today domain.Date) string {
	switch v := rec.(type) {
	case *domain.Agreement:
		return string(v.StatusOn(today))
	case *domain.Program:
		return string(v.Status)
	}
	return ""
}
