package repository_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/domain/importing"
	"cooptrack/internal/soak"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
	"cooptrack/tablefile"
)

// badRow is a row of the generated file that the preview must refuse, and
// the error it must give.
type badRow struct {
	field string // the field the error is under
	want  string // in the error's message
}

// manyMOUs writes a CSV of n agreements between the demo's
// organizations, as an office's old spreadsheet would hold them: titles in
// English and Spanish (accents and all), parties by name, acronym or other
// spelling, dates in several ways. One row in 25 is bad, in turn: an
// unknown country, a date that does not exist, no party, a party nobody
// recorded. It returns the file and the bad rows by line.
func manyMOUs(t *testing.T, n int) ([]byte, map[int]badRow) {
	t.Helper()
	parties := []string{
		"MOGAHA; Prime Minister's Office of Peru",
		"Ministry of Government Administration and Home Affairs; Ministry of National Defense of Colombia",
		"MOGAHA; Peruvian Ministry of Justice and Human Rights",
		"Korea Immigration Service; Peruvian Immigration Office",
		"Korean Ministry of Justice | Ministry of Justice and Human Rights of Peru",
	}
	subjects := []string{"e-government", "seguridad pública", "migración; justicia penal", "modernización del Estado", "customs e-clearance"}
	places := [][2]string{{"Lima", "Perú"}, {"Bogotá", "Colombia"}, {"Seoul", "KR"}, {"Cusco", "PE"}, {"Medellín", "CO"}}
	bad := map[int]badRow{}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{{"Title", "Parties", "Subjects", "Signed on", "City", "Place country"}}
	for i := range n {
		line := importing.Line(i)
		title := fmt.Sprintf("Memorandum of understanding on %s, no. %d", subjects[i%len(subjects)], i+1)
		if i%3 == 1 {
			title = fmt.Sprintf("Memorando de entendimiento sobre cooperación técnica nº %d", i+1)
		}
		signed := fmt.Sprintf("%d-%02d-%02d", 2000+i%25, 1+i%12, 1+i%28)
		if i%4 == 2 {
			signed = fmt.Sprintf("%d %s %d", 1+i%28, []string{"Jan", "Apr", "Sep", "Dec"}[i%4], 2000+i%25)
		}
		row := []string{title, parties[i%len(parties)], subjects[i%len(subjects)], signed, places[i%len(places)][0], places[i%len(places)][1]}
		if i%25 == 24 {
			switch (i / 25) % 4 {
			case 0:
				row[5] = "Atlantis"
				bad[line] = badRow{"place_country", `unknown country "Atlantis"`}
			case 1:
				row[3] = "2015-02-30"
				bad[line] = badRow{"signed_on", `"2015-02-30" is not a date`}
			case 2:
				row[1] = ""
				bad[line] = badRow{"parties", "at least one party is required"}
			case 3:
				row[1] = "MOGAHA; Ministerio de Magia"
				bad[line] = badRow{"parties", `no organization named "Ministerio de Magia"`}
			}
		}
		rows = append(rows, row)
	}
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), bad
}

