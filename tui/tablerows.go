package tui

import (
	"context"
	"slices"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// setView puts v on screen: columns resolved (name first and frozen),
// the window read again. keepCursor keeps the cursor on the same column key.
func (m *tableScreen) setView(v store.View, keepCursor bool) error {
	if err := m.prepareView(v, keepCursor); err != nil {
		return err
	}
	m.reload()
	return nil
}

// prepareView installs v without reading rows.
func (m *tableScreen) prepareView(v store.View, keepCursor bool) error {
	st := m.e.st
	curKey := ""
	if keepCursor && m.g.col < len(m.g.cols) {
		curKey = m.g.cols[m.g.col].Key
	}
	keys := v.Columns
	if len(keys) == 0 {
		keys = st.DefaultColumns()
	}
	var cols []store.Column
	seen := map[string]bool{}
	name, _ := st.Column("name")
	cols = append(cols, name)
	seen["name"] = true
	for _, k := range keys {
		c, ok := st.Column(k)
		if !ok || seen[c.Key] {
			continue
		}
		seen[c.Key] = true
		cols = append(cols, c)
	}
	nv := store.View{Name: v.Name, Filter: v.Filter, Sort: v.Sort}
	for _, c := range cols {
		nv.Columns = append(nv.Columns, c.Key)
	}
	for k, w := range v.Widths {
		if seen[k] && w > 0 {
			if nv.Widths == nil {
				nv.Widths = map[string]int{}
			}
			nv.Widths[k] = w
		}
	}
	q := nv.Query()
	if _, err := st.QueryColumns(q); err != nil {
		return err
	}
	qcols := append([]string(nil), nv.Columns...)
	gradeAt := slices.Index(qcols, "grade")
	if gradeAt < 0 {
		qcols = append(qcols, "grade")
		gradeAt = len(qcols) - 1
	}
	filterChanged := nv.Filter != m.view.Filter || m.view.Columns == nil
	m.view, m.qcols = nv, qcols
	m.g.cols = cols
	m.g.gradeAt = gradeAt
	m.g.sort = nv.Sort
	m.g.widths = make([]int, len(cols))
	m.g.fixed = make([]bool, len(cols))
	m.g.fitted = nil
	for i, c := range cols {
		m.g.widths[i] = m.colWidth(c)
		_, m.g.fixed[i] = m.view.Widths[c.Key]
	}
	m.g.col = 0
	if curKey != "" {
		if i := m.colIndex(curKey); i >= 0 {
			m.g.col = i
		}
	}
	m.qgen++
	if filterChanged {
		m.g.total = -1
		m.counts = nil
	}
	m.g.clampCol(m.e.width)
	return nil
}

// colWidth is a column's width: the view's, else the wider of its default
// and its header.
func (m *tableScreen) colWidth(c store.Column) int {
	if w, ok := m.view.Widths[c.Key]; ok && w > 0 {
		return w
	}
	w := c.Width
	if lw := lipgloss.Width(c.Label(m.e.lang)) + 1; lw > w && lw <= 16 {
		w = lw
	}
	if w < 3 {
		w = 3
	}
	return w
}

func (m *tableScreen) colIndex(key string) int {
	for i, c := range m.g.cols {
		if c.Key == key {
			return i
		}
	}
	return -1
}

// query is what the table reads: the view plus the grade for the marker.
func (m *tableScreen) query() store.Query {
	return store.Query{Filter: m.view.Filter, Sort: m.view.Sort, Columns: m.qcols}
}

func (m *tableScreen) cacheSize() int {
	if n := 4 * bodyHeight(m.e.height); n > minCache {
		return n
	}
	return minCache
}

// reload drops the cache and reads the window around the cursor again.
func (m *tableScreen) reload() {
	m.gen++
	m.prefetching = false
	m.g.cache = rowCache{}
	m.ensureVisible()
}

// ensureVisible reads the rows on screen when the cache misses them: the
// only place a cursor move touches the ledger.
func (m *tableScreen) ensureVisible() {
	vis := bodyHeight(m.e.height)
	if m.g.total < 0 && m.g.cache.rows == nil {
		// Nothing known yet: aim the viewport at the cursor, read, then clamp.
		if m.g.row < 0 {
			m.g.row = 0
		}
		if m.g.row < m.g.top || m.g.row >= m.g.top+vis {
			m.g.top = max(0, m.g.row-vis/2)
		}
	} else {
		m.g.clampRow(m.e.height)
	}
	end := m.g.top + vis
	if m.g.total >= 0 && end > m.g.total {
		end = m.g.total
	}
	if m.g.cache.rows != nil && m.g.cache.has(m.g.top) && (end <= m.g.top || m.g.cache.has(end-1)) {
		return
	}
	if m.g.cache.rows != nil && m.g.total < 0 && m.g.cache.has(m.g.top) && len(m.g.cache.rows) < m.cacheSize() {
		return // the cache runs to the end of the view
	}
	size := m.cacheSize()
	off := m.g.top - (size-vis)/2
	if off < 0 {
		off = 0
	}
	m.fetch(off, size)
	m.g.clampRow(m.e.height)
}

// fetch reads size rows from off, synchronously.
func (m *tableScreen) fetch(off, size int) {
	rows, err := m.e.st.Window(m.e.ctx, m.query(), off, size)
	if err != nil {
		m.setErr(err)
		m.g.cache = rowCache{off: off, rows: []store.Row{}}
		return
	}
	if len(rows) == 0 && off > 0 {
		// The view shrank under the cursor: count it and read its end.
		n, err := m.e.st.Count(m.e.ctx, m.query())
		if err != nil {
			m.setErr(err)
			return
		}
		m.g.total = n
		off = n - size
		if off < 0 {
			off = 0
		}
		if rows, err = m.e.st.Window(m.e.ctx, m.query(), off, size); err != nil {
			m.setErr(err)
			return
		}
	}
	m.g.cache = rowCache{off: off, rows: rows}
	if len(rows) < size {
		m.g.total = off + len(rows)
	}
}

// windowMsg carries rows read ahead of the cursor.
type windowMsg struct {
	gen  int
	off  int
	rows []store.Row
	err  error
}

// prefetchCmd reads the next window in the background when the cursor
// nears the edge of the cache, so scrolling rarely waits for the ledger.
func (m *tableScreen) prefetchCmd() tea.Cmd {
	if m.prefetching || m.g.total < 0 {
		return nil
	}
	vis := bodyHeight(m.e.height)
	lo, hi := m.g.top-vis, m.g.top+2*vis
	if lo < 0 {
		lo = 0
	}
	if hi > m.g.total {
		hi = m.g.total
	}
	if hi <= lo || (m.g.cache.has(lo) && m.g.cache.has(hi-1)) {
		return nil
	}
	size := m.cacheSize()
	off := m.g.top - (size-vis)/2
	if off < 0 {
		off = 0
	}
	m.prefetching = true
	st, q, gen, ctx := m.e.st, m.query(), m.gen, m.e.ctx
	return func() tea.Msg {
		rows, err := st.Window(ctx, q, off, size)
		return windowMsg{gen: gen, off: off, rows: rows, err: err}
	}
}

// countsMsg carries the count of the view and its tier counts.
type countsMsg struct {
	gen    int
	total  int
	counts map[string]int
	err    error
}

// countCmd counts the view and each grade in it, off the UI goroutine.
// A newer count cancels an older one.
func (m *tableScreen) countCmd() tea.Cmd {
	if m.countCancel != nil {
		m.countCancel()
	}
	ctx, cancel := context.WithCancel(m.e.ctx)
	m.countCancel = cancel
	m.countGen++
	st, q, gen := m.e.st, m.query(), m.countGen
	return func() tea.Msg {
		defer cancel()
		msg := countsMsg{gen: gen, counts: map[string]int{}}
		n, byGrade, err := st.CountByGrade(ctx, q)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.total = n
		for _, g := range tiering.Grades() {
			msg.counts[g] = byGrade[g]
		}
		return msg
	}
}

// relocate reloads the view and puts the cursor on customer id (its row may
// have moved with the sort). It reports false when the filter hides it.
func (m *tableScreen) relocate(id int64) bool {
	found := true
	if id > 0 {
		idx, err := m.e.st.IndexOf(m.e.ctx, m.query(), id)
		switch {
		case err != nil:
			m.setErr(err)
		case idx < 0:
			found = false
		default:
			m.g.row = idx
			if m.g.total >= 0 && idx >= m.g.total {
				m.g.total = idx + 1
			}
		}
	}
	m.reload()
	return found
}

// current is the row under the cursor.
func (m *tableScreen) current() (store.Row, bool) {
	if m.g.rows() == 0 {
		return store.Row{}, false
	}
	return m.g.cache.get(m.g.row)
}

func (m *tableScreen) currentName() string {
	r, ok := m.current()
	if !ok || len(r.Values) == 0 {
		return ""
	}
	s, _ := r.Values[0].(string)
	return s
}
