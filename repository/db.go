// Package repository keeps cooptrack's records in MongoDB (or FerretDB)
// through the official driver. It owns the collections, their indexes, the
// mapping between records and documents, and the translation of driver
// errors into domain errors.
//
// It stays inside the subset of MongoDB that the embedded FerretDB, FerretDB
// on PostgreSQL and MongoDB answer alike (STORE_COMPAT.md): no transactions,
// no $lookup, no positional updates. Writes are ordered so that a crash
// between two of them leaves nothing that a later write or `reindex`
// cannot mend.
//
// It imports domain (and domain/extract for matching) and the driver;
// nothing of web.
package repository

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain"
)

// DB is a connection to one database, shared by the stores of every kind.
type DB struct {
	client *mongo.Client
	db     *mongo.Database

	// Now gives the current time; tests set it to fix the clock.
	Now func() time.Time

	Organizations *Records[*domain.Organization]
	People        *Records[*domain.Person]
	Agreements    *Records[*domain.Agreement]
	Events        *Records[*domain.Event]
	Programs      *Records[*domain.Program]
	Sources       *Records[*domain.Source]

	// Accounts keeps users, sessions and API tokens; Audit the audit log.
	Accounts *Accounts
	Audit    *Audit
	// Imports keeps what a user's import needs between its steps.
	Imports *Imports

	// log is the change log; model the records in memory, built at the
	// first use and kept current by follow (see follow.go).
	log        *changeLog
	modelMu    sync.Mutex
	modelReady bool
	model      *model
	follow     *follower
	// snapshotPath is Options.SnapshotPath; snapshotPos the position of the
	// last snapshot written or read.
	snapshotPath string
	snapshotPos  atomic.Int64
	// behind writes records' documents after their log entries (behind.go).
	behind *docWriter
	// recordLocks serialise this process's writes to a record.
	recordLocks [256]sync.Mutex
	// stopCtx ends with Close, and the follower with it.
	stopCtx  context.Context //nolint:containedctx // the lifetime of the follower, ended by Close
	stop     context.CancelFunc
	followWG sync.WaitGroup
	// failAfterLog, when set, runs between a write's log entry and its
	// record's document; tests make it fail to play a crash.
	failAfterLog func() error
	// afterBackupCopy, when set, runs after a backup has copied each
	// collection; tests write there, as a server does meanwhile.
	afterBackupCopy func(collection string)

	// kinds holds every kind of record by type, so that work across kinds
	// (reference checks, renames, "who links here") can reach them.
	kinds map[domain.RecordType]kindOps
	// gate queues this process's writes on a one-writer store; nil on others.
	gate *writeGate
}

// Options configure Open.
type Options struct {
	URI      string
	Database string
	// Monitor, when set, sees every command sent to the server (tests count
	// round trips with it).
	Monitor *event.CommandMonitor
	// Timeout bounds the time to connect and to answer the first ping.
	Timeout time.Duration
	// OneWriter says the server takes one writer at a time (SQLite): this
	// process then sends its writes one at a time (see gate.go).
	OneWriter bool
	// SnapshotPath is the file the model's snapshot is read from at start
	// and written to by WriteSnapshot (see snapshot.go); none when empty.
	SnapshotPath string
}

