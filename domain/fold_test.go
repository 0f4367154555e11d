package domain

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"   ", ""},
		{"peru", "peru"},
		{"Perú", "peru"},
		{"PERÚ", "peru"},
		{"PERU", "peru"},
		{"  São  Tomé ", "sao tome"},
		{"Chong, Jong-sup", "chong, jong-sup"},
		{"chong, jong-sup", "chong, jong-sup"},
		{"Côte d'Ivoire", "cote d'ivoire"},
		{"Åland Islands", "aland islands"},
		{"Curaçao", "curacao"},
		{"Réunion", "reunion"},
		{"Türkiye", "turkiye"},
		{"İstanbul", "istanbul"},
		{"Ñuñoa", "nunoa"},
		{"MÜNCHEN\tund\n\nKÖLN", "munchen und koln"},
		{"a\u00a0\u2003b", "a b"},                    // no-break and em spaces
		{"e\u0301cole", "ecole"},                     // already decomposed
		{"Ærø Øresund Straße", "ærø øresund straße"}, // no decomposition: only lower-cased
		{"Ελλάδα", "ελλαδα"},
		{"Москва́", "москва"},
		{"東京", "東京"},
		{"  lead and trail  ", "lead and trail"},
		{"Tab\there", "tab here"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldLong(t *testing.T) {
	in := strings.Repeat("  Ab\tCD ", 50) // longer than the stack buffer
	want := strings.TrimSpace(strings.Repeat("ab cd ", 50))
	if got := Fold(in); got != want {
		t.Errorf("Fold(%q) = %q, want %q", in, got, want)
	}
	if got := Fold(in + "é"); got != want+" e" {
		t.Errorf("Fold(long+é) = %q, want %q", got, want+" e")
	}
}

func TestFoldInvalidUTF8(t *testing.T) {
	tests := []struct{ in, want string }{
		{"x\xffy", "x\ufffdy"},
		{"\xe2\x82", "\ufffd\ufffd"},
		{"A\xf2ӳ", "a\ufffdу"}, // the rune after a bad byte still loses its mark
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldIdempotent(t *testing.T) {
	for _, s := range []string{"Perú", "  São  Tomé ", "Chong, Jong-sup", "ÅLAND", "a\u00a0b", "x"} {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Errorf("Fold(Fold(%q)) = %q, want %q", s, twice, once)
		}
	}
}

func TestFoldNoAllocWhenFolded(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() { _ = Fold("already folded text") })
	if allocs != 0 {
		t.Errorf("Fold of folded ASCII: %v allocs, want 0", allocs)
	}
}

// foldSamples are strings on which Fold must agree with foldNFD, the
// plain whole-string NFD version.
var foldSamples = []string{
	"Perú", "  São  Tomé ", "Chong, Jong-sup", "Tiếng Việt có dấu: Nguyễn Thị Ánh",
	"Ångström \u212b", "ﬁancé", "Ǆemal", "한국어 대한민국", "Hello 한국", "日本語のテキスト",
	"Ελληνική Δημοκρατία", "Российская Федерация", "Đà Nẵng", "Łódź", "Ørsted",
	"a\u0323\u0302b", "q\u0302\u0323", "\u0301leading mark",
	"\u1e9e STRASSE", "İzmir ıIiİ", "क्षत्रिय", "العربية", "עִבְרִית", "\u00a0\u2028 x \u3000",
}

func TestFoldMatchesNFD(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := Fold(s), foldNFD(s); got != want {
			t.Errorf("Fold(%q) = %q, but NFD fold gives %q", s, got, want)
		}
	}
	for _, s := range foldSamples {
		check(s)
	}
	// Random strings over ranges with many decomposable letters and marks.
	ranges := [][2]rune{{0x20, 0x7e}, {0xa0, 0x24f}, {0x300, 0x36f}, {0x370, 0x4ff}, {0x1e00, 0x1fff}, {0xac00, 0xac40}, {0x2000, 0x206f}, {0xfb00, 0xfb4f}}
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for range 3000 {
		b.Reset()
		for range rng.IntN(12) {
			rg := ranges[rng.IntN(len(ranges))]
			r := rg[0] + rng.Int32N(rg[1]-rg[0]+1)
			if rng.IntN(2) == 0 {
				r = rg[0] + rng.Int32N(min(rg[1]-rg[0]+1, 0x60))
			}
			b.WriteRune(r)
		}
		check(b.String())
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range foldSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		// On invalid UTF-8 norm's NFD may leave the rune after a bad byte
		// undecomposed; Fold decomposes it, so compare valid input only.
		if want := foldNFD(s); utf8.ValidString(s) && got != want {
			t.Errorf("Fold(%q) = %q, but NFD fold gives %q", s, got, want)
		}
		if Fold(got) != got {
			t.Errorf("Fold not idempotent on %q: %q then %q", s, got, Fold(got))
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Errorf("Fold(%q) = %q has untrimmed or doubled spaces", s, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("Fold(%q) = %q is not valid UTF-8", s, got)
		}
	})
}

var foldSink string

func BenchmarkFold(b *testing.B) {
	inputs := []struct{ name, s string }{
		{"folded", "republic of korea"},
		{"ascii", "  Ministry of Foreign Affairs  of PERU "},
		{"accents", "  São  Tomé and Príncipe, Côte d'Ivoire, Perú "},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				foldSink = Fold(in.s)
			}
		})
	}
}
