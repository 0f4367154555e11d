// Package demo loads cooptrack's demo data set: the records that the seed
// article "Minister Chong to Enhance LAC-ROK Cooperation" (Ministry of
// Government Administration and Home Affairs, 21 April 2015) supports,
// entered by hand.
//
// Every record has a fixed id and cites the article, quoting the passage
// that supports it. Nothing the article does not say is recorded: where it
// gives no date, city, first name or signatory, the field stays empty.
// Loading is idempotent: a record whose id is already stored is left as it
// is, so the demo can be loaded into a store that holds it already.
//
// It imports domain only.
package demo

import (
	"context"
	"fmt"

	"cooptrack/domain"
)

// ArticleFile is the name of the seed article in the shared seeds folder; a
// caller that finds it passes its text to Load.
const ArticleFile = "lac-rok-cooperation-2015.txt"

// The article, as cited.
const (
	ArticleTitle     = "Minister Chong to Enhance LAC-ROK Cooperation"
	ArticleURL       = "https://www.mois.go.kr/eng/bbs/type001/commonSelectBoardArticle.do?bbsId=BBSMSTR_000000000019&nttId=45682"
	ArticlePublisher = "Ministry of Government Administration and Home Affairs, Republic of Korea"
)

// The ids of the demo records.
const (
	SourceArticle = "demo-source-lac-rok-2015"

	OrgMOGAHA           = "demo-org-mogaha"
	OrgColombiaDefense  = "demo-org-co-mod"
	OrgPeruPMO          = "demo-org-pe-pmo"
	OrgPeruJustice      = "demo-org-pe-minjus"
	OrgPeruImmigration  = "demo-org-pe-immigration"
	OrgKoreaImmigration = "demo-org-kr-immigration"
	OrgKoreaJustice     = "demo-org-kr-moj"
	OrgKoreaCJIS        = "demo-org-kr-cjis"

	PersonChong = "demo-person-chong"
	PersonOlaya = "demo-person-olaya"

	ProgramModernization   = "demo-program-pe-modernization"
	ProgramImmigration     = "demo-program-pe-immigration"
	ProgramCriminalJustice = "demo-program-pe-criminal-justice"
	ProgramEGovEarlier     = "demo-program-pe-egov-systems"

	AgreementColombiaSecurity = "demo-agreement-co-public-security"
	AgreementPeruEGov         = "demo-agreement-pe-egov"

	EventVisit          = "demo-event-visit"
	EventForum          = "demo-event-pe-forum"
	EventMeetingPMO     = "demo-event-pe-meeting-pmo"
	EventMeetingJustice = "demo-event-pe-meeting-minjus"
)

// Titles of the records that checks of the demo look for (Peru's brief
// names its e-government MOU and its forum).
const (
	AgreementPeruEGovTitle = "MOU for e-government with the Prime Minister's Office of Peru"
	EventForumTitle        = "Korea-Peru high-level cooperation forum for e-government"
)

// The passages of the article that the records quote, verbatim (with the
// article's curly quotation marks and its typo "Minster").
const (
	quoteVisit = "Minister Chong, Jong-sup of Government Administration and Home Affairs paid a visit to Colombia and Peru from April 17 to 20, and promoted stronger bilateral cooperation in public security and e-government."

	quotePresidents = "In this regard, with the presence of the Presidents, the Ministry of Government Administration and Home Affairs (MOGAHA) signed a memorandum of understanding for public security with Colombia and a memorandum of understanding for e-government with Peru."

	quoteColombiaMOU = "On April 17, the MOU for public security was signed with the Ministry of National Defense of Colombia."

	quotePeruMOU = "Moving on to Peru, on April 20, Minister Chong signed the MOU for e-government with the Prime Minister’s Office of Peru."

	quoteEarlier = "Even before the signing of the MOU, the Korean government had cooperated with Peru in establishing its master plan for the development of e-government and adopting Korean e-government systems such as customs e-clearance system, e-patent system, and automated immigration system."

	quoteImpetus = "The newly signed MOU is expected to give impetus to Korean businesses that participate in the civil service modernization project of the Peruvian government."

	quoteProject = "The civil service modernization project was launched in Peru to improve the efficiency of public administration."

	quotePrograms = "Among many programs conducted under the modernization project, the immigration modernization program of the Peruvian Immigration Office and the criminal justice system modernization program of the Peruvian Ministry of Justice and Human Rights are the two programs where the government of Peru has consistently requested Korea to share its relevant experiences."

	quoteForum = "In response to the request, the MOGAHA co-hosted the Korea-Peru high-level cooperation forum for e-government on April 20 with the Prime Minister’s Office and the Ministry of Justice and Human Rights of Peru and introduced the criminal justice information system of the Korean Ministry of Justice as well as the immigration system."

	quoteAttendance = "About 100 high-level officials including five ministers or vice ministers showed up at the forum, attesting to Peru’s strong interest in Korea’s e-government systems."

	quoteKoreanParticipants = "Among Korean participants were people from the Korea Immigration Service and the office of criminal justice information system, as well as related businesses which showcased cutting-edge technologies."

	quoteMeetings = "After the forum, Minister Chong had a bilateral meeting, respectively with the Secretary General of the Prime Minister’s Office and the Minster of Justice and Human Rights, discussing ways to strengthen their cooperation."

	quoteTalked = "He proudly talked about Korea’s immigration service, which partly made it possible for the Incheon International Airport to remain as the best airport for ten consecutive years, and the world’s first criminal justice information system in Korea, reiterating, “The development of e-government might be the most important goal, as well as means, for government innovation efforts in Peru.”"

	quoteOlaya = "In response, Minister Gustavo Olaya of Justice and Human Rights of Peru expressed his great interest in adopting the Korean criminal justice information system, saying, “The Korean model best suits the ideal criminal justice system that the Peruvian government seeks.”"
)

