package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"cooptrack/domain"
)

// srcPlan is a source as planned: what it reports, and the sentences that
// records quote from it. Its text is written when it is handed over.
type srcPlan struct {
	id        string
	subject   domain.Record
	date      domain.Date
	ci        int
	topic     string
	home      int // the home organization in the story
	partner   int // the partner organization, -1 for none
	speaker   string
	title     string
	publisher string
	quotes    []string
}

// maxEvidence bounds the citations of one record, so that no document grows
// without end.
const maxEvidence = 25

func (g *gen) planSources() {
	r := stream(g.seed, "sources", 0)
	n := g.n.Sources
	// Every story is reported at least once, as far as the sources go:
	// agreements, programs and events first, then appointments.
	var cover []domain.Record
	group := func(recs []domain.Record) {
		r.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
		cover = append(cover, recs...)
	}
	group(records(g.agreements))
	group(records(g.programs))
	group(records(g.events))
	group(records(g.people))
	if len(cover) > n {
		cover = cover[:n]
	}
	// The rest report the big stories again.
	stories := slices.Concat(records(g.agreements), records(g.programs), records(g.events))
	w := make([]float64, len(stories))
	for i, rec := range stories {
		switch v := rec.(type) {
		case *domain.Agreement:
			w[i] = 3
			if v.SignedOn == "" {
				w[i] = 1.5
			}
		case *domain.Program:
			w[i] = 3
		case *domain.Event:
			switch v.Kind {
			case domain.EventOfficialVisit:
				w[i] = 2.5
			case domain.EventForum, domain.EventConference:
				w[i] = 1.5
			default:
				w[i] = 0.7
			}
		}
	}
	cum := cumulative(w)
	type skeleton struct {
		subject domain.Record
		date    domain.Date
		again   bool
	}
	sks := make([]skeleton, 0, n)
	for _, rec := range cover {
		sks = append(sks, skeleton{subject: rec, date: g.reportDate(r, rec, false)})
	}
	for len(sks) < n {
		rec := stories[draw(r, cum)]
		sks = append(sks, skeleton{subject: rec, date: g.reportDate(r, rec, true), again: true})
	}
	slices.SortStableFunc(sks, func(a, b skeleton) int { return strings.Compare(string(a.date), string(b.date)) })
	g.sources = make([]srcPlan, n)
	for i, s := range sks {
		sp := &g.sources[i]
		sp.id = ID(g.seed, idSource, i)
		sp.subject = s.subject
		sp.date = s.date
		g.story(r, sp, s.again)
		g.citeFor(r, i)
	}
}

// records turns a slice of one kind into records.
func records[T domain.Record](recs []T) []domain.Record {
	out := make([]domain.Record, len(recs))
	for i, r := range recs {
		out[i] = r
	}
	return out
}

// reportDate is when an article on rec came out: a day or two after it
// happened, or weeks later for a follow-up.
func (g *gen) reportDate(r *rand.Rand, rec domain.Record, again bool) domain.Date {
	var d domain.Date
	switch v := rec.(type) {
	case *domain.Agreement:
		d = orElseDate(v.SignedOn, g.am[g.indexOf(v.ID)].date)
	case *domain.Event:
		d = orElseDate(v.EndOn, v.StartOn)
	case *domain.Program:
		d = v.StartOn
		if again {
			var done []domain.Date
			for _, m := range v.Milestones {
				if m.Done {
					done = append(done, m.On)
				}
			}
			if len(done) > 0 {
				return clampDay(pick(r, done).AddDays(between(r, 0, 5)))
			}
		}
	case *domain.Person:
		d = appointment(v).From
		if d == "" {
			d = dayIn(r, eventYears)
		}
	}
	if again {
		return clampDay(d.AddDays(between(r, 1, 90)))
	}
	return clampDay(d.AddDays(between(r, 0, 2)))
}

func orElseDate(d, def domain.Date) domain.Date {
	if d == "" {
		return def
	}
	return d
}

// appointment is the post an article on the person reports: the first one
// with a known start.
func appointment(p *domain.Person) domain.Position {
	for _, pos := range p.Positions {
		if pos.From != "" {
			return pos
		}
	}
	return p.Positions[0]
}

