package repository_test

import (
	"context"
	"testing"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// TestUpdateToATakenURLIsAConflict: an edit giving a source the URL of
// another is refused as a conflict (FerretDB reports it as an internal
// error), and leaves the source free for the next edit at once.
func TestUpdateToATakenURLIsAConflict(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		a := &domain.Source{Title: "A", URL: "https://example.org/a"}
		b := &domain.Source{Title: "B", URL: "https://example.org/b"}
		for _, s := range []*domain.Source{a, b} {
			if err := db.Sources.Create(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		b.URL = a.URL
		wantCode(t, "taken URL", db.Sources.Update(ctx, b), domain.ECONFLICT)
		b.URL, b.Title = "https://example.org/b2", "B, moved"
		if err := db.Sources.Update(ctx, b); err != nil {
			t.Errorf("the next edit: %v, want it stored", err)
		}
		if got, err := db.Sources.Find(ctx, b.ID); err != nil || got.Title != "B, moved" || got.Version != 2 {
			t.Errorf("source after = %+v, %v; want version 2, B, moved", got, err)
		}
	})
}
