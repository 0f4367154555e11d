package repository

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"cooptrack/domain"
)

// TestRecordsAreStoredByTheRepositorysMapping: a record's document holds
// its fields by the API's names with its id as _id and its history, less
// what is not stored with it; it reads back as the record; and a document
// of an earlier version, with the fields stored for finding records then,
// reads as well.
func TestRecordsAreStoredByTheRepositorysMapping(t *testing.T) {
	t.Parallel()
	at := time.Date(2015, 4, 20, 9, 0, 0, 0, time.UTC)
	a := &domain.Agreement{Meta: domain.Meta{ID: "a1", Version: 3, CreatedAt: at, UpdatedAt: at,
		Evidence: []domain.Citation{{ID: "c1", Source: domain.Ref{ID: "s1", Name: "Article"}, Quote: "signed", AddedAt: at}}},
		Kind: domain.AgreementMOU, Title: "MOU on e-government", Status: domain.StatusSigned, SignedOn: "2015-04-20",
		Parties: []domain.Ref{{ID: "o1", Name: "MOIS"}, {ID: "o2", Name: "PCM"}}, StatusReason: "told by the embassy"}
	s := &domain.Source{Meta: domain.Meta{ID: "s1", Version: 1, CreatedAt: at, UpdatedAt: at, Evidence: []domain.Citation{}},
		Title: "Article", URL: "https://example.org/a", PublishedOn: "2015-04-21", Text: "the whole text",
		CitedBy: []domain.RecordRef{{Type: domain.TypeAgreement, ID: "a1"}}}

	for _, tc := range []struct {
		rec       domain.Record
		keys      []string // some of the document's keys
		notStored []string
		readBack  domain.Record
	}{
		{a, []string{"_id", "version", "created_at", "updated_at", "evidence", "kind", "title", "signed_on", "parties", historyField}, []string{"id", "meta", "status_reason"},
			func() domain.Record { c := *a; c.StatusReason = ""; return &c }()},
		{s, []string{"_id", "version", "title", "url", "published_on", historyField}, []string{"id", "meta", "text", "cited_by"},
			func() domain.Record { c := *s; c.Text, c.CitedBy = "", nil; return &c }()},
	} {
		doc, err := recordDoc(tc.rec.RecordMeta().ID, tc.rec.RecordMeta().Version, tc.rec, []int64{4, 9})
		if err != nil {
			t.Fatal(err)
		}
		elems, err := doc.Elements()
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, e := range elems {
			keys = append(keys, e.Key())
		}
		if keys[0] != "_id" {
			t.Errorf("%s: the document starts with %q, want _id", tc.rec.Type(), keys[0])
		}
		for _, k := range tc.keys {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: the document lacks %q: %v", tc.rec.Type(), k, keys)
			}
		}
		for _, k := range tc.notStored {
			if slices.Contains(keys, k) {
				t.Errorf("%s: the document holds %q, which is not stored: %v", tc.rec.Type(), k, keys)
			}
		}
		got := newRecord(tc.rec.Type())
		if err := decodeRecord(doc, got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.readBack) {
			t.Errorf("%s read back:\n got %+v\nwant %+v", tc.rec.Type(), got, tc.readBack)
		}
	}

	// A document as earlier versions stored it.
	old, err := bson.Marshal(bson.D{{Key: "_id", Value: "o9"}, {Key: "version", Value: int64(2)}, {Key: "name", Value: "Ministry of Justice"},
		{Key: "kind", Value: "ministry"}, {Key: "country", Value: "PE"}, {Key: "evidence", Value: bson.A{}},
		{Key: "refs", Value: bson.A{"x"}}, {Key: "search", Value: "ministry of justice"}, {Key: "sort_name", Value: "ministry of justice"}, {Key: "sort_date", Value: ""}})
	if err != nil {
		t.Fatal(err)
	}
	var o domain.Organization
	if err := decodeRecord(old, &o); err != nil {
		t.Fatalf("an earlier version's document: %v", err)
	}
	if want := (domain.Organization{Meta: domain.Meta{ID: "o9", Version: 2, Evidence: []domain.Citation{}}, Name: "Ministry of Justice", Kind: domain.OrgMinistry, Country: "PE"}); !reflect.DeepEqual(o, want) {
		t.Errorf("an earlier version's document read as\n %+v\nwant %+v", o, want)
	}
}
