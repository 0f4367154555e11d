package extract

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"cooptrack/domain"
)

// Case is one annotated article of a development set: NAME.json holds this
// struct, the records a careful reader drafts from the text (only what it
// states; testdata/README.md writes down the rules), and NAME.txt the text.
// A real article says where it comes from (URL, Publisher, PublishedOn) and,
// when its text is committed beside it, under what Licence.
type Case struct {
	URL         string      `json:"url,omitempty"`
	Publisher   string      `json:"publisher,omitempty"`
	PublishedOn domain.Date `json:"published_on"`
	Home        string      `json:"home,omitempty"`
	Licence     string      `json:"licence,omitempty"`
	// Round is the round of annotation that added the article (1 when
	// absent): floors set on a half of the real set keep guarding the
	// articles they were set on when later rounds add more.
	Round int `json:"round,omitempty"`
	Proposals
	// Notes say what an article is an example of ("agreements: a day range
	// dates the signing").
	Notes []string `json:"notes,omitempty"`
}

// The sets of a development set. The written articles (DIR/*.json) were
// written for the extractor; the real ones (DIR/real/*.json) are press
// releases and news reports, split once and for all by SplitOf into the
// half rules are tuned on and the half kept for judging them.
const (
	SetWritten     = "written"
	SetRealTune    = "real-tune"
	SetRealHoldout = "real-holdout"
)

