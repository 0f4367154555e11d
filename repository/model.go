package repository

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"cooptrack/domain"
)

// The model holds every record of the store in memory (a source's text
// aside), with the indexes that pages and the API read: by kind, by
// country, the records linking to each record and citing each source, and
// the sources by URL. Every read of records is answered from it; the
// collections are read once, at start (or a snapshot is, see snapshot.go),
// and the model then follows the change log (changelog.go): this process's
// writes at once, everyone's in order of position.
//
// Records in the model are never changed: a write replaces the record with
// a new value. Readers may therefore hold one without a lock, and must not
// change it; Find gives a copy to callers that edit.
type model struct {
	mu   sync.RWMutex
	recs map[string]*modelEntry // by id, deleted records too
	// Of the records not deleted:
	ofType    map[domain.RecordType]map[string]*modelEntry
	byCountry map[string]map[string]*modelEntry
	linkers   map[string]map[string]*modelEntry // the records linking to an id
	citers    map[string]map[string]*modelEntry // the records citing a source
	urls      map[string]string                 // a source's URL -> its id
	// rev moves on every change; countryRev on every change to a record
	// of the country (before or after it).
	rev        uint64
	countryRev map[string]uint64

	// Answers computed from the model, kept while their revision lasts.
	dossiers map[string]*dossierAt
	catalog  *catalogAt
}

// modelEntry is a record as the model holds it.
type modelEntry struct {
	typ     domain.RecordType
	id      string
	version int64
	// rec is nil once the record is deleted.
	rec domain.Record
	// history holds the positions of the log entries about the record.
	history   []int64
	countries []string
	links     []string // the records it links to, evidence aside
	cites     []string // the sources it cites
	line      domain.CatalogEntry
	url       string // a source's
}

func newModel() *model {
	m := &model{}
	m.clear()
	return m
}

// clear empties the model; the caller holds its lock, or has it alone.
func (m *model) clear() {
	m.recs, m.ofType = map[string]*modelEntry{}, map[domain.RecordType]map[string]*modelEntry{}
	m.byCountry, m.linkers, m.citers = map[string]map[string]*modelEntry{}, map[string]map[string]*modelEntry{}, map[string]map[string]*modelEntry{}
	m.urls, m.dossiers = map[string]string{}, map[string]*dossierAt{}
	if m.countryRev == nil {
		m.countryRev = map[string]uint64{}
	}
	for _, t := range domain.RecordTypes {
		m.ofType[t] = map[string]*modelEntry{}
	}
	// Revisions only grow, so that nothing computed before is taken as
	// current.
	m.rev++
	for c := range m.countryRev {
		m.countryRev[c]++
	}
}

// reset empties the model, for it to be read again.
func (m *model) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.clear()
}

// entryOf describes a record for the model. rec is nil for a deleted one.
func entryOf(typ domain.RecordType, id string, version int64, rec domain.Record, history []int64) *modelEntry {
	e := &modelEntry{typ: typ, id: id, version: version, rec: rec, history: history}
	if rec == nil {
		return e
	}
	e.countries = domain.CountriesOf(rec)
	for _, ref := range rec.References() {
		if isEvidenceField(ref.Field) {
			e.cites = append(e.cites, ref.Ref.ID)
		} else {
			e.links = append(e.links, ref.Ref.ID)
		}
	}
	e.links, e.cites = uniq(e.links), uniq(e.cites)
	e.line = domain.CatalogEntryOf(rec)
	if s, ok := rec.(*domain.Source); ok {
		e.url = s.URL
	}
	return e
}

