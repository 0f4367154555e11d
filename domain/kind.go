package domain

// Kind describes a kind of record once: the words for it, and what its
// lists filter and sort on. The store's lists, the pages and the exports
// read it; each kind's file registers its own.
type Kind struct {
	Type RecordType
	// One and Many name one record and several: "agreement",
	// "agreements". Many is also its collection and its API path.
	One, Many string
	// Matches says what a list's text filter looks in.
	Matches string
	// Kinds and Statuses are the values of its kind and status fields;
	// nil when it has none.
	Kinds, Statuses []string
	// DateLabel names its main date ("Signed"); "" when it has none.
	DateLabel string
	// ByCountry says whether its lists filter by country.
	ByCountry bool
	// DefaultSort is the order of a list when none is asked for.
	DefaultSort string
}

// Title is the kind's name heading a list: "Agreements".
func (k Kind) Title() string { return Capitalize(k.Many) }

// Name is the kind's name heading a record: "Agreement".
func (k Kind) Name() string { return Capitalize(k.One) }

// kinds holds every kind of record by type.
var kinds = map[RecordType]Kind{}

// describe registers a kind; each kind's file calls it once.
func describe(k Kind) Kind {
	kinds[k.Type] = k
	return k
}

// KindOf returns the description of the kind of record of type t.
func KindOf(t RecordType) Kind { return kinds[t] }

// enumStrings turns a list of enumerated values into strings.
func enumStrings[S ~string](xs []S) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
