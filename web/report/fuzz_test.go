package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"cooptrack/domain"
)

// FuzzCalendar writes a calendar of one entry with any text: the feed is
// RFC 5545 whatever the text (every line ends in CRLF, is at most 75
// octets and whole UTF-8, holds no control character but tab, and one
// event begins), and golang-ical reads the summary back as written, cleaned
// of control characters.
//
//	go test -run '^$' -fuzz '^FuzzCalendar$' -fuzztime 60s ./web/report/
func FuzzCalendar(f *testing.F) {
	for _, s := range []string{
		"MOU\rBEGIN:VEVENT", "a\r\nb", "\x00\a\v\x1b\x7f\u0085", "Perú; 한국, \"x\" \\n", "PanicTest 😀🇵🇪",
		strings.Repeat("관세청과 페루 국세청 ", 20), "caf\xe9", "END:VCALENDAR\r\n", "",
	} {
		f.Add(s, s, s)
	}
	f.Fuzz(func(t *testing.T, name, summary, description string) {
		var buf bytes.Buffer
		err := WriteCalendar(&buf, Calendar{Name: name, Entries: []domain.CalendarEntry{{
			UID: "a1-expiry@cooptrack", Kind: domain.CalendarExpiry, Start: "2015-04-17", End: "2015-04-18",
			Summary: summary, Description: description, Changed: signed,
		}}})
		if err != nil {
			t.Fatalf("WriteCalendar: %v", err)
		}
		raw := buf.String()
		if !strings.HasSuffix(raw, "\r\n") {
			t.Fatalf("the feed does not end in CRLF: %q", raw)
		}
		events := 0
		for i, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
			switch {
			case len(line) > 75:
				t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
			case !utf8.ValidString(line):
				t.Errorf("line %d is not whole UTF-8: %q", i+1, line)
			case noControl(line, "\t") != "":
				t.Errorf("line %d holds %s: %q", i+1, noControl(line, "\t"), line)
			case line == "BEGIN:VEVENT":
				events++
			}
		}
		if events != 1 {
			t.Fatalf("%d events begin, want 1:\n%q", events, raw)
		}
		cal, err := ics.ParseCalendar(strings.NewReader(raw))
		if err != nil || len(cal.Events()) != 1 {
			t.Fatalf("golang-ical reads %v, %v:\n%q", cal, err, raw)
		}
		p := cal.Events()[0].GetProperty(ics.ComponentPropertySummary)
		if p == nil {
			t.Fatalf("no SUMMARY:\n%q", raw)
		}
		if got, want := p.Value, domain.CleanText(summary, false); got != want {
			t.Errorf("SUMMARY reads %q, want %q:\n%q", got, want, raw)
		}
	})
}
