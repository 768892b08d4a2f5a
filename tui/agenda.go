package tui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// agendaScreen is the day's agenda (`A`): follow-ups overdue and due and
// customers past their grade's contact cadence, grade A first, then churn
// warnings. c logs a contact for the customer under the cursor, which
// clears the item; Enter opens the customer.
type agendaScreen struct {
	embed
	e   env
	sty styles
	a   store.Agenda
	err error

	items []store.AgendaItem // selectable: a.Items then a.Churn
	lines []int              // body line of each item
	body  []string
	cur   int
	top   int

	sub       child
	status    string
	statusErr bool
	changed   bool
	grade     *store.GradeChange
}

// newAgenda opens today's agenda.
func newAgenda(e env) screen { return openAgenda(e) }

func openAgenda(e env) *agendaScreen {
	s := &agendaScreen{e: e, sty: scStyles(e)}
	s.load()
	return s
}

// load reads the agenda for the env clock's date.
func (s *agendaScreen) load() {
	a, err := s.e.st.Agenda(scCtx(), scToday(s.e).Format("2006-01-02"))
	s.a, s.err = a, err
	s.items = append(append([]store.AgendaItem{}, a.Items...), a.Churn...)
	s.cur = min(s.cur, max(len(s.items)-1, 0))
}

func (s *agendaScreen) selected() (store.AgendaItem, bool) {
	if s.cur < 0 || s.cur >= len(s.items) {
		return store.AgendaItem{}, false
	}
	return s.items[s.cur], true
}

// Update handles keys and the screens opened from the agenda.
func (s *agendaScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		s.e.width, s.e.height = ws.Width, ws.Height
	}
	if s.sub != nil {
		next, cmd := s.sub.Update(msg)
		if c, ok := next.(child); ok {
			s.sub = c
		}
		if res, done := s.sub.finished(); done {
			s.sub = nil
			if res.changed {
				s.changed = true
				s.load()
			}
			if res.grade != nil {
				s.grade = res.grade
				res.status = joinStatus(res.status, res.grade.String())
			}
			s.status, s.statusErr = res.status, res.err != nil
		}
		return s, cmd
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil
	}
	it, has := s.selected()
	switch k.String() {
	case "esc", "q", "A":
		var id int64
		if has {
			id = it.CustomerID
		}
		return s, s.finish(closeScreenMsg{status: s.status, changed: s.changed, customerID: id, grade: s.grade})
	case "down", "j", "tab":
		s.cur = min(s.cur+1, max(len(s.items)-1, 0))
	case "up", "k", "shift+tab":
		s.cur = max(s.cur-1, 0)
	case "g", "home":
		s.cur = 0
	case "G", "end":
		s.cur = max(len(s.items)-1, 0)
	case "pgdown", "ctrl+d", " ":
		s.cur = min(s.cur+max(s.room()-2, 1), max(len(s.items)-1, 0))
	case "pgup", "ctrl+u":
		s.cur = max(s.cur-max(s.room()-2, 1), 0)
	case "r", "ctrl+l":
		s.load()
	case "c":
		if has {
			f := openContactForm(s.e, it.CustomerID)
			f.embedded = true
			s.sub = f
		}
	case "p":
		if has {
			f := openPurchaseForm(s.e, it.CustomerID)
			f.embedded = true
			s.sub = f
		}
	case "enter", "o":
		if has {
			d := openDetail(s.e, it.CustomerID)
			d.embedded = true
			s.sub = d
		}
	}
	return s, nil
}

func (s *agendaScreen) room() int { return max(s.e.height-4, 1) }

// render builds the body lines and where each item is.
func (s *agendaScreen) render() {
	l := s.e.lang
	s.body, s.lines = nil, nil
	t := s.a.Totals
	s.body = append(s.body, l.T("agenda.summary", t.Sum(), t.Overdue, t.Due, t.Cadence, t.Churn), "")
	if t.Sum() == 0 && t.Churn == 0 {
		s.body = append(s.body, s.sty.dim.Render(l.T("agenda.empty")))
	}
	nameW := 8
	for _, it := range s.items {
		nameW = min(max(nameW, ansi.StringWidth(validate.Visible(it.Name))), 20)
	}
	item := func(i int, it store.AgendaItem, prefix string) {
		mark := "  "
		line := scFit(validate.Visible(it.Name), nameW) + "  " + scFit(validate.Visible(it.Phone), 13) + "  " + it.Reason(l)
		if i == s.cur {
			mark = s.sty.prompt.Render("▸ ")
			line = s.sty.cursor.Render(line)
		}
		s.lines = append(s.lines, len(s.body))
		s.body = append(s.body, mark+prefix+line)
	}
	shown := map[string]int{}
	for i, it := range s.a.Items {
		if i == 0 || s.a.Items[i-1].Grade != it.Grade {
			if i > 0 {
				s.body = append(s.body, "")
			}
			label := it.Grade
			if lb := s.a.Labels[it.Grade]; lb != "" && lb != it.Grade {
				label += " · " + validate.Visible(lb)
			}
			s.body = append(s.body, s.sty.gradeStyle(it.Grade).Render(label)+"  "+s.sty.dim.Render(l.T("agenda.count", s.a.ByGrade[it.Grade].Sum())))
		}
		item(i, it, "")
		shown[it.Grade]++
		if i == len(s.a.Items)-1 || s.a.Items[i+1].Grade != it.Grade {
			if n := s.a.ByGrade[it.Grade].Sum(); n > shown[it.Grade] {
				s.body = append(s.body, s.sty.dim.Render("  "+l.T("agenda.more.tui", n-shown[it.Grade])))
			}
		}
	}
	if len(s.a.Churn) > 0 {
		s.body = append(s.body, "", s.sty.errMsg.Render(l.T("agenda.churn", t.Churn)))
		for j, it := range s.a.Churn {
			item(len(s.a.Items)+j, it, s.sty.gradeStyle(it.Grade).Render(it.Grade)+" ")
		}
		if t.Churn > len(s.a.Churn) {
			s.body = append(s.body, s.sty.dim.Render("  "+l.T("agenda.more.tui", t.Churn-len(s.a.Churn))))
		}
	}
}

// View draws the agenda.
func (s *agendaScreen) View() string {
	if s.sub != nil {
		return s.sub.View()
	}
	l := s.e.lang
	title := s.sty.header.Render(" " + l.T("agenda.screen", s.a.Date) + " ")
	if s.err != nil {
		return scFrame(s.e.width, s.e.height, title, []string{s.sty.errMsg.Render(validate.Visible(s.e.errorText(s.err)))}, 0, "", scHints(s.sty, "Esc", l.T("hint.back")))
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
	status := ""
	if s.status != "" {
		if s.statusErr {
			status = " " + s.sty.errMsg.Render(validate.Visible(s.status))
		} else {
			status = " " + s.sty.statusOK.Render(validate.Visible(s.status))
		}
	}
	return scFrame(s.e.width, s.e.height, title, s.body, s.top, status,
		scHints(s.sty, "↑↓", l.T("hint.move"), "c", l.T("hint.contact"), "p", l.T("hint.purchase"), "Enter", l.T("hint.open"), "r", l.T("hint.reload"), "Esc", l.T("hint.back")))
}
