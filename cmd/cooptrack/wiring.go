package main

import (
	"context"
	"io"

	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/web"
)

// webStores hands the repository's stores to the web layer.
func webStores(db *repository.DB) web.Stores {
	return web.Stores{
		RecordStores:  db.RecordStores(),
		Countries:     db,
		Links:         db,
		Dossiers:      db,
		Catalog:       db,
		Accounts:      db.Accounts,
		CalendarFeeds: db.Accounts,
		Audit:         db.Audit,
		Matcher:       db.Matcher(),
		Imports:       db.Imports,
		Ping:          db.Ping,
		Backup: func(ctx context.Context, w io.Writer) error {
			_, err := db.Backup(ctx, w, version)
			return err
		},
	}
}

// demoStores hands the repository's stores to the demo loader.
func demoStores(db *repository.DB) demo.Stores {
	return db.RecordStores()
}