// put sets the record as the model's, if it is newer than the one held:
// it reports whether it was. pos, when not 0, joins the record's history.
func (m *model) put(e *modelEntry, pos int64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.recs[e.id]
	if old != nil && old.version >= e.version {
		if pos != 0 {
			old.history = addPosition(old.history, pos)
		}
		return false
	}
	if old != nil {
		e.history = append(slices.Clone(old.history), e.history...)
		m.unindex(old)
	}
	if pos != 0 {
		e.history = addPosition(e.history, pos)
	}
	m.recs[e.id] = e
	m.index(e)
	m.rev++
	for _, c := range e.countries {
		m.countryRev[c]++
	}
	if old != nil {
		for _, c := range old.countries {
			m.countryRev[c]++
		}
	}
	return true
}

// note adds an entry about a record that does not write it (a change of
// status noted beside the update) to the record's history.
func (m *model) note(id string, pos int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e := m.recs[id]; e != nil {
		e.history = addPosition(e.history, pos)
	}
}

func addPosition(history []int64, pos int64) []int64 {
	i, found := slices.BinarySearch(history, pos)
	if found {
		return history
	}
	return slices.Insert(slices.Clone(history), i, pos)
}

func (m *model) index(e *modelEntry) {
	if e.rec == nil {
		return
	}
	m.ofType[e.typ][e.id] = e
	for _, c := range e.countries {
		addTo(m.byCountry, c, e)
	}
	for _, l := range e.links {
		addTo(m.linkers, l, e)
	}
	for _, s := range e.cites {
		addTo(m.citers, s, e)
	}
	if e.url != "" {
		m.urls[e.url] = e.id
	}
}

func (m *model) unindex(e *modelEntry) {
	if e.rec == nil {
		return
	}
	delete(m.ofType[e.typ], e.id)
	for _, c := range e.countries {
		removeFrom(m.byCountry, c, e.id)
	}
	for _, l := range e.links {
		removeFrom(m.linkers, l, e.id)
	}
	for _, s := range e.cites {
		removeFrom(m.citers, s, e.id)
	}
	if e.url != "" && m.urls[e.url] == e.id {
		delete(m.urls, e.url)
	}
}

func addTo(index map[string]map[string]*modelEntry, key string, e *modelEntry) {
	set := index[key]
	if set == nil {
		set = map[string]*modelEntry{}
		index[key] = set
	}
	set[e.id] = e
}

func removeFrom(index map[string]map[string]*modelEntry, key, id string) {
	if set := index[key]; set != nil {
		delete(set, id)
		if len(set) == 0 {
			delete(index, key)
		}
	}
}

// get returns the model's entry for the id, deleted or not.
func (m *model) get(id string) *modelEntry {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.recs[id]
}

// live returns the record with the id and type, unless there is none or it
// is deleted.
func (m *model) live(typ domain.RecordType, id string) *modelEntry {
	e := m.get(id)
	if e == nil || e.rec == nil || e.typ != typ {
		return nil
	}
	return e
}

// sourceWithURL returns the id of the source with the URL, if any.
func (m *model) sourceWithURL(url string) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.urls[url]
}

// select returns the records of the type that the country (when set) and
// the link (when set) keep, in no order.
func (m *model) selectRecords(typ domain.RecordType, country, linked string) []*modelEntry {
	m.mu.RLock()
	defer m.mu.RUnlock()
	set := m.ofType[typ]
	var extra func(*modelEntry) bool
	switch {
	case linked != "" && country != "":
		set = m.linkers[linked]
		extra = func(e *modelEntry) bool { return slices.Contains(e.countries, country) }
	case linked != "":
		set = m.linkers[linked]
	case country != "":
		set = m.byCountry[country]
	}
	out := make([]*modelEntry, 0, len(set))
	for _, e := range set {
		if e.typ == typ && (extra == nil || extra(e)) {
			out = append(out, e)
		}
	}
	return out
}

