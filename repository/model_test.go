package repository_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/internal/soak"
	"cooptrack/internal/synth"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// modelToday is the day statuses are computed on in these tests.
const modelToday = domain.Date("2016-03-01")

// loadWorld fills the store with the demo data and changes to it of every
// kind: a rename, a move to another country, a citation added and removed, a
// deletion, a new agreement.
func loadWorld(t *testing.T, db *repository.DB) {
	t.Helper()
	ctx := context.Background()
	storetest.LoadDemo(t, db, "")
	org, err := db.Organizations.Find(ctx, demo.OrgPeruPMO)
	must(t, err)
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

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func asJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// view is what the pages and the API read of a store, as JSON: every
// record, every country's timeline and dashboard, lists of each kind, what
// links to each record, and the catalog. Two stores whose views are equal
// answer every read alike.
func view(t testing.TB, db *repository.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	cat, err := db.Catalog(ctx)
	must(t, err)
	lines := slices.Clone(cat.Entries)
	slices.SortFunc(lines, func(a, b domain.CatalogEntry) int { return strings.Compare(a.ID, b.ID) })
	out["catalog"] = asJSON(t, lines)
	countries := map[string]bool{}
	for _, l := range lines {
		for _, c := range l.Countries {
			countries[c] = true
		}
		var rec any
		switch l.Type {
		case domain.TypeOrganization:
			rec, err = db.Organizations.Find(ctx, l.ID)
		case domain.TypePerson:
			rec, err = db.People.Find(ctx, l.ID)
		case domain.TypeAgreement:
			rec, err = db.Agreements.Find(ctx, l.ID)
		case domain.TypeEvent:
			rec, err = db.Events.Find(ctx, l.ID)
		case domain.TypeProgram:
			rec, err = db.Programs.Find(ctx, l.ID)
		case domain.TypeSource:
			rec, err = db.Sources.Find(ctx, l.ID)
		}
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			// Deleted by another process since the catalog was read: the
			// view says so, and differs until the catalog has it too.
			out["record "+l.ID] = "gone"
			continue
		}
		must(t, err)
		out["record "+l.ID] = asJSON(t, rec)
		links, err := db.LinksTo(ctx, l.ID)
		must(t, err)
		out["links "+l.ID] = asJSON(t, links)
		if l.Type == domain.TypeSource {
			citers, err := db.CitersOf(ctx, l.ID)
			must(t, err)
			out["citers "+l.ID] = asJSON(t, citers)
		}
	}
	for c := range countries {
		code := domain.CountryCode(c)
		ds, err := db.Dossier(ctx, code)
		must(t, err)
		out["timeline "+c] = asJSON(t, domain.BuildTimeline(ds, domain.TimelineFilter{Today: modelToday}))
		out["dashboard "+c] = asJSON(t, domain.Summarize(ds, modelToday))
		for _, f := range []domain.ListFilter{
			{Country: code},
			{Country: code, Sort: "name", Limit: 2},
			{Country: code, Sort: "-updated"},
			{Country: code, Status: "in_force"},
			{Country: code, Kind: "mou", Q: "e-gov"},
			{Country: code, From: "2015-04-18", To: "2015-12-31"},
		} {
			f.Today = modelToday
			out[fmt.Sprintf("agreements %+v", f)] = listIDs(t, db.Agreements, f)
			out[fmt.Sprintf("events %+v", f)] = listIDs(t, db.Events, domain.ListFilter{Country: f.Country, Sort: f.Sort, Limit: f.Limit, From: f.From, To: f.To})
		}
		out["organizations "+c] = listIDs(t, db.Organizations, domain.ListFilter{Country: code, Limit: 3})
		out["programs "+c] = listIDs(t, db.Programs, domain.ListFilter{Country: code, Status: "pipeline"})
	}
	out["sources"] = listIDs(t, db.Sources, domain.ListFilter{Sort: "-date", Limit: 7})
	out["people"] = listIDs(t, db.People, domain.ListFilter{Q: "a", Sort: "name"})
	return out
}

