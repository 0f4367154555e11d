package repository

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unique"

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
	// Of the records not deleted, in no order (lists sort): slices, which
	// at scale M took a fifth of the memory that sets did.
	ofType    map[domain.RecordType][]*modelEntry
	byCountry map[string][]*modelEntry
	linkers   map[string][]*modelEntry // the records linking to an id
	citers    map[string][]*modelEntry // the records citing a source
	urls      map[string]string        // a source's URL -> its id
	// rev moves on every change; countryRev on every change to a record
	// of the country (before or after it).
	rev        uint64
	countryRev map[string]uint64

	// Answers computed from the model, kept while their revision lasts.
	dossiers map[string]*dossierAt
	catalog  *catalogAt
}

// modelEntry is a record as the model holds it. What the indexes need of
// it (countries, links) is read from the record when it is indexed.
type modelEntry struct {
	typ     domain.RecordType
	id      string
	version int64
	// rec is nil once the record is deleted.
	rec domain.Record
	// search is the record's SearchText, which lists and the catalog match.
	search string
	// history holds the positions of the log entries about the record.
	history []int64
}

func newModel() *model {
	m := &model{}
	m.clear()
	return m
}

// clear empties the model; the caller holds its lock, or has it alone.
func (m *model) clear() {
	m.recs, m.ofType = map[string]*modelEntry{}, map[domain.RecordType][]*modelEntry{}
	m.byCountry, m.linkers, m.citers = map[string][]*modelEntry{}, map[string][]*modelEntry{}, map[string][]*modelEntry{}
	m.urls, m.dossiers = map[string]string{}, map[string]*dossierAt{}
	if m.countryRev == nil {
		m.countryRev = map[string]uint64{}
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

// entryOf describes a record for the model, its short strings interned.
// rec is nil for a deleted one.
func entryOf(typ domain.RecordType, id string, version int64, rec domain.Record, history []int64) *modelEntry {
	e := &modelEntry{typ: typ, id: unique.Make(id).Value(), version: version, rec: rec, history: history}
	if rec != nil {
		intern(rec)
		e.search = rec.SearchText()
	}
	return e
}

// linksOf returns the records rec links to (evidence aside) and the sources
// it cites.
func linksOfRecord(rec domain.Record) (links, cites []string) {
	for _, ref := range rec.References() {
		if isEvidenceField(ref.Field) {
			cites = append(cites, ref.Ref.ID)
		} else {
			links = append(links, ref.Ref.ID)
		}
	}
	return uniq(links), uniq(cites)
}

func urlOf(rec domain.Record) string {
	if s, ok := rec.(*domain.Source); ok {
		return s.URL
	}
	return ""
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
	if e.rec != nil {
		for _, c := range domain.CountriesOf(e.rec) {
			m.countryRev[c]++
		}
	}
	if old != nil && old.rec != nil {
		for _, c := range domain.CountriesOf(old.rec) {
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
	m.ofType[e.typ] = append(m.ofType[e.typ], e)
	for _, c := range domain.CountriesOf(e.rec) {
		m.byCountry[c] = append(m.byCountry[c], e)
	}
	links, cites := linksOfRecord(e.rec)
	for _, l := range links {
		m.linkers[l] = append(m.linkers[l], e)
	}
	for _, s := range cites {
		m.citers[s] = append(m.citers[s], e)
	}
	if url := urlOf(e.rec); url != "" {
		m.urls[url] = e.id
	}
}

func (m *model) unindex(e *modelEntry) {
	if e.rec == nil {
		return
	}
	m.ofType[e.typ] = removeEntry(m.ofType[e.typ], e)
	for _, c := range domain.CountriesOf(e.rec) {
		removeFrom(m.byCountry, c, e)
	}
	links, cites := linksOfRecord(e.rec)
	for _, l := range links {
		removeFrom(m.linkers, l, e)
	}
	for _, s := range cites {
		removeFrom(m.citers, s, e)
	}
	if url := urlOf(e.rec); url != "" && m.urls[url] == e.id {
		delete(m.urls, url)
	}
}

// removeEntry removes e from list, the last entry taking its place.
func removeEntry(list []*modelEntry, e *modelEntry) []*modelEntry {
	for i, x := range list {
		if x == e {
			last := len(list) - 1
			list[i] = list[last]
			list[last] = nil
			return list[:last]
		}
	}
	return list
}

func removeFrom(index map[string][]*modelEntry, key string, e *modelEntry) {
	if list := removeEntry(index[key], e); len(list) > 0 {
		index[key] = list
	} else {
		delete(index, key)
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
		extra = func(e *modelEntry) bool { return slices.Contains(domain.CountriesOf(e.rec), country) }
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
	add := func(set []*modelEntry) {
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
	defer m.mu.RUnlock()
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
	sortByDate(ds.Organizations)
	sortByDate(ds.People)
	sortByDate(ds.Agreements)
	sortByDate(ds.Events)
	sortByDate(ds.Programs)
	// The sources cited, as the model holds them (a stub from the citation
	// when the model has none): a busy country cites thousands.
	ds.Sources = ds.SourcesCited()
	for i, s := range ds.Sources {
		if e := m.recs[s.ID]; e != nil && e.rec != nil {
			ds.Sources[i] = e.rec.(*domain.Source)
		}
	}
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
				entries = append(entries, domain.CatalogEntryWith(e.rec, e.search))
			}
		}
		m.mu.RUnlock()
		at.catalog = &domain.Catalog{Entries: entries, Memo: &domain.Memo{}}
	})
	return at.catalog
}
