package synth

import (
	"fmt"
	"strconv"
	"strings"

	"cooptrack/domain"
)

// backgrounds are the paragraphs an article is padded with, in the manner of
// a ministry's press release: why the cooperation matters, what came
// before, what comes next.
var backgrounds = []string{
	"Renowned as the first country in the world to transition itself from an aid recipient to a donor, {Home} has achieved unprecedented growth. Its development experiences are to be shared with its partners, especially in the areas of {topic} and e-government.",
	"With its rich natural resources and a young population, {C} is growing rapidly. High economic growth raised the demand for high-quality public services, and the government has made {topic} one of the priorities of its national development plan.",
	"{HomeCap}'s e-government has ranked at the top of the UN E-Government Survey several times in a row, and a growing number of countries in {region} have asked to learn from its experience in building the {system}.",
	"Cooperation between {Home} and {C} in {topic} goes back more than a decade. Earlier programs covered the training of officials, consulting on master plans and the adoption of systems such as the {system}.",
	"Officials said that the two countries would set up a joint working group to follow up on the agreed projects, with a first meeting planned in {city} before the end of {year}.",
	"The {org} has run capacity building programs for public officials from {region} since the early 2000s. More than {n} officials from {C} have taken part in training courses held in {Home} over the years.",
	"According to the {partner}, the demand for digital public services rose sharply during the pandemic, and reforms in {topic} are expected to save time and costs for citizens and businesses alike.",
	"Experts noted that the success of such projects depends less on the technology than on the institutions around it: laws on data sharing, a trained workforce and the steady support of political leaders.",
	"Among the participants were people from the {org} and from related agencies, as well as businesses which showcased cutting-edge technologies in {topic}.",
	"The two sides also reviewed the progress of ongoing programs and discussed how to extend the results of pilot projects in {city} to the rest of {C}.",
	"{HomeCap} has signed similar arrangements with more than {n} countries, most of them in Asia, Latin America and Africa, as part of the government's efforts to share its public administration know-how abroad.",
	"Local observers welcomed the initiative, saying that {C} could take another leap forward with advanced public administration systems, provided that the projects are sustained beyond a single budget cycle.",
	"The cooperation is expected to give impetus to businesses that participate in public sector projects in {C}, in particular in {topic}, where several tenders are expected in the coming years.",
	"Since {year}, the {partner} has worked on a reform agenda that includes the digitization of procedures, the interoperability of government databases and the training of civil servants in {topic}.",
	"The meeting was held in a friendly atmosphere. Both sides expressed their satisfaction with the level of bilateral relations and pledged to deepen exchanges between their public institutions.",
	"Funding for the activities will come from the official development assistance budget, with in-kind contributions from the partner government, including office space, staff and access to data.",
	"An evaluation of earlier projects found that the systems introduced had cut processing times by more than half, while raising the satisfaction of users with public services in {C}.",
	"The next steps include a feasibility study, the selection of pilot sites and a study visit by officials of {C} to {Home}, where they will see the {system} at work.",
	"In recent years, {region} has become one of the main destinations of {Home}'s development cooperation, with programs in {topic}, health, education and infrastructure.",
	"Both governments stressed that the cooperation should benefit citizens directly, through faster services, more transparent procedures and better protection of personal data.",
	"The {org} will also send experts to {city} to advise on the legal framework and on the management of the {system} once it is handed over to the local authorities.",
	"Officials of {C} said that they had studied several models before choosing to work with {Home}, citing its record in {topic} and its willingness to transfer know-how.",
	"The initiative builds on the outcome of the high-level dialogue between the two governments, which identified {topic} as one of the areas with the greatest potential for joint work.",
	"Training will be organized in two phases: a course in {Home} for senior officials, followed by workshops in {city} for the staff who will run the new services day to day.",
}

// statements are what officials are quoted as saying.
var statements = []string{
	"The development of {topic} might be the most important goal, as well as means, for government innovation efforts in {C}.",
	"I hope {C} will take another leap forward with advanced public administration systems, such as e-government.",
	"This agreement opens a new chapter in the cooperation between our two countries.",
	"We will share not only our technology but also the lessons we learned, including our mistakes.",
	"The model best suits the ideal system that our government seeks.",
	"Our citizens expect faster and more transparent services, and this cooperation will help us deliver them.",
	"We look forward to seeing the first results of the pilot projects before the end of {year}.",
	"Cooperation in {topic} is a long-term investment in the trust between our institutions.",
}

// follows are sentences that follow a quoted sentence in its paragraph.
var follows = []string{
	"Officials said that the talks were held in a constructive atmosphere.",
	"It is expected to strengthen the ties between the institutions of the two countries.",
	"The move reflects the growing interest of {C} in {Home}'s experience.",
	"Further details will be announced after consultations between the two sides.",
	"Both sides agreed to review the progress at their next meeting.",
	"The event drew wide attention from the local press.",
}

