package journey

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"varn/model"
	"varn/vault/bundle"
)

// redCanary and personCanary are the texts the projector must never show:
// a TLP:RED observation and an observation about an individual.
const (
	redCanary    = "RÖD-KANARIE Elev (17) delar propaganda i klassens chatt"
	personCanary = "INDIVID-KANARIE Person X-1 sågs vid"
)

// year is the shape of one run: how many weeks, and at which weeks a
// quarter ends.
type year struct {
	weeks       int
	quarterEnds []int
}

// TestJourneyYear walks the three vaults through a simulated year: a short
// one (eight weeks with a quarter's end at the eighth) in `make test`, the
// whole year with VARN_JOURNEY=full (`make journeys`), which also writes
// the transcript to $VARN_JOURNEY_LOG when set.
func TestJourneyYear(t *testing.T) {
	y := year{weeks: 8, quarterEnds: []int{8}}
	var transcript strings.Builder
	full := os.Getenv("VARN_JOURNEY") == "full"
	if full {
		y = year{weeks: 52, quarterEnds: []int{13, 26, 39, 52}}
	}
	if n, err := strconv.Atoi(os.Getenv("VARN_JOURNEY_WEEKS")); err == nil && n > 0 {
		y.weeks = n // a shorter walk while working on a step
	}
	start := time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC) // a Monday
	w := newWorld(t, start, &transcript)
	began := time.Now()
	defer func() {
		if path := os.Getenv("VARN_JOURNEY_LOG"); path != "" {
			os.WriteFile(path, []byte(transcript.String()), 0o600)
		}
		if full || t.Failed() {
			t.Log("transcript:\n" + transcript.String())
		}
		t.Logf("%s\nwall time %v", w.summary(), time.Since(began).Round(time.Second))
	}()
	j := &journey{w: w, y: y}
	j.setUp()
	for week := 1; week <= y.weeks; week++ {
		j.week(week)
	}
	j.yearEnd()
}

// journey is the state the steps share: what each municipality has
// entered, and the meetings held.
type journey struct {
	w *world
	y year

	// weekObs are the observations entered at a municipality this week.
	weekObs map[*party][]model.ID
	// measures are each municipality's measures.
	measures map[*party][]model.ID
	// pictures are the published pictures, per municipality.
	pictures map[*party][]model.ID
	// exported[from][to] is the newest bundle file from one party to
	// another.
	exported map[*party]map[*party]string
	// shared is a record of Lund's that Lomma holds a copy of (for the
	// remark and the later update).
	shared model.ID
	// recovered is set once a partner recovered from a backup.
	recovered bool
	// backups are each party's newest backup file.
	backups map[*party]string
	// forged is set once the forgeries were tried.
	forged bool
	// cases are Lomma's cases.
	cases []model.ID
	// dueForPurge is an observation whose own retention date falls in the
	// year.
	dueForPurge model.ID
}

