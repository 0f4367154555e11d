package extract

import (
	"cmp"
	"strings"
	"unicode"

	"cooptrack/domain"
)

// programStops end the words of a program's name, read backwards from
// "program".
var programStops = map[string]bool{
	"the": true, "a": true, "an": true, "its": true, "their": true, "this": true, "that": true, "these": true,
	"our": true, "his": true, "her": true, "of": true, "for": true, "in": true, "on": true, "with": true,
	"to": true, "by": true, "from": true, "under": true, "among": true, "and": true, "new": true, "two": true,
	"many": true, "other": true, "several": true, "such": true, "which": true, "whose": true, "is": true,
	"was": true, "were": true, "are": true, "launched": true, "joint": true, "«": true, "»": true, "“": true, "”": true, "\"": true,
}

// genericProgramWords alone do not name a program.
var genericProgramWords = map[string]bool{
	"government": true, "cooperation": true, "development": true, "modernization": true, "modernisation": true,
	"pilot": true, "aid": true, "assistance": true, "training": true, "exchange": true, "research": true,
}

type program struct {
	name        string
	beneficiary *org
	status      domain.ProgramStatus
	spans       []Span
}

type programFinder struct {
	d    *doc
	orgs *orgFinder
	list []*program
}

func (f *programFinder) find() {
	d := f.d
	for _, s := range d.sents {
		if d.skip(s) {
			continue
		}
		status := programStatus(d, s)
		f.listedProjects(s, status)
		f.builtWork(s, status)
		f.beingBuilt(s, status)
		for k := s.first; k < s.last; k++ {
			t := d.toks[k]
			if !t.word {
				continue
			}
			if name, ok := knownPrograms[t.text]; ok {
				f.add(&program{name: name, status: status}, d.span(k, k+1))
				continue
			}
			if e := knownProgramAt(d, k, s); e > k {
				f.add(&program{name: d.words(k, e), status: status}, d.span(k, e))
				k = e - 1
				continue
			}
			fund := t.is("Fund") && !internationalFund(d, k, s)
			centre := t.is("Centre", "Center") && programCentre(d, k, s)
			// "framework agreement on High Impact Community Development
			// Projects": a name in capitals in the plural is one program
			plural := t.is("Projects", "Programmes", "Programs", "Initiatives") && t.cap() && d.capWord(k-1, s) && d.capWord(k-2, s)
			if !t.is("program", "programme", "project", "initiative") && !fund && !centre && !plural {
				continue
			}
			if t.is("program", "programme") && (d.tokIs(k-1, s, "Action") || d.tokIs(k+1, s, "of") && d.tokIs(k+2, s, "cooperation")) {
				continue // an agreement: "Action Program", "programme of cooperation"
			}
			if t.is("Initiative") && nationalStrategy(d, k, s) {
				continue // "the One Belt One Road Initiative initiated by China"
			}
			i := k
			for i > s.first {
				p := d.toks[i-1]
				if !p.word || programStops[strings.ToLower(p.text)] && !p.cap() || p.is("The", "A", "An") || yearOf(p) != 0 ||
					p.is("billion", "million") || unicode.IsDigit([]rune(p.text)[0]) {
					break // "a US$1.55 billion project": an amount is no name
				}
				i--
			}
			name := d.words(i, k+1)
			words := k - i
			if !t.cap() && i < k && !d.toks[i].cap() && d.tokIs(i-1, s, "on", "for") {
				if _, _, inst := d.agreementAt(i-2, s); inst {
					continue // "MoU on cultural exchange programme for 2022-2025": what the instrument is on
				}
			}
			owner := ""
			// "USAID's new cooperation program": the owner names it
			n := i
			for d.tokIs(n-1, s, "new", "joint") {
				n--
			}
			if d.tokIs(n-1, s, "’s", "'s") && (d.capWord(n-2, s) || isAcronym(d.toks[max(n-2, s.first)].text)) && !d.countryWordAt(n-2) {
				owner = d.toks[n-2].text
			}
			// "the program with the American agency Millennium Challenge
			// Corporation (MCC)": the program of that body
			if words == 0 && d.tokIs(k-1, s, "the") && d.tokIs(k+1, s, "with", "of") {
				for n := k + 2; n+2 < s.last && n < k+12; n++ {
					if d.toks[n].text == "(" && d.toks[n+2].text == ")" && isAcronym(d.toks[n+1].text) {
						owner = d.toks[n+1].text
						break
					}
				}
			}
			generic := words == 0 || words == 1 && (genericProgramWords[strings.ToLower(d.toks[i].text)] || !t.cap()) && !f.known(name) && !pilot(d, i, k, s)
			if generic && d.tokIs(k+1, s, "\"", "“", "‘") {
				// the project "Improving Maternal and Child Health Care in Mugu"
				if e := closingQuote(d, k+2, s); e > k+3 {
					f.add(&program{name: d.words(k+2, e), status: status}, d.span(k+2, e))
					k = e
					continue
				}
			}
			if end := f.toBuild(k, s); generic && end > k && t.is("project") {
				// "a US$1.55 billion project to build a large electric train
				// system", "a construction project in Lima to build highways
				// and subway lines": the project is what it builds
				f.add(&program{name: d.words(i, end), status: status}, d.span(i, end))
				k = end - 1
				continue
			}
			switch {
			case generic && owner != "":
				name = owner + " " + name // the owner makes a generic name one program's
			case generic:
				continue
			}
			pr := &program{name: name, status: status}
			// beneficiary: "program of the Peruvian Immigration Office"
			if d.tokIs(k+1, s, "of", "for") {
				n := k + 2
				if d.tokIs(n, s, "the") {
					n++
				}
				for _, m := range f.orgs.in(s) {
					if m.i == n {
						pr.beneficiary = m.o
					}
				}
			}
			f.add(pr, d.span(i, k+1))
		}
	}
}

