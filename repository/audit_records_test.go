package repository_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/event"

	"cooptrack/domain"
	"cooptrack/internal/soak"
	"cooptrack/internal/synth"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

var ana = domain.Actor{UserID: "u-ana", Email: "ana@example.org", Role: domain.RoleOfficer, IP: "192.0.2.1", SessionID: "s-ana"}

// historyOf returns a record's history, newest first.
func historyOf(t *testing.T, db *repository.DB, typ domain.RecordType, id string) []domain.AuditEntry {
	t.Helper()
	page, err := db.Audit.List(asAdmin(), domain.AuditFilter{RecordType: typ, RecordID: id, Limit: 500})
	if err != nil {
		t.Fatalf("history of %s %s: %v", typ, id, err)
	}
	return page.Entries
}

// changesText writes changes as "field: before -> after" lines, "-" for a
// side that is absent.
func changesText(changes []domain.Change) string {
	side := func(v json.RawMessage) string {
		if v == nil {
			return "-"
		}
		return string(v)
	}
	var lines []string
	for _, c := range changes {
		lines = append(lines, c.Field+": "+side(c.Before)+" -> "+side(c.After))
	}
	return strings.Join(lines, "\n")
}

func changeOf(e domain.AuditEntry, field string) (domain.Change, bool) {
	for _, c := range e.Changes {
		if c.Field == field {
			return c, true
		}
	}
	return domain.Change{}, false
}

