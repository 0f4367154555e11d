package repository

import (
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// kindSpec is what the store needs of one kind of record beside what
// domain.KindOf describes.
type kindSpec[T domain.Record] struct {
	typ domain.RecordType
	// new returns an empty record to decode into.
	new func() T
	// indexes are the collection's unique indexes: every read is answered
	// by the model, so the store needs no other.
	indexes []mongo.IndexModel
}

// specOf is the spec of the kind of record R, with its collection's
// unique indexes.
func specOf[R any, T interface {
	*R
	domain.Record
}](indexes ...mongo.IndexModel) kindSpec[T] {
	newRec := func() T { return T(new(R)) }
	return kindSpec[T]{typ: newRec().Type(), new: newRec, indexes: indexes}
}

// Records stores the records of one kind; it implements domain.Store.
type Records[T domain.Record] struct {
	db   *DB
	c    collection
	spec kindSpec[T]
	// inserts sends new records' documents in batches.
	inserts *batcher
}

var _ domain.Store[*domain.Agreement] = (*Records[*domain.Agreement])(nil)

// kindOps is what work across kinds needs of each kind's store.
type kindOps interface {
	collection() collection
	// insert stores a new record's document, in a batch with others'.
	insert(ctx context.Context, doc any) error
	ensureIndexes(ctx context.Context) error
	// decode reads a stored document into a record.
	decode(raw bson.Raw) (domain.Record, error)
	// refresh re-reads the names of what record id links to, after record
	// from changed.
	refresh(ctx context.Context, id, from string) error
	// createImported stores a record of a user's import (importing.go).
	createImported(ctx context.Context, rec domain.Record) error
}

func newRecords[T domain.Record](d *DB, spec kindSpec[T]) *Records[T] {
	r := &Records[T]{db: d, c: d.collection(spec.typ.Collection()), spec: spec}
	r.inserts = insertBatcher(d.stopCtx.Done(), r.c)
	d.kinds[spec.typ] = r
	return r
}

func (r *Records[T]) collection() collection { return r.c }

func (r *Records[T]) insert(ctx context.Context, doc any) error { return r.inserts.do(ctx, doc) }

func (r *Records[T]) ensureIndexes(ctx context.Context) error {
	return createIndexes(ctx, r.c.Collection, r.spec.indexes)
}

func (r *Records[T]) decode(raw bson.Raw) (domain.Record, error) {
	rec := r.spec.new()
	if err := decodeRecord(raw, rec); err != nil {
		return nil, err
	}
	normalize(rec)
	return rec, nil
}

// Find returns a copy of the record with the id, a source with its text.
func (r *Records[T]) Find(ctx context.Context, id string) (T, error) {
	var zero T
	e, err := r.db.live(ctx, r.spec.typ, id)
	if err != nil {
		return zero, err
	}
	rec, err := clone(e.rec.(T))
	if err != nil {
		return zero, err
	}
	if s, ok := domain.Record(rec).(*domain.Source); ok {
		if s.Text, err = r.db.sourceText(ctx, id); err != nil {
			return zero, err
		}
	}
	return rec, nil
}

// clone copies a record, so that a caller may change it without changing
// the model's.
func clone[T domain.Record](rec T) (T, error) {
	out := deepCopy(rec)
	normalize(out)
	return out, nil
}

// newRecord returns an empty record of the type.
func newRecord(t domain.RecordType) domain.Record {
	switch t {
	case domain.TypeOrganization:
		return new(domain.Organization)
	case domain.TypePerson:
		return new(domain.Person)
	case domain.TypeAgreement:
		return new(domain.Agreement)
	case domain.TypeEvent:
		return new(domain.Event)
	case domain.TypeProgram:
		return new(domain.Program)
	case domain.TypeSource:
		return new(domain.Source)
	}
	panic("no record type " + string(t))
}

// Create stores a new record. An id already set (demo and seed data) is
// kept; otherwise a new one is given. Citations given with it are kept.
func (r *Records[T]) Create(ctx context.Context, rec T) error {
	return r.create(ctx, rec, "")
}

// create stores a new record; note, when set, goes into its log entry (an
// import names itself there).
func (r *Records[T]) create(ctx context.Context, rec T, note string) error {
	if err := r.db.ensureModel(ctx); err != nil {
		return err
	}
	m := rec.RecordMeta()
	if m.ID == "" {
		m.ID = newID()
	}
	now := r.db.now()
	m.CreatedAt, m.UpdatedAt = now, now
	// Citations given with a new record get ids and times of the store's.
	for i := range m.Evidence {
		m.Evidence[i].ID, m.Evidence[i].AddedAt = newID(), now
	}
	if err := r.prepare(rec, nil); err != nil {
		return err
	}
	unlock := r.db.lockRecord(m.ID)
	defer unlock()
	version := int64(1)
	if old := r.db.model.get(m.ID); old != nil {
		if old.rec != nil {
			return domain.Errorf(domain.ECONFLICT, "%s %q already exists", r.spec.typ, m.ID)
		}
		// A record created again under the id of a deleted one goes on
		// from the deleted one's version: each version is claimed once.
		version = old.version + 1
	}
	m.Version = version
	text := textOf(rec)
	return r.db.commit(ctx, change{typ: r.spec.typ, id: m.ID, version: version, after: rec, text: text, note: note})
}

// textOf returns a source's text, to be written with it; nil for others.
func textOf(rec domain.Record) *string {
	if s, ok := rec.(*domain.Source); ok {
		t := s.Text
		return &t
	}
	return nil
}

// prepare validates the record, checks and names its references, and sets
// the fields the store derives. old is the stored version on update, nil on
// create.
func (r *Records[T]) prepare(rec T, old domain.Record) error {
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
	if err := r.db.resolve(rec); err != nil {
		return err
	}
	derive(rec)
	if s, ok := domain.Record(rec).(*domain.Source); ok && s.URL != "" {
		if other := r.db.model.sourceWithURL(s.URL); other != "" && other != s.ID {
			return domain.Errorf(domain.ECONFLICT, "source %q: its URL is another source's (%s)", s.ID, other)
		}
	}
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
	unlock := r.db.lockRecord(m.ID)
	defer unlock()
	cur, err := r.db.live(ctx, r.spec.typ, m.ID)
	if err != nil {
		return err
	}
	if cur.version < m.Version {
		// The editor read a version this process has not yet seen.
		r.db.catchUp(ctx)
		if cur, err = r.db.live(ctx, r.spec.typ, m.ID); err != nil {
			return err
		}
	}
	old := cur.rec.(T)
	om := old.RecordMeta()
	if om.Version != m.Version {
		return staleError(r.spec.typ, m.ID, m.Version, om.Version)
	}
	m.CreatedAt, m.UpdatedAt = om.CreatedAt, r.db.now()
	m.Evidence = slices.Clone(om.Evidence)
	if err := r.prepare(rec, old); err != nil {
		return err
	}
	m.Version = om.Version + 1
	var text *string
	if s, ok := domain.Record(rec).(*domain.Source); ok {
		stored, err := r.db.sourceText(ctx, m.ID)
		if err != nil {
			return err
		}
		if s.Text != stored {
			text = &s.Text
		}
	}
	if err := r.db.commit(ctx, change{typ: r.spec.typ, id: m.ID, version: m.Version, before: old, after: rec, text: text}); err != nil {
		m.Version = om.Version
		return err
	}
	if shownElsewhere(old) != shownElsewhere(rec) {
		unlock()
		return r.db.propagate(ctx, m.ID)
	}
	return nil
}

// modify applies change to a copy of the current record and writes it as a
// new version, again from the record then current when another write came
// first. It serves changes the store makes on its own account (citations,
// renames), which unlike a person's edit can be merged safely. note goes
// into the log entry; action, when set, is its action (else an update's).
func (r *Records[T]) modify(ctx context.Context, id string, edit func(rec T) error, entry func(old, rec T) change) (T, error) {
	var zero T
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = func() error {
			unlock := r.db.lockRecord(id)
			defer unlock()
			cur, err := r.db.live(ctx, r.spec.typ, id)
			if err != nil {
				return err
			}
			old := cur.rec.(T)
			rec, err := clone(old)
			if err != nil {
				return err
			}
			if err := edit(rec); err != nil {
				return err
			}
			m := rec.RecordMeta()
			m.Version, m.UpdatedAt = old.RecordMeta().Version+1, r.db.now()
			c := entry(old, rec)
			c.typ, c.id, c.version, c.before, c.after = r.spec.typ, id, m.Version, old, rec
			if err := r.db.commit(ctx, c); err != nil {
				return err
			}
			zero = rec
			return nil
		}()
		if domain.ErrorCode(err) != domain.ECONFLICT {
			return zero, err
		}
		// Another process wrote first: wait for its entry to reach the
		// model, then try again from the record it wrote.
		r.db.catchUp(ctx)
	}
	return zero, err
}

