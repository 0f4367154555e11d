package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/domain/extract"
)

// seedArticle returns the seed article's text, which lies beside the
// repository (../shared/seeds from the module's root), or skips the test.
func seedArticle(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{"../../../shared/seeds", "/work/shared/seeds"} {
		if b, err := os.ReadFile(filepath.Join(dir, demo.ArticleFile)); err == nil {
			return string(b)
		}
	}
	t.Skip("the seed article is not in ../shared/seeds nor /work/shared/seeds")
	return ""
}

// extractJSON runs cooptrack extract with the args on the text and decodes
// what it prints.
func extractJSON(t *testing.T, text string, args ...string) extract.Proposals {
	t.Helper()
	code, out, errs := cli(t, text, append([]string{"extract"}, args...)...)
	if code != 0 {
		t.Fatalf("extract %v: exit %d, stderr %q", args, code, errs)
	}
	var p extract.Proposals
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("extract %v printed what is not the proposals' JSON: %v\n%s", args, err, out)
	}
	return p
}

// TestExtractSeedArticle is the "done when": the seed article,
// extracted without a store, gives its partners, ministers, MOUs, visit,
// forum and programs, and matches nothing.
func TestExtractSeedArticle(t *testing.T) {
	t.Parallel()
	text := seedArticle(t)
	dir := filepath.Join(t.TempDir(), "data")
	p := extractJSON(t, text, "--published-on", "2015-04-21", "--home", "KR", "--no-store", "--data-dir", dir)
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("--no-store made a store in %s", dir)
	}

	var partners []string
	for _, c := range p.Countries {
		if c.Role == extract.RolePartner {
			partners = append(partners, c.Code)
		}
	}
	if slices.Sort(partners); !slices.Equal(partners, []string{"CO", "PE"}) {
		t.Errorf("partners: got %v, want [CO PE]", partners)
	}

	people := []struct{ name, org, country string }{
		{"Chong Jong-sup", "Ministry of Government Administration and Home Affairs", "KR"},
		{"Gustavo Olaya", "Ministry of Justice and Human Rights", "PE"},
	}
	for _, want := range people {
		i := slices.IndexFunc(p.People, func(x extract.PersonProposal) bool { return domain.SimilarNames(x.Name, want.name) })
		if i < 0 {
			t.Errorf("person %s: missing from %+v", want.name, p.People)
			continue
		}
		got := p.People[i]
		if !strings.HasPrefix(got.Title, "Minister") || !domain.SimilarNames(got.Organization, want.org) || got.Country != want.country {
			t.Errorf("person %s: got %q of %q (%s), want a minister of %q (%s)", want.name, got.Title, got.Organization, got.Country, want.org, want.country)
		}
	}

	mous := []struct{ subject, on, party, country string }{
		{"public security", "2015-04-17", "Ministry of National Defense", "CO"},
		{"e-government", "2015-04-20", "Prime Minister's Office", "PE"},
	}
	for _, want := range mous {
		i := slices.IndexFunc(p.Agreements, func(a extract.AgreementProposal) bool {
			return a.Kind == domain.AgreementMOU && a.Subject == want.subject
		})
		if i < 0 {
			t.Errorf("MOU on %s: missing from %+v", want.subject, p.Agreements)
			continue
		}
		a := p.Agreements[i]
		if a.SignedOn != want.on || a.Status != extract.AgreementSigned || !slices.Contains(a.Countries, want.country) ||
			!slices.ContainsFunc(a.Parties, func(n string) bool { return domain.SimilarNames(n, want.party) }) {
			t.Errorf("MOU on %s: got %s on %s with %v %v, want signed on %s with %s (%s)", want.subject, a.Status, a.SignedOn, a.Parties, a.Countries, want.on, want.party, want.country)
		}
	}

	visit := slices.IndexFunc(p.Events, func(e extract.EventProposal) bool { return e.Kind == domain.EventOfficialVisit })
	if visit < 0 || p.Events[visit].StartOn != "2015-04-17" || p.Events[visit].EndOn != "2015-04-20" {
		t.Errorf("the visit from 2015-04-17 to 2015-04-20: missing from %+v", p.Events)
	}
	forum := slices.IndexFunc(p.Events, func(e extract.EventProposal) bool { return e.Kind == domain.EventForum })
	if forum < 0 || p.Events[forum].StartOn != "2015-04-20" || !strings.Contains(p.Events[forum].Attendance, "100") {
		t.Errorf("the forum on 2015-04-20 with about 100 officials: missing from %+v", p.Events)
	}

	for _, name := range []string{"immigration modernization program", "criminal justice system modernization program"} {
		if !slices.ContainsFunc(p.Programs, func(x extract.ProgramProposal) bool { return domain.Fold(x.Name) == name }) {
			t.Errorf("program %q: missing from %+v", name, p.Programs)
		}
	}

	for _, o := range p.Organizations {
		if o.Match != nil {
			t.Errorf("organization %q matched %+v without a store", o.Name, o.Match)
		}
	}
	for _, x := range p.People {
		if x.Match != nil {
			t.Errorf("person %q matched %+v without a store", x.Name, x.Match)
		}
	}
	for _, x := range p.Countries {
		for _, s := range x.Spans {
			if s[0] < 0 || s[1] > len(text) || s[0] >= s[1] {
				t.Errorf("country %s: span %v outside the text", x.Code, s)
			}
		}
	}
}

