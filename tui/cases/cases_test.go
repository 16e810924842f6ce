package cases

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"varn/model"
	"varn/tui/common"
)

func (h *harness) openCase(id model.ID) {
	h.t.Helper()
	for i, c := range h.scr.Rows() {
		if c.ID == id {
			h.scr.cursor = i
			h.keys("enter")
			if h.scr.Mode() != ModeDetail {
				h.t.Fatalf("enter did not open the case (errors %v)", h.errs)
			}
			return
		}
	}
	h.t.Fatalf("case %s not in the list", id)
}

func (h *harness) stored(id model.ID) *model.Case {
	h.t.Helper()
	r, err := h.st.Get(t0ctx, id)
	if err != nil {
		h.t.Fatalf("get %s: %v", id, err)
	}
	return r.(*model.Case)
}

func countEvents(h *harness, a model.AuditAction, id model.ID) int {
	n := 0
	for _, ev := range h.st.Events() {
		if ev.Action == a && ev.Ref == id {
			n++
		}
	}
	return n
}

// secrets are the particulars of the case Falken that must not show
// while it is masked.
var secrets = []string{"Hot mot lärare", "SoL 5 kap", "Piläng", "Stöd från idrottsföreningen", "16–17", "16-17"}

func TestGoldenScreens(t *testing.T) {
	screens := []struct {
		name string
		do   func(h *harness)
	}{
		{"list", func(h *harness) {}},
		{"masked", func(h *harness) { h.openCase(idFalken) }},
		{"revealed", func(h *harness) { h.openCase(idFalken); h.keys("r", "y") }},
		{"revealed_end", func(h *harness) { h.openCase(idFalken); h.keys("r", "y", "G") }},
		{"purge", func(h *harness) { h.keys("p") }},
		{"form_errors", func(h *harness) {
			// An individual's case shows no title field: the first text
			// field is the pseudonym.
			h.keys("n", "tab")
			h.typeText("Namn Namnsson")
			h.keys("ctrl+s")
		}},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			name := fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, size[0], size[1], sampleStore())
				sc.do(h)
				got := h.screen()
				checkFits(t, got, size[0], size[1]-3)
				golden(t, name, got)
			})
		}
	}
}

func TestMaskedUntilRevealedAndRevealIsLogged(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.openCase(idFalken)
	if countEvents(h, model.ActionView, idFalken) != 1 {
		t.Errorf("opening the case was not logged as a view")
	}
	s := h.screen()
	for _, x := range secrets {
		if strings.Contains(s, x) {
			t.Errorf("masked case shows %q:\n%s", x, s)
		}
	}
	if !strings.Contains(s, "Falken") {
		t.Errorf("the pseudonym should name the case:\n%s", s)
	}
	// Refusing the confirmation reveals nothing and logs nothing.
	h.keys("r", "n")
	if h.scr.Revealed() || countEvents(h, model.ActionReveal, idFalken) != 0 {
		t.Fatalf("n revealed the case or logged a reveal")
	}
	h.keys("r")
	if h.scr.Mode() != ModeConfirm {
		t.Fatalf("r did not ask for confirmation")
	}
	h.keys("y")
	if !h.scr.Revealed() || countEvents(h, model.ActionReveal, idFalken) != 1 {
		t.Fatalf("y: revealed %v, reveal events %d", h.scr.Revealed(), countEvents(h, model.ActionReveal, idFalken))
	}
	for _, ev := range h.st.Events() {
		if ev.Action == model.ActionReveal && (ev.Kind != model.KindCase || ev.Detail != "" || len(ev.Fields) != 0) {
			t.Errorf("reveal event carries more than its reference: %+v", ev)
		}
	}
	s = h.screen()
	for _, x := range []string{"Hot mot lärare", "SoL 5 kap", "Stöd från idrottsföreningen"} {
		if !strings.Contains(s, x) {
			t.Errorf("revealed case lacks %q:\n%s", x, s)
		}
	}
	// Leaving masks it again; coming back needs a new reveal.
	h.keys("esc")
	h.openCase(idFalken)
	if h.scr.Revealed() {
		t.Fatalf("case still revealed after leaving it")
	}
}

