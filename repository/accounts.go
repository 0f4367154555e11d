package repository

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// Users, sessions and tokens are each addressed by _id, the lookup the
// embedded store answers without reading the whole collection: a user by
// their normalised email, a session and a token by the SHA-256 of their
// secret (the secret itself is never stored, so a copy of the database
// opens no session). Failed log-ins are counted per account and per address
// in slots keyed "account:<email>/<i>" and "address:<ip>/<i>" (see
// throttleSlot).
const (
	usersCollection    = "users"
	sessionsCollection = "sessions"
	tokensCollection   = "tokens"
	throttleCollection = "throttle"
	locksCollection    = "locks"

	// tokenPrefix starts every API token, so that people and secret
	// scanners can tell one; sessions' secrets have none.
	tokenPrefix = "ctk_"
	// secretLen is the length of a secret after its prefix: 32 random
	// bytes in unpadded URL-safe base64.
	secretLen = 43
	// touchEvery is how stale a session's or token's last use may be
	// before it is written again: noting every request would make each one
	// a write. A session may so end up to this much before its idle
	// time-out.
	touchEvery = time.Minute
)

// Accounts keeps users, their sessions and API tokens, and the count of
// failed log-ins; it implements domain.AccountStore. Changes to users and
// tokens are checked against the context's actor and recorded in the audit
// log.
type Accounts struct {
	db       *DB
	users    collection
	sessions collection
	tokens   collection
	throttle collection
	locks    collection

	// IdleTimeout ends a session unused for this long; AbsoluteTimeout
	// ends any session this long after its log-in.
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// Throttle limits failed log-ins.
	Throttle domain.ThrottlePolicy

	// hashing bounds the password hashes computed at once: each takes
	// 19 MiB and a core for some 30 ms, and a burst of log-ins must not
	// exhaust the memory.
	hashing chan struct{}
	// cache keeps what requests authenticate with (authcache.go).
	cache *authCache
}

var _ domain.AccountStore = (*Accounts)(nil)

func newAccounts(d *DB) *Accounts {
	cache := newAuthCache()
	cached := func(name string) collection {
		c := d.collection(name)
		c.changed = cache.clear
		return c
	}
	return &Accounts{
		db:              d,
		cache:           cache,
		users:           cached(usersCollection),
		sessions:        cached(sessionsCollection),
		tokens:          cached(tokensCollection),
		throttle:        d.collection(throttleCollection),
		locks:           d.collection(locksCollection),
		IdleTimeout:     time.Hour,
		AbsoluteTimeout: 12 * time.Hour,
		Throttle:        domain.DefaultThrottle,
		hashing:         make(chan struct{}, max(1, runtime.GOMAXPROCS(0))),
	}
}

func (a *Accounts) ensureIndexes(ctx context.Context) error {
	if err := createIndexes(ctx, a.users.Collection, []mongo.IndexModel{
		{Keys: bson.D{{Key: "id", Value: 1}}, Options: options.Index().SetUnique(true)},
	}); err != nil {
		return err
	}
	if err := createIndexes(ctx, a.sessions.Collection, []mongo.IndexModel{
		{Keys: bson.D{{Key: "user_id", Value: 1}}},
		{Keys: bson.D{{Key: "expires_at", Value: 1}}},
	}); err != nil {
		return err
	}
	return createIndexes(ctx, a.tokens.Collection, []mongo.IndexModel{
		{Keys: bson.D{{Key: "id", Value: 1}}, Options: options.Index().SetUnique(true)},
		{Keys: bson.D{{Key: "email", Value: 1}}},
	})
}

type userDoc struct {
	Email        string    `bson:"_id"`
	ID           string    `bson:"id"`
	Name         string    `bson:"name"`
	Role         string    `bson:"role"`
	Disabled     bool      `bson:"disabled"`
	Generation   int64     `bson:"generation"`
	PasswordHash string    `bson:"password_hash"`
	CreatedAt    time.Time `bson:"created_at"`
	UpdatedAt    time.Time `bson:"updated_at"`
	// Disables counts the times the user was disabled. A token or
	// calendar feed made before the last one stays ended when the user is
	// enabled again.
	Disables int64 `bson:"disables,omitempty"`
}

func (u *userDoc) user() domain.User {
	return domain.User{
		ID: u.ID, Email: u.Email, Name: u.Name, Role: domain.Role(u.Role), Disabled: u.Disabled,
		Generation: u.Generation, CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC(),
	}
}

type sessionDoc struct {
	Hash       string    `bson:"_id"`
	ID         string    `bson:"id"`
	UserID     string    `bson:"user_id"`
	Email      string    `bson:"email"`
	Generation int64     `bson:"generation"`
	CreatedAt  time.Time `bson:"created_at"`
	LastSeenAt time.Time `bson:"last_seen_at"`
	ExpiresAt  time.Time `bson:"expires_at"`
	IP         string    `bson:"ip,omitempty"`
	UserAgent  string    `bson:"user_agent,omitempty"`
}