// TestExtractMatchesTheStore extracts the seed article against a store
// holding the demo data (the same article's records, entered by hand):
// the people and organizations it names are matched to their records.
func TestExtractMatchesTheStore(t *testing.T) {
	t.Parallel()
	text := seedArticle(t)
	dir := filepath.Join(t.TempDir(), "data")
	if code, _, errs := cli(t, "", "seed", "demo", "--data-dir", dir, "--demo-article", ""); code != 0 {
		t.Fatalf("seed demo: exit %d: %s", code, errs)
	}
	p := extractJSON(t, text, "--published-on", "2015-04-21", "--data-dir", dir)
	orgs := map[string]string{
		"Ministry of Government Administration and Home Affairs": demo.OrgMOGAHA,
		"Ministry of National Defense":                           demo.OrgColombiaDefense,
		"Prime Minister’s Office":                                demo.OrgPeruPMO,
		"Ministry of Justice and Human Rights":                   demo.OrgPeruJustice,
		"Korea Immigration Service":                              demo.OrgKoreaImmigration,
	}
	for name, id := range orgs {
		i := slices.IndexFunc(p.Organizations, func(o extract.OrganizationProposal) bool { return o.Name == name })
		switch {
		case i < 0:
			t.Errorf("organization %q: missing from %+v", name, p.Organizations)
		case p.Organizations[i].Match == nil || p.Organizations[i].Match.ID != id || p.Organizations[i].Match.Type != domain.TypeOrganization:
			t.Errorf("organization %q: match %+v, want organization %s", name, p.Organizations[i].Match, id)
		}
	}
	people := map[string]string{"Chong Jong-sup": demo.PersonChong, "Gustavo Olaya": demo.PersonOlaya}
	for name, id := range people {
		i := slices.IndexFunc(p.People, func(x extract.PersonProposal) bool { return x.Name == name })
		switch {
		case i < 0:
			t.Errorf("person %q: missing from %+v", name, p.People)
		case p.People[i].Match == nil || p.People[i].Match.ID != id:
			t.Errorf("person %q: match %+v, want %s", name, p.People[i].Match, id)
		}
	}
	agreements := map[string]string{"public security": demo.AgreementColombiaSecurity, "e-government": demo.AgreementPeruEGov}
	for subject, id := range agreements {
		i := slices.IndexFunc(p.Agreements, func(a extract.AgreementProposal) bool { return a.Subject == subject })
		switch {
		case i < 0:
			t.Errorf("MOU on %s: missing from %+v", subject, p.Agreements)
		case p.Agreements[i].Match == nil || p.Agreements[i].Match.ID != id:
			t.Errorf("MOU on %s: match %+v, want %s", subject, p.Agreements[i].Match, id)
		}
	}
	programs := map[string]string{"immigration modernization program": demo.ProgramImmigration, "criminal justice system modernization program": demo.ProgramCriminalJustice}
	for name, id := range programs {
		i := slices.IndexFunc(p.Programs, func(x extract.ProgramProposal) bool { return x.Name == name })
		switch {
		case i < 0:
			t.Errorf("program %q: missing from %+v", name, p.Programs)
		case p.Programs[i].Match == nil || p.Programs[i].Match.ID != id:
			t.Errorf("program %q: match %+v, want %s", name, p.Programs[i].Match, id)
		}
	}
	// The United Nations is in no record of the demo.
	for _, o := range p.Organizations {
		if o.Name == "United Nations" && o.Match != nil {
			t.Errorf("the United Nations matched %+v", o.Match)
		}
	}
}