// Open connects to the server, checks that it answers, and prepares the
// stores. Call Migrate before serving.
func Open(ctx context.Context, o Options) (*DB, error) {
	if o.Database == "" {
		o.Database = "cooptrack"
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	opts := options.Client().ApplyURI(o.URI).
		SetServerSelectionTimeout(o.Timeout).
		SetConnectTimeout(o.Timeout).
		SetAppName("cooptrack")
	if o.Monitor != nil {
		opts.SetMonitor(o.Monitor)
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("connect to the store: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	if err := client.Ping(pingCtx, nil); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("the store does not answer: %w", err)
	}
	d := &DB{client: client, db: client.Database(o.Database), Now: time.Now, kinds: map[domain.RecordType]kindOps{}, model: newModel(), snapshotPath: o.SnapshotPath}
	if o.OneWriter {
		d.gate = newWriteGate()
	}
	d.stopCtx, d.stop = context.WithCancel(context.Background())
	d.log = newChangeLog(d)
	d.log.batch = insertBatcher(d.stopCtx.Done(), d.log.c)
	d.behind = newDocWriter(d)
	go d.behind.run(d.stopCtx.Done())
	d.Organizations = newRecords(d, specOf[domain.Organization]())
	d.People = newRecords(d, specOf[domain.Person]())
	d.Agreements = newRecords(d, specOf[domain.Agreement]())
	d.Events = newRecords(d, specOf[domain.Event]())
	d.Programs = newRecords(d, specOf[domain.Program]())
	d.Sources = newRecords(d, specOf[domain.Source](sourceURLIndex()))
	d.Audit = newAudit(d)
	d.Accounts = newAccounts(d)
	d.Imports = newImports(d)
	return d, nil
}

// RecordStores returns the stores of the six kinds of record.
func (d *DB) RecordStores() domain.RecordStores {
	return domain.RecordStores{Organizations: d.Organizations, People: d.People, Agreements: d.Agreements,
		Events: d.Events, Programs: d.Programs, Sources: d.Sources}
}

// Close writes the documents still waiting, stops following the log,
// moves the log's checkpoint over this process's complete writes, and
// disconnects.
func (d *DB) Close(ctx context.Context) error {
	_ = d.behind.flush(ctx) // what it leaves, Heal writes at the next start
	d.stop()
	d.followWG.Wait()
	d.Accounts.cache.on.Store(false)
	_ = d.log.advance(ctx) // a failure only leaves Heal more to read
	return d.client.Disconnect(ctx)
}

// Ping checks that the store answers.
func (d *DB) Ping(ctx context.Context) error {
	return d.client.Ping(ctx, nil)
}

// Drop removes the whole database; tests use it to clean up.
func (d *DB) Drop(ctx context.Context) error {
	return d.db.Drop(ctx)
}

// now returns the current time at the store's precision (milliseconds), so
// that a record read back equals the record written.
func (d *DB) now() time.Time {
	return d.Now().UTC().Truncate(time.Millisecond)
}

// today returns the current calendar date.
func (d *DB) today() domain.Date {
	return domain.DateOf(d.Now())
}

// collectionNames are every collection the store uses besides the records'.
var collectionNames = []string{
	"countries", sourceTexts, metaCollection,
	usersCollection, sessionsCollection, tokensCollection, throttleCollection, auditCollection,
	importsCollection, locksCollection,
}

// droppedCollections held the stored read models of earlier versions: the
// model in memory replaced them.
var droppedCollections = []string{"read_models", "claims", "pending", "audit_index"}

// Migrate creates the collections and their indexes (idempotently) and makes
// sure every ISO country exists.
func (d *DB) Migrate(ctx context.Context) error {
	if err := d.ensureCollections(ctx); err != nil {
		return err
	}
	for _, typ := range domain.RecordTypes {
		if err := d.kinds[typ].ensureIndexes(ctx); err != nil {
			return err
		}
	}
	if err := d.Accounts.ensureIndexes(ctx); err != nil {
		return err
	}
	if err := d.Audit.ensureIndexes(ctx); err != nil {
		return err
	}
	if err := d.upgradeLog(ctx); err != nil {
		return err
	}
	return d.ensureCountries(ctx)
}

// ensureCollections creates the collections that do not exist yet, so that
// all exist from the first start (the embedded store's extra _id index needs
// their tables).
func (d *DB) ensureCollections(ctx context.Context) error {
	have, err := d.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("list collections: %w", err)
	}
	want := slices.Clone(collectionNames)
	for _, t := range domain.RecordTypes {
		want = append(want, t.Collection())
	}
	for _, name := range want {
		if slices.Contains(have, name) {
			continue
		}
		if err := d.db.CreateCollection(ctx, name); err != nil {
			return fmt.Errorf("create collection %s: %w", name, err)
		}
	}
	for _, name := range droppedCollections {
		if !slices.Contains(have, name) {
			continue
		}
		if err := d.db.Collection(name).Drop(ctx); err != nil {
			return fmt.Errorf("drop %s: %w", name, err)
		}
	}
	return nil
}

// createIndexes creates the indexes the collection lacks. Indexes are named
// after their keys and compared by name: FerretDB fails on a createIndexes
// that repeats an existing index, so "create if missing" is done here.
func createIndexes(ctx context.Context, c *mongo.Collection, models []mongo.IndexModel) error {
	cur, err := c.Indexes().List(ctx)
	if err != nil {
		return fmt.Errorf("list indexes on %s: %w", c.Name(), err)
	}
	var existing []struct {
		Name string `bson:"name"`
	}
	if err := cur.All(ctx, &existing); err != nil {
		return fmt.Errorf("list indexes on %s: %w", c.Name(), err)
	}
	have := map[string]bool{}
	for _, ix := range existing {
		have[ix.Name] = true
	}
	var missing []mongo.IndexModel
	for _, m := range models {
		name := indexName(m.Keys.(bson.D))
		if have[name] {
			continue
		}
		if m.Options == nil {
			m.Options = options.Index()
		}
		m.Options.SetName(name)
		missing = append(missing, m)
	}
	if len(missing) == 0 {
		return nil
	}
	if _, err := c.Indexes().CreateMany(ctx, missing); err != nil {
		return fmt.Errorf("create indexes on %s: %w", c.Name(), err)
	}
	return nil
}

// indexName is the name MongoDB would give: "country_1_sort_date_-1".
func indexName(keys bson.D) string {
	parts := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		parts = append(parts, k.Key, fmt.Sprint(k.Value))
	}
	return strings.Join(parts, "_")
}

