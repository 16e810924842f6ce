package picture

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
)

// sortedPictures returns the pictures newest period first.
func (m *Model) sortedPictures() []*model.Picture {
	ps := slices.Clone(m.pics)
	slices.SortFunc(ps, func(a, b *model.Picture) int { return b.From.Compare(a.From) })
	return ps
}

func (m *Model) picturesKey(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
	switch {
	case key.Matches(msg, km.Global.Back):
		m.mode = ModeOverview
	case key.Matches(msg, km.Nav.Up):
		m.picCursor = max(m.picCursor-1, 0)
	case key.Matches(msg, km.Nav.Down):
		m.picCursor = min(m.picCursor+1, max(len(m.pics)-1, 0))
	}
	return nil
}

// picturesView shows the selected picture side by side with the
// previous period's, differences marked with ≠ and highlighted.
func (m *Model) picturesView() string {
	s := m.com.Styles
	ps := m.sortedPictures()
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.UIPicturesTitle, len(ps))) + "\n")
	if len(ps) == 0 {
		b.WriteString(s.Muted.Render(" " + m.com.T(model.UIPicturesNone)))
		return b.String()
	}
	cur := ps[min(m.picCursor, len(ps)-1)]
	var prev *model.Picture
	if m.picCursor+1 < len(ps) {
		prev = ps[m.picCursor+1]
	}
	l := m.com.Lang
	colW := max((m.w-20)/2, 12)
	title := func(p *model.Picture) string {
		if p == nil {
			return "–"
		}
		st := m.com.T(model.UIDraftPicture)
		if !p.Published.IsZero() {
			st = m.com.T(model.UIPublished, p.Published.Local().Format("2006-01-02"))
		}
		return fmt.Sprintf("%s–%s %s", p.From, p.To, st)
	}
	b.WriteString(s.Header.Render(pad("", 18)+" "+pad(title(cur), colW)+" "+pad(title(prev), colW)) + "\n")
	lv := func(p *model.Picture, mi model.Milieu) string {
		if p == nil {
			return "–"
		}
		ml, ok := p.Level(mi)
		if !ok {
			return "–"
		}
		return fmt.Sprintf("%s %d · %s %d · %s", m.com.T(model.UIPresence), ml.Presence, m.com.T(model.UIActivity), ml.Activity, ml.Trend.Label(l))
	}
	for _, mi := range model.AllMilieus() {
		a, c := lv(cur, mi), lv(prev, mi)
		mark := "  "
		left := pad(a, colW)
		if prev != nil && a != c {
			mark = "≠ "
			left = s.Changed.Render(left)
		}
		b.WriteString(ansi.Truncate(mark+pad(mi.Label(l), 16)+" "+left+" "+pad(c, colW), m.w, "") + "\n")
	}
	if len(cur.Judgements) > 0 {
		b.WriteString("\n" + s.Label.Render(m.com.T(model.UIJudgements)) + "\n")
		for _, j := range cur.Judgements {
			b.WriteString(ansi.Truncate(" • "+model.SanitizeLine(j.Text)+" ("+j.Likelihood.Label(l)+")", m.w, "…") + "\n")
		}
	}
	return b.String()
}