// listIDs pages through the list and gives its ids and total.
func listIDs[T domain.Record](t testing.TB, store domain.Store[T], f domain.ListFilter) string {
	t.Helper()
	var ids []string
	var total int64
	for {
		page, err := store.List(context.Background(), f)
		must(t, err)
		total = page.Total
		for _, it := range page.Items {
			ids = append(ids, it.RecordMeta().ID)
		}
		if page.NextCursor == "" {
			return fmt.Sprintf("%d %v", total, ids)
		}
		f.Cursor = page.NextCursor
	}
}

// sameView fails the test where the two views differ.
func sameView(t testing.TB, got, want map[string]string, what string) {
	t.Helper()
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	shown := 0
	for _, k := range sorted {
		if got[k] != want[k] && shown < 5 {
			t.Errorf("%s: %s differs:\ngot  %s\nwant %s", what, k, got[k], want[k])
			shown++
		}
	}
}

// fresh is a second process's store on db's database, its model built from
// the collections.
func fresh(t *testing.T, db *repository.DB) *repository.DB {
	t.Helper()
	other := storetest.Reopen(t, db)
	must(t, other.Load(context.Background()))
	return other
}

// workload makes n random writes of every kind through db: creates, edits,
// renames, citations added and removed, deletes. Another process may write
// the same records at once: a write refused as stale, or on a record that
// was deleted meanwhile, is part of the game.
func workload(t *testing.T, db *repository.DB, seed uint64, n int) {
	t.Helper()
	ok := func(err error) {
		t.Helper()
		if c := domain.ErrorCode(err); c != domain.ECONFLICT && c != domain.ENOTFOUND && c != domain.EREFERENCED {
			must(t, err)
		}
	}
	work(t, db, seed, n, ok)
}

func work(t *testing.T, db *repository.DB, seed uint64, n int, ok func(error)) {
	t.Helper()
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(seed, 1))
	pick := func(store interface {
		List(context.Context, domain.ListFilter) (domain.Page[*domain.Agreement], error)
	}) *domain.Agreement {
		page, err := store.List(ctx, domain.ListFilter{Sort: "name", Limit: 200})
		must(t, err)
		if len(page.Items) == 0 {
			return nil
		}
		return page.Items[rnd.IntN(len(page.Items))]
	}
	orgs, err := db.Organizations.List(ctx, domain.ListFilter{Limit: 200})
	must(t, err)
	srcs, err := db.Sources.List(ctx, domain.ListFilter{Limit: 50})
	must(t, err)
	for i := range n {
		switch rnd.IntN(6) {
		case 0, 1: // a new agreement between two organizations
			a, b := orgs.Items[rnd.IntN(len(orgs.Items))], orgs.Items[rnd.IntN(len(orgs.Items))]
			ok(db.Agreements.Create(ctx, &domain.Agreement{Kind: domain.AgreementMOU, Title: fmt.Sprintf("MOU %d of seed %d", i, seed), Status: domain.StatusSigned,
				SignedOn: domain.Date(fmt.Sprintf("20%02d-0%d-1%d", 10+rnd.IntN(10), 1+rnd.IntN(9), rnd.IntN(9))), Parties: []domain.Ref{{ID: a.ID}, {ID: b.ID}}}))
		case 2: // an edit
			if a := pick(db.Agreements); a != nil {
				a.Title += " (amended)"
				a.Subjects = append(a.Subjects, "subject "+fmt.Sprint(i))
				ok(db.Agreements.Update(ctx, a))
			}
		case 3: // a citation
			if a := pick(db.Agreements); a != nil && len(srcs.Items) > 0 {
				_, err := db.Agreements.Cite(ctx, a.ID, domain.EvidenceInput{SourceID: srcs.Items[rnd.IntN(len(srcs.Items))].ID, Quote: fmt.Sprint("quote ", i)})
				ok(err)
			}
		case 4: // a citation removed, or a delete
			if a := pick(db.Agreements); a != nil {
				if len(a.Evidence) > 0 {
					ok(db.Agreements.Uncite(ctx, a.ID, a.Evidence[0].ID))
				} else {
					ok(db.Agreements.Delete(ctx, a.ID, 0))
				}
			}
		case 5: // a rename, which reaches every record showing the name
			o, err := db.Organizations.Find(ctx, orgs.Items[rnd.IntN(len(orgs.Items))].ID)
			must(t, err)
			o.Name = fmt.Sprintf("%s %d", strings.TrimRight(o.Name, " 0123456789"), i)
			ok(db.Organizations.Update(ctx, o))
		}
	}
}

