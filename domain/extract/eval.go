package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"cooptrack/domain"
)

// Case is one article of a development set: NAME.txt holds the text and
// NAME.json this struct, the publication date, the home country and the
// records a careful reader drafts from the text (only what it states).
type Case struct {
	PublishedOn domain.Date `json:"published_on"`
	Home        string      `json:"home,omitempty"`
	Proposals
}

// Score counts the proposals of one kind that match the expected ones
// (TP), those that match none (FP) and the expected ones never proposed
// (FN).
type Score struct {
	Kind       string
	TP, FP, FN int
}

// Precision is TP / (TP + FP), 1 when nothing was proposed.
func (s Score) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is TP / (TP + FN), 1 when nothing was expected.
func (s Score) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Report is the evaluation of Extract on a development set. Kinds are in
// the order countries, organizations, people, agreements, agreement dates,
// events, programs; Overall adds them up (micro average, agreement dates
// left out as they repeat the agreements). Misses lists every false
// positive (+) and false negative (-), by article.
type Report struct {
	Articles int
	Kinds    []Score
	Overall  Score
	Misses   []string
}

// Score returns the score of one kind, by name ("people").
func (r Report) Score(kind string) Score {
	for _, s := range r.Kinds {
		if s.Kind == kind {
			return s
		}
	}
	return Score{Kind: kind}
}

// String prints the report as a table.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d articles\n%-16s %5s %5s %5s %9s %7s %6s\n", r.Articles, "kind", "tp", "fp", "fn", "precision", "recall", "f1")
	for _, s := range append(slices.Clone(r.Kinds), r.Overall) {
		fmt.Fprintf(&b, "%-16s %5d %5d %5d %9.3f %7.3f %6.3f\n", s.Kind, s.TP, s.FP, s.FN, s.Precision(), s.Recall(), s.F1())
	}
	return b.String()
}

// The keys by which proposals are compared, per kind:
//   - countries: code and role;
//   - organizations and people: the name, as domain.SimilarNames compares
//     names (case, accents, punctuation, word order, romanisation), with
//     "the" and possessives dropped from organizations;
//   - agreements: kind, signing date and the parties, compared by their
//     countries (names of parties vary too much to compare well);
//   - agreement dates: the agreements that have a signing date, by kind
//     and date;
//   - events: kind and start date;
//   - programs: the name.
var evalKinds = []string{"countries", "organizations", "people", "agreements", "agreement dates", "events", "programs"}

// Eval runs Extract on every NAME.txt of dir that has a NAME.json beside
// it and scores the proposals against the expected ones.
func Eval(dir string) (Report, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return Report{}, err
	}
	slices.Sort(names)
	rep := Report{Kinds: make([]Score, len(evalKinds))}
	for i, k := range evalKinds {
		rep.Kinds[i].Kind = k
	}
	for _, name := range names {
		c, text, err := LoadCase(name)
		if err != nil {
			return Report{}, err
		}
		got, err := Extract(context.Background(), Article{Text: text, PublishedOn: c.PublishedOn, Home: c.Home}, nil)
		if err != nil {
			return Report{}, err
		}
		rep.Articles++
		base := strings.TrimSuffix(filepath.Base(name), ".json")
		rep.add(base, 0, score(got.Countries, c.Countries, sameCountry, func(x CountryProposal) string { return x.Code + "/" + x.Role }))
		rep.add(base, 1, score(got.Organizations, c.Organizations, sameOrgProposal, func(x OrganizationProposal) string { return x.Name }))
		rep.add(base, 2, score(got.People, c.People, samePerson, func(x PersonProposal) string { return x.Name }))
		rep.add(base, 3, score(got.Agreements, c.Agreements, sameAgreement, agreementLabel))
		rep.add(base, 4, score(dated(got.Agreements), dated(c.Agreements), sameAgreementDate, agreementLabel))
		rep.add(base, 5, score(got.Events, c.Events, sameEvent, func(x EventProposal) string { return string(x.Kind) + " " + x.StartOn + " " + x.Title }))
		rep.add(base, 6, score(got.Programs, c.Programs, sameProgram, func(x ProgramProposal) string { return x.Name }))
	}
	rep.Overall.Kind = "overall"
	for i, s := range rep.Kinds {
		if i == 4 {
			continue
		}
		rep.Overall.TP += s.TP
		rep.Overall.FP += s.FP
		rep.Overall.FN += s.FN
	}
	return rep, nil
}

