package repository

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// upgradeLog gives positions to a log written by a version before the change
// log (format 1: entries under ObjectID ids, records' histories kept in
// audit_index), once: the entries are numbered in the order they were
// made, after any positioned ones, and each record's document gets its
// history. A store or backup of this version's format is left as it is.
func (d *DB) upgradeLog(ctx context.Context) error {
	m, err := d.log.loadMeta(ctx)
	if err != nil || m.Format >= logFormat {
		return err
	}
	cur, err := d.log.c.Find(ctx, bson.D{})
	if err != nil {
		return storeError(err, "read the audit log")
	}
	type old struct {
		id  string
		doc bson.D
		at  time.Time
	}
	var olds []old
	var last int64
	for cur.Next(ctx) {
		var p position
		if err := cur.Current.Lookup("_id").Unmarshal(&p); err == nil {
			last = max(last, int64(p))
			continue
		}
		id, ok := cur.Current.Lookup("_id").StringValueOK()
		if !ok {
			continue
		}
		var doc bson.D
		if err := bson.Unmarshal(cur.Current, &doc); err != nil {
			_ = cur.Close(ctx)
			return storeError(err, "read the audit log")
		}
		at, _ := cur.Current.Lookup("at").TimeOK()
		olds = append(olds, old{id: id, doc: doc, at: at})
	}
	if err := cur.Err(); err != nil {
		return storeError(err, "read the audit log")
	}
	_ = cur.Close(ctx)
	slices.SortFunc(olds, func(a, b old) int { return cmp.Or(a.at.Compare(b.at), strings.Compare(a.id, b.id)) })
	histories := map[string][]int64{}
	kinds := map[string]domain.RecordType{}
	docs := make([]any, 0, len(olds))
	for i, o := range olds {
		pos := last + int64(i) + 1
		doc := bson.D{{Key: "_id", Value: position(pos)}}
		for _, el := range o.doc {
			if el.Key != "_id" {
				doc = append(doc, el)
			}
		}
		docs = append(docs, doc)
		var ref struct {
			Type string `bson:"record_type"`
			ID   string `bson:"record_id"`
		}
		if b, err := bson.Marshal(o.doc); err == nil && bson.Unmarshal(b, &ref) == nil && ref.ID != "" {
			if _, ok := d.kinds[domain.RecordType(ref.Type)]; ok {
				histories[ref.ID] = append(histories[ref.ID], pos)
				kinds[ref.ID] = domain.RecordType(ref.Type)
			}
		}
	}
	for batch := range slices.Chunk(docs, restoreBatch) {
		if _, err := d.log.c.InsertMany(ctx, batch, options.InsertMany().SetOrdered(false)); err != nil && !isDuplicate(err) {
			return storeError(err, "number the audit log")
		}
	}
	for _, o := range olds {
		if _, err := d.log.c.DeleteOne(ctx, bson.D{{Key: "_id", Value: o.id}}); err != nil {
			return storeError(err, "number the audit log")
		}
	}
	for id, h := range histories {
		_, err := d.kinds[kinds[id]].collection().UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
			bson.D{{Key: "$set", Value: bson.D{{Key: historyField, Value: formatHistory(h)}}}})
		if err != nil {
			return storeError(err, "record histories")
		}
	}
	end := last + int64(len(olds))
	m.Checkpoint, m.Head, m.Format = max(m.Checkpoint, end), max(m.Head, end), logFormat
	if m.Epoch == "" {
		m.Epoch = newID()
	}
	_, err = d.log.meta.ReplaceOne(ctx, bson.D{{Key: "_id", Value: logMetaID}}, m, options.Replace().SetUpsert(true))
	return storeError(err, "log checkpoint")
}
