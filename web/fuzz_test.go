package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
	"cooptrack/web/form"
)

// The fuzz tests send what the fuzzer makes through the real handlers on
// the embedded store. `go test` runs their seeds; run one for a while with
//
//	go test -run XXX -fuzz FuzzRecordJSON -fuzztime 20s -parallel 1 ./web/
//
// Each fuzz process opens one store and keeps it across inputs: a store per
// input would leave the fuzzer a few inputs a second.

// fuzzKinds are the collections the fuzzers pick from by a byte, each with
// a record of fixed id made at the start for PUT and the links of others.
var fuzzKinds = []struct {
	coll, id string
}{
	{"organizations", "fz-org"}, {"people", "fz-person"}, {"agreements", "fz-agreement"},
	{"events", "fz-event"}, {"programs", "fz-program"}, {"sources", "fz-source"},
}

// fuzzStore opens a store with one record of each kind and returns the
// server on it, with an admin signed in.
func fuzzStore(f *testing.F) (http.Handler, *repository.DB) {
	f.Helper()
	db := storetest.Open(f, storetest.Backends(f)[0])
	ctx := domain.WithActor(context.Background(), testAdmin)
	recs := []domain.Record{
		&domain.Organization{Meta: domain.Meta{ID: "fz-org"}, Name: "Ministry of Justice", Country: "PE", Kind: domain.OrgMinistry},
		&domain.Person{Meta: domain.Meta{ID: "fz-person"}, FullName: "Ana Pérez", Country: "PE"},
		&domain.Agreement{Meta: domain.Meta{ID: "fz-agreement"}, Kind: domain.AgreementMOU, Title: "MOU on justice", Status: domain.StatusSigned, SignedOn: "2015-04-20", Parties: []domain.Ref{{ID: "fz-org"}}},
		&domain.Event{Meta: domain.Meta{ID: "fz-event"}, Kind: domain.EventForum, Title: "Forum", StartOn: "2015-04-20"},
		&domain.Program{Meta: domain.Meta{ID: "fz-program"}, Name: "Plan", Status: domain.ProgramActive},
		&domain.Source{Meta: domain.Meta{ID: "fz-source"}, Title: "News", URL: "https://example.org/fz"},
	}
	for _, rec := range recs {
		var err error
		switch r := rec.(type) {
		case *domain.Organization:
			err = db.Organizations.Create(ctx, r)
		case *domain.Person:
			err = db.People.Create(ctx, r)
		case *domain.Agreement:
			err = db.Agreements.Create(ctx, r)
		case *domain.Event:
			err = db.Events.Create(ctx, r)
		case *domain.Program:
			err = db.Programs.Create(ctx, r)
		case *domain.Source:
			err = db.Sources.Create(ctx, r)
		}
		if err != nil {
			f.Fatalf("create %s: %v", rec.RecordMeta().ID, err)
		}
	}
	srv := New(storesOf(db))
	srv.Now = func() time.Time { return testToday }
	return newActingAs(f, db, srv, &testAdmin), db
}

// fuzzServe sends one request and returns the recorder.
func fuzzServe(h http.Handler, method, path, rawQuery, contentType string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(string(body)))
	req.URL.RawQuery = rawQuery
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// fuzzCounts returns how many records of each kind are stored, and how many
// entries the audit log holds.
func fuzzCounts(t *testing.T, db *repository.DB) [7]int64 {
	t.Helper()
	ctx := context.Background()
	var out [7]int64
	totals := []func() (int64, error){
		fuzzTotal(ctx, db.Organizations), fuzzTotal(ctx, db.People), fuzzTotal(ctx, db.Agreements),
		fuzzTotal(ctx, db.Events), fuzzTotal(ctx, db.Programs), fuzzTotal(ctx, db.Sources),
	}
	for i, total := range totals {
		n, err := total()
		if err != nil {
			t.Fatalf("count %s: %v", fuzzKinds[i].coll, err)
		}
		out[i] = n
	}
	page, err := db.Audit.List(domain.WithActor(ctx, testAdmin), domain.AuditFilter{Limit: 500})
	if err != nil {
		t.Fatalf("count audit entries: %v", err)
	}
	out[len(fuzzKinds)] = int64(len(page.Entries))
	return out
}

// fuzzTotal returns a function counting the records of a store.
func fuzzTotal[T domain.Record](ctx context.Context, st domain.Store[T]) func() (int64, error) {
	return func() (int64, error) {
		p, err := st.List(ctx, domain.ListFilter{Limit: 1})
		return p.Total, err
	}
}

// versionOf returns the stored version of a record, from its ETag.
func versionOf(t *testing.T, h http.Handler, coll, id string) string {
	t.Helper()
	rec := fuzzServe(h, http.MethodGet, "/api/v1/"+coll+"/"+id, "", "", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s %s: status %d: %s", coll, id, rec.Code, rec.Body)
	}
	return rec.Header().Get("ETag")
}

