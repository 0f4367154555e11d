package extract

import (
	"strings"
	"sync"

	"cooptrack/domain"
)

// gazetteerTable gives, per ISO code, the demonyms (adjectives of nationality)
// and the capital(s) articles use for a country or its government ("Seoul
// and Lima agreed"). Country names themselves come from the domain
// (domain.CountryByName), which knows official and common names.
// Lines: code|demonyms, comma separated|capitals, comma separated.
const gazetteerTable = `AE|Emirati|Abu Dhabi
AF|Afghan|Kabul
AL|Albanian|Tirana
AM|Armenian|Yerevan
AO|Angolan|Luanda
AR|Argentine,Argentinian|Buenos Aires
AT|Austrian|Vienna
AU|Australian|Canberra
AZ|Azerbaijani|Baku
BD|Bangladeshi|Dhaka
BE|Belgian|Brussels
BF|Burkinabe|Ouagadougou
BG|Bulgarian|Sofia
BO|Bolivian|La Paz,Sucre
BR|Brazilian|Brasília,Brasilia
BT|Bhutanese|Thimphu
BW|Botswanan|Gaborone
BY|Belarusian|Minsk
CA|Canadian|Ottawa
CD|Congolese|Kinshasa
CH|Swiss|Bern
CI|Ivorian|Yamoussoukro
CL|Chilean|Santiago
CM|Cameroonian|Yaoundé,Yaounde
CN|Chinese|Beijing
CO|Colombian|Bogotá,Bogota
CR|Costa Rican|San José
CU|Cuban|Havana
CZ|Czech|Prague
DE|German|Berlin
DK|Danish|Copenhagen
DO|Dominican|Santo Domingo
DZ|Algerian|Algiers
EC|Ecuadorian,Ecuadoran|Quito
EG|Egyptian|Cairo
ES|Spanish|Madrid
ET|Ethiopian|Addis Ababa
FI|Finnish|Helsinki
FJ|Fijian|Suva
FR|French|Paris
GB|British|London
GE|Georgian|Tbilisi
GH|Ghanaian|Accra
GR|Greek|Athens
GT|Guatemalan|Guatemala City
HN|Honduran|Tegucigalpa
HU|Hungarian|Budapest
ID|Indonesian|Jakarta
IE|Irish|Dublin
IL|Israeli|Jerusalem
IN|Indian|New Delhi
IQ|Iraqi|Baghdad
IR|Iranian|Tehran
IT|Italian|Rome
JM|Jamaican|Kingston
JO|Jordanian|Amman
JP|Japanese|Tokyo
KE|Kenyan|Nairobi
KG|Kyrgyz|Bishkek
KH|Cambodian|Phnom Penh
KP|North Korean|Pyongyang
KR|Korean,South Korean|Seoul
KZ|Kazakh,Kazakhstani|Astana
LA|Lao,Laotian|Vientiane
LK|Sri Lankan|Colombo
MA|Moroccan|Rabat
MG|Malagasy|Antananarivo
MM|Myanmar,Burmese|Naypyidaw,Nay Pyi Taw
MN|Mongolian|Ulaanbaatar,Ulan Bator
MX|Mexican|Mexico City
MY|Malaysian|Kuala Lumpur
MZ|Mozambican|Maputo
NG|Nigerian|Abuja
NI|Nicaraguan|Managua
NL|Dutch|Amsterdam,The Hague
NO|Norwegian|Oslo
NP|Nepali,Nepalese|Kathmandu
NZ|New Zealand|Wellington
OM|Omani|Muscat
PA|Panamanian|Panama City
PE|Peruvian|Lima
PG|Papua New Guinean|Port Moresby
PH|Filipino,Philippine|Manila
PK|Pakistani|Islamabad
PL|Polish|Warsaw
PT|Portuguese|Lisbon
PY|Paraguayan|Asunción,Asuncion
QA|Qatari|Doha
RO|Romanian|Bucharest
RS|Serbian|Belgrade
RU|Russian|Moscow
RW|Rwandan|Kigali
SA|Saudi,Saudi Arabian|Riyadh
SE|Swedish|Stockholm
SG|Singaporean|
SN|Senegalese|Dakar
SV|Salvadoran,Salvadorean|San Salvador
TH|Thai|Bangkok
TJ|Tajik|Dushanbe
TN|Tunisian|Tunis
TR|Turkish|Ankara
TW|Taiwanese|Taipei
TZ|Tanzanian|Dodoma,Dar es Salaam
UA|Ukrainian|Kyiv,Kiev
UG|Ugandan|Kampala
US|American|Washington
UY|Uruguayan|Montevideo
UZ|Uzbek|Tashkent
VE|Venezuelan|Caracas
VN|Vietnamese|Hanoi
ZA|South African|Pretoria
ZM|Zambian|Lusaka
ZW|Zimbabwean|Harare`

