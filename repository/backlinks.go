package repository

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"cooptrack/domain"
)

// The records linking to a record, and those citing a source, are kept in a
// read model per record: a shelf of one bucket ("links:<id>#0") with its
// head and log (see shelf.go), so that a record's page, a delete's check
// and a rename's refresh read a few documents by _id rather than query
// every collection. A ministry's list holds thousands of entries; the log
// spares rewriting it on every agreement that names the ministry.
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
	return d.putShelf(ctx, linksShelf(target), 1, changes)
}

// links returns the records linking to (link) or citing (cite) the record id,
// by name.
func (d *DB) links(ctx context.Context, id string, link, cite bool) ([]domain.RecordRef, error) {
	h, err := d.shelfHead(ctx, linksShelf(id))
	if err != nil {
		return nil, err
	}
	_, entries, err := d.loadShelf(ctx, h, 1)
	if err != nil {
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
