package extract

import (
	"slices"
	"strings"
	"unicode"

	"cooptrack/domain"
)

// agreementWords are the names of instruments, as folded words, with their
// kind. Longest first.
var agreementWords = []struct {
	words []string
	kind  domain.AgreementKind
}{
	{[]string{"memorandum", "of", "understanding"}, domain.AgreementMOU},
	{[]string{"memoranda", "of", "understanding"}, domain.AgreementMOU},
	{[]string{"memorandums", "of", "understanding"}, domain.AgreementMOU},
	{[]string{"letter", "of", "intent"}, domain.AgreementLetterOfIntent},
	{[]string{"letters", "of", "intent"}, domain.AgreementLetterOfIntent},
	{[]string{"implementing", "arrangement"}, domain.AgreementImplementingArrangement},
	{[]string{"joint", "statement"}, domain.AgreementJointStatement},
	{[]string{"joint", "declaration"}, domain.AgreementJointStatement},
	{[]string{"joint", "communiqué"}, domain.AgreementJointStatement},
	{[]string{"joint", "communique"}, domain.AgreementJointStatement},
	{[]string{"framework", "agreement"}, domain.AgreementAgreement},
	{[]string{"mou"}, domain.AgreementMOU}, {[]string{"mous"}, domain.AgreementMOU},
	{[]string{"memorandum"}, domain.AgreementMOU},
	{[]string{"loi"}, domain.AgreementLetterOfIntent},
	{[]string{"agreement"}, domain.AgreementAgreement}, {[]string{"agreements"}, domain.AgreementAgreement},
	{[]string{"treaty"}, domain.AgreementTreaty},
}

// agreementAt returns the kind of instrument named at token k and the
// token after its name.
func (d *doc) agreementAt(k int, s sentence) (domain.AgreementKind, int, bool) {
	for _, a := range agreementWords {
		if k+len(a.words) > s.last {
			continue
		}
		ok := true
		for n, w := range a.words {
			if fold(d.toks[k+n].text) != w {
				ok = false
				break
			}
		}
		if ok {
			return a.kind, k + len(a.words), true
		}
	}
	return "", k, false
}

type agreement struct {
	kind        domain.AgreementKind
	subject     string
	parties     []*org
	countries   []string
	signatories []*person
	place       Place
	signedOn    string
	status      string
	spans       []Span
}

var statusRank = map[string]int{AgreementReferenced: 0, AgreementUnderNegotiation: 1, AgreementSigned: 2}

// sentenceStatus says what a sentence does with the agreements it names.
func (d *doc) sentenceStatus(s sentence) string {
	signed, negotiating, negated := false, false, false
	for k := s.first; k < s.last; k++ {
		t := d.toks[k]
		w := strings.ToLower(t.text)
		switch {
		case w == "signed" || w == "inked" || w == "concluded" || w == "exchanged" || w == "sign" || w == "signing" || w == "signs":
			signed = true
		case strings.HasPrefix(w, "negotiat") || strings.HasPrefix(w, "discuss") || w == "draft" || w == "talks" || w == "pursue" || w == "finalize" || w == "finalise" || w == "explore":
			negotiating = true
		case w == "not" || w == "no" || w == "yet" || w == "without":
			negated = true
		}
	}
	fut := false
	for k := s.first; k < s.last; k++ {
		if d.toks[k].is("will", "plan", "plans", "expects", "expect", "aim", "aims", "intend", "intends", "to", "hope") && d.tokIs(k+1, s, "sign") ||
			d.toks[k].is("be") && d.tokIs(k+1, s, "signed") {
			fut = true
		}
	}
	switch {
	case signed && !negated && !fut:
		return AgreementSigned
	case negotiating || fut || signed && negated:
		return AgreementUnderNegotiation
	}
	return AgreementReferenced
}

// subjectAt reads the subject after an instrument's name: "for
// e-government", "on cooperation in public security", "in the fields of
// water and energy".
func (d *doc) subjectAt(k int, s sentence) (string, int) {
	if !d.tokIs(k, s, "for", "on", "in", "regarding", "concerning") {
		return "", k
	}
	k++
	for d.tokIs(k, s, "the", "cooperation", "field", "fields", "area", "areas", "of", "in", "on", "bilateral") {
		k++
	}
	j := k
	for j < s.last && j-k < 8 {
		t := d.toks[j]
		more := j+1 < s.last && d.toks[j+1].word && !d.toks[j+1].cap() &&
			!d.toks[j+1].is("and", "the", "a", "an", "with", "which", "who", "signed", "while", "its", "their", "was", "were")
		if t.text == "," && j > k && more {
			j++
			continue
		}
		if !t.word || t.is("with", "between", "was", "were", "is", "are", "signed", "by", "at", "during", "which", "who", "that", "to", "from", "as", "under", "on", "in") && j > k ||
			unicode.IsDigit([]rune(t.text)[0]) {
			break
		}
		if t.is("and") && !more {
			break
		}
		if t.cap() && !strings.ContainsAny(t.text, "-") && !isUpperWord(t.text) {
			break
		}
		j++
	}
	for j > k && (d.toks[j-1].text == "," || d.toks[j-1].is("and")) {
		j--
	}
	if j == k || timeWords[fold(d.toks[k].text)] || monthOf(d.toks[k]) != 0 {
		return "", k // "in the first half of next year" is when, not what
	}
	return d.words(k, j), j
}

