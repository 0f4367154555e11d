package repository_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// readModelToday is the day statuses are computed on in these tests.
const readModelToday = domain.Date("2016-03-01")

// loadWorld fills the store with the demo data and changes to it of every
// kind: a rename, a move to another country, a citation added and removed, a
// deletion, a new agreement.
func loadWorld(t *testing.T, db *repository.DB) {
	t.Helper()
	ctx := context.Background()
	storetest.LoadDemo(t, db, "")
	org, err := db.Organizations.Find(ctx, demo.OrgPeruPMO)
	if err != nil {
		t.Fatal(err)
	}
	org.Name = "Presidency of the Council of Ministers"
	must(t, db.Organizations.Update(ctx, org))
	moved := &domain.Organization{Name: "Embassy of Peru in Bogotá", Country: "PE", Kind: domain.OrgEmbassy}
	must(t, db.Organizations.Create(ctx, moved))
	moved.Country = "CO"
	must(t, db.Organizations.Update(ctx, moved))
	a := &domain.Agreement{Kind: domain.AgreementLetterOfIntent, Title: "Letter of intent on cyber crime investigation", Status: domain.StatusSigned,
		SignedOn: "2015-09-01", ExpiresOn: "2016-06-30", Renewal: domain.Renewal{NoticeDays: 60},
		Parties: []domain.Ref{{ID: demo.OrgMOGAHA}, {ID: demo.OrgColombiaDefense}, {ID: moved.ID}}}
	must(t, db.Agreements.Create(ctx, a))
	c, err := db.Agreements.Cite(ctx, a.ID, domain.EvidenceInput{SourceID: demo.SourceArticle, Quote: "public security"})
	must(t, err)
	_, err = db.Events.Cite(ctx, demo.EventForum, domain.EvidenceInput{SourceID: demo.SourceArticle, Quote: "About 100 high-level officials"})
	must(t, err)
	must(t, db.Agreements.Uncite(ctx, a.ID, c.ID))
	must(t, db.Events.Delete(ctx, demo.EventMeetingPMO, 0))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkReadModels holds every country's timeline and dashboard from the read
// model equal to those computed from the records, and lists of a country from
// the dossier equal to the query's.
func checkReadModels(t *testing.T, db *repository.DB, countries ...string) {
	t.Helper()
	checkViews(t, db, countries)
	for _, code := range countries {
		checkLists(t, db, code)
	}
	checkCatalog(t, db)
}

// checkViews holds the countries' timelines and dashboards from the read
// model equal to those computed from the records.
func checkViews(t *testing.T, db *repository.DB, countries []string) {
	t.Helper()
	ctx := context.Background()
	for _, code := range countries {
		fromModel, err := db.Dossier(ctx, code)
		must(t, err)
		fromRecords, err := db.ScanDossier(ctx, code)
		must(t, err)
		f := domain.TimelineFilter{Today: readModelToday}
		if got, want := asJSON(t, domain.BuildTimeline(fromModel, f)), asJSON(t, domain.BuildTimeline(fromRecords, f)); got != want {
			t.Errorf("%s timeline from the read model differs from the records':\ngot  %s\nwant %s", code, got, want)
		}
		if got, want := asJSON(t, domain.Summarize(fromModel, readModelToday)), asJSON(t, domain.Summarize(fromRecords, readModelToday)); got != want {
			t.Errorf("%s dashboard from the read model differs from the records':\ngot  %s\nwant %s", code, got, want)
		}
	}
}

// checkLists holds a country's lists from the dossier equal to the query's.
func checkLists(t *testing.T, db *repository.DB, code string) {
	t.Helper()
	{
		for _, f := range []domain.ListFilter{
			{Country: code},
			{Country: code, Sort: "name", Limit: 2},
			{Country: code, Sort: "-updated"},
			{Country: code, Status: "in_force"},
			{Country: code, Status: "expired"},
			{Country: code, Kind: "mou", Q: "e-gov"},
			{Country: code, From: "2015-04-18", To: "2015-12-31"},
			{Country: code, Linked: demo.OrgMOGAHA},
		} {
			f.Today = readModelToday
			checkListsAgree(t, db, db.Agreements, f)
			checkListsAgree(t, db, db.Events, domain.ListFilter{Country: f.Country, Sort: f.Sort, Limit: f.Limit, Today: f.Today, Q: f.Q, From: f.From, To: f.To})
		}
		checkListsAgree(t, db, db.Organizations, domain.ListFilter{Country: code, Limit: 3})
		checkListsAgree(t, db, db.People, domain.ListFilter{Country: code, Q: "chong"})
		checkListsAgree(t, db, db.Programs, domain.ListFilter{Country: code, Status: "pipeline"})
	}
}

// checkCatalog holds the catalog equal to the lines of the records stored.
func checkCatalog(t *testing.T, db *repository.DB) {
	t.Helper()
	var want []domain.CatalogEntry
	want = appendLines(t, want, db.Organizations)
	want = appendLines(t, want, db.People)
	want = appendLines(t, want, db.Agreements)
	want = appendLines(t, want, db.Events)
	want = appendLines(t, want, db.Programs)
	want = appendLines(t, want, db.Sources)
	cat, err := db.Catalog(context.Background())
	must(t, err)
	got := slices.Clone(cat.Entries)
	byID := func(a, b domain.CatalogEntry) int { return strings.Compare(a.ID, b.ID) }
	slices.SortFunc(got, byID)
	slices.SortFunc(want, byID)
	if g, w := asJSON(t, got), asJSON(t, want); g != w {
		t.Errorf("catalog differs from the records:\ngot  %s\nwant %s", g, w)
	}
}

func appendLines[T domain.Record](t *testing.T, out []domain.CatalogEntry, store domain.Store[T]) []domain.CatalogEntry {
	t.Helper()
	f := domain.ListFilter{Limit: 200}
	for {
		page, err := store.List(context.Background(), f)
		must(t, err)
		for _, rec := range page.Items {
			out = append(out, domain.CatalogEntryOf(rec))
		}
		if page.NextCursor == "" {
			return out
		}
		f.Cursor = page.NextCursor
	}
}

// checkListsAgree pages through the list both ways and compares the ids.
func checkListsAgree[T domain.Record](t *testing.T, db *repository.DB, store domain.Store[T], f domain.ListFilter) {
	t.Helper()
	pages := func(scan bool) (ids []string, total int64) {
		repository.SetScanLists(db, scan)
		defer repository.SetScanLists(db, false)
		g := f
		for {
			page, err := store.List(context.Background(), g)
			must(t, err)
			total = page.Total
			for _, it := range page.Items {
				ids = append(ids, it.RecordMeta().ID)
			}
			if page.NextCursor == "" {
				return ids, total
			}
			g.Cursor = page.NextCursor
		}
	}
	got, gotTotal := pages(false)
	want, wantTotal := pages(true)
	if fmt.Sprint(got) != fmt.Sprint(want) || gotTotal != wantTotal {
		t.Errorf("list %+v: from the dossier %v (total %d), from the query %v (total %d)", f, got, gotTotal, want, wantTotal)
	}
}

func TestReadModelsAgreeWithTheRecords(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		loadWorld(t, db)
		checkReadModels(t, db, "PE", "CO", "KR", "JP")
		links, err := db.LinksTo(context.Background(), demo.OrgMOGAHA)
		must(t, err)
		if len(links) == 0 {
			t.Errorf("nothing links to MOGAHA, want its agreements, people and events")
		}
	})
}

