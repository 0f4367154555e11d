package domain

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// CalendarKind says what a calendar entry marks.
type CalendarKind string

// The kinds of calendar entry.
const (
	CalendarEvent         CalendarKind = "event"          // an event, over its days
	CalendarExpiry        CalendarKind = "expiry"         // the day an agreement expires
	CalendarRenewalNotice CalendarKind = "renewal-notice" // the last day to give notice before an agreement expires
	CalendarMilestone     CalendarKind = "milestone"      // a program's milestone
)

// CalendarEntry is one all-day entry of the calendar feed.
type CalendarEntry struct {
	// UID is the record's id and the kind of entry (and, for a milestone,
	// a digest of its date and title), so that a calendar program that
	// fetches the feed again updates the entry rather than adding one.
	UID  string
	Kind CalendarKind
	// Start is the first day; End the day after the last (RFC 5545's
	// DTEND of an all-day entry is exclusive).
	Start, End  Date
	Summary     string
	Description string
	Record      RecordRef
	Countries   []string
	// Changed is when the record last changed: the entry's DTSTAMP.
	Changed time.Time
}

// CalendarEntries returns the entries of the records, by day, then UID:
// each event over its days, each agreement's expiry and renewal-notice
// deadline, each program's milestones. A record given twice (it concerns
// two countries) gives its entries once. Summaries name the countries but
// home, the installation's own, which every record of the office concerns.
func CalendarEntries(home string, agreements []*Agreement, events []*Event, programs []*Program) []CalendarEntry {
	var out []CalendarEntry
	seen := map[string]bool{}
	once := func(id string) bool {
		if seen[id] {
			return false
		}
		seen[id] = true
		return true
	}
	for _, e := range events {
		if e.StartOn == "" || !once(e.ID) {
			continue
		}
		last := cmp.Or(e.EndOn, e.StartOn)
		out = append(out, CalendarEntry{
			UID: calendarUID(e.ID, CalendarEvent, ""), Kind: CalendarEvent, Start: e.StartOn, End: last.AddDays(1),
			Summary:     withCountries(home, e.Countries, e.Title),
			Description: joinLines(kindWords(string(e.Kind)), placeLine(e.Place), hostLine(e.Host)),
			Record:      RecordRef{Type: TypeEvent, ID: e.ID, Name: e.Title}, Countries: e.Countries, Changed: e.UpdatedAt,
		})
	}
	for _, a := range agreements {
		if !once(a.ID) {
			continue
		}
		ref := RecordRef{Type: TypeAgreement, ID: a.ID, Name: a.Title}
		if a.ExpiresOn != "" {
			renewal := "It does not renew itself."
			if a.Renewal.Automatic {
				renewal = "It renews itself unless notice is given."
			}
			out = append(out, CalendarEntry{
				UID: calendarUID(a.ID, CalendarExpiry, ""), Kind: CalendarExpiry, Start: a.ExpiresOn, End: a.ExpiresOn.AddDays(1),
				Summary:     withCountries(home, a.Countries, "Expires: "+a.Title),
				Description: joinLines(kindWords(string(a.Kind))+" signed "+orUnknown(a.SignedOn)+", expires "+a.ExpiresOn.Format()+".", renewal, partiesLine(a.Parties)),
				Record:      ref, Countries: a.Countries, Changed: a.UpdatedAt,
			})
		}
		if due := a.NoticeDueOn(); due != "" {
			out = append(out, CalendarEntry{
				UID: calendarUID(a.ID, CalendarRenewalNotice, ""), Kind: CalendarRenewalNotice, Start: due, End: due.AddDays(1),
				Summary: withCountries(home, a.Countries, "Renewal notice due: "+a.Title),
				Description: joinLines(fmt.Sprintf("Last day to give notice: %d days before the expiry on %s.", a.Renewal.NoticeDays, a.ExpiresOn.Format()),
					partiesLine(a.Parties)),
				Record: ref, Countries: a.Countries, Changed: a.UpdatedAt,
			})
		}
	}
	for _, p := range programs {
		if !once(p.ID) {
			continue
		}
		for _, m := range p.Milestones {
			if m.On == "" {
				continue
			}
			state := "To do."
			if m.Done {
				state = "Done."
			}
			out = append(out, CalendarEntry{
				UID: calendarUID(p.ID, CalendarMilestone, string(m.On)+"\x00"+m.Title), Kind: CalendarMilestone, Start: m.On, End: m.On.AddDays(1),
				Summary:     withCountries(home, p.Countries, p.Name+": "+m.Title),
				Description: joinLines("Milestone of the program "+p.Name+".", state),
				Record:      RecordRef{Type: TypeProgram, ID: p.ID, Name: p.Name}, Countries: p.Countries, Changed: p.UpdatedAt,
			})
		}
	}
	slices.SortFunc(out, func(a, b CalendarEntry) int {
		return cmp.Or(strings.Compare(string(a.Start), string(b.Start)), strings.Compare(a.UID, b.UID))
	})
	return out
}

