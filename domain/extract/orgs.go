package extract

import (
	"strings"
	"unicode"

	"cooptrack/domain"
)

// orgHeads are the words that end or start the name of a body, with the
// kind of body they make.
var orgHeads = map[string]domain.OrganizationKind{
	"ministry": domain.OrgMinistry, "ministerio": domain.OrgMinistry,
	"office": domain.OrgOffice, "secretariat": domain.OrgOffice, "presidency": domain.OrgOffice,
	"cabinet": domain.OrgOffice, "chancellery": domain.OrgOffice,
	"agency": domain.OrgAgency, "service": domain.OrgAgency, "administration": domain.OrgAgency,
	"institute": domain.OrgAgency, "commission": domain.OrgAgency, "authority": domain.OrgAgency,
	"bureau": domain.OrgAgency, "directorate": domain.OrgAgency, "superintendency": domain.OrgAgency,
	"police": domain.OrgAgency, "board": domain.OrgAgency, "center": domain.OrgAgency,
	"centre": domain.OrgAgency, "council": domain.OrgAgency, "foundation": domain.OrgAgency,
	"embassy": domain.OrgEmbassy, "consulate": domain.OrgEmbassy,
	"municipality": domain.OrgLocalGovernment, "province": domain.OrgLocalGovernment,
	"prefecture": domain.OrgLocalGovernment, "governorate": domain.OrgLocalGovernment,
	"company": domain.OrgCompany, "corporation": domain.OrgCompany, "corp": domain.OrgCompany,
	"co": domain.OrgCompany, "ltd": domain.OrgCompany, "inc": domain.OrgCompany,
	"group": domain.OrgCompany, "holdings": domain.OrgCompany, "electronics": domain.OrgCompany,
	"bank": domain.OrgCompany, "university": domain.OrgOther,
	"organization": domain.OrgInternational, "organisation": domain.OrgInternational,
	"nations": domain.OrgInternational, "union": domain.OrgInternational, "fund": domain.OrgInternational,
	"programme":   domain.OrgInternational,
	"polytechnic": domain.OrgOther, "college": domain.OrgOther, "academy": domain.OrgAgency,
	"committee": domain.OrgAgency, "inspectorate": domain.OrgAgency, "society": domain.OrgOther,
	"association": domain.OrgOther, "alliance": domain.OrgInternational, "army": domain.OrgOther,
	"court": domain.OrgOther, "congress": domain.OrgOther, "parliament": domain.OrgOther,
	"khural": domain.OrgOther, "limited": domain.OrgCompany, "department": domain.OrgOffice,
	"centers": domain.OrgAgency, "centres": domain.OrgAgency, "corps": domain.OrgAgency,
	"museum": domain.OrgOther, "chamber": domain.OrgOther, "movement": domain.OrgInternational,
	"commonwealth": domain.OrgInternational,
}

// programHeads make the name of a program, not of a body, unless the
// name is an international organisation's ("United Nations Development
// Programme", "International Monetary Fund").
var programHeads = map[string]bool{"programme": true, "program": true, "fund": true}

// localGovernmentWords make "Government" the head of a local government's
// name: "Seoul Metropolitan Government".
var localGovernmentWords = map[string]bool{"metropolitan": true, "regional": true, "provincial": true, "municipal": true, "city": true}

// internationalWords mark an international body when no country is named
// in or with it: "Inter-American Development Bank".
var internationalWords = []string{"united nations", "world", "inter-american", "international", "asian development", "african development", "development bank"}

// knownInternational are international organizations articles name by
// acronym alone.
var knownInternational = map[string]string{
	"UNICEF": "United Nations Children's Fund", "G20": "G20", "WHO": "World Health Organization", "IMF": "International Monetary Fund",
	"AfDB": "African Development Bank", "UNHCR": "United Nations High Commissioner for Refugees", "WFP": "World Food Programme",
	"UN": "United Nations", "UNDP": "United Nations Development Programme", "OECD": "Organisation for Economic Co-operation and Development",
	"ASEAN": "Association of Southeast Asian Nations", "IDB": "Inter-American Development Bank", "ADB": "Asian Development Bank",
	"OAS": "Organization of American States", "APEC": "Asia-Pacific Economic Cooperation", "UNESCO": "United Nations Educational, Scientific and Cultural Organization",
	"ECLAC": "Economic Commission for Latin America and the Caribbean", "EU": "European Union", "AU": "African Union",
	"CAF": "Development Bank of Latin America", "SICA": "Central American Integration System",
}

