package meetings

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"varn/model"
)

// smallNumbers returns the whole numbers from 1 to t−1 written in s.
func smallNumbers(s string, t int) []int {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) {
		if n, err := strconv.Atoi(f); err == nil && n >= 1 && n < t {
			out = append(out, n)
		}
	}
	return out
}

// TestMeetingModeSuppressesSmallCounts: on the projector, the new
// observations per milieu, the open cases by priority and every figure of
// the quarterly follow-up are suppressed with the vault's threshold; the
// plain total of open cases is shown as it is.
func TestMeetingModeSuppressesSmallCounts(t *testing.T) {
	mt := &model.Meeting{MeetingKind: model.MeetingQuarterlyFollowUp, Date: d("2026-10-05"), Title: "Kvartal"}
	mt.ID = "01K00000000000000000000T09"
	var cases []*model.Case
	addCases := func(n int, p model.Priority, g model.Gender, opened string) {
		for range n {
			c := &model.Case{Subject: model.SubjectIndividual, Priority: p, Gender: g, Status: model.CaseIntervention, Opened: d(opened)}
			c.ID = model.ID(fmt.Sprintf("01K0000000000000000000C%03d", len(cases)))
			cases = append(cases, c)
		}
	}
	addCases(1, model.PriorityAcute, model.GenderBoysMen, "2026-08-01")
	addCases(2, model.PriorityHigh, model.GenderGirlsWomen, "2026-05-01")
	addCases(7, model.PriorityLow, model.GenderMixedUnknown, "2026-02-01")
	var obs []*model.Observation
	addObs := func(n int, m model.Milieu) {
		for range n {
			o := &model.Observation{Milieu: m, Dimension: model.DimensionArea, ObsKind: model.ObsActivity, Source: model.OrgPolice,
				Concern: model.ConcernLow, Observed: d("2026-09-20"), Summary: "Klotter"}
			o.ID = model.ID(fmt.Sprintf("01K0000000000000000000O%03d", len(obs)))
			o.Created = time.Date(2026, 9, 20, 12, 0, 0, 0, time.UTC)
			obs = append(obs, o)
		}
	}
	addObs(2, model.MilieuWhitePower)
	addObs(9, model.MilieuAutonomous)
	ms := []*model.Measure{
		{Title: "Dialog", Tier: model.TierSpecific, Status: model.StatusOngoing, Start: d("2026-07-10"), Reach: model.GenderCounts{GirlsWomen: 3, BoysMen: 40}},
		{Title: "Stöd", Tier: model.TierIndividual, Status: model.StatusOngoing, Start: d("2026-08-10"), Reach: model.GenderCounts{BoysMen: 1}},
	}
	for _, th := range []int{5, 10} {
		p := Present(mt, []*model.Meeting{mt}, nil, obs, ms, cases, nil, nil, d("2026-10-05"), time.UTC, model.English, th)
		var all []string
		for _, pg := range p.pages {
			perMilieu := false
			for i, ln := range pg.lines {
				all = append(all, ln.text)
				switch {
				case pg.kind == pageNew && ln.text == model.English.T(model.MtgModeObsPerMil):
					perMilieu = true
				case pg.kind == pageNew && strings.TrimSpace(ln.text) == "":
					perMilieu = false
				}
				checked := pg.kind == pageQuarter || pg.kind == pageCases && i > 0 || perMilieu
				if n := smallNumbers(ln.text, th); checked && len(n) > 0 {
					t.Errorf("threshold %d, page %q: %v in %q", th, pg.title, n, ln.text)
				}
			}
		}
		text := strings.Join(all, "\n")
		for _, want := range []string{"10 open cases", fmt.Sprintf("< %d", th), model.English.T(model.SupModeNote, th)} {
			if !strings.Contains(text, want) {
				t.Errorf("threshold %d: %q missing:\n%s", th, want, text)
			}
		}
		if !strings.Contains(text, model.English.T(model.MtgItemQuarter, "2026Q3")) && !pageTitled(p, model.English.T(model.MtgItemQuarter, "2026Q3")) {
			t.Errorf("no quarterly page:\n%s", text)
		}
	}
}

func pageTitled(p *presentation, title string) bool {
	for _, pg := range p.pages {
		if pg.title == title {
			return true
		}
	}
	return false
}

// TestScreenReadsTheThreshold: the screen reads the vault's threshold
// when it loads, and a setting it cannot read leaves the default.
func TestScreenReadsTheThreshold(t *testing.T) {
	st := sampleStore()
	if err := st.PutSetting(t.Context(), model.SettingSuppressThreshold, model.EncodeSuppressThreshold(12)); err != nil {
		t.Fatal(err)
	}
	if n := loadThreshold(t.Context(), st); n != 12 {
		t.Errorf("threshold %d, want 12", n)
	}
	h := newHarness(t, 120, 40, st)
	if h.scr.threshold != 12 {
		t.Errorf("the loaded screen uses threshold %d, want 12", h.scr.threshold)
	}
	if err := st.PutSetting(t.Context(), model.SettingSuppressThreshold, []byte("1")); err != nil {
		t.Fatal(err)
	}
	if n := loadThreshold(t.Context(), st); n != 0 {
		t.Errorf("an invalid setting gives %d, want 0 (the default)", n)
	}
}
