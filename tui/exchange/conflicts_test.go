package exchange

import (
	"encoding/json"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
)

func raw(s string) json.RawMessage { return json.RawMessage(s) }

// longSummary is a partner's summary far longer than one line.
const longSummary = "Under helgen sågs klistermärken från en vit makt-grupp vid busstationen och skolan i centrum; " +
	"kommunens fältassistenter har pratat med ungdomar som säger att gruppen bjudit in till träffar i en lokal " +
	"utanför tätorten. Polisen har fått uppgiften och återkommer efter sin egen bedömning."

// conflictFixture is what the screen is shown: an observation whose
// summary, milieu, concern and trend differ, and a measure whose
// follow-ups, milieus and next follow-up differ.
func conflictFixture() []common.ConflictCopy {
	return []common.ConflictCopy{
		{ID: "01KABCDEFGHJKMNPQRSTV00001", Kind: model.KindObservation, Bundle: "77aa9c0d1e4b5a69", Fields: []common.ConflictField{
			{Name: "concern", Here: raw(`"high"`), Copy: raw(`"moderate"`)},
			{Name: "credibility", Here: raw(`2`), Copy: raw(`3`)},
			{Name: "milieu", Here: raw(`"white_power"`), Copy: raw(`"unclear"`)},
			{Name: "observed_to", Here: raw(`"2026-11-29"`), Copy: nil},
			{Name: "summary", Here: raw(`"` + longSummary + `"`), Copy: raw(`"Klistermärken vid busstationen."`)},
			{Name: "trend", Here: raw(`"rising"`), Copy: raw(`"stable"`)},
		}},
		{ID: "01KABCDEFGHJKMNPQRSTV00002", Kind: model.KindMeasure, Bundle: "77aa9c0d1e4b5a69", Fields: []common.ConflictField{
			{Name: "follow_ups", Here: raw(`[{"date":"2026-10-01","effect":"partial","note":"Färre klistermärken","by":"Anna"},{"date":"2026-11-15","effect":"positive"}]`), Copy: raw(`[{"date":"2026-10-01","effect":"partial","note":"Färre klistermärken","by":"Anna"}]`)},
			{Name: "milieus", Here: raw(`["white_power","autonomous"]`), Copy: raw(`["white_power"]`)},
			{Name: "next_follow_up", Here: raw(`"2027-02-01"`), Copy: raw(`"2026-12-15"`)},
		}},
	}
}

// TestGoldenConflicts: the conflict copies view in both languages at both
// sizes, labels for names, codes by their label and the long summary
// wrapped whole within its column.
func TestGoldenConflicts(t *testing.T) {
	for _, lang := range []model.Lang{model.English, model.Swedish} {
		for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
			for _, sel := range []struct {
				name string
				keys []string
			}{{"observation", nil}, {"measure", []string{"down"}}} {
				name := "conflicts_" + string(lang) + "_" + sel.name + "_" + itoa(size.w) + "x" + itoa(size.h)
				t.Run(name, func(t *testing.T) {
					d := newDriverLang(t, size.w, size.h, lang)
					d.st.conflicts = conflictFixture()
					d.send(common.ActivateMsg{})
					d.keys("c")
					d.keys(sel.keys...)
					got := d.screen()
					checkFits(t, got, size.w, size.h)
					golden(t, name, got)
				})
			}
		}
	}
}