func TestExtractEvalKeepsItsFloors(t *testing.T) {
	t.Parallel()
	const dir = "../../domain/extract/testdata"
	code, out, errs := cli(t, "", "extract", "--eval", dir, "--floors", dir+"/floors.txt")
	t.Log("\n" + out)
	if code != 0 {
		t.Fatalf("extract --eval: exit %d: %s", code, errs)
	}
	for _, kind := range []string{"countries", "organizations", "people", "agreements", "agreement dates", "events", "programs", "overall"} {
		if !strings.Contains(out, "\n"+kind+" ") {
			t.Errorf("the table has no line for %s", kind)
		}
	}
	// A floor the set does not reach fails the command.
	high := filepath.Join(t.TempDir(), "floors.txt")
	if err := os.WriteFile(high, []byte("# unreachable\noverall 1.0\nevents 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := cli(t, "", "extract", "--eval", dir, "--floors", high); code != 1 || !strings.Contains(errs, "overall: F1") {
		t.Errorf("floors of 1.0: exit %d, stderr %q; want exit 1 naming overall", code, errs)
	}
}

func TestExtractRejectsBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	noStore := filepath.Join(dir, "nothing-here")
	floors := filepath.Join(dir, "floors.txt")
	if err := os.WriteFile(floors, []byte("speed 0.5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const article = "Minister Chong visited Lima on April 20."
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string // in stderr
	}{
		{"no date", article, []string{"--no-store"}, "--published-on is required"},
		{"impossible date", article, []string{"--published-on", "2015-02-30", "--no-store"}, "--published-on must be a date"},
		{"date in another form", article, []string{"--published-on", "21/04/2015", "--no-store"}, "--published-on must be a date"},
		{"operator-shaped date", article, []string{"--published-on", `{"$gt": ""}`, "--no-store"}, "--published-on must be a date"},
		{"unknown home country", article, []string{"--published-on", "2015-04-21", "--home", "XX", "--no-store"}, "--home must be an ISO 3166-1"},
		{"empty article", " \n", []string{"--published-on", "2015-04-21", "--no-store"}, "the article on standard input is required"},
		{"article too long", strings.Repeat("word ", extract.MaxText/5+1), []string{"--published-on", "2015-04-21", "--no-store"}, "must be at most"},
		{"not UTF-8", "Lima \xff\xfe", []string{"--published-on", "2015-04-21", "--no-store"}, "not valid UTF-8"},
		{"article as an argument", "", []string{"--published-on", "2015-04-21", "article.txt"}, `unexpected argument "article.txt"`},
		{"unknown flag", article, []string{"--published-on", "2015-04-21", "--fast"}, "flag provided but not defined"},
		{"no store there", article, []string{"--published-on", "2015-04-21", "--data-dir", noStore}, "no store in"},
		{"eval of no directory", "", []string{"--eval", filepath.Join(dir, "none")}, "is not a directory"},
		{"texts of no directory", "", []string{"--eval", "../../domain/extract/testdata", "--texts", filepath.Join(dir, "none")}, "is not a directory"},
		{"eval of an empty directory", "", []string{"--eval", dir}, "holds no article"},
		{"floors of an unknown kind", "", []string{"--eval", "../../domain/extract/testdata", "--floors", floors}, `unknown kind "speed"`},
	}
	for _, tc := range tests {
		code, out, errs := cli(t, tc.stdin, append([]string{"extract"}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2, nothing printed, and %q", tc.name, code, out, errs, tc.want)
		}
	}
	if _, err := os.Stat(noStore); err == nil {
		t.Errorf("a refused extract made a store in %s", noStore)
	}
}