// indexOf returns the index of a planned record from its id.
func (g *gen) indexOf(id string) int {
	n, _ := strconv.ParseUint(id[10:], 16, 64)
	return int(n)
}

// story fills in what the article is about: its country, topic, people,
// headline and publisher.
func (g *gen) story(r *rand.Rand, sp *srcPlan, again bool) {
	sp.partner = -1
	home := g.home.Name
	switch v := sp.subject.(type) {
	case *domain.Agreement:
		m := g.am[g.indexOf(v.ID)]
		sp.ci, sp.topic, sp.home, sp.partner = m.ci, m.topic, m.home, m.partner
		if m.signer != nil {
			sp.speaker = g.shortStyled(m.signer)
		}
		cn := theName(g.countries[m.ci])
		kt := kindTitles[v.Kind]
		switch {
		case again:
			sp.title = pick(r, []string{
				fmt.Sprintf("Follow-up to the %s-%s %s on %s", g.homeName, g.countries[m.ci].Name, kt, m.topic),
				fmt.Sprintf("What the %s with %s on %s means for %s", kt, cn, m.topic, g.homeName),
			})
		case v.SignedOn == "":
			sp.title = fmt.Sprintf("%s and %s open talks on a %s on %s", g.homeName, cn, kt, m.topic)
		default:
			sp.title = pick(r, []string{
				fmt.Sprintf("%s and %s sign %s on %s", g.homeName, cn, kt, m.topic),
				fmt.Sprintf("%s signs %s on %s with %s", shortName(g.orgs[m.home]), kt, m.topic, cn),
				fmt.Sprintf("%s-%s %s to boost cooperation in %s", g.homeName, g.countries[m.ci].Name, kt, m.topic),
			})
		}
	case *domain.Event:
		m := g.em[g.indexOf(v.ID)]
		sp.ci, sp.topic, sp.home, sp.partner = m.ci, m.topic, m.home, m.partner
		cn := g.countries[m.ci].Name
		if m.leader != nil {
			sp.speaker = g.shortStyled(m.leader)
		}
		switch {
		case v.Kind == domain.EventOfficialVisit && m.leader != nil:
			sp.title = fmt.Sprintf("%s to Enhance %s-%s Cooperation", g.shortStyled(m.leader), g.homeName, cn)
		case v.Kind == domain.EventOfficialVisit:
			sp.title = fmt.Sprintf("%s delegation visits %s", shortName(g.orgs[m.home]), theName(g.countries[m.ci]))
		case v.Kind == domain.EventBilateralMeeting:
			sp.title = fmt.Sprintf("%s and %s discuss cooperation in %s", g.homeName, theName(g.countries[m.ci]), m.topic)
		default:
			sp.title = capitalize(v.Title)
			if v.Place.City != "" && !strings.Contains(v.Title, v.Place.City) {
				sp.title += " held in " + v.Place.City
			}
		}
		if again {
			sp.title = "After the " + strings.ToLower(sp.title[:1]) + sp.title[1:] + ": next steps"
		}
	case *domain.Program:
		m := g.pm[g.indexOf(v.ID)]
		sp.ci, sp.topic, sp.home, sp.partner = m.ci, m.topic, m.home, m.partner
		cn := theName(g.countries[m.ci])
		switch {
		case again:
			sp.title = fmt.Sprintf("%s reaches a milestone", capitalize(v.Name))
		case v.Status == domain.ProgramPipeline:
			sp.title = fmt.Sprintf("%s seeks %s's support in %s", capitalize(cn), g.homeName, m.topic)
		default:
			sp.title = fmt.Sprintf("%s launches the %s", capitalize(cn), afterThe(v.Name))
		}
	case *domain.Person:
		pos := appointment(v)
		oi := g.orgIndex(pos.Organization.ID)
		sp.ci = g.om[oi].ci
		sp.topic = g.om[oi].topic
		sp.home, sp.partner = oi, -1
		if sp.ci != 0 {
			sp.home, sp.partner = g.homeFor(r, sp.topic), oi
		}
		sp.speaker = pos.Title + " " + familyName(v)
		sp.title = fmt.Sprintf("%s appointed %s of the %s", v.FullName, pos.Title, g.orgs[oi].Name)
	}
	switch x := r.Float64(); {
	case x < 0.45:
		sp.publisher = g.orgs[sp.home].Name + ", " + home
	case x < 0.65:
		sp.publisher = g.countries[sp.ci].Name + " News Agency"
	default:
		sp.publisher = pick(r, outlets)
	}
}

