package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
)

// agendaScreen is the day's agenda (`A`): follow-ups overdue and due and
// customers past their grade's contact cadence, grade A first, then churn
// warnings. c logs a contact for the customer under the cursor, which
// clears the item; Enter opens the customer.
type agendaScreen struct {
	loadState
	hosted
	e    env
	keys agendaKeys
	a    store.Agenda
	doc  report.Document // a as the report both the CLI and this screen show
	err  error

	items []store.AgendaItem // selectable: a.Items then a.Churn
	lines []int              // body line of each item
	body  []string
	cur   int
	top   int
}

// agendaKeys are the keys of the agenda.
type agendaKeys struct {
	navKeys
	Contact, Purchase, Open, Reload, Help, Back key.Binding
}

// newAgenda opens today's agenda; Init reads it.
func newAgenda(e env) *agendaScreen {
	l := e.lang
	return &agendaScreen{e: e, keys: agendaKeys{
		navKeys:  newNavKeys(l, true),
		Contact:  bind(l, "c", "hint.contact", "c"),
		Purchase: bind(l, "p", "hint.purchase", "p"),
		Open:     bind(l, "Enter/o", "hint.open", "enter", "o"),
		Reload:   bind(l, "r/ctrl+l", "hint.reload", "r", "ctrl+l"),
		Help:     bind(l, "?", "tui.key.help", "?"),
		Back:     bind(l, "Esc/q/A", "hint.back", "esc", "q", "A"),
	}}
}

// Init reads the agenda.
func (s *agendaScreen) Init() tea.Cmd { return s.load() }

// load reads the agenda for the clock's date in the background.
func (s *agendaScreen) load() tea.Cmd {
	st, ctx, day := s.e.st, s.e.ctx, s.e.today().Format("2006-01-02")
	return load(s, func() func() tea.Cmd {
		a, err := st.Agenda(ctx, day)
		return func() tea.Cmd {
			s.ready = true
			s.a, s.err = a, err
			s.doc = report.Agenda(a, s.e.lang)
			s.items = append(append([]store.AgendaItem{}, a.Items...), a.Churn...)
			s.cur = min(s.cur, max(len(s.items)-1, 0))
			return nil
		}
	})
}

// SetSize records the terminal size.
func (s *agendaScreen) SetSize(w, h int) { s.e.SetSize(w, h) }

// Title is the screen's header.
func (s *agendaScreen) Title() string {
	if s.doc.Title == "" {
		return s.e.lang.T("agenda.screen", s.a.Date)
	}
	return s.doc.Title
}

// ShortHelp is the footer hint.
func (s *agendaScreen) ShortHelp() []key.Binding {
	k := s.keys
	if s.err != nil {
		return []key.Binding{k.Reload, k.Back}
	}
	return []key.Binding{k.Contact, k.Purchase, k.Open, k.Reload, k.Help, k.Back}
}

// FullHelp is every key of the screen (help.KeyMap).
func (s *agendaScreen) FullHelp() [][]key.Binding { return fullHelp(s.helpGroups()) }

func (s *agendaScreen) helpGroups() []keyGroup {
	k := s.keys
	l := s.e.lang
	return []keyGroup{
		{l.T("tui.help.move"), k.list()},
		{l.T("tui.help.customer"), []key.Binding{k.Contact, k.Purchase, k.Open}},
		{l.T("tui.help.this"), []key.Binding{k.Reload, k.Help, k.Back}},
	}
}

func (s *agendaScreen) selected() (store.AgendaItem, bool) {
	if s.cur < 0 || s.cur >= len(s.items) {
		return store.AgendaItem{}, false
	}
	return s.items[s.cur], true
}

// resumed takes what a screen opened from the agenda reported, and reads
// the agenda again when the ledger changed.
func (s *agendaScreen) resumed(res popMsg) tea.Cmd {
	if s.absorb(res) {
		return s.load()
	}
	return nil
}

// Update handles keys.
func (s *agendaScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	m, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil
	}
	k := s.keys
	it, has := s.selected()
	last := max(len(s.items)-1, 0)
	page := max(s.room()-2, 1)
	switch {
	case key.Matches(m, k.Back):
		var id int64
		if has {
			id = it.CustomerID
		}
		return s, pop(s.result(id))
	case key.Matches(m, k.Down):
		s.cur = min(s.cur+1, last)
	case key.Matches(m, k.Up):
		s.cur = max(s.cur-1, 0)
	case key.Matches(m, k.Top):
		s.cur = 0
	case key.Matches(m, k.Bottom):
		s.cur = last
	case key.Matches(m, k.PageDown):
		s.cur = min(s.cur+page, last)
	case key.Matches(m, k.PageUp):
		s.cur = max(s.cur-page, 0)
	case key.Matches(m, k.Reload):
		return s, s.load()
	case key.Matches(m, k.Help):
		return s, push(newHelpScreen(s.e, s))
	case has && key.Matches(m, k.Contact):
		return s, push(newContactForm(s.e, it.CustomerID))
	case has && key.Matches(m, k.Purchase):
		return s, push(newPurchaseForm(s.e, it.CustomerID))
	case has && key.Matches(m, k.Open):
		return s, push(newDetail(s.e, it.CustomerID))
	}
	return s, nil
}

func (s *agendaScreen) room() int { return max(s.e.height-4, 1) }

// render lays out the agenda's report document, the one `kehu agenda`
// prints, and where each item is.
func (s *agendaScreen) render() {
	b := renderDoc(s.e.sty, s.doc, s.e.width, s.cur)
	s.body, s.lines = b.lines, b.rows
}

// View draws the agenda.
func (s *agendaScreen) View() string {
	if s.loading() {
		return loadingView(s.e)
	}
	title := s.e.sty.header.Render(" " + s.Title() + " ")
	if s.err != nil {
		return errorFrame(s.e, title, s.err, s.ShortHelp()...)
	}
	s.render()
	if s.cur < len(s.lines) {
		line := s.lines[s.cur]
		if line < s.top+1 {
			s.top = max(line-1, 0)
		}
		if line >= s.top+s.room() {
			s.top = line - s.room() + 1
		}
	}
	return scFrame(s.e.width, s.e.height, title, s.body, s.top, s.statusView(s.e.sty), renderHint(s.e.sty, s.ShortHelp(), s.e.width))
}