// closingQuote returns the token of the quote that closes a title opened
// before k, or k.
func closingQuote(d *doc, k int, s sentence) int {
	for n := k; n < s.last && n < k+15; n++ {
		if d.toks[n].is("\"", "”", "’") {
			return n
		}
	}
	return k
}

// builtWork reads a work a sentence says will be built: "agreed to
// establish a training institute for public servants", "has agreed to
// build a sewage treatment plant in the Kasur region".
func (f *programFinder) builtWork(s sentence, status domain.ProgramStatus) {
	d := f.d
	for k := s.first; k+2 < s.last; k++ {
		if !buildVerbs[strings.ToLower(d.toks[k].text)] || !d.tokIs(k-1, s, "to") || !d.tokIs(k+1, s, "a", "an") {
			continue
		}
		e := k + 2
		for e < s.last && e < k+8 && d.toks[e].word && !d.toks[e].is("for", "in", "at", "to", "with", "which", "that", "and", "by") {
			e++
		}
		if e-(k+2) >= 2 && thingHeads[strings.ToLower(d.toks[e-1].text)] && !d.tokIs(e, s, "under") {
			// not "to construct a state of the art ICT facility under a
			// project to establish ...": the project names it
			f.add(&program{name: d.words(k+2, e), status: cmp.Or(status, domain.ProgramPipeline)}, d.span(k+2, e))
		}
	}
}

