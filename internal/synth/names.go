package synth

import "cooptrack/domain"

// The tables below are the vocabulary the generator draws from. Every name
// of a person, company or town is made up; ministries and agencies carry
// generic names ("Ministry of Justice of Peru"), except the home country's
// when it is Korea, whose government bodies are named as they are.

// headPartners are the countries a Korean cooperation office works with
// most; the busiest partners are drawn from them (in an order the seed
// decides), the long tail from every other country.
var headPartners = []string{
	"VN", "PE", "ID", "CO", "UZ", "PH", "MN", "KH", "US", "CN", "PY", "RW",
	"LA", "EC", "GH", "KE", "ET", "TH", "MX", "CL", "BO", "GT", "TZ", "KZ",
}

// notPartners are left out of the partners: places with no government of
// their own to sign with.
var notPartners = map[string]bool{
	"KP": true, "AQ": true, "BV": true, "HM": true, "UM": true, "TF": true, "GS": true, "IO": true,
	"AS": true, "AI": true, "AW": true, "AX": true, "BL": true, "BQ": true, "CC": true,
	"CW": true, "CX": true, "FK": true, "GF": true, "GG": true, "GI": true,
	"GP": true, "GU": true, "IM": true, "JE": true, "KY": true, "MF": true, "MP": true,
	"MQ": true, "MS": true, "NF": true, "PM": true, "PN": true,
	"RE": true, "SH": true, "SJ": true, "SX": true, "TC": true, "TK": true, "VG": true,
	"VI": true, "WF": true, "YT": true, "EH": true,
}

// capitals are the capitals of the countries most likely to be busy.
var capitals = map[string]string{
	"VN": "Hanoi", "PE": "Lima", "ID": "Jakarta", "CO": "Bogotá", "UZ": "Tashkent", "PH": "Manila",
	"MN": "Ulaanbaatar", "KH": "Phnom Penh", "US": "Washington, D.C.", "CN": "Beijing", "PY": "Asunción",
	"RW": "Kigali", "LA": "Vientiane", "EC": "Quito", "GH": "Accra", "KE": "Nairobi", "ET": "Addis Ababa",
	"TH": "Bangkok", "MX": "Mexico City", "CL": "Santiago", "BO": "La Paz", "GT": "Guatemala City",
	"TZ": "Dodoma", "KZ": "Astana", "JP": "Tokyo", "IN": "New Delhi", "MM": "Naypyidaw", "BD": "Dhaka",
	"LK": "Colombo", "NP": "Kathmandu", "DO": "Santo Domingo", "CR": "San José", "SV": "San Salvador",
	"HN": "Tegucigalpa", "PA": "Panama City", "AR": "Buenos Aires", "BR": "Brasília", "EG": "Cairo",
	"MA": "Rabat", "TN": "Tunis", "DZ": "Algiers", "AZ": "Baku", "TR": "Ankara", "GB": "London",
	"DE": "Berlin", "FR": "Paris", "AE": "Abu Dhabi", "SA": "Riyadh", "KG": "Bishkek", "TJ": "Dushanbe",
	"UG": "Kampala", "SN": "Dakar", "CI": "Abidjan", "NG": "Abuja", "ZA": "Pretoria", "MZ": "Maputo",
	"NI": "Managua", "UY": "Montevideo", "JO": "Amman", "PK": "Islamabad", "MY": "Kuala Lumpur",
	"SG": "Singapore", "AU": "Canberra", "CA": "Ottawa", "ES": "Madrid", "IT": "Rome", "PL": "Warsaw",
	"UA": "Kyiv", "GE": "Tbilisi", "AM": "Yerevan", "IR": "Tehran", "IQ": "Baghdad", "OM": "Muscat",
	"QA": "Doha", "KW": "Kuwait City", "TL": "Dili", "FJ": "Suva", "PG": "Port Moresby", "ZM": "Lusaka",
	"ZW": "Harare", "CM": "Yaoundé", "SD": "Khartoum", "MG": "Antananarivo", "BF": "Ouagadougou",
}

