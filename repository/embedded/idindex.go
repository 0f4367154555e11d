package embedded

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// IndexIDs gives every collection of the database an SQLite index that
// FerretDB's lookups by _id can use.
//
// Why: FerretDB v1.24.2 creates its _id index on `_ferretdb_sjson->"_id"`
// but looks documents up with `WHERE _ferretdb_sjson->'$._id' = ?`, and
// SQLite only uses an expression index whose expression is written the
// same way. So every find, update or delete by _id read the whole table,
// parsing every document (measured: 18-690 ms per read on a scale-M store,
// against 0.3 ms with this index). FerretDB knows nothing of the extra
// index and drops it with its table; it is not unique, so that duplicate
// keys are still reported by FerretDB's own index as before.
//
// On PostgreSQL, FerretDB finds a document by _id with
// `_jsonb->'_id' @> $1`, which its btree index on `_jsonb->'_id'` cannot
// serve, so every find by _id read the whole table (FerretDB issue #4646);
// a GIN index on the same expression serves it.
//
// Call it after the collections exist (repository.DB.Migrate creates them
// all); it is idempotent. It does nothing for a server attached to another
// process's socket, whose owner indexes its own.
func (s *Server) IndexIDs(ctx context.Context, database string) error {
	if s.dataDir == "" {
		return nil
	}
	if s.postgres {
		return indexIDsPostgreSQL(ctx, s.postgresURL, database)
	}
	path := filepath.Join(s.dataDir, database+".sqlite")
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("index _id: %w", err)
	}
	dsn := (&url.URL{Scheme: "file", Path: path, RawQuery: "_pragma=busy_timeout(10000)"}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("index _id: %w", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM "_ferretdb_collections"`)
	if err != nil {
		return fmt.Errorf("index _id: list tables: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			_ = rows.Close()
			return fmt.Errorf("index _id: %w", err)
		}
		tables = append(tables, t)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("index _id: %w", err)
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_cooptrack_id_lookup", t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("index _id of %s: %w", t, err)
		}
	}
	return nil
}

func indexIDsPostgreSQL(ctx context.Context, url, schema string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("index _id: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	rows, err := conn.Query(ctx, fmt.Sprintf(`SELECT _jsonb->>'table' FROM %s`, pgx.Identifier{schema, "_ferretdb_database_metadata"}.Sanitize()))
	if err != nil {
		return fmt.Errorf("index _id: list tables: %w", err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("index _id: list tables: %w", err)
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((_jsonb->'_id') jsonb_path_ops)`,
			pgx.Identifier{t + "_cooptrack_id_lookup"}.Sanitize(), pgx.Identifier{schema, t}.Sanitize())
		if _, err := conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("index _id of %s: %w", t, err)
		}
	}
	return nil
}
