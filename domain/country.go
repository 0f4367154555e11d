package domain

import (
	"fmt"
	"slices"
	"strings"
)

// Country is a state or territory as ISO 3166-1 lists it; its alpha-2 code
// is its id.
//
// Name is the ISO 3166-1 English short name written the way a ministry
// writes it, by these rules:
//   - inverted forms are put in natural order and the article "(the)" is
//     dropped: "Korea (the Republic of)" is "Republic of Korea",
//     "Bahamas (the)" is "Bahamas";
//   - a parenthesised or inverted official qualifier is dropped when the name
//     is unambiguous without it ("Bolivia (Plurinational State of)" is
//     "Bolivia", "Tanzania, United Republic of" is "Tanzania"), and kept, in
//     natural order, when it is what tells two entries apart (the two Koreas,
//     "Congo" and "Democratic Republic of the Congo", the two Virgin Islands);
//   - where the ISO short name is a formal name nobody writes, the common
//     English short name is used: "Russia", "Vietnam", "Laos", "Syria",
//     "Brunei", "United Kingdom", "United States", "Taiwan";
//   - otherwise ISO's spelling is kept, diacritics included ("Côte d'Ivoire",
//     "Türkiye", "Réunion").
//
// The ISO forms, official long names and common alternatives are not lost:
// CountryByName matches them.
//
// Region and SubRegion follow UN M49 (the UN Statistics Division's standard
// country or area codes for statistical use). Region is one of "Africa",
// "Americas", "Asia", "Europe" and "Oceania", or "Antarctica" for AQ, which
// M49 leaves out. SubRegion is the M49 sub-region, except that where M49
// splits a sub-region into intermediate regions ("Latin America and the
// Caribbean", "Sub-Saharan Africa") the finer intermediate region is used:
// "South America", "Central America", "Caribbean", "Eastern Africa",
// "Middle Africa", "Southern Africa", "Western Africa". The Channel
// Islands (GG, JE) are counted in "Northern Europe", AQ's SubRegion is
// "Antarctica", and TW, which M49 does not list, is in "Eastern Asia".
type Country struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Region    string `json:"region"`
	SubRegion string `json:"sub_region"`
}

// Countries returns all 249 ISO 3166-1 alpha-2 countries, sorted by code.
// The slice is a fresh copy: the caller may change it.
func Countries() []Country {
	return slices.Clone(countryList)
}

// LookupCountry returns the country with the ISO 3166-1 alpha-2 code, which
// must be exactly two upper-case letters ("PE", not "pe").
func LookupCountry(code string) (Country, bool) {
	i := countryIndexOf(code)
	if i < 0 {
		return Country{}, false
	}
	return countryList[i], true
}

// CountryCode is an ISO 3166-1 alpha-2 code in upper case ("PE"). Where a
// code comes in (a path, a query, a form, a command's flag) it is read once
// with ParseCountryCode; what holds a CountryCode need not check it again.
type CountryCode string

// UnmarshalText reads a code in any case, with spaces around, as people
// write it; whether it is a country is the record's rule to say (the
// validator's "country"), beside its field.
func (c *CountryCode) UnmarshalText(b []byte) error {
	*c = CountryCode(strings.ToUpper(strings.TrimSpace(string(b))))
	return nil
}

// countryCodeRule is what a bad code is told, beside its field.
const countryCodeRule = "must be an ISO 3166-1 alpha-2 country code, such as PE for Peru"

// ParseCountryCode reads a country code as people write it: in any case,
// with spaces around ("pe" is PE).
// Errors: EINVALID, naming field.
func ParseCountryCode(field, s string) (CountryCode, error) {
	code := strings.ToUpper(strings.TrimSpace(s))
	if !IsCountryCode(code) {
		return "", &Error{Code: EINVALID, Message: fmt.Sprintf("%q is not a country code", Clip(s, 40)), Fields: map[string]string{field: countryCodeRule}}
	}
	return CountryCode(code), nil
}

// IsCountryCode reports whether code is an ISO 3166-1 alpha-2 code, written
// in upper case.
func IsCountryCode(code string) bool {
	return countryIndexOf(code) >= 0
}

// CountryByName finds a country by its name. The match ignores case, accents
// and extra white space ("Perú", "PERU", "peru"), and also treats alike
// straight and curly apostrophes, hyphens and spaces, "&" and "and", "St" and
// "Saint", and ignores full stops, commas, brackets and a leading "the"
// ("St. Lucia", "Trinidad & Tobago", "the Netherlands", "U.S.A.").
//
// Besides Name it knows the ISO short name as ISO writes it ("Korea, Republic
// of"), the official long name ("Republic of Peru", "United States of
// America") and common alternatives ("South Korea", "Korea", "North Korea",
// "Ivory Coast", "Burma", "USA", "UK"). A name that two entries share, such
// as "Virgin Islands", matches neither; "Korea" is the Republic of Korea and
// "Congo", as in ISO, the Republic of the Congo (CG).
func CountryByName(name string) (Country, bool) {
	i, ok := countryNames[countryNameKey(name)]
	if !ok {
		return Country{}, false
	}
	return countryList[i], true
}

