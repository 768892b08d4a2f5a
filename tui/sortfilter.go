package tui

import (
	"context"
	"errors"
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/store"
)

// viewTarget is a filter and sort to show.
type viewTarget struct {
	filter string
	sort   []store.SortKey
}

// viewToRemember is the view to show at the next start: the one on screen,
// with the filter and sort asked for last even when quitting came before
// their rows were read (not a filter still being typed).
func (m *tableScreen) viewToRemember() store.View {
	v := m.view
	if m.pending != nil && m.mode != modePrompt {
		v.Filter, v.Sort = m.pending.filter, m.pending.sort
	}
	return v
}

// target is the filter and sort on screen, or the ones being read.
func (m *tableScreen) target() viewTarget {
	if m.pending != nil {
		return *m.pending
	}
	return viewTarget{filter: m.view.Filter, sort: m.view.Sort}
}

func (m *tableScreen) sortBy(desc bool) tea.Cmd {
	c := m.g.cols[m.g.col]
	t := m.target()
	t.sort = []store.SortKey{{Key: c.Key, Desc: desc}}
	arrow := "↑"
	if desc {
		arrow = "↓"
	}
	m.setMsg("tui.msg.sorted", c.Label(m.e.lang)+arrow)
	return m.viewCmd(t, false)
}

// filterCmd shows the rows that match expr (which must compile).
func (m *tableScreen) filterCmd(expr string, debounce bool) tea.Cmd {
	t := m.target()
	t.filter = expr
	return m.viewCmd(t, debounce)
}

// viewTickMsg fires when typing in the filter prompt pauses.
type viewTickMsg struct {
	seq int
	t   viewTarget
}

// viewLoadedMsg carries the first rows of a new filter or sort.
type viewLoadedMsg struct {
	seq, qgen int
	t         viewTarget
	rows      []store.Row
	err       error
}

// viewCmd shows a new filter or sort: its first rows are read in the
// background (a free-text term or a sort on an unindexed column may scan
// the whole ledger), the newest request cancelling older ones, so the
// keyboard never waits. With debounce it waits for a pause in the typing
// unless the store's in-memory copy is ready.
func (m *tableScreen) viewCmd(t viewTarget, debounce bool) tea.Cmd {
	m.viewSeq++
	if m.viewCancel != nil {
		m.viewCancel()
		m.viewCancel = nil
	}
	m.pending = nil
	if t.filter == m.view.Filter && slices.Equal(t.sort, m.view.Sort) && m.counts != nil {
		return nil
	}
	m.pending = &t
	seq := m.viewSeq
	// The pause only spares the ledger a scan per keystroke: once the
	// store's in-memory copy answers filters, every key shows its rows.
	if debounce && m.opts.filterDelay > 0 && !m.e.st.FastQueriesReady() {
		return tea.Tick(m.opts.filterDelay, func(time.Time) tea.Msg { return viewTickMsg{seq: seq, t: t} })
	}
	return m.viewLoad(seq, t)
}

func (m *tableScreen) viewLoad(seq int, t viewTarget) tea.Cmd {
	ctx, cancel := context.WithCancel(m.e.ctx)
	m.viewCancel = cancel
	st, size, qgen := m.e.st, m.cacheSize(), m.qgen
	q := m.query()
	q.Filter, q.Sort = t.filter, t.sort
	return func() tea.Msg {
		rows, err := st.Window(ctx, q, 0, size)
		return viewLoadedMsg{seq: seq, qgen: qgen, t: t, rows: rows, err: err}
	}
}

// viewLoaded puts the rows read on screen and counts them when the filter
// changed.
func (m *tableScreen) viewLoaded(msg viewLoadedMsg) tea.Cmd {
	if msg.seq != m.viewSeq {
		return nil
	}
	m.viewCancel = nil
	if msg.err != nil {
		m.pending = nil
		if !errors.Is(msg.err, context.Canceled) {
			m.setErr(msg.err)
		}
		return nil
	}
	if msg.qgen != m.qgen {
		return m.viewLoad(msg.seq, msg.t) // the columns changed meanwhile
	}
	m.pending = nil
	v := m.view
	v.Filter, v.Sort = msg.t.filter, msg.t.sort
	filterChanged := v.Filter != m.view.Filter || m.counts == nil
	if err := m.prepareView(v, true); err != nil {
		m.setErr(err)
		return nil
	}
	m.gen++
	m.prefetching = false
	m.g.row, m.g.top = 0, 0
	m.g.cache = rowCache{off: 0, rows: msg.rows}
	if len(msg.rows) < m.cacheSize() {
		m.g.total = len(msg.rows)
	}
	m.g.clampRow(m.e.height)
	if !filterChanged {
		return m.prefetchCmd()
	}
	return m.countCmd()
}

// checkFilter compiles expr without reading anything.
func (m *tableScreen) checkFilter(expr string) error {
	_, err := m.e.st.QueryColumns(store.Query{Filter: expr, Columns: m.qcols})
	return err
}