// knownAgencies are national agencies articles name by acronym alone,
// with their name and country.
var knownAgencies = map[string][2]string{
	"USAID": {"United States Agency for International Development", "US"}, "KOICA": {"Korea International Cooperation Agency", "KR"},
	"JICA": {"Japan International Cooperation Agency", "JP"}, "DFID": {"Department for International Development", "GB"},
	"KOTRA": {"Korea Trade-Investment Promotion Agency", "KR"}, "AMEXCID": {"Mexican Agency for International Development Cooperation", "MX"},
	"GIZ": {"Deutsche Gesellschaft für Internationale Zusammenarbeit", "DE"}, "AFD": {"French Development Agency", "FR"},
	"TIKA": {"Turkish Cooperation and Coordination Agency", "TR"}, "MCC": {"Millennium Challenge Corporation", "US"},
}

// leftStops are capitalised words that start a sentence or a clause and are
// never part of a name.
var leftStops = map[string]bool{
	"the": true, "a": true, "an": true, "on": true, "in": true, "at": true, "by": true, "for": true,
	"from": true, "with": true, "after": true, "before": true, "during": true, "among": true,
	"both": true, "and": true, "meanwhile": true, "also": true, "yesterday": true, "today": true,
	"this": true, "that": true, "these": true, "its": true, "their": true, "his": true, "her": true,
	"our": true, "moving": true, "under": true, "as": true, "while": true, "when": true, "through": true,
	"between": true, "to": true, "of": true, "he": true, "she": true, "it": true, "they": true, "we": true,
}

// org is an organization found in the article.
type org struct {
	name, acronym, country string
	kind                   domain.OrganizationKind
	spans                  []Span
	implied                bool // named only through a title
	homeDefault            bool // of the home country for want of another
}

// mention is where a record is named: tokens [i, j).
type orgMention struct {
	i, j int
	o    *org
}

// orgs finds the organizations of the article.
type orgFinder struct {
	d        *doc
	home     string // the home country, of a ministry a title implies when it names no other
	list     []*org
	mentions []orgMention
}

// headKind returns the kind a head word at token k makes, if it is one.
func (f *orgFinder) headKind(k int) (domain.OrganizationKind, bool) {
	t := f.d.toks[k]
	if !t.word || !t.cap() {
		return "", false
	}
	w := strings.ToLower(strings.TrimSuffix(t.text, "."))
	if w == "government" || w == "hall" {
		s := f.d.sents[f.d.sent[k]]
		if k > s.first && localGovernmentWords[strings.ToLower(f.d.toks[k-1].text)] {
			return domain.OrgLocalGovernment, true
		}
		return "", false
	}
	kind, ok := orgHeads[w]
	if ok && k+1 < len(f.d.toks) {
		s := f.d.sents[f.d.sent[k]]
		if _, _, inst := f.d.agreementAt(k+1, s); inst {
			return "", false // "the Association Agreement"
		}
	}
	if w == "cabinet" && k+1 < len(f.d.toks) && f.d.toks[k+1].is("Secretary", "Secretaries") {
		return "", false // a title: "Cabinet Secretary Dr. Alfred Mutua"
	}
	return kind, ok
}

// capWord reports whether token k is a capitalised word inside sentence s.
func (d *doc) capWord(k int, s sentence) bool {
	return k >= s.first && k < s.last && d.toks[k].word && d.toks[k].cap()
}

// tokIs reports whether token k is inside s and one of the words.
func (d *doc) tokIs(k int, s sentence, words ...string) bool {
	return k >= s.first && k < s.last && d.toks[k].is(words...)
}

// find scans every sentence for names built around a head word.
func (f *orgFinder) find() {
	d := f.d
	for _, s := range d.sents {
		if d.skip(s) {
			continue
		}
		for k := s.first; k < s.last; k++ {
			kind, ok := f.headKind(k)
			if !ok {
				a := d.toks[k].text
				switch {
				case k+1 < s.last && d.toks[k+1].text == ")":
				case knownInternational[a] != "":
					f.add(&org{name: knownInternational[a], acronym: a, kind: domain.OrgInternational}, k, k+1)
				case knownAgencies[a][0] != "":
					f.add(&org{name: knownAgencies[a][0], acronym: a, country: knownAgencies[a][1], kind: domain.OrgAgency}, k, k+1)
				}
				continue
			}
			if next := f.phrase(k, s, kind); next > k {
				k = next - 1
			}
		}
	}
}

