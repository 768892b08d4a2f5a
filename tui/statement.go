package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/export"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// statementScreen is a customer's statement (对账单), opened from the
// detail with s: every account entry oldest first with its account's
// running balance, between the opening and the closing balances, paged;
// above it the balances today and the next points expiry. x writes it to a
// file as `kehu statement -o FILE` does (XLSX or CSV by the extension).
type statementScreen struct {
	loadState
	hosted
	e    env
	keys statementKeys
	id   int64
	err  error

	name    string
	bal     store.Balances
	expiry  store.PointsExpiry
	opening store.Balances
	lines   []store.StatementLine
	top     int // first entry shown

	exporting bool // the path prompt is open
	in        textinput.Model
}

// statementKeys are the statement's keys and those of its path prompt.
type statementKeys struct {
	navKeys
	Export, Help, Back key.Binding
	Write, Cancel      key.Binding // while the path is typed
}

// newStatement opens customer id's statement; Init reads it.
func newStatement(e env, id int64) *statementScreen {
	l := e.lang
	return &statementScreen{e: e, id: id, keys: statementKeys{
		navKeys: newNavKeys(l, false),
		Export:  bind(l, "x", "tui.stmt.export", "x"),
		Help:    bind(l, "?", "tui.key.help", "?"),
		Back:    bind(l, "Esc/q", "hint.back", "esc", "q"),
		Write:   bind(l, "Enter", "tui.stmt.write", "enter"),
		Cancel:  bind(l, "Esc", "hint.cancel", "esc"),
	}}
}

// statementData is one read of a statement.
type statementData struct {
	name    string
	bal     store.Balances
	expiry  store.PointsExpiry
	opening store.Balances
	lines   []store.StatementLine
}

// Init reads the statement.
func (s *statementScreen) Init() tea.Cmd { return s.load() }

// load reads the customer, its balances, the next expiry and every entry in
// the background; the first read that fails is shown instead.
func (s *statementScreen) load() tea.Cmd {
	st, ctx, id := s.e.st, s.e.ctx, s.id
	return load(s, func() func() tea.Cmd {
		var v statementData
		err := func() error {
			if err := expireStalePoints(ctx, st, id); err != nil {
				return err
			}
			rec, err := st.Get(ctx, id)
			if err != nil {
				return err
			}
			v.name = rec.Str("name")
			if v.bal, err = st.Balances(ctx, id); err != nil {
				return err
			}
			if v.expiry, err = st.NextPointsExpiry(ctx, id); err != nil {
				return err
			}
			return st.Statement(ctx, id, store.StatementRange{},
				func(b store.Balances) error { v.opening = b; return nil },
				func(l store.StatementLine) error { v.lines = append(v.lines, l); return nil })
		}()
		return func() tea.Cmd {
			s.ready, s.err = true, err
			if err == nil {
				s.name, s.bal, s.expiry, s.opening, s.lines = v.name, v.bal, v.expiry, v.opening, v.lines
			}
			return nil
		}
	})
}

// SetSize records the terminal size.
func (s *statementScreen) SetSize(w, h int) { s.e.SetSize(w, h) }

// Title is the screen's header.
func (s *statementScreen) Title() string {
	return s.e.lang.T("tui.stmt.title", validate.Visible(s.name))
}

// ShortHelp is the footer hint.
func (s *statementScreen) ShortHelp() []key.Binding {
	k := s.keys
	switch {
	case s.exporting:
		return []key.Binding{k.Write, k.Cancel}
	case s.err != nil:
		return []key.Binding{k.Back}
	}
	return []key.Binding{k.Export, k.PageDown, k.PageUp, k.Down, k.Up, k.Help, k.Back}
}

// FullHelp is every key of the screen (help.KeyMap).
func (s *statementScreen) FullHelp() [][]key.Binding { return fullHelp(s.helpGroups()) }

func (s *statementScreen) helpGroups() []keyGroup {
	k := s.keys
	l := s.e.lang
	return []keyGroup{
		{l.T("tui.help.move"), k.list()},
		{l.T("tui.help.this"), []key.Binding{k.Export, k.Help, k.Back}},
		{l.T("tui.stmt.prompt"), []key.Binding{k.Write, k.Cancel}},
	}
}