type tokenDoc struct {
	Hash       string    `bson:"_id"`
	ID         string    `bson:"id"`
	Name       string    `bson:"name"`
	UserID     string    `bson:"user_id"`
	Email      string    `bson:"email"`
	CreatedAt  time.Time `bson:"created_at"`
	LastUsedAt time.Time `bson:"last_used_at,omitempty"`
	// Disables is the user's when the token was made (see userDoc).
	Disables int64 `bson:"disables,omitempty"`
}

func (t *tokenDoc) token() domain.Token {
	tok := domain.Token{ID: t.ID, Name: t.Name, UserID: t.UserID, Email: t.Email, CreatedAt: t.CreatedAt.UTC()}
	if !t.LastUsedAt.IsZero() {
		tok.LastUsedAt = t.LastUsedAt.UTC()
	}
	return tok
}

// secretHash is the key a secret is stored under.
func secretHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// wellFormed reports whether s could be a secret we gave out, so that junk
// never reaches the store.
func wellFormed(s, prefix string) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || len(rest) != secretLen {
		return false
	}
	for _, c := range rest {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

var errBadLogin = domain.Errorf(domain.EUNAUTHORIZED, "wrong email or password")

// findUser returns the stored user with the email, normalised; ok is false
// when there is none or the email is not one.
func (a *Accounts) findUser(ctx context.Context, email string) (u userDoc, ok bool, err error) {
	e, err := domain.NormalizeEmail(email)
	if err != nil {
		return u, false, nil
	}
	err = a.users.FindOne(ctx, bson.D{{Key: "_id", Value: e}}).Decode(&u)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return u, false, nil
	}
	if err != nil {
		return u, false, storeError(err, "user")
	}
	return u, true, nil
}

// authUser is findUser for authenticating a request: from the cache when
// it holds the user. Changes to users read the store (findUser).
func (a *Accounts) authUser(ctx context.Context, email string) (u userDoc, ok bool, err error) {
	e, err := domain.NormalizeEmail(email)
	if err != nil {
		return u, false, nil
	}
	if u, ok := a.cache.user(e); ok {
		return u, true, nil
	}
	gen := a.cache.generation()
	err = a.users.FindOne(ctx, bson.D{{Key: "_id", Value: e}}).Decode(&u)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return u, false, nil
	}
	if err != nil {
		return u, false, storeError(err, "user")
	}
	keep(a.cache, gen, usersOf, e, u)
	return u, true, nil
}

// mustFindUser is findUser for a user that has to exist.
// Errors: ENOTFOUND.
func (a *Accounts) mustFindUser(ctx context.Context, email string) (userDoc, error) {
	u, ok, err := a.findUser(ctx, email)
	if err == nil && !ok {
		err = domain.Errorf(domain.ENOTFOUND, "no user with the email %q", email)
	}
	return u, err
}

// checkPassword compares the password with the hash, or spends the same
// time when there is no hash, one hash at a time per core.
func (a *Accounts) checkPassword(ctx context.Context, hash, pw string) (bool, error) {
	select {
	case a.hashing <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-a.hashing }()
	if hash == "" {
		return domain.CheckNoPassword(pw), nil
	}
	return domain.CheckPassword(hash, pw), nil
}

func (a *Accounts) hashPassword(ctx context.Context, pw string) (string, error) {
	select {
	case a.hashing <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-a.hashing }()
	return domain.HashPassword(pw)
}

// Authenticate checks the email and password and opens a session. Every
// failure reads the same to the caller and costs the same time; the audit
// log says which it was. A refusal for throttling is not logged, so that an
// attack cannot fill the log.
// Errors: EUNAUTHORIZED, ETOOMANY.
func (a *Accounts) Authenticate(ctx context.Context, email, password string, from domain.Origin) (domain.Session, error) {
	u, err := a.verify(ctx, email, password, from)
	if err != nil {
		return domain.Session{}, err
	}
	s, err := a.openSession(ctx, u, from)
	if err != nil {
		return s, err
	}
	_, err = a.db.Audit.Record(ctx, domain.AuditEntry{
		Actor: s.Actor(from.IP, from.UserAgent), Action: domain.ActionLogin,
		Record: domain.RecordRef{Type: domain.TypeUser, ID: u.ID, Name: u.Email},
	})
	return s, err
}

// verify checks the password of the user with the email, counting and
// logging failures. The attempt is counted before the password is checked
// (see takeAttempt): of attempts sent at once, only as many as the limits
// allow reach the check. Errors: EUNAUTHORIZED, ETOOMANY.
func (a *Accounts) verify(ctx context.Context, email, password string, from domain.Origin) (userDoc, error) {
	keys := a.throttleKeys(email, from.IP)
	slots, err := a.takeAttempt(ctx, keys, a.db.now())
	if err != nil {
		return userDoc{}, err
	}
	u, found, err := a.findUser(ctx, email)
	if err == nil {
		var ok bool
		if ok, err = a.checkPassword(ctx, u.PasswordHash, password); err == nil && found && ok && !u.Disabled {
			// A success ends the account's run of failures, and is none
			// itself for the address.
			return u, a.giveBack(ctx, append(a.slotsOf(keys[0]), slots[1:]...))
		}
	}
	if err != nil {
		// No verdict (the store failed, the client left while waiting for
		// the hash): nothing was learnt, so nothing is counted.
		_ = a.giveBack(ctx, slots)
		return u, err
	}
	failed := domain.AuditEntry{Actor: domain.Actor{IP: from.IP, UserAgent: from.UserAgent}, Action: domain.ActionLoginFailed}
	switch {
	case !found:
		failed.Note = "unknown email"
		failed.Actor.Email, _ = domain.NormalizeEmail(email)
	case u.Disabled:
		failed.Note = "user disabled"
	default:
		failed.Note = "wrong password"
	}
	if found {
		failed.Actor.UserID, failed.Actor.Email = u.ID, u.Email
		failed.Record = domain.RecordRef{Type: domain.TypeUser, ID: u.ID, Name: u.Email}
	}
	if _, err := a.db.Audit.Record(ctx, failed); err != nil {
		return u, err
	}
	return u, errBadLogin
}