// homeCities are where events in the home country take place, Seoul most.
var homeCities = []string{"Seoul", "Seoul", "Seoul", "Seoul", "Seoul", "Sejong", "Sejong", "Busan", "Incheon", "Jeju", "Daejeon", "Gwangju"}

// topics are the fields of cooperation: agreements' subjects, programs'
// sectors, what forums discuss.
var topics = []string{
	"e-government", "public security", "customs administration", "immigration", "disaster management",
	"digital transformation", "statistics", "public procurement", "smart cities", "cybersecurity",
	"water management", "agriculture", "public health", "education", "energy", "transport",
	"land administration", "civil service training", "intellectual property", "tax administration",
	"local governance", "anti-corruption", "trade and investment", "science and technology",
	"environment", "employment", "forestry", "maritime safety", "civil registration", "public finance",
}

// topicSystems are the systems a program in a field may share.
var topicSystems = map[string][]string{
	"e-government":           {"government portal", "electronic document system", "e-procurement system", "integrated back-office system", "open data portal"},
	"public security":        {"112 emergency call system", "criminal justice information system", "cyber crime investigation system", "crime reporting system", "CCTV integrated control center"},
	"customs administration": {"customs e-clearance system", "single window for trade", "risk management system for customs", "electronic cargo tracking system"},
	"immigration":            {"automated immigration system", "smart entry service", "electronic visa system", "advance passenger information system"},
	"disaster management":    {"disaster early warning system", "emergency broadcasting system", "flood forecasting system", "disaster safety communication network"},
	"digital transformation": {"national broadband network", "government cloud platform", "digital identity system", "data center"},
	"statistics":             {"national statistics portal", "census processing system", "statistical data warehouse"},
	"public procurement":     {"e-procurement system (KONEPS)", "supplier registration system", "electronic bidding system"},
	"smart cities":           {"intelligent transport system", "smart city integrated platform", "urban data hub"},
	"cybersecurity":          {"national cyber security center", "computer emergency response team", "security operations center"},
	"water management":       {"smart water management system", "water quality monitoring network", "flood control system"},
	"land administration":    {"electronic land registry", "cadastral information system", "geospatial information platform"},
	"intellectual property":  {"e-patent system", "trademark search system", "IP administration system"},
	"tax administration":     {"integrated tax system (HomeTax)", "electronic invoicing system", "taxpayer registry"},
	"civil registration":     {"civil registration and vital statistics system", "resident registration system", "electronic identity card"},
	"public health":          {"health insurance information system", "disease surveillance system", "electronic medical records system"},
	"education":              {"education management information system", "e-learning platform", "digital textbook platform"},
	"transport":              {"intelligent transport system", "electronic toll collection system", "public transport card system"},
	"public finance":         {"integrated financial management information system", "digital budget and accounting system (dBrain)"},
	"anti-corruption":        {"online petition system (e-People)", "integrity assessment system"},
	"civil service training": {"e-learning platform for civil servants", "human resources management information system"},
	"local governance":       {"local administration information system", "civil complaints service system"},
	"employment":             {"job matching portal", "employment insurance information system"},
	"agriculture":            {"agricultural market information system", "smart farm platform"},
	"energy":                 {"smart grid", "energy management system"},
	"maritime safety":        {"vessel traffic service", "maritime search and rescue system"},
	"trade and investment":   {"investment promotion portal", "export support platform"},
	"science and technology": {"national R&D information system", "science park management system"},
	"environment":            {"air quality monitoring network", "waste management information system"},
	"forestry":               {"forest fire monitoring system", "national forest inventory system"},
}

// portfolio is a ministry's field: its name and the topic it answers for.
type portfolio struct{ name, topic string }

