package repository

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// Restoring writes a backup file into an empty store, all or nothing:
//
//  1. the whole file is read and checked (header, format, every line, the
//     counts and the SHA-256 of the trailer) before anything is written;
//  2. the store must hold no data (with Force, its data is removed first);
//  3. the documents are inserted in batches, as they were backed up;
//  4. a log written by an older version is given positions (upgrade.go),
//     and the log's checkpoint set to its end, in a new epoch.
//
// Without transactions, "nothing" is kept by undoing: if step 3 or 4 fails,
// every collection restore writes is emptied again, leaving the store as
// empty as step 2 found or made it. (renameCollection, which would let a
// restore fill staging collections and swap them in, is outside the subset
// every server answers: see STORE_COMPAT.md.)

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Force removes the data of a store that holds some before restoring;
	// without it such a store is refused.
	Force bool
	// Progress, when set, hears of each stage.
	Progress func(stage string, done, total int)
}

// restoreBatch is how many documents one insert carries.
const restoreBatch = 500

// VerifyBackup reads a whole backup file and says what it holds, or why it
// cannot be restored (EINVALID).
func VerifyBackup(r io.Reader) (BackupSummary, error) {
	v, err := verifyBackup(r)
	if err != nil {
		return BackupSummary{}, err
	}
	return BackupSummary{Header: v.header, Counts: v.counts}, nil
}

// storeCollections are every collection a restore empties or fills: the
// backed-up ones and all that derive from them or belong to the moment.
func storeCollections() []string {
	return append(backupCollections(), metaCollection, sessionsCollection, throttleCollection, locksCollection, calendarFeedsCollection)
}

// Holdings lists the collections of the store that hold data, with whether
// each does: a store with none is empty and may be restored into.
func (d *DB) Holdings(ctx context.Context) ([]string, error) {
	var held []string
	for _, c := range append(backupCollections(), sessionsCollection) {
		err := d.db.Collection(c).FindOne(ctx, bson.D{}).Err()
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return nil, storeError(err, "look into "+c)
		}
		held = append(held, c)
	}
	return held, nil
}

// Restore writes the backup that open reads into the store (see above).
// open is called twice: once to check the file, once to write it.
// Errors: EINVALID (the file cannot be restored: nothing was written),
// ECONFLICT (the store holds data and Force is not set).
func (d *DB) Restore(ctx context.Context, open func() (io.ReadCloser, error), o RestoreOptions) (BackupSummary, error) {
	progress := o.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	v, err := readVerified(open)
	if err != nil {
		return BackupSummary{}, err
	}
	sum := BackupSummary{Header: v.header, Counts: v.counts}
	progress("checked", sum.Documents(), sum.Documents())
	held, err := d.Holdings(ctx)
	if err != nil {
		return sum, err
	}
	if len(held) > 0 && !o.Force {
		return sum, domain.Errorf(domain.ECONFLICT, "the store is not empty (it holds %s): restore into an empty store, or force it to remove that data first", strings.Join(held, ", "))
	}
	if err := d.wipe(ctx); err != nil {
		return sum, err
	}
	if err := d.restoreDocuments(ctx, open, v, progress); err != nil {
		return sum, d.undoRestore(ctx, err)
	}
	progress("log", 0, 0)
	if err := d.upgradeLog(ctx); err != nil {
		return sum, d.undoRestore(ctx, err)
	}
	if err := d.log.newEpoch(ctx); err != nil {
		return sum, d.undoRestore(ctx, err)
	}
	return sum, nil
}

func readVerified(open func() (io.ReadCloser, error)) (*verifiedBackup, error) {
	f, err := open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return verifyBackup(f)
}

// wipe empties every collection a restore writes.
func (d *DB) wipe(ctx context.Context) error {
	for _, c := range storeCollections() {
		if _, err := d.collection(c).DeleteMany(ctx, bson.D{}); err != nil {
			return storeError(err, "empty "+c)
		}
	}
	return nil
}

// undoRestore removes what a failed restore wrote and says so.
func (d *DB) undoRestore(ctx context.Context, cause error) error {
	if err := d.wipe(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("restore failed (%v), and removing what it wrote failed too: %w; the store holds part of the backup: empty it (restore --force with a good file does)", cause, err) //nolint:errorlint // the cause is told; the failure to undo is the error
	}
	// The cause is told, not wrapped: this is no longer a refusal that
	// changed nothing.
	return fmt.Errorf("restore failed, and what it wrote was removed: the store is empty: %v", cause) //nolint:errorlint // see above
}

// restoreDocuments inserts the final state of every document of the file.
// The file is checked again as it is read: it must be the one verified.
func (d *DB) restoreDocuments(ctx context.Context, open func() (io.ReadCloser, error), v *verifiedBackup, progress func(string, int, int)) error {
	f, err := open()
	if err != nil {
		return err
	}
	defer f.Close()
	br, err := newBackupReader(f)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range v.counts {
		total += n
	}
	batches := map[string][]any{}
	done := 0
	flush := func(c string) error {
		if len(batches[c]) == 0 {
			return nil
		}
		if _, err := d.collection(c).InsertMany(ctx, batches[c], options.InsertMany().SetOrdered(false)); err != nil {
			return storeError(err, "restore "+c)
		}
		done += len(batches[c])
		batches[c] = batches[c][:0]
		progress("documents", done, total)
		return nil
	}
	for {
		l, err := br.next()
		if errors.Is(err, io.EOF) {
			return errBadBackup("it changed since it was checked: it now ends without a trailer")
		}
		if err != nil {
			return err
		}
		if l.Header != nil {
			continue
		}
		if l.End != nil {
			if hex.EncodeToString(br.sum.Sum(nil)) != l.End.SHA256 || l.End.Lines != br.n-1 {
				return errBadBackup("it changed since it was checked")
			}
			break
		}
		if l.Gone || v.last[l.C][l.ID] != br.n {
			continue // a later line holds its final state
		}
		var doc bson.D
		if err := bson.UnmarshalExtJSON(l.D, true, &doc); err != nil {
			return errBadBackup("line %d does not hold a document (%v)", br.n, err)
		}
		if l.C == usersCollection {
			doc = withoutFeed(doc) // a file of before held them
		}
		batches[l.C] = append(batches[l.C], doc)
		if len(batches[l.C]) == restoreBatch {
			if err := flush(l.C); err != nil {
				return err
			}
		}
	}
	for _, c := range backupCollections() {
		if err := flush(c); err != nil {
			return err
		}
	}
	if done != total {
		return errBadBackup("it changed since it was checked: %d documents, not %d", done, total)
	}
	return nil
}
