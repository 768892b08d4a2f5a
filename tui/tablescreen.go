package tui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// mode says what the keyboard drives on the table.
type mode int

const (
	modeTable mode = iota
	modeEdit
	modePrompt
)

// promptKind is what the bottom-line prompt is for.
type promptKind int

const (
	promptSearch promptKind = iota
	promptFilter
	promptCommand
	promptExport
)

// tableScreen is the bottom screen: the customer table, its cell editor
// and prompts, the status line, search and the live regrade.
type tableScreen struct {
	e    env
	opts options

	work *atomic.Pointer[string] // how far a background import or export is; nil when none runs

	view  store.View // on screen: filter, sort, columns (name first), widths
	qcols []string   // the columns read: the view's, plus grade for the marker
	g     grid
	gen   int // cache generation: results of older reads are dropped
	qgen  int // query generation: bumped when filter, sort or columns change

	counts      map[string]int // tier counts of the view, nil until counted
	countGen    int
	countCancel context.CancelFunc
	prefetching bool

	mode         mode
	ed           editor
	pk           promptKind
	prompt       textinput.Model
	filterBefore string
	viewSeq      int                // the newest filter or sort asked for
	viewCancel   context.CancelFunc // cancels reading it
	pending      *viewTarget        // the filter and sort being read
	search       string
	searching    bool

	opening    screen // a screen a key asked to open, pushed once the key is handled
	justOpened bool
	status     status

	regradeSeq     int
	regradeRunning bool
	regradeAgain   bool
	regradeNote    string // "regrading as of …" while a regrade for a new day runs
	day            string // the day the grades on screen are for (the clock's, ISO)
	quitting       bool
}

