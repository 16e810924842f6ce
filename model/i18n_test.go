package model

import (
	"regexp"
	"strings"
	"testing"
)

func TestCatalogueComplete(t *testing.T) {
	seen := map[Msg]string{}
	for name, table := range catalogueTables() {
		for m, tx := range table {
			if strings.TrimSpace(tx.sv) == "" || strings.TrimSpace(tx.en) == "" {
				t.Errorf("%s[%q]: sv=%q en=%q: both languages must be non-empty", name, m, tx.sv, tx.en)
			}
			if other, dup := seen[m]; dup {
				t.Errorf("%q is in both %s and %s", m, name, other)
			}
			seen[m] = name
			if !safeText(tx.sv, true) || !safeText(tx.en, true) {
				t.Errorf("%s[%q] holds control characters", name, m)
			}
		}
	}
}

// verbs lists the fmt verbs of a text, in order.
var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z]`)

func TestCatalogueSameVerbs(t *testing.T) {
	for name, table := range catalogueTables() {
		for m, tx := range table {
			sv := verbRE.FindAllString(tx.sv, -1)
			en := verbRE.FindAllString(tx.en, -1)
			if strings.Join(sv, " ") != strings.Join(en, " ") {
				t.Errorf("%s[%q]: verbs differ: sv %v, en %v", name, m, sv, en)
			}
		}
	}
}

func TestEveryCodeHasLabels(t *testing.T) {
	for _, v := range Vocabularies() {
		if len(v.Codes) == 0 {
			t.Errorf("vocabulary %s is empty", v.Name)
		}
		seen := map[string]bool{}
		for i, c := range v.Codes {
			if seen[c] {
				t.Errorf("%s: code %q twice", v.Name, c)
			}
			seen[c] = true
			m := v.Msgs[i]
			if !Has(m) {
				t.Errorf("%s: code %q has no label (%q)", v.Name, c, m)
				continue
			}
			if Swedish.T(m) == English.T(m) && v.Name != "tlp" && v.Name != "reliability" &&
				!strings.HasPrefix(English.T(m), Swedish.T(m)) {
				t.Logf("%s.%s has the same label in both languages: %q", v.Name, c, English.T(m))
			}
		}
	}
}

func TestCodesAreSnakeCase(t *testing.T) {
	snake := regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)*$`)
	for _, v := range Vocabularies() {
		if v.Name == "reliability" || v.Name == "level" || v.Name == "credibility" {
			continue // A–F and digits by convention
		}
		for _, c := range v.Codes {
			if !snake.MatchString(c) {
				t.Errorf("%s code %q is not lower snake case", v.Name, c)
			}
		}
	}
}

func TestLangT(t *testing.T) {
	tests := []struct {
		l    Lang
		m    Msg
		args []any
		want string
	}{
		{Swedish, MilieuWhitePower.Msg(), nil, "Vit makt-miljön"},
		{English, MilieuWhitePower.Msg(), nil, "White-power milieu"},
		{Swedish, MsgFollowUpBeforeStart, nil, "Uppföljningsdatum kan inte ligga före startdatum"},
		{English, MsgFollowUpBeforeStart, nil, "Follow-up date cannot be before the start date"},
		{English, MsgTooLong, []any{200}, "The text is too long (at most 200 characters)"},
		{Swedish, MsgTooLong, []any{200}, "Texten är för lång (högst 200 tecken)"},
		{English, Msg("no.such.key"), nil, "no.such.key"},
		{Lang("de"), ConcernAcute.Msg(), nil, "Acute"},
	}
	for _, tt := range tests {
		if got := tt.l.T(tt.m, tt.args...); got != tt.want {
			t.Errorf("%s.T(%q) = %q, want %q", tt.l, tt.m, got, tt.want)
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"sv": Swedish, "SV": Swedish, " en ": English} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseLang("de"); err == nil || !strings.Contains(err.Error(), "sv or en") {
		t.Errorf("ParseLang(de) error = %v", err)
	}
	for in, want := range map[string]Lang{"sv_SE.UTF-8": Swedish, "en_US.UTF-8": English, "": English, "C": English} {
		if got := LangFromEnv(in); got != want {
			t.Errorf("LangFromEnv(%q) = %q, want %q", in, got, want)
		}
	}
}
