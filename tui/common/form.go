package common

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
)

// Field is one field of a [Form]: a choice among codes (cycled with
// ←/→/space) or free text.
type Field struct {
	// Name is the record's JSON field name: validation problems of that
	// path (or of a path below it, like "reach.boys_men" or "milieus[2]")
	// are shown beside the field.
	Name  string
	Label model.Msg
	// Choices are codes; nil for a text field. ChoiceLabel renders one.
	Choices     []string
	ChoiceLabel func(string) string
	Multi       bool // multi-line text: enter adds a line
	// Hide, when set, hides the field while it reports true for the form
	// as it stands (a field that depends on a choice made in another,
	// such as a case's title, which only non-individual cases have). A
	// hidden field is skipped by the keys, not drawn, and reads as empty
	// through [Form.Get], so what the user cannot see is never saved; its
	// text is kept in case the field shows again.
	Hide   func(*Form) bool
	value  []rune
	choice int
}

// Text returns the field's value: the chosen code or the text.
func (f *Field) Text() string {
	if f.Choices != nil {
		if len(f.Choices) == 0 {
			return ""
		}
		return f.Choices[f.choice]
	}
	return string(f.value)
}

// Set sets the field's value; a code not among the choices is ignored.
func (f *Field) Set(v string) {
	if f.Choices != nil {
		for i, c := range f.Choices {
			if c == v {
				f.choice = i
				return
			}
		}
		return
	}
	f.value = []rune(v)
}

// Codes turns a vocabulary into the choices of a field.
func Codes[T ~string](all []T) []string {
	out := make([]string, len(all))
	for i, v := range all {
		out[i] = string(v)
	}
	return out
}

// FormAction is what a key did to a form.
type FormAction int

// The form actions.
const (
	FormNone FormAction = iota
	FormSave
	FormCancel
)

// maxFieldRunes bounds what can be typed into one field (the model's own
// bounds are checked on save and reported per field).
const maxFieldRunes = model.MaxText + 100

// Form is a list of fields edited with the keyboard, with per-field
// validation messages. Screens own their forms; the App sees them through
// the screen's Capturer and Drafter methods.
type Form struct {
	Title  model.Msg
	Fields []*Field
	Focus  int
	// Problems holds a message per field name; General those that belong
	// to no field of the form.
	Problems map[string]string
	General  []string
	// Warnings holds a message per field name for what the user must
	// confirm rather than fix (shown when the field has no problem).
	Warnings map[string]string
	Dirty    bool
	Saving   bool
}

// NewForm returns a form of fields.
func NewForm(title model.Msg, fields ...*Field) *Form {
	return &Form{Title: title, Fields: fields, Problems: map[string]string{}}
}

// Field returns the field called name, or nil.
func (f *Form) Field(name string) *Field {
	for _, x := range f.Fields {
		if x.Name == name {
			return x
		}
	}
	return nil
}

// Get returns the value of the field called name ("" if there is none,
// or if it is hidden).
func (f *Form) Get(name string) string {
	if x := f.Field(name); x != nil && !f.Hidden(x) {
		return x.Text()
	}
	return ""
}

// Hidden reports whether field x is hidden (see [Field.Hide]).
func (f *Form) Hidden(x *Field) bool { return x.Hide != nil && x.Hide(f) }

// step moves the focus by dir (+1 or -1) to the next field shown.
func (f *Form) step(dir int) {
	n := len(f.Fields)
	for range n {
		f.Focus = (f.Focus + dir + n) % n
		if !f.Hidden(f.Fields[f.Focus]) {
			return
		}
	}
}

// Set sets the field called name, if there is one.
func (f *Form) Set(name, v string) {
	if x := f.Field(name); x != nil {
		x.Set(v)
	}
}

// Values returns every field's value by name (for drafts).
func (f *Form) Values() map[string]string {
	v := make(map[string]string, len(f.Fields))
	for _, x := range f.Fields {
		v[x.Name] = x.Text()
	}
	return v
}

// SetValues sets the fields named in v.
func (f *Form) SetValues(v map[string]string) {
	for _, x := range f.Fields {
		if s, ok := v[x.Name]; ok {
			x.Set(s)
		}
	}
}

