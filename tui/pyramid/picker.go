package pyramid

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

// picker chooses observations (many) or a case (one) for a measure.
type picker struct {
	target   *model.Measure // a copy, saved on enter
	query    []rune
	hits     []int // observation positions, or case positions
	selected map[model.ID]bool
	order    []model.ID // selection in the order made
	cursor   int
	offset   int
	// unsearched counts the individual-level observations a text query
	// leaves out (R2); 0 without a query.
	unsearched int
}

func (m *Model) openPickObs(x *model.Measure) {
	c := *x
	p := &picker{target: &c, selected: map[model.ID]bool{}}
	for _, id := range x.Observations {
		p.selected[id] = true
		p.order = append(p.order, id)
	}
	m.pick = p
	if m.mode == ModeDetail {
		m.back = ModeDetail
	}
	m.mode = ModePickObs
	m.refilter()
}

func (m *Model) openPickCase(x *model.Measure) {
	m.pick = &picker{target: x, selected: map[model.ID]bool{}}
	if x.Case != "" {
		m.pick.selected[x.Case] = true
	}
	if m.mode == ModeDetail {
		m.back = ModeDetail
	}
	m.mode = ModePickCase
	m.pickGen++
	m.refilter()
}

// refilter recomputes the picker's hits for its query. Observations are
// searched with the model's index, which never matches observations about
// individuals by text (R2); cases by pseudonym or title only.
func (m *Model) refilter() {
	p := m.pick
	q := strings.TrimSpace(string(p.query))
	if m.mode == ModePickObs {
		if m.obsIx == nil {
			if m.obs == nil {
				m.obs = common.NewObservationSet(nil)
			}
			m.obsIx = m.obs.Index() // built when loaded, off the UI goroutine
		}
		p.hits = m.obsIx.Search(nil, q, p.hits)
		p.unsearched = 0
		if q != "" {
			p.unsearched = m.obsIx.Unsearched(nil)
		}
		// Newest first.
		for i, j := 0, len(p.hits)-1; i < j; i, j = i+1, j-1 {
			p.hits[i], p.hits[j] = p.hits[j], p.hits[i]
		}
	} else {
		p.hits = p.hits[:0]
		lq := strings.ToLower(q)
		for i, c := range m.cases {
			if !c.open && !p.selected[c.id] {
				continue
			}
			if lq == "" || strings.Contains(strings.ToLower(c.label), lq) || strings.Contains(strings.ToLower(string(c.id)), lq) {
				p.hits = append(p.hits, i)
			}
		}
	}
	p.cursor = min(max(p.cursor, 0), max(len(p.hits)-1, 0))
	m.pickClamp()
}

func (m *Model) pickHeight() int { return max(m.h-4, 1) }

func (m *Model) pickClamp() {
	p := m.pick
	h := m.pickHeight()
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+h {
		p.offset = p.cursor - h + 1
	}
	p.offset = max(p.offset, 0)
}

func (m *Model) pickID(i int) model.ID {
	if m.mode == ModePickObs {
		return m.obs.All[m.pick.hits[i]].ID
	}
	return m.cases[m.pick.hits[i]].id
}

func (m *Model) pickKey(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
	p := m.pick
	k := msg.Key()
	switch {
	case key.Matches(msg, km.Global.Back):
		m.pick = nil
		m.mode = m.listMode()
		if m.detail != nil && m.back == ModeDetail {
			m.mode = ModeDetail
		}
		return nil
	case k.Code == tea.KeyUp:
		p.cursor--
	case k.Code == tea.KeyDown:
		p.cursor++
	case k.Code == tea.KeyPgUp:
		p.cursor -= m.pickHeight()
	case k.Code == tea.KeyPgDown:
		p.cursor += m.pickHeight()
	case msg.String() == "space" || k.Code == tea.KeySpace:
		if m.mode == ModePickObs && p.cursor < len(p.hits) {
			id := m.pickID(p.cursor)
			if p.selected[id] {
				delete(p.selected, id)
				for i, o := range p.order {
					if o == id {
						p.order = append(p.order[:i], p.order[i+1:]...)
						break
					}
				}
			} else {
				p.selected[id] = true
				p.order = append(p.order, id)
			}
		}
	case k.Code == tea.KeyEnter:
		return m.pickDone()
	case k.Code == tea.KeyBackspace:
		if len(p.query) > 0 {
			p.query = p.query[:len(p.query)-1]
			p.cursor = 0
			m.refilter()
		}
		return nil
	case k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(p.query) < 200:
		p.query = append(p.query, []rune(k.Text)...)
		p.cursor = 0
		m.refilter()
		return nil
	}
	p.cursor = min(max(p.cursor, 0), max(len(p.hits)-1, 0))
	m.pickClamp()
	return nil
}

