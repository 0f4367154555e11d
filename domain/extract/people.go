package extract

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"cooptrack/domain"
)

// titles are the positions written before or after a name, longest first
// within each first word.
var titles = [][]string{
	{"deputy", "prime", "minister"}, {"prime", "minister"}, {"coordinating", "minister"},
	{"first", "vice", "minister"}, {"second", "vice", "minister"}, {"vice", "foreign", "minister"},
	{"vice", "minister"}, {"vice-minister"}, {"deputy", "minister"}, {"minister"},
	{"vice", "president"}, {"president"},
	{"secretary", "general"}, {"secretary-general"}, {"under", "secretary"}, {"undersecretary"},
	{"deputy", "secretary"}, {"secretary"}, {"ambassador"}, {"vice", "mayor"}, {"mayor"}, {"governor"},
	{"deputy", "director", "general"}, {"director", "general"}, {"director-general"},
	{"deputy", "director"}, {"director"}, {"commissioner"}, {"administrator"},
	{"chairman"}, {"chairwoman"}, {"chairperson"}, {"ceo"}, {"consul", "general"}, {"consul"},
	{"senator"}, {"congressman"}, {"congresswoman"}, {"superintendent"},
	{"commissioner", "general"}, {"cabinet", "secretary"}, {"state", "minister"}, {"general"},
	{"permanent", "secretary"}, {"foreign", "secretary"}, {"secretary", "of", "state"},
	{"country", "director"}, {"deputy", "country", "director"}, {"mission", "director"},
	{"vice", "chancellor"}, {"vice-chancellor"}, {"chancellor"}, {"executive", "president"},
	{"chief", "of", "staff"}, {"deputy", "administrator"}, {"spokesman"}, {"spokesperson"},
	{"deputy", "secretary", "of", "state"}, {"under", "secretary", "of", "state"}, {"assistant", "secretary", "of", "state"},
	{"assistant", "secretary"}, {"special", "presidential", "envoy"}, {"special", "envoy"}, {"envoy"},
	{"chief", "executive", "officer"}, {"high", "commissioner"}, {"minister", "of", "state"}, {"vice", "chairman"},
	{"vice-president"}, {"pm"}, {"premier"}, {"honorable"}, {"honourable"}, {"co-chair"}, {"co-chairman"}, {"his", "excellency"}, {"her", "excellency"}, {"excellency"},
	{"dr"}, {"mr"}, {"ms"}, {"mrs"}, {"prof"}, {"h.e"}, {"amb"}, {"madam"}, {"hon"},
}

func init() {
	// the longest title that fits is read: "Secretary of State" before
	// "Secretary"
	slices.SortStableFunc(titles, func(a, b []string) int { return len(b) - len(a) })
}

// honorifics are titles that say nothing of a position.
var honorifics = map[string]bool{"dr": true, "mr": true, "ms": true, "mrs": true, "prof": true, "h.e": true, "amb": true, "madam": true, "hon": true,
	"his": true, "her": true, "excellency": true, "honorable": true, "honourable": true}

// portfolios are the words of a ministry's field, written after "Minister
// of" or before "Minister": "Justice and Human Rights", "Foreign".
var portfolios = map[string]bool{}

func init() {
	for w := range strings.FieldsSeq(`justice human rights affairs foreign trade interior defense defence national
	security public administration government home economy economic finance development health education science
	ict technology industry energy land transport infrastructure environment agriculture culture tourism labor labour
	employment women family social welfare planning strategy digital innovation communications information production
	housing construction water safety unification oceans fisheries small medium enterprises startups veterans gender
	equality personnel management legislation statistics customs immigration cooperation international relations
	commerce mines mining petroleum power electricity sports youth sanitation solidarity inclusion territorial
	regional urban rural modernization modernisation reform services civil external internal treasury budget
	sustainable climate resources natural food rural productive transformation telecommunications post
	competitiveness investment integration works lands communication technologies political transportation diaspora
	planning law broadcasting aviation manpower invalids islamic religious endowments insular civilian democracy
	heritage arts gas oil military maritime mineral minerals aquaculture cabinet cultural supplies`) {
		portfolios[w] = true
	}
}