// TestModelEqualsTheRecords: after writes of every kind, the model that
// made them answers every read as a process does that builds its model
// from the collections afresh.
func TestModelEqualsTheRecords(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		loadWorld(t, db)
		if _, err := synth.Generate(synth.Config{Seed: 11, Factor: soak.Pick(0.001, 0.02)}, repository.Importer{Ctx: context.Background(), DB: db}); err != nil {
			t.Fatal(err)
		}
		workload(t, db, 1, soak.Pick(40, 400))
		sameView(t, view(t, db), view(t, fresh(t, db)), "the writer against a fresh process")
	})
}

// eventually waits until check passes, for at most d.
func eventually(t *testing.T, d time.Duration, check func() error) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %v", d, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// viewDiffers reports the first key where the views differ.
func viewDiffers(a, b map[string]string) error {
	for k, v := range a {
		if b[k] != v {
			return fmt.Errorf("%s differs", k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			return fmt.Errorf("%s differs", k)
		}
	}
	return nil
}

// TestTwoProcessesFollowEachOther: two processes on one database, both
// writing at once, each see the other's writes (a second is the bound the
// design gives; the test allows ten), and end with models equal to each
// other's and to a fresh process's.
func TestTwoProcessesFollowEachOther(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		loadWorld(t, db)
		other := fresh(t, db)
		a := &domain.Agreement{Kind: domain.AgreementMOU, Title: "MOU written by the first", Status: domain.StatusSigned, SignedOn: "2016-01-05",
			Parties: []domain.Ref{{ID: demo.OrgMOGAHA}, {ID: demo.OrgPeruPMO}}}
		must(t, db.Agreements.Create(ctx, a))
		eventually(t, 10*time.Second, func() error {
			_, err := other.Agreements.Find(ctx, a.ID)
			return err
		})
		var wg sync.WaitGroup
		for i, w := range []*repository.DB{db, other} {
			wg.Go(func() { workload(t, w, uint64(i+2), soak.Pick(25, 200)) })
		}
		wg.Wait()
		eventually(t, 10*time.Second, func() error { return viewDiffers(view(t, db), view(t, other)) })
		sameView(t, view(t, db), view(t, fresh(t, db)), "the processes against a fresh one")
	})
}

// TestAWriteIsVisibleToItsWriterAtOnce: the next read after a write shows
// it, with no wait for the log.
func TestAWriteIsVisibleToItsWriterAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		storetest.LoadDemo(t, db, "")
		for i := range 5 {
			a := &domain.Agreement{Kind: domain.AgreementMOU, Title: fmt.Sprint("MOU seen at once ", i), Status: domain.StatusSigned, SignedOn: "2016-01-05",
				Parties: []domain.Ref{{ID: demo.OrgMOGAHA}, {ID: demo.OrgPeruPMO}}}
			must(t, db.Agreements.Create(ctx, a))
			ds, err := db.Dossier(ctx, "PE")
			must(t, err)
			if !slices.ContainsFunc(ds.Agreements, func(x *domain.Agreement) bool { return x.ID == a.ID }) {
				t.Fatalf("Peru's dossier lacks the agreement just created")
			}
			page, err := db.Agreements.List(ctx, domain.ListFilter{Country: "PE", Sort: "-updated", Limit: 1})
			must(t, err)
			if len(page.Items) != 1 || page.Items[0].ID != a.ID {
				t.Fatalf("the newest of Peru's agreements is not the one just created: %+v", page.Items)
			}
			links, err := db.LinksTo(ctx, demo.OrgPeruPMO)
			must(t, err)
			if !slices.ContainsFunc(links, func(r domain.RecordRef) bool { return r.ID == a.ID }) {
				t.Fatalf("the links to the PMO lack the agreement just created")
			}
		}
	})
}