// SplitOf returns the half of the real set an article belongs to, from its
// file name without extension: real-tune when the 32-bit FNV-1a hash of the
// name is even, real-holdout when it is odd. The name alone decides, so the
// split was fixed before any rule was written and never moves.
func SplitOf(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	if h.Sum32()%2 == 0 {
		return SetRealTune
	}
	return SetRealHoldout
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

// Report is the evaluation of Extract on one set. Kinds are in the order
// countries, organizations, people, agreements, agreement dates, events,
// programs; Overall adds them up (micro average, agreement dates left out
// as they repeat the agreements). Misses lists every false positive (+)
// and false negative (-), by article.
//
// Articles counts the articles scored, Absent names those annotated whose
// text is not here (kept outside the repository and not given). Committed
// says that only texts committed in the repository were read, so that CI
// scores the same articles; Private counts the texts read from outside.
type Report struct {
	Set       string
	Committed bool
	// Round, when not 0, limits the report to the articles of that round
	// of annotation (Case.Round).
	Round    int
	Articles int
	Private  int
	Absent   []string
	Kinds    []Score
	Overall  Score
	Misses   []string
}

// Name is the set and which texts were scored: "written", "real-tune"
// (every text of the set), "real-tune committed" (only those committed),
// "real-tune partial" (some of the others). Floors are kept per name.
//
// A report of one round of annotation adds it: "real-tune round 1",
// "real-tune committed round 1".
func (r Report) Name() string {
	round := ""
	if r.Round > 0 {
		round = " round " + strconv.Itoa(r.Round)
	}
	switch {
	case r.Set == SetWritten:
		return r.Set
	case r.Committed:
		return r.Set + " committed" + round
	case len(r.Absent) == 0:
		return r.Set + round
	}
	return r.Set + " partial" + round
}

// macroKinds are the six kinds the macro F1 averages: agreements are
// judged by kind and date there, as an officer reads them.
var macroKinds = []string{"countries", "organizations", "people", "agreement dates", "events", "programs"}

// Macro is the mean F1 of the six kinds (countries, organizations, people,
// agreements by kind and date, events, programs).
func (r Report) Macro() float64 {
	sum := 0.0
	for _, k := range macroKinds {
		sum += r.Score(k).F1()
	}
	return sum / float64(len(macroKinds))
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

// String prints the report as a table under a line naming the set.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d articles", r.Name(), r.Articles)
	if r.Private > 0 {
		fmt.Fprintf(&b, " (%d texts from outside the repository)", r.Private)
	}
	if len(r.Absent) > 0 {
		fmt.Fprintf(&b, "; %d annotated articles have no text here", len(r.Absent))
	}
	fmt.Fprintf(&b, "\n%-16s %5s %5s %5s %9s %7s %6s\n", "kind", "tp", "fp", "fn", "precision", "recall", "f1")
	for _, s := range append(slices.Clone(r.Kinds), r.Overall) {
		fmt.Fprintf(&b, "%-16s %5d %5d %5d %9.3f %7.3f %6.3f\n", s.Kind, s.TP, s.FP, s.FN, s.Precision(), s.Recall(), s.F1())
	}
	fmt.Fprintf(&b, "%-16s %5s %5s %5s %9s %7s %6.3f\n", "macro", "", "", "", "", "", r.Macro())
	return b.String()
}

// The keys by which proposals are compared, per kind:
//   - countries: code and role;
//   - organizations: the name, as domain.SimilarNames compares names (case,
//     accents, punctuation, word order, romanisation), with "the" and
//     possessives dropped, or the acronym when both give one;
//   - people: the name, as domain.SimilarNames compares it;
//   - agreements: kind, signing date and the parties, compared by their
//     countries (names of parties vary too much to compare well);
//   - agreement dates: kind and signing date, an undated agreement
//     matching an undated one;
//   - events: kind and start date;
//   - programs: the name, or a name that holds the other's words in
//     order when the shorter has two words or more ("Smart Safe City
//     project" for "the Smart Safe City project in San Isidro").
var evalKinds = []string{"countries", "organizations", "people", "agreements", "agreement dates", "events", "programs"}

// Eval runs Extract on the development set in dir and scores the proposals
// against the annotations, one report per set: written (dir/*.json), then
// real-tune and real-holdout (dir/real/*.json). A text is NAME.txt beside
// its annotation or, for a real article whose text may not be committed,
// texts/NAME.txt when texts is not empty; an article with neither is
// counted absent. When texts gave some, the real sets are scored a second
// time on the committed texts alone, the figures CI reaches.
func Eval(dir, texts string) ([]Report, error) {
	written, err := loadSet(dir, "")
	if err != nil {
		return nil, err
	}
	real, err := loadSet(filepath.Join(dir, "real"), texts)
	if err != nil {
		return nil, err
	}
	reps := []Report{score1(SetWritten, true, written)}
	var tune, hold []loaded
	for _, l := range real {
		if SplitOf(l.name) == SetRealTune {
			tune = append(tune, l)
		} else {
			hold = append(hold, l)
		}
	}
	private := slices.ContainsFunc(real, func(l loaded) bool { return l.private })
	reps = append(reps, score1(SetRealTune, !private, tune), score1(SetRealHoldout, !private, hold))
	if private {
		for _, set := range [][]loaded{tune, hold} {
			if len(set) > 0 {
				reps = append(reps, score1(SplitOf(set[0].name), true, committedOnly(set)))
			}
		}
	}
	// A half that later rounds of annotation grew is scored again on the
	// articles of the first round, which its earlier floors were set on.
	for _, set := range [][]loaded{tune, hold} {
		first := slices.DeleteFunc(slices.Clone(set), func(l loaded) bool { return max(l.c.Round, 1) != 1 })
		if len(first) == 0 || len(first) == len(set) {
			continue
		}
		half := SplitOf(first[0].name)
		rep := score1(half, !private, first)
		rep.Round = 1
		reps = append(reps, rep)
		if private {
			rep := score1(half, true, committedOnly(first))
			rep.Round = 1
			reps = append(reps, rep)
		}
	}
	return reps, nil
}

// committedOnly returns the articles of a set with the texts read from
// outside the repository left out, as CI scores them.
func committedOnly(set []loaded) []loaded {
	var out []loaded
	for _, l := range set {
		if l.private {
			l.text, l.private = "", false
			l.absent = true
		}
		out = append(out, l)
	}
	return out
}

// loaded is an annotated article and its text, if there is one here.
type loaded struct {
	name    string
	c       Case
	text    string
	private bool // the text came from the directory outside the repository
	absent  bool // no text
}

// loadSet reads every NAME.json of dir with its text.
func loadSet(dir, texts string) ([]loaded, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []loaded
	for _, name := range names {
		l := loaded{name: strings.TrimSuffix(filepath.Base(name), ".json")}
		var text string
		l.c, text, err = LoadCase(name)
		switch {
		case err == nil:
			l.text = text
		case errors.Is(err, fs.ErrNotExist) && texts != "":
			b, err2 := os.ReadFile(filepath.Join(texts, l.name+".txt"))
			if err2 != nil && !errors.Is(err2, fs.ErrNotExist) {
				return nil, err2
			}
			l.text, l.private, l.absent = string(b), err2 == nil, err2 != nil
		case errors.Is(err, fs.ErrNotExist):
			l.absent = true
		default:
			return nil, err
		}
		if l.absent && l.c.PublishedOn == "" {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, l)
	}
	return out, nil
}

// score1 scores the articles of one set.
func score1(set string, committed bool, arts []loaded) Report {
	rep := Report{Set: set, Committed: committed, Kinds: make([]Score, len(evalKinds))}
	for i, k := range evalKinds {
		rep.Kinds[i].Kind = k
	}
	for _, l := range arts {
		if l.absent {
			rep.Absent = append(rep.Absent, l.name)
			continue
		}
		c := l.c
		got := extract(Article{Text: l.text, PublishedOn: c.PublishedOn, Home: c.Home})
		rep.Articles++
		if l.private {
			rep.Private++
		}
		base := l.name
		rep.add(base, 0, score(got.Countries, c.Countries, sameCountry, func(x CountryProposal) string { return x.Code + "/" + x.Role }))
		rep.add(base, 1, score(got.Organizations, c.Organizations, sameOrgProposal, func(x OrganizationProposal) string { return x.Name }))
		rep.add(base, 2, score(got.People, c.People, samePerson, func(x PersonProposal) string { return x.Name }))
		rep.add(base, 3, score(got.Agreements, c.Agreements, sameAgreement, agreementLabel))
		rep.add(base, 4, score(got.Agreements, c.Agreements, sameAgreementDate, agreementLabel))
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
	return rep
}

// LoadCase reads NAME.json and the text of NAME.txt. When there is no
// text, it returns the case and an error that is fs.ErrNotExist.
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
	// an acronym names the body as well as its name: "ASEAN" for the
	// "Association of Southeast Asian Nations (ASEAN)"
	if g.Acronym != "" && (g.Acronym == w.Acronym || g.Acronym == w.Name) || w.Acronym != "" && w.Acronym == g.Name {
		return true
	}
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

func agreementLabel(a AgreementProposal) string {
	return fmt.Sprintf("%s %q %s %v", a.Kind, a.Subject, a.SignedOn, a.Countries)
}

func sameEvent(g, w EventProposal) bool { return g.Kind == w.Kind && g.StartOn == w.StartOn }

func sameProgram(g, w ProgramProposal) bool {
	a, b := fold(g.Name), fold(w.Name)
	if a == b || domain.SimilarNames(g.Name, w.Name) || acronymOf(g.Name, w.Name) || acronymOf(w.Name, g.Name) {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return strings.Contains(a, " ") && strings.Contains(" "+b+" ", " "+a+" ")
}

// acronymOf reports whether short is the acronym of long: "EDCF" of
// "Economic Development Cooperation Fund".
func acronymOf(short, long string) bool {
	if !isAcronym(short) || !strings.Contains(long, " ") {
		return false
	}
	var b strings.Builder
	for w := range strings.FieldsSeq(long) {
		if r := []rune(w)[0]; unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	return strings.EqualFold(b.String(), short)
}

// Floors are the least F1 figures each set must keep, by report name
// ("written", "real-tune committed") and kind ("people", "overall",
// "macro"), so that a change that makes the extractor worse is noticed.
type Floors map[string]map[string]float64

// ReadFloors reads floors from a file of lines "KIND F1" ("agreement
// dates 0.98") under lines "[NAME]" naming the report they hold
// ("[real-tune committed]"); lines before the first such line are the
// written set's. Blank lines and lines starting with # are skipped.
func ReadFloors(path string) (Floors, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := Floors{}
	set := SetWritten
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if name, ok := strings.CutPrefix(line, "["); ok {
			name, ok = strings.CutSuffix(name, "]")
			rest := name
			if i := strings.Index(rest, " round "); i >= 0 {
				if r, err := strconv.Atoi(rest[i+len(" round "):]); err != nil || r < 1 {
					ok = false
				}
				rest = rest[:i]
			}
			base, variant, _ := strings.Cut(rest, " ")
			if !ok || !slices.Contains([]string{SetWritten, SetRealTune, SetRealHoldout}, base) || variant != "" && (variant != "committed" || base == SetWritten) ||
				base == SetWritten && rest != name {
				return nil, fmt.Errorf("%s:%d: unknown set %q: want written, real-tune, real-holdout, or one of the last two followed by \"committed\", \"round N\" or both", path, n+1, line)
			}
			set = name
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
		if !slices.Contains(evalKinds, kind) && kind != "overall" && kind != "macro" {
			return nil, fmt.Errorf("%s:%d: unknown kind %q", path, n+1, kind)
		}
		if f[set] == nil {
			f[set] = map[string]float64{}
		}
		f[set][kind] = v
	}
	return f, nil
}

// Below lists the kinds whose F1 is under the floor the report's set
// keeps, as "real-tune committed: events: F1 0.750, floor 0.790".
func (r Report) Below(f Floors) []string {
	floors := f[r.Name()]
	var out []string
	below := func(kind string, f1 float64) {
		if floor, ok := floors[kind]; ok && f1 < floor {
			out = append(out, fmt.Sprintf("%s: %s: F1 %.3f, floor %.3f", r.Name(), kind, f1, floor))
		}
	}
	for _, s := range append(slices.Clone(r.Kinds), r.Overall) {
		below(s.Kind, s.F1())
	}
	below("macro", r.Macro())
	return out
}