// newTableScreen builds the table on the view remembered in the ledger.
func newTableScreen(c *common, o options) (*tableScreen, error) {
	m := &tableScreen{e: env{common: c, width: 80, height: 24}, opts: o}
	m.g.total = -1
	v, err := c.st.LastView(c.ctx)
	if err != nil {
		m.setErr(err)
		v = store.View{}
	}
	if err := m.setView(v, false); err != nil {
		m.setErr(err)
		if err := m.setView(store.View{}, false); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// SetSize records the terminal size; Update re-reads the window for it.
func (m *tableScreen) SetSize(w, h int) { m.e.SetSize(w, h) }

// Title names the table.
func (m *tableScreen) Title() string { return "kehu" }

// ShortHelp is the footer hint: the editor's keys while a cell is edited.
func (m *tableScreen) ShortHelp() []key.Binding {
	if m.mode == modeEdit {
		return m.e.keys.editorHint()
	}
	return m.e.keys.hint()
}

// FullHelp is every binding of the table (help.KeyMap).
func (m *tableScreen) FullHelp() [][]key.Binding { return fullHelp(m.helpGroups()) }

func (m *tableScreen) helpGroups() []keyGroup { return m.e.keys.groups(m.e.lang) }

// Init starts counting the view, the background checks and, when the
// grades are for another day, regrading them in the background.
func (m *tableScreen) Init() tea.Cmd {
	return tea.Batch(m.countCmd(), m.backgroundChecks(), m.startAging())
}

// ---- the view and the row cache ----

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
	for i, c := range cols {
		m.g.widths[i] = m.colWidth(c)
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
		n, err := st.Count(ctx, q)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.total = n
		for _, g := range tiering.Grades() {
			gq := q
			gq.Filter = strings.TrimSpace(q.Filter + " grade=" + g)
			c, err := st.Count(ctx, gq)
			if err != nil {
				msg.err = err
				return msg
			}
			msg.counts[g] = c
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

// ---- status ----

func (m *tableScreen) setErr(err error) {
	m.status = status{text: m.e.errorText(err), err: true}
}

func (m *tableScreen) setMsg(key string, args ...any) {
	m.status = status{text: m.e.lang.T(key, args...)}
}

// addGrade appends a live grade move ("王芳 B→A") to the status.
func (m *tableScreen) addGrade(g *store.GradeChange) {
	if g == nil {
		return
	}
	m.status.text = joinStatus(m.status.text, g.String())
}

func (m *tableScreen) addWarnings(ws []error) {
	for _, w := range ws {
		m.status.text = joinStatus(m.status.text, m.e.errorText(w))
		m.status.warn = true
	}
}

func joinStatus(a, b string) string {
	if a == "" {
		return b
	}
	return a + " · " + b
}

// ---- update ----

// Update handles the table's own results (reads, counts, regrades, jobs)
// whatever screen is on top, and keys when the table is on top: to the
// editor, a prompt or the table itself.
func (m *tableScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case checkFailedMsg:
		m.setErr(msg.err)
		return m, nil
	case tea.WindowSizeMsg:
		m.e.width, m.e.height = msg.Width, msg.Height
		m.g.clampCol(m.e.width)
		m.ensureVisible()
		m.resizeInputs()
		return m, m.prefetchCmd()
	case countsMsg:
		if msg.gen != m.countGen {
			return m, nil
		}
		if msg.err != nil {
			if !errors.Is(msg.err, context.Canceled) {
				m.setErr(msg.err)
			}
			return m, nil
		}
		m.g.total, m.counts = msg.total, msg.counts
		m.g.clampRow(m.e.height)
		m.ensureVisible()
		return m, m.prefetchCmd()
	case windowMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.prefetching = false
		if msg.err == nil && len(msg.rows) > 0 {
			nc := rowCache{off: msg.off, rows: msg.rows}
			vis := bodyHeight(m.e.height)
			last := m.g.top + vis - 1
			if m.g.total >= 0 && last >= m.g.total {
				last = m.g.total - 1
			}
			if nc.has(m.g.top) && (last < m.g.top || nc.has(last)) {
				m.g.cache = nc
			}
		}
		return m, nil
	case searchMsg:
		return m, m.searchDone(msg)
	case viewTickMsg:
		if msg.seq != m.viewSeq {
			return m, nil
		}
		return m, m.viewLoad(msg.seq, msg.t)
	case viewLoadedMsg:
		return m, m.viewLoaded(msg)
	case regradeTickMsg:
		return m, m.regradeTick(msg)
	case dayTickMsg:
		return m, m.dayTick()
	case regradeDoneMsg:
		return m, m.regradeDone(msg)
	case exportDoneMsg:
		m.work = nil
		return m, m.exportDone(msg)
	case progressTickMsg:
		return m, m.progressTick(msg)
	case tea.KeyMsg:
		if msg.Alt && msg.Type == tea.KeyRunes {
			// Esc quickly followed by a key reads as alt+key: it is both.
			c1 := m.dispatchKey(tea.KeyMsg{Type: tea.KeyEscape})
			msg.Alt = false
			return m, tea.Batch(c1, m.dispatchKey(msg))
		}
		return m, m.dispatchKey(msg)
	}
	switch m.mode {
	case modeEdit:
		return m, m.ed.update(msg)
	case modePrompt:
		var cmd tea.Cmd
		m.prompt, cmd = m.prompt.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *tableScreen) resizeInputs() {
	if m.mode == modeEdit {
		m.ed.setWidth(m.editWidth())
	}
	m.prompt.Width = m.e.width - lipgloss.Width(m.prompt.Prompt) - 2
}

// editWidth is the width of the cell being edited.
func (m *tableScreen) editWidth() int {
	if m.g.col == 0 || m.ed.adding {
		return m.g.nameWidth(m.e.width)
	}
	for _, sp := range m.g.layout(m.e.width) {
		if sp.idx == m.g.col {
			return sp.w
		}
	}
	return m.g.widths[m.g.col]
}

// dispatchKey handles a key. Keys typed faster than they are read arrive
// together ("jjj"): outside a text input each is a command of its own, and
// what follows a key that opens an input or a screen goes to it.
func (m *tableScreen) dispatchKey(msg tea.KeyMsg) tea.Cmd {
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste || m.mode != modeTable {
		return m.handleKey(msg, nil)
	}
	var cmds []tea.Cmd
	for i, r := range msg.Runes {
		if m.mode != modeTable {
			cmds = append(cmds, m.dispatchKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: msg.Runes[i:]}))
			break
		}
		var rest []tea.KeyMsg
		if i+1 < len(msg.Runes) {
			rest = []tea.KeyMsg{{Type: tea.KeyRunes, Runes: msg.Runes[i+1:]}}
		}
		cmds = append(cmds, m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}, rest))
		if m.opened() {
			break
		}
	}
	return tea.Batch(cmds...)
}