// setUp creates the three vaults and registers the partners, as the
// operator's guide says: identities exchanged once, fingerprints compared.
func (j *journey) setUp() {
	w := j.w
	j.weekObs = map[*party][]model.ID{}
	j.measures = map[*party][]model.ID{}
	j.pictures = map[*party][]model.ID{}
	j.exported = map[*party]map[*party]string{}
	j.backups = map[*party]string{}
	w.step("three vaults are created", func() {
		for _, p := range w.parties {
			out := w.must(p, "init", "--municipality", p.name, "-r", p.recip)
			m := vaultIDLine.FindStringSubmatch(out)
			if m == nil {
				w.t.Fatalf("%s: init printed no vault ID: %q", p.short, out)
			}
			p.id = m[1]
			w.logf("  %s: vault %s", p.short, p.id)
		}
	})
	w.step("partners exchange identities and register each other", func() {
		blocks := map[*party]string{}
		for _, p := range w.parties {
			blocks[p] = w.file(p.short+"-identity.txt", []byte(w.must(p, "identity")))
		}
		pairs := [][2]*party{{w.lomma, w.lund}, {w.lund, w.lomma}, {w.lomma, w.lst}, {w.lst, w.lomma}, {w.lund, w.lst}, {w.lst, w.lund}}
		for _, pr := range pairs {
			org := "other_municipality"
			if pr[1] == w.lst {
				org = "lansstyrelsen"
			}
			w.must(pr[0], "partner", "add", pr[1].name, "--from", blocks[pr[1]], "--org", org)
		}
		for _, p := range w.parties {
			if n := strings.Count(w.must(p, "partner", "ls"), "\n"); n < 2 {
				w.t.Fatalf("%s lists %d partner lines, want 2", p.short, n)
			}
		}
	})
	w.step("Lomma opens its cases: two about individuals, one about a group", func() {
		for i, pseudo := range []string{"Tranan", "Vråken"} {
			c := &model.Case{Subject: model.SubjectIndividual, Pseudonym: pseudo, AgeBand: model.Age16to17, Gender: model.AllGenders()[i],
				Intake: model.IntakeSchool, Priority: model.PriorityHigh, Status: model.CaseIntervention, Opened: model.DateOf(w.now),
				Handler: model.OrgSocialServices, Concern: model.ConcernStatement{Text: "Oro för våldsbejakande uttryck", Level: model.ConcernHigh},
				LegalBasis: "SoL 5 kap. 1 §"}
			c.TLP = model.TLPRed
			j.cases = append(j.cases, w.add(w.lomma, c))
		}
		g := &model.Case{Subject: model.SubjectGroup, Title: "Gruppen vid stationen", Intake: model.IntakePolice, Priority: model.PriorityNormal,
			Status: model.CaseInitialAssessment, Opened: model.DateOf(w.now), Handler: model.OrgSocialServices,
			Concern: model.ConcernStatement{Text: "Rekrytering vid stationen", Level: model.ConcernModerate}, LegalBasis: "OSL 10 kap. 2 §"}
		g.TLP = model.TLPAmber
		j.cases = append(j.cases, w.add(w.lomma, g))
	})
	w.step("each municipality enters its measures", func() {
		for _, p := range []*party{w.lomma, w.lund} {
			for i, tier := range []model.Tier{model.TierGeneral, model.TierSpecific} {
				m := &model.Measure{Title: fmt.Sprintf("%s insats %d", p.short, i+1), Tier: tier, Type: model.MeasureEducationInformation,
					Status: model.StatusOngoing, Org: model.OrgSchool, Start: model.DateOf(w.now), Reach: model.GenderCounts{GirlsWomen: 12, BoysMen: 14, MixedUnknown: 3}}
				m.NextFollowUp = model.DateOf(w.now).AddMonths(3)
				m.TLP = model.TLPGreen
				j.measures[p] = append(j.measures[p], w.add(p, m))
			}
		}
	})
}

// week is one week: Monday the police contact's observations, Thursday the
// weekly picture meeting; every fourth week the month's log review and
// restore drill; the quarter's work at its end.
func (j *journey) week(n int) {
	w := j.w
	monday := time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC).AddDate(0, 0, 7*(n-1))
	w.now = monday
	j.weekObs = map[*party][]model.ID{}
	w.step(fmt.Sprintf("week %d: the police contact's observations are entered", n), func() {
		for _, p := range []*party{w.lomma, w.lund} {
			for _, o := range j.observationsOf(p, n) {
				j.weekObs[p] = append(j.weekObs[p], w.add(p, o))
			}
		}
	})
	if n == 2 {
		w.step("an observation is entered with its own purge date inside the year", func() {
			o := j.observation(w.lomma, n, model.DimensionIndividual, "Uppgift som ska gallras före årets slut")
			o.RetainUntil = model.DateOf(w.now).AddDays(7 * (j.y.weeks - n - 1))
			j.dueForPurge = w.add(w.lomma, o)
		})
	}
	w.now = monday.AddDate(0, 0, 3).Add(6 * time.Hour) // Thursday 14:00
	for _, p := range []*party{w.lomma, w.lund} {
		w.step(fmt.Sprintf("week %d: %s holds its weekly picture meeting", n, p.short), func() { j.weeklyMeeting(p, n) })
	}
	if n%4 == 0 {
		w.step(fmt.Sprintf("week %d: Lomma shows the meeting on the projector in meeting mode", n), func() { j.meetingMode(w.lomma, n) })
		j.monthly(n)
	}
	if slices.Contains(j.y.quarterEnds, n) {
		w.now = monday.AddDate(0, 0, 4).Add(2 * time.Hour) // Friday
		j.quarterEnd(model.QuarterOf(model.DateOf(monday)))
	}
}

