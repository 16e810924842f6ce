// Package notbuilt is the screen shown for tabs whose screen is not built
// yet. It says so plainly; it has no data and no keys of its own.
package notbuilt

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"varn/model"
	"varn/tui/common"
)

// Model is the "not built yet" screen for one tab.
type Model struct {
	com   *common.Common
	title model.Msg
	w, h  int
}

// New returns the screen for the tab titled title.
func New(com *common.Common, title model.Msg) *Model { return &Model{com: com, title: title} }

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements common.Screen.
func (m *Model) Update(tea.Msg) (common.Screen, tea.Cmd) { return m, nil }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// View implements common.Screen.
func (m *Model) View() string {
	s := m.com.Styles
	body := s.Header.Render(m.com.T(m.title)) + "\n\n" + m.com.T(model.UINotBuilt)
	return lipgloss.NewStyle().Padding(1, 2).Width(m.w).MaxWidth(m.w).Render(body)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding { return nil }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return nil }
