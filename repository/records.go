package repository

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// kindSpec says how one kind of record is stored and listed. Each kind's
// file (organization.go, agreement.go, …) holds its spec.
type kindSpec[T domain.Record] struct {
	typ domain.RecordType
	// new returns an empty record to decode into.
	new func() T
	// label is the field holding the name other records show for it.
	label string
	// country is the field holding the record's country ("country") or
	// countries ("countries"); "" when it has none.
	country string
	// kinds are the values of its "kind" field; nil when it has none.
	kinds []string
	// status translates a status filter into a query; nil when the kind has
	// no status.
	status func(status string, today domain.Date) (bson.D, error)
	// defaultSort is the order of a list when none is asked for.
	defaultSort string
	indexes     []mongo.IndexModel
	// afterWrite, afterFind and afterDelete keep what the kind stores
	// beside its records (a source's text) in step.
	afterWrite  func(ctx context.Context, rec T) error
	afterFind   func(ctx context.Context, rec T) error
	afterDelete func(ctx context.Context, id string) error
	afterImport func(ctx context.Context, recs []T) error
}

// Records stores the records of one kind; it implements domain.Store.
type Records[T domain.Record] struct {
	db   *DB
	c    collection
	spec kindSpec[T]
	// inserts batches the inserts of new records (see batch.go).
	inserts *batcher[one, any]
}

var _ domain.Store[*domain.Agreement] = (*Records[*domain.Agreement])(nil)

// kindOps is what work across kinds needs of each kind's store.
type kindOps interface {
	collection() collection
	labelField() string
	ensureIndexes(ctx context.Context) error
	// find reads one record.
	find(ctx context.Context, id string) (domain.Record, error)
	// refresh re-reads the names of what record id links to, after record
	// from changed.
	refresh(ctx context.Context, id, from string) error
	// scanAll calls f with every record of the kind.
	scanAll(ctx context.Context, f func(domain.Record) error) error
	// createImported stores a record of a user's import (importing.go).
	createImported(ctx context.Context, rec domain.Record) error
}

func newRecords[T domain.Record](d *DB, spec kindSpec[T]) *Records[T] {
	r := &Records[T]{db: d, c: d.collection(spec.typ.Collection()), spec: spec}
	r.inserts = insertBatcher(r.c)
	d.kinds[spec.typ] = r
	return r
}

func (r *Records[T]) collection() collection { return r.c }

func (r *Records[T]) find(ctx context.Context, id string) (domain.Record, error) {
	return r.Find(ctx, id)
}

func (r *Records[T]) scanAll(ctx context.Context, f func(domain.Record) error) error {
	return r.each(ctx, bson.D{}, nil, "scan", func(rec T) error { return f(rec) })
}

// each decodes the records the query finds, in its order, and calls fn
// with each until fn fails; what names the query in errors.
func (r *Records[T]) each(ctx context.Context, filter bson.D, opts *options.FindOptionsBuilder, what string, fn func(T) error) error {
	if opts == nil {
		opts = options.Find()
	}
	cur, err := r.c.Find(ctx, filter, opts)
	if err != nil {
		return storeError(err, what+" "+r.spec.typ.Collection())
	}
	defer func() { _ = cur.Close(ctx) }()
	for cur.Next(ctx) {
		rec := r.spec.new()
		if err := cur.Decode(rec); err != nil {
			return storeError(err, "decode")
		}
		normalize(rec)
		if err := fn(rec); err != nil {
			return err
		}
	}
	return storeError(cur.Err(), what+" "+r.spec.typ.Collection())
}

func (r *Records[T]) labelField() string { return r.spec.label }

// commonIndexes serve what every kind is asked: who references a record,
// who cites a source, lists by name, by date and by last change.
var commonIndexes = []mongo.IndexModel{
	{Keys: bson.D{{Key: "refs", Value: 1}}},
	{Keys: bson.D{{Key: "evidence.source.id", Value: 1}}},
	{Keys: bson.D{{Key: "sort_name", Value: 1}, {Key: "_id", Value: 1}}},
	{Keys: bson.D{{Key: "sort_date", Value: -1}, {Key: "_id", Value: -1}}},
	{Keys: bson.D{{Key: "updated_at", Value: -1}, {Key: "_id", Value: -1}}},
}

func (r *Records[T]) ensureIndexes(ctx context.Context) error {
	models := slices.Concat(commonIndexes, r.spec.indexes)
	if r.spec.country != "" {
		models = append(models, mongo.IndexModel{Keys: bson.D{{Key: r.spec.country, Value: 1}, {Key: "sort_date", Value: -1}}})
	}
	return createIndexes(ctx, r.c.Collection, models)
}

