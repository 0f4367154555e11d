package demo_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// articlePath is the seed article, in shared/ beside the clone.
var articlePath = filepath.Join("..", "..", "..", "shared", "seeds", demo.ArticleFile)

// article returns the seed article's text, "" when it is not there.
func article(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(articlePath)
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func stores(db *repository.DB) demo.Stores {
	return db.RecordStores()
}

func load(t *testing.T, db *repository.DB, text string) demo.Result {
	t.Helper()
	res, err := demo.Load(context.Background(), stores(db), text)
	if err != nil {
		t.Fatalf("load: %v (fields %v)", err, fields(err))
	}
	return res
}

func fields(err error) map[string]string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Fields
	}
	return nil
}

// all returns every record of a store.
func all[T domain.Record](t *testing.T, st domain.Store[T]) []T {
	t.Helper()
	var out []T
	f := domain.ListFilter{Limit: 200, Sort: "name"}
	for {
		page, err := st.List(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out
		}
		f.Cursor = page.NextCursor
	}
}

// everything returns every record stored but the sources.
func everything(t *testing.T, db *repository.DB) []domain.Record {
	t.Helper()
	var out []domain.Record
	for _, r := range all(t, db.Organizations) {
		out = append(out, r)
	}
	for _, r := range all(t, db.People) {
		out = append(out, r)
	}
	for _, r := range all(t, db.Agreements) {
		out = append(out, r)
	}
	for _, r := range all(t, db.Events) {
		out = append(out, r)
	}
	for _, r := range all(t, db.Programs) {
		out = append(out, r)
	}
	return out
}

func counts(t *testing.T, db *repository.DB) map[string]int {
	t.Helper()
	return map[string]int{
		"organizations": len(all(t, db.Organizations)),
		"people":        len(all(t, db.People)),
		"agreements":    len(all(t, db.Agreements)),
		"events":        len(all(t, db.Events)),
		"programs":      len(all(t, db.Programs)),
		"sources":       len(all(t, db.Sources)),
	}
}

func total(c map[string]int) int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

func TestLoadTwiceDoesNotDuplicate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		first := load(t, db, article(t))
		before := counts(t, db)
		want := map[string]int{"organizations": 8, "people": 2, "agreements": 2, "events": 4, "programs": 4, "sources": 1}
		for k, n := range want {
			if before[k] != n {
				t.Errorf("%s stored = %d, want %d", k, before[k], n)
			}
		}
		if first.Created != total(before) || first.Existing != 0 {
			t.Errorf("first load = %+v, want Created %d, Existing 0", first, total(before))
		}

		second := load(t, db, article(t))
		if second.Created != 0 || second.Existing != first.Created {
			t.Errorf("second load = %+v, want Created 0, Existing %d", second, first.Created)
		}
		after := counts(t, db)
		for k, n := range before {
			if after[k] != n {
				t.Errorf("%s after the second load = %d, want %d", k, after[k], n)
			}
		}
	})
}

func TestLoadLeavesStoredRecordsAsTheyAre(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		load(t, db, "The article's text.")
		org, err := db.Organizations.Find(ctx, demo.OrgMOGAHA)
		if err != nil {
			t.Fatal(err)
		}
		org.Name = "Ministry of the Interior and Safety"
		if err := db.Organizations.Update(ctx, org); err != nil {
			t.Fatal(err)
		}

		load(t, db, "")
		got, err := db.Organizations.Find(ctx, demo.OrgMOGAHA)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != org.Name || got.Version != 2 {
			t.Errorf("organization = %q v%d, want %q v2", got.Name, got.Version, org.Name)
		}
		src, err := db.Sources.Find(ctx, demo.SourceArticle)
		if err != nil {
			t.Fatal(err)
		}
		if src.Text != "The article's text." {
			t.Errorf("source text = %q after loading again without text, want it kept", src.Text)
		}
	})
}

func TestLoadCitesTheArticleAlreadyRecorded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		pasted := &domain.Source{URL: demo.ArticleURL, Title: "LAC-ROK article, pasted"}
		if err := db.Sources.Create(ctx, pasted); err != nil {
			t.Fatal(err)
		}
		res := load(t, db, "")
		if res.Existing != 1 {
			t.Errorf("result = %+v, want the pasted source counted as existing", res)
		}
		if n := len(all(t, db.Sources)); n != 1 {
			t.Errorf("sources stored = %d, want 1", n)
		}
		a, err := db.Agreements.Find(ctx, demo.AgreementPeruEGov)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Evidence[0].Source.ID; got != pasted.ID {
			t.Errorf("agreement cites %q, want the pasted source %q", got, pasted.ID)
		}
	})
}