// LoadCase reads NAME.json and the text of NAME.txt.
func LoadCase(jsonPath string) (Case, string, error) {
	var c Case
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		return c, "", err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, "", fmt.Errorf("%s: %w", jsonPath, err)
	}
	text, err := os.ReadFile(strings.TrimSuffix(jsonPath, ".json") + ".txt")
	if err != nil {
		return c, "", err
	}
	return c, string(text), nil
}

type outcome struct {
	tp, fp, fn int
	misses     []string
}

func (r *Report) add(article string, kind int, o outcome) {
	s := &r.Kinds[kind]
	s.TP += o.tp
	s.FP += o.fp
	s.FN += o.fn
	for _, m := range o.misses {
		r.Misses = append(r.Misses, article+": "+evalKinds[kind]+" "+m)
	}
}

// score pairs each expected item with the first unpaired proposal that
// matches it.
func score[T any](got, want []T, same func(g, w T) bool, label func(T) string) outcome {
	var o outcome
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && same(g, w) {
				used[i], found = true, true
				break
			}
		}
		if found {
			o.tp++
		} else {
			o.fn++
			o.misses = append(o.misses, "- "+label(w))
		}
	}
	for i, g := range got {
		if !used[i] {
			o.fp++
			o.misses = append(o.misses, "+ "+label(g))
		}
	}
	return o
}

func sameCountry(g, w CountryProposal) bool { return g.Code == w.Code && g.Role == w.Role }

func sameOrgProposal(g, w OrganizationProposal) bool {
	a, b := orgKey(g.Name), orgKey(w.Name)
	return a == b || domain.SimilarNames(a, b)
}

func samePerson(g, w PersonProposal) bool { return domain.SimilarNames(g.Name, w.Name) }

func sameParties(g, w AgreementProposal) bool {
	a, b := slices.Clone(g.Countries), slices.Clone(w.Countries)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func sameAgreement(g, w AgreementProposal) bool {
	return g.Kind == w.Kind && g.SignedOn == w.SignedOn && sameParties(g, w)
}

func sameAgreementDate(g, w AgreementProposal) bool {
	return g.Kind == w.Kind && g.SignedOn == w.SignedOn
}

// dated keeps the agreements that have a signing date.
func dated(list []AgreementProposal) []AgreementProposal {
	var out []AgreementProposal
	for _, a := range list {
		if a.SignedOn != "" {
			out = append(out, a)
		}
	}
	return out
}

func agreementLabel(a AgreementProposal) string {
	return fmt.Sprintf("%s %q %s %v", a.Kind, a.Subject, a.SignedOn, a.Countries)
}

func sameEvent(g, w EventProposal) bool { return g.Kind == w.Kind && g.StartOn == w.StartOn }

func sameProgram(g, w ProgramProposal) bool {
	return fold(g.Name) == fold(w.Name) || domain.SimilarNames(g.Name, w.Name)
}

// Floors are the least F1 figures a development set must keep, by kind
// ("people", "overall"), so that a change that makes the extractor worse
// is noticed.
type Floors map[string]float64

// ReadFloors reads floors from a file of lines "KIND F1" ("agreement
// dates 0.98"); blank lines and lines starting with # are skipped.
func ReadFloors(path string) (Floors, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := Floors{}
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexAny(line, " \t")
		if i < 0 {
			return nil, fmt.Errorf("%s:%d: want a kind and a figure, as \"people 0.98\"", path, n+1)
		}
		kind := strings.TrimSpace(line[:i])
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil || v < 0 || v > 1 {
			return nil, fmt.Errorf("%s:%d: %q is not a figure from 0 to 1", path, n+1, line[i+1:])
		}
		if !slices.Contains(evalKinds, kind) && kind != "overall" {
			return nil, fmt.Errorf("%s:%d: unknown kind %q", path, n+1, kind)
		}
		f[kind] = v
	}
	return f, nil
}

// Below lists the kinds whose F1 is under its floor, as "events: F1 0.750,
// floor 0.790".
func (r Report) Below(f Floors) []string {
	var out []string
	for _, s := range append(slices.Clone(r.Kinds), r.Overall) {
		if floor, ok := f[s.Kind]; ok && s.F1() < floor {
			out = append(out, fmt.Sprintf("%s: F1 %.3f, floor %.3f", s.Kind, s.F1(), floor))
		}
	}
	return out
}
