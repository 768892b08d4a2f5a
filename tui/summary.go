package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// summaryScreen is the tier summary (`t`) in four tabs: today's overview
// (customers and spend per grade and per segment, the grades' policies and
// recent moves), the tier profile (groups side by side, by grade, segment,
// owner, source or industry), the effect over time (twelve months per
// grade and the migration between two month ends) and the products. It
// opens at once: each tab reads the ledger in the background the first
// time it is shown and fills in, keys working meanwhile. Enter on a row
// that is a group of customers (a grade, a segment, a migration cell, a
// product) closes the summary onto the table filtered to exactly them.
type summaryScreen struct {
	e    env
	keys summaryKeys
	tab  int
	tabs [tabCount]*tierTab

	ov overviewData
	pr profileData
	hi historyData
	pd productsData
}

// The tabs, in the order of their number keys.
const (
	tabOverview = iota
	tabProfile
	tabHistory
	tabProducts
	tabCount
)

// tabTitles are the i18n keys of the tabs' names.
var tabTitles = [tabCount]string{"tiers.tab.overview", "tiers.tab.profile", "tiers.tab.history", "tiers.tab.products"}

// summaryKeys are the keys of the tier summary.
type summaryKeys struct {
	navKeys
	Left, Right, NextTab, PrevTab, TabN key.Binding
	Drill, By, Month, MonthPrev         key.Binding
	From, FromPrev                      key.Binding
	Reload, Help, Back                  key.Binding
}

// newSummary opens the tier summary on its overview; Init reads it.
func newSummary(e env) *summaryScreen {
	l := e.lang
	s := &summaryScreen{e: e, keys: summaryKeys{
		navKeys:   newNavKeys(l, false),
		Left:      bind(l, "←/h", "hint.cell", "left", "h"),
		Right:     bind(l, "→/l", "hint.cell", "right", "l"),
		NextTab:   bind(l, "Tab", "hint.tab", "tab"),
		PrevTab:   bind(l, "shift+Tab", "hint.tabprev", "shift+tab"),
		TabN:      bind(l, "1-4", "hint.tabn", "1", "2", "3", "4"),
		Drill:     bind(l, "Enter", "hint.drill", "enter"),
		By:        bind(l, "b", "hint.by", "b"),
		Month:     bind(l, "]", "hint.month", "]"),
		MonthPrev: bind(l, "[", "hint.month", "["),
		From:      bind(l, "}", "hint.from", "}"),
		FromPrev:  bind(l, "{", "hint.from", "{"),
		Reload:    bind(l, "r/ctrl+l", "hint.reload", "r", "ctrl+l"),
		Help:      bind(l, "?", "tui.key.help", "?"),
		Back:      bind(l, "Esc/q/t", "hint.back", "esc", "q", "t"),
	}}
	for i := range s.tabs {
		s.tabs[i] = &tierTab{}
	}
	return s
}

// tierTab is what every tab keeps besides its data: whether its read came
// back, the generation of the newest read (older ones are dropped), its
// cursor over the rows that open customers, and its scroll.
type tierTab struct {
	loaded  bool
	reading bool
	stale   bool // the ledger changed since the figures shown were read
	gen     int
	err     error
	cur     int
	top     int
	view    tabView // as last drawn: where the cursor can go
}

// tabView is a tab laid out: its lines and the rows the cursor can take.
type tabView struct {
	lines   []string
	targets []drillTarget
}

// drillTarget is a row (or a matrix cell) that opens customers: where it
// is drawn and the filter that keeps them.
type drillTarget struct {
	line, col int
	filter    string
}

// Init reads the tab shown: the overview, or, when a drill-down comes
// back to the summary, the tab it was left on, read again since the owner
// may have changed the ledger from the table meanwhile.
func (s *summaryScreen) Init() tea.Cmd {
	if t := s.tabs[s.tab]; t.loaded || t.reading {
		return s.refresh()
	}
	return s.read(s.tab)
}

// refresh reads the figures again after the ledger changed: the tab shown
// now (its old figures stay on screen until the new ones come), the others
// when next shown. A read already under way may predate the change, so it
// is read once more when it comes back.
func (s *summaryScreen) refresh() tea.Cmd {
	for _, t := range s.tabs {
		if t.loaded || t.reading {
			t.stale = true
		}
	}
	if s.tabs[s.tab].reading {
		return nil
	}
	return s.read(s.tab)
}

// ledgerChanged is a served session's news that the ledger changed
// elsewhere (another session, a command).
func (s *summaryScreen) ledgerChanged() tea.Cmd { return s.refresh() }

