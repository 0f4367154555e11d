package repository

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// What a backup holds, and what it leaves out.
//
// Data, backed up: the records of every kind, the sources' texts, the users
// (with their password hashes), the API tokens (their hashes: a token keeps
// working after a restore) and the audit log.
//
// Left out of the users: their calendar feeds, whose secrets are kept
// readable for their owners (see withoutFeed). A restored user makes a new
// feed address; a file written before this, which holds them, is restored
// without them too.
//
// Each record's document holds its history (the positions of its log
// entries), and a deleted record's tombstone its last version, so both are
// backed up with the records. The countries are the ISO list the program
// carries.
//
// Left out: sessions (they last 12 hours at most, and a restored store is
// signed into afresh, so that no session ended since the backup comes back),
// the log-in failure counters (15 minutes of memory), and the log's
// checkpoint, which a restore sets anew.
//
// Consistency while the server writes. FerretDB has no snapshots and no
// transactions, so a backup reads collection after collection while writes
// go on. Every write of a record, user or token has its entry in the log
// (changelog.go), so after reading the collections the backup reads the
// entries written since it started (from a minute before, for writes under
// way then), reads again each record, user and token they name, and writes
// its current state (or its removal) after the first; a second round does
// the same for the entries made meanwhile (catchUpRounds: a server that
// writes without pause would otherwise keep the backup from ending). The
// log written is the entries up to the last it so caught up with: every
// record is at least as new as its last entry in the file. Last, links are closed: a record
// that links to a record the file lacks (created after its collection was
// read) gets it added, and a record still linking to a removed one is read
// again. What a restore gets is thus each record as it was at some moment of
// the backup, every link resolved, and read models rebuilt from those
// records, which therefore agree with them. A write whose audit entry had
// not been written when the backup ended may be in the file without its
// entry, as after a crash at that point.
const (
	backupRounds = 20
	// catchUpRounds bounds the rounds of catching up with writes.
	catchUpRounds = 2
	backupSlack   = time.Minute
)

// backupCollections are the collections a backup holds, in the order of the
// file: users before the audit log that names them, records, texts, log.
func backupCollections() []string {
	c := []string{usersCollection, tokensCollection}
	for _, t := range domain.RecordTypes {
		c = append(c, t.Collection())
	}
	return append(c, sourceTexts, auditCollection)
}

// linksOf reads what a record's document links to: the records it names
// and the sources it cites. A tombstone, or a document that does not
// decode, links to nothing.
func linksOf(t domain.RecordType, raw bson.Raw) []string {
	rec := newRecord(t)
	if deleted, _ := raw.Lookup(deletedField).BooleanOK(); deleted || decodeRecord(raw, rec) != nil {
		return nil
	}
	var out []string
	for _, r := range rec.References() {
		out = append(out, r.Ref.ID)
	}
	return uniq(out)
}

// backupRun is one backup under way.
type backupRun struct {
	d *DB
	w *backupWriter
	// links holds, for each record written, what it links to.
	links   map[string][]string
	kindOf  map[string]domain.RecordType
	amended int
}

// Backup writes every document of the data collections to w as a backup
// file (see backupfile.go), consistently while others write (see above).
// version is the program's, for the header.
func (d *DB) Backup(ctx context.Context, w io.Writer, version string) (BackupSummary, error) {
	// Documents written behind their log entries (behind.go) are younger
	// than the slack: catchUp takes them from their entries.
	start := d.now()
	from, err := d.log.since(ctx, start.Add(-backupSlack))
	if err != nil {
		return BackupSummary{}, err
	}
	h := BackupHeader{Magic: backupMagic, Format: BackupFormat, Version: version, CreatedAt: start, Database: d.db.Name(), Collections: backupCollections()}
	bw, err := newBackupWriter(w, h)
	if err != nil {
		return BackupSummary{}, err
	}
	b := &backupRun{d: d, w: bw, links: map[string][]string{}, kindOf: map[string]domain.RecordType{}}
	for _, c := range []string{usersCollection, tokensCollection} {
		if err := b.copyAll(ctx, c, nil); err != nil {
			return BackupSummary{}, err
		}
	}
	for _, t := range domain.RecordTypes {
		if err := b.copyAll(ctx, t.Collection(), func(raw bson.Raw) {
			id := raw.Lookup("_id").StringValue()
			b.links[id], b.kindOf[id] = linksOf(t, raw), t
		}); err != nil {
			return BackupSummary{}, err
		}
	}
	if err := b.copyAll(ctx, sourceTexts, nil); err != nil {
		return BackupSummary{}, err
	}
	last, err := b.catchUp(ctx, from)
	if err != nil {
		return BackupSummary{}, err
	}
	if err := b.closeLinks(ctx); err != nil {
		return BackupSummary{}, err
	}
	if err := b.copyLog(ctx, last); err != nil {
		return BackupSummary{}, err
	}
	counts, err := bw.close()
	if err != nil {
		return BackupSummary{}, err
	}
	return BackupSummary{Header: h, Counts: counts, Amended: b.amended}, nil
}