// portfolios are the ministries of a partner government, the foreign
// ministry first.
var portfolios = []portfolio{
	{"Foreign Affairs", "trade and investment"},
	{"Interior", "public security"},
	{"Justice", "public security"},
	{"Finance", "public finance"},
	{"Economy and Planning", "statistics"},
	{"Education", "education"},
	{"Health", "public health"},
	{"Agriculture", "agriculture"},
	{"Transport", "transport"},
	{"Energy and Mines", "energy"},
	{"Environment", "environment"},
	{"Labour and Employment", "employment"},
	{"Trade and Industry", "trade and investment"},
	{"Science and Technology", "science and technology"},
	{"Information and Communications Technology", "digital transformation"},
	{"Public Administration", "e-government"},
	{"Defence", "public security"},
	{"Housing and Urban Development", "smart cities"},
	{"Water Resources", "water management"},
	{"Fisheries", "maritime safety"},
	{"Local Government", "local governance"},
	{"Lands", "land administration"},
	{"Social Development", "civil registration"},
	{"Public Works", "transport"},
}

// agency is a partner government's agency: its name, topic and the
// portfolio of the ministry it reports to ("" for none).
type agency struct{ name, topic, ministry string }

var agencies = []agency{
	{"National Customs Service", "customs administration", "Finance"},
	{"Tax Administration", "tax administration", "Finance"},
	{"National Statistics Institute", "statistics", "Economy and Planning"},
	{"National Immigration Office", "immigration", "Interior"},
	{"National Police", "public security", "Interior"},
	{"Civil Registry Office", "civil registration", "Justice"},
	{"Public Procurement Agency", "public procurement", "Finance"},
	{"National Agency for Digital Government", "e-government", "Information and Communications Technology"},
	{"Intellectual Property Office", "intellectual property", "Trade and Industry"},
	{"National Disaster Management Agency", "disaster management", "Interior"},
	{"National Meteorological Service", "disaster management", "Environment"},
	{"National Land Registry", "land administration", "Lands"},
	{"Civil Service Commission", "civil service training", "Public Administration"},
	{"National Cybersecurity Agency", "cybersecurity", "Information and Communications Technology"},
	{"Investment Promotion Agency", "trade and investment", "Trade and Industry"},
	{"National Water Authority", "water management", "Water Resources"},
	{"National Roads Authority", "transport", "Transport"},
	{"Agricultural Research Institute", "agriculture", "Agriculture"},
	{"National Health Insurance Fund", "public health", "Health"},
	{"Supreme Audit Institution", "anti-corruption", ""},
	{"Anti-Corruption Commission", "anti-corruption", ""},
	{"National School of Public Administration", "civil service training", "Public Administration"},
	{"Coast Guard", "maritime safety", "Fisheries"},
	{"Fire and Rescue Service", "disaster management", "Interior"},
	{"Forest Service", "forestry", "Environment"},
	{"National Archives", "e-government", "Public Administration"},
	{"Telecommunications Regulatory Authority", "digital transformation", "Information and Communications Technology"},
	{"Energy Regulatory Commission", "energy", "Energy and Mines"},
	{"Rural Development Agency", "agriculture", "Agriculture"},
	{"Central Bank", "public finance", ""},
}

// homeBody is one of the Korean government's bodies.
type homeBody struct {
	name, acronym string
	kind          domain.OrganizationKind
	topic         string
	parent        string // acronym of the parent body
}