// observation returns a new observation of p for week n.
func (j *journey) observation(p *party, n int, dim model.Dimension, summary string) *model.Observation {
	o := &model.Observation{Milieu: model.AllMilieus()[n%3], Dimension: dim, ObsKind: model.ObsActivity, Area: p.short + " centrum",
		Source: model.OrgPolice, Reliability: model.ReliabilityB, Credibility: 2, Concern: model.ConcernModerate,
		Trend: model.TrendStable, Observed: model.DateOf(j.w.now), Summary: summary}
	o.TLP = model.TLPAmber
	return o
}

// observationsOf returns the observations the police contact brings p in
// week n: a group's activity and an area's situation every week, and every
// fourth week an individual-level one marked TLP:RED.
func (j *journey) observationsOf(p *party, n int) []model.Record {
	out := []model.Record{
		j.observation(p, n, model.DimensionGroup, fmt.Sprintf("%s v%d: flygblad från en grupp vid stationen", p.short, n)),
		j.observation(p, n, model.DimensionArea, fmt.Sprintf("%s v%d: klotter med symboler i parken", p.short, n)),
	}
	if n%4 == 0 {
		red := j.observation(p, n, model.DimensionIndividual, fmt.Sprintf("%s v%d %s", redCanary, n, p.short))
		red.TLP = model.TLPRed
		out = append(out, red)
		ind := j.observation(p, n, model.DimensionIndividual, fmt.Sprintf("%s %s v%d", personCanary, p.short, n))
		out = append(out, ind)
	}
	return out
}

// weeklyMeeting records the week's meeting and checks that its agenda's
// "new since the last meeting" is exactly this week's observations.
func (j *journey) weeklyMeeting(p *party, n int) {
	w := j.w
	m := &model.Meeting{MeetingKind: model.MeetingWeeklyPolice, Date: model.DateOf(w.now), Title: fmt.Sprintf("Lägesbildsmöte vecka %d", n)}
	m.TLP = model.TLPAmber
	id := w.add(p, m)
	var meetings []*model.Meeting
	var obs []*model.Observation
	var this *model.Meeting
	for _, r := range w.records(p, "") {
		switch v := r.(type) {
		case *model.Meeting:
			meetings = append(meetings, v)
			if v.ID == id {
				this = v
			}
		case *model.Observation:
			obs = append(obs, v)
		}
	}
	if this == nil {
		w.t.Fatalf("%s: the meeting just added is not listed", p.short)
	}
	a := model.AgendaFor(this, meetings, obs, nil, nil, false, time.UTC)
	var got []model.ID
	for _, o := range a.NewObservations {
		got = append(got, o.ID)
	}
	want := slices.Clone(j.weekObs[p])
	if n == 2 && p == w.lomma {
		want = append(want, j.dueForPurge)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		w.t.Fatalf("%s week %d: new since the last meeting = %v, want this week's %v", p.short, n, got, want)
	}
	masked := model.AgendaFor(this, meetings, obs, nil, nil, true, time.UTC)
	for _, o := range masked.NewObservations {
		if o.Dimension == model.DimensionIndividual {
			w.t.Fatalf("%s week %d: the masked agenda lists an observation about an individual", p.short, n)
		}
	}
	w.logf("  %s: %d new since the last meeting (%d masked on the projector)", p.short, len(got), masked.MaskedObservations)
}

