package cases

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/fake"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var t0ctx = context.Background()

var fixedNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

func d(s string) model.Date {
	x, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

const (
	idFalken = model.ID("01K00000000000000000000C01")
	idArea   = model.ID("01K00000000000000000000C02")
	idOld    = model.ID("01K00000000000000000000C03")
	idObsOld = model.ID("01K00000000000000000000O01")
	idMeas   = model.ID("01K00000000000000000000M01")
)

func sampleStore() *fake.Store {
	st := fake.New(clock)
	falken := &model.Case{Subject: model.SubjectIndividual, Pseudonym: "Falken", AgeBand: model.Age16to17, Gender: model.GenderBoysMen,
		Area: "Piläng", Intake: model.IntakeSchool, Priority: model.PriorityAcute, Status: model.CaseNeedsAssessment,
		Opened: d("2026-01-10"), Handler: model.OrgSocialServices, NextReview: d("2026-03-20"),
		Concern:    model.ConcernStatement{Text: "Hot mot lärare i chattgrupp", Level: model.ConcernHigh, Milieu: model.MilieuWhitePower},
		LegalBasis: "SoL 5 kap. 1 §, samtycke vårdnadshavare",
		Assessments: []model.Assessment{{Date: d("2026-02-01"), Ratings: []model.AreaRating{{Area: model.AreaViolenceIntent, Rating: model.RatingModerate}},
			Protective: "Stöd från idrottsföreningen", Changes: "Första bedömningen", Summary: "Följs upp"}}}
	falken.ID, falken.TLP = idFalken, model.TLPRed
	area := &model.Case{Subject: model.SubjectArea, Title: "Oro kring centrumgallerian", Intake: model.IntakePolice, Priority: model.PriorityNormal,
		Status: model.CaseIntervention, Opened: d("2026-02-03"), Handler: model.OrgMunicipalLeadership,
		Concern: model.ConcernStatement{Text: "Grupper samlas kvällstid", Level: model.ConcernModerate}, LegalBasis: "Lag (2023:196)"}
	area.ID, area.TLP = idArea, model.TLPAmber
	old := &model.Case{Subject: model.SubjectIndividual, Pseudonym: "Tranan", Intake: model.IntakeFamily, Priority: model.PriorityLow,
		Status: model.CaseClosed, ClosingReason: model.ClosedGoalsMet, Opened: d("2019-05-01"), Closed: d("2020-06-01"),
		Handler: model.OrgSocialServices, Concern: model.ConcernStatement{Text: "Tidigare oro", Level: model.ConcernLow}, LegalBasis: "SoL"}
	old.ID, old.TLP = idOld, model.TLPRed
	obsOld := &model.Observation{Milieu: model.MilieuUnclear, Dimension: model.DimensionIndividual, ObsKind: model.ObsIncident,
		Source: model.OrgSchool, Concern: model.ConcernLow, Trend: model.TrendUnknown, Observed: d("2022-01-10"), Summary: "En elev uttryckte hot"}
	obsOld.ID, obsOld.TLP = idObsOld, model.TLPRed
	meas := &model.Measure{Title: "Stödsamtal", Tier: model.TierIndividual, Type: model.MeasureSupportPerson, Status: model.StatusCompleted,
		Org: model.OrgSocialServices, Start: d("2019-06-01"), End: d("2020-05-01"), Case: idOld}
	meas.ID, meas.TLP = idMeas, model.TLPRed
	st.Add(falken, area, old, obsOld, meas)
	return st
}

type harness struct {
	t      *testing.T
	com    *common.Common
	scr    *Model
	st     *fake.Store
	errs   []string
	status []string
}

func newHarness(t *testing.T, w, h int, st *fake.Store) *harness {
	t.Helper()
	com := &common.Common{Width: w, Height: h, Styles: common.NewStyles(true), KeyMap: common.NewKeyMap(model.Swedish),
		Lang: model.Swedish, Now: clock, Store: st}
	hs := &harness{t: t, com: com, scr: New(com), st: st}
	hs.scr.SetSize(w, h-3)
	hs.run(hs.scr.Init())
	return hs
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	h.send(cmd())
}

func (h *harness) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
		return
	case common.ErrorMsg:
		h.errs = append(h.errs, msg.Err.Error())
		return
	case common.StatusMsg:
		h.status = append(h.status, msg.Text)
		return
	}
	_, cmd := h.scr.Update(msg)
	h.run(cmd)
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func (h *harness) keys(ks ...string) {
	for _, k := range ks {
		h.send(keyMsg(k))
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (h *harness) screen() string { return ansi.Strip(h.scr.View()) }

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func checkFits(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		t.Errorf("%d lines, want at most %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, want at most %d: %q", i, n, w, l)
		}
	}
}

var _ = fmt.Sprintf

func lockMsg() tea.Msg { return common.LockMsg{} }