// handleKey handles one key; when it opens a screen, rest (the keys read
// with it) goes to that screen.
func (m *tableScreen) handleKey(msg tea.KeyMsg, rest []tea.KeyMsg) tea.Cmd {
	cmd := m.keyCmd(msg)
	if s := m.opening; s != nil {
		m.opening = nil
		m.justOpened = true
		return tea.Batch(cmd, func() tea.Msg { return pushMsg{s: s, keys: rest} })
	}
	return cmd
}

// opened reports (once) that the last key handled opened a screen.
func (m *tableScreen) opened() bool {
	o := m.justOpened
	m.justOpened = false
	return o
}

func (m *tableScreen) keyCmd(msg tea.KeyMsg) tea.Cmd {
	switch m.mode {
	case modeEdit:
		return m.editKey(msg)
	case modePrompt:
		return m.promptKey(msg)
	}
	return m.tableKey(msg)
}

func (m *tableScreen) tableKey(msg tea.KeyMsg) tea.Cmd {
	k := m.e.keys
	m.status = status{}
	vis := bodyHeight(m.e.height)
	switch {
	case key.Matches(msg, k.Quit):
		m.quitting = true
		return tea.Quit
	case key.Matches(msg, k.Up):
		return m.moveRow(-1)
	case key.Matches(msg, k.Down):
		return m.moveRow(1)
	case key.Matches(msg, k.PageUp):
		return m.moveRow(-vis)
	case key.Matches(msg, k.PageDown):
		return m.moveRow(vis)
	case key.Matches(msg, k.Top):
		return m.moveTo(0)
	case key.Matches(msg, k.Bottom):
		if m.g.total < 0 {
			n, err := m.e.st.Count(m.e.ctx, m.query())
			if err != nil {
				m.setErr(err)
				return nil
			}
			m.g.total = n
		}
		return m.moveTo(m.g.total - 1)
	case key.Matches(msg, k.Left):
		m.moveCol(-1)
	case key.Matches(msg, k.Right):
		m.moveCol(1)
	case key.Matches(msg, k.FirstCol):
		m.g.col = 0
		m.g.left = 1
	case key.Matches(msg, k.LastCol):
		m.g.col = len(m.g.cols) - 1
		m.g.clampCol(m.e.width)
	case key.Matches(msg, k.Edit):
		m.startEdit()
	case key.Matches(msg, k.Add):
		m.startAdd()
	case key.Matches(msg, k.Delete):
		return m.deleteCurrent()
	case key.Matches(msg, k.Undo):
		return m.undo(true)
	case key.Matches(msg, k.Redo):
		return m.undo(false)
	case key.Matches(msg, k.Search):
		m.openPrompt(promptSearch, "/", m.search)
	case key.Matches(msg, k.Next):
		return m.searchCmd(true)
	case key.Matches(msg, k.Prev):
		return m.searchCmd(false)
	case key.Matches(msg, k.Filter):
		m.filterBefore = m.view.Filter
		m.openPrompt(promptFilter, m.e.lang.T("tui.prompt.filter"), m.view.Filter)
	case key.Matches(msg, k.ClearFilter):
		if m.view.Filter != "" {
			m.setMsg("tui.msg.filtercleared")
		}
		return m.filterCmd("", false)
	case key.Matches(msg, k.SortAsc):
		return m.sortBy(false)
	case key.Matches(msg, k.SortDesc):
		return m.sortBy(true)
	case key.Matches(msg, k.Open):
		m.openFor(func(e env, id int64) screen { return newDetail(e, id) })
	case key.Matches(msg, k.Contact):
		m.openFor(func(e env, id int64) screen { return newContactForm(e, id) })
	case key.Matches(msg, k.Purchase):
		m.openFor(func(e env, id int64) screen { return newPurchaseForm(e, id) })
	case key.Matches(msg, k.Explain):
		m.openFor(func(e env, id int64) screen { return newExplain(e, id) })
	case key.Matches(msg, k.Agenda):
		m.opening = newAgenda(m.e)
	case key.Matches(msg, k.Summary):
		m.opening = newSummary(m.e)
	case key.Matches(msg, k.Rules):
		m.opening = newRules(m.e)
	case key.Matches(msg, k.Export):
		m.openPrompt(promptExport, m.e.lang.T("tui.prompt.export"), m.defaultExportPath())
	case key.Matches(msg, k.Command):
		m.openPrompt(promptCommand, ":", "")
	case key.Matches(msg, k.Help):
		m.opening = newHelpScreen(m.e, m)
	}
	return nil
}

