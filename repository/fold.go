package repository

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"cooptrack/domain"
)

// A fold writes a shelf's logged changes into its buckets (see shelf.go).
// It runs in the background of the write that found enough changes
// waiting, so that no request waits for the rewrite of large buckets.
//
// Only one fold of a shelf may write its buckets at a time: two, each
// reading a bucket and writing it back, could put an older entry over a
// newer one. In this process a shelf folds in one goroutine at a time;
// across processes a lease ("<shelf>!fold" in the claims) makes the folder
// exclusive, checked again before every bucket it writes, and taken over
// when its holder has not renewed it for claimTTL (it died).
func foldLeaseID(shelf string) string { return shelf + "!fold" }

// startFold folds the shelf in the background unless this process is
// already folding it.
func (d *DB) startFold(shelf string, buckets int) {
	d.foldMu.Lock()
	defer d.foldMu.Unlock()
	if d.folding == nil {
		d.folding = map[string]bool{}
	}
	if d.folding[shelf] || d.foldCtx.Err() != nil {
		return
	}
	d.folding[shelf] = true
	d.foldWG.Add(1)
	go func() {
		defer d.foldWG.Done()
		err := d.fold(inBackground(d.foldCtx), shelf, buckets)
		d.foldMu.Lock()
		delete(d.folding, shelf)
		d.foldMu.Unlock()
		if err != nil && d.foldCtx.Err() == nil {
			slog.Warn("fold of a read model failed; the next write retries it", "read_model", shelf, "error", err)
		}
	}()
}

// fold writes the changes logged on the shelf into its buckets and moves
// the head's folded mark on.
func (d *DB) fold(ctx context.Context, shelf string, buckets int) error {
	lease := foldLeaseID(shelf)
	token := newID()
	held, err := d.takeLease(ctx, lease, token)
	if err != nil || !held {
		return err
	}
	defer func() {
		ctx := context.WithoutCancel(ctx)
		if ok, _ := d.holdsLease(ctx, lease, token); ok {
			_, _ = d.claims().DeleteOne(ctx, bson.D{{Key: "_id", Value: lease}})
		}
	}()

	h, err := d.shelfHead(ctx, shelf)
	if err != nil || h.Seq == h.Folded {
		return err
	}
	logged, err := d.readLog(ctx, h)
	if errors.Is(err, errLogMoved) {
		return nil // another fold came first
	}
	if err != nil {
		return err
	}
	byBucket := map[int]map[string]json.RawMessage{}
	for _, changes := range logged {
		for key, v := range changes {
			n := bucketOf(key, buckets)
			if byBucket[n] == nil {
				byBucket[n] = map[string]json.RawMessage{}
			}
			byBucket[n][key] = v
		}
	}
	for _, n := range slices.Sorted(maps.Keys(byBucket)) {
		if ok, err := d.holdsLease(ctx, lease, token); err != nil || !ok {
			return errors.Join(err, errors.New("the fold's lease was taken over"))
		}
		id := bucketID(shelf, n)
		b, err := d.readBucket(ctx, id)
		if err != nil {
			return err
		}
		entries := shelfEntries{}
		if err := decodeBucket(b.Data, entries); err != nil {
			return err
		}
		applyChanges(entries, []map[string]json.RawMessage{byBucket[n]})
		if err := d.storeBucket(ctx, id, entries, b.Version); err != nil {
			return err
		}
	}
	return d.markFolded(ctx, shelf, h.Seq)
}

// markFolded moves the head's folded mark to seq, under a claim on the head;
// its revision stays, as no entry changed.
func (d *DB) markFolded(ctx context.Context, shelf string, seq int64) error {
	current := func() (int64, error) {
		h, err := d.shelfHead(ctx, shelf)
		return h.Version, err
	}
	for attempt := 0; ; attempt++ {
		h, err := d.shelfHead(ctx, shelf)
		if err != nil || h.Folded >= seq {
			return err
		}
		err = d.claim(ctx, "read model", shelf, h.Version, current)
		if domain.ErrorCode(err) == domain.ECONFLICT && attempt < 100 {
			continue
		}
		if err != nil {
			return err
		}
		version := h.Version
		h.Folded, h.Version = seq, version+1
		if _, err := d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: shelf}}, h); err != nil {
			return storeError(err, "read model "+shelf)
		}
		d.release(ctx, shelf, version)
		return nil
	}
}

// takeLease takes the lease id for this holder (token), unless another
// holder renewed it within claimTTL.
func (d *DB) takeLease(ctx context.Context, id, token string) (bool, error) {
	for attempt := 0; attempt < 2; attempt++ {
		_, err := d.claims().InsertOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "at", Value: d.now()}, {Key: "token", Value: token}})
		if err == nil {
			return true, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return false, storeError(err, "lease "+id)
		}
		var l struct {
			At time.Time `bson:"at"`
		}
		if err := d.claims().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&l); err != nil {
			continue // released meanwhile
		}
		if d.now().Sub(l.At) < claimTTL {
			return false, nil
		}
		if _, err := d.claims().DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
			return false, storeError(err, "lease "+id)
		}
	}
	return false, nil
}

// holdsLease reports whether the holder (token) still has the lease.
func (d *DB) holdsLease(ctx context.Context, id, token string) (bool, error) {
	var l struct {
		Token string `bson:"token"`
	}
	err := d.claims().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&l)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	return l.Token == token, storeError(err, "lease "+id)
}
