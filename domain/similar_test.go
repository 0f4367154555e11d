package domain

import "testing"

func TestSimilarNames(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		// the same name, written otherwise
		{"Chong Jong-sup", "Chong Jong-sup", true},
		{"Chong, Jong-sup", "Chong Jong-sup", true},
		{"Chong, Jong-sup", "Jong-sup Chong", true},
		{"Chong Jong-sup", "Jong Sup Chong", true},
		{"Chong Jong-sup", "Chong Jongsup", true},
		{"CHONG JONG-SUP", "chong jong sup", true},
		{"Chong Jong-sup", "Jeong Jong-seob", true},
		{"Chong Jong-sup", "Chung Jeongseob", true},
		{"Kim Yong-hyun", "Gim Yong-hyun", true},
		{"Lee Myung-bak", "Yi Myung-bak", true},
		{"Rhee Syng-man", "Lee Syng-man", true},
		{"Park Geun-hye", "Bak Geun-hye", true},
		{"Park Geun-hye", "Geun-hye Pak", true},
		{"Choi Kyung-hwan", "Choe Kyung-hwan", true},
		{"Ministerio de Justicia", "Ministério de Justiça", true},
		{"Ministerio de Justicia", "MINISTERIO DE JUSTICIA", true},
		{"Ministry of Justice", "Ministry for Justice", true},
		{"Ministry of Justice", "Justice Ministry", true},
		{"Prime Minister's Office of Peru", "Prime Ministers Office, Peru", true},
		{"Prime Minister’s Office of Peru", "Prime Minister's Office of Peru", true},
		{"Superintendencia Nacional de Migraciones", "Superintendencia Nacional de Migracione", true},
		{"Ministry of National Defense of Colombia", "Ministry of National Defence of Colombia", true},
		{"Korea e-Government", "Korea eGovernment", true},
		{"Gustavo Olaya", "Olaya, Gustavo", true},

		// different names
		{"Chong Jong-sup", "Gustavo Olaya", false},
		{"Kim Jong-un", "Kim Jong-il", false},
		{"Ministry of Defense of Chile", "Ministry of Defense of China", false},
		{"Ministry of Justice", "Ministry of Justice of Peru", false},
		{"Ministry of Justice", "Ministry of the Interior", false},
		{"MOJ", "MOI", false},
		{"Peru", "Pera", false},
		{"Korea Immigration Service", "Korea Customs Service", false},
		{"", "", false},
		{"", "Chong Jong-sup", false},
		{"...", "---", false},
	}
	for _, tt := range tests {
		if got := SimilarNames(tt.a, tt.b); got != tt.want {
			t.Errorf("SimilarNames(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := SimilarNames(tt.b, tt.a); got != tt.want {
			t.Errorf("SimilarNames(%q, %q) = %v, want %v (reversed)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestNameWords(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Chong, Jong-sup", "jeong jeongseob"},
		{"Jongsup", "jeongseob"},
		{"Ministério de Justiça", "ministerio justica"},
		{"The Office", "office"},
		{"The Of", "the of"},
		{"Prime Minister’s Office (Peru)", "prime ministers office peru"},
	}
	for _, tt := range tests {
		got := ""
		for i, w := range nameWords(tt.in) {
			if i > 0 {
				got += " "
			}
			got += w
		}
		if got != tt.want {
			t.Errorf("nameWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNameEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"justica", "justicia", 1},
		{"kitten", "sitting", 3},
		{"chile", "china", 2},
	}
	for _, tt := range tests {
		if got := nameEditDistance([]rune(tt.a), []rune(tt.b)); got != tt.want {
			t.Errorf("nameEditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