// meetingMode shows this week's meeting on the projector: the agenda, then
// meeting mode item by item, a reflexive / and esc, and the confirmed way
// out onto the blank page and the list. No frame may show the TLP:RED or
// the individual-level observation, nor a case's pseudonym or title.
func (j *journey) meetingMode(p *party, n int) {
	w := j.w
	s := w.openApp(p)
	forbidden := []string{redCanary, personCanary, "Tranan", "Vråken", "Gruppen vid stationen"}
	check := func(where string) string {
		sc := s.tm.Screen(s.name)
		for _, f := range forbidden {
			if strings.Contains(sc, f) {
				w.t.Fatalf("week %d, %s: the projector shows %q:\n%s", n, where, f, sc)
			}
		}
		return sc
	}
	s.tm.Keys(s.name, "4")
	s.tm.WaitFor(s.name, "Meetings (")
	check("the meetings list")
	s.tm.Keys(s.name, "Enter")
	s.tm.WaitFor(s.name, "Agenda")
	check("the agenda before meeting mode")
	s.tm.Keys(s.name, "m")
	first := s.tm.WaitFor(s.name, "Item 1 of ")
	m := itemOf.FindStringSubmatch(first)
	items, _ := strconv.Atoi(m[2])
	for i := 1; i <= items; i++ {
		s.tm.WaitFor(s.name, fmt.Sprintf("Item %d of %d", i, items))
		check(fmt.Sprintf("meeting mode, item %d", i))
		if i < items {
			s.tm.Keys(s.name, "l")
		}
	}
	// The reflexes: a search that is not there, and esc.
	s.tm.Keys(s.name, "/")
	s.tm.Keys(s.name, "Escape")
	time.Sleep(150 * time.Millisecond)
	if sc := check("after / and esc"); !strings.Contains(sc, "MEETING MODE") {
		w.t.Fatalf("week %d: / and esc left meeting mode:\n%s", n, sc)
	}
	s.tm.Keys(s.name, "m")
	s.tm.WaitFor(s.name, "Leave meeting mode?")
	s.tm.Keys(s.name, "y")
	s.tm.WaitFor(s.name, "Meeting mode has ended")
	check("the blank page")
	s.tm.Keys(s.name, "Escape")
	s.tm.WaitFor(s.name, "Meetings (")
	check("the list after meeting mode")
	s.quit()
	w.logf("  %s: %d agenda items shown on the projector, none showed a person or TLP:RED text", p.short, items)
}

var itemOf = regexp.MustCompile(`Item (\d+) of (\d+)`)

// monthly is the month's log review (on screen) and restore drill.
func (j *journey) monthly(n int) {
	w := j.w
	w.step(fmt.Sprintf("week %d: Lomma's monthly log review (loggkontroll), on screen", n), func() { j.logReview(w.lomma) })
	w.step(fmt.Sprintf("week %d: Lund's monthly restore drill", n), func() { j.restoreDrill(w.lund) })
}

// logReview does the log review on the audit-trail screen: draw the
// sample, judge every read justified, save; the review event must then be
// in the log, with counts only.
func (j *journey) logReview(p *party) {
	w := j.w
	s := w.openApp(p)
	s.tm.Keys(s.name, "5")
	s.tm.WaitFor(s.name, "log review")
	s.tm.Keys(s.name, "r")
	s.tm.WaitFor(s.name, "randomly drawn reads")
	for range 12 {
		s.tm.Keys(s.name, "y")
	}
	s.tm.Keys(s.name, "C-s")
	s.tm.WaitFor(s.name, "Last log review")
	s.quit()
	var review string
	for _, line := range strings.Split(w.must(p, "audit", "list"), "\n") {
		if strings.Contains(line, " review ") {
			review = line
		}
	}
	if !strings.Contains(review, "sample=") || strings.Contains(review, "Person") {
		w.t.Fatalf("%s: no review event with counts only after the log review: %q", p.short, review)
	}
	w.logf("  %s", strings.Join(strings.Fields(review), " "))
}

