// Package synth generates a made-up but plausible cooperation office: the
// organizations, people, agreements, events, programs and news articles of
// ten years of a home country's (Korea's) work with some two hundred
// partner countries, skewed as real work is, with every record citing the
// articles that report it.
//
// The output is a function of the Config alone: the same seed and factor
// give the same records, byte for byte (ids included), on every machine.
// Nothing is read from the clock or from map iteration order.
//
// It is scaffolding for measuring, not part of the product's domain: the
// `seed synthetic` command, the benchmarks and the scale tests import it.
// It imports domain (the records it makes) and nothing else of cooptrack.
//
// At factor 1 (scale M) it produces 5,000 organizations, 10,000 people,
// 5,000 agreements, 20,000 events, 1,000 programs, 50,000 sources of about
// 3 KB of text each and about 100,000 citations. Generate streams them to a
// Sink in batches, in the order their links need (sources, organizations,
// people, programs, agreements, events; parents before children), and never
// holds more than one batch of source texts.
package synth

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"cooptrack/domain"
)

// Config says what to generate.
type Config struct {
	// Seed makes the output; the same seed gives the same records.
	Seed uint64
	// Factor scales every count: 1 is scale M, 0.1 scale S; small factors
	// (0.002) serve tests. Counts never fall below a handful each.
	Factor float64
	// Home is the country whose office the data belongs to; "" is "KR".
	// Every agreement has a party of the home country.
	Home string
	// BatchSize is the number of records in each batch handed to the Sink;
	// 0 means 1000.
	BatchSize int
}

// The factors of the named scales.
const (
	FactorM = 1.0
	FactorS = 0.1
	// MaxFactor bounds Factor: the plan of the records (not the source
	// texts) is held in memory.
	MaxFactor = 4.0
)

// ScaleFactor returns the factor of a named scale, "S" or "M".
func ScaleFactor(name string) (float64, error) {
	switch strings.ToUpper(name) {
	case "S":
		return FactorS, nil
	case "M":
		return FactorM, nil
	}
	return 0, fmt.Errorf("unknown scale %q: use S or M", name)
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if math.IsNaN(c.Factor) || c.Factor <= 0 || c.Factor > MaxFactor {
		return fmt.Errorf("the factor must be above 0 and at most %g, not %g", MaxFactor, c.Factor)
	}
	if c.Home != "" && !domain.IsCountryCode(c.Home) {
		return fmt.Errorf("the home country %q is not an ISO 3166-1 alpha-2 code", c.Home)
	}
	if c.BatchSize < 0 {
		return errors.New("the batch size must not be negative")
	}
	return nil
}

func (c Config) home() string {
	if c.Home == "" {
		return "KR"
	}
	return c.Home
}

func (c Config) batchSize() int {
	if c.BatchSize == 0 {
		return 1000
	}
	return c.BatchSize
}

// Counts are the numbers of records of each kind Generate makes.
type Counts struct {
	// Countries is the number of partner countries used, the home country
	// aside.
	Countries     int `json:"countries"`
	Organizations int `json:"organizations"`
	People        int `json:"people"`
	Agreements    int `json:"agreements"`
	Events        int `json:"events"`
	Programs      int `json:"programs"`
	Sources       int `json:"sources"`
}

// Records is the number of records of every kind.
func (n Counts) Records() int {
	return n.Organizations + n.People + n.Agreements + n.Events + n.Programs + n.Sources
}

// sizes are Counts with how the organizations split.
type sizes struct {
	Counts
	homeOrgs, intlOrgs, partnerOrgs int
}

// Counts returns the numbers of records Generate makes for c, which must
// be valid.
func (c Config) Counts() Counts { return c.sizes().Counts }