// throttleKey is one counter of failed log-ins and its limit.
type throttleKey struct {
	id    string
	limit int
}

// throttleKeys are the account's counter (always first) and the address's.
// An email that is not one is still counted, by its text.
func (a *Accounts) throttleKeys(email, ip string) []throttleKey {
	e, err := domain.NormalizeEmail(email)
	if err != nil {
		e = strings.ToLower(strings.TrimSpace(email))
		if len(e) > 300 {
			e = e[:300]
		}
	}
	keys := []throttleKey{{id: "account:" + e, limit: a.Throttle.AccountLimit}}
	if ip != "" {
		keys = append(keys, throttleKey{id: "address:" + ip, limit: a.Throttle.AddressLimit})
	}
	return keys
}

// A counter of log-in failures is as many slots as its limit: documents
// "<counter>/<i>" in the throttle collection, each holding when it was
// taken. An attempt takes a slot of each counter before its password is
// checked, by inserting it: an insert into a unique _id is the one write
// every server makes atomic (FerretDB applies $inc or $push by reading and
// writing back, so concurrent counts there are lost). A slot taken within
// the window is a failure counted or an attempt under way; when every slot
// is, the attempt is refused without a check. A slot whose time has left
// the window is taken over by whoever first inserts the ticket
// "<slot>!<nonce>" naming the occupant they saw, so that two attempts
// never take over the same one.
type throttleSlot struct {
	ID    string    `bson:"_id"`
	At    time.Time `bson:"at"`
	Nonce string    `bson:"nonce,omitempty"`
}

// slotsOf are the ids of the counter's slots.
func (a *Accounts) slotsOf(k throttleKey) []string {
	ids := make([]string, k.limit)
	for i := range ids {
		ids[i] = k.id + "/" + strconv.Itoa(i)
	}
	return ids
}

// takeAttempt takes a slot of each counter, in order, and returns their
// ids; when a counter has none free it gives back what it took and returns
// ETOOMANY with the wait until one frees.
func (a *Accounts) takeAttempt(ctx context.Context, keys []throttleKey, now time.Time) ([]string, error) {
	var taken []string
	for _, k := range keys {
		id, wait, err := a.takeSlot(ctx, k, now)
		if err == nil && id == "" {
			err = domain.TooManyAttempts(wait)
		}
		if err != nil {
			_ = a.giveBack(ctx, taken)
			return nil, err
		}
		taken = append(taken, id)
	}
	return taken, nil
}

// takeSlot takes a free slot of the counter and returns its id, or "" and
// how long until the oldest slot in the window leaves it. It starts at a
// random slot, so that attempts arriving together seldom try the same.
func (a *Accounts) takeSlot(ctx context.Context, k throttleKey, now time.Time) (string, time.Duration, error) {
	ids := a.slotsOf(k)
	first := rand.IntN(len(ids)) //nolint:gosec // spreads contention; nothing depends on it being unguessable
	// The wait is until the oldest slot leaves the window. Another
	// attempt's clock may be ahead of ours: its slot counts all the same.
	wait := a.Throttle.Window
	for j := range ids {
		id := ids[(first+j)%len(ids)]
		at, ok, err := a.takeOne(ctx, id, now)
		if err != nil || ok {
			return id, 0, err
		}
		wait = min(wait, at.Add(a.Throttle.Window).Sub(now))
	}
	return "", wait, nil
}

// takeOne takes the slot if it is free or out of the window; otherwise it
// returns when its occupant took it.
func (a *Accounts) takeOne(ctx context.Context, id string, now time.Time) (time.Time, bool, error) {
	mine := throttleSlot{ID: id, At: now, Nonce: newID()}
	// A slot freed or taken over between two steps is tried again, a few
	// times at most.
	for range 3 {
		_, err := a.throttle.InsertOne(ctx, mine)
		if err == nil {
			return now, true, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return time.Time{}, false, storeError(err, "log-in failures")
		}
		var held throttleSlot
		err = a.throttle.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&held)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return time.Time{}, false, storeError(err, "log-in failures")
		}
		if held.At.After(now.Add(-a.Throttle.Window)) {
			return held.At, false, nil
		}
		_, err = a.throttle.InsertOne(ctx, throttleSlot{ID: id + "!" + held.Nonce, At: now})
		if mongo.IsDuplicateKeyError(err) {
			return held.At, false, nil // another attempt took it over
		}
		if err != nil {
			return time.Time{}, false, storeError(err, "log-in failures")
		}
		res, err := a.throttle.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, mine)
		if err != nil {
			return time.Time{}, false, storeError(err, "log-in failures")
		}
		if res.MatchedCount == 1 {
			return now, true, nil
		}
		// Cleared meanwhile by a success or a purge: insert it afresh.
	}
	return now, false, nil
}

