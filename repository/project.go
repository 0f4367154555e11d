package repository

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// Every write of a record is followed by the update of the read models that
// show it: the dossiers of its countries and the link lists of the records
// it links to. With no transactions, a write goes in four steps:
//
//  1. a pending note is stored under the record's id, holding its footprint
//     before the write (the countries and records it touched);
//  2. the record is written;
//  3. the read models are updated from the old footprint and the new record;
//  4. the note is removed.
//
// A crash after step 1 leaves the note; Heal (run at every start, and by
// `cooptrack reindex`) finishes the work from it, whatever state the record
// reached. Each step is idempotent, so finishing twice does no harm.
const pendingCollection = "pending"

// footprint is what a record touches in the read models.
type footprint struct {
	Type      domain.RecordType `bson:"type" json:"type"`
	Countries []string          `bson:"countries" json:"countries"`
	Links     []string          `bson:"links" json:"links"` // records it links to
	Cites     []string          `bson:"cites" json:"cites"` // sources it cites
	// Label is the name the link lists show for it; a note left by an
	// older version has none, which counts as a change.
	Label string `bson:"label,omitempty" json:"label,omitempty"`
}

func footprintOf(rec domain.Record) footprint {
	f := footprint{Type: rec.Type(), Countries: domain.CountriesOf(rec), Links: slices.Clone(rec.RecordMeta().Refs), Label: rec.Label()}
	for _, c := range rec.RecordMeta().Evidence {
		f.Cites = append(f.Cites, c.Source.ID)
	}
	f.Cites = uniq(f.Cites)
	return f
}

func (f footprint) union(g footprint) footprint {
	label := f.Label
	if g.Label != label {
		label = "" // unknown which the lists show: every entry is written
	}
	return footprint{
		Type:      f.Type,
		Label:     label,
		Countries: uniq(append(slices.Clone(f.Countries), g.Countries...)),
		Links:     uniq(append(slices.Clone(f.Links), g.Links...)),
		Cites:     uniq(append(slices.Clone(f.Cites), g.Cites...)),
	}
}

type pendingDoc struct {
	ID        string    `bson:"_id"`
	Footprint footprint `bson:"footprint"`
	// At is when the last write to use the note began; a note left by an
	// older version has none.
	At time.Time `bson:"at,omitempty"`
}

func (d *DB) pending() collection { return d.collection(pendingCollection) }

// begin stores the pending note of a write (step 1). A note left by an
// earlier write that did not finish is merged, not lost. It returns a
// function to call if the write then fails: it removes the note it added.
func (d *DB) begin(ctx context.Context, id string, old footprint) (abandon func(), err error) {
	for attempt := 0; ; attempt++ {
		err = d.notesIn.do(ctx, one{}, pendingDoc{ID: id, Footprint: old, At: d.now()})
		if err == nil {
			return func() { _ = d.notesOut.do(ctx, one{}, id) }, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return nil, storeError(err, "pending note")
		}
		var left pendingDoc
		err = d.pending().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&left)
		if errors.Is(err, mongo.ErrNoDocuments) && attempt < 10 {
			// The note's writer (another instance, or this one) finished
			// between our insert and this read: insert ours again. Found
			// by two instances editing one record (issue 8), where the
			// edit answered 404 "pending note not found".
			continue
		}
		if err != nil {
			return nil, storeError(err, "pending note")
		}
		// Upsert: the note may go between the read and this write.
		err = putByID(ctx, d.pending(), id, pendingDoc{ID: id, Footprint: left.Footprint.union(old), At: d.now()})
		return func() {}, storeError(err, "pending note")
	}
}

// finish updates the read models (step 3) and removes the note (step 4).
// rec is the record as written, nil once deleted.
func (d *DB) finish(ctx context.Context, id string, old footprint, rec domain.Record) error {
	if d.failBeforeProjection != nil {
		if err := d.failBeforeProjection(); err != nil {
			return err
		}
	}
	if err := d.project(ctx, id, old, rec); err != nil {
		return err
	}
	return storeError(d.notesOut.do(ctx, one{}, id), "pending note")
}

