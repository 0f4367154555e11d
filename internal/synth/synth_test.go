package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"slices"
	"strings"
	"testing"

	"cooptrack/domain"
)

// checker is a Sink that checks every record as the repository's Import
// would, hashes everything it is given, and keeps what the tests look at.
type checker struct {
	t      *testing.T
	h      hash.Hash
	counts Counts
	texts  map[string]string // source id -> text
	dates  map[string]domain.Date
	ids    map[string]domain.RecordType
	recs   []domain.Record
	// agreementsBy counts the agreements of each partner country.
	agreementsBy map[string]int
	citations    int
	keep         bool
}

func newChecker(t *testing.T, keep bool) *checker {
	return &checker{t: t, h: sha256.New(), texts: map[string]string{}, dates: map[string]domain.Date{},
		ids: map[string]domain.RecordType{}, agreementsBy: map[string]int{}, keep: keep}
}

func (c *checker) sum() string { return hex.EncodeToString(c.h.Sum(nil)) }

func check[T domain.Record](c *checker, batch []T, linked map[string]domain.Linked) {
	c.t.Helper()
	b, err := json.Marshal(batch)
	if err != nil {
		c.t.Fatal(err)
	}
	c.h.Write(b)
	for _, rec := range batch {
		m := rec.RecordMeta()
		if prev, dup := c.ids[m.ID]; dup {
			c.t.Fatalf("id %s given to a %s and a %s", m.ID, prev, rec.Type())
		}
		c.ids[m.ID] = rec.Type()
		if len(m.ID) != 24 || strings.Trim(m.ID, "0123456789abcdef") != "" {
			c.t.Errorf("%s id %q does not look like an ObjectID", rec.Type(), m.ID)
		}
		if err := rec.Validate(); err != nil {
			c.t.Fatalf("%s %s %q is not valid: %v", rec.Type(), m.ID, rec.Label(), err)
		}
		for _, ref := range rec.References() {
			l, ok := linked[ref.Ref.ID]
			if !ok || l.Type != ref.Type {
				c.t.Fatalf("%s %s: %s links to %s %q, not handed over before", rec.Type(), m.ID, ref.Field, ref.Type, ref.Ref.ID)
			}
		}
		if l := linked[m.ID]; l.Type != rec.Type() || l.Label != rec.Label() {
			c.t.Errorf("%s %s is not in linked as itself: %+v", rec.Type(), m.ID, l)
		}
		for _, ev := range m.Evidence {
			c.citations++
			text, ok := c.texts[ev.Source.ID]
			if !ok {
				c.t.Fatalf("%s %s cites source %s, not handed over before", rec.Type(), m.ID, ev.Source.ID)
			}
			if ev.Quote == "" || !strings.Contains(text, ev.Quote) {
				c.t.Errorf("%s %s quotes %q, not in source %s", rec.Type(), m.ID, ev.Quote, ev.Source.ID)
			}
			if ev.ID == "" || ev.AddedAt.IsZero() || len(ev.Supports) == 0 {
				c.t.Errorf("%s %s: citation %+v lacks an id, a time or fields", rec.Type(), m.ID, ev)
			}
			if d := rec.MainDate(); d != "" && c.dates[ev.Source.ID] < d && !isPlanned(rec) {
				c.t.Errorf("%s %s of %s cites source %s published before it, on %s", rec.Type(), m.ID, d, ev.Source.ID, c.dates[ev.Source.ID])
			}
		}
		checkDates(c.t, rec)
		if c.keep {
			c.recs = append(c.recs, rec)
		}
	}
}

// isPlanned reports whether the record's main date lies ahead of what the
// articles report (a program's announced start).
func isPlanned(rec domain.Record) bool {
	p, ok := rec.(*domain.Program)
	return ok && p.Status == domain.ProgramPipeline
}

