package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// getHTML requests a page from h and parses it, failing the test unless the
// status is the one wanted.
func getHTML(t *testing.T, h http.Handler, path string, want int) (string, *goquery.Document) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != want {
		t.Fatalf("GET %s: status %d, want %d:\n%s", path, rec.Code, want, clip(rec.Body.Bytes()))
	}
	body := rec.Body.String()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return body, doc
}

// historyEntries are the heads of the entries in a page's history section.
func historyEntries(doc *goquery.Document) []string {
	var out []string
	doc.Find(`section[aria-labelledby="changes-h"] li.history-entry .history-head`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, text(s))
	})
	return out
}

func TestRecordPageShowsItsHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := domain.WithActor(context.Background(), testOfficer)
		org := &domain.Organization{Name: "Ministry 0", Country: "PE", Kind: domain.OrgMinistry}
		if err := db.Organizations.Create(ctx, org); err != nil {
			t.Fatal(err)
		}
		long := strings.Repeat("very long name ", 19)
		names := []string{}
		for i := 1; i <= historyPageSize+1; i++ {
			names = append(names, fmt.Sprintf("Ministry %d", i))
		}
		names = append(names, "<script>alert(1)</script> Ministry", long)
		for _, name := range names {
			org.Name = name
			if err := db.Organizations.Update(ctx, org); err != nil {
				t.Fatalf("rename to %q: %v", name, err)
			}
		}
		srv := New(storesOf(db))
		srv.Now = func() time.Time { return testToday }
		who := newActingAs(t, db, srv, &testViewer)
		path := "/organizations/" + org.ID

		body, doc := getHTML(t, who, path, http.StatusOK)
		heads := historyEntries(doc)
		if len(heads) != historyPageSize || !strings.HasPrefix(heads[0], "update by ana@example.org, ") {
			t.Fatalf("history heads = %q, want %d entries, the newest an update by Ana", heads, historyPageSize)
		}
		newest := doc.Find("li.history-entry").First()
		if got := text(newest.Find("dl.changes dt")); got != "name" {
			t.Errorf("newest entry's fields = %q, want name", got)
		}
		before, after := text(newest.Find(".change-before")), text(newest.Find(".change-after"))
		if before != "<script>alert(1)</script> Ministry" {
			t.Errorf("before = %q, want the name with its markup as text", before)
		}
		if !strings.HasSuffix(after, "…") || utf8.RuneCountInString(after) > historyValueRunes || !strings.HasPrefix(after, "very long name") {
			t.Errorf("after = %q (%d characters), want the long name cut at %d with an ellipsis", after, utf8.RuneCountInString(after), historyValueRunes)
		}
		if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Error("the value's markup reaches the page unescaped")
		}
		if n := doc.Find(`section[aria-labelledby="changes-h"] [style]`).Length(); n > 0 {
			t.Errorf("%d elements of the history carry inline styles", n)
		}

		older, ok := doc.Find(`.history-pager a[rel="next"]`).Attr("href")
		if !ok {
			t.Fatal("no link to older changes")
		}
		older, _, _ = strings.Cut(older, "#") // a browser keeps the fragment to itself
		_, doc = getHTML(t, who, older, http.StatusOK)
		heads = historyEntries(doc)
		if len(heads) != len(names)+1-historyPageSize || !strings.HasPrefix(heads[len(heads)-1], "create by ana@example.org, ") {
			t.Errorf("older page = %q, want the rest down to the create", heads)
		}
		created := doc.Find("li.history-create")
		if got := text(created.Find("details summary")); got != "4 fields" {
			t.Errorf("the create shows %q folded, want 4 fields (country, evidence, kind, name)", got)
		}
		if href, _ := doc.Find(".history-pager a").First().Attr("href"); href != path+"#changes-h" {
			t.Errorf("link back to the newest changes = %q", href)
		}

		who.as(nil) // no one signed in: the page is not shown at all
		getHTML(t, who, path, http.StatusFound)
		who.as(&testViewer)
		getHTML(t, who, path+"?history=nonsense", http.StatusUnprocessableEntity)
	})
}
