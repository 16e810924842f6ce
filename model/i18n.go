package model

import (
	"fmt"
	"strings"
)

// Lang is a language of the interface, reports and exports.
type Lang string

// The languages varn speaks.
const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// ParseLang parses a --lang value: "sv" or "en" (case-insensitive).
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "sv":
		return Swedish, nil
	case "en":
		return English, nil
	}
	return "", fmt.Errorf("model: unknown language %q: use sv or en", truncate(s, 20))
}

// LangFromEnv chooses the language from the value of $LANG (or $LC_ALL):
// Swedish when it starts with "sv", English otherwise.
func LangFromEnv(lang string) Lang {
	if strings.HasPrefix(strings.ToLower(lang), "sv") {
		return Swedish
	}
	return English
}

// Msg names a text of the catalogue. Its value is a stable key such as
// "milieu.white_power" or "validate.followup_before_start"; a Msg is
// rendered in a language with [Lang.T].
type Msg string

// text is one catalogue entry: the same text in Swedish and English.
// Texts may hold fmt verbs, filled from the arguments given to [Lang.T].
type text struct {
	sv, en string
}

// T renders m in language l, formatting args into it with fmt verbs. A
// message missing from the catalogue renders as its key, so a gap shows
// up on screen instead of an empty string; the catalogue test prevents it.
func (l Lang) T(m Msg, args ...any) string {
	t, ok := lookup(m)
	if !ok {
		return string(m)
	}
	s := t.en
	if l == Swedish {
		s = t.sv
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether m is in the catalogue.
func Has(m Msg) bool {
	_, ok := lookup(m)
	return ok
}

// lookup finds m in the catalogue's tables. Each table lives in its own
// file: vocabulary labels (vocab_text.go), validation messages
// (validate_text.go), the TUI's shell and first screens (catalog_ui.go) and
// one file per further part (catalog_pyramid.go, catalog_cases.go, …).
func lookup(m Msg) (text, bool) {
	if t, ok := vocabText[m]; ok {
		return t, true
	}
	if t, ok := validText[m]; ok {
		return t, true
	}
	if t, ok := uiText[m]; ok {
		return t, true
	}
	for _, tab := range [...]map[Msg]text{pyramidText, casesText, meetingsText, exchangeText, cliText, suppressText, fieldsText} {
		if t, ok := tab[m]; ok {
			return t, true
		}
	}
	return text{}, false
}

// catalogueTables returns every table of the catalogue with its name, for
// the tests that check completeness and uniqueness.
func catalogueTables() map[string]map[Msg]text {
	return map[string]map[Msg]text{
		"vocabText":    vocabText,
		"validText":    validText,
		"uiText":       uiText,
		"pyramidText":  pyramidText,
		"casesText":    casesText,
		"meetingsText": meetingsText,
		"exchangeText": exchangeText,
		"cliText":      cliText,
		"suppressText": suppressText,
		"fieldsText":   fieldsText,
	}
}

// truncate shortens s to at most n runes for use in an error message.
func truncate(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}