// checkDates checks that every date of a fact lies within the ten years;
// what is planned (expiry, end, pending milestones) may lie up to six years
// beyond.
func checkDates(t *testing.T, rec domain.Record) {
	t.Helper()
	in := func(field string, d domain.Date) {
		if d != "" && (d < firstDay || d > lastDay) {
			t.Errorf("%s %s: %s %s is outside 2016-2025", rec.Type(), rec.RecordMeta().ID, field, d)
		}
	}
	ahead := func(field string, d domain.Date) {
		if d != "" && (d < firstDay || d > addYears(lastDay, 6)) {
			t.Errorf("%s %s: %s %s is out of range", rec.Type(), rec.RecordMeta().ID, field, d)
		}
	}
	switch v := rec.(type) {
	case *domain.Source:
		in("published_on", v.PublishedOn)
		if v.PublishedOn == "" {
			t.Errorf("source %s has no date", v.ID)
		}
	case *domain.Person:
		for _, p := range v.Positions {
			in("from_on", p.From)
			in("to_on", p.To)
		}
	case *domain.Agreement:
		in("signed_on", v.SignedOn)
		ahead("effective_on", v.EffectiveOn)
		ahead("expires_on", v.ExpiresOn)
	case *domain.Event:
		in("start_on", v.StartOn)
		in("end_on", v.EndOn)
	case *domain.Program:
		in("start_on", v.StartOn)
		ahead("end_on", v.EndOn)
		for _, m := range v.Milestones {
			if m.Done {
				in("milestone", m.On)
			} else {
				ahead("milestone", m.On)
			}
		}
	}
}

func (c *checker) Sources(batch []*domain.Source, linked map[string]domain.Linked) error {
	for _, s := range batch {
		c.texts[s.ID] = s.Text
		c.dates[s.ID] = s.PublishedOn
	}
	check(c, batch, linked)
	c.counts.Sources += len(batch)
	return nil
}

func (c *checker) Organizations(batch []*domain.Organization, linked map[string]domain.Linked) error {
	check(c, batch, linked)
	c.counts.Organizations += len(batch)
	return nil
}

func (c *checker) People(batch []*domain.Person, linked map[string]domain.Linked) error {
	check(c, batch, linked)
	c.counts.People += len(batch)
	return nil
}

func (c *checker) Programs(batch []*domain.Program, linked map[string]domain.Linked) error {
	check(c, batch, linked)
	c.counts.Programs += len(batch)
	return nil
}

func (c *checker) Agreements(batch []*domain.Agreement, linked map[string]domain.Linked) error {
	check(c, batch, linked)
	c.counts.Agreements += len(batch)
	for _, a := range batch {
		homes := 0
		for _, p := range a.Parties {
			if linked[p.ID].Country == "KR" {
				homes++
			} else {
				c.agreementsBy[string(linked[p.ID].Country)]++
			}
		}
		if homes == 0 || homes == len(a.Parties) {
			c.t.Errorf("agreement %s is not between a KR organization and a partner: %+v", a.ID, a.Parties)
		}
	}
	return nil
}

func (c *checker) Events(batch []*domain.Event, linked map[string]domain.Linked) error {
	check(c, batch, linked)
	c.counts.Events += len(batch)
	return nil
}

func generate(t *testing.T, cfg Config, keep bool) (*checker, Stats) {
	t.Helper()
	c := newChecker(t, keep)
	st, err := Generate(cfg, c)
	if err != nil {
		t.Fatal(err)
	}
	return c, st
}

func TestGenerateIsValidAndCountsMatch(t *testing.T) {
	for _, f := range []float64{0.002, 0.02} {
		cfg := Config{Seed: 7, Factor: f, BatchSize: 37}
		c, st := generate(t, cfg, true)
		want := cfg.Counts()
		got := c.counts
		got.Countries = want.Countries
		if got != want || st.Counts != want {
			t.Errorf("factor %g: handed over %+v, stats %+v, Counts says %+v", f, got, st.Counts, want)
		}
		if st.Citations != c.citations {
			t.Errorf("factor %g: stats say %d citations, records hold %d", f, st.Citations, c.citations)
		}
		// About two citations per source.
		if per := float64(c.citations) / float64(got.Sources); per < 1.6 || per > 2.4 {
			t.Errorf("factor %g: %.2f citations per source, want about 2", f, per)
		}
		// Evidence is spread: most records cite something.
		with := 0
		for _, rec := range c.recs {
			if rec.Type() != domain.TypeSource && len(rec.RecordMeta().Evidence) > 0 {
				with++
			}
		}
		if all := got.Records() - got.Sources; float64(with) < 0.7*float64(all) {
			t.Errorf("factor %g: only %d of %d records cite a source", f, with, all)
		}
	}
}

