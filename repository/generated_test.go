package repository_test

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"cooptrack/domain"
	"cooptrack/domain/synth"
	"cooptrack/internal/soak"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// generate fills db with a synthetic office of the given size and builds
// its read models, as `cooptrack seed synthetic` does.
func generate(t testing.TB, db *repository.DB, factor float64) {
	t.Helper()
	ctx := context.Background()
	if _, err := synth.Generate(synth.Config{Seed: 11, Factor: factor}, repository.Importer{Ctx: ctx, DB: db}); err != nil {
		t.Fatal(err)
	}
	if err := db.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
}

// busiestCountries returns the n countries with the most agreements, by the
// catalog.
func busiestCountries(t testing.TB, db *repository.DB, n int) []string {
	t.Helper()
	cat, err := db.Catalog(context.Background())
	must(t.(*testing.T), err)
	entries := cat.Entries
	counts := map[string]int{}
	for _, e := range entries {
		if e.Type == domain.TypeAgreement {
			for _, c := range e.Countries {
				counts[c]++
			}
		}
	}
	codes := make([]string, 0, len(counts))
	for c := range counts {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b string) int { return cmp.Or(counts[b]-counts[a], cmp.Compare(a, b)) })
	return codes[:min(n, len(codes))]
}

// TestReadModelsAgreeOnAGeneratedStore holds, on a generated office, every
// busy country's timeline, dashboard and lists from the read models equal to
// those computed from the records, then again after a round of edits.
func TestReadModelsAgreeOnAGeneratedStore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		generate(t, db, soak.Pick(0.002, 0.02))
		countries := busiestCountries(t, db, 4)
		check := func() {
			checkViews(t, db, countries)
			for _, f := range []domain.ListFilter{
				{Country: countries[0]},
				{Country: countries[0], Status: "in_force", Sort: "name"},
				{Country: countries[1], Kind: "mou", Sort: "-updated", Limit: 20},
			} {
				f.Today = readModelToday
				checkListsAgree(t, db, db.Agreements, f)
			}
			checkCatalog(t, db)
		}
		check()

		ctx := context.Background()
		page, err := db.Agreements.List(ctx, domain.ListFilter{Country: countries[1], Limit: 3})
		must(t, err)
		for _, a := range page.Items {
			a.Title += " (amended)"
			a.Parties = a.Parties[:1] // leaves the partner: out of its dossier
			must(t, db.Agreements.Update(ctx, a))
		}
		check()
	})
}
