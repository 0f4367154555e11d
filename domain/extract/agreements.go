package extract

import (
	"cmp"
	"slices"
	"strconv"
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
	{[]string{"memorandum", "of", "understanding", "and", "cooperation"}, domain.AgreementMOU},
	{[]string{"memorandum", "of", "understanding"}, domain.AgreementMOU},
	{[]string{"memoranda", "of", "understanding"}, domain.AgreementMOU},
	{[]string{"memorandum", "of", "understandings"}, domain.AgreementMOU},
	{[]string{"memorandums", "of", "understandings"}, domain.AgreementMOU},
	{[]string{"memorandums", "of", "understanding"}, domain.AgreementMOU},
	{[]string{"memorandum", "of", "cooperation"}, domain.AgreementMOU},
	{[]string{"memoranda", "of", "cooperation"}, domain.AgreementMOU},
	{[]string{"memorandums", "of", "cooperation"}, domain.AgreementMOU},
	{[]string{"letter", "of", "intent"}, domain.AgreementLetterOfIntent},
	{[]string{"letters", "of", "intent"}, domain.AgreementLetterOfIntent},
	{[]string{"implementing", "arrangement"}, domain.AgreementImplementingArrangement},
	{[]string{"joint", "statement"}, domain.AgreementJointStatement},
	{[]string{"joint", "declaration"}, domain.AgreementJointStatement},
	{[]string{"joint", "communiqué"}, domain.AgreementJointStatement},
	{[]string{"joint", "communique"}, domain.AgreementJointStatement},
	{[]string{"free", "trade", "agreement"}, domain.AgreementAgreement},
	{[]string{"framework", "agreement"}, domain.AgreementAgreement},
	{[]string{"record", "of", "discussion"}, domain.AgreementOther},
	{[]string{"record", "of", "discussions"}, domain.AgreementOther},
	{[]string{"records", "of", "discussion"}, domain.AgreementOther},
	{[]string{"records", "of", "discussions"}, domain.AgreementOther},
	{[]string{"action", "plan"}, domain.AgreementOther},
	{[]string{"action", "program"}, domain.AgreementOther},
	{[]string{"action", "programme"}, domain.AgreementOther},
	{[]string{"plan", "of", "action"}, domain.AgreementOther},
	{[]string{"diplomatic", "note"}, domain.AgreementOther}, {[]string{"diplomatic", "notes"}, domain.AgreementOther},
	{[]string{"terms", "of", "reference"}, domain.AgreementOther},
	{[]string{"road", "map"}, domain.AgreementOther}, {[]string{"road", "maps"}, domain.AgreementOther},
	{[]string{"program", "of", "cooperation"}, domain.AgreementOther},
	{[]string{"programme", "of", "cooperation"}, domain.AgreementOther},
	{[]string{"mou"}, domain.AgreementMOU}, {[]string{"mous"}, domain.AgreementMOU},
	{[]string{"moc"}, domain.AgreementMOU},
	{[]string{"memorandum"}, domain.AgreementMOU}, {[]string{"memoranda"}, domain.AgreementMOU},
	{[]string{"loi"}, domain.AgreementLetterOfIntent},
	{[]string{"fta"}, domain.AgreementAgreement},
	{[]string{"agreement"}, domain.AgreementAgreement}, {[]string{"agreements"}, domain.AgreementAgreement},
	{[]string{"protocol"}, domain.AgreementAgreement},
	{[]string{"arrangement"}, domain.AgreementAgreement}, {[]string{"arrangements"}, domain.AgreementAgreement},
	{[]string{"declaration"}, domain.AgreementJointStatement},
	{[]string{"communiqué"}, domain.AgreementJointStatement}, {[]string{"communique"}, domain.AgreementJointStatement},
	{[]string{"roadmap"}, domain.AgreementOther}, {[]string{"roadmaps"}, domain.AgreementOther},
	{[]string{"treaty"}, domain.AgreementTreaty},
	{[]string{"compact"}, domain.AgreementAgreement},
	{[]string{"accord"}, domain.AgreementAgreement}, {[]string{"accords"}, domain.AgreementAgreement},
}

// partyMarker reports whether "with" or "between" stands in tokens
// [i, j): "the MOU was signed with the Ministry of National Defense".
func (d *doc) partyMarker(i, j int, s sentence) bool {
	for k := i; k < j; k++ {
		if d.tokIs(k, s, "with", "between") {
			return true
		}
	}
	return false
}

// bodyOf reports whether the instrument at k is named only to name a
// body: "the Joint Committee of the Korea-Peru FTA".
func (d *doc) bodyOf(k int, s sentence) bool {
	i := k
	for d.capWord(i-1, s) {
		i--
	}
	if d.tokIs(i-1, s, "the") {
		i--
	}
	return d.tokIs(i-1, s, "of") && d.tokIs(i-2, s, "Committee", "Commission", "Council", "Secretariat")
}

// dateWord reports whether token k names a day or a month ("Monday",
// "June").
func (d *doc) dateWord(k int, s sentence) bool {
	if k < s.first || k >= s.last {
		return false
	}
	_, wd := weekdays[strings.ToLower(d.toks[k].text)]
	return wd || monthOf(d.toks[k]) != 0
}

// sameDay reports whether two dates of any precision may be the same day:
// equal, one empty, or one the month or year of the other.
func sameDay(a, b string) bool {
	return a == "" || b == "" || strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}

