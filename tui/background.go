package tui

import tea "github.com/charmbracelet/bubbletea"

// WithBackgroundCheck runs check beside the table once it is on screen (it
// never delays the first screen) and shows its error, if any, in the status
// line: the day's snapshot failing, for one.
func WithBackgroundCheck(check func() error) Option {
	return func(o *options) { o.checks = append(o.checks, check) }
}

// checkFailedMsg is a background check that failed.
type checkFailedMsg struct{ err error }

// backgroundChecks starts the checks given by WithBackgroundCheck.
func (m *tableScreen) backgroundChecks() tea.Cmd {
	var cmds []tea.Cmd
	for _, check := range m.opts.checks {
		cmds = append(cmds, func() tea.Msg {
			if err := check(); err != nil {
				return checkFailedMsg{err: err}
			}
			return nil
		})
	}
	return tea.Batch(cmds...)
}
