package exchange

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"varn/model"
)

// conflictsView lists the conflict copies imports kept, and for the
// selected one each field that differs from the record here now, by its
// label, with both values whole: wrapped within their columns and
// scrolled with pgup/pgdn when they do not fit, so the user can correct
// the record and then remove the copy.
func (m *Model) conflictsView() string {
	s := m.com.Styles
	var b strings.Builder
	b.WriteString(m.conflictsHead())
	if len(m.conflicts) == 0 {
		if m.note != "" {
			b.WriteString("\n" + s.OK.Render("✓ "+m.note))
		}
		return b.String()
	}
	lines, room, total := m.conflictFields()
	if total > 0 {
		labelW, valW := m.conflictColumns()
		b.WriteString("\n" + s.Header.Render(" "+cell(m.com.T(model.XchColField), labelW)+"  "+cell(m.com.T(model.XchColHereNow), valW)+"  "+m.com.T(model.XchColKeptCopy)) + "\n")
		top := min(m.fieldTop, max(total-room, 0))
		for _, l := range lines[top:min(top+room, total)] {
			b.WriteString(l + "\n")
		}
		if total > room {
			b.WriteString(s.Muted.Render(" "+m.com.T(model.XchConflictScroll, top+1, min(top+room, total), total)) + "\n")
		}
	}
	if m.note != "" {
		b.WriteString("\n" + s.OK.Render("✓ "+m.note))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// conflictsHead is the title, the help and the list of copies, scrolled
// to keep the cursor in sight; it ends with a newline.
func (m *Model) conflictsHead() string {
	s := m.com.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.XchConflictsTitle, len(m.conflicts))) + "\n")
	if len(m.conflicts) == 0 {
		b.WriteString("\n" + s.Muted.Render(" "+m.com.T(model.XchConflictsNone)))
		return b.String()
	}
	help := m.com.T(model.XchConflictsHelp)
	if m.w > 20 {
		help = ansi.Wordwrap(help, m.w-1, "")
	}
	for _, l := range strings.Split(help, "\n") {
		b.WriteString(s.Muted.Render(l) + "\n")
	}
	b.WriteString("\n")
	rows := min(len(m.conflicts), max(m.h/3, 3))
	first := min(max(m.conflict-rows+1, 0), len(m.conflicts)-rows)
	for i := first; i < first+rows; i++ {
		c := m.conflicts[i]
		what := m.com.T(model.XchConflictFrom, c.Bundle)
		switch {
		case c.Gone:
			what += " · " + m.com.T(model.XchConflictGone)
		case len(c.Fields) == 0:
			what += " · " + m.com.T(model.XchConflictNoDiff)
		default:
			names := make([]string, len(c.Fields))
			for j, f := range c.Fields {
				names[j] = model.SanitizeLine(model.FieldLabel(c.Kind, f.Name, m.com.Lang))
			}
			what += " · " + strings.Join(names, ", ")
		}
		line := " " + cell(c.Kind.Label(m.com.Lang), 12) + " " + cell(string(c.ID), 27) + " " + s.Muted.Render(what)
		if i == m.conflict {
			line = s.Selected.Render("▶" + line[1:])
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// conflictColumns are the widths of the label column and of each value
// column.
func (m *Model) conflictColumns() (labelW, valW int) {
	labelW = 8
	if len(m.conflicts) > 0 {
		c := m.conflicts[min(m.conflict, len(m.conflicts)-1)]
		for _, f := range c.Fields {
			labelW = max(labelW, ansi.StringWidth(model.SanitizeLine(model.FieldLabel(c.Kind, f.Name, m.com.Lang))))
		}
	}
	labelW = min(labelW, max(m.w/5, 12))
	valW = max((m.w-1-labelW-4)/2, 10)
	return labelW, valW
}

// conflictFields renders the selected copy's differing fields as lines
// (label, value here, value in the copy, each wrapped in its column), with
// how many of them fit under the list and how many there are.
func (m *Model) conflictFields() (lines []string, room, total int) {
	if len(m.conflicts) == 0 {
		return nil, 0, 0
	}
	c := m.conflicts[min(m.conflict, len(m.conflicts)-1)]
	labelW, valW := m.conflictColumns()
	l := m.com.Lang
	for _, f := range c.Fields {
		label := wrapCol(model.SanitizeLine(model.FieldLabel(c.Kind, f.Name, l)), labelW)
		here := wrapCol(conflictValue(c.Kind, f.Name, f.Here, l), valW)
		cp := wrapCol(conflictValue(c.Kind, f.Name, f.Copy, l), valW)
		for i := range max(len(label), len(here), len(cp)) {
			lines = append(lines, strings.TrimRight(" "+cell(at(label, i), labelW)+"  "+cell(at(here, i), valW)+"  "+at(cp, i), " "))
		}
	}
	// Under the head: a blank line and the column header above the
	// fields; the scroll line, a note or an error below.
	used := strings.Count(m.conflictsHead(), "\n") + 2 + 1
	if m.note != "" || m.errText != "" {
		used += 2
	}
	if m.errDetail != "" {
		used++
	}
	room = max(m.h-used, 3)
	if len(lines) <= room+1 {
		room = len(lines) // the scroll line's place holds the last line
	}
	return lines, room, len(lines)
}

// wrapCol wraps sanitised text to width w, keeping its own line breaks
// and breaking words longer than the column; a nested item ("• …") keeps
// its continuation lines under its text.
func wrapCol(s string, w int) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if rest, ok := strings.CutPrefix(l, "• "); ok && w > 4 {
			for i, part := range strings.Split(ansi.Wrap(rest, w-2, ""), "\n") {
				if i == 0 {
					out = append(out, "• "+part)
				} else {
					out = append(out, "  "+part)
				}
			}
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(l, w, ""), "\n")...)
	}
	return out
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}
