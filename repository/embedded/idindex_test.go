package embedded_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"cooptrack/repository/embedded"
)

// startWithCollection starts a server, creates a collection holding a few
// documents in the named database, and indexes _id.
func startWithCollection(t *testing.T, o embedded.Options, database string) *embedded.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := embedded.Start(ctx, o)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(srv.Stop)
	client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() {
		_ = client.Database(database).Drop(context.Background())
		_ = client.Disconnect(context.Background())
	})
	coll := client.Database(database).Collection("things")
	if _, err := coll.InsertMany(ctx, []bson.M{{"_id": "a"}, {"_id": "b"}}); err != nil {
		t.Fatalf("insert: %v", err)
	}
	if err := srv.IndexIDs(ctx, database); err != nil {
		t.Fatalf("IndexIDs: %v", err)
	}
	// Twice: it must be idempotent.
	if err := srv.IndexIDs(ctx, database); err != nil {
		t.Fatalf("IndexIDs again: %v", err)
	}
	var got bson.M
	if err := coll.FindOne(ctx, bson.M{"_id": "b"}).Decode(&got); err != nil || got["_id"] != "b" {
		t.Fatalf("find by _id after indexing: %v, %v", got, err)
	}
	return srv
}

// The plans below are the ones FerretDB's own lookups by _id take: the
// index only helps if SQLite and PostgreSQL choose it for them.

func TestIndexIDsServesFerretDBsLookupOnSQLite(t *testing.T) {
	dir := t.TempDir()
	startWithCollection(t, embedded.Options{DataDir: dir}, "idx")

	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: filepath.Join(dir, "idx.sqlite"), RawQuery: "mode=ro"}).String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var table string
	if err := db.QueryRow(`SELECT table_name FROM "_ferretdb_collections" WHERE name = 'things'`).Scan(&table); err != nil {
		t.Fatalf("table of the collection: %v", err)
	}
	rows, err := db.Query(fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE _ferretdb_sjson->'$._id' = ?`, table), `"b"`)
	if err != nil {
		t.Fatalf("explain: %v", err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	want := table + "_cooptrack_id_lookup"
	if !strings.Contains(strings.Join(plan, "\n"), want) {
		t.Errorf("plan of a lookup by _id = %q, want it to use the index %s", plan, want)
	}
}

func TestIndexIDsServesFerretDBsLookupOnPostgreSQL(t *testing.T) {
	pg := os.Getenv("COOPTRACK_TEST_POSTGRES_URL")
	if pg == "" {
		t.Skip("COOPTRACK_TEST_POSTGRES_URL is not set")
	}
	schema := fmt.Sprintf("idx_%d", time.Now().UnixNano())
	startWithCollection(t, embedded.Options{DataDir: t.TempDir(), PostgreSQLURL: pg}, schema)

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close(ctx) }()
	var table string
	q := fmt.Sprintf(`SELECT _jsonb->>'table' FROM %s WHERE _jsonb->>'_id' = 'things'`, pgx.Identifier{schema, "_ferretdb_database_metadata"}.Sanitize())
	if err := conn.QueryRow(ctx, q).Scan(&table); err != nil {
		t.Fatalf("table of the collection: %v", err)
	}
	var def string
	if err := conn.QueryRow(ctx, `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2`,
		schema, table+"_cooptrack_id_lookup").Scan(&def); err != nil {
		t.Fatalf("the GIN index on %s.%s: %v", schema, table, err)
	}
	if !strings.Contains(def, "USING gin") || !strings.Contains(def, "jsonb_path_ops") {
		t.Errorf("index = %q, want a GIN index with jsonb_path_ops", def)
	}
	// With two rows a sequential scan is cheaper; forbid it to see whether
	// the index can serve FerretDB's containment lookup at all.
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, fmt.Sprintf(`EXPLAIN SELECT _jsonb FROM %s WHERE _jsonb->'_id' @> '"b"'`, pgx.Identifier{schema, table}.Sanitize()))
	if err != nil {
		t.Fatalf("explain: %v", err)
	}
	plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(plan, "\n"), table+"_cooptrack_id_lookup") {
		t.Errorf("plan of a lookup by _id = %q, want it to use the GIN index", plan)
	}
}
