package extract

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"cooptrack/domain"
)

// dateMention is a date or a range of dates written in tokens [i, j).
// from and to are ISO text of the precision written ("2015-04-17",
// "2015-04", "2015"); to is empty for a single date.
type dateMention struct {
	i, j     int
	from, to string
	// dateline marks the date of a report's opening line ("TASHKENT, Apr
	// 24 (UzA) –"): when it was written, not when anything happened.
	dateline bool
}

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// monthOf returns the month a capitalised token names, or 0. "May" counts
// only when a day or a year is next to it, which the callers check.
func monthOf(t token) time.Month {
	if !t.word || !t.cap() {
		return 0
	}
	return months[strings.ToLower(t.text)]
}

// dayOf returns the day of month a token writes ("17", "17th"), or 0.
func dayOf(t token) int {
	s := strings.TrimRight(strings.ToLower(t.text), "stndrh")
	if len(s) == 0 || len(s) > 2 || len(s) == len(t.text) && len(t.text) > 2 {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 31 {
		return 0
	}
	return n
}

// yearOf returns the year a four-digit token writes, or 0.
func yearOf(t token) int {
	if len(t.text) != 4 {
		return 0
	}
	n, err := strconv.Atoi(t.text)
	if err != nil || n < 1900 || n > 2100 {
		return 0
	}
	return n
}

// ordinalDay reports whether a token writes a day as an ordinal: "23rd",
// "1st", "2nd", "10th".
func ordinalDay(t token) bool { return ordinalOf(t) != 0 }

// ordinalOf returns the day an ordinal token writes, or 0.
func ordinalOf(t token) int {
	s := strings.ToLower(t.text)
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if n, ok := strings.CutSuffix(s, suf); ok && digits(n) && len(n) <= 2 {
			if d := dayOf(token{text: n, word: true}); d != 0 {
				return d
			}
		}
	}
	return 0
}

// dayRangeOf reads "17-20" written as one token.
func dayRangeOf(t token) (a, b int) {
	k := strings.IndexAny(t.text, "-\u2010\u2011")
	if k < 0 {
		return 0, 0
	}
	a = dayOf(token{text: t.text[:k]})
	_, n := decodeRune(t.text[k:])
	b = dayOf(token{text: t.text[k+n:]})
	if a == 0 || b == 0 || b < a {
		return 0, 0
	}
	return a, b
}

// isDayRange reports whether a token is a range of days ("13-14").
func isDayRange(t token) bool {
	a, _ := dayRangeOf(t)
	return a != 0
}

func decodeRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// isRangeWord reports whether a token joins the two ends of a range.
func isRangeWord(t token) bool {
	return t.is("to", "-", "\u2013", "\u2014", "through", "until", "till", "and")
}

