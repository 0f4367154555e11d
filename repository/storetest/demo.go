package storetest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/domain/demo"
	"cooptrack/repository"
)

// templates holds the databases the demo was loaded into once, per backend
// and article text.
var templates sync.Map // template key -> *template

type template struct {
	once   sync.Once
	name   string
	client *mongo.Client
	err    error
}

// LoadDemo fills db, a fresh database that Open gave, with the demo data
// set as demo.Load(ctx, stores, articleText) leaves it. The demo is loaded
// once per backend and text into a template database that each test gets a
// copy of: loading it took 850 store commands, copying it takes two per
// collection.
func LoadDemo(t testing.TB, db *repository.DB, articleText string) {
	t.Helper()
	v, ok := opened.Load(db)
	if !ok {
		t.Fatal("LoadDemo: the store was not opened by storetest")
	}
	o := v.(openedAs)
	v, _ = templates.LoadOrStore(fmt.Sprintf("%s %x", o.backend.Name, sha256.Sum256([]byte(articleText))), &template{})
	tpl := v.(*template)
	tpl.once.Do(func() { tpl.err = tpl.load(o.backend, articleText) })
	if tpl.err != nil {
		t.Fatalf("demo template on %s: %v", o.backend.Name, tpl.err)
	}
	ctx := context.Background()
	if err := tpl.copyTo(ctx, o.options.Database); err != nil {
		t.Fatalf("copy the demo on %s: %v", o.backend.Name, err)
	}
	if err := o.backend.server.IndexIDs(ctx, o.options.Database); err != nil {
		t.Fatalf("index the demo's copy on %s: %v", o.backend.Name, err)
	}
}

// Demo returns a fresh database of the backend holding the demo data set
// without the article's text.
func Demo(t testing.TB, b Backend) *repository.DB {
	t.Helper()
	db := Open(t, b)
	LoadDemo(t, db, "")
	return db
}

// EachDemo runs f as a subtest against each backend, with a fresh copy of
// the demo data; the subtests run in parallel.
func EachDemo(t *testing.T, f func(t *testing.T, db *repository.DB)) {
	t.Helper()
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			f(t, Demo(t, b))
		})
	}
}

// load makes the template: a database, migrated, with the demo loaded.
func (tpl *template) load(b Backend, articleText string) error {
	ctx := context.Background()
	o := repository.Options{URI: b.URI, OneWriter: b.server.OneWriter(), Database: fmt.Sprintf("demo_template_%d", seq.Add(1))}
	db, err := open(b, o)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close(ctx) }()
	stores := db.RecordStores()
	if _, err := demo.Load(ctx, stores, articleText); err != nil {
		return err
	}
	tpl.name = o.Database
	tpl.client, err = mongo.Connect(options.Client().ApplyURI(b.URI))
	return err
}

// copyTo copies every document of the template into the database, whose
// collections and indexes exist (Open made them) and hold nothing but the
// countries.
func (tpl *template) copyTo(ctx context.Context, database string) error {
	from, to := tpl.client.Database(tpl.name), tpl.client.Database(database)
	names, err := from.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return err
	}
	for _, name := range names {
		var docs []bson.Raw
		cur, err := from.Collection(name).Find(ctx, bson.D{})
		if err != nil {
			return err
		}
		if err := cur.All(ctx, &docs); err != nil {
			return err
		}
		if len(docs) == 0 {
			continue
		}
		c := to.Collection(name)
		if _, err := c.DeleteMany(ctx, bson.D{}); err != nil {
			return err
		}
		if _, err := c.InsertMany(ctx, docs); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}
