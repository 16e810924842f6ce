package e2e

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"varn/model"
)

// cli runs the varn command line on the test's vault, unlocked with the
// test's identity file (no scrypt), and returns its standard output. The app must not be
// running: the vault admits one process at a time.
func cli(t *testing.T, vaultDir string, args ...string) []byte {
	t.Helper()
	bin, err := buildVarn()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(vaultDir)
	home := filepath.Join(dir, "home")
	args = append(args, "--vault", vaultDir, "-i", filepath.Join(dir, "id.txt"))
	c := exec.Command(bin, args...)
	c.Env = []string{"HOME=" + home, "XDG_STATE_HOME=" + filepath.Join(home, "state"), "LANG=en_GB.UTF-8", "PATH=" + os.Getenv("PATH")}
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		t.Fatalf("varn %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// records lists the vault's records of kind k through the command line.
func records(t *testing.T, vaultDir string, k model.Kind) []model.Record {
	t.Helper()
	var out []model.Record
	sc := bufio.NewScanner(bytes.NewReader(cli(t, vaultDir, "record", "list", string(k), "--json")))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		r, err := model.Decode(sc.Bytes())
		if err != nil {
			t.Fatalf("record list %s: undecodable line: %v", k, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var itemOf = regexp.MustCompile(`Item (\d+) of (\d+)`)

// TestMeetingDayEndToEnd drives a working day on the real binary and a
// demo vault: a measure is created through the board's form, found with
// the board's filter, moved to the next status on the board and followed
// up; a meeting is created and
// held in meeting mode, stepping through every agenda item and recording
// a decision inline. On every screen captured in meeting mode the status
// bar must say MEETING MODE and no case's pseudonym or title may appear.
// After quitting, the command line must find the measure, its follow-up
// and the decision in the vault.
func TestMeetingDayEndToEnd(t *testing.T) {
	start := time.Now()
	tm, cmdline, vaultDir := setup(t)
	t.Logf("setup (build, demo vault, recipient) took %v", time.Since(start))
	start = time.Now()

	// What must never be on the projector: every case's pseudonym or
	// title, read from the vault before the app holds it.
	var secrets []string
	for _, r := range records(t, vaultDir, model.KindCase) {
		c := r.(*model.Case)
		for _, s := range []string{c.Pseudonym, c.Title} {
			if s != "" {
				secrets = append(secrets, s)
			}
		}
	}
	if !strings.Contains(strings.Join(secrets, "|"), "Person ") || len(secrets) < 5 {
		t.Fatalf("the demo vault has too few case labels to test with: %q", secrets)
	}

	tm.start(120, 40, cmdline)
	tm.waitFor("Situational picture")

	// The board: a new measure on the general tier through the form.
	tm.keys("2")
	tm.waitFor("── Individual:")
	tm.keys("l", "l")
	tm.waitFor("── General:")
	tm.keys("n")
	tm.waitFor("New measure")
	tm.text("E2E möteskväll i Lärkvallen")
	tm.keys("C-s")
	tm.waitFor("Version            1")
	tm.keys("Escape")
	s := tm.waitFor("▶  ○ E2E möteskväll")
	if !strings.Contains(s, "── General:") {
		t.Fatalf("the new measure is not on the general tier:\n%s", s)
	}
	// Find it with the board's text filter.
	tm.keys("/")
	tm.text("MÖTESKVÄLL")
	tm.keys("Enter")
	s = tm.waitFor("/ MÖTESKVÄLL (1 of ")
	if !strings.Contains(s, "▶  ○ E2E möteskväll") || strings.Contains(s, "Kompetensdag") {
		t.Fatalf("the filter does not narrow the board to the new measure:\n%s", s)
	}
	// Move it on the board to the next status (proposed → decided).
	tm.keys(".")
	s = tm.waitFor("Moved to")
	if !strings.Contains(s, "▶  ◇ E2E möteskväll") {
		t.Fatalf("the measure was not moved to decided on the board:\n%s", s)
	}
	// A follow-up entry: date (today), effect, note, next follow-up.
	tm.keys("u")
	tm.waitFor("New follow-up")
	tm.keys("Tab", "Tab")
	tm.text("Uppföljd i testet")
	tm.keys("C-s")
	tm.waitFor("Follow-ups (1)")
	tm.waitFor("Uppföljd i testet")

	// A new weekly meeting, then meeting mode.
	tm.keys("4")
	tm.waitFor("Meetings (")
	tm.keys("n")
	tm.waitFor("New meeting")
	tm.keys("Tab", "Tab")
	tm.text("E2E veckomöte")
	tm.keys("C-s")
	tm.waitFor("Agenda")
	tm.keys("m")

	checked := 0
	check := func(s string) {
		t.Helper()
		checked++
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		if len(lines) < 2 || !strings.Contains(lines[len(lines)-2], "MEETING MODE") {
			t.Fatalf("status bar does not say MEETING MODE:\n%s", s)
		}
		for _, x := range secrets {
			if strings.Contains(s, x) {
				t.Fatalf("case label %q on screen in meeting mode:\n%s", x, s)
			}
		}
	}
	// waitMeeting waits for want, checking every screen captured
	// meanwhile, not only the last.
	waitMeeting := func(want string) string {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			s := tm.screen()
			check(s)
			if strings.Contains(s, want) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("screen never showed %q in meeting mode; it shows:\n%s", want, s)
			}
			time.Sleep(30 * time.Millisecond)
		}
	}
	// Until the key is taken the detail is on screen; from the first
	// frame of meeting mode on, every capture is checked.
	check(tm.waitFor("Item 1 of "))
	s = waitMeeting("Item 1 of ")
	if !strings.Contains(s, "E2E veckomöte") {
		t.Fatalf("meeting mode does not show the new meeting:\n%s", s)
	}
	n, _ := strconv.Atoi(itemOf.FindStringSubmatch(s)[2])
	if n < 5 {
		t.Fatalf("the agenda has only %d items:\n%s", n, s)
	}
	var items []string
	for i := 2; i <= n; i++ {
		tm.keys("l")
		items = append(items, waitMeeting("Item "+strconv.Itoa(i)+" of "))
	}
	if all := strings.Join(items, "\n"); !strings.Contains(all, "C A S E S") || !strings.Contains(all, "hidden (individuals or TLP:RED)") {
		t.Errorf("the agenda lacks the cases item or the masked counts")
	}
	// Other tabs stay out of reach.
	tm.keys("3")
	tm.keys("2")
	time.Sleep(150 * time.Millisecond)
	waitMeeting("Item " + strconv.Itoa(n) + " of ")

	// A decision, recorded inline.
	tm.keys("n")
	waitMeeting("New decision")
	tm.text("Skolan bjuder in till dialogkväll")
	tm.keys("Tab", "Right", "Tab", "Tab")
	tm.text("Rektor (fiktiv)")
	waitMeeting("Rektor (fiktiv)▏")
	tm.keys("C-s")
	waitMeeting("Skolan bjuder in till dialogkväll · decided by Police · responsible Rektor (fiktiv)")

	// Stepping back over every item once more, then leaving.
	for i := n - 1; i >= 1; i-- {
		tm.keys("h")
		waitMeeting("Item " + strconv.Itoa(i) + " of ")
	}
	// esc never leaves meeting mode; m asks, and y leaves.
	tm.keys("Escape")
	waitMeeting("m leaves meeting mode")
	tm.keys("m")
	waitMeeting("Leave meeting mode? (y/N)")
	tm.keys("y")
	deadline := time.Now().Add(10 * time.Second)
	for s = tm.screen(); strings.Contains(s, "MEETING MODE"); s = tm.screen() {
		check(s)
		if time.Now().After(deadline) {
			t.Fatalf("meeting mode not left:\n%s", s)
		}
		time.Sleep(30 * time.Millisecond)
	}
	t.Logf("checked %d screens in meeting mode, %d agenda items; %v since the app started", checked, n, time.Since(start))
	defer func(start time.Time) { t.Logf("quitting and reading back took %v", time.Since(start)) }(time.Now())

	// A blank "meeting mode ended" page until a key.
	s = tm.waitFor("Meeting mode has ended")
	for _, x := range secrets {
		if strings.Contains(s, x) {
			t.Fatalf("case label %q on screen as meeting mode ended:\n%s", x, s)
		}
	}
	tm.keys("Escape")
	tm.waitFor("Meetings (")

	// The overview counts "new" from the meeting just held.
	tm.keys("1")
	tm.waitFor("new since the weekly meeting " + time.Now().Format("2006-01-02"))

	tm.keys("q")
	for deadline := time.Now().Add(5 * time.Second); !tm.dead(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("varn did not quit:\n%s", tm.screen())
		}
	}

	// What was saved, read back through the command line.
	var meeting *model.Meeting
	for _, r := range records(t, vaultDir, model.KindMeeting) {
		if x := r.(*model.Meeting); x.Title == "E2E veckomöte" {
			meeting = x
		}
	}
	switch {
	case meeting == nil:
		t.Errorf("the meeting was not saved")
	case len(meeting.Decisions) != 1:
		t.Errorf("the meeting has %d decisions, want 1: %+v", len(meeting.Decisions), meeting.Decisions)
	default:
		d := meeting.Decisions[0]
		if d.Text != "Skolan bjuder in till dialogkväll" || d.Body != model.OrgPolice || d.Responsible != "Rektor (fiktiv)" || d.Status != model.DecisionOpen {
			t.Errorf("decision saved as %+v", d)
		}
	}
	var measure *model.Measure
	for _, r := range records(t, vaultDir, model.KindMeasure) {
		if x := r.(*model.Measure); x.Title == "E2E möteskväll i Lärkvallen" {
			measure = x
		}
	}
	switch {
	case measure == nil:
		t.Errorf("the measure was not saved")
	case measure.Tier != model.TierGeneral || measure.Status != model.StatusDecided:
		t.Errorf("measure saved on tier %s with status %s, want general, decided", measure.Tier, measure.Status)
	case len(measure.FollowUps) != 1 || measure.FollowUps[0].Note != "Uppföljd i testet":
		t.Errorf("measure's follow-ups: %+v", measure.FollowUps)
	}
}