// koreanBodies are the Korean government's offices, ministries and
// agencies, parents first.
var koreanBodies = []homeBody{
	{"Office of the President", "", domain.OrgOffice, "public administration", ""},
	{"Office for Government Policy Coordination", "OPC", domain.OrgOffice, "public administration", ""},
	{"Ministry of the Interior and Safety", "MOIS", domain.OrgMinistry, "e-government", ""},
	{"Ministry of Foreign Affairs", "MOFA", domain.OrgMinistry, "trade and investment", ""},
	{"Ministry of Economy and Finance", "MOEF", domain.OrgMinistry, "public finance", ""},
	{"Ministry of Science and ICT", "MSIT", domain.OrgMinistry, "digital transformation", ""},
	{"Ministry of Justice", "MOJ", domain.OrgMinistry, "public security", ""},
	{"Ministry of Land, Infrastructure and Transport", "MOLIT", domain.OrgMinistry, "smart cities", ""},
	{"Ministry of Trade, Industry and Energy", "MOTIE", domain.OrgMinistry, "trade and investment", ""},
	{"Ministry of Education", "MOE", domain.OrgMinistry, "education", ""},
	{"Ministry of Health and Welfare", "MOHW", domain.OrgMinistry, "public health", ""},
	{"Ministry of Agriculture, Food and Rural Affairs", "MAFRA", domain.OrgMinistry, "agriculture", ""},
	{"Ministry of Environment", "ME", domain.OrgMinistry, "environment", ""},
	{"Ministry of Employment and Labor", "MOEL", domain.OrgMinistry, "employment", ""},
	{"Ministry of Oceans and Fisheries", "MOF", domain.OrgMinistry, "maritime safety", ""},
	{"Ministry of National Defense", "MND", domain.OrgMinistry, "public security", ""},
	{"Ministry of Culture, Sports and Tourism", "MCST", domain.OrgMinistry, "education", ""},
	{"Ministry of SMEs and Startups", "MSS", domain.OrgMinistry, "trade and investment", ""},
	{"Ministry of Personnel Management", "MPM", domain.OrgMinistry, "civil service training", ""},
	{"Korea International Cooperation Agency", "KOICA", domain.OrgAgency, "e-government", "MOFA"},
	{"National Information Society Agency", "NIA", domain.OrgAgency, "digital transformation", "MSIT"},
	{"Korea Customs Service", "KCS", domain.OrgAgency, "customs administration", "MOEF"},
	{"Korea Immigration Service", "KIS", domain.OrgAgency, "immigration", "MOJ"},
	{"Korean National Police Agency", "KNPA", domain.OrgAgency, "public security", "MOIS"},
	{"Public Procurement Service", "PPS", domain.OrgAgency, "public procurement", "MOEF"},
	{"Statistics Korea", "KOSTAT", domain.OrgAgency, "statistics", "MOEF"},
	{"National Tax Service", "NTS", domain.OrgAgency, "tax administration", "MOEF"},
	{"Korean Intellectual Property Office", "KIPO", domain.OrgAgency, "intellectual property", "MOTIE"},
	{"National Fire Agency", "NFA", domain.OrgAgency, "disaster management", "MOIS"},
	{"Korea Meteorological Administration", "KMA", domain.OrgAgency, "disaster management", "ME"},
	{"Rural Development Administration", "RDA", domain.OrgAgency, "agriculture", "MAFRA"},
	{"Korea Forest Service", "KFS", domain.OrgAgency, "forestry", "MAFRA"},
	{"Korea Coast Guard", "KCG", domain.OrgAgency, "maritime safety", "MOF"},
	{"Korea Trade-Investment Promotion Agency", "KOTRA", domain.OrgAgency, "trade and investment", "MOTIE"},
	{"Korea Local Information Research and Development Institute", "KLID", domain.OrgAgency, "local governance", "MOIS"},
	{"Korea Institute of Public Administration", "KIPA", domain.OrgAgency, "civil service training", "OPC"},
	{"Korea Development Institute", "KDI", domain.OrgAgency, "public finance", "OPC"},
	{"Anti-Corruption and Civil Rights Commission", "ACRC", domain.OrgAgency, "anti-corruption", ""},
	{"Korea Internet and Security Agency", "KISA", domain.OrgAgency, "cybersecurity", "MSIT"},
	{"Korea Land and Geospatial Informatix Corporation", "LX", domain.OrgAgency, "land administration", "MOLIT"},
	{"Korea Water Resources Corporation", "K-water", domain.OrgAgency, "water management", "ME"},
	{"Korea Disease Control and Prevention Agency", "KDCA", domain.OrgAgency, "public health", "MOHW"},
	{"Korea Agency for Infrastructure Technology Advancement", "KAIA", domain.OrgAgency, "transport", "MOLIT"},
	{"Korea Energy Agency", "KEA", domain.OrgAgency, "energy", "MOTIE"},
	{"Human Resources Development Service of Korea", "HRDK", domain.OrgAgency, "employment", "MOEL"},
	{"National Human Resources Development Institute", "NHI", domain.OrgAgency, "civil service training", "MPM"},
}

