package exchange

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"runtime"
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

var fixedNow = time.Date(2026, 11, 20, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// xstore is the fake store with a scripted exchanger.
type xstore struct {
	*fake.Store
	partners  []common.PartnerSummary
	lastReq   common.ExportRequest
	exported  int
	applied   int
	discarded int
	dismissed int
	importErr error
	preview   *common.ImportPreview
	conflicts []common.ConflictCopy
}

func (x *xstore) Partners(context.Context) ([]common.PartnerSummary, error) { return x.partners, nil }

func (x *xstore) Conflicts(context.Context) ([]common.ConflictCopy, error) {
	if x.dismissed > 0 {
		return nil, nil
	}
	return x.conflicts, nil
}

func (x *xstore) DismissConflict(_ context.Context, id model.ID, bundle string) error {
	if id != "01KABCDEFGHJKMNPQRSTV00001" || bundle != "77aa9c0d1e4b5a69" {
		return errors.New("no such conflict copy")
	}
	x.dismissed++
	return nil
}

func (x *xstore) summary(req common.ExportRequest) common.ExportSummary {
	return common.ExportSummary{
		Partner: req.Partner, Total: 42,
		Counts:   map[model.Kind]int{model.KindObservation: 30, model.KindMeasure: 12},
		Withheld: map[string]int{"TLP:RED never leaves the vault": 3, "observations about individuals go only with their cases": 5},
		Redacted: map[model.Kind][]string{model.KindMeasure: {"author", "contact"}, model.KindObservation: {"author"}},
	}
}

func (x *xstore) PreviewExport(_ context.Context, req common.ExportRequest) (common.ExportSummary, error) {
	x.lastReq = req
	return x.summary(req), nil
}

func (x *xstore) Export(_ context.Context, req common.ExportRequest) (common.ExportSummary, error) {
	x.lastReq = req
	for i := 0; i <= 42; i += 21 {
		if req.Progress != nil {
			req.Progress(i, 42)
		}
	}
	x.exported++
	s := x.summary(req)
	s.Bundle, s.Sequence = "3f2a9c0d1e4b5a6978ffeeddccbbaa99", 4
	return s, nil
}

func (x *xstore) PreviewImport(_ context.Context, path string) (*common.ImportPreview, error) {
	if x.importErr != nil {
		return nil, x.importErr
	}
	pv := *x.preview
	pv.Apply = func(context.Context) (map[model.Kind]common.ImportCounts, error) {
		x.applied++
		return pv.Counts, nil
	}
	pv.Discard = func() { x.discarded++ }
	return &pv, nil
}

func newStore() *xstore {
	st := fake.New(clock)
	st.AddEvents(
		model.AuditEvent{Time: fixedNow.Add(-48 * time.Hour), Action: model.ActionExport, Kind: model.KindPartner, Ref: "01KPARTNER0000000000000001", Detail: "bundle 3f2a9c0d1e4b5a6978ffeeddccbbaa99 seq 3: measure 12, observation 30"},
		model.AuditEvent{Time: fixedNow.Add(-24 * time.Hour), Action: model.ActionImport, Kind: model.KindPartner, Ref: "01KPARTNER0000000000000001", Detail: "bundle 77aa9c0d1e4b5a6978ffeeddccbbaa99 seq 2: 5 new, 1 updated, 1 conflicting, 0 unchanged, 0 ignored"},
		model.AuditEvent{Time: fixedNow.Add(-time.Hour), Action: model.ActionView, Kind: model.KindObservation, Ref: "01KABC"},
	)
	return &xstore{
		Store: st,
		conflicts: []common.ConflictCopy{{ID: "01KABCDEFGHJKMNPQRSTV00001", Kind: model.KindObservation, Bundle: "77aa9c0d1e4b5a69",
			Fields: []common.ConflictField{{Name: "summary", Here: raw(`"Lunds version"`), Copy: raw(`"Lommas version"`)}, {Name: "trend", Here: raw(`"rising"`), Copy: raw(`"stable"`)}}}},
		partners: []common.PartnerSummary{
			{ID: "01KPARTNER0000000000000002", Name: "CVE", Org: model.OrgCVE, Fingerprint: "AB12-CD34-EF56-GH78-IJ90-KL12", Sent: 1, LastExport: fixedNow.Add(-72 * time.Hour)},
			{ID: "01KPARTNER0000000000000001", Name: "Lomma kommun", Org: model.OrgOtherMunicipality, Fingerprint: "J4FJ-OFDR-UUKU-N4FQ-WYRW-WET7", CanImport: true, Sent: 3, Received: 2, LastExport: fixedNow.Add(-48 * time.Hour), LastImport: fixedNow.Add(-24 * time.Hour)},
		},
		preview: &common.ImportPreview{
			From: "Lomma kommun", Fingerprint: "J4FJ-OFDR-UUKU-N4FQ-WYRW-WET7", Bundle: "99aa", Sequence: 3,
			Created: fixedNow.Add(-time.Hour), Expires: fixedNow.AddDate(0, 0, 30),
			LegalBasis: "OSL 10 kap. 27 §", Purpose: "Gemensam lägesbild", CheckpointProven: true,
			Counts: map[model.Kind]common.ImportCounts{
				model.KindObservation: {New: 4, Updated: 2, Unchanged: 10, Conflicting: 1},
				model.KindMeasure:     {New: 1, Ignored: 1},
			},
			Conflicts: []common.ImportConflict{{ID: "01KABCDEFGHJKMNPQRSTV00001", Kind: model.KindObservation, Fields: []string{"summary", "trend"}, KeptIncoming: true}},
			Ignored:   map[string]int{"older than the copy held here": 1},
		},
	}
}

// driver runs the screen synchronously, feeding the messages of its
// commands back to it.
type driver struct {
	t   *testing.T
	m   *Model
	com *common.Common
	st  *xstore
	// stale counts the StaleMsgs the screen's commands sent (for the App).
	stale int
}

func newDriver(t *testing.T, w, h int) *driver { return newDriverLang(t, w, h, model.English) }

func newDriverLang(t *testing.T, w, h int, lang model.Lang) *driver {
	st := newStore()
	com := &common.Common{Width: w, Height: h, Styles: common.NewStyles(true), KeyMap: common.NewKeyMap(lang), Lang: lang, Now: clock, Store: st}
	d := &driver{t: t, m: New(com), com: com, st: st}
	d.m.SetSize(w, h)
	d.send(common.ActivateMsg{})
	return d
}

func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

func (d *driver) run(cmd tea.Cmd) {
	d.t.Helper()
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				d.run(c)
			}
		case common.ErrorMsg:
			d.t.Logf("error reported: %v", msg.Err)
		case common.StaleMsg:
			d.stale++
		default:
			d.send(msg)
		}
	case <-time.After(5 * time.Second):
		d.t.Fatal("a command did not answer")
	}
}