// isTitleStart reports whether t can start a title.
func isTitleStart(t token) bool {
	if !t.word || !t.cap() {
		return false
	}
	w := strings.ToLower(t.text)
	for _, ti := range titles {
		if ti[0] == w {
			return true
		}
	}
	return false
}

// titleAt returns the token after a title starting at k, or k.
func (d *doc) titleAt(k int, s sentence) int { return d.titleFrom(k, s, false) }

// titleFrom is titleAt, reading a title in lower case too when lower is
// set: "the South Korean ambassador to Tanzania".
func (d *doc) titleFrom(k int, s sentence, lower bool) int {
	lowerWord := lower && k >= s.first && k < s.last && d.toks[k].word
	if !d.capWord(k, s) && !lowerWord {
		return k
	}
	for _, ti := range titles {
		if k+len(ti) > s.last {
			continue
		}
		ok := true
		for n, w := range ti {
			t := d.toks[k+n]
			if !strings.EqualFold(t.text, w) || !t.cap() && n == 0 && !lower {
				ok = false
				break
			}
		}
		if ok {
			if lower && honorifics[ti[0]] && !d.toks[k].cap() {
				continue
			}
			e := k + len(ti)
			if honorifics[ti[0]] && d.tokIs(e, s, ".") {
				e++
			}
			return e
		}
	}
	return k
}

// person is someone named in the article.
type person struct {
	name, title, country string
	org                  *org
	spans                []Span
	words                []string // folded name words, to resolve "Minister Chong"
}

type personFinder struct {
	d      *doc
	orgs   *orgFinder
	list   []*person
	single []pendingSurname // "Minister Chong", resolved once every full name is known
}

type pendingSurname struct {
	name  string
	i, j  int
	title string
}

// nameWord reports whether token k may be part of a person's name.
func (p *personFinder) nameWord(k int, s sentence) bool {
	d := p.d
	if !d.capWord(k, s) {
		return false
	}
	t := d.toks[k]
	w := strings.ToLower(t.text)
	if leftStops[w] || portfolios[w] || monthOf(t) != 0 || isTitleStart(t) || isUpperWord(t.text) && len([]rune(t.text)) > 1 {
		return false
	}
	if _, ok := weekdays[w]; ok {
		return false
	}
	if _, ok := orgHeads[w]; ok {
		return false
	}
	if code, _, _ := d.countryAt(k); code != "" {
		return false
	}
	if strings.ContainsAny(t.text, "0123456789") {
		return false
	}
	return true
}