// FocusOn moves the focus to the field called name.
func (f *Form) FocusOn(name string) {
	for i, x := range f.Fields {
		if x.Name == name {
			f.Focus = i
		}
	}
}

// SetProblems shows ps beside their fields, in language l, after the
// problems already found while reading the fields (extra). It returns
// the number of problems shown.
func (f *Form) SetProblems(ps model.Problems, l model.Lang, extra map[string]string) int {
	f.Problems = map[string]string{}
	f.General, f.Warnings = nil, nil
	for k, v := range extra {
		f.Problems[k] = v
	}
	for _, p := range ps {
		name := p.Field
		if x := f.Field(name); x == nil || f.Hidden(x) {
			if i := strings.IndexAny(name, ".["); i > 0 && f.Field(name[:i]) != nil && !f.Hidden(f.Field(name[:i])) {
				name = name[:i]
			} else if len(f.Fields) > 0 {
				f.General = append(f.General, p.Field+": "+p.Text(l))
				continue
			}
		}
		if _, ok := f.Problems[name]; !ok {
			f.Problems[name] = p.Text(l)
		}
	}
	return len(f.Problems) + len(f.General)
}

// Key handles a key press: moving between fields, cycling choices,
// editing text; it reports a save or cancel request.
func (f *Form) Key(msg tea.KeyPressMsg, km *KeyMap) FormAction {
	if f.Saving || len(f.Fields) == 0 {
		return FormNone
	}
	if f.Hidden(f.Fields[f.Focus]) {
		f.step(1)
	}
	cur := f.Fields[f.Focus]
	k := msg.Key()
	switch {
	case key.Matches(msg, km.Form.Cancel):
		return FormCancel
	case key.Matches(msg, km.Form.Save):
		return FormSave
	case msg.String() == "tab" || msg.String() == "down" || (k.Code == tea.KeyEnter && !cur.Multi):
		f.step(1)
		return FormNone
	case msg.String() == "shift+tab" || msg.String() == "up":
		f.step(-1)
		return FormNone
	}
	if cur.Choices != nil {
		if len(cur.Choices) == 0 {
			return FormNone
		}
		switch msg.String() {
		case "right", "space", "l":
			cur.choice = (cur.choice + 1) % len(cur.Choices)
			f.Dirty = true
		case "left", "h":
			cur.choice = (cur.choice + len(cur.Choices) - 1) % len(cur.Choices)
			f.Dirty = true
		}
		return FormNone
	}
	switch {
	case k.Code == tea.KeyBackspace:
		if len(cur.value) > 0 {
			cur.value = cur.value[:len(cur.value)-1]
			f.Dirty = true
		}
	case k.Code == tea.KeyEnter && cur.Multi:
		cur.value = append(cur.value, '\n')
		f.Dirty = true
	case k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(cur.value) < maxFieldRunes:
		// One key may carry many characters (an input method's commit, a
		// burst of input): the field still holds at most maxFieldRunes.
		add := []rune(k.Text)
		cur.value = append(cur.value, add[:min(len(add), maxFieldRunes-len(cur.value))]...)
		f.Dirty = true
	}
	return FormNone
}

// Paste inserts pasted text (a bracketed paste, [tea.PasteMsg]) at the
// end of the text field in focus, cleaned by [PasteText]: newlines are
// kept only in a multi-line field. A choice field ignores pastes. It
// reports whether the field changed.
func (f *Form) Paste(text string) bool {
	if f.Saving || len(f.Fields) == 0 {
		return false
	}
	cur := f.Fields[f.Focus]
	if cur.Choices != nil || f.Hidden(cur) {
		return false
	}
	add := PasteText(text, cur.Multi, maxFieldRunes-len(cur.value))
	if len(add) == 0 {
		return false
	}
	cur.value = append(cur.value, add...)
	f.Dirty = true
	return true
}

// PasteText cleans pasted text for a text field and returns at most room
// runes of it: line ends (CRLF, CR, the Unicode separators) become
// newlines in a multi-line field and spaces in a one-line field (a
// trailing line end is dropped there), a tab becomes a space, and the
// model's sanitiser drops every other control and escape sequence.
func PasteText(text string, multi bool, room int) []rune {
	if room <= 0 {
		return nil
	}
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ").Replace(text)
	text = model.Sanitize(text)
	if !multi {
		text = strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", " ")
	}
	r := []rune(text)
	return r[:min(len(r), room)]
}