// koreanRegions are the local governments of Korea.
var koreanRegions = []string{
	"Seoul Metropolitan Government", "Busan Metropolitan City", "Daegu Metropolitan City",
	"Incheon Metropolitan City", "Gwangju Metropolitan City", "Daejeon Metropolitan City",
	"Ulsan Metropolitan City", "Sejong Special Self-Governing City", "Gyeonggi Province",
	"Gangwon Special Self-Governing Province", "North Chungcheong Province", "South Chungcheong Province",
	"Jeonbuk Special Self-Governing Province", "South Jeolla Province", "North Gyeongsang Province",
	"South Gyeongsang Province", "Jeju Special Self-Governing Province",
}

// internationalBodies are international organizations that fund or join
// programs.
var internationalBodies = []struct{ name, acronym string }{
	{"World Bank", "WB"},
	{"Inter-American Development Bank", "IDB"},
	{"Asian Development Bank", "ADB"},
	{"United Nations Development Programme", "UNDP"},
	{"African Development Bank", "AfDB"},
	{"Organisation for Economic Co-operation and Development", "OECD"},
	{"World Customs Organization", "WCO"},
	{"Association of Southeast Asian Nations Secretariat", "ASEAN"},
}

// Made-up names for companies and towns, built from these syllables.
var (
	companyStems   = []string{"Hanbit", "Daeil", "Samjin", "Seojin", "Mirae", "Nuri", "Hanul", "Saeron", "Gaon", "Dasol", "Arum", "Bitnara", "Haeden", "Jinwoo", "Taesan", "Yeonhwa", "Sejong", "Baekdu", "Cheongun", "Donghae"}
	companySectors = []string{"Systems", "Information and Communication", "Engineering", "Solutions", "Networks", "Construction", "Data", "Security", "Consulting", "Mobility", "Energy", "Digital", "Technologies", "Infra"}
	companySuffix  = []string{"Co., Ltd.", "Corporation", "Inc."}

	placeStart = []string{"San", "Val", "Mar", "Bel", "Kan", "Ros", "Ter", "Lun", "Sol", "Mon", "Rio", "Ala", "Ben", "Cor", "Dal", "Esk", "Far", "Gor", "Hal", "Ish", "Jam", "Kor", "Lim", "Nor", "Oro", "Pal", "Qua", "Sar", "Tal", "Ura", "Ven", "Zam"}
	placeMid   = []string{"a", "e", "i", "o", "u", "ar", "en", "il", "or", "un", "am", "es"}
	placeEnd   = []string{"dera", "ville", "pur", "bad", "tepe", "mora", "lia", "nga", "sso", "via", "gard", "ton", "kara", "lando", "rica", "bay", "nes", "dia"}

	localKinds   = []string{"Municipality of %s", "Province of %s", "%s City Government", "Regional Government of %s", "District of %s"}
	academyKinds = []string{"University of %s", "%s Institute of Technology", "%s Polytechnic", "%s Research Institute for Public Policy"}
)

// namePool is given and family names of one part of the world. Family-first
// pools write the family name first ("Kim Min-su").
type namePool struct {
	given, family []string
	familyFirst   bool
	// hyphenGiven builds Korean given names from two syllables.
	hyphenGiven bool
}

