package tui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// complaintsScreen lists the complaints (`C` or `:complaints`): the open
// ones first, oldest first, each with its customer, the day it was logged,
// what it says and how many days it has been open; the resolved ones
// follow with their resolution. x resolves the complaint under the cursor
// with a note typed in a small prompt; it is one journal entry, so the
// table's u opens it again. Enter opens the customer.
type complaintsScreen struct {
	loadState
	hosted
	e    env
	keys complaintsKeys
	list []store.Complaint
	err  error
	cur  int
	top  int

	resolving bool // the note prompt is open
	in        textinput.Model
	inErr     string
}

// complaintsKeys are the keys of the complaints list and its note prompt.
type complaintsKeys struct {
	navKeys
	Resolve, Open, Reload, Help, Back key.Binding
	Save, Cancel                      key.Binding // while the note is typed
}

// newComplaints opens the complaints list; Init reads it.
func newComplaints(e env) *complaintsScreen {
	l := e.lang
	return &complaintsScreen{e: e, keys: complaintsKeys{
		navKeys: newNavKeys(l, true),
		Resolve: bind(l, "x", "hint.complaint.resolve", "x"),
		Open:    bind(l, "Enter/o", "hint.open", "enter", "o"),
		Reload:  bind(l, "r/ctrl+l", "hint.reload", "r", "ctrl+l"),
		Help:    bind(l, "?", "tui.key.help", "?"),
		Back:    bind(l, "Esc/q/C", "hint.back", "esc", "q", "C"),
		Save:    bind(l, "Enter", "hint.save", "enter"),
		Cancel:  bind(l, "Esc", "hint.cancel", "esc"),
	}}
}

// Init reads the complaints.
func (s *complaintsScreen) Init() tea.Cmd { return s.load() }

// load reads every complaint of a live customer in the background.
func (s *complaintsScreen) load() tea.Cmd {
	st, ctx := s.e.st, s.e.ctx
	return load(s, func() func() tea.Cmd {
		list, err := st.Complaints(ctx, false)
		return func() tea.Cmd {
			s.ready = true
			s.list, s.err = list, err
			s.cur = min(s.cur, max(len(s.list)-1, 0))
			return nil
		}
	})
}

// SetSize records the terminal size.
func (s *complaintsScreen) SetSize(w, h int) { s.e.SetSize(w, h) }

// Title is the screen's header: how many complaints, how many open.
func (s *complaintsScreen) Title() string {
	return s.e.lang.T("complaint.title", len(s.list), s.openCount())
}

func (s *complaintsScreen) openCount() int {
	n := 0
	for _, c := range s.list {
		if c.Status == store.ComplaintOpen {
			n++
		}
	}
	return n
}

// ShortHelp is the footer hint: the prompt's keys while a note is typed.
func (s *complaintsScreen) ShortHelp() []key.Binding {
	k := s.keys
	switch {
	case s.resolving:
		return []key.Binding{k.Save, k.Cancel}
	case s.err != nil:
		return []key.Binding{k.Back}
	}
	return []key.Binding{k.Up, k.Down, k.Resolve, k.Open, k.Help, k.Back}
}

// FullHelp is every key of the screen (help.KeyMap).
func (s *complaintsScreen) FullHelp() [][]key.Binding { return fullHelp(s.helpGroups()) }

func (s *complaintsScreen) helpGroups() []keyGroup {
	k := s.keys
	l := s.e.lang
	return []keyGroup{
		{l.T("tui.help.move"), k.list()},
		{l.T("tui.help.complaint"), []key.Binding{k.Resolve, k.Open, k.Save, k.Cancel}},
		{l.T("tui.help.this"), []key.Binding{k.Reload, k.Help, k.Back}},
	}
}

// resumed takes what the detail reported and reads the list again when
// the ledger changed.
func (s *complaintsScreen) resumed(res popMsg) tea.Cmd {
	if s.absorb(res) {
		return s.load()
	}
	return nil
}

// Update routes keys to the note prompt or the list.
func (s *complaintsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	m, ok := msg.(tea.KeyMsg)
	if !ok {
		if s.resolving {
			var cmd tea.Cmd
			s.in, cmd = s.in.Update(msg)
			return s, cmd
		}
		return s, nil
	}
	if s.resolving {
		return s, s.noteKey(m)
	}
	k := s.keys
	if s.err != nil {
		if key.Matches(m, k.Back) {
			return s, pop(s.result(0))
		}
		return s, nil
	}
	switch {
	case key.Matches(m, k.Back):
		return s, pop(s.result(s.currentCustomer()))
	case key.Matches(m, k.Down):
		s.cur = min(s.cur+1, max(len(s.list)-1, 0))
	case key.Matches(m, k.Up):
		s.cur = max(s.cur-1, 0)
	case key.Matches(m, k.Top):
		s.cur = 0
	case key.Matches(m, k.Bottom):
		s.cur = max(len(s.list)-1, 0)
	case key.Matches(m, k.PageDown):
		s.cur = min(s.cur+max(s.room()-1, 1), max(len(s.list)-1, 0))
	case key.Matches(m, k.PageUp):
		s.cur = max(s.cur-max(s.room()-1, 1), 0)
	case key.Matches(m, k.Resolve):
		s.startResolve()
	case key.Matches(m, k.Open):
		if id := s.currentCustomer(); id != 0 {
			return s, push(newDetail(s.e, id))
		}
	case key.Matches(m, k.Reload):
		return s, s.load()
	case key.Matches(m, k.Help):
		return s, push(newHelpScreen(s.e, s))
	}
	return s, nil
}

