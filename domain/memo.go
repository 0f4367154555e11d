package domain

import "sync"

// Memo remembers values computed from a value that does not change (a
// dossier or catalog built from the records, which is replaced, never
// edited), so that readers asking the same question of it pay once: a
// second reader asking while the first computes waits for its answer
// rather than computing it again (sixteen readers of a large country's
// dashboard right after a start computed it sixteen times at once). It
// forgets everything when it holds too many answers. The zero Memo is
// ready; a nil *Memo remembers nothing.
type Memo struct {
	mu     sync.Mutex
	values map[string]*memoValue
}

type memoValue struct {
	once sync.Once
	v    any
}

// memoSize bounds the answers a Memo keeps.
const memoSize = 256

// Get returns the value remembered under key, computing it first if need be.
func (m *Memo) Get(key string, compute func() any) any {
	if m == nil {
		return compute()
	}
	m.mu.Lock()
	mv, ok := m.values[key]
	if !ok {
		if m.values == nil || len(m.values) >= memoSize {
			m.values = map[string]*memoValue{}
		}
		mv = &memoValue{}
		m.values[key] = mv
	}
	m.mu.Unlock()
	mv.once.Do(func() { mv.v = compute() })
	return mv.v
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