// quarterEnd is quarter q's work: follow-ups, the picture compiled and
// published, the report, and the bundles. It is done on the Friday of the
// week holding q's last Monday, which may already lie in the next quarter.
func (j *journey) quarterEnd(q model.Quarter) {
	w := j.w
	for _, p := range []*party{w.lomma, w.lund} {
		w.step(fmt.Sprintf("%s: %s records the quarter's follow-ups", q, p.short), func() {
			for _, id := range j.measures[p] {
				m := w.get(p, id).(*model.Measure)
				m.FollowUps = append(m.FollowUps, model.FollowUp{Date: model.DateOf(w.now), Effect: model.EffectPartial, Note: "Följs upp i samverkansgruppen"})
				m.NextFollowUp = model.DateOf(w.now).AddMonths(3)
				w.update(p, m)
			}
		})
		w.step(fmt.Sprintf("%s: %s compiles, weighs and publishes its picture", q, p.short), func() { j.publishPicture(p, q) })
		w.step(fmt.Sprintf("%s: %s writes the quarterly report", q, p.short), func() { j.report(p, q) })
	}
	for _, pr := range [][2]*party{{w.lomma, w.lst}, {w.lund, w.lst}, {w.lund, w.lomma}, {w.lomma, w.lund}} {
		from, to := pr[0], pr[1]
		kinds := "observation,measure,picture"
		if to == w.lst {
			kinds = "picture"
		}
		w.step(fmt.Sprintf("%s: %s exports to %s (%s)", q, from.short, to.short, kinds), func() { j.export(from, to, kinds) })
		if from == w.lund && to == w.lomma {
			w.step(fmt.Sprintf("%s: %s previews %s's bundle on the Utbyte screen and imports it", q, to.short, from.short), func() { j.importOnScreen(to, from) })
			continue
		}
		w.step(fmt.Sprintf("%s: %s previews and imports %s's bundle", q, to.short, from.short), func() { j.importBundle(to, from) })
	}
	if j.shared == "" {
		w.step(fmt.Sprintf("%s: Lund updates a record Lomma holds a copy of; Lomma receives the update", q), func() { j.updateShared() })
	}
	w.step(fmt.Sprintf("%s: Länsstyrelsen holds each municipality's published picture", q), func() {
		held := map[string]int{}
		for _, r := range w.records(w.lst, model.KindPicture) {
			if p := r.(*model.Picture); p.IsPublished() {
				held[p.Origin]++
			}
		}
		for _, p := range []*party{w.lomma, w.lund} {
			if held[p.id] != len(j.pictures[p]) {
				w.t.Fatalf("Länsstyrelsen holds %d published pictures of %s, want %d", held[p.id], p.short, len(j.pictures[p]))
			}
		}
	})
	// The regional view (the municipalities' pictures side by side at
	// Länsstyrelsen) is issue 17's.
	w.pendingStep(17, fmt.Sprintf("%s: Länsstyrelsen sees the municipalities' pictures side by side in its regional view", q))
	if !j.forged {
		j.forged = true
		w.step(fmt.Sprintf("%s: a partner gone bad sends Lomma validly signed forgeries", q), func() { j.forgeries() })
	}
	if !j.recovered {
		j.recovered = true
		w.step(fmt.Sprintf("%s: Lund loses its vault, recovers it from its backup, and Lomma accepts it again", q), func() { j.recover(w.lund, w.lomma) })
	}
}

// publishPicture compiles the quarter's picture from p's observations,
// stores it as a draft, then publishes it with its approver.
func (j *journey) publishPicture(p *party, q model.Quarter) {
	w := j.w
	var obs []*model.Observation
	var prev *model.Picture
	for _, r := range w.records(p, "") {
		switch v := r.(type) {
		case *model.Observation:
			obs = append(obs, v)
		case *model.Picture:
			if v.IsPublished() && (prev == nil || v.To.After(prev.To)) {
				prev = v
			}
		}
	}
	pic := model.CompilePicture(q.Start(), q.End(), obs, prev)
	pic.Summary = fmt.Sprintf("%s: lägesbilden för %s", p.short, q)
	id := w.add(p, pic)
	got := w.get(p, id).(*model.Picture)
	got.ApprovedBy = "Säkerhetschefen i " + p.name
	got.Published = w.now.UTC().Truncate(time.Second)
	w.update(p, got)
	if !w.get(p, id).(*model.Picture).IsPublished() {
		w.t.Fatalf("%s: the picture is not published after publishing it", p.short)
	}
	j.pictures[p] = append(j.pictures[p], id)
}

// report writes the quarterly report and checks what it may show.
func (j *journey) report(p *party, q model.Quarter) {
	w := j.w
	out := w.must(p, "report", "--quarter", q.String())
	if !strings.Contains(out, q.String()) {
		w.t.Fatalf("%s: the report does not name %s:\n%s", p.short, q, out)
	}
	for _, canary := range []string{redCanary, personCanary} {
		if strings.Contains(out, canary) {
			w.t.Fatalf("%s: the report shows %q", p.short, canary)
		}
	}
	// The case figures: each equals what the records say, or is shown
	// suppressed when it is from 1 to 4 (R3) — never as 0, never as itself.
	var cs []*model.Case
	for _, r := range w.records(p, model.KindCase) {
		cs = append(cs, r.(*model.Case))
	}
	rep := model.QuarterlyFollowUp(q, model.DateOf(w.now), nil, nil, cs, nil)
	for label, n := range map[string]int{"- Opened: ": rep.CasesOpened, "- Closed: ": rep.CasesClosed, "- Active in the quarter: ": rep.CasesActive} {
		got := reportFigure(out, label)
		switch {
		case n >= 1 && n <= 4 && got != `\< 5`:
			w.t.Fatalf("%s: %q %d is printed as %q, want it suppressed:\n%s", p.short, label, n, got, out)
		case (n == 0 || n >= 5) && got != fmt.Sprint(n) && got != "≥ 5" && got != `\< 5`:
			w.t.Fatalf("%s: %q is %d in the records, %q in the report", p.short, label, n, got)
		}
		w.logf("  %s%s (records: %d)", label, got, n)
	}
}