// interruptWrites makes two writes fail with cause between their records
// and their read models: Peru's Ministry of Justice renamed and moved to
// Colombia (out of Peru's dossier, into Colombia's), and a new agreement of
// Peru's Prime Minister's Office. It returns them as written.
func interruptWrites(t *testing.T, db *repository.DB, cause error) (*domain.Organization, *domain.Agreement) {
	t.Helper()
	ctx := context.Background()
	repository.SetFailBeforeProjection(db, func() error { return cause })
	defer repository.SetFailBeforeProjection(db, nil)
	org, err := db.Organizations.Find(ctx, demo.OrgPeruJustice)
	must(t, err)
	org.Name = "Ministerio de Justicia y Derechos Humanos"
	org.Country = "CO"
	if err := db.Organizations.Update(ctx, org); !errors.Is(err, cause) {
		t.Fatalf("update = %v, want %v", err, cause)
	}
	a := &domain.Agreement{Kind: domain.AgreementMOU, Title: "MOU written as the write failed", Status: domain.StatusDraft, Parties: []domain.Ref{{ID: demo.OrgPeruPMO}}}
	if err := db.Agreements.Create(ctx, a); !errors.Is(err, cause) {
		t.Fatalf("create = %v, want %v", err, cause)
	}
	return org, a
}