// timeWords open a phrase of time rather than a subject after "in".
var timeWords = map[string]bool{
	"first": true, "second": true, "half": true, "early": true, "late": true, "next": true,
	"coming": true, "spring": true, "summer": true, "autumn": true, "fall": true, "winter": true,
	"year": true, "month": true, "week": true, "weeks": true, "months": true, "years": true,
}

// subjectBefore reads a subject written before the name: "an
// e-government MOU", "the public security agreement".
func (d *doc) subjectBefore(k int, s sentence) string {
	i := k
	for i > s.first && i > k-4 {
		t := d.toks[i-1]
		if !t.word || t.cap() || t.is("a", "an", "the", "this", "that", "its", "their", "new", "newly", "signed", "bilateral", "two", "three", "four", "five", "several", "first", "second", "and", "of", "to", "cooperation") {
			break
		}
		i--
	}
	return d.words(i, k)
}

// splitSubjects splits "water management, smart cities and disaster
// response" into its items.
func splitSubjects(s string) []string {
	s = strings.ReplaceAll(s, ", and ", ", ")
	s = strings.ReplaceAll(s, " and ", ", ")
	var out []string
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

type agreementFinder struct {
	d      *doc
	dates  []dateMention
	orgs   *orgFinder
	people *personFinder
	list   []*agreement
}

// find reads the instruments of every sentence.
func (f *agreementFinder) find() {
	d := f.d
	for si, s := range d.sents {
		if d.skip(s) {
			continue
		}
		status := d.sentenceStatus(s)
		orgs := f.orgs.in(s)
		people := personsIn(f.people.list, d, s)
		type hit struct {
			i, j    int
			kind    domain.AgreementKind
			subject string
			plural  bool
		}
		var hits []hit
		for k := s.first; k < s.last; k++ {
			kind, j, ok := d.agreementAt(k, s)
			if !ok {
				continue
			}
			if kind == domain.AgreementAgreement && j-k == 1 && !agreementNoun(d, k, s) {
				continue
			}
			if d.tokIs(k-1, s, "no") {
				continue // "No agreement has been signed yet"
			}
			plural := strings.HasSuffix(strings.ToLower(d.toks[j-1].text), "s") || d.toks[k].is("memoranda", "memorandums", "letters", "agreements")
			subj, after := d.subjectAt(j, s)
			if subj == "" {
				subj = d.subjectBefore(k, s)
			}
			if d.toks[k].cap() && d.capWord(k-1, s) {
				// a named instrument: "the Korea-Chile Free Trade Agreement"
				i := k
				for d.capWord(i-1, s) && !leftStops[strings.ToLower(d.toks[i-1].text)] {
					i--
				}
				if i < k { // not "The MOUs" opening a sentence
					subj = d.words(i, j)
				}
			}
			hits = append(hits, hit{k, max(j, after), kind, subj, plural})
			k = max(j, after) - 1
		}
		for n, h := range hits {
			end := s.last
			if n+1 < len(hits) {
				end = hits[n+1].i
			}
			subjects := []string{h.subject}
			if h.plural && h.subject != "" {
				subjects = splitSubjects(h.subject)
			}
			for _, subj := range subjects {
				a := &agreement{kind: h.kind, subject: cleanSubject(subj), status: status}
				// parties: organizations named before the first instrument
				// (the subject of the sentence) and those after this one
				for _, m := range orgs {
					if m.i < hits[0].i || m.i >= h.j && m.i < end {
						a.parties = appendOrg(a.parties, m.o)
					}
				}
				for k := h.j; k < end; k++ {
					if d.toks[k].is("with", "and", "between") {
						if code, _, w := d.countryAt(k + 1); code != "" && !w.demonym {
							a.countries = appendCode(a.countries, code)
						}
					}
				}
				if status == AgreementSigned {
					a.signatories = people
					a.signedOn = f.dateIn(s, h.i)
					for _, p := range people {
						if p.org != nil {
							a.parties = appendOrg(a.parties, p.org)
						}
					}
				}
				a.place = d.placeIn(s)
				f.merge(a, d.span(h.i, h.j), si)
			}
		}
	}
	for _, a := range f.list {
		for _, o := range a.parties {
			if o.country != "" {
				a.countries = appendCode(a.countries, o.country)
			}
		}
		slices.Sort(a.countries)
	}
}

// agreementNoun reports whether "agreement" at k names an instrument
// rather than a meeting of minds ("in agreement", "reached agreement on").
func agreementNoun(d *doc, k int, s sentence) bool {
	return !d.tokIs(k-1, s, "in", "reached", "broad", "general", "mutual", "full")
}

func cleanSubject(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"cooperation in ", "cooperation on ", "the field of ", "the fields of "} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.TrimSuffix(s, " cooperation")
}