// reportFigure returns what follows label on its line of the report.
func reportFigure(report, label string) string {
	for _, line := range strings.Split(report, "\n") {
		if v, ok := strings.CutPrefix(line, label); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// export writes a bundle from one party to another.
func (j *journey) export(from, to *party, kinds string) {
	w := j.w
	w.seq++
	path := filepath.Join(w.root, fmt.Sprintf("%04d-%s-to-%s-%s.age", w.seq, from.short, to.short, w.now.Format("20060102")))
	w.must(from, "export", "--to", to.name, "--kinds", kinds, "--legal-basis", "OSL 10 kap. 2 §", "--purpose", "Gemensam lägesbild", "-o", path)
	if j.exported[from] == nil {
		j.exported[from] = map[*party]string{}
	}
	j.exported[from][to] = path
}

// importBundle imports the newest bundle from one party to another: the
// CLI shows the preview; --yes applies it.
func (j *journey) importBundle(to, from *party) {
	w := j.w
	path := j.exported[from][to]
	out := w.must(to, "import", path, "--yes")
	if !strings.Contains(out, "imported bundle") {
		w.t.Fatalf("%s: import of %s's bundle: %s", to.short, from.short, out)
	}
	w.signedBy[to][from.id] = true
	w.logf("  %s", strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:]))
	// The same file again changes nothing.
	again := w.must(to, "import", path, "--yes")
	if strings.Contains(again, "imported bundle") {
		w.t.Fatalf("%s imported %s's bundle a second time: %s", to.short, from.short, again)
	}
}

// importOnScreen imports the newest bundle from one party to another on
// the Utbyte screen: the path typed, the preview read (sender, legal
// basis, what changes), y to apply.
func (j *journey) importOnScreen(to, from *party) {
	w := j.w
	path := j.exported[from][to]
	s := w.openApp(to)
	s.tm.Keys(s.name, "6")
	s.tm.WaitFor(s.name, "Partners")
	s.tm.Keys(s.name, "i")
	s.tm.WaitFor(s.name, "Path to the bundle")
	s.tm.Text(s.name, path)
	s.tm.Keys(s.name, "Enter")
	sc := s.tm.WaitFor(s.name, "y: import")
	for _, want := range []string{from.name, "OSL 10 kap. 2 §", "Gemensam lägesbild"} {
		if !strings.Contains(sc, want) {
			w.t.Fatalf("%s: the import preview lacks %q:\n%s", to.short, want, sc)
		}
	}
	s.tm.Keys(s.name, "y")
	s.tm.WaitFor(s.name, "Imported:")
	s.tm.Escape(s.name, "Imported:")
	s.quit()
	w.signedBy[to][from.id] = true
	if again := w.must(to, "import", path, "--yes"); strings.Contains(again, "imported bundle") {
		w.t.Fatalf("%s imported %s's bundle a second time: %s", to.short, from.short, again)
	}
}

