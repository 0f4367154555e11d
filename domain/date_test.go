package domain

import (
	"strconv"
	"strings"
	"testing"
)

// TestDatesOutsideTheYearsAreRefused: a record's dates fall in 1900-2200
// unless SetYearRange says otherwise; year 0000, 0001-01-01 and
// 9999-12-31 are refused with a message that names the years. Issue 14:
// they were accepted, and stretched every chart by year over ten thousand
// years.
//
// Not parallel: it changes the years for the package.
func TestDatesOutsideTheYearsAreRefused(t *testing.T) {
	tests := []struct {
		on   Date
		want string // part of the message; "" when valid
	}{
		{"1900-01-01", ""},
		{"2015-04-17", ""},
		{"2200-12-31", ""},
		{"1899-12-31", "not between the years 1900 and 2200"},
		{"2201-01-01", "not between the years 1900 and 2200"},
		{"0000-01-01", "not between the years 1900 and 2200"},
		{"0001-01-01", "not between the years 1900 and 2200"},
		{"9999-12-31", "not between the years 1900 and 2200"},
		{"2015-02-30", "not a date of the form YYYY-MM-DD"},
	}
	check := func(t *testing.T, rec interface{ Validate() error }, field string, want string) {
		t.Helper()
		err := rec.Validate()
		e, _ := err.(*Error) //nolint:errorlint // Validate returns *Error unwrapped
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: Validate() = %v, want nil", field, err)
		case want != "" && (e == nil || !strings.Contains(e.Fields[field], want)):
			t.Errorf("%s: Validate() = %v, want %q on %s", field, err, want, field)
		}
	}
	for _, tc := range tests {
		t.Run(string(tc.on), func(t *testing.T) {
			check(t, &Event{Kind: EventForum, Title: "Forum", StartOn: tc.on}, "start_on", tc.want)
			check(t, &Agreement{Kind: AgreementMOU, Title: "MOU", Status: StatusDraft, ExpiresOn: tc.on}, "expires_on", tc.want)
			check(t, &Program{Name: "Plan", Status: ProgramActive, Milestones: []Milestone{{On: tc.on, Title: "Pilot"}}}, "milestones[0].on", tc.want)
			check(t, &Person{FullName: "Ana", Positions: []Position{{Title: "Minister", From: tc.on}}}, "positions[0].from_on", tc.want)
			check(t, &Source{Title: "News", PublishedOn: tc.on}, "published_on", tc.want)
		})
	}

	t.Run("the years can be set", func(t *testing.T) {
		t.Cleanup(func() { _ = SetYearRange(DefaultMinYear, DefaultMaxYear) })
		for _, bad := range [][2]int{{0, 2200}, {1900, 10000}, {2000, 1999}} {
			if err := SetYearRange(bad[0], bad[1]); ErrorCode(err) != EINVALID {
				t.Errorf("SetYearRange(%d, %d) = %v, want %s", bad[0], bad[1], err, EINVALID)
			}
		}
		if first, last := YearRange(); first != DefaultMinYear || last != DefaultMaxYear {
			t.Fatalf("a refused range changed the years to %d-%d", first, last)
		}
		if err := SetYearRange(1, 9999); err != nil {
			t.Fatal(err)
		}
		check(t, &Event{Kind: EventForum, Title: "Forum", StartOn: "0001-01-01"}, "start_on", "")
		if err := SetYearRange(2000, 2050); err != nil {
			t.Fatal(err)
		}
		check(t, &Event{Kind: EventForum, Title: "Forum", StartOn: "1999-12-31"}, "start_on", "not between the years 2000 and 2050")
	})
}

// TestCountPerYearStaysBounded: whatever dates are stored, the counts by
// year that charts and tables lay out are at most MaxYearRows. Issue 14:
// an event on 0001-01-01 and an agreement signed on 9999-12-31 made a
// chart and a table of ten thousand years.
func TestCountPerYearStaysBounded(t *testing.T) {
	dossier := func(events []Date, signed ...Date) *Dossier {
		d := &Dossier{}
		for _, on := range events {
			d.Events = append(d.Events, &Event{StartOn: on})
		}
		for _, on := range signed {
			d.Agreements = append(d.Agreements, &Agreement{SignedOn: on})
		}
		return d
	}
	years := func(rows []YearCount) []int {
		var out []int
		for _, r := range rows {
			out = append(out, r.Year)
		}
		return out
	}
	var many []Date
	for y := 1901; y <= 2100; y += 2 {
		many = append(many, Date(strconv.Itoa(y)+"-06-01"))
	}
	tests := []struct {
		name      string
		d         *Dossier
		first     int
		last, n   int
		everyYear bool
	}{
		{"a few years, every one between", dossier([]Date{"2013-01-01", "2016-03-01"}, "2015-04-20"), 2013, 2016, 4, true},
		{"dates stored outside the years", dossier([]Date{"0001-01-01", "2015-04-20", "0000-01-01"}, "9999-12-31", "2016-01-01"), 2015, 2016, 2, true},
		{"years far apart: those with a count", dossier([]Date{"1901-01-01", "2015-04-20"}, "2200-12-31"), 1901, 2200, 3, false},
		{"a hundred years with a count: the latest", dossier(many), 2101 - 2*MaxYearRows, 2099, MaxYearRows, false},
	}
	for _, tc := range tests {
		rows := CountPerYear(tc.d, "", "")
		got := years(rows)
		if len(got) != tc.n || got[0] != tc.first || got[len(got)-1] != tc.last {
			t.Errorf("%s: years %v, want %d of them, %d to %d", tc.name, got, tc.n, tc.first, tc.last)
		}
		if tc.everyYear && len(got) != tc.last-tc.first+1 {
			t.Errorf("%s: years %v, want every year from %d to %d", tc.name, got, tc.first, tc.last)
		}
	}
}