// nameAt reads a name at k: up to four name words, or "Chong, Jong-sup".
// An initial with its full stop ("Emmanuel M. Tutuba", "Zh. Adilbaev"), a
// nickname in quotes ("Joko “Jokowi” Widodo") and letters in capitals
// inside a name ("Retno LP Marsudi") are part of it; honorifics before it
// ("H.E.", "Prof.") are not. It returns the name and the token after it.
func (p *personFinder) nameAt(k int, s sentence) (string, int) {
	d := p.d
	for honorifics[strings.ToLower(d.toks[min(k, len(d.toks)-1)].text)] && k < s.last && d.toks[k].cap() {
		k++
		if d.tokIs(k, s, ".") {
			k++
		}
	}
	var words []string
	j := k
	for j < s.last && len(words) < 5 {
		switch {
		case len(words) > 0 && d.capWord(j, s) && portfolios[strings.ToLower(d.toks[j].text)] && !d.capWord(j+1, s) && !d.tokIs(j+1, s, "and", "&") && p.nameWord(j-1, s):
			words = append(words, d.toks[j].text) // "Samantha Power": a surname that is also a portfolio
			j++
			continue
		case len(words) == 0 && initial(d.toks[j].text) && len(d.toks[j].text) == 1 && d.tokIs(j+1, s, ".") && p.nameWord(j+2, s) && p.nameWord(j+3, s):
			words = append(words, d.toks[j].text+".") // "R. Clarke Cooper"
			j += 2
			continue
		case len(words) > 0 && d.tokIs(j, s, "do", "da", "dos", "de", "van", "von", "bin", "al") && !d.toks[j].cap() && p.nameWord(j+1, s):
			words = append(words, d.toks[j].text) // "Carlos Agostinho do Rosario"
			j++
			continue
		case len(words) == 0 && isUpperWord(d.toks[j].text) && len([]rune(d.toks[j].text)) == 2 && d.toks[j].word && p.nameWord(j+1, s) && p.nameWord(j+2, s):
			words = append(words, d.toks[j].text) // "AK Abdul Momen"
			j++
			continue
		case p.nameWord(j, s):
			words = append(words, d.toks[j].text)
			j++
			if initial(d.toks[j-1].text) && d.tokIs(j, s, ".") && d.toks[j].start == d.toks[j-1].end && p.nameWord(j+1, s) {
				words[len(words)-1] += "."
				j++ // "M." in "Emmanuel M. Tutuba"
			}
			continue
		case len(words) > 0 && isUpperWord(d.toks[j].text) && len([]rune(d.toks[j].text)) <= 2 && d.toks[j].word && p.nameWord(j+1, s):
			words = append(words, d.toks[j].text) // "LP"
			j++
			continue
		case len(words) > 0 && d.tokIs(j, s, "“", "\"") && d.tokIs(j+2, s, "”", "\"") && d.capWord(j+1, s) && p.nameWord(j+3, s):
			j += 3 // a nickname: “Jokowi”
			continue
		}
		break
	}
	if len(words) == 0 {
		return "", k
	}
	if len(words) == 1 && d.tokIs(j, s, ",") && p.nameWord(j+1, s) && strings.ContainsAny(d.toks[j+1].text, "-\u2010") && !p.nameWord(j+2, s) {
		return d.toks[k].text + " " + d.toks[j+1].text, j + 2
	}
	if len(words) == 1 && joinedInitial(words[0]) {
		return words[0], j // "U.Enkhtuvshin" is a full name
	}
	return strings.Join(words, " "), j
}

// initial reports whether a word may be an initial: one capital, or a
// capital and a small letter ("Zh").
func initial(w string) bool {
	r := []rune(w)
	return len(r) == 1 && unicode.IsUpper(r[0]) || len(r) == 2 && unicode.IsUpper(r[0]) && unicode.IsLower(r[1])
}

// joinedInitial reports whether a word is an initial joined to a surname
// by a full stop: "U.Enkhtuvshin".
func joinedInitial(w string) bool {
	a, b, ok := strings.Cut(w, ".")
	return ok && initial(a) && len([]rune(b)) > 2 && unicode.IsUpper([]rune(b)[0])
}

// position reads what follows a title or a name: "of Justice and Human
// Rights of Peru", "of the Korea Immigration Service", "of Peru". It returns
// the portfolio, the organization mention, the country and the token after.
func (p *personFinder) position(k int, s sentence) (portfolio string, om *orgMention, country string, next int) {
	d := p.d
	next = k
	if !d.tokIs(k, s, "of", "at", "for") {
		return
	}
	n := k + 1
	if d.tokIs(n, s, "the") {
		n++
	}
	for i := range p.orgs.mentions {
		if p.orgs.mentions[i].i == n {
			m := p.orgs.mentions[i]
			return "", &m, "", m.j
		}
	}
	if code, after, w := d.countryAt(n); code != "" && !w.demonym {
		return "", nil, code, after
	}
	j := n
	for j < s.last {
		t := d.toks[j]
		if t.word && t.cap() && (portfolios[strings.ToLower(t.text)] || hyphenPortfolio(t.text)) {
			j++ // "Political-Military Affairs"
			continue
		}
		if (t.is("and", "&") || t.text == "," && listContinues(d, j, s)) && j > n && d.capWord(j+1, s) && portfolios[strings.ToLower(d.toks[j+1].text)] {
			j++
			continue
		}
		break
	}
	if j == n {
		return
	}
	portfolio, next = d.words(n, j), j
	if d.tokIs(next, s, "of") {
		if code, after, w := d.countryAfterThe(next + 1); code != "" && !w.demonym {
			country, next = code, after // "Minister of Defence of the Republic of Iraq"
		}
	}
	return
}

