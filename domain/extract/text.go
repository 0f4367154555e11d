package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cooptrack/domain"
)

// token is a word or a punctuation mark of the text. start and end are byte
// offsets into the article's text, end exclusive.
type token struct {
	start, end int
	text       string
	word       bool // letters or digits, possibly joined by - . / ' or ’
}

// cap reports whether the token starts with an upper-case letter.
func (t token) cap() bool {
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r)
}

// is reports whether the token is one of the words, ignoring case.
func (t token) is(words ...string) bool {
	for _, w := range words {
		if strings.EqualFold(t.text, w) {
			return true
		}
	}
	return false
}

// sentence is a run of tokens toks[first:last] of the document.
type sentence struct {
	first, last int
}

// doc is an article cut into tokens and sentences.
type doc struct {
	text  string
	toks  []token
	sents []sentence
	sent  []int          // sent[i] is the sentence of token i
	para  []int          // para[s] is the paragraph of sentence s
	lines map[string]int // how often each short sentence is written
}

// paragraph returns the paragraph of sentence si: paragraphs are
// separated by blank lines.
func (d *doc) paragraph(si int) int {
	if d.para == nil {
		d.para = make([]int, len(d.sents))
		for n := 1; n < len(d.sents); n++ {
			d.para[n] = d.para[n-1]
			a, b := d.toks[d.sents[n-1].last-1].end, d.toks[d.sents[n].first].start
			if strings.Count(d.text[a:b], "\n") >= 2 {
				d.para[n]++
			}
		}
	}
	return d.para[si]
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// isJoiner reports whether r may join two word parts into one token:
// "Jong-sup", "e-government", "2018.06.04", "24/7".
func isJoiner(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '.', '/', '\'', '\u2019', '&':
		return true
	}
	return false
}

// tokenize cuts text into tokens. A possessive "’s" or "'s" is a token of
// its own, so that "Korea’s" yields "Korea".
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/5)
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case isWordRune(r):
			start := i
			i += n
			for i < len(text) {
				r, n = utf8.DecodeRuneInString(text[i:])
				if isWordRune(r) {
					i += n
					continue
				}
				if isJoiner(r) && i+n < len(text) {
					r2, n2 := utf8.DecodeRuneInString(text[i+n:])
					if !isWordRune(r2) {
						break
					}
					if (r == '\'' || r == '\u2019') && (r2 == 's' || r2 == 'S') {
						// a possessive ends the word unless more letters follow ("O’Sullivan" has none here)
						j := i + n + n2
						if j >= len(text) || !isWordRune(rune(text[j])) {
							break
						}
					}
					if r == '.' && !unicode.IsDigit(r2) && !unicode.IsUpper(r2) {
						break
					}
					// "U.S", "H.E", "U.Enkhtuvshin" join at a full stop; a
					// word does not ("infrastructure.Finance" is two
					// sentences fused by a scraper, "2015.Next" too)
					number := unicode.IsDigit(r2) && digits(text[start:i])
					if r == '.' && !initials(text[start:i]) && !number {
						break
					}
					if r == '/' && !unicode.IsDigit(r2) {
						break
					}
					i += n + n2
					continue
				}
				break
			}
			toks = append(toks, token{start: start, end: i, text: text[start:i], word: true})
		case (r == '\'' || r == '\u2019') && i+n < len(text) && (text[i+n] == 's' || text[i+n] == 'S') &&
			(i+n+1 >= len(text) || !isWordRune(rune(text[i+n+1]))) && len(toks) > 0 && toks[len(toks)-1].end == i:
			toks = append(toks, token{start: i, end: i + n + 1, text: text[i : i+n+1]})
			i += n + 1
		default:
			toks = append(toks, token{start: i, end: i + n, text: text[i : i+n]})
			i += n
		}
	}
	return toks
}

