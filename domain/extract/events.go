package extract

import (
	"slices"
	"strings"
	"unicode"

	"cooptrack/domain"
)

// eventWords are the nouns and verbs that name an engagement, with its kind.
var eventWords = map[string]domain.EventKind{
	"visit": domain.EventOfficialVisit, "visited": domain.EventOfficialVisit, "visits": domain.EventOfficialVisit,
	"visiting": domain.EventOfficialVisit, "trip": domain.EventOfficialVisit, "tour": domain.EventOfficialVisit,
	"forum":   domain.EventForum,
	"meeting": domain.EventBilateralMeeting, "talks": domain.EventBilateralMeeting, "met": domain.EventBilateralMeeting,
	"meetings": domain.EventBilateralMeeting,
	"summit":   domain.EventBilateralMeeting,
	"seminar":  domain.EventSeminar, "workshop": domain.EventSeminar, "webinar": domain.EventSeminar,
	"conference": domain.EventConference, "roundtable": domain.EventConference, "symposium": domain.EventConference,
	"expo": domain.EventConference, "congress": domain.EventConference,
	"ceremony":      domain.EventSigningCeremony,
	"consultations": domain.EventBilateralMeeting, "consultation": domain.EventBilateralMeeting,
	"discussions": domain.EventBilateralMeeting, "dialogue": domain.EventBilateralMeeting,
	"inspected": domain.EventOfficialVisit, "toured": domain.EventOfficialVisit,
	"exhibition": domain.EventOther,
	"assembly":   domain.EventOther, "delegation": domain.EventOfficialVisit, "session": domain.EventBilateralMeeting,
	"debate": domain.EventConference, "teleconference": domain.EventBilateralMeeting, "videoconference": domain.EventBilateralMeeting,
	"reception": domain.EventOther, "talk": domain.EventBilateralMeeting, "summits": domain.EventBilateralMeeting,
	"event": domain.EventOther,

	"travel": domain.EventOfficialVisit, "travels": domain.EventOfficialVisit, "traveled": domain.EventOfficialVisit,
	"travelled": domain.EventOfficialVisit, "meet": domain.EventBilateralMeeting, "meets": domain.EventBilateralMeeting,
}

// travelTo reports whether the travel word at k goes to a place: "will
// travel to Kingston, Jamaica, and Belmopan, Belize".
func (d *doc) travelTo(k int, s sentence) bool {
	if !d.tokIs(k+1, s, "to") {
		return false
	}
	for n := k + 2; n < s.last && n < k+6; n++ {
		if code, _, w := d.countryAt(n); code != "" && !w.demonym {
			return true
		}
	}
	return false
}

