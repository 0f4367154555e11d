package intake_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"cooptrack/domain"
	"cooptrack/domain/extract"
	"cooptrack/domain/intake"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const articleURL = "https://www.example.go.kr/news/ecuador-egov-2016"

// reviewed is the draft of testdata/ecuador-egov-2016.txt as an officer
// leaves it: the Civil Registry Office is the organization recorded
// already (existing), the official visit is left out, and the forum's
// title is corrected.
func reviewed(t *testing.T, existingOrg string) intake.Draft {
	t.Helper()
	text, err := os.ReadFile("testdata/ecuador-egov-2016.txt")
	if err != nil {
		t.Fatal(err)
	}
	a := intake.Article{Text: string(text), URL: articleURL, Title: "Minister Hong to Deepen Korea-Ecuador E-Government Cooperation",
		PublishedOn: domain.MustDate("2016-06-10"), Home: "KR"}
	p, err := extract.Extract(context.Background(), extract.Article{Text: a.Text, PublishedOn: a.PublishedOn, Home: a.Home}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := intake.DraftOf(a, p)
	if len(d.Organizations) != 3 || len(d.People) != 2 || len(d.Agreements) != 1 || len(d.Events) != 2 || len(d.Programs) != 1 {
		t.Fatalf("drafted %d organizations, %d people, %d agreements, %d events, %d programs; want 3, 2, 1, 2, 1",
			len(d.Organizations), len(d.People), len(d.Agreements), len(d.Events), len(d.Programs))
	}
	d.Organizations[2].Existing = existingOrg
	d.Events[0].Skip = true
	d.Events[1].Title = "Korea-Ecuador E-Government Cooperation Forum"
	return d
}

// stores are the real stores, with the links and the catalog that find
// records already recorded.
func stores(db *repository.DB) intake.Stores {
	return intake.Stores{RecordStores: db.RecordStores(), Citers: db, Named: intake.CatalogNamed(db)}
}

// counts returns how many records of each kind are stored.
func counts(t *testing.T, db *repository.DB) map[domain.RecordType]int64 {
	t.Helper()
	return map[domain.RecordType]int64{
		domain.TypeOrganization: total(t, db.Organizations), domain.TypePerson: total(t, db.People),
		domain.TypeAgreement: total(t, db.Agreements), domain.TypeEvent: total(t, db.Events),
		domain.TypeProgram: total(t, db.Programs), domain.TypeSource: total(t, db.Sources),
	}
}

func total[T domain.Record](t *testing.T, st domain.Store[T]) int64 {
	t.Helper()
	p, err := st.List(context.Background(), domain.ListFilter{Limit: 1})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	return p.Total
}

// registry stores the organization the officer chooses instead of a new one.
func registry(t *testing.T, db *repository.DB) string {
	t.Helper()
	o := &domain.Organization{Name: "National Directorate of Civil Registry", Country: "EC", Kind: domain.OrgOffice}
	if err := db.Organizations.Create(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// TestAcceptCreatesLinkedRecordsWithEvidence accepts a reviewed draft: the
// article becomes a source with its text; the organizations, people,
// agreement, event and program are created and linked; each cites the
// article with its quote; the organization chosen is cited, not created;
// the visit left out is not created. Accepting again creates nothing.
func TestAcceptCreatesLinkedRecordsWithEvidence(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		civil := registry(t, db)
		d := reviewed(t, civil)

		res, err := intake.Accept(ctx, stores(db), d)
		if err != nil {
			t.Fatalf("accept: %v", err)
		}
		if !res.Source.Created {
			t.Errorf("source: created = false, want true")
		}
		src, err := db.Sources.Find(ctx, res.Source.Ref.ID)
		if err != nil {
			t.Fatalf("find the source: %v", err)
		}
		if src.URL != articleURL || src.Text != d.Article.Text || src.PublishedOn != "2016-06-10" || src.Title != d.Article.Title {
			t.Errorf("source = %q %q %s, text of %d bytes; want %q %q 2016-06-10, text of %d bytes",
				src.URL, src.Title, src.PublishedOn, len(src.Text), articleURL, d.Article.Title, len(d.Article.Text))
		}

		byName := map[string]intake.Outcome{}
		for _, o := range res.Records {
			byName[o.Ref.Name] = o
		}
		want := []struct {
			name    string
			typ     domain.RecordType
			created bool
		}{
			{"Ministry of the Interior", domain.TypeOrganization, true},
			{"Ministry of Telecommunications", domain.TypeOrganization, true},
			{"National Directorate of Civil Registry", domain.TypeOrganization, false},
			{"Hong Yun-sik", domain.TypePerson, true},
			{"Guillermo Leon", domain.TypePerson, true},
			{"MOU on e-government", domain.TypeAgreement, true},
			{"Korea-Ecuador E-Government Cooperation Forum", domain.TypeEvent, true},
			{"digital civil registry program", domain.TypeProgram, true},
		}
		if len(res.Records) != len(want) {
			t.Errorf("%d records in the result, want %d: %+v", len(res.Records), len(want), res.Records)
		}
		for _, w := range want {
			got, ok := byName[w.name]
			if !ok {
				t.Errorf("no %s %q in the result", w.typ, w.name)
				continue
			}
			if got.Ref.Type != w.typ || got.Created != w.created {
				t.Errorf("%q: %s created=%v, want %s created=%v", w.name, got.Ref.Type, got.Created, w.typ, w.created)
			}
		}
		id := func(name string) string { return byName[name].Ref.ID }

		// The links.
		ag, err := db.Agreements.Find(ctx, id("MOU on e-government"))
		if err != nil {
			t.Fatal(err)
		}
		parties := refIDs(ag.Parties)
		if !slices.Equal(parties, []string{id("Ministry of the Interior"), id("Ministry of Telecommunications")}) {
			t.Errorf("agreement parties = %v, want the two ministries", parties)
		}
		var signatories []string
		for _, s := range ag.Signatories {
			signatories = append(signatories, s.Person.ID)
		}
		if !slices.Equal(signatories, []string{id("Hong Yun-sik"), id("Guillermo Leon")}) {
			t.Errorf("agreement signatories = %v, want Hong and Leon", signatories)
		}
		if ag.SignedOn != "2016-06-07" || ag.Status != domain.StatusSigned || ag.Place.City != "Quito" || !slices.Equal(ag.Countries, []string{"EC", "KR"}) {
			t.Errorf("agreement: signed %s, %s, in %+v, countries %v; want 2016-06-07, signed, Quito, [EC KR]", ag.SignedOn, ag.Status, ag.Place, ag.Countries)
		}
		ev, err := db.Events.Find(ctx, id("Korea-Ecuador E-Government Cooperation Forum"))
		if err != nil {
			t.Fatal(err)
		}
		var participants []string
		for _, p := range ev.Participants {
			participants = append(participants, p.Organization.ID)
		}
		if !slices.Equal(participants, []string{id("Ministry of the Interior"), id("Ministry of Telecommunications")}) || ev.StartOn != "2016-06-08" || ev.Attendance != "About 80 officials" {
			t.Errorf("event: participants %v, start %s, attendance %q; want the two ministries, 2016-06-08, About 80 officials", participants, ev.StartOn, ev.Attendance)
		}
		pr, err := db.Programs.Find(ctx, id("digital civil registry program"))
		if err != nil {
			t.Fatal(err)
		}
		if got := refIDs(pr.Beneficiaries); !slices.Equal(got, []string{civil}) {
			t.Errorf("program beneficiaries = %v, want the registry chosen, %s", got, civil)
		}
		hong, err := db.People.Find(ctx, id("Hong Yun-sik"))
		if err != nil {
			t.Fatal(err)
		}
		if len(hong.Positions) != 1 || hong.Positions[0].Title != "Minister of Interior" || hong.Positions[0].Organization.ID != id("Ministry of the Interior") {
			t.Errorf("Hong's positions = %+v, want Minister of Interior at the Ministry of the Interior", hong.Positions)
		}

		// Every record cites the article, once, with the passage quoted.
		quotes := map[string]string{civil: d.Organizations[2].Quote, id("Hong Yun-sik"): d.People[0].Quote,
			id("MOU on e-government"): d.Agreements[0].Quote, id("digital civil registry program"): d.Programs[0].Quote}
		for _, o := range res.Records {
			ev := evidence(t, db, o.Ref)
			if len(ev) != 1 || ev[0].Source.ID != src.ID {
				t.Errorf("%s %q cites %+v, want the article once", o.Ref.Type, o.Ref.Name, ev)
				continue
			}
			if !strings.Contains(d.Article.Text, ev[0].Quote) || ev[0].Quote == "" {
				t.Errorf("%s %q quotes %q, not a passage of the article", o.Ref.Type, o.Ref.Name, ev[0].Quote)
			}
			if q, ok := quotes[o.Ref.ID]; ok && ev[0].Quote != q {
				t.Errorf("%s %q quotes %q, want %q", o.Ref.Type, o.Ref.Name, ev[0].Quote, q)
			}
		}
		if _, err := db.Events.Find(ctx, recordIDOf(res, "Visit to Ecuador")); err == nil {
			t.Errorf("the visit left out was created")
		}

		// Again: nothing new.
		before := counts(t, db)
		again, err := intake.Accept(ctx, stores(db), reviewed(t, civil))
		if err != nil {
			t.Fatalf("accept again: %v", err)
		}
		if n := again.Created(); n != 0 {
			t.Errorf("second acceptance created %d records, want 0: %+v", n, again)
		}
		if after := counts(t, db); !mapsEqual(before, after) {
			t.Errorf("records after the second acceptance %v, before %v", after, before)
		}
		for _, o := range again.Records {
			if ev := evidence(t, db, o.Ref); len(ev) != 1 {
				t.Errorf("after the second acceptance %s %q has %d citations, want 1", o.Ref.Type, o.Ref.Name, len(ev))
			}
		}
	})
}

// failOnce fails the first Create it is asked for, as a store that drops
// the connection midway; the rest goes to the real store.
type failOnce[T domain.Record] struct {
	domain.Store[T]
	failed bool
}

func (f *failOnce[T]) Create(ctx context.Context, rec T) error {
	if !f.failed {
		f.failed = true
		return errors.New("connection reset")
	}
	return f.Store.Create(ctx, rec)
}

// TestAcceptRetriedAfterAFailureCompletesWithoutDuplicates: a store that
// fails midway (at the first event, after the source, organizations,
// people and agreement) leaves part of the draft stored; accepting again
// completes it, with each record once and each citation once.
func TestAcceptRetriedAfterAFailureCompletesWithoutDuplicates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		d := reviewed(t, "")
		s := stores(db)
		s.Events = &failOnce[*domain.Event]{Store: db.Events}
		if _, err := intake.Accept(ctx, s, d); err == nil {
			t.Fatal("accept with a failing store: no error")
		}
		mid := counts(t, db)
		if mid[domain.TypeAgreement] != 1 || mid[domain.TypeEvent] != 0 || mid[domain.TypeProgram] != 0 {
			t.Fatalf("after the failure %v, want the agreement stored and no event or program", mid)
		}
		res, err := intake.Accept(ctx, stores(db), d)
		if err != nil {
			t.Fatalf("retry: %v", err)
		}
		want := map[domain.RecordType]int64{domain.TypeSource: 1, domain.TypeOrganization: 3, domain.TypePerson: 2,
			domain.TypeAgreement: 1, domain.TypeEvent: 1, domain.TypeProgram: 1}
		if got := counts(t, db); !mapsEqual(got, want) {
			t.Errorf("after the retry %v, want %v", got, want)
		}
		created := 0
		for _, o := range res.Records {
			if o.Created {
				created++
			}
			if ev := evidence(t, db, o.Ref); len(ev) != 1 {
				t.Errorf("%s %q has %d citations, want 1", o.Ref.Type, o.Ref.Name, len(ev))
			}
		}
		if created != 2 {
			t.Errorf("the retry created %d records, want 2 (the event and the program)", created)
		}
	})
}

