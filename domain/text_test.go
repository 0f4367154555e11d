package domain

import (
	"strings"
	"testing"
)

func TestTextProblem(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		multiline bool
		want      string // a part of the message; "" for none
	}{
		{"plain", "Perú, 한국 😀", false, ""},
		{"replacement character itself", "a\uFFFDb", false, ""},
		{"NUL", "MOU\x00", false, "U+0000 at character 4"},
		{"bell", "\aMOU", false, "U+0007 at character 1"},
		{"vertical tab", "a\vb", true, "U+000B"},
		{"escape", "a\x1b[31m", true, "U+001B"},
		{"delete", "a\x7f", false, "U+007F"},
		{"C1 control", "a\u0085b", true, "U+0085"},
		{"noncharacter", "a\uFFFE", true, "U+FFFE"},
		{"line feed, one line", "a\nb", false, "one line"},
		{"tab, one line", "a\tb", false, "U+0009"},
		{"line feed and tab, multi-line", "a\nb\tc", true, ""},
		{"bare CR, multi-line", "a\rb", true, "U+000D"},
		{"CR LF, multi-line", "a\r\nb", true, "U+000D"},
		{"invalid UTF-8", "caf\xe9", false, "not valid UTF-8"},
	}
	for _, tc := range tests {
		got := TextProblem(tc.in, tc.multiline)
		if (got == "") != (tc.want == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: TextProblem(%q, %v) = %q, want %q", tc.name, tc.in, tc.multiline, got, tc.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		in        string
		multiline bool
		want      string
	}{
		{"Perú 😀", false, "Perú 😀"},
		{"a\x00b\ac\x1bd\ve\x7f", true, "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFD"},
		{"a\r\nb\rc\nd\te", true, "a\nb\nc\nd\te"},
		{"a\r\nb\rc\nd\te", false, "a b c d e"},
		{"caf\xe9", false, "caf\uFFFD"},
		{"x\u0085\uFFFF", false, "x\uFFFD\uFFFD"},
	}
	for _, tc := range tests {
		got := CleanText(tc.in, tc.multiline)
		if got != tc.want {
			t.Errorf("CleanText(%q, %v) = %q, want %q", tc.in, tc.multiline, got, tc.want)
		}
		if p := TextProblem(got, tc.multiline); p != "" {
			t.Errorf("CleanText(%q, %v) = %q, which still %s", tc.in, tc.multiline, got, p)
		}
	}
}

// TestRecordsRefuseControlCharacters checks that every kind of record
// refuses a control character in its text fields, naming the field, and
// allows tab and line feed only in the multi-line ones.
func TestRecordsRefuseControlCharacters(t *testing.T) {
	org := func(name string, alt ...string) Record {
		return &Organization{Name: name, AltNames: alt, Country: "PE", Kind: OrgMinistry}
	}
	tests := []struct {
		name  string
		rec   interface{ Validate() error }
		field string // "" when valid
	}{
		{"a clean organization", org("Ministerio de Justicia", "MINJUS"), ""},
		{"NUL in a name", org("Ministerio\x00"), "name"},
		{"bell in another name", org("Ministerio", "MIN\aJUS"), "alt_names[0]"},
		{"line feed in a name", org("Ministerio\nde Justicia"), "name"},
		{"escape in a person's post", &Person{FullName: "Ana", Positions: []Position{{Title: "Vice\x1bminister"}}}, "positions[0].title"},
		{"bare CR in an agreement's title", &Agreement{Kind: AgreementMOU, Title: "MOU\rBEGIN:VEVENT", Status: StatusDraft}, "title"},
		{"vertical tab in a signatory's capacity", &Agreement{Kind: AgreementMOU, Title: "MOU", Status: StatusDraft,
			Signatories: []Signatory{{Organization: &Ref{ID: "o1"}, Capacity: "for\vPeru"}}}, "signatories[0].capacity"},
		{"NUL in a subject", &Agreement{Kind: AgreementMOU, Title: "MOU", Status: StatusDraft, Subjects: []string{"trade", "e-gov\x00"}}, "subjects[1]"},
		{"tab in an event's city", &Event{Kind: EventForum, Title: "Forum", StartOn: "2015-04-20", Place: Place{City: "Lima\t"}}, "place.city"},
		{"delete in an outcome", &Event{Kind: EventForum, Title: "Forum", StartOn: "2015-04-20", Outcomes: []string{"an MOU\x7f"}}, "outcomes[0]"},
		{"C1 control in a milestone", &Program{Name: "Plan", Status: ProgramActive, Milestones: []Milestone{{On: "2015-04-20", Title: "Pilot\u009b"}}}, "milestones[0].title"},
		{"escape in a program's sector", &Program{Name: "Plan", Status: ProgramActive, Sector: "\x1b[2J"}, "sector"},
		{"lines and tabs in an article's text", &Source{Title: "News", Text: "Lima, 17 Apr.\n\n\tThe ministers met."}, ""},
		{"bare CR in an article's text", &Source{Title: "News", Text: "Lima\rThe ministers met."}, "text"},
		{"NUL in an article's text", &Source{Title: "News", Text: "Lima\x00"}, "text"},
		{"line feed in a source's title", &Source{Title: "News\nof the day"}, "title"},
		{"lines in a quote", &EvidenceInput{SourceID: "s1", Quote: "They signed.\nThey met."}, ""},
		{"bell in a quote", &EvidenceInput{SourceID: "s1", Quote: "They signed.\a"}, "quote"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.rec.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			e, ok := err.(*Error) //nolint:errorlint // Validate returns *Error unwrapped
			if !ok || e.Code != EINVALID {
				t.Fatalf("Validate() = %v, want %s", err, EINVALID)
			}
			if _, ok := e.Fields[tc.field]; !ok || len(e.Fields) != 1 {
				t.Errorf("fields at fault = %v, want %s alone", e.Fields, tc.field)
			}
		})
	}
}

func TestValidateTokenNameRefusesControlCharacters(t *testing.T) {
	for _, name := range []string{"deploy\x00", "ci\nadmin", "\x1b[31mred"} {
		if err := ValidateTokenName(name); ErrorCode(err) != EINVALID {
			t.Errorf("ValidateTokenName(%q) = %v, want %s", name, err, EINVALID)
		}
	}
	if err := ValidateTokenName("nightly export ✓"); err != nil {
		t.Errorf("ValidateTokenName(a clean name) = %v, want nil", err)
	}
}