// beingBuilt reads a work the sentence says is being built or was
// opened: "KOICA is currently building the national institute of
// Vocational Trainers and Programme Development", "is also completing the
// construction of a centre of education for agricultural skills",
// "inaugurated Korean-built vocational training centres in Sangmelima,
// Douala and Limbe". The work is a program told by what it builds; a
// name in capitals is a body's, read as one.
func (f *programFinder) beingBuilt(s sentence, status domain.ProgramStatus) {
	d := f.d
	for k := s.first; k+2 < s.last; k++ {
		if !d.toks[k].is("building", "constructing", "inaugurated", "completing", "completed", "began", "started") {
			continue
		}
		if d.toks[k].is("building", "constructing", "completing") && !d.progressive(k, s) {
			continue // "interest in building a specialized port" is a wish
		}
		j := k + 1
		if d.toks[k].is("completing", "completed", "began", "started") {
			// only "completing the construction of ..."
			if !d.tokIs(j, s, "the") || !d.tokIs(j+1, s, "construction") || !d.tokIs(j+2, s, "of") {
				continue
			}
		}
		for d.tokIs(j, s, "the", "a", "an", "new") || j < s.last && strings.HasSuffix(strings.ToLower(d.toks[j].text), "-built") {
			j++
		}
		head := -1
		for e := j; e < s.last && e < j+5; e++ {
			t := d.toks[e]
			if !t.word || t.cap() && e > j {
				break
			}
			if thingHeads[strings.ToLower(t.text)] && !t.cap() {
				head = e
				break
			}
		}
		if head < 0 || d.toks[j].cap() {
			continue
		}
		start := j
		if d.toks[k].is("completing", "completed", "began", "started") {
			start = k + 1
			for d.tokIs(start, s, "the") {
				start++
			}
		}
		e := head + 1
		// "institute of Vocational Trainers and Programme Development",
		// "centres in Sangmelima, Douala and Limbe", "centre of education
		// for agricultural skills in Haute-Sanaga"
		run := -1 // lower-case words since an "of" or a "for": "for agricultural skills"
		for e < s.last && e < head+14 {
			t := d.toks[e]
			if t.is("of", "for") {
				run = 0
			}
			lower := t.word && !t.cap() && run >= 0 && run < 3 && !t.is("in", "and", "to", "which", "that", "by", "with", "at")
			if lower {
				run++
			}
			if t.word && (t.cap() || t.is("of", "for", "in", "and") || lower) ||
				t.text == "," && d.capWord(e+1, s) && d.capWord(e-1, s) {
				e++
				continue
			}
			break
		}
		for e > head+1 && d.toks[e-1].is("of", "for", "in", "and") {
			e--
		}
		if e-start < 2 {
			continue
		}
		f.add(&program{name: d.words(start, e), status: status}, d.span(start, e))
		k = e - 1
	}
}

// progressive reports whether the verb in -ing at k is in a progressive
// tense: "is currently building", "are also completing".
func (d *doc) progressive(k int, s sentence) bool {
	for n := k - 1; n >= s.first && n >= k-3; n-- {
		if d.toks[n].is("is", "are", "was", "were", "been") {
			return true
		}
		if !d.toks[n].is("currently", "also", "now", "still", "already", "actively") {
			return false
		}
	}
	return false
}

// buildVerbs say what a project makes.
var buildVerbs = map[string]bool{"build": true, "construct": true, "establish": true, "upgrade": true, "expand": true, "rehabilitate": true, "modernize": true, "modernise": true}

// toBuild returns the token after the object of "to build ..." that
// follows the project at k ("project in Lima to build highways and subway
// lines"), or k.
func (f *programFinder) toBuild(k int, s sentence) int {
	d := f.d
	n := k + 1
	if d.tokIs(n, s, "in") && d.capWord(n+1, s) {
		n += 2 // "in Lima"
	}
	if !d.tokIs(n, s, "to") || n+1 >= s.last || !buildVerbs[strings.ToLower(d.toks[n+1].text)] {
		return k
	}
	if d.tokIs(n+2, s, "the") && d.capWord(n+3, s) {
		return k // "a project to establish the Ghana-Korea Centre of Excellence": the centre names it
	}
	return objectEnd(d, n+2, s)
}

// objectEnd returns the token after a noun phrase at j: words up to a
// comma, a full stop, a relative pronoun or a participle.
func objectEnd(d *doc, j int, s sentence) int {
	e := j
	for e < s.last && e < j+10 {
		t := d.toks[e]
		if !t.word && t.text != "-" || t.is("which", "that", "designed", "aimed", "to", "for", "by", "with", "in", "at", "worth", "funded", "financed") && e > j {
			break
		}
		e++
	}
	for e > j && d.toks[e-1].is("and", "the", "a", "of") {
		e--
	}
	if e-j < 2 {
		return j - 2
	}
	return e
}

