package repository_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

func TestAuditHistoryOfARecordPagesNewestFirst(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := domain.WithActor(context.Background(), domain.Actor{UserID: "u1", Email: "ana@example.org", Role: domain.RoleOfficer, IP: "192.0.2.1", SessionID: "s1"})
		org := &domain.Organization{Name: "Ministry 0", Kind: domain.OrgMinistry, Country: "PE"}
		if err := db.Organizations.Create(ctx, org); err != nil {
			t.Fatal(err)
		}
		const n = 120 // more than two pages
		for i := 1; i < n; i++ {
			org.Name = fmt.Sprint("Ministry ", i)
			if err := db.Organizations.Update(ctx, org); err != nil {
				t.Fatal(err)
			}
		}
		// Another record's entries do not show.
		if err := db.Organizations.Create(ctx, &domain.Organization{Name: "Another ministry", Kind: domain.OrgMinistry, Country: "PE"}); err != nil {
			t.Fatal(err)
		}

		var names []string
		cursor := ""
		pages := 0
		for {
			page, err := db.Audit.List(ctx, domain.AuditFilter{RecordType: domain.TypeOrganization, RecordID: org.ID, Limit: 50, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, e := range page.Entries {
				names = append(names, e.Record.Name)
			}
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
		want := make([]string, n)
		for i := range want {
			want[i] = fmt.Sprint("Ministry ", n-1-i)
		}
		if !slices.Equal(names, want) || pages != 3 {
			t.Errorf("history in %d pages = %v, want %d entries newest first in 3 pages", pages, names, n)
		}

		page, err := db.Audit.List(ctx, domain.AuditFilter{RecordType: domain.TypeOrganization, RecordID: org.ID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		e := page.Entries[0]
		if e.Actor.Email != "ana@example.org" || e.Actor.SessionID != "s1" || e.Actor.IP != "192.0.2.1" || e.ID == "" || e.At.IsZero() ||
			len(e.Changes) != 1 || string(e.Changes[0].After) != `"Ministry 119"` {
			t.Errorf("newest entry = %+v, want Ana's stamp and the change", e)
		}

		for _, bad := range []string{"x", "9.0", "-1", "0"} {
			_, err := db.Audit.List(ctx, domain.AuditFilter{RecordType: domain.TypeOrganization, RecordID: org.ID, Cursor: bad})
			wantCode(t, "cursor "+bad, err, domain.EINVALID)
		}
	})
}

func TestAuditConcurrentWritesAreAllKept(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := asAdmin()
		src := &domain.Source{Title: "A source", PublishedOn: "2015-04-21"}
		ev := &domain.Event{Kind: domain.EventForum, Title: "A forum", StartOn: "2015-04-20", Countries: []string{"PE"}}
		if err := db.Sources.Create(ctx, src); err != nil {
			t.Fatal(err)
		}
		if err := db.Events.Create(ctx, ev); err != nil {
			t.Fatal(err)
		}
		const writers, each = 6, 5
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := 0; w < writers; w++ {
			wg.Go(func() {
				for i := 0; i < each; i++ {
					if _, err := db.Events.Cite(ctx, ev.ID, domain.EvidenceInput{SourceID: src.ID, Quote: fmt.Sprintf("%d-%d", w, i)}); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		page, err := db.Audit.List(ctx, domain.AuditFilter{RecordType: domain.TypeEvent, RecordID: ev.ID, Action: domain.ActionCite, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range page.Entries {
			seen[string(e.Changes[0].After)] = true
		}
		if len(page.Entries) != writers*each || len(seen) != writers*each {
			t.Errorf("history holds %d citations (%d distinct), want %d", len(page.Entries), len(seen), writers*each)
		}
	})
}

func TestAuditLogByActorAndDate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		clk := setClock(db)
		ana := domain.Actor{UserID: "u1", Email: "ana@example.org", Role: domain.RoleOfficer}
		bob := domain.Actor{UserID: "u2", Email: "bob@example.org", Role: domain.RoleAdmin}
		start := clk.now()
		for i := 0; i < 6; i++ {
			who := ana
			if i%2 == 1 {
				who = bob
			}
			if _, err := db.Audit.Record(context.Background(), domain.AuditEntry{Actor: who, Action: domain.ActionCreate,
				Record: domain.RecordRef{Type: domain.TypeOrganization, ID: fmt.Sprint("o", i)}}); err != nil {
				t.Fatal(err)
			}
			clk.add(time.Hour)
		}
		ids := func(f domain.AuditFilter) []string {
			t.Helper()
			var got []string
			for {
				page, err := db.Audit.List(asAdmin(), f)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range page.Entries {
					got = append(got, e.Record.ID)
				}
				if page.NextCursor == "" {
					return got
				}
				f.Cursor = page.NextCursor
			}
		}
		tests := []struct {
			name string
			f    domain.AuditFilter
			want []string
		}{
			{"all, newest first, in pages of 4", domain.AuditFilter{Limit: 4}, []string{"o5", "o4", "o3", "o2", "o1", "o0"}},
			{"by user id", domain.AuditFilter{Actor: "u1", Limit: 2}, []string{"o4", "o2", "o0"}},
			{"by email", domain.AuditFilter{Actor: "bob@example.org"}, []string{"o5", "o3", "o1"}},
			{"from, to", domain.AuditFilter{From: start.Add(time.Hour), To: start.Add(3 * time.Hour)}, []string{"o2", "o1"}},
			{"operator-shaped actor", domain.AuditFilter{Actor: `{"$gt": ""}`}, nil},
		}
		for _, tc := range tests {
			if got := ids(tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			}
		}

		viewer := domain.WithActor(context.Background(), domain.Actor{UserID: "u3", Role: domain.RoleViewer})
		_, err := db.Audit.List(viewer, domain.AuditFilter{})
		wantCode(t, "viewer reads the whole log", err, domain.EFORBIDDEN)
		if _, err := db.Audit.List(viewer, domain.AuditFilter{RecordType: domain.TypeOrganization, RecordID: "o1"}); err != nil {
			t.Errorf("viewer reads a record's history: %v", err)
		}
		_, err = db.Audit.List(context.Background(), domain.AuditFilter{RecordType: domain.TypeOrganization, RecordID: "o1"})
		wantCode(t, "no actor", err, domain.EFORBIDDEN)
		_, err = db.Audit.Record(context.Background(), domain.AuditEntry{})
		wantCode(t, "entry without an action", err, domain.EINVALID)
	})
}