// Titles of posts, as the article words them.
const (
	titleChong = "Minister of Government Administration and Home Affairs"
	titleOlaya = "Minister of Justice and Human Rights"
)

// Stores are the stores the demo data goes into.
type Stores = domain.RecordStores

// Result counts the records Load created and those it found stored already.
type Result struct {
	Created, Existing int
}

// Load stores the records the seed article supports, in the order their
// links need: the source, organizations, people, programs (parent first),
// agreements, events (the visit first). articleText is the article's full
// text, kept as the source's text; when empty the source has none.
//
// Loading twice does not duplicate: a record whose id is stored already is
// left as it is and counted as existing. If the article's URL is recorded
// already under another id, that source is cited instead of a new one.
//
// Errors: those of the stores' Find, List and Create, wrapped with the id of
// the record at fault (EINVALID, EUNKNOWNREF, ...).
func Load(ctx context.Context, s Stores, articleText string) (Result, error) {
	var res Result

	src, err := loadSource(ctx, s.Sources, articleText, &res)
	if err != nil {
		return res, err
	}
	c := func(quote string, supports ...string) domain.Citation {
		return domain.Citation{Source: domain.Ref{ID: src}, Quote: quote, Supports: supports}
	}
	ref := func(id string) *domain.Ref { return &domain.Ref{ID: id} }

	for _, o := range organizations(c) {
		if err := put(ctx, s.Organizations, o, &res); err != nil {
			return res, err
		}
	}

	people := []*domain.Person{
		{
			Meta:     meta(PersonChong, c(quoteVisit, "full_name", "alt_names", "positions"), c(quotePeruMOU, "alt_names")),
			FullName: "Chong Jong-sup",
			AltNames: []string{"Chong, Jong-sup", "Minister Chong"},
			Country:  "KR",
			Positions: []domain.Position{
				{Title: titleChong, Organization: ref(OrgMOGAHA)},
			},
		},
		{
			Meta:     meta(PersonOlaya, c(quoteOlaya, "full_name", "country", "positions")),
			FullName: "Gustavo Olaya",
			Country:  "PE",
			Positions: []domain.Position{
				{Title: titleOlaya, Organization: ref(OrgPeruJustice)},
			},
		},
	}
	for _, p := range people {
		if err := put(ctx, s.People, p, &res); err != nil {
			return res, err
		}
	}

	programs := []*domain.Program{
		{
			Meta:           meta(ProgramModernization, c(quoteProject, "name", "status", "sector", "countries_given")),
			Name:           "Civil service modernization project of the Peruvian government",
			Sector:         "public administration",
			Status:         domain.ProgramActive, // "was launched"
			CountriesGiven: []domain.CountryCode{"PE"},
		},
		{
			Meta:          meta(ProgramImmigration, c(quotePrograms, "name", "parent", "beneficiaries", "status")),
			Name:          "Immigration modernization program of the Peruvian Immigration Office",
			Parent:        ref(ProgramModernization),
			Beneficiaries: []domain.Ref{{ID: OrgPeruImmigration}},
			// Peru has asked Korea to share its experience; nothing is agreed yet.
			Status: domain.ProgramPipeline,
		},
		{
			Meta:          meta(ProgramCriminalJustice, c(quotePrograms, "name", "parent", "beneficiaries", "status")),
			Name:          "Criminal justice system modernization program of the Peruvian Ministry of Justice and Human Rights",
			Parent:        ref(ProgramModernization),
			Beneficiaries: []domain.Ref{{ID: OrgPeruJustice}},
			Status:        domain.ProgramPipeline,
		},
		{
			// The article names no Peruvian body that benefited, only "Peru".
			Meta:           meta(ProgramEGovEarlier, c(quoteEarlier, "name", "sector", "status", "systems", "countries_given")),
			Name:           "Korea-Peru e-government cooperation: master plan for the development of e-government and adoption of Korean e-government systems",
			Sector:         "e-government",
			Status:         domain.ProgramCompleted, // "had cooperated", before the 2015 MOU
			Systems:        []string{"customs e-clearance system", "e-patent system", "automated immigration system"},
			CountriesGiven: []domain.CountryCode{"KR", "PE"},
		},
	}
	for _, p := range programs {
		if err := put(ctx, s.Programs, p, &res); err != nil {
			return res, err
		}
	}

	// The Presidents are not named: they are present by capacity only. No
	// signatory is recorded for Colombia's MOU, nor for Peru's side of
	// Peru's: the article names none.
	agreements := []*domain.Agreement{
		{
			Meta: meta(AgreementColombiaSecurity,
				c(quoteColombiaMOU, "title", "signed_on", "parties", "subjects"),
				c(quotePresidents, "kind", "status", "present"),
				c(quoteVisit, "place")),
			Kind:     domain.AgreementMOU,
			Title:    "MOU for public security with the Ministry of National Defense of Colombia",
			Subjects: []string{"public security"},
			Parties:  []domain.Ref{{ID: OrgMOGAHA}, {ID: OrgColombiaDefense}},
			Present: []domain.Presence{
				{Capacity: "President of the Republic of Korea"},
				{Capacity: "President of Colombia"},
			},
			Place:    domain.Place{Country: "CO"},
			SignedOn: domain.MustDate("2015-04-17"),
			Status:   domain.StatusSigned,
		},
		{
			Meta: meta(AgreementPeruEGov,
				c(quotePeruMOU, "title", "signed_on", "parties", "signatories", "subjects", "place"),
				c(quotePresidents, "kind", "status", "present"),
				c(quoteImpetus, "programs")),
			Kind:     domain.AgreementMOU,
			Title:    AgreementPeruEGovTitle,
			Subjects: []string{"e-government"},
			Parties:  []domain.Ref{{ID: OrgMOGAHA}, {ID: OrgPeruPMO}},
			Signatories: []domain.Signatory{
				{Person: ref(PersonChong), Organization: ref(OrgMOGAHA), Capacity: titleChong},
			},
			Present: []domain.Presence{
				{Capacity: "President of the Republic of Korea"},
				{Capacity: "President of Peru"},
			},
			Place:    domain.Place{Country: "PE"},
			SignedOn: domain.MustDate("2015-04-20"),
			Programs: []domain.Ref{{ID: ProgramModernization}},
			Status:   domain.StatusSigned,
		},
	}
	for _, a := range agreements {
		if err := put(ctx, s.Agreements, a, &res); err != nil {
			return res, err
		}
	}

	// The signings happened during the visit: the visit links the
	// agreements (events come after agreements, so the link is held here).
	chong := domain.Participant{Person: ref(PersonChong), Organization: ref(OrgMOGAHA), Role: titleChong}
	events := []*domain.Event{
		{
			Meta: meta(EventVisit,
				c(quoteVisit, "title", "kind", "start_on", "end_on", "countries_given", "participants", "outcomes"),
				c(quotePresidents, "agreements")),
			Kind:           domain.EventOfficialVisit,
			Title:          "Official visit of Minister Chong Jong-sup to Colombia and Peru",
			StartOn:        domain.MustDate("2015-04-17"),
			EndOn:          domain.MustDate("2015-04-20"),
			Participants:   []domain.Participant{chong},
			Outcomes:       []string{"Promoted stronger bilateral cooperation in public security and e-government."},
			Agreements:     []domain.Ref{{ID: AgreementColombiaSecurity}, {ID: AgreementPeruEGov}},
			CountriesGiven: []domain.CountryCode{"CO", "PE"},
		},
		{
			Meta: meta(EventForum,
				c(quoteForum, "title", "kind", "start_on", "place", "host", "participants", "outcomes"),
				c(quoteAttendance, "attendance", "outcomes"),
				c(quoteKoreanParticipants, "participants", "outcomes"),
				c(quoteVisit, "parent")),
			Kind:    domain.EventForum,
			Title:   EventForumTitle,
			StartOn: domain.MustDate("2015-04-20"),
			Place:   domain.Place{Country: "PE"},
			Host:    ref(OrgMOGAHA),
			Participants: []domain.Participant{
				{Organization: ref(OrgPeruPMO), Role: "co-host"},
				{Organization: ref(OrgPeruJustice), Role: "co-host"},
				{Organization: ref(OrgKoreaImmigration), Role: "participant"},
				{Organization: ref(OrgKoreaCJIS), Role: "participant"},
			},
			Attendance: "About 100 high-level officials including five ministers or vice ministers",
			Outcomes: []string{
				"MOGAHA introduced the criminal justice information system of the Korean Ministry of Justice as well as the immigration system.",
				"The attendance attested to Peru's strong interest in Korea's e-government systems.",
				"Related Korean businesses showcased cutting-edge technologies.",
			},
			Parent: ref(EventVisit),
		},
		{
			Meta: meta(EventMeetingPMO,
				c(quoteMeetings, "title", "kind", "start_on", "place", "participants", "outcomes"),
				c(quoteVisit, "start_on", "parent"),
				c(quoteTalked, "outcomes")),
			Kind:    domain.EventBilateralMeeting,
			Title:   "Bilateral meeting of Minister Chong with the Secretary General of the Prime Minister's Office of Peru",
			StartOn: domain.MustDate("2015-04-20"),
			Place:   domain.Place{Country: "PE"},
			Participants: []domain.Participant{
				chong,
				{Organization: ref(OrgPeruPMO), Role: "Secretary General"},
			},
			Outcomes: []string{
				"Discussed ways to strengthen their cooperation.",
				"Minister Chong presented Korea's immigration service and the world's first criminal justice information system in Korea.",
			},
			Parent: ref(EventVisit),
		},
		{
			Meta: meta(EventMeetingJustice,
				c(quoteMeetings, "title", "kind", "start_on", "place", "participants", "outcomes"),
				c(quoteVisit, "start_on", "parent"),
				c(quoteTalked, "outcomes"),
				c(quoteOlaya, "participants", "outcomes")),
			Kind:    domain.EventBilateralMeeting,
			Title:   "Bilateral meeting of Minister Chong with Minister Gustavo Olaya of Justice and Human Rights of Peru",
			StartOn: domain.MustDate("2015-04-20"),
			Place:   domain.Place{Country: "PE"},
			Participants: []domain.Participant{
				chong,
				{Person: ref(PersonOlaya), Organization: ref(OrgPeruJustice), Role: titleOlaya},
			},
			Outcomes: []string{
				"Discussed ways to strengthen their cooperation.",
				"Minister Chong presented Korea's immigration service and the world's first criminal justice information system in Korea.",
				"Minister Gustavo Olaya expressed his great interest in adopting the Korean criminal justice information system.",
			},
			Parent: ref(EventVisit),
		},
	}
	for _, e := range events {
		if err := put(ctx, s.Events, e, &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// organizations returns the bodies the article names. Parents are left
// empty: the article does not say which body the Korea Immigration Service
// or the office of the criminal justice information system belongs to.
func organizations(c func(string, ...string) domain.Citation) []*domain.Organization {
	return []*domain.Organization{
		{
			Meta:    meta(OrgMOGAHA, c(quotePresidents, "name", "acronym", "kind")),
			Name:    "Ministry of Government Administration and Home Affairs",
			Acronym: "MOGAHA",
			Country: "KR",
			Kind:    domain.OrgMinistry,
		},
		{
			Meta:    meta(OrgColombiaDefense, c(quoteColombiaMOU, "name", "country", "kind")),
			Name:    "Ministry of National Defense of Colombia",
			Country: "CO",
			Kind:    domain.OrgMinistry,
		},
		{
			Meta:    meta(OrgPeruPMO, c(quotePeruMOU, "name", "country", "kind")),
			Name:    "Prime Minister's Office of Peru",
			Country: "PE",
			Kind:    domain.OrgOffice,
		},
		{
			Meta:     meta(OrgPeruJustice, c(quoteForum, "name", "country", "kind"), c(quotePrograms, "alt_names")),
			Name:     "Ministry of Justice and Human Rights of Peru",
			AltNames: []string{"Peruvian Ministry of Justice and Human Rights"},
			Country:  "PE",
			Kind:     domain.OrgMinistry,
		},
		{
			Meta:    meta(OrgPeruImmigration, c(quotePrograms, "name", "country")),
			Name:    "Peruvian Immigration Office",
			Country: "PE",
			Kind:    domain.OrgAgency,
		},
		{
			Meta:    meta(OrgKoreaImmigration, c(quoteKoreanParticipants, "name", "country")),
			Name:    "Korea Immigration Service",
			Country: "KR",
			Kind:    domain.OrgAgency,
		},
		{
			Meta:    meta(OrgKoreaJustice, c(quoteForum, "name", "country", "kind")),
			Name:    "Korean Ministry of Justice",
			Country: "KR",
			Kind:    domain.OrgMinistry,
		},
		{
			Meta:    meta(OrgKoreaCJIS, c(quoteKoreanParticipants, "name", "country", "kind")),
			Name:    "Office of Criminal Justice Information System",
			Country: "KR",
			Kind:    domain.OrgOffice,
		},
	}
}

func meta(id string, evidence ...domain.Citation) domain.Meta {
	return domain.Meta{ID: id, Evidence: evidence}
}

// loadSource stores the article unless it is stored already, under its id or
// its URL, and returns the id to cite.
func loadSource(ctx context.Context, st domain.Store[*domain.Source], text string, res *Result) (string, error) {
	switch _, err := st.Find(ctx, SourceArticle); domain.ErrorCode(err) {
	case "":
		res.Existing++
		return SourceArticle, nil
	case domain.ENOTFOUND:
	default:
		return "", fmt.Errorf("demo: find source %q: %w", SourceArticle, err)
	}
	// The URL is unique: an article pasted in by hand before the demo was
	// loaded is the same source.
	id, err := sourceWithURL(ctx, st, ArticleURL)
	if err != nil {
		return "", err
	}
	if id != "" {
		res.Existing++
		return id, nil
	}
	src := &domain.Source{
		Meta:        domain.Meta{ID: SourceArticle},
		URL:         ArticleURL,
		Title:       ArticleTitle,
		Publisher:   ArticlePublisher,
		PublishedOn: domain.MustDate("2015-04-21"),
		Language:    "en",
		Text:        text,
	}
	if err := put(ctx, st, src, res); err != nil {
		return "", err
	}
	return SourceArticle, nil
}

// sourceWithURL returns the id of the source with the URL, "" when none has it.
func sourceWithURL(ctx context.Context, st domain.Store[*domain.Source], url string) (string, error) {
	f := domain.ListFilter{Limit: 200, Sort: "name"}
	for {
		page, err := st.List(ctx, f)
		if err != nil {
			return "", fmt.Errorf("demo: list sources: %w", err)
		}
		for _, s := range page.Items {
			if s.URL == url {
				return s.ID, nil
			}
		}
		if page.NextCursor == "" {
			return "", nil
		}
		f.Cursor = page.NextCursor
	}
}

// put creates rec unless a record with its id is stored already. It looks
// before it creates, rather than relying on Create's ECONFLICT alone, since a
// store may write what lives beside a record (a source's text) before it
// finds the id taken; an ECONFLICT from a loader that raced it still counts
// as existing.
func put[T domain.Record](ctx context.Context, st domain.Store[T], rec T, res *Result) error {
	id := rec.RecordMeta().ID
	switch _, err := st.Find(ctx, id); domain.ErrorCode(err) {
	case "":
		res.Existing++
		return nil
	case domain.ENOTFOUND:
	default:
		return fmt.Errorf("demo: find %s %q: %w", rec.Type(), id, err)
	}
	err := st.Create(ctx, rec)
	if err == nil {
		res.Created++
		return nil
	}
	if domain.ErrorCode(err) == domain.ECONFLICT {
		if _, ferr := st.Find(ctx, id); ferr == nil {
			res.Existing++
			return nil
		}
	}
	return fmt.Errorf("demo: create %s %q: %w", rec.Type(), id, err)
}
