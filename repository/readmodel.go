package repository

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// rebuildReadModels rebuilds every dossier and link list from the records,
// in one pass over each collection, after finishing any interrupted write.
func (d *DB) rebuildReadModels(ctx context.Context, progress func(stage string, done, total int)) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if _, err := d.Heal(ctx); err != nil {
		return err
	}
	dossiers := map[string]shelfEntries{}
	links := map[string]shelfEntries{}
	catalog := shelfEntries{}
	for _, typ := range domain.RecordTypes {
		n := 0
		err := d.kinds[typ].scanAll(ctx, func(rec domain.Record) error {
			id := rec.RecordMeta().ID
			fp := footprintOf(rec)
			line, err := catalogEntryJSON(rec)
			if err != nil {
				return err
			}
			catalog[id] = line
			if len(fp.Countries) > 0 {
				entry, err := dossierEntryOf(rec)
				if err != nil {
					return err
				}
				for _, code := range fp.Countries {
					if dossiers[code] == nil {
						dossiers[code] = shelfEntries{}
					}
					dossiers[code][id] = entry
				}
			}
			ref := domain.RecordRef{Type: typ, ID: id, Name: rec.Label()}
			for _, target := range uniq(append(append([]string{}, fp.Links...), fp.Cites...)) {
				if links[target] == nil {
					links[target] = shelfEntries{}
				}
				links[target][id] = linkEntry(ref, slices.Contains(fp.Links, target), slices.Contains(fp.Cites, target))
			}
			n++
			if n%1000 == 0 {
				progress("read "+typ.Collection(), n, 0)
			}
			return nil
		})
		if err != nil {
			return err
		}
		progress("read "+typ.Collection(), n, n)
	}
	if err := d.replaceShelf(ctx, catalogShelf, catalogBuckets, catalog); err != nil {
		return err
	}
	progress("catalog", len(catalog), len(catalog))
	countries := domain.Countries()
	for i, c := range countries {
		h, err := d.shelfHead(ctx, dossierShelf(c.Code))
		if err != nil {
			return err
		}
		if h.Rev == "" && len(dossiers[c.Code]) == 0 {
			continue
		}
		if err := d.replaceShelf(ctx, dossierShelf(c.Code), dossierBuckets, dossiers[c.Code]); err != nil {
			return err
		}
		progress("dossiers", i+1, len(countries))
	}
	// Link lists: every existing one is rewritten or emptied, then the new ones written.
	existing, err := d.linkBucketIDs(ctx)
	if err != nil {
		return err
	}
	done := 0
	headed := map[string]bool{} // link lists with a head, whose log is let go
	for _, id := range existing {
		target, part, _ := strings.Cut(strings.TrimPrefix(id, "links:"), "#")
		if t, _, logged := strings.Cut(target, "~"); logged {
			target = t
		} else if part == "" {
			headed[target] = true
		}
		if _, ok := links[target]; !ok {
			links[target] = shelfEntries{}
		}
	}
	for target, entries := range links {
		data := ""
		if len(entries) > 0 {
			b, err := json.Marshal(entries)
			if err != nil {
				return err
			}
			data = string(b)
		}
		id := bucketID(linksShelf(target), 0)
		old, err := d.readBucket(ctx, id)
		if err != nil {
			return err
		}
		if old.Data != data {
			if _, err := d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}},
				bucketDoc{ID: id, Data: data, Version: old.Version + 1}, options.Replace().SetUpsert(true)); err != nil {
				return storeError(err, "read model "+id)
			}
		}
		if headed[target] {
			if err := d.letLogGo(ctx, linksShelf(target)); err != nil {
				return err
			}
		}
		done++
		if done%1000 == 0 || done == len(links) {
			progress("link lists", done, len(links))
		}
	}
	return nil
}

// linkBucketIDs lists the documents of the link lists stored: buckets,
// heads and logs.
func (d *DB) linkBucketIDs(ctx context.Context) ([]string, error) {
	cur, err := d.readModels().Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$regex", Value: "^links:"}}}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, storeError(err, "link lists")
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, storeError(err, "link lists")
	}
	ids := make([]string, len(docs))
	for i, doc := range docs {
		ids[i] = doc.ID
	}
	return ids, nil
}

// readModelFormat names how the read models are laid out (bucket counts,
// entry shapes). A store whose read models were built in another format has
// them rebuilt at start.
const readModelFormat = "2: dossiers and catalog in 256 buckets"

type formatDoc struct {
	ID     string `bson:"_id"`
	Format string `bson:"format"`
}

// empty reports whether the store holds no record and no read model.
func (d *DB) empty(ctx context.Context) (bool, error) {
	colls := []collection{d.readModels()}
	for _, typ := range domain.RecordTypes {
		colls = append(colls, d.kinds[typ].collection())
	}
	for _, c := range colls {
		err := c.FindOne(ctx, bson.D{}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
		if err == nil {
			return false, nil
		}
		if !errors.Is(err, mongo.ErrNoDocuments) {
			return false, storeError(err, "look for records")
		}
	}
	return true, nil
}

// EnsureReadModels rebuilds the read models when they were built in another
// format than this version's (or not at all), and reports whether it did.
func (d *DB) EnsureReadModels(ctx context.Context, progress func(stage string, done, total int)) (bool, error) {
	var f formatDoc
	err := d.readModels().FindOne(ctx, bson.D{{Key: "_id", Value: "format"}}).Decode(&f)
	if err == nil && f.Format == readModelFormat {
		return false, nil
	}
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return false, storeError(err, "read model format")
	}
	// A new store has nothing to index: looking for each country's dossier
	// took 515 reads (a second under -race) for every fresh store.
	empty, err := d.empty(ctx)
	if err != nil {
		return false, err
	}
	if !empty {
		if err := d.Reindex(ctx, progress); err != nil {
			return false, err
		}
	}
	_, err = d.readModels().ReplaceOne(ctx, bson.D{{Key: "_id", Value: "format"}}, formatDoc{ID: "format", Format: readModelFormat}, options.Replace().SetUpsert(true))
	return true, storeError(err, "read model format")
}