// refsTo returns the records linking to (link) or citing (cite) the id, by
// name.
func (m *model) refsTo(id string, link, cite bool) []domain.RecordRef {
	m.mu.RLock()
	seen := map[string]bool{}
	out := []domain.RecordRef{}
	add := func(set map[string]*modelEntry) {
		for _, e := range set {
			if !seen[e.id] {
				seen[e.id] = true
				out = append(out, refOf(e.rec))
			}
		}
	}
	if link {
		add(m.linkers[id])
	}
	if cite {
		add(m.citers[id])
	}
	m.mu.RUnlock()
	slices.SortFunc(out, func(a, b domain.RecordRef) int {
		return cmp.Or(strings.Compare(domain.Fold(a.Name), domain.Fold(b.Name)), strings.Compare(a.ID, b.ID))
	})
	return out
}

// history returns the positions of the log entries about the record.
func (m *model) history(id string) []int64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if e := m.recs[id]; e != nil {
		return e.history
	}
	return nil
}

// count returns how many records the model holds, deleted ones aside.
func (m *model) count() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n := 0
	for _, set := range m.ofType {
		n += len(set)
	}
	return n
}

// dossierAt is a country's dossier as built at a revision of the country.
type dossierAt struct {
	rev     uint64
	once    sync.Once
	dossier *domain.Dossier
}

// dossier returns the country's dossier, built from the model once per
// revision of the country and shared: callers must not change it.
func (m *model) dossier(country domain.Country) *domain.Dossier {
	m.mu.RLock()
	rev := m.countryRev[country.Code]
	m.mu.RUnlock()
	m.mu.Lock()
	at := m.dossiers[country.Code]
	if at == nil || at.rev != rev {
		at = &dossierAt{rev: rev}
		m.dossiers[country.Code] = at
	}
	m.mu.Unlock()
	at.once.Do(func() { at.dossier = m.buildDossier(country) })
	return at.dossier
}

func (m *model) buildDossier(country domain.Country) *domain.Dossier {
	ds := &domain.Dossier{Memo: &domain.Memo{}, Country: country, Organizations: []*domain.Organization{}, People: []*domain.Person{},
		Agreements: []*domain.Agreement{}, Events: []*domain.Event{}, Programs: []*domain.Program{}}
	m.mu.RLock()
	for _, e := range m.byCountry[country.Code] {
		switch r := e.rec.(type) {
		case *domain.Organization:
			ds.Organizations = append(ds.Organizations, r)
		case *domain.Person:
			ds.People = append(ds.People, r)
		case *domain.Agreement:
			ds.Agreements = append(ds.Agreements, r)
		case *domain.Event:
			ds.Events = append(ds.Events, r)
		case *domain.Program:
			ds.Programs = append(ds.Programs, r)
		}
	}
	m.mu.RUnlock()
	sortByDate(ds.Organizations)
	sortByDate(ds.People)
	sortByDate(ds.Agreements)
	sortByDate(ds.Events)
	sortByDate(ds.Programs)
	ds.Sources = ds.SourcesCited()
	return ds
}

// sortByDate orders records by main date, then id.
func sortByDate[T domain.Record](recs []T) {
	slices.SortFunc(recs, func(a, b T) int {
		return cmp.Or(cmp.Compare(a.MainDate(), b.MainDate()), strings.Compare(a.RecordMeta().ID, b.RecordMeta().ID))
	})
}

// catalogAt is the catalog as built at a revision of the model.
type catalogAt struct {
	rev     uint64
	once    sync.Once
	catalog *domain.Catalog
}

// catalogue returns the catalog, built once per revision and shared.
func (m *model) catalogue() *domain.Catalog {
	m.mu.Lock()
	at := m.catalog
	if at == nil || at.rev != m.rev {
		at = &catalogAt{rev: m.rev}
		m.catalog = at
	}
	m.mu.Unlock()
	at.once.Do(func() {
		m.mu.RLock()
		entries := make([]domain.CatalogEntry, 0, len(m.recs))
		for _, set := range m.ofType {
			for _, e := range set {
				entries = append(entries, e.line)
			}
		}
		m.mu.RUnlock()
		at.catalog = &domain.Catalog{Entries: entries, Memo: &domain.Memo{}}
	})
	return at.catalog
}
