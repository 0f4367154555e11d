package repository

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"cooptrack/domain"
)

// listFromDossier answers a list of one country's records from the
// country's dossier: the filter, order and cursor work as in the query
// (a test holds the two equal), then the page's records are read by _id.
//
// A page is remembered with the dossier it came from: while the dossier
// stays current (no record of the country changed) the same page is served
// again without reading its records.
func (r *Records[T]) listFromDossier(ctx context.Context, f domain.ListFilter, sortName string, desc bool, limit int) (domain.Page[T], error) {
	view, err := r.db.countryView(ctx, f.Country)
	if err != nil {
		return domain.Page[T]{}, err
	}
	if f.Today == "" {
		f.Today = r.db.today()
	}
	key := fmt.Sprintf("list %s %q %d", r.spec.typ, fmt.Sprintf("%+v", f), limit)
	var failure error
	page := view.dossier.Memo.Get(key, func() any {
		p, err := r.pageFromView(ctx, view, f, sortName, desc, limit)
		if err != nil {
			failure = err
			return nil
		}
		return p
	})
	if failure != nil {
		view.dossier.Memo.Forget(key)
		return domain.Page[T]{}, failure
	}
	return page.(domain.Page[T]), nil
}

func (r *Records[T]) pageFromView(ctx context.Context, view *countryView, f domain.ListFilter, sortName string, desc bool, limit int) (domain.Page[T], error) {
	page := domain.Page[T]{Items: []T{}}
	today := f.Today
	q := domain.Fold(f.Q)
	type row struct {
		id, key string
	}
	var rows []row
	for _, rec := range view.records(r.spec.typ) {
		m := rec.RecordMeta()
		switch {
		case f.Kind != "" && kindOf(rec) != f.Kind,
			f.Status != "" && statusOf(rec, today) != f.Status,
			(f.From != "" || f.To != "") && rec.MainDate() == "",
			f.From != "" && rec.MainDate() < f.From,
			f.To != "" && rec.MainDate() > f.To,
			q != "" && !strings.Contains(view.search[m.ID], q),
			f.Linked != "" && !slices.Contains(view.refs[m.ID], f.Linked):
			continue
		}
		// The dossier is shared: the sort fields go on a copy.
		keys := domain.Meta{ID: m.ID, UpdatedAt: m.UpdatedAt, SortName: domain.Fold(rec.Label()), SortDate: rec.MainDate()}
		rows = append(rows, row{id: m.ID, key: sortValue(&keys, sortName)})
	}
	slices.SortFunc(rows, func(a, b row) int {
		c := cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.id, b.id))
		if desc {
			return -c
		}
		return c
	})
	page.Total = int64(len(rows))
	if f.Cursor != "" {
		c, err := decodeCursor(f.Cursor)
		if err != nil {
			return page, err
		}
		if c.Sort != f.Sort {
			return page, invalidFilter("cursor", "belongs to a list in another order")
		}
		after := func(x row) bool {
			d := cmp.Or(strings.Compare(x.key, c.Value), strings.Compare(x.id, c.ID))
			if desc {
				return d < 0
			}
			return d > 0
		}
		start := slices.IndexFunc(rows, after)
		if start < 0 {
			start = len(rows)
		}
		rows = rows[start:]
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	for _, x := range rows {
		rec, err := r.Find(ctx, x.id)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue // deleted since the dossier was read
		}
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, rec)
	}
	if more {
		last := rows[len(rows)-1]
		page.NextCursor = cursor{Sort: f.Sort, Value: last.key, ID: last.id}.encode()
	}
	return page, nil
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