// titleOnly are instruments that are one only as a capitalised name
// ("Protocol on Indonesian Pineapple Exports", "Maritime Cooperation
// Arrangement") or before "on" and "between": the words are common
// otherwise ("diplomatic protocol", "travel arrangements").
var titleOnly = map[string]bool{"protocol": true, "arrangement": true, "arrangements": true, "declaration": true, "compact": true}

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
	// "Cooperation programme between the Ministry of Justice of ...", "Decision of
	// the Supreme Interstate Council on ...": instruments only as titles
	// that say between whom or of what
	if t := d.toks[k]; t.cap() && t.is("cooperation") && d.tokIs(k+1, s, "programme", "program") && d.tokIs(k+2, s, "between") {
		return domain.AgreementOther, k + 2, true
	}
	if t := d.toks[k]; t.cap() && t.is("decision") && d.tokIs(k+1, s, "of", "on") && d.listed(s) {
		return domain.AgreementOther, k + 1, true
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
	bothSides   bool // "both Governments are negotiating ...": between the two
}

var statusRank = map[string]int{AgreementReferenced: 0, AgreementUnderNegotiation: 1, AgreementSigned: 2}

// sentenceStatus says what a sentence does with the agreements it names,
// and whether it says anything (a list item says nothing of itself).
func (d *doc) sentenceStatus(s sentence) (string, bool) {
	signed, negotiating, negated, done := false, false, false, false
	for k := s.first; k < s.last; k++ {
		t := d.toks[k]
		w := strings.ToLower(t.text)
		if w == "signed" || w == "inked" || w == "concluded" || w == "adopted" {
			done = true
		}
		switch {
		case w == "signed" && d.tokIs(k-1, s, "the", "a", "previously"):
			// "based on the signed Vietnam-Mongolia Cooperation and
			// Friendship Treaty": an instrument referred to
		case w == "signed" || w == "inked" || w == "concluded" || w == "exchanged" || w == "sign" || w == "signing" || w == "signs" ||
			w == "adopted" || w == "issued" || w == "approved" || w == "handing" || w == "renewed" ||
			w == "resulted" && d.tokIs(k+1, s, "in") || w == "agreed" && d.tokIs(k+1, s, "on") && !d.dateWord(k+2, s) ||
			w == "entered" && d.tokIs(k+1, s, "into"):
			signed = true
		case strings.HasPrefix(w, "negotiat") || strings.HasPrefix(w, "discuss") || w == "draft" || w == "talks" || w == "pursue" ||
			strings.HasPrefix(w, "finaliz") || strings.HasPrefix(w, "finalis") || w == "explore" || w == "prepare" ||
			strings.HasPrefix(w, "envisag") || w == "preparation": // "envisages the preparation and signing of a Memorandum"
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
	case signed && negotiating && !done:
		// "both Governments are negotiating the signing of agreements on
		// extradition": the signing is what is negotiated
		return AgreementUnderNegotiation, true
	case signed && !negated && !fut:
		return AgreementSigned, true
	case negotiating || fut || signed && negated:
		return AgreementUnderNegotiation, true
	}
	return AgreementReferenced, false
}

// subjectAt reads the subject after an instrument's name: "for
// e-government", "on cooperation in public security", "in the fields of
// water and energy". After a name in capitals it reads a subject in
// capitals too: "MoU on Vaccine and Genomics Development and Research
// Cooperation".
func (d *doc) subjectAt(k int, s sentence, titled bool) (string, int) {
	if d.tokIs(k, s, "(") && d.tokIs(k+2, s, ")") && isAcronym(d.toks[k+1].text) {
		k += 3 // "(MoU)"
	}
	if titled {
		if subj, j := d.titledSubject(k, s); subj != "" {
			if d.tokIs(k, s, "between") && d.tokIs(j, s, "on", "regarding", "concerning") {
				// "Agreement between the Government of A and the Government
				// of B on holding joint military exercises": what it is
				// about, not its parties
				if what, j2 := d.subjectAt(j, s, false); what != "" {
					return what, j2
				}
			}
			return subj, j
		}
	}
	if !d.tokIs(k, s, "for", "on", "in", "regarding", "concerning") {
		return "", k
	}
	k++
	for d.tokIs(k, s, "the", "cooperation", "field", "fields", "area", "areas", "of", "in", "on", "bilateral") {
		k++
	}
	j := k
	listed := false // a comma between items: a list may run longer
	for j < s.last && j-k < 8 || j < s.last && j-k < 16 && (listed || d.listOfThe(k, j, s)) {
		listed = listed || d.toks[j].text == ","
		t := d.toks[j]
		more := j+1 < s.last && d.toks[j+1].word && !d.toks[j+1].cap() &&
			!d.toks[j+1].is("and", "the", "a", "an", "with", "which", "who", "signed", "while", "its", "their", "was", "were")
		// "agreements on extradition, the transfer of convicted persons and
		// the cooperation between ...": items with their article
		theItem := (t.text == "," || t.is("and")) && j > k && d.tokIs(j+1, s, "the") && j+2 < s.last && d.toks[j+2].word && !d.toks[j+2].cap() &&
			d.listOfThe(k, j, s)
		if (t.text == "," && j > k && more || theItem) && !d.tokIs(j-1, s, "and") {
			j++
			if theItem {
				j++
			}
			continue
		}
		// "Foreign Ministry archives" among lower-case items
		if t.text == "," && j > k && d.capWord(j+1, s) && d.lowerSoon(j+1, s) {
			j++
			continue
		}
		if t.cap() && d.tokIs(j-1, s, ",", "and") && d.lowerSoon(j, s) && j > k {
			for j < s.last && d.capWord(j, s) {
				j++
			}
			continue
		}
		amount := j > k && (isUpperWord(d.toks[j-1].text) || unicode.IsDigit([]rune(d.toks[j-1].text)[0])) // "USD 1 billion"
		if !t.word || t.is("with", "between", "was", "were", "is", "are", "signed", "by", "at", "during", "which", "who", "that", "to", "from", "as", "under", "on", "in") && j > k ||
			unicode.IsDigit([]rune(t.text)[0]) && !amount {
			break
		}
		if t.is("and") && !more || t.is("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several") && j > k {
			break // "an agreement on crime prevention and three Memorandums"
		}
		if _, _, inst := d.agreementAt(j, s); inst && j > k {
			break // "A diplomatic note on amending the connectivity framework agreement": another instrument
		}
		if t.cap() && !strings.ContainsAny(t.text, "-") && !isUpperWord(t.text) {
			break
		}
		j++
	}
	for j > k && (d.toks[j-1].text == "," || d.toks[j-1].is("and")) {
		j--
	}
	if j == k || timeWords[fold(d.toks[k].text)] || monthOf(d.toks[k]) != 0 || d.toks[k].is("hold") {
		return "", k // "in the first half of next year" is when, not what
	}
	return d.words(k, j), j
}

// listOfThe reports whether the subject read from k to j is a list whose
// items take an article: a comma then "the", closed by "and the".
func (d *doc) listOfThe(k, j int, s sentence) bool {
	comma := false
	for n := k; n < s.last && n < k+16; n++ {
		switch {
		case d.toks[n].text == "," && d.tokIs(n+1, s, "the"):
			comma = true
		case d.toks[n].is("and") && d.tokIs(n+1, s, "the") && comma:
			return true
		case d.toks[n].is(".", ";", "which", "while"):
			return false
		}
	}
	return false
}

// lowerSoon reports whether the capitalised words at k are followed by a
// word in lower case before a comma or "and": "Foreign Ministry archives
// and culture".
func (d *doc) lowerSoon(k int, s sentence) bool {
	n := k
	for n < s.last && n < k+3 && d.capWord(n, s) {
		n++
	}
	return n > k && n < s.last && d.toks[n].word && !d.toks[n].cap() && !d.toks[n].is("and", "the", "of", "in", "on", "for", "to", "with", "by", "at", "was", "were", "is", "are")
}

// titledSubject reads "on Green Development", "on Cooperation on
// Meteorology, Climatology, and Geophysics" after a capitalised
// instrument, up to a lower-case word, a stop or the next instrument.
func (d *doc) titledSubject(k int, s sentence) (string, int) {
	if !d.tokIs(k, s, "on", "for", "of", "between", "concerning", "regarding") {
		return "", k
	}
	if code, _, _ := d.countryAt(k + 1); code != "" && !d.tokIs(k, s, "between") {
		return "", k // "the MOU for Peru" names a party, not a subject
	}
	i := k + 1
	for d.tokIs(i, s, "the") {
		i++
	}
	j := i
	for j < s.last {
		t := d.toks[j]
		next := func(n int) bool {
			if _, _, inst := d.agreementAt(n, s); inst {
				return false
			}
			return d.capWord(n, s)
		}
		switch {
		case t.word && t.cap() && monthOf(t) == 0:
			if _, _, inst := d.agreementAt(j, s); inst && j > i {
				return trimConnectors(d, i, j)
			}
			j++
			continue
		case t.is("of", "on", "and", "the", "for", "in", "to", "with", "&") && j > i && (next(j+1) || d.tokIs(j+1, s, "the") && next(j+2)):
			j++
			continue
		case t.text == "," && j > i && (next(j+1) || d.tokIs(j+1, s, "and") && next(j+2)):
			j++
			continue
		}
		break
	}
	return trimConnectors(d, i, j)
}

// trimConnectors returns the words of [i, j) without connectors at the end.
func trimConnectors(d *doc, i, j int) (string, int) {
	for j > i && (d.toks[j-1].is("and", "of", "on", "the", "for", "in", "to", "with") || !d.toks[j-1].word) {
		j--
	}
	if j == i {
		return "", i
	}
	return d.words(i, j), j
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
		if !t.word || t.cap() || subjectStops[strings.ToLower(t.text)] || unicode.IsDigit([]rune(t.text)[0]) {
			break
		}
		i--
	}
	return d.words(i, k)
}