// TestCrashBetweenLogEntryAndRecordHeals: writes whose process died after
// their log entry, before their record's document, are finished when a
// process next builds its model (and by HealInterrupted once old enough),
// from the entry: nothing acknowledged or logged is lost.
func TestCrashBetweenLogEntryAndRecordHeals(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		loadWorld(t, db)
		crash := errors.New("the process died here")
		repository.SetFailAfterLog(db, func() error { return crash })
		org, err := db.Organizations.Find(ctx, demo.OrgPeruJustice)
		must(t, err)
		org.Name = "Ministry of Justice of Peru (renamed as the write failed)"
		if err := db.Organizations.Update(ctx, org); !errors.Is(err, crash) {
			t.Fatalf("update: %v, want the crash", err)
		}
		a := &domain.Agreement{Kind: domain.AgreementMOU, Title: "MOU written as the write failed", Status: domain.StatusDraft, Parties: []domain.Ref{{ID: demo.OrgPeruPMO}}}
		if err := db.Agreements.Create(ctx, a); !errors.Is(err, crash) {
			t.Fatalf("create: %v, want the crash", err)
		}
		if err := db.Programs.Delete(ctx, demo.ProgramEGovEarlier, 0); !errors.Is(err, crash) {
			t.Fatalf("delete: %v, want the crash", err)
		}
		if _, err := db.Events.Cite(ctx, demo.EventVisit, domain.EvidenceInput{SourceID: demo.SourceArticle, Quote: "visit"}); !errors.Is(err, crash) {
			t.Fatalf("cite: %v, want the crash", err)
		}
		repository.SetFailAfterLog(db, nil)
		// A running server heals only what is older than writes last.
		if n, err := db.HealInterrupted(ctx, time.Hour); err != nil || n != 0 {
			t.Fatalf("HealInterrupted of young entries = %d, %v; want 0, nil", n, err)
		}
		other := fresh(t, db) // heals as it builds its model
		sameView(t, view(t, other), view(t, db), "a fresh process after the crash against the writer")
		if got, err := other.Organizations.Find(ctx, demo.OrgPeruJustice); err != nil || got.Name != org.Name {
			t.Errorf("the renamed ministry after healing: %+v, %v", got, err)
		}
		if n, err := db.Heal(ctx); err != nil || n != 0 {
			t.Errorf("a second heal wrote %d records (%v), want none", n, err)
		}
		// The next edit goes on from the version the entry wrote.
		again, err := other.Organizations.Find(ctx, demo.OrgPeruJustice)
		must(t, err)
		again.Acronym = "MINJUS"
		if err := other.Organizations.Update(ctx, again); err != nil {
			t.Errorf("the next edit after healing: %v", err)
		}
	})
}

// TestAGapInTheLogIsSkipped: a position taken by a process that died before
// writing its entry holds up the other processes' readers for a bounded
// wait, not for ever.
func TestAGapInTheLogIsSkipped(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		storetest.LoadDemo(t, db, "")
		must(t, db.Load(ctx))
		other := fresh(t, db)
		repository.TakePosition(db) // never filled
		a := &domain.Agreement{Kind: domain.AgreementMOU, Title: "MOU after a gap", Status: domain.StatusSigned, SignedOn: "2016-01-05",
			Parties: []domain.Ref{{ID: demo.OrgMOGAHA}, {ID: demo.OrgPeruPMO}}}
		must(t, db.Agreements.Create(ctx, a))
		eventually(t, 15*time.Second, func() error {
			_, err := other.Agreements.Find(ctx, a.ID)
			return err
		})
	})
}

// TestStaleWriteThroughAnotherProcessIsRefused: a process whose model has
// not yet seen another's edit cannot write over it: the claim of the
// version is taken.
func TestStaleWriteThroughAnotherProcessIsRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		storetest.LoadDemo(t, db, "")
		other := fresh(t, db)
		mine, err := db.Organizations.Find(ctx, demo.OrgPeruPMO)
		must(t, err)
		theirs, err := other.Organizations.Find(ctx, demo.OrgPeruPMO)
		must(t, err)
		mine.Acronym, theirs.Acronym = "MINE", "THEIRS"
		version := mine.Version
		errs := make(chan error, 2)
		go func() { errs <- db.Organizations.Update(ctx, mine) }()
		go func() { errs <- other.Organizations.Update(ctx, theirs) }()
		var codes []string
		for range 2 {
			codes = append(codes, domain.ErrorCode(<-errs))
		}
		slices.Sort(codes)
		if want := []string{"", domain.ECONFLICT}; !slices.Equal(codes, want) {
			t.Fatalf("two updates of version %d through two processes: %q, want one to win and one conflict", version, codes)
		}
		eventually(t, 10*time.Second, func() error { return viewDiffers(view(t, db), view(t, other)) })
		got, err := fresh(t, db).Organizations.Find(ctx, demo.OrgPeruPMO)
		must(t, err)
		if got.Version != version+1 || (got.Acronym != "MINE" && got.Acronym != "THEIRS") {
			t.Errorf("stored: version %d acronym %q; want version %d and the winner's acronym", got.Version, got.Acronym, version+1)
		}
	})
}