var outlets = []string{
	"Korea Policy Wire", "Seoul Cooperation Daily", "Global Governance Review", "Development Cooperation Monitor",
	"Public Sector Digest", "Asia-Pacific Government Journal", "Americas Public Policy Review", "Africa Development Post",
}

func (g *gen) orgIndex(id string) int { return g.indexOf(id) }

func shortName(o *domain.Organization) string {
	if o.Acronym != "" {
		return o.Acronym
	}
	return o.Name
}

// candidate is a record an article may be cited by, with what it says
// about it: detail 0 is its main fact, above that its other facts.
type candidate struct {
	rec    domain.Record
	detail int
}

// citeFor attaches the citations of source i: the record it reports, then
// one or two records it also speaks of, those with no evidence yet first.
func (g *gen) citeFor(r *rand.Rand, i int) {
	sp := &g.sources[i]
	k := 2
	if x := r.Float64(); x < 0.2 {
		k = 1
	} else if x >= 0.68 {
		k = 3
	}
	if q, sup, ok := g.sentence(r, sp, candidate{sp.subject, 0}); ok {
		g.cite(sp, sp.subject, q, sup)
	}
	cands := g.candidates(sp)
	r.Shuffle(len(cands), func(a, b int) { cands[a], cands[b] = cands[b], cands[a] })
	for len(sp.quotes) < k && len(cands) > 0 {
		best := -1
		for j, c := range cands {
			n := len(c.rec.RecordMeta().Evidence)
			if n == 0 {
				best = j
				break
			}
			if best < 0 && n < maxEvidence {
				best = j
			}
		}
		if best < 0 {
			break
		}
		c := cands[best]
		cands = slices.Delete(cands, best, best+1)
		if q, sup, ok := g.sentence(r, sp, c); ok && !slices.Contains(sp.quotes, q) {
			g.cite(sp, c.rec, q, sup)
		}
	}
}

func (g *gen) cite(sp *srcPlan, rec domain.Record, quote string, supports []string) {
	m := rec.RecordMeta()
	at := sp.date.Time().Add(time.Duration(8+g.citations%10)*time.Hour + time.Duration(g.citations%60)*time.Minute)
	m.Evidence = append(m.Evidence, domain.Citation{
		ID:       ID(g.seed, idCitation, g.citations),
		Source:   domain.Ref{ID: sp.id},
		Quote:    quote,
		Supports: supports,
		AddedAt:  at,
	})
	sp.quotes = append(sp.quotes, quote)
	g.citations++
}

// candidates lists the records an article on the subject may also be cited
// by, and the subject's other facts.
func (g *gen) candidates(sp *srcPlan) []candidate {
	var out []candidate
	self := func(n int) {
		for d := 1; d <= n; d++ {
			out = append(out, candidate{sp.subject, d})
		}
	}
	org := func(ref *domain.Ref) {
		if ref != nil {
			out = append(out, candidate{g.orgs[g.orgIndex(ref.ID)], 0})
		}
	}
	person := func(ref *domain.Ref) {
		if ref != nil {
			out = append(out, candidate{g.people[g.indexOf(ref.ID)], 0})
		}
	}
	switch v := sp.subject.(type) {
	case *domain.Agreement:
		self(2)
		for i := range v.Parties {
			org(&v.Parties[i])
		}
		for _, s := range v.Signatories {
			person(s.Person)
		}
		for _, p := range v.Programs {
			out = append(out, candidate{g.programs[g.indexOf(p.ID)], 0})
		}
	case *domain.Event:
		self(2)
		org(v.Host)
		for _, p := range v.Participants {
			person(p.Person)
			org(p.Organization)
		}
		for _, a := range v.Agreements {
			out = append(out, candidate{g.agreements[g.indexOf(a.ID)], 0})
		}
		if v.Parent != nil {
			out = append(out, candidate{g.events[g.indexOf(v.Parent.ID)], 0})
		}
	case *domain.Program:
		self(3)
		for i := range v.Beneficiaries {
			org(&v.Beneficiaries[i])
		}
		for i := range v.Partners {
			org(&v.Partners[i])
		}
		if v.Parent != nil {
			out = append(out, candidate{g.programs[g.indexOf(v.Parent.ID)], 0})
		}
	case *domain.Person:
		for _, pos := range v.Positions {
			org(pos.Organization)
		}
	}
	// Nothing the article could not know yet.
	return slices.DeleteFunc(out, func(c candidate) bool {
		d := c.rec.MainDate()
		return c.detail == 0 && c.rec != sp.subject && d != "" && d > sp.date
	})
}