// subjectStops end a subject read backwards from an instrument's name:
// determiners, numbers, verbs and adjectives that say nothing of what it
// is about ("significant agreements", "the seven agreements").
var subjectStops = map[string]bool{}

func init() {
	for w := range strings.FieldsSeq(`a an the this that these those its their his her our new newly signed bilateral
	two three four five six seven eight nine ten eleven twelve several many various some all other more first second
	third and or of to in on for with by from at into as cooperation has have had is are was were be been being
	sign signs inked reached concluded adopted significant important relevant existing previous earlier high-level
	key major following such said also both`) {
		subjectStops[w] = true
	}
}

// splitSubjects splits "water management, smart cities and disaster
// response" into its items.
//
// With a comma before the last "and" ("defense cooperation, oil and gas
// partnership, and cooperation between the Foreign Ministries") the
// items are the commas' and an "and" inside one stays.
func splitSubjects(s string) []string {
	oxford := strings.Contains(s, ", and ")
	s = strings.ReplaceAll(s, ", and ", ", ")
	parts := strings.Split(s, ",")
	var out []string
	for n, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !oxford && (n == len(parts)-1 || !strings.Contains(s, ",")) && !sharedHead(p) {
			for q := range strings.SplitSeq(p, " and ") {
				if q = strings.TrimSpace(q); q != "" {
					out = append(out, q)
				}
			}
			continue
		}
		out = append(out, p)
	}
	return out
}

