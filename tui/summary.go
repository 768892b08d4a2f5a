package tui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// summaryScreen is the tier summary (`t`): customers and spend per grade
// and per segment as horizontal bars, and the grade movements of the last
// 30 days.
type summaryScreen struct {
	embed
	e      env
	sty    styles
	s      store.Summary
	recent []store.GradeEvent
	err    error
	top    int
}

// newSummary opens the tier summary.
func newSummary(e env) screen { return openSummary(e) }

func openSummary(e env) *summaryScreen {
	s := &summaryScreen{e: e, sty: scStyles(e)}
	s.load()
	return s
}

func (s *summaryScreen) load() {
	s.s, s.err = s.e.st.TierSummary(scCtx())
	if s.err == nil {
		s.recent, _ = s.e.st.GradeHistory(scCtx(), 0, s.s.Movements.Since, 10)
	}
}

// Update scrolls, reloads and closes.
func (s *summaryScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.e.width, s.e.height = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case "esc", "q", "t":
			return s, s.finish(closeScreenMsg{})
		case "down", "j":
			s.top++
		case "up", "k":
			s.top = max(s.top-1, 0)
		case "pgdown", "ctrl+d", " ":
			s.top += max(s.e.height-5, 1)
		case "pgup", "ctrl+u":
			s.top = max(s.top-max(s.e.height-5, 1), 0)
		case "r", "ctrl+l":
			s.load()
		}
	}
	return s, nil
}

// bar draws share (0..1) as a bar w cells wide, in eighths.
func bar(share float64, w int) string {
	if w <= 0 {
		return ""
	}
	share = min(max(share, 0), 1)
	eighths := int(share*float64(w*8) + 0.5)
	full := eighths / 8
	out := strings.Repeat("█", full)
	if rem := eighths % 8; rem > 0 && full < w {
		out += string([]rune("▏▎▍▌▋▊▉")[rem-1])
		full++
	}
	return out + strings.Repeat("·", w-full)
}

// table renders rows with a count bar and a spend bar.
func (s *summaryScreen) table(title string, rows []store.TierRow, grades bool) []string {
	l := s.e.lang
	nameW := 6
	for _, r := range rows {
		nameW = max(nameW, lipgloss.Width(validate.Visible(r.Name(l))))
	}
	const countW, pctW, moneyW = 9, 6, 15
	barW := max((s.e.width-3-nameW-2-countW-2-pctW-2-moneyW-2-pctW-4)/2, 4)
	head := scPad(title, nameW) + "  " + scPadLeft(l.T("summary.count"), countW) + "  " + scPadLeft("%", pctW) + " " + scPad("", barW) +
		"  " + scPadLeft(l.T("summary.spend"), moneyW) + "  " + scPadLeft("%", pctW)
	out := []string{s.sty.helpHead.Render(head)}
	for _, r := range rows {
		name := scPad(validate.Visible(r.Name(l)), nameW)
		cb, sb := bar(r.CountShare, barW), bar(r.SpendShare, barW)
		if grades {
			st := s.sty.gradeStyle(r.Key)
			name = st.Render(name)
			cb, sb = st.Render(cb), st.Render(sb)
		}
		out = append(out, name+"  "+scPadLeft(strconv.Itoa(r.Count), countW)+"  "+scPadLeft(store.Percent(r.CountShare), pctW)+" "+cb+
			"  "+scPadLeft("¥"+validate.FormatMoney(r.Spend), moneyW)+"  "+scPadLeft(store.Percent(r.SpendShare), pctW)+" "+sb)
	}
	return out
}

// View draws the summary.
func (s *summaryScreen) View() string {
	l := s.e.lang
	title := s.sty.header.Render(" " + l.T("summary.screen") + " ")
	hints := scHints(s.sty, "↑↓", l.T("hint.scroll"), "r", l.T("hint.reload"), "Esc", l.T("hint.back"))
	if s.err != nil {
		return scFrame(s.e.width, s.e.height, title, []string{s.sty.errMsg.Render(validate.Visible(s.e.errorText(s.err)))}, 0, hints)
	}
	body := []string{l.T("summary.title", s.s.Date, s.s.Customers, "¥"+validate.FormatMoney(s.s.TotalSpend)), ""}
	body = append(body, s.table(l.T("summary.grades"), s.s.Grades, true)...)
	body = append(body, "")
	body = append(body, s.table(l.T("summary.segments"), s.s.Segments, false)...)
	body = append(body, "")
	mv := s.s.Movements
	body = append(body, s.sty.helpHead.Render(l.T("summary.movements", mv.Days, mv.Up, mv.Down)))
	if len(mv.Moves) == 0 {
		body = append(body, s.sty.dim.Render("  "+l.T("detail.none")))
	}
	var pairs []string
	for _, m := range mv.Moves {
		pairs = append(pairs, s.sty.gradeStyle(m.From).Render(m.From)+"→"+s.sty.gradeStyle(m.To).Render(m.To)+" "+strconv.Itoa(m.Count))
	}
	if len(pairs) > 0 {
		body = append(body, "  "+strings.Join(pairs, "   "))
	}
	if len(s.recent) > 0 {
		body = append(body, "", s.sty.dim.Render(l.T("summary.recent")))
		for _, h := range s.recent {
			body = append(body, "  "+h.At+"  "+validate.Visible(h.Name)+"  "+s.sty.gradeStyle(h.Old).Render(h.Old)+"→"+s.sty.gradeStyle(h.New).Render(h.New)+"  "+s.sty.dim.Render(validate.Visible(s.e.st.ReasonText(h.Reason, l))))
		}
	}
	s.top = min(s.top, max(len(body)-(s.e.height-3), 0))
	return scFrame(s.e.width, s.e.height, title, body, s.top, hints)
}