// moveRow moves the cursor by delta rows.
func (m *tableScreen) moveRow(delta int) tea.Cmd {
	return m.moveTo(m.g.row + delta)
}

// moveTo puts the cursor on row i (clamped), reading the ledger only when
// the cache misses.
func (m *tableScreen) moveTo(i int) tea.Cmd {
	m.g.row = i
	m.g.clampRow(m.e.height)
	m.ensureVisible()
	return m.prefetchCmd()
}

func (m *tableScreen) moveCol(delta int) {
	m.g.col += delta
	m.g.clampCol(m.e.width)
}

// openFor opens a screen about the customer under the cursor.
func (m *tableScreen) openFor(open func(env, int64) screen) {
	r, ok := m.current()
	if !ok {
		m.setMsg("tui.msg.norow")
		return
	}
	m.opening = open(m.e, r.ID)
}

// resumed is the table back on top after a screen closed: its status
// shown, and the table reloaded when the ledger changed.
func (m *tableScreen) resumed(msg popMsg) tea.Cmd {
	m.status = status{text: msg.status}
	if msg.err != nil {
		m.setErr(msg.err)
	}
	m.addGrade(msg.grade)
	if !msg.changed {
		if msg.customerID > 0 {
			if idx, err := m.e.st.IndexOf(m.e.ctx, m.query(), msg.customerID); err == nil && idx >= 0 {
				return m.moveTo(idx)
			}
		}
		return nil
	}
	id := msg.customerID
	if id == 0 {
		if r, ok := m.current(); ok {
			id = r.ID
		}
	}
	m.relocate(id)
	// The rules may have changed: styles follow the owner's colours.
	if rules, err := m.e.st.Rules(m.e.ctx); err == nil {
		m.e.setRules(rules)
	}
	return tea.Batch(m.countCmd(), m.scheduleRegrade(false))
}

// ---- editing ----

func (m *tableScreen) startEdit() {
	r, ok := m.current()
	if !ok {
		m.setMsg("tui.msg.norow")
		return
	}
	c := m.g.cols[m.g.col]
	if c.ReadOnly {
		m.status = status{text: m.e.lang.T("tui.msg.readonly", c.Label(m.e.lang)), err: true}
		return
	}
	val := ""
	if m.g.col < len(r.Values) {
		val = store.Format(c, r.Values[m.g.col], m.e.lang)
	}
	m.ed.open(m.e.sty, r.ID, c, val, m.editWidth(), false)
	m.mode = modeEdit
}

func (m *tableScreen) startAdd() {
	name, _ := m.e.st.Column("name")
	m.g.col = 0
	m.ed.open(m.e.sty, 0, name, "", m.g.nameWidth(m.e.width), true)
	m.mode = modeEdit
	m.status = status{text: m.e.lang.T("tui.msg.addname")}
}

func (m *tableScreen) editKey(msg tea.KeyMsg) tea.Cmd {
	k := m.e.keys
	switch {
	case key.Matches(msg, k.Cancel):
		m.ed.close()
		m.mode = modeTable
		m.status = status{}
		return nil
	case key.Matches(msg, k.Commit):
		return m.commit(false)
	case key.Matches(msg, k.CommitRight):
		return m.commit(true)
	}
	return m.ed.update(msg)
}

