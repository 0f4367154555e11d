package repository

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

const (
	defaultLimit = 50
	maxLimit     = 200
)

// sortFields maps the sort names of the API to stored fields.
var sortFields = map[string]string{
	"name":    "sort_name",
	"date":    "sort_date",
	"updated": "updated_at",
}

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

// timeLayout writes times in cursors with a fixed width, so that they
// compare as text in the order of time.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// List returns a page of the records the filter keeps. A list of one
// country's records is read from the country's dossier (see dossier.go);
// others query the collection.
func (r *Records[T]) List(ctx context.Context, f domain.ListFilter) (domain.Page[T], error) {
	var page domain.Page[T]
	filter, err := r.filter(f)
	if err != nil {
		return page, err
	}
	sortName, desc, err := r.sortOf(f.Sort)
	if err != nil {
		return page, err
	}
	limit, err := pageLimit(f.Limit)
	if err != nil {
		return page, err
	}
	if f.Country != "" && !r.db.scanLists {
		return r.listFromDossier(ctx, f, sortName, desc, limit)
	}
	total, err := r.c.CountDocuments(ctx, filter)
	if err != nil {
		return page, storeError(err, "count "+r.spec.typ.Collection())
	}
	field := sortFields[sortName]
	paged := filter
	if f.Cursor != "" {
		c, err := decodeCursor(f.Cursor)
		if err != nil {
			return page, err
		}
		if c.Sort != f.Sort {
			return page, invalidFilter("cursor", "belongs to a list in another order")
		}
		after, err := afterCursor(field, c, desc)
		if err != nil {
			return page, err
		}
		paged = append(slices.Clone(filter), bson.E{Key: "$and", Value: bson.A{after}})
	}
	dir := 1
	if desc {
		dir = -1
	}
	opts := options.Find().
		SetSort(bson.D{{Key: field, Value: dir}, {Key: "_id", Value: dir}}).
		SetLimit(int64(limit + 1))
	cur, err := r.c.Find(ctx, paged, opts)
	if err != nil {
		return page, storeError(err, "list "+r.spec.typ.Collection())
	}
	defer func() { _ = cur.Close(ctx) }()
	page.Items = []T{}
	for cur.Next(ctx) {
		rec := r.spec.new()
		if err := cur.Decode(rec); err != nil {
			return page, storeError(err, "decode")
		}
		normalize(rec)
		page.Items = append(page.Items, rec)
	}
	if err := cur.Err(); err != nil {
		return page, storeError(err, "list "+r.spec.typ.Collection())
	}
	page.Total = total
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1].RecordMeta()
		page.NextCursor = cursor{Sort: f.Sort, Value: sortValue(last, sortName), ID: last.ID}.encode()
	}
	return page, nil
}

// Each calls fn with every record the filter keeps, in the list's order.
// A country's records come from its dossier, page by page, as List gives
// them (each page read by _id); other lists are one query, where List's
// pages would each count and sort the collection again.
func (r *Records[T]) Each(ctx context.Context, f domain.ListFilter, fn func(T) error) error {
	f.Cursor = ""
	if f.Country != "" && !r.db.scanLists {
		f.Limit = maxLimit
		for {
			page, err := r.List(ctx, f)
			if err != nil {
				return err
			}
			for _, rec := range page.Items {
				if err := fn(rec); err != nil {
					return err
				}
			}
			if page.NextCursor == "" {
				return nil
			}
			f.Cursor = page.NextCursor
		}
	}
	filter, err := r.filter(f)
	if err != nil {
		return err
	}
	sortName, desc, err := r.sortOf(f.Sort)
	if err != nil {
		return err
	}
	dir := 1
	if desc {
		dir = -1
	}
	return r.each(ctx, filter, options.Find().SetSort(bson.D{{Key: sortFields[sortName], Value: dir}, {Key: "_id", Value: dir}}), "list", fn)
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
		s = r.spec.defaultSort
	}
	name, desc = strings.CutPrefix(s, "-")
	if _, ok := sortFields[name]; !ok {
		return "", false, invalidFilter("sort", "must be one of: name, date, updated (with - for descending)")
	}
	return name, desc, nil
}