// writeTimeout bounds a write once begun (see detach).
const writeTimeout = time.Minute

// detach returns ctx without its cancellation, bounded by writeTimeout: a
// write, once begun, runs to its end even when the client goes away or
// the server starts to shut down, so that a log entry is followed by its
// record's write. Found by the load test of issue 8, whose clients hang up
// mid-write.
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
		return v.Name + "\x00" + string(v.Country)
	case *domain.Person:
		return v.FullName + "\x00" + string(v.Country)
	case *domain.Source:
		return v.Title + "\x00" + string(v.PublishedOn)
	}
	return rec.Label()
}

// Delete removes the record unless others reference it. A version of 0
// deletes whatever version is current.
func (r *Records[T]) Delete(ctx context.Context, id string, version int64) error {
	unlock := r.db.lockRecord(id)
	defer unlock()
	cur, err := r.db.live(ctx, r.spec.typ, id)
	if err != nil {
		return err
	}
	if cur.version < version {
		r.db.catchUp(ctx)
		if cur, err = r.db.live(ctx, r.spec.typ, id); err != nil {
			return err
		}
	}
	if version != 0 && cur.version != version {
		return staleError(r.spec.typ, id, version, cur.version)
	}
	referrers := slices.DeleteFunc(r.db.model.refsTo(id, true, true), func(ref domain.RecordRef) bool { return ref.ID == id })
	if len(referrers) > 0 {
		shown := referrers[:min(len(referrers), 20)]
		return &domain.Error{
			Code:       domain.EREFERENCED,
			Message:    fmt.Sprintf("%s %q is referenced by %d other record(s); remove those links first", r.spec.typ, id, len(referrers)),
			References: shown,
		}
	}
	var text *string
	if r.spec.typ == domain.TypeSource {
		empty := ""
		text = &empty
	}
	return r.db.commit(ctx, change{typ: r.spec.typ, id: id, version: cur.version + 1, before: cur.rec, text: text})
}

