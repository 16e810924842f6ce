package model

import "testing"

// TestLooksLikeRealName: names in the shapes people write them warn;
// pseudonyms of the kinds in use, and words that only look a little like
// names, do not.
func TestLooksLikeRealName(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Erik Andersson", true},
		{"erik andersson", true},
		{"ERIK ANDERSSON", true},
		{"Anna-Karin Nilsson", true},
		{"anna-karin nilsson", true},
		{"Karl Johan Svensson", true},
		{"Maria Lindqvist-Berg", true},
		{"Mohammed Ali", true},
		{"Fatima Hassan", true},
		{"Sara Holmgren", true},
		{"Sara Nordenskjöld", true}, // a surname not on the list, capitalised
		{"johan bergkvist", true},   // -kvist
		{"lars sandström", true},    // -ström
		{"emma hedlund", true},      // -lund
		{"Andersson, Erik", true},   // surname first
		{"  Erik   Andersson  ", true},
		{"Person A-1", false},
		{"Person A-17", false},
		{"Elev 17", false},
		{"P-23", false},
		{"Elev (17)", false},
		{"Pojke 15 år", false},
		{"Flicka B", false},
		{"Individ X", false},
		{"Erik", false}, // a first name alone is not warned about
		{"Erik 1", false},
		{"Erik A.", false},
		{"erik nordh", false}, // lower-case and not a known surname
		{"Andersson", false},
		{"Ärende Norrbacka", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := LooksLikeRealName(tt.in); got != tt.want {
			t.Errorf("LooksLikeRealName(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if n := len(firstNames); n < 200 {
		t.Errorf("%d first names, want about 200 or more", n)
	}
	if n := len(surnames); n < 200 {
		t.Errorf("%d surnames, want about 200 or more", n)
	}
}