// countryAfterThe is countryAt, past a "the" before the name: "the
// Republic of Iraq", "the United Republic of Tanzania".
func (d *doc) countryAfterThe(k int) (string, int, countryWord) {
	if k < len(d.toks) && d.toks[k].is("the") {
		if code, next, w := d.countryAt(k + 1); code != "" {
			return code, next, w
		}
	}
	return d.countryAt(k)
}

// hyphenPortfolio reports whether every part of a hyphenated word is a
// portfolio: "Political-Military".
func hyphenPortfolio(w string) bool {
	parts := strings.Split(strings.ToLower(w), "-")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !portfolios[p] {
			return false
		}
	}
	return true
}

// find reads every title and the name and position around it.
func (p *personFinder) find() {
	d := p.d
	for _, s := range d.sents {
		for k := s.first; k < s.last; k++ {
			e := d.titleAt(k, s)
			if e == k {
				// "Foreign Minister", "Foreign Affairs Minister", "Education
				// and Culture Minister"
				n := k
				for n < s.last && n < k+5 && (d.capWord(n, s) && portfolios[strings.ToLower(d.toks[n].text)] || n > k && d.tokIs(n, s, "and", "&")) {
					n++
				}
				if n > k && (k == s.first || !d.capWord(k-1, s) || d.countryWordAt(k-1)) && d.tokIs(n, s, "Minister") && d.toks[n].cap() {
					e = n + 1
				} else {
					continue
				}
			}
			k = p.titled(k, e, s) - 1
		}
		p.appositions(s)
		p.counterparts(s)
		p.lowerTitles(s)
		p.pluralTitles(s)
	}
	p.resolveSurnames()
}

// pluralTitles reads two people after a title in the plural: "Presidents
// of Uzbekistan and Kazakhstan Shavkat Mirziyoyev and Kassym-Jomart
// Tokayev", "Foreign Ministers Jin Park and Bui Thanh Son". The countries,
// when given, go to the names in their order.
func (p *personFinder) pluralTitles(s sentence) {
	d := p.d
	for k := s.first; k+3 < s.last; k++ {
		t := d.toks[k]
		if !t.is("presidents", "ministers", "premiers", "ambassadors", "governors", "mayors") || !t.cap() && !d.tokIs(k+1, s, "of") {
			continue
		}
		title := strings.TrimSuffix(t.text, "s")
		if d.capWord(k-1, s) && (d.toks[k-1].is("Foreign", "Prime", "Defence", "Defense", "Vice")) {
			title = d.toks[k-1].text + " " + title
		}
		n := k + 1
		// "The ministers of foreign affairs of Chile and China, Teodoro
		// Ribera and Wang Yi": the field before the countries
		if d.tokIs(n, s, "of") && portfolios[strings.ToLower(d.toks[min(n+1, len(d.toks)-1)].text)] {
			m := n + 1
			for m < s.last && (portfolios[strings.ToLower(d.toks[m].text)] || d.toks[m].is("and")) {
				m++
			}
			if d.tokIs(m, s, "of") {
				title += " of " + d.words(n+1, m)
				n = m
			}
		}
		var codes []string
		if d.tokIs(n, s, "of") {
			c1, next, w1 := d.countryAt(n + 1)
			if c1 == "" || w1.demonym || !d.tokIs(next, s, "and") {
				continue
			}
			c2, next2, w2 := d.countryAt(next + 1)
			if c2 == "" || w2.demonym {
				continue
			}
			codes, n = []string{c1, c2}, next2
			if d.tokIs(n, s, ",") {
				n++
			}
		}
		if !t.cap() && len(codes) < 2 {
			continue // lower case only before the two countries
		}
		a, ja := p.nameAt(n, s)
		if !strings.Contains(a, " ") || !d.tokIs(ja, s, "and") {
			continue
		}
		b, jb := p.nameAt(ja+1, s)
		if !strings.Contains(b, " ") {
			continue
		}
		for x, name := range []string{a, b} {
			pr := &person{name: name, title: title}
			if len(codes) == 2 {
				pr.country = codes[x]
			}
			p.add(pr, Span{d.toks[k].start, d.toks[jb-1].end})
		}
		k = jb - 1
	}
}

