// Package intake turns an article, and the records drafted from it as an
// officer reviewed them, into stored records: the article as a source, then
// the organizations, people, agreements, events and programs, linked to one
// another and each citing the article with its passage.
//
// Accepting is idempotent. Every record it creates gets an id derived from
// the article (its URL, or its text's hash without one) and the record's
// kind and folded name, so that accepting the same draft again (a double
// submit, the back button, a retry after a store failure midway) finds what
// the first run stored and creates nothing new; an insert into a unique id
// is atomic on every server, so two concurrent acceptances cannot both
// create one record.
//
// It imports domain and domain/extract.
package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"cooptrack/domain"
	"cooptrack/domain/extract"
)

// Article is the article as the officer gave it.
type Article struct {
	Text        string
	URL         string
	Title       string
	Publisher   string
	PublishedOn domain.Date
	// Home is the ISO code of the office's own country, if known.
	Home string
}

// Draft is the reviewed proposals: what the officer kept (Skip unset),
// with their fields as corrected. Links between drafted records are
// indexes into the draft's lists; links to skipped records are dropped.
type Draft struct {
	Article       Article
	Organizations []Organization
	People        []Person
	Agreements    []Agreement
	Events        []Event
	Programs      []Program
}

// Item is what every drafted record has: whether it is left out, the
// existing record chosen instead of a new one (organizations and people
// only), and the passage of the article quoted as its evidence.
type Item struct {
	Skip bool
	// Existing is the id of a recorded organization or person that this
	// one is; "" for a new record.
	Existing string
	Quote    string
	// Spans are the passages of the article the proposal was read from,
	// for the review page to highlight; acceptance ignores them.
	Spans []extract.Span
}

// Organization is a drafted organization.
type Organization struct {
	Item
	Name    string
	Acronym string
	Country string
	Kind    domain.OrganizationKind
}

// Person is a drafted person, with the post the article gives.
type Person struct {
	Item
	Name    string
	Country string
	// Title is the post held at Organization (an index into the draft's
	// organizations, -1 for none).
	Title        string
	Organization int
}

// Agreement is a drafted agreement. Parties are organizations and
// Signatories people, by index into the draft.
type Agreement struct {
	Item
	Kind        domain.AgreementKind
	Title       string
	Status      domain.AgreementStatus
	SignedOn    domain.Date
	Place       domain.Place
	Parties     []int
	Signatories []int
}

// Event is a drafted event. Organizations and People are its participants,
// by index into the draft.
type Event struct {
	Item
	Kind          domain.EventKind
	Title         string
	StartOn       domain.Date
	EndOn         domain.Date
	Place         domain.Place
	Attendance    string
	Organizations []int
	People        []int
}

// Program is a drafted program. Beneficiary is an organization, by index
// into the draft (-1 for none).
type Program struct {
	Item
	Name        string
	Status      domain.ProgramStatus
	Beneficiary int
}

// Outcome is one record that acceptance stored or found stored already.
type Outcome struct {
	Ref domain.RecordRef
	// Created is false for a record reused: chosen by the officer, found
	// by its name, or stored by an earlier acceptance of the same draft.
	Created bool
}

// Result is what an acceptance stored, the source first.
type Result struct {
	Source  Outcome
	Records []Outcome
}

// Created counts the records created, the source included.
func (r Result) Created() int {
	n := 0
	for _, o := range append([]Outcome{r.Source}, r.Records...) {
		if o.Created {
			n++
		}
	}
	return n
}

// articleKey names the article whatever id its source has: its URL, or
// the hash of its text when it has none.
func articleKey(a Article) string {
	if a.URL != "" {
		return "url:" + strings.TrimSpace(a.URL)
	}
	sum := sha256.Sum256([]byte(a.Text))
	return "text:" + hex.EncodeToString(sum[:])
}

// recordID is the id a record drafted from the article is created under:
// the same article, kind and name (case and accents ignored) give the same
// id, which is what makes a second acceptance find the first one's record.
func recordID(key string, t domain.RecordType, name string) string {
	sum := sha256.Sum256([]byte(key + "\x00" + string(t) + "\x00" + domain.Fold(name)))
	return "art-" + string(t[:3]) + "-" + hex.EncodeToString(sum[:10])
}

// Passage returns the sentence of text around the span [start, end), the
// passage a record quotes as its evidence; "" when the span is not in the
// text.
func Passage(text string, start, end int) string {
	if start < 0 || end > len(text) || start >= end {
		return ""
	}
	from := start
	for from > 0 {
		c := text[from-1]
		if c == '\n' || ((c == '.' || c == '!' || c == '?') && from < len(text) && text[from] == ' ') {
			break
		}
		from--
	}
	to := end
	for to < len(text) {
		c := text[to]
		if c == '\n' {
			break
		}
		to++
		if (c == '.' || c == '!' || c == '?') && (to == len(text) || text[to] == ' ' || text[to] == '\n') {
			break
		}
	}
	return strings.TrimSpace(text[from:to])
}