// countryWord is what a gazetteer key stands for.
type countryWord struct {
	code    string
	demonym bool // an adjective: "Peruvian"
	capital bool
}

// notCountries are names CountryByName knows that articles mostly use for
// something else (a first name, a pronoun in a heading).
var notCountries = map[string]bool{"us": true, "jordan": true, "georgia": true, "chad": true}

var gazetteer = sync.OnceValue(func() map[string]countryWord {
	g := map[string]countryWord{}
	for line := range strings.SplitSeq(gazetteerTable, "\n") {
		f := strings.Split(line, "|")
		for _, dm := range strings.Split(f[1], ",") {
			if dm != "" {
				g[fold(dm)] = countryWord{code: f[0], demonym: true}
			}
		}
		for _, c := range strings.Split(f[2], ",") {
			if c != "" {
				g[fold(c)] = countryWord{code: f[0], capital: true}
			}
		}
	}
	g["rok"] = countryWord{code: "KR"}
	g[fold("U.S")] = countryWord{code: "US"}
	g[fold("U.S.")] = countryWord{code: "US"}
	g["dprk"] = countryWord{code: "KP"}
	return g
})

// countryAt finds a country named at token k: its name (up to six words,
// "Republic of Korea"), a demonym or a capital. It returns the code, the
// token after the mention, and what kind of word it was. Callers look a few
// tokens ahead, so k may lie past the text's end: nothing is named there.
func (d *doc) countryAt(k int) (code string, next int, w countryWord) {
	if k < 0 || k >= len(d.toks) {
		return "", k, w
	}
	t := d.toks[k]
	if !t.word || !t.cap() {
		return "", k, w
	}
	s := d.sents[d.sent[k]]
	if t.is("American", "America") && k > s.first && d.toks[k-1].is("Latin", "South", "North", "Central") {
		return "", k, w
	}
	// longest first
	for n := min(6, s.last-k); n >= 1; n-- {
		last := d.toks[k+n-1]
		if !last.word || !last.cap() {
			continue
		}
		name := d.words(k, k+n)
		if n > 1 && strings.ContainsAny(name, ",.;:()") {
			continue
		}
		if g, ok := gazetteer()[fold(name)]; ok {
			return g.code, k + n, g
		}
		if n == 1 && notCountries[fold(name)] {
			continue
		}
		if c, ok := domain.CountryByName(name); ok {
			usInText := name == "US" && !d.headline(s)
			if n == 1 && isUpperWord(name) && len(name) <= 3 && !usInText {
				continue // "UN", "US" in a heading: only longer names
			}
			return c.Code, k + n, countryWord{code: c.Code}
		}
	}
	return "", k, w
}

// countryWordAt reports whether token k names a country or its people.
func (d *doc) countryWordAt(k int) bool {
	code, _, _ := d.countryAt(k)
	return code != ""
}

// isUpperWord reports whether s has no lower-case letter.
func isUpperWord(s string) bool {
	return strings.ToUpper(s) == s
}

// countryParts finds countries inside a hyphenated token ("Korea-Peru",
// "LAC-ROK"), with their byte spans.
func countryParts(t token) (codes []string, spans []Span) {
	if !strings.ContainsAny(t.text, "-\u2010\u2011") {
		return nil, nil
	}
	if l := strings.ToLower(t.text); strings.HasPrefix(l, "inter-") || strings.HasPrefix(l, "pan-") || strings.HasPrefix(l, "latin-") {
		return nil, nil
	}
	off := t.start
	for part := range strings.FieldsFuncSeq(t.text, func(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }) {
		at := strings.Index(t.text[off-t.start:], part) + off
		off = at + len(part)
		code := ""
		if g, ok := gazetteer()[fold(part)]; ok {
			code = g.code
		} else if c, ok := domain.CountryByName(part); ok && !notCountries[fold(part)] && len(part) > 3 {
			code = c.Code
		}
		if code != "" {
			codes = append(codes, code)
			spans = append(spans, Span{at, at + len(part)})
		}
	}
	return codes, spans
}