// eventWordAt returns the kind of engagement the word at k names in its
// context, if it names one: "courtesy visit" and "courtesy call" are
// meetings, a "Summit" with a name is a conference, a "ground breaking
// ceremony" and a "general assembly" are other events, a "news conference"
// is no engagement, "dialogue" is one only as a name or after "strategic".
func (d *doc) eventWordAt(k int, s sentence) (domain.EventKind, bool) {
	t := d.toks[k]
	if !t.word {
		return "", false
	}
	w := strings.ToLower(t.text)
	kind, ok := eventWords[w]
	switch {
	case d.tokIs(k-1, s, "courtesy", "honorary") && t.is("visit", "call", "visits", "calls"):
		return domain.EventBilateralMeeting, true
	case ok && d.notHeld(k, s, kind):
		return "", false
	case !ok:
		return "", false
	case kind == domain.EventSigningCeremony:
		switch {
		case d.tokIs(k-1, s, "signing") || d.tokIs(k+1, s, "of") && d.tokIs(k+2, s, "signing"):
			return kind, true
		case d.tokIs(k-1, s, "breaking", "groundbreaking", "ground-breaking", "handover", "launch", "launching", "opening", "donation", "inauguration", "inaugural"):
			return domain.EventOther, true
		case d.marking(k, s):
			return domain.EventOther, true // "a ceremony to celebrate the 60th anniversary"
		case d.signingNear(k, s):
			return kind, true // "a ceremony to sign seven cooperation documents", "signed ... during a ceremony"
		}
		return "", false
	case w == "event":
		// "During the inauguration event"; any other event is a reference
		if d.tokIs(k-1, s, "inauguration", "handover", "launch", "launching", "opening") {
			return domain.EventOther, true
		}
		return "", false
	case w == "reception" && !d.marking(k, s):
		return "", false
	case w == "conference" && d.tokIs(k-1, s, "news", "press"):
		return "", false
	case w == "summit" && t.cap() && k > s.first && len(pairCodes(d.toks[k-1])) == 2:
		return domain.EventBilateralMeeting, true // "the Korea-Vietnam Summit": two leaders
	case w == "summit" && t.cap() && k > s.first && (d.capWord(k-1, s) || d.tokIs(k-1, s, ")")):
		return domain.EventConference, true
	case w == "meeting" && t.cap() && d.tokIs(k-1, s, "Ministerial") && d.tokIs(k+1, s, "of"):
		return domain.EventConference, true // "Ministerial Meeting of Non-Aligned Movement"
	case (w == "meeting" || w == "summit") && t.cap() && d.multilateralName(k, s):
		return domain.EventConference, true // "the ASEAN Ministerial Meeting", "G7-ASEAN Foreign Ministers’ Meeting"
	case (w == "summit" || w == "summits") && k > s.first && knownInternational[d.toks[k-1].text] != "":
		return domain.EventConference, true // "the 28th and 29th ASEAN summits"
	case kind == domain.EventOfficialVisit && d.cancelled(s):
		return "", false // "the recent cancellation of President Jokowi’s visit"
	case w == "summit" && d.tokIs(k+1, s, "diplomacy", "exchanges", "level", "agenda", "declaration"):
		return "", false // "robust summit diplomacy"
	case w == "forum" && (d.tokIs(k+1, s, "(") || d.tokIs(k+1, s, "’s", "'s") && d.tokIs(k+2, s, "(")):
		return "", false // "the U.S.-India Strategic Partnership Forum (USISPF)" is a body
	case w == "dialogue" && !t.cap() && (!d.tokIs(k-1, s, "strategic", "political", "policy", "annual", "bilateral", "high-level") || d.tokIs(k-2, s, "of")):
		return "", false // "the level of political dialogue" is no meeting
	case w == "assembly" && !d.tokIs(k-1, s, "general"):
		return "", false
	case w == "delegation" && !d.delegationTrip(k, s):
		return "", false
	case w == "session" && !d.tokIs(k-1, s, "working", "plenary"):
		return "", false
	case w == "debate" && !d.tokIs(k-1, s, "open"):
		return "", false
	case w == "discussions" && !d.tokIs(k-1, s, "held", "fruitful", "the", "their", "bilateral", "in-depth"):
		return "", false
	case (w == "consultation" || w == "consultations") && d.tokIs(k-1, s, "close", "extensive", "public", "further"):
		return "", false // "the close consultation and cooperation of our two governments"
	case w == "talk" && (!d.tokIs(k-1, s, "a", "the") || !d.tokIs(k+1, s, "between", "with")):
		return "", false
	case kind == domain.EventOfficialVisit && strings.HasPrefix(w, "trav") && !d.travelTo(k, s):
		return "", false
	case (w == "meet" || w == "meets") && !d.tokIs(k+1, s, "with") && !d.capWord(k+1, s):
		return "", false // "to meet the demand"
	}
	return kind, true
}

// multilateralName reports whether the capitalised name that ends at the
// meeting word k is a multilateral one: a body of many countries in it
// ("ASEAN", "G7-ASEAN") or a meeting of ministers ("Ministerial Meeting",
// "Foreign Ministers’ Meeting"). Two leaders or two ministers meet in a
// bilateral meeting; a body's meeting is a conference.
func (d *doc) multilateralName(k int, s sentence) bool {
	for n := k - 1; n >= s.first && n > k-6; n-- {
		t := d.toks[n]
		if t.is("’s", "'s", "’", "'") {
			continue // "Ministers’ Meeting"
		}
		if !t.word || !t.cap() && !isAcronym(t.text) || len(pairCodes(t)) == 2 {
			return false // "Korea-Chile Vice Ministerial Meeting" is two countries'
		}
		if t.is("Ministerial", "Ministers") {
			// not "the Joint Ministerial Meeting between Ghana and Korea"
			if d.tokIs(k+1, s, "between") {
				return false
			}
			for m := n - 1; m >= s.first && m > n-4 && d.capWord(m, s); m-- {
				if len(pairCodes(d.toks[m])) == 2 || d.toks[m].is("Joint", "Bilateral", "Vice") {
					return false
				}
			}
			return true
		}
		for part := range strings.SplitSeq(t.text, "-") {
			if knownInternational[part] != "" || part == "G7" {
				return true
			}
		}
	}
	return false
}

// pairCodes returns the countries a hyphenated name joins: "Korea-Vietnam".
func pairCodes(t token) []string {
	codes, _ := countryParts(t)
	return codes
}