// sharedHead reports whether "A and B C" is one subject whose two
// adjectives share a noun: "economic and technical cooperation".
func sharedHead(p string) bool {
	a, b, ok := strings.Cut(p, " and ")
	if !ok || strings.Contains(b, " and ") || strings.Contains(strings.TrimSpace(a), " ") || !strings.Contains(strings.TrimSpace(b), " ") {
		return false
	}
	a = strings.ToLower(strings.TrimSpace(a))
	for _, suffix := range []string{"ic", "al", "ary", "ive", "ian"} {
		if strings.HasSuffix(a, suffix) {
			return true
		}
	}
	return false
}

// areasAfter reads the subjects a sentence gives instruments named
// without one: "The MoUs were signed on the areas of youth affairs,
// agricultural research, ...", "memoranda ... are expected to be signed,
// especially in the areas of infrastructure, human resource development
// and aviation".
func (d *doc) areasAfter(j int, s sentence) string {
	for n := j; n+3 < s.last && n < j+12; n++ {
		if d.toks[n].is("in", "on", "of") && d.tokIs(n+1, s, "the") && d.tokIs(n+2, s, "areas", "fields", "sectors", "area", "field") && d.tokIs(n+3, s, "of") {
			e := n + 4
			for e < s.last && e < n+60 && !d.toks[e].is(".", ";", "which", "while", "to") {
				e++
			}
			for e > n+4 && !d.toks[e-1].word {
				e--
			}
			return d.words(n+4, e)
		}
	}
	return ""
}

type agreementFinder struct {
	d      *doc
	dates  [][]dateMention // by sentence
	orgs   *orgFinder
	people *personFinder
	list   []*agreement
	// told caches, per list of words and precision, the first sentence
	// that names one with a date and that date; story caches, per
	// sentence, the date of the occasion last told before it. Both keep
	// the work linear in the length of the text.
	told  map[string]toldAt
	story []string
}

type toldAt struct {
	si   int
	date string
}

