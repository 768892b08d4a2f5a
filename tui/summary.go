package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// summaryScreen is the tier summary (`t`): customers and spend per grade
// and per segment as horizontal bars, and the grade movements of the last
// 30 days.
type summaryScreen struct {
	loadState
	e      env
	keys   summaryKeys
	s      store.Summary
	recent []store.GradeEvent
	err    error
	top    int
}

// summaryKeys are the keys of the tier summary.
type summaryKeys struct {
	navKeys
	Reload, Help, Back key.Binding
}

// newSummary opens the tier summary; Init reads it.
func newSummary(e env) *summaryScreen {
	l := e.lang
	return &summaryScreen{e: e, keys: summaryKeys{
		navKeys: newNavKeys(l, false),
		Reload:  bind(l, "r/ctrl+l", "hint.reload", "r", "ctrl+l"),
		Help:    bind(l, "?", "tui.key.help", "?"),
		Back:    bind(l, "Esc/q/t", "tui.key.back", "esc", "q", "t"),
	}}
}

// Init reads the summary.
func (s *summaryScreen) Init() tea.Cmd { return s.load() }

// load reads the summary and the latest grade moves in the background.
func (s *summaryScreen) load() tea.Cmd {
	st, ctx := s.e.st, s.e.ctx
	return load(s, func() func() tea.Cmd {
		sum, err := st.TierSummary(ctx)
		var recent []store.GradeEvent
		if err == nil {
			recent, err = st.GradeHistory(ctx, 0, sum.Movements.Since, 10)
		}
		return func() tea.Cmd {
			s.ready = true
			s.s, s.recent, s.err = sum, recent, err
			return nil
		}
	})
}

// SetSize records the terminal size.
func (s *summaryScreen) SetSize(w, h int) { s.e.SetSize(w, h) }

// Title is the screen's header.
func (s *summaryScreen) Title() string { return s.e.lang.T("summary.screen") }

// ShortHelp is the footer hint.
func (s *summaryScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.Up, k.Down, k.Reload, k.Help, k.Back}
}

// FullHelp is every key of the screen (help.KeyMap).
func (s *summaryScreen) FullHelp() [][]key.Binding { return fullHelp(s.helpGroups()) }

func (s *summaryScreen) helpGroups() []keyGroup {
	k := s.keys
	l := s.e.lang
	return []keyGroup{{l.T("tui.help.move"), k.scroll()}, {l.T("tui.help.this"), []key.Binding{k.Reload, k.Help, k.Back}}}
}

// Update scrolls, reloads and closes.
func (s *summaryScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	m, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil
	}
	k := s.keys
	page := max(s.e.height-5, 1)
	switch {
	case key.Matches(m, k.Back):
		return s, pop(popMsg{})
	case key.Matches(m, k.Down):
		s.top++
	case key.Matches(m, k.Up):
		s.top = max(s.top-1, 0)
	case key.Matches(m, k.PageDown):
		s.top += page
	case key.Matches(m, k.PageUp):
		s.top = max(s.top-page, 0)
	case key.Matches(m, k.Reload):
		return s, s.load()
	case key.Matches(m, k.Help):
		return s, push(newHelpScreen(s.e, s))
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
	out := []string{s.e.sty.helpHead.Render(head)}
	for _, r := range rows {
		name := scPad(validate.Visible(r.Name(l)), nameW)
		cb, sb := bar(r.CountShare, barW), bar(r.SpendShare, barW)
		if grades {
			st := s.e.sty.gradeStyle(r.Key)
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
	if s.loading() {
		return loadingView(s.e)
	}
	l := s.e.lang
	title := s.e.sty.header.Render(" " + s.Title() + " ")
	if s.err != nil {
		return errorFrame(s.e, title, s.err, s.ShortHelp()...)
	}
	body := []string{l.T("summary.title", s.s.Date, s.s.Customers, "¥"+validate.FormatMoney(s.s.TotalSpend)), ""}
	body = append(body, s.table(l.T("summary.grades"), s.s.Grades, true)...)
	body = append(body, "")
	body = append(body, s.table(l.T("summary.segments"), s.s.Segments, false)...)
	body = append(body, "")
	mv := s.s.Movements
	body = append(body, s.e.sty.helpHead.Render(l.T("summary.movements", mv.Days, mv.Up, mv.Down)))
	if len(mv.Moves) == 0 {
		body = append(body, s.e.sty.dim.Render("  "+l.T("detail.none")))
	}
	var pairs []string
	for _, m := range mv.Moves {
		pairs = append(pairs, s.e.sty.gradeStyle(m.From).Render(m.From)+"→"+s.e.sty.gradeStyle(m.To).Render(m.To)+" "+strconv.Itoa(m.Count))
	}
	if len(pairs) > 0 {
		body = append(body, "  "+strings.Join(pairs, "   "))
	}
	if len(s.recent) > 0 {
		body = append(body, "", s.e.sty.dim.Render(l.T("summary.recent")))
		for _, h := range s.recent {
			body = append(body, "  "+h.At+"  "+validate.Visible(h.Name)+"  "+s.e.sty.gradeStyle(h.Old).Render(h.Old)+"→"+s.e.sty.gradeStyle(h.New).Render(h.New)+"  "+s.e.sty.dim.Render(validate.Visible(s.e.st.ReasonText(h.Reason, l))))
		}
	}
	s.top = min(s.top, max(len(body)-(s.e.height-3), 0))
	return scFrame(s.e.width, s.e.height, title, body, s.top, renderHint(s.e.sty, s.ShortHelp(), s.e.width))
}