// TestEveryChangeToARecordIsAudited makes each kind of change through the
// store and reads the record's history: the newest entry must have the
// action, the actor and the changes the change made.
func TestEveryChangeToARecordIsAudited(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := domain.WithActor(context.Background(), ana)
		f := seed(t, db)
		src := &domain.Source{Title: "Korea and Peru sign an MOU", URL: "https://example.org/mou", Text: "Lima, 20 April 2015."}
		if err := db.Sources.Create(ctx, src); err != nil {
			t.Fatal(err)
		}
		var citation domain.Citation

		tests := []struct {
			name    string
			change  func() error
			typ     domain.RecordType
			id      func() string
			action  domain.Action
			actor   string // Actor.String()
			note    string
			changes string // changesText of the entry; "" to skip
			check   func(t *testing.T, e domain.AuditEntry)
		}{
			{
				name: "create", typ: domain.TypeSource, id: func() string { return src.ID },
				change: func() error { return nil }, action: domain.ActionCreate, actor: "ana@example.org",
				changes: "content_hash: - -> \"" + src.ContentHash + "\"\nevidence: - -> []\ntitle: - -> \"Korea and Peru sign an MOU\"\nurl: - -> \"https://example.org/mou\"",
			},
			{
				name: "update: only the fields changed", typ: domain.TypeOrganization, id: func() string { return f.pcm.ID },
				change: func() error {
					o, err := db.Organizations.Find(ctx, f.pcm.ID)
					if err != nil {
						return err
					}
					o.Acronym = "PCM"
					o.AltNames = []string{"Council of Ministers of Peru"}
					return db.Organizations.Update(ctx, o)
				},
				action: domain.ActionUpdate, actor: "ana@example.org",
				changes: "acronym: - -> \"PCM\"\nalt_names.0: \"Prime Minister's Office of Peru\" -> \"Council of Ministers of Peru\"",
			},
			{
				name: "status set by hand: a status_change with its reason", typ: domain.TypeAgreement, id: func() string { return f.mou.ID },
				change: func() error {
					a, err := db.Agreements.Find(ctx, f.mou.ID)
					if err != nil {
						return err
					}
					a.Status, a.StatusReason = domain.StatusTerminated, "ended by exchange of notes"
					return db.Agreements.Update(ctx, a)
				},
				action: domain.ActionStatusChange, actor: "ana@example.org", note: "ended by exchange of notes",
				changes: `status: "signed" -> "terminated"`,
				check: func(t *testing.T, _ domain.AuditEntry) {
					h := historyOf(t, db, domain.TypeAgreement, f.mou.ID)
					if len(h) < 2 || h[1].Action != domain.ActionUpdate {
						t.Fatalf("entry before the status_change = %+v, want the update", h[1:])
					}
					if c, ok := changeOf(h[1], "status"); !ok || string(c.After) != `"terminated"` {
						t.Errorf("update changes = %s, want the status among them", changesText(h[1].Changes))
					}
				},
			},
			{
				name: "cite", typ: domain.TypePerson, id: func() string { return f.chong.ID },
				change: func() error {
					var err error
					citation, err = db.People.Cite(ctx, f.chong.ID, domain.EvidenceInput{SourceID: src.ID, Quote: "Minister Chong"})
					return err
				},
				action: domain.ActionCite, actor: "ana@example.org", note: "source " + src.ID,
				check: func(t *testing.T, e domain.AuditEntry) {
					c, ok := changeOf(e, "evidence")
					var got domain.Citation
					if !ok || c.Before != nil || json.Unmarshal(c.After, &got) != nil || got.ID != citation.ID || got.Source.ID != src.ID || got.Quote != "Minister Chong" {
						t.Errorf("changes = %s, want the citation %s after", changesText(e.Changes), citation.ID)
					}
				},
			},
			{
				name: "uncite", typ: domain.TypePerson, id: func() string { return f.chong.ID },
				change: func() error { return db.People.Uncite(ctx, f.chong.ID, citation.ID) },
				action: domain.ActionUncite, actor: "ana@example.org", note: "source " + src.ID,
				check: func(t *testing.T, e domain.AuditEntry) {
					c, ok := changeOf(e, "evidence")
					var got domain.Citation
					if !ok || c.After != nil || json.Unmarshal(c.Before, &got) != nil || got.ID != citation.ID {
						t.Errorf("changes = %s, want the citation %s before", changesText(e.Changes), citation.ID)
					}
				},
			},
			{
				name: "delete: the record as it was", typ: domain.TypeSource, id: func() string { return src.ID },
				change: func() error { return db.Sources.Delete(ctx, src.ID, 0) },
				action: domain.ActionDelete, actor: "ana@example.org",
				changes: "content_hash: \"" + src.ContentHash + "\" -> -\nevidence: [] -> -\ntitle: \"Korea and Peru sign an MOU\" -> -\nurl: \"https://example.org/mou\" -> -",
			},
			{
				name: "rename propagated to a linking record, by the system", typ: domain.TypeAgreement, id: func() string { return f.mou.ID },
				change: func() error {
					o, err := db.Organizations.Find(ctx, f.mogaha.ID)
					if err != nil {
						return err
					}
					o.Name = "Ministry of the Interior"
					return db.Organizations.Update(ctx, o)
				},
				action: domain.ActionUpdate, actor: "system", note: "propagated from " + f.mogaha.ID,
				changes: "parties.0.name: \"Ministry of Government Administration and Home Affairs\" -> \"Ministry of the Interior\"\n" +
					"signatories.0.organization.name: \"Ministry of Government Administration and Home Affairs\" -> \"Ministry of the Interior\"",
			},
			{
				name: "no actor in the context: the system", typ: domain.TypeOrganization, id: func() string { return f.pcm.ID },
				change: func() error {
					o, err := db.Organizations.Find(ctx, f.pcm.ID)
					if err != nil {
						return err
					}
					o.Acronym = "PCM-PE"
					return db.Organizations.Update(context.Background(), o)
				},
				action: domain.ActionUpdate, actor: "system", changes: `acronym: "PCM" -> "PCM-PE"`,
			},
		}
		for _, tc := range tests {
			if err := tc.change(); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			h := historyOf(t, db, tc.typ, tc.id())
			if len(h) == 0 {
				t.Errorf("%s: no history", tc.name)
				continue
			}
			e := h[0]
			if e.Action != tc.action || e.Actor.String() != tc.actor || e.Note != tc.note || e.Record.ID != tc.id() || e.Record.Type != tc.typ || e.ID == "" || e.At.IsZero() {
				t.Errorf("%s: newest entry = %s by %s on %s %s, note %q; want %s by %s on %s %s, note %q",
					tc.name, e.Action, e.Actor, e.Record.Type, e.Record.ID, e.Note, tc.action, tc.actor, tc.typ, tc.id(), tc.note)
			}
			if got := changesText(e.Changes); tc.changes != "" && got != tc.changes {
				t.Errorf("%s: changes\n%s\nwant\n%s", tc.name, got, tc.changes)
			}
			if tc.check != nil {
				tc.check(t, e)
			}
		}
		if e := historyOf(t, db, domain.TypeOrganization, f.mogaha.ID)[0]; e.Actor.SessionID != "s-ana" || e.Actor.IP != "192.0.2.1" {
			t.Errorf("rename by %+v, want Ana's session and address", e.Actor)
		}
	})
}