// countryIndexOf returns the index of code in countryList, or -1.
func countryIndexOf(code string) int {
	if len(code) != 2 {
		return -1
	}
	a, b := code[0], code[1]
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return -1
	}
	return int(countryIndex[int(a-'A')*26+int(b-'A')]) - 1
}

// countryNameKey is the key of countryNames: Fold, then the equivalences
// that CountryByName documents.
func countryNameKey(name string) string {
	f := Fold(name)
	var b strings.Builder
	b.Grow(len(f) + 8)
	for _, r := range f {
		switch r {
		case '.':
			// dropped: "U.S.A." is "USA", "St." is "St"
		case ',', '(', ')', '[', ']', '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '/':
			b.WriteByte(' ')
		case '\u2018', '\u2019', '\u02bc', '`', '\u00b4':
			b.WriteByte('\'')
		case '&':
			b.WriteString(" and ")
		default:
			b.WriteRune(r)
		}
	}
	words := strings.Fields(b.String())
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	if len(words) > 1 && words[len(words)-1] == "the" {
		words = words[:len(words)-1]
	}
	for i, w := range words {
		if w == "st" {
			words[i] = "saint"
		}
	}
	return strings.Join(words, " ")
}

var (
	// countryList is the table as []Country, sorted by code.
	countryList []Country
	// countryIndex maps (a-'A')*26+(b-'A') for code "ab" to 1 + its index
	// in countryList; 0 means no such country.
	countryIndex [26 * 26]uint8
	// countryNames maps countryNameKey of every name and alias to an
	// index in countryList.
	countryNames map[string]int
)

func init() {
	countryList, countryIndex, countryNames, _ = buildCountries(countryTable[:])
}

// buildCountries turns the table into the lookup structures. conflicts
// lists the name keys that more than one country claims; such keys are left
// out of names. The table is checked by the tests, which expect no conflicts.
func buildCountries(table []countryRow) (list []Country, index [26 * 26]uint8, names map[string]int, conflicts []string) {
	list = make([]Country, len(table))
	for i, row := range table {
		list[i] = Country{Code: row.code, Name: row.name, Region: row.region, SubRegion: row.sub}
	}
	slices.SortFunc(list, func(a, b Country) int { return strings.Compare(a.Code, b.Code) })
	byCode := make(map[string]int, len(list))
	for i, c := range list {
		byCode[c.Code] = i
		if len(c.Code) == 2 && c.Code[0] >= 'A' && c.Code[0] <= 'Z' && c.Code[1] >= 'A' && c.Code[1] <= 'Z' {
			index[int(c.Code[0]-'A')*26+int(c.Code[1]-'A')] = uint8(i + 1)
		}
	}
	names = make(map[string]int, len(table)*3)
	bad := map[string]bool{}
	for _, row := range table {
		i := byCode[row.code]
		for _, n := range append([]string{row.name}, row.aliases...) {
			k := countryNameKey(n)
			if k == "" || bad[k] {
				continue
			}
			if j, ok := names[k]; ok && j != i {
				bad[k] = true
				delete(names, k)
				conflicts = append(conflicts, k)
				continue
			}
			names[k] = i
		}
	}
	slices.Sort(conflicts)
	return list, index, names, conflicts
}

// countryRow is one line of countryTable.
type countryRow struct {
	code, name, region, sub string
	// aliases are other names CountryByName matches: ISO's own form of the
	// short name, the official long name, common alternatives.
	aliases []string
}

const (
	m49Africa     = "Africa"
	m49Americas   = "Americas"
	m49Antarctica = "Antarctica"
	m49Asia       = "Asia"
	m49Europe     = "Europe"
	m49Oceania    = "Oceania"
)

