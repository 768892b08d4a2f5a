package tui

import (
	"context"
	"errors"
	"runtime/debug"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
)

// regrader is the live regrade: after changes that may move the tiering
// cut points settle, the whole ledger is regraded in the background, one
// run at a time; a change during a run asks for another after it.
type regrader struct {
	seq     int    // the newest request; older ticks are dropped
	running bool   // a regrade runs
	again   bool   // another is wanted once it ends
	note    string // "regrading as of …" while a regrade for a new day runs
}

// request returns the message that asks for a regrade now, superseding
// any request still waiting.
func (r *regrader) request(explicit, quiet bool) regradeTickMsg {
	r.seq++
	return regradeTickMsg{seq: r.seq, explicit: explicit, quiet: quiet}
}

// start runs the regrade msg asked for, unless a newer request superseded
// it or one already runs (then it runs again after).
func (r *regrader) start(st *store.Store, ctx context.Context, msg regradeTickMsg) tea.Cmd {
	if msg.seq != r.seq {
		return nil // a newer change restarted the wait
	}
	if r.running {
		r.again = true
		return nil
	}
	r.running = true
	explicit, quiet := msg.explicit, msg.quiet
	return func() tea.Msg {
		// RegradeAll, not the one transaction of `kehu regrade`
		// (RegradeToday): its writes go in short transactions, so the
		// table's own edits are not held behind a regrade of a large
		// ledger. Moves caused by the day changing are recorded as such.
		// (A process that runs one table has the store pace the collector
		// closer while it runs: store.WithRegradeGCPercent.)
		rep, err := st.RegradeAll(ctx, store.ReasonCuts)
		// A regrade of a large ledger leaves hundreds of megabytes of
		// garbage the runtime would hand back only slowly: returned now,
		// the table stays near what its copy and screens hold.
		debug.FreeOSMemory()
		var expired int64
		if err == nil {
			// Points past their age are written off once a day, so the
			// points column is as of today like the grades; a busy or
			// read-only ledger keeps them until the next run.
			var xerr error
			if expired, xerr = st.ExpirePointsIfStale(ctx); xerr != nil {
				if k := store.KindOf(xerr); k != store.KindReadOnly && k != store.KindBusy {
					err = xerr
				}
			}
		}
		return regradeDoneMsg{rep: rep, err: err, explicit: explicit, quiet: quiet, expired: expired}
	}
}

// done records that a run ended; it says whether another is wanted.
func (r *regrader) done() (again bool) {
	r.running = false
	again, r.again = r.again, false
	return again
}

// regradeTickMsg asks for a regrade once the wait is over.
type regradeTickMsg struct {
	seq      int
	explicit bool
	quiet    bool // the status bar already says why (regradeForDay)
}

// regradeDoneMsg is a regrade ended.
type regradeDoneMsg struct {
	rep      store.RegradeReport
	err      error
	explicit bool
	quiet    bool  // asked for by the day changing, not by :regrade
	expired  int64 // points written off as past their age
}

// scheduleRegrade asks for a full regrade after the changes settle
// (debounced): cut points may have moved. It never blocks the keyboard.
func (m *tableScreen) scheduleRegrade(explicit bool) tea.Cmd {
	msg := m.regrade.request(explicit, false)
	if explicit || m.opts.regradeDelay <= 0 {
		return func() tea.Msg { return msg }
	}
	return tea.Tick(m.opts.regradeDelay, func(time.Time) tea.Msg { return msg })
}

// regradeTick starts the regrade asked for, saying so when asked for by name.
func (m *tableScreen) regradeTick(msg regradeTickMsg) tea.Cmd {
	cmd := m.regrade.start(m.e.st, m.e.ctx, msg)
	if cmd != nil && msg.explicit && !msg.quiet {
		m.setMsg("tui.msg.regrading")
	}
	return cmd
}

// regradeDone reports a regrade and shows the grades it moved.
func (m *tableScreen) regradeDone(msg regradeDoneMsg) tea.Cmd {
	again := m.regrade.done()
	m.dropRegradeNote()
	if m.copyAfterRegrade {
		m.copyAfterRegrade = false
		if err := m.e.st.EnableFastQueries(m.e.ctx); err != nil {
			m.setErr(err)
		}
	}
	var cmds []tea.Cmd
	if again {
		cmds = append(cmds, m.scheduleRegrade(false))
	}
	if msg.err != nil {
		if !errors.Is(msg.err, context.Canceled) {
			m.setErr(msg.err)
		}
		return tea.Batch(cmds...)
	}
	if msg.quiet {
		// The day changed, maybe the month: the history's tally next.
		cmds = append(cmds, m.warmHistory())
	}
	rep := msg.rep
	if rep.GradeMoves > 0 || msg.explicit {
		text := m.e.lang.T("tui.msg.regraded", rep.GradeMoves)
		if msg.explicit && !msg.quiet {
			// :regrade tells what `kehu regrade` prints first.
			st, l := m.e.st, m.e.lang
			reason := func(r string) string { return st.ReasonText(r, l) }
			text = report.Regrade(rep, m.e.today().Format("2006-01-02"), reason, l).Title
		}
		if rep.GradeMoves == 1 && len(rep.Moves) == 1 {
			text = joinStatus(text, rep.Moves[0].String())
		}
		// An error on the status bar stays until the user acts: a regrade
		// nobody asked for by name (the day's, or one after edits) joins
		// it; :regrade, a new action, replaces it.
		switch {
		case m.status.text == "" || m.status.err && msg.explicit && !msg.quiet:
			m.status = status{text: text}
		case m.mode == modeTable:
			m.status.text = joinStatus(m.status.text, text)
		}
	}
	if (rep.Changed > 0 || msg.expired > 0) && m.mode != modeEdit {
		id := int64(0)
		if r, ok := m.current(); ok {
			id = r.ID
		}
		if m.sortedByGrade() {
			m.relocate(id)
		} else {
			m.reload()
		}
		cmds = append(cmds, m.countCmd())
	}
	return tea.Batch(cmds...)
}

func (m *tableScreen) sortedByGrade() bool {
	for _, k := range m.view.Sort {
		switch k.Key {
		case "grade", "score", "segment", "stage":
			return true
		}
	}
	return false
}
