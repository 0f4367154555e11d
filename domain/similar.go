package domain

import (
	"slices"
	"strings"
	"unicode"
)

// SimilarNames reports whether a and b may be the same name written two
// ways, so that a form can point out a possible duplicate before a second
// organization or person is created. It is deliberately generous: a false
// alarm costs a click, a duplicate costs a merge.
//
// Two names are similar when, after these steps, their words are the same:
//
//   - case and accents are ignored (Fold), and so is punctuation: commas,
//     full stops, brackets; apostrophes are dropped ("Minister's");
//   - a hyphenated word is one word ("Jong-sup" is "jongsup");
//   - a few connecting words are ignored (connectors: "of", "the", "de",
//     "del", "and", "y", …);
//   - the Korean romanisation variants in romanisations are one syllable
//     ("Jeong" is "Jong" is "Chong"), also inside a word ("Jeongseob");
//   - word order is ignored ("Jong-sup Chong" is "Chong, Jong-sup");
//   - the words may also be split differently when read in order, with
//     the first words moved to the end ("Jong Sup Chong" is "Chong
//     Jongsup"), as a family name moves;
//   - on words of five letters or more, one slip of a letter is forgiven,
//     two on words of nine or more, for at most two words ("Justiça" is
//     "Justicia").
func SimilarNames(a, b string) bool {
	return ParseName(a).Similar(ParseName(b))
}

// Name is a name read once for many comparisons: its words as
// SimilarNames reads them, in order and sorted.
type Name struct {
	words, sorted []string
}

// ParseName reads s for comparison.
func ParseName(s string) Name {
	w := nameWords(s)
	sorted := slices.Clone(w)
	slices.Sort(sorted)
	return Name{words: w, sorted: sorted}
}

// Words returns the words compared, in the order written; the caller must
// not change them.
func (n Name) Words() []string { return n.words }

// Same reports whether a and b are the same name once case, accents,
// punctuation, connecting words, romanisation, word order and the
// splitting of syllables are set aside: SimilarNames without the slips of
// a letter. It is what a match must meet to be sure.
func (n Name) Same(o Name) bool {
	if len(n.words) == 0 || len(o.words) == 0 {
		return false
	}
	return slices.Equal(n.sorted, o.sorted) || sameRotated(n.words, o.words)
}

// Similar is SimilarNames on names already read.
func (n Name) Similar(o Name) bool {
	ta, tb := n.words, o.words
	if len(ta) == 0 || len(tb) == 0 {
		return false
	}
	if sameRotated(ta, tb) {
		return true
	}
	if len(ta) != len(tb) {
		return false
	}
	sa, sb := n.sorted, o.sorted
	if slices.Equal(sa, sb) {
		return true
	}
	// Take out the words both have; what is left must pair up with slips.
	var ra, rb []string
	i, j := 0, 0
	for i < len(sa) && j < len(sb) {
		switch {
		case sa[i] == sb[j]:
			i++
			j++
		case sa[i] < sb[j]:
			ra = append(ra, sa[i])
			i++
		default:
			rb = append(rb, sb[j])
			j++
		}
	}
	ra, rb = append(ra, sa[i:]...), append(rb, sb[j:]...)
	switch len(ra) {
	case 1:
		return closeWords(ra[0], rb[0])
	case 2:
		return (closeWords(ra[0], rb[0]) && closeWords(ra[1], rb[1])) ||
			(closeWords(ra[0], rb[1]) && closeWords(ra[1], rb[0]))
	}
	return false
}

// connectors are the words a name may have or leave out without naming
// something else: "Ministry of Justice", "Ministerio de Justicia".
var connectors = map[string]bool{
	"the": true, "of": true, "and": true, "for": true,
	"de": true, "del": true, "la": true, "las": true, "los": true, "el": true, "y": true,
	"da": true, "do": true, "das": true, "dos": true, "e": true,
	"des": true, "du": true, "le": true, "les": true, "et": true,
}

// romanisations maps the spellings of a few Korean syllables to one form.
// The table is kept small on purpose: each line is a syllable that news
// articles spell several ways, and a wrong entry makes false alarms.
//
//	정/종  Jeong, Jong, Chong, Chung
//	섭     Seob, Sup, Seop
//	김     Gim, Kim
//	이     I, Lee, Yi, Rhee
//	박     Bak, Park, Pak
//	최     Choe, Choi
var romanisations = map[string]string{
	"jeong": "jeong", "jong": "jeong", "chong": "jeong", "chung": "jeong",
	"seob": "seob", "sup": "seob", "seop": "seob",
	"gim": "gim", "kim": "gim",
	"i": "i", "lee": "i", "yi": "i", "rhee": "i",
	"bak": "bak", "park": "bak", "pak": "bak",
	"choe": "choe", "choi": "choe",
}

// nameWords returns the words of a name in the form SimilarNames compares.
func nameWords(s string) []string {
	var words, all []string
	var word, part strings.Builder
	endPart := func() {
		if part.Len() > 0 {
			word.WriteString(romanSyllable(part.String()))
			part.Reset()
		}
	}
	endWord := func() {
		endPart()
		if word.Len() == 0 {
			return
		}
		w := romanisedWord(word.String())
		word.Reset()
		all = append(all, w)
		if !connectors[w] {
			words = append(words, w)
		}
	}
	for _, r := range Fold(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			part.WriteRune(r)
		case r == '-' || r == '\u2010' || r == '\u2011':
			endPart()
		case r == '\'' || r == '\u2019':
		default:
			endWord()
		}
	}
	endWord()
	if len(words) == 0 {
		return all // a name made only of connectors is compared as it is
	}
	return words
}

// romanSyllable returns the common form of a romanised syllable, or s.
func romanSyllable(s string) string {
	if c, ok := romanisations[s]; ok {
		return c
	}
	return s
}

// romanisedWord returns w with its syllables in their common form when w is
// two syllables of the table run together ("jeongseob"), and w otherwise.
func romanisedWord(w string) string {
	if _, ok := romanisations[w]; ok {
		return romanisations[w]
	}
	for i := 1; i < len(w); i++ {
		a, okA := romanisations[w[:i]]
		b, okB := romanisations[w[i:]]
		if okA && okB {
			return a + b
		}
	}
	return w
}

// sameRotated reports whether the words of a, run together, read as those
// of b run together, starting from any of b's words: "jong sup chong" and
// "chong jongsup".
func sameRotated(a, b []string) bool {
	joined := strings.Join(a, "")
	n := len(b)
	for k := range n {
		if strings.Join(b[k:], "")+strings.Join(b[:k], "") == joined {
			return true
		}
	}
	return false
}

// closeWords reports whether two different words are one slip apart: one
// edit on words of five letters or more, two on words of nine or more.
func closeWords(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	short := min(len(ra), len(rb))
	allowed := 0
	switch {
	case short >= 9:
		allowed = 2
	case short >= 5:
		allowed = 1
	}
	if allowed == 0 || max(len(ra), len(rb))-short > allowed {
		return false
	}
	return nameEditDistance(ra, rb) <= allowed
}

// nameEditDistance is the Levenshtein distance between a and b.
func nameEditDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
