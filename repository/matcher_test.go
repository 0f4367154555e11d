package repository_test

import (
	"context"
	"testing"

	"cooptrack/domain"
	"cooptrack/domain/extract"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// TestMatcherFindsRecordsByTheirNames asks the store's matcher for names
// written as articles write them: those that name one recorded record
// must find it, those that name none, or several alike, must find nothing.
func TestMatcherFindsRecordsByTheirNames(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		ids := map[string]string{}
		org := func(key string, o *domain.Organization) {
			t.Helper()
			if err := db.Organizations.Create(ctx, o); err != nil {
				t.Fatalf("create %s: %v", key, err)
			}
			ids[key] = o.ID
		}
		person := func(key string, p *domain.Person) {
			t.Helper()
			if err := db.People.Create(ctx, p); err != nil {
				t.Fatalf("create %s: %v", key, err)
			}
			ids[key] = p.ID
		}
		org("mogaha", &domain.Organization{Name: "Ministry of Government Administration and Home Affairs", Acronym: "MOGAHA", Country: "KR", Kind: domain.OrgMinistry})
		org("pcm", &domain.Organization{Name: "Presidencia del Consejo de Ministros del Perú", AltNames: []string{"Prime Minister's Office of Peru"}, Country: "PE", Kind: domain.OrgOffice})
		org("mindefensa", &domain.Organization{Name: "Ministry of National Defense", Country: "CO", Kind: domain.OrgMinistry})
		org("mfa-pe", &domain.Organization{Name: "Ministry of Foreign Affairs", Country: "PE", Kind: domain.OrgMinistry})
		org("mfa-co", &domain.Organization{Name: "Ministry of Foreign Affairs", Country: "CO", Kind: domain.OrgMinistry})
		org("koica", &domain.Organization{Name: "Korea International Cooperation Agency", Acronym: "KOICA", Country: "KR", Kind: domain.OrgAgency})
		person("chong", &domain.Person{FullName: "Chong Jong-sup", AltNames: []string{"Chong, Jong-sup"}, Country: "KR"})
		person("olaya", &domain.Person{FullName: "Gustavo Adrianzén Olaya", Country: "PE"})
		person("kim", &domain.Person{FullName: "Kim Min-jun", Country: "KR"})
		person("park1", &domain.Person{FullName: "Park Ji-won", Country: "KR"})
		person("park2", &domain.Person{FullName: "Bak Ji-won", Country: "KR"})
		mou := &domain.Agreement{Kind: domain.AgreementMOU, Title: "MOU on e-government", Status: domain.StatusSigned,
			Parties: []domain.Ref{{ID: ids["mogaha"]}, {ID: ids["pcm"]}}, SignedOn: "2015-04-20"}
		if err := db.Agreements.Create(ctx, mou); err != nil {
			t.Fatal(err)
		}
		ids["mou"] = mou.ID
		prog := &domain.Program{Name: "Immigration modernization program of the Peruvian Immigration Office", Status: domain.ProgramPipeline, CountriesGiven: []domain.CountryCode{"PE"}}
		if err := db.Programs.Create(ctx, prog); err != nil {
			t.Fatal(err)
		}
		ids["program"] = prog.ID
		ids["PE"] = "PE"

		orgT, personT, agreement := domain.TypeOrganization, domain.TypePerson, domain.TypeAgreement
		tests := []struct {
			q    extract.Query
			want string // key of the record in ids, "" for no match
		}{
			// organizations: by name, other name, acronym, in any case and accents
			{extract.Query{Type: orgT, Name: "Ministry of Government Administration and Home Affairs", Countries: []string{"KR"}}, "mogaha"},
			{extract.Query{Type: orgT, Name: "ministry of government administration & home affairs"}, "mogaha"},
			{extract.Query{Type: orgT, Name: "MOGAHA"}, "mogaha"},
			{extract.Query{Type: orgT, Name: "Ministry of the Interior", Acronym: "MOGAHA", Countries: []string{"KR"}}, "mogaha"},
			{extract.Query{Type: orgT, Name: "Prime Minister's Office", Countries: []string{"PE"}}, "pcm"},
			{extract.Query{Type: orgT, Name: "Peru’s Prime Minister’s Office"}, "pcm"},
			{extract.Query{Type: orgT, Name: "PRESIDENCIA DEL CONSEJO DE MINISTROS DEL PERU"}, "pcm"},
			{extract.Query{Type: orgT, Name: "Presidencia del Consejo de Ministros", Countries: []string{"PE"}}, "pcm"},
			{extract.Query{Type: orgT, Name: "Ministry of National Defence", Countries: []string{"CO"}}, "mindefensa"},
			{extract.Query{Type: orgT, Name: "Colombian Ministry of National Defense"}, "mindefensa"},
			{extract.Query{Type: orgT, Name: "Ministry of Foreign Affairs", Countries: []string{"PE"}}, "mfa-pe"},
			{extract.Query{Type: orgT, Name: "Ministry of Foreign Affairs of Colombia"}, "mfa-co"},
			{extract.Query{Type: orgT, Name: "Korea International Cooperation Agency"}, "koica"},
			{extract.Query{Type: orgT, Name: "International Cooperation Agency", Countries: []string{"KR"}}, "koica"},
			{extract.Query{Type: orgT, Name: "KOICA", Countries: []string{"KR"}}, "koica"},
			// people: other spellings, word order, romanisation, a second family name left out
			{extract.Query{Type: personT, Name: "Chong Jong-sup", Countries: []string{"KR"}}, "chong"},
			{extract.Query{Type: personT, Name: "Jeong Jong-seop"}, "chong"},
			{extract.Query{Type: personT, Name: "Jong-sup Chong"}, "chong"},
			{extract.Query{Type: personT, Name: "CHONG, JONG SUP"}, "chong"},
			{extract.Query{Type: personT, Name: "Gustavo Adrianzen Olaya"}, "olaya"},
			{extract.Query{Type: personT, Name: "Gustavo Olaya", Countries: []string{"PE"}}, "olaya"},
			{extract.Query{Type: personT, Name: "Gustavo Adrianzén", Countries: []string{"PE"}}, "olaya"},
			// agreements by title, of the countries given
			{extract.Query{Type: agreement, Name: "MOU on E-Government", Countries: []string{"PE"}}, "mou"},
			// agreements by kind, date and countries, whatever the title
			{extract.Query{Type: agreement, Name: "MOU on digital government", Kind: "mou", On: "2015-04-20", Countries: []string{"KR", "PE"}}, "mou"},
			{extract.Query{Type: agreement, Name: "MOU", Kind: "mou", On: "2015-04", Countries: []string{"PE"}}, "mou"},
			// programs by three words or more of their name
			{extract.Query{Type: domain.TypeProgram, Name: "immigration modernization program"}, "program"},
			// countries by code or name
			{extract.Query{Type: domain.TypeCountry, Name: "PE"}, "PE"},
			{extract.Query{Type: domain.TypeCountry, Name: "Perú"}, "PE"},

			// two alike and no country to choose by
			{extract.Query{Type: orgT, Name: "Ministry of Foreign Affairs"}, ""},
			{extract.Query{Type: personT, Name: "Park Ji-won", Countries: []string{"KR"}}, ""},
			// a country of none of them
			{extract.Query{Type: orgT, Name: "Ministry of Foreign Affairs", Countries: []string{"EC"}}, ""},
			{extract.Query{Type: orgT, Name: "Ministry of National Defense", Countries: []string{"PE"}}, ""},
			{extract.Query{Type: personT, Name: "Chong Jong-sup", Countries: []string{"PE"}}, ""},
			{extract.Query{Type: personT, Name: "Gustavo Olaya", Countries: []string{"CO"}}, ""},
			{extract.Query{Type: agreement, Name: "MOU on e-government", Countries: []string{"CO"}}, ""},
			// a slip of a letter without a country to be sure in
			{extract.Query{Type: orgT, Name: "Ministry of National Defence"}, ""},
			// other names
			{extract.Query{Type: orgT, Name: "Ministry of Justice", Countries: []string{"PE"}}, ""},
			{extract.Query{Type: orgT, Name: "Korea Customs Service", Countries: []string{"KR"}}, ""},
			{extract.Query{Type: orgT, Name: "MOFA"}, ""},
			{extract.Query{Type: orgT, Name: "Prime Minister's Office", Countries: []string{"KR"}}, ""},
			{extract.Query{Type: personT, Name: "Kim Min-jin", Countries: []string{"KR"}}, ""},
			{extract.Query{Type: personT, Name: "Olaya"}, ""},
			{extract.Query{Type: personT, Name: ""}, ""},
			{extract.Query{Type: agreement, Name: "MOU on public security"}, ""},
			{extract.Query{Type: agreement, Name: "MOU", Kind: "mou", On: "2015-04-21", Countries: []string{"PE"}}, ""},
			{extract.Query{Type: agreement, Name: "Agreement", Kind: "agreement", On: "2015-04-20", Countries: []string{"PE"}}, ""},
			{extract.Query{Type: agreement, Name: "MOU", Kind: "mou", On: "2015-04-20", Countries: []string{"KR", "CO"}}, ""},
			{extract.Query{Type: agreement, Name: "MOU", Kind: "mou", On: "2015", Countries: []string{"PE"}}, ""},
			{extract.Query{Type: agreement, Name: "MOU", Kind: "mou", On: "2015-04-20"}, ""},
			{extract.Query{Type: domain.TypeProgram, Name: "modernization program"}, ""},
			{extract.Query{Type: domain.TypeProgram, Name: "customs modernization program"}, ""},
			{extract.Query{Type: domain.TypeCountry, Name: "Atlantis"}, ""},
		}
		m := db.Matcher()
		for _, tt := range tests {
			got, err := m.Match(ctx, tt.q)
			if err != nil {
				t.Fatalf("%+v: %v", tt.q, err)
			}
			gotID := ""
			if got != nil {
				gotID = got.ID
				if got.Type != tt.q.Type {
					t.Errorf("%+v: matched a %s, want a %s", tt.q, got.Type, tt.q.Type)
				}
			}
			if want := ids[tt.want]; gotID != want {
				t.Errorf("%s %q %v (acronym %q): got %q, want %q (%s)", tt.q.Type, tt.q.Name, tt.q.Countries, tt.q.Acronym, gotID, want, orNone(tt.want))
			}
		}

		// A record created after the catalog was read is found: the matcher
		// reads the catalog as it is now.
		org("justice", &domain.Organization{Name: "Ministerio de Justicia y Derechos Humanos", AltNames: []string{"Ministry of Justice and Human Rights"}, Country: "PE", Kind: domain.OrgMinistry})
		got, err := m.Match(ctx, extract.Query{Type: orgT, Name: "Ministry of Justice and Human Rights", Countries: []string{"PE"}})
		if err != nil {
			t.Fatal(err)
		}
		if got == nil || got.ID != ids["justice"] {
			t.Errorf("a ministry created after the first match: got %+v, want %s", got, ids["justice"])
		}
	})
}

func orNone(key string) string {
	if key == "" {
		return "no match"
	}
	return key
}