// lowerHeads end a title written in lower case before a name.
var lowerHeads = map[string]bool{"minister": true, "secretary": true, "chairperson": true, "chairman": true, "spokesperson": true,
	"spokesman": true, "ambassador": true, "governor": true, "mayor": true, "director": true, "commissioner": true}

// lowerTitles reads people after a title in lower case: "commerce
// minister Tipu Munshi", "civil aviation and tourism secretary Md Mokammel
// Hossian", "chairperson Sonia Gandhi".
func (p *personFinder) lowerTitles(s sentence) {
	d := p.d
	for k := s.first; k+2 < s.last; k++ {
		t := d.toks[k]
		if !t.word || t.cap() || !lowerHeads[strings.ToLower(t.text)] {
			continue
		}
		// "state minister for cultural affairs KM Khalid": the field
		// between the title and the name
		field := k + 1
		if d.tokIs(field, s, "for", "of") {
			n := field + 1
			for n < s.last && n < field+6 && (d.toks[n].word && !d.toks[n].cap() && portfolios[strings.ToLower(d.toks[n].text)] || d.toks[n].is("and", "&") && n > field+1) {
				n++
			}
			if n > field+1 && !d.toks[n-1].is("and", "&") && d.capWord(n, s) {
				field = n
			}
		}
		name, j := p.nameAt(field, s)
		if tk := d.toks[min(field, len(d.toks)-1)]; name == "" && isUpperWord(tk.text) && len(tk.text) == 2 && p.nameWord(field+1, s) {
			name, j = d.words(field, field+2), field+2 // "state minister for cultural affairs KM Khalid"
		}
		if !strings.Contains(name, " ") || d.tokIs(j, s, "’s", "'s") {
			continue
		}
		if _, head := orgHeads[strings.ToLower(d.toks[j-1].text)]; head {
			continue
		}
		i := k
		for i > s.first && i > k-6 && d.toks[i-1].word && !d.toks[i-1].cap() && !d.toks[i-1].is("the", "a", "an", "and", "by", "with", "of", "to", "from", "said", "told") {
			i--
		}
		if d.tokIs(i-1, s, "and") && d.toks[i-2].word && !d.toks[i-2].cap() && i-2 >= s.first && i-2 > k-7 {
			i -= 2 // "civil aviation and tourism secretary"
			for i > s.first && i > k-7 && d.toks[i-1].word && !d.toks[i-1].cap() && !d.toks[i-1].is("the", "a", "an", "and", "by", "with", "of", "to", "from") {
				i--
			}
		}
		pr := &person{name: name, title: d.words(i, field)}
		if t.is("minister") {
			// "commerce minister Tipu Munshi", "state minister for
			// cultural affairs KM Khalid": the ministry of that portfolio
			pf := lowerPortfolio(d, i, k)
			if field > k+1 {
				pf = lowerPortfolio(d, k+2, field)
			}
			if pf != "" {
				pr.org = p.orgs.add(&org{name: "Ministry of " + pf, country: p.orgs.home, homeDefault: true, kind: domain.OrgMinistry, implied: true}, i, field)
			}
		}
		p.add(pr, Span{d.toks[i].start, d.toks[j-1].end})
		k = j - 1
	}
}

// lowerPortfolio returns the portfolio a title in lower case gives before
// "minister" at k, capitalised: "commerce" is "Commerce", "foreign" is
// "Foreign Affairs", "state minister for civil aviation & tourism" is "Civil
// Aviation and Tourism"; or "".
func lowerPortfolio(d *doc, i, k int) string {
	var words []string
	if k+1 < len(d.toks) && d.toks[k+1].is("for") && d.toks[k].is("minister", "secretary") {
		return "" // the portfolio follows the name's title, not read here
	}
	for n := i; n < k; n++ {
		w := strings.ToLower(d.toks[n].text)
		switch {
		case w == "state" && len(words) == 0:
			continue
		case w == "&" || w == "and":
			if len(words) > 0 {
				words = append(words, "and")
			}
		case portfolios[w]:
			words = append(words, strings.ToUpper(w[:1])+w[1:])
		default:
			return ""
		}
	}
	if len(words) == 0 || words[len(words)-1] == "and" {
		return ""
	}
	if len(words) == 1 && words[0] == "Foreign" {
		return "Foreign Affairs"
	}
	return strings.Join(words, " ")
}