// sentence returns the sentence an article says about the candidate, and
// the fields it supports; ok is false when it has nothing to say.
func (g *gen) sentence(r *rand.Rand, sp *srcPlan, c candidate) (string, []string, bool) {
	switch v := c.rec.(type) {
	case *domain.Agreement:
		return g.agreementSentence(r, v, c.detail)
	case *domain.Event:
		return g.eventSentence(r, v, c.detail)
	case *domain.Program:
		return g.programSentence(r, v, c.detail, sp.date)
	case *domain.Person:
		return g.personSentence(v, sp.date, v == sp.subject)
	case *domain.Organization:
		return g.orgSentence(r, v, g.orgIndex(v.ID))
	}
	return "", nil, false
}

func (g *gen) agreementSentence(r *rand.Rand, a *domain.Agreement, detail int) (string, []string, bool) {
	m := g.am[g.indexOf(a.ID)]
	home, partner := g.orgs[m.home].Name, g.orgs[m.partner].Name
	kp := kindPhrases[a.Kind]
	where := ""
	if a.Place.City != "" {
		where = " in " + a.Place.City
	}
	switch detail {
	case 0:
		switch {
		case a.SignedOn == "":
			return fmt.Sprintf("The %s and the %s are negotiating %s on %s, officials said.", home, partner, kp, m.topic), []string{"status", "parties", "subjects"}, true
		case a.Status == domain.StatusTerminated && chance(r, 0.5):
			return fmt.Sprintf("%s on %s that the %s signed with the %s on %s has been terminated.", capitalize(kp), m.topic, home, partner, longDate(a.SignedOn)), []string{"status", "signed_on", "parties"}, true
		case chance(r, 0.5):
			return fmt.Sprintf("On %s, the %s signed %s on %s with the %s%s.", longDate(a.SignedOn), home, kp, m.topic, partner, where), []string{"title", "kind", "signed_on", "parties", "place"}, true
		default:
			return fmt.Sprintf("The %s and the %s signed %s for %s on %s%s.", home, partner, kp, strings.Join(a.Subjects, " and "), longDate(a.SignedOn), where), []string{"title", "kind", "signed_on", "parties", "subjects", "place"}, true
		}
	case 1:
		if a.ExpiresOn != "" {
			s := fmt.Sprintf("The %s takes effect on %s and remains in force until %s", kindTitles[a.Kind], longDate(orElseDate(a.EffectiveOn, a.SignedOn)), longDate(a.ExpiresOn))
			switch {
			case a.Renewal.Automatic && a.Renewal.NoticeDays > 0:
				s += fmt.Sprintf(", and is renewed automatically unless either side gives notice %d days before it expires", a.Renewal.NoticeDays)
			case a.Renewal.Automatic:
				s += ", and is renewed automatically"
			case a.Renewal.NoticeDays > 0:
				s += fmt.Sprintf("; either side may end it with %d days' notice", a.Renewal.NoticeDays)
			}
			return s + ".", []string{"effective_on", "expires_on", "renewal"}, true
		}
		return fmt.Sprintf("Under the %s, the two sides will cooperate in %s.", kindTitles[a.Kind], strings.Join(a.Subjects, " and ")), []string{"subjects"}, true
	case 2:
		if len(a.Present) > 0 {
			caps := make([]string, len(a.Present))
			for i, p := range a.Present {
				caps[i] = p.Capacity
			}
			return fmt.Sprintf("The %s was signed in the presence of the %s.", kindTitles[a.Kind], strings.Join(caps, " and the ")), []string{"present"}, true
		}
		if m.signer != nil {
			return fmt.Sprintf("%s signed the %s for the %s.", g.styled(m.signer), kindTitles[a.Kind], home), []string{"signatories"}, true
		}
	}
	return "", nil, false
}