// phrase reads the name around the head word at h and returns the token
// after it (h when there is no name).
func (f *orgFinder) phrase(h int, s sentence, kind domain.OrganizationKind) int {
	d := f.d
	o := &org{kind: kind}
	// left: capitalised words, possessives ("Prime Minister’s Office")
	i := h
	for i > s.first && !d.newlineBefore(i) {
		t := d.toks[i-1]
		switch {
		case t.word && t.cap() && !leftStops[strings.ToLower(t.text)] && monthOf(t) == 0:
			i--
			continue
		case t.text == "." && i-2 >= s.first && d.toks[i-2].end == t.start && initials(d.toks[i-2].text) && strings.Contains(d.toks[i-2].text, "."):
			i -= 2 // "U.S. Agency for International Development"
			continue
		case (t.text == "’s" || t.text == "'s") && d.capWord(i-2, s):
			if code, next, _ := d.countryAt(i - 2); code != "" && next == i-1 {
				o.country = code // "Korea’s Ministry of ..."
				break
			}
			i -= 2
			continue
		}
		break
	}
	start := i
	// a demonym or a country written first: "Peruvian Immigration Office", "Korea Immigration Service"
	if code, next, _ := d.countryAt(i); code != "" && next <= h {
		o.country = code
		if startsFormal(d, next, h) {
			i = next
		}
	}
	// right: "of", "for", "on", "and" followed by capitalised words
	j := h + 1
	end := j
	suffix := -1 // where "of <Country>" starts
	for j < s.last && !d.newlineBefore(j) {
		t := d.toks[j]
		if t.word && t.cap() && !t.is("The") {
			if _, isHead := f.headKind(j); isHead && j > h+1 && !d.tokIs(j-1, s, "of", "for", "on", "and", "&", "the", ",") && !d.capWord(j-1, s) {
				break
			}
			if j > h && !d.tokIs(j-1, s, "of", "for", "and") && (d.titleAt(j, s) > j || honorifics[strings.ToLower(t.text)]) {
				break // "Export-Import Bank of Korea Chairman Yoon Hee-sung"
			}
			if kind == domain.OrgMinistry && j > h+1 && !portfolios[strings.ToLower(t.text)] && d.capWord(j-1, s) && portfolios[strings.ToLower(d.toks[j-1].text)] {
				break // "Ministry of Finance and Planning Emmanuel M. Tutuba"
			}
			if j == h+1 && d.toks[h].is("Committee", "Commission") && d.capWord(j+1, s) && !isAcronym(t.text) && !portfolios[strings.ToLower(t.text)] {
				if _, isHead := f.headKind(j); !isHead {
					if code, _, _ := d.countryAt(j); code == "" {
						break // "Hanoi People’s Committee Nguyen Manh Quyen": a name after the head
					}
				}
			}
			if t.is("Resolution", "Resolutions", "Convention", "Charter") {
				break // "UN Security Council Resolution 2321"
			}
			j++
			end = j
			continue
		}
		if t.text == "," && j > h+1 && listContinues(d, j, s) {
			j++
			continue
		}
		if d.toks[h].is("Fund") && (t.is("to") && j == h+1 || t.text == "," && d.tokIs(j+1, s, "and") && end == j) && d.capWord(j+1+btoi(t.text == ","), s) {
			// "the Global Fund to Fight AIDS, TB, and Malaria"
			j++
			continue
		}
		if !t.is("of", "for", "on", "and", "&", "in") || t.is("on") && kind == domain.OrgMinistry {
			break // "the Ministry of Foreign Affairs on Research Programs"
		}
		n := j + 1
		if t.is("of") && d.tokIs(n, s, "the") && d.tokIs(n+1, s, "Government") && kind != domain.OrgLocalGovernment {
			break // "the Foreign Service Academy of the Government of the Kingdom of Morocco"
		}
		if d.tokIs(n, s, "the") {
			if t.is("and") {
				break
			}
			n++
		}
		if !d.capWord(n, s) {
			break
		}
		if t.is("and") {
			if _, isHead := f.headKind(n); isHead || isTitleStart(d.toks[n]) {
				break
			}
			if code, _, _ := d.countryAt(n); code != "" {
				break // "the National Museum and New Delhi"
			}
		}
		if code, next, w := d.countryAt(n); code != "" && !w.demonym && t.is("of", "in") && !d.capWord(next, s) {
			if o.country == "" {
				o.country = code
			}
			end = next
			// a capital after a municipality is its name ("Municipality of
			// Asunción"), not its country
			if kind != domain.OrgEmbassy && (kind != domain.OrgLocalGovernment || !w.capital) {
				suffix = j
			}
			break
		}
		if t.is("in") {
			break
		}
		j = n
	}
	nameEnd := end
	if suffix > 0 && suffix-i >= 2 {
		nameEnd = suffix // the name without a trailing "of <Country>"
	}
	if d.tokIs(end, s, "(") && end+3 < s.last && d.toks[end+2].text == ")" && d.tokIs(end+3, s, "of") {
		// "Presidency of the Council of Ministers (PCM) of Peru"
		if code, next, w := d.countryAt(end + 4); code != "" && !w.demonym && o.country == "" {
			o.country = code
			defer func() { f.mentions[len(f.mentions)-1].j = next }()
		}
	}
	if nameEnd-i < 2 || f.portfolioOnly(start, nameEnd, s) {
		return h + 1
	}
	if d.tokIs(end, s, "Day") || d.tokIs(nameEnd-1, s, "Day", "Meeting", "Session", "Summit") {
		// "the Korean National Foundation Day" is an occasion, "the Sixth
		// Ethio-Russia Intergovernmental Commission Meeting" an event
		return max(end, h+1)
	}
	if d.toks[h].is("Presidency", "Chairmanship") && h > i && (knownInternational[d.toks[h-1].text] != "" || d.toks[h-1].is("G7")) {
		return end // "holds the G20 Presidency": a term in office, not a body
	}
	if d.tokIs(i-1, s, "of") {
		if _, _, inst := d.agreementAt(i-2, s); inst && d.capWord(i-2, s) {
			return end // "the Compact of Free Association" is an instrument
		}
	}
	if d.toks[h].is("Corps") && d.tokIs(h-1, s, "Diplomatic", "Consular") {
		return end // "members of the Diplomatic Corps" are no body
	}
	o.name = d.words(i, nameEnd)
	// acronym in brackets
	if end+2 < s.last+1 && d.tokIs(end, s, "(") && end+2 < len(d.toks) && d.toks[end+2].text == ")" && isAcronym(d.toks[end+1].text) {
		o.acronym = d.toks[end+1].text
		end += 3
	}
	if o.country == "" && o.kind != domain.OrgMinistry && o.kind != domain.OrgEmbassy {
		lower := strings.ToLower(o.name)
		for _, w := range internationalWords {
			if strings.Contains(lower, w) {
				o.kind = domain.OrgInternational
			}
		}
	}
	if o.kind == domain.OrgInternational && o.country != "" {
		o.kind = domain.OrgAgency
	}
	last := nameEnd - 1
	international := strings.Contains(o.name, "United Nations") || strings.Contains(o.name, "World")
	if programHeads[strings.ToLower(d.toks[last].text)] && !international && !d.toks[last].is("Fund") ||
		d.toks[last].is("Fund") && !internationalFund(d, last, s) || d.toks[h].is("Centre", "Center") && programCentre(d, h, s) {
		return end // a program, a fund or a centre run as one, not a body
	}
	if o.kind == domain.OrgMinistry && h == nameEnd-1 && h > i {
		// "Kazakh Foreign Affairs Ministry", "the Foreign Ministry"
		p := i
		if o.country != "" && p < h {
			if _, next, _ := d.countryAt(p); next > p && next <= h {
				p = next
			}
		}
		portfolio := d.words(p, h)
		if portfolio == "Foreign" {
			portfolio = "Foreign Affairs"
		}
		if p < h && portfolios[strings.ToLower(d.toks[p].text)] {
			o.name = "Ministry of " + portfolio
		}
	}
	f.add(o, start, end)
	return end
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// listContinues reports whether the comma at j goes on with a list of
// capitalised words closed by "and": "Land, Infrastructure and Transport".
func listContinues(d *doc, j int, s sentence) bool {
	for k := j + 1; k < s.last; k++ {
		t := d.toks[k]
		switch {
		case t.is("and", "&"):
			return k > j+1 && d.capWord(k+1, s)
		case t.text == ",":
		case !t.word || !t.cap():
			return false
		}
	}
	return false
}

// portfolioOnly reports whether tokens [i, j) are the field of a
// minister written after the title or the name: "Minister Chong, Jong-sup
// of Government Administration and Home Affairs".
func (f *orgFinder) portfolioOnly(i, j int, s sentence) bool {
	d := f.d
	if !d.tokIs(i-1, s, "of") || !d.capWord(i-2, s) {
		return false
	}
	for k := i; k < j; k++ {
		if w := strings.ToLower(d.toks[k].text); !portfolios[w] && w != "and" && w != "&" {
			return false
		}
	}
	return true
}

// startsFormal reports whether tokens [k, h] begin a formal name that a
// country adjective is not part of ("Ministry of ...", "Embassy", "Office
// of ..."): "Peruvian Ministry of Justice" is the Ministry of Justice.
func startsFormal(d *doc, k, h int) bool {
	return k == h && (d.toks[h].is("Ministry", "Ministerio", "Presidency", "Secretariat") ||
		h+1 < len(d.toks) && d.toks[h+1].is("of"))
}

// isAcronym reports whether s looks like an acronym: "MOGAHA", "KOICA", "MoFA".
func isAcronym(s string) bool {
	upper := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper++
		} else if !unicode.IsLower(r) && r != '-' && r != '&' {
			return false
		}
	}
	return upper >= 2 && unicode.IsUpper([]rune(s)[0])
}