// counterparts reads people named without a title: "his Korean
// counterpart, Lim Sung Nam", "Poland’s Andrzej Duda and South Korea’s
// Yoon Suk Yeol held discussions".
func (p *personFinder) counterparts(s sentence) {
	d := p.d
	for k := s.first; k < s.last; k++ {
		n, country := k+1, ""
		switch {
		case d.toks[k].is("counterpart", "counterparts"):
			country = p.prefixCountry(k, s)
			if d.tokIs(n, s, ",") {
				n++
			}
		case d.tokIs(k, s, "’s", "'s"):
			code, next, w := d.countryAt(k - 1)
			if code == "" {
				for b := max(s.first, k-4); b < k-1 && code == ""; b++ {
					if c, nx, w2 := d.countryAt(b); c != "" && nx == k {
						code, w = c, w2
					}
				}
			} else if next != k {
				code = ""
			}
			if code == "" || w.demonym {
				continue
			}
			country = code
		default:
			continue
		}
		name, j := p.nameAt(n, s)
		if !strings.Contains(name, " ") || d.tokIs(j, s, "’s", "'s") {
			continue
		}
		if _, head := orgHeads[strings.ToLower(d.toks[j-1].text)]; head {
			continue
		}
		if !d.toks[k].is("counterpart", "counterparts") && d.capWord(j, s) {
			continue
		}
		title := ""
		if d.toks[k].is("counterpart", "counterparts") {
			title = "counterpart"
		}
		p.add(&person{name: name, title: title, country: country}, Span{d.toks[n].start, d.toks[j-1].end})
		k = j - 1
	}
}

// prefixCountry reads "Peruvian", "Peru’s" or "the country’s" (the
// foreign country named last) just before token k.
func (p *personFinder) prefixCountry(k int, s sentence) string {
	d := p.d
	if d.tokIs(k-1, s, "’s", "'s") && d.tokIs(k-2, s, "country") && d.tokIs(k-3, s, "the") {
		for b := k - 3; b >= 0; b-- {
			if code, _, w := d.countryAt(b); code != "" && !w.demonym && code != p.orgs.home {
				return code
			}
		}
	}
	if k-1 >= s.first {
		if d.tokIs(k-1, s, "’s", "'s") && k-2 >= s.first {
			for b := max(s.first, k-5); b < k-1; b++ {
				if code, next, _ := d.countryAt(b); code != "" && next == k-1 {
					return code
				}
			}
		}
		for b := max(s.first, k-3); b < k; b++ {
			if code, next, w := d.countryAt(b); code != "" && next == k && w.demonym {
				return code
			}
		}
	}
	return ""
}

