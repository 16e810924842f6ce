package tui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/fake"
)

// The read paths of case data in the terminal app (R5). Each screen and
// state that shows a case, the case list, individual-tier measures, a
// meeting's agenda with its cases or the quarterly report is a row of
// tuiReadPaths; TestEveryReadPathOfCaseDataIsLogged drives each and
// checks the audit events it writes. A new screen state that shows case
// data belongs here (and in docs/threat-model.md, "Reads of case data");
// the CLI's read paths are enumerated in cmd/varn (TestEveryCLIReadPath…).

// The canary is a pseudonym typed into every filter: it must never land
// in the audit log, not even in an event's detail.
const readCanary = "Korpen"

const (
	rpCase    = model.ID("01KRP000000000000000000C01")
	rpArea    = model.ID("01KRP000000000000000000C02")
	rpMeasure = model.ID("01KRP000000000000000000M01")
	rpMeeting = model.ID("01KRP000000000000000000T01")
)

// readPathStore is the sample vault with an individual case whose
// pseudonym is the canary, a case about an area, an individual-tier
// measure for the case (due, so on the agenda), a weekly meeting, and the
// drafts given.
func readPathStore(drafts ...common.Draft) *fake.Store {
	st := sampleStore()
	if len(drafts) > 0 {
		b, err := json.Marshal(drafts)
		if err != nil {
			panic(err)
		}
		if err := st.SaveDraft(context.Background(), common.DraftName, b); err != nil {
			panic(err)
		}
	}
	d := model.NewDate
	c := &model.Case{Subject: model.SubjectIndividual, Pseudonym: readCanary, AgeBand: model.Age16to17, Gender: model.GenderBoysMen,
		Intake: model.IntakeSchool, Priority: model.PriorityHigh, Status: model.CaseIntervention, Opened: d(2026, 9, 1),
		Handler: model.OrgSocialServices, Concern: model.ConcernStatement{Text: "Hot i klassens chatt", Level: model.ConcernHigh},
		LegalBasis: "SoL 5 kap. 1 §"}
	c.ID, c.TLP = rpCase, model.TLPRed
	a := &model.Case{Subject: model.SubjectArea, Title: "Oro vid stationen", Intake: model.IntakePolice, Priority: model.PriorityNormal,
		Status: model.CaseInitialAssessment, Opened: d(2026, 10, 1), Handler: model.OrgMunicipalLeadership,
		Concern: model.ConcernStatement{Text: "Grupper samlas", Level: model.ConcernModerate}, LegalBasis: "Lag (2023:196)"}
	a.ID, a.TLP = rpArea, model.TLPAmber
	x := &model.Measure{Title: "Stödperson varje vecka", Tier: model.TierIndividual, Type: model.MeasureSupportPerson,
		Status: model.StatusOngoing, Org: model.OrgSocialServices, Start: d(2026, 9, 15), NextFollowUp: d(2026, 11, 25), Case: rpCase}
	x.ID, x.TLP = rpMeasure, model.TLPRed
	mt := &model.Meeting{MeetingKind: model.MeetingWeeklyPolice, Date: d(2026, 11, 20), Title: "Veckomöte"}
	mt.ID, mt.TLP = rpMeeting, model.TLPAmber
	st.Add(c, a, x, mt)
	return st
}

// ev is the part of an audit event a read path determines.
type ev struct {
	action model.AuditAction
	kind   model.Kind
	ref    model.ID
	detail string
}

func (e ev) String() string { return fmt.Sprintf("%s %s %s %q", e.action, e.kind, e.ref, e.detail) }

func view(k model.Kind, ref model.ID, detail string) ev {
	return ev{model.ActionView, k, ref, detail}
}

// readPath is one way the app shows case data: the keys that reach it
// from the unlocked app, the events they must write, and a text the
// screen then shows that only the case data holds.
type readPath struct {
	name  string
	keys  []string
	want  []ev
	shows string
	// meetingMode: the path ends in meeting mode (which shows counts
	// only, so shows is checked off and on by the mode itself).
	meetingMode bool
	// drafts are kept in the vault before it is unlocked (a form left
	// unsaved at the last lock).
	drafts []common.Draft
}

