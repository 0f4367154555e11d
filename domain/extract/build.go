package extract

import (
	"slices"
	"strings"

	"cooptrack/domain"
)

// governmentKinds are the kinds of body that belong to the home country
// when the article names no other: a press release says "the Ministry".
var governmentKinds = []domain.OrganizationKind{domain.OrgMinistry, domain.OrgOffice, domain.OrgAgency, domain.OrgLocalGovernment}

// extract runs the finders in order: dates, countries, organizations,
// people, then the agreements, events and programs that link them.
func extract(a Article) Proposals {
	d := newDoc(a.Text)
	dates := bySentence(d, newDater(d, a.PublishedOn).dates())
	hits := d.countries()
	home := a.Home
	if home == "" {
		home = hits.home()
	}
	orgs := &orgFinder{d: d, home: home}
	orgs.find()
	people := &personFinder{d: d, orgs: orgs}
	people.find()
	orgs.acronyms()
	for _, o := range orgs.list {
		if o.country == "" && slices.Contains(governmentKinds, o.kind) {
			o.country = home
		}
	}
	for _, p := range people.list {
		if p.country == "" && p.org != nil {
			p.country = p.org.country
		}
	}
	agreements := &agreementFinder{d: d, dates: dates, orgs: orgs, people: people}
	agreements.find()
	events := &eventFinder{d: d, dates: dates, orgs: orgs, people: people}
	events.find()
	events.list = settleEvents(d, events.list, agreements.list)
	programs := &programFinder{d: d, orgs: orgs}
	programs.find()

	var partners []string
	for _, ag := range agreements.list {
		partners = append(partners, ag.countries...)
	}
	partners = append(partners, events.partners...)
	for _, e := range events.list {
		partners = appendCode(partners, e.place.Country)
	}
	// the countries of the people and public bodies named are the
	// counterparts of the home country
	for _, p := range people.list {
		partners = appendCode(partners, p.country)
	}
	for _, o := range orgs.list {
		if o.kind != domain.OrgInternational && o.kind != domain.OrgCompany {
			partners = appendCode(partners, o.country)
		}
	}
	for _, p := range programs.list {
		if p.beneficiary != nil {
			partners = appendCode(partners, p.beneficiary.country)
		}
	}

	countries := hits.proposals(home, partners)
	// An agreement signed without its parties' countries
	// said is between the home country and the article's one partner.
	var partner []string
	for _, c := range countries {
		if c.Role == RolePartner {
			partner = append(partner, c.Code)
		}
	}
	for _, ag := range agreements.list {
		negotiatedByBoth := ag.bothSides && len(partner) == 1
		if ag.status != AgreementSigned && !negotiatedByBoth || home == "" || len(ag.countries) > 1 {
			continue // "both Governments are negotiating": with the one partner
		}
		if len(ag.countries) == 1 && ag.countries[0] != home && !slices.Contains(partner, ag.countries[0]) {
			continue
		}
		ag.countries = appendCode(ag.countries, home)
		if len(partner) == 1 {
			ag.countries = appendCode(ag.countries, partner[0])
		}
		slices.Sort(ag.countries)
	}

	out := Proposals{
		Countries:     countries,
		Organizations: make([]OrganizationProposal, 0, len(orgs.list)),
		People:        make([]PersonProposal, 0, len(people.list)),
		Agreements:    make([]AgreementProposal, 0, len(agreements.list)),
		Events:        make([]EventProposal, 0, len(events.list)),
		Programs:      make([]ProgramProposal, 0, len(programs.list)),
	}
	for _, o := range orgs.list {
		out.Organizations = append(out.Organizations, OrganizationProposal{
			Name: o.name, Acronym: o.acronym, Country: o.country, Kind: o.kind, Spans: sortSpans(o.spans),
		})
	}
	for _, p := range people.list {
		pp := PersonProposal{Name: p.name, Title: p.title, Country: p.country, Spans: sortSpans(p.spans)}
		if p.org != nil {
			pp.Organization = p.org.name
		}
		out.People = append(out.People, pp)
	}
	for _, ag := range agreements.list {
		ap := AgreementProposal{
			Kind: ag.kind, Subject: ag.subject, Parties: []string{}, Countries: ag.countries,
			Signatories: []string{}, Place: ag.place, SignedOn: ag.signedOn, Status: ag.status, Spans: sortSpans(ag.spans),
		}
		if ap.Countries == nil {
			ap.Countries = []string{}
		}
		for _, o := range ag.parties {
			ap.Parties = append(ap.Parties, o.name)
		}
		for _, p := range ag.signatories {
			ap.Signatories = append(ap.Signatories, p.name)
		}
		out.Agreements = append(out.Agreements, ap)
	}
	for _, e := range events.list {
		ep := EventProposal{
			Kind: e.kind, Title: e.title, StartOn: e.startOn, EndOn: e.endOn, Place: e.place,
			Participants: e.participants, Attendance: e.attendance, Spans: sortSpans(e.spans),
		}
		if ep.Participants == nil {
			ep.Participants = []string{}
		}
		out.Events = append(out.Events, ep)
	}
	for _, p := range programs.list {
		pp := ProgramProposal{Name: p.name, Status: p.status, Spans: sortSpans(p.spans)}
		if p.beneficiary != nil {
			pp.Beneficiary = p.beneficiary.name
		}
		out.Programs = append(out.Programs, pp)
	}
	return out
}

