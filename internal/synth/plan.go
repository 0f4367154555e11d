package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"cooptrack/domain"
)

// gen holds the plan: every record but the source texts, built before any
// is handed over, so that a source can quote the records it reports.
type gen struct {
	cfg  Config
	n    sizes
	seed uint64

	home     domain.Country
	homeName string // how articles name it: "Korea"
	// countries are the home country (index 0) and the partners by rank.
	countries []domain.Country
	// weights are the partners' shares of the work (partner i is country
	// i+1); partnerCum their running sums.
	weights    []float64
	partnerCum []float64
	ciOf       map[string]int

	orgs      []*domain.Organization
	om        []orgMeta
	orgsOf    [][]int
	orgCum    [][]float64 // per country, running sums of the weights of orgsOf
	homeTopic map[string][]int
	homeGov   []int
	homeCum   []float64
	intl      []int

	people []*domain.Person
	posAt  [][]posRef // per organization, the positions held there

	programs   []*domain.Program
	pm         []progMeta
	programsOf [][]int

	agreements []*domain.Agreement
	am         []agrMeta

	events []*domain.Event
	em     []evMeta

	sources   []srcPlan
	citations int

	linked map[string]domain.Linked
}

type orgMeta struct {
	ci     int // country index; -1 for an international organization
	topic  string
	weight float64
}

type posRef struct{ person, pos int }

// held is a post held by someone on a day.
type held struct{ person, pos, org int }

type progMeta struct {
	ci       int
	topic    string
	umbrella bool
	home     int // the home organization taking part
	partner  int // the first beneficiary
}

type agrMeta struct {
	ci            int
	topic         string
	home, partner int
	date          domain.Date // signing, or when talks were reported
	signer        *held       // the home side's signatory, if known
}

type evMeta struct {
	ci            int
	topic         string
	home, partner int
	leader        *held
	counterpart   *held
	parent        int // index of the parent event, -1 for none
	agreement     int // index of the agreement signed, -1 for none
}

func newGen(cfg Config) *gen {
	g := &gen{cfg: cfg, n: cfg.sizes(), seed: cfg.Seed, linked: map[string]domain.Linked{}, ciOf: map[string]int{}}
	g.home, _ = domain.LookupCountry(cfg.home())
	g.homeName = g.home.Name
	if g.home.Code == "KR" {
		g.homeName = "Korea"
	}
	g.countries = append([]domain.Country{g.home}, g.rankPartners()...)
	for i, c := range g.countries {
		g.ciOf[c.Code] = i
	}
	g.weights = make([]float64, len(g.countries)-1)
	for i := range g.weights {
		g.weights[i] = 1 / math.Pow(float64(i+1), zipfExponent)
	}
	g.partnerCum = cumulative(g.weights)
	return g
}

// rankPartners orders the partners by how much work they carry: the usual
// partners first, in an order the seed shuffles a little, then the rest.
func (g *gen) rankPartners() []domain.Country {
	r := stream(g.seed, "countries", 0)
	cands := partnerCandidates(g.home.Code)
	byCode := map[string]domain.Country{}
	for _, c := range cands {
		byCode[c.Code] = c
	}
	type ranked struct {
		c   domain.Country
		key float64
	}
	var head, tail []ranked
	for i, code := range headPartners {
		if c, ok := byCode[code]; ok {
			head = append(head, ranked{c, float64(i) + 8*r.Float64()})
			delete(byCode, code)
		}
	}
	for _, c := range cands {
		if _, ok := byCode[c.Code]; ok {
			tail = append(tail, ranked{c, r.Float64()})
		}
	}
	byKey := func(a, b ranked) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return strings.Compare(a.c.Code, b.c.Code)
	}
	slices.SortFunc(head, byKey)
	slices.SortFunc(tail, byKey)
	out := make([]domain.Country, 0, g.n.Countries)
	for _, x := range slices.Concat(head, tail) {
		if len(out) == g.n.Countries {
			break
		}
		out = append(out, x.c)
	}
	return out
}

// plan builds every record but the source texts.
func (g *gen) plan() {
	g.planOrganizations()
	g.planPeople()
	g.planPrograms()
	g.planAgreements()
	g.planEvents()
	g.planSources()
}

// city returns where things happen in a country: its capital when known,
// a city of the home country drawn by r.
func (g *gen) city(r *rand.Rand, ci int) string {
	if ci == 0 && g.home.Code == "KR" {
		return pick(r, homeCities)
	}
	return capitals[g.countries[ci].Code]
}

// pickTopic draws a field of cooperation, the office's own (the first ten)
// three times as often as the others.
func pickTopic(r *rand.Rand) string {
	if chance(r, 0.5) {
		return topics[r.IntN(10)]
	}
	return pick(r, topics)
}

// Organizations.

func kindWeight(k domain.OrganizationKind) float64 {
	switch k {
	case domain.OrgMinistry:
		return 5
	case domain.OrgOffice:
		return 4
	case domain.OrgAgency:
		return 3.5
	case domain.OrgLocalGovernment:
		return 1.2
	case domain.OrgEmbassy:
		return 0.6
	case domain.OrgCompany:
		return 0.5
	}
	return 0.5
}

func isGov(k domain.OrganizationKind) bool {
	return k == domain.OrgMinistry || k == domain.OrgOffice || k == domain.OrgAgency || k == domain.OrgLocalGovernment
}

func (g *gen) addOrg(o *domain.Organization, ci int, topic string) int {
	i := len(g.orgs)
	o.ID = ID(g.seed, idOrganization, i)
	w := kindWeight(o.Kind)
	if ci >= 0 {
		w /= 1 + 0.04*float64(len(g.orgsOf[ci]))
		g.orgsOf[ci] = append(g.orgsOf[ci], i)
	}
	g.orgs = append(g.orgs, o)
	g.om = append(g.om, orgMeta{ci: ci, topic: topic, weight: w})
	return i
}

func (g *gen) ref(i int) *domain.Ref { return &domain.Ref{ID: g.orgs[i].ID} }