// notHeld reports whether the event word at k names no engagement held or
// to be held: "exchange of visits", "regular military-political
// consultations", "encouraged further direct talks", "invited ... to visit
// Mongolia", "a series of summit meetings" (told one by one after), "visited
// the Tsitsernakaberd Memorial".
func (d *doc) notHeld(k int, s sentence, kind domain.EventKind) bool {
	for n := max(s.first, k-3); n < k; n++ {
		t := d.toks[n]
		if t.is("encouraged", "urged", "regular", "series") || t.is("exchange", "exchanges") && d.tokIs(n+1, s, "of") ||
			t.is("for", "of") && n == k-2 && d.toks[k].is("consultations", "consultation") {
			return true
		}
	}
	if kind == domain.EventOfficialVisit {
		for n := max(s.first, k-12); n < k; n++ {
			if d.toks[n].is("invited", "invitation", "hope", "hoped", "hopes") {
				return true
			}
		}
		for n := k + 1; n < s.last && n < k+5; n++ {
			if d.toks[n].is("Memorial", "Mausoleum", "Monument", "Cemetery", "memorial", "mausoleum") {
				return true
			}
		}
	}
	return false
}

// cancelled reports whether a sentence tells of a visit called off.
func (d *doc) cancelled(s sentence) bool {
	for k := s.first; k < s.last; k++ {
		w := strings.ToLower(d.toks[k].text)
		if strings.HasPrefix(w, "cancel") || strings.HasPrefix(w, "postpon") || w == "initially" && d.tokIs(k+1, s, "scheduled", "planned") {
			return true
		}
	}
	return false
}

// signingNear reports whether a word of signing stands near the
// ceremony at k in its sentence.
func (d *doc) signingNear(k int, s sentence) bool {
	for n := max(s.first, k-12); n < s.last && n < k+4; n++ {
		if d.toks[n].is("sign", "signed", "signing", "inked", "exchanged") {
			return true
		}
	}
	return false
}

// marking reports whether the ceremony or reception at k marks an
// occasion: "a ceremony to celebrate the 60th anniversary", "a reception
// in Yaounde on October 4, 2017 to mark the celebration".
func (d *doc) marking(k int, s sentence) bool {
	for n := k + 1; n < s.last && n < k+12; n++ {
		t := d.toks[n]
		if t.is("marking", "celebrating", "commemorating") || t.is("to") && d.tokIs(n+1, s, "mark", "celebrate", "commemorate") {
			return true
		}
	}
	return false
}

// delegationTrip reports whether the delegation at k is sent somewhere:
// "dispatched a joint e-government delegation ... to Peru and Paraguay",
// "sent out a delegation ... to Peru and Brazil from June 12 through 20".
func (d *doc) delegationTrip(k int, s sentence) bool {
	sent := false
	for n := max(s.first, k-8); n < k; n++ {
		if d.toks[n].is("sent", "dispatched", "send", "dispatch", "led", "leads") {
			sent = true
		}
	}
	if !sent {
		return false
	}
	for n := k + 1; n < s.last && n < k+40; n++ {
		if d.toks[n].is("to") {
			if code, _, w := d.countryAt(n + 1); code != "" && !w.demonym {
				return true
			}
		}
	}
	return false
}

// tripTo returns the token before the destination of the delegation at k
// ("to Peru and Brazil"), or k.
func (d *doc) tripTo(k int, s sentence) int {
	for n := k + 1; n < s.last && n < k+40; n++ {
		if d.toks[n].is("to") {
			if code, _, w := d.countryAt(n + 1); code != "" && !w.demonym {
				return n
			}
		}
	}
	return k
}

// anaphoric determiners point back to an event already named.
var anaphoric = map[string]bool{"the": true, "this": true, "that": true, "these": true, "those": true, "my": true, "his": true, "her": true, "their": true, "its": true, "our": true}

type event struct {
	kind         domain.EventKind
	title        string
	startOn      string
	endOn        string
	place        Place
	participants []string
	attendance   string
	spans        []Span
	si           int  // the sentence of its first mention
	verb         bool // first named by a verb ("met"), not by a noun
	possessed    bool // "the visit", "the delegation’s visit": one the text knows
	// summary is set for a plural or a pronoun that sums up meetings the
	// text tells one by one: "held bilateral meetings with her
	// counterparts", "she met with them".
	summary bool
}

