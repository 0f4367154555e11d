package repository

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// Import stores new records built elsewhere (the synthetic generator, a bulk
// import) in batches. Each is checked and prepared as Create does, except
// that its links are resolved against linked, the labels and countries of
// the records it references, which the caller holds, rather than read from
// the store one query at a time. Ids must be set. Read models are not
// updated: rebuild them with Reindex afterwards.
// Errors: EINVALID, EUNKNOWNREF (naming the record), ECONFLICT.
func (r *Records[T]) Import(ctx context.Context, recs []T, linked map[string]domain.Linked) error {
	now := r.db.now()
	docs := make([]any, 0, len(recs))
	ids := make([]string, 0, len(recs))
	for _, rec := range recs {
		m := rec.RecordMeta()
		if m.ID == "" {
			return domain.Errorf(domain.EINVALID, "an imported %s has no id", r.spec.typ)
		}
		m.Version, m.CreatedAt, m.UpdatedAt = 1, now, now
		for i := range m.Evidence {
			if m.Evidence[i].ID == "" {
				m.Evidence[i].ID = newID()
			}
			if m.Evidence[i].AddedAt.IsZero() {
				m.Evidence[i].AddedAt = now
			}
		}
		if err := rec.Validate(); err != nil {
			return fmt.Errorf("%s %s: %w", r.spec.typ, m.ID, err)
		}
		if am, ok := domain.Record(rec).(domain.Amender); ok {
			if err := am.Amend(nil, now); err != nil {
				return fmt.Errorf("%s %s: %w", r.spec.typ, m.ID, err)
			}
		}
		if err := resolveWith(rec, linked); err != nil {
			return fmt.Errorf("%s %s: %w", r.spec.typ, m.ID, err)
		}
		derive(rec)
		docs = append(docs, rec)
		ids = append(ids, m.ID)
	}
	if r.spec.afterImport != nil {
		if err := r.spec.afterImport(ctx, recs); err != nil {
			return err
		}
	}
	stored := 0
	for batch := range slices.Chunk(docs, 500) {
		if _, err := r.c.InsertMany(ctx, batch, options.InsertMany().SetOrdered(false)); err != nil {
			// The batches before are stored, and maybe some of this one.
			r.db.auditImport(ctx, r.spec.typ, ids[:stored], err)
			return storeError(err, "import "+r.spec.typ.Collection())
		}
		stored += len(batch)
	}
	r.db.auditImport(ctx, r.spec.typ, ids, nil)
	return nil
}

// resolveWith fills in the links of rec from linked, as resolve does from
// the store.
func resolveWith(rec domain.Record, linked map[string]domain.Linked) error {
	fields := map[string]string{}
	ids := []string{}
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
		if !isEvidenceField(ref.Field) {
			ids = append(ids, ref.Ref.ID)
		}
	}
	if len(fields) > 0 {
		return &domain.Error{Code: domain.EUNKNOWNREF, Message: "the record links to records that do not exist", Fields: fields}
	}
	rec.RecordMeta().Refs = uniq(ids)
	rec.Resolve(linked)
	return nil
}

// derive sets the fields the store keeps for finding records.
func derive(rec domain.Record) {
	m := rec.RecordMeta()
	m.Search = rec.SearchText()
	m.SortName = domain.Fold(rec.Label())
	m.SortDate = rec.MainDate()
	if m.Evidence == nil {
		m.Evidence = []domain.Citation{}
	}
}

// importTexts stores the texts of imported sources.
func importTexts(ctx context.Context, texts collection, srcs []*domain.Source) error {
	var docs []any
	for _, s := range srcs {
		if s.Text != "" {
			docs = append(docs, bson.D{{Key: "_id", Value: s.ID}, {Key: "text", Value: s.Text}})
		}
	}
	for batch := range slices.Chunk(docs, 500) {
		if _, err := texts.InsertMany(ctx, batch, options.InsertMany().SetOrdered(false)); err != nil {
			return storeError(err, "import source texts")
		}
	}
	return nil
}

// Reindex rebuilds every read model from the records, reporting progress as
// it goes. It is safe to run on a live store: each read model is replaced
// whole once rebuilt.
func (d *DB) Reindex(ctx context.Context, progress func(stage string, done, total int)) error {
	return d.rebuildReadModels(ctx, progress)
}

// Importer stores batches of new records with Import, linked as the caller
// says; it is what the synthetic generator (domain/synth) hands its batches
// to. OnBatch, when set, hears of each batch stored.
type Importer struct {
	Ctx     context.Context //nolint:containedctx // a sink's methods take no context of their own
	DB      *DB
	OnBatch func(kind domain.RecordType, n int)
}

func importBatch[T domain.Record](im Importer, r *Records[T], batch []T, linked map[string]domain.Linked) error {
	if err := r.Import(im.Ctx, batch, linked); err != nil {
		return err
	}
	if im.OnBatch != nil {
		im.OnBatch(r.spec.typ, len(batch))
	}
	return nil
}

// Sources imports a batch of sources.
func (im Importer) Sources(b []*domain.Source, linked map[string]domain.Linked) error {
	return importBatch(im, im.DB.Sources, b, linked)
}

// Organizations imports a batch of organizations.
func (im Importer) Organizations(b []*domain.Organization, linked map[string]domain.Linked) error {
	return importBatch(im, im.DB.Organizations, b, linked)
}

// People imports a batch of people.
func (im Importer) People(b []*domain.Person, linked map[string]domain.Linked) error {
	return importBatch(im, im.DB.People, b, linked)
}

// Programs imports a batch of programs.
func (im Importer) Programs(b []*domain.Program, linked map[string]domain.Linked) error {
	return importBatch(im, im.DB.Programs, b, linked)
}

// Agreements imports a batch of agreements.
func (im Importer) Agreements(b []*domain.Agreement, linked map[string]domain.Linked) error {
	return importBatch(im, im.DB.Agreements, b, linked)
}

// Events imports a batch of events.
func (im Importer) Events(b []*domain.Event, linked map[string]domain.Linked) error {
	return importBatch(im, im.DB.Events, b, linked)
}