// giveBack frees the slots, even when the request has ended: they count
// no failure.
func (a *Accounts) giveBack(ctx context.Context, ids []string) error {
	ctx = context.WithoutCancel(ctx)
	for _, id := range ids {
		if _, err := a.throttle.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
			return storeError(err, "log-in failures")
		}
	}
	return nil
}

// openSession stores a new session for the user.
func (a *Accounts) openSession(ctx context.Context, u userDoc, from domain.Origin) (domain.Session, error) {
	now := a.db.now()
	secret := domain.NewSecret("")
	d := sessionDoc{
		Hash: secretHash(secret), ID: newID(), UserID: u.ID, Email: u.Email, Generation: u.Generation,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(a.AbsoluteTimeout), IP: from.IP, UserAgent: from.UserAgent,
	}
	if _, err := a.sessions.InsertOne(ctx, d); err != nil {
		return domain.Session{}, storeError(err, "session")
	}
	s := d.session(u.user())
	s.Secret = secret
	return s, nil
}

func (d *sessionDoc) session(u domain.User) domain.Session {
	return domain.Session{
		ID: d.ID, User: u, CreatedAt: d.CreatedAt.UTC(), LastSeenAt: d.LastSeenAt.UTC(), ExpiresAt: d.ExpiresAt.UTC(),
		IP: d.IP, UserAgent: d.UserAgent,
	}
}

var errNoSession = domain.Errorf(domain.EUNAUTHORIZED, "not signed in, or the session has ended")

// SessionByToken returns the session whose secret is given, with its user as
// stored now, so that a change of role shows at once; it ends a session that
// has timed out, whose user is disabled or whose password changed since.
// Errors: EUNAUTHORIZED.
func (a *Accounts) SessionByToken(ctx context.Context, secret string, now time.Time) (domain.Session, error) {
	if !wellFormed(secret, "") {
		return domain.Session{}, errNoSession
	}
	hash := secretHash(secret)
	key := bson.D{{Key: "_id", Value: hash}}
	if d, ok := a.cache.session(hash); ok {
		if s, ok, err := a.sessionOf(ctx, d, now); ok || err != nil {
			return s, err
		}
		// Ended by what the cache holds: the store decides.
		a.cache.clear()
	}
	gen := a.cache.generation()
	var d sessionDoc
	err := a.sessions.FindOne(ctx, key).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return domain.Session{}, errNoSession
	}
	if err != nil {
		return domain.Session{}, storeError(err, "session")
	}
	keep(a.cache, gen, sessionsOf, hash, d)
	s, ok, err := a.sessionOf(ctx, d, now)
	if ok || err != nil {
		return s, err
	}
	if _, err := a.sessions.DeleteOne(ctx, key); err != nil {
		return domain.Session{}, storeError(err, "session")
	}
	return domain.Session{}, errNoSession
}

// sessionOf checks the session as read (from the store or the cache) and
// returns it with its user; ok is false when it has ended. It moves the
// session's last use on once per touchEvery.
func (a *Accounts) sessionOf(ctx context.Context, d sessionDoc, now time.Time) (domain.Session, bool, error) {
	if !now.Before(d.ExpiresAt) || !now.Before(d.LastSeenAt.Add(a.IdleTimeout)) {
		return domain.Session{}, false, nil
	}
	u, found, err := a.authUser(ctx, d.Email)
	if err != nil {
		return domain.Session{}, false, err
	}
	if !found || u.ID != d.UserID || u.Disabled || u.Generation != d.Generation {
		return domain.Session{}, false, nil
	}
	if now.Sub(d.LastSeenAt) >= touchEvery {
		d.LastSeenAt = now.UTC().Truncate(time.Millisecond)
		if _, err := a.sessions.UpdateOne(ctx, bson.D{{Key: "_id", Value: d.Hash}}, bson.D{{Key: "$set", Value: bson.D{{Key: "last_seen_at", Value: d.LastSeenAt}}}}); err != nil {
			return domain.Session{}, false, storeError(err, "session")
		}
	}
	return d.session(u.user()), true, nil
}

// Logout ends the session whose secret is given. The audit entry's actor is
// the context's, or else the session's user.
func (a *Accounts) Logout(ctx context.Context, secret string) error {
	if !wellFormed(secret, "") {
		return nil
	}
	var d sessionDoc
	err := a.sessions.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: secretHash(secret)}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return storeError(err, "session")
	}
	actor, ok := domain.ActorFrom(ctx)
	if !ok {
		actor = domain.Actor{UserID: d.UserID, Email: d.Email, SessionID: d.ID}
	}
	_, err = a.db.Audit.Record(ctx, domain.AuditEntry{
		Actor: actor, Action: domain.ActionLogout,
		Record: domain.RecordRef{Type: domain.TypeUser, ID: d.UserID, Name: d.Email},
	})
	return err
}