// TestConflictValuesReadable: strings unquoted, codes by label, lists
// joined, nested items one a line, nothing cut.
func TestConflictValuesReadable(t *testing.T) {
	for _, c := range []struct {
		k           model.Kind
		field, json string
		want        string
	}{
		{model.KindObservation, "summary", `"` + longSummary + `"`, longSummary},
		{model.KindObservation, "milieu", `"white_power"`, "Vit makt-miljön"},
		{model.KindObservation, "trend", `"stable"`, "Stabil"},
		{model.KindObservation, "tlp", `"amber"`, "TLP:AMBER"},
		{model.KindMeasure, "milieus", `["white_power","autonomous"]`, "Vit makt-miljön, Autonoma miljön"},
		{model.KindMeasure, "areas", `["Centrum","Norr"]`, "Centrum, Norr"},
		{model.KindMeasure, "follow_ups", `[{"date":"2026-10-01","effect":"partial","note":"Färre"},{"date":"2026-11-15","effect":"positive"}]`,
			"• 2026-10-01 · Viss effekt · Färre\n• 2026-11-15 · Tydlig effekt"},
		{model.KindMeasure, "reach", `{"girls_women":3,"boys_men":4}`, "Flickor/kvinnor 3 · Pojkar/män 4"},
		{model.KindMember, "active", `true`, "Ja"},
		{model.KindMeeting, "decisions", `[{"text":"Kalla till samråd","body":"municipal_leadership","responsible":"Eva","due":"2026-12-01","status":"in_progress"}]`,
			"• Kalla till samråd · Kommunledningen · Eva · 2026-12-01 · Pågår"},
		{model.KindPicture, "judgements", `[{"milieu":"white_power","text":"Rekrytering fortsätter","likelihood":"likely"}]`,
			"• Vit makt-miljön · Rekrytering fortsätter · Sannolikt"},
		{model.KindPicture, "milieus", `[{"milieu":"autonomous","presence":2,"activity":1,"trend":"rising"}]`,
			"• Autonoma miljön · Närvaro 2 – Sporadisk · Aktivitet 1 – Enstaka individer · Ökande"},
		{model.KindCase, "concern", `{"text":"Oro för våld","level":"high","milieu":"white_power"}`, "Oro för våld · Hög · Vit makt-miljön"},
		{model.KindObservation, "observed_to", ``, "—"},
	} {
		var r json.RawMessage
		if c.json != "" {
			r = raw(c.json)
		}
		if got := conflictValue(c.k, c.field, r, model.Swedish); got != c.want {
			t.Errorf("%s.%s = %q, want %q", c.k, c.field, got, c.want)
		}
	}
}

// TestConflictValueWithEscapeIsInert: a partner's value holding terminal
// escape sequences and control characters reaches the screen as plain
// text only.
func TestConflictValueWithEscapeIsInert(t *testing.T) {
	d := newDriverLang(t, 100, 30, model.English)
	d.st.conflicts = []common.ConflictCopy{{ID: "01KABCDEFGHJKMNPQRSTV00001", Kind: model.KindObservation, Bundle: "77aa9c0d1e4b5a69",
		Fields: []common.ConflictField{{Name: "summary", Here: raw(`"Lunds version"`),
			Copy: raw(`"\u001b]0;pwned\u0007\u001b]8;;https://evil.example\u001b\\länk\u001b]8;;\u001b\\ \u001b[2J\u009b31mrött\u202etxet"`)}}}}
	d.send(common.ActivateMsg{})
	d.keys("c")
	view := d.m.View()
	for _, bad := range []string{"\x1b]", "\a", "\x1b[2J", "\u009b", "\u202e", "pwned", "evil.example"} {
		if strings.Contains(view, bad) {
			t.Errorf("view holds %q:\n%q", bad, view)
		}
	}
	if !strings.Contains(d.screen(), "länk") {
		t.Errorf("the text itself is gone:\n%s", d.screen())
	}
}

// TestConflictFieldsScroll: when the fields do not fit, pgdn shows the
// rest and a line says which lines are in sight.
func TestConflictFieldsScroll(t *testing.T) {
	d := newDriverLang(t, 80, 18, model.English)
	d.st.conflicts = conflictFixture()
	d.send(common.ActivateMsg{})
	d.keys("c")
	if s := d.screen(); !strings.Contains(s, "pgup/pgdn to scroll") || strings.Contains(s, "Trend") && strings.Contains(s, "Rising") {
		t.Fatalf("the first page shows everything or no scroll line:\n%s", s)
	}
	for range 5 {
		d.send(pgdn())
	}
	s := d.screen()
	if !strings.Contains(s, "Rising") || !strings.Contains(s, "Stable") {
		t.Errorf("after pgdn the last field is not in sight:\n%s", s)
	}
	checkFits(t, s, 80, 18)
}

func pgdn() tea.KeyPressMsg { return tea.KeyPressMsg{Code: tea.KeyPgDown} }