func TestRevealFailsClosedWhenLogFails(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.openCase(idFalken)
	h.st.Close()
	h.keys("r", "y")
	if h.scr.Revealed() || len(h.errs) == 0 {
		t.Fatalf("revealed without a logged event (errors %v)", h.errs)
	}
}

func TestEditNeedsRevealFirst(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.openCase(idFalken)
	h.keys("e")
	if h.scr.Mode() != ModeConfirm {
		t.Fatalf("e on a masked case: mode %v, want the reveal question", h.scr.Mode())
	}
	h.keys("y", "e")
	if h.scr.Mode() != ModeForm || h.scr.Form().Get("concern.text") == "" {
		t.Fatalf("after reveal, e: mode %v", h.scr.Mode())
	}
}

func TestListCannotBeFilteredByMilieu(t *testing.T) {
	for _, term := range []string{"milieu:white_power", "miljö:vit", "concern:high"} {
		if _, err := ParseFilter(term, model.Swedish); err == nil || !strings.Contains(err.Error(), "miljö") {
			t.Errorf("ParseFilter(%q) = %v, want the R2 refusal", term, err)
		}
	}
	h := newHarness(t, 80, 24, sampleStore())
	h.keys("f")
	h.typeText("milieu:white_power")
	if rows := h.scr.Rows(); h.scr.filterErr == "" || len(rows) == 1 && rows[0].ID == idFalken {
		t.Fatalf("milieu filter: %d rows, error %q", len(h.scr.Rows()), h.scr.filterErr)
	}
	// Free text never reaches the concern statement either.
	h.keys("esc", "f")
	h.typeText("lärare")
	if n := len(h.scr.Rows()); n != 0 {
		t.Fatalf("text search matched the concern statement: %d rows", n)
	}
}

