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
	"was": true, "were": true, "are": true, "launched": true, "joint": true,
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
			if !t.word || !t.is("program", "programme", "project", "initiative") {
				continue
			}
			i := k
			for i > s.first {
				p := d.toks[i-1]
				if !p.word || programStops[strings.ToLower(p.text)] && !p.cap() || p.is("The", "A", "An") || yearOf(p) != 0 {
					break
				}
				i--
			}
			words := k - i
			if words == 0 || words == 1 && (genericProgramWords[strings.ToLower(d.toks[i].text)] || !t.cap()) && !f.known(d.words(i, k+1)) {
				continue
			}
			pr := &program{name: d.words(i, k+1), status: status}
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
