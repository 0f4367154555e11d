package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"cooptrack/domain"
	"cooptrack/internal/synth"
)

// TestSeedSynthetic fills an empty store with a small synthetic data set,
// finds as many records of each kind as the generator says it makes, and
// refuses to fill the store a second time.
func TestSeedSynthetic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	args := []string{"seed", "synthetic", "--factor", "0.002", "--seed", "7", "--data-dir", dir}
	var stdout, stderr strings.Builder
	if code := Main(ctx, args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("seed synthetic: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "synthetic data (seed 7, factor 0.002)") {
		t.Errorf("stdout = %q, want the totals", stdout.String())
	}
	for _, want := range []string{"sources", "events", "done in"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("progress on stderr lacks %q:\n%s", want, stderr.String())
		}
	}

	want := synth.Config{Seed: 7, Factor: 0.002}.Counts()
	db, closeStore, err := openStore(ctx, &storeConfig{dataDir: dir, database: "cooptrack"}, false, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	got := map[domain.RecordType]int64{}
	total := func(n int64, err error) int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	got[domain.TypeOrganization] = total(count(ctx, db.Organizations))
	got[domain.TypePerson] = total(count(ctx, db.People))
	got[domain.TypeAgreement] = total(count(ctx, db.Agreements))
	got[domain.TypeEvent] = total(count(ctx, db.Events))
	got[domain.TypeProgram] = total(count(ctx, db.Programs))
	got[domain.TypeSource] = total(count(ctx, db.Sources))
	wants := map[domain.RecordType]int{
		domain.TypeOrganization: want.Organizations, domain.TypePerson: want.People, domain.TypeAgreement: want.Agreements,
		domain.TypeEvent: want.Events, domain.TypeProgram: want.Programs, domain.TypeSource: want.Sources,
	}
	for _, typ := range domain.RecordTypes {
		if got[typ] != int64(wants[typ]) {
			t.Errorf("%s stored = %d, the generator says %d", typ.Collection(), got[typ], wants[typ])
		}
	}
	// A source keeps its text, and a record its citations, resolved.
	page, err := db.Sources.List(ctx, domain.ListFilter{Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("list sources: %v", err)
	}
	src, err := db.Sources.Find(ctx, page.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Text) < 2000 {
		t.Errorf("source %s has %d bytes of text, want about 3 KB", src.ID, len(src.Text))
	}
	agreements, err := db.Agreements.List(ctx, domain.ListFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	cited := 0
	for _, a := range agreements.Items {
		if len(a.Countries) < 2 || !containsString(a.Countries, "KR") {
			t.Errorf("agreement %s concerns %v, want KR and a partner", a.ID, a.Countries)
		}
		for _, ev := range a.Evidence {
			cited++
			if ev.Source.Name == "" {
				t.Errorf("agreement %s cites %s without its title", a.ID, ev.Source.ID)
			}
		}
	}
	if cited == 0 {
		t.Error("no agreement cites a source")
	}
	closeStore()

	// A second run would mix two data sets: it is refused, and says why.
	stdout.Reset()
	stderr.Reset()
	if code := Main(ctx, args, strings.NewReader(""), &stdout, &stderr); code != 1 {
		t.Fatalf("second seed synthetic: exit %d, want 1\n%s", code, stderr.String())
	}
	if msg := stderr.String(); !strings.Contains(msg, "already holds") || !strings.Contains(msg, "--force") {
		t.Errorf("second run says %q, want that the store holds records and how to force it", msg)
	}
}

func TestSeedSyntheticRejectsBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"seed", "synthetic", "--scale", "L"},
		{"seed", "synthetic", "--factor", "-1"},
		{"seed", "synthetic", "extra"},
	} {
		var stderr strings.Builder
		if code := Main(context.Background(), args, strings.NewReader(""), io.Discard, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr.String())
		}
	}
}

func count[T domain.Record](ctx context.Context, st domain.Store[T]) (int64, error) {
	page, err := st.List(ctx, domain.ListFilter{Limit: 1})
	return page.Total, err
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