// TestAcceptTwiceAtOnceCreatesEachRecordOnce: a double submit runs two
// acceptances side by side; each record is still created once.
func TestAcceptTwiceAtOnceCreatesEachRecordOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		d := reviewed(t, "")
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() { _, errs[i] = intake.Accept(context.Background(), stores(db), d) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("accept: %v", err)
			}
		}
		want := map[domain.RecordType]int64{domain.TypeSource: 1, domain.TypeOrganization: 3, domain.TypePerson: 2,
			domain.TypeAgreement: 1, domain.TypeEvent: 1, domain.TypeProgram: 1}
		if got := counts(t, db); !mapsEqual(got, want) {
			t.Errorf("after two acceptances at once %v, want %v", got, want)
		}
	})
}

// TestAcceptNamedRecordsAreReused: a new organization or person whose name
// is recorded already in its country (accents and case aside) is that
// record, and an article recorded already under its address is that
// source.
func TestAcceptNamedRecordsAreReused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		mint := &domain.Organization{Name: "Ministry of TELECOMMUNICATIONS", Country: "EC", Kind: domain.OrgMinistry}
		if err := db.Organizations.Create(ctx, mint); err != nil {
			t.Fatal(err)
		}
		// Of the same name, but Peru's: not the same.
		if err := db.Organizations.Create(ctx, &domain.Organization{Name: "Ministry of the Interior", Country: "PE", Kind: domain.OrgMinistry}); err != nil {
			t.Fatal(err)
		}
		// The article recorded by hand before, under its address.
		src := &domain.Source{URL: articleURL, Title: "Korea and Ecuador", PublishedOn: "2016-06-10"}
		if err := db.Sources.Create(ctx, src); err != nil {
			t.Fatal(err)
		}
		res, err := intake.Accept(ctx, stores(db), reviewed(t, ""))
		if err != nil {
			t.Fatalf("accept: %v", err)
		}
		if got := counts(t, db)[domain.TypeOrganization]; got != 4 {
			t.Errorf("%d organizations, want 4 (the ministry recorded reused, Peru's kept apart)", got)
		}
		if res.Source.Ref.ID != src.ID || res.Source.Created {
			t.Errorf("source %+v, want the one recorded under the address, %s, reused", res.Source, src.ID)
		}
		if got := counts(t, db)[domain.TypeSource]; got != 1 {
			t.Errorf("%d sources, want 1", got)
		}
		ag, err := db.Agreements.Find(ctx, recordIDOf(res, "MOU on e-government"))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(refIDs(ag.Parties), mint.ID) {
			t.Errorf("agreement parties %v, want the recorded ministry %s among them", refIDs(ag.Parties), mint.ID)
		}
		if ev := evidence(t, db, domain.RecordRef{Type: domain.TypeOrganization, ID: mint.ID}); len(ev) != 1 {
			t.Errorf("the recorded ministry has %d citations, want 1", len(ev))
		}
	})
}

