package repository_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/domain/importing"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// cancelAfter writes through the real store, and ends the import's context
// before the write of row n+1: a store that goes away midway.
type cancelAfter struct {
	*repository.Imports
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Create(ctx context.Context, rec domain.Record) error {
	if c.n == 0 {
		c.cancel()
	}
	c.n--
	return c.Imports.Create(ctx, rec)
}

func previewOf(t *testing.T, db *repository.DB, tab *importing.Table) importing.Preview {
	t.Helper()
	cat, err := db.Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := importing.Guess(domain.TypeAgreement, tab.Header)
	if err := m.Check(domain.TypeAgreement, tab.Header); err != nil {
		t.Fatal(err)
	}
	return importing.Build(domain.TypeAgreement, tab, m, importing.NewNames(cat.Entries), nil)
}

func agreementCount(t *testing.T, db *repository.DB) int64 {
	t.Helper()
	p, err := db.Agreements.List(context.Background(), domain.ListFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func importEntries(t *testing.T, db *repository.DB) []domain.AuditEntry {
	t.Helper()
	page, err := db.Audit.List(asAdmin(), domain.AuditFilter{Action: domain.ActionImport, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	return page.Entries
}

// TestImportRunMidwayFailureAndRerun previews a file of agreements, writes
// nothing on the preview, stops the store after two rows, and checks that
// the result names exactly the rows written, that a re-run writes the rest
// and nothing twice, and that each run is one audit entry.
func TestImportRunMidwayFailureAndRerun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := domain.WithActor(context.Background(), ana)
		for _, o := range []*domain.Organization{
			{Name: "Ministry of Justice and Human Rights", Acronym: "MINJUS", Country: "PE", Kind: domain.OrgMinistry},
			{Name: "Ministry of Justice", Country: "KR", Kind: domain.OrgMinistry},
		} {
			if err := db.Organizations.Create(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		tab := &importing.Table{Header: []string{"Title", "Parties", "Signed on", "Place country"}, Rows: [][]string{
			{"MOU on e-government", "MINJUS; Ministry of Justice", "2015-04-17", "Peru"},
			{"MOU on customs", "MINJUS", "2015-04-18", "PE"},
			{"MOU on patents", "MINJUS", "2015-04-19", "PE"},
			{"MOU on trade", "MINJUS", "2015-04-19", "Atlantis"},
			{"MOU on health", "MINJUS", "2015-02-30", ""},
			{"MOU on tourism", "", "2015-04-19", ""},
			{"MOU on mining", "MINJUS", "", ""},
		}}
		before := agreementCount(t, db)
		p := previewOf(t, db, tab)
		if got := p.Counts; got.New != 4 || got.Invalid != 3 {
			t.Fatalf("preview counts: got %+v, want 4 new and 3 invalid", got)
		}
		if n := agreementCount(t, db); n != before {
			t.Fatalf("a preview wrote: got %d agreements, want %d", n, before)
		}

		runCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		res := importing.Run(runCtx, p, &cancelAfter{Imports: db.Imports, n: 2, cancel: cancel}, "test.csv")
		if !slices.Equal(res.Written, []int{2, 3}) || !slices.Equal(res.NotWritten, []int{4, 8}) || res.Complete {
			t.Fatalf("interrupted run: got written %v not written %v complete %v, want [2 3], [4 8], false", res.Written, res.NotWritten, res.Complete)
		}
		if !slices.Equal(res.Invalid, []int{5, 6, 7}) {
			t.Errorf("invalid: got %v, want [5 6 7]", res.Invalid)
		}
		firstIDs := res.IDs
		if n := agreementCount(t, db); n != before+2 {
			t.Fatalf("after the interrupted run: got %d agreements, want %d", n, before+2)
		}
		if e := importEntries(t, db); len(e) != 1 || len(e[0].Changes) != 1 || string(e[0].Changes[0].After) != `["`+res.IDs[0]+`","`+res.IDs[1]+`"]` {
			t.Fatalf("audit after the interrupted run: got %+v, want one import entry naming the two ids", e)
		}

		// The re-run is previewed on a fresh catalog, as a user would.
		p = previewOf(t, db, tab)
		if p.Counts.Exists != 2 || p.Counts.New != 2 {
			t.Fatalf("preview of the re-run: got %+v, want 2 existing and 2 new", p.Counts)
		}
		res = importing.Run(ctx, p, db.Imports, "test.csv")
		if !slices.Equal(res.Written, []int{4, 8}) || !slices.Equal(res.Existing, []int{2, 3}) || !res.Complete {
			t.Fatalf("re-run: got written %v existing %v complete %v", res.Written, res.Existing, res.Complete)
		}
		// Even a stale preview, whose rows all read as new, writes nothing twice.
		stale := p
		stale.Rows = slices.Clone(p.Rows)
		for i := range stale.Rows {
			if stale.Rows[i].Status == importing.StatusExists {
				stale.Rows[i].Status = importing.StatusNew
			}
		}
		res = importing.Run(ctx, stale, db.Imports, "test.csv")
		if len(res.Written) != 0 || len(res.Existing) != 4 {
			t.Fatalf("third run: got written %v existing %v, want none and 4", res.Written, res.Existing)
		}
		if n := agreementCount(t, db); n != before+4 {
			t.Fatalf("after the runs: got %d agreements, want %d", n, before+4)
		}
		if e := importEntries(t, db); len(e) != 2 {
			t.Fatalf("audit: got %d import entries, want 2 (a run that writes nothing adds none)", len(e))
		}
		// An imported record is shown where the office looks: its country.
		d, err := db.Dossier(ctx, "PE")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Agreements) != 4 {
			t.Errorf("Peru's dossier: got %d agreements, want 4", len(d.Agreements))
		}
		// The import's one entry stands for its records' creation.
		if h := historyOf(t, db, domain.TypeAgreement, firstIDs[0]); len(h) != 0 {
			t.Errorf("an imported record's own history: got %d entries, want none", len(h))
		}
	})
}

// TestImportMappingsAndUploads keeps a mapping and an upload by id, and lets
// an upload expire.
func TestImportMappingsAndUploads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		header := []string{"Título", "a.b$c"}
		id := importing.MappingID(domain.TypeAgreement, header)
		if _, err := db.Imports.Mapping(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("no mapping yet: got %v, want not_found", err)
		}
		for _, m := range []importing.Mapping{{"Título": "title"}, {"Título": "title", "a.b$c": "parties"}} {
			if err := db.Imports.SaveMapping(ctx, id, m); err != nil {
				t.Fatal(err)
			}
			got, err := db.Imports.Mapping(ctx, id)
			if err != nil || len(got) != len(m) || got["a.b$c"] != m["a.b$c"] {
				t.Fatalf("mapping: got %v, %v; want %v", got, err, m)
			}
		}
		c := setClock(db)
		u := &importing.Upload{Kind: domain.TypeAgreement, Name: "mous.csv", Table: importing.Table{Header: header, Rows: [][]string{{"MOU", "=1+1"}}}}
		if err := db.Imports.PutUpload(ctx, u); err != nil {
			t.Fatal(err)
		}
		got, err := db.Imports.Upload(ctx, u.ID[len("upload:"):])
		if err != nil || got.Name != "mous.csv" || got.Table.Rows[0][1] != "=1+1" {
			t.Fatalf("upload: got %+v, %v", got, err)
		}
		c.add(importing.UploadLifetime + time.Minute)
		if _, err := db.Imports.Upload(ctx, u.ID[len("upload:"):]); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("expired upload: got %v, want not_found", err)
		}
		if err := db.Imports.PutUpload(ctx, &importing.Upload{Kind: domain.TypeAgreement}); err != nil {
			t.Fatal(err)
		}
		var de *domain.Error
		if _, err := db.Imports.Upload(ctx, u.ID[len("upload:"):]); !errors.As(err, &de) || de.Code != domain.ENOTFOUND {
			t.Fatalf("expired upload after a new one: got %v, want not_found", err)
		}
	})
}