// TestFailedWritesAddNoEntry: a write refused (invalid, stale, referenced)
// must leave the record's history as it was.
func TestFailedWritesAddNoEntry(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := domain.WithActor(context.Background(), ana)
		f := seed(t, db)
		before := len(historyOf(t, db, domain.TypeOrganization, f.pcm.ID))
		stale, err := db.Organizations.Find(ctx, f.pcm.ID)
		if err != nil {
			t.Fatal(err)
		}
		stale.Version = 99
		_, citeErr := db.Organizations.Cite(ctx, f.pcm.ID, domain.EvidenceInput{SourceID: "nope"})
		invalid := *stale
		invalid.Version, invalid.Kind = 1, "palace"
		for _, tc := range []struct {
			name string
			err  error
			code string
		}{
			{"stale update", db.Organizations.Update(ctx, stale), domain.ECONFLICT},
			{"invalid update", db.Organizations.Update(ctx, &invalid), domain.EINVALID},
			{"delete of a referenced record", db.Organizations.Delete(ctx, f.pcm.ID, 0), domain.EREFERENCED},
			{"uncite of no citation", db.Organizations.Uncite(ctx, f.pcm.ID, "nope"), domain.ENOTFOUND},
			{"cite of no source", citeErr, domain.EUNKNOWNREF},
		} {
			wantCode(t, tc.name, tc.err, tc.code)
		}
		if got := len(historyOf(t, db, domain.TypeOrganization, f.pcm.ID)); got != before {
			t.Errorf("history holds %d entries after refused writes, want %d", got, before)
		}
		dup := &domain.Organization{Name: "Duplicate", Kind: domain.OrgMinistry, Country: "PE"}
		dup.ID = f.pcm.ID
		wantCode(t, "create of an id taken", db.Organizations.Create(ctx, dup), domain.ECONFLICT)
		if got := len(historyOf(t, db, domain.TypeOrganization, f.pcm.ID)); got != before {
			t.Errorf("history holds %d entries after a refused create, want %d", got, before)
		}
	})
}

// TestImportIsOneEntry: an import is one entry with the count and the ids,
// and each record imported has its create in its history (the entry that
// carries it to every process's model), noted as imported.
func TestImportIsOneEntry(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := domain.WithActor(context.Background(), domain.SystemActor("cli", "seed synthetic"))
		orgs := []*domain.Organization{
			{Meta: domain.Meta{ID: "imp-1"}, Name: "Agency One", Kind: domain.OrgAgency, Country: "PE"},
			{Meta: domain.Meta{ID: "imp-2"}, Name: "Agency Two", Kind: domain.OrgAgency, Country: "CO"},
		}
		if err := db.Organizations.Import(ctx, orgs, nil); err != nil {
			t.Fatal(err)
		}
		page, err := db.Audit.List(asAdmin(), domain.AuditFilter{Action: domain.ActionImport})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Entries) != 1 {
			t.Fatalf("import entries = %+v, want one", page.Entries)
		}
		e := page.Entries[0]
		if e.Actor.System != "cli" || e.Record.Type != domain.TypeOrganization || e.Note != "2 organizations imported" ||
			changesText(e.Changes) != `ids: - -> ["imp-1","imp-2"]` {
			t.Errorf("import entry = %s by %s on %s, note %q, changes %s; want by cli, 2 organizations and their ids",
				e.Action, e.Actor, e.Record.Type, e.Note, changesText(e.Changes))
		}
		if h := historyOf(t, db, domain.TypeOrganization, "imp-1"); len(h) != 1 || h[0].Action != domain.ActionCreate || h[0].Note != "imported" || h[0].Actor.System != "cli" {
			t.Errorf("history of an imported record = %+v, want its create, noted as imported", h)
		}
	})
}