func (d *driver) keys(ks ...string) {
	for _, k := range ks {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "tab":
			msg = tea.KeyPressMsg{Code: tea.KeyTab}
		case "down":
			msg = tea.KeyPressMsg{Code: tea.KeyDown}
		case "right":
			msg = tea.KeyPressMsg{Code: tea.KeyRight}
		case "space":
			msg = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
		case "backspace":
			msg = tea.KeyPressMsg{Code: tea.KeyBackspace}
		default:
			r := []rune(k)[0]
			msg = tea.KeyPressMsg{Code: r, Text: k}
		}
		d.send(msg)
	}
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (d *driver) screen() string { return ansi.Strip(d.m.View()) }

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui/exchange -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("screen %s differs from %s:\n--- got ---\n%s\n--- want ---\n%s", name, path, got, want)
	}
}

func checkFits(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, more than %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, n, w, l)
		}
	}
}

// fillScope fills the scope step for Lomma: legal basis and purpose.
func fillScope(d *driver) {
	d.keys("e", "down", "enter")       // choose Lomma
	d.keys("tab", "tab", "tab", "tab") // to legal basis
	d.typeText("OSL 10 kap. 27 §")     // legal basis
	d.keys("tab")                      //
	d.typeText("Gemensam lägesbild")   // purpose
	d.keys("tab", "tab")               // round to kinds
	d.keys("right", "right", "space")  // untick picture
	d.keys("tab", "right")             // TLP amber → amber+strict
}

