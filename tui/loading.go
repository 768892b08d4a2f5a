package tui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// loadingScreen stands in for a screen that reads much of the ledger (the
// agenda, the tier summary, the rules editor's preview) while it is built
// off the UI goroutine: on a million customers that takes seconds, and the
// keyboard must never wait. Esc goes back to the table at once.
type loadingScreen struct {
	e env
}

// screenReadyMsg carries the built screen to the loadingScreen it replaces.
type screenReadyMsg struct{ s screen }

// openAsync shows a loading screen and builds the real one in a command.
func openAsync(e env, build func(env) screen) (screen, tea.Cmd) {
	return loadingScreen{e: e}, func() tea.Msg { return screenReadyMsg{s: build(e)} }
}

// Update swaps in the built screen, passes on size changes and lets Esc or q leave.
func (l loadingScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case screenReadyMsg:
		if l.e.width > 0 {
			return msg.s.Update(tea.WindowSizeMsg{Width: l.e.width, Height: l.e.height})
		}
		return msg.s, nil
	case tea.WindowSizeMsg:
		l.e.width, l.e.height = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case "esc", "q":
			return l, closeScreen(closeScreenMsg{})
		}
	}
	return l, nil
}

// View says what is happening, centred.
func (l loadingScreen) View() string {
	text := l.e.lang.T("tui.msg.loading")
	if l.e.width <= 0 || l.e.height <= 0 {
		return text
	}
	return lipgloss.Place(l.e.width, l.e.height, lipgloss.Center, lipgloss.Center, text)
}