func (c Config) sizes() sizes {
	f := c.Factor
	n := func(base, least int) int {
		return max(least, int(math.Round(float64(base)*f)))
	}
	var s sizes
	s.Organizations = n(5000, 16)
	s.People = n(10000, 12)
	s.Agreements = n(5000, 6)
	s.Events = n(20000, 10)
	s.Programs = n(1000, 4)
	s.Sources = n(50000, 20)
	s.intlOrgs = min(len(internationalBodies), s.Organizations/500)
	s.homeOrgs = max(6, int(math.Round(float64(s.Organizations)*0.12)))
	s.partnerOrgs = s.Organizations - s.homeOrgs - s.intlOrgs
	s.Countries = min(200, max(3, s.partnerOrgs/2), len(partnerCandidates(c.home())))
	return s
}

// Stats is what Generate made.
type Stats struct {
	Counts
	// Citations is the number of citations of sources by records.
	Citations int `json:"citations"`
}

// Sink receives the generated records, batch by batch, in the order their
// links need. linked holds the type, label and country of every record
// handed over so far, this batch's included, keyed by id: what the
// repository's Import needs to resolve the batch's links. linked belongs to
// the generator: it is valid during the call only and must not be changed.
// An error stops Generate, which returns it.
type Sink interface {
	Sources(batch []*domain.Source, linked map[string]domain.Linked) error
	Organizations(batch []*domain.Organization, linked map[string]domain.Linked) error
	People(batch []*domain.Person, linked map[string]domain.Linked) error
	Programs(batch []*domain.Program, linked map[string]domain.Linked) error
	Agreements(batch []*domain.Agreement, linked map[string]domain.Linked) error
	Events(batch []*domain.Event, linked map[string]domain.Linked) error
}

// Generate makes the records of cfg and hands them to sink. It plans every
// record first (a few hundred megabytes at scale M), then streams them:
// source texts are written one batch at a time.
func Generate(cfg Config, sink Sink) (Stats, error) {
	if err := cfg.Validate(); err != nil {
		return Stats{}, err
	}
	g := newGen(cfg)
	g.plan()
	if err := g.emit(sink); err != nil {
		return Stats{}, err
	}
	return Stats{Counts: g.n.Counts, Citations: g.citations}, nil
}

// The id kinds: the byte after the seed's tag in every id, so that ids are
// unique across kinds.
const (
	idOrganization byte = 1 + iota
	idPerson
	idProgram
	idAgreement
	idEvent
	idSource
	idCitation
)

// ID returns the id of the index-th record of a kind: 24 hex digits, like a
// MongoDB ObjectID, made of a tag of the seed, the kind and the index.
func ID(seed uint64, kind byte, index int) string {
	var b [24]byte
	put := func(at, width int, v uint64) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = "0123456789abcdef"[v&15]
			v >>= 4
		}
	}
	put(0, 8, uint64(seedTag(seed)))
	put(8, 2, uint64(kind))
	put(10, 14, uint64(index))
	return string(b[:])
}

// seedTag is the part of every id that the seed gives.
func seedTag(seed uint64) uint32 {
	return uint32(splitmix(seed^0x636f6f7074726163) >> 32)
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// stream returns a random source for one part of the generation, so that
// the parts do not shift one another's draws.
func stream(seed uint64, part string, n uint64) *rand.Rand {
	h := uint64(14695981039346656037)
	for i := 0; i < len(part); i++ {
		h ^= uint64(part[i])
		h *= 1099511628211
	}
	return rand.New(rand.NewPCG(splitmix(seed), splitmix(h^n))) //nolint:gosec // made-up data: a seeded, repeatable generator is the point
}

// Random helpers.

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns an int in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// cumulative returns the running sums of w, for drawing by weight.
func cumulative(w []float64) []float64 {
	c := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		s += x
		c[i] = s
	}
	return c
}

