// Package unlock is the screen that opens the vault: a passphrase prompt
// without echo, a clear message on a wrong passphrase with a growing
// delay after repeated failures, and the first-run walkthrough that
// creates a vault (passphrase twice with a strength hint, municipality
// name).
package unlock

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"varn/model"
	"varn/tui/common"
)

// Mode says what the screen asks for.
type Mode int

// The modes of the unlock screen.
const (
	// ModeUnlock asks for the passphrase of an existing vault.
	ModeUnlock Mode = iota
	// ModeCreate walks through creating a new vault.
	ModeCreate
	// ModeAuto shows only progress: the vault is opened with an identity
	// or passphrase file, without a prompt.
	ModeAuto
)

// MinPassphrase is the shortest passphrase accepted for a new vault.
const MinPassphrase = 12

// SubmitMsg asks the App to open the vault with a passphrase. The App
// must zero Passphrase when done with it.
type SubmitMsg struct{ Passphrase []byte }

// CreateMsg asks the App to create a vault. The App must zero
// Passphrase when done with it.
type CreateMsg struct {
	Passphrase   []byte
	Municipality string
}

// ResultMsg reports the outcome of an unlock or create attempt back to
// the screen.
type ResultMsg struct{ Err error }

type retryMsg struct{ gen int }

// Model is the unlock screen.
type Model struct {
	com  *common.Common
	mode Mode

	// create walkthrough: 0 passphrase, 1 repeat, 2 municipality
	step   int
	pass   secret
	repeat secret
	name   []rune

	busy     bool
	failures int
	waitTill time.Time
	gen      int
	err      string
	spin     spinner.Model
	w, h     int
	// Note is an extra line shown under the prompt (e.g. "a draft is
	// waiting" or "locked after 5 minutes idle").
	Note string
}

// New returns the unlock screen in mode.
func New(com *common.Common, mode Mode) *Model {
	return &Model{com: com, mode: mode, spin: spinner.New(spinner.WithSpinner(spinner.Line)), busy: mode == ModeAuto}
}

// Init starts the spinner when opening without a prompt.
func (m *Model) Init() tea.Cmd {
	if m.busy {
		return m.spin.Tick
	}
	return nil
}

// SetSize sets the screen size.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Mode reports the current mode.
func (m *Model) Mode() Mode { return m.mode }

// SetMode switches mode, clearing any input.
func (m *Model) SetMode(mode Mode) tea.Cmd {
	m.mode, m.step, m.err = mode, 0, ""
	m.pass.zero()
	m.repeat.zero()
	m.name = nil
	m.busy = mode == ModeAuto
	if m.busy {
		return m.spin.Tick
	}
	return nil
}

// Busy reports whether an unlock is in progress.
func (m *Model) Busy() bool { return m.busy }

// Failures reports the number of failed attempts in a row.
func (m *Model) Failures() int { return m.failures }

// Delay is the wait imposed after n failed attempts in a row: none for
// the first two, then 1 s doubling up to 30 s.
func Delay(n int) time.Duration {
	if n < 2 {
		return 0
	}
	d := time.Second << (n - 2)
	if d > 30*time.Second || d <= 0 {
		d = 30 * time.Second
	}
	return d
}