func (g *gen) eventSentence(r *rand.Rand, e *domain.Event, detail int) (string, []string, bool) {
	m := g.em[g.indexOf(e.ID)]
	c := g.countries[m.ci]
	where := theName(c)
	if e.Place.City != "" {
		where = e.Place.City
	}
	switch detail {
	case 0:
		switch e.Kind {
		case domain.EventOfficialVisit:
			span := "on " + longDate(e.StartOn)
			if e.EndOn != "" {
				span = fmt.Sprintf("from %s to %s", e.StartOn.Time().Format("January 2"), longDate(e.EndOn))
			}
			dest := theName(g.countries[g.ciOf[string(e.Place.Country)]])
			if m.leader != nil {
				return fmt.Sprintf("%s of %s paid a visit to %s %s, and promoted stronger bilateral cooperation in %s.", g.styled(m.leader), g.orgs[m.leader.org].Name, dest, span, m.topic),
					[]string{"title", "kind", "start_on", "end_on", "participants"}, true
			}
			return fmt.Sprintf("A delegation of the %s visited %s %s to discuss cooperation in %s.", g.orgs[g.orgIndex(e.Participants[0].Organization.ID)].Name, dest, span, m.topic),
				[]string{"title", "kind", "start_on", "end_on", "participants"}, true
		case domain.EventBilateralMeeting:
			if m.leader != nil && m.counterpart != nil {
				return fmt.Sprintf("%s had a bilateral meeting with %s on %s, discussing ways to strengthen cooperation in %s.", g.styled(m.leader), g.styled(m.counterpart), longDate(e.StartOn), m.topic),
					[]string{"title", "kind", "start_on", "participants"}, true
			}
			return fmt.Sprintf("Officials of the %s and the %s met in %s on %s to discuss cooperation in %s.", g.orgs[m.home].Name, g.orgs[m.partner].Name, where, longDate(e.StartOn), m.topic),
				[]string{"kind", "start_on", "place", "participants"}, true
		case domain.EventSigningCeremony:
			return fmt.Sprintf("The signing ceremony was held in %s on %s.", where, longDate(e.StartOn)), []string{"kind", "start_on", "place", "agreements"}, true
		case domain.EventForum, domain.EventSeminar, domain.EventConference:
			host := g.orgs[g.orgIndex(e.Host.ID)].Name
			verb := pick(r, []string{"hosted", "organized", "held"})
			return fmt.Sprintf("The %s %s the %s in %s on %s.", host, verb, afterThe(e.Title), where, longDate(e.StartOn)), []string{"title", "kind", "start_on", "place", "host"}, true
		default:
			return fmt.Sprintf("The %s took place in %s on %s.", afterThe(e.Title), where, longDate(e.StartOn)), []string{"title", "kind", "start_on", "place"}, true
		}
	case 1:
		if e.Attendance != "" {
			return fmt.Sprintf("%s attended the %s.", e.Attendance, eventWord(e.Kind)), []string{"attendance"}, true
		}
		if len(e.Outcomes) > 0 {
			o := e.Outcomes[0]
			return "The two sides " + strings.ToLower(o[:1]) + o[1:], []string{"outcomes"}, true
		}
	case 2:
		if e.Parent != nil {
			p := g.events[g.indexOf(e.Parent.ID)]
			return fmt.Sprintf("The %s took place during the %s.", eventWord(e.Kind), afterThe(p.Title)), []string{"parent"}, true
		}
		if len(e.Outcomes) > 1 {
			o := e.Outcomes[1]
			return "They also " + strings.ToLower(o[:1]) + o[1:], []string{"outcomes"}, true
		}
	}
	return "", nil, false
}

func eventWord(k domain.EventKind) string {
	switch k {
	case domain.EventOfficialVisit:
		return "visit"
	case domain.EventBilateralMeeting:
		return "meeting"
	case domain.EventSigningCeremony:
		return "signing ceremony"
	case domain.EventOther:
		return "event"
	}
	return string(k)
}

