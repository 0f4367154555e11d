package pdf

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"cooptrack/domain"
)

// maxFuzzText bounds each text the brief fuzzers print, in bytes: a
// record's name or title is at most 500 characters, and longer texts only
// make each brief slower, not different.
const maxFuzzText = 2000

// fuzzSeeds are issue 14's crashers (characters past U+FFFF) and the
// other texts that trip PDF writers up.
var fuzzSeeds = []string{
	"PanicTest 😀", "🇵🇪", "𝐀𝐁𝐂", "𠀀𠜎", "\U00010000", "\U0010FFFF", "\uFFFF\uFFFE",
	"Jose\u0301", "مرحبا שלום", "MOU\x00\a\x1b\v\r\n\t", "caf\xe9\xff", "한-페루 Perú",
	"(\\) %PDF-1.4 endstream", "\u202eevil\u202c", "",
}

// fuzzBrief prints a brief whose records hold the texts in the font, and
// fails the test if the writer fails or panics, or what it prints is not a
// PDF.
func fuzzBrief(t *testing.T, font *Font, name, title string) {
	name, title = name[:min(len(name), maxFuzzText)], title[:min(len(title), maxFuzzText)]
	d := sampleDossier(1)
	d.Organizations[0].Name = name
	d.People[0].FullName = name
	d.People[0].Positions[0].Title = title
	d.Agreements[0].Title = title
	d.Agreements[0].Subjects = []string{name}
	d.Events[0].Title = title
	d.Events[0].Place.City = name
	d.Programs[0].Name = title
	d.Programs[0].Milestones[0].Title = name
	d.Sources[0].Title = title
	d.Sources[0].Publisher = name
	d.Sources[0].URL = "https://example.org/" + name
	b := domain.ComposeBrief(d, sampleOptions)
	var buf bytes.Buffer
	if err := Write(&buf, &b, font); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("the output does not start a PDF: %q", buf.Bytes()[:min(buf.Len(), 16)])
	}
}

// FuzzBrief prints briefs whose records hold any text in the core font,
// and checks that the text as cleaned for fpdf holds nothing a TrueType
// font's character map cannot take (past U+FFFF: issue 14's panic) and no
// control character.
//
//	go test -run '^$' -fuzz '^FuzzBrief$' -fuzztime 60s ./web/report/pdf/
func FuzzBrief(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, name, title string) {
		for _, s := range []string{name, title} {
			for _, multiline := range []bool{false, true} {
				c := clean(s, multiline)
				if !utf8.ValidString(c) {
					t.Fatalf("clean(%q, %v) = %q, not UTF-8", s, multiline, c)
				}
				for _, r := range c {
					lineBreak := multiline && (r == '\n' || r == '\t')
					if r > 0xFFFF || r < 0x20 && !lineBreak || r >= 0x7f && r <= 0x9f {
						t.Fatalf("clean(%q, %v) = %q, which holds %U", s, multiline, c, r)
					}
				}
			}
		}
		fuzzBrief(t, CoreFont(), name, title)
	})
}

// FuzzBriefUnicode prints briefs whose records hold any text in the
// Unicode TrueType font, which is what met the panic; it skips without
// one. Each brief parses the font and embeds a subset of it: about 30
// briefs a second on two cores, and nearly every new character is new
// coverage, which the fuzzer then minimises (up to a minute each). One
// short text keeps that quick.
//
//	go test -run '^$' -fuzz '^FuzzBriefUnicode$' -fuzztime 60s ./web/report/pdf/
func FuzzBriefUnicode(f *testing.F) {
	font, err := LoadFont(DebianFont)
	if err != nil {
		f.Skipf("no Unicode font (%v): apt-get install fonts-nanum", err)
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		text = text[:min(len(text), 256)]
		fuzzBrief(t, font, text, text)
	})
}