// Update handles keys and unlock results.
func (m *Model) Update(msg tea.Msg) (*Model, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !m.busy {
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case retryMsg:
		if msg.gen == m.gen {
			m.waitTill = time.Time{}
		}
		return m, nil
	case ResultMsg:
		m.busy = false
		if msg.Err == nil {
			m.failures, m.err = 0, ""
			return m, nil
		}
		m.err = model.SanitizeLine(msg.Err.Error())
		if m.mode == ModeAuto {
			return m, nil
		}
		if m.mode == ModeUnlock {
			m.failures++
			if d := Delay(m.failures); d > 0 {
				m.gen++
				gen := m.gen
				m.waitTill = m.com.Now().Add(d)
				return m, tea.Tick(d, func(time.Time) tea.Msg { return retryMsg{gen} })
			}
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		// A passphrase pasted from a password manager: its first line,
		// cleaned like typed text; it is not submitted by a pasted newline.
		line, _, _ := strings.Cut(strings.ReplaceAll(msg.Content, "\r", "\n"), "\n")
		if r := common.PasteText(line, false, 1024); len(r) > 0 {
			return m.key(tea.KeyPressMsg{Code: tea.KeyExtended, Text: string(r)})
		}
		return m, nil
	}
	return m, nil
}

func (m *Model) waiting() bool { return !m.waitTill.IsZero() }

func (m *Model) key(msg tea.KeyPressMsg) (*Model, tea.Cmd) {
	if m.busy || m.mode == ModeAuto || m.waiting() {
		return m, nil
	}
	k := msg.Key()
	switch {
	case k.Code == tea.KeyEnter:
		return m.submit()
	case k.Code == tea.KeyBackspace:
		m.backspace()
		return m, nil
	case k.Code == tea.KeyEscape && m.mode == ModeCreate && m.step > 0:
		m.step--
		m.err = ""
		return m, nil
	case msg.String() == "ctrl+u":
		m.field().zero()
		if m.mode == ModeCreate && m.step == 2 {
			m.name = nil
		}
		return m, nil
	}
	if k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
		m.err = ""
		if m.mode == ModeCreate && m.step == 2 {
			for _, r := range k.Text {
				if unicode.IsPrint(r) && len(m.name) < 80 {
					m.name = append(m.name, r)
				}
			}
			return m, nil
		}
		m.field().add(k.Text)
	}
	return m, nil
}

func (m *Model) field() *secret {
	if m.mode == ModeCreate && m.step == 1 {
		return &m.repeat
	}
	return &m.pass
}

func (m *Model) backspace() {
	if m.mode == ModeCreate && m.step == 2 {
		if len(m.name) > 0 {
			m.name = m.name[:len(m.name)-1]
		}
		return
	}
	m.field().backspace()
}

func (m *Model) submit() (*Model, tea.Cmd) {
	switch m.mode {
	case ModeUnlock:
		if m.pass.len() == 0 {
			m.err = m.com.T(model.UIUnlockEmpty)
			return m, nil
		}
		p := m.pass.take()
		m.busy, m.err = true, ""
		return m, tea.Batch(m.spin.Tick, func() tea.Msg { return SubmitMsg{Passphrase: p} })
	case ModeCreate:
		switch m.step {
		case 0:
			if n := m.pass.runes(); n < MinPassphrase {
				m.err = m.com.T(model.UICreateTooShort, MinPassphrase)
				return m, nil
			}
			m.step = 1
		case 1:
			if !m.pass.equal(&m.repeat) {
				m.repeat.zero()
				m.err = m.com.T(model.UICreateMismatch)
				return m, nil
			}
			m.repeat.zero()
			m.step = 2
		case 2:
			name := strings.TrimSpace(string(m.name))
			if name == "" {
				m.err = m.com.T(model.UICreateNoName)
				return m, nil
			}
			p := m.pass.take()
			m.busy, m.err = true, ""
			return m, tea.Batch(m.spin.Tick, func() tea.Msg { return CreateMsg{Passphrase: p, Municipality: name} })
		}
		m.err = ""
	}
	return m, nil
}