// bySentence files date mentions under the sentence they are in.
func bySentence(d *doc, dates []dateMention) [][]dateMention {
	out := make([][]dateMention, len(d.sents))
	for _, m := range dates {
		s := d.sent[m.i]
		out[s] = append(out[s], m)
	}
	return out
}

// sortSpans orders spans by start and drops repeats.
func sortSpans(s []Span) []Span {
	slices.SortFunc(s, func(a, b Span) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	return slices.Compact(s)
}

// settleEvents dates an undated signing ceremony by the one agreement the
// article says was signed on a known day, and drops the events that say
// nothing a record could hold: no date, place, participants or attendance,
// and a title that is only the kind's word ("Visit" for "he also visited
// the agency").
func settleEvents(d *doc, list []*event, agreements []*agreement) []*event {
	var signedOn []string
	for _, a := range agreements {
		if a.status == AgreementSigned && len(a.signedOn) == len("2006-01-02") && !slices.Contains(signedOn, a.signedOn) {
			signedOn = append(signedOn, a.signedOn)
		}
	}
	visits := 0
	for _, e := range list {
		if e.kind == domain.EventOfficialVisit {
			visits++
		}
	}
	list = slices.DeleteFunc(list, func(e *event) bool {
		if e.kind == domain.EventSigningCeremony && e.startOn == "" && len(signedOn) == 1 {
			e.startOn = signedOn[0]
		}
		bare := e.startOn == "" && e.place == (Place{}) && len(e.participants) == 0 && e.attendance == ""
		// "during the visit", "the delegation’s visit": the article's one
		// trip, though it says nothing more of it
		oneVisit := e.kind == domain.EventOfficialVisit && visits == 1 && e.possessed
		return bare && genericEventTitles[fold(e.title)] && !oneVisit
	})
	// "held bilateral meetings with her counterparts", "she met with
	// them": meetings told together, undated, then one by one are the
	// ones told
	list = slices.DeleteFunc(list, func(e *event) bool {
		if !e.summary || e.startOn != "" || e.kind != domain.EventBilateralMeeting {
			return false
		}
		after := 0
		for _, o := range list {
			if o.kind == e.kind && !o.summary && o.startOn == "" && o.si > e.si {
				after++
			}
		}
		return after >= 2
	})
	// A meeting told of right after a visit of one day is on that day:
	// "pays his first state visit to Mongolia on Oct. 29. In a
	// narrow-format meeting, Tokayev ...".
	var visit *event
	visits = 0
	for _, e := range list {
		if e.kind == domain.EventOfficialVisit {
			visits++
			if len(e.startOn) == len("2006-01-02") && e.endOn == "" {
				visit = e
			}
		}
	}
	if visits == 1 && visit != nil {
		for _, e := range list {
			if e.kind == domain.EventBilateralMeeting && e.startOn == "" && len(e.spans) > 0 && len(visit.spans) > 0 &&
				e.spans[0][0] > visit.spans[0][0] && d.sentenceGap(visit.spans[0][0], e.spans[0][0]) <= 1 {
				e.startOn = visit.startOn
			}
		}
	}
	// A meeting told in the sentence of a dated signing is on its day:
	// "The documents were signed following a meeting between ...".
	for _, e := range list {
		if e.startOn != "" || e.kind != domain.EventBilateralMeeting && e.kind != domain.EventSigningCeremony || len(e.spans) == 0 {
			continue
		}
		for _, a := range agreements {
			if a.status != AgreementSigned || len(a.signedOn) != len("2006-01-02") {
				continue
			}
			if len(a.spans) > 0 && d.sentenceGap(a.spans[0][0], e.spans[0][0]) == 0 {
				e.startOn = a.signedOn
				break
			}
		}
	}
	// An unnamed, undated meeting told in the sentence after a dated one
	// is that one told on: "held the second ROK-UK Minister-level
	// Strategic Dialogue ... on August 10. The two sides had in-depth
	// discussions".
	list = slices.DeleteFunc(list, func(e *event) bool {
		if e.kind != domain.EventBilateralMeeting || e.startOn != "" || named(e.title) || e.verb {
			return false
		}
		for _, o := range list {
			if o != e && o.kind == e.kind && o.startOn != "" && o.si == e.si-1 {
				o.spans = append(o.spans, e.spans...)
				for _, p := range e.participants {
					o.participants = appendName(o.participants, p)
				}
				return true
			}
		}
		return false
	})
	// Undated mentions of one meeting told twice are one: "In top-level
	// talks", "the results of the top-level meetings and talks".
	list = slices.DeleteFunc(list, func(e *event) bool {
		if e.kind != domain.EventBilateralMeeting || e.startOn != "" {
			return false
		}
		for _, o := range list {
			if o == e || o.kind != e.kind || o.startOn != "" || len(o.spans) == 0 || len(e.spans) == 0 || o.spans[0][0] >= e.spans[0][0] {
				continue
			}
			if shareNameWord(o.title, e.title) && !metOthers(o.title, e.title) {
				o.spans = append(o.spans, e.spans...)
				return true
			}
		}
		return false
	})
	// A dialogue named without a date beside dated meetings is the
	// mechanism, not an occurrence: "reaffirmed the importance of the
	// US-Pakistan Strategic Dialogue".
	dated := slices.ContainsFunc(list, func(e *event) bool { return e.kind == domain.EventBilateralMeeting && e.startOn != "" })
	list = slices.DeleteFunc(list, func(e *event) bool {
		return dated && e.kind == domain.EventBilateralMeeting && e.startOn == "" && strings.HasSuffix(fold(e.title), "dialogue")
	})
	// An undated mention of a meeting found with its date is that meeting:
	// "the summit talks" after "their talks here Wednesday".
	return slices.DeleteFunc(list, func(e *event) bool {
		if e.startOn != "" || e.kind == domain.EventOfficialVisit {
			return false
		}
		var into *event
		for _, o := range list {
			if o != e && o.kind == e.kind && o.startOn != "" && shareWord(o.title, e.title) {
				if into != nil {
					return false // which one is not said
				}
				into = o
			}
		}
		if into == nil {
			return false
		}
		into.spans = append(into.spans, e.spans...)
		for _, p := range e.participants {
			into.participants = appendName(into.participants, p)
		}
		return true
	})
}

// shareWord reports whether two titles share a word that is not a
// connector: "summit talks" and "talks".
func shareWord(a, b string) bool {
	wa := strings.Fields(fold(a))
	for _, w := range strings.Fields(fold(b)) {
		if len(w) > 3 && slices.Contains(wa, w) {
			return true
		}
	}
	return false
}

// shareNameWord reports whether two titles share a word that is neither a
// connector nor an event word: "top-level talks" and "top-level meetings
// and talks".
func shareNameWord(a, b string) bool {
	wa := strings.Fields(fold(a))
	for _, w := range strings.Fields(fold(b)) {
		if _, ev := eventWords[w]; len(w) > 3 && !ev && !eventModifiers[w] && slices.Contains(wa, w) {
			return true
		}
	}
	return false
}

// metOthers reports whether two meetings' titles say they were with
// different people: "the bilateral meeting with the minister from Papua
// New Guinea", "the bilateral meeting between Minister Marsudi and ...
// Børge Brende".
func metOthers(a, b string) bool {
	with := func(t string) string {
		for _, w := range []string{" with ", " between "} {
			if _, after, ok := strings.Cut(t, w); ok {
				return fold(after)
			}
		}
		return ""
	}
	wa, wb := with(a), with(b)
	return wa != "" && wb != "" && wa != wb
}

// eventModifiers say what sort of engagement it is, not which one: "the
// bilateral meeting with Børge Brende" and "the bilateral meeting with
// Wang Yi" are two meetings.
var eventModifiers = map[string]bool{
	"bilateral": true, "official": true, "state": true, "working": true, "private": true, "separate": true, "formal": true, "informal": true,
}

// genericEventTitles are titles that only repeat an event's kind.
var genericEventTitles = map[string]bool{
	"visit": true, "official visit": true, "meeting": true, "bilateral meeting": true, "talks": true,
	"forum": true, "seminar": true, "workshop": true, "conference": true, "signing ceremony": true,
}