// initials reports whether s is one or two letters, or letters each
// followed by a full stop ("U", "Zh", "U.S", "H.E").
func initials(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r == '.':
			n = 0
		case unicode.IsLetter(r):
			n++
			if n > 2 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// digits reports whether s is made of digits and full stops ("2018.06").
func digits(s string) bool {
	for _, r := range s {
		if r != '.' && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "co": true, "inc": true,
	"ltd": true, "no": true, "gen": true, "jr": true, "sr": true, "vs": true, "prof": true,
	"u.s": true, "e.g": true, "i.e": true, "corp": true, "jan": true, "feb": true, "apr": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"h.e": true, "amb": true, "hon": true, "gov": true, "sen": true, "rep": true, "dept": true,
	"a.i": true, "mt": true, "ft": true, "messrs": true, "excl": true,
}

// maxSentence is the most tokens a sentence holds: a page without full
// stops is cut into pieces of this size, so that the work done per
// sentence stays linear in the text.
const maxSentence = 200

// newDoc tokenizes text and splits it into sentences. A sentence ends at
// . ! or ? (not after an abbreviation or an initial), at a blank line, and at
// a line break after a short line (a heading) or after a full stop.
func newDoc(text string) *doc {
	d := &doc{text: text, toks: tokenize(text)}
	d.sent = make([]int, len(d.toks))
	first := 0
	end := func(last int) {
		if last > first {
			d.sents = append(d.sents, sentence{first: first, last: last})
		}
		first = last
	}
	for i, t := range d.toks {
		if i > first && breaksLine(text, d.toks[i-1].end, t.start) || i-first >= maxSentence {
			end(i)
		}
		d.sent[i] = len(d.sents)
		if t.word || (t.text != "." && t.text != "!" && t.text != "?") {
			continue
		}
		if t.text == "." && i == first+1 && len(d.toks[i-1].text) <= 3 && digits(d.toks[i-1].text) && listMarker(text[d.toks[i-1].start:]) {
			continue // "1. Agreement for Islamic Cooperation": the number of a list item
		}
		if t.text == "." && i > 0 && d.toks[i-1].word && d.toks[i-1].end == t.start {
			p := d.toks[i-1].text
			if abbreviations[strings.ToLower(p)] || initial(p) && i+1 < len(d.toks) && d.toks[i+1].cap() && d.toks[i+1].word {
				continue // "Zh. Adilbaev", "John D. Negroponte"
			}
			if (initial(p) || initials(p) && strings.Contains(p, ".")) && i+1 < len(d.toks) && d.toks[i+1].word && unicode.IsLower([]rune(d.toks[i+1].text)[0]) && !breaksLine(text, t.end, d.toks[i+1].start) {
				continue // "in Washington, D.C. to launch"
			}
		}
		// closing quotes and brackets stay with the sentence
		j := i + 1
		for j < len(d.toks) && !d.toks[j].word && strings.ContainsAny(d.toks[j].text, "”\"’')]") {
			j++
		}
		end(j)
	}
	end(len(d.toks))
	// recompute sentence indexes for tokens consumed as closing marks
	for s, se := range d.sents {
		for i := se.first; i < se.last; i++ {
			d.sent[i] = s
		}
	}
	return d
}

// breaksLine reports whether the white space text[a:b] between two tokens
// ends a sentence: a blank line, or a line break after a short line.
func breaksLine(text string, a, b int) bool {
	gap := text[a:b]
	nl := strings.Count(gap, "\n")
	if nl == 0 {
		return false
	}
	if nl >= 2 {
		return true
	}
	// a list: an item ends at ";" or at a line that opens with a marker
	if a > 0 && (text[a-1] == ';' || text[a-1] == ':') || listMarker(text[b:]) || datelineStart(text[b:]) {
		return true
	}
	lineStart := strings.LastIndexByte(text[:a], '\n') + 1
	return utf8.RuneCountInString(text[lineStart:a]) < 60
}

// datelineStart reports whether a line opens with a dateline's place in
// capitals and a comma: "SEOUL, May 23 (Yonhap) --".
func datelineStart(s string) bool {
	n := 0
	for n < len(s) && (s[n] >= 'A' && s[n] <= 'Z' || s[n] == ' ' && n > 0) {
		n++
	}
	return n >= 3 && n < len(s) && s[n] == ','
}

// sentenceGap is the number of sentences from the one holding byte a to
// the one holding byte b.
func (d *doc) sentenceGap(a, b int) int {
	at := func(off int) int {
		i, _ := slices.BinarySearchFunc(d.toks, off, func(t token, off int) int { return t.start - off })
		return d.sent[min(i, len(d.toks)-1)]
	}
	return at(b) - at(a)
}

// listMarker reports whether a line starting with s opens a list item:
// "– ", "- ", "• ", "° ", "◦ ", "1. ", "2) ".
func listMarker(s string) bool {
	for _, m := range []string{"– ", "- ", "• ", "° ", "◦ ", "* ", "— "} {
		if strings.HasPrefix(s, m) {
			return true
		}
	}
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' '
}

// headline reports whether a sentence is a title in title case ("Vice
// Minister Visits Hanoi to Sign Smart City MOU"): no full stop, and at
// least half of its words capitalised. Its capitals say nothing of names, so
// organizations, events and programs are not read from it.
func (d *doc) headline(s sentence) bool {
	if d.listed(s) {
		return false // "1. Memorandum of Understanding between the Foreign Service Institute ..."
	}
	words, caps := 0, 0
	for n, t := range d.toks[s.first:s.last] {
		afterInitial := n > 0 && initial(d.toks[s.first+n-1].text) && d.toks[s.first+n-1].end == t.start
		if t.text == "." && !afterInitial {
			return false // "Foreign ministers of S. Korea, Peru hold talks" is a headline still
		}
		if t.word && !unicode.IsDigit([]rune(t.text)[0]) {
			words++
			if t.cap() {
				caps++
			}
		}
	}
	return words >= 3 && caps*2 >= words
}

// listed reports whether a sentence is an item of a list: it opens with a
// marker ("1. ", "- "), or the sentence before it ends with a colon.
func (d *doc) listed(s sentence) bool {
	if listMarker(d.text[d.toks[s.first].start:]) {
		return true
	}
	si := d.sent[s.first]
	return si > 0 && d.toks[d.sents[si-1].last-1].text == ":"
}

// furniture reports whether a sentence is part of a page's frame rather
// than its text: a trail of links ("Home > News > 2008"), a menu cut by
// bars. Scraped pages keep them; nothing is read from them.
func (d *doc) furniture(s sentence) bool {
	n := 0
	for _, t := range d.toks[s.first:s.last] {
		if t.text == ">" || t.text == "|" || t.text == "»" {
			n++
		}
	}
	return n >= 2 || d.repeatedLine(s)
}

// repeatedLine reports whether a short sentence is a line the page repeats
// word for word: a site's name in its header, menu and footer ("U.S.
// Department of State" three times above a press release). An article
// does not write the same short line twice.
func (d *doc) repeatedLine(s sentence) bool {
	if s.last-s.first > 8 {
		return false
	}
	if d.lines == nil {
		d.lines = map[string]int{}
		for _, o := range d.sents {
			if o.last-o.first <= 8 {
				d.lines[d.words(o.first, o.last)]++
			}
		}
	}
	return d.lines[d.words(s.first, s.last)] >= 2
}

// newlineBefore reports whether a line break stands between token k and
// the one before it: a name never runs from one line of a scraped page
// to the next ("U.S. Department of State\nU.S. Public Diplomacy").
func (d *doc) newlineBefore(k int) bool {
	return k > 0 && k < len(d.toks) && strings.Contains(d.text[d.toks[k-1].end:d.toks[k].start], "\n")
}

// tokenAt returns the token that starts at byte offset off, or the
// first after it.
func (d *doc) tokenAt(off int) int {
	k, _ := slices.BinarySearchFunc(d.toks, off, func(t token, off int) int { return t.start - off })
	return min(k, len(d.toks)-1)
}

// skip reports whether records are not read from a sentence: a headline
// or page furniture.
func (d *doc) skip(s sentence) bool { return d.headline(s) || d.furniture(s) }

// span is the byte range of tokens toks[i:j].
func (d *doc) span(i, j int) Span { return Span{d.toks[i].start, d.toks[j-1].end} }

// words returns the text of tokens toks[i:j] as written.
func (d *doc) words(i, j int) string {
	if i >= j {
		return ""
	}
	return d.text[d.toks[i].start:d.toks[j-1].end]
}

// fold is domain.Fold of a token's text.
func fold(s string) string { return domain.Fold(s) }