// Cite attaches a source as evidence.
func (r *Records[T]) Cite(ctx context.Context, id string, in domain.EvidenceInput) (domain.Citation, error) {
	if err := in.Validate(); err != nil {
		return domain.Citation{}, err
	}
	src, err := r.db.live(ctx, domain.TypeSource, in.SourceID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.Citation{}, &domain.Error{Code: domain.EUNKNOWNREF, Message: "the source does not exist",
			Fields: map[string]string{"source_id": fmt.Sprintf("no source with id %q", in.SourceID)}}
	}
	if err != nil {
		return domain.Citation{}, err
	}
	c := domain.Citation{ID: newID(), Source: domain.Ref{ID: in.SourceID, Name: src.rec.Label()}, Quote: in.Quote, Supports: in.Supports, AddedAt: r.db.now()}
	_, err = r.modify(ctx, id, func(rec T) error {
		m := rec.RecordMeta()
		m.Evidence = append(m.Evidence, c)
		return r.db.resolve(rec) // the citation's date and name
	}, func(_, rec T) change {
		c = rec.RecordMeta().Evidence[len(rec.RecordMeta().Evidence)-1]
		return citationChange(domain.ActionCite, c)
	})
	return c, err
}

// Uncite removes one citation.
func (r *Records[T]) Uncite(ctx context.Context, id, citationID string) error {
	var removed domain.Citation
	_, err := r.modify(ctx, id, func(rec T) error {
		m := rec.RecordMeta()
		i := slices.IndexFunc(m.Evidence, func(c domain.Citation) bool { return c.ID == citationID })
		if i < 0 {
			return domain.Errorf(domain.ENOTFOUND, "%s %q has no citation %q", r.spec.typ, id, citationID)
		}
		removed = m.Evidence[i]
		m.Evidence = slices.Delete(m.Evidence, i, i+1)
		return r.db.resolve(rec)
	}, func(_, _ T) change { return citationChange(domain.ActionUncite, removed) })
	return err
}

// refresh re-reads the names and countries of what record id links to,
// and stores them, after record from changed. The record moves to a new
// version: an editor holding the old one is told it changed, rather than
// writing the old name back.
func (r *Records[T]) refresh(ctx context.Context, id, from string) error {
	_, err := r.modify(ctx, id, func(rec T) error {
		if err := r.db.resolve(rec); err != nil {
			return err
		}
		derive(rec)
		return nil
	}, func(old, rec T) change {
		return change{action: domain.ActionUpdate, actor: &systemActor, note: "propagated from " + from}
	})
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

// lockRecord serialises this process's writes to one record (a stripe of
// records), so that two of them never claim the same version; writes of
// other processes are kept apart by the claims.
func (d *DB) lockRecord(id string) (unlock func()) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	mu := &d.recordLocks[h.Sum32()%uint32(len(d.recordLocks))]
	mu.Lock()
	var once sync.Once
	return func() { once.Do(mu.Unlock) }
}

// live returns the model's entry of the record, unless it does not exist or
// is deleted.
// Errors: ENOTFOUND.
func (d *DB) live(ctx context.Context, typ domain.RecordType, id string) (*modelEntry, error) {
	if err := d.ensureModel(ctx); err != nil {
		return nil, err
	}
	e := d.model.live(typ, id)
	if e == nil {
		// Made a moment ago through another process, maybe (one app
		// instance of several behind a load balancer): the log tells.
		d.catchUp(ctx)
		if e = d.model.live(typ, id); e == nil {
			return nil, domain.Errorf(domain.ENOTFOUND, "%s %q not found", typ, id)
		}
	}
	return e, nil
}

// sourceText reads a source's text.
func (d *DB) sourceText(ctx context.Context, id string) (string, error) {
	var doc struct {
		Text string `bson:"text"`
	}
	err := d.collection(sourceTexts).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if err == mongo.ErrNoDocuments { //nolint:errorlint // the driver returns it as is
		return "", nil
	}
	return doc.Text, storeError(err, "source text")
}

// recordOptions is how record documents are written: a replace by _id,
// inserting when there is none.
var recordOptions = options.Replace().SetUpsert(true)
