package audit

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

var now = time.Date(2026, 11, 20, 10, 30, 0, 0, time.UTC)

func newScreen(w, h int) *Model {
	com := &common.Common{Width: w, Height: h, Styles: common.NewStyles(true), KeyMap: common.NewKeyMap(model.English),
		Lang: model.English, Now: func() time.Time { return now }}
	m := New(com)
	m.SetSize(w, h)
	return m
}

// awkward are events whose cells have every shape that has pushed the
// record column out of line: no record but a detail, multi-byte and wide
// actors, an actor cut with an ellipsis, fields, control characters.
func awkward() []model.AuditEvent {
	id := func(i int) model.ID { return model.ID(fmt.Sprintf("01KABCDEFGHJKMNPQRSTV%05d", i)) }
	evs := []model.AuditEvent{
		{Action: model.ActionView, Detail: "audit_trail", Actor: model.Actor{User: "anna"}},
		{Action: model.ActionView, Kind: model.KindObservation, Ref: id(1), Actor: model.Actor{User: "åsa-lindén"}},
		{Action: model.ActionUpdate, Kind: model.KindCase, Ref: id(2), Fields: []string{"summary", "status"}, Actor: model.Actor{User: "李小龍"}},
		{Action: model.ActionUnlock, Actor: model.Actor{User: "en-mycket-lång-användare-med-namn"}},
		{Action: model.ActionCreate, Kind: model.KindMeasure, Ref: id(3), Detail: "från möte", Actor: model.Actor{User: "e\u0301mile"}},
		{Action: model.ActionDelete, Kind: model.KindObservation, Ref: id(4), Actor: model.Actor{User: "x\x1b[31my\u200bz"}},
		{Action: model.ActionView, Kind: model.KindObservation, Ref: id(5), Actor: model.Actor{User: "ååååååååååååååååååå"}},
		{Action: model.ActionView, Kind: model.KindObservation, Ref: id(6), Actor: model.Actor{User: "🧑‍💻kim"}},
	}
	for i := range evs {
		evs[i].Seq = uint64(len(evs) - i)
		evs[i].Time = now.Add(-time.Duration(i) * time.Hour)
	}
	return evs
}

// recordColumn returns the cell (display column) where text starts in
// line, -1 if it is not there.
func recordColumn(line, text string) int {
	i := strings.Index(line, text)
	if i < 0 {
		return -1
	}
	return ansi.StringWidth(line[:i])
}

// TestRecordColumnAligned checks that the Record column starts in the
// same cell on every row as in the header, whatever the other cells hold,
// and that no row is wider than the screen.
func TestRecordColumnAligned(t *testing.T) {
	for _, w := range []int{80, 120, 200} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			m := newScreen(w, 30)
			evs := awkward()
			m.Update(loadedMsg{events: evs, state: common.AuditState{Intact: true, Size: uint64(len(evs))}})
			lines := strings.Split(ansi.Strip(m.View()), "\n")
			var header string
			for _, l := range lines {
				if strings.Contains(l, "Record") && strings.Contains(l, "Seq") {
					header = l
				}
			}
			want := recordColumn(header, "Record")
			if want < 0 {
				t.Fatalf("no header row in:\n%s", strings.Join(lines, "\n"))
			}
			for _, l := range lines {
				if n := ansi.StringWidth(l); n > w {
					t.Errorf("line is %d cells wide on a %d-cell screen: %q", n, w, l)
				}
			}
			checked := 0
			for _, ev := range evs {
				rec := recordText(&ev)
				if rec == "" {
					continue
				}
				found := false
				for _, l := range lines {
					if !strings.HasPrefix(strings.TrimLeft(l, " ▶"), fmt.Sprint(ev.Seq)+" ") {
						continue
					}
					found = true
					probe := rec[:min(len(rec), 8)]
					if got := recordColumn(l, probe); got != want {
						t.Errorf("event %d: record %q starts in cell %d, the header's in cell %d:\n%s\n%s", ev.Seq, rec, got, want, header, l)
					}
					checked++
				}
				if !found {
					t.Errorf("event %d not shown", ev.Seq)
				}
			}
			if checked < 5 {
				t.Fatalf("only %d rows checked", checked)
			}
		})
	}
}

