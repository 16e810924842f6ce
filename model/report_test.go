package model

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestMarkdownEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Klotter vid skolan", "Klotter vid skolan"},
		{"*fet* _kursiv_ `kod`", `\*fet\* \_kursiv\_ \` + "`" + `kod\` + "`"},
		{"[länk](http://x)", `\[länk\](http://x)`},
		{"![bild](x)", `\!\[bild\](x)`},
		{"<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"a | b", `a \| b`},
		{"# Rubrik", `\# Rubrik`},
		{"- punkt", `\- punkt`},
		{"+ punkt", `\+ punkt`},
		{"= rad", `\= rad`},
		{"12. april", `12\. april`},
		{"3) tre", `3\) tre`},
		{"2026-11-17", "2026-11-17"},
		{"Kostnad 3.5 kr - ca", "Kostnad 3.5 kr - ca"},
		{"&amp; ~~x~~ $y$", `\&amp; \~\~x\~\~ \$y\$`},
		{`back\slash`, `back\\slash`},
		{"rad ett\nrad två", "rad ett rad två"},
		{"\x1b]52;c;SGVq\x07 klistra", "klistra"},
		{"\x1b[2Jrensa\u202eomvänd\u0085", "rensaomvänd"},
		{"  mellanslag  ", "mellanslag"},
	} {
		got := MarkdownEscape(c.in)
		if got != c.want {
			t.Errorf("MarkdownEscape(%q) = %q, want %q", c.in, got, c.want)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x202e {
				t.Errorf("MarkdownEscape(%q) holds control %U", c.in, r)
			}
		}
	}
}

func reportFixture() ([]*Observation, []*Measure, []*Case, []*Picture) {
	d := func(s string) Date {
		x, err := ParseDate(s)
		if err != nil {
			panic(err)
		}
		return x
	}
	obs := []*Observation{
		{Milieu: MilieuWhitePower, Dimension: DimensionGroup, Observed: d("2026-08-01")},
		{Milieu: MilieuWhitePower, Dimension: DimensionArea, Observed: d("2026-09-01")},
		{Milieu: MilieuAutonomous, Dimension: DimensionArea, Observed: d("2026-10-01")},
	}
	ms := []*Measure{
		{Title: "A", Tier: TierGeneral, Status: StatusOngoing, Start: d("2026-07-10"), Reach: GenderCounts{GirlsWomen: 10, BoysMen: 30}},
		{Title: "B", Tier: TierIndividual, Status: StatusCompleted, Start: d("2026-05-01"), End: d("2026-08-01"), Reach: GenderCounts{BoysMen: 1}},
	}
	cs := []*Case{
		{Pseudonym: "Falken", Status: CaseIntervention, Opened: d("2026-07-02"), Gender: GenderBoysMen},
		{Pseudonym: "Ugglan", Status: CaseClosed, Opened: d("2026-01-02"), Closed: d("2026-08-02"), Gender: GenderGirlsWomen},
	}
	prev := &Picture{Title: "2026Q2", From: d("2026-04-01"), To: d("2026-06-30"), Published: time.Date(2026, 7, 3, 0, 0, 0, 0, time.UTC),
		Milieus: []MilieuLevel{{Milieu: MilieuWhitePower, Presence: 1, Activity: 1, Trend: TrendStable}}}
	prev.ID = "01K00000000000000000000X01"
	cur := &Picture{Title: "2026Q3", From: d("2026-07-01"), To: d("2026-09-30"), Previous: prev.ID,
		Milieus:    []MilieuLevel{{Milieu: MilieuWhitePower, Presence: 2, Activity: 1, Trend: TrendRising}},
		Judgements: []Judgement{{Text: "HEMLIG BEDÖMNING", Likelihood: LikelihoodLikely}}, Summary: "HEMLIG SAMMANFATTNING"}
	cur.ID, cur.TLP = "01K00000000000000000000X02", TLPAmber
	return obs, ms, cs, []*Picture{prev, cur}
}

func TestQuarterDoc(t *testing.T) {
	obs, ms, cs, pics := reportFixture()
	q := Quarter{2026, 3}
	rep := QuarterlyFollowUp(q, NewDate(2026, 11, 1), obs, ms, cs, pics)
	md := QuarterDoc(rep, English, q.End(), DefaultSuppressThreshold).Markdown()
	for _, want := range []string{
		"# Quarterly follow-up 2026Q3\n",
		"## Situational picture per milieu",
		"| White-power milieu | \\< 5 | 2 – Sporadic | 1 – Isolated individuals | Rising | Presence 1→2, Stable→Rising |",
		"Compared with 2026Q2.",
		"- HEMLIG BEDÖMNING (Likely)",
		"- Started in the quarter: \\< 5 (General \\< 5, Specific (group) 0, Individual 0)",
		"- Opened: \\< 5\n- Closed: \\< 5\n- Active in the quarter: \\< 5",
		"| Reached, all tiers | 10 (24 %) | 31 (76 %) | 0 (0 %) | 41 |",
		"| Reached, Individual | 0 | \\< 5 | 0 | \\< 5 |",
		"| Active cases | \\< 5 | \\< 5 | 0 | \\< 5 |",
		`Counts from 1 to 4 are shown as "\< 5"`,
		"## Gender perspective",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	for _, never := range []string{"Falken", "Ugglan"} {
		if strings.Contains(md, never) {
			t.Errorf("report names case %q", never)
		}
	}
	// A TLP:RED picture keeps its levels but not its text.
	pics[1].TLP = TLPRed
	rep = QuarterlyFollowUp(q, NewDate(2026, 11, 1), obs, ms, cs, pics)
	md = QuarterDoc(rep, Swedish, q.End(), DefaultSuppressThreshold).Markdown()
	if strings.Contains(md, "HEMLIG") {
		t.Errorf("TLP:RED picture text in the report:\n%s", md)
	}
	if !strings.Contains(md, "TLP:RED") || !strings.Contains(md, "2 – Sporadisk") {
		t.Errorf("TLP:RED picture: no notice or no levels:\n%s", md)
	}
	// Without a picture: a note, counts still there.
	rep = QuarterlyFollowUp(Quarter{2025, 1}, NewDate(2026, 11, 1), obs, ms, cs, pics)
	md = QuarterDoc(rep, English, NewDate(2025, 3, 31), DefaultSuppressThreshold).Markdown()
	if !strings.Contains(md, "No situational picture compiled") {
		t.Errorf("no note of the missing picture:\n%s", md)
	}
}

func TestReportTextFits(t *testing.T) {
	obs, ms, cs, pics := reportFixture()
	pics[1].Judgements[0].Text = strings.Repeat("lång bedömning ", 30) + "\x1b[2J"
	rep := QuarterlyFollowUp(Quarter{2026, 3}, NewDate(2026, 11, 1), obs, ms, cs, pics)
	doc := QuarterDoc(rep, Swedish, NewDate(2026, 9, 30), DefaultSuppressThreshold)
	for _, w := range []int{20, 40, 78, 118, 300} {
		lines := doc.Text(w)
		if len(lines) < 20 {
			t.Fatalf("width %d: %d lines", w, len(lines))
		}
		for i, l := range lines {
			if n := utf8.RuneCountInString(l); n > w {
				t.Errorf("width %d: line %d is %d runes: %q", w, i, n, l)
			}
			if strings.ContainsRune(l, 0x1b) {
				t.Errorf("width %d: escape in line %d", w, i)
			}
		}
	}
}

// BenchmarkQuarterlyReport measures the quarterly report from the
// records to the Markdown with 10k measures, 1k cases and 50k
// observations; the goal is ≤ 200 ms.
func BenchmarkQuarterlyReport(b *testing.B) {
	start := NewDate(2025, 1, 1)
	obs := make([]*Observation, 50_000)
	for i := range obs {
		obs[i] = &Observation{Milieu: AllMilieus()[i%len(AllMilieus())], Dimension: DimensionGroup, Observed: start.AddDays(i % 700)}
	}
	ms := make([]*Measure, 10_000)
	for i := range ms {
		m := &Measure{Title: fmt.Sprintf("Insats %d", i), Tier: AllTiers()[i%3], Status: AllMeasureStatuses()[i%7],
			Start: start.AddDays(i % 600), NextFollowUp: start.AddDays(i%600 + 90), Reach: GenderCounts{GirlsWomen: i % 7, BoysMen: i % 5, MixedUnknown: i % 3}}
		if i%4 == 0 {
			m.FollowUps = []FollowUp{{Date: start.AddDays(i%600 + 30)}}
		}
		if m.Status == StatusCompleted {
			m.End = m.Start.AddDays(60)
		}
		ms[i] = m
	}
	cs := make([]*Case, 1_000)
	for i := range cs {
		c := &Case{Status: AllCaseStatuses()[i%len(AllCaseStatuses())], Opened: start.AddDays(i % 650), Gender: AllGenders()[i%3]}
		if c.Status == CaseClosed {
			c.Closed = c.Opened.AddDays(100)
		}
		cs[i] = c
	}
	_, _, _, pics := reportFixture()
	q := Quarter{2026, 3}
	b.ReportAllocs()
	for b.Loop() {
		rep := QuarterlyFollowUp(q, NewDate(2026, 11, 1), obs, ms, cs, pics)
		md := QuarterDoc(rep, Swedish, q.End(), DefaultSuppressThreshold).Markdown()
		if len(md) < 100 {
			b.Fatal("empty report")
		}
	}
}
