package domain

import (
	"slices"
	"testing"
)

func TestCountriesCount(t *testing.T) {
	if got, want := len(Countries()), 249; got != want {
		t.Fatalf("len(Countries()) = %d, want %d", got, want)
	}
}

func TestCountriesCodesAndRegions(t *testing.T) {
	regions := map[string]bool{"Africa": true, "Americas": true, "Asia": true, "Europe": true, "Oceania": true, "Antarctica": true}
	seen := map[string]bool{}
	list := Countries()
	for i, c := range list {
		if len(c.Code) != 2 || c.Code[0] < 'A' || c.Code[0] > 'Z' || c.Code[1] < 'A' || c.Code[1] > 'Z' {
			t.Errorf("country %d: code %q, want two upper-case letters", i, c.Code)
		}
		if seen[c.Code] {
			t.Errorf("code %q appears twice", c.Code)
		}
		seen[c.Code] = true
		if i > 0 && list[i-1].Code >= c.Code {
			t.Errorf("Countries() not sorted: %q before %q", list[i-1].Code, c.Code)
		}
		if c.Name == "" {
			t.Errorf("%s: empty name", c.Code)
		}
		if c.Region == "" || c.SubRegion == "" {
			t.Errorf("%s: region %q, sub-region %q, want both non-empty", c.Code, c.Region, c.SubRegion)
		}
		if !regions[c.Region] {
			t.Errorf("%s: region %q is not a UN M49 region", c.Code, c.Region)
		}
		if (c.Region == "Antarctica") != (c.Code == "AQ") {
			t.Errorf("%s: region %q; only AQ is in Antarctica", c.Code, c.Region)
		}
	}
}

// TestSubRegionsBelongToRegion checks that each sub-region sits in one
// region only, so the table has no typo such as Europe/"Western Asia".
func TestSubRegionsBelongToRegion(t *testing.T) {
	want := map[string][]string{
		"Africa":     {"Eastern Africa", "Middle Africa", "Northern Africa", "Southern Africa", "Western Africa"},
		"Americas":   {"Caribbean", "Central America", "Northern America", "South America"},
		"Antarctica": {"Antarctica"},
		"Asia":       {"Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia"},
		"Europe":     {"Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"},
		"Oceania":    {"Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"},
	}
	got := map[string][]string{}
	for _, c := range Countries() {
		if !slices.Contains(got[c.Region], c.SubRegion) {
			got[c.Region] = append(got[c.Region], c.SubRegion)
		}
	}
	for region, subs := range want {
		g := slices.Sorted(slices.Values(got[region]))
		if !slices.Equal(g, subs) {
			t.Errorf("sub-regions of %s = %q, want %q", region, g, subs)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d regions, want %d", len(got), len(want))
	}
}

func TestLookupCountry(t *testing.T) {
	tests := []struct {
		code   string
		want   Country
		wantOK bool
	}{
		{"PE", Country{"PE", "Peru", "Americas", "South America"}, true},
		{"CO", Country{"CO", "Colombia", "Americas", "South America"}, true},
		{"KR", Country{"KR", "Republic of Korea", "Asia", "Eastern Asia"}, true},
		{"KP", Country{"KP", "Democratic People's Republic of Korea", "Asia", "Eastern Asia"}, true},
		{"MX", Country{"MX", "Mexico", "Americas", "Central America"}, true},
		{"CU", Country{"CU", "Cuba", "Americas", "Caribbean"}, true},
		{"US", Country{"US", "United States", "Americas", "Northern America"}, true},
		{"GB", Country{"GB", "United Kingdom", "Europe", "Northern Europe"}, true},
		{"ES", Country{"ES", "Spain", "Europe", "Southern Europe"}, true},
		{"DE", Country{"DE", "Germany", "Europe", "Western Europe"}, true},
		{"RU", Country{"RU", "Russia", "Europe", "Eastern Europe"}, true},
		{"VN", Country{"VN", "Vietnam", "Asia", "South-eastern Asia"}, true},
		{"TW", Country{"TW", "Taiwan", "Asia", "Eastern Asia"}, true},
		{"IR", Country{"IR", "Iran", "Asia", "Southern Asia"}, true},
		{"BO", Country{"BO", "Bolivia", "Americas", "South America"}, true},
		{"VE", Country{"VE", "Venezuela", "Americas", "South America"}, true},
		{"KE", Country{"KE", "Kenya", "Africa", "Eastern Africa"}, true},
		{"AU", Country{"AU", "Australia", "Oceania", "Australia and New Zealand"}, true},
		{"AQ", Country{"AQ", "Antarctica", "Antarctica", "Antarctica"}, true},
		{"AD", Country{"AD", "Andorra", "Europe", "Southern Europe"}, true},
		{"ZW", Country{"ZW", "Zimbabwe", "Africa", "Eastern Africa"}, true},
		{"XX", Country{}, false},
		{"XK", Country{}, false}, // Kosovo: user-assigned, not in ISO 3166-1
		{"pe", Country{}, false}, // exact upper-case code only
		{"Pe", Country{}, false},
		{"PER", Country{}, false},
		{"P", Country{}, false},
		{"", Country{}, false},
		{"P1", Country{}, false},
		{"É1", Country{}, false},
	}
	for _, tt := range tests {
		got, ok := LookupCountry(tt.code)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("LookupCountry(%q) = %+v, %v; want %+v, %v", tt.code, got, ok, tt.want, tt.wantOK)
		}
		if isCode := IsCountryCode(tt.code); isCode != tt.wantOK {
			t.Errorf("IsCountryCode(%q) = %v, want %v", tt.code, isCode, tt.wantOK)
		}
	}
}