// updateShared: Lomma writes its own remark on one of Lund's observations
// (a local note: Lomma may not change Lund's record), Lund then changes
// that observation and sends it again; Lomma's copy then equals Lund's new
// version, and Lomma's note is still there, marked as older than the
// record. The note never travels.
func (j *journey) updateShared() {
	w := j.w
	var mine *model.Observation
	for _, r := range w.records(w.lomma, model.KindObservation) {
		if o := r.(*model.Observation); o.Origin == w.lund.id && o.Dimension == model.DimensionGroup {
			mine = o
			break
		}
	}
	if mine == nil {
		w.t.Fatal("Lomma holds no observation of Lund's to follow")
	}
	j.shared = mine.ID
	const remark = "Lommas anteckning: samma grupp syns hos oss"
	edited := *mine
	edited.Summary = remark
	b, _ := model.Encode(&edited)
	if code, _, errs := w.run(w.lomma, "", "record", "update", string(mine.ID), "--json", w.file("edit.json", b)); code == 0 {
		w.t.Fatal("Lomma changed a record of Lund's")
	} else {
		w.logf("  Lomma may not change Lund's record: %s", strings.TrimSpace(errs))
	}
	w.must(w.lomma, "record", "note", string(mine.ID), "--text-file", w.file("note.txt", []byte(remark)))
	theirs := w.get(w.lund, mine.ID).(*model.Observation)
	theirs.Summary += " (bekräftat av polisen)"
	theirs.Concern = model.ConcernHigh
	w.update(w.lund, theirs)
	j.export(w.lund, w.lomma, "observation,measure,picture")
	j.importBundle(w.lomma, w.lund)
	got := w.get(w.lomma, mine.ID).(*model.Observation)
	want := w.get(w.lund, mine.ID).(*model.Observation)
	if got.Version != want.Version || essence(got) != essence(want) {
		w.t.Fatalf("Lomma's copy after Lund's update: version %d %q, Lund has version %d %q", got.Version, got.Summary, want.Version, want.Summary)
	}
	note := w.must(w.lomma, "record", "note", string(mine.ID))
	if !strings.Contains(note, remark) || !strings.Contains(note, "changed since this note") {
		w.t.Fatalf("Lomma's note after Lund's update:\n%s", note)
	}
	// The note is Lomma's own: it is not in what Lomma sends.
	j.export(w.lomma, w.lund, "observation,measure,picture")
	j.importBundle(w.lund, w.lomma)
	for _, r := range w.records(w.lund, "") {
		if b, _ := model.Encode(r); strings.Contains(string(b), remark) {
			w.t.Fatalf("Lomma's note reached Lund in %s %s", r.Kind(), r.Base().ID)
		}
	}
}

// forgeries: a partner gone bad (registered at Lomma, its key its own)
// sends validly signed bundles that speak for others: a copy of Lund's
// picture at version 999 dated 2099, and one of Lomma's own records
// rewritten. Each is refused whole and nothing is written.
func (j *journey) forgeries() {
	w := j.w
	mal, err := bundle.GenerateIdentity(rand.Reader, strings.Repeat("ba", 16))
	if err != nil {
		w.t.Fatal(err)
	}
	w.must(w.lomma, "partner", "add", "Falskby kommun", "--from", w.file("falskby.txt", []byte(mal.Public().String())), "--org", "other_municipality")
	to, err := bundle.ParsePublic(w.must(w.lomma, "identity"))
	if err != nil {
		w.t.Fatal(err)
	}
	var lunds, own model.Record
	for _, r := range w.records(w.lomma, "") {
		switch o := r.Base().Origin; {
		case lunds == nil && o == w.lund.id && r.Kind() == model.KindPicture:
			lunds = r
		case own == nil && o == w.lomma.id && r.Kind() == model.KindObservation && !isCaseData(r):
			own = r
		}
	}
	if lunds == nil || own == nil {
		w.t.Fatal("Lomma holds no picture of Lund's, or no observation of its own, to forge")
	}
	lunds.Base().Version, lunds.Base().Updated = 999, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	own.Base().Origin = strings.Repeat("ba", 16)
	own.Base().Version++
	own.(*model.Observation).Summary = "Förfalskad"
	for i, forged := range []model.Record{lunds, own} {
		var buf bytes.Buffer
		bw, err := bundle.NewWriter(&buf, mal, bundle.Header{To: to, ToName: w.lomma.name, Sequence: uint64(i + 1),
			Scope:      bundle.Scope{Kinds: []model.Kind{model.KindObservation, model.KindPicture}, MaxTLP: model.TLPAmber},
			LegalBasis: "OSL 10 kap. 2 §", Purpose: "Förfalskning", Created: w.now})
		if err != nil {
			w.t.Fatal(err)
		}
		if err := bw.Add(forged); err != nil {
			w.t.Fatal(err)
		}
		if _, err := bw.Close(); err != nil {
			w.t.Fatal(err)
		}
		code, out, errs := w.run(w.lomma, "", "import", w.file("forged.age", buf.Bytes()), "--yes")
		if code == 0 || !strings.Contains(errs, "nothing was written") || !strings.Contains(errs, string(forged.Base().ID)) {
			w.t.Fatalf("Lomma did not refuse the forged %s %s whole, naming it: exit %d\n%s%s", forged.Kind(), forged.Base().ID, code, out, errs)
		}
		w.logf("  refused: %s", strings.TrimSpace(errs))
	}
}