// ChangePassword changes the user's password when current is right, ends
// every session of the user (theirs included), and opens a new one for the
// caller. A wrong current password counts as a failed log-in.
// Errors: EUNAUTHORIZED, EINVALID, ETOOMANY.
func (a *Accounts) ChangePassword(ctx context.Context, email, current, next string, from domain.Origin) (domain.Session, error) {
	if err := domain.ValidatePassword(next); err != nil {
		return domain.Session{}, err
	}
	u, err := a.verify(ctx, email, current, from)
	if err != nil {
		return domain.Session{}, err
	}
	hash, err := a.hashPassword(ctx, next)
	if err != nil {
		return domain.Session{}, err
	}
	u.PasswordHash, u.Generation, u.UpdatedAt = hash, u.Generation+1, a.db.now()
	if _, err := a.users.UpdateOne(ctx, bson.D{{Key: "_id", Value: u.Email}}, bson.D{
		{Key: "$set", Value: bson.D{{Key: "password_hash", Value: hash}, {Key: "updated_at", Value: u.UpdatedAt}}},
		{Key: "$inc", Value: bson.D{{Key: "generation", Value: 1}}},
	}); err != nil {
		return domain.Session{}, storeError(err, "user")
	}
	s, err := a.openSession(ctx, u, from)
	if err != nil {
		return s, err
	}
	_, err = a.db.Audit.Record(ctx, domain.AuditEntry{
		Actor: s.Actor(from.IP, from.UserAgent), Action: domain.ActionUserPassword,
		Record: domain.RecordRef{Type: domain.TypeUser, ID: u.ID, Name: u.Email},
	})
	return s, err
}

var errNoToken = domain.Errorf(domain.EUNAUTHORIZED, "unknown or revoked API token")

// TokenUser returns the token whose secret is given and its user as stored
// now; the token acts with that user's role.
// Errors: EUNAUTHORIZED (unknown or revoked token, user disabled).
func (a *Accounts) TokenUser(ctx context.Context, secret string) (domain.User, domain.Token, error) {
	if !wellFormed(secret, tokenPrefix) {
		return domain.User{}, domain.Token{}, errNoToken
	}
	hash := secretHash(secret)
	key := bson.D{{Key: "_id", Value: hash}}
	t, cached := a.cache.token(hash)
	if !cached {
		gen := a.cache.generation()
		err := a.tokens.FindOne(ctx, key).Decode(&t)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return domain.User{}, domain.Token{}, errNoToken
		}
		if err != nil {
			return domain.User{}, domain.Token{}, storeError(err, "token")
		}
		keep(a.cache, gen, tokensOf, hash, t)
	}
	u, found, err := a.authUser(ctx, t.Email)
	if err != nil {
		return domain.User{}, domain.Token{}, err
	}
	if !found || u.ID != t.UserID || u.Disabled || u.Disables != t.Disables {
		if cached {
			// Refused on what the cache holds: the store decides.
			a.cache.clear()
			return a.TokenUser(ctx, secret)
		}
		return domain.User{}, domain.Token{}, errNoToken
	}
	if now := a.db.now(); now.Sub(t.LastUsedAt) >= touchEvery {
		t.LastUsedAt = now
		if _, err := a.tokens.UpdateOne(ctx, key, bson.D{{Key: "$set", Value: bson.D{{Key: "last_used_at", Value: now}}}}); err != nil {
			return domain.User{}, domain.Token{}, storeError(err, "token")
		}
	}
	return u.user(), t.token(), nil
}

// Purge removes the sessions that have ended and the log-in failures out of
// their window; stores without TTL indexes (FerretDB) need it now and then.
// It reads both collections whole.
func (a *Accounts) Purge(ctx context.Context, now time.Time) (int64, error) {
	res, err := a.sessions.DeleteMany(ctx, bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lte", Value: now}}}},
		bson.D{{Key: "last_seen_at", Value: bson.D{{Key: "$lte", Value: now.Add(-a.IdleTimeout)}}}},
	}}})
	if err != nil {
		return 0, storeError(err, "sessions")
	}
	n := res.DeletedCount
	// Slots and tickets out of the window, and the counters of before
	// slots, which have no "at".
	res, err = a.throttle.DeleteMany(ctx, bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "at", Value: bson.D{{Key: "$lte", Value: now.Add(-a.Throttle.Window)}}}},
		bson.D{{Key: "at", Value: bson.D{{Key: "$exists", Value: false}}}},
	}}})
	if err != nil {
		return n, storeError(err, "log-in failures")
	}
	n += res.DeletedCount
	return n, nil
}

// userRef names a user in audit entries.
func userRef(u userDoc) domain.RecordRef {
	return domain.RecordRef{Type: domain.TypeUser, ID: u.ID, Name: u.Email}
}