func TestLookupEveryCountry(t *testing.T) {
	for _, c := range Countries() {
		got, ok := LookupCountry(c.Code)
		if !ok || got != c {
			t.Errorf("LookupCountry(%q) = %+v, %v; want %+v, true", c.Code, got, ok, c)
		}
	}
}

func TestCountriesReturnsCopy(t *testing.T) {
	a := Countries()
	a[0].Name = "changed"
	if b := Countries(); b[0].Name == "changed" {
		t.Errorf("Countries()[0].Name = %q after changing an earlier result; want a fresh copy", b[0].Name)
	}
	if c, _ := LookupCountry(a[0].Code); c.Name == "changed" {
		t.Errorf("LookupCountry(%q).Name = %q after changing Countries(); want it untouched", a[0].Code, c.Name)
	}
}

func TestCountryByName(t *testing.T) {
	tests := []struct {
		name     string
		wantCode string // "" for not found
	}{
		{"Peru", "PE"},
		{"Perú", "PE"},
		{"PERU", "PE"},
		{"peru", "PE"},
		{"  perú ", "PE"},
		{"Republic of Peru", "PE"},
		{"Colombia", "CO"},
		{"República de Colombia", ""}, // Spanish names are not listed
		{"Republic of Colombia", "CO"},
		{"Republic of Korea", "KR"},
		{"Korea, Republic of", "KR"},
		{"Korea (the Republic of)", "KR"},
		{"South Korea", "KR"},
		{"Korea", "KR"},
		{"North Korea", "KP"},
		{"Democratic People's Republic of Korea", "KP"},
		{"Democratic People’s Republic of Korea", "KP"}, // curly apostrophe
		{"United States", "US"},
		{"United States of America", "US"},
		{"USA", "US"},
		{"U.S.A.", "US"},
		{"United Kingdom", "GB"},
		{"UK", "GB"},
		{"Great Britain", "GB"},
		{"Russia", "RU"},
		{"Russian Federation", "RU"},
		{"Viet Nam", "VN"},
		{"Vietnam", "VN"},
		{"Bolivia (Plurinational State of)", "BO"},
		{"Plurinational State of Bolivia", "BO"},
		{"Venezuela", "VE"},
		{"Iran", "IR"},
		{"Taiwan, Province of China", "TW"},
		{"Laos", "LA"},
		{"Lao People's Democratic Republic", "LA"},
		{"Côte d'Ivoire", "CI"},
		{"Cote d’Ivoire", "CI"},
		{"Ivory Coast", "CI"},
		{"Congo", "CG"},
		{"Republic of the Congo", "CG"},
		{"Democratic Republic of the Congo", "CD"},
		{"Congo, The Democratic Republic of the", "CD"},
		{"the Netherlands", "NL"},
		{"The Bahamas", "BS"},
		{"Bahamas (the)", "BS"},
		{"Gambia", "GM"},
		{"St. Lucia", "LC"},
		{"St Kitts & Nevis", "KN"},
		{"Trinidad & Tobago", "TT"},
		{"Guinea Bissau", "GW"},
		{"Guinea-Bissau", "GW"},
		{"Guinea", "GN"},
		{"São Tomé and Príncipe", "ST"},
		{"Sao Tome & Principe", "ST"},
		{"Türkiye", "TR"},
		{"Turkiye", "TR"},
		{"Turkey", "TR"},
		{"Czech Republic", "CZ"},
		{"Burma", "MM"},
		{"Holy See", "VA"},
		{"Vatican City", "VA"},
		{"Åland Islands", "AX"},
		{"Aland Islands", "AX"},
		{"Réunion", "RE"},
		{"Curacao", "CW"},
		{"Virgin Islands (British)", "VG"},
		{"U.S. Virgin Islands", "VI"},
		{"Virgin Islands", ""}, // two entries
		{"Atlantis", ""},
		{"", ""},
		{"   ", ""},
		{"PE", ""}, // a code is not a name: use LookupCountry
		{"the", ""},
	}
	for _, tt := range tests {
		got, ok := CountryByName(tt.name)
		if tt.wantCode == "" {
			if ok {
				t.Errorf("CountryByName(%q) = %+v, true; want not found", tt.name, got)
			}
			continue
		}
		if !ok || got.Code != tt.wantCode {
			t.Errorf("CountryByName(%q) = %q, %v; want %q, true", tt.name, got.Code, ok, tt.wantCode)
		}
	}
}