// storeError turns a driver error into a domain error where it has a meaning
// for the caller, and wraps it as internal otherwise.
func storeError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, mongo.ErrNoDocuments):
		return domain.Errorf(domain.ENOTFOUND, "%s not found", what)
	case isDuplicate(err):
		return domain.Errorf(domain.ECONFLICT, "%s already exists", what)
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if code := outage(err); code != "" {
		e := &domain.Error{Code: code, Cause: fmt.Errorf("%s: %w", what, err)}
		switch code {
		case domain.EFULL:
			e.Message = "the database has no room left to write; reads go on"
		default:
			e.Message = "the database does not answer; try again shortly"
			e.RetryAfter = 5 * time.Second
		}
		return e
	}
	return fmt.Errorf("%s: %w", what, err)
}

// outage tells a database that is away (EUNAVAILABLE) or full (EFULL) from
// other failures. The driver reports its own network failures and
// timeouts; FerretDB reports those of its backend (PostgreSQL down or
// restarting, SQLite's disk full) as internal errors whose text names
// them, so the text is all there is to go on.
func outage(err error) string {
	if mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.Is(err, context.DeadlineExceeded) {
		return domain.EUNAVAILABLE
	}
	msg := err.Error()
	for _, s := range fullMessages {
		if strings.Contains(msg, s) {
			return domain.EFULL
		}
	}
	for _, s := range outageMessages {
		if strings.Contains(msg, s) {
			return domain.EUNAVAILABLE
		}
	}
	return ""
}

var (
	// fullMessages are how SQLite and PostgreSQL say the disk is full.
	fullMessages = []string{
		"database or disk is full", // SQLITE_FULL
		"no space left on device",  // ENOSPC, from either
		"could not extend file",    // PostgreSQL
		"disk I/O error",           // SQLITE_IOERR, as a write to a full disk ends
	}
	// outageMessages are how FerretDB's PostgreSQL backend says the
	// database is away.
	outageMessages = []string{
		"failed to connect to",                                // pgx: cannot reach the server
		"connection refused",                                  // the same, through other paths
		"unexpected EOF",                                      // the connection dropped mid-answer
		"conn closed",                                         // pgx: the connection is gone
		"the database system is shutting down",                // SQLSTATE 57P03
		"the database system is starting up",                  // SQLSTATE 57P03
		"terminating connection due to administrator command", // SQLSTATE 57P01
		"broken pipe",
		"server selection error", // the driver: no server answers
		"connection reset by peer",
	}
)

// isDuplicate reports whether err is a write refused by a unique index.
// FerretDB reports one broken by an update (not an insert) as an internal
// error naming the constraint of its backend, not as a duplicate key.
func isDuplicate(err error) bool {
	if err == nil {
		return false
	}
	if mongo.IsDuplicateKeyError(err) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || // SQLite
		strings.Contains(msg, "duplicate key value violates unique constraint") // PostgreSQL
}

// putByID stores doc under id whether or not a document is there. An
// upsert is not atomic on FerretDB: two at once may both find nothing and
// both insert, and the second is refused as a duplicate; it then finds the
// document and replaces it. Found by two acceptances of one article at once
// (CI), whose second failed on the article's text.
func putByID(ctx context.Context, c collection, id string, doc any) error {
	filter := bson.D{{Key: "_id", Value: id}}
	_, err := c.ReplaceOne(ctx, filter, doc, options.Replace().SetUpsert(true))
	if err != nil && isDuplicate(err) {
		_, err = c.ReplaceOne(ctx, filter, doc, options.Replace().SetUpsert(true))
	}
	return err
}

// newID returns a new record id. ObjectIDs are unique across collections, so
// an id alone says which record it is.
func newID() string { return bson.NewObjectID().Hex() }