// PasteTo is a [Paster]'s Paste: the text goes into form f, the form open
// on screen s (cleaned by [Form.Paste], newlines only into a multi-line
// field), or, when no form is open (f is nil), to s as typed keys on one
// line, as the App hands it to a screen that is no Paster (filter lines,
// pickers). s must update in place (a pointer that Update returns).
func PasteTo(f *Form, s Screen, text string) tea.Cmd {
	if f != nil {
		f.Paste(text)
		return nil
	}
	return pasteAsKeys(s, text)
}

// pasteAsKeys hands text to s as typed keys, one rune each, on one line
// (line ends become spaces: an enter would move on or submit).
func pasteAsKeys(s Screen, text string) tea.Cmd {
	var cmds []tea.Cmd
	for _, r := range PasteText(text, false, maxFieldRunes) {
		var cmd tea.Cmd
		s, cmd = s.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// Paster is implemented by screens that take a bracketed paste into the
// text field in focus. The App hands a [tea.PasteMsg] only to the screen
// in front, and only while it is capturing keys ([Capturer]); a screen
// that is not a Paster gets the pasted text as typed keys instead (one
// line: line ends become spaces).
type Paster interface {
	Paste(text string) tea.Cmd
}

// View draws the form in at most h lines of w cells, scrolled so the
// field in focus is visible. Text is sanitised; problems are marked ✗.
func (f *Form) View(com *Common, w, h int) string {
	s := com.Styles
	var lines []string
	lines = append(lines, s.Title.Render(com.T(f.Title)))
	focusLine := 0
	for i, fl := range f.Fields {
		if f.Hidden(fl) {
			continue
		}
		mark := "  "
		if i == f.Focus {
			mark = "▶ "
			focusLine = len(lines)
		}
		prob := ""
		if p, ok := f.Problems[fl.Name]; ok {
			prob = "  " + s.Error.Render("✗ "+p)
		} else if w, ok := f.Warnings[fl.Name]; ok {
			prob = "  " + s.Warning.Render("⚠ "+w)
		}
		var v string
		if fl.Choices != nil {
			lab := "–"
			if len(fl.Choices) > 0 {
				lab = fl.ChoiceLabel(fl.Choices[fl.choice])
			}
			v = "‹ " + lab + " ›"
		} else {
			v = model.SanitizeLine(string(fl.value))
			// A long text is cut to leave room for the field's problem
			// (a short one is shown whole).
			room := max(w-22-ansi.StringWidth(prob), 30)
			if i == f.Focus {
				// Show the end of a long text, where typing happens.
				if ansi.StringWidth(v) > room {
					v = "…" + ansi.TruncateLeft(v, ansi.StringWidth(v)-room+1, "")
				}
				v += "▏"
			} else if ansi.StringWidth(v) > room+1 {
				v = ansi.Truncate(v, room+1, "…")
			}
		}
		if i == f.Focus {
			v = s.InputFocus.Render(v)
		}
		line := mark + s.Label.Render(Pad(com.T(fl.Label), 18)) + " " + v + prob
		lines = append(lines, ansi.Truncate(line, w, "…"))
	}
	for _, g := range f.General {
		lines = append(lines, ansi.Truncate(s.Error.Render("✗ "+model.SanitizeLine(g)), w, "…"))
	}
	if f.Saving {
		lines = append(lines, s.Muted.Render(com.T(model.UISaving)))
	}
	if h > 1 && len(lines) > h {
		// Keep the title, scroll the rest around the focus.
		body := lines[1:]
		room := h - 1
		start := min(max(focusLine-1-room/2, 0), len(body)-room)
		lines = append([]string{lines[0]}, body[start:start+room]...)
	}
	return strings.Join(lines, "\n")
}

// Pad truncates or pads t to exactly w cells.
func Pad(t string, w int) string {
	t = ansi.Truncate(t, w, "…")
	return t + strings.Repeat(" ", max(w-ansi.StringWidth(t), 0))
}
