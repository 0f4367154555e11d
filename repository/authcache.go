package repository

import (
	"sync"
	"sync/atomic"
)

// authCache keeps the users, API tokens and sessions that requests
// authenticate with, so that a request sends no command to the store for
// them (two reads by _id each, most of a read's store time). A change to
// any of them empties it: one made by this process at once (the
// collections' writes do it), one made by another process as soon as this
// one reads its entry in the log (follow.go), within pollEvery. A negative
// answer (no such session, a session timed out) is never taken from it
// alone: the store is read again first.
type authCache struct {
	// on is set once the process follows the log, which is what tells it
	// of other processes' changes: until then nothing is kept.
	on       atomic.Bool
	mu       sync.Mutex
	gen      uint64 // moves on at every change; a read begun before it is not kept
	users    map[string]userDoc
	tokens   map[string]tokenDoc
	sessions map[string]sessionDoc
}

// authCacheSize bounds each map: past it, the cache starts afresh.
const authCacheSize = 10000

func newAuthCache() *authCache {
	c := &authCache{}
	c.clear()
	return c
}

// clear forgets everything.
func (c *authCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.users, c.tokens, c.sessions = map[string]userDoc{}, map[string]tokenDoc{}, map[string]sessionDoc{}
}

// generation is to be read before a read of the store whose answer is to
// be kept.
func (c *authCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *authCache) user(email string) (userDoc, bool) {
	if !c.on.Load() {
		return userDoc{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	u, ok := c.users[email]
	return u, ok
}

func (c *authCache) token(hash string) (tokenDoc, bool) {
	if !c.on.Load() {
		return tokenDoc{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.tokens[hash]
	return t, ok
}

func (c *authCache) session(hash string) (sessionDoc, bool) {
	if !c.on.Load() {
		return sessionDoc{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.sessions[hash]
	return s, ok
}

// keep stores what a read begun at generation gen found, unless something
// changed since.
func keep[V any](c *authCache, gen uint64, m func(*authCache) map[string]V, key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(m(c)) >= authCacheSize {
		c.gen++
		c.users, c.tokens, c.sessions = map[string]userDoc{}, map[string]tokenDoc{}, map[string]sessionDoc{}
		return
	}
	m(c)[key] = v
}

func usersOf(c *authCache) map[string]userDoc       { return c.users }
func tokensOf(c *authCache) map[string]tokenDoc     { return c.tokens }
func sessionsOf(c *authCache) map[string]sessionDoc { return c.sessions }
