package picture

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

// picInput is what the pictures view is asking for, if anything.
type picInput int

const (
	picNone      picInput = iota
	picPeriod             // the period to compile
	picJudgement          // a key judgement and its likelihood
	picPublish            // y/n to publish
)

type picSavedMsg struct {
	pic  *model.Picture
	note string
	err  error
}

// sortedPictures returns the pictures newest period first.
func (m *Model) sortedPictures() []*model.Picture {
	ps := slices.Clone(m.pics)
	slices.SortFunc(ps, func(a, b *model.Picture) int {
		if c := b.From.Compare(a.From); c != 0 {
			return c
		}
		return strings.Compare(string(b.ID), string(a.ID))
	})
	return ps
}

// current returns the selected picture, nil if there is none.
func (m *Model) current() *model.Picture {
	ps := m.sortedPictures()
	if len(ps) == 0 {
		return nil
	}
	return ps[min(m.picCursor, len(ps)-1)]
}

func (m *Model) picturesKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.picAsk != picNone {
		return m.picInputKey(msg)
	}
	km := m.com.KeyMap
	cur := m.current()
	switch {
	case key.Matches(msg, km.Global.Back):
		m.mode = ModeOverview
	case key.Matches(msg, km.Nav.Up):
		m.picCursor = max(m.picCursor-1, 0)
	case key.Matches(msg, km.Nav.Down):
		m.picCursor = min(m.picCursor+1, max(len(m.pics)-1, 0))
	case key.Matches(msg, km.Record.Compile):
		m.picAsk, m.picText, m.picErr = picPeriod, []rune(model.QuarterOf(model.DateOf(m.com.Now())).String()), ""
	case key.Matches(msg, km.Record.Judgement) && cur != nil:
		if cur.IsPublished() {
			return m.status(m.com.T(model.UIPicFrozen))
		}
		m.picAsk, m.picText, m.picErr, m.picFocus = picJudgement, nil, "", 0
		m.picLikelihood = slices.Index(model.AllLikelihoods(), model.LikelihoodRoughlyEven)
	case key.Matches(msg, km.Record.Publish) && cur != nil:
		if cur.IsPublished() {
			return m.status(m.com.T(model.UIPicFrozen))
		}
		m.picAsk, m.picErr = picPublish, ""
	}
	return nil
}

func (m *Model) status(text string) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: text} }
}

func (m *Model) picInputKey(msg tea.KeyPressMsg) tea.Cmd {
	k := msg.Key()
	if m.picAsk == picPublish {
		m.picAsk = picNone
		if s := msg.String(); s == "y" || s == "j" {
			return m.publish()
		}
		return nil
	}
	switch {
	case k.Code == tea.KeyEscape:
		m.picAsk = picNone
		return nil
	case k.Code == tea.KeyEnter:
		if m.picAsk == picPeriod {
			return m.compile(string(m.picText))
		}
		return m.addJudgement()
	case m.picAsk == picJudgement && (k.Code == tea.KeyTab || k.Code == tea.KeyUp || k.Code == tea.KeyDown):
		m.picFocus = 1 - m.picFocus
		return nil
	case m.picAsk == picJudgement && m.picFocus == 1:
		n := len(model.AllLikelihoods())
		switch msg.String() {
		case "right", "space", "l":
			m.picLikelihood = (m.picLikelihood + 1) % n
		case "left", "h":
			m.picLikelihood = (m.picLikelihood + n - 1) % n
		}
		return nil
	case k.Code == tea.KeyBackspace:
		if len(m.picText) > 0 {
			m.picText = m.picText[:len(m.picText)-1]
		}
	case k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(m.picText) < model.MaxText:
		add := []rune(k.Text) // one key may carry many characters
		m.picText = append(m.picText, add[:min(len(add), model.MaxText-len(m.picText))]...)
	}
	return nil
}

// parsePeriod reads a quarter ("2026Q4") or two dates.
func parsePeriod(s string) (from, to model.Date, ok bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '–' || r == ',' })
	switch len(f) {
	case 1:
		q, err := model.ParseQuarter(strings.ToUpper(f[0]))
		if err != nil {
			return from, to, false
		}
		return q.Start(), q.End(), true
	case 2:
		a, err1 := model.ParseDate(f[0])
		b, err2 := model.ParseDate(f[1])
		if err1 != nil || err2 != nil || b.Before(a) {
			return from, to, false
		}
		return a, b, true
	}
	return from, to, false
}