// TestImportManyRowsWithBadOnes is issue 7's "done when": an import of a
// CSV of many rows (100; 1,000 under -tags soak) with some bad rows
// previews them, imports the good ones, and a second run imports nothing
// new. The file is read as an upload is, previewed and confirmed as the
// import page and the command do (Prepare, Confirm), on the real store. On
// PostgreSQL, slower per write, a soak run's file is a fifth as long: the
// same kinds of rows, bad ones included.
func TestImportManyRowsWithBadOnes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := domain.WithActor(context.Background(), ana)
		if _, err := demo.Load(admin, demoStores(db), ""); err != nil {
			t.Fatal(err)
		}
		n := soak.Pick(100, 1000)
		if soak.On && strings.HasSuffix(t.Name(), "/postgresql") {
			n = 200
		}
		data, bad := manyMOUs(t, n)
		tab, err := tablefile.Read(data)
		if err != nil {
			t.Fatal(err)
		}
		if err := tab.Check(); err != nil {
			t.Fatal(err)
		}
		var good, badLines []int
		for i := range n {
			if _, ok := bad[importing.Line(i)]; ok {
				badLines = append(badLines, importing.Line(i))
			} else {
				good = append(good, importing.Line(i))
			}
		}
		before := agreementCount(t, db)

		// The preview lists each bad row with its error, and writes nothing.
		p, err := importing.Prepare(ctx, db.Imports, db, domain.TypeAgreement, tab, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := p.Counts, (importing.Counts{New: len(good), Invalid: len(badLines)}); got != want {
			t.Fatalf("preview counts: got %+v, want %+v", got, want)
		}
		for _, row := range p.Rows {
			b, isBad := bad[row.Line]
			switch {
			case isBad && (row.Status != importing.StatusInvalid || !strings.Contains(row.Errors[b.field], b.want)):
				t.Errorf("line %d: got %s with errors %v, want invalid with %s: %q", row.Line, row.Status, row.Errors, b.field, b.want)
			case !isBad && (row.Status != importing.StatusNew || len(row.Errors) > 0):
				t.Errorf("line %d: got %s with errors %v, want new", row.Line, row.Status, row.Errors)
			}
		}
		if got := agreementCount(t, db); got != before {
			t.Fatalf("the preview wrote: got %d agreements, want %d", got, before)
		}

		// Confirming writes the good rows, and says the bad ones were not.
		res, err := importing.Confirm(ctx, db.Imports, p, tab.Header, "mous.csv")
		if err != nil {
			t.Fatal(err)
		}
		if !res.Complete || !slices.Equal(res.Written, good) || !slices.Equal(res.Invalid, badLines) || len(res.Failed)+len(res.NotWritten)+len(res.Existing) != 0 {
			t.Fatalf("import: got complete %v, %d written, invalid %v, failed %v, not written %v, existing %d; want complete, %d written, invalid %v, nothing else",
				res.Complete, len(res.Written), res.Invalid, res.Failed, res.NotWritten, len(res.Existing), len(good), badLines)
		}
		if got, want := agreementCount(t, db), before+int64(len(good)); got != want {
			t.Fatalf("after the import: got %d agreements, want %d", got, want)
		}
		// A record is stored as its row says, accents, parties and place.
		row := p.Rows[1] // line 3, as generated: in Spanish, signed in Bogotá
		got, err := db.Agreements.Find(ctx, row.Key)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Memorando de entendimiento sobre cooperación técnica nº 2" || got.Place.City != "Bogotá" || got.Place.Country != "CO" || len(got.Parties) != 2 || got.Parties[1].ID != demo.OrgColombiaDefense {
			t.Errorf("line 3 stored as %q in %+v with parties %+v", got.Title, got.Place, got.Parties)
		}

		// The same file again: nothing new is written, and the result says so.
		p2, err := importing.Prepare(ctx, db.Imports, db, domain.TypeAgreement, tab, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := p2.Counts, (importing.Counts{Exists: len(good), Invalid: len(badLines)}); got != want {
			t.Fatalf("preview of the second run: got %+v, want %+v", got, want)
		}
		res2, err := importing.Confirm(ctx, db.Imports, p2, tab.Header, "mous.csv")
		if err != nil {
			t.Fatal(err)
		}
		if !res2.Complete || len(res2.Written) != 0 || !slices.Equal(res2.Existing, good) || !slices.Equal(res2.Invalid, badLines) {
			t.Fatalf("second run: got complete %v, written %v, %d existing, invalid %v; want nothing written, %d existing", res2.Complete, res2.Written, len(res2.Existing), res2.Invalid, len(good))
		}
		if got, want := agreementCount(t, db), before+int64(len(good)); got != want {
			t.Fatalf("after the second run: got %d agreements, want %d", got, want)
		}
		// One audit entry for the import that wrote; none for the one that did not.
		if e := importEntries(t, db); len(e) != 1 {
			t.Errorf("audit: got %d import entries, want 1", len(e))
		}
	})
}