// CreateUser adds a user.
// Errors: EFORBIDDEN, EINVALID, ECONFLICT (the email is taken).
func (a *Accounts) CreateUser(ctx context.Context, n domain.NewUser) (domain.User, error) {
	if err := domain.Require(ctx, domain.PermManageUsers); err != nil {
		return domain.User{}, err
	}
	if err := n.Validate(); err != nil {
		return domain.User{}, err
	}
	hash, err := a.hashPassword(ctx, n.Password)
	if err != nil {
		return domain.User{}, err
	}
	now := a.db.now()
	d := userDoc{Email: n.Email, ID: newID(), Name: n.Name, Role: string(n.Role), PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
	if _, err := a.users.InsertOne(ctx, d); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return domain.User{}, &domain.Error{Code: domain.ECONFLICT, Message: "a user with this email exists", Fields: map[string]string{"email": "is taken"}}
		}
		return domain.User{}, storeError(err, "user")
	}
	_, err = a.db.Audit.Record(ctx, domain.AuditEntry{Action: domain.ActionUserCreate, Record: userRef(d), Note: "role " + d.Role})
	return d.user(), err
}

// Users lists every user by email.
// Errors: EFORBIDDEN.
func (a *Accounts) Users(ctx context.Context) ([]domain.User, error) {
	if err := domain.Require(ctx, domain.PermManageUsers); err != nil {
		return nil, err
	}
	docs, err := a.allUsers(ctx, bson.D{})
	if err != nil {
		return nil, err
	}
	users := make([]domain.User, len(docs))
	for i := range docs {
		users[i] = docs[i].user()
	}
	return users, nil
}

// allUsers returns the users the filter keeps, by email. The users are few:
// reading them all is cheap on any store.
func (a *Accounts) allUsers(ctx context.Context, filter bson.D) ([]userDoc, error) {
	cur, err := a.users.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, storeError(err, "users")
	}
	docs := []userDoc{}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, storeError(err, "users")
	}
	return docs, nil
}

// UserByEmail returns the user with the email: any user to an admin, only
// oneself to others.
// Errors: EFORBIDDEN, ENOTFOUND.
func (a *Accounts) UserByEmail(ctx context.Context, email string) (domain.User, error) {
	if err := requireSelfOr(ctx, email, domain.PermManageUsers); err != nil {
		return domain.User{}, err
	}
	u, err := a.mustFindUser(ctx, email)
	return u.user(), err
}

// requireSelfOr allows the actor whose email is given, or one whose role has
// the permission.
func requireSelfOr(ctx context.Context, email string, p domain.Permission) error {
	actor, _ := domain.ActorFrom(ctx)
	if e, err := domain.NormalizeEmail(email); err == nil && actor.Email == e && actor.UserID != "" {
		return nil
	}
	return domain.Require(ctx, p)
}

// SetRole changes a user's role; their sessions and tokens act with it from
// their next request.
// Errors: EFORBIDDEN, EINVALID, ENOTFOUND, ECONFLICT (the last enabled
// admin, or another change of the users that holds too long).
func (a *Accounts) SetRole(ctx context.Context, email string, r domain.Role) (domain.User, error) {
	if err := domain.Require(ctx, domain.PermManageUsers); err != nil {
		return domain.User{}, err
	}
	if !r.Valid() {
		return domain.User{}, domain.FieldErrors(map[string]string{"role": "must be one of: viewer, officer, admin"})
	}
	var u userDoc
	err := a.oneAtATime(ctx, func(ctx context.Context) error {
		var err error
		if u, err = a.mustFindUser(ctx, email); err != nil || u.Role == string(r) {
			return err
		}
		if u.Role == string(domain.RoleAdmin) && !u.Disabled {
			if err := a.keepAnAdmin(ctx, "lose the admin role"); err != nil {
				return err
			}
		}
		before := u.Role
		u.Role, u.UpdatedAt = string(r), a.db.now()
		if _, err := a.users.UpdateOne(ctx, bson.D{{Key: "_id", Value: u.Email}}, bson.D{{Key: "$set", Value: bson.D{
			{Key: "role", Value: u.Role}, {Key: "updated_at", Value: u.UpdatedAt},
		}}}); err != nil {
			return storeError(err, "user")
		}
		changes, err := domain.Diff(map[string]string{"role": before}, map[string]string{"role": u.Role})
		if err != nil {
			return err
		}
		_, err = a.db.Audit.Record(ctx, domain.AuditEntry{Action: domain.ActionUserSetRole, Record: userRef(u), Changes: changes})
		return err
	})
	if err != nil {
		return domain.User{}, err
	}
	return u.user(), nil
}

// keepAnAdmin refuses a change that would leave no enabled admin, which
// only the command line could mend. Call it under oneAtATime.
func (a *Accounts) keepAnAdmin(ctx context.Context, what string) error {
	admins, err := a.allUsers(ctx, bson.D{{Key: "role", Value: string(domain.RoleAdmin)}, {Key: "disabled", Value: false}})
	if err != nil {
		return err
	}
	if len(admins) <= 1 {
		return domain.Errorf(domain.ECONFLICT, "the last enabled admin cannot %s", what)
	}
	return nil
}

// Changes of role and of disabled are made one at a time, under a lock in
// the store that every instance shares: the check that an enabled admin
// remains reads the users, and two changes checked at once (two admins
// demoting each other) would both pass it. With no transactions, the lock
// is a document inserted into a unique _id. One older than usersLockTTL
// was left by a process that died holding it, and is taken over by
// whoever first inserts the ticket "<lock>!<owner>" naming it; a holder
// finishes well within that time (usersLockHold) or gives up.
const (
	usersLock = "users"
	// usersLockTTL is a record's claimTTL: a change takes a few commands,
	// but a store under load may be slow.
	usersLockTTL  = 30 * time.Second
	usersLockHold = usersLockTTL / 2
	usersLockWait = usersLockTTL + 5*time.Second
)

