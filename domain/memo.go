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
//
// What it keeps is typed: each kind of answer has a MemoKey, and Remember
// returns the answer's type, found by a comparable value of what the
// answer depends on.
type Memo struct {
	mu     sync.Mutex
	values map[any]*memoValue
}

type memoValue struct {
	once sync.Once
	v    any
}

// A MemoKey names one kind of answer a Memo keeps: values of type V, one
// for each K.
type MemoKey[K comparable, V any] struct{ name *string }

// NewMemoKey makes the key of a kind of answer; name is for reading only,
// two keys never share answers.
func NewMemoKey[K comparable, V any](name string) MemoKey[K, V] {
	return MemoKey[K, V]{name: &name}
}

// memoSlot is where a Memo keeps one answer: its kind and what it depends
// on. Slots of keys with different K are of different types, so they never
// collide.
type memoSlot[K comparable] struct {
	kind *string
	k    K
}

// memoSize bounds the answers a Memo keeps.
const memoSize = 256

// Remember returns the answer of kind key for k that m keeps, computing
// it first if need be.
func Remember[K comparable, V any](m *Memo, key MemoKey[K, V], k K, compute func() V) V {
	if m == nil {
		return compute()
	}
	mv := m.slot(memoSlot[K]{key.name, k})
	mv.once.Do(func() { mv.v = compute() })
	return mv.v.(V) //nolint:forcetypeassert // the key's type puts only V there
}

// Forget drops the answer of kind key for k (one that failed, say).
func Forget[K comparable, V any](m *Memo, key MemoKey[K, V], k K) {
	if m == nil {
		return
	}
	m.mu.Lock()
	delete(m.values, memoSlot[K]{key.name, k})
	m.mu.Unlock()
}

func (m *Memo) slot(s any) *memoValue {
	m.mu.Lock()
	defer m.mu.Unlock()
	mv, ok := m.values[s]
	if !ok {
		if m.values == nil || len(m.values) >= memoSize {
			m.values = map[any]*memoValue{}
		}
		mv = &memoValue{}
		m.values[s] = mv
	}
	return mv
}

// Catalog is the catalog as read: a line per record, and the answers
// computed from it.
type Catalog struct {
	Entries []CatalogEntry
	Memo    *Memo
}