func TestDossiers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		load(t, db, "")

		pe, err := db.Dossier(ctx, "PE")
		if err != nil {
			t.Fatal(err)
		}
		mou := findAgreement(pe.Agreements, demo.AgreementPeruEGov)
		switch {
		case mou == nil:
			t.Errorf("Peru's dossier has no e-government MOU")
		case mou.SignedOn != "2015-04-20" || mou.Kind != domain.AgreementMOU:
			t.Errorf("e-government MOU = %s signed %s, want an MOU signed 2015-04-20", mou.Kind, mou.SignedOn)
		case mou.Parties[1].Name != "Prime Minister's Office of Peru" || mou.Signatories[0].Person.Name != "Chong Jong-sup":
			t.Errorf("e-government MOU names = %+v / %+v, want the names filled in", mou.Parties, mou.Signatories[0].Person)
		}
		forum := findEvent(pe.Events, demo.EventForum)
		switch {
		case forum == nil:
			t.Errorf("Peru's dossier has no forum")
		case forum.StartOn != "2015-04-20" || forum.Kind != domain.EventForum:
			t.Errorf("forum = %s on %s, want a forum on 2015-04-20", forum.Kind, forum.StartOn)
		case forum.Parent == nil || forum.Parent.ID != demo.EventVisit:
			t.Errorf("forum parent = %+v, want the visit", forum.Parent)
		}
		if len(pe.Sources) != 1 || pe.Sources[0].PublishedOn != "2015-04-21" {
			t.Errorf("Peru's sources = %+v, want the article of 2015-04-21", pe.Sources)
		}

		co, err := db.Dossier(ctx, "CO")
		if err != nil {
			t.Fatal(err)
		}
		sec := findAgreement(co.Agreements, demo.AgreementColombiaSecurity)
		switch {
		case sec == nil:
			t.Errorf("Colombia's dossier has no public security MOU")
		case sec.SignedOn != "2015-04-17":
			t.Errorf("public security MOU signed %s, want 2015-04-17", sec.SignedOn)
		}
		if findAgreement(co.Agreements, demo.AgreementPeruEGov) != nil {
			t.Errorf("Colombia's dossier holds Peru's MOU")
		}
		if findEvent(co.Events, demo.EventVisit) == nil || findEvent(pe.Events, demo.EventVisit) == nil {
			t.Errorf("the visit is not in both Colombia's and Peru's dossiers")
		}
	})
}

func findAgreement(as []*domain.Agreement, id string) *domain.Agreement {
	for _, a := range as {
		if a.ID == id {
			return a
		}
	}
	return nil
}

func findEvent(es []*domain.Event, id string) *domain.Event {
	for _, e := range es {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// TestEveryRecordCitesTheArticle checks that each record cites the article
// with a quote, and that each field a citation supports is one the record
// has and fills.
func TestEveryRecordCitesTheArticle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		load(t, db, "")
		for _, rec := range everything(t, db) {
			m := rec.RecordMeta()
			name := string(rec.Type()) + " " + m.ID
			if !strings.HasPrefix(m.ID, "demo-") {
				t.Errorf("%s: id is not a demo id", name)
			}
			if len(m.Evidence) == 0 {
				t.Errorf("%s cites nothing", name)
			}
			filled := jsonFields(t, rec)
			for _, c := range m.Evidence {
				if c.Source.ID != demo.SourceArticle || c.Source.Name != demo.ArticleTitle {
					t.Errorf("%s cites %+v, want the article", name, c.Source)
				}
				if c.Quote == "" || len(c.Supports) == 0 {
					t.Errorf("%s: citation without quote or supported fields: %+v", name, c)
				}
				for _, f := range c.Supports {
					if !filled[f] {
						t.Errorf("%s: citation supports %q, which the record does not fill", name, f)
					}
				}
			}
		}
	})
}

// jsonFields returns the record's JSON fields that hold a value.
func jsonFields(t *testing.T, rec domain.Record) map[string]bool {
	t.Helper()
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for k, v := range m {
		switch v := v.(type) {
		case nil:
		case string:
			out[k] = v != ""
		case []any:
			out[k] = len(v) > 0
		case map[string]any:
			out[k] = len(v) > 0
		default:
			out[k] = true
		}
	}
	return out
}

func TestQuotesAreVerbatim(t *testing.T) {
	t.Parallel()
	text := article(t)
	if text == "" {
		t.Skipf("no seed article at %s", articlePath)
	}
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		load(t, db, text)
		src, err := db.Sources.Find(ctx, demo.SourceArticle)
		if err != nil {
			t.Fatal(err)
		}
		if src.Text != text || src.ContentHash == "" {
			t.Errorf("source text not kept (%d bytes, hash %q)", len(src.Text), src.ContentHash)
		}
		for _, rec := range everything(t, db) {
			for _, c := range rec.RecordMeta().Evidence {
				if !strings.Contains(text, c.Quote) {
					t.Errorf("%s %s quotes what the article does not say: %q", rec.Type(), rec.RecordMeta().ID, c.Quote)
				}
			}
		}
	})
}
