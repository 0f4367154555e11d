package repository

import (
	"context"
	"fmt"
	"slices"

	"cooptrack/domain"
)

// resolve checks that every record rec references exists in the model and
// has the type the field expects, fills in the names, keeps the ids in Refs
// and lets the record derive what follows from them.
// Errors: EUNKNOWNREF naming each field at fault.
func (d *DB) resolve(rec domain.Record) error {
	linked := map[string]domain.Linked{}
	for _, ref := range rec.References() {
		if _, ok := linked[ref.Ref.ID]; ok {
			continue
		}
		if e := d.model.get(ref.Ref.ID); e != nil && e.rec != nil {
			linked[ref.Ref.ID] = linkedOf(e.rec)
		}
	}
	return resolveWith(rec, linked)
}

// linkedOf is what a record referencing rec learns of it.
func linkedOf(rec domain.Record) domain.Linked {
	l := domain.Linked{Type: rec.Type(), Label: rec.Label(), Date: rec.MainDate()}
	switch v := rec.(type) {
	case *domain.Organization:
		l.Country = v.Country
	case *domain.Person:
		l.Country = v.Country
	}
	return l
}

// resolveWith fills in the links of rec from linked, the labels and
// countries of the records it references.
func resolveWith(rec domain.Record, linked map[string]domain.Linked) error {
	fields := map[string]string{}
	for _, ref := range rec.References() {
		l, ok := linked[ref.Ref.ID]
		if !ok || l.Type != ref.Type {
			fields[ref.Field+".id"] = fmt.Sprintf("no %s with id %q", ref.Type, ref.Ref.ID)
			continue
		}
		ref.Ref.Name = l.Label
		if ref.Date != nil {
			*ref.Date = l.Date
		}
	}
	if len(fields) > 0 {
		return &domain.Error{Code: domain.EUNKNOWNREF, Message: "the record links to records that do not exist", Fields: fields}
	}
	rec.Resolve(linked)
	return nil
}

// derive gives a record an empty evidence list rather than none.
func derive(rec domain.Record) {
	if m := rec.RecordMeta(); m.Evidence == nil {
		m.Evidence = []domain.Citation{}
	}
}

// propagate refreshes the records that link to id, or cite it, after what
// they show of it changed.
func (d *DB) propagate(ctx context.Context, id string) error {
	for _, ref := range d.model.refsTo(id, true, true) {
		if ref.ID == id {
			continue
		}
		k, ok := d.kinds[ref.Type]
		if !ok {
			continue
		}
		if err := k.refresh(ctx, ref.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// LinksTo returns the records that link to the record with the id.
func (d *DB) LinksTo(ctx context.Context, id string) ([]domain.RecordRef, error) {
	if err := d.ensureModel(ctx); err != nil {
		return nil, err
	}
	return d.model.refsTo(id, true, false), nil
}

// CitersOf returns the records that cite the source.
func (d *DB) CitersOf(ctx context.Context, sourceID string) ([]domain.RecordRef, error) {
	if err := d.ensureModel(ctx); err != nil {
		return nil, err
	}
	return d.model.refsTo(sourceID, false, true), nil
}

var _ domain.LinkStore = (*DB)(nil)

// Dossier returns what is recorded about a country. The dossier is shared:
// callers must not change it.
// Errors: ENOTFOUND (no such country).
func (d *DB) Dossier(ctx context.Context, code domain.CountryCode) (*domain.Dossier, error) {
	country, ok := domain.LookupCountry(string(code))
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "no country with code %q", code)
	}
	if err := d.ensureModel(ctx); err != nil {
		return nil, err
	}
	return d.model.dossier(country), nil
}

var _ domain.DossierStore = (*DB)(nil)

// Catalog returns the catalog line of every record. The list is shared:
// callers must not change it.
func (d *DB) Catalog(ctx context.Context) (*domain.Catalog, error) {
	if err := d.ensureModel(ctx); err != nil {
		return nil, err
	}
	return d.model.catalogue(), nil
}

var _ domain.CatalogStore = (*DB)(nil)

func uniq(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
