package repository

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// A country's dossier is a read model (a shelf, see shelf.go): a digest of
// every record concerning the country, kept current on every write, so that
// the country's dashboard, timeline and lists cost a fixed number of reads
// by _id whatever the size of the store. Each app instance keeps the
// dossiers it has read in memory, checked against the shelf's revision on
// every use (one read by _id), so instances sharing a database never serve
// stale data.
const dossierBuckets = 256

// dossierCacheSize bounds the dossiers an instance keeps in memory.
const dossierCacheSize = 48

func dossierShelf(code string) string { return "dossier:" + code }

// dossierEntry is a record as a dossier keeps it: its digest, with what
// lists filter on beside it.
type dossierEntry struct {
	Type   domain.RecordType `json:"t"`
	Search string            `json:"s,omitempty"`
	Refs   []string          `json:"f,omitempty"`
	Record json.RawMessage   `json:"r"`
}

func dossierEntryOf(rec domain.Record) (json.RawMessage, error) {
	r, err := json.Marshal(domain.Digest(rec))
	if err != nil {
		return nil, fmt.Errorf("dossier entry: %w", err)
	}
	m := rec.RecordMeta()
	return json.Marshal(dossierEntry{Type: rec.Type(), Search: m.Search, Refs: m.Refs, Record: r})
}

// countryView is a dossier as read, with what lists need beside it.
type countryView struct {
	rev     string
	dossier *domain.Dossier
	search  map[string]string
	refs    map[string][]string
}

// records returns the view's records of one type.
func (v *countryView) records(t domain.RecordType) []domain.Record {
	var out []domain.Record
	d := v.dossier
	switch t {
	case domain.TypeOrganization:
		out = appendRecords(out, d.Organizations)
	case domain.TypePerson:
		out = appendRecords(out, d.People)
	case domain.TypeAgreement:
		out = appendRecords(out, d.Agreements)
	case domain.TypeEvent:
		out = appendRecords(out, d.Events)
	case domain.TypeProgram:
		out = appendRecords(out, d.Programs)
	}
	return out
}

func appendRecords[T domain.Record](out []domain.Record, recs []T) []domain.Record {
	for _, r := range recs {
		out = append(out, r)
	}
	return out
}

// viewCache keeps the country views an instance has read, the least
// recently used dropped first.
type viewCache struct {
	mu    sync.Mutex
	views map[string]*countryView
	order []string
}

func (c *viewCache) get(code, rev string) *countryView {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.views[code]
	if v == nil || v.rev != rev {
		return nil
	}
	c.touch(code)
	return v
}

func (c *viewCache) put(code string, v *countryView) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.views == nil {
		c.views = map[string]*countryView{}
	}
	c.views[code] = v
	c.touch(code)
	for len(c.order) > dossierCacheSize {
		delete(c.views, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *viewCache) touch(code string) {
	c.order = slices.DeleteFunc(c.order, func(s string) bool { return s == code })
	c.order = append(c.order, code)
}

// Dossier returns what is recorded about a country, from its read model.
// The dossier is shared: callers must not change it.
func (d *DB) Dossier(ctx context.Context, code string) (*domain.Dossier, error) {
	v, err := d.countryView(ctx, code)
	if err != nil {
		return nil, err
	}
	return v.dossier, nil
}

func (d *DB) countryView(ctx context.Context, code string) (*countryView, error) {
	country, ok := domain.LookupCountry(code)
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "no country with code %q", code)
	}
	h, err := d.shelfHead(ctx, dossierShelf(code))
	if err != nil {
		return nil, err
	}
	if v := d.views.get(code, h.Rev); v != nil {
		return v, nil
	}
	rev, entries, err := d.loadShelf(ctx, h, dossierBuckets)
	if err != nil {
		return nil, err
	}
	v, err := buildView(country, rev, entries)
	if err != nil {
		return nil, err
	}
	d.views.put(code, v)
	return v, nil
}

