package repository_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// fixture holds the records most tests start from: two ministries, a person
// and an agreement between them.
type fixture struct {
	mogaha, pcm *domain.Organization
	chong       *domain.Person
	mou         *domain.Agreement
}

func seed(t *testing.T, db *repository.DB) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	f.mogaha = &domain.Organization{Name: "Ministry of Government Administration and Home Affairs", Acronym: "MOGAHA", Country: "KR", Kind: domain.OrgMinistry}
	f.pcm = &domain.Organization{Name: "Presidencia del Consejo de Ministros del Perú", AltNames: []string{"Prime Minister's Office of Peru"}, Country: "PE", Kind: domain.OrgOffice}
	for _, o := range []*domain.Organization{f.mogaha, f.pcm} {
		if err := db.Organizations.Create(ctx, o); err != nil {
			t.Fatalf("create organization %q: %v", o.Name, err)
		}
	}
	f.chong = &domain.Person{FullName: "Chong Jong-sup", AltNames: []string{"Chong, Jong-sup"}, Country: "KR",
		Positions: []domain.Position{{Title: "Minister of Government Administration and Home Affairs", Organization: &domain.Ref{ID: f.mogaha.ID}}}}
	if err := db.People.Create(ctx, f.chong); err != nil {
		t.Fatalf("create person: %v", err)
	}
	f.mou = &domain.Agreement{Kind: domain.AgreementMOU, Title: "MOU on e-government cooperation", Status: domain.StatusSigned,
		Parties:     []domain.Ref{{ID: f.mogaha.ID}, {ID: f.pcm.ID}},
		Signatories: []domain.Signatory{{Person: &domain.Ref{ID: f.chong.ID}, Organization: &domain.Ref{ID: f.mogaha.ID}, Capacity: "Minister"}},
		SignedOn:    "2015-04-20", Place: domain.Place{Country: "PE"}}
	if err := db.Agreements.Create(ctx, f.mou); err != nil {
		t.Fatalf("create agreement: %v", err)
	}
	return f
}

func TestCreateFillsNamesCountriesAndVersion(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		f := seed(t, db)
		got, err := db.Agreements.Find(context.Background(), f.mou.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 {
			t.Errorf("version = %d, want 1", got.Version)
		}
		if want := []string{"KR", "PE"}; !slices.Equal(got.Countries, want) {
			t.Errorf("countries = %v, want %v", got.Countries, want)
		}
		if got.Parties[1].Name != f.pcm.Name {
			t.Errorf("parties[1].name = %q, want %q", got.Parties[1].Name, f.pcm.Name)
		}
		if got.Signatories[0].Person.Name != "Chong Jong-sup" {
			t.Errorf("signatory name = %q, want %q", got.Signatories[0].Person.Name, "Chong Jong-sup")
		}
		if len(got.StatusHistory) != 1 || got.StatusHistory[0].Status != domain.StatusSigned {
			t.Errorf("status history = %+v, want one entry 'signed'", got.StatusHistory)
		}
	})
}

func TestUnknownReferenceIsRejectedAndNothingWritten(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := seed(t, db)
		a := &domain.Agreement{Kind: domain.AgreementMOU, Title: "Ghost", Status: domain.StatusDraft,
			Parties: []domain.Ref{{ID: f.mogaha.ID}, {ID: "no-such-org"}}, Programs: []domain.Ref{{ID: f.chong.ID}}}
		err := db.Agreements.Create(ctx, a)
		de := asDomainError(t, err, domain.EUNKNOWNREF)
		for _, field := range []string{"parties[1].id", "programs[0].id"} {
			if _, ok := de.Fields[field]; !ok {
				t.Errorf("fields = %v, want an entry for %s", de.Fields, field)
			}
		}
		page, err := db.Agreements.List(ctx, domain.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 {
			t.Errorf("agreements stored = %d, want 1", page.Total)
		}
	})
}

func TestRenameReachesEveryRecordThatShowsTheName(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := seed(t, db)
		org, err := db.Organizations.Find(ctx, f.mogaha.ID)
		if err != nil {
			t.Fatal(err)
		}
		org.Name = "Ministry of the Interior and Safety"
		if err := db.Organizations.Update(ctx, org); err != nil {
			t.Fatal(err)
		}
		a, err := db.Agreements.Find(ctx, f.mou.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Parties[0].Name != org.Name || a.Signatories[0].Organization.Name != org.Name {
			t.Errorf("agreement shows %q / %q, want %q", a.Parties[0].Name, a.Signatories[0].Organization.Name, org.Name)
		}
		if a.Version != 2 {
			t.Errorf("agreement version = %d, want 2 (an editor holding version 1 must not write the old name back)", a.Version)
		}
		p, err := db.People.Find(ctx, f.chong.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Positions[0].Organization.Name; got != org.Name {
			t.Errorf("position organization = %q, want %q", got, org.Name)
		}
	})
}

func TestStaleUpdateIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := seed(t, db)
		first, _ := db.Agreements.Find(ctx, f.mou.ID)
		second, _ := db.Agreements.Find(ctx, f.mou.ID)
		first.Title = "First edit"
		if err := db.Agreements.Update(ctx, first); err != nil {
			t.Fatal(err)
		}
		second.Title = "Second edit"
		asDomainError(t, db.Agreements.Update(ctx, second), domain.ECONFLICT)
		got, _ := db.Agreements.Find(ctx, f.mou.ID)
		if got.Title != "First edit" || got.Version != 2 {
			t.Errorf("stored = %q v%d, want %q v2", got.Title, got.Version, "First edit")
		}
	})
}

func TestConcurrentUpdatesOneWins(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := seed(t, db)
		const n = 8
		errs := make(chan error, n)
		for i := range n {
			go func() {
				a, err := db.Agreements.Find(ctx, f.mou.ID)
				if err == nil {
					a.Title = fmt.Sprintf("Edit %d", i)
					a.Version = 1
					err = db.Agreements.Update(ctx, a)
				}
				errs <- err
			}()
		}
		wins := 0
		for range n {
			err := <-errs
			switch domain.ErrorCode(err) {
			case "":
				wins++
			case domain.ECONFLICT:
			default:
				t.Errorf("update: %v", err)
			}
		}
		if wins != 1 {
			t.Errorf("updates that won = %d, want 1", wins)
		}
	})
}

func TestDeleteReferencedRecordIsRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := seed(t, db)
		de := asDomainError(t, db.Organizations.Delete(ctx, f.pcm.ID, 0), domain.EREFERENCED)
		if len(de.References) != 1 || de.References[0].ID != f.mou.ID {
			t.Errorf("references = %+v, want the agreement %s", de.References, f.mou.ID)
		}
		if _, err := db.Organizations.Find(ctx, f.pcm.ID); err != nil {
			t.Errorf("organization gone after a refused delete: %v", err)
		}
		if err := db.Agreements.Delete(ctx, f.mou.ID, 1); err != nil {
			t.Fatalf("delete agreement: %v", err)
		}
		if err := db.Organizations.Delete(ctx, f.pcm.ID, 0); err != nil {
			t.Errorf("delete once unreferenced: %v", err)
		}
		asDomainError(t, db.Organizations.Delete(ctx, f.pcm.ID, 0), domain.ENOTFOUND)
	})
}

func TestEvidenceIsKeptAcrossEditsAndListedBySource(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := seed(t, db)
		src := &domain.Source{Title: "Minister Chong to Enhance LAC-ROK Cooperation", URL: "https://example.org/a", PublishedOn: "2015-04-21", Text: "On April 20, Minister Chong signed the MOU."}
		if err := db.Sources.Create(ctx, src); err != nil {
			t.Fatal(err)
		}
		c, err := db.Agreements.Cite(ctx, f.mou.ID, domain.EvidenceInput{SourceID: src.ID, Quote: "Minister Chong signed the MOU", Supports: []string{"signed_on"}})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := db.Agreements.Find(ctx, f.mou.ID)
		a.Title = "Edited after citing"
		if err := db.Agreements.Update(ctx, a); err != nil {
			t.Fatal(err)
		}
		a, _ = db.Agreements.Find(ctx, f.mou.ID)
		if len(a.Evidence) != 1 || a.Evidence[0].Source.Name != src.Title {
			t.Fatalf("evidence = %+v, want the one citation of %q", a.Evidence, src.Title)
		}
		citers, err := db.CitersOf(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(citers) != 1 || citers[0].ID != f.mou.ID {
			t.Errorf("citers = %+v, want the agreement", citers)
		}
		asDomainError(t, db.Sources.Delete(ctx, src.ID, 0), domain.EREFERENCED)
		if err := db.Agreements.Uncite(ctx, f.mou.ID, c.ID); err != nil {
			t.Fatal(err)
		}
		asDomainError(t, db.Agreements.Uncite(ctx, f.mou.ID, c.ID), domain.ENOTFOUND)
		got, _ := db.Sources.Find(ctx, src.ID)
		if got.Text != src.Text || got.ContentHash == "" {
			t.Errorf("source text = %q hash %q, want the text and its hash", got.Text, got.ContentHash)
		}
		listed, _ := db.Sources.List(ctx, domain.ListFilter{})
		if listed.Items[0].Text != "" {
			t.Errorf("a list carries the source text; it should not")
		}
		dup := &domain.Source{Title: "Same URL", URL: src.URL}
		asDomainError(t, db.Sources.Create(ctx, dup), domain.ECONFLICT)
	})
}

func TestListFiltersSortsAndPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		for i, name := range []string{"Ministerio de Justicia y Derechos Humanos", "Migraciones Perú", "Ministerio de Defensa Nacional", "Ágora Perú", "Bolsa de Lima"} {
			country := "PE"
			if i == 2 {
				country = "CO"
			}
			if err := db.Organizations.Create(ctx, &domain.Organization{Name: name, Country: domain.CountryCode(country), Kind: domain.OrgAgency}); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			name   string
			filter domain.ListFilter
			want   []string
		}{
			{"accents ignored", domain.ListFilter{Q: "peru"}, []string{"Ágora Perú", "Migraciones Perú"}},
			{"by country", domain.ListFilter{Country: "CO"}, []string{"Ministerio de Defensa Nacional"}},
			{"descending", domain.ListFilter{Q: "minist", Sort: "-name"}, []string{"Ministerio de Justicia y Derechos Humanos", "Ministerio de Defensa Nacional"}},
		}
		for _, tc := range cases {
			page, err := db.Organizations.List(ctx, tc.filter)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got := names(page.Items); !slices.Equal(got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			}
		}
		var all []string
		f := domain.ListFilter{Limit: 2}
		for {
			page, err := db.Organizations.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != 5 {
				t.Errorf("total = %d, want 5", page.Total)
			}
			all = append(all, names(page.Items)...)
			if page.NextCursor == "" {
				break
			}
			f.Cursor = page.NextCursor
		}
		want := []string{"Ágora Perú", "Bolsa de Lima", "Migraciones Perú", "Ministerio de Defensa Nacional", "Ministerio de Justicia y Derechos Humanos"}
		if !slices.Equal(all, want) {
			t.Errorf("paged = %v, want %v", all, want)
		}
		for _, bad := range []domain.ListFilter{{Cursor: "garbage"}, {Sort: "height"}, {Kind: "spaceship"}, {Limit: 1000}, {Status: "active"}} {
			_, err := db.Organizations.List(ctx, bad)
			asDomainError(t, err, domain.EINVALID)
		}
	})
}

// TestAgreementStatusFilterAgreesWithStatusOn holds the status query to the
// rule it translates.
func TestAgreementStatusFilterAgreesWithStatusOn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		today := domain.Date("2020-06-15")
		agreements := []*domain.Agreement{
			{Title: "draft", Status: domain.StatusDraft},
			{Title: "negotiating", Status: domain.StatusUnderNegotiation},
			{Title: "signed, effective later", Status: domain.StatusSigned, SignedOn: "2020-01-01", EffectiveOn: "2020-09-01"},
			{Title: "signed in future", Status: domain.StatusSigned, SignedOn: "2020-07-01"},
			{Title: "in force by signature", Status: domain.StatusSigned, SignedOn: "2019-01-01"},
			{Title: "in force, expires later", Status: domain.StatusInForce, SignedOn: "2019-01-01", EffectiveOn: "2019-02-01", ExpiresOn: "2021-01-01"},
			{Title: "expired by date", Status: domain.StatusSigned, SignedOn: "2015-01-01", ExpiresOn: "2020-06-14"},
			{Title: "expires today", Status: domain.StatusSigned, SignedOn: "2015-01-01", ExpiresOn: "2020-06-15"},
			{Title: "renews itself", Status: domain.StatusSigned, SignedOn: "2015-01-01", ExpiresOn: "2018-01-01", Renewal: domain.Renewal{Automatic: true}},
			{Title: "expired by hand", Status: domain.StatusExpired, SignedOn: "2015-01-01"},
			{Title: "terminated", Status: domain.StatusTerminated, SignedOn: "2015-01-01", ExpiresOn: "2030-01-01"},
		}
		for _, a := range agreements {
			a.Kind = domain.AgreementMOU
			if err := db.Agreements.Create(ctx, a); err != nil {
				t.Fatalf("create %q: %v", a.Title, err)
			}
		}
		for _, status := range domain.AgreementStatuses {
			var want []string
			for _, a := range agreements {
				if a.StatusOn(today) == status {
					want = append(want, a.Title)
				}
			}
			page, err := db.Agreements.List(ctx, domain.ListFilter{Status: string(status), Today: today, Sort: "name"})
			if err != nil {
				t.Fatal(err)
			}
			got := names(page.Items)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("status %s: got %v, want %v", status, got, want)
			}
		}
	})
}

