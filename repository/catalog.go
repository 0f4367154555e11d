package repository

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"cooptrack/domain"
)

// The catalog is a read model (a shelf, see shelf.go) with a line per record
// (domain.CatalogEntry): what the overview and the search across kinds
// read, so that neither queries every collection. Each instance keeps the
// catalog in memory, checked against the shelf's revision on every use.
const (
	catalogShelf   = "catalog"
	catalogBuckets = 256
)

type catalogCache struct {
	mu      sync.Mutex
	rev     string
	catalog *domain.Catalog
}

func catalogEntryJSON(rec domain.Record) (json.RawMessage, error) {
	b, err := json.Marshal(domain.CatalogEntryOf(rec))
	if err != nil {
		return nil, fmt.Errorf("catalog entry: %w", err)
	}
	return b, nil
}

// Catalog returns the catalog line of every record. The list is shared:
// callers must not change it.
func (d *DB) Catalog(ctx context.Context) (*domain.Catalog, error) {
	h, err := d.shelfHead(ctx, catalogShelf)
	if err != nil {
		return nil, err
	}
	d.catalog.mu.Lock()
	if d.catalog.catalog != nil && d.catalog.rev == h.Rev {
		c := d.catalog.catalog
		d.catalog.mu.Unlock()
		return c, nil
	}
	d.catalog.mu.Unlock()
	rev, raw, err := d.loadShelf(ctx, h, catalogBuckets)
	if err != nil {
		return nil, err
	}
	entries := make([]domain.CatalogEntry, 0, len(raw))
	for id, r := range raw {
		var e domain.CatalogEntry
		if err := json.Unmarshal(r, &e); err != nil {
			return nil, fmt.Errorf("catalog entry %s: %w", id, err)
		}
		entries = append(entries, e)
	}
	c := &domain.Catalog{Entries: entries, Memo: &domain.Memo{}}
	d.catalog.mu.Lock()
	d.catalog.rev, d.catalog.catalog = rev, c
	d.catalog.mu.Unlock()
	return c, nil
}

var _ domain.CatalogStore = (*DB)(nil)