// TestCreateStartsItsRecordsHistory: creates made at once each start their
// record's history with their one entry (their inserts are batched), and a
// create under an id whose history exists (the record was deleted) appends
// to it instead.
func TestCreateStartsItsRecordsHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := domain.WithActor(context.Background(), ana)
		orgs := make([]*domain.Organization, 24)
		errs := make([]error, len(orgs))
		var wg sync.WaitGroup
		for i := range orgs {
			orgs[i] = &domain.Organization{Name: fmt.Sprintf("Agency %02d", i), Kind: domain.OrgAgency, Country: "PE"}
			wg.Go(func() { errs[i] = db.Organizations.Create(ctx, orgs[i]) })
		}
		wg.Wait()
		for i, org := range orgs {
			if errs[i] != nil {
				t.Fatalf("create %s: %v", org.Name, errs[i])
			}
			h := historyOf(t, db, domain.TypeOrganization, org.ID)
			if len(h) != 1 || h[0].Action != domain.ActionCreate || h[0].Actor.UserID != ana.UserID || h[0].Record.Name != org.Name {
				t.Errorf("history of %s = %+v, want its create by %s", org.Name, h, ana.Email)
			}
		}

		again := &domain.Organization{Meta: domain.Meta{ID: "again-1"}, Name: "Agency Again", Kind: domain.OrgAgency, Country: "CO"}
		if err := db.Organizations.Create(ctx, again); err != nil {
			t.Fatal(err)
		}
		if err := db.Organizations.Delete(ctx, again.ID, again.Version); err != nil {
			t.Fatal(err)
		}
		again = &domain.Organization{Meta: domain.Meta{ID: "again-1"}, Name: "Agency Again", Kind: domain.OrgAgency, Country: "CO"}
		if err := db.Organizations.Create(ctx, again); err != nil {
			t.Fatal(err)
		}
		var got []domain.Action
		for _, e := range historyOf(t, db, domain.TypeOrganization, again.ID) {
			got = append(got, e.Action)
		}
		if want := []domain.Action{domain.ActionCreate, domain.ActionDelete, domain.ActionCreate}; !slices.Equal(got, want) {
			t.Errorf("history of a record created again = %v, want %v (newest first)", got, want)
		}
	})
}

// counted marks the context of the operations a test counts the commands
// of: a store command carries its operation's context to the monitor, so
// that the model's reader of the log, which polls beside, is not counted.
type counted struct{}

// commandCounter counts the commands sent for operations of a counted
// context: all of them, and those to the log (the audit collection).
type commandCounter struct{ all, log atomic.Int64 }

func (c *commandCounter) monitor() *event.CommandMonitor {
	return &event.CommandMonitor{Started: func(ctx context.Context, e *event.CommandStartedEvent) {
		if ctx.Value(counted{}) == nil {
			return
		}
		c.all.Add(1)
		if coll, ok := e.Command.Index(0).Value().StringValueOK(); ok && coll == "audit" {
			c.log.Add(1)
		}
	}}
}

// TestCommandsPerCreate counts the commands a create sends to the store:
// its log entry and its document, on a store of ninety records and on one
// twice that size (and under -tags soak at scale S and twice S). Reads are
// the model's, so the count is the same whatever the size.
func TestCommandsPerCreate(t *testing.T) {
	t.Parallel()
	backend := storetest.Backends(t)[0]
	factor := soak.Pick(0.001, synth.FactorS)
	for _, f := range []float64{factor, 2 * factor} {
		var n commandCounter
		db := storetest.OpenWith(t, backend, repository.Options{Monitor: n.monitor()})
		if _, err := synth.Generate(synth.Config{Seed: 3, Factor: f}, repository.Importer{Ctx: context.Background(), DB: db}); err != nil {
			t.Fatal(err)
		}
		orgs, err := db.Organizations.List(context.Background(), domain.ListFilter{Country: "PE", Limit: 2})
		if err != nil || len(orgs.Items) == 0 {
			t.Fatalf("organizations of Peru: %v, %v", orgs.Items, err)
		}
		ctx := context.WithValue(domain.WithActor(context.Background(), ana), counted{}, true)
		if err := db.Agreements.Create(ctx, &domain.Agreement{Kind: domain.AgreementMOU, Title: "Counted", Status: domain.StatusSigned, SignedOn: "2024-05-02",
			Parties: []domain.Ref{{ID: orgs.Items[0].ID}}}); err != nil {
			t.Fatal(err)
		}
		// The document is written behind the answer.
		if err := db.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Logf("factor %g: a create sends %d commands, %d of them to the log", f, n.all.Load(), n.log.Load())
		// One insert into the log, one of the record's document.
		if got, want := n.all.Load(), int64(2); got != want {
			t.Errorf("factor %g: a create sends %d commands, want %d", f, got, want)
		}
	}
}

// TestAuditHasNoWayToChangeAnEntry: the audit store's exported methods are
// adding an entry and reading the log, nothing else.
func TestAuditHasNoWayToChangeAnEntry(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[*repository.Audit]()
	var got []string
	for m := range typ.Methods() {
		got = append(got, m.Name)
	}
	if want := []string{"List", "Record"}; !slices.Equal(got, want) {
		t.Errorf("*repository.Audit has methods %v, want only %v", got, want)
	}
}