// TestConcurrentWritesReachTheModel: sixteen writers creating, editing and
// deleting at once in one process leave the model equal to a fresh one.
func TestConcurrentWritesReachTheModel(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		loadWorld(t, db)
		writers, each := 16, soak.Pick(4, 12)
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					a := &domain.Agreement{Kind: domain.AgreementMOU, Title: fmt.Sprintf("MOU %d-%d on digital government", w, i), Status: domain.StatusSigned,
						SignedOn: "2015-06-02", Parties: []domain.Ref{{ID: demo.OrgMOGAHA}, {ID: demo.OrgPeruPMO}}}
					if err := db.Agreements.Create(ctx, a); err != nil {
						errs <- err
						return
					}
					switch i % 3 {
					case 1:
						a.Title += " (amended)"
						if err := db.Agreements.Update(ctx, a); err != nil {
							errs <- err
							return
						}
					case 2:
						if err := db.Agreements.Delete(ctx, a.ID, a.Version); err != nil {
							errs <- err
							return
						}
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		sameView(t, view(t, db), view(t, fresh(t, db)), "after concurrent writes")
		page, err := db.Agreements.List(ctx, domain.ListFilter{Country: "PE", Q: "digital government", Limit: 200})
		must(t, err)
		if want := writers * (each - each/3); int(page.Total) != want {
			t.Errorf("Peru's agreements on digital government: %d, want %d", page.Total, want)
		}
	})
}

// TestSnapshotStartEqualsTheFullStart: a process that starts from the
// model's snapshot and the log written since answers every read as one that
// reads the collections; a damaged snapshot, or one of another store, is
// left aside for the collections.
func TestSnapshotStartEqualsTheFullStart(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		loadWorld(t, db)
		path := filepath.Join(t.TempDir(), "model.snapshot")
		writer := storetest.ReopenWith(t, db, repository.Options{SnapshotPath: path})
		must(t, writer.Load(ctx))
		workload(t, writer, 7, 20)
		must(t, writer.WriteSnapshot(ctx))
		workload(t, writer, 8, 20) // after the snapshot: read from the log
		full := view(t, fresh(t, db))
		sameView(t, view(t, writer), full, "the writer against a full start")

		fromSnapshot := storetest.ReopenWith(t, db, repository.Options{SnapshotPath: path})
		must(t, fromSnapshot.Load(ctx))
		sameView(t, view(t, fromSnapshot), full, "a start from the snapshot against a full start")

		for name, damage := range map[string]func([]byte) []byte{
			"cut short": func(b []byte) []byte { return b[:len(b)/2] },
			"garbage":   func(b []byte) []byte { return []byte("not a snapshot") },
		} {
			b, err := os.ReadFile(path)
			must(t, err)
			bad := filepath.Join(t.TempDir(), "bad.snapshot")
			must(t, os.WriteFile(bad, damage(b), 0o600))
			other := storetest.ReopenWith(t, db, repository.Options{SnapshotPath: bad})
			must(t, other.Load(ctx))
			sameView(t, view(t, other), full, "a start from a snapshot "+name)
		}
	})
}

// TestACopyOfARecordSharesNothing: a record given to a caller (Find, List)
// is the caller's to change; the model's stays as it was.
func TestACopyOfARecordSharesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		storetest.LoadDemo(t, db, "")
		before := view(t, db)
		a, err := db.Agreements.Find(ctx, demo.AgreementPeruEGov)
		must(t, err)
		page, err := db.Agreements.List(ctx, domain.ListFilter{Country: "PE"})
		must(t, err)
		for _, x := range append(page.Items, a) {
			x.Title = "changed"
			x.Parties[0].Name = "changed"
			x.Subjects = append(x.Subjects[:0], "changed")
			x.Evidence[0].Quote = "changed"
			x.Evidence[0].Supports = append(x.Evidence[0].Supports[:0], "changed")
			if x.Renewal.NoticeDays != 0 {
				x.Renewal.NoticeDays++
			}
		}
		sameView(t, view(t, db), before, "after callers changed what they were given")
	})
}