type eventFinder struct {
	d      *doc
	dates  [][]dateMention // by sentence
	orgs   *orgFinder
	people *personFinder
	list   []*event
	// lastDay is the day of the latest event with one, for "later in the
	// day"; lastTold the latest day the text gave, for "the same day";
	// orphan the day of sentence orphanSi that no event took.
	lastDay, lastTold, orphan string
	orphanSi                  int
	// owners caches the owner of each date, by its first token.
	owners map[int]int
	// partners are the countries visited or met: event places and
	// destinations of visits.
	partners []string
}

func (f *eventFinder) find() {
	d := f.d
	for _, s := range d.sents {
		if d.skip(s) {
			continue
		}
		for k := s.first; k < s.last; k++ {
			t := d.toks[k]
			kind, ok := d.eventWordAt(k, s)
			if !ok {
				continue
			}
			if t.is("visit", "visits") && d.tokIs(k-1, s, "to") && !d.tokIs(k-2, s, "paid", "made") && kind == domain.EventOfficialVisit {
				// "to visit" is a plan or a purpose; still a visit
				kind = domain.EventOfficialVisit
			}
			k = f.at(k, s, kind)
		}
		// "At a meeting held in Hanoi the same day" after "on Thursday
		// issued a joint statement": the day last told
		if !wordless(d, s) { // a line of "|" between keeps what came before
			f.orphan = ""
			for _, m := range f.dates[d.sent[s.first]] {
				if !m.dateline && m.to == "" && len(m.from) == len("2006-01-02") {
					f.lastTold = m.from
					if o := f.ownerOf(s, m); (o < 0 || d.toks[o].is("signed", "inked")) && !f.eventIn(s) {
						// "On February 23, construction ... started.", "on
						// Monday signed two MoUs": no event took the day
						f.orphan = m.from
					}
				}
			}
			f.orphanSi = d.sent[s.first]
		} else {
			f.orphanSi++
		}
	}
}

