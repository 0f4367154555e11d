// Package report writes cooptrack's exports, each an encoder over an
// io.Writer: the iCalendar feed and the IATI activity file here.
//
// It imports domain and the writers of the formats; nothing of HTTP.
package report

import (
	"io"
	"time"

	ics "github.com/arran4/golang-ical"

	"cooptrack/domain"
)

// Calendar is what an iCalendar feed holds.
type Calendar struct {
	// Name is the calendar's name in calendar programs.
	Name    string
	Entries []domain.CalendarEntry
	// RecordURL returns the address of a record's page.
	RecordURL func(domain.RecordRef) string
}

// WriteCalendar writes the calendar as RFC 5545 iCalendar: CRLF line ends,
// lines folded at 75 octets (never inside a UTF-8 character), every entry
// an all-day VEVENT whose DTEND is the day after its last. RFC 5545 allows
// no control character in a text value, and golang-ical escapes only the
// line feed: text goes through domain.CleanText first, since records
// stored before control characters were refused may hold them (a bare CR
// would end the line in the middle of a property).
func WriteCalendar(w io.Writer, c Calendar) error {
	cal := ics.NewCalendarFor("cooptrack//Calendar//EN")
	cal.SetProductId("-//cooptrack//Calendar//EN")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	name := domain.CleanText(c.Name, false)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	for _, e := range c.Entries {
		ev := cal.AddEvent(domain.CleanText(e.UID, false))
		// DTSTAMP is when the record changed, not when the feed was read,
		// so that an unchanged entry reads the same on every fetch.
		ev.SetDtStampTime(e.Changed)
		ev.SetAllDayStartAt(dateTime(e.Start))
		ev.SetAllDayEndAt(dateTime(e.End))
		ev.SetSummary(domain.CleanText(e.Summary, false))
		if e.Description != "" {
			ev.SetDescription(domain.CleanText(e.Description, true))
		}
		if c.RecordURL != nil {
			ev.SetURL(domain.CleanText(c.RecordURL(e.Record), false))
		}
		ev.AddProperty(ics.ComponentPropertyCategories, domain.CleanText(string(e.Kind), false))
		// All-day reminders of deadlines do not make anyone busy.
		ev.SetTimeTransparency(ics.TransparencyTransparent)
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

// dateTime is the day at midnight UTC; golang-ical writes only its date.
func dateTime(d domain.Date) time.Time { return d.Time().UTC() }