// Find returns the record with the id.
func (r *Records[T]) Find(ctx context.Context, id string) (T, error) {
	var zero T
	rec := r.spec.new()
	if err := r.c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(rec); err != nil {
		return zero, storeError(err, fmt.Sprintf("%s %q", r.spec.typ, id))
	}
	normalize(rec)
	if r.spec.afterFind != nil {
		if err := r.spec.afterFind(ctx, rec); err != nil {
			return zero, err
		}
	}
	return rec, nil
}

// Create stores a new record. An id already set (demo and seed data) is
// kept; otherwise a new one is given. Citations given with it are kept.
func (r *Records[T]) Create(ctx context.Context, rec T) error {
	return r.create(ctx, rec, true)
}

// create stores a new record; audited says whether it adds its own audit
// entry (an import adds one for all its records, see importing.go).
func (r *Records[T]) create(ctx context.Context, rec T, audited bool) error {
	m := rec.RecordMeta()
	if m.ID == "" {
		m.ID = newID()
	}
	now := r.db.now()
	m.Version, m.CreatedAt, m.UpdatedAt = 1, now, now
	// Citations given with a new record get ids and times of the store's.
	for i := range m.Evidence {
		m.Evidence[i].ID, m.Evidence[i].AddedAt = newID(), now
	}
	if err := r.prepare(ctx, rec, nil); err != nil {
		return err
	}
	if r.spec.afterWrite != nil {
		// What lives beside the record goes first: a crash then leaves an
		// orphan that the next write replaces, never a record missing it.
		if err := r.spec.afterWrite(ctx, rec); err != nil {
			return err
		}
	}
	ctx, cancel := detach(ctx)
	defer cancel()
	none := footprint{Type: r.spec.typ}
	abandon, err := r.db.begin(ctx, m.ID, none)
	if err != nil {
		return err
	}
	// An insert into a unique _id is atomic on every server: two creates
	// of one id cannot both succeed.
	if err := r.inserts.do(ctx, one{}, rec); err != nil {
		abandon()
		return storeError(err, fmt.Sprintf("%s %q", r.spec.typ, m.ID))
	}
	if audited {
		r.db.auditWrite(ctx, nil, rec)
	}
	return r.db.finish(ctx, m.ID, none, rec)
}

// prepare validates the record, checks and names its references, and sets
// the fields the store derives. old is the stored version on update, nil on
// create.
func (r *Records[T]) prepare(ctx context.Context, rec T, old domain.Record) error {
	fields := map[string]string{}
	if err := mergeInvalid(fields, rec.Validate()); err != nil {
		return err
	}
	if am, ok := domain.Record(rec).(domain.Amender); ok {
		if err := mergeInvalid(fields, am.Amend(old, r.db.now())); err != nil {
			return err
		}
	}
	if err := domain.FieldErrors(fields); err != nil {
		return err
	}
	if err := r.db.resolve(ctx, rec); err != nil {
		return err
	}
	derive(rec)
	return nil
}

// mergeInvalid adds the fields of an EINVALID error to fields; any other
// error it returns.
func mergeInvalid(fields map[string]string, err error) error {
	if err == nil {
		return nil
	}
	de, ok := err.(*domain.Error) //nolint:errorlint // domain rules return *domain.Error unwrapped
	if !ok || de.Code != domain.EINVALID {
		return err
	}
	maps.Copy(fields, de.Fields)
	return nil
}

// Update replaces the stored record if rec carries its current version.
// Evidence is kept as stored: it changes only through Cite and Uncite.
func (r *Records[T]) Update(ctx context.Context, rec T) error {
	m := rec.RecordMeta()
	old, err := r.Find(ctx, m.ID)
	if err != nil {
		return err
	}
	om := old.RecordMeta()
	if om.Version != m.Version {
		return staleError(r.spec.typ, m.ID, m.Version, om.Version)
	}
	m.CreatedAt = om.CreatedAt
	m.Evidence = om.Evidence
	if err := r.prepare(ctx, rec, old); err != nil {
		return err
	}
	if err := r.write(ctx, rec, om.Version, footprintOf(old), func() { r.db.auditWrite(ctx, old, rec) }); err != nil {
		return err
	}
	// What lives beside the record follows it only once the version check
	// has passed, so that a stale edit changes nothing.
	if r.spec.afterWrite != nil {
		if err := r.spec.afterWrite(ctx, rec); err != nil {
			return err
		}
	}
	if shownElsewhere(old) != shownElsewhere(rec) {
		return r.db.propagate(ctx, m.ID)
	}
	return nil
}