// at reads the event named by the word at k and returns the last token
// it read.
func (f *eventFinder) at(k int, s sentence, kind domain.EventKind) int {
	d := f.d
	t := d.toks[k]
	if n := len(f.list) - 1; n >= 0 && f.ofEvent(k, s) {
		// "the ministerial meeting of the US-Pakistan Strategic Dialogue":
		// the name after "of the" is the meeting's
		old := f.list[n]
		old.title += " " + d.words(f.ofStart(k, s), k+1)
		return k
	}
	e := &event{kind: kind, si: d.sent[k], verb: t.is("met", "meet", "meets"),
		possessed: d.tokIs(k-1, s, "the", "his", "her", "their", "’s", "'s") || d.tokIs(k-2, s, "’s", "'s"),
		summary:   t.is("meetings") || t.is("met", "meet", "meets") && (d.tokIs(k+1, s, "them") || d.tokIs(k+1, s, "with") && d.tokIs(k+2, s, "them"))}
	i, j := k, k+1
	// a capitalised name around the word: "Korea-Peru High-Level Cooperation Forum"
	if t.cap() {
		for i > s.first {
			switch {
			case d.capWord(i-1, s) && !leftStops[strings.ToLower(d.toks[i-1].text)] && monthOf(d.toks[i-1]) == 0:
				i--
				continue
			case d.tokIs(i-1, s, "of", "on", "and") && d.capWord(i-2, s) && !leftStops[strings.ToLower(d.toks[i-2].text)]:
				i -= 2
				continue
			case d.tokIs(i-1, s, "’", "'") && d.capWord(i-2, s) && strings.HasSuffix(d.toks[i-2].text, "s"):
				i -= 2 // "Foreign Ministers’ Meeting"
				continue
			}
			break
		}
	} else {
		// lower-case: adjectives and modifiers back to a determiner
		for i > s.first {
			p := d.toks[i-1]
			if !p.word || anaphoric[strings.ToLower(p.text)] || p.is("a", "an", "after", "before", "at", "during", "on", "in", "of", "with", "held", "had", "paid", "made", "and", "to", "co-hosted", "hosted", "attended",
				"attend", "attends", "attending", "hold", "holds", "holding", "over", "chair", "chaired", "co-chair", "co-chaired", "launch", "launched", "open", "opened", "join", "joined") {
				break
			}
			i--
		}
	}
	// a year in front: "the 2014 ASEAN-Republic of Korea Ministerial Roundtable"
	year := ""
	if y := yearOf(d.toks[max(i-1, s.first)]); y != 0 && i > s.first {
		year = isoYear(y)
	}
	// "Roundtable and Exhibition on Public Governance", "forum for e-government"
	for j < s.last && d.tokIs(j, s, "for", "on", "and") && d.toks[k].cap() == d.capWord(j+1, s) && j+1 < s.last && d.toks[j+1].word {
		n := j + 1
		for n < s.last && d.toks[n].word && d.toks[n].cap() == t.cap() && !d.toks[n].is("with", "the", "and", "in", "at", "on", "was", "were") {
			n++
		}
		if n == j+1 {
			break
		}
		j = n
	}
	for j < s.last && j < k+2 && eventWords[strings.ToLower(d.toks[j].text)] == kind && kind == domain.EventBilateralMeeting {
		j++ // "summit talks", "meeting talks": one event
	}
	at := k
	if t.is("delegation") {
		at = d.tripTo(k, s) // where the delegation went
	}
	if kind == domain.EventOfficialVisit && !t.cap() {
		e.title = f.visitTitle(at, s)
	} else {
		e.title = d.words(i, j)
		if w := f.withWhom(j, s); w > j && kind == domain.EventBilateralMeeting && !t.cap() {
			// "the bilateral meeting with Wang Yi" and "the bilateral
			// meeting with Børge Brende" are two meetings: whom with tells
			e.title = d.words(i, w)
		}
	}
	ref := i == k && k > s.first && anaphoric[strings.ToLower(d.toks[k-1].text)] || !t.cap() && i == k && d.tokIs(k-1, s, "the") ||
		!t.cap() && d.tokIs(i-1, s, "a") && (d.tokIs(i-2, s, "was", "is") || d.tokIs(i-3, s, "was", "is")) // "It was also a very interesting meeting"
	e.startOn, e.endOn = f.datesIn(s, k, j, kind)
	copula := !t.cap() && d.tokIs(i-1, s, "a") && (d.tokIs(i-2, s, "was", "is") || d.tokIs(i-3, s, "was", "is"))
	// "Speaking at the ground-breaking ceremony" after "The ground breaking
	// ceremony": a lower-case name after "the", with no day of its own,
	// that repeats a word of one of its kind already told points back to it
	title := d.words(i, j)
	modified := !t.cap() && i < k && e.startOn == "" && d.tokIs(i-1, s, "the") && slices.ContainsFunc(f.list, func(o *event) bool {
		return o.kind == kind && shareNameWord(strings.ReplaceAll(o.title, "-", " "), strings.ReplaceAll(title, "-", " "))
	})
	ref = ref || modified
	another := kind != domain.EventOfficialVisit && !d.tokIs(k-1, s, "the", "this", "that") && !copula && !modified && f.another(s, k)
	if another {
		ref = false
		if e.startOn == "" {
			e.startOn = f.lastDay // "Later on in the day, the CS met"
		}
		if e.startOn == "" && f.sameDayCue(s, k) {
			e.startOn = f.lastTold
		}
	}
	if year != "" && e.startOn == "" {
		e.startOn = year
	}
	if e.startOn == "" && !ref && kind != domain.EventOfficialVisit && f.orphan != "" && f.orphanSi == d.sent[k]-1 {
		// "On February 23, construction on the ... Friendship Village
		// started. The ground breaking ceremony ...": the day told just
		// before, that no event took
		e.startOn = f.orphan
	}
	if kind == domain.EventOfficialVisit {
		e.place = f.destination(at, s)
	} else {
		e.place = d.placeIn(s)
	}
	for _, m := range f.orgs.in(s) {
		if m.i >= j || m.j <= i {
			e.participants = appendName(e.participants, m.o.name)
		}
	}
	for _, p := range personsIn(f.people.list, d, s) {
		e.participants = appendName(e.participants, p.name)
	}
	e.attendance = attendanceIn(d, s)
	if ref {
		e.place = Place{}
	}
	f.merge(e, d.span(i, j), ref, another)
	if len(e.startOn) == len("2006-01-02") && e.endOn == "" {
		f.lastDay = e.startOn
	}
	return j - 1
}

// withWhom returns the token after "with ..." or "between ..." that
// follows a meeting at j when it names someone ("with Chinese Foreign
// Affairs Minister Wang Yi", "with the minister from Papua New Guinea"),
// or j.
func (f *eventFinder) withWhom(j int, s sentence) int {
	d := f.d
	if !d.tokIs(j, s, "with", "between") {
		return j
	}
	e, capital := j+1, false
	for e < s.last && e < j+12 && (d.toks[e].word || d.toks[e].text == "-") && !d.toks[e].is("on", "in", "at", "to", "they", "the", "who", "which") || d.tokIs(e, s, "the") && e == j+1 {
		capital = capital || d.toks[e].cap()
		e++
	}
	if !capital || e == j+1 {
		return j
	}
	return e
}