// orgKey is the form two names of one body share: folded, without "the",
// a country adjective or name in front, or "of <Country>" at the end.
func orgKey(name string) string {
	k := fold(strings.ReplaceAll(strings.ReplaceAll(name, "’", "'"), "'s", ""))
	k = strings.TrimPrefix(k, "the ")
	// "Korean Embassy in Chile" is the "Embassy in Chile", "Indonesian
	// Cabinet Secretariat" the "Cabinet Secretariat"
	words := strings.Fields(k)
	for n := min(3, len(words)-2); n >= 1; n-- {
		first := strings.Join(words[:n], " ")
		if _, isCountry := gazetteer()[first]; isCountry || first == "u.s." || first == "us" || first == "united states" {
			words = words[n:]
			break
		}
	}
	// "Ministry of Foreign Affairs of Japan" is the "Ministry of Foreign Affairs"
	if n := len(words); n > 3 && words[n-2] == "of" {
		if _, isCountry := gazetteer()[words[n-1]]; isCountry {
			words = words[:n-2]
		}
	}
	return strings.Join(words, " ")
}

// add records the organization named at tokens [i, j), merged with one
// already found under a similar name.
func (f *orgFinder) add(o *org, i, j int) *org {
	sp := f.d.span(i, j)
	for _, old := range f.list {
		if sameOrg(old, o) {
			old.spans = append(old.spans, sp)
			if old.acronym == "" {
				old.acronym = o.acronym
			}
			if old.country == "" || old.homeDefault && !o.homeDefault {
				old.country, old.homeDefault = o.country, o.homeDefault
			}
			if old.implied && !o.implied {
				old.name, old.implied = o.name, false
			}
			f.mentions = append(f.mentions, orgMention{i, j, old})
			return old
		}
	}
	o.spans = []Span{sp}
	f.list = append(f.list, o)
	f.mentions = append(f.mentions, orgMention{i, j, o})
	return o
}

