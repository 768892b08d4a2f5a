package tui

import (
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"
)

// The first tier-history look of a month counts its tally again from every
// customer (seconds at a million customers). Once the table has regraded
// for a new day (on opening or at midnight), or on opening a ledger graded
// for today already, it brings the tally up to date in the background (after
// the filter copy's build: the store runs one at a time), so the summary's
// history tab reads it at once. Nothing
// shows: when it fails or is cut short by quitting, the history tab counts
// the tally itself when opened.

// warmHistory is the background command that brings the tier history's
// tally up to date, nil when it already is (one small read) or that read
// fails.
func (m *tableScreen) warmHistory() tea.Cmd {
	st, ctx := m.e.st, m.e.ctx
	if stale, err := st.HistoryStale(ctx); err != nil || !stale {
		return nil
	}
	return func() tea.Msg {
		_, _ = st.WarmHistory(ctx) // a failure leaves the count to the history tab
		debug.FreeOSMemory()       // the count's garbage, as after a regrade
		return nil
	}
}