// ofEvent reports whether the capitalised event word at k ends a name
// written after "of the" and an event word: "the ministerial meeting of the
// US-Pakistan Strategic Dialogue", "the 68th Session of the UN General
// Assembly".
func (f *eventFinder) ofEvent(k int, s sentence) bool {
	d := f.d
	if !d.toks[k].cap() {
		return false
	}
	i := f.ofStart(k, s)
	if !d.tokIs(i-1, s, "the") || !d.tokIs(i-2, s, "of") {
		return false
	}
	_, ok := d.eventWordAt(i-3, s)
	return ok && len(f.list) > 0 && f.list[len(f.list)-1].si == d.sent[k]
}

// ofStart is the first token of the capitalised name that ends at k.
func (f *eventFinder) ofStart(k int, s sentence) int {
	i := k
	for i > s.first && f.d.capWord(i-1, s) {
		i--
	}
	return i
}

// wordless reports whether a sentence holds no word: a line of "|".
func wordless(d *doc, s sentence) bool {
	for _, t := range d.toks[s.first:s.last] {
		if t.word {
			return false
		}
	}
	return true
}

// eventIn reports whether a sentence holds an event word.
func (f *eventFinder) eventIn(s sentence) bool {
	for k := s.first; k < s.last; k++ {
		if _, ok := f.d.eventWordAt(k, s); ok {
			return true
		}
	}
	return false
}

// sameDayCue reports whether the words before k say "the same day" or
// "that day".
func (f *eventFinder) sameDayCue(s sentence, _ int) bool {
	for k := s.first; k+1 < s.last; k++ {
		if f.d.toks[k].is("same", "that") && f.d.tokIs(k+1, s, "day") {
			return true
		}
	}
	return false
}

// sameClause reports whether two meetings of one sentence are one: a verb
// ("met") and a noun ("Dialogue", "talks") whose days do not differ.
//
// Two nouns are one too unless both are names ("the 2016 meeting ... and
// fifth ROK-Russia strategic dialogue"): "During the meeting, ... held
// discussions on a wide range of issues".
func (f *eventFinder) sameClause(a, b *event) bool {
	if a.kind != domain.EventBilateralMeeting || b.kind != a.kind || a.startOn != "" && b.startOn != "" && a.startOn != b.startOn {
		return false
	}
	if a.verb != b.verb {
		return true
	}
	// a later noun with a day of its own ("the summit talks held in
	// Vladivostok on September 3") is another event
	bothNamed := named(a.title) && named(b.title)
	return !a.verb && !bothNamed && (b.startOn == "" || a.startOn != "")
}