// currentCustomer is the customer of the complaint under the cursor (0: none).
func (s *complaintsScreen) currentCustomer() int64 {
	if s.cur < 0 || s.cur >= len(s.list) {
		return 0
	}
	return s.list[s.cur].CustomerID
}

// startResolve opens the note prompt on the open complaint under the cursor.
func (s *complaintsScreen) startResolve() {
	if s.cur < 0 || s.cur >= len(s.list) {
		return
	}
	if c := s.list[s.cur]; c.Status != store.ComplaintOpen {
		s.setStatus(s.e.lang.T("complaint.resolved", c.ID), true)
		return
	}
	s.resolving, s.inErr = true, ""
	s.in = newInput(s.e.sty, s.e.lang.T("tui.complaint.note")+" ", "")
	s.setStatus("", false)
}

// noteKey saves the resolution (the list read again), cancels, or types.
func (s *complaintsScreen) noteKey(m tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(m, s.keys.Cancel):
		s.resolving, s.inErr = false, ""
		return nil
	case key.Matches(m, s.keys.Save):
		if strings.TrimSpace(s.in.Value()) == "" {
			s.inErr = s.e.lang.T("tui.complaint.nonote")
			return nil
		}
		c := s.list[s.cur]
		done, err := s.e.st.ResolveComplaint(s.e.ctx, c.ID, s.in.Value())
		if err != nil {
			s.inErr = s.e.errorText(err)
			return nil
		}
		s.resolving, s.inErr = false, ""
		s.changed = true
		s.setStatus(s.e.lang.T("tui.complaint.done", done.ID, validate.Visible(done.Name)), false)
		return s.load()
	}
	var cmd tea.Cmd
	s.in, cmd = s.in.Update(m)
	return cmd
}

// room is how many list lines fit between the header and the footer.
func (s *complaintsScreen) room() int { return max(s.e.height-4, 1) }

// daysOpen is how many days complaint c has been open as of today.
func (s *complaintsScreen) daysOpen(c store.Complaint) int {
	at, err := time.Parse("2006-01-02", c.At[:min(len(c.At), 10)])
	if err != nil {
		return 0
	}
	t := s.e.today()
	today := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return max(int(today.Sub(at).Hours()/24), 0)
}

// lines renders one line per complaint, w cells wide, the cursor's
// highlighted: number, state, the day logged, the customer, then for an
// open one its days open and what it says, for a resolved one what it said
// and how it was resolved.
func (s *complaintsScreen) lines(w int) []string {
	l := s.e.lang
	nameW, stateW := 4, 4
	for _, c := range s.list {
		nameW = max(nameW, lipgloss.Width(validate.Visible(c.Name)))
	}
	nameW = min(nameW, 16)
	for _, k := range []string{"complaint.open", "tui.complaint.resolvedstate"} {
		stateW = max(stateW, lipgloss.Width(l.T(k)))
	}
	var out []string
	for i, c := range s.list {
		head := scPadLeft(complaintID(c.ID), 4) + "  "
		var text string
		if c.Status == store.ComplaintOpen {
			text = scPad(l.T("complaint.open"), stateW) + "  " + c.At[:min(len(c.At), 10)] + "  " + scPad(scFit(validate.Visible(c.Name), nameW), nameW) + "  " +
				scPadLeft(l.T("tui.complaint.days", s.daysOpen(c)), 8) + "  " + validate.Visible(c.Summary)
		} else {
			text = scPad(l.T("tui.complaint.resolvedstate"), stateW) + "  " + c.At[:min(len(c.At), 10)] + "  " + scPad(scFit(validate.Visible(c.Name), nameW), nameW) + "  " +
				validate.Visible(c.Summary) + "  · " + l.T("complaint.closed", c.ResolvedOn, validate.Visible(c.Resolution))
		}
		var line string
		switch {
		case i == s.cur:
			line = s.e.sty.cursor.Render(scFit("▸ "+head+text, w))
		case c.Status != store.ComplaintOpen:
			line = s.e.sty.dim.Render(scFit("  "+head+text, w))
		default:
			line = scFit("  "+head+text, w)
		}
		out = append(out, line)
	}
	return out
}

// View draws the list and, while resolving, the note prompt under it.
func (s *complaintsScreen) View() string {
	if s.loading() {
		return loadingView(s.e)
	}
	w, h := s.e.width, s.e.height
	title := s.e.sty.header.Render(" " + s.Title() + " ")
	if s.err != nil {
		return errorFrame(s.e, title, s.err, s.ShortHelp()...)
	}
	body := s.lines(w - 1)
	if len(body) == 0 {
		body = []string{s.e.sty.dim.Render("  " + s.e.lang.T("complaint.none"))}
	}
	if s.cur < s.top {
		s.top = s.cur
	}
	if s.cur >= s.top+s.room() {
		s.top = s.cur - s.room() + 1
	}
	status := s.statusView(s.e.sty)
	if s.resolving {
		c := s.list[s.cur]
		label := s.e.lang.T("tui.complaint.resolving", c.ID, validate.Visible(c.Name))
		errW := 0
		if s.inErr != "" {
			errW = lipgloss.Width(validate.Visible(s.inErr)) + 3
		}
		s.in.Width = max(w-lipgloss.Width(label)-lipgloss.Width(s.in.Prompt)-errW-4, 8)
		status = " " + s.e.sty.prompt.Render(label) + " " + s.in.View()
		if s.inErr != "" {
			status += " " + s.e.sty.errMsg.Render("✗ "+validate.Visible(s.inErr))
		}
	}
	return scFrame(w, h, title, body, s.top, status, renderHint(s.e.sty, s.ShortHelp(), w))
}

// complaintID is a complaint's number as the list shows it.
func complaintID(id int64) string { return "#" + strconv.FormatInt(id, 10) }
