package repository

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// importBatch is how many records one insert carries.
const importBatch = 500

// Import stores new records built elsewhere (the synthetic generator, a bulk
// import) in batches. Each is checked and prepared as Create does, except
// that its links are resolved against linked, the labels and countries of
// the records it references, when the caller holds them (else against the
// model); each gets its log entry, as any create does, and the import one
// entry more that names them all. Ids must be set.
// Errors: EINVALID, EUNKNOWNREF (naming the record), ECONFLICT.
func (r *Records[T]) Import(ctx context.Context, recs []T, linked map[string]domain.Linked) error {
	if err := r.db.ensureModel(ctx); err != nil {
		return err
	}
	ctx, cancel := detach(ctx)
	defer cancel()
	now := r.db.now()
	changes := make([]change, 0, len(recs))
	for _, rec := range recs {
		m := rec.RecordMeta()
		if m.ID == "" {
			return domain.Errorf(domain.EINVALID, "an imported %s has no id", r.spec.typ)
		}
		m.Version, m.CreatedAt, m.UpdatedAt = 1, now, now
		if old := r.db.model.get(m.ID); old != nil {
			if old.rec != nil {
				return domain.Errorf(domain.ECONFLICT, "%s %q already exists", r.spec.typ, m.ID)
			}
			m.Version = old.version + 1
		}
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
		var err error
		if linked != nil {
			err = resolveWith(rec, linked)
		} else {
			err = r.db.resolve(rec)
		}
		if err != nil {
			return fmt.Errorf("%s %s: %w", r.spec.typ, m.ID, err)
		}
		derive(rec)
		changes = append(changes, change{typ: r.spec.typ, id: m.ID, version: m.Version, after: rec, text: textOf(rec), note: "imported"})
	}
	var ids []string
	for batch := range slices.Chunk(changes, importBatch) {
		if err := r.importBatch(ctx, batch); err != nil {
			r.db.auditImport(ctx, r.spec.typ, ids, fmt.Sprintf("%d %s imported", len(ids), r.spec.typ.Collection()), err)
			return err
		}
		for _, c := range batch {
			ids = append(ids, c.id)
		}
	}
	r.db.auditImport(ctx, r.spec.typ, ids, fmt.Sprintf("%d %s imported", len(ids), r.spec.typ.Collection()), nil)
	return nil
}

// importBatch writes the log entries of a batch of new records, then the
// records, then the texts of sources.
func (r *Records[T]) importBatch(ctx context.Context, batch []change) error {
	var entries []*logDoc
	for _, c := range batch {
		e, err := r.db.entries(ctx, c)
		if err != nil {
			return err
		}
		entries = append(entries, e[0])
	}
	if err := r.db.log.append(ctx, entries...); err != nil {
		if err == errClaimTaken { //nolint:errorlint // append returns it as is
			return domain.Errorf(domain.ECONFLICT, "an imported %s was created meanwhile", r.spec.typ)
		}
		return err
	}
	docs := make([]any, 0, len(batch))
	var texts []any
	for i, c := range batch {
		rec, err := recordOfEntry(entries[i])
		if err != nil {
			return err
		}
		r.db.model.put(entryOf(c.typ, c.id, c.version, rec, nil), int64(entries[i].Pos))
		doc, err := recordDoc(c.id, c.version, c.after, r.db.model.history(c.id))
		if err != nil {
			return err
		}
		docs = append(docs, doc)
		if c.text != nil && *c.text != "" {
			texts = append(texts, sourceTextDoc{ID: c.id, Text: *c.text})
		}
	}
	if _, err := r.c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false)); err != nil {
		return storeError(err, "import "+r.spec.typ.Collection())
	}
	if len(texts) > 0 {
		if _, err := r.db.collection(sourceTexts).InsertMany(ctx, texts, options.InsertMany().SetOrdered(false)); err != nil {
			return storeError(err, "import source texts")
		}
	}
	r.db.log.completed(entries...)
	return r.db.log.advance(ctx)
}

type sourceTextDoc struct {
	ID   string `bson:"_id"`
	Text string `bson:"text"`
}

// auditImport records an import of records of a kind with the note given (a
// user's import names its file and its rows): one entry that names them
// all, beside their own. It does not fail the import, which is stored.
func (d *DB) auditImport(ctx context.Context, typ domain.RecordType, ids []string, note string, failure error) {
	if len(ids) == 0 {
		return
	}
	e := domain.AuditEntry{Action: domain.ActionImport, Record: domain.RecordRef{Type: typ}, Note: note}
	if failure != nil {
		e.Note += "; the import then stopped on an error"
	}
	v, err := json.Marshal(ids)
	if err != nil {
		e.Note += "; ids not recorded: " + err.Error()
	}
	e.Changes = []domain.Change{{Field: "ids", After: v}}
	if _, err := d.Audit.Record(ctx, e); err != nil {
		logLost(ctx, e, err)
	}
}

// Importer stores batches of new records with Import, linked as the caller
// says; it is what the synthetic generator (internal/synth) hands its batches
// to. OnBatch, when set, hears of each batch stored.
type Importer struct {
	Ctx     context.Context //nolint:containedctx // a sink's methods take no context of their own
	DB      *DB
	OnBatch func(kind domain.RecordType, n int)
}

func importInto[T domain.Record](im Importer, r *Records[T], batch []T, linked map[string]domain.Linked) error {
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
	return importInto(im, im.DB.Sources, b, linked)
}

// Organizations imports a batch of organizations.
func (im Importer) Organizations(b []*domain.Organization, linked map[string]domain.Linked) error {
	return importInto(im, im.DB.Organizations, b, linked)
}

// People imports a batch of people.
func (im Importer) People(b []*domain.Person, linked map[string]domain.Linked) error {
	return importInto(im, im.DB.People, b, linked)
}

// Programs imports a batch of programs.
func (im Importer) Programs(b []*domain.Program, linked map[string]domain.Linked) error {
	return importInto(im, im.DB.Programs, b, linked)
}

// Agreements imports a batch of agreements.
func (im Importer) Agreements(b []*domain.Agreement, linked map[string]domain.Linked) error {
	return importInto(im, im.DB.Agreements, b, linked)
}

// Events imports a batch of events.
func (im Importer) Events(b []*domain.Event, linked map[string]domain.Linked) error {
	return importInto(im, im.DB.Events, b, linked)
}