// TestReviewColumnsAligned checks the log review's rows: the record and
// the mark start in the same cell on every row.
func TestReviewColumnsAligned(t *testing.T) {
	for _, w := range []int{80, 120} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			m := newScreen(w, 30)
			evs := awkward()
			m.Update(loadedMsg{events: evs, state: common.AuditState{Intact: true}})
			var sample []model.AuditEvent
			for _, ev := range evs {
				if ev.Ref != "" {
					sample = append(sample, ev)
				}
			}
			m.review = &Review{From: now.AddDate(0, 0, -30), To: now, Sample: sample, Marks: make([]Mark, len(sample)), Notes: make([]string, len(sample))}
			m.review.Marks[1], m.review.Marks[2] = Justified, Unjustified
			m.review.Notes[1] = "ärendet handlades då"
			lines := strings.Split(ansi.Strip(m.View()), "\n")
			recCol, markCol := -1, -1
			rows := 0
			for _, ev := range sample {
				for _, l := range lines {
					if !strings.HasPrefix(strings.TrimLeft(l, " ▶"), fmt.Sprint(ev.Seq)+" ") {
						continue
					}
					rows++
					if n := ansi.StringWidth(l); n > w {
						t.Errorf("line is %d cells wide on a %d-cell screen: %q", n, w, l)
					}
					// A read other than a view (a reveal) leads with its
					// action.
					lead := ""
					if ev.Action != model.ActionView {
						lead = ev.Action.Label(model.English) + " "
					}
					rc := recordColumn(l, lead+string(ev.Kind))
					if w < 100 {
						// The ID is cut from the left to end where the
						// cell ends, after the action if there is one.
						rc = recordColumn(l, string(ev.Ref[len(ev.Ref)-8:]))
						if rc >= 0 {
							rc -= ansi.StringWidth(reviewRecord(&ev, true, 100)) - 8
						}
					}
					mc := -1
					for _, mark := range []string{"[ ]", "[✓]", "[✗]"} {
						if c := recordColumn(l, mark); c >= 0 {
							mc = c
						}
					}
					if recCol < 0 {
						recCol, markCol = rc, mc
					}
					if rc != recCol || mc != markCol {
						t.Errorf("event %d: record in cell %d and mark in cell %d, want %d and %d:\n%s", ev.Seq, rc, mc, recCol, markCol, strings.Join(lines, "\n"))
					}
				}
			}
			if rows != len(sample) {
				t.Fatalf("%d of %d sampled events shown:\n%s", rows, len(sample), strings.Join(lines, "\n"))
			}
		})
	}
}