// listedProjects reads the projects a sentence lists after saying it
// lists projects: "some of the projects being implemented ... are the
// construction of a petrol storage depot at Buipe, the Bolgatanga
// pipeline, and the Wa water supply system", "He cited among other
// projects, ongoing construction of the Garoua Referral Hospital". An item
// is a project when it builds something ("construction of ...") or names
// a thing built (a hospital, a pipeline, a water supply system).
func (f *programFinder) listedProjects(s sentence, status domain.ProgramStatus) {
	d := f.d
	open := -1
	for k := s.first; k < s.last && open < 0; k++ {
		if !d.toks[k].is("projects", "programmes", "programs", "initiatives") || d.toks[k].cap() {
			continue
		}
		for n := k + 1; n < s.last && n < k+14; n++ {
			if d.toks[n].is("are", "include", "includes", "including") && d.tokIs(n+1, s, "the", "a", "an") {
				open = n + 1
				break
			}
			if d.toks[n].text == "," && n == k+1 && d.tokIs(k-1, s, "other") {
				open = n + 1 // "among other projects, ongoing construction of ..."
				break
			}
		}
	}
	// "... is evidenced in several projects. These include a master plan
	// for e-government": the list opens in the next sentence
	if open < 0 && d.tokIs(s.first, s, "These", "They") && d.tokIs(s.first+1, s, "include", "are") && d.sent[s.first] > 0 {
		prev := d.sents[d.sent[s.first]-1]
		for k := prev.first; k < prev.last; k++ {
			if d.toks[k].is("projects", "programmes", "programs") && !d.toks[k].cap() {
				open = s.first + 2
			}
		}
	}
	if open < 0 {
		return
	}
	for j := open; j < s.last; {
		for d.tokIs(j, s, "and", "the", "a", "an", "ongoing", ",") {
			j++
		}
		e := j
		for e < s.last && e < j+14 && d.toks[e].text != "," && d.toks[e].text != "(" && !d.toks[e].is("with", "by", "which", "while") &&
			(!d.toks[e].is("and") || !d.tokIs(e+1, s, "the", "a", "an")) {
			e++
		}
		for e > j && !d.toks[e-1].word {
			e--
		}
		if builtThing(d, j, e) {
			f.add(&program{name: d.words(j, e), status: status}, d.span(j, e))
		}
		if e >= s.last || d.toks[e].is("with", "by", "which", "while") {
			return
		}
		for e < s.last && d.toks[e].text != "," {
			e++ // past "(TZS 233 billion)"
		}
		j = e + 1
	}
}

// builtThing reports whether tokens [j, e) name a work: "construction of
// the Garoua Referral Hospital", "the Wa water supply system".
func builtThing(d *doc, j, e int) bool {
	if e-j < 2 {
		return false
	}
	if d.toks[j].is("construction", "building", "rehabilitation", "expansion", "establishment", "upgrading", "improvement") && d.toks[j+1].is("of") {
		return true
	}
	if d.toks[j].is("master") && d.toks[j+1].is("plan") {
		return true // "a master plan for e-government", drawn up as a project
	}
	return thingHeads[strings.ToLower(d.toks[e-1].text)]
}

// thingHeads are the last words of the names of works a project builds.
var thingHeads = map[string]bool{}

func init() {
	for w := range strings.FieldsSeq(`hospital hospitals school schools road roads railway bridge port harbour harbor centre center
	centres centers system pipeline depot plant dam institute university laboratory facility facilities network`) {
		thingHeads[w] = true
	}
}

// knownPrograms are cooperation programs and funds articles name by
// acronym alone.
var knownPrograms = map[string]string{
	"EDCF": "Economic Development Cooperation Fund", "KSP": "Knowledge Sharing Program", "YALI": "Young African Leaders Initiative",
	"CIAT": "Capacity Improvement and Advancement for Tomorrow", "KOPIA": "Korea Program on International Agriculture",
	"FLEX": "Future Leaders Exchange", "WFK": "World Friends Korea",
}

// pilot reports whether "pilot project" at [i, k] names one project told
// of ("As part of a pilot project, Kazakhstan ..."), not pilot projects in
// general.
func pilot(d *doc, i, k int, s sentence) bool {
	return k == i+1 && d.toks[i].is("pilot") && d.toks[k].is("project", "programme", "program") && d.tokIs(i-1, s, "a", "the", "this")
}

