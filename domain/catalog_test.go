package domain

import (
	"fmt"
	"testing"
	"time"
)

func catalogFixture() []CatalogEntry {
	at := func(min int) time.Time { return time.Date(2016, 1, 1, 0, min, 0, 0, time.UTC) }
	agreement := func(id, title string, status AgreementStatus, signed, expires Date, countries ...string) CatalogEntry {
		return CatalogEntry{Type: TypeAgreement, ID: id, Label: title, Search: Fold(title), Countries: countries, Date: signed, UpdatedAt: at(len(id)),
			Agreement: &Agreement{Status: status, SignedOn: signed, ExpiresOn: expires}}
	}
	return []CatalogEntry{
		agreement("a1", "MOU for e-government", StatusSigned, "2015-04-20", "", "KR", "PE"),
		agreement("a2", "MOU for public security", StatusSigned, "2015-04-17", "2016-03-01", "KR", "CO"),
		agreement("a3", "Letter of intent on customs", StatusUnderNegotiation, "", "", "KR", "PE"),
		{Type: TypeEvent, ID: "e1", Label: "Korea-Peru forum", Search: "korea-peru forum", Countries: []string{"KR", "PE"}, Date: "2015-04-20", UpdatedAt: at(1)},
		{Type: TypeEvent, ID: "e2", Label: "Joint committee", Search: "joint committee", Countries: []string{"PE"}, Date: "2016-05-01", UpdatedAt: at(2)},
		{Type: TypeProgram, ID: "p1", Label: "Immigration modernization", Search: "immigration modernization", Countries: []string{"PE"}, Status: string(ProgramActive), UpdatedAt: at(3)},
		{Type: TypeOrganization, ID: "o1", Label: "Migraciones Perú", Search: "migraciones peru", Countries: []string{"PE"}, UpdatedAt: at(40)},
		{Type: TypeOrganization, ID: "o2", Label: "Perú Compras", Search: "peru compras", Countries: []string{"PE"}, UpdatedAt: at(41)},
	}
}

func TestBuildOverview(t *testing.T) {
	o := BuildOverview(catalogFixture(), "2016-01-15", "")
	got := map[string]string{}
	for _, f := range o.Countries {
		last, next := "", ""
		if f.LastEngagement != nil {
			last = f.LastEngagement.ID + "@" + string(f.LastEngagementOn)
		}
		if f.NextEngagement != nil {
			next = f.NextEngagement.ID + "@" + string(f.NextEngagementOn)
		}
		got[f.Country.Code] = fmt.Sprintf("in force %d/%d, active programs %d, events %d, last %s, next %s",
			f.AgreementsInForce, f.Agreements, f.ActivePrograms, f.Events, last, next)
	}
	want := map[string]string{
		"KR": "in force 2/3, active programs 0, events 1, last e1@2015-04-20, next ",
		"PE": "in force 1/2, active programs 1, events 2, last e1@2015-04-20, next e2@2016-05-01",
		"CO": "in force 1/1, active programs 0, events 0, last , next ",
	}
	for code, w := range want {
		if got[code] != w {
			t.Errorf("%s: got %q, want %q", code, got[code], w)
		}
	}
	if o.Countries[0].Country.Code != "KR" {
		t.Errorf("first country = %s, want KR (most agreements in force)", o.Countries[0].Country.Code)
	}
	if len(o.DueSoon) != 1 || o.DueSoon[0].Ref.ID != "a2" || o.DueSoon[0].DaysLeft != 46 {
		t.Errorf("due soon = %+v, want a2 expiring in 46 days", o.DueSoon)
	}
	if o.Recent[0].Record.ID != "o2" {
		t.Errorf("most recent change = %s, want o2", o.Recent[0].Record.ID)
	}
}

func TestSearch(t *testing.T) {
	cases := []struct {
		q     string
		types []RecordType
		limit int
		want  string
	}{
		{"peru", nil, 10, "[o2 e1 o1]"}, // "Perú Compras" starts with it
		{"PERÚ", []RecordType{TypeOrganization}, 10, "[o2 o1]"},
		{"mou", nil, 1, "[a1]"},
		{"", nil, 10, "[]"},
		{"nothing like this", nil, 10, "[]"},
	}
	for _, tc := range cases {
		var ids []string
		for _, h := range Search(catalogFixture(), tc.q, tc.types, tc.limit) {
			ids = append(ids, h.Record.ID)
		}
		if got := fmt.Sprint(ids); got != tc.want && (tc.want != "[]" || ids != nil) {
			t.Errorf("Search(%q, %v, %d) = %s, want %s", tc.q, tc.types, tc.limit, got, tc.want)
		}
	}
}

func TestBuildOverviewLeavesOutTheHomeCountry(t *testing.T) {
	for _, f := range BuildOverview(catalogFixture(), "2016-01-15", "KR").Countries {
		if f.Country.Code == "KR" {
			t.Fatalf("the home country KR is listed among the partners: %+v", f)
		}
	}
}