// FuzzRecordJSON sends bodies to POST /api/v1/{collection} and PUT
// /api/v1/{collection}/{id} of every kind: no answer may be a 5xx, and a
// refused body must store nothing, nor audit anything.
func FuzzRecordJSON(f *testing.F) {
	seeds := []string{
		`{"name":"Ministry of the Interior","country":"KR","kind":"ministry"}`,
		`{"full_name":"Chong Jong-sup","country":"KR","positions":[{"title":"Minister","organization":{"id":"fz-org"},"from_on":"2015-02-17"}]}`,
		`{"kind":"mou","title":"MOU","status":"signed","signed_on":"2015-04-20","parties":[{"id":"fz-org"}],"renewal":{"automatic":true,"notice_days":90}}`,
		`{"kind":"forum","title":"Forum","start_on":"2015-04-20","end_on":"2015-04-21","host":{"id":"fz-org"},"participants":[{"person":{"id":"fz-person"},"role":"host"}]}`,
		`{"name":"Plan","status":"active","budget":{"amount":150000000,"currency":"USD"},"beneficiaries":[{"id":"fz-org"}],"milestones":[{"on":"2015-12-01","title":"Done","done":true}]}`,
		`{"title":"News","url":"https://example.org/news","published_on":"2015-04-21","language":"es","text":"Lima, 20 de abril"}`,
		`{"kind":"mou","title":"MOU","status":"terminated","signed_on":"2015-04-20","parties":[{"id":"fz-org"}]}`,
		`{"name":"\u0000","kind":"ministry"}`,
		`{"name":"X","kind":"ministry","evidence":[{"source":{"id":"fz-source"},"quote":"q"}]}`,
		`{"name":"X","kind":"ministry","evidence":[{"source":{"id":"nope"}}]}`,
		`{"budget":{"amount":1e400,"currency":"USD"}}`,
		`{"start_on":"2015-02-30"}`,
		`{"version":-1,"id":"fz-org"}`,
		`{"parties":[{"id":{"$gt":""}}]}`,
		`[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]`,
		`{"name": `,
		`null`,
		``,
	}
	for _, s := range seeds {
		for k := range fuzzKinds {
			f.Add(uint8(k), false, []byte(s))
		}
		f.Add(uint8(0), true, []byte(s))
	}
	h, db := fuzzStore(f)
	f.Fuzz(func(t *testing.T, kind uint8, put bool, body []byte) {
		k := fuzzKinds[int(kind)%len(fuzzKinds)]
		before := fuzzCounts(t, db)
		method, path, version := http.MethodPost, "/api/v1/"+k.coll, ""
		if put {
			method, path, version = http.MethodPut, path+"/"+k.id, versionOf(t, h, k.coll, k.id)
		}
		req := httptest.NewRequest(method, path, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		if version != "" {
			req.Header.Set("If-Match", version)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: status %d: %s", method, path, body, rec.Code, rec.Body)
		}
		if rec.Code < 400 {
			return
		}
		if after := fuzzCounts(t, db); after != before {
			t.Errorf("%s %s %q refused with %d, yet the counts of records and audit entries moved from %v to %v", method, path, body, rec.Code, before, after)
		}
		if put {
			if now := versionOf(t, h, k.coll, k.id); now != version {
				t.Errorf("PUT %s %q refused with %d, yet the record moved from version %s to %s", path, body, rec.Code, version, now)
			}
		}
	})
}

// fuzzQueryPaths are the reads whose query strings FuzzQuery varies.
var fuzzQueryPaths = []string{
	"/api/v1/organizations", "/api/v1/people", "/api/v1/agreements", "/api/v1/events", "/api/v1/programs", "/api/v1/sources",
	"/api/v1/countries/PE/timeline", "/api/v1/countries/PE/dashboard", "/api/v1/search",
	"/api/v1/audit", "/api/v1/agreements/fz-agreement/history",
	"/agreements", "/countries/PE", "/agreements/fz-agreement",
}

// FuzzQuery sends query strings to the lists, the timeline and the audit
// log: whatever the query, the answer is not a 5xx.
func FuzzQuery(f *testing.F) {
	for _, q := range []string{
		"", "country=PE&status=in_force&sort=-date&limit=10", "kind=mou&q=justice&from=2015-01-01&to=2015-12-31",
		"limit=0", "limit=-1", "limit=99999999999999999999", "cursor=abc", "sort=%24where", "country[$ne]=x",
		"from=2015-13-40", "kinds=agreement_signed,event&from=2015-01-01", "q=%00%ff", "%zz",
		"record_type=agreement&record_id=fz-agreement&limit=1", "record_type=agreement&record_id=fz-agreement&cursor=0.1",
		"actor=%7B%22%24gt%22%3A%22%22%7D", "from=2016-01-01T00:00:00Z&to=2015-01-01", "action=status_change", "history=0.0", "history=-1.5",
	} {
		for p := range fuzzQueryPaths {
			f.Add(uint8(p), q)
		}
	}
	h, _ := fuzzStore(f)
	f.Fuzz(func(t *testing.T, path uint8, rawQuery string) {
		p := fuzzQueryPaths[int(path)%len(fuzzQueryPaths)]
		if rec := fuzzServe(h, http.MethodGet, p, rawQuery, "", nil); rec.Code >= 500 {
			t.Fatalf("GET %s?%s: status %d: %s", p, rawQuery, rec.Code, clip(rec.Body.Bytes()))
		}
	})
}

// FuzzFormDecode decodes form submissions of every kind as the form pages
// do: no input may panic, and a record decoded without errors shows the
// same in its edit form once submitted again.
func FuzzFormDecode(f *testing.F) {
	for _, s := range []string{
		"name=Ministry+of+Justice&acronym=MINJUS&country=PE&kind=ministry&alt_names=Minjus%0AJusticia",
		"full_name=Ana&positions[0].title=Minister&positions[0].organization.id=fz-org&positions[0].from_on=2015-02-17",
		"kind=mou&title=MOU&status=signed&signed_on=2015-04-20&parties[0].id=fz-org&subjects=a,b&renewal.notice_days=90&renewal.automatic=on",
		"kind=forum&title=Forum&start_on=2015-04-20&participants[3].person.id=p&participants[3].role=host&outcomes=x%0Ay",
		"name=Plan&status=active&budget.amount=1%2C250%2C000.50&budget.currency=USD&milestones[0].on=2015-12-01&milestones[0].title=x&milestones[0].done=on",
		"title=News&url=https%3A%2F%2Fexample.org&published_on=2015-04-21&text=Lima",
		"budget.amount=1e400&budget.currency=JPY", "renewal.notice_days=-5", "positions[99999999999].title=x", "parties[-1].id=x",
		"countries=Per%C3%BA%2C+Colombia", "version=abc", "%zz", "",
	} {
		for k := range fuzzKinds {
			f.Add(uint8(k), s)
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, body string) {
		vals, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		k := fuzzKinds[int(kind)%len(fuzzKinds)]
		typ, _ := domain.RecordTypeOfCollection(k.coll)
		fields := form.FieldsOf[typ]
		first := fuzzNewRecord(typ)
		if errs := form.Decode(form.DecodeValues(fields, "edit", vals), first); len(errs) > 0 {
			return
		}
		shown := form.Encode(first)
		again := fuzzNewRecord(typ)
		if errs := form.Decode(form.DecodeValues(fields, "edit", shown), again); len(errs) > 0 {
			t.Fatalf("%s %q: decoded, shown again, refused: %v", typ, body, errs)
		}
		// Not first == again: the decoder keeps a blank row ("positions[0]"
		// alone), which the form, showing only what a record holds, drops.
		if shownAgain := form.Encode(again); !reflect.DeepEqual(shown, shownAgain) {
			t.Errorf("%s %q: shown as\n%v\nthen, submitted and shown again, as\n%v", typ, body, shown, shownAgain)
		}
	})
}

// FuzzFormPost submits forms of every kind to the real form handler: no
// answer is a 5xx, and a refused form stores nothing.
func FuzzFormPost(f *testing.F) {
	for _, s := range []string{
		"name=Ministry+of+Justice+1&country=PE&kind=ministry&_action=save&_confirm_new=1",
		"kind=mou&title=MOU&status=signed&signed_on=2015-04-20&parties[0].id=fz-org&_action=save",
		"kind=forum&title=Forum&start_on=2015-04-20&_action=save",
		"name=Plan&status=active&budget.amount=12.5&budget.currency=USD&_action=save",
		"title=News&url=https%3A%2F%2Fexample.org%2Fform&_action=save",
		"full_name=Ana&_action=save&_confirm_new=1",
		"kind=mou&title=MOU&status=signed&signed_on=2015-02-30&_action=save",
		"_action=save", "_action=add_row&_row=positions", "%zz", "",
	} {
		for k := range fuzzKinds {
			f.Add(uint8(k), s)
		}
	}
	h, db := fuzzStore(f)
	f.Fuzz(func(t *testing.T, kind uint8, body string) {
		k := fuzzKinds[int(kind)%len(fuzzKinds)]
		before := fuzzCounts(t, db)
		rec := fuzzServe(h, http.MethodPost, "/"+k.coll, "", "application/x-www-form-urlencoded", []byte(body))
		if rec.Code >= 500 {
			t.Fatalf("POST /%s %q: status %d: %s", k.coll, body, rec.Code, clip(rec.Body.Bytes()))
		}
		if rec.Code == http.StatusSeeOther {
			return
		}
		if after := fuzzCounts(t, db); after != before {
			t.Errorf("POST /%s %q answered %d, yet the counts of records and audit entries moved from %v to %v", k.coll, body, rec.Code, before, after)
		}
	})
}

func fuzzNewRecord(t domain.RecordType) domain.Record {
	switch t {
	case domain.TypeOrganization:
		return new(domain.Organization)
	case domain.TypePerson:
		return new(domain.Person)
	case domain.TypeAgreement:
		return new(domain.Agreement)
	case domain.TypeEvent:
		return new(domain.Event)
	case domain.TypeProgram:
		return new(domain.Program)
	}
	return new(domain.Source)
}