// project brings the read models in line with rec (nil: deleted), given
// what the record touched before.
func (d *DB) project(ctx context.Context, id string, old footprint, rec domain.Record) error {
	now := footprint{Type: old.Type}
	var entry, line json.RawMessage
	var ref domain.RecordRef
	if rec != nil {
		now = footprintOf(rec)
		var err error
		if entry, err = dossierEntryOf(rec); err != nil {
			return err
		}
		if line, err = catalogEntryJSON(rec); err != nil {
			return err
		}
		ref = domain.RecordRef{Type: rec.Type(), ID: id, Name: rec.Label()}
	}
	// The read models are independent of each other: they are written at
	// once, each in its own batch (see batch.go), so that a write waits
	// for the slowest rather than for the sum.
	var puts []func() error
	puts = append(puts, func() error {
		return d.putShelf(ctx, catalogShelf, catalogBuckets, map[string]json.RawMessage{id: line})
	})
	for _, code := range uniq(append(slices.Clone(old.Countries), now.Countries...)) {
		v := entry
		if !slices.Contains(now.Countries, code) {
			v = nil
		}
		puts = append(puts, func() error {
			return d.putShelf(ctx, dossierShelf(code), dossierBuckets, map[string]json.RawMessage{id: v})
		})
	}
	for _, target := range uniq(append(append(slices.Clone(old.Links), old.Cites...), append(now.Links, now.Cites...)...)) {
		link, cite := slices.Contains(now.Links, target), slices.Contains(now.Cites, target)
		if rec != nil && old.Label != "" && old.Label == now.Label &&
			link == slices.Contains(old.Links, target) && cite == slices.Contains(old.Cites, target) {
			continue // its entry in that list is as it was
		}
		var v json.RawMessage
		if rec != nil {
			v = linkEntry(ref, link, cite)
		}
		puts = append(puts, func() error { return d.putLinks(ctx, target, map[string]json.RawMessage{id: v}) })
	}
	return all(puts)
}

// all runs the functions at once and returns their errors joined.
func all(fs []func() error) error {
	errs := make([]error, len(fs))
	var wg sync.WaitGroup
	for i, f := range fs {
		wg.Go(func() { errs[i] = f() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Heal finishes the writes that a crash interrupted, from their pending
// notes. It returns how many it finished. Run it only when no write is in
// progress (at start, before serving); while serving, HealInterrupted.
func (d *DB) Heal(ctx context.Context) (int, error) {
	notes, err := d.pendingNotes(ctx)
	if err != nil {
		return 0, err
	}
	for _, n := range notes {
		rec, err := d.findPending(ctx, n)
		if err != nil {
			return 0, err
		}
		if err := d.finish(ctx, n.ID, n.Footprint, rec); err != nil {
			return 0, err
		}
	}
	return len(notes), nil
}

// InterruptedAfter is how old the note of an unfinished write must be
// before HealInterrupted finishes it while the server runs: well past the
// writeTimeout that bounds a write in progress.
const InterruptedAfter = 3 * writeTimeout

// HealInterrupted finishes, while the server runs, the writes whose notes
// are older than age: writes that failed between their record and its read
// models (the database went away in between) and that no one retried. A
// write in progress is bounded by writeTimeout, so age must be well above
// it (InterruptedAfter). A write of the same record may begin while a note
// is healed (see settle), and the note is removed only if no write took it
// over.
func (d *DB) HealInterrupted(ctx context.Context, age time.Duration) (int, error) {
	notes, err := d.pendingNotes(ctx)
	if err != nil {
		return 0, err
	}
	healed := 0
	for _, n := range notes {
		if d.now().Sub(n.At) < age {
			continue
		}
		if err := d.settle(ctx, n); err != nil {
			return healed, err
		}
		filter := bson.D{{Key: "_id", Value: n.ID}, {Key: "at", Value: n.At}}
		if n.At.IsZero() {
			filter = bson.D{{Key: "_id", Value: n.ID}, {Key: "at", Value: bson.D{{Key: "$exists", Value: false}}}}
		}
		if _, err := d.pending().DeleteOne(ctx, filter); err != nil {
			return healed, storeError(err, "pending note")
		}
		healed++
	}
	return healed, nil
}

// settle writes the read models of a note's record, then reads the record
// again: if a write moved it meanwhile, whose read models may have gone
// before ours, it writes them again from the newer record, a few times at
// most.
func (d *DB) settle(ctx context.Context, n pendingDoc) error {
	rec, err := d.findPending(ctx, n)
	if err != nil {
		return err
	}
	old := n.Footprint
	for range 5 {
		if err := d.project(ctx, n.ID, old, rec); err != nil {
			return err
		}
		again, err := d.findPending(ctx, n)
		if err != nil || versionOf(again) == versionOf(rec) {
			return err
		}
		if rec != nil {
			old = old.union(footprintOf(rec))
		}
		rec = again
	}
	return nil
}

func versionOf(rec domain.Record) int64 {
	if rec == nil {
		return -1
	}
	return rec.RecordMeta().Version
}

// pendingNotes reads every pending note: there are as many as writes in
// progress or interrupted, a handful.
func (d *DB) pendingNotes(ctx context.Context) ([]pendingDoc, error) {
	cur, err := d.pending().Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, storeError(err, "pending notes")
	}
	var notes []pendingDoc
	if err := cur.All(ctx, &notes); err != nil {
		return nil, storeError(err, "pending notes")
	}
	return notes, nil
}

// findPending reads the record of a note: nil if it is gone.
func (d *DB) findPending(ctx context.Context, n pendingDoc) (domain.Record, error) {
	k, ok := d.kinds[n.Footprint.Type]
	if !ok {
		return nil, fmt.Errorf("pending note %s: unknown type %q", n.ID, n.Footprint.Type)
	}
	rec, err := k.find(ctx, n.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil
	}
	return rec, err
}