var (
	koreanNames = namePool{
		given:       []string{"min", "jun", "seo", "ji", "hyun", "woo", "young", "soo", "jae", "hye", "eun", "sung", "dong", "kyung", "ho", "jin", "sang", "tae", "yeon", "hee", "chul", "won", "sook", "hoon"},
		family:      []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Jeon", "Hong", "Chong", "Yoo", "Ko", "Moon"},
		familyFirst: true, hyphenGiven: true,
	}
	spanishNames = namePool{
		given:  []string{"Gustavo", "María", "Carlos", "Ana", "José", "Lucía", "Luis", "Carmen", "Jorge", "Rosa", "Fernando", "Patricia", "Miguel", "Elena", "Ricardo", "Sofía", "Andrés", "Claudia", "Javier", "Gabriela"},
		family: []string{"Olaya", "Quispe", "Rojas", "García", "Mendoza", "Torres", "Vargas", "Castillo", "Flores", "Ramírez", "Herrera", "Morales", "Gutiérrez", "Salazar", "Paredes", "Cárdenas", "Núñez", "Espinoza", "Acosta", "Villanueva"},
	}
	portugueseNames = namePool{
		given:  []string{"João", "Maria", "Pedro", "Ana", "Paulo", "Fernanda", "Rafael", "Juliana", "Marcos", "Beatriz", "Tiago", "Camila"},
		family: []string{"Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira", "Carvalho", "Ribeiro", "Gomes", "Martins"},
	}
	seAsianNames = namePool{
		given:  []string{"Anh", "Minh", "Thanh", "Dewi", "Budi", "Siti", "Rizal", "Maria", "Sokha", "Dara", "Somchai", "Malee", "Bounmy", "Aung", "Thida", "Ramon", "Jose", "Ligaya", "Hieu", "Lan"},
		family: []string{"Nguyen", "Tran", "Le", "Pham", "Santoso", "Wijaya", "Putri", "Reyes", "Cruz", "Bautista", "Chan", "Sok", "Phommachanh", "Srisuk", "Win", "Hoang", "Pratama", "Garcia", "Vong", "Dang"},
	}
	centralAsianNames = namePool{
		given:  []string{"Aziz", "Dilnoza", "Bakhtiyor", "Gulnara", "Timur", "Madina", "Rustam", "Aigerim", "Nurlan", "Zarina", "Batbayar", "Oyuntsetseg", "Sardor", "Kamila"},
		family: []string{"Karimov", "Usmonova", "Tashkentov", "Nazarbayeva", "Abdullaev", "Rakhimova", "Sultanov", "Bekova", "Ganbold", "Enkhbaatar", "Yusupov", "Alimova"},
	}
	southAsianNames = namePool{
		given:  []string{"Rahul", "Priya", "Arjun", "Anita", "Sanjay", "Farhana", "Imran", "Nisha", "Kamal", "Sunita", "Ravi", "Shirin"},
		family: []string{"Sharma", "Patel", "Rahman", "Hossain", "Perera", "Fernando", "Shrestha", "Thapa", "Khan", "Gupta", "Das", "Silva"},
	}
	arabicNames = namePool{
		given:  []string{"Ahmed", "Fatima", "Mohamed", "Amina", "Omar", "Layla", "Youssef", "Nour", "Khalid", "Salma", "Hassan", "Rania"},
		family: []string{"Al-Mansouri", "Haddad", "El-Sayed", "Benali", "Khalil", "Nasser", "Saleh", "Aziz", "Farouk", "Bouazizi", "Hamdan", "Mahmoud"},
	}
	africanNames = namePool{
		given:  []string{"Kwame", "Amina", "Jean-Pierre", "Grace", "Abebe", "Wanjiru", "Emmanuel", "Fatou", "Samuel", "Chipo", "Moussa", "Esther", "Yaw", "Aline", "Tendai", "Mekdes"},
		family: []string{"Mensah", "Ochieng", "Uwimana", "Tesfaye", "Diallo", "Banda", "Nkurunziza", "Mwangi", "Kamara", "Okafor", "Traoré", "Boateng", "Habimana", "Moyo", "Kiprono", "Ndiaye"},
	}
	europeanNames = namePool{
		given:  []string{"Anna", "Thomas", "Sophie", "Martin", "Laura", "Jan", "Elena", "Peter", "Marie", "Lukas", "Katarzyna", "David", "Ingrid", "Marco", "Olga", "Pierre"},
		family: []string{"Müller", "Novak", "Dubois", "Rossi", "Kowalski", "Jansen", "Hansen", "Schmidt", "Petrov", "Horvat", "Lambert", "Bianchi", "Nielsen", "Popescu", "Fischer", "Ivanova"},
	}
	englishNames = namePool{
		given:  []string{"James", "Sarah", "Michael", "Emily", "David", "Jennifer", "Robert", "Jessica", "William", "Karen", "Daniel", "Laura"},
		family: []string{"Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Clark", "Walker", "Wright", "Thompson", "Anderson", "Mitchell"},
	}
	eastAsianNames = namePool{
		given:       []string{"Wei", "Li", "Hiroshi", "Yuki", "Jun", "Mei", "Takeshi", "Xiaoming", "Haruka", "Lin", "Kenji", "Yan"},
		family:      []string{"Wang", "Zhang", "Chen", "Liu", "Sato", "Suzuki", "Tanaka", "Yamamoto", "Zhao", "Huang", "Watanabe", "Wu"},
		familyFirst: true,
	}
)