// AgreementOf returns the agreement as far as its catalog line tells: its
// kind, title, countries, dates and renewal terms; nil for a line that is
// not an agreement's.
func (e CatalogEntry) AgreementOf() *Agreement {
	if e.Type != TypeAgreement || e.Agreement == nil {
		return nil
	}
	a := *e.Agreement
	a.Meta = Meta{ID: e.ID, UpdatedAt: e.UpdatedAt}
	a.Kind, a.Title, a.Countries = AgreementKind(e.Kind), e.Label, e.Countries
	return &a
}

// EventOf returns the event as far as its catalog line tells: its kind,
// title, countries and days.
func (e CatalogEntry) EventOf() *Event {
	return &Event{Meta: Meta{ID: e.ID, UpdatedAt: e.UpdatedAt}, Kind: EventKind(e.Kind), Title: e.Label,
		StartOn: e.Date, EndOn: e.EndOn, Countries: e.Countries}
}

// calendarUID names an entry by its record and kind; several entries of
// one kind (milestones) are told apart by a digest of what sets them apart.
func calendarUID(id string, k CalendarKind, distinct string) string {
	uid := id + "-" + string(k)
	if distinct != "" {
		h := sha256.Sum256([]byte(distinct))
		uid += "-" + hex.EncodeToString(h[:6])
	}
	return uid + "@cooptrack"
}

// withCountries puts the names of the countries before the summary: "Peru:
// Forum on e-government".
func withCountries(home string, codes []string, summary string) string {
	var names []string
	for _, code := range codes {
		if c, ok := LookupCountry(code); ok && code != home {
			names = append(names, c.Name)
		}
	}
	if len(names) == 0 {
		return summary
	}
	return strings.Join(names, ", ") + ": " + summary
}

// kindWords writes a kind as words, capitalised: "Official visit", "MOU".
func kindWords(k string) string {
	if k == string(AgreementMOU) {
		return "MOU"
	}
	w := strings.ReplaceAll(k, "_", " ")
	if w == "" {
		return ""
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

func orUnknown(d Date) string {
	if d == "" {
		return "(date unknown)"
	}
	return d.Format()
}

func placeLine(p Place) string {
	var parts []string
	if p.City != "" {
		parts = append(parts, p.City)
	}
	if c, ok := LookupCountry(string(p.Country)); ok {
		parts = append(parts, c.Name)
	}
	if len(parts) == 0 {
		return ""
	}
	return "In " + strings.Join(parts, ", ") + "."
}

func hostLine(h *Ref) string {
	if h == nil || h.Name == "" {
		return ""
	}
	return "Hosted by " + h.Name + "."
}

func partiesLine(parties []Ref) string {
	var names []string
	for _, p := range parties {
		if p.Name != "" {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "Parties: " + strings.Join(names, "; ") + "."
}

// joinLines joins the lines that are not empty.
func joinLines(lines ...string) string {
	return strings.Join(slices.DeleteFunc(lines, func(s string) bool { return s == "" }), "\n")
}

// CalendarFeed is a user's calendar feed: a secret address that calendar
// programs, which cannot send a token, fetch the feed at. Unlike an API
// token's, the secret can be read again by its owner (each calendar
// program, on each device, needs the address entered), so the store keeps
// it on the user; it finds a feed by a hash of the secret all the same.
// What the address gives away is the calendar, read-only, and a new
// address ends the old one.
type CalendarFeed struct {
	Secret    string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// CalendarFeedStore keeps each user's calendar feed secret.
type CalendarFeedStore interface {
	// CalendarFeed returns the feed of the user with the email; ok is false
	// when they have none. Errors: EFORBIDDEN (another user's), ENOTFOUND.
	CalendarFeed(ctx context.Context, email string) (f CalendarFeed, ok bool, err error)
	// NewCalendarFeed makes a new secret for the user's feed and returns
	// it; the one before stops working. Errors: EFORBIDDEN (another
	// user's), ENOTFOUND, EINVALID (the user is disabled).
	NewCalendarFeed(ctx context.Context, email string) (CalendarFeed, string, error)
	// CalendarUser returns the user whose feed secret is given, as stored
	// now. Errors: EUNAUTHORIZED (unknown or replaced secret, user
	// disabled).
	CalendarUser(ctx context.Context, secret string) (User, error)
}