type lockDoc struct {
	ID    string    `bson:"_id"`
	Owner string    `bson:"owner,omitempty"`
	At    time.Time `bson:"at"`
}

var errUsersBusy = domain.Errorf(domain.ECONFLICT, "another change of the users is under way; try again")

// oneAtATime runs change under the users' lock, waiting for it a while.
// The change runs to its end even if the client hangs up, within
// usersLockHold. Errors: ECONFLICT (the lock stayed held), and change's.
func (a *Accounts) oneAtATime(ctx context.Context, change func(ctx context.Context) error) error {
	owner := newID()
	deadline := time.Now().Add(usersLockWait)
	for pause := time.Millisecond; ; pause = min(2*pause, 50*time.Millisecond) {
		now := a.db.now()
		_, err := a.locks.InsertOne(ctx, lockDoc{ID: usersLock, Owner: owner, At: now})
		if err == nil {
			break
		}
		if !mongo.IsDuplicateKeyError(err) {
			return storeError(err, "users' lock")
		}
		var held lockDoc
		err = a.locks.FindOne(ctx, bson.D{{Key: "_id", Value: usersLock}}).Decode(&held)
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
			continue // released meanwhile
		case err != nil:
			return storeError(err, "users' lock")
		case now.Sub(held.At) >= usersLockTTL:
			_, err := a.locks.InsertOne(ctx, lockDoc{ID: usersLock + "!" + held.Owner, At: now})
			if err == nil {
				if _, err := a.locks.DeleteOne(ctx, bson.D{{Key: "_id", Value: usersLock}}); err != nil {
					return storeError(err, "users' lock")
				}
				continue
			}
			if !mongo.IsDuplicateKeyError(err) {
				return storeError(err, "users' lock")
			}
		}
		if time.Now().After(deadline) {
			return errUsersBusy
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	hold, cancel := context.WithTimeout(context.WithoutCancel(ctx), usersLockHold)
	defer cancel()
	err := change(hold)
	// Released only while still ours: had the change outlasted the TTL,
	// the lock may be another's now.
	var held lockDoc
	rctx := context.WithoutCancel(ctx)
	if a.locks.FindOne(rctx, bson.D{{Key: "_id", Value: usersLock}}).Decode(&held) == nil && held.Owner == owner {
		_, _ = a.locks.DeleteOne(rctx, bson.D{{Key: "_id", Value: usersLock}})
	}
	return err
}

// SetDisabled disables or enables a user. Disabling ends their sessions,
// tokens and calendar feed for good: enabling them again revives none (a
// token or feed made while disabling was under way included, through the
// count of disablings it carries).
// Errors: EFORBIDDEN, ENOTFOUND, ECONFLICT (the last enabled admin, or
// another change of the users that holds too long).
func (a *Accounts) SetDisabled(ctx context.Context, email string, disabled bool) (domain.User, error) {
	if err := domain.Require(ctx, domain.PermManageUsers); err != nil {
		return domain.User{}, err
	}
	var u userDoc
	err := a.oneAtATime(ctx, func(ctx context.Context) error {
		var err error
		if u, err = a.mustFindUser(ctx, email); err != nil || u.Disabled == disabled {
			return err
		}
		action := domain.ActionUserEnable
		update := bson.D{{Key: "$set", Value: bson.D{{Key: "disabled", Value: disabled}, {Key: "updated_at", Value: a.db.now()}}}}
		if disabled {
			if u.Role == string(domain.RoleAdmin) {
				if err := a.keepAnAdmin(ctx, "be disabled"); err != nil {
					return err
				}
			}
			action = domain.ActionUserDisable
			update = append(update,
				bson.E{Key: "$inc", Value: bson.D{{Key: "generation", Value: 1}, {Key: "disables", Value: 1}}},
				bson.E{Key: "$unset", Value: unsetFeed()})
			u.Generation++
			u.Disables++
		}
		if _, err := a.users.UpdateOne(ctx, bson.D{{Key: "_id", Value: u.Email}}, update); err != nil {
			return storeError(err, "user")
		}
		u.Disabled, u.UpdatedAt = disabled, a.db.now()
		var note string
		if disabled {
			// Already ended by the count; removed so that no list shows them.
			if note, err = a.removeCredentials(ctx, u); err != nil {
				return err
			}
		}
		_, err = a.db.Audit.Record(ctx, domain.AuditEntry{Action: action, Record: userRef(u), Note: note})
		return err
	})
	if err != nil {
		return domain.User{}, err
	}
	return u.user(), nil
}

// removeCredentials removes the tokens and the calendar feed of a user just
// disabled, and says how many tokens there were.
func (a *Accounts) removeCredentials(ctx context.Context, u userDoc) (string, error) {
	res, err := a.tokens.DeleteMany(ctx, bson.D{{Key: "email", Value: u.Email}})
	if err != nil {
		return "", storeError(err, "tokens")
	}
	if _, err := a.feeds().DeleteMany(ctx, bson.D{{Key: "email", Value: u.Email}}); err != nil {
		return "", storeError(err, "calendar feed")
	}
	switch res.DeletedCount {
	case 0:
		return "", nil
	case 1:
		return "its API token revoked", nil
	}
	return fmt.Sprintf("its %d API tokens revoked", res.DeletedCount), nil
}

// CreateToken makes an API token for the user with the email and returns it
// with its secret, which is kept only as a hash: it cannot be shown again.
// Errors: EFORBIDDEN (another user's, unless an admin), EINVALID (name, or
// the user is disabled), ENOTFOUND.
func (a *Accounts) CreateToken(ctx context.Context, email, name string) (domain.Token, string, error) {
	if err := requireSelfOr(ctx, email, domain.PermManageTokens); err != nil {
		return domain.Token{}, "", err
	}
	if err := domain.ValidateTokenName(name); err != nil {
		return domain.Token{}, "", err
	}
	u, err := a.mustFindUser(ctx, email)
	if err != nil {
		return domain.Token{}, "", err
	}
	if u.Disabled {
		return domain.Token{}, "", domain.FieldErrors(map[string]string{"email": "the user is disabled"})
	}
	secret := domain.NewSecret(tokenPrefix)
	d := tokenDoc{Hash: secretHash(secret), ID: newID(), Name: strings.TrimSpace(name), UserID: u.ID, Email: u.Email, CreatedAt: a.db.now(), Disables: u.Disables}
	if _, err := a.tokens.InsertOne(ctx, d); err != nil {
		return domain.Token{}, "", storeError(err, "token")
	}
	_, err = a.db.Audit.Record(ctx, domain.AuditEntry{
		Action: domain.ActionTokenCreate, Record: domain.RecordRef{Type: domain.TypeToken, ID: d.ID, Name: d.Name}, Note: "for " + u.Email,
	})
	return d.token(), secret, err
}

// Tokens lists the tokens of the user with the email, or every token for
// "", oldest first.
// Errors: EFORBIDDEN.
func (a *Accounts) Tokens(ctx context.Context, email string) ([]domain.Token, error) {
	filter := bson.D{}
	if email == "" {
		if err := domain.Require(ctx, domain.PermManageTokens); err != nil {
			return nil, err
		}
	} else {
		if err := requireSelfOr(ctx, email, domain.PermManageTokens); err != nil {
			return nil, err
		}
		e, err := domain.NormalizeEmail(email)
		if err != nil {
			return []domain.Token{}, nil
		}
		filter = bson.D{{Key: "email", Value: e}}
	}
	cur, err := a.tokens.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "id", Value: 1}}))
	if err != nil {
		return nil, storeError(err, "tokens")
	}
	var docs []tokenDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, storeError(err, "tokens")
	}
	tokens := make([]domain.Token, len(docs))
	for i := range docs {
		tokens[i] = docs[i].token()
	}
	return tokens, nil
}

