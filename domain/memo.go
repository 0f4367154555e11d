package domain

import "sync"

// Memo remembers values computed from a value that does not change (a
// dossier or catalog read from the store, which is replaced, never edited),
// so that readers asking the same question of it pay once. It forgets
// everything when it holds too many answers. The zero Memo is ready; a nil
// *Memo remembers nothing.
type Memo struct {
	mu     sync.Mutex
	values map[string]any
}

// memoSize bounds the answers a Memo keeps.
const memoSize = 256

// Get returns the value remembered under key, computing it first if need be.
func (m *Memo) Get(key string, compute func() any) any {
	if m == nil {
		return compute()
	}
	m.mu.Lock()
	v, ok := m.values[key]
	m.mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	m.mu.Lock()
	if m.values == nil || len(m.values) >= memoSize {
		m.values = map[string]any{}
	}
	m.values[key] = v
	m.mu.Unlock()
	return v
}

// Forget drops the value remembered under key (one that failed, say).
func (m *Memo) Forget(key string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	delete(m.values, key)
	m.mu.Unlock()
}

// Catalog is the catalog as read: a line per record, and the answers
// computed from it.
type Catalog struct {
	Entries []CatalogEntry
	Memo    *Memo
}