// draw returns an index drawn with the weights whose running sums are cum.
func draw(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// allocate splits n into len(w) whole parts in proportion to w, each at
// least floor when n allows it, by largest remainders.
func allocate(n int, w []float64, floor int) []int {
	out := make([]int, len(w))
	if len(w) == 0 {
		return out
	}
	if floor*len(w) > n {
		floor = 0
	}
	rest := n - floor*len(w)
	total := 0.0
	for _, x := range w {
		total += x
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, len(w))
	given := 0
	for i, x := range w {
		exact := float64(rest) * x / total
		out[i] = floor + int(exact)
		given += int(exact)
		rems[i] = rem{i, exact - math.Floor(exact)}
	}
	// Stable order: larger remainder first, then lower index.
	for k := 0; k < rest-given; k++ {
		best := -1
		for j := range rems {
			if rems[j].f >= 0 && (best < 0 || rems[j].f > rems[best].f) {
				best = j
			}
		}
		out[rems[best].i]++
		rems[best].f = -1
	}
	return out
}

// zipfExponent makes the top five of 200 partners carry about half the work.
const zipfExponent = 1.15

// partnerCandidates returns the countries that may be partners of home, by
// code.
func partnerCandidates(home string) []domain.Country {
	var out []domain.Country
	for _, c := range domain.Countries() {
		if c.Code != home && !notPartners[c.Code] {
			out = append(out, c)
		}
	}
	return out
}

// theName is a country's name as it reads after "of": "the Philippines".
func theName(c domain.Country) string {
	n := c.Name
	switch {
	case strings.HasPrefix(n, "United "), strings.HasPrefix(n, "Republic of"), strings.HasPrefix(n, "Democratic Republic"),
		strings.HasPrefix(n, "Dominican Republic"), strings.HasPrefix(n, "Central African"), strings.HasPrefix(n, "Czech"),
		strings.HasSuffix(n, "Islands"), strings.HasPrefix(n, "Holy See"):
		return "the " + n
	}
	switch n {
	case "Philippines", "Netherlands", "Bahamas", "Gambia", "Comoros", "Maldives", "Seychelles", "Congo":
		return "the " + n
	}
	return n
}

// Dates.

var (
	firstDay = domain.MustDate("2016-01-01")
	lastDay  = domain.MustDate("2025-12-31")
)

const firstYear, years = 2016, 10

// Activity by year: in-person work dipped in 2020 and 2021.
var (
	eventYears     = cumulative([]float64{0.8, 0.9, 1.0, 1.1, 0.35, 0.5, 0.9, 1.1, 1.2, 1.2})
	agreementYears = cumulative([]float64{0.8, 0.9, 1.0, 1.1, 0.6, 0.7, 0.95, 1.1, 1.15, 1.2})
)

// dayIn returns a day drawn by year weights, uniform within the year.
func dayIn(r *rand.Rand, yearCum []float64) domain.Date {
	y := firstYear + draw(r, yearCum)
	start := domain.Date(strconv.Itoa(y) + "-01-01")
	days := 365
	if y%4 == 0 {
		days = 366
	}
	return start.AddDays(r.IntN(days))
}

// clampDay keeps d within the ten years.
func clampDay(d domain.Date) domain.Date {
	switch {
	case d < firstDay:
		return firstDay
	case d > lastDay:
		return lastDay
	}
	return d
}

// workday moves a weekend day to the nearest working day within the years.
func workday(d domain.Date) domain.Date {
	switch d.Time().Weekday() {
	case 6: // Saturday
		d = d.AddDays(-1)
	case 0: // Sunday
		d = d.AddDays(1)
	}
	return clampDay(d)
}

// dayBetween returns a day in [a, b].
func dayBetween(r *rand.Rand, a, b domain.Date) domain.Date {
	n := int(b.Time().Sub(a.Time()).Hours() / 24)
	if n <= 0 {
		return a
	}
	return a.AddDays(r.IntN(n + 1))
}

// addYears returns d moved by n years.
func addYears(d domain.Date, n int) domain.Date { return domain.DateOf(d.Time().AddDate(n, 0, 0)) }

// longDate renders "April 17, 2019".
func longDate(d domain.Date) string { return d.Time().Format("January 2, 2006") }

// monthYear renders "April 2019".
func monthYear(d domain.Date) string { return d.Time().Format("January 2006") }