func TestFilterByStepAndText(t *testing.T) {
	tests := []struct {
		q    string
		want []model.ID
	}{
		{"", []model.ID{idFalken, idArea, idOld}}, // open first, most urgent first
		{"open", []model.ID{idFalken, idArea}},
		{"status:closed", []model.ID{idOld}},
		{"priority:acute", []model.ID{idFalken}},
		{"galler", []model.ID{idArea}},
		{"subject:individual tran", []model.ID{idOld}},
	}
	for _, tt := range tests {
		h := newHarness(t, 80, 24, sampleStore())
		h.keys("f")
		h.typeText(tt.q)
		var got []model.ID
		for _, c := range h.scr.Rows() {
			got = append(got, c.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("filter %q: %v, want %v (err %q)", tt.q, got, tt.want, h.scr.filterErr)
		}
	}
}

func TestStepMoves(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.openCase(idArea) // intervention
	h.keys(">")
	if got := h.stored(idArea).Status; got != model.CaseFollowUp {
		t.Fatalf("after >: %s", got)
	}
	h.keys("<")
	if got := h.stored(idArea).Status; got != model.CaseIntervention {
		t.Fatalf("after <: %s", got)
	}
	// Closing goes through the form, which needs a reason.
	h.keys(">", "r", "y", ">")
	if h.scr.Mode() != ModeForm || h.scr.Form().Get("status") != string(model.CaseClosed) {
		t.Fatalf("closing: mode %v", h.scr.Mode())
	}
	h.keys("ctrl+s")
	if h.scr.Mode() != ModeForm || !strings.Contains(h.screen(), model.Swedish.T(model.MsgClosingReason)) {
		t.Fatalf("closing without a reason was not refused:\n%s", h.screen())
	}
	h.keys("right", "ctrl+s")
	c := h.stored(idArea)
	if c.Status != model.CaseClosed || c.ClosingReason == "" || c.Closed != d("2026-03-02") {
		t.Fatalf("closed case: %s %q %s", c.Status, c.ClosingReason, c.Closed)
	}
}

func TestAssessmentHasNoScoreAndIsDated(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.openCase(idFalken)
	h.keys("r", "y", "a")
	if h.scr.Mode() != ModeAssess {
		t.Fatalf("a: mode %v", h.scr.Mode())
	}
	h.keys("ctrl+s") // nothing rated, no summary
	if h.scr.Mode() != ModeAssess {
		t.Fatalf("an empty assessment was saved")
	}
	h.keys("tab", "right", "right", "right") // violence intent: high
	for range 7 {
		h.keys("tab")
	}
	h.typeText("Lugnare i skolan")
	h.keys("ctrl+s")
	c := h.stored(idFalken)
	if len(c.Assessments) != 2 {
		t.Fatalf("assessments: %d (errors %v)", len(c.Assessments), h.errs)
	}
	a := c.Assessments[1]
	if a.Date != d("2026-03-02") || len(a.Ratings) != 1 || a.Ratings[0].Rating != model.RatingHigh || a.Changes != "Lugnare i skolan" || a.By != "anna" {
		t.Fatalf("assessment: %+v", a)
	}
}

func TestPurgeListThenPurge(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.keys("p")
	ps := h.scr.Purges()
	var got []string
	for _, p := range ps {
		got = append(got, fmt.Sprintf("%s:%s:%s", p.Kind, p.ID, p.Case))
	}
	want := []string{
		"observation:" + string(idObsOld) + ":", // observed 2022-01-10 + 3 years
		"case:" + string(idOld) + ":",           // closed 2020-06-01 + 5 years
		"measure:" + string(idMeas) + ":" + string(idOld),
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("purge list:\n %v\nwant\n %v", got, want)
	}
	// The list says what each record is, so the person erasing can judge
	// it (pseudonym, summary, the rule); never a case's concern.
	s := h.screen()
	for _, x := range []string{"Tranan", "En elev uttryckte hot", "avslutat ärende", "följer ärendet"} {
		if !strings.Contains(s, x) {
			t.Errorf("purge list lacks %q:\n%s", x, s)
		}
	}
	if strings.Contains(s, "Tidigare oro") {
		t.Errorf("purge list shows a case's concern")
	}
	views := 0
	for _, ev := range h.st.Events() {
		if ev.Action == model.ActionView && ev.Detail == "purge list" {
			views++
		}
	}
	if views != 1 {
		t.Errorf("%d purge-list views logged, want 1", views)
	}
	h.keys("enter")
	if h.scr.Mode() != ModeConfirm {
		t.Fatalf("enter did not ask")
	}
	h.keys("n")
	if _, err := h.st.Get(t0ctx, idOld); err != nil {
		t.Fatalf("n purged the case")
	}
	h.keys("enter", "y")
	for _, id := range []model.ID{idOld, idObsOld, idMeas} {
		if _, err := h.st.Get(t0ctx, id); err == nil {
			t.Errorf("%s still there after the purge", id)
		}
	}
	if _, err := h.st.Get(t0ctx, idFalken); err != nil {
		t.Errorf("an open case was purged")
	}
	if countEvents(h, model.ActionPurge, idOld) != 1 || countEvents(h, model.ActionPurge, idObsOld) != 1 {
		t.Errorf("purges not logged: %+v", h.st.Events())
	}
	for _, ev := range h.st.Events() {
		if ev.Action == model.ActionPurge && strings.ContainsAny(ev.Detail, "åäöÅÄÖ") {
			t.Errorf("purge event detail looks like text from a record: %q", ev.Detail)
		}
	}
	if len(h.scr.Purges()) != 0 {
		t.Errorf("purge list not refreshed: %v", h.scr.Purges())
	}
}

func TestRetentionRulesForm(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.keys("p", "R")
	if h.scr.Mode() != ModeRules || h.scr.Form().Get("closed_case_years") != "5" {
		t.Fatalf("rules form: mode %v", h.scr.Mode())
	}
	h.keys("backspace")
	h.typeText("0")
	h.keys("ctrl+s")
	if h.scr.Mode() != ModeRules || !strings.Contains(h.screen(), "mellan 1 och 100") {
		t.Fatalf("0 years accepted:\n%s", h.screen())
	}
	if _, ok, _ := h.st.Setting(t0ctx, model.SettingRetention); ok {
		t.Fatalf("an invalid rule was stored")
	}
	h.keys("backspace")
	h.typeText("10")
	h.keys("ctrl+s")
	b, ok, _ := h.st.Setting(t0ctx, model.SettingRetention)
	r, err := model.ParseRetentionRules(b)
	if !ok || err != nil || r.ClosedCaseYears != 10 {
		t.Fatalf("stored rules %s: %v %+v", b, err, r)
	}
	// With 10 years, the case closed in 2020 is no longer due.
	for _, p := range h.scr.Purges() {
		if p.ID == idOld {
			t.Fatalf("case still listed under a 10-year rule")
		}
	}
}

func TestNewCaseValidation(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.keys("n", "ctrl+s")
	s := h.screen()
	for _, want := range []string{model.Swedish.T(model.MsgPseudonymRequired), model.Swedish.T(model.MsgRequired)} {
		if !strings.Contains(s, want) {
			t.Errorf("form lacks %q:\n%s", want, s)
		}
	}
	before := len(h.st.Events())
	h.keys("tab") // an individual's case has no title field: on to the pseudonym
	h.typeText("Ugglan")
	for range 11 {
		h.keys("tab")
	}
	h.typeText("Uttalat stöd för våld")
	h.keys("tab", "tab", "tab")
	h.typeText("SoL")
	h.keys("ctrl+s")
	if h.scr.Mode() != ModeDetail || len(h.st.Events()) != before+1 {
		t.Fatalf("valid new case not saved: mode %v errors %v\n%s", h.scr.Mode(), h.errs, h.screen())
	}
}

func TestLockDropsCases(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.openCase(idFalken)
	h.keys("r", "y")
	h.send(lockMsg())
	if h.scr.Revealed() || len(h.scr.cases) != 0 || h.scr.detail != nil {
		t.Fatalf("lock kept case data")
	}
}

func TestSizesFit(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		h := newHarness(t, sz[0], sz[1], sampleStore())
		checkFits(t, h.screen(), sz[0], sz[1]-3)
		h.openCase(idFalken)
		h.keys("r", "y")
		checkFits(t, h.screen(), sz[0], sz[1]-3)
	}
}

