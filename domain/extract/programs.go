package extract

import (
	"strings"

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
		for k := s.first; k < s.last; k++ {
			t := d.toks[k]
			if !t.word {
				continue
			}
			if name, ok := knownPrograms[t.text]; ok {
				f.add(&program{name: name, status: status}, d.span(k, k+1))
				continue
			}
			fund := t.is("Fund") && !internationalFund(d, k, s)
			centre := t.is("Centre", "Center") && programCentre(d, k, s)
			if !t.is("program", "programme", "project", "initiative") && !fund && !centre {
				continue
			}
			if t.is("program", "programme") && (d.tokIs(k-1, s, "Action") || d.tokIs(k+1, s, "of") && d.tokIs(k+2, s, "cooperation")) {
				continue // an agreement: "Action Program", "programme of cooperation"
			}
			i := k
			for i > s.first {
				p := d.toks[i-1]
				if !p.word || programStops[strings.ToLower(p.text)] && !p.cap() || p.is("The", "A", "An") || yearOf(p) != 0 {
					break
				}
				i--
			}
			name := d.words(i, k+1)
			words := k - i
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
// Children's Fund".
func internationalFund(d *doc, k int, s sentence) bool {
	for n := max(s.first, k-5); n < k; n++ {
		if d.toks[n].is("Monetary", "Children", "Population", "International") {
			return true
		}
	}
	return false
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
