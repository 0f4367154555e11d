package extract

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cooptrack/domain"
)

// privateTexts is the directory of the real articles' texts that may not
// be committed: COOPTRACK_EXTRACT_TEXTS, or extract-private beside the
// checkout (as shared/ is). Without it, only committed texts are scored.
func privateTexts() string {
	if dir := os.Getenv("COOPTRACK_EXTRACT_TEXTS"); dir != "" {
		return dir
	}
	const beside = "../../../extract-private"
	if st, err := os.Stat(beside); err == nil && st.IsDir() {
		return beside
	}
	return ""
}

func TestEvalDevelopmentSet(t *testing.T) {
	reps, err := Eval("testdata", privateTexts())
	if err != nil {
		t.Fatal(err)
	}
	floors, err := ReadFloors("testdata/floors.txt")
	if err != nil {
		t.Fatal(err)
	}
	real := 0
	for _, rep := range reps {
		t.Log("\n" + rep.String())
		if rep.Set == SetWritten && rep.Articles < 15 {
			t.Errorf("the written set has %d articles, want at least 15", rep.Articles)
		}
		// The held-out half's misses are not shown: rules are not tuned on it.
		if rep.Set != SetRealHoldout {
			for _, m := range rep.Misses {
				t.Log(m)
			}
		}
		for _, b := range rep.Below(floors) {
			t.Error(b)
		}
	}
	for _, rep := range reps[1:3] { // real-tune and real-holdout, every text given
		real += rep.Articles + len(rep.Absent)
	}
	if real < 60 {
		t.Errorf("the real set has %d annotated articles, want at least 60", real)
	}
	for _, name := range []string{SetWritten, SetRealTune + " committed", SetRealHoldout + " committed"} {
		if len(floors[name]) < len(evalKinds)+2 {
			t.Errorf("floors.txt sets %d floors for %s, want one for each of the %d kinds, overall and macro", len(floors[name]), name, len(evalKinds))
		}
	}
}

func TestSplitOf(t *testing.T) {
	// The split is a property of the name alone: these stay where they are.
	tests := []struct{ name, want string }{
		{"af-usaid-soag-mou", SetRealTune},
		{"ao-usembassy-mediateca-protocol", SetRealHoldout},
		{"vn-kr-phuc-state-visit", SetRealTune},
		{"vn-kr-phone-talks-2020", SetRealHoldout},
	}
	for _, tc := range tests {
		if got := SplitOf(tc.name); got != tc.want {
			t.Errorf("SplitOf(%q) = %s, want %s", tc.name, got, tc.want)
		}
	}
}

// seedPath is the seed article beside a checkout of the repository.
const seedPath = "../../../shared/seeds/lac-rok-cooperation-2015.txt"

