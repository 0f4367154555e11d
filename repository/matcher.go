package repository

import "cooptrack/domain/extract"

// Matcher returns the matcher of proposals drafted from an article: it
// looks them up in the catalog, read by _id and kept in memory, so that
// matching an article reads no collection.
func (d *DB) Matcher() extract.CatalogMatcher {
	return extract.CatalogMatcher{Catalog: d}
}