func pad2(b []byte, n int) []byte {
	if n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// isoDay, isoMonth, isoYear write dates of each precision.
func isoDay(y int, m time.Month, d int) string {
	b := make([]byte, 0, 10)
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-')
	b = pad2(b, int(m))
	b = append(b, '-')
	return string(pad2(b, d))
}

func isoMonth(y int, m time.Month) string {
	b := make([]byte, 0, 7)
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-')
	return string(pad2(b, int(m)))
}

func isoYear(y int) string { return strconv.Itoa(y) }

// validDay reports whether the day exists (no 30 February).
func validDay(y int, m time.Month, d int) bool {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && t.Month() == m
}

// dater reads the dates of one article.
type dater struct {
	d   *doc
	pub time.Time // zero when the publication date is unknown
}

func newDater(d *doc, published domain.Date) *dater {
	dt := &dater{d: d}
	if published != "" && published.Valid() {
		dt.pub = published.Time()
	}
	return dt
}

// future reports whether sentence s speaks of what is still to come.
func (dt *dater) future(s sentence) bool {
	toks := dt.d.toks[s.first:s.last]
	for i, t := range toks {
		if t.is("will", "shall", "scheduled", "upcoming", "plans", "planned", "intends", "expected", "next") {
			return true
		}
		// "agreed to hold a joint workshop on February 14": what was
		// agreed is still to come
		if t.is("to") && i+1 < len(toks) && toks[i+1].is("hold", "host", "convene", "organize", "organise", "launch") {
			return true
		}
	}
	return false
}

// year completes a date without a year. It returns 0 when there is no
// publication date to complete it from.
func (dt *dater) year(m time.Month, d int, future bool) int {
	if dt.pub.IsZero() {
		return 0
	}
	y := dt.pub.Year()
	if d == 0 { // month precision: compare months
		switch {
		case !future && m > dt.pub.Month():
			return y - 1
		case future && m < dt.pub.Month():
			return y + 1
		}
		return y
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	switch {
	case !future && t.After(dt.pub):
		return y - 1
	case future && t.Before(dt.pub):
		return y + 1
	}
	return y
}

// dates finds the dates of every sentence.
func (dt *dater) dates() []dateMention {
	var out []dateMention
	for _, s := range dt.d.sents {
		fut := dt.future(s)
		for k := s.first; k < s.last; {
			if m, ok := dt.at(k, s, fut); ok {
				m.dateline = dt.dateline(m, s)
				out = append(out, m)
				k = m.j
				continue
			}
			k++
		}
	}
	return out
}

// dateline reports whether a date opens its line after a place in
// capitals and a comma, and a dash or a bracket follows it: "UZBEKISTAN,
// March 29 - Documents were signed", "Seoul , July 30 (VNA) –".
func (dt *dater) dateline(m dateMention, s sentence) bool {
	if dt.alone(m, s) {
		return true // a page's date on a line of its own: "Friday, October 1, 2021"
	}
	if t := dt.tok(m.j, s); t.word && unicode.IsDigit([]rune(t.text)[0]) && dt.tok(m.j+1, s).text == ":" && len(t.text) <= 2 {
		return true // a byline's date and time: "Willy Haryono • 19 May 2016 12:47, Jakarta:"
	}
	if t := dt.tok(m.j, s); strings.Count(t.text, ":") == 1 && len(t.text) <= 5 && unicode.IsDigit([]rune(t.text)[0]) {
		return true
	}
	if m.i-s.first < 2 || m.i-s.first > 5 || dt.tok(m.i-1, s).text != "," {
		return false
	}
	line := strings.LastIndexByte(dt.d.text[:dt.d.toks[m.i].start], '\n')
	if dt.d.toks[s.first].start <= line {
		return false // the place is not at the start of the line
	}
	for k := s.first; k < m.i-1; k++ {
		if t := dt.d.toks[k]; !t.word || !t.cap() {
			return false
		}
	}
	next := dt.tok(m.j, s)
	if next.text == "/" { // "May 14/2020(ENA)"
		next = dt.tok(m.j+2, s)
	}
	return next.is("-", "–", "—", "(", ":") || next.text == ""
}

// alone reports whether a date is all its sentence says, but for a
// weekday and commas.
func (dt *dater) alone(m dateMention, s sentence) bool {
	for k := s.first; k < s.last; k++ {
		if k >= m.i && k < m.j {
			continue
		}
		t := dt.d.toks[k]
		if _, wd := weekdays[strings.ToLower(t.text)]; !wd && t.text != "," && t.text != "." {
			return false
		}
	}
	return true
}

// pastBefore reports whether the words before token k, in its clause,
// put it in the past ("was signed on Tuesday") though the sentence speaks
// of the future elsewhere ("will provide ... was signed on Tuesday").
func (dt *dater) pastBefore(k int, s sentence) bool {
	for i := k - 1; i >= s.first && i >= k-8; i-- {
		t := dt.d.toks[i]
		switch {
		case t.is("will", "shall", "to", "would"):
			return false
		case t.is("signed", "held", "met", "agreed", "announced", "visited", "launched", "concluded", "adopted", "established",
			"inaugurated", "opened", "approved", "issued", "reached", "started", "ended", "hosted", "attended") && i > s.first && dt.d.toks[i-1].is("be"):
			return false // "to be held in Baku in April"
		case t.is("was", "were", "has", "have", "had", "did", "signed", "held", "met", "agreed", "announced", "said", "visited", "launched", "took", "concluded",
			"adopted", "established", "inaugurated", "arrived", "opened", "approved", "issued", "reached", "began", "started", "ended", "hosted", "attended"):
			return true
		case t.text == "," || t.text == ";":
			return false
		}
	}
	return false
}

// tok returns token k if it is inside the sentence, or a blank token.
func (dt *dater) tok(k int, s sentence) token {
	if k < s.first || k >= s.last {
		return token{}
	}
	return dt.d.toks[k]
}

// at reads a date starting at token k, if there is one.
func (dt *dater) at(k int, s sentence, fut bool) (dateMention, bool) {
	t := dt.tok(k, s)
	if !t.word {
		return dateMention{}, false
	}
	if fut && dt.pastBefore(k, s) {
		// "will follow up on the summit talks held in Vladivostok on
		// September 3": the clause of the date is in the past
		fut = false
	}
	if m, ok := dt.numeric(k, t); ok {
		return m, true
	}
	if mo := monthOf(t); mo != 0 {
		return dt.monthFirst(k, s, mo, fut)
	}
	if dayOf(t) != 0 || isDayRange(t) {
		if m, ok := dt.dayFirst(k, s, fut); ok {
			return m, true
		}
	}
	if m, ok := dt.relative(k, s, fut); ok {
		return m, true
	}
	if y := yearOf(t); y != 0 && dt.tok(k-1, s).is("in", "since", "by", "until", "during", "of", "from", "early", "late", "mid", "year") {
		m := dateMention{i: k, j: k + 1, from: isoYear(y)}
		if isRangeWord(dt.tok(k+1, s)) {
			if y2 := yearOf(dt.tok(k+2, s)); y2 > y {
				m.to, m.j = isoYear(y2), k+3
			}
		}
		return m, true
	}
	return dateMention{}, false
}

// numeric reads "2018.06.04", "2018-06-04" and "2018/06/04".
func (dt *dater) numeric(k int, t token) (dateMention, bool) {
	if len(t.text) != 10 {
		return dateMention{}, false
	}
	sep := t.text[4]
	if (sep != '.' && sep != '-' && sep != '/') || t.text[7] != sep {
		return dateMention{}, false
	}
	y, e1 := strconv.Atoi(t.text[:4])
	m, e2 := strconv.Atoi(t.text[5:7])
	d, e3 := strconv.Atoi(t.text[8:])
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || !validDay(y, time.Month(m), d) {
		return dateMention{}, false
	}
	return dateMention{i: k, j: k + 1, from: isoDay(y, time.Month(m), d)}, true
}

// span is a date range read from text before the year is known.
type partial struct {
	m1    time.Month
	d1    int
	m2    time.Month
	d2    int
	year  int // written year, or 0
	year1 int // a year written after the first date only ("May 28, 2018 to ...")
}

// finish completes the years and writes the mention.
func (dt *dater) finish(i, j int, p partial, fut bool) (dateMention, bool) {
	y1 := p.year
	if p.year1 != 0 {
		y1 = p.year1
	}
	if y1 == 0 {
		y1 = dt.year(p.m1, p.d1, fut)
		if y1 == 0 {
			return dateMention{}, false
		}
	}
	if p.d1 == 0 {
		return dateMention{i: i, j: j, from: isoMonth(y1, p.m1)}, true
	}
	if !validDay(y1, p.m1, p.d1) {
		return dateMention{}, false
	}
	m := dateMention{i: i, j: j, from: isoDay(y1, p.m1, p.d1)}
	if p.d2 == 0 {
		return m, true
	}
	y2 := y1
	if p.year != 0 {
		y2 = p.year
	}
	if p.year == 0 && p.year1 == 0 && fut && !dt.pub.IsZero() && y1 == dt.pub.Year()+1 {
		// "Singh's visit, from July 28 to July 30, is expected to ...":
		// a range that holds the day of publication is under way, not next
		// year's
		from := time.Date(dt.pub.Year(), p.m1, p.d1, 0, 0, 0, 0, time.UTC)
		to := time.Date(dt.pub.Year(), p.m2, p.d2, 0, 0, 0, 0, time.UTC)
		if !dt.pub.Before(from) && !dt.pub.After(to) {
			y1, y2 = dt.pub.Year(), dt.pub.Year()
			m.from = isoDay(y1, p.m1, p.d1)
		}
	}
	if p.year1 == 0 && p.year != 0 && (p.m2 < p.m1) {
		// "December 28 to January 3, 2019": the written year is the end's
		y1 = p.year - 1
		m.from = isoDay(y1, p.m1, p.d1)
	}
	if p.year == 0 && (p.m2 < p.m1 || p.m2 == p.m1 && p.d2 < p.d1) {
		y2 = y1 + 1
	}
	if !validDay(y2, p.m2, p.d2) {
		return dateMention{}, false
	}
	m.to = isoDay(y2, p.m2, p.d2)
	return m, true
}

// yearAfter reads ", 2015" or " 2015" at token k and returns the year and
// the token after it.
func (dt *dater) yearAfter(k int, s sentence) (int, int) {
	if y := yearOf(dt.tok(k, s)); y != 0 {
		return y, k + 1
	}
	if dt.tok(k, s).text == "," {
		if y := yearOf(dt.tok(k+1, s)); y != 0 {
			return y, k + 2
		}
	}
	return 0, k
}

// monthFirst reads "April 17", "April 17, 2015", "April 17-20",
// "April 17 to 20", "May 28 to June 1", "March 2024" and "in March".
func (dt *dater) monthFirst(k int, s sentence, mo time.Month, fut bool) (dateMention, bool) {
	i := k
	k++
	if dt.tok(k, s).text == "." { // "Apr."
		k++
	}
	t := dt.tok(k, s)
	p := partial{m1: mo}
	switch {
	case dayOf(t) != 0:
		p.d1 = dayOf(t)
		k++
	case isDayRange(t):
		p.d1, p.d2 = dayRangeOf(t)
		p.m2 = mo
		k++
	case yearOf(t) != 0:
		return dateMention{i: i, j: k + 1, from: isoMonth(yearOf(t), mo)}, true
	default:
		prev := dt.tok(i-1, s)
		// "May" alone is a month only after such a word outside a
		// headline, where the modal verb is capitalised too
		if mo == time.May && dt.d.headline(s) || !prev.is("in", "since", "by", "until", "early", "late", "mid", "last", "this", "next", "during", "of") {
			return dateMention{}, false
		}
		if prev.is("last") {
			fut = false
		} else if prev.is("next") {
			fut = true
		}
		if dt.tok(k, s).is("this") && dt.tok(k+1, s).is("year") && !dt.pub.IsZero() {
			// "in April this year"
			return dateMention{i: i, j: k + 2, from: isoMonth(dt.pub.Year(), mo)}, true
		}
		return dt.finish(i, k, p, fut)
	}
	if y, next := dt.yearAfter(k, s); y != 0 {
		if p.d2 != 0 {
			p.year = y
		} else {
			p.year1 = y
		}
		k = next
	}
	if p.d2 == 0 && isRangeWord(dt.tok(k, s)) {
		t2, t3 := dt.tok(k+1, s), dt.tok(k+2, s)
		switch {
		case monthOf(t2) != 0 && dayOf(t3) != 0:
			p.m2, p.d2 = monthOf(t2), dayOf(t3)
			k += 3
		case dayOf(t2) != 0 && !dt.tok(k, s).is("and") && monthOf(t3) == 0:
			p.m2, p.d2 = mo, dayOf(t2)
			k += 2
		}
		if p.d2 != 0 {
			if y, next := dt.yearAfter(k, s); y != 0 {
				p.year = y
				k = next
			}
		}
	}
	if p.year == 0 && p.year1 != 0 {
		p.year, p.year1 = p.year1, 0
	}
	return dt.finish(i, k, p, fut)
}

// dayFirst reads "20 April 2015", "13-14 June", "13 to 14 June 2018" and
// "28 May to 1 June 2018".
func (dt *dater) dayFirst(k int, s sentence, fut bool) (dateMention, bool) {
	i := k
	t := dt.tok(k, s)
	p := partial{}
	if a, b := dayRangeOf(t); a != 0 {
		p.d1, p.d2 = a, b
		k++
	} else {
		p.d1 = dayOf(t)
		k++
		of := 0
		if dt.tok(k+2, s).is("of") {
			of = 1 // "17 to 18 of September"
		}
		if isRangeWord(dt.tok(k, s)) && !dt.tok(k, s).is("and") && dayOf(dt.tok(k+1, s)) != 0 && monthOf(dt.tok(k+2+of, s)) != 0 {
			p.d2 = dayOf(dt.tok(k+1, s))
			k += 2
		}
	}
	if dt.tok(k, s).is("of") && monthOf(dt.tok(k+1, s)) != 0 {
		k++ // "18 of September"
	}
	mo := monthOf(dt.tok(k, s))
	if mo == 0 {
		return dateMention{}, false
	}
	p.m1 = mo
	if p.d2 != 0 {
		p.m2 = mo
	}
	k++
	if y := yearOf(dt.tok(k, s)); y != 0 {
		p.year = y
		k++
	}
	if p.d2 == 0 && isRangeWord(dt.tok(k, s)) && !dt.tok(k, s).is("and") {
		if d2, m2 := dayOf(dt.tok(k+1, s)), monthOf(dt.tok(k+2, s)); d2 != 0 && m2 != 0 {
			p.d2, p.m2 = d2, m2
			p.year1 = p.year
			k += 3
			p.year = 0
			if y := yearOf(dt.tok(k, s)); y != 0 {
				p.year = y
				k++
			}
			if p.year == 0 {
				p.year, p.year1 = p.year1, 0
			} else if p.year1 == p.year {
				p.year1 = 0
			}
		}
	}
	return dt.finish(i, k, p, fut)
}

// relative reads "last year", "earlier this month", "yesterday" and
// weekdays ("on Tuesday").
func (dt *dater) relative(k int, s sentence, fut bool) (dateMention, bool) {
	if dt.pub.IsZero() {
		return dateMention{}, false
	}
	t := dt.tok(k, s)
	if wd, ok := weekdays[strings.ToLower(t.text)]; ok && t.cap() {
		if fut && dt.pastBefore(k, s) {
			fut = false
		}
		day := dt.pub
		if fut {
			day = day.AddDate(0, 0, 1)
			for day.Weekday() != wd {
				day = day.AddDate(0, 0, 1)
			}
		} else {
			for day.Weekday() != wd {
				day = day.AddDate(0, 0, -1)
			}
		}
		return dateMention{i: k, j: k + 1, from: isoDay(day.Year(), day.Month(), day.Day())}, true
	}
	switch {
	case t.is("yesterday"):
		y := dt.pub.AddDate(0, 0, -1)
		return dateMention{i: k, j: k + 1, from: isoDay(y.Year(), y.Month(), y.Day())}, true
	case t.is("today", "tonight"):
		return dateMention{i: k, j: k + 1, from: isoDay(dt.pub.Year(), dt.pub.Month(), dt.pub.Day())}, true
	case t.is("this") && dt.tok(k+1, s).is("morning", "afternoon", "evening"):
		// "met ... this morning": the day of publication
		return dateMention{i: k, j: k + 2, from: isoDay(dt.pub.Year(), dt.pub.Month(), dt.pub.Day())}, true
	case t.is("the") && dt.tok(k-1, s).is("on") && ordinalDay(dt.tok(k+1, s)) && monthOf(dt.tok(k+2, s)) == 0 && !dt.tok(k+2, s).is("of"):
		// "on the 23rd": a day of the month of publication, or of the
		// month before when it is still to come and the sentence is not
		// in the future
		day := ordinalOf(dt.tok(k+1, s))
		y, mo := dt.pub.Year(), dt.pub.Month()
		if day > dt.pub.Day() && !fut {
			m := time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
			y, mo = m.Year(), m.Month()
		}
		if !validDay(y, mo, day) {
			return dateMention{}, false
		}
		return dateMention{i: k, j: k + 2, from: isoDay(y, mo, day)}, true
	case t.is("tomorrow"):
		y := dt.pub.AddDate(0, 0, 1)
		return dateMention{i: k, j: k + 1, from: isoDay(y.Year(), y.Month(), y.Day())}, true
	}
	i := k
	if t.is("earlier", "later") && dt.tok(k+1, s).is("this") {
		k++
		t = dt.tok(k, s)
	}
	if !t.is("last", "this", "next") {
		return dateMention{}, false
	}
	step := 0
	switch {
	case t.is("last"):
		step = -1
	case t.is("next"):
		step = 1
	}
	unit := dt.tok(k+1, s)
	switch {
	case unit.is("year"):
		return dateMention{i: i, j: k + 2, from: isoYear(dt.pub.Year() + step)}, true
	case unit.is("month"):
		m := dt.pub.AddDate(0, step, 1-dt.pub.Day())
		return dateMention{i: i, j: k + 2, from: isoMonth(m.Year(), m.Month())}, true
	}
	return dateMention{}, false
}
