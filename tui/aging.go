package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Grades age with the calendar: recency grows every day, stages and
// segments follow, and the cut points with them. The table opens at once on
// the stored grades and, when they were computed for another day, regrades
// in the background with a note on the status bar; a table left open across
// midnight does the same at the rollover. Keys are never blocked: the
// regrade runs off the UI goroutine, in short transactions.

// dayTickMsg fires at the clock's next midnight.
type dayTickMsg struct{}

// today is the clock's date, ISO.
func (m *tableScreen) today() string { return m.e.now().Format("2006-01-02") }

// startAging notes the day, starts the midnight tick and, when the ledger
// was graded for another day, its regrade (which warms the history's tally
// when done); otherwise the tally's warm-up.
func (m *tableScreen) startAging() tea.Cmd {
	m.day = m.today()
	cmds := []tea.Cmd{m.midnightTick()}
	if stale, err := m.e.st.Stale(m.e.ctx); err != nil {
		m.setErr(err)
	} else if stale {
		cmds = append(cmds, m.regradeForDay())
	} else {
		// Graded for today already (a cron export, another table): the
		// history's tally may still be for last month.
		cmds = append(cmds, m.warmHistory())
	}
	return tea.Batch(cmds...)
}

// midnightTick waits for the clock's next midnight (and a second more, so
// the tick lands on the new day).
func (m *tableScreen) midnightTick() tea.Cmd {
	if !m.opts.dayTicks {
		return nil
	}
	now := m.e.now()
	y, mo, d := now.Date()
	next := time.Date(y, mo, d+1, 0, 0, 0, 0, now.Location())
	return tea.Tick(next.Sub(now)+time.Second, func(time.Time) tea.Msg { return dayTickMsg{} })
}

// dayTick regrades when the day has changed since the last look, and waits
// for the next midnight.
func (m *tableScreen) dayTick() tea.Cmd {
	cmds := []tea.Cmd{m.midnightTick()}
	if d := m.today(); d != m.day {
		m.day = d
		cmds = append(cmds, m.regradeForDay())
	}
	return tea.Batch(cmds...)
}

// regradeForDay starts a background regrade as of today, saying so on the
// status bar unless something more pressing is there.
func (m *tableScreen) regradeForDay() tea.Cmd {
	note := m.e.lang.T("tui.msg.regrading.asof", m.day)
	if m.status.text == "" || !m.status.err {
		m.status = status{text: joinStatus(m.status.text, note)}
	}
	m.regrade.note = note
	msg := m.regrade.request(true, true)
	return func() tea.Msg { return msg }
}

// dropRegradeNote takes the "regrading as of" note off the status bar once
// the regrade has reported.
func (m *tableScreen) dropRegradeNote() {
	if m.regrade.note == "" {
		return
	}
	if m.status.text == m.regrade.note {
		m.status = status{}
	}
	m.regrade.note = ""
}