// restoreDrill takes a backup and proves it with `varn backup verify`,
// which restores it into a temporary directory, checks it and removes it;
// the live vault must go on opening and verifying (the invariants after
// the step), and nothing of the drill may be left behind.
func (j *journey) restoreDrill(p *party) {
	w := j.w
	w.seq++
	path := filepath.Join(w.root, fmt.Sprintf("%04d-%s-backup.age", w.seq, p.short))
	w.must(p, "backup", "-o", path)
	j.backups[p] = path
	before, _ := os.ReadDir(w.root)
	out := w.must(p, "backup", "verify", path)
	if !strings.Contains(out, p.id) {
		w.t.Fatalf("%s: the drill's report does not name the vault:\n%s", p.short, out)
	}
	after, _ := os.ReadDir(w.root)
	if len(after) != len(before) {
		w.t.Fatalf("%s: the drill left %d entries behind in the temporary directory", p.short, len(after)-len(before))
	}
	w.logf("  %s", strings.Join(strings.Fields(strings.SplitN(out, "\n", 2)[0]), " "))
}

// recover: p loses its vault directory and recovers it from its newest
// backup on the same host; partner accepts it again after comparing by
// phone (reset-sequence), and p's next bundle goes through.
func (j *journey) recover(p, partner *party) {
	w := j.w
	// Last night's backup: nothing was written after it, so nothing
	// partners hold is newer than the recovered vault.
	w.seq++
	backup := filepath.Join(w.root, fmt.Sprintf("%04d-%s-backup.age", w.seq, p.short))
	w.must(p, "backup", "-o", backup)
	if err := os.RemoveAll(p.dir); err != nil {
		w.t.Fatal(err)
	}
	out := w.must(p, "restore", backup)
	w.logf("  %s", strings.Join(strings.Fields(strings.SplitN(out, "\n", 2)[0]), " "))
	restored := map[model.ID]bool{}
	for _, r := range w.records(p, "") {
		restored[r.Base().ID] = true
	}
	for id := range p.acked {
		if !restored[id] {
			delete(p.acked, id)
		}
	}
	// p's next bundle: if the partner refuses it (its sequence or log went
	// back), the partner confirms the recovery by phone and resets, as the
	// operator's guide says, and imports it then.
	j.export(p, partner, "observation,measure,picture")
	code, out2, errs := w.run(partner, "", "import", j.exported[p][partner], "--yes")
	if code != 0 {
		w.logf("  %s refuses %s's first bundle after the recovery: %s", partner.short, p.short, strings.TrimSpace(errs))
		w.must(partner, "partner", "reset-sequence", p.name, "--reason", "återställt från säkerhetskopia, bekräftat per telefon", "--yes")
		out2 = w.must(partner, "import", j.exported[p][partner], "--yes")
	}
	if !strings.Contains(out2, "imported bundle") {
		w.t.Fatalf("%s did not import %s's bundle after the recovery:\n%s", partner.short, p.short, out2)
	}
	w.signedBy[partner][p.id] = true
}

// yearEnd is the yearly purge (gallring): afterwards nothing is past its
// retention date, and what was due is gone.
func (j *journey) yearEnd() {
	w := j.w
	w.step("the yearly purge (gallring)", func() {
		w.must(w.lomma, "purge", "--yes")
		delete(w.lomma.acked, j.dueForPurge)
		if out := w.must(w.lomma, "purge", "--dry-run"); !strings.Contains(out, "nothing is past its retention date") {
			w.t.Fatalf("after the purge something is still due:\n%s", out)
		}
		if code, _, _ := w.run(w.lomma, "", "record", "get", string(j.dueForPurge)); code == 0 {
			w.t.Fatal("the purged observation can still be read")
		}
	})
}