// write stores rec as the version after version, which must be the one
// stored: it claims the move (see claim.go), replaces the document, and
// updates the read models from old, what the stored version touched.
// written runs once the document is replaced, before the read models are
// updated, which may fail: it audits the write.
// Errors: ECONFLICT.
func (r *Records[T]) write(ctx context.Context, rec T, version int64, old footprint, written func()) error {
	ctx, cancel := detach(ctx)
	defer cancel()
	m := rec.RecordMeta()
	if err := r.db.claim(ctx, r.spec.typ, m.ID, version, r.currentVersion(ctx, m.ID)); err != nil {
		return err
	}
	abandon, err := r.db.begin(ctx, m.ID, old)
	if err != nil {
		return err
	}
	updatedAt := m.UpdatedAt
	m.Version, m.UpdatedAt = version+1, r.db.now()
	// The claim made this move ours alone; the filter is the _id only,
	// because FerretDB looks a document up by index only when the filter is
	// an exact _id and nothing more (with {_id, version} it reads the table).
	res, err := r.c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: m.ID}}, rec)
	if err == nil && res.MatchedCount == 0 {
		err = staleError(r.spec.typ, m.ID, version, version+1)
	}
	if err != nil {
		abandon()
		// The record stayed at version: so does the caller's copy, and the
		// claim is freed, or the next writer would be refused until it
		// expires.
		m.Version, m.UpdatedAt = version, updatedAt
		r.db.release(ctx, m.ID, version+1)
		if isDuplicate(err) {
			return domain.Errorf(domain.ECONFLICT, "%s %q: a value that must be unique (such as a source's URL) is another record's", r.spec.typ, m.ID)
		}
		return storeError(err, fmt.Sprintf("%s %q", r.spec.typ, m.ID))
	}
	r.db.release(ctx, m.ID, version)
	written()
	return r.db.finish(ctx, m.ID, old, rec)
}

// currentVersion returns a function that reads the stored version of id.
func (r *Records[T]) currentVersion(ctx context.Context, id string) func() (int64, error) {
	return func() (int64, error) {
		var doc struct {
			Version int64 `bson:"version"`
		}
		err := r.c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, options.FindOne().SetProjection(bson.D{{Key: "version", Value: 1}})).Decode(&doc)
		return doc.Version, storeError(err, fmt.Sprintf("%s %q", r.spec.typ, id))
	}
}

// modify applies change to the stored record and writes it as a new
// version, reading again and retrying when another write came first. It
// serves changes the store makes on its own account (citations, renames),
// which unlike a person's edit can be merged safely. written runs once,
// with the record as stored, when a change has been written.
func (r *Records[T]) modify(ctx context.Context, id string, change func(rec T) error, written func(rec T)) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		var rec T
		rec, err = r.Find(ctx, id)
		if err != nil {
			return err
		}
		version := rec.RecordMeta().Version
		old := footprintOf(rec)
		if err = change(rec); err != nil {
			return err
		}
		err = r.write(ctx, rec, version, old, func() { written(rec) })
		if domain.ErrorCode(err) != domain.ECONFLICT {
			return err
		}
	}
	return err
}

// writeTimeout bounds a write once begun (see detach).
const writeTimeout = time.Minute

// detach returns ctx without its cancellation, bounded by writeTimeout: a
// write, once begun, runs to its end even when the client goes away or
// the server starts to shut down. Stopping between the record and its
// read models would leave the read models behind (and a pending note) until
// the next start; stopping between the claim and the write would refuse the
// record's next edit for claimTTL. Found by the load test of issue 8, whose
// clients hang up mid-write.
func detach(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
}

func staleError(t domain.RecordType, id string, have, current int64) error {
	return &domain.Error{
		Code:    domain.ECONFLICT,
		Message: fmt.Sprintf("%s %q was changed by someone else: you edited version %d, the current version is %d or later", t, id, have, current),
		Fields:  map[string]string{"version": fmt.Sprintf("is stale (current: %d)", current)},
	}
}

// shownElsewhere is what records linking to rec keep of it: its label, its
// country, a source's date. When it changes they are refreshed.
func shownElsewhere(rec domain.Record) string {
	switch v := rec.(type) {
	case *domain.Organization:
		return v.Name + "\x00" + v.Country
	case *domain.Person:
		return v.FullName + "\x00" + v.Country
	case *domain.Source:
		return v.Title + "\x00" + string(v.PublishedOn)
	}
	return rec.Label()
}