// read starts reading tab i in the background.
func (s *summaryScreen) read(i int) tea.Cmd {
	t := s.tabs[i]
	t.gen++
	t.reading, t.stale = true, false
	gen := t.gen
	// Each reader takes what it needs of the screen here, on the UI
	// goroutine, and returns the read to run in the background.
	var read tabRead
	switch i {
	case tabOverview:
		read = s.readOverview()
	case tabProfile:
		read = s.readProfile()
	case tabHistory:
		read = s.readHistory()
	default:
		read = s.readProducts()
	}
	return load(s, func() func() tea.Cmd {
		apply, err := read()
		return func() tea.Cmd {
			if t.gen != gen {
				return nil // a newer read is under way
			}
			t.reading, t.loaded, t.err = false, true, err
			if err == nil {
				apply()
			}
			if t.stale && s.tab == i {
				return s.read(i) // the ledger changed while this was read
			}
			return nil
		}
	})
}

// tabRead reads a tab's data off the UI goroutine; apply, run on it, puts
// the data in place.
type tabRead func() (apply func(), err error)

// SetSize records the terminal size.
func (s *summaryScreen) SetSize(w, h int) { s.e.SetSize(w, h) }

// Title is the screen's header.
func (s *summaryScreen) Title() string { return s.e.lang.T("summary.screen") }

// ShortHelp is the footer hint: the tab's own keys after the common ones.
func (s *summaryScreen) ShortHelp() []key.Binding {
	k := s.keys
	out := []key.Binding{k.NextTab, k.Drill}
	switch s.tab {
	case tabProfile:
		out = append(out, k.By)
	case tabHistory:
		out = append(out, k.MonthPrev, k.Month, k.FromPrev, k.From)
	}
	return append(out, k.Help, k.Back, k.Up, k.Down)
}

// FullHelp is every key of the screen (help.KeyMap).
func (s *summaryScreen) FullHelp() [][]key.Binding { return fullHelp(s.helpGroups()) }

func (s *summaryScreen) helpGroups() []keyGroup {
	k := s.keys
	l := s.e.lang
	return []keyGroup{
		{l.T("tui.help.move"), []key.Binding{k.NextTab, k.PrevTab, k.TabN, k.Up, k.Down, k.Left, k.Right, k.PageUp, k.PageDown, k.Top, k.Bottom}},
		{l.T("tui.help.this"), []key.Binding{k.Drill, k.By, k.MonthPrev, k.Month, k.FromPrev, k.From, k.Reload, k.Help, k.Back}},
	}
}

// Update switches tabs, moves the cursor, opens customers, reloads and
// closes.
func (s *summaryScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	m, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil
	}
	if m.Type == tea.KeyRunes && len(m.Runes) > 1 && !m.Paste {
		// Keys typed faster than they are read arrive together ("}}}"):
		// each is a key of its own.
		var cmds []tea.Cmd
		for _, r := range m.Runes {
			next, cmd := s.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			cmds = append(cmds, cmd)
			if next != screen(s) {
				break
			}
		}
		return s, tea.Batch(cmds...)
	}
	k := s.keys
	t := s.tabs[s.tab]
	s.layout(t) // where the rows are, as drawn now
	page := s.room()
	switch {
	case key.Matches(m, k.Back):
		return s, pop(popMsg{})
	case key.Matches(m, k.NextTab):
		return s, s.show((s.tab + 1) % tabCount)
	case key.Matches(m, k.PrevTab):
		return s, s.show((s.tab + tabCount - 1) % tabCount)
	case key.Matches(m, k.TabN):
		n, _ := strconv.Atoi(m.String())
		return s, s.show(n - 1)
	case key.Matches(m, k.Down):
		s.moveLine(t, 1)
	case key.Matches(m, k.Up):
		s.moveLine(t, -1)
	case key.Matches(m, k.Right):
		s.moveCell(t, 1)
	case key.Matches(m, k.Left):
		s.moveCell(t, -1)
	case key.Matches(m, k.PageDown):
		t.top += page
		s.cursorIntoView(t, page)
	case key.Matches(m, k.PageUp):
		t.top = max(t.top-page, 0)
		s.cursorIntoView(t, page)
	case key.Matches(m, k.Top):
		t.cur, t.top = 0, 0
	case key.Matches(m, k.Bottom):
		t.cur = max(len(t.view.targets)-1, 0)
		t.top = len(t.view.lines)
	case key.Matches(m, k.Drill):
		return s, s.drill(t)
	case key.Matches(m, k.Reload):
		return s, s.read(s.tab)
	case key.Matches(m, k.Help):
		return s, push(newHelpScreen(s.e, s))
	default:
		return s, s.tabKey(m)
	}
	return s, nil
}

// tabKey is a key only one tab takes.
func (s *summaryScreen) tabKey(m tea.KeyMsg) tea.Cmd {
	k := s.keys
	switch {
	case s.tab == tabProfile && key.Matches(m, k.By):
		return s.nextGrouping()
	case s.tab == tabHistory && key.Matches(m, k.Month):
		return s.moveMonth(1)
	case s.tab == tabHistory && key.Matches(m, k.MonthPrev):
		return s.moveMonth(-1)
	case s.tab == tabHistory && key.Matches(m, k.From):
		return s.moveFrom(1)
	case s.tab == tabHistory && key.Matches(m, k.FromPrev):
		return s.moveFrom(-1)
	}
	return nil
}