// TestCrashBetweenWriteAndReadModelHeals plays a crash after a record is
// written and before its read models follow: Heal, run at every start,
// finishes the work.
func TestCrashBetweenWriteAndReadModelHeals(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		loadWorld(t, db)
		crash := errors.New("crash")
		org, _ := interruptWrites(t, db, crash)
		repository.SetFailBeforeProjection(db, func() error { return crash })
		if err := db.Programs.Delete(ctx, demo.ProgramEGovEarlier, 0); !errors.Is(err, crash) {
			t.Fatalf("delete = %v, want the crash", err)
		}
		stale, err := db.Dossier(ctx, "PE")
		must(t, err)
		for _, o := range stale.Organizations {
			if o.ID == demo.OrgPeruJustice && o.Name == org.Name {
				t.Fatalf("the read model followed the write although the crash came first")
			}
		}
		repository.SetFailBeforeProjection(db, nil)
		healed, err := db.Heal(ctx)
		must(t, err)
		if healed != 3 {
			t.Errorf("healed = %d, want 3 writes", healed)
		}
		checkReadModels(t, db, "PE", "CO", "KR")
		if n, _ := db.Heal(ctx); n != 0 {
			t.Errorf("second heal finished %d writes, want 0", n)
		}
	})
}

// TestHealWhileServingFinishesOnlyOldInterruptedWrites: writes that failed
// between their record and their read models (the database went away) are
// finished by the server as it runs, once their notes are older than any
// write in progress can be; a fresh note, which may be a write in
// progress, is left alone; a write made since the interrupted one wins.
func TestHealWhileServingFinishesOnlyOldInterruptedWrites(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		loadWorld(t, db)
		_, a := interruptWrites(t, db, errors.New("the database went away"))

		if n, err := db.HealInterrupted(ctx, time.Hour); err != nil || n != 0 {
			t.Fatalf("heal of notes under an hour old = %d, %v; want 0: they may be writes in progress", n, err)
		}
		// An hour later, the agreement has been edited in between (its
		// write finished, its note merged); the organization has not.
		a.Title += " (amended)"
		must(t, db.Agreements.Update(ctx, a))
		clock := db.Now
		db.Now = func() time.Time { return clock().Add(time.Hour) }
		defer func() { db.Now = clock }()
		n, err := db.HealInterrupted(ctx, 10*time.Minute)
		must(t, err)
		if n != 1 {
			t.Errorf("healed = %d, want 1 (the organization's write; the agreement's was finished by its edit)", n)
		}
		checkReadModels(t, db, "PE", "CO", "KR")
		if n, _ := db.HealInterrupted(ctx, 10*time.Minute); n != 0 {
			t.Errorf("second heal finished %d writes, want 0", n)
		}
	})
}

func TestReindexRebuildsFromTheRecords(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		loadWorld(t, db)
		must(t, repository.DropReadModels(ctx, db))
		empty, err := db.Dossier(ctx, "PE")
		must(t, err)
		if len(empty.Agreements) != 0 {
			t.Fatalf("dossier after dropping the read models has %d agreements", len(empty.Agreements))
		}
		var stages []string
		must(t, db.Reindex(ctx, func(stage string, _, _ int) { stages = append(stages, stage) }))
		if len(stages) == 0 {
			t.Errorf("reindex reported no progress")
		}
		checkReadModels(t, db, "PE", "CO", "KR")
		if refs, err := db.CitersOf(ctx, demo.SourceArticle); err != nil || len(refs) < 10 {
			t.Errorf("citers of the article after reindex = %d (%v), want every demo record", len(refs), err)
		}
	})
}