// buildSource writes source i: its fields from the plan and its text, which
// holds every sentence that records quote from it.
func (g *gen) buildSource(i int) *domain.Source {
	sp := &g.sources[i]
	c := g.countries[sp.ci]
	return &domain.Source{
		Meta:        domain.Meta{ID: sp.id},
		URL:         fmt.Sprintf("https://news.example.org/%s/%d/%d", strings.ToLower(c.Code), sp.date.Year(), i+1),
		Title:       sp.title,
		Publisher:   sp.publisher,
		PublishedOn: sp.date,
		Language:    "en",
		Text:        g.text(i),
	}
}

// text composes the article of source i, about 3 KB long.
func (g *gen) text(i int) string {
	sp := &g.sources[i]
	r := stream(g.seed, "text", uint64(i))
	c := g.countries[sp.ci]
	city := orElse(g.city(r, sp.ci), theName(c))
	partner := "government of " + theName(c)
	if sp.partner >= 0 {
		partner = g.orgs[sp.partner].Name
	}
	system := "e-government systems"
	if s := topicSystems[sp.topic]; len(s) > 0 {
		system = pick(r, s)
	}
	homeFull := theName(g.home)
	repl := strings.NewReplacer(
		"{C}", theName(c),
		"{Home}", g.homeName,
		"{HomeCap}", capitalize(g.homeName),
		"{HomeFull}", homeFull,
		"{topic}", sp.topic,
		"{city}", city,
		"{year}", strconv.Itoa(sp.date.Year()),
		"{org}", g.orgs[sp.home].Name,
		"{partner}", partner,
		"{system}", system,
		"{region}", c.SubRegion,
		"{n}", strconv.Itoa(between(r, 3, 40)*10),
	)
	order := r.Perm(len(backgrounds))
	next := 0
	background := func(b *strings.Builder) bool {
		if next >= len(order) {
			return false
		}
		b.WriteString(repl.Replace(backgrounds[order[next]]))
		b.WriteString("\n\n")
		next++
		return true
	}
	target := between(r, 2700, 3300)
	var b strings.Builder
	b.Grow(target + 600)
	b.WriteString(sp.title)
	b.WriteString("\n")
	fmt.Fprintf(&b, "Date : %s Read : %d\n\n", strings.ReplaceAll(string(sp.date), "-", "."), between(r, 40, 9000))
	background(&b)
	for k, q := range sp.quotes {
		b.WriteString(q)
		if chance(r, 0.6) {
			b.WriteString(" ")
			b.WriteString(repl.Replace(pick(r, follows)))
		}
		b.WriteString("\n\n")
		if k == 0 {
			background(&b)
		}
	}
	speaker := sp.speaker
	if speaker == "" {
		speaker = "An official of the " + g.orgs[sp.home].Name
	}
	fmt.Fprintf(&b, "%s stated, “%s”\n\n", speaker, repl.Replace(pick(r, statements)))
	for b.Len() < target && background(&b) {
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// emit hands every record to the sink in batches, sources first.
func (g *gen) emit(sink Sink) error {
	bs := g.cfg.batchSize()
	for lo := 0; lo < len(g.sources); lo += bs {
		hi := min(lo+bs, len(g.sources))
		batch := make([]*domain.Source, 0, hi-lo)
		for i := lo; i < hi; i++ {
			s := g.buildSource(i)
			g.linked[s.ID] = domain.Linked{Type: domain.TypeSource, Label: s.Title, Date: s.PublishedOn}
			batch = append(batch, s)
		}
		if err := sink.Sources(batch, g.linked); err != nil {
			return err
		}
	}
	if err := emitKind(g, g.orgs, bs, sink.Organizations); err != nil {
		return err
	}
	if err := emitKind(g, g.people, bs, sink.People); err != nil {
		return err
	}
	if err := emitKind(g, g.programs, bs, sink.Programs); err != nil {
		return err
	}
	if err := emitKind(g, g.agreements, bs, sink.Agreements); err != nil {
		return err
	}
	return emitKind(g, g.events, bs, sink.Events)
}

func emitKind[T domain.Record](g *gen, recs []T, bs int, send func([]T, map[string]domain.Linked) error) error {
	for lo := 0; lo < len(recs); lo += bs {
		batch := recs[lo:min(lo+bs, len(recs)):min(lo+bs, len(recs))]
		for _, rec := range batch {
			country := ""
			switch v := domain.Record(rec).(type) {
			case *domain.Organization:
				country = string(v.Country)
			case *domain.Person:
				country = string(v.Country)
			}
			g.linked[rec.RecordMeta().ID] = domain.Linked{Type: rec.Type(), Label: rec.Label(), Country: domain.CountryCode(country)}
		}
		if err := send(batch, g.linked); err != nil {
			return err
		}
	}
	return nil
}