// TestCaseDetailScrolls: a detail longer than the screen scrolls with
// j/k, pgdn/pgup and g/G; the case's ID and whether it is revealed stay
// on top, and the last line says how much is below.
func TestCaseDetailScrolls(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.openCase(idFalken)
	h.keys("r", "y")
	top := h.screen()
	lines := strings.Split(top, "\n")
	if len(lines) != 21 || !strings.Contains(lines[len(lines)-1], "rader till") {
		t.Fatalf("a long detail is not cut with a note of what is below (%d lines):\n%s", len(lines), top)
	}
	last := "Skyddsfaktorer: Stöd från idrottsföreningen"
	if strings.Contains(top, last) {
		t.Fatalf("the test case is not longer than the screen:\n%s", top)
	}
	h.keys("j")
	one := strings.Split(h.screen(), "\n")
	if one[2] != lines[3] {
		t.Errorf("j did not scroll one line: line 3 is %q, want %q", one[2], lines[3])
	}
	h.keys("G")
	end := h.screen()
	el := strings.Split(end, "\n")
	if !strings.Contains(end, last) || !strings.Contains(el[len(el)-1], "— slut") {
		t.Errorf("G did not scroll to the end:\n%s", end)
	}
	for _, head := range []string{"Ärende " + string(idFalken), "◉ "} {
		if !strings.Contains(el[0]+el[1], head) {
			t.Errorf("the head %q scrolled away:\n%s", head, end)
		}
	}
	h.keys("j", "j")
	if h.screen() != end {
		t.Errorf("scrolled past the end")
	}
	h.keys("pgup", "pgup", "pgup")
	if h.screen() != top {
		t.Errorf("pgup did not return to the top:\n%s", h.screen())
	}
	h.keys("pgdown")
	if h.screen() == top {
		t.Errorf("pgdn did not scroll")
	}
	h.keys("g")
	if h.screen() != top {
		t.Errorf("g did not return to the top")
	}
	// Leaving and opening again starts at the top.
	h.keys("G", "esc")
	h.openCase(idFalken)
	h.keys("r", "y")
	if s := h.screen(); s != top {
		t.Errorf("a reopened case did not start at the top:\n%s", s)
	}
}