// TestConcurrentWritesReachTheReadModels has sixteen writers create, edit
// and delete agreements of Korea and Peru at once: more writes than a shelf
// logs before folding them into its buckets, combined into batches. Every
// one reaches the dossiers, the catalog and the parties' link lists, as a
// second instance on the same database reads them too.
func TestConcurrentWritesReachTheReadModels(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		loadWorld(t, db)
		const writers, each = 16, 12
		created := make([][]string, writers)
		errs := make(chan error, writers)
		for w := range writers {
			go func() {
				errs <- func() error {
					for i := range each {
						a := &domain.Agreement{Kind: domain.AgreementMOU, Title: fmt.Sprintf("MOU %d-%d on digital government", w, i), Status: domain.StatusSigned,
							SignedOn: "2015-06-02", Parties: []domain.Ref{{ID: demo.OrgMOGAHA}, {ID: demo.OrgPeruPMO}}}
						if err := db.Agreements.Create(ctx, a); err != nil {
							return err
						}
						created[w] = append(created[w], a.ID)
						switch i % 4 {
						case 1: // an edit: a new title in the read models
							a.Title += " (amended)"
							if err := db.Agreements.Update(ctx, a); err != nil {
								return err
							}
						case 3: // a delete: gone from the read models
							if err := db.Agreements.Delete(ctx, a.ID, a.Version); err != nil {
								return err
							}
							created[w] = created[w][:len(created[w])-1]
						}
					}
					return nil
				}()
			}()
		}
		for range writers {
			must(t, <-errs)
		}
		var err error
		// Folds run in the background: wait for one.
		var seq, folded int64
		for deadline := time.Now().Add(30 * time.Second); folded == 0 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			seq, folded, err = repository.ShelfLog(ctx, db, "PE")
			must(t, err)
		}
		if folded == 0 {
			t.Errorf("Peru's dossier logged %d writes and folded none: the test should make it fold", seq)
		}
		checkReadModels(t, db, "PE", "KR")
		links, err := db.LinksTo(ctx, demo.OrgMOGAHA)
		must(t, err)
		linked := map[string]bool{}
		for _, l := range links {
			linked[l.ID] = true
		}
		for _, ids := range created {
			for _, id := range ids {
				if !linked[id] {
					t.Errorf("agreement %s is missing from the link list of MOGAHA", id)
				}
			}
		}
		// A second instance reads the same read models from the store.
		other := storetest.Reopen(t, db)
		fromOther, err := other.Dossier(ctx, "PE")
		must(t, err)
		fromRecords, err := db.ScanDossier(ctx, "PE")
		must(t, err)
		if got, want := len(fromOther.Agreements), len(fromRecords.Agreements); got != want {
			t.Errorf("a second instance reads %d of Peru's agreements, want %d", got, want)
		}
	})
}

// TestFoldLeaseOfADeadFolderIsTakenOver shows the lease that keeps folds of
// one shelf exclusive across processes: a fold leaves alone a shelf whose
// lease was taken just now, and takes over one left by a folder that died
// (older than the claims' time-out), so changes are never stuck in the log.
func TestFoldLeaseOfADeadFolderIsTakenOver(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		loadWorld(t, db)
		for i := range 3 { // fewer than start a fold by themselves
			must(t, db.Agreements.Create(ctx, &domain.Agreement{Kind: domain.AgreementMOU, Title: fmt.Sprintf("MOU %d on customs", i),
				Status: domain.StatusSigned, SignedOn: "2016-03-01", Parties: []domain.Ref{{ID: demo.OrgMOGAHA}, {ID: demo.OrgPeruPMO}}}))
		}
		seq, folded, err := repository.ShelfLog(ctx, db, "PE")
		must(t, err)
		if seq == folded {
			t.Fatalf("Peru's dossier has nothing waiting to fold (seq %d): the test needs logged changes", seq)
		}
		for _, c := range []struct {
			name       string
			leaseAge   time.Duration
			wantFolded int64
		}{
			{"a live folder's lease is respected", 0, folded},
			{"a dead folder's lease is taken over", time.Hour, seq},
		} {
			must(t, repository.PlantFoldLease(ctx, db, "PE", time.Now().Add(-c.leaseAge)))
			must(t, repository.FoldDossier(ctx, db, "PE"))
			_, got, err := repository.ShelfLog(ctx, db, "PE")
			must(t, err)
			if got != c.wantFolded {
				t.Errorf("%s: folded up to %d, want %d", c.name, got, c.wantFolded)
			}
		}
		checkReadModels(t, db, "PE")
	})
}
