package domain

import "context"

// ListFilter narrows, orders and pages a list of records. Each field applies
// to the kinds that have it and is ignored by the others.
type ListFilter struct {
	// Country keeps records that concern the country (ISO code).
	Country CountryCode
	// Status keeps agreements or programs in that status. An agreement's
	// status is the one its dates give on Today (see Agreement.StatusOn).
	Status string
	// Kind keeps organizations, agreements or events of that kind.
	Kind string
	// From and To keep records whose main date (signed_on, start_on,
	// published_on) lies between them, both included.
	From, To Date
	// Q keeps records whose names or titles contain it, ignoring case and
	// accents ("peru" finds "Perú").
	Q string
	// Linked keeps records that reference the record with this id.
	Linked string
	// Sort is "name", "date" or "updated", "-" first for descending; empty
	// for the kind's default (newest first where there is a date).
	Sort string
	// Cursor continues a list where the page that gave it ended.
	Cursor string
	// Limit is the page size, 1 to 200; 0 means 50.
	Limit int
	// Today is the day statuses are computed on.
	Today Date
}

// Page is one page of a list, with the number of records in the whole list
// and the cursor of the next page ("" on the last).
type Page[T Record] struct {
	Items      []T
	Total      int64
	NextCursor string
}

// Store keeps records of one kind. Every method that writes checks the
// record's rules and references first and writes nothing when they fail.
type Store[T Record] interface {
	// Find returns the record with the id.
	// Errors: ENOTFOUND.
	Find(ctx context.Context, id string) (T, error)

	// List returns a page of the records the filter keeps.
	// Errors: EINVALID (a filter value or cursor that cannot be used).
	List(ctx context.Context, f ListFilter) (Page[T], error)

	// Each calls fn with every record the filter keeps, in the list's
	// order (Cursor and Limit are ignored), reading the store once rather
	// than a page at a time, for exports of whole lists. It stops at fn's
	// first error and returns it; a filter it refuses is refused before fn
	// is first called.
	// Errors: EINVALID.
	Each(ctx context.Context, f ListFilter, fn func(T) error) error

	// Create stores a new record and sets its id, version and timestamps.
	// Errors: EINVALID, EUNKNOWNREF, ECONFLICT (a unique value taken).
	Create(ctx context.Context, rec T) error

	// Update replaces the record whose id and version rec carries, and
	// moves it to the next version.
	// Errors: EINVALID, EUNKNOWNREF, ENOTFOUND, ECONFLICT (stale version or
	// a unique value taken).
	Update(ctx context.Context, rec T) error

	// Delete removes the record. A version of 0 deletes whatever version is
	// stored.
	// Errors: ENOTFOUND, ECONFLICT (stale version), EREFERENCED.
	Delete(ctx context.Context, id string, version int64) error

	// Cite attaches a source as evidence to the record.
	// Errors: EINVALID, ENOTFOUND, EUNKNOWNREF (no such source).
	Cite(ctx context.Context, id string, in EvidenceInput) (Citation, error)

	// Uncite removes one citation from the record.
	// Errors: ENOTFOUND (no such record or citation).
	Uncite(ctx context.Context, id, citationID string) error
}

// LinkStore answers questions across kinds of record.
type LinkStore interface {
	// LinksTo returns the records that reference the record with the id,
	// other than as evidence.
	LinksTo(ctx context.Context, id string) ([]RecordRef, error)
	// CitersOf returns the records that cite the source as evidence.
	CitersOf(ctx context.Context, sourceID string) ([]RecordRef, error)
}

// Dossier is what is recorded about one country: the input of its timeline,
// its dashboard and its lists. The store may hold its records as digests
// (see Digest), with only the fields those read. Sources are those cited by
// the country's agreements, events and programs, as their citations name
// them.
type Dossier struct {
	// Memo remembers what is computed from the dossier (its dashboard on a
	// day, say) for as long as this dossier is the current one.
	Memo          *Memo `json:"-"`
	Country       Country
	Organizations []*Organization
	People        []*Person
	Agreements    []*Agreement
	Events        []*Event
	Programs      []*Program
	Sources       []*Source
}

// DossierStore assembles a country's dossier.
type DossierStore interface {
	// Dossier returns what is recorded about the country.
	// Errors: ENOTFOUND (no such country).
	Dossier(ctx context.Context, code CountryCode) (*Dossier, error)
}

// CatalogStore reads the catalog: a line per record, for the overview and
// the search across kinds.
type CatalogStore interface {
	// Catalog returns the line of every record; callers must not change it.
	Catalog(ctx context.Context) (*Catalog, error)
}

// CountryStore reads the countries.
type CountryStore interface {
	// Countries returns every country, by name.
	Countries(ctx context.Context) ([]Country, error)
	// Country returns the country with the ISO code.
	// Errors: ENOTFOUND.
	Country(ctx context.Context, code CountryCode) (Country, error)
}

// RecordStores are the stores of the six kinds of record, as every part
// that reads and writes records takes them.
type RecordStores struct {
	Organizations Store[*Organization]
	People        Store[*Person]
	Agreements    Store[*Agreement]
	Events        Store[*Event]
	Programs      Store[*Program]
	Sources       Store[*Source]
}
