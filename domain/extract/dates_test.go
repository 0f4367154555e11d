package extract

import (
	"testing"

	"cooptrack/domain"
)

func TestDates(t *testing.T) {
	tests := []struct {
		text      string
		published domain.Date
		from, to  string
	}{
		{"The MOU was signed on April 17.", "2015-04-21", "2015-04-17", ""},
		{"It was signed on 20 April 2015.", "2016-01-01", "2015-04-20", ""},
		{"Posted 2018.06.04 by the ministry.", "", "2018-06-04", ""},
		{"He visited Korea from May 28 to June 1.", "2017-06-08", "2017-05-28", "2017-06-01"},
		{"He visited Colombia and Peru from April 17 to 20.", "2015-04-21", "2015-04-17", "2015-04-20"},
		{"They met in Seoul on June 13-14.", "2022-06-16", "2022-06-13", "2022-06-14"},
		{"The two cities will hold a forum in Lima in May.", "2022-03-10", "2022-05", ""},
		{"The two sides agreed to hold a seminar on February 5.", "2023-12-15", "2024-02-05", ""},
		{"They met on June 13-14, 2019.", "2022-06-16", "2019-06-13", "2019-06-14"},
		{"They met on Tuesday.", "2021-11-26", "2021-11-23", ""},
		{"They will meet on Tuesday.", "2021-11-26", "2021-11-30", ""},
		{"Exports grew last year.", "2022-06-16", "2021", ""},
		{"The agency hosted a seminar earlier this month.", "2017-06-08", "2017-06", ""},
		{"The forum was held in March.", "2019-09-13", "2019-03", ""},
		{"The plan was adopted in March 2024.", "2025-01-01", "2024-03", ""},
		{"KOICA has worked there since 2011.", "2022-03-09", "2011", ""},
		// a past date after publication is last year's
		{"The agreement was signed on December 30.", "2019-01-07", "2018-12-30", ""},
		// a range across the new year
		{"He visited Mongolia from December 28 to January 3.", "2019-01-07", "2018-12-28", "2019-01-03"},
		{"The visit ran from 28 May to 1 June 2018.", "2018-06-08", "2018-05-28", "2018-06-01"},
		{"It was held from 6 to 10 November 2023.", "2023-11-13", "2023-11-06", "2023-11-10"},
		// no year and no publication date: no date rather than a guess
		{"It was signed on April 17.", "", "", ""},
		{"You may sign it.", "2015-04-21", "", ""},
	}
	for _, tt := range tests {
		d := newDoc(tt.text)
		got := newDater(d, tt.published).dates()
		from, to := "", ""
		if len(got) > 0 {
			from, to = got[0].from, got[0].to
		}
		if from != tt.from || to != tt.to {
			t.Errorf("%q published %s: got %q..%q, want %q..%q", tt.text, tt.published, from, to, tt.from, tt.to)
		}
	}
}