func (g *gen) planOrganizations() {
	r := stream(g.seed, "organizations", 0)
	g.orgsOf = make([][]int, len(g.countries))
	if g.home.Code == "KR" {
		g.koreanOrgs(r, g.n.homeOrgs)
	} else {
		g.countryOrgs(r, 0, g.n.homeOrgs)
	}
	for i := 0; i < g.n.intlOrgs; i++ {
		b := internationalBodies[i]
		g.intl = append(g.intl, g.addOrg(&domain.Organization{Name: b.name, Acronym: b.acronym, Kind: domain.OrgInternational}, -1, pickTopic(r)))
	}
	for i, q := range allocate(g.n.partnerOrgs, g.weights, 1) {
		g.countryOrgs(r, i+1, q)
	}
	g.orgCum = make([][]float64, len(g.countries))
	for ci, list := range g.orgsOf {
		w := make([]float64, len(list))
		for j, oi := range list {
			w[j] = g.om[oi].weight
		}
		g.orgCum[ci] = cumulative(w)
	}
	g.homeTopic = map[string][]int{}
	var hw []float64
	for _, oi := range g.orgsOf[0] {
		if k := g.orgs[oi].Kind; isGov(k) {
			g.homeTopic[g.om[oi].topic] = append(g.homeTopic[g.om[oi].topic], oi)
			g.homeGov = append(g.homeGov, oi)
			hw = append(hw, g.om[oi].weight)
		}
	}
	g.homeCum = cumulative(hw)
}

// koreanOrgs makes the n organizations of Korea: the government's bodies,
// its embassies in the partner countries, the regions, universities and
// companies.
func (g *gen) koreanOrgs(r *rand.Rand, n int) {
	byAcronym := map[string]int{}
	full := func() bool { return len(g.orgsOf[0]) >= n }
	for _, b := range koreanBodies {
		if full() {
			return
		}
		o := &domain.Organization{Name: b.name, Acronym: b.acronym, Country: "KR", Kind: b.kind}
		if p, ok := byAcronym[b.parent]; ok && b.parent != "" {
			o.Parent = g.ref(p)
		}
		i := g.addOrg(o, 0, b.topic)
		if b.acronym != "" {
			byAcronym[b.acronym] = i
		}
	}
	for ci := 1; ci < len(g.countries) && !full(); ci++ {
		o := &domain.Organization{Name: "Embassy of the Republic of Korea in " + theName(g.countries[ci]), Country: "KR", Kind: domain.OrgEmbassy}
		if p, ok := byAcronym["MOFA"]; ok {
			o.Parent = g.ref(p)
		}
		g.addOrg(o, 0, "trade and investment")
	}
	for _, name := range koreanRegions {
		if full() {
			return
		}
		g.addOrg(&domain.Organization{Name: name, Country: "KR", Kind: domain.OrgLocalGovernment}, 0, pick(r, []string{"local governance", "smart cities"}))
	}
	for _, name := range []string{"Seoul National University", "Korea Advanced Institute of Science and Technology", "Korea University", "Yonsei University", "Korea National Open University"} {
		if full() {
			return
		}
		g.addOrg(&domain.Organization{Name: name, Country: "KR", Kind: domain.OrgOther}, 0, pick(r, []string{"education", "science and technology"}))
	}
	var names []string
	for _, st := range companyStems {
		for _, se := range companySectors {
			for _, su := range companySuffix {
				names = append(names, st+" "+se+" "+su)
			}
		}
	}
	r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	for k := 0; !full(); k++ {
		name := ""
		if k < len(names) {
			name = names[k]
		} else {
			name = placeName(r) + " " + pick(r, companySectors) + " Co., Ltd."
		}
		g.addOrg(&domain.Organization{Name: name, Country: "KR", Kind: domain.OrgCompany}, 0, pickTopic(r))
	}
}

// countryOrgs makes n organizations of country ci: the foreign ministry and
// the head of government's office, then ministries and agencies, its embassy
// in the home country, then towns, companies and universities.
func (g *gen) countryOrgs(r *rand.Rand, ci, n int) {
	if n <= 0 {
		return
	}
	c := g.countries[ci]
	cn := theName(c)
	ministries := slices.Clone(portfolios[1:])
	r.Shuffle(len(ministries), func(i, j int) { ministries[i], ministries[j] = ministries[j], ministries[i] })
	ags := slices.Clone(agencies)
	r.Shuffle(len(ags), func(i, j int) { ags[i], ags[j] = ags[j], ags[i] })
	madeMinistry := map[string]int{}
	seen := map[string]bool{}
	add := func(o *domain.Organization, topic string) int {
		o.Country = domain.CountryCode(c.Code)
		seen[o.Name] = true
		return g.addOrg(o, ci, topic)
	}
	ministry := func(p portfolio) {
		o := &domain.Organization{Name: "Ministry of " + p.name + " of " + cn, Kind: domain.OrgMinistry}
		if chance(r, 0.4) {
			o.Acronym = "MO" + initials(p.name)
		}
		if chance(r, 0.3) {
			o.AltNames = []string{possessive(c) + " Ministry of " + p.name}
		}
		madeMinistry[p.name] = add(o, p.topic)
	}
	ministry(portfolios[0])
	if len(g.orgsOf[ci]) < n {
		name := "Office of the President of " + cn
		if c.Region != "Americas" && c.Region != "Africa" && chance(r, 0.6) {
			name = "Prime Minister's Office of " + cn
		}
		o := &domain.Organization{Name: name, Kind: domain.OrgOffice}
		add(o, "e-government")
	}
	mi, ai, embassy := 0, 0, false
	for len(g.orgsOf[ci]) < n {
		k := len(g.orgsOf[ci])
		switch {
		case !embassy && k >= 6:
			embassy = true
			o := &domain.Organization{Name: "Embassy of " + cn + " in " + theName(g.home), Kind: domain.OrgEmbassy}
			if p, ok := madeMinistry[portfolios[0].name]; ok {
				o.Parent = g.ref(p)
			}
			add(o, "trade and investment")
		case mi < len(ministries) && (ai >= len(ags) || chance(r, 0.55)):
			ministry(ministries[mi])
			mi++
		case ai < len(ags):
			a := ags[ai]
			ai++
			o := &domain.Organization{Name: a.name + " of " + cn, Kind: domain.OrgAgency}
			if chance(r, 0.4) {
				o.Acronym = initials(a.name)
			}
			if p, ok := madeMinistry[a.ministry]; ok && a.ministry != "" {
				o.Parent = g.ref(p)
			}
			add(o, a.topic)
		default:
			var o *domain.Organization
			var topic string
			for try := 0; try < 6 && (o == nil || seen[o.Name]); try++ {
				switch x := r.Float64(); {
				case x < 0.35:
					o = &domain.Organization{Name: fmt.Sprintf(pick(r, localKinds), placeName(r)), Kind: domain.OrgLocalGovernment}
					topic = pick(r, []string{"local governance", "smart cities", "disaster management", "water management"})
				case x < 0.8:
					o = &domain.Organization{Name: placeName(r) + " " + pick(r, companySectors) + " " + companySuffixOf(c), Kind: domain.OrgCompany}
					topic = pickTopic(r)
				case x < 0.95:
					o = &domain.Organization{Name: fmt.Sprintf(pick(r, academyKinds), placeName(r)), Kind: domain.OrgOther}
					topic = pick(r, []string{"education", "science and technology", "civil service training"})
				default:
					o = &domain.Organization{Name: placeName(r) + " Chamber of Commerce", Kind: domain.OrgOther}
					topic = "trade and investment"
				}
			}
			add(o, topic)
		}
	}
}

