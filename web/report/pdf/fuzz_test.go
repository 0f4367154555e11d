package pdf

import (
	"bytes"
	"testing"

	"cooptrack/domain"
)

// FuzzBrief prints a brief whose records hold any text, in the core font
// and in the Unicode font when it is installed: the writer must neither
// fail nor panic, whatever the text (issue 14: characters past U+FFFF
// panicked inside fpdf).
//
//	go test -run '^$' -fuzz '^FuzzBrief$' -fuzztime 60s ./web/report/pdf/
func FuzzBrief(f *testing.F) {
	fonts := []*Font{CoreFont()}
	if u, err := LoadFont(DebianFont); err == nil {
		fonts = append(fonts, u)
	}
	for _, s := range []string{
		"PanicTest 😀", "🇵🇪", "𝐀𝐁𝐂", "𠀀𠜎", "\U00010000", "\U0010FFFF", "\uFFFF\uFFFE",
		"Jose\u0301", "مرحبا שלום", "MOU\x00\a\x1b\v\r\n\t", "caf\xe9\xff", "한-페루 Perú",
		"(\\) %PDF-1.4 endstream", "\u202eevil\u202c", "",
	} {
		f.Add(s, s, true)
	}
	f.Fuzz(func(t *testing.T, name, title string, unicode bool) {
		font := fonts[0]
		if unicode {
			font = fonts[len(fonts)-1]
		}
		d := sampleDossier(1)
		d.Country.Name = name
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
	})
}