// countryTable lists the 249 ISO 3166-1 countries with their UN M49 region
// and sub-region; see Country for the naming rules.
var countryTable = [...]countryRow{
	{"AD", "Andorra", m49Europe, "Southern Europe", []string{"Principality of Andorra"}},
	{"AE", "United Arab Emirates", m49Asia, "Western Asia", []string{"UAE", "Emirates"}},
	{"AF", "Afghanistan", m49Asia, "Southern Asia", []string{"Islamic Republic of Afghanistan"}},
	{"AG", "Antigua and Barbuda", m49Americas, "Caribbean", nil},
	{"AI", "Anguilla", m49Americas, "Caribbean", nil},
	{"AL", "Albania", m49Europe, "Southern Europe", []string{"Republic of Albania"}},
	{"AM", "Armenia", m49Asia, "Western Asia", []string{"Republic of Armenia"}},
	{"AO", "Angola", m49Africa, "Middle Africa", []string{"Republic of Angola"}},
	{"AQ", "Antarctica", m49Antarctica, "Antarctica", nil},
	{"AR", "Argentina", m49Americas, "South America", []string{"Argentine Republic"}},
	{"AS", "American Samoa", m49Oceania, "Polynesia", nil},
	{"AT", "Austria", m49Europe, "Western Europe", []string{"Republic of Austria"}},
	{"AU", "Australia", m49Oceania, "Australia and New Zealand", []string{"Commonwealth of Australia"}},
	{"AW", "Aruba", m49Americas, "Caribbean", nil},
	{"AX", "Åland Islands", m49Europe, "Northern Europe", []string{"Åland"}},
	{"AZ", "Azerbaijan", m49Asia, "Western Asia", []string{"Republic of Azerbaijan"}},
	{"BA", "Bosnia and Herzegovina", m49Europe, "Southern Europe", []string{"Bosnia-Herzegovina", "Bosnia"}},
	{"BB", "Barbados", m49Americas, "Caribbean", nil},
	{"BD", "Bangladesh", m49Asia, "Southern Asia", []string{"People's Republic of Bangladesh"}},
	{"BE", "Belgium", m49Europe, "Western Europe", []string{"Kingdom of Belgium"}},
	{"BF", "Burkina Faso", m49Africa, "Western Africa", nil},
	{"BG", "Bulgaria", m49Europe, "Eastern Europe", []string{"Republic of Bulgaria"}},
	{"BH", "Bahrain", m49Asia, "Western Asia", []string{"Kingdom of Bahrain"}},
	{"BI", "Burundi", m49Africa, "Eastern Africa", []string{"Republic of Burundi"}},
	{"BJ", "Benin", m49Africa, "Western Africa", []string{"Republic of Benin"}},
	{"BL", "Saint Barthélemy", m49Americas, "Caribbean", []string{"Saint Barts", "Saint-Barthélemy"}},
	{"BM", "Bermuda", m49Americas, "Northern America", nil},
	{"BN", "Brunei", m49Asia, "South-eastern Asia", []string{"Brunei Darussalam", "Nation of Brunei, Abode of Peace"}},
	{"BO", "Bolivia", m49Americas, "South America", []string{"Bolivia (Plurinational State of)", "Plurinational State of Bolivia"}},
	{"BQ", "Bonaire, Sint Eustatius and Saba", m49Americas, "Caribbean", []string{"Caribbean Netherlands", "Bonaire"}},
	{"BR", "Brazil", m49Americas, "South America", []string{"Federative Republic of Brazil", "Brasil"}},
	{"BS", "Bahamas", m49Americas, "Caribbean", []string{"Bahamas (the)", "Commonwealth of The Bahamas"}},
	{"BT", "Bhutan", m49Asia, "Southern Asia", []string{"Kingdom of Bhutan"}},
	{"BV", "Bouvet Island", m49Americas, "South America", nil},
	{"BW", "Botswana", m49Africa, "Southern Africa", []string{"Republic of Botswana"}},
	{"BY", "Belarus", m49Europe, "Eastern Europe", []string{"Republic of Belarus"}},
	{"BZ", "Belize", m49Americas, "Central America", nil},
	{"CA", "Canada", m49Americas, "Northern America", nil},
	{"CC", "Cocos (Keeling) Islands", m49Oceania, "Australia and New Zealand", []string{"Cocos Islands", "Keeling Islands"}},
	{"CD", "Democratic Republic of the Congo", m49Africa, "Middle Africa", []string{"Congo (the Democratic Republic of the)", "Congo, The Democratic Republic of the", "DR Congo", "DRC", "Congo-Kinshasa"}},
	{"CF", "Central African Republic", m49Africa, "Middle Africa", []string{"Central African Republic (the)"}},
	{"CG", "Congo", m49Africa, "Middle Africa", []string{"Congo (the)", "Republic of the Congo", "Congo-Brazzaville", "Congo Republic"}},
	{"CH", "Switzerland", m49Europe, "Western Europe", []string{"Swiss Confederation"}},
	{"CI", "Côte d'Ivoire", m49Africa, "Western Africa", []string{"Republic of Côte d'Ivoire", "Ivory Coast"}},
	{"CK", "Cook Islands", m49Oceania, "Polynesia", []string{"Cook Islands (the)"}},
	{"CL", "Chile", m49Americas, "South America", []string{"Republic of Chile"}},
	{"CM", "Cameroon", m49Africa, "Middle Africa", []string{"Republic of Cameroon"}},
	{"CN", "China", m49Asia, "Eastern Asia", []string{"People's Republic of China"}},
	{"CO", "Colombia", m49Americas, "South America", []string{"Republic of Colombia"}},
	{"CR", "Costa Rica", m49Americas, "Central America", []string{"Republic of Costa Rica"}},
	{"CU", "Cuba", m49Americas, "Caribbean", []string{"Republic of Cuba"}},
	{"CV", "Cabo Verde", m49Africa, "Western Africa", []string{"Republic of Cabo Verde", "Cape Verde"}},
	{"CW", "Curaçao", m49Americas, "Caribbean", nil},
	{"CX", "Christmas Island", m49Oceania, "Australia and New Zealand", nil},
	{"CY", "Cyprus", m49Asia, "Western Asia", []string{"Republic of Cyprus"}},
	{"CZ", "Czechia", m49Europe, "Eastern Europe", []string{"Czech Republic"}},
	{"DE", "Germany", m49Europe, "Western Europe", []string{"Federal Republic of Germany"}},
	{"DJ", "Djibouti", m49Africa, "Eastern Africa", []string{"Republic of Djibouti"}},
	{"DK", "Denmark", m49Europe, "Northern Europe", []string{"Kingdom of Denmark"}},
	{"DM", "Dominica", m49Americas, "Caribbean", []string{"Commonwealth of Dominica"}},
	{"DO", "Dominican Republic", m49Americas, "Caribbean", []string{"Dominican Republic (the)"}},
	{"DZ", "Algeria", m49Africa, "Northern Africa", []string{"People's Democratic Republic of Algeria"}},
	{"EC", "Ecuador", m49Americas, "South America", []string{"Republic of Ecuador"}},
	{"EE", "Estonia", m49Europe, "Northern Europe", []string{"Republic of Estonia"}},
	{"EG", "Egypt", m49Africa, "Northern Africa", []string{"Arab Republic of Egypt"}},
	{"EH", "Western Sahara", m49Africa, "Northern Africa", nil},
	{"ER", "Eritrea", m49Africa, "Eastern Africa", []string{"State of Eritrea"}},
	{"ES", "Spain", m49Europe, "Southern Europe", []string{"Kingdom of Spain"}},
	{"ET", "Ethiopia", m49Africa, "Eastern Africa", []string{"Federal Democratic Republic of Ethiopia"}},
	{"FI", "Finland", m49Europe, "Northern Europe", []string{"Republic of Finland"}},
	{"FJ", "Fiji", m49Oceania, "Melanesia", []string{"Republic of Fiji"}},
	{"FK", "Falkland Islands", m49Americas, "South America", []string{"Falkland Islands (the) [Malvinas]", "Falkland Islands (Malvinas)", "Malvinas", "Malvinas Islands"}},
	{"FM", "Micronesia", m49Oceania, "Micronesia", []string{"Micronesia (Federated States of)", "Federated States of Micronesia"}},
	{"FO", "Faroe Islands", m49Europe, "Northern Europe", []string{"Faroe Islands (the)", "Faroes", "Faeroe Islands"}},
	{"FR", "France", m49Europe, "Western Europe", []string{"French Republic"}},
	{"GA", "Gabon", m49Africa, "Middle Africa", []string{"Gabonese Republic"}},
	{"GB", "United Kingdom", m49Europe, "Northern Europe", []string{"United Kingdom of Great Britain and Northern Ireland (the)", "United Kingdom of Great Britain and Northern Ireland", "UK", "Great Britain", "Britain"}},
	{"GD", "Grenada", m49Americas, "Caribbean", nil},
	{"GE", "Georgia", m49Asia, "Western Asia", nil},
	{"GF", "French Guiana", m49Americas, "South America", nil},
	{"GG", "Guernsey", m49Europe, "Northern Europe", []string{"Bailiwick of Guernsey"}},
	{"GH", "Ghana", m49Africa, "Western Africa", []string{"Republic of Ghana"}},
	{"GI", "Gibraltar", m49Europe, "Southern Europe", nil},
	{"GL", "Greenland", m49Americas, "Northern America", nil},
	{"GM", "Gambia", m49Africa, "Western Africa", []string{"Gambia (the)", "Republic of The Gambia"}},
	{"GN", "Guinea", m49Africa, "Western Africa", []string{"Republic of Guinea"}},
	{"GP", "Guadeloupe", m49Americas, "Caribbean", nil},
	{"GQ", "Equatorial Guinea", m49Africa, "Middle Africa", []string{"Republic of Equatorial Guinea"}},
	{"GR", "Greece", m49Europe, "Southern Europe", []string{"Hellenic Republic"}},
	{"GS", "South Georgia and the South Sandwich Islands", m49Americas, "South America", []string{"South Georgia and South Sandwich Islands", "South Georgia"}},
	{"GT", "Guatemala", m49Americas, "Central America", []string{"Republic of Guatemala"}},
	{"GU", "Guam", m49Oceania, "Micronesia", nil},
	{"GW", "Guinea-Bissau", m49Africa, "Western Africa", []string{"Republic of Guinea-Bissau"}},
	{"GY", "Guyana", m49Americas, "South America", []string{"Co-operative Republic of Guyana", "Cooperative Republic of Guyana"}},
	{"HK", "Hong Kong", m49Asia, "Eastern Asia", []string{"Hong Kong Special Administrative Region of China", "Hong Kong SAR", "Hong Kong SAR China"}},
	{"HM", "Heard Island and McDonald Islands", m49Oceania, "Australia and New Zealand", []string{"Heard and McDonald Islands"}},
	{"HN", "Honduras", m49Americas, "Central America", []string{"Republic of Honduras"}},
	{"HR", "Croatia", m49Europe, "Southern Europe", []string{"Republic of Croatia"}},
	{"HT", "Haiti", m49Americas, "Caribbean", []string{"Republic of Haiti"}},
	{"HU", "Hungary", m49Europe, "Eastern Europe", nil},
	{"ID", "Indonesia", m49Asia, "South-eastern Asia", []string{"Republic of Indonesia"}},
	{"IE", "Ireland", m49Europe, "Northern Europe", []string{"Republic of Ireland"}},
	{"IL", "Israel", m49Asia, "Western Asia", []string{"State of Israel"}},
	{"IM", "Isle of Man", m49Europe, "Northern Europe", nil},
	{"IN", "India", m49Asia, "Southern Asia", []string{"Republic of India"}},
	{"IO", "British Indian Ocean Territory", m49Africa, "Eastern Africa", []string{"British Indian Ocean Territory (the)"}},
	{"IQ", "Iraq", m49Asia, "Western Asia", []string{"Republic of Iraq"}},
	{"IR", "Iran", m49Asia, "Southern Asia", []string{"Iran (Islamic Republic of)", "Islamic Republic of Iran"}},
	{"IS", "Iceland", m49Europe, "Northern Europe", nil},
	{"IT", "Italy", m49Europe, "Southern Europe", []string{"Italian Republic"}},
	{"JE", "Jersey", m49Europe, "Northern Europe", []string{"Bailiwick of Jersey"}},
	{"JM", "Jamaica", m49Americas, "Caribbean", nil},
	{"JO", "Jordan", m49Asia, "Western Asia", []string{"Hashemite Kingdom of Jordan"}},
	{"JP", "Japan", m49Asia, "Eastern Asia", nil},
	{"KE", "Kenya", m49Africa, "Eastern Africa", []string{"Republic of Kenya"}},
	{"KG", "Kyrgyzstan", m49Asia, "Central Asia", []string{"Kyrgyz Republic"}},
	{"KH", "Cambodia", m49Asia, "South-eastern Asia", []string{"Kingdom of Cambodia"}},
	{"KI", "Kiribati", m49Oceania, "Micronesia", []string{"Republic of Kiribati"}},
	{"KM", "Comoros", m49Africa, "Eastern Africa", []string{"Comoros (the)", "Union of the Comoros"}},
	{"KN", "Saint Kitts and Nevis", m49Americas, "Caribbean", []string{"Federation of Saint Kitts and Nevis", "Saint Christopher and Nevis"}},
	{"KP", "Democratic People's Republic of Korea", m49Asia, "Eastern Asia", []string{"Korea (the Democratic People's Republic of)", "Korea, Democratic People's Republic of", "North Korea", "DPRK"}},
	{"KR", "Republic of Korea", m49Asia, "Eastern Asia", []string{"Korea (the Republic of)", "Korea, Republic of", "South Korea", "Korea"}},
	{"KW", "Kuwait", m49Asia, "Western Asia", []string{"State of Kuwait"}},
	{"KY", "Cayman Islands", m49Americas, "Caribbean", []string{"Cayman Islands (the)"}},
	{"KZ", "Kazakhstan", m49Asia, "Central Asia", []string{"Republic of Kazakhstan"}},
	{"LA", "Laos", m49Asia, "South-eastern Asia", []string{"Lao People's Democratic Republic (the)", "Lao People's Democratic Republic", "Lao PDR"}},
	{"LB", "Lebanon", m49Asia, "Western Asia", []string{"Lebanese Republic"}},
	{"LC", "Saint Lucia", m49Americas, "Caribbean", nil},
	{"LI", "Liechtenstein", m49Europe, "Western Europe", []string{"Principality of Liechtenstein"}},
	{"LK", "Sri Lanka", m49Asia, "Southern Asia", []string{"Democratic Socialist Republic of Sri Lanka"}},
	{"LR", "Liberia", m49Africa, "Western Africa", []string{"Republic of Liberia"}},
	{"LS", "Lesotho", m49Africa, "Southern Africa", []string{"Kingdom of Lesotho"}},
	{"LT", "Lithuania", m49Europe, "Northern Europe", []string{"Republic of Lithuania"}},
	{"LU", "Luxembourg", m49Europe, "Western Europe", []string{"Grand Duchy of Luxembourg"}},
	{"LV", "Latvia", m49Europe, "Northern Europe", []string{"Republic of Latvia"}},
	{"LY", "Libya", m49Africa, "Northern Africa", []string{"State of Libya"}},
	{"MA", "Morocco", m49Africa, "Northern Africa", []string{"Kingdom of Morocco"}},
	{"MC", "Monaco", m49Europe, "Western Europe", []string{"Principality of Monaco"}},
	{"MD", "Moldova", m49Europe, "Eastern Europe", []string{"Moldova (the Republic of)", "Moldova, Republic of", "Republic of Moldova"}},
	{"ME", "Montenegro", m49Europe, "Southern Europe", nil},
	{"MF", "Saint Martin", m49Americas, "Caribbean", []string{"Saint Martin (French part)", "Collectivity of Saint Martin"}},
	{"MG", "Madagascar", m49Africa, "Eastern Africa", []string{"Republic of Madagascar"}},
	{"MH", "Marshall Islands", m49Oceania, "Micronesia", []string{"Marshall Islands (the)", "Republic of the Marshall Islands"}},
	{"MK", "North Macedonia", m49Europe, "Southern Europe", []string{"Republic of North Macedonia", "Macedonia"}},
	{"ML", "Mali", m49Africa, "Western Africa", []string{"Republic of Mali"}},
	{"MM", "Myanmar", m49Asia, "South-eastern Asia", []string{"Republic of the Union of Myanmar", "Burma", "Myanmar (Burma)"}},
	{"MN", "Mongolia", m49Asia, "Eastern Asia", nil},
	{"MO", "Macao", m49Asia, "Eastern Asia", []string{"Macau", "Macao Special Administrative Region of China", "Macao SAR", "Macau SAR China"}},
	{"MP", "Northern Mariana Islands", m49Oceania, "Micronesia", []string{"Northern Mariana Islands (the)", "Commonwealth of the Northern Mariana Islands"}},
	{"MQ", "Martinique", m49Americas, "Caribbean", nil},
	{"MR", "Mauritania", m49Africa, "Western Africa", []string{"Islamic Republic of Mauritania"}},
	{"MS", "Montserrat", m49Americas, "Caribbean", nil},
	{"MT", "Malta", m49Europe, "Southern Europe", []string{"Republic of Malta"}},
	{"MU", "Mauritius", m49Africa, "Eastern Africa", []string{"Republic of Mauritius"}},
	{"MV", "Maldives", m49Asia, "Southern Asia", []string{"Republic of Maldives"}},
	{"MW", "Malawi", m49Africa, "Eastern Africa", []string{"Republic of Malawi"}},
	{"MX", "Mexico", m49Americas, "Central America", []string{"United Mexican States"}},
	{"MY", "Malaysia", m49Asia, "South-eastern Asia", nil},
	{"MZ", "Mozambique", m49Africa, "Eastern Africa", []string{"Republic of Mozambique"}},
	{"NA", "Namibia", m49Africa, "Southern Africa", []string{"Republic of Namibia"}},
	{"NC", "New Caledonia", m49Oceania, "Melanesia", nil},
	{"NE", "Niger", m49Africa, "Western Africa", []string{"Niger (the)", "Republic of the Niger"}},
	{"NF", "Norfolk Island", m49Oceania, "Australia and New Zealand", nil},
	{"NG", "Nigeria", m49Africa, "Western Africa", []string{"Federal Republic of Nigeria"}},
	{"NI", "Nicaragua", m49Americas, "Central America", []string{"Republic of Nicaragua"}},
	{"NL", "Netherlands", m49Europe, "Western Europe", []string{"Netherlands (Kingdom of the)", "Netherlands (the)", "Kingdom of the Netherlands", "Holland"}},
	{"NO", "Norway", m49Europe, "Northern Europe", []string{"Kingdom of Norway"}},
	{"NP", "Nepal", m49Asia, "Southern Asia", []string{"Federal Democratic Republic of Nepal"}},
	{"NR", "Nauru", m49Oceania, "Micronesia", []string{"Republic of Nauru"}},
	{"NU", "Niue", m49Oceania, "Polynesia", nil},
	{"NZ", "New Zealand", m49Oceania, "Australia and New Zealand", nil},
	{"OM", "Oman", m49Asia, "Western Asia", []string{"Sultanate of Oman"}},
	{"PA", "Panama", m49Americas, "Central America", []string{"Republic of Panama", "Panamá"}},
	{"PE", "Peru", m49Americas, "South America", []string{"Republic of Peru"}},
	{"PF", "French Polynesia", m49Oceania, "Polynesia", nil},
	{"PG", "Papua New Guinea", m49Oceania, "Melanesia", []string{"Independent State of Papua New Guinea"}},
	{"PH", "Philippines", m49Asia, "South-eastern Asia", []string{"Philippines (the)", "Republic of the Philippines"}},
	{"PK", "Pakistan", m49Asia, "Southern Asia", []string{"Islamic Republic of Pakistan"}},
	{"PL", "Poland", m49Europe, "Eastern Europe", []string{"Republic of Poland"}},
	{"PM", "Saint Pierre and Miquelon", m49Americas, "Northern America", nil},
	{"PN", "Pitcairn", m49Oceania, "Polynesia", []string{"Pitcairn Islands"}},
	{"PR", "Puerto Rico", m49Americas, "Caribbean", nil},
	{"PS", "Palestine", m49Asia, "Western Asia", []string{"Palestine, State of", "State of Palestine", "Palestinian Territories"}},
	{"PT", "Portugal", m49Europe, "Southern Europe", []string{"Portuguese Republic"}},
	{"PW", "Palau", m49Oceania, "Micronesia", []string{"Republic of Palau"}},
	{"PY", "Paraguay", m49Americas, "South America", []string{"Republic of Paraguay"}},
	{"QA", "Qatar", m49Asia, "Western Asia", []string{"State of Qatar"}},
	{"RE", "Réunion", m49Africa, "Eastern Africa", nil},
	{"RO", "Romania", m49Europe, "Eastern Europe", nil},
	{"RS", "Serbia", m49Europe, "Southern Europe", []string{"Republic of Serbia"}},
	{"RU", "Russia", m49Europe, "Eastern Europe", []string{"Russian Federation (the)", "Russian Federation"}},
	{"RW", "Rwanda", m49Africa, "Eastern Africa", []string{"Republic of Rwanda"}},
	{"SA", "Saudi Arabia", m49Asia, "Western Asia", []string{"Kingdom of Saudi Arabia"}},
	{"SB", "Solomon Islands", m49Oceania, "Melanesia", nil},
	{"SC", "Seychelles", m49Africa, "Eastern Africa", []string{"Republic of Seychelles"}},
	{"SD", "Sudan", m49Africa, "Northern Africa", []string{"Sudan (the)", "Republic of the Sudan"}},
	{"SE", "Sweden", m49Europe, "Northern Europe", []string{"Kingdom of Sweden"}},
	{"SG", "Singapore", m49Asia, "South-eastern Asia", []string{"Republic of Singapore"}},
	{"SH", "Saint Helena, Ascension and Tristan da Cunha", m49Africa, "Western Africa", []string{"Saint Helena"}},
	{"SI", "Slovenia", m49Europe, "Southern Europe", []string{"Republic of Slovenia"}},
	{"SJ", "Svalbard and Jan Mayen", m49Europe, "Northern Europe", nil},
	{"SK", "Slovakia", m49Europe, "Eastern Europe", []string{"Slovak Republic"}},
	{"SL", "Sierra Leone", m49Africa, "Western Africa", []string{"Republic of Sierra Leone"}},
	{"SM", "San Marino", m49Europe, "Southern Europe", []string{"Republic of San Marino"}},
	{"SN", "Senegal", m49Africa, "Western Africa", []string{"Republic of Senegal"}},
	{"SO", "Somalia", m49Africa, "Eastern Africa", []string{"Federal Republic of Somalia"}},
	{"SR", "Suriname", m49Americas, "South America", []string{"Republic of Suriname", "Surinam"}},
	{"SS", "South Sudan", m49Africa, "Eastern Africa", []string{"Republic of South Sudan"}},
	{"ST", "Sao Tome and Principe", m49Africa, "Middle Africa", []string{"Democratic Republic of Sao Tome and Principe"}},
	{"SV", "El Salvador", m49Americas, "Central America", []string{"Republic of El Salvador"}},
	{"SX", "Sint Maarten", m49Americas, "Caribbean", []string{"Sint Maarten (Dutch part)"}},
	{"SY", "Syria", m49Asia, "Western Asia", []string{"Syrian Arab Republic (the)", "Syrian Arab Republic"}},
	{"SZ", "Eswatini", m49Africa, "Southern Africa", []string{"Kingdom of Eswatini", "Swaziland"}},
	{"TC", "Turks and Caicos Islands", m49Americas, "Caribbean", []string{"Turks and Caicos Islands (the)"}},
	{"TD", "Chad", m49Africa, "Middle Africa", []string{"Republic of Chad"}},
	{"TF", "French Southern Territories", m49Africa, "Eastern Africa", []string{"French Southern Territories (the)", "French Southern and Antarctic Lands"}},
	{"TG", "Togo", m49Africa, "Western Africa", []string{"Togolese Republic"}},
	{"TH", "Thailand", m49Asia, "South-eastern Asia", []string{"Kingdom of Thailand"}},
	{"TJ", "Tajikistan", m49Asia, "Central Asia", []string{"Republic of Tajikistan"}},
	{"TK", "Tokelau", m49Oceania, "Polynesia", nil},
	{"TL", "Timor-Leste", m49Asia, "South-eastern Asia", []string{"Democratic Republic of Timor-Leste", "East Timor"}},
	{"TM", "Turkmenistan", m49Asia, "Central Asia", nil},
	{"TN", "Tunisia", m49Africa, "Northern Africa", []string{"Republic of Tunisia"}},
	{"TO", "Tonga", m49Oceania, "Polynesia", []string{"Kingdom of Tonga"}},
	{"TR", "Türkiye", m49Asia, "Western Asia", []string{"Republic of Türkiye", "Turkey"}},
	{"TT", "Trinidad and Tobago", m49Americas, "Caribbean", []string{"Republic of Trinidad and Tobago"}},
	{"TV", "Tuvalu", m49Oceania, "Polynesia", nil},
	{"TW", "Taiwan", m49Asia, "Eastern Asia", []string{"Taiwan (Province of China)", "Taiwan, Province of China", "Chinese Taipei"}},
	{"TZ", "Tanzania", m49Africa, "Eastern Africa", []string{"Tanzania, United Republic of", "Tanzania, the United Republic of", "United Republic of Tanzania"}},
	{"UA", "Ukraine", m49Europe, "Eastern Europe", nil},
	{"UG", "Uganda", m49Africa, "Eastern Africa", []string{"Republic of Uganda"}},
	{"UM", "United States Minor Outlying Islands", m49Oceania, "Micronesia", []string{"United States Minor Outlying Islands (the)", "U.S. Outlying Islands"}},
	{"US", "United States", m49Americas, "Northern America", []string{"United States of America (the)", "United States of America", "USA", "US"}},
	{"UY", "Uruguay", m49Americas, "South America", []string{"Oriental Republic of Uruguay", "Eastern Republic of Uruguay"}},
	{"UZ", "Uzbekistan", m49Asia, "Central Asia", []string{"Republic of Uzbekistan"}},
	{"VA", "Holy See", m49Europe, "Southern Europe", []string{"Holy See (the)", "Vatican", "Vatican City", "Vatican City State"}},
	{"VC", "Saint Vincent and the Grenadines", m49Americas, "Caribbean", nil},
	{"VE", "Venezuela", m49Americas, "South America", []string{"Venezuela (Bolivarian Republic of)", "Bolivarian Republic of Venezuela"}},
	{"VG", "British Virgin Islands", m49Americas, "Caribbean", []string{"Virgin Islands (British)", "Virgin Islands, British"}},
	{"VI", "United States Virgin Islands", m49Americas, "Caribbean", []string{"Virgin Islands (U.S.)", "Virgin Islands, U.S.", "US Virgin Islands"}},
	{"VN", "Vietnam", m49Asia, "South-eastern Asia", []string{"Viet Nam", "Socialist Republic of Viet Nam", "Socialist Republic of Vietnam"}},
	{"VU", "Vanuatu", m49Oceania, "Melanesia", []string{"Republic of Vanuatu"}},
	{"WF", "Wallis and Futuna", m49Oceania, "Polynesia", []string{"Wallis and Futuna Islands"}},
	{"WS", "Samoa", m49Oceania, "Polynesia", []string{"Independent State of Samoa"}},
	{"YE", "Yemen", m49Asia, "Western Asia", []string{"Republic of Yemen"}},
	{"YT", "Mayotte", m49Africa, "Eastern Africa", nil},
	{"ZA", "South Africa", m49Africa, "Southern Africa", []string{"Republic of South Africa"}},
	{"ZM", "Zambia", m49Africa, "Eastern Africa", []string{"Republic of Zambia"}},
	{"ZW", "Zimbabwe", m49Africa, "Eastern Africa", []string{"Republic of Zimbabwe"}},
}

// CountryName returns the name of a country by code, the code if unknown.
func CountryName(code string) string {
	if c, ok := LookupCountry(code); ok {
		return c.Name
	}
	return code
}

// codeStrings returns the codes as strings.
func codeStrings(codes []CountryCode) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = string(c)
	}
	return out
}