func sameOrg(a, b *org) bool {
	if a.country != "" && b.country != "" && a.country != b.country {
		// a ministry a title implies is the home country's only when the
		// title names no country: the named one, of its country, is it
		defaulted := a.homeDefault && !b.implied || b.homeDefault && !a.implied
		if !defaulted {
			return false
		}
	}
	if a.acronym != "" && a.acronym == b.acronym {
		return true
	}
	ka, kb := orgKey(a.name), orgKey(b.name)
	return ka == kb || domain.SimilarNames(ka, kb)
}

// acronyms adds a span for every later use of a known acronym ("the
// MOGAHA").
func (f *orgFinder) acronyms() {
	by := map[string]*org{}
	for _, o := range f.list {
		if o.acronym != "" {
			by[o.acronym] = o
		}
	}
	if len(by) == 0 {
		return
	}
	covered := map[int]bool{}
	for _, m := range f.mentions {
		for k := m.i; k < m.j; k++ {
			covered[k] = true
		}
	}
	for k, t := range f.d.toks {
		if o := by[t.text]; o != nil && !covered[k] {
			o.spans = append(o.spans, Span{t.start, t.end})
			f.mentions = append(f.mentions, orgMention{k, k + 1, o})
		}
	}
}

// in returns the organizations named in sentence s, in order.
func (f *orgFinder) in(s sentence) []orgMention {
	var out []orgMention
	for _, m := range f.mentions {
		if m.i >= s.first && m.i < s.last {
			out = append(out, m)
		}
	}
	return out
}