// TestCountryByOwnName checks that every country is found by its own Name,
// upper-cased or accent-free.
func TestCountryByOwnName(t *testing.T) {
	for _, c := range Countries() {
		for _, n := range []string{c.Name, Fold(c.Name)} {
			got, ok := CountryByName(n)
			if !ok || got != c {
				t.Errorf("CountryByName(%q) = %+v, %v; want %+v, true", n, got, ok, c)
			}
		}
	}
}

// TestCountryNamesUnambiguous checks that no name or alias in the table is
// claimed by two countries (such names would silently match neither) and
// that every alias resolves to its own country.
func TestCountryNamesUnambiguous(t *testing.T) {
	_, _, _, conflicts := buildCountries(countryTable[:])
	if len(conflicts) > 0 {
		t.Errorf("names claimed by more than one country: %q", conflicts)
	}
	for _, row := range countryTable {
		for _, a := range row.aliases {
			got, ok := CountryByName(a)
			if !ok || got.Code != row.code {
				t.Errorf("CountryByName(%q) = %q, %v; want %q, true", a, got.Code, ok, row.code)
			}
		}
	}
}

func TestCountryNameKeyConflictsDetected(t *testing.T) {
	table := []countryRow{
		{"AA", "Alpha", "Europe", "Western Europe", []string{"Shared"}},
		{"BB", "Beta", "Europe", "Western Europe", []string{"shared", "Alpha "}},
	}
	_, _, names, conflicts := buildCountries(table)
	if want := []string{"alpha", "shared"}; !slices.Equal(conflicts, want) {
		t.Errorf("conflicts = %q, want %q", conflicts, want)
	}
	if _, ok := names["shared"]; ok {
		t.Errorf("conflicting key %q kept in names", "shared")
	}
	if i, ok := names["beta"]; !ok || i != 1 {
		t.Errorf("names[%q] = %d, %v; want 1, true", "beta", i, ok)
	}
}

func BenchmarkLookupCountry(b *testing.B) {
	for b.Loop() {
		_, _ = LookupCountry("PE")
	}
}

func BenchmarkCountryByName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = CountryByName("Perú")
	}
}
