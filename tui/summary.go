package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
)

// summaryScreen is the tier summary (`t`): the report `kehu tiers` prints
// (customers and spend per grade and per segment, drawn here with bars,
// the grades' service policies and the grade movements of the last 30
// days), and the latest grade changes.
type summaryScreen struct {
	loadState
	e    env
	keys summaryKeys
	s    store.Summary
	doc  report.Document // s as `kehu tiers` prints it, with the latest grade changes
	err  error
	top  int
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
		Back:    bind(l, "Esc/q/t", "hint.back", "esc", "q", "t"),
	}}
}

// Init reads the summary.
func (s *summaryScreen) Init() tea.Cmd { return s.load() }

// load reads the summary and the latest grade moves in the background.
func (s *summaryScreen) load() tea.Cmd {
	st, ctx, l := s.e.st, s.e.ctx, s.e.lang
	return load(s, func() func() tea.Cmd {
		sum, err := st.TierSummary(ctx)
		var events []store.GradeEvent
		if err == nil {
			events, err = st.GradeHistory(ctx, 0, sum.Movements.Since, 10)
		}
		recent := make([]report.GradeChange, len(events))
		for i, h := range events {
			recent[i] = report.GradeChange{At: h.At, Name: h.Name, Old: h.Old, New: h.New, Reason: st.ReasonText(h.Reason, l)}
		}
		doc := report.Summary(sum, recent, l)
		return func() tea.Cmd {
			s.ready = true
			s.s, s.doc, s.err = sum, doc, err
			return nil
		}
	})
}

// SetSize records the terminal size.
func (s *summaryScreen) SetSize(w, h int) { s.e.SetSize(w, h) }

// Title is the screen's header.
func (s *summaryScreen) Title() string {
	if s.doc.Title == "" {
		return s.e.lang.T("summary.screen")
	}
	return s.doc.Title
}

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

// View draws the summary.
func (s *summaryScreen) View() string {
	if s.loading() {
		return loadingView(s.e)
	}
	title := s.e.sty.header.Render(" " + s.Title() + " ")
	if s.err != nil {
		return errorFrame(s.e, title, s.err, s.ShortHelp()...)
	}
	body := renderDoc(s.e.sty, s.doc, s.e.width, -1).lines
	s.top = min(s.top, max(len(body)-(s.e.height-3), 0))
	return scFrame(s.e.width, s.e.height, title, body, s.top, renderHint(s.e.sty, s.ShortHelp(), s.e.width))
}