// compile proposes a picture for the period from its observations with
// the model's rules and saves it as a draft. A draft of the same period
// is recompiled in place (its judgements kept); a published one is
// frozen.
func (m *Model) compile(period string) tea.Cmd {
	from, to, ok := parsePeriod(period)
	if !ok {
		m.picErr = m.com.T(model.UIPicBadPeriod)
		return nil
	}
	m.picAsk = picNone
	if m.partial || !m.loaded {
		// A picture compiled from part of the observations would be wrong.
		return m.status(m.com.T(model.UIStillLoading))
	}
	var existing *model.Picture
	for _, p := range m.pics {
		if p.From == from && p.To == to {
			if p.IsPublished() {
				return m.status(m.com.T(model.UIPicFrozen))
			}
			existing = p
		}
	}
	probe := &model.Picture{From: from, To: to}
	if existing != nil {
		probe = existing
	}
	prev := model.PreviousPicture(probe, m.pics)
	p := model.CompilePicture(from, to, m.ix.Obs, prev)
	if existing != nil {
		c := *existing
		c.Milieus, c.Observations, c.Previous = p.Milieus, p.Observations, p.Previous
		p = &c
	}
	note := m.com.T(model.UIPicCompiled, p.Title, len(p.Observations))
	return m.putPicture(p, note)
}

func (m *Model) addJudgement() tea.Cmd {
	cur := m.current()
	text := strings.TrimSpace(string(m.picText))
	if cur == nil {
		m.picAsk = picNone
		return nil
	}
	if text == "" {
		m.picErr = m.com.T(model.UIRequired)
		return nil
	}
	c := *cur
	c.Judgements = append(slices.Clone(cur.Judgements), model.Judgement{Text: text, Likelihood: model.AllLikelihoods()[m.picLikelihood]})
	if ps := model.Validate(&c, nil); len(ps) > 0 {
		m.picErr = ps[0].Text(m.com.Lang)
		return nil
	}
	m.picAsk = picNone
	return m.putPicture(&c, "")
}

func (m *Model) publish() tea.Cmd {
	cur := m.current()
	if cur == nil || cur.IsPublished() {
		return nil
	}
	c := *cur
	c.Published = m.com.Now()
	if st := m.com.Store; st != nil {
		c.ApprovedBy = st.Info().User
	}
	return m.putPicture(&c, m.com.T(model.UIPicPublishedOK, model.SanitizeLine(c.Title)))
}

func (m *Model) putPicture(p *model.Picture, note string) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		r, err := st.Put(ctx, p)
		if err != nil {
			return picSavedMsg{err: err}
		}
		sp, _ := r.(*model.Picture)
		if sp == nil {
			sp = p
		}
		return picSavedMsg{pic: sp, note: note}
	}
}

func (m *Model) picSaved(msg picSavedMsg) tea.Cmd {
	if msg.err != nil {
		return common.ErrorCmd(msg.err)
	}
	i := slices.IndexFunc(m.pics, func(p *model.Picture) bool { return p.ID == msg.pic.ID })
	if i >= 0 {
		m.pics[i] = msg.pic
	} else {
		m.pics = append(m.pics, msg.pic)
	}
	m.picCursor = max(slices.IndexFunc(m.sortedPictures(), func(p *model.Picture) bool { return p.ID == msg.pic.ID }), 0)
	m.mode = ModePictures
	at := m.com.Now()
	cmds := []tea.Cmd{func() tea.Msg { return common.SavedMsg{At: at, Record: msg.pic} }}
	if msg.note != "" {
		cmds = append(cmds, m.status(msg.note))
	}
	return tea.Sequence(cmds...)
}

// picTitle names a picture with its period and state.
func (m *Model) picTitle(p *model.Picture) string {
	if p == nil {
		return "–"
	}
	st := m.com.T(model.UIDraftPicture)
	if p.IsPublished() {
		st = m.com.T(model.UIPublished, p.Published.Local().Format("2006-01-02"))
	}
	return model.SanitizeLine(p.Title) + " " + st
}

// arrow marks the direction of a level change without colour.
func arrow(before, after model.Level) string {
	switch {
	case after > before:
		return "↑"
	case after < before:
		return "↓"
	}
	return " "
}