// copyAll writes every document of the collection, calling seen with each.
func (b *backupRun) copyAll(ctx context.Context, coll string, seen func(bson.Raw)) error {
	cur, err := b.d.db.Collection(coll).Find(ctx, bson.D{})
	if err != nil {
		return storeError(err, "backup "+coll)
	}
	defer func() { _ = cur.Close(ctx) }()
	for cur.Next(ctx) {
		raw := cur.Current
		if coll == usersCollection {
			if raw, err = withoutFeedRaw(raw); err != nil {
				return fmt.Errorf("backup: a user: %w", err)
			}
		}
		if err := b.w.doc(coll, raw); err != nil {
			return err
		}
		if seen != nil {
			seen(cur.Current)
		}
	}
	if err := cur.Err(); err != nil {
		return storeError(err, "backup "+coll)
	}
	if b.d.afterBackupCopy != nil {
		b.d.afterBackupCopy(coll)
	}
	return nil
}

// catchUp reads again what the log entries from position from name, round
// after round until no new entry comes, and returns the last position it
// caught up with.
func (b *backupRun) catchUp(ctx context.Context, from int64) (int64, error) {
	next := from
	for round := 0; round < catchUpRounds; round++ {
		end, err := b.d.log.end(ctx, next-1)
		if err != nil {
			return 0, err
		}
		accounts := false
		var touched []string
		// wrote holds each record's last entry that wrote it: its
		// document may not be written yet (behind.go), and then the
		// backup takes the record from the entry.
		wrote := map[string]*logDoc{}
		for p := next; p <= end; p++ {
			e, found, err := b.d.log.read(ctx, p)
			if err != nil {
				return 0, err
			}
			if !found {
				continue
			}
			switch typ := domain.RecordType(e.RecordType); {
			case typ == domain.TypeUser || typ == domain.TypeToken:
				accounts = true
			case e.Action == string(domain.ActionImport):
				touched = append(touched, importedIDs(e)...)
			case e.RecordID != "":
				touched = append(touched, e.RecordID)
			}
			if e.writes() {
				_, id := typeOfClaim(e.Claim)
				wrote[id] = &e
			}
		}
		next = end + 1
		if !accounts && len(touched) == 0 {
			break
		}
		if accounts {
			if err := b.rereadAccounts(ctx); err != nil {
				return 0, err
			}
		}
		for _, id := range uniq(touched) {
			if err := b.reread(ctx, id, wrote[id]); err != nil {
				return 0, err
			}
		}
	}
	return next - 1, nil
}

// importedIDs are the ids an import entry lists.
func importedIDs(e logDoc) []string {
	var changes []domain.Change
	if err := json.Unmarshal([]byte(e.Changes), &changes); err != nil {
		return nil
	}
	var ids []string
	for _, c := range changes {
		if c.Field == "ids" {
			var some []string
			if json.Unmarshal(c.After, &some) == nil {
				ids = append(ids, some...)
			}
		}
	}
	return ids
}

// rereadAccounts writes the users and tokens again as they are now: they are
// few, and read whole.
func (b *backupRun) rereadAccounts(ctx context.Context) error {
	for _, c := range []string{usersCollection, tokensCollection} {
		before := map[string]bool{}
		for id := range b.w.ids[c] {
			before[id] = true
		}
		if err := b.copyAll(ctx, c, func(raw bson.Raw) { delete(before, raw.Lookup("_id").StringValue()) }); err != nil {
			return err
		}
		for id := range before {
			if err := b.w.gone(c, id); err != nil {
				return err
			}
		}
		b.amended++
	}
	return nil
}