var tuiReadPaths = []readPath{
	{name: "case list", keys: []string{"3"},
		want: []ev{view(model.KindCase, "", model.ViewCaseList)}, shows: readCanary},
	{name: "case list filtered with /", keys: []string{"3", "/", "type:" + readCanary, "enter"},
		want: []ev{view(model.KindCase, "", model.ViewCaseList), view(model.KindCase, "", model.ViewCaseListFiltered)}, shows: readCanary},
	{name: "case list filtered with f", keys: []string{"3", "f", "type:open " + readCanary, "enter"},
		want: []ev{view(model.KindCase, "", model.ViewCaseList), view(model.KindCase, "", model.ViewCaseListFiltered)}, shows: readCanary},
	{name: "case detail", keys: []string{"3", "enter"},
		want: []ev{view(model.KindCase, "", model.ViewCaseList), view(model.KindCase, rpCase, "")}, shows: "TLP:RED"},
	{name: "case detail revealed", keys: []string{"3", "enter", "r", "y"},
		want:  []ev{view(model.KindCase, "", model.ViewCaseList), view(model.KindCase, rpCase, ""), {model.ActionReveal, model.KindCase, rpCase, ""}},
		shows: "Hot i klassens chatt"},
	{name: "case detail and back to the list", keys: []string{"3", "enter", "esc"},
		want: []ev{view(model.KindCase, "", model.ViewCaseList), view(model.KindCase, rpCase, "")}, shows: readCanary},
	{name: "pyramid board with the individual tier", keys: []string{"2"},
		want: []ev{view(model.KindMeasure, "", model.ViewIndividualMeasures)}, shows: "Stödperson varje vecka"},
	{name: "pyramid board filtered", keys: []string{"2", "/", "type:" + readCanary, "enter", "esc", "/", "type:stöd", "enter"},
		want: []ev{view(model.KindMeasure, "", model.ViewIndividualMeasures),
			view(model.KindMeasure, "", model.ViewIndividualMeasuresFiltered), view(model.KindMeasure, "", model.ViewIndividualMeasuresFiltered)},
		shows: "Stödperson varje vecka"},
	{name: "individual-tier measure detail", keys: []string{"2", "enter"},
		want: []ev{view(model.KindMeasure, "", model.ViewIndividualMeasures), view(model.KindMeasure, rpMeasure, model.ViewIndividualMeasure)}, shows: "Stödperson varje vecka"},
	{name: "case picker of an individual-tier measure", keys: []string{"2", "c"},
		want: []ev{view(model.KindMeasure, "", model.ViewIndividualMeasures), view(model.KindCase, "", model.ViewCasePicker)}, shows: readCanary},
	// The agenda masks individual-tier and TLP:RED items until revealed
	// (issue 13): the view is logged, the reveal too.
	{name: "meeting agenda", keys: []string{"4", "enter"},
		want: []ev{view(model.KindMeeting, rpMeeting, model.ViewAgenda)}, shows: "masked (individuals or TLP:RED)"},
	{name: "meeting agenda revealed", keys: []string{"4", "enter", "r", "y"},
		want:  []ev{view(model.KindMeeting, rpMeeting, model.ViewAgenda), {model.ActionReveal, model.KindMeeting, rpMeeting, ""}},
		shows: "Stödperson varje vecka"},
	{name: "quarterly report", keys: []string{"4", "r"},
		want: []ev{view(model.KindCase, "", model.ViewQuarterlyReport)}, shows: model.English.T(model.MtgReportCases)},
	{name: "meeting mode", keys: []string{"4", "m"},
		want: []ev{view(model.KindMeeting, rpMeeting, model.ViewMeetingMode)}, meetingMode: true},
	{name: "case edit restored from a draft", keys: []string{"ctrl+r"},
		drafts: []common.Draft{{Screen: "cases", Kind: model.KindCase, ID: rpCase, Fields: map[string]string{"concern.text": "Hot i chatten och på rasten"}}},
		want:   []ev{view(model.KindCase, rpCase, model.ViewCaseDraft)}, shows: "Hot i chatten och på rasten"},
	{name: "individual-tier measure edit restored from a draft", keys: []string{"ctrl+r"},
		drafts: []common.Draft{{Screen: "pyramid", Kind: model.KindMeasure, ID: rpMeasure, Fields: map[string]string{"title": "Stödperson, utökad"}}},
		want:   []ev{view(model.KindMeasure, rpMeasure, model.ViewIndividualMeasure)}, shows: "Stödperson, utökad"},
	{name: "tab switched away and back", keys: []string{"3", "1", "3"},
		want: []ev{view(model.KindCase, "", model.ViewCaseList), view(model.KindCase, "", model.ViewCaseList)}, shows: readCanary},
}