// pickDone saves the picked links.
func (m *Model) pickDone() tea.Cmd {
	p := m.pick
	x := p.target
	if m.mode == ModePickObs {
		x.Observations = append([]model.ID(nil), p.order...)
		if len(x.Observations) == 0 {
			x.Observations = nil
		}
		return m.save(x, m.com.T(model.PyrLinked, len(x.Observations)))
	}
	if p.cursor >= len(p.hits) {
		return common.ErrorCmd(errorText(m.com.T(model.PyrNoCases)))
	}
	x.Case = m.pickID(p.cursor)
	x.Tier = model.TierIndividual
	if x.ID == "" {
		// A new measure: back to its form's checks, save, then show it.
		m.back = ModeDetail
		if ps := model.Validate(x, nil); len(ps) > 0 {
			m.openForm(x)
			m.form.SetProblems(ps, m.com.Lang, nil)
			return nil
		}
	}
	return m.save(x, m.com.T(model.PyrMoved, x.Tier.Label(m.com.Lang)))
}

type errorText string

func (e errorText) Error() string { return string(e) }

func (m *Model) pickView() string {
	s := m.com.Styles
	p := m.pick
	var b strings.Builder
	title := model.PyrPickObs
	total := m.obs.Len()
	if m.mode == ModePickCase {
		title = model.PyrPickCase
		total = len(m.cases)
	}
	b.WriteString(s.Title.Render(ansi.Truncate(m.com.T(title), m.w, "…")) + "\n")
	b.WriteString(ansi.Truncate(s.Label.Render("/ ")+model.SanitizeLine(string(p.query))+"▏  "+s.Muted.Render(m.com.T(model.PyrPickHint)), m.w, "…") + "\n")
	count := m.com.T(model.PyrPickCount, len(p.hits), total, len(p.selected))
	if p.unsearched > 0 {
		count += " · " + m.com.T(model.UISearchIndividualExcluded, p.unsearched)
	}
	b.WriteString(s.Muted.Render(ansi.Truncate(" "+count, m.w, "…")))
	if len(p.hits) == 0 {
		if p.unsearched > 0 {
			// Not a bare "no matches": the search left some out (R2).
			for _, l := range strings.Split(ansi.Wrap(m.com.T(model.UINoMatchesSearchable), max(m.w-1, 10), " "), "\n") {
				b.WriteString("\n" + s.Muted.Render(" "+l))
			}
			return b.String()
		}
		b.WriteString("\n" + s.Muted.Render(" "+m.com.T(model.UINoMatches)))
		return b.String()
	}
	l := m.com.Lang
	end := min(p.offset+m.pickHeight(), len(p.hits))
	for i := p.offset; i < end; i++ {
		var line string
		if m.mode == ModePickObs {
			o := m.obs.All[p.hits[i]]
			mark := "[ ]"
			if p.selected[o.ID] {
				mark = "[x]"
			}
			line = " " + mark + " " + o.Observed.String() + " " + common.Pad(o.Dimension.Label(l), 11) + " " +
				common.Pad(model.SanitizeLine(o.Area), 12) + " " + model.SanitizeLine(o.Summary)
		} else {
			c := m.cases[p.hits[i]]
			mark := "( )"
			if p.selected[c.id] {
				mark = "(•)"
			}
			line = " " + mark + " " + string(c.id) + " " + common.Pad(c.label, 24) + " " + c.status.Label(l)
		}
		line = ansi.Truncate(line, m.w, "…")
		b.WriteByte('\n')
		if i == p.cursor {
			b.WriteString(s.Selected.Render(common.Pad(line, m.w)))
		} else {
			b.WriteString(line)
		}
	}
	return b.String()
}