func sortValue(m *domain.Meta, name string) string {
	switch name {
	case "name":
		return m.SortName
	case "date":
		return string(m.SortDate)
	}
	return m.UpdatedAt.UTC().Format(timeLayout)
}

// afterCursor keeps the records after the cursor in the list's order.
func afterCursor(field string, c cursor, desc bool) (bson.D, error) {
	var v any = c.Value
	if field == "updated_at" {
		t, err := time.Parse(timeLayout, c.Value)
		if err != nil {
			return nil, invalidFilter("cursor", "is not a cursor this list gave")
		}
		v = t
	}
	op := "$gt"
	if desc {
		op = "$lt"
	}
	return bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: field, Value: bson.D{{Key: op, Value: v}}}},
		bson.D{{Key: field, Value: v}, {Key: "_id", Value: bson.D{{Key: op, Value: c.ID}}}},
	}}}, nil
}

// filter translates a list filter into a query, rejecting values the kind
// cannot have.
func (r *Records[T]) filter(f domain.ListFilter) (bson.D, error) {
	q := bson.D{}
	if f.Country != "" {
		if r.spec.country == "" {
			return nil, invalidFilter("country", fmt.Sprintf("%s cannot be filtered by country", r.spec.typ.Collection()))
		}
		if !domain.IsCountryCode(f.Country) {
			return nil, invalidFilter("country", fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 country code", f.Country))
		}
		q = append(q, bson.E{Key: r.spec.country, Value: f.Country})
	}
	if f.Kind != "" {
		if !slices.Contains(r.spec.kinds, f.Kind) {
			if r.spec.kinds == nil {
				return nil, invalidFilter("kind", fmt.Sprintf("%s have no kind", r.spec.typ.Collection()))
			}
			return nil, invalidFilter("kind", "must be one of: "+strings.Join(r.spec.kinds, ", "))
		}
		q = append(q, bson.E{Key: "kind", Value: f.Kind})
	}
	if f.Status != "" {
		if r.spec.status == nil {
			return nil, invalidFilter("status", fmt.Sprintf("%s have no status", r.spec.typ.Collection()))
		}
		today := f.Today
		if today == "" {
			today = r.db.today()
		}
		cond, err := r.spec.status(f.Status, today)
		if err != nil {
			return nil, err
		}
		q = append(q, cond...)
	}
	if f.From != "" || f.To != "" {
		if !f.From.Valid() || !f.To.Valid() {
			return nil, invalidFilter("from", "from and to must be dates of the form YYYY-MM-DD")
		}
		if f.From != "" && f.To != "" && f.To < f.From {
			return nil, invalidFilter("to", "must not be before from")
		}
		rng := bson.D{}
		if f.From != "" {
			rng = append(rng, bson.E{Key: "$gte", Value: string(f.From)})
		} else {
			rng = append(rng, bson.E{Key: "$gt", Value: ""}) // records without a date are not in any range
		}
		if f.To != "" {
			rng = append(rng, bson.E{Key: "$lte", Value: string(f.To)})
		}
		q = append(q, bson.E{Key: "sort_date", Value: rng})
	}
	if f.Q != "" {
		if len(f.Q) > 200 {
			return nil, invalidFilter("q", "must be at most 200 characters")
		}
		if strings.ContainsRune(f.Q, 0) {
			// A store's regex may not hold a NUL (BSON); no name has one.
			return nil, invalidFilter("q", "must not contain a NUL character")
		}
		if folded := domain.Fold(f.Q); folded != "" {
			q = append(q, bson.E{Key: "search", Value: bson.Regex{Pattern: regexp.QuoteMeta(folded)}})
		}
	}
	if f.Linked != "" {
		q = append(q, bson.E{Key: "refs", Value: f.Linked})
	}
	return q, nil
}