// drive sends a path's keys; "type:TEXT" types TEXT.
func (h *harness) drive(keys []string) {
	for _, k := range keys {
		if k == "ctrl+r" {
			h.send(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
			continue
		}
		if t, ok := strings.CutPrefix(k, "type:"); ok {
			h.typeText(t)
			continue
		}
		h.keys(k)
	}
}

// TestEveryReadPathOfCaseDataIsLogged drives every read path of case data
// in the app (tuiReadPaths) and checks that it writes exactly the view
// events expected — one per view opened or filter applied, never one per
// key — that no event holds the filter's text, and that when the log
// cannot be written the case data is not shown (fail closed) and the
// status line says why.
func TestEveryReadPathOfCaseDataIsLogged(t *testing.T) {
	for _, p := range tuiReadPaths {
		t.Run(p.name, func(t *testing.T) {
			st := readPathStore(p.drafts...)
			h := newHarness(t, 120, 40, st)
			h.unlock()
			before := len(st.Events())
			h.drive(p.keys)
			var got []ev
			for _, e := range st.Events()[before:] {
				if strings.Contains(strings.ToLower(fmt.Sprintf("%+v", e)), strings.ToLower(readCanary)) {
					t.Errorf("an audit event holds the filter's text: %+v", e)
				}
				if e.Action == model.ActionView || e.Action == model.ActionReveal {
					got = append(got, ev{e.Action, e.Kind, e.Ref, e.Detail})
				}
			}
			if !slices.Equal(got, p.want) {
				t.Errorf("events\n got %v\nwant %v", got, p.want)
			}
			for _, e := range st.Events()[before:] {
				if (e.Action == model.ActionView || e.Action == model.ActionReveal) && !e.ReadsCaseData() && e.Action != model.ActionReveal {
					t.Errorf("%+v is not counted as a read of case data by the log review", e)
				}
			}
			s := h.screen()
			if p.meetingMode {
				if !h.app.com.MeetingMode {
					t.Fatalf("not in meeting mode:\n%s", s)
				}
			} else if !strings.Contains(s, p.shows) {
				t.Fatalf("the path does not show %q:\n%s", p.shows, s)
			}

			// Fail closed: the same keys with a log that cannot be
			// written show no case data.
			st = readPathStore(p.drafts...)
			h = newHarness(t, 80, 24, st)
			h.unlock()
			st.FailLog = errors.New("disk full")
			h.drive(p.keys)
			s = h.screen()
			if p.meetingMode {
				if h.app.com.MeetingMode {
					t.Fatalf("meeting mode started though its view was not logged:\n%s", s)
				}
			} else if strings.Contains(s, p.shows) {
				t.Errorf("with the audit log failing the path still shows %q:\n%s", p.shows, s)
			}
			if !strings.Contains(strings.Join(strings.Fields(s), " "), "disk full") {
				t.Errorf("with the audit log failing, the screen does not say why:\n%s", s)
			}
			checkFits(t, s, 80, 24)
		})
	}
}

// TestReadPathsCoverEveryScreen is the guard against a read path added
// untested: every screen that takes case data from the store must show
// it only through a view it logs (common.ViewLog) and have a row in
// tuiReadPaths. A screen that reads cases or measures from the store
// without being listed here fails.
func TestReadPathsCoverEveryScreen(t *testing.T) {
	// Which screen reads which kinds: found by letting each screen load
	// from a store that records the kinds it is asked for.
	st := &kindRecorder{Store: readPathStore(), scanned: map[common.Tab][]model.Kind{}}
	app := NewApp(&recorderOpener{st}, Credentials{IdentityFiles: []string{"id"}}, model.English, time.Hour, clock)
	h := &harness{t: t, app: app}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.run(app.Init())
	for tab := range common.NumTabs {
		st.tab = tab
		h.keys(fmt.Sprint(int(tab) + 1))
	}
	// The screens whose read of cases or measures is a read path, with
	// the rows of tuiReadPaths that reach them (by first key).
	covered := map[common.Tab]bool{}
	for _, p := range tuiReadPaths {
		var n int
		if _, err := fmt.Sscan(p.keys[0], &n); err == nil {
			covered[common.Tab(n-1)] = true
		}
	}
	// The picture reads measures only for links and counts, the audit
	// trail and the exchange none: they show no case data.
	exempt := map[common.Tab]string{
		common.TabPicture:  "shows observations; links to measures and cases as IDs only",
		common.TabAudit:    "shows audit events (names of fields, never values)",
		common.TabExchange: "shows partners; export and import previews as counts, IDs and field names",
	}
	if len(st.scanned[common.TabCases]) == 0 || len(st.scanned[common.TabPyramid]) == 0 || len(st.scanned[common.TabMeetings]) == 0 {
		t.Fatalf("the screens' reads were not recorded: %v", st.scanned)
	}
	for tab, kinds := range st.scanned {
		reads := slices.Contains(kinds, model.KindCase) || slices.Contains(kinds, model.KindMeasure)
		if !reads {
			continue
		}
		if why, ok := exempt[tab]; ok {
			t.Logf("tab %d reads %v: %s", tab+1, kinds, why)
			continue
		}
		if !covered[tab] {
			t.Errorf("tab %d reads %v from the store but has no row in tuiReadPaths: add its read paths", tab+1, kinds)
		}
	}
}

// kindRecorder records the kinds each tab's screen scans.
type kindRecorder struct {
	*fake.Store
	tab     common.Tab
	scanned map[common.Tab][]model.Kind
}

func (k *kindRecorder) Scan(ctx context.Context, kind model.Kind, fn func(model.Record) error) error {
	if !slices.Contains(k.scanned[k.tab], kind) {
		k.scanned[k.tab] = append(k.scanned[k.tab], kind)
	}
	return k.Store.Scan(ctx, kind, fn)
}

type recorderOpener struct{ st *kindRecorder }

func (o *recorderOpener) Exists() bool { return true }
func (o *recorderOpener) Open(context.Context, Credentials) (Store, error) {
	o.st.Reopen()
	return o.st, nil
}
func (o *recorderOpener) Create(context.Context, []byte, string) (Store, error) { return o.st, nil }