// picturesView shows the selected picture side by side with the
// previous period's: presence, activity and trend per milieu, each
// changed value marked (↑/↓ and highlighted, ≠ on the row), then the key
// judgements with their likelihood.
func (m *Model) picturesView() string {
	s := m.com.Styles
	ps := m.sortedPictures()
	var b strings.Builder
	line := func(t string) { b.WriteString(ansi.Truncate(t, m.w, "…") + "\n") }
	if len(ps) == 0 {
		line(s.Title.Render(m.com.T(model.UIPicturesTitle, 0)))
		line(s.Muted.Render(" " + m.com.T(model.UIPicturesNone)))
	} else {
		m.picCursor = min(m.picCursor, len(ps)-1)
		cur := ps[m.picCursor]
		prev := model.PreviousPicture(cur, m.pics)
		line(s.Title.Render(m.com.T(model.UIPicturesTitle, len(ps))) + "  " + s.Muted.Render(m.com.T(model.UIPicOf, m.picCursor+1, len(ps))))
		period := cur.From.String() + " – " + cur.To.String()
		cmp := m.com.T(model.UIPicComparedWith) + " "
		if prev != nil {
			cmp += m.picTitle(prev)
		} else {
			cmp += m.com.T(model.UIPicNoPrevious)
		}
		line(s.Label.Render(m.picTitle(cur)) + "  " + period + " · " + m.com.T(model.UIPicObservations, len(cur.Observations)) + " · " + cmp)
		m.compareTable(&b, prev, cur)
		if len(cur.Judgements) > 0 {
			b.WriteString("\n")
			line(s.Label.Render(m.com.T(model.UIJudgements)))
			for _, j := range cur.Judgements {
				line(" • " + model.SanitizeLine(j.Text) + " (" + j.Likelihood.Label(m.com.Lang) + ")")
			}
		}
		b.WriteString("\n")
		line(s.Muted.Render(m.com.T(model.UIPicLegend)))
	}
	switch m.picAsk {
	case picPeriod:
		line(s.Label.Render(m.com.T(model.UIPicPeriodPrompt, model.QuarterOf(model.DateOf(m.com.Now())))) + model.SanitizeLine(string(m.picText)) + "▏")
	case picJudgement:
		t := model.SanitizeLine(string(m.picText))
		lk := "‹ " + model.AllLikelihoods()[m.picLikelihood].Label(m.com.Lang) + " ›"
		if m.picFocus == 0 {
			t = s.InputFocus.Render(t + "▏")
		} else {
			lk = s.InputFocus.Render(lk)
		}
		line(s.Label.Render(pad(m.com.T(model.UIPicJudgement), 14)) + " " + t)
		line(s.Label.Render(pad(m.com.T(model.UIPicLikelihood), 14)) + " " + lk)
	case picPublish:
		line(s.Warning.Render(m.com.T(model.UIPicPublishConfirm, model.SanitizeLine(m.current().Title))))
	}
	if m.picErr != "" {
		line(s.Error.Render("✗ " + m.picErr))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// compareTable writes the milieu rows of cur beside prev's.
func (m *Model) compareTable(b *strings.Builder, prev, cur *model.Picture) {
	s := m.com.Styles
	l := m.com.Lang
	changes := model.ComparePictures(prev, cur)
	labelW := 18
	trendW := 12
	if m.w >= 120 {
		labelW, trendW = 24, 14
	}
	half := func(pres, act string, tr string) string {
		return pad(pres, 10) + pad(act, 10) + pad(tr, trendW)
	}
	pres, act, tr := m.com.T(model.UIPresence), m.com.T(model.UIActivity), m.com.T(model.UIFieldTrend)
	titles := "  " + pad("", labelW) + pad(m.picTitle(cur), 20+trendW) + "│ " + m.picTitle(prev)
	b.WriteString(s.Label.Render(ansi.Truncate(titles, m.w, "…")) + "\n")
	head := "  " + pad("", labelW) + half(pres, act, tr) + "│ " + half(pres, act, tr)
	b.WriteString(s.Header.Render(ansi.Truncate(head, m.w, "")) + "\n")
	if len(changes) == 0 {
		b.WriteString(s.Muted.Render(" "+m.com.T(model.UIPicNoLevels)) + "\n")
		return
	}
	for _, c := range changes {
		mark := "  "
		if prev != nil && c.Changed() {
			mark = "≠ "
		}
		hl := func(v string, changed bool) string {
			if changed && prev != nil {
				return s.Changed.Render(v)
			}
			return v
		}
		var left, right string
		if c.After {
			left = hl(pad(fmt.Sprintf("%d %s", c.PresenceAfter, arrow(c.PresenceBefore, c.PresenceAfter)), 10), c.PresenceBefore != c.PresenceAfter || !c.Before) +
				hl(pad(fmt.Sprintf("%d %s", c.ActivityAfter, arrow(c.ActivityBefore, c.ActivityAfter)), 10), c.ActivityBefore != c.ActivityAfter || !c.Before) +
				hl(pad(c.TrendAfter.Label(l), trendW), c.TrendBefore != c.TrendAfter || !c.Before)
		} else {
			left = hl(pad("–", 10+10+trendW), true)
		}
		if c.Before {
			right = pad(fmt.Sprintf("%d", c.PresenceBefore), 10) + pad(fmt.Sprintf("%d", c.ActivityBefore), 10) + pad(c.TrendBefore.Label(l), trendW)
		} else {
			right = "–"
		}
		b.WriteString(ansi.Truncate(mark+pad(c.Milieu.Label(l), labelW-1)+" "+left+"│ "+right, m.w, "") + "\n")
	}
}