// titled reads the person around the title at tokens [k, e) and returns
// the token after what it read.
func (p *personFinder) titled(k, e int, s sentence) int {
	d := p.d
	title := d.words(k, e)
	country := p.prefixCountry(k, s)
	portfolio, om, c2, after := p.position(e, s)
	name, j := "", after
	if after == e || portfolio != "" {
		name, j = p.nameAt(after, s)
	}
	if d.tokIs(after, s, "to", "in") { // "Ambassador to Rwanda", "Ambassador in Timor-Leste"
		if code, next, w := d.countryAfterThe(after + 1); code != "" && !w.demonym {
			after = next
			name, j = "", next
			// "Indonesian Ambassador to the United Republic of Tanzania Tri
			// Yogo Jatmiko", "US Ambassador to Indonesia Sung Kim": the
			// name after the place
			if n, nj := p.nameAt(next, s); strings.Contains(n, " ") {
				name, j = n, nj
			}
		}
	}
	if name == "" && d.tokIs(after, s, ",") {
		// "Ghana's Minister of Communications, Ama Owusu,", "Minister of
		// Foreign Affairs, Abdulla Shahid and State Counsellor ..."
		if n, nj := p.nameAt(after+1, s); (strings.Contains(n, " ") || joinedInitial(n)) && (nj >= s.last || !d.toks[nj].word || d.toks[nj].is("and")) {
			name, j = n, nj
		}
	}
	if name == "" && after != e && (om != nil || c2 != "") {
		// "President of Argentina Mauricio Macri", "Administrator of the
		// United States Agency for International Development (USAID)
		// Samantha Power"
		n := after
		if d.tokIs(n, s, "(") && d.tokIs(n+2, s, ")") {
			n += 3
		}
		if d.tokIs(n, s, ",") {
			n++
		}
		if nm, nj := p.nameAt(n, s); strings.Contains(nm, " ") {
			name, j = nm, nj
		}
	}
	if name == "" && after == e {
		return e
	}
	if name != "" && after == e && !d.tokIs(e, s, ",") {
		// "Minister Gustavo Olaya of Justice and Human Rights of Peru"
		portfolio, om, c2, j = p.position(j, s)
		if j == after {
			_, j = p.nameAt(after, s)
		}
	}
	if c2 != "" {
		country = c2
	}
	if strings.Contains(strings.ToLower(title), "minister") && !strings.Contains(strings.ToLower(title), "prime") {
		if strings.HasSuffix(strings.ToLower(title), " minister") && portfolios[strings.ToLower(d.toks[k].text)] && portfolio == "" {
			portfolio = strings.TrimSuffix(title, " Minister")
			if portfolio == "Foreign" {
				portfolio = "Foreign Affairs"
			}
		}
		if portfolio == "" && strings.HasSuffix(strings.ToLower(title), "foreign minister") {
			portfolio = "Foreign Affairs" // "First Vice Foreign Minister", "Deputy Foreign Minister"
		}
	}
	if portfolio != "" && !strings.HasPrefix(title, portfolio) {
		title += " of " + portfolio
	}
	var o *org
	switch {
	case om != nil:
		o = om.o
	case portfolio != "" && strings.HasPrefix(title, "Coordinating Minister"):
		// "Coordinating Minister for Maritime Affairs and Investment": a
		// coordinating ministry, named so
		o = p.orgs.add(&org{name: "Coordinating Ministry for " + portfolio, country: cmp.Or(country, p.orgs.home), homeDefault: country == "", kind: domain.OrgMinistry, implied: true}, k, j)
	case portfolio != "" && strings.Contains(strings.ToLower(title), "minister"):
		o = p.orgs.add(&org{name: "Ministry of " + portfolio, country: cmp.Or(country, p.orgs.home), homeDefault: country == "", kind: domain.OrgMinistry, implied: true}, k, j)
	}
	if name == "" {
		return j
	}
	ni, nj := p.nameSpan(name, k, j)
	if !strings.Contains(name, " ") && !joinedInitial(name) {
		p.single = append(p.single, pendingSurname{name: name, i: ni, j: nj, title: title})
		return j
	}
	p.add(&person{name: name, title: title, country: country, org: o}, Span{d.toks[k].start, d.toks[j-1].end})
	return j
}

// nameSpan returns the tokens of name within [k, j).
func (p *personFinder) nameSpan(name string, k, j int) (int, int) {
	first := strings.Fields(name)[0]
	for i := k; i < j; i++ {
		if p.d.toks[i].text == first {
			return i, i + 1
		}
	}
	return k, j
}

