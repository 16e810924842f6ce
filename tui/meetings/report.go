package meetings

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
)

// DefaultQuarter is the quarter the report shows first: the last one
// that has ended by today.
func DefaultQuarter(today model.Date) model.Quarter { return model.QuarterOf(today).Prev() }

// Quarter returns the quarter the report shows.
func (m *Model) Quarter() model.Quarter {
	if !m.quarterSet {
		m.quarter, m.quarterSet = DefaultQuarter(m.today()), true
	}
	return m.quarter
}

// ReportDoc returns the quarterly follow-up of quarter q from the
// screen's records, as `varn report` writes it: suppressed with the
// vault's small-count threshold (R3).
func (m *Model) ReportDoc(q model.Quarter) model.ReportDoc {
	today := m.today()
	rep := model.QuarterlyFollowUp(q, today, m.obs, m.measures, m.cases, m.pics)
	asOf := q.End()
	if today.Before(asOf) {
		asOf = today
	}
	return model.QuarterDoc(rep, m.com.Lang, asOf, m.threshold)
}

// loadThreshold reads the vault's small-count threshold (R3). Unset or
// unreadable, it is 0, which the model reads as the default (5): a
// damaged setting can never bring it below that. (`varn report` refuses
// to run on an unreadable setting instead; the screen keeps working.)
func loadThreshold(ctx context.Context, st common.Store) int {
	b, ok, err := st.Setting(ctx, model.SettingSuppressThreshold)
	if err != nil || !ok {
		return 0
	}
	n, err := model.ParseSuppressThreshold(b)
	if err != nil {
		return 0
	}
	return n
}

func (m *Model) reportKeyPress(msg tea.KeyPressMsg) tea.Cmd {
	km, k := m.com.KeyMap, m.k()
	q := m.Quarter()
	switch {
	case key.Matches(msg, k.PrevQuarter):
		m.quarter, m.reportOff = q.Prev(), 0
	case key.Matches(msg, k.NextQuarter):
		m.quarter, m.reportOff = q.Next(), 0
	case key.Matches(msg, km.Nav.Down):
		m.reportOff++
	case key.Matches(msg, km.Nav.Up):
		m.reportOff--
	case key.Matches(msg, km.Nav.PageDown):
		m.reportOff += max(m.h-2, 1)
	case key.Matches(msg, km.Nav.PageUp):
		m.reportOff -= max(m.h-2, 1)
	case key.Matches(msg, km.Nav.Top):
		m.reportOff = 0
	case key.Matches(msg, km.Nav.Bottom):
		m.reportOff = 1 << 30
	case key.Matches(msg, km.Global.Back):
		m.section, m.mode = ModeMeetings, ModeMeetings
	}
	return nil
}

// reportView shows the quarterly follow-up as text, scrolled.
func (m *Model) reportView() string {
	q := m.Quarter()
	ck := fmt.Sprintf("%s/%d/%s/%d", q, m.w, m.com.Lang, m.threshold)
	if ck != m.reportKey {
		m.reportLines = m.ReportDoc(q).Text(max(m.w-2, 20))
		m.reportKey = ck
	}
	h := max(m.h-1, 1)
	m.reportOff = max(min(m.reportOff, len(m.reportLines)-h), 0)
	end := min(m.reportOff+h, len(m.reportLines))
	var b strings.Builder
	for i := m.reportOff; i < end; i++ {
		if i > m.reportOff {
			b.WriteByte('\n')
		}
		line := " " + m.reportLines[i]
		if i == 0 {
			line = m.com.Styles.Title.Render(line)
		}
		b.WriteString(line)
	}
	return b.String()
}