// TestReviewSamplesRevealsAndCaseViewsFirst checks the log review's draw
// (loggkontroll, R5): reveals of a case's particulars (Avmaskering) come
// first, then the other reads of case data — views of a case, of the case
// list and a filter of it, of individual-tier measures, of an agenda —
// and only then plain views of one record; events outside the period and
// events that are no reads are never drawn.
func TestReviewSamplesRevealsAndCaseViewsFirst(t *testing.T) {
	id := func(i int) model.ID { return model.ID(fmt.Sprintf("01KABCDEFGHJKMNPQRSTV%05d", i)) }
	var evs []model.AuditEvent
	add := func(ev model.AuditEvent, at time.Time) {
		ev.Seq, ev.Time = uint64(len(evs)), at
		evs = append(evs, ev)
	}
	in := now.Add(-48 * time.Hour)
	for i := range 20 {
		add(model.AuditEvent{Action: model.ActionView, Kind: model.KindObservation, Ref: id(i)}, in)
	}
	add(model.AuditEvent{Action: model.ActionUpdate, Kind: model.KindCase, Ref: id(50)}, in)
	add(model.AuditEvent{Action: model.ActionView, Detail: "audit_trail"}, in)
	add(model.AuditEvent{Action: model.ActionReveal, Kind: model.KindCase, Ref: id(60)}, now.AddDate(0, 0, -90)) // outside
	reveals := []model.AuditEvent{
		{Action: model.ActionReveal, Kind: model.KindCase, Ref: id(61)},
		{Action: model.ActionReveal, Kind: model.KindCase, Ref: id(62)},
	}
	caseReads := []model.AuditEvent{
		{Action: model.ActionView, Kind: model.KindCase, Ref: id(70)},
		{Action: model.ActionView, Kind: model.KindCase, Detail: model.ViewCaseList},
		{Action: model.ActionView, Kind: model.KindCase, Detail: model.ViewCaseListFiltered},
		{Action: model.ActionView, Kind: model.KindMeasure, Detail: model.ViewIndividualMeasures},
		{Action: model.ActionView, Kind: model.KindMeeting, Ref: id(71), Detail: model.ViewAgenda},
	}
	for _, ev := range append(append([]model.AuditEvent(nil), reveals...), caseReads...) {
		add(ev, in)
	}

	for seed := range uint64(20) {
		got := Sample(evs, now.AddDate(0, 0, -30), now, rand.New(rand.NewPCG(seed, 1)))
		if len(got) != SampleSize {
			t.Fatalf("seed %d: %d events drawn, want %d", seed, len(got), SampleSize)
		}
		for i, ev := range got {
			var want string
			switch {
			case i < len(reveals):
				want = "a reveal"
				if ev.Action != model.ActionReveal || ev.Ref == id(60) {
					t.Errorf("seed %d: event %d of the sample is %s %s %s, want %s in the period", seed, i, ev.Action, ev.Kind, ev.Ref, want)
				}
			case i < len(reveals)+len(caseReads):
				want = "a read of case data"
				if !ev.ReadsCaseData() {
					t.Errorf("seed %d: event %d of the sample is %s %s %q, want %s", seed, i, ev.Action, ev.Kind, ev.Detail, want)
				}
			default:
				if ev.Action != model.ActionView || ev.Kind != model.KindObservation {
					t.Errorf("seed %d: event %d of the sample is %s %s, want a plain view", seed, i, ev.Action, ev.Kind)
				}
			}
		}
	}

	// More reveals than the sample holds: the sample is all reveals.
	var many []model.AuditEvent
	for i := range SampleSize + 5 {
		many = append(many, model.AuditEvent{Seq: uint64(i), Time: in, Action: model.ActionReveal, Kind: model.KindCase, Ref: id(100 + i)})
	}
	many = append(many, caseReads[1])
	many[len(many)-1].Time = in
	for _, ev := range Sample(many, now.AddDate(0, 0, -30), now, rand.New(rand.NewPCG(1, 2))) {
		if ev.Action != model.ActionReveal {
			t.Errorf("a %s was drawn while reveals were left out", ev.Action)
		}
	}

	// The screen's review draws the same way (r on the trail).
	m := newScreen(120, 30)
	m.Rand = rand.New(rand.NewPCG(3, 4))
	rev := slices.Clone(evs)
	slices.Reverse(rev)
	m.Update(loadedMsg{events: rev, state: common.AuditState{Intact: true}})
	m.startReview()
	s := m.Review().Sample
	if len(s) != SampleSize || s[0].Action != model.ActionReveal || s[1].Action != model.ActionReveal || !s[2].ReadsCaseData() {
		t.Errorf("the screen's review drew %v", s)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, model.ActionReveal.Label(model.English)) {
		t.Errorf("the review does not say which reads are reveals:\n%s", v)
	}
}
