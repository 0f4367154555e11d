package pdf

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cooptrack/domain"
)

func TestLoadFont(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name, path, wantErr string
	}{
		{"missing", filepath.Join(dir, "none.ttf"), "no such file"},
		{"collection", write("fonts.ttc", []byte("ttcf\x00\x01\x00\x00")), "TrueType collection (.ttc)"},
		{"not a font", write("notes.ttf", []byte("hello")), "is not a TrueType (.ttf) font"},
		{"broken font", write("broken.ttf", []byte{0, 1, 0, 0, 9, 9}), "font "},
	} {
		f, err := LoadFont(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: LoadFont = %v, %v; want an error saying %q", tc.name, f, err, tc.wantErr)
		}
	}

	f, err := LoadFont("")
	if err != nil {
		t.Fatal(err)
	}
	_, statErr := os.Stat(DebianFont)
	if got, want := f.Unicode(), statErr == nil; got != want {
		t.Errorf("LoadFont(\"\") found a Unicode font: %v; want %v (%s is there: %v)", got, want, DebianFont, want)
	}
}

// sampleDossier is a made-up country with n people, agreements, events
// and programs, all citing sources.
func sampleDossier(n int) *domain.Dossier {
	d := &domain.Dossier{Country: domain.Country{Code: "PE", Name: "Peru", Region: "Americas", SubRegion: "South America"}}
	org := &domain.Organization{Meta: domain.Meta{ID: "o0"}, Name: "Presidencia del Consejo de Ministros del Perú", Country: "PE"}
	d.Organizations = append(d.Organizations, org)
	cite := func(i int) domain.Meta {
		return domain.Meta{ID: fmt.Sprint(i), Evidence: []domain.Citation{{Source: domain.Ref{ID: fmt.Sprintf("s%d", i%50)}}}}
	}
	for i := range 50 {
		d.Sources = append(d.Sources, &domain.Source{Meta: domain.Meta{ID: fmt.Sprintf("s%d", i)}, Title: fmt.Sprintf("Artículo %d", i), Publisher: "Andina", PublishedOn: "2015-04-21", URL: fmt.Sprintf("https://andina.example.pe/noticias/%d", i)})
	}
	for i := range n {
		day := domain.MustDate("2010-01-01").AddDays(i * 7)
		d.People = append(d.People, &domain.Person{Meta: cite(i), FullName: fmt.Sprintf("José Núñez %d", i), Country: "PE",
			Positions: []domain.Position{{Title: "Viceministro", Organization: &domain.Ref{ID: "o0", Name: org.Name}, From: day}}})
		d.Agreements = append(d.Agreements, &domain.Agreement{Meta: cite(i), Title: fmt.Sprintf("Memorando de entendimiento %d sobre gobierno electrónico y modernización de la gestión pública", i),
			Kind: domain.AgreementMOU, Status: domain.StatusSigned, SignedOn: day, ExpiresOn: day.AddDays(5 * 365), Renewal: domain.Renewal{NoticeDays: 90},
			Parties: []domain.Ref{{ID: "o0", Name: org.Name}}})
		d.Events = append(d.Events, &domain.Event{Meta: cite(i), Title: fmt.Sprintf("Foro %d de gobierno electrónico, 한-페루", i), Kind: domain.EventForum,
			StartOn: day.AddDays(2000), Place: domain.Place{City: "Lima", Country: "PE"}})
		d.Programs = append(d.Programs, &domain.Program{Meta: cite(i), Name: fmt.Sprintf("Programa %d", i), Status: domain.ProgramActive, StartOn: day,
			Milestones: []domain.Milestone{{On: day.AddDays(100), Title: "Plan"}, {On: day.AddDays(200), Title: "Piloto", Done: true}}})
	}
	return d
}

var sampleOptions = domain.BriefOptions{Today: "2016-01-15", AsOf: time.Date(2016, 1, 15, 12, 0, 0, 0, time.UTC)}

func sampleBrief(n int) *domain.Brief {
	b := domain.ComposeBrief(sampleDossier(n), sampleOptions)
	return &b
}

// TestWriteWithEachFont prints the same brief in the core font and, when it
// is installed, Debian's Nanum, and reads both back with pdftotext.
func TestWriteWithEachFont(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	fonts := []*Font{CoreFont()}
	if f, err := LoadFont(DebianFont); err == nil {
		fonts = append(fonts, f)
	}
	b := sampleBrief(12)
	for _, f := range fonts {
		var buf bytes.Buffer
		if err := Write(&buf, b, f); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		file := filepath.Join(t.TempDir(), "brief.pdf")
		if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", file, "-").Output()
		if err != nil {
			t.Fatalf("%s: pdftotext: %v", f, err)
		}
		text := string(out)
		want := []string{"Presidencia del Consejo de Ministros del Perú", "José Núñez 11", "Artículo", "https://andina.example.pe/noticias/"}
		if f.Unicode() {
			want = append(want, "한-페루")
		} else {
			want = append(want, "Foro 11 de gobierno electrónico, .") // Hangul has no cp1252 form
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the brief lacks %q", f, w)
			}
		}
		if m := wrappedDate.FindString(text); m != "" {
			t.Errorf("%s: a date is wrapped in its column: %q", f, m)
		}
	}
}