// dateIn returns the day (or range start) written in the sentence nearest
// to token k.
func (f *agreementFinder) dateIn(s sentence, k int) string {
	best, dist := "", 1<<30
	for _, m := range f.dates {
		if m.i < s.first || m.i >= s.last || m.to != "" {
			continue
		}
		if dd := abs(m.i - k); dd < dist {
			best, dist = m.from, dd
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// merge adds a mention to an agreement already found: the same kind and
// subject, or a bare "the MOU" after one of its kind.
func (f *agreementFinder) merge(a *agreement, sp Span, _ int) {
	var into *agreement
	for i := len(f.list) - 1; i >= 0; i-- {
		old := f.list[i]
		if old.kind != a.kind {
			continue
		}
		switch {
		case a.subject != "" && fold(old.subject) == fold(a.subject):
			into = old
		case a.subject == "" && (a.signedOn == "" || old.signedOn == "" || a.signedOn == old.signedOn):
			into = old
		case old.subject == "" && a.signedOn != "" && a.signedOn == old.signedOn:
			into = old
		}
		if into != nil {
			break
		}
	}
	if into == nil {
		a.spans = []Span{sp}
		f.list = append(f.list, a)
		return
	}
	into.spans = append(into.spans, sp)
	if into.subject == "" {
		into.subject = a.subject
	}
	for _, o := range a.parties {
		into.parties = appendOrg(into.parties, o)
	}
	for _, c := range a.countries {
		into.countries = appendCode(into.countries, c)
	}
	for _, p := range a.signatories {
		if !slices.Contains(into.signatories, p) {
			into.signatories = append(into.signatories, p)
		}
	}
	if statusRank[a.status] > statusRank[into.status] {
		into.status = a.status
	}
	if into.signedOn == "" || len(a.signedOn) > len(into.signedOn) {
		if a.signedOn != "" {
			into.signedOn = a.signedOn
		}
	}
	if into.place == (Place{}) {
		into.place = a.place
	}
}

func appendOrg(list []*org, o *org) []*org {
	if slices.Contains(list, o) {
		return list
	}
	return append(list, o)
}

func appendCode(list []string, c string) []string {
	if c == "" || slices.Contains(list, c) {
		return list
	}
	return append(list, c)
}

// personsIn returns the people named in sentence s.
func personsIn(list []*person, d *doc, s sentence) []*person {
	lo, hi := d.toks[s.first].start, d.toks[s.last-1].end
	var out []*person
	for _, p := range list {
		for _, sp := range p.spans {
			if sp[0] >= lo && sp[1] <= hi {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// placeIn reads "in Lima" or "in Peru" in a sentence.
func (d *doc) placeIn(s sentence) Place {
	for k := s.first; k < s.last-1; k++ {
		if !d.toks[k].is("in") {
			continue
		}
		code, next, w := d.countryAt(k + 1)
		if code == "" || w.demonym || d.tokIs(next, s, "’s", "'s") {
			continue
		}
		if w.capital {
			return Place{City: d.words(k+1, next), Country: code}
		}
		return Place{Country: code}
	}
	return Place{}
}

// agreementTitle names an agreement for a person and for Matcher.
func agreementTitle(a AgreementProposal) string {
	name := map[domain.AgreementKind]string{
		domain.AgreementMOU: "MOU", domain.AgreementLetterOfIntent: "Letter of intent",
		domain.AgreementJointStatement: "Joint statement", domain.AgreementTreaty: "Treaty",
		domain.AgreementImplementingArrangement: "Implementing arrangement",
	}[a.Kind]
	if name == "" {
		name = "Agreement"
	}
	if a.Subject != "" {
		name += " on " + a.Subject
	}
	return name
}
