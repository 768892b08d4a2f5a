package tui

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/store"
)

// mode says what the keyboard drives on the table.
type mode int

const (
	modeTable mode = iota
	modeEdit
	modePrompt
)

// tableScreen is the bottom screen: the customer table (grid and row
// window), its cell editor, and the components beside it: the prompt, the
// status line, search and the live regrade.
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

	mode       mode
	ed         editor
	prompt     prompt
	viewSeq    int                // the newest filter or sort asked for
	viewCancel context.CancelFunc // cancels reading it
	pending    *viewTarget        // the filter and sort being read
	search     searcher
	// lastCommand is the last : command run, which ↑ brings back.
	lastCommand string
	// readOnlyHeld is set by Enter on a computed cell: what is typed next
	// was meant for an editor that did not open, so it is not taken as
	// commands until a key that is no text (Esc, an arrow) ends it.
	readOnlyHeld bool

	opening    screen // a screen a key asked to open, pushed once the key is handled
	justOpened bool
	status     status

	regrade regrader
	// copyAfterRegrade is set while the filter copy waits for the day's
	// regrade to end.
	copyAfterRegrade bool
	drill            *drillBack // the drill-down from the tier summary shown, nil when none
	day              string     // the day the grades on screen are for (the clock's, ISO)
	quitting         bool
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
	// Filters and sorts then follow the keyboard at a million customers;
	// without the copy they read the ledger, only slower. On a ledger
	// graded for another day the copy waits for the day's regrade (see
	// regradeDone): built before, it would be dropped by the regrade's
	// first write and built again, and its build and the regrade's each
	// hold over a hundred megabytes at a million customers.
	if stale, err := c.st.Stale(c.ctx); err == nil && stale {
		m.copyAfterRegrade = true
	} else if err := c.st.EnableFastQueries(c.ctx); err != nil {
		m.setErr(err)
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
		cmd, _ := m.prompt.update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *tableScreen) resizeInputs() {
	if m.mode == modeEdit {
		m.ed.setWidth(m.editWidth())
	}
	m.prompt.setWidth(m.e.width)
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
	if m.holdsTyping(msg) {
		return nil
	}
	m.status = status{}
	if cmd, ok := m.drillKey(msg); ok {
		return cmd
	}
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
		m.openPrompt(promptSearch, "/", "", m.search.term)
	case key.Matches(msg, k.Next):
		return m.searchCmd(true)
	case key.Matches(msg, k.Prev):
		return m.searchCmd(false)
	case key.Matches(msg, k.Filter):
		m.prompt.filterBefore = m.view.Filter
		m.openPrompt(promptFilter, m.e.lang.T("tui.prompt.filter"), "", m.view.Filter)
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
	case key.Matches(msg, k.Account):
		m.openFor(func(e env, id int64) screen { return newAccountForm(e, id) })
	case key.Matches(msg, k.Agenda):
		m.opening = newAgenda(m.e)
	case key.Matches(msg, k.Summary):
		m.opening = newSummary(m.e)
	case key.Matches(msg, k.Rules):
		m.opening = newRules(m.e)
	case key.Matches(msg, k.Duplicates):
		m.opening = newDuplicates(m.e)
	case key.Matches(msg, k.Complaints):
		m.opening = newComplaints(m.e)
	case key.Matches(msg, k.Export):
		m.openPrompt(promptExport, m.e.lang.T("tui.prompt.export"), m.defaultExportPath(), "")
	case key.Matches(msg, k.Command):
		m.openPrompt(promptCommand, ":", "", m.lastCommand)
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

// moveToEditable moves the cursor to the next column right that can be
// edited, passing over computed ones; past the last it wraps to the first,
// as Tab does on a protected sheet.
func (m *tableScreen) moveToEditable() {
	n := len(m.g.cols)
	for step := 1; step < n; step++ {
		i := (m.g.col + step) % n
		if !m.g.cols[i].ReadOnly {
			if i < m.g.col {
				m.g.col, m.g.left = 0, 1
			}
			m.moveCol(i - m.g.col)
			return
		}
	}
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
	if msg.drill != nil {
		return m.drillTo(msg.drill)
	}
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
	return tea.Batch(m.countCmd(), m.scheduleRegrade(false), m.rulesCmd())
}

// rulesCmd reads the rules again (the screen closed may have changed them),
// so the grade colours and labels follow the owner's.
func (m *tableScreen) rulesCmd() tea.Cmd {
	st, ctx := m.e.st, m.e.ctx
	return load(m, func() func() tea.Cmd {
		rules, err := st.Rules(ctx)
		return func() tea.Cmd {
			if err != nil {
				m.setErr(err)
				return nil
			}
			m.e.setRules(rules)
			return nil
		}
	})
}

// View draws the table: exactly the
// terminal's height in lines, each exactly its width.
func (m *tableScreen) View() string {
	gv := gridView{width: m.e.width, height: m.e.height, lang: m.e.lang, rules: m.e.rules, sty: m.e.sty, gen: m.gen, today: m.day}
	if m.mode == modeEdit {
		gv.editing, gv.adding, gv.edit = true, m.ed.adding, m.ed.view()
	}
	bar := m.statusBar()
	lines := m.g.render(gv)
	if m.mode == modePrompt && m.prompt.kind == promptFilter {
		// The filter prompt takes the status line's place, the counts
		// move up, and the line under it teaches the syntax or says what
		// is wrong with what is typed.
		lines = append(lines, bar.line(), fitStyled(m.prompt.view(), m.e.width), m.filterHelpLine())
	} else if m.mode == modePrompt && m.prompt.kind == promptCommand {
		lines = append(lines, bar.line(), fitStyled(m.prompt.view(), m.e.width), m.commandHelpLine())
	} else {
		lines = append(lines, m.formulaBar(), bar.line(), bar.below())
	}
	if len(lines) > m.e.height && m.e.height > 0 {
		lines = lines[len(lines)-m.e.height:]
	}
	return strings.Join(lines, "\n")
}