// A bracketed paste goes into the form's field in focus: line ends stay
// in the multi-line concern, become spaces in the one-line pseudonym.
func TestPasteIntoForm(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.keys("n")
	f := h.scr.Form()
	f.FocusOn("pseudonym")
	h.run(h.scr.Paste("Ugg\r\nlan"))
	f.FocusOn("concern.text")
	h.run(h.scr.Paste("Rad ett\r\nRad två\x1b]52;c;aGVq\x07"))
	if got := f.Get("pseudonym"); got != "Ugg lan" {
		t.Errorf("pseudonym after paste = %q", got)
	}
	if got := f.Get("concern.text"); got != "Rad ett\nRad två" {
		t.Errorf("concern after paste = %q", got)
	}
}

// A load under way when many records change (StaleMsg, after an exchange
// import) is not taken as current: its result is dropped and the screen
// reads again, so the imported case shows.
func TestStaleLoadReadsAgain(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	n := len(h.scr.Rows())
	_, cmd := h.scr.Update(common.ReloadMsg{})
	old := cmd() // read before the import
	c := &model.Case{Subject: model.SubjectArea, Title: "Från Lomma: oro vid stationen", Intake: model.IntakePolice, Priority: model.PriorityNormal,
		Status: model.CaseIntervention, Opened: d("2026-02-03"), Handler: model.OrgMunicipalLeadership,
		Concern: model.ConcernStatement{Text: "Grupper samlas", Level: model.ConcernModerate}, LegalBasis: "Lag (2023:196)"}
	c.TLP = model.TLPAmber
	h.st.Add(c)
	h.send(common.StaleMsg{})
	h.send(old)
	if got := len(h.scr.Rows()); got != n+1 {
		t.Fatalf("%d cases after a stale load, want %d (the imported one too)", got, n+1)
	}
}

// TestFilterHiddenWhenItsViewCannotBeLogged: the list was logged and
// shown; then the log fails and a filter is applied — the filtered list
// is not shown, the screen says why, and the filter's text is in no
// event.
func TestFilterHiddenWhenItsViewCannotBeLogged(t *testing.T) {
	st := sampleStore()
	h := newHarness(t, 80, 24, st)
	if !strings.Contains(h.screen(), "Falken") {
		t.Fatalf("the list is not shown:\n%s", h.screen())
	}
	st.FailLog = errors.New("disk full")
	h.keys("f")
	h.typeText("Falken")
	h.keys("enter")
	if s := h.screen(); strings.Contains(s, "Falken") || !strings.Contains(strings.Join(strings.Fields(s), " "), "disk full") {
		t.Fatalf("with the log failing the filtered list shows, or the screen does not say why:\n%s", s)
	}
	for _, ev := range st.Events() {
		if strings.Contains(ev.Detail, "Falken") {
			t.Fatalf("the filter's text is in the log: %+v", ev)
		}
	}
}