func TestSeedArticle(t *testing.T) {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed article not found at %s (it lies beside the repository, in shared/seeds): %v", seedPath, err)
	}
	p, err := Extract(context.Background(), Article{Text: string(b), PublishedOn: "2015-04-21", Home: "KR"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"CO", "PE"} {
		if !slices.ContainsFunc(p.Countries, func(c CountryProposal) bool { return c.Code == code && c.Role == RolePartner }) {
			t.Errorf("partner %s missing; got %+v", code, p.Countries)
		}
	}
	people := []struct{ name, org, country string }{
		{"Chong Jong-sup", "Ministry of Government Administration and Home Affairs", "KR"},
		{"Gustavo Olaya", "Ministry of Justice and Human Rights", "PE"},
	}
	for _, want := range people {
		i := slices.IndexFunc(p.People, func(x PersonProposal) bool { return domain.SimilarNames(x.Name, want.name) })
		if i < 0 {
			t.Errorf("person %s missing; got %+v", want.name, p.People)
			continue
		}
		got := p.People[i]
		if !domain.SimilarNames(got.Organization, want.org) || got.Country != want.country || got.Title == "" {
			t.Errorf("person %s: got %q of %q (%s), want a minister of %q (%s)", want.name, got.Title, got.Organization, got.Country, want.org, want.country)
		}
	}
	mous := []struct{ subject, on, party, country string }{
		{"public security", "2015-04-17", "Ministry of National Defense", "CO"},
		{"e-government", "2015-04-20", "Prime Minister's Office", "PE"},
	}
	for _, want := range mous {
		i := slices.IndexFunc(p.Agreements, func(a AgreementProposal) bool { return a.Kind == domain.AgreementMOU && a.Subject == want.subject })
		if i < 0 {
			t.Errorf("MOU on %s missing; got %+v", want.subject, p.Agreements)
			continue
		}
		a := p.Agreements[i]
		if a.SignedOn != want.on || a.Status != AgreementSigned || !slices.Contains(a.Countries, want.country) ||
			!slices.ContainsFunc(a.Parties, func(n string) bool { return domain.SimilarNames(n, want.party) }) {
			t.Errorf("MOU on %s: got %s %s parties %v countries %v, want signed %s with %s (%s)", want.subject, a.Status, a.SignedOn, a.Parties, a.Countries, want.on, want.party, want.country)
		}
	}
	if !slices.ContainsFunc(p.Organizations, func(o OrganizationProposal) bool {
		return domain.SimilarNames(o.Name, "Prime Minister's Office") && o.Country == "PE"
	}) {
		t.Errorf("Peru's Prime Minister's Office missing; got %+v", p.Organizations)
	}
	events := []struct {
		kind       domain.EventKind
		start, end string
	}{
		{domain.EventOfficialVisit, "2015-04-17", "2015-04-20"},
		{domain.EventForum, "2015-04-20", ""},
	}
	for _, want := range events {
		if !slices.ContainsFunc(p.Events, func(e EventProposal) bool {
			return e.Kind == want.kind && e.StartOn == want.start && e.EndOn == want.end
		}) {
			t.Errorf("%s %s..%s missing; got %+v", want.kind, want.start, want.end, p.Events)
		}
	}
	if i := slices.IndexFunc(p.Events, func(e EventProposal) bool { return e.Kind == domain.EventForum }); i >= 0 && p.Events[i].Attendance != "About 100 high-level officials" {
		t.Errorf("forum attendance: got %q, want %q", p.Events[i].Attendance, "About 100 high-level officials")
	}
	for _, name := range []string{"immigration modernization program", "criminal justice system modernization program"} {
		if !slices.ContainsFunc(p.Programs, func(x ProgramProposal) bool { return x.Name == name }) {
			t.Errorf("program %q missing; got %+v", name, p.Programs)
		}
	}
	checkSpans(t, string(b), p)
}

// checkSpans fails when a span is outside the text or cuts a rune.
func checkSpans(t *testing.T, text string, p Proposals) {
	t.Helper()
	var all []Span
	for _, x := range p.Countries {
		all = append(all, x.Spans...)
	}
	for _, x := range p.Organizations {
		all = append(all, x.Spans...)
	}
	for _, x := range p.People {
		all = append(all, x.Spans...)
	}
	for _, x := range p.Agreements {
		all = append(all, x.Spans...)
	}
	for _, x := range p.Events {
		all = append(all, x.Spans...)
	}
	for _, x := range p.Programs {
		all = append(all, x.Spans...)
	}
	// Rune boundaries as the text decodes: a stray byte of invalid UTF-8 is
	// a rune of its own, so a span may end before it.
	bounds := map[int]bool{len(text): true}
	for i := range text {
		bounds[i] = true
	}
	for _, s := range all {
		if s[0] < 0 || s[1] > len(text) || s[0] >= s[1] {
			t.Fatalf("span %v outside the text of %d bytes", s, len(text))
		}
		if !bounds[s[0]] || !bounds[s[1]] {
			t.Fatalf("span %v cuts a rune of %q", s, text)
		}
	}
}