// initials returns the capitals of the words of name: "National Customs
// Service" is "NCS".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if w == "and" || w == "of" || w == "for" || w == "the" {
			continue
		}
		if rn := []rune(w)[0]; unicode.IsUpper(rn) {
			b.WriteRune(rn)
		}
	}
	return b.String()
}

// possessive is "Peru's", "the Philippines'".
func possessive(c domain.Country) string {
	n := c.Name
	if strings.HasSuffix(n, "s") {
		return n + "'"
	}
	return n + "'s"
}

func companySuffixOf(c domain.Country) string {
	switch {
	case c.Code == "US" || c.Code == "CA":
		return "Inc."
	case c.Region == "Americas":
		return "S.A."
	case c.Code == "VN":
		return "JSC"
	case c.Region == "Europe":
		return "Ltd."
	}
	return "Ltd."
}

// placeName makes up the name of a town.
func placeName(r *rand.Rand) string {
	return pick(r, placeStart) + pick(r, placeMid) + pick(r, placeEnd)
}

// pickOrg draws an organization of country ci by weight.
func (g *gen) pickOrg(r *rand.Rand, ci int) int {
	list := g.orgsOf[ci]
	return list[draw(r, g.orgCum[ci])]
}

// pickGov draws a government body of country ci, any organization when it
// has none.
func (g *gen) pickGov(r *rand.Rand, ci int) int {
	for try := 0; try < 8; try++ {
		if oi := g.pickOrg(r, ci); isGov(g.orgs[oi].Kind) {
			return oi
		}
	}
	return g.orgsOf[ci][0]
}

// homeFor draws a home government body, one working on topic most often.
func (g *gen) homeFor(r *rand.Rand, topic string) int {
	if list := g.homeTopic[topic]; len(list) > 0 && chance(r, 0.65) {
		return pick(r, list)
	}
	return g.homeGov[draw(r, g.homeCum)]
}

// partnerFor draws a government body of ci, one working on topic when there
// is one and r wills it.
func (g *gen) partnerFor(r *rand.Rand, ci int, topic string) int {
	if chance(r, 0.7) {
		var match []int
		for _, oi := range g.orgsOf[ci] {
			if g.om[oi].topic == topic && isGov(g.orgs[oi].Kind) {
				match = append(match, oi)
			}
		}
		if len(match) > 0 {
			return pick(r, match)
		}
	}
	return g.pickGov(r, ci)
}

// People.

func (g *gen) planPeople() {
	r := stream(g.seed, "people", 0)
	g.posAt = make([][]posRef, len(g.orgs))
	homeN := max(1, int(math.Round(float64(g.n.People)*0.35)))
	for range homeN {
		g.addPerson(r, 0)
	}
	for i, q := range allocate(g.n.People-homeN, g.weights, 0) {
		for range q {
			g.addPerson(r, i+1)
		}
	}
}

func (g *gen) addPerson(r *rand.Rand, ci int) {
	c := g.countries[ci]
	name, alts := personName(r, namesOf(c))
	p := &domain.Person{Meta: domain.Meta{ID: ID(g.seed, idPerson, len(g.people))}, FullName: name, AltNames: alts, Country: domain.CountryCode(c.Code)}
	pi := len(g.people)
	g.people = append(g.people, p)
	npos := 1
	if x := r.Float64(); x < 0.15 {
		npos = 3
	} else if x < 0.5 {
		npos = 2
	}
	from := firstDay.AddDays(r.IntN(3653 - 200))
	oi := g.pickOrg(r, ci)
	titles := postTitles[g.orgs[oi].Kind]
	ti := min(len(titles)-1, int(float64(len(titles))*math.Sqrt(r.Float64())))
	for k := range npos {
		pos := domain.Position{Title: titles[ti], Organization: g.ref(oi), From: from}
		to := from.AddDays(between(r, 300, 1500))
		open := to > lastDay || (k == npos-1 && chance(r, 0.5))
		if !open {
			pos.To = to
		}
		if chance(r, 0.04) {
			pos.From = "" // known from one article only
		}
		p.Positions = append(p.Positions, pos)
		g.posAt[oi] = append(g.posAt[oi], posRef{pi, k})
		if open {
			break
		}
		from = to.AddDays(between(r, 1, 60))
		if from > lastDay.AddDays(-30) {
			break
		}
		if chance(r, 0.4) && ti > 0 {
			ti-- // promoted where they were
			continue
		}
		oi = g.pickOrg(r, ci)
		titles = postTitles[g.orgs[oi].Kind]
		ti = min(len(titles)-1, int(float64(len(titles))*math.Sqrt(r.Float64())))
	}
}

// personName makes up a name in the style of the pool, and its other
// spellings.
func personName(r *rand.Rand, p *namePool) (string, []string) {
	family := pick(r, p.family)
	var given string
	if p.hyphenGiven {
		a := pick(r, p.given)
		b := pick(r, p.given)
		for b == a {
			b = pick(r, p.given)
		}
		given = strings.ToUpper(a[:1]) + a[1:] + "-" + b
	} else {
		given = pick(r, p.given)
	}
	switch {
	case p.hyphenGiven:
		return family + " " + given, []string{family + ", " + given}
	case p.familyFirst:
		return family + " " + given, []string{given + " " + family}
	case p == &spanishNames && chance(r, 0.4):
		second := pick(r, p.family)
		if second != family {
			return given + " " + family + " " + second, []string{given + " " + family}
		}
	}
	return given + " " + family, nil
}