// reread writes the record with the id again as it is now, or its removal;
// a source's text follows it. It looks the id up in every kind it could be.
// entry, when not nil, is the last log entry that wrote the record: when
// the document is older, the record is taken from the entry.
func (b *backupRun) reread(ctx context.Context, id string, entry *logDoc) error {
	kinds := domain.RecordTypes
	if t, ok := b.kindOf[id]; ok {
		kinds = []domain.RecordType{t}
	}
	if entry != nil {
		t, _ := typeOfClaim(entry.Claim)
		kinds = []domain.RecordType{t}
	}
	for _, t := range kinds {
		raw, err := b.d.db.Collection(t.Collection()).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
		if errors.Is(err, mongo.ErrNoDocuments) {
			raw, err = nil, nil
		}
		if err != nil {
			return storeError(err, "backup "+t.Collection())
		}
		if raw, err = newerOf(raw, entry); err != nil {
			return err
		}
		if raw == nil {
			continue
		}
		b.amended++
		if err := b.w.doc(t.Collection(), raw); err != nil {
			return err
		}
		b.links[id], b.kindOf[id] = linksOf(t, raw), t
		if t == domain.TypeSource {
			return b.rereadText(ctx, id)
		}
		return nil
	}
	// Gone now (or never seen).
	if t, ok := b.kindOf[id]; ok {
		b.amended++
		delete(b.links, id)
		delete(b.kindOf, id)
		if err := b.w.gone(t.Collection(), id); err != nil {
			return err
		}
		if t == domain.TypeSource {
			return b.w.gone(sourceTexts, id)
		}
	}
	return nil
}

// newerOf returns the stored document raw, or the record's document as
// the log entry wrote it when the entry is newer (nil raw: none stored).
func newerOf(raw bson.Raw, e *logDoc) (bson.Raw, error) {
	if e == nil {
		return raw, nil
	}
	var history []int64
	if raw != nil {
		version, _ := raw.Lookup("version").AsInt64OK()
		if version >= e.Version {
			return raw, nil
		}
		history = parseHistory(lookupString(raw, historyField))
	}
	rec, err := recordOfEntry(e)
	if err != nil {
		return nil, err
	}
	_, id := typeOfClaim(e.Claim)
	return recordDoc(id, e.Version, rec, addPosition(history, int64(e.Pos)))
}

func (b *backupRun) rereadText(ctx context.Context, id string) error {
	raw, err := b.d.db.Collection(sourceTexts).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return b.w.gone(sourceTexts, id)
	}
	if err != nil {
		return storeError(err, "backup "+sourceTexts)
	}
	return b.w.doc(sourceTexts, raw)
}

// closeLinks makes every link of the file resolve: a record linked to but
// missing is read (it was made after its collection was read), and a record
// linking to one that no longer exists is read again. A link the store
// itself holds to nothing is left as it is.
func (b *backupRun) closeLinks(ctx context.Context) error {
	missing, linking := b.missing()
	for round := 0; round < backupRounds && len(missing) > 0; round++ {
		for _, id := range missing {
			if err := b.reread(ctx, id, nil); err != nil {
				return err
			}
		}
		for _, id := range linking {
			if err := b.reread(ctx, id, nil); err != nil {
				return err
			}
		}
		was := missing
		if missing, linking = b.missing(); slices.Equal(missing, was) {
			return nil // as the store holds them
		}
	}
	return nil
}

// missing lists the records linked to that the file lacks, and the records
// linking to them, each sorted.
func (b *backupRun) missing() (missing, linking []string) {
	for id, targets := range b.links {
		for _, t := range targets {
			if _, ok := b.kindOf[t]; !ok {
				missing = append(missing, t)
				linking = append(linking, id)
			}
		}
	}
	slices.Sort(missing)
	slices.Sort(linking)
	return slices.Compact(missing), slices.Compact(linking)
}

// copyLog writes the log up to position last, in order.
func (b *backupRun) copyLog(ctx context.Context, last int64) error {
	cur, err := b.d.db.Collection(auditCollection).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$lte", Value: position(last)}}}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return storeError(err, "backup audit log")
	}
	defer func() { _ = cur.Close(ctx) }()
	for cur.Next(ctx) {
		if err := b.w.doc(auditCollection, cur.Current); err != nil {
			return err
		}
	}
	return storeError(cur.Err(), "backup audit log")
}
