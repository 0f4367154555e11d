package repository

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"cooptrack/domain"
)

// A snapshot is the model written to a file, with the position of the log
// it reached: a process starts from it and reads the log since, instead of
// reading every collection (2 s and more at scale M on the embedded store).
// The server writes one in the background now and then and when it stops,
// never on a request's path. A snapshot of another store, of another epoch
// (a restore since), or in another format is ignored: the collections are
// read instead.

// snapshotFormat changes when what a snapshot holds changes.
const snapshotFormat = 1

func init() {
	for _, t := range domain.RecordTypes {
		gob.Register(newRecord(t))
	}
}

// snapshotHeader opens a snapshot file.
type snapshotHeader struct {
	Format   int
	Database string
	Epoch    string
	// Position is the first position of the log not applied; Late are the
	// positions before it that were free when it was taken.
	Position int64
	Late     []int64
	Entries  int
	At       time.Time
}

// snapshotEntry is a record as a snapshot holds it: Record nil for a
// deleted one.
type snapshotEntry struct {
	Type    domain.RecordType
	ID      string
	Version int64
	History []int64
	Record  domain.Record
}

// WriteSnapshot writes the model to the snapshot file (Options.SnapshotPath),
// replacing the one there at once when it is whole. It does nothing when
// the model is not built, or no path is set.
func (d *DB) WriteSnapshot(ctx context.Context) error {
	if d.snapshotPath == "" {
		return nil
	}
	d.modelMu.Lock()
	ready, f := d.modelReady, d.follow
	d.modelMu.Unlock()
	if !ready {
		return nil
	}
	meta, err := d.log.loadMeta(ctx)
	if err != nil {
		return err
	}
	// The position first, the records after: what the model holds beyond
	// the position is read from the log again, which changes nothing.
	f.mu.Lock()
	h := snapshotHeader{Format: snapshotFormat, Database: d.db.Name(), Epoch: f.epoch, Position: f.pos, At: time.Now()}
	for p := range f.late {
		h.Late = append(h.Late, p)
	}
	f.mu.Unlock()
	if meta.Epoch != h.Epoch {
		return nil // the store was restored: the model is being read again
	}
	if d.snapshotPos.Load() == h.Position {
		return nil // nothing new since the last one
	}
	d.model.mu.RLock()
	entries := make([]snapshotEntry, 0, len(d.model.recs))
	for _, e := range d.model.recs {
		// A record is never changed, only replaced, and a history is
		// a new slice at every change: both may be encoded unlocked.
		entries = append(entries, snapshotEntry{Type: e.typ, ID: e.id, Version: e.version, History: e.history, Record: e.rec})
	}
	d.model.mu.RUnlock()
	h.Entries = len(entries)

	tmp, err := os.CreateTemp(filepath.Dir(d.snapshotPath), ".snapshot-*")
	if err != nil {
		return fmt.Errorf("write the snapshot: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	w := bufio.NewWriterSize(tmp, 1<<20)
	enc := gob.NewEncoder(w)
	if err := enc.Encode(h); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write the snapshot: %w", err)
	}
	for i := range entries {
		if err := enc.Encode(&entries[i]); err != nil {
			_ = tmp.Close()
			return fmt.Errorf("write the snapshot: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write the snapshot: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write the snapshot: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write the snapshot: %w", err)
	}
	if err := os.Rename(tmp.Name(), d.snapshotPath); err != nil {
		return fmt.Errorf("write the snapshot: %w", err)
	}
	d.snapshotPos.Store(h.Position)
	return nil
}

// loadSnapshot fills the model from the snapshot file, if there is one that
// fits the store; it returns the first position the snapshot has not
// applied, and the free positions before it.
func (d *DB) loadSnapshot(ctx context.Context) (int64, []int64, bool) {
	if d.snapshotPath == "" {
		return 0, nil, false
	}
	file, err := os.Open(d.snapshotPath)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil, false
	}
	if err != nil {
		slog.Warn("the model's snapshot cannot be read: reading the collections", "error", err)
		return 0, nil, false
	}
	defer file.Close()
	meta, err := d.log.loadMeta(ctx)
	if err != nil {
		return 0, nil, false
	}
	dec := gob.NewDecoder(bufio.NewReaderSize(file, 1<<20))
	var h snapshotHeader
	if err := dec.Decode(&h); err != nil {
		slog.Warn("the model's snapshot cannot be read: reading the collections", "error", err)
		return 0, nil, false
	}
	if h.Format != snapshotFormat || h.Database != d.db.Name() || h.Epoch != meta.Epoch {
		slog.Info("the model's snapshot is of another store, epoch or format: reading the collections")
		return 0, nil, false
	}
	entries := make([]*modelEntry, 0, h.Entries)
	for range h.Entries {
		var s snapshotEntry
		if err := dec.Decode(&s); err != nil {
			slog.Warn("the model's snapshot is cut short or damaged: reading the collections", "error", err)
			return 0, nil, false
		}
		if s.Record != nil {
			normalize(s.Record)
		}
		entries = append(entries, entryOf(s.Type, s.ID, s.Version, s.Record, s.History))
	}
	for _, e := range entries {
		d.model.put(e, 0)
	}
	d.snapshotPos.Store(h.Position)
	return h.Position, h.Late, true
}
