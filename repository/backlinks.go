package repository

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"cooptrack/domain"
)

// The records linking to a record, and those citing a source, are kept in a
// read model of one bucket per record ("links:<id>#0"), so that a record's
// page, a delete's check and a rename's refresh read one document by _id
// rather than query every collection.
func linksShelf(id string) string { return "links:" + id }

// linkRef is one record that links to (l) or cites (c) another.
type linkRef struct {
	domain.RecordRef
	Link bool `json:"l,omitempty"`
	Cite bool `json:"c,omitempty"`
}

func linkEntry(ref domain.RecordRef, link, cite bool) json.RawMessage {
	if !link && !cite {
		return nil
	}
	b, _ := json.Marshal(linkRef{RecordRef: ref, Link: link, Cite: cite})
	return b
}

func (d *DB) putLinks(ctx context.Context, target string, changes map[string]json.RawMessage) error {
	id := bucketID(linksShelf(target), 0)
	return d.shelves.write(ctx, id, changes, func(ctx context.Context, changes map[string]json.RawMessage) error {
		return d.updateBucket(ctx, id, slices.Collect(maps.Keys(changes)), changes)
	})
}

// links returns the records linking to (link) or citing (cite) the record id,
// by name.
func (d *DB) links(ctx context.Context, id string, link, cite bool) ([]domain.RecordRef, error) {
	b, err := d.readBucket(ctx, bucketID(linksShelf(id), 0))
	if err != nil {
		return nil, err
	}
	entries := shelfEntries{}
	if err := decodeBucket(b.Data, entries); err != nil {
		return nil, err
	}
	out := []domain.RecordRef{}
	for _, raw := range entries {
		var l linkRef
		if err := json.Unmarshal(raw, &l); err != nil {
			return nil, err
		}
		if (link && l.Link) || (cite && l.Cite) {
			out = append(out, l.RecordRef)
		}
	}
	slices.SortFunc(out, func(a, b domain.RecordRef) int {
		if c := strings.Compare(domain.Fold(a.Name), domain.Fold(b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// LinksTo returns the records that link to the record with the id.
func (d *DB) LinksTo(ctx context.Context, id string) ([]domain.RecordRef, error) {
	return d.links(ctx, id, true, false)
}

// CitersOf returns the records that cite the source.
func (d *DB) CitersOf(ctx context.Context, sourceID string) ([]domain.RecordRef, error) {
	return d.links(ctx, sourceID, false, true)
}

var _ domain.LinkStore = (*DB)(nil)