// appositions reads "Gustavo Olaya, Peru’s Minister of Justice, said".
func (p *personFinder) appositions(s sentence) {
	d := p.d
	for k := s.first; k < s.last; k++ {
		if k > s.first && (p.nameWord(k-1, s) || d.titleAt(k-1, s) != k-1 && !p.honorificBefore(k, s)) {
			continue
		}
		name, j := p.nameAt(k, s)
		if !strings.Contains(name, " ") || !d.tokIs(j, s, ",") {
			continue
		}
		n := j + 1
		if d.tokIs(n, s, "the") {
			n++
		}
		country := ""
		if code, next, _ := d.countryAt(n); code != "" {
			country = code
			n = next
			if d.tokIs(n, s, ".") && strings.Contains(d.toks[n-1].text, ".") {
				n++ // "U.S."
			}
			if d.tokIs(n, s, "’s", "'s") {
				n++
			}
		}
		e := d.titleFrom(n, s, d.tokIs(n-1, s, "the") || country != "")
		if e == n {
			continue
		}
		title := d.words(n, e)
		portfolio, om, c2, after := p.position(e, s)
		if c2 != "" {
			country = c2
		}
		var o *org
		if om != nil {
			o = om.o
		} else if portfolio != "" {
			title += " of " + portfolio
			if strings.Contains(strings.ToLower(title), "minister") {
				o = p.orgs.add(&org{name: "Ministry of " + portfolio, country: cmp.Or(country, p.orgs.home), homeDefault: country == "", kind: domain.OrgMinistry, implied: true}, n, after)
			}
		}
		p.add(&person{name: name, title: title, country: country, org: o}, Span{d.toks[k].start, d.toks[j-1].end})
		k = after - 1
	}
}

// honorificBefore reports whether only an honorific stands before token
// k ("H.E. Meg Whitman, U.S. Ambassador to Kenya"): the title that
// follows is the position.
func (p *personFinder) honorificBefore(k int, s sentence) bool {
	d := p.d
	i := k - 1
	if d.tokIs(i, s, ".") {
		i--
	}
	return i >= s.first && honorifics[strings.ToLower(d.toks[i].text)]
}

// nameWords splits a name into folded words.
func nameWordsOf(name string) []string {
	return strings.FieldsFunc(fold(name), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
}

func (p *personFinder) add(n *person, sp Span) {
	for _, old := range p.list {
		if shorter, ok := sameBearer(old.name, n.name); ok {
			if shorter == old.name {
				old.name = n.name // "Shirley Ayorkor Botchwey" after "Ayorkor Botchwey"
				old.words = nameWordsOf(n.name)
			}
			old.spans = append(old.spans, sp)
			if old.org == nil {
				old.org = n.org
			}
			if old.country == "" {
				old.country = n.country
			}
			return
		}
		if domain.SimilarNames(old.name, n.name) {
			old.spans = append(old.spans, sp)
			if old.org == nil {
				old.org = n.org
			}
			if old.country == "" {
				old.country = n.country
			}
			if honorifics[strings.ToLower(strings.TrimSuffix(old.title, "."))] || old.title == "" {
				old.title = n.title
			}
			return
		}
	}
	n.spans = []Span{sp}
	n.words = nameWordsOf(n.name)
	p.list = append(p.list, n)
}

// sameBearer reports whether two different names of two words or more
// name one person, the shorter written without a given name or a middle
// one: "Ayorkor Botchwey" and "Shirley Ayorkor Botchwey", "Retno Marsudi"
// and "Retno LP Marsudi". It returns the shorter name.
func sameBearer(a, b string) (string, bool) {
	wa, wb := nameWordsOf(a), nameWordsOf(b)
	if len(wa) > len(wb) {
		a, wa, wb = b, wb, wa
	}
	if len(wa) < 2 || len(wa) == len(wb) || wa[len(wa)-1] != wb[len(wb)-1] {
		return "", false
	}
	// the shorter's words in order in the longer's, the surname last in both
	n := 0
	for _, w := range wb {
		if n < len(wa) && w == wa[n] {
			n++
		}
	}
	return a, n == len(wa)
}

// resolveSurnames gives "Minister Chong" to the person whose name has that
// word; names read alone that match no one are left out.
func (p *personFinder) resolveSurnames() {
	for _, s := range p.single {
		w := fold(s.name)
		for _, n := range p.list {
			if matchesWord(n.words, w) {
				n.spans = append(n.spans, Span{p.d.toks[s.i].start, p.d.toks[s.j-1].end})
				break
			}
		}
	}
}

func matchesWord(words []string, w string) bool {
	for _, x := range words {
		if x == w || domain.SimilarNames(x, w) {
			return true
		}
	}
	return false
}