// room is the number of entries a page shows: the frame less its title,
// the balances, the column head, the opening and closing lines, the
// position, status and hint.
func (s *statementScreen) room() int { return max(s.e.height-11, 1) }

// stmtExportedMsg says how a statement export ended.
type stmtExportedMsg struct {
	path string
	rows int
	err  error
}

// Update moves through the entries, or types and writes the export path.
func (s *statementScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if done, ok := msg.(stmtExportedMsg); ok {
		if done.err != nil {
			s.setStatus(s.e.errorText(done.err), true)
		} else {
			s.setStatus(s.e.lang.T("stmt.done", done.rows, export.Where(done.path)), false)
		}
		return s, nil
	}
	m, ok := msg.(tea.KeyMsg)
	if !ok {
		if s.exporting {
			var cmd tea.Cmd
			s.in, cmd = s.in.Update(msg)
			return s, cmd
		}
		return s, nil
	}
	k := s.keys
	if s.exporting {
		switch {
		case key.Matches(m, k.Cancel):
			s.exporting = false
			s.setStatus(s.e.lang.T("form.cancelled"), false)
		case key.Matches(m, k.Write):
			s.exporting = false
			return s, s.exportCmd(s.in.Value())
		default:
			var cmd tea.Cmd
			s.in, cmd = s.in.Update(m)
			return s, cmd
		}
		return s, nil
	}
	if s.err != nil {
		if key.Matches(m, k.Back) {
			return s, pop(popMsg{customerID: s.id})
		}
		return s, nil
	}
	last := max(len(s.lines)-s.room(), 0)
	switch {
	case key.Matches(m, k.Back):
		return s, pop(s.result(s.id))
	case key.Matches(m, k.Down):
		s.top++
	case key.Matches(m, k.Up):
		s.top--
	case key.Matches(m, k.PageDown):
		s.top += s.room()
	case key.Matches(m, k.PageUp):
		s.top -= s.room()
	case key.Matches(m, k.Top):
		s.top = 0
	case key.Matches(m, k.Bottom):
		s.top = last
	case key.Matches(m, k.Export):
		s.exporting = true
		s.in = newInput(s.e.sty, s.e.lang.T("tui.stmt.prompt")+": ", s.defaultPath())
		s.in.Width = max(s.e.width-20, 20)
		s.setStatus("", false)
		return s, s.in.Focus()
	case key.Matches(m, k.Help):
		return s, push(newHelpScreen(s.e, s))
	}
	s.top = min(max(s.top, 0), last)
	return s, nil
}

// defaultPath is the file the export offers: the customer's name, the
// word for statement and {date} (today's date when written), as XLSX, the
// form a shop hands over.
func (s *statementScreen) defaultPath() string {
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < ' ' || r == 0x7f {
			return '_'
		}
		return r
	}, strings.TrimSpace(s.name))
	return s.e.lang.T("tui.stmt.file", name)
}

// exportCmd writes the whole statement to path in the background, as
// `kehu statement -o` does: the format from the extension, {date}
// expanded, through a temporary file renamed into place.
func (s *statementScreen) exportCmd(raw string) tea.Cmd {
	if strings.TrimSpace(raw) == "" {
		s.setStatus(s.e.errorText(i18n.Errorf("tui.stmt.nopath")), true)
		return nil
	}
	path, format, err := export.Target(strings.TrimSpace(raw), "", s.e.now())
	if err != nil || path == export.Stdout {
		if err == nil {
			err = i18n.Errorf("tui.stmt.nopath")
		}
		s.setStatus(s.e.errorText(err), true)
		return nil
	}
	s.setStatus(s.e.lang.T("tui.msg.exporting", path), false)
	st, ctx := s.e.st, s.e.ctx
	spec := export.StatementSpec{CustomerID: s.id, Name: s.name, Format: format, Lang: s.e.lang}
	return func() tea.Msg {
		n, err := export.StatementToFile(ctx, st, spec, path)
		return stmtExportedMsg{path: path, rows: n, err: err}
	}
}