// Strength is a rough passphrase strength hint: 0 weak, 1 fair, 2 strong.
// It counts length and character classes; four or more words count as
// strong. It is a hint, not a guarantee.
func Strength(p []byte) int {
	n := utf8.RuneCount(p)
	var lower, upper, digit, other bool
	words := len(strings.Fields(string(p)))
	for _, r := range string(p) {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	switch {
	case n >= 20 || (words >= 4 && n >= 16) || (n >= 14 && classes >= 3):
		return 2
	case n >= MinPassphrase && classes >= 2:
		return 1
	}
	return 0
}

// View draws the screen.
func (m *Model) View() string {
	s := m.com.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("varn") + "  " + s.Muted.Render(m.com.T(model.UIAppTagline)) + "\n\n")
	mask := func(f *secret, focus bool) string {
		out := strings.Repeat("•", min(f.runes(), 40))
		if focus {
			out += "▏"
		}
		return s.InputFocus.Render(out)
	}
	switch m.mode {
	case ModeAuto:
		b.WriteString(m.spin.View() + " " + m.com.T(model.UIUnlocking) + "\n")
	case ModeUnlock:
		b.WriteString(m.com.T(model.UIUnlockPrompt) + "\n\n")
		b.WriteString(s.Label.Render(m.com.T(model.UIPassphrase)+": ") + mask(&m.pass, !m.busy) + "\n")
		if m.busy {
			b.WriteString("\n" + m.spin.View() + " " + m.com.T(model.UIUnlocking) + "\n")
		}
	case ModeCreate:
		b.WriteString(s.Header.Render(m.com.T(model.UICreateTitle)) + "\n")
		b.WriteString(m.com.T(model.UICreateIntro) + "\n\n")
		b.WriteString(s.Label.Render(m.com.T(model.UIPassphrase)+": ") + mask(&m.pass, m.step == 0) + "\n")
		if m.pass.len() > 0 {
			hint := []model.Msg{model.UIStrengthWeak, model.UIStrengthFair, model.UIStrengthStrong}[m.pass.strength()]
			b.WriteString(s.Muted.Render("  "+m.com.T(model.UIStrength)+": ") + m.com.T(hint) + "\n")
		}
		if m.step >= 1 {
			b.WriteString(s.Label.Render(m.com.T(model.UIPassphraseAgain)+": ") + mask(&m.repeat, m.step == 1) + "\n")
		}
		if m.step >= 2 {
			cur := ""
			if !m.busy {
				cur = "▏"
			}
			b.WriteString(s.Label.Render(m.com.T(model.UIMunicipality)+": ") + s.InputFocus.Render(string(m.name)+cur) + "\n")
		}
		if m.busy {
			b.WriteString("\n" + m.spin.View() + " " + m.com.T(model.UICreating) + "\n")
		}
	}
	if m.err != "" {
		b.WriteString("\n" + s.Error.Render("✗ "+m.err) + "\n")
	}
	if m.waiting() {
		b.WriteString(s.Warning.Render(m.com.T(model.UIUnlockWait, int(Delay(m.failures)/time.Second))) + "\n")
	}
	if m.Note != "" {
		b.WriteString("\n" + s.Muted.Render(m.Note) + "\n")
	}
	if m.mode != ModeAuto {
		b.WriteString("\n" + s.Muted.Render(m.com.T(model.UIUnlockHelp)) + "\n")
	}
	return lipgloss.NewStyle().Padding(1, 2).MaxWidth(m.w).Render(b.String())
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.com.KeyMap.Global.Quit} }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Zero wipes any passphrase held by the screen.
func (m *Model) Zero() {
	m.pass.zero()
	m.repeat.zero()
}

// secret is a passphrase buffer that can be wiped.
type secret struct{ b []byte }

func (s *secret) add(t string) {
	if len(s.b)+len(t) > 1024 {
		return
	}
	if cap(s.b)-len(s.b) < len(t) {
		nb := make([]byte, len(s.b), 2*cap(s.b)+len(t)+16)
		copy(nb, s.b)
		s.zero()
		s.b = nb
	}
	s.b = append(s.b, t...)
}

func (s *secret) backspace() {
	if len(s.b) == 0 {
		return
	}
	_, n := utf8.DecodeLastRune(s.b)
	clear(s.b[len(s.b)-n:])
	s.b = s.b[:len(s.b)-n]
}

func (s *secret) zero() {
	clear(s.b[:cap(s.b)])
	s.b = s.b[:0]
}

func (s *secret) len() int      { return len(s.b) }
func (s *secret) runes() int    { return utf8.RuneCount(s.b) }
func (s *secret) strength() int { return Strength(s.b) }

func (s *secret) equal(o *secret) bool { return string(s.b) == string(o.b) }

// take returns a copy of the secret and wipes the buffer.
func (s *secret) take() []byte {
	p := append([]byte(nil), s.b...)
	s.zero()
	return p
}