func TestTinyFactorHasAHandfulOfEach(t *testing.T) {
	n := Config{Factor: 0.0001}.Counts()
	for name, v := range map[string]int{"countries": n.Countries, "organizations": n.Organizations, "people": n.People,
		"agreements": n.Agreements, "events": n.Events, "programs": n.Programs, "sources": n.Sources} {
		if v < 3 {
			t.Errorf("%s = %d at a tiny factor, want a handful", name, v)
		}
	}
	if n := (Config{Factor: 1}).Counts(); n != (Counts{Countries: 200, Organizations: 5000, People: 10000, Agreements: 5000, Events: 20000, Programs: 1000, Sources: 50000}) {
		t.Errorf("scale M counts = %+v", n)
	}
	if n := (Config{Factor: FactorS}).Counts(); n.Sources != 5000 || n.Events != 2000 || n.Countries != 200 {
		t.Errorf("scale S counts = %+v", n)
	}
}

func TestSameSeedSameOutput(t *testing.T) {
	a, sa := generate(t, Config{Seed: 42, Factor: 0.005}, false)
	b, sb := generate(t, Config{Seed: 42, Factor: 0.005, BatchSize: 7}, false)
	// The batch size changes the batches' JSON arrays, not the records:
	// compare with equal batch sizes too.
	c, _ := generate(t, Config{Seed: 42, Factor: 0.005}, false)
	if a.sum() != c.sum() || sa != sb {
		t.Errorf("two runs with seed 42 differ: %s and %s", a.sum(), c.sum())
	}
	if !mapsEqual(a.texts, b.texts) {
		t.Error("source texts depend on the batch size")
	}
	d, _ := generate(t, Config{Seed: 43, Factor: 0.005}, false)
	if d.sum() == a.sum() {
		t.Error("seeds 42 and 43 give the same output")
	}
	for id := range d.ids {
		if _, same := a.ids[id]; same {
			t.Fatalf("seeds 42 and 43 both use id %s", id)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestTopPartnersCarryAboutHalf(t *testing.T) {
	c, st := generate(t, Config{Seed: 1, Factor: FactorS}, false)
	// At scale S the tail's share rounds to nothing for many countries;
	// they still have organizations and people.
	if len(c.agreementsBy) < 100 {
		t.Errorf("agreements with %d partner countries, want at least half of the %d", len(c.agreementsBy), st.Countries)
	}
	counts := make([]int, 0, len(c.agreementsBy))
	total := 0
	for _, n := range c.agreementsBy {
		counts = append(counts, n)
		total += n
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	top := 0
	for _, n := range counts[:5] {
		top += n
	}
	share := float64(top) / float64(total)
	t.Logf("top five partners: %v of %d partner parties (%.0f%%)", counts[:5], total, 100*share)
	if share < 0.35 || share > 0.65 {
		t.Errorf("the top five partners carry %.0f%% of agreements, want 35-65%%", 100*share)
	}
}

func TestTextsAreAboutThreeKilobytes(t *testing.T) {
	c, _ := generate(t, Config{Seed: 3, Factor: 0.01}, false)
	total := 0
	for id, text := range c.texts {
		if len(text) < 2000 || len(text) > 5000 {
			t.Errorf("source %s has %d bytes of text", id, len(text))
		}
		total += len(text)
	}
	if avg := total / len(c.texts); avg < 2600 || avg > 3600 {
		t.Errorf("texts average %d bytes, want about 3 KB", avg)
	}
}

func TestIDs(t *testing.T) {
	if got := ID(7, idAgreement, 255); len(got) != 24 || got[8:] != "04000000000000ff" {
		t.Errorf("ID = %q", got)
	}
	if ID(7, idAgreement, 1) == ID(7, idEvent, 1) || ID(7, idEvent, 1) == ID(8, idEvent, 1) {
		t.Error("ids collide across kinds or seeds")
	}
}

func TestInvalidConfig(t *testing.T) {
	for _, cfg := range []Config{{Factor: 0}, {Factor: -1}, {Factor: 100}, {Factor: 1, Home: "XX"}} {
		if _, err := Generate(cfg, nil); err == nil {
			t.Errorf("Generate(%+v) did not fail", cfg)
		}
	}
	if _, err := ScaleFactor("L"); err == nil {
		t.Error("scale L accepted")
	}
}