// TestWritesReachAnotherProcessWithinASecond measures how soon a write
// through one process shows in another's model (its country's dossier,
// which reads no log on its own): the design's bound is a second at the
// 99th percentile; the test logs the figures and fails only past ten
// seconds (timings are the benchmark's to judge).
func TestWritesReachAnotherProcessWithinASecond(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		storetest.LoadDemo(t, db, "")
		other := fresh(t, db)
		var delays []time.Duration
		for i := range soak.Pick(20, 200) {
			a := &domain.Agreement{Kind: domain.AgreementMOU, Title: fmt.Sprint("MOU seen elsewhere ", i), Status: domain.StatusSigned, SignedOn: "2016-01-05",
				Parties: []domain.Ref{{ID: demo.OrgMOGAHA}, {ID: demo.OrgPeruPMO}}}
			must(t, db.Agreements.Create(ctx, a))
			start := time.Now()
			for {
				ds, err := other.Dossier(ctx, "PE")
				must(t, err)
				if slices.ContainsFunc(ds.Agreements, func(x *domain.Agreement) bool { return x.ID == a.ID }) {
					break
				}
				if time.Since(start) > 10*time.Second {
					t.Fatalf("the agreement made through one process is not in the other's model after 10 s")
				}
				time.Sleep(2 * time.Millisecond)
			}
			delays = append(delays, time.Since(start))
		}
		slices.Sort(delays)
		t.Logf("%d writes seen by the other process after p50 %v, p99 %v, max %v", len(delays),
			delays[len(delays)/2].Round(time.Millisecond), delays[len(delays)*99/100].Round(time.Millisecond), delays[len(delays)-1].Round(time.Millisecond))
	})
}

// TestDocumentsWaitingWhenAProcessDiesAreHealed: a write is acknowledged
// once its log entry is stored, before its record's document. When the
// process dies with documents waiting, another process heals them from the
// log and sees every acknowledged write, and a backup taken meanwhile
// holds them too.
func TestDocumentsWaitingWhenAProcessDiesAreHealed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		storetest.LoadDemo(t, db, "")
		release := repository.HoldDocuments(db)
		t.Cleanup(release)
		loadWorld2(t, db)
		workload(t, db, 4, soak.Pick(30, 300))
		want := view(t, db)

		// A backup through another process, from documents that lag.
		var file bytes.Buffer
		if _, err := storetest.Reopen(t, db).Backup(ctx, &file, "test"); err != nil {
			t.Fatalf("backup: %v", err)
		}
		restored := storetest.Open(t, storetest.Backends(t)[0])
		if _, err := restored.Restore(ctx, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(file.Bytes())), nil }, repository.RestoreOptions{}); err != nil {
			t.Fatalf("restore: %v", err)
		}
		sameView(t, view(t, restored), want, "a restore of a backup taken while documents waited against the writer")

		sameView(t, view(t, fresh(t, db)), want, "a fresh process, which heals, against the writer whose documents wait")
	})
}

// loadWorld2 changes the demo data as loadWorld does, on a store that
// already holds it.
func loadWorld2(t *testing.T, db *repository.DB) {
	t.Helper()
	ctx := context.Background()
	org, err := db.Organizations.Find(ctx, demo.OrgPeruPMO)
	must(t, err)
	org.Name = "Presidency of the Council of Ministers"
	must(t, db.Organizations.Update(ctx, org))
	a := &domain.Agreement{Kind: domain.AgreementLetterOfIntent, Title: "Letter of intent written while documents wait", Status: domain.StatusSigned,
		SignedOn: "2015-09-01", Parties: []domain.Ref{{ID: demo.OrgMOGAHA}, {ID: demo.OrgColombiaDefense}}}
	must(t, db.Agreements.Create(ctx, a))
	_, err = db.Agreements.Cite(ctx, a.ID, domain.EvidenceInput{SourceID: demo.SourceArticle, Quote: "public security"})
	must(t, err)
	must(t, db.Events.Delete(ctx, demo.EventMeetingPMO, 0))
}