// named reports whether an event's title names it: a capitalised word or
// a number in it.
func named(title string) bool {
	for w := range strings.FieldsSeq(title) {
		if r := []rune(w)[0]; unicode.IsUpper(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// another reports whether a sentence tells of another engagement than
// the one before, the same day or later: "Later on in the day, the CS
// met", "The Cabinet Secretary also held discussions".
func (f *eventFinder) another(s sentence, w int) bool {
	d := f.d
	for k := max(s.first, w-4); k < w; k++ {
		if d.toks[k].is("also", "then", "afterwards", "subsequently") {
			return true
		}
	}
	for k := s.first; k < w; k++ {
		if d.toks[k].is("later", "earlier", "same") && d.tokIs(k+1, s, "day", "that", "on", "in") {
			return true // "Later on in the day", "On the same day", "later that day"
		}
	}
	return false
}

func appendName(list []string, n string) []string {
	for _, x := range list {
		if x == n {
			return list
		}
	}
	return append(list, n)
}

// visitTitle writes "Visit to Colombia and Peru" from the destinations
// after the word.
func (f *eventFinder) visitTitle(k int, s sentence) string {
	d := f.d
	var names []string
	for n := k + 1; n < s.last && n < k+8; n++ {
		if code, next, w := d.countryAt(n); code != "" && !w.demonym {
			names = append(names, d.words(n, next))
			n = next - 1
			continue
		}
		if !d.toks[n].is("to", "and", ",", "of", "in") {
			break
		}
	}
	if len(names) == 0 {
		return "Visit"
	}
	return "Visit to " + strings.Join(names, " and ")
}

// destination reads the place of a visit: "visit to Peru", "visited
// Lima"; with two countries, none.
func (f *eventFinder) destination(k int, s sentence) Place {
	d := f.d
	var codes []string
	var place Place
	for n := k + 1; n < s.last && n < k+12; n++ {
		if code, next, w := d.countryAt(n); code != "" && !w.demonym {
			codes = appendCode(codes, code)
			if w.capital {
				place = Place{City: d.words(n, next), Country: code}
			} else if place.City == "" {
				place = Place{Country: code}
			}
			n = next - 1
			continue
		}
		if d.toks[n].is("of") && len(codes) == 0 {
			// "the visit of Prime Minister Modi to Argentina": skip the
			// visitor to the destination
			m := n + 1
			for m < s.last && m < n+6 && (d.capWord(m, s) || d.toks[m].is("the")) {
				m++
			}
			if d.tokIs(m, s, "to") {
				n = m
				continue
			}
		}
		if d.capWord(n, s) && d.tokIs(n+1, s, ",") {
			if code, _, w := d.countryAt(n + 2); code != "" && !w.demonym {
				n++ // "Belmopan, Belize": a city before its country
				continue
			}
		}
		if !d.toks[n].is("to", "and", ",", "of", "in") {
			break
		}
	}
	for _, c := range codes {
		f.partners = appendCode(f.partners, c)
	}
	if len(codes) > 1 {
		return Place{}
	}
	return place
}

// datesIn returns the date or range written in the sentence that belongs
// to the event word at k: each date goes to the nearest word of an event
// or of another dated act ("approved in 2012"), unless a clause opens
// between them ("since the diplomat delivered his letters on March 19");
// a visit prefers a range.
func (f *eventFinder) datesIn(s sentence, k, j int, kind domain.EventKind) (string, string) {
	d := f.d
	from, to := "", ""
	for _, m := range f.dates[d.sent[s.first]] {
		if m.dateline {
			continue
		}
		if o := f.ownerOf(s, m); (o < k || o >= max(j, k+1)) && !f.when(s, m, k) {
			continue // another word's ("summit talks" own it at either word)
		}
		if from == "" || m.to != "" && to == "" && kind == domain.EventOfficialVisit {
			from, to = m.from, m.to
		}
	}
	_ = d
	return from, to
}

// datedActs are verbs that take a date of their own in a sentence that
// names an event: "approved in 2012", "established on January 22, 1992".
var datedActs = map[string]bool{
	"signed": true, "approved": true, "adopted": true, "established": true, "founded": true, "ratified": true,
	"delivered": true, "elevated": true, "forged": true, "entered": true, "announced": true,
	"inaugurated": true, "appointed": true, "operationalized": true, "launched": true,
	// reporting verbs date the report: "her ministry said Thursday"
	"said": true, "says": true, "told": true, "stated": true, "reported": true, "according": true,
}

// clauseOpeners start a clause whose dates are its own.
var clauseOpeners = map[string]bool{"since": true, "after": true, "before": true, "when": true, "following": true, "which": true, "that": true, "who": true, "until": true}

// when reports whether the event word at k is in a clause that a date
// opens: "last year, when Commissioner General Min visited Bogotá".
func (f *eventFinder) when(s sentence, m dateMention, k int) bool {
	n := m.j
	if f.d.tokIs(n, s, ",") {
		n++
	}
	if f.d.tokIs(n, s, "during") && f.d.tokIs(n+1, s, "which") {
		n++ // "on March 21, 2019, during which the III Meeting ... will be held"
	}
	if f.d.tokIs(n, s, "when", "which") && k > n && k-n < 10 {
		return true
	}
	// "met today in Santiago on the occasion of the IV Meeting": the
	// occasion is on the day of what happened at it
	for i := max(s.first, k-5); i < k; i++ {
		if o := f.ownerOf(s, m); f.d.toks[i].is("occasion", "sidelines") && f.d.tokIs(i+1, s, "of") && o < k && o >= 0 {
			// "he said on Thursday on the sidelines of DBS Asian Insights
			// Conference", not "received by Antara here on Wednesday, she
			// met with them on the sidelines of": the release's day
			return !f.d.toks[o].is("received")
		}
	}
	return false
}

// ownerOf is owner, worked out once per date.
func (f *eventFinder) ownerOf(s sentence, m dateMention) int {
	if f.owners == nil {
		f.owners = map[int]int{}
	}
	if k, ok := f.owners[m.i]; ok {
		return k
	}
	k := f.owner(s, m)
	f.owners[m.i] = k
	return k
}

// owner returns the token of the event word or dated act a date belongs
// to in its sentence, or -1.
func (f *eventFinder) owner(s sentence, m dateMention) int {
	d := f.d
	best, dist := -1, 1<<30
	// words farther than a clause away own no date: a window bounds the
	// work on a long run-on "sentence"
	for k := max(s.first, m.i-40); k < min(s.last, m.j+40); k++ {
		if k >= m.i && k < m.j {
			continue
		}
		_, ev := d.eventWordAt(k, s)
		// "a press release ... received by Antara here on Wednesday" dates the release
		act := datedActs[strings.ToLower(d.toks[k].text)] || d.toks[k].is("received") && d.tokIs(k+1, s, "by")
		if !ev && !act {
			continue
		}
		dd := m.i - k // the word before the date
		if k > m.i {
			dd = k - m.j + 6 // after it: farther ("visited Korea from May 28 to June 1 and signed")
		}
		lo, hi := min(k, m.i), max(k, m.j)
		for n := lo + 1; n < hi; n++ {
			if clauseOpeners[strings.ToLower(d.toks[n].text)] && n < m.i && n > k {
				dd += 100 // the date is in a clause the word is not in
				break
			}
		}
		if dd < dist {
			best, dist = k, dd
		}
	}
	if dist >= 100 {
		return -1
	}
	return best
}

// attendanceIn reads "About 100 high-level officials" in a sentence.
func attendanceIn(d *doc, s sentence) string {
	for k := s.first; k < s.last; k++ {
		t := d.toks[k]
		if !t.word || t.text[0] < '0' || t.text[0] > '9' || yearOf(t) != 0 || dayOf(t) != 0 && monthOf(d.toks[max(k-1, s.first)]) != 0 {
			continue
		}
		j := k + 1
		for j < s.last && j < k+5 && d.toks[j].word {
			if d.toks[j].is("officials", "participants", "people", "delegates", "experts", "representatives", "attendees", "guests", "members") {
				i := k
				if d.tokIs(k-1, s, "about", "some", "around", "nearly", "over", "approximately", "almost") {
					i--
				} else if d.tokIs(k-1, s, "than") && d.tokIs(k-2, s, "more") {
					i -= 2
				}
				return d.words(i, j+1)
			}
			j++
		}
	}
	return ""
}

// merge adds an event to one already found: a reference ("the forum",
// "my visit"), the same kind on the same start day, or the same title.
func (f *eventFinder) merge(e *event, sp Span, ref, another bool) {
	if n := len(f.list) - 1; n >= 0 && !another && f.list[n].si == e.si && f.sameClause(f.list[n], e) {
		// "met ... at the eleventh U.S.-Vietnam Political, Security, and
		// Defense Dialogue": the verb and the name tell of one meeting
		old := f.list[n]
		old.spans = append(old.spans, sp)
		if old.startOn == "" {
			old.startOn, old.endOn = e.startOn, e.endOn
		}
		if old.verb {
			old.title, old.verb = e.title, false
		}
		if old.place == (Place{}) {
			old.place = e.place
		}
		for _, p := range e.participants {
			old.participants = appendName(old.participants, p)
		}
		return
	}
	named := -1 // a reference that repeats a word of an earlier title: "their 2016 meeting"
	for n := len(f.list) - 1; n >= 0 && ref && !another; n-- {
		if old := f.list[n]; old.kind == e.kind && shareWord(old.title, e.title) && !genericEventTitles[fold(old.title)] {
			named = n
			break
		}
	}
	for n := len(f.list) - 1; n >= 0 && !another; n-- {
		old := f.list[n]
		if old.kind != e.kind || named >= 0 && n != named {
			continue
		}
		// one trip: an undated mention, or the dates of a trip told
		// first without them ("two-day state visit to Bangladesh", then
		// "arrived in Dhaka on 19 March")
		oneTrip := e.kind == domain.EventOfficialVisit && (e.startOn == "" ||
			old.startOn == "" && old.place.Country != "" && (e.place.Country == "" || e.place.Country == old.place.Country))
		same := ref || oneTrip ||
			e.startOn != "" && e.startOn == old.startOn ||
			fold(e.title) == fold(old.title) && e.title != "Visit" && sameDay(e.startOn, old.startOn)
		if !same {
			continue
		}
		old.spans = append(old.spans, sp)
		if old.startOn == "" && (!ref || e.startOn != "") {
			old.startOn, old.endOn = e.startOn, e.endOn
		}
		if len(e.title) > len(old.title) && old.title == "Visit" {
			old.title = e.title
		}
		if old.attendance == "" {
			old.attendance = e.attendance
		}
		if old.place == (Place{}) {
			old.place = e.place
		}
		for _, p := range e.participants {
			old.participants = appendName(old.participants, p)
		}
		return
	}
	e.spans = []Span{sp}
	f.list = append(f.list, e)
}
