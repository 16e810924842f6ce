package common

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the TUI draws with, for one background
// (light or dark). Colour is never the only carrier of meaning: concern
// levels and statuses are also written as symbols and words, so NO_COLOR
// and monochrome terminals lose nothing.
type Styles struct {
	IsDark bool

	Header      lipgloss.Style
	TabActive   lipgloss.Style
	TabInactive lipgloss.Style
	StatusBar   lipgloss.Style
	StatusErr   lipgloss.Style
	Title       lipgloss.Style
	Label       lipgloss.Style
	Muted       lipgloss.Style
	Selected    lipgloss.Style
	Error       lipgloss.Style
	Warning     lipgloss.Style
	OK          lipgloss.Style
	Box         lipgloss.Style
	Changed     lipgloss.Style
	Input       lipgloss.Style
	InputFocus  lipgloss.Style

	// Concern styles, indexed by severity 0 (none/low) … 3 (acute).
	Concern [4]lipgloss.Style

	Help help.Styles
}

// NewStyles returns the theme for a dark or a light background.
func NewStyles(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(dark)) }
	accent := c("#005F87", "#5FAFFF")
	muted := c("#5F5F5F", "#9E9E9E")
	red := c("#AF0000", "#FF5F5F")
	amber := c("#875F00", "#FFAF00")
	green := c("#005F00", "#5FD75F")
	s := &Styles{IsDark: isDark}
	s.Header = lipgloss.NewStyle().Bold(true)
	s.TabActive = lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1)
	s.TabInactive = lipgloss.NewStyle().Padding(0, 1).Foreground(muted)
	s.StatusBar = lipgloss.NewStyle().Reverse(true)
	s.StatusErr = lipgloss.NewStyle().Bold(true).Foreground(red)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Label = lipgloss.NewStyle().Bold(true)
	s.Muted = lipgloss.NewStyle().Foreground(muted)
	s.Selected = lipgloss.NewStyle().Reverse(true)
	s.Error = lipgloss.NewStyle().Foreground(red).Bold(true)
	s.Warning = lipgloss.NewStyle().Foreground(amber).Bold(true)
	s.OK = lipgloss.NewStyle().Foreground(green)
	s.Box = lipgloss.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(muted)
	s.Changed = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(amber)
	s.Input = lipgloss.NewStyle()
	s.InputFocus = lipgloss.NewStyle().Underline(true)
	s.Concern = [4]lipgloss.Style{
		lipgloss.NewStyle(),
		lipgloss.NewStyle().Foreground(amber),
		lipgloss.NewStyle().Foreground(red),
		lipgloss.NewStyle().Foreground(red).Bold(true).Reverse(true),
	}
	s.Help = help.DefaultStyles(isDark)
	return s
}