// holder finds someone who held a post at organization oi on day d.
func (g *gen) holder(r *rand.Rand, oi int, d domain.Date) *held {
	list := g.posAt[oi]
	if len(list) == 0 {
		return nil
	}
	off := r.IntN(len(list))
	for k := range list {
		pr := list[(off+k)%len(list)]
		pos := g.people[pr.person].Positions[pr.pos]
		if pos.From != "" && pos.HeldOn(d) {
			return &held{pr.person, pr.pos, oi}
		}
	}
	return nil
}

// position returns the post of h.
func (g *gen) position(h *held) domain.Position { return g.people[h.person].Positions[h.pos] }

// styled is "Minister Chong Jong-sup".
func (g *gen) styled(h *held) string {
	return g.position(h).Title + " " + g.people[h.person].FullName
}

// shortStyled is "Minister Chong": the title and the family name.
func (g *gen) shortStyled(h *held) string {
	p := g.people[h.person]
	return g.position(h).Title + " " + familyName(p)
}

func familyName(p *domain.Person) string {
	if len(p.AltNames) > 0 {
		if fam, _, ok := strings.Cut(p.AltNames[0], ", "); ok {
			return fam
		}
	}
	parts := strings.Fields(p.FullName)
	return parts[len(parts)-1]
}

// Programs.

var milestoneTitles = []string{
	"Inception mission to {C}", "Needs assessment completed", "Kick-off meeting held in {city}", "Master plan submitted",
	"System design approved", "Training of {n} officials in Korea", "Pilot deployment in {city}",
	"Procurement of equipment completed", "Nationwide roll-out", "Mid-term review", "Final evaluation", "Handover ceremony",
}

func (g *gen) planPrograms() {
	r := stream(g.seed, "programs", 0)
	type skeleton struct {
		ci       int
		start    domain.Date
		years    int
		umbrella bool
		topic    string
	}
	sks := make([]skeleton, g.n.Programs)
	for i := range sks {
		s := &sks[i]
		s.ci = 1 + draw(r, g.partnerCum)
		s.umbrella = chance(r, 0.12)
		s.start = dayIn(r, agreementYears)
		s.years = between(r, 2, 5)
		if s.umbrella {
			s.years = between(r, 4, 6)
		}
		s.topic = pickTopic(r)
	}
	slices.SortStableFunc(sks, func(a, b skeleton) int { return strings.Compare(string(a.start), string(b.start)) })
	g.programsOf = make([][]int, len(g.countries))
	for i, s := range sks {
		c := g.countries[s.ci]
		cn := theName(c)
		p := &domain.Program{Meta: domain.Meta{ID: ID(g.seed, idProgram, i)}, Sector: s.topic, StartOn: s.start, EndOn: addYears(s.start, s.years).AddDays(-1)}
		meta := progMeta{ci: s.ci, topic: s.topic, umbrella: s.umbrella}
		if !s.umbrella && chance(r, 0.35) {
			list := g.programsOf[s.ci]
			for k := len(list) - 1; k >= 0; k-- {
				if q := g.programs[list[k]]; g.pm[list[k]].umbrella && q.StartOn <= s.start && s.start <= q.EndOn {
					p.Parent = &domain.Ref{ID: q.ID}
					meta.topic = g.pm[list[k]].topic
					p.Sector = meta.topic
					break
				}
			}
		}
		topic := meta.topic
		// Beneficiaries and partners.
		b := g.partnerFor(r, s.ci, topic)
		meta.partner = b
		p.Beneficiaries = []domain.Ref{*g.ref(b)}
		if chance(r, 0.3) {
			if b2 := g.pickGov(r, s.ci); b2 != b {
				p.Beneficiaries = append(p.Beneficiaries, *g.ref(b2))
			}
		}
		h := g.homeFor(r, topic)
		meta.home = h
		p.Partners = []domain.Ref{*g.ref(h)}
		if chance(r, 0.35) {
			if h2 := g.homeFor(r, topic); h2 != h {
				p.Partners = append(p.Partners, *g.ref(h2))
			}
		}
		if len(g.intl) > 0 && chance(r, 0.12) {
			p.Partners = append(p.Partners, *g.ref(pick(r, g.intl)))
		}
		systems := topicSystems[topic]
		if len(systems) > 0 && chance(r, 0.55) {
			idx := r.Perm(len(systems))[:between(r, 1, min(3, len(systems)))]
			slices.Sort(idx)
			for _, k := range idx {
				p.Systems = append(p.Systems, systems[k])
			}
		}
		y1, y2 := s.start.Year(), p.EndOn.Year()
		if s.umbrella {
			p.Name = pick(r, []string{
				fmt.Sprintf("%s partnership program on %s %d-%d", g.homeName+"-"+c.Name, topic, y1, y2),
				fmt.Sprintf("%s modernization project of the Government of %s", capitalize(topic), cn),
				fmt.Sprintf("Country partnership program for %s: %s (%d-%d)", cn, topic, y1, y2),
			})
		} else {
			names := []string{
				fmt.Sprintf("Capacity building program on %s for %s", topic, cn),
				fmt.Sprintf("Master plan for %s of %s", topic, cn),
				fmt.Sprintf("%s modernization program of the %s", capitalize(topic), g.orgs[b].Name),
				fmt.Sprintf("Pilot project on %s in %s", topic, orElse(g.city(r, s.ci), cn)),
			}
			if len(p.Systems) > 0 {
				names = append(names, fmt.Sprintf("Establishment of the %s in %s", p.Systems[0], cn), fmt.Sprintf("Establishment of the %s in %s", p.Systems[0], cn))
			}
			p.Name = pick(r, names)
			if chance(r, 0.5) {
				p.Name += fmt.Sprintf(" (%d-%d)", y1, y2)
			}
		}
		// Status follows the dates.
		switch {
		case p.EndOn <= lastDay:
			p.Status = domain.ProgramCompleted
			if x := r.Float64(); x < 0.06 {
				p.Status = domain.ProgramCancelled
			} else if x < 0.12 {
				p.Status = domain.ProgramSuspended
			}
		case s.start > lastDay.AddDays(-240) && chance(r, 0.7):
			p.Status = domain.ProgramPipeline
		default:
			p.Status = domain.ProgramActive
			if x := r.Float64(); x < 0.05 {
				p.Status = domain.ProgramCancelled
			} else if x < 0.15 {
				p.Status = domain.ProgramSuspended
			}
		}
		g.milestones(r, p, s.ci)
		if chance(r, 0.85) {
			p.Budget = budget(r)
		}
		g.programs = append(g.programs, p)
		g.pm = append(g.pm, meta)
		g.programsOf[s.ci] = append(g.programsOf[s.ci], i)
	}
}

