package tui

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
)

// agendaScreen is the day's agenda (`A`) as a plan for today: overdue
// follow-ups, those due today, any other urgent kind and the churn warnings
// first, then the customers past their contact cadence folded behind their
// count (z shows them). Tab and the digits jump between sections; c logs a
// contact for the customer under the cursor, which clears the item; Enter
// opens the customer; Esc leaves the table where it was.
type agendaScreen struct {
	loadState
	hosted
	e    env
	keys agendaKeys
	a    store.Agenda
	doc  report.Document // a as the report both the CLI and this screen show
	err  error
	open bool // the folded sections are shown

	items  []store.AgendaItem // the customer rows on screen, in order
	starts []int              // the index in items of each section's first row
	lines  []int              // body line of each item
	body   []string
	cur    int
	top    int
}

// agendaKeys are the keys of the agenda.
type agendaKeys struct {
	navKeys
	Next, Prev, Section, Fold                   key.Binding
	Contact, Purchase, Open, Reload, Help, Back key.Binding
}

// newAgenda opens today's agenda; Init reads it.
func newAgenda(e env) *agendaScreen {
	l := e.lang
	return &agendaScreen{e: e, keys: agendaKeys{
		navKeys:  newNavKeys(l, false),
		Next:     bind(l, "Tab", "hint.section", "tab"),
		Prev:     bind(l, "shift+Tab", "hint.sectionprev", "shift+tab"),
		Section:  bind(l, "1-9", "hint.sectionn", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Fold:     bind(l, "z", "hint.fold", "z"),
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
			s.layout()
			s.cur = min(s.cur, max(len(s.items)-1, 0))
			return nil
		}
	})
}

// shown is the document as the screen draws it: each section numbered for
// its jump key and, unless opened, the folded ones cut to their count.
func (s *agendaScreen) shown() report.Document {
	d := s.doc
	d.Sections = make([]report.Section, len(s.doc.Sections))
	for i, sec := range s.doc.Sections {
		sec.Title = append([]report.Cell{{Text: strconv.Itoa(i + 1), Tag: report.Note}}, sec.Title...)
		if sec.Folded && !s.open && len(sec.Rows) > 0 {
			sec.Rows, sec.More = nil, s.e.lang.T("agenda.folded", sec.Count)
		}
		d.Sections[i] = sec
	}
	return d
}

// layout finds the customer rows on screen and where each section starts.
func (s *agendaScreen) layout() {
	byKey := map[[2]string]store.AgendaItem{}
	for _, it := range append(append(append([]store.AgendaItem{}, s.a.Items...), s.a.Complaints...), s.a.Churn...) {
		byKey[[2]string{it.Kind, strconv.FormatInt(it.CustomerID, 10)}] = it
	}
	s.items, s.starts = nil, nil
	for _, sec := range s.shown().Sections {
		s.starts = append(s.starts, len(s.items))
		for _, r := range sec.Rows {
			if r.CustomerID != 0 {
				s.items = append(s.items, byKey[[2]string{sec.Kind, strconv.FormatInt(r.CustomerID, 10)}])
			}
		}
	}
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
	return []key.Binding{k.Contact, k.Purchase, k.Open, k.Next, k.Fold, k.Help, k.Back}
}

// FullHelp is every key of the screen (help.KeyMap).
func (s *agendaScreen) FullHelp() [][]key.Binding { return fullHelp(s.helpGroups()) }

func (s *agendaScreen) helpGroups() []keyGroup {
	k := s.keys
	l := s.e.lang
	return []keyGroup{
		{l.T("tui.help.move"), append(k.list(), k.Next, k.Prev, k.Section, k.Fold)},
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

// jump puts the cursor on section i's first row, showing it when folded.
func (s *agendaScreen) jump(i int) {
	if i < 0 || i >= len(s.doc.Sections) {
		return
	}
	if s.doc.Sections[i].Folded && !s.open {
		s.open = true
		s.layout()
	}
	if s.starts[i] < len(s.items) {
		s.cur = s.starts[i]
	}
}

// section is the section the cursor is in: the last to start at or
// before it (a section without rows starts where the next one does).
func (s *agendaScreen) section() int {
	at := 0
	for i, first := range s.starts {
		if first <= s.cur {
			at = i
		}
	}
	return at
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
		// The table stays on the row it was on: the agenda only looked.
		return s, pop(s.result(0))
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
	case key.Matches(m, k.Next):
		s.step(1)
	case key.Matches(m, k.Prev):
		s.step(-1)
	case key.Matches(m, k.Section):
		s.jump(int(m.String()[0] - '1'))
	case key.Matches(m, k.Fold):
		s.toggle()
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

// step moves to the next (d=1) or previous (d=-1) section with rows,
// round the end.
func (s *agendaScreen) step(d int) {
	n := len(s.doc.Sections)
	if n == 0 {
		return
	}
	at := s.section()
	for range n {
		at = (at + d + n) % n
		sec := s.doc.Sections[at]
		if len(sec.Rows) > 0 {
			s.jump(at)
			return
		}
	}
}

// toggle shows or folds the folded sections, keeping the cursor on its
// customer when it stays on screen.
func (s *agendaScreen) toggle() {
	it, has := s.selected()
	s.open = !s.open
	s.layout()
	s.cur = min(s.cur, max(len(s.items)-1, 0))
	if has {
		for i, x := range s.items {
			if x.CustomerID == it.CustomerID && x.Kind == it.Kind {
				s.cur = i
			}
		}
	}
}

func (s *agendaScreen) room() int { return max(s.e.height-4, 1) }

// render lays out the agenda's report document, the one `kehu agenda`
// prints, and where each item is.
func (s *agendaScreen) render() {
	b := renderDoc(s.e.sty, s.shown(), s.e.width, s.cur)
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