// TestAcceptRejectsABadDraftAndWritesNothing: a draft with a fault is
// refused with the draft's field named, and nothing is stored.
func TestAcceptRejectsABadDraftAndWritesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		cases := []struct {
			name  string
			edit  func(d *intake.Draft)
			code  string
			field string
		}{
			{"unknown existing organization", func(d *intake.Draft) { d.Organizations[0].Existing = "no-such-org" }, domain.EUNKNOWNREF, "organizations[0].existing"},
			{"unknown existing person", func(d *intake.Draft) { d.People[1].Existing = `{"$gt": ""}` }, domain.EUNKNOWNREF, "people[1].existing"},
			{"event without a start", func(d *intake.Draft) { d.Events[1].StartOn = "" }, domain.EINVALID, "events[1].start_on"},
			{"impossible date", func(d *intake.Draft) { d.Agreements[0].SignedOn = "2016-02-30" }, domain.EINVALID, "agreements[0].signed_on"},
			{"agreement without a title", func(d *intake.Draft) { d.Agreements[0].Title = " " }, domain.EINVALID, "agreements[0].title"},
			{"organization kind unknown", func(d *intake.Draft) { d.Organizations[1].Kind = "club" }, domain.EINVALID, "organizations[1].kind"},
			{"article without a title", func(d *intake.Draft) { d.Article.Title = "" }, domain.EINVALID, "article.title"},
			{"article URL not http", func(d *intake.Draft) { d.Article.URL = "javascript:alert(1)" }, domain.EINVALID, "article.url"},
			{"quote too long", func(d *intake.Draft) { d.Programs[0].Quote = strings.Repeat("x", intake.MaxQuote+1) }, domain.EINVALID, "programs[0].quote"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				d := reviewed(t, "")
				tc.edit(&d)
				_, err := intake.Accept(ctx, stores(db), d)
				var de *domain.Error
				if !errors.As(err, &de) || de.Code != tc.code {
					t.Fatalf("accept: error %v, want %s", err, tc.code)
				}
				if _, ok := de.Fields[tc.field]; !ok {
					t.Errorf("error fields %v, want %s among them", de.Fields, tc.field)
				}
				for typ, n := range counts(t, db) {
					if n != 0 {
						t.Errorf("%d %s stored, want none", n, typ.Collection())
					}
				}
			})
		}
	})
}