// commit stores what the editor holds. An invalid value keeps the editor
// open with what was typed and shows the reason; nothing is written.
func (m *tableScreen) commit(right bool) tea.Cmd {
	st, val := m.e.st, m.ed.value()
	if !m.ed.adding && m.ed.keepsOld() {
		m.ed.close()
		m.mode = modeTable
		return nil
	}
	var ch store.Change
	var err error
	if m.ed.adding {
		ch, err = st.AddCustomer(m.e.ctx, map[string]string{"name": val})
	} else {
		ch, err = st.SetField(m.e.ctx, m.ed.id, m.ed.col.Key, val)
	}
	if err != nil {
		m.setErr(err)
		return nil
	}
	adding, col := m.ed.adding, m.ed.col
	m.ed.close()
	m.mode = modeTable
	if adding {
		m.status = status{text: m.e.lang.T("tui.msg.added", validate.Visible(val))}
		if m.g.total >= 0 {
			m.g.total++
		}
	} else {
		m.status = status{text: m.e.lang.T("tui.msg.saved", col.Label(m.e.lang))}
	}
	m.addGrade(ch.Grade)
	m.addWarnings(ch.Warnings)
	if !m.relocate(ch.ID) {
		m.status.text = joinStatus(m.status.text, m.e.lang.T("tui.msg.hidden"))
		if m.g.total > 0 && !adding {
			m.g.total--
		}
	}
	if right {
		m.moveCol(1)
	}
	cmds := []tea.Cmd{m.countCmd(), m.prefetchCmd()}
	return tea.Batch(cmds...)
}

func (m *tableScreen) deleteCurrent() tea.Cmd {
	r, ok := m.current()
	if !ok {
		m.setMsg("tui.msg.norow")
		return nil
	}
	name := m.currentName()
	if err := m.e.st.Delete(m.e.ctx, r.ID); err != nil {
		m.setErr(err)
		return nil
	}
	m.setMsg("tui.msg.deleted", validate.Visible(name))
	if m.g.total > 0 {
		m.g.total--
	}
	m.reload()
	return tea.Batch(m.countCmd(), m.scheduleRegrade(false))
}

func (m *tableScreen) undo(undo bool) tea.Cmd {
	var res store.UndoResult
	var err error
	if undo {
		res, err = m.e.st.Undo(m.e.ctx)
	} else {
		res, err = m.e.st.Redo(m.e.ctx)
	}
	if err != nil {
		m.setErr(err)
		return nil
	}
	if undo {
		m.setMsg("tui.msg.undone")
	} else {
		m.setMsg("tui.msg.redone")
	}
	m.addGrade(res.Grade)
	m.g.total = -1
	m.relocate(res.CustomerID)
	cmds := []tea.Cmd{m.countCmd()}
	if res.Entity == "purchases" || res.Op != "edit" {
		cmds = append(cmds, m.scheduleRegrade(false))
	}
	return tea.Batch(cmds...)
}

// ---- sort and filter ----