// Column widths of the statement's dates and amounts.
const (
	stmtDateW   = 10
	stmtAmountW = 12
)

// stmtAccountW is the width of the account column: its head or the
// longest account name in the user's language.
func stmtAccountW(l i18n.Lang) int {
	w := ansi.StringWidth(l.T("stmt.account"))
	for _, a := range store.Accounts() {
		w = max(w, ansi.StringWidth(l.T("acct.name."+a)))
	}
	return w
}

// stmtRow lays out one line of the statement in w cells, the account
// column aw wide and the entry taking what is left.
func stmtRow(w, aw int, date, account, entry, amount, running string) string {
	entryW := max(w-stmtDateW-aw-2*stmtAmountW-8, 8)
	return scFit(date, stmtDateW) + "  " + scFit(account, aw) + "  " + scFit(entry, entryW) + "  " +
		scPadLeft(amount, stmtAmountW) + "  " + scPadLeft(running, stmtAmountW)
}

// balancesText is balances b in words: stored value, owed, points.
func balancesText(l i18n.Lang, key string, b store.Balances) string {
	return l.T(key, validate.FormatYuan(b.Balance), validate.FormatYuan(b.Owed), b.Points)
}

// View draws the balances, one page of entries and the position.
func (s *statementScreen) View() string {
	if s.loading() {
		return loadingView(s.e)
	}
	l := s.e.lang
	w, h := s.e.width, s.e.height
	title := s.e.sty.header.Render(" " + s.Title() + " ")
	if s.err != nil {
		return errorFrame(s.e, title, s.err, s.ShortHelp()...)
	}
	now := l.T("tui.acct.balances", validate.FormatYuan(s.bal.Balance), validate.FormatYuan(s.bal.Owed), validate.FormatYuan(s.bal.CreditLimit), s.bal.Points)
	if s.expiry.Date != "" {
		now += " · " + l.T("cli.acct.expiry", s.expiry.Points, s.expiry.Date)
	} else {
		now += " · " + l.T("cli.acct.noexpiry")
	}
	rw, aw := w-2, stmtAccountW(l)
	body := []string{
		s.e.sty.dim.Render(scFit(now, rw)),
		s.e.sty.helpHead.Render(stmtRow(rw, aw, l.T("stmt.date"), l.T("stmt.account"), l.T("stmt.entry"), l.T("stmt.amount"), l.T("stmt.running"))),
	}
	if s.top == 0 {
		body = append(body, s.e.sty.dim.Render(scFit(balancesText(l, "stmt.opening", s.opening), rw)))
	} else {
		body = append(body, s.e.sty.dim.Render("…"))
	}
	end := min(s.top+s.room(), len(s.lines))
	for _, e := range s.lines[s.top:end] {
		amount := store.FormatAmount(e.Account, e.Amount)
		if e.Amount > 0 {
			amount = "+" + amount
		}
		body = append(body, stmtRow(rw, aw, e.Date, l.T("acct.name."+e.Account),
			validate.Visible(store.EntryText(e.AccountEntry, l)), amount, store.FormatAmount(e.Account, e.Running)))
	}
	if len(s.lines) == 0 {
		body = append(body, s.e.sty.dim.Render("  "+l.T("detail.none")))
	}
	if end == len(s.lines) {
		closing := s.opening
		for _, e := range s.lines {
			closing = closing.After(e)
		}
		body = append(body, s.e.sty.dim.Render(scFit(l.T("stmt.closing", validate.FormatYuan(closing.Balance), validate.FormatYuan(closing.Owed), closing.Points, len(s.lines)), rw)))
	} else {
		body = append(body, s.e.sty.dim.Render("…"))
	}
	pos := l.T("tui.stmt.pos", min(s.top+1, len(s.lines)), end, len(s.lines))
	status := s.statusView(s.e.sty)
	if s.exporting {
		status = " " + s.in.View()
	}
	return scFrame(w, h, title, body, 0, " "+s.e.sty.dim.Render(pos), status, renderHint(s.e.sty, s.ShortHelp(), w))
}