func buildView(country domain.Country, rev string, entries shelfEntries) (*countryView, error) {
	v := &countryView{rev: rev, search: map[string]string{}, refs: map[string][]string{}}
	ds := &domain.Dossier{Memo: &domain.Memo{}, Country: country, Organizations: []*domain.Organization{}, People: []*domain.Person{},
		Agreements: []*domain.Agreement{}, Events: []*domain.Event{}, Programs: []*domain.Program{}}
	for id, raw := range entries {
		var e dossierEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, fmt.Errorf("dossier %s entry %s: %w", country.Code, id, err)
		}
		var err error
		switch e.Type {
		case domain.TypeOrganization:
			ds.Organizations, err = decodeEntry(ds.Organizations, e.Record)
		case domain.TypePerson:
			ds.People, err = decodeEntry(ds.People, e.Record)
		case domain.TypeAgreement:
			ds.Agreements, err = decodeEntry(ds.Agreements, e.Record)
		case domain.TypeEvent:
			ds.Events, err = decodeEntry(ds.Events, e.Record)
		case domain.TypeProgram:
			ds.Programs, err = decodeEntry(ds.Programs, e.Record)
		default:
			err = fmt.Errorf("unknown type %q", e.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("dossier %s entry %s: %w", country.Code, id, err)
		}
		v.search[id], v.refs[id] = e.Search, e.Refs
	}
	sortByDate(ds.Organizations)
	sortByDate(ds.People)
	sortByDate(ds.Agreements)
	sortByDate(ds.Events)
	sortByDate(ds.Programs)
	ds.Sources = ds.SourcesCited()
	v.dossier = ds
	return v, nil
}

func decodeEntry[T any, P interface {
	*T
	domain.Record
}](list []P, raw json.RawMessage) ([]P, error) {
	rec := P(new(T))
	if err := json.Unmarshal(raw, rec); err != nil {
		return list, err
	}
	normalize(rec)
	return append(list, rec), nil
}

// sortByDate orders records as the scan does: by main date, then id.
func sortByDate[T domain.Record](recs []T) {
	slices.SortFunc(recs, func(a, b T) int {
		return cmp.Or(cmp.Compare(a.MainDate(), b.MainDate()), strings.Compare(a.RecordMeta().ID, b.RecordMeta().ID))
	})
}

// ScanDossier gathers what is recorded about a country from the records
// themselves, with a query per kind: the truth the read model is held to,
// and what Reindex rebuilds it from.
func (d *DB) ScanDossier(ctx context.Context, code string) (*domain.Dossier, error) {
	c, ok := domain.LookupCountry(code)
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "no country with code %q", code)
	}
	ds := &domain.Dossier{Country: c}
	byCountry := func(field string) bson.D { return bson.D{{Key: field, Value: code}} }
	var err error
	if ds.Organizations, err = findAll(ctx, d.Organizations, byCountry("country")); err != nil {
		return nil, err
	}
	if ds.People, err = findAll(ctx, d.People, byCountry("country")); err != nil {
		return nil, err
	}
	if ds.Agreements, err = findAll(ctx, d.Agreements, byCountry("countries")); err != nil {
		return nil, err
	}
	if ds.Events, err = findAll(ctx, d.Events, byCountry("countries")); err != nil {
		return nil, err
	}
	if ds.Programs, err = findAll(ctx, d.Programs, byCountry("countries")); err != nil {
		return nil, err
	}
	ds.Sources = ds.SourcesCited()
	return ds, nil
}

var _ domain.DossierStore = (*DB)(nil)

// findAll returns every record of the kind that the filter keeps.
func findAll[T domain.Record](ctx context.Context, r *Records[T], filter bson.D) ([]T, error) {
	cur, err := r.c.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "sort_date", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, storeError(err, "find "+r.spec.typ.Collection())
	}
	defer func() { _ = cur.Close(ctx) }()
	out := []T{}
	for cur.Next(ctx) {
		rec := r.spec.new()
		if err := cur.Decode(rec); err != nil {
			return nil, storeError(err, "decode")
		}
		normalize(rec)
		out = append(out, rec)
	}
	return out, storeError(cur.Err(), "find "+r.spec.typ.Collection())
}