func TestDossierHoldsTheCountrysRecords(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		f := seed(t, db)
		d, err := db.Dossier(context.Background(), "PE")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Agreements) != 1 || d.Agreements[0].ID != f.mou.ID || len(d.Organizations) != 1 || d.Country.Name != "Peru" {
			t.Errorf("dossier = %d agreements, %d organizations, country %q; want 1, 1, Peru", len(d.Agreements), len(d.Organizations), d.Country.Name)
		}
		_, err = db.Dossier(context.Background(), "XX")
		asDomainError(t, err, domain.ENOTFOUND)
	})
}

func TestCountriesExistFromTheStart(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		all, err := db.Countries(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(domain.Countries()) {
			t.Errorf("countries = %d, want %d", len(all), len(domain.Countries()))
		}
		// Migrating again changes nothing.
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

func names[T domain.Record](items []T) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.Label())
	}
	return out
}

func asDomainError(t *testing.T, err error, code string) *domain.Error {
	t.Helper()
	de, ok := err.(*domain.Error) //nolint:errorlint // the stores return *domain.Error unwrapped
	if !ok || de.Code != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
	return de
}

// TestConcurrentCreatesFailAlone has creates batched together (see
// batch.go) while two of them bring the same id: exactly one of those two
// fails, with a conflict, and every other create is stored.
func TestConcurrentCreatesFailAlone(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		const n = 12
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				org := &domain.Organization{Name: fmt.Sprintf("Agency %d", i), Country: "PE", Kind: domain.OrgAgency}
				if i < 2 {
					org.ID = "same-id"
				}
				errs[i] = db.Organizations.Create(ctx, org)
			})
		}
		wg.Wait()
		stored := 0
		for _, err := range errs[:2] {
			if err == nil {
				stored++
			}
		}
		if conflict := domain.ErrorCode(errs[0]) == domain.ECONFLICT || domain.ErrorCode(errs[1]) == domain.ECONFLICT; stored != 1 || !conflict {
			t.Errorf("the two creates of one id: %v and %v, want one stored and one conflict", errs[0], errs[1])
		}
		for i := 2; i < n; i++ {
			if errs[i] != nil {
				t.Errorf("create %d: %v, want stored", i, errs[i])
			}
		}
		page, err := db.Organizations.List(ctx, domain.ListFilter{Country: "PE", Q: "Agency", Limit: 100})
		must(t, err)
		if got, want := page.Total, int64(n-1); got != want {
			t.Errorf("agencies stored = %d, want %d", got, want)
		}
	})
}

// TestEachGivesTheWholeList: Each gives the records of every page of the
// list, in the list's order, from the query and from a country's dossier
// alike, and refuses a bad filter before it gives any record.
func TestEachGivesTheWholeList(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		loadWorld(t, db)
		for _, f := range []domain.ListFilter{
			{},
			{Sort: "name"},
			{Country: "PE"},
			{Country: "PE", Sort: "-date"},
			{Kind: string(domain.AgreementMOU)},
		} {
			var want []string
			page := f
			page.Limit = 1
			for {
				p, err := db.Agreements.List(ctx, page)
				must(t, err)
				for _, a := range p.Items {
					want = append(want, a.ID)
				}
				if page.Cursor = p.NextCursor; page.Cursor == "" {
					break
				}
			}
			var got []string
			must(t, db.Agreements.Each(ctx, f, func(a *domain.Agreement) error {
				got = append(got, a.ID)
				return nil
			}))
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("Each(%+v) = %v, want the list's pages %v", f, got, want)
			}
		}
		called := false
		err := db.Agreements.Each(ctx, domain.ListFilter{Sort: "colour"}, func(*domain.Agreement) error { called = true; return nil })
		if domain.ErrorCode(err) != domain.EINVALID || called {
			t.Errorf("Each with a bad sort: error %v, called %v; want EINVALID before any record", err, called)
		}
	})
}