func (g *gen) programSentence(r *rand.Rand, p *domain.Program, detail int, on domain.Date) (string, []string, bool) {
	m := g.pm[g.indexOf(p.ID)]
	cn := theName(g.countries[m.ci])
	switch detail {
	case 0:
		if p.Status == domain.ProgramPipeline {
			return fmt.Sprintf("The government of %s has requested %s's support for the %s, which is expected to start in %s.", cn, g.homeName, afterThe(p.Name), monthYear(p.StartOn)),
				[]string{"name", "status", "start_on"}, true
		}
		return fmt.Sprintf("The %s was launched in %s in %s to improve %s.", afterThe(p.Name), cn, monthYear(p.StartOn), pick(r, []string{"the efficiency of public administration", "public services in " + p.Sector, "the capacity of the " + g.orgs[m.partner].Name})),
			[]string{"name", "start_on", "sector", "beneficiaries"}, true
	case 1:
		if p.Budget != nil {
			return fmt.Sprintf("The program is funded with %s by the %s.", money(p.Budget), g.orgs[m.home].Name), []string{"budget", "partners"}, true
		}
	case 2:
		if len(p.Systems) > 0 {
			return fmt.Sprintf("Under the program, %s adopts %s's %s.", cn, g.homeName, joinAnd(p.Systems)), []string{"systems"}, true
		}
	case 3:
		for k := len(p.Milestones) - 1; k >= 0; k-- {
			if ms := p.Milestones[k]; ms.Done && ms.On <= on {
				return fmt.Sprintf("%s (%s).", strings.TrimSuffix(ms.Title, "."), longDate(ms.On)), []string{"milestones"}, true
			}
		}
		if p.Parent != nil {
			parent := g.programs[g.indexOf(p.Parent.ID)]
			return fmt.Sprintf("The program is part of the %s.", afterThe(parent.Name)), []string{"parent"}, true
		}
	}
	return "", nil, false
}

func (g *gen) personSentence(p *domain.Person, on domain.Date, subject bool) (string, []string, bool) {
	if subject {
		pos := appointment(p)
		org := g.orgs[g.orgIndex(pos.Organization.ID)].Name
		if pos.From == "" {
			return fmt.Sprintf("%s serves as %s of the %s.", p.FullName, pos.Title, org), []string{"full_name", "positions"}, true
		}
		return fmt.Sprintf("%s was appointed %s of the %s in %s.", p.FullName, pos.Title, org, monthYear(pos.From)), []string{"full_name", "positions"}, true
	}
	for _, pos := range p.Positions {
		if pos.HeldOn(on) && pos.Organization != nil {
			org := g.orgs[g.orgIndex(pos.Organization.ID)].Name
			return fmt.Sprintf("%s, %s of the %s, also took part.", p.FullName, pos.Title, org), []string{"full_name", "positions"}, true
		}
	}
	return "", nil, false
}

func (g *gen) orgSentence(r *rand.Rand, o *domain.Organization, oi int) (string, []string, bool) {
	topic := g.om[oi].topic
	name := o.Name
	if o.Acronym != "" {
		name += " (" + o.Acronym + ")"
	}
	sup := []string{"name", "kind", "country"}
	if o.Acronym != "" {
		sup = []string{"name", "acronym", "kind", "country"}
	}
	switch o.Kind {
	case domain.OrgInternational:
		return fmt.Sprintf("The %s supports the work in %s.", name, topic), []string{"name", "acronym", "kind"}, true
	case domain.OrgCompany:
		return fmt.Sprintf("%s, a company of %s, works in %s.", name, theName(g.countries[g.om[oi].ci]), topic), sup, true
	case domain.OrgEmbassy:
		return fmt.Sprintf("The %s followed the preparations.", name), sup, true
	}
	return pick(r, []string{
		fmt.Sprintf("The %s is in charge of %s in %s.", name, topic, theName(g.countries[g.om[oi].ci])),
		fmt.Sprintf("The %s, which leads the work on %s, took part.", name, topic),
	}), sup, true
}

func money(m *domain.Money) string {
	v := float64(m.Amount)
	if m.Currency != "KRW" {
		v /= 100
	}
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%s %.1f billion", m.Currency, v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%s %.1f million", m.Currency, v/1e6)
	}
	return fmt.Sprintf("%s %.0f", m.Currency, v)
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
