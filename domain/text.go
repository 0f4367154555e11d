package domain

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text values hold no control characters: RFC 5545 allows none in a
// calendar's text, XML 1.0 hardly any, and a NUL, a bell or an escape is
// garbage in a CSV cell or a PDF. A multi-line field (an article's text, a
// quote) may hold tabs and line feeds; no field holds a carriage return,
// since a line ends in a line feed alone.

// isControl reports whether r is a control character (Unicode's category
// Cc: U+0000-U+001F, U+007F-U+009F) or one of the noncharacters U+FFFE and
// U+FFFF, which XML cannot hold either.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0xFFFE || r == 0xFFFF
}

// TextProblem says what is wrong with s as the value of a text field, ""
// when nothing is: invalid UTF-8, or a control character. A multi-line
// field allows tab and line feed.
func TextProblem(s string, multiline bool) string {
	n := 0
	for i, r := range s {
		n++
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return "is not valid UTF-8"
		case !isControl(r), multiline && (r == '\n' || r == '\t'):
		case multiline:
			return fmt.Sprintf("must not contain control characters other than tab and line feed (%U at character %d)", r, n)
		default:
			return fmt.Sprintf("must be one line of text, without line breaks, tabs or other control characters (%U at character %d)", r, n)
		}
	}
	return ""
}

// CleanText returns s fit to be written where no control character may go,
// for text stored before control characters were refused, or that comes
// from elsewhere: a carriage return (alone or before a line feed) ends a
// line as a line feed does; tab and line feed are kept in multi-line text
// and become spaces otherwise; any other control character, and any byte
// that is not UTF-8, becomes U+FFFD.
func CleanText(s string, multiline bool) string {
	if TextProblem(s, multiline) == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteRune(utf8.RuneError)
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			// the line feed that follows ends the line
		case r == '\r', r == '\n':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t' && !multiline:
			b.WriteByte(' ')
		case r != '\t' && isControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Words renders an enumerated value for people: "under_negotiation" reads
// "under negotiation", "mou" reads "MOU". Pages, the
// timeline's drawing and the exports word values alike with it.
func Words(v any) string {
	s := fmt.Sprint(v)
	if w, ok := wordsFor[s]; ok {
		return w
	}
	return strings.ReplaceAll(s, "_", " ")
}

var wordsFor = map[string]string{
	"mou":                          "MOU",
	"international_organization":   "international organization",
	"agreement_signed":             "agreement signed",
	"agreement_in_force":           "agreement in force",
	"agreement_expires":            "agreement expires",
	"agreement_renewal_notice_due": "renewal notice due",
	"program_start":                "program starts",
	"program_end":                  "program ends",
	"program_milestone":            "milestone",
	"source_published":             "source published",
	"renewal_notice_due":           "renewal notice due",
}

// Clip cuts s to at most n runes, marking the cut: what an error message
// repeats of a user's input.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// Capitalize upper-cases the first letter: "under negotiation" reads
// "Under negotiation".
func Capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