// TestBriefPrintsTextFromEveryPlane prints a brief whose records hold text
// from every plane of Unicode, in each font, and reads it back with
// pdftotext: what the font can show reads back as it was written (a
// character past the Basic Multilingual Plane may become U+FFFD, and the
// core font's missing characters dots), and no text makes the writer fail
// or panic. Issue 14: one emoji in a title made every brief of its country
// a 500.
func TestBriefPrintsTextFromEveryPlane(t *testing.T) {
	t.Parallel()
	_, err := exec.LookPath("pdftotext")
	hasReader := err == nil
	fonts := []*Font{CoreFont()}
	if f, err := LoadFont(DebianFont); err == nil {
		fonts = append(fonts, f)
	}
	tests := []struct {
		name, text string
		// unicode is what a Unicode font reads back; the core font must
		// read back the ASCII words around the text.
		unicode string
	}{
		{"Latin with accents and Hangul", "Núñez 한국어", "Núñez 한국어"},
		{"an emoji", "PanicTest 😀", "PanicTest \uFFFD"},
		{"mathematical letters", "𝐀𝐁𝐂 algebra", "\uFFFD\uFFFD\uFFFD algebra"},
		{"CJK extension B", "𠀀𠜎 Seúl", "\uFFFD\uFFFD Seúl"},
		{"a flag", "🇵🇪 Perú", "\uFFFD\uFFFD Perú"},
		{"an emoji with a variation selector and a joiner", "👩\u200d💻\ufe0f dev", "\uFFFD\u200d\uFFFD\ufe0f dev"},
		{"combining marks", "Jose\u0301 Nu\u0303n\u0303ez", "José Nũñez"},
		{"right to left", "مرحبا שלום", ""},
		{"the first character past the BMP", "\U00010000", "\uFFFD"},
		{"the last code point", "\U0010FFFF", "\uFFFD"},
		{"the BMP's last characters", "\uFFFD\uFFFC", ""},
		{"control characters", "MOU\x00\a\x1b\v\r\n\tend", "MOU"},
		{"invalid UTF-8", "caf\xe9 \xff\xfe", "caf"},
	}
	for _, tc := range tests {
		for _, f := range fonts {
			t.Run(tc.name+"/"+map[bool]string{true: "unicode", false: "core"}[f.Unicode()], func(t *testing.T) {
				t.Parallel()
				d := sampleDossier(2)
				d.Agreements[0].Title = "Agreement " + tc.text + " ends"
				d.Events[0].Title = "Event " + tc.text + " ends"
				d.People[0].FullName = "Person " + tc.text
				d.Organizations[0].Name = "Org " + tc.text
				d.Sources[0].Title = "Source " + tc.text
				d.Programs[0].Milestones[0].Title = "Milestone " + tc.text
				b := domain.ComposeBrief(d, sampleOptions)
				var buf bytes.Buffer
				func() {
					defer func() {
						if v := recover(); v != nil {
							t.Fatalf("Write panicked: %v", v)
						}
					}()
					if err := Write(&buf, &b, f); err != nil {
						t.Fatalf("Write: %v", err)
					}
				}()
				if !hasReader {
					return
				}
				text := pdfText(t, buf.Bytes())
				want := []string{"Agreement ", "Event ", "Person ", "Source ", "Milestone "}
				if f.Unicode() && tc.unicode != "" {
					want = append(want, "Agreement "+tc.unicode, "Person "+tc.unicode)
				}
				for _, w := range want {
					if !strings.Contains(text, w) {
						t.Errorf("the brief lacks %q:\n%s", w, text)
					}
				}
				for _, r := range text {
					if r < 0x20 && r != '\n' && r != '\f' || r == 0x7f {
						t.Errorf("the brief holds the control character %U", r)
					}
				}
			})
		}
	}
}

// pdfText is the text of a PDF as pdftotext reads it, lines as they run.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "brief.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// wrappedDate finds a day and month whose year went to the next line.
var wrappedDate = regexp.MustCompile(`\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( {2,}.*)?\n`)

// BenchmarkBrief composes the brief of a country of 200 people,
// agreements, events and programs (the brief lists the first 20 to 40 of
// each) and lays it out, in the core font and in Nanum when installed.
func BenchmarkBrief(b *testing.B) {
	fonts := []*Font{CoreFont()}
	if f, err := LoadFont(DebianFont); err == nil {
		fonts = append(fonts, f)
	}
	for _, f := range fonts {
		name := "core"
		if f.Unicode() {
			name = "nanum"
		}
		b.Run(name, func(b *testing.B) {
			d := sampleDossier(200)
			b.ReportAllocs()
			for b.Loop() {
				brief := domain.ComposeBrief(d, sampleOptions)
				if err := Write(io.Discard, &brief, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