// find reads the instruments of every sentence.
func (f *agreementFinder) find() {
	d := f.d
	var context struct {
		status string
		date   string
		si     int
		opener bool // the sentence opens a list ("as follows:")
	}
	context.si = -10
	var counts []pendingCount
	for si, s := range d.sents {
		if d.skip(s) {
			continue
		}
		status, says := d.sentenceStatus(s)
		date := f.sentenceDate(s)
		prev := context
		inList := (f.listItem(si) || d.listed(s)) && context.opener && si-context.si <= 30
		switch {
		case says && inList:
			// an item that says "signed" of an instrument it refers to
			// ("signed by the two Governments in 2005") does not reopen
			// the list
		case says:
			context.status, context.si = status, si
			context.opener = d.toks[s.last-1].text == ":" || f.colon(s)
			opening := date
			if opening == "" && f.colon(s) || opening == "" && d.toks[s.last-1].text == ":" {
				// "The following four agreements were signed during the
				// visit:": the list takes the day of the visit
				if occ := f.backReference(s); occ != "" {
					opening = f.occasionDate(si, occ)
				}
			}
			if opening == "" && context.opener {
				// "The documents signed are as follows:" after "witnessed a
				// ceremony to sign seven cooperation documents ... on August 28"
				opening = f.storyDate(si)
			}
			if opening != "" || !f.listItem(si) {
				context.date = opening
			}
			if context.date == "" && si-prev.si <= 1 {
				context.date = prev.date
			}
		case (f.listItem(si) || f.colon(s)) && si-context.si <= 30:
			// a list of instruments takes what its opening says of them
			status = context.status
		}
		orgs := f.orgs.in(s)
		people := personsIn(f.people.list, d, s)
		type hit struct {
			i, j    int
			kind    domain.AgreementKind
			subject string
			plural  bool
			ref     bool
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
			if titleOnly[fold(d.toks[k].text)] && j-k == 1 && !d.toks[k].cap() && !d.tokIs(j, s, "on", "between") {
				continue
			}
			if d.tokIs(k-1, s, "no") {
				continue // "No agreement has been signed yet"
			}
			if d.bodyOf(k, s) {
				continue // "the Joint Committee of the Korea-Peru FTA" names a committee
			}
			plural := strings.HasSuffix(strings.ToLower(d.toks[j-1].text), "s") || d.toks[k].is("memoranda", "memorandums", "letters", "agreements")
			// a capitalised name is a title, not a word opening the
			// sentence nor "the MOU" (whose "on ..." is not its subject)
			opening := k == s.first && j-k == 1 && !isUpperWord(d.toks[k].text)
			theAcronym := isUpperWord(d.toks[k].text) && d.tokIs(k-1, s, "the", "this", "that")
			titled := d.toks[k].cap() && !opening && !theAcronym
			subj, after := d.subjectAt(j, s, titled)
			if subj == "" && !plural {
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
			ref := d.tokIs(k-1, s, "the", "this", "that", "these", "those", "such", "said", "its", "their") ||
				d.tokIs(k-2, s, "the", "this", "these") && (d.tokIs(k-1, s, "signed", "new", "two", "three", "above") || yearRange(d.toks[k-1]))
			if plural && subj == "" {
				if areas := d.areasAfter(max(j, after), s); areas != "" {
					subj, ref = areas, false
				}
			}
			if plural && subj == "" && !ref {
				// "signed agreements", "seven agreements": the list, if
				// there is one, names them; a count with no list is one
				// record ("a signing ceremony of 13 cooperation agreements")
				if counted(d, k, s) && status == AgreementSigned {
					counts = append(counts, pendingCount{si: si, i: k, j: max(j, after), kind: kind, date: cmp.Or(f.dateIn(s, k, j), date)})
				}
				k = max(j, after) - 1
				continue
			}
			hits = append(hits, hit{k, max(j, after), kind, subj, plural, ref})
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
					// a later mention ("The agreement also means that KOICA
					// can work like USAID") names no parties
					if !h.ref && (m.i < hits[0].i || m.i >= h.j && m.i < end) || h.ref && m.i >= h.j && m.i < end && d.partyMarker(max(h.j, m.i-2), m.i, s) {
						a.parties = appendOrg(a.parties, m.o)
					}
				}
				for k := s.first; k < hits[0].i && status == AgreementSigned; k++ {
					// the subject of the sentence: "Tanzania and South Korea
					// signed agreements", "KOICA and Guatemala signed"
					t := d.toks[k]
					if code, next, w := d.countryAt(k); code != "" && !w.demonym && !d.tokIs(next, s, "’s", "'s") {
						a.countries = appendCode(a.countries, code)
						k = next - 1
						continue
					}
					inSubject := t.word && t.cap() || t.is("and", "the", "of", ",", "(", ")") || isAcronym(t.text)
					if !inSubject {
						break
					}
				}
				for k := h.j; k < end; k++ {
					if d.toks[k].is("with", "and", "between") {
						if code, _, w := d.countryAt(k + 1); code != "" && !w.demonym {
							a.countries = appendCode(a.countries, code)
						}
					}
				}
				a.bothSides = status == AgreementUnderNegotiation && bothSides(d, s)
				if occ := f.backReference(s); status == AgreementUnderNegotiation && !h.ref && occ == "visit" && f.sentenceDate(s) == "" {
					// "would also be signed during the visit" of March 22-24
					a.signedOn = f.occasionDate(si, occ)
				}
				if status == AgreementSigned {
					a.signatories = people
					a.signedOn = f.dateIn(s, h.i, h.j)
					if a.signedOn == "" && !h.ref {
						a.signedOn = date
						if f.dateOfAnother(s, h.j) {
							a.signedOn = "" // the sentence's date is the later instrument's
						}
						if a.signedOn == "" && (f.listItem(si) || f.colon(s) || inList) && si-context.si <= 30 {
							// the date stands in the sentence that opens the list
							a.signedOn = context.date
						}
						if occ := f.backReference(s); a.signedOn == "" && occ != "" {
							// or in the sentence of the meeting it refers to
							a.signedOn = f.occasionDate(si, occ)
						}
						if a.signedOn == "" && si-prev.si <= 2 && d.paragraph(si) == d.paragraph(prev.si) {
							// or earlier in the paragraph
							a.signedOn = prev.date
						}
						if a.signedOn == "" && !background(d, s, h.i) {
							// or in the sentence that opens the story: "is
							// visiting Singapore from 4 to 5 October 2013"
							a.signedOn = f.storyDate(si)
						}
					}
					for _, p := range people {
						if p.org != nil {
							a.parties = appendOrg(a.parties, p.org)
						}
					}
				}
				if a.signedOn == "" && h.i-1 >= s.first && yearOf(d.toks[h.i-1]) != 0 && d.tokIs(h.i-2, s, "the") {
					// "the 2014 joint statement by the Foreign Ministers"
					a.signedOn = isoYear(yearOf(d.toks[h.i-1]))
				}
				a.place = d.placeIn(s)
				f.merge(a, d.span(h.i, h.j), h.ref)
			}
		}
		if date != "" && !says {
			context.date, context.si = date, si
		}
	}
	f.countsAlone(counts)
	f.settle()
	f.signingOf()
	for _, a := range f.list {
		for _, o := range a.parties {
			if o.country != "" {
				a.countries = appendCode(a.countries, o.country)
			}
		}
		slices.Sort(a.countries)
	}
}

// occasionWords are the nouns by which a sentence refers back to an
// occasion, with the words that name it where it was told.
var occasionWords = map[string][]string{
	"meeting": {"meeting", "met", "talks", "discussions"}, "talks": {"talks", "meeting", "met"},
	"discussions": {"discussions", "talks", "met"}, "visit": {"visit", "visited", "visiting", "trip"},
	"summit": {"summit", "talks", "meeting"}, "ceremony": {"ceremony"}, "session": {"session"},
}

// backReference returns the occasion a sentence refers back to: "During
// the meeting", "A key highlight of the visit".
func (f *agreementFinder) backReference(s sentence) string {
	d := f.d
	for k := s.first; k+1 < s.last; k++ {
		if d.toks[k].is("the", "this", "that", "his", "her", "their") {
			if _, ok := occasionWords[strings.ToLower(d.toks[k+1].text)]; ok {
				return strings.ToLower(d.toks[k+1].text)
			}
		}
	}
	return ""
}

