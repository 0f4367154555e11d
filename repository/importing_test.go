package repository_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/domain/importing"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// failAfter writes through the real store until its nth write, and then
// fails as a store that goes away does: the failing write happens or not
// (written says), and every write after it fails without writing. It is
// called from the import's several writers at once.
type failAfter struct {
	*repository.Imports
	mu      sync.Mutex
	n       int
	written bool
}

func (f *failAfter) Create(ctx context.Context, rec domain.Record) error {
	f.mu.Lock()
	n := f.n
	f.n--
	f.mu.Unlock()
	switch {
	case n > 0:
		return f.Imports.Create(ctx, rec)
	case n == 0 && f.written:
		if err := f.Imports.Create(ctx, rec); err != nil {
			return err
		}
		return errors.New("connection reset after the write")
	}
	return errors.New("connection refused")
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
// nothing on the preview, has the store fail midway, and checks that the
// result names exactly the rows written (the store holds those and no
// others), that a re-run writes the rest and nothing twice, and that each
// run is one audit entry. The rows are written several at once, so which
// rows are written before the failure varies; how many does not.
func TestImportRunMidwayFailureAndRerun(t *testing.T) {
	t.Parallel()
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
		cases := []struct {
			name        string
			failing     *failAfter
			wantWritten int // by the interrupted run
		}{
			{"the store fails after two writes", &failAfter{n: 2}, 2},
			{"the third write happens but reports a failure", &failAfter{n: 2, written: true}, 3},
		}
		for ci, tc := range cases {
			tc.failing.Imports = db.Imports
			tab := &importing.Table{Header: []string{"Title", "Parties", "Signed on", "Place country"}, Rows: [][]string{
				{"MOU on e-government", "MINJUS; Ministry of Justice", "2015-04-17", "Peru"},
				{"MOU on customs", "MINJUS", "2015-04-18", "PE"},
				{"MOU on patents", "MINJUS", "2015-04-19", "PE"},
				{"MOU on trade", "MINJUS", "2015-04-19", "Atlantis"},
				{"MOU on health", "MINJUS", "2015-02-30", ""},
				{"MOU on tourism", "", "2015-04-19", ""},
				{"MOU on mining", "MINJUS", "", ""},
			}}
			for i := range tab.Rows {
				tab.Rows[i][0] += fmt.Sprintf(" (%d)", ci)
			}
			newLines := []int{2, 3, 4, 8}
			before, entriesBefore := agreementCount(t, db), len(importEntries(t, db))
			p := previewOf(t, db, tab)
			if got := p.Counts; got.New != 4 || got.Invalid != 3 {
				t.Fatalf("%s: preview counts: got %+v, want 4 new and 3 invalid", tc.name, got)
			}
			if n := agreementCount(t, db); n != before {
				t.Fatalf("%s: a preview wrote: got %d agreements, want %d", tc.name, n, before)
			}

			res := importing.Run(ctx, p, tc.failing, "test.csv")
			got := slices.Sorted(slices.Values(append(slices.Clone(res.Written), res.NotWritten...)))
			if len(res.Written) != tc.wantWritten || !slices.Equal(got, newLines) || res.Complete || res.Error == "" {
				t.Fatalf("%s: interrupted run: got written %v, not written %v, complete %v; want %d of %v written, the rest not, incomplete",
					tc.name, res.Written, res.NotWritten, res.Complete, tc.wantWritten, newLines)
			}
			if !slices.Equal(res.Invalid, []int{5, 6, 7}) {
				t.Errorf("%s: invalid: got %v, want [5 6 7]", tc.name, res.Invalid)
			}
			// The report is exact: the store holds the rows written and no other.
			for _, row := range p.Rows {
				stored, err := db.Imports.Exists(ctx, domain.TypeAgreement, row.Key)
				if err != nil {
					t.Fatal(err)
				}
				if want := slices.Contains(res.Written, row.Line); stored != want {
					t.Errorf("%s: line %d: stored %v, want %v (written %v)", tc.name, row.Line, stored, want, res.Written)
				}
			}
			if n := agreementCount(t, db); n != before+int64(tc.wantWritten) {
				t.Fatalf("%s: after the interrupted run: got %d agreements, want %d", tc.name, n, before+int64(tc.wantWritten))
			}
			if e := importEntries(t, db); len(e) != entriesBefore+1 || len(e[0].Changes) != 1 || string(e[0].Changes[0].After) != `["`+strings.Join(res.IDs, `","`)+`"]` {
				t.Fatalf("%s: audit after the interrupted run: got %+v, want one import entry naming the ids %v", tc.name, e, res.IDs)
			}
			firstWritten, firstIDs := res.Written, res.IDs

			// The re-run is previewed on a fresh catalog, as a user would.
			p = previewOf(t, db, tab)
			if p.Counts.Exists != tc.wantWritten || p.Counts.New != 4-tc.wantWritten {
				t.Fatalf("%s: preview of the re-run: got %+v, want %d existing and %d new", tc.name, p.Counts, tc.wantWritten, 4-tc.wantWritten)
			}
			notWritten := res.NotWritten
			res = importing.Run(ctx, p, db.Imports, "test.csv")
			if !slices.Equal(res.Written, notWritten) || !slices.Equal(res.Existing, firstWritten) || !res.Complete {
				t.Fatalf("%s: re-run: got written %v existing %v complete %v; want written %v existing %v complete",
					tc.name, res.Written, res.Existing, res.Complete, notWritten, firstWritten)
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
			if len(res.Written) != 0 || !slices.Equal(res.Existing, newLines) {
				t.Fatalf("%s: third run: got written %v existing %v, want none and %v", tc.name, res.Written, res.Existing, newLines)
			}
			if n := agreementCount(t, db); n != before+4 {
				t.Fatalf("%s: after the runs: got %d agreements, want %d", tc.name, n, before+4)
			}
			if e := importEntries(t, db); len(e) != entriesBefore+2 {
				t.Fatalf("%s: audit: got %d import entries, want %d (a run that writes nothing adds none)", tc.name, len(e), entriesBefore+2)
			}
			// An imported record's history starts with its create.
			if h := historyOf(t, db, domain.TypeAgreement, firstIDs[0]); len(h) != 1 || h[0].Action != domain.ActionCreate || h[0].Note != "imported" {
				t.Errorf("%s: an imported record's own history: got %+v, want its create, noted as imported", tc.name, h)
			}
		}
		// An imported record is shown where the office looks: its country.
		d, err := db.Dossier(ctx, "PE")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Agreements) != 4*len(cases) {
			t.Errorf("Peru's dossier: got %d agreements, want %d", len(d.Agreements), 4*len(cases))
		}
	})
}

// TestImportMappingsAndUploads keeps a mapping and an upload by id, and lets
// an upload expire.
func TestImportMappingsAndUploads(t *testing.T) {
	t.Parallel()
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
