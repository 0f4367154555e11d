package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form used to compare names and search text:
// lower-cased, with accents and other combining marks removed (NFD
// decomposition, then every rune of category Mn dropped), every run of
// white space turned into a single space, and leading and trailing space
// trimmed. Punctuation is kept: "Chong, Jong-sup" folds to "chong, jong-sup".
//
//	Fold("Perú") == "peru"
//	Fold("  São  Tomé ") == "sao tome"
//
// Letters that do not decompose (ø, ß, æ, ł…) are only lower-cased, and
// each invalid UTF-8 byte becomes U+FFFD.
// Fold is cheap on plain ASCII and allocates nothing when s is already folded.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return foldUnicode(s)
		}
	}
	if isFoldedASCII(s) {
		return s
	}
	return foldASCII(s)
}

// asciiSpace marks the bytes that unicode.IsSpace accepts in ASCII.
var asciiSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isFoldedASCII reports whether the ASCII string s is its own fold.
func isFoldedASCII(s string) bool {
	prevSpace := true // a leading space is not allowed
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case asciiSpace[c]:
			return false
		default:
			prevSpace = false
		}
	}
	return len(s) == 0 || !prevSpace // no trailing space
}

func foldASCII(s string) string {
	var arr [128]byte // short strings are folded on the stack
	var b []byte
	if len(s) <= len(arr) {
		b = arr[:0]
	} else {
		b = make([]byte, 0, len(s))
	}
	pendingSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if asciiSpace[c] {
			pendingSpace = len(b) > 0
			continue
		}
		if pendingSpace {
			b = append(b, ' ')
			pendingSpace = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// foldUnicode folds a string that has non-ASCII runes. It decomposes one
// rune at a time from norm's tables, which gives the same result as NFD of
// the whole string (canonical reordering only moves combining marks, which
// are dropped) without building the decomposed string. Hangul syllables,
// which norm decomposes algorithmically, go through foldNFD.
func foldUnicode(s string) string {
	var f folder
	f.b.Grow(len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			f.addASCII(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if hangulFirst <= r && r <= hangulLast {
			return foldNFD(s)
		}
		d := norm.NFD.PropertiesString(s[i:]).Decomposition()
		i += size
		if d == nil {
			f.add(r)
			continue
		}
		for j := 0; j < len(d); {
			r, n := utf8.DecodeRune(d[j:])
			j += n
			f.add(r)
		}
	}
	return f.b.String()
}

// foldNFD is Fold done the plain way: NFD of the whole string, then the
// runes one by one.
func foldNFD(s string) string {
	if !utf8.ValidString(s) {
		// NFD leaves the rune after a bad byte undecomposed, so the fold
		// would change again on its own output: every bad byte becomes
		// U+FFFD first, as foldUnicode has it.
		s = string([]rune(s))
	}
	d := norm.NFD.String(s)
	var f folder
	f.b.Grow(len(d))
	for _, r := range d {
		f.add(r)
	}
	return f.b.String()
}

const (
	hangulFirst = 0xAC00 // first precomposed Hangul syllable
	hangulLast  = 0xD7A3 // last one
)

// folder accumulates the folded form of the runes given to it.
type folder struct {
	b            strings.Builder
	pendingSpace bool
}

func (f *folder) addASCII(c byte) {
	if asciiSpace[c] {
		f.pendingSpace = f.b.Len() > 0
		return
	}
	if f.pendingSpace {
		f.b.WriteByte(' ')
		f.pendingSpace = false
	}
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	f.b.WriteByte(c)
}

func (f *folder) add(r rune) {
	switch {
	case r < utf8.RuneSelf:
		f.addASCII(byte(r))
		return
	case 0x300 <= r && r <= 0x36F: // Combining Diacritical Marks, all Mn
		return
	case unicode.Is(unicode.Mn, r):
		return
	case unicode.IsSpace(r):
		f.pendingSpace = f.b.Len() > 0
		return
	}
	if f.pendingSpace {
		f.b.WriteByte(' ')
		f.pendingSpace = false
	}
	f.b.WriteRune(unicode.ToLower(r))
}