// viewTarget is a filter and sort to show.
type viewTarget struct {
	filter string
	sort   []store.SortKey
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
// keyboard never waits. With debounce it waits for a pause in the typing.
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
	if debounce && m.opts.filterDelay > 0 {
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

// ---- the prompts: search, filter, command, export ----

func (m *tableScreen) openPrompt(kind promptKind, label, value string) {
	m.pk = kind
	m.prompt = newInput(m.e.sty, label, value)
	m.prompt.Width = m.e.width - lipgloss.Width(label) - 2
	m.mode = modePrompt
}

func (m *tableScreen) closePrompt() {
	m.mode = modeTable
	m.prompt.Blur()
}

func (m *tableScreen) promptKey(msg tea.KeyMsg) tea.Cmd {
	k := m.e.keys
	switch {
	case key.Matches(msg, k.Cancel):
		m.closePrompt()
		m.status = status{}
		if m.pk == promptFilter {
			return m.filterCmd(m.filterBefore, false)
		}
		return nil
	case key.Matches(msg, k.Commit):
		return m.promptDone()
	}
	before := m.prompt.Value()
	var cmd tea.Cmd
	m.prompt, cmd = m.prompt.Update(msg)
	if m.pk == promptFilter && m.prompt.Value() != before {
		// Filter as you type: each keystroke shows the rows matching so far.
		m.status = status{}
		expr := strings.TrimSpace(m.prompt.Value())
		if m.checkFilter(expr) != nil {
			// Not a whole filter (yet): the view from before the prompt
			// opened stays on screen, not what a half-typed term matched.
			return tea.Batch(cmd, m.filterCmd(m.filterBefore, true))
		}
		return tea.Batch(cmd, m.filterCmd(expr, true))
	}
	return cmd
}

func (m *tableScreen) promptDone() tea.Cmd {
	val := strings.TrimSpace(m.prompt.Value())
	switch m.pk {
	case promptSearch:
		m.closePrompt()
		m.search = val
		if val == "" {
			return nil
		}
		return m.searchCmd(true)
	case promptFilter:
		if err := m.checkFilter(val); err != nil {
			// The prompt stays open with what was typed and the error; the
			// grid and tier counts show the last valid filter meanwhile.
			m.setErr(err)
			return m.filterCmd(m.filterBefore, false)
		}
		m.closePrompt()
		if val == "" {
			m.setMsg("tui.msg.filtercleared")
		} else {
			m.setMsg("tui.msg.filtered", val)
		}
		return m.filterCmd(val, false)
	case promptCommand:
		m.closePrompt()
		m.status = status{}
		return m.runCommand(val)
	case promptExport:
		if val == "" {
			val = m.defaultExportPath()
		}
		m.closePrompt()
		return m.exportCmd(val)
	}
	m.closePrompt()
	return nil
}

// ---- search ----

// searchMsg says where the next match is.
type searchMsg struct {
	qgen  int
	term  string
	idx   int
	found bool
	err   error
}

var errStop = errors.New("stop")

// searchCmd looks for the search text in the view's columns, after (or
// before) the cursor, wrapping around; it streams the view in the
// background instead of holding it.
func (m *tableScreen) searchCmd(forward bool) tea.Cmd {
	if m.search == "" {
		m.setMsg("tui.msg.nosearch")
		return nil
	}
	if m.searching {
		return nil
	}
	m.searching = true
	m.setMsg("tui.msg.searching", m.search)
	st, q, qgen, ctx := m.e.st, m.query(), m.qgen, m.e.ctx
	cols := append([]store.Column(nil), m.g.cols...)
	lang, rules, from, term := m.e.lang, m.e.rules, m.g.row, strings.ToLower(m.search)
	return func() tea.Msg {
		first, last, before, after := -1, -1, -1, -1
		i := -1
		err := st.Each(ctx, q, func(r store.Row) error {
			i++
			hit := false
			for j, c := range cols {
				if j < len(r.Values) && strings.Contains(strings.ToLower(cellText(c, r.Values[j], lang, rules)), term) {
					hit = true
					break
				}
			}
			if !hit {
				return nil
			}
			if first < 0 {
				first = i
			}
			last = i
			if i < from {
				before = i
			}
			if i > from && after < 0 {
				after = i
				if forward {
					return errStop
				}
			}
			return nil
		})
		msg := searchMsg{qgen: qgen, term: term}
		if err != nil && !errors.Is(err, errStop) {
			msg.err = err
			return msg
		}
		switch {
		case forward && after >= 0:
			msg.idx, msg.found = after, true
		case forward && first >= 0:
			msg.idx, msg.found = first, true
		case !forward && before >= 0:
			msg.idx, msg.found = before, true
		case !forward && last >= 0:
			msg.idx, msg.found = last, true
		}
		return msg
	}
}

func (m *tableScreen) searchDone(msg searchMsg) tea.Cmd {
	m.searching = false
	if msg.qgen != m.qgen {
		m.status = status{}
		return nil
	}
	if msg.err != nil {
		m.setErr(msg.err)
		return nil
	}
	if !msg.found {
		m.status = status{text: m.e.lang.T("tui.msg.nomatch", m.search), err: true}
		return nil
	}
	m.setMsg("tui.msg.match", m.search)
	cmd := m.moveTo(msg.idx)
	// Show the matching column when the match is in another one.
	if r, ok := m.current(); ok {
		if !m.cellHas(r, m.g.col, msg.term) {
			for j := range m.g.cols {
				if m.cellHas(r, j, msg.term) {
					m.g.col = j
					m.g.clampCol(m.e.width)
					break
				}
			}
		}
	}
	return cmd
}

func (m *tableScreen) cellHas(r store.Row, j int, term string) bool {
	if j >= len(r.Values) || j >= len(m.g.cols) {
		return false
	}
	return strings.Contains(strings.ToLower(cellText(m.g.cols[j], r.Values[j], m.e.lang, m.e.rules)), term)
}

// ---- live regrade ----

type regradeTickMsg struct {
	seq      int
	explicit bool
	quiet    bool // the status bar already says why (regradeForDay)
}

type regradeDoneMsg struct {
	rep      store.RegradeReport
	err      error
	explicit bool
}

// scheduleRegrade asks for a full regrade after the changes settle
// (debounced): cut points may have moved. It never blocks the keyboard.
func (m *tableScreen) scheduleRegrade(explicit bool) tea.Cmd {
	m.regradeSeq++
	msg := regradeTickMsg{seq: m.regradeSeq, explicit: explicit}
	if explicit || m.opts.regradeDelay <= 0 {
		return func() tea.Msg { return msg }
	}
	return tea.Tick(m.opts.regradeDelay, func(time.Time) tea.Msg { return msg })
}

func (m *tableScreen) regradeTick(msg regradeTickMsg) tea.Cmd {
	if msg.seq != m.regradeSeq {
		return nil // a newer change restarted the wait
	}
	if m.regradeRunning {
		m.regradeAgain = true
		return nil
	}
	m.regradeRunning = true
	if msg.explicit && !msg.quiet {
		m.setMsg("tui.msg.regrading")
	}
	st, ctx, explicit := m.e.st, m.e.ctx, msg.explicit
	return func() tea.Msg {
		// (moves caused by the day changing are recorded as such)
		rep, err := st.RegradeAll(ctx, store.ReasonCuts)
		return regradeDoneMsg{rep: rep, err: err, explicit: explicit}
	}
}

func (m *tableScreen) regradeDone(msg regradeDoneMsg) tea.Cmd {
	m.regradeRunning = false
	m.dropRegradeNote()
	var cmds []tea.Cmd
	if m.regradeAgain {
		m.regradeAgain = false
		cmds = append(cmds, m.scheduleRegrade(false))
	}
	if msg.err != nil {
		if !errors.Is(msg.err, context.Canceled) {
			m.setErr(msg.err)
		}
		return tea.Batch(cmds...)
	}
	rep := msg.rep
	if rep.GradeMoves > 0 || msg.explicit {
		text := m.e.lang.T("tui.msg.regraded", rep.GradeMoves)
		if rep.GradeMoves == 1 && len(rep.Moves) == 1 {
			text = joinStatus(text, rep.Moves[0].String())
		}
		switch {
		case m.status.text == "" || m.status.err:
			m.status = status{text: text}
		case m.mode == modeTable:
			m.status.text = joinStatus(m.status.text, text)
		}
	}
	if rep.Changed > 0 && m.mode != modeEdit {
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

// ---- view ----

// View draws the table: exactly the
// terminal's height in lines, each exactly its width.
func (m *tableScreen) View() string {
	gv := gridView{width: m.e.width, height: m.e.height, lang: m.e.lang, rules: m.e.rules, sty: m.e.sty, gen: m.gen}
	if m.mode == modeEdit {
		gv.editing, gv.adding, gv.edit = true, m.ed.adding, m.ed.view()
	}
	lines := m.g.render(gv)
	lines = append(lines, m.statusLine(), m.bottomLine())
	if len(lines) > m.e.height && m.e.height > 0 {
		lines = lines[len(lines)-m.e.height:]
	}
	return strings.Join(lines, "\n")
}