// milestones gives p 3 to 8 dated steps, done as far as its status and the
// last day allow.
func (g *gen) milestones(r *rand.Rand, p *domain.Program, ci int) {
	m := between(r, 3, 8)
	idx := r.Perm(len(milestoneTitles))[:m]
	slices.Sort(idx)
	span := int(p.EndOn.Time().Sub(p.StartOn.Time()).Hours() / 24)
	cutoff := lastDay
	switch p.Status {
	case domain.ProgramSuspended, domain.ProgramCancelled:
		cutoff = min(lastDay, p.StartOn.AddDays(span/2))
	case domain.ProgramPipeline:
		cutoff = ""
	}
	repl := strings.NewReplacer("{C}", theName(g.countries[ci]), "{city}", orElse(g.city(r, ci), "the capital"), "{n}", strconv.Itoa(between(r, 2, 12)*5))
	for k, ti := range idx {
		lo := span * k / m
		hi := span * (k + 1) / m
		on := p.StartOn.AddDays(between(r, lo, max(lo, hi-1)))
		p.Milestones = append(p.Milestones, domain.Milestone{On: on, Title: repl.Replace(milestoneTitles[ti]), Done: cutoff != "" && on <= cutoff})
	}
}

func budget(r *rand.Rand) *domain.Money {
	x := r.Float64()
	exp := 5.5 + 2*r.Float64()
	switch {
	case x < 0.6:
		return &domain.Money{Amount: int64(math.Round(math.Pow(10, exp)/1000)) * 1000 * 100, Currency: "USD"}
	case x < 0.95:
		return &domain.Money{Amount: int64(math.Round(math.Pow(10, exp+3)/1e6)) * 1e6, Currency: "KRW"}
	}
	return &domain.Money{Amount: int64(math.Round(math.Pow(10, exp)/1000)) * 1000 * 100, Currency: "EUR"}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Agreements.

var (
	agreementKindCum = cumulative([]float64{0.65, 0.10, 0.02, 0.07, 0.08, 0.05, 0.03})
	kindTitles       = map[domain.AgreementKind]string{
		domain.AgreementMOU: "MOU", domain.AgreementAgreement: "Agreement", domain.AgreementTreaty: "Treaty",
		domain.AgreementLetterOfIntent: "Letter of Intent", domain.AgreementImplementingArrangement: "Implementing Arrangement",
		domain.AgreementJointStatement: "Joint Statement", domain.AgreementOther: "Record of Discussions",
	}
	kindPhrases = map[domain.AgreementKind]string{
		domain.AgreementMOU: "a memorandum of understanding", domain.AgreementAgreement: "an agreement", domain.AgreementTreaty: "a treaty",
		domain.AgreementLetterOfIntent: "a letter of intent", domain.AgreementImplementingArrangement: "an implementing arrangement",
		domain.AgreementJointStatement: "a joint statement", domain.AgreementOther: "a record of discussions",
	}
)

func (g *gen) planAgreements() {
	r := stream(g.seed, "agreements", 0)
	var slots []int
	for i, q := range allocate(g.n.Agreements, g.weights, 0) {
		for range q {
			slots = append(slots, i+1)
		}
	}
	r.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	type skeleton struct {
		ci     int
		kind   domain.AgreementKind
		status domain.AgreementStatus
		date   domain.Date
	}
	sks := make([]skeleton, len(slots))
	for i, ci := range slots {
		s := &sks[i]
		s.ci = ci
		s.kind = domain.AgreementKinds[draw(r, agreementKindCum)]
		switch x := r.Float64(); {
		case x < 0.04:
			s.status = domain.StatusDraft
		case x < 0.10:
			s.status = domain.StatusUnderNegotiation
		case x < 0.14:
			s.status = domain.StatusTerminated
		default:
			s.status = domain.StatusSigned
		}
		if s.status == domain.StatusDraft || s.status == domain.StatusUnderNegotiation {
			s.date = dayBetween(r, domain.MustDate("2024-01-01"), lastDay)
		} else {
			s.date = workday(dayIn(r, agreementYears))
		}
	}
	slices.SortStableFunc(sks, func(a, b skeleton) int { return strings.Compare(string(a.date), string(b.date)) })
	for i, s := range sks {
		c := g.countries[s.ci]
		cn := theName(c)
		topic := pickTopic(r)
		partner := g.partnerFor(r, s.ci, topic)
		home := g.homeFor(r, topic)
		a := &domain.Agreement{Meta: domain.Meta{ID: ID(g.seed, idAgreement, i)}, Kind: s.kind, Status: s.status}
		meta := agrMeta{ci: s.ci, topic: topic, home: home, partner: partner, date: s.date}
		a.Parties = []domain.Ref{*g.ref(home), *g.ref(partner)}
		if chance(r, 0.1) {
			if third := g.pickGov(r, s.ci); third != partner {
				a.Parties = append(a.Parties, *g.ref(third))
			}
		}
		a.Subjects = []string{topic}
		if chance(r, 0.3) {
			if t2 := pickTopic(r); t2 != topic {
				a.Subjects = append(a.Subjects, t2)
			}
		}
		kt := kindTitles[s.kind]
		a.Title = pick(r, []string{
			fmt.Sprintf("%s on %s cooperation between the %s and the %s", kt, topic, g.orgs[home].Name, g.orgs[partner].Name),
			fmt.Sprintf("%s for %s with the %s", kt, topic, g.orgs[partner].Name),
			fmt.Sprintf("%s on cooperation in %s with %s", kt, topic, cn),
		})
		if chance(r, 0.55) {
			a.Place = domain.Place{City: g.city(r, s.ci), Country: domain.CountryCode(c.Code)}
		} else {
			a.Place = domain.Place{City: g.city(r, 0), Country: domain.CountryCode(g.home.Code)}
		}
		if s.status == domain.StatusSigned || s.status == domain.StatusTerminated {
			g.signedDetails(r, a, &meta, s.date)
		}
		if list := g.programsOf[s.ci]; len(list) > 0 && chance(r, 0.25) {
			var fit []int
			for _, pi := range list {
				if g.programs[pi].StartOn <= s.date.AddDays(365) {
					fit = append(fit, pi)
				}
			}
			if len(fit) > 0 {
				p1 := pick(r, fit)
				a.Programs = []domain.Ref{{ID: g.programs[p1].ID}}
				if p2 := pick(r, fit); p2 != p1 && chance(r, 0.3) {
					a.Programs = append(a.Programs, domain.Ref{ID: g.programs[p2].ID})
				}
			}
		}
		g.agreements = append(g.agreements, a)
		g.am = append(g.am, meta)
	}
}

// signedDetails sets the dates, renewal, signatories and witnesses of a
// signed agreement.
func (g *gen) signedDetails(r *rand.Rand, a *domain.Agreement, meta *agrMeta, signed domain.Date) {
	c := g.countries[meta.ci]
	a.SignedOn = signed
	switch x := r.Float64(); {
	case x < 0.55:
		a.EffectiveOn = signed
	case x < 0.85:
		a.EffectiveOn = signed.AddDays(between(r, 1, 90))
	}
	from := orElse(string(a.EffectiveOn), string(signed))
	if chance(r, 0.85) {
		a.ExpiresOn = addYears(domain.Date(from), between(r, 2, 5)).AddDays(-1)
		a.Renewal.Automatic = chance(r, 0.35)
		if chance(r, 0.6) {
			a.Renewal.NoticeDays = pick(r, []int{30, 60, 90, 90, 180})
		}
	}
	switch {
	case a.Status == domain.StatusTerminated:
		a.StatusReason = pick(r, []string{"terminated by mutual consent", "terminated on notice by the partner", "superseded by a new agreement"})
	case a.ExpiresOn != "" && a.ExpiresOn < lastDay && !a.Renewal.Automatic && chance(r, 0.3):
		a.Status = domain.StatusExpired
	case chance(r, 0.2):
		a.Status = domain.StatusInForce
	}
	if chance(r, 0.85) {
		if h := g.holder(r, meta.home, signed); h != nil {
			meta.signer = h
			a.Signatories = append(a.Signatories, domain.Signatory{Person: &domain.Ref{ID: g.people[h.person].ID}, Organization: g.ref(meta.home), Capacity: g.position(h).Title})
		} else {
			a.Signatories = append(a.Signatories, domain.Signatory{Organization: g.ref(meta.home), Capacity: "Head of the " + g.orgs[meta.home].Name})
		}
		if h := g.holder(r, meta.partner, signed); h != nil && chance(r, 0.8) {
			a.Signatories = append(a.Signatories, domain.Signatory{Person: &domain.Ref{ID: g.people[h.person].ID}, Organization: g.ref(meta.partner), Capacity: g.position(h).Title})
		} else if chance(r, 0.5) {
			a.Signatories = append(a.Signatories, domain.Signatory{Organization: g.ref(meta.partner)})
		}
	}
	if chance(r, 0.15) {
		a.Present = []domain.Presence{
			{Capacity: "President of " + theName(g.home)},
			{Capacity: pick(r, []string{"President of ", "Prime Minister of ", "Minister of Foreign Affairs of "}) + theName(c)},
		}
	}
}

// Events.

type eventDraft struct {
	ev       *domain.Event
	meta     evMeta
	parent   *eventDraft
	children []*eventDraft
}

var (
	singleKinds   = []domain.EventKind{domain.EventForum, domain.EventSeminar, domain.EventBilateralMeeting, domain.EventConference, domain.EventOther}
	singleKindCum = cumulative([]float64{0.25, 0.28, 0.22, 0.12, 0.13})
	childKinds    = []domain.EventKind{domain.EventBilateralMeeting, domain.EventForum, domain.EventSeminar, domain.EventOther}
	childKindCum  = cumulative([]float64{0.5, 0.2, 0.15, 0.15})
)

func (g *gen) planEvents() {
	r := stream(g.seed, "events", 0)
	budget := g.n.Events
	var roots []*eventDraft
	for ai, a := range g.agreements {
		if budget < 2 {
			break
		}
		if a.SignedOn != "" && chance(r, 0.35) {
			roots = append(roots, g.visit(r, g.am[ai].ci, a.SignedOn, ai, &budget))
		}
	}
	for budget > 0 {
		ci := 1 + draw(r, g.partnerCum)
		day := dayIn(r, eventYears)
		if budget >= 2 && chance(r, 0.3) {
			roots = append(roots, g.visit(r, ci, day, -1, &budget))
			continue
		}
		budget--
		inHome := chance(r, 0.45)
		topic := pickTopic(r)
		d := g.event(r, singleKinds[draw(r, singleKindCum)], ci, day, inHome, topic, g.homeFor(r, topic), g.partnerFor(r, ci, topic), nil, -1)
		roots = append(roots, d)
	}
	slices.SortStableFunc(roots, func(a, b *eventDraft) int { return strings.Compare(string(a.ev.StartOn), string(b.ev.StartOn)) })
	for _, d := range roots {
		g.addEvent(d, -1)
		slices.SortStableFunc(d.children, func(a, b *eventDraft) int { return strings.Compare(string(a.ev.StartOn), string(b.ev.StartOn)) })
		parent := len(g.events) - 1
		for _, c := range d.children {
			g.addEvent(c, parent)
		}
	}
}

func (g *gen) addEvent(d *eventDraft, parent int) {
	i := len(g.events)
	d.ev.ID = ID(g.seed, idEvent, i)
	d.meta.parent = parent
	if parent >= 0 {
		d.ev.Parent = &domain.Ref{ID: g.events[parent].ID}
	}
	g.events = append(g.events, d.ev)
	g.em = append(g.em, d.meta)
}

// visit plans an official visit and what happened during it. With an
// agreement (ai >= 0) the visit is the one during which it was signed.
func (g *gen) visit(r *rand.Rand, ci int, day domain.Date, ai int, budget *int) *eventDraft {
	c := g.countries[ci]
	cn := theName(c)
	var topic string
	var home, partner int
	outbound := chance(r, 0.65)
	days := between(r, 2, 5)
	start := day
	if ai >= 0 {
		m := g.am[ai]
		topic, home, partner = m.topic, m.home, m.partner
		outbound = string(g.agreements[ai].Place.Country) != g.home.Code
		start = clampDay(day.AddDays(-r.IntN(days)))
	} else {
		topic = pickTopic(r)
		home, partner = g.homeFor(r, topic), g.partnerFor(r, ci, topic)
	}
	end := min(start.AddDays(days-1), lastDay)
	ev := &domain.Event{Kind: domain.EventOfficialVisit, StartOn: start}
	if end > start {
		ev.EndOn = end
	}
	meta := evMeta{ci: ci, topic: topic, home: home, partner: partner, agreement: ai}
	lead, other := home, partner
	if !outbound {
		lead, other = partner, home
	}
	meta.leader = g.holder(r, lead, start)
	meta.counterpart = g.holder(r, other, start)
	if outbound {
		ev.Place = domain.Place{City: g.city(r, ci), Country: domain.CountryCode(c.Code)}
		if meta.leader != nil {
			ev.Title = fmt.Sprintf("Official visit of %s to %s", g.styled(meta.leader), cn)
		} else {
			ev.Title = fmt.Sprintf("Visit of the %s delegation to %s", g.orgs[home].Name, cn)
		}
		if chance(r, 0.08) && len(g.countries) > 2 {
			if c2 := 1 + draw(r, g.partnerCum); c2 != ci {
				ev.CountriesGiven = []domain.CountryCode{domain.CountryCode(g.countries[c2].Code)}
			}
		}
	} else {
		ev.Place = domain.Place{City: g.city(r, 0), Country: domain.CountryCode(g.home.Code)}
		if meta.leader != nil {
			ev.Title = fmt.Sprintf("Visit of %s of %s to %s", g.styled(meta.leader), cn, g.homeName)
		} else {
			ev.Title = fmt.Sprintf("Visit of the %s delegation to %s", g.orgs[partner].Name, g.homeName)
		}
	}
	ev.Participants = append(ev.Participants, g.participant(meta.leader, lead, "head of delegation"))
	ev.Participants = append(ev.Participants, g.participant(meta.counterpart, other, "counterpart"))
	if chance(r, 0.3) {
		if extra := g.homeFor(r, topic); extra != home {
			ev.Participants = append(ev.Participants, domain.Participant{Organization: g.ref(extra), Role: "delegation member"})
		}
	}
	ev.Outcomes = outcomes(r, topic, between(r, 1, 2), start.Year())
	if ai >= 0 {
		ev.Agreements = []domain.Ref{{ID: g.agreements[ai].ID}}
	}
	d := &eventDraft{ev: ev, meta: meta}
	*budget--
	k := between(r, 1, 4)
	if ai >= 0 {
		k = between(r, 1, 3)
	}
	for j := 0; j < k && *budget > 0; j++ {
		*budget--
		on := dayBetween(r, start, end)
		kind := childKinds[draw(r, childKindCum)]
		agr := -1
		if j == 0 && ai >= 0 {
			kind, on, agr = domain.EventSigningCeremony, day, ai
		}
		child := g.event(r, kind, ci, on, !outbound, topic, home, partner, d, agr)
		child.ev.Place = ev.Place
		d.children = append(d.children, child)
	}
	return d
}

func (g *gen) participant(h *held, oi int, role string) domain.Participant {
	if h != nil {
		return domain.Participant{Person: &domain.Ref{ID: g.people[h.person].ID}, Organization: g.ref(oi), Role: g.position(h).Title}
	}
	return domain.Participant{Organization: g.ref(oi), Role: role}
}

// event plans one event of the kind; parent is the visit it belongs to, ai
// the agreement signed at it.
func (g *gen) event(r *rand.Rand, kind domain.EventKind, ci int, day domain.Date, inHome bool, topic string, home, partner int, parent *eventDraft, ai int) *eventDraft {
	c := g.countries[ci]
	cn := theName(c)
	ev := &domain.Event{Kind: kind, StartOn: day}
	meta := evMeta{ci: ci, topic: topic, home: home, partner: partner, agreement: ai, parent: -1}
	if inHome {
		ev.Place = domain.Place{City: g.city(r, 0), Country: domain.CountryCode(g.home.Code)}
	} else {
		ev.Place = domain.Place{City: g.city(r, ci), Country: domain.CountryCode(c.Code)}
	}
	city := orElse(ev.Place.City, cn)
	year := day.Year()
	multiDay := func() {
		if n := between(r, 0, 2); n > 0 && parent == nil {
			ev.EndOn = min(day.AddDays(n), lastDay)
			if ev.EndOn == day {
				ev.EndOn = ""
			}
		}
	}
	switch kind {
	case domain.EventBilateralMeeting:
		if parent != nil {
			meta.leader, meta.counterpart = parent.meta.leader, parent.meta.counterpart
		} else {
			meta.leader, meta.counterpart = g.holder(r, home, day), g.holder(r, partner, day)
		}
		a, b := meta.leader, meta.counterpart
		if a != nil && b != nil {
			ev.Title = fmt.Sprintf("Bilateral meeting of %s with %s", g.styled(a), g.styled(b))
		} else {
			ev.Title = fmt.Sprintf("Bilateral meeting between the %s and the %s", g.orgs[home].Name, g.orgs[partner].Name)
		}
		ev.Participants = []domain.Participant{g.participant(a, g.orgOf(a, home), "delegation"), g.participant(b, g.orgOf(b, partner), "counterpart")}
		ev.Outcomes = outcomes(r, topic, between(r, 1, 2), year)
	case domain.EventSigningCeremony:
		a := g.agreements[ai]
		ev.Title = "Signing ceremony of the " + a.Title
		for _, s := range a.Signatories {
			p := domain.Participant{Organization: s.Organization, Role: orElse(s.Capacity, "signatory")}
			if s.Person != nil {
				p.Person = &domain.Ref{ID: s.Person.ID}
			}
			if p.Organization != nil {
				p.Organization = &domain.Ref{ID: p.Organization.ID}
			}
			ev.Participants = append(ev.Participants, p)
		}
		if len(ev.Participants) == 0 {
			ev.Participants = []domain.Participant{{Organization: g.ref(home), Role: "signatory"}, {Organization: g.ref(partner), Role: "signatory"}}
		}
		ev.Agreements = []domain.Ref{{ID: a.ID}}
	case domain.EventForum, domain.EventSeminar, domain.EventConference:
		switch kind {
		case domain.EventForum:
			ev.Title = pick(r, []string{
				fmt.Sprintf("%s-%s high-level cooperation forum on %s", g.homeName, c.Name, topic),
				fmt.Sprintf("%d %s-%s %s forum", year, g.homeName, c.Name, topic),
				fmt.Sprintf("%s-%s policy forum on %s", g.homeName, c.Name, topic),
			})
		case domain.EventSeminar:
			ev.Title = pick(r, []string{
				fmt.Sprintf("Seminar on %s's %s experience for officials of %s", g.homeName, topic, cn),
				fmt.Sprintf("Workshop on %s for the %s", topic, g.orgs[partner].Name),
				fmt.Sprintf("Capacity building seminar on %s in %s", topic, city),
			})
		default:
			ev.Title = pick(r, []string{
				fmt.Sprintf("International conference on %s in %s", topic, city),
				fmt.Sprintf("%d Global Forum on %s", year, capitalize(topic)),
				fmt.Sprintf("Regional conference on %s for %s", topic, c.SubRegion),
			})
		}
		host := home
		if !inHome && chance(r, 0.6) {
			host = partner
		}
		ev.Host = g.ref(host)
		other := partner
		if host == partner {
			other = home
		}
		ev.Participants = []domain.Participant{{Organization: g.ref(other), Role: pick(r, []string{"co-host", "participant", "participant"})}}
		for range between(r, 0, 3) {
			var oi int
			if chance(r, 0.5) {
				oi = g.homeFor(r, topic)
			} else {
				oi = g.pickOrg(r, ci)
			}
			if oi != host && oi != other {
				ev.Participants = append(ev.Participants, domain.Participant{Organization: g.ref(oi), Role: "participant"})
			}
		}
		if h := g.holder(r, host, day); h != nil && chance(r, 0.6) {
			meta.leader = h
			ev.Participants = append(ev.Participants, domain.Participant{Person: &domain.Ref{ID: g.people[h.person].ID}, Organization: g.ref(host), Role: "keynote speaker"})
		}
		if chance(r, 0.7) {
			ev.Attendance = attendance(r, kind)
		}
		ev.Outcomes = outcomes(r, topic, between(r, 0, 2), year)
		multiDay()
	default:
		ev.Title = pick(r, []string{
			fmt.Sprintf("Study tour of %s officials on %s in %s", c.Name, topic, g.homeName),
			fmt.Sprintf("Technical consultation on %s with the %s", topic, g.orgs[partner].Name),
			fmt.Sprintf("Joint committee meeting on %s between %s and %s", topic, g.homeName, cn),
		})
		ev.Participants = []domain.Participant{{Organization: g.ref(home), Role: "participant"}, {Organization: g.ref(partner), Role: "participant"}}
		ev.Outcomes = outcomes(r, topic, between(r, 0, 1), year)
		multiDay()
	}
	return &eventDraft{ev: ev, meta: meta, parent: parent}
}

func (g *gen) orgOf(h *held, def int) int {
	if h != nil {
		return h.org
	}
	return def
}

// outcomeClauses complete "The two sides ..."; the event keeps them as
// sentences.
var outcomeClauses = []string{
	"discussed ways to strengthen cooperation in {topic}",
	"agreed to hold the next meeting in {next}",
	"agreed to set up a joint working group on {topic}",
	"identified {n} priority projects for joint work in {topic}",
	"reviewed the progress of ongoing programs in {topic}",
	"shared experiences of digital government and {topic}",
	"agreed to exchange experts and officials in {topic}",
}

func outcomes(r *rand.Rand, topic string, n, year int) []string {
	if n == 0 {
		return nil
	}
	idx := r.Perm(len(outcomeClauses))[:n]
	out := make([]string, n)
	for i, k := range idx {
		out[i] = fillClause(outcomeClauses[k], topic, year, between(r, 2, 6))
	}
	return out
}

func fillClause(s, topic string, year, n int) string {
	s = strings.ReplaceAll(s, "{topic}", topic)
	s = strings.ReplaceAll(s, "{next}", strconv.Itoa(year+1))
	s = strings.ReplaceAll(s, "{n}", numberWord(n))
	return capitalize(s) + "."
}

func numberWord(n int) string {
	words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return strconv.Itoa(n)
}

func attendance(r *rand.Rand, kind domain.EventKind) string {
	n := between(r, 3, 30) * 10
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("About %d officials", n)
	case 1:
		return fmt.Sprintf("More than %d participants including %s ministers or vice ministers", n, numberWord(between(r, 2, 6)))
	case 2:
		return fmt.Sprintf("Some %d government officials and experts", n)
	case 3:
		return fmt.Sprintf("%d participants from %d institutions", n, between(r, 5, 40))
	}
	if kind == domain.EventSeminar {
		return fmt.Sprintf("About %d trainees", n/4)
	}
	return fmt.Sprintf("About %d high-level officials including %s ministers or vice ministers", n, numberWord(between(r, 2, 6)))
}

// commonStart are the first words of generated names that are not proper
// nouns: after "the" they are written in lower case.
var commonStart = map[string]bool{
	"Seminar": true, "Workshop": true, "Capacity": true, "International": true, "Regional": true, "Study": true,
	"Technical": true, "Joint": true, "Master": true, "Pilot": true, "Establishment": true, "Country": true,
}

// afterThe writes a generated name as it reads after "the": "the master
// plan for statistics of Peru", but "the Korea-Peru policy forum".
func afterThe(name string) string {
	first, _, _ := strings.Cut(name, " ")
	lower := commonStart[first]
	for _, t := range topics {
		lower = lower || strings.HasPrefix(name, capitalize(t)+" ")
	}
	if lower {
		return strings.ToLower(name[:1]) + name[1:]
	}
	return name
}