// internationalFund reports whether the Fund at k is an international
// organisation's name: "International Monetary Fund", "United Nations
// Children's Fund", "the Global Fund to Fight AIDS, TB, and Malaria".
func internationalFund(d *doc, k int, s sentence) bool {
	for n := max(s.first, k-5); n < k; n++ {
		if d.toks[n].is("Monetary", "Children", "Population", "International", "Global") {
			return true
		}
	}
	return false
}

// nationalStrategy reports whether the Initiative at k is a country's own
// strategy, not a cooperation program: "the Belt and Road Initiative",
// "the One Belt One Road Initiative initiated by China".
func nationalStrategy(d *doc, k int, s sentence) bool {
	for n := max(s.first, k-5); n < k; n++ {
		if d.toks[n].is("Belt") {
			return true
		}
	}
	return false
}

// knownProgramNames are cooperation programs that articles name without
// a word saying they are ("Today, Power Africa announced"), as folded
// words.
var knownProgramNames = [][]string{
	{"power", "africa"},
	{"president’s", "emergency", "plan", "for", "aids", "relief"}, {"president's", "emergency", "plan", "for", "aids", "relief"},
}

// knownProgramAt returns the token after a known program's name at k, or k.
func knownProgramAt(d *doc, k int, s sentence) int {
	if !d.toks[k].cap() {
		return k
	}
	for _, name := range knownProgramNames {
		ok := k+len(name) <= s.last
		n := k
		for _, w := range name {
			if !ok {
				break
			}
			t := d.toks[n]
			if fold(t.text) != w && !strings.HasSuffix(w, "’s") && !strings.HasSuffix(w, "'s") {
				ok = false
				break
			}
			if strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'s") {
				// the tokenizer writes "President’s" as "President" and "’s"
				if fold(t.text) != strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s") || !d.tokIs(n+1, s, "’s", "'s") {
					ok = false
					break
				}
				n++
			}
			n++
		}
		if ok {
			return n
		}
	}
	return k
}

// programCentre reports whether the Centre at k is set up as a project
// rather than a standing body: "the establishment of the Abay Cultural
// Centre", "a project to establish the Ghana-Korea Centre of Excellence",
// "the Korea-Peru e-Government Cooperation Center".
func programCentre(d *doc, k int, s sentence) bool {
	for n := max(s.first, k-8); n < k; n++ {
		t := d.toks[n]
		if t.is("establish", "establishment", "establishing", "set", "setting", "build", "building", "construct", "construction", "open", "opening") {
			return true
		}
		if codes, _ := countryParts(t); len(codes) > 1 {
			return true // a centre of two countries' cooperation
		}
	}
	return false
}

// known reports whether a short name is the end of a program already
// found ("the modernization project" after "the civil service
// modernization project").
func (f *programFinder) known(name string) bool {
	for _, p := range f.list {
		if strings.HasSuffix(fold(p.name), fold(name)) {
			return true
		}
	}
	return false
}

func (f *programFinder) add(p *program, sp Span) {
	for _, old := range f.list {
		if strings.HasSuffix(fold(old.name), fold(p.name)) || domain.SimilarNames(old.name, p.name) {
			old.spans = append(old.spans, sp)
			if old.beneficiary == nil {
				old.beneficiary = p.beneficiary
			}
			if old.status == "" {
				old.status = p.status
			}
			return
		}
	}
	p.spans = []Span{sp}
	f.list = append(f.list, p)
}

// programStatus reads what a sentence says of its programs' stage.
func programStatus(d *doc, s sentence) domain.ProgramStatus {
	var st domain.ProgramStatus
	for k := s.first; k < s.last; k++ {
		switch w := strings.ToLower(d.toks[k].text); w {
		case "completed", "concluded", "finished":
			return domain.ProgramCompleted
		case "launched", "ongoing", "underway", "conducted", "implementing", "running", "operating", "started":
			st = domain.ProgramActive
		case "requested", "planned", "proposed", "plans", "will", "asked", "seeks", "sought":
			if st == "" {
				st = domain.ProgramPipeline
			}
		}
	}
	return st
}