// RevokeToken removes the token with the id (not its secret); it stops
// working at once.
// Errors: EFORBIDDEN (another user's, unless an admin), ENOTFOUND.
func (a *Accounts) RevokeToken(ctx context.Context, id string) error {
	var d tokenDoc
	err := a.tokens.FindOne(ctx, bson.D{{Key: "id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return domain.Errorf(domain.ENOTFOUND, "no token with the id %q", id)
	}
	if err != nil {
		return storeError(err, "token")
	}
	if err := requireSelfOr(ctx, d.Email, domain.PermManageTokens); err != nil {
		return err
	}
	if _, err := a.tokens.DeleteOne(ctx, bson.D{{Key: "_id", Value: d.Hash}}); err != nil {
		return storeError(err, "token")
	}
	_, err = a.db.Audit.Record(ctx, domain.AuditEntry{
		Action: domain.ActionTokenRevoke, Record: domain.RecordRef{Type: domain.TypeToken, ID: d.ID, Name: d.Name}, Note: "of " + d.Email,
	})
	return err
}

// DefaultAdminEmail is the email of the admin made at the first start.
const DefaultAdminEmail = "admin@localhost"

// EnsureAdmin makes an admin with a generated password when there is no user
// at all, and returns the credentials to show once; created is false when
// there were users already (or another instance made the admin first).
func (a *Accounts) EnsureAdmin(ctx context.Context, email string) (_ domain.Credentials, created bool, _ error) {
	if email == "" {
		email = DefaultAdminEmail
	}
	err := a.users.FindOne(ctx, bson.D{}).Err()
	if err == nil {
		return domain.Credentials{}, false, nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return domain.Credentials{}, false, storeError(err, "users")
	}
	c := domain.Credentials{Email: email, Password: domain.NewPassword()}
	ctx = domain.WithActor(ctx, domain.SystemActor("serve", "first start: no user yet"))
	u, err := a.CreateUser(ctx, domain.NewUser{Email: c.Email, Name: "Administrator", Role: domain.RoleAdmin, Password: c.Password})
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return domain.Credentials{}, false, nil
	}
	if err != nil {
		return domain.Credentials{}, false, fmt.Errorf("create the first admin: %w", err)
	}
	c.Email = u.Email
	return c, true, nil
}