// occasionDate is the date of the first sentence before si that tells of
// the occasion (a meeting, a visit) with a date. A visit told without a
// date is dated by the meeting held during it.
func (f *agreementFinder) occasionDate(si int, occasion string) string {
	if occasion == "visit" {
		// "would also be signed during the visit" of "a three-day (March
		// 22-24) visit": the visit's month, not its first day
		if date := f.visitRange(si); date != "" {
			return date
		}
	}
	if date := f.toldWith(si, occasionWords[occasion], 1); date != "" || occasion != "visit" {
		return date
	}
	return f.toldWith(si, occasionWords["meeting"], len("2006-01"))
}

// visitRange is the month of the first range of days within one month
// written in a sentence before si that tells of a visit.
func (f *agreementFinder) visitRange(si int) string {
	at, ok := f.told["visit range"]
	if !ok {
		at = toldAt{si: len(f.d.sents)}
		if n, date := f.firstVisitRange(); n >= 0 {
			at = toldAt{si: n, date: date}
		}
		if f.told == nil {
			f.told = map[string]toldAt{}
		}
		f.told["visit range"] = at
	}
	if at.si < si {
		return at.date
	}
	return ""
}

// firstVisitRange returns the first sentence that tells of a visit with a
// range of days within one month, and that month; or -1.
func (f *agreementFinder) firstVisitRange() (int, string) {
	d := f.d
	for n := range d.sents {
		s := d.sents[n]
		told := false
		for k := s.first; k < s.last; k++ {
			if slices.ContainsFunc(occasionWords["visit"], func(w string) bool { return d.toks[k].is(w) }) {
				told = true
			}
		}
		if !told {
			continue
		}
		for _, m := range f.dates[n] {
			if !m.dateline && m.to != "" && len(m.from) == len("2006-01-02") && len(m.to) == len(m.from) && m.from[:7] == m.to[:7] {
				return n, m.from[:7]
			}
		}
	}
	return -1, ""
}

// toldWith is the date of the first sentence before si that names one of
// words and gives one date of at least the precision (the length) asked.
func (f *agreementFinder) toldWith(si int, words []string, precision int) string {
	key := strings.Join(words, " ") + "/" + strconv.Itoa(precision)
	at, ok := f.told[key]
	if !ok {
		at = toldAt{si: len(f.d.sents)}
		d := f.d
	scan:
		for n, s := range d.sents {
			date := f.sentenceDate(s)
			if len(date) < precision {
				continue
			}
			for k := s.first; k < s.last; k++ {
				if slices.ContainsFunc(words, func(w string) bool { return d.toks[k].is(w) }) {
					at = toldAt{si: n, date: date}
					break scan
				}
			}
		}
		if f.told == nil {
			f.told = map[string]toldAt{}
		}
		f.told[key] = at
	}
	if at.si < si {
		return at.date
	}
	return ""
}

// sentenceDate is the one day a sentence gives that is not its dateline,
// or empty when it gives none or several.
func (f *agreementFinder) sentenceDate(s sentence) string {
	date := ""
	for _, m := range f.dates[f.d.sent[s.first]] {
		if m.dateline {
			continue
		}
		from := m.from
		if m.to != "" {
			// "from October 28 to 29": the month, no day
			if len(m.from) < 7 || len(m.to) < 7 || m.from[:7] != m.to[:7] {
				continue
			}
			from = m.from[:7]
		}
		switch {
		case date == "" || date == from:
			date = from
		case len(date) == len("2006-01") && strings.HasPrefix(from, date+"-"):
			// "During the visit from November 21-24, ... on Thursday":
			// the day inside the visit's month
			date = from
		case len(from) == len("2006-01") && strings.HasPrefix(date, from+"-"):
		default:
			return ""
		}
	}
	return date
}

// storyDate is the day (or month) of the nearest sentence before si that
// tells of an occasion (a visit, a meeting, talks, a signing) with one: a
// report dates its story once, and an undated signing is at the occasion
// last told.
func (f *agreementFinder) storyDate(si int) string {
	if f.story == nil {
		d := f.d
		f.story = make([]string, len(d.sents)+1)
		last := ""
		for n, s := range d.sents {
			f.story[n] = last
			if date := f.sentenceDate(s); len(date) >= len("2006-01") {
				for k := s.first; k < s.last; k++ {
					if slices.ContainsFunc(storyWords, func(w string) bool { return d.toks[k].is(w) }) {
						last = date
						break
					}
				}
			}
		}
		f.story[len(d.sents)] = last
	}
	return f.story[si]
}

// bothSides reports whether a sentence names the two sides together:
// "both Governments", "the two countries".
func bothSides(d *doc, s sentence) bool {
	for k := s.first; k+1 < s.last; k++ {
		if d.toks[k].is("both", "two") && d.tokIs(k+1, s, "governments", "countries") {
			return true
		}
	}
	return false
}

// background reports whether the instrument at k is told as a fact of
// the past rather than of the story: "the first Latin American country
// that signed a free trade agreement", "the first African country to have
// inked a preferential trade agreement".
func background(d *doc, s sentence, k int) bool {
	for n := s.first; n+1 < k; n++ {
		if d.toks[n].is("that", "which", "who") && d.tokIs(n+1, s, "signed", "inked", "concluded", "had", "has", "have") ||
			d.toks[n].is("to") && d.tokIs(n+1, s, "have") {
			return true
		}
	}
	return false
}