func TestMatcher(t *testing.T) {
	m := matcherFunc(func(q Query) *Match {
		if q.Type == domain.TypePerson && domain.SimilarNames(q.Name, "Gustavo Olaya") {
			return &Match{Type: q.Type, ID: "p1"}
		}
		return nil
	})
	p, err := Extract(context.Background(), Article{Text: "Minister Gustavo Olaya of Justice and Human Rights of Peru met Minister Chong, Jong-sup in Lima.", PublishedOn: "2015-04-21"}, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range p.People {
		want := x.Name == "Gustavo Olaya"
		if got := x.Match != nil && x.Match.ID == "p1"; got != want {
			t.Errorf("%s: match %+v, want matched %v", x.Name, x.Match, want)
		}
	}
}

type matcherFunc func(q Query) *Match

func (f matcherFunc) Match(_ context.Context, q Query) (*Match, error) {
	return f(q), nil
}

func FuzzExtract(f *testing.F) {
	names, _ := filepath.Glob("testdata/*.txt")
	real, _ := filepath.Glob("testdata/real/*.txt")
	names = append(names, real...)
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(string(b), "2015-04-21")
		}
	}
	for _, s := range []string{"", "Minister", "Minister Chong,", "April", "from April 17 to", "(", "Ministry of (X", "MOU for", "Korea’s", "’s", "2018.13.40", "May 28 to June", "\xff\xfe", "Peru-", "-Korea", "Gustavo Olaya,"} {
		f.Add(s, "2015-04-21")
	}
	f.Fuzz(func(t *testing.T, text, published string) {
		p, err := Extract(context.Background(), Article{Text: text, PublishedOn: domain.Date(published)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSpans(t, text, p)
	})
}

// BenchmarkExtract runs Extract over the development set, written and
// real (with the texts kept outside the repository when they are there),
// one article per operation: ns/op and allocs/op are per article, and
// KB/article says how long they are.
func BenchmarkExtract(b *testing.B) {
	arts := benchArticles(b)
	if len(arts) == 0 {
		b.Skip("no development set")
	}
	size := 0
	for _, a := range arts {
		size += len(a.Text)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := Extract(ctx, arts[i%len(arts)], nil); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(size)/float64(len(arts))/1000, "KB/article")
}

// benchArticles reads every article of the development set that has a text.
func benchArticles(b *testing.B) []Article {
	b.Helper()
	var arts []Article
	texts := privateTexts()
	for _, pattern := range []string{"testdata/*.json", "testdata/real/*.json"} {
		names, _ := filepath.Glob(pattern)
		for _, n := range names {
			c, text, err := LoadCase(n)
			if errors.Is(err, fs.ErrNotExist) && texts != "" {
				var t []byte
				t, err = os.ReadFile(filepath.Join(texts, strings.TrimSuffix(filepath.Base(n), ".json")+".txt"))
				text = string(t)
			}
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				b.Fatal(err)
			}
			arts = append(arts, Article{Text: text, PublishedOn: c.PublishedOn, Home: c.Home})
		}
	}
	return arts
}

// TestBenchmarkExtractRuns runs BenchmarkExtract once, so that CI (which
// does not pass -bench) runs it too, and logs its figures; speed is
// measured, never asserted.
func TestBenchmarkExtractRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("the benchmark takes a second")
	}
	r := testing.Benchmark(BenchmarkExtract)
	if r.N == 0 {
		t.Fatal("BenchmarkExtract ran no article")
	}
	t.Logf("%.0f articles/s of %.1f KB, %d allocs/article, %d B/article (%d articles)", r.Extra["articles/s"], r.Extra["KB/article"], r.AllocsPerOp(), r.AllocedBytesPerOp(), r.N)
}

func TestReadFloorsRounds(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) string {
		p := filepath.Join(dir, "floors.txt")
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f, err := ReadFloors(write("[real-tune round 1]\npeople 0.9\n[real-tune committed round 2]\nevents 0.5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f["real-tune round 1"]["people"] != 0.9 || f["real-tune committed round 2"]["events"] != 0.5 {
		t.Errorf("ReadFloors = %v, want the floors of both rounds", f)
	}
	for _, bad := range []string{"[written round 1]", "[real-tune round x]", "[real-tune round 0]", "[real-tune partial round 1]"} {
		if _, err := ReadFloors(write(bad + "\npeople 0.9\n")); err == nil {
			t.Errorf("ReadFloors(%q): no error, want one", bad)
		}
	}
	if got := (Report{Set: SetRealTune, Committed: true, Round: 1}).Name(); got != "real-tune committed round 1" {
		t.Errorf("Name() = %q, want %q", got, "real-tune committed round 1")
	}
}

func TestEvalRoundReports(t *testing.T) {
	// The tune half of the development set grew in a second round: it is
	// scored again on the articles of the first, which its earlier floors
	// guard.
	reps, err := Eval("testdata", privateTexts())
	if err != nil {
		t.Fatal(err)
	}
	var round1 *Report
	for i := range reps {
		if reps[i].Set == SetRealTune && reps[i].Round == 1 {
			round1 = &reps[i]
			break
		}
	}
	if round1 == nil {
		t.Fatal("no report of the tune half's first round")
	}
	if n := round1.Articles + len(round1.Absent); n < 28 || n >= reps[1].Articles+len(reps[1].Absent) {
		t.Errorf("the first round of the tune half has %d articles, want at least 28 and fewer than the half's %d", n, reps[1].Articles+len(reps[1].Absent))
	}
}