// namesOf returns the name pool of a country.
func namesOf(c domain.Country) *namePool {
	switch c.Code {
	case "KR":
		return &koreanNames
	case "BR", "PT", "AO", "MZ", "CV", "GW", "ST", "TL":
		return &portugueseNames
	case "US", "GB", "CA", "AU", "NZ", "IE":
		return &englishNames
	case "CN", "JP", "TW", "HK", "MO":
		return &eastAsianNames
	case "MN", "KZ", "UZ", "KG", "TJ", "TM", "AZ":
		return &centralAsianNames
	}
	switch c.SubRegion {
	case "South America", "Central America", "Caribbean":
		return &spanishNames
	case "South-eastern Asia":
		return &seAsianNames
	case "Southern Asia":
		if c.Code == "IR" || c.Code == "AF" {
			return &arabicNames
		}
		return &southAsianNames
	case "Northern Africa", "Western Asia":
		return &arabicNames
	case "Eastern Africa", "Western Africa", "Middle Africa", "Southern Africa":
		return &africanNames
	case "Eastern Asia":
		return &eastAsianNames
	}
	if c.Region == "Europe" {
		return &europeanNames
	}
	return &englishNames
}

// Titles of posts by kind of organization, most senior first.
var postTitles = map[domain.OrganizationKind][]string{
	domain.OrgMinistry:        {"Minister", "Vice Minister", "Deputy Minister", "Director General for International Cooperation", "Director General for Planning", "Director of International Cooperation", "Director of Information Systems", "Senior Advisor", "Deputy Director", "Program Officer"},
	domain.OrgAgency:          {"Commissioner", "Administrator", "Deputy Commissioner", "Director General", "Director of International Affairs", "Head of the Information Technology Division", "Senior Officer", "Program Manager"},
	domain.OrgOffice:          {"Secretary General", "Chief of Staff", "Deputy Secretary General", "Senior Secretary", "Director of Policy Coordination", "Advisor"},
	domain.OrgEmbassy:         {"Ambassador", "Minister-Counsellor", "Counsellor", "First Secretary", "Second Secretary", "Attaché"},
	domain.OrgLocalGovernment: {"Mayor", "Governor", "Deputy Mayor", "Director of International Relations", "Head of the Smart City Division"},
	domain.OrgCompany:         {"Chief Executive Officer", "President", "Vice President", "Director of Overseas Business", "Project Manager"},
	domain.OrgInternational:   {"Country Director", "Senior Specialist", "Program Officer"},
	domain.OrgOther:           {"President", "Professor", "Research Fellow", "Director", "Senior Researcher"},
}