// storyWords are the words that tell of an occasion.
var storyWords = []string{"visit", "visited", "visiting", "meeting", "met", "talks", "discussions", "summit", "signed", "signing", "ceremony", "session"}

// colon reports whether a sentence lists after a colon: "The agreements
// include: ...".
func (f *agreementFinder) colon(s sentence) bool {
	for k := s.first; k < s.last && k < s.first+8; k++ {
		if f.d.toks[k].text == ":" {
			return true
		}
	}
	return false
}

// listItem reports whether sentence si is an item of a list: it opens
// with a marker, or follows a sentence that ends with a colon.
func (f *agreementFinder) listItem(si int) bool {
	d := f.d
	s := d.sents[si]
	if listMarker(d.text[d.toks[s.first].start:]) {
		return true
	}
	if si == 0 {
		return false
	}
	prev := d.sents[si-1]
	return d.toks[prev.last-1].text == ":"
}

// agreementNoun reports whether "agreement" at k names an instrument
// rather than a meeting of minds ("in agreement", "reached agreement on").
func agreementNoun(d *doc, k int, s sentence) bool {
	if d.tokIs(k+1, s, "was", "has") && d.tokIs(k+2, s, "reached", "been") && (d.tokIs(k+3, s, "reached") || d.tokIs(k+2, s, "reached")) {
		return false // "The agreement was reached during talks"
	}
	if d.tokIs(k+1, s, "to", "that") {
		return false // "an agreement to hold", "agreement that both sides"
	}
	return !d.tokIs(k-1, s, "in", "reached", "broad", "general", "mutual", "full")
}

func cleanSubject(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "the ") // a list item's article: "the transfer of convicted persons"
	for _, p := range []string{"cooperation in ", "cooperation on ", "the field of ", "the fields of "} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.TrimSuffix(s, " cooperation")
}

// dateIn returns the day (or range start) written in the sentence nearest
// to token k.
func (f *agreementFinder) dateIn(s sentence, k, j int) string {
	best, dist := "", 1<<30
	for _, m := range f.dates[f.d.sent[s.first]] {
		if m.to != "" || m.dateline {
			continue
		}
		if m.i > k && f.relativeBetween(k, m.i) {
			continue // "an MOU on agreements that were signed on September 19"
		}
		if m.i > j && f.instrumentBetween(j, m.i, s) {
			continue // "A diplomatic note on amending the connectivity framework agreement, signed ... in 2005"
		}
		if dd := abs(m.i - k); dd < dist {
			best, dist = m.from, dd
		}
	}
	return best
}

// pendingCount is a count of instruments ("13 cooperation agreements")
// that a list may name later.
type pendingCount struct {
	si, i, j int
	kind     domain.AgreementKind
	date     string
}

// counted reports whether the plural instrument at k follows a number:
// "13 cooperation agreements", "five MoUs".
func counted(d *doc, k int, s sentence) bool {
	for n := k - 1; n >= s.first && n >= k-3; n-- {
		t := d.toks[n]
		if unicode.IsDigit([]rune(t.text)[0]) || t.is("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve") {
			return true
		}
	}
	return false
}

// countsAlone adds one record for each count of instruments that no
// instrument named in its sentence or the four after it tells apart.
func (f *agreementFinder) countsAlone(counts []pendingCount) {
	d := f.d
	if len(counts) == 0 {
		return
	}
	// the sentences that name an instrument, found once
	named := map[int]bool{}
	for _, a := range f.list {
		for _, sp := range a.spans {
			named[d.sentenceGap(0, sp[0])] = true
		}
	}
	for _, c := range counts {
		told := false
		for n := c.si; n <= c.si+4; n++ {
			told = told || named[n]
		}
		if told || len(d.sents) > c.si+1 && (f.listItem(c.si+1) || d.toks[d.sents[c.si].last-1].text == ":") {
			continue
		}
		a := &agreement{kind: c.kind, status: AgreementSigned, signedOn: cmp.Or(c.date, f.storyDate(c.si)), spans: []Span{d.span(c.i, c.j)}}
		f.list = append(f.list, a)
	}
}

// dateOfAnother reports whether the date of sentence s stands after
// another instrument than the one ending at j: "A diplomatic note on
// amending the connectivity framework agreement, signed ... in 2005".
func (f *agreementFinder) dateOfAnother(s sentence, j int) bool {
	for _, m := range f.dates[f.d.sent[s.first]] {
		if !m.dateline && m.i > j && f.instrumentBetween(j, m.i, s) {
			return true
		}
	}
	return false
}

// instrumentBetween reports whether another instrument is named in
// tokens [i, j): a date after it is that one's.
func (f *agreementFinder) instrumentBetween(i, j int, s sentence) bool {
	for n := i; n < j; n++ {
		if _, _, ok := f.d.agreementAt(n, s); ok {
			return true
		}
	}
	return false
}