// Delete removes the record unless others reference it.
func (r *Records[T]) Delete(ctx context.Context, id string, version int64) error {
	old, err := r.Find(ctx, id)
	if err != nil {
		return err
	}
	current := old.RecordMeta().Version
	if version != 0 && current != version {
		return staleError(r.spec.typ, id, version, current)
	}
	referrers, err := r.db.referrers(ctx, id, true, 20)
	if err != nil {
		return err
	}
	if len(referrers) > 0 {
		return &domain.Error{
			Code:       domain.EREFERENCED,
			Message:    fmt.Sprintf("%s %q is referenced by %d other record(s); remove those links first", r.spec.typ, id, len(referrers)),
			References: referrers,
		}
	}
	ctx, cancel := detach(ctx)
	defer cancel()
	if err := r.db.claim(ctx, r.spec.typ, id, current, r.currentVersion(ctx, id)); err != nil {
		return err
	}
	fp := footprintOf(old)
	abandon, err := r.db.begin(ctx, id, fp)
	if err != nil {
		return err
	}
	res, err := r.c.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}) // the claim guards it: see write
	if err == nil && res.DeletedCount == 0 {
		err = staleError(r.spec.typ, id, current, current+1)
	}
	if err != nil {
		abandon()
		r.db.release(ctx, id, current+1) // as in write
		return storeError(err, fmt.Sprintf("%s %q", r.spec.typ, id))
	}
	r.db.release(ctx, id, current)
	r.db.release(ctx, id, current+1)
	r.db.auditWrite(ctx, old, nil)
	if r.spec.afterDelete != nil {
		if err := r.spec.afterDelete(ctx, id); err != nil {
			return err
		}
	}
	return r.db.finish(ctx, id, fp, nil)
}

// Cite attaches a source as evidence.
func (r *Records[T]) Cite(ctx context.Context, id string, in domain.EvidenceInput) (domain.Citation, error) {
	if err := in.Validate(); err != nil {
		return domain.Citation{}, err
	}
	var src struct {
		Title string `bson:"title"`
	}
	err := r.db.db.Collection(domain.TypeSource.Collection()).FindOne(ctx, bson.D{{Key: "_id", Value: in.SourceID}},
		options.FindOne().SetProjection(bson.D{{Key: "title", Value: 1}})).Decode(&src)
	if err != nil {
		err = storeError(err, "source")
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.Citation{}, &domain.Error{Code: domain.EUNKNOWNREF, Message: "the source does not exist",
				Fields: map[string]string{"source_id": fmt.Sprintf("no source with id %q", in.SourceID)}}
		}
		return domain.Citation{}, err
	}
	c := domain.Citation{ID: newID(), Source: domain.Ref{ID: in.SourceID, Name: src.Title}, Quote: in.Quote, Supports: in.Supports, AddedAt: r.db.now()}
	err = r.modify(ctx, id, func(rec T) error {
		m := rec.RecordMeta()
		m.Evidence = append(m.Evidence, c)
		return nil
	}, func(rec T) { r.db.auditCitation(ctx, domain.ActionCite, refOf(rec), c) })
	return c, err
}

// Uncite removes one citation.
func (r *Records[T]) Uncite(ctx context.Context, id, citationID string) error {
	var removed domain.Citation
	return r.modify(ctx, id, func(rec T) error {
		m := rec.RecordMeta()
		i := slices.IndexFunc(m.Evidence, func(c domain.Citation) bool { return c.ID == citationID })
		if i < 0 {
			return domain.Errorf(domain.ENOTFOUND, "%s %q has no citation %q", r.spec.typ, id, citationID)
		}
		removed = m.Evidence[i]
		m.Evidence = slices.Delete(m.Evidence, i, i+1)
		return nil
	}, func(rec T) { r.db.auditCitation(ctx, domain.ActionUncite, refOf(rec), removed) })
}

// refresh re-reads the names and countries of what record id links to,
// and stores them, after record from changed. The record moves to a new
// version: an editor holding the old one is told it changed, rather than
// writing the old name back.
func (r *Records[T]) refresh(ctx context.Context, id, from string) error {
	var before []byte
	err := r.modify(ctx, id, func(rec T) error {
		var err error
		if before, err = json.Marshal(rec); err != nil {
			return fmt.Errorf("%s %q: %w", r.spec.typ, id, err)
		}
		return r.db.resolve(ctx, rec)
	}, func(rec T) { r.db.auditPropagated(ctx, before, rec, from) })
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil
	}
	return err
}

// normalize gives decoded records empty lists rather than nil ones, so that
// JSON shows [] for them.
func normalize(rec domain.Record) {
	m := rec.RecordMeta()
	if m.Evidence == nil {
		m.Evidence = []domain.Citation{}
	}
}

// isEvidenceField reports whether a reference lies in the evidence list.
func isEvidenceField(field string) bool { return strings.HasPrefix(field, "evidence[") }