func TestPassage(t *testing.T) {
	t.Parallel()
	text := "First one. Minister Hong, Yun-sik visited Quito. Last!\nNext line"
	cases := []struct {
		what       string
		start, end int
		want       string
	}{
		{"a name inside a sentence", strings.Index(text, "Hong"), strings.Index(text, "Hong") + 4, "Minister Hong, Yun-sik visited Quito."},
		{"the first sentence", 0, 5, "First one."},
		{"a line without a full stop", strings.Index(text, "Next"), len(text), "Next line"},
		{"a span out of the text", 10, 500, ""},
	}
	for _, tc := range cases {
		if got := intake.Passage(text, tc.start, tc.end); got != tc.want {
			t.Errorf("%s: Passage(%d, %d) = %q, want %q", tc.what, tc.start, tc.end, got, tc.want)
		}
	}
}

func refIDs(refs []domain.Ref) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.ID)
	}
	return out
}

func recordIDOf(res intake.Result, name string) string {
	for _, o := range res.Records {
		if o.Ref.Name == name {
			return o.Ref.ID
		}
	}
	return "none"
}

func mapsEqual(a, b map[domain.RecordType]int64) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// evidence returns the citations of the record.
func evidence(t *testing.T, db *repository.DB, r domain.RecordRef) []domain.Citation {
	t.Helper()
	ctx := context.Background()
	var (
		rec domain.Record
		err error
	)
	switch r.Type {
	case domain.TypeOrganization:
		rec, err = db.Organizations.Find(ctx, r.ID)
	case domain.TypePerson:
		rec, err = db.People.Find(ctx, r.ID)
	case domain.TypeAgreement:
		rec, err = db.Agreements.Find(ctx, r.ID)
	case domain.TypeEvent:
		rec, err = db.Events.Find(ctx, r.ID)
	case domain.TypeProgram:
		rec, err = db.Programs.Find(ctx, r.ID)
	}
	if err != nil {
		t.Fatalf("find %s %s: %v", r.Type, r.ID, err)
	}
	return rec.RecordMeta().Evidence
}