func TestGoldenExchange(t *testing.T) {
	screens := []struct {
		name string
		do   func(d *driver)
	}{
		{"list", func(d *driver) {}},
		{"choose", func(d *driver) { d.keys("e") }},
		{"scope", func(d *driver) { fillScope(d) }},
		{"export_preview", func(d *driver) { fillScope(d); d.keys("enter") }},
		{"export_done", func(d *driver) { fillScope(d); d.keys("enter", "enter") }},
		{"import_path", func(d *driver) { d.keys("i"); d.typeText("/media/usb/fran-lomma.age") }},
		{"import_preview", func(d *driver) { d.keys("i"); d.typeText("/media/usb/fran-lomma.age"); d.keys("enter") }},
		{"import_done", func(d *driver) {
			d.keys("i")
			d.typeText("/media/usb/fran-lomma.age")
			d.keys("enter", "y")
		}},
	}
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		for _, sc := range screens {
			name := sc.name + "_" + strings.Join([]string{itoa(size.w), itoa(size.h)}, "x")
			t.Run(name, func(t *testing.T) {
				d := newDriver(t, size.w, size.h)
				sc.do(d)
				got := d.screen()
				checkFits(t, got, size.w, size.h)
				golden(t, name, got)
			})
		}
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

func TestExportWizardRequest(t *testing.T) {
	d := newDriver(t, 120, 40)
	if len(d.m.History()) != 2 || !d.m.History()[0].Export == true && d.m.History()[0].Partner != "Lomma kommun" {
		t.Fatalf("history = %+v, want the import then the export, named by partner", d.m.History())
	}
	if h := d.m.History()[0]; h.Export || h.Partner != "Lomma kommun" || !strings.HasPrefix(h.Detail, "#2 77aa9c0d ") {
		t.Errorf("newest history row = %+v", h)
	}
	// Without a legal basis the wizard refuses to preview.
	d.keys("e", "down", "enter", "enter")
	if !strings.Contains(d.screen(), "Give a legal basis and a purpose.") || d.st.lastReq.Partner != "" {
		t.Fatalf("preview without a legal basis:\n%s", d.screen())
	}
	d.keys("esc", "esc")
	fillScope(d)
	d.keys("enter")
	req := d.st.lastReq
	if req.Partner != "Lomma kommun" || req.LegalBasis != "OSL 10 kap. 27 §" || req.Purpose != "Gemensam lägesbild" || req.MaxTLP != model.TLPAmberStrict || req.IncludeCases {
		t.Errorf("request = %+v", req)
	}
	if strings.Join(kindStrings(req.Kinds), ",") != "observation,measure" {
		t.Errorf("kinds = %v, want observation and measure", req.Kinds)
	}
	if d.st.exported != 0 {
		t.Fatal("the preview wrote a bundle")
	}
	d.keys("enter")
	if d.st.exported != 1 || !strings.Contains(d.screen(), "Bundle 3f2a9c0d1e4b5a69, number 4, 42 records") {
		t.Errorf("after confirming: exported %d, screen:\n%s", d.st.exported, d.screen())
	}
	if !strings.HasSuffix(d.st.lastReq.Path, ".age") {
		t.Errorf("path %q", d.st.lastReq.Path)
	}
}

func kindStrings(ks []model.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func TestImportCancelWritesNothing(t *testing.T) {
	d := newDriver(t, 80, 24)
	d.keys("i")
	d.typeText("x.age")
	d.keys("enter", "esc")
	if d.st.applied != 0 || d.st.discarded != 1 {
		t.Errorf("cancel: applied %d, discarded %d; want 0 and 1", d.st.applied, d.st.discarded)
	}
	// A rejected bundle shows its one-line reason and stays on the path.
	d.st.importErr = errors.New("bundle: signature does not verify: header hash mismatch")
	d.keys("enter")
	if !strings.Contains(d.screen(), "✗ bundle: signature does not verify") || d.st.applied != 0 {
		t.Errorf("rejected bundle:\n%s", d.screen())
	}
	if !d.m.Capturing() {
		t.Error("the path field does not capture keys")
	}
	d.keys("esc")
	if d.m.Capturing() {
		t.Error("the list captures keys")
	}
}

// An applied import tells the other screens that their records are
// stale; a cancelled one does not.
func TestImportMakesOtherScreensStale(t *testing.T) {
	d := newDriver(t, 80, 24)
	d.keys("i")
	d.typeText("x.age")
	d.keys("enter", "esc")
	if d.stale != 0 {
		t.Fatalf("a cancelled import sent %d StaleMsg", d.stale)
	}
	d.keys("i")
	d.typeText("x.age")
	d.keys("enter", "y")
	if d.st.applied != 1 || d.stale != 1 {
		t.Fatalf("applied %d, StaleMsg sent %d; want 1 and 1:\n%s", d.st.applied, d.stale, d.screen())
	}
}

func TestLockDropsPlan(t *testing.T) {
	d := newDriver(t, 80, 24)
	d.keys("i")
	d.typeText("x.age")
	d.keys("enter")
	d.send(common.LockMsg{})
	if d.st.discarded != 1 || d.m.plan != nil || len(d.m.Partners()) != 0 {
		t.Errorf("after lock: discarded %d, plan %v, partners %d", d.st.discarded, d.m.plan, len(d.m.Partners()))
	}
}

func TestProgressBarShowsNumbers(t *testing.T) {
	d := newDriver(t, 80, 24)
	fillScope(d)
	d.keys("enter")
	d.m.mode, d.m.progress = modeExporting, progressMsg{21, 42}
	if s := d.screen(); !strings.Contains(s, "Exporting… [") || !strings.Contains(s, "] 21/42") {
		t.Errorf("progress view:\n%s", s)
	}
}

// TestGoldenSwedish: the screens in Swedish, as on the projector.
func TestGoldenSwedish(t *testing.T) {
	for _, sc := range []struct {
		name string
		do   func(d *driver)
	}{
		{"sv_list", func(d *driver) {}},
		{"sv_scope", fillScope},
		{"sv_export_preview", func(d *driver) { fillScope(d); d.keys("enter") }},
		{"sv_import_preview", func(d *driver) { d.keys("i"); d.typeText("/media/usb/fran-lomma.age"); d.keys("enter") }},
	} {
		t.Run(sc.name, func(t *testing.T) {
			d := newDriverLang(t, 80, 24, model.Swedish)
			sc.do(d)
			got := d.screen()
			checkFits(t, got, 80, 24)
			golden(t, sc.name+"_80x24", got)
		})
	}
}

// TestConflictCopiesView: c lists the conflict copies with each field that
// differs and both values; d removes the selected copy and reloads.
func TestConflictCopiesView(t *testing.T) {
	d := newDriverLang(t, 100, 30, model.Swedish)
	d.keys("c")
	scr := d.screen()
	for _, want := range []string{"Konfliktkopior (1)", "01KABCDEFGHJKMNPQRSTV00001", "Sammanfattning, Trend", "Posten här nu", "Sparad kopia", "Lunds version", "Lommas version", "Stabil"} {
		if !strings.Contains(scr, want) {
			t.Errorf("conflict view lacks %q:\n%s", want, scr)
		}
	}
	d.keys("d")
	if d.st.dismissed != 1 {
		t.Fatalf("dismissed %d copies, want 1", d.st.dismissed)
	}
	scr = d.screen()
	if !strings.Contains(scr, "Inga konfliktkopior") || !strings.Contains(scr, "Konfliktkopian togs bort") {
		t.Errorf("after removal:\n%s", scr)
	}
	d.keys("esc")
	if d.m.mode != modeList {
		t.Error("esc did not go back to the list")
	}
}

// rejected is a refused import as the vault adapter reports it.
type rejected struct{ msg model.Msg }

func (r rejected) Error() string     { return "bundle: signature does not verify: the bundle was altered" }
func (r rejected) Reason() model.Msg { return r.msg }

// TestImportRefusedReason: a refused import shows its reason from the
// catalogue, with the package's detail under it.
func TestImportRefusedReason(t *testing.T) {
	d := newDriverLang(t, 100, 30, model.Swedish)
	d.st.importErr = rejected{model.XchRejBadSignature}
	d.keys("i")
	d.typeText("/tmp/paket.age")
	d.keys("enter")
	scr := d.screen()
	if !strings.Contains(scr, "Avvisat, inget skrevs: signaturen stämmer inte") || !strings.Contains(scr, "the bundle was altered") {
		t.Errorf("refused import:\n%s", scr)
	}
	// A later error of another kind does not keep the rejection's detail.
	for range len("/tmp/paket.age") {
		d.keys("backspace")
	}
	d.keys("enter")
	if scr := d.screen(); strings.Contains(scr, "the bundle was altered") || strings.Contains(scr, "signaturen") {
		t.Errorf("the empty-path error still shows the earlier rejection:\n%s", scr)
	}
}

// blockingExport is an exchanger whose Export reports progress many times
// and then waits to be released, like a long export that the lock
// overtakes.
type blockingExport struct {
	*xstore
	release chan struct{}
}

func (b *blockingExport) Export(ctx context.Context, req common.ExportRequest) (common.ExportSummary, error) {
	for i := range 10 {
		req.Progress(i, 10)
	}
	select {
	case <-b.release:
	case <-ctx.Done():
	}
	return common.ExportSummary{}, errors.New("vault: vault is locked; unlock it again")
}

// TestExportGoroutineEndsAfterLock: the vault locks while an export runs
// and nobody waits for its messages any more; the export's goroutine must
// still end (its last send used to block for ever once the progress
// messages had filled the channel), and its late result must not change
// the screen the lock left.
func TestExportGoroutineEndsAfterLock(t *testing.T) {
	d := newDriver(t, 120, 40)
	b := &blockingExport{xstore: d.st, release: make(chan struct{})}
	d.com.Store = b
	fillScope(d)
	d.keys("enter") // the preview
	// Confirm the export as the App would, but never run the command that
	// waits for its messages: the lock comes first.
	d.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if d.m.mode != modeExporting {
		t.Fatalf("mode %v, want exporting", d.m.mode)
	}
	d.m.Update(common.LockMsg{})
	close(b.release)
	deadline := time.Now().Add(3 * time.Second)
	for exportRunning() {
		if time.Now().After(deadline) {
			t.Fatal("the export's goroutine is still blocked after the lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	d.m.Update(exportedMsg{err: errors.New("late")})
	if d.m.mode == modeExported || d.m.errText != "" {
		t.Errorf("a late export result changed the screen after the lock: mode %v, error %q", d.m.mode, d.m.errText)
	}
}

// exportRunning reports whether a goroutine started by Model.export is
// alive.
func exportRunning() bool {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	return strings.Contains(string(buf[:n]), "exchange.(*Model).export.func")
}

// TestStaleExportResultLeavesANewExportAlone: the result of an export the
// lock cancelled, arriving while a later export runs, neither ends nor
// changes the later one (found in review).
func TestStaleExportResultLeavesANewExportAlone(t *testing.T) {
	d := newDriver(t, 120, 40)
	old, current := make(chan tea.Msg, 1), make(chan tea.Msg, 1)
	d.m.mode, d.m.progCh, d.m.doneCh = modeExporting, make(chan tea.Msg, 4), current
	d.m.Update(exportEvent{run: old, msg: exportedMsg{err: errors.New("vault: vault is locked; unlock it again")}})
	d.m.Update(exportEvent{run: old, msg: progressMsg{7, 9}})
	if d.m.mode != modeExporting || d.m.doneCh != current || d.m.errText != "" || d.m.progress.done != 0 {
		t.Fatalf("a stale run's messages changed the running export: mode %v, error %q, progress %+v", d.m.mode, d.m.errText, d.m.progress)
	}
	d.m.Update(exportEvent{run: current, msg: progressMsg{3, 9}})
	if d.m.progress.done != 3 {
		t.Errorf("the running export's own progress was dropped: %+v", d.m.progress)
	}
}

// TestImportPathStartsEmptyAndClears: each import starts with an empty
// path, and ctrl+u clears what was typed (a new user had the last path
// glued to the next one).
func TestImportPathStartsEmptyAndClears(t *testing.T) {
	d := newDriver(t, 80, 24)
	d.keys("i")
	d.typeText("/tmp/gammal.age")
	d.keys("esc", "i")
	if got := string(d.m.importPath); got != "" {
		t.Fatalf("a new import starts with %q", got)
	}
	d.typeText("/tmp/fel.age")
	d.m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	if got := string(d.m.importPath); got != "" {
		t.Fatalf("ctrl+u left %q", got)
	}
}