// relativeBetween reports whether a relative clause opens between tokens
// i and j: what it dates is another noun's.
func (f *agreementFinder) relativeBetween(i, j int) bool {
	if j-i > 40 {
		return true // too far to be its date
	}
	for k := i + 1; k < j; k++ {
		if f.d.toks[k].is("that", "which", "who", "whose") {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// merge adds a mention to an agreement already found: the same kind and
// subject, or a bare "the MOU" after one of its kind.
func (f *agreementFinder) merge(a *agreement, sp Span, ref bool) {
	var into *agreement
	for i := len(f.list) - 1; i >= 0; i-- {
		old := f.list[i]
		if old.kind != a.kind {
			continue
		}
		switch {
		case a.subject != "" && fold(old.subject) == fold(a.subject):
			into = old
		case a.subject != "" && old.subject != "" && a.signedOn != "" && a.signedOn == old.signedOn && !f.subjectTaken(a, old):
			into = old // "a loan grant agreement on Oct. 27", "the loan agreement on Oct. 27"
		case ref && sameDay(a.signedOn, old.signedOn) && !f.subjectTaken(a, old):
			into = old
		case old.subject == "" && a.signedOn != "" && a.signedOn == old.signedOn:
			into = old
		}
		if into != nil {
			break
		}
	}
	if ref && a.signedOn != "" && strings.HasSuffix(fold(f.d.text[sp[0]:sp[1]]), "s") {
		// "The signing of the MoUs was witnessed ... on Wednesday, May 18":
		// the day of every one of them not dated yet
		for _, old := range f.list {
			if old.kind == a.kind && old.signedOn == "" && old.status == AgreementSigned {
				old.signedOn = a.signedOn
			}
		}
	}
	if into == nil && ref && a.subject == "" && a.kind == domain.AgreementAgreement && len(f.list) > 0 {
		into = f.list[len(f.list)-1] // "This agreement marks a new era" after a declaration
		into.spans = append(into.spans, sp)
		return
	}
	if into == nil {
		if ref && a.subject == "" && strings.HasSuffix(fold(f.d.text[sp[0]:sp[1]]), "s") {
			return // "the agreements reached during the visit": none of them named
		}
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
	into.bothSides = into.bothSides || a.bothSides
	if into.signedOn == "" || len(a.signedOn) > len(into.signedOn) {
		if a.signedOn != "" {
			into.signedOn = a.signedOn
		}
	}
	if into.place == (Place{}) {
		into.place = a.place
	}
}

// yearRange reports whether a token writes a year or a span of years
// ("2017-2020").
func yearRange(t token) bool {
	a, _, _ := strings.Cut(t.text, "-")
	return yearOf(token{text: a}) != 0
}

// subjectTaken reports whether a reference with a subject of its own
// names another instrument than old: "the MoU on health cooperation" after
// "nine MoUs for the private sector".
func (f *agreementFinder) subjectTaken(a, old *agreement) bool {
	if a.subject == "" || old.subject == "" {
		return false
	}
	x, y := fold(a.subject), fold(old.subject)
	return !strings.Contains(x, y) && !strings.Contains(y, x)
}

// settle merges an instrument named without subject, date or reference
// ("Signing of MOU" in a caption, a headline's "signs agreement") into the
// one other instrument of its kind, which the article names in full.
func (f *agreementFinder) settle() {
	for i := 0; i < len(f.list); i++ {
		a := f.list[i]
		// a caption's "Signing of MOU." dated by the page is the MOU the
		// text tells of with its subject and its day
		if a.subject != "" || a.signedOn != "" && !f.onlyOtherTold(a) {
			continue
		}
		var other *agreement
		n := 0
		for _, b := range f.list {
			if b != a && b.kind == a.kind {
				other = b
				n++
			}
		}
		if n != 1 {
			continue
		}
		other.spans = append(other.spans, a.spans...)
		for _, o := range a.parties {
			other.parties = appendOrg(other.parties, o)
		}
		if statusRank[a.status] > statusRank[other.status] {
			other.status = a.status
		}
		f.list = slices.Delete(f.list, i, i+1)
		i--
	}
}

// onlyOtherTold reports whether the one other instrument of a's kind has
// a subject and a day of its own.
func (f *agreementFinder) onlyOtherTold(a *agreement) bool {
	var other *agreement
	for _, b := range f.list {
		if b != a && b.kind == a.kind {
			if other != nil {
				return false
			}
			other = b
		}
	}
	return other != nil && other.subject != "" && other.signedOn != ""
}

// signingOf merges an undated instrument named as what a signing is of
// ("I am very pleased to witness the signing of the Development Objective
// Agreements") into the one signed that day, when every instrument of its
// kind signed on a known day was signed on one: it is those told again.
func (f *agreementFinder) signingOf() {
	d := f.d
	f.list = slices.DeleteFunc(f.list, func(a *agreement) bool {
		if a.signedOn != "" || a.status != AgreementSigned || len(a.spans) == 0 {
			return false
		}
		k := d.tokenAt(a.spans[0][0])
		s := d.sents[d.sent[k]]
		for d.capWord(k-1, s) {
			k-- // "the Development Objective Agreements"
		}
		if !d.tokIs(k-1, s, "the") || !d.tokIs(k-2, s, "of") || !d.tokIs(k-3, s, "signing") {
			return false
		}
		var into *agreement
		for _, b := range f.list {
			if b == a || b.kind != a.kind || b.signedOn == "" {
				continue
			}
			if into != nil && into.signedOn != b.signedOn {
				return false // signed on two days: which is not said
			}
			if into == nil {
				into = b
			}
		}
		if into == nil {
			return false
		}
		into.spans = append(into.spans, a.spans...)
		for _, o := range a.parties {
			into.parties = appendOrg(into.parties, o)
		}
		return true
	})
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