// show switches to tab i, reading it the first time.
func (s *summaryScreen) show(i int) tea.Cmd {
	if i < 0 || i >= tabCount {
		return nil
	}
	s.tab = i
	if t := s.tabs[i]; (!t.loaded || t.stale) && !t.reading {
		return s.read(i)
	}
	return nil
}

// moveLine moves the cursor to the row above or below (dir -1 or 1),
// keeping its column in a matrix; past the first row it scrolls to the top.
func (s *summaryScreen) moveLine(t *tierTab, dir int) {
	ts := t.view.targets
	if len(ts) == 0 {
		t.top = max(t.top+dir, 0)
		return
	}
	t.cur = min(max(t.cur, 0), len(ts)-1)
	here := ts[t.cur]
	i := t.cur
	for i >= 0 && i < len(ts) && ts[i].line == here.line {
		i += dir
	}
	if i < 0 || i >= len(ts) {
		if dir < 0 {
			t.top = 0 // the lines above the first row
		}
		return
	}
	line := ts[i].line
	pick := -1
	for j, tg := range ts {
		if tg.line != line {
			continue
		}
		if pick < 0 || tg.col == here.col {
			pick = j
		}
		if tg.col == here.col {
			break
		}
	}
	t.cur = pick
	s.keepVisible(t)
}

// moveCell moves the cursor to the next cell on its line (a matrix row).
func (s *summaryScreen) moveCell(t *tierTab, dir int) {
	ts := t.view.targets
	i := t.cur + dir
	if i >= 0 && i < len(ts) && t.cur < len(ts) && ts[i].line == ts[t.cur].line {
		t.cur = i
	}
}

// cursorIntoView puts the cursor on the first row in view after a page.
func (s *summaryScreen) cursorIntoView(t *tierTab, page int) {
	for i, tg := range t.view.targets {
		if tg.line >= t.top && tg.line < t.top+page {
			t.cur = i
			return
		}
	}
}

// keepVisible scrolls so the cursor's line is on screen.
func (s *summaryScreen) keepVisible(t *tierTab) {
	if t.cur >= len(t.view.targets) {
		return
	}
	line := t.view.targets[t.cur].line
	room := s.room()
	if line < t.top {
		t.top = line
	} else if line >= t.top+room {
		t.top = line - room + 1
	}
}

// drill closes the summary onto the table filtered to the customers of
// the row under the cursor.
func (s *summaryScreen) drill(t *tierTab) tea.Cmd {
	if t.cur >= len(t.view.targets) || t.view.targets[t.cur].filter == "" {
		return nil
	}
	return pop(popMsg{drill: &drillMsg{filter: t.view.targets[t.cur].filter, back: s}})
}

// tabBar is the line of tabs, the one shown in brackets (so it stands out
// without colour too) and styled as the header.
func (s *summaryScreen) tabBar() string {
	parts := make([]string, tabCount)
	for i, key := range tabTitles {
		name := strconv.Itoa(i+1) + " " + s.e.lang.T(key)
		if i == s.tab {
			parts[i] = s.e.sty.header.Render("[" + name + "]")
		} else {
			parts[i] = " " + name + " "
		}
	}
	return strings.Join(parts, " ")
}

// View draws the tab bar, the tab's body and the keys.
func (s *summaryScreen) View() string {
	t := s.tabs[s.tab]
	title := s.e.sty.header.Render(" "+s.Title()+" ") + " " + s.tabBar()
	hint := renderHint(s.e.sty, s.ShortHelp(), s.e.width)
	var body []string
	switch {
	case t.err != nil:
		body = []string{s.e.sty.errMsg.Render(s.e.errorText(t.err))}
	case !t.loaded:
		body = []string{s.e.sty.dim.Render(s.e.lang.T("tui.msg.loading"))}
	default:
		s.layout(t)
		body = t.view.lines
	}
	if t.reading && t.loaded {
		title += " " + s.e.sty.dim.Render(s.e.lang.T("tui.msg.loading"))
	}
	t.top = min(t.top, max(len(body)-s.room(), 0))
	return scFrame(s.e.width, s.e.height, title, body, t.top, hint)
}

// room is how many body lines the screen shows.
func (s *summaryScreen) room() int { return max(s.e.height-3, 1) }

// layout lays out the tab shown, once it has read something, keeping the
// cursor on one of its rows.
func (s *summaryScreen) layout(t *tierTab) {
	if !t.loaded || t.err != nil {
		t.view = tabView{}
		return
	}
	t.view = s.tabView(t)
	if len(t.view.targets) > 0 {
		t.cur = min(t.cur, len(t.view.targets)-1)
	}
}

// tabView lays out the tab shown at the screen's width.
func (s *summaryScreen) tabView(t *tierTab) tabView {
	switch s.tab {
	case tabOverview:
		return docTab(s.e, s.ov.doc, t.cur)
	case tabProfile:
		return docTab(s.e, s.pr.doc, t.cur)
	case tabHistory:
		return s.historyView(t.cur)
	}
	return docTab(s.e, s.pd.doc, t.cur)
}
