package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/dedupe"
	"github.com/kehu-app/kehu/validate"
)

// dupScreen lists the customers that look entered twice (M, or
// :duplicates), most certain first, each match with its reasons and
// certainty. Enter on a pair opens the merge confirmation: nothing is ever
// merged from this list without it. A merge reloads the list; the table
// reloads when the screen closes, and u there undoes the merge.
type dupScreen struct {
	loadState
	hosted
	e       env
	keys    dupKeys
	matches []dedupe.Match
	who     map[int64]dedupe.Customer
	err     error
	cur     int
	top     int
}

// dupKeys are the keys of the duplicates list.
type dupKeys struct {
	navKeys
	Merge, Reload, Help, Back key.Binding
}

// newDuplicates opens the list of likely duplicates; Init finds them.
func newDuplicates(e env) *dupScreen {
	l := e.lang
	return &dupScreen{e: e, keys: dupKeys{
		navKeys: newNavKeys(l, false),
		Merge:   bind(l, "Enter", "dupui.key.merge", "enter"),
		Reload:  bind(l, "r/ctrl+l", "hint.reload", "r", "ctrl+l"),
		Help:    bind(l, "?", "tui.key.help", "?"),
		Back:    bind(l, "Esc/q/M", "hint.back", "esc", "q", "M"),
	}}
}

// Init finds the duplicates.
func (s *dupScreen) Init() tea.Cmd { return s.load() }

// load finds the duplicates and reads who they are, off the UI goroutine.
func (s *dupScreen) load() tea.Cmd {
	st, ctx := s.e.st, s.e.ctx
	return load(s, func() func() tea.Cmd {
		ms, err := st.FindDuplicates(ctx)
		var who map[int64]dedupe.Customer
		if err == nil {
			var ids []int64
			for _, m := range ms {
				ids = append(ids, m.IDs...)
			}
			who, err = st.Identities(ctx, ids)
		}
		return func() tea.Cmd {
			s.ready = true
			s.matches, s.who, s.err = ms, who, err
			s.cur = min(s.cur, max(len(ms)-1, 0))
			return nil
		}
	})
}

// SetSize records the terminal size.
func (s *dupScreen) SetSize(w, h int) { s.e.SetSize(w, h) }

// Title is the screen's header.
func (s *dupScreen) Title() string { return s.e.lang.T("dupui.title", len(s.matches)) }

// ShortHelp is the footer hint.
func (s *dupScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.Up, k.Down, k.Merge, k.Reload, k.Help, k.Back}
}

// FullHelp is every key of the screen (help.KeyMap).
func (s *dupScreen) FullHelp() [][]key.Binding { return fullHelp(s.helpGroups()) }

func (s *dupScreen) helpGroups() []keyGroup {
	k := s.keys
	l := s.e.lang
	return []keyGroup{{l.T("tui.help.move"), k.list()}, {l.T("tui.help.this"), []key.Binding{k.Merge, k.Reload, k.Help, k.Back}}}
}

// resumed is the list back on top after the merge confirmation closed.
func (s *dupScreen) resumed(res popMsg) tea.Cmd {
	if s.absorb(res) {
		return s.load()
	}
	return nil
}

// Update moves through the matches and opens the merge of a pair.
func (s *dupScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	m, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil
	}
	k := s.keys
	page := max((s.e.height-4)/3, 1)
	switch {
	case key.Matches(m, k.Back):
		return s, pop(s.result(0))
	case key.Matches(m, k.Help):
		return s, push(newHelpScreen(s.e, s))
	case key.Matches(m, k.Reload):
		return s, s.load()
	case key.Matches(m, k.Merge):
		if s.cur >= len(s.matches) {
			return s, nil
		}
		if ids := s.matches[s.cur].IDs; len(ids) == 2 {
			s.setStatus("", false)
			return s, push(newMergeConfirm(s.e, ids[0], ids[1]))
		}
		s.setStatus(s.e.lang.T("dupui.group"), true)
	case key.Matches(m, k.Down):
		s.cur++
	case key.Matches(m, k.Up):
		s.cur--
	case key.Matches(m, k.PageDown):
		s.cur += page
	case key.Matches(m, k.PageUp):
		s.cur -= page
	case key.Matches(m, k.Top):
		s.cur = 0
	case key.Matches(m, k.Bottom):
		s.cur = len(s.matches) - 1
	}
	s.cur = min(max(s.cur, 0), max(len(s.matches)-1, 0))
	return s, nil
}

// reasons is a match's reasons in the reader's language.
func (s *dupScreen) reasons(m dedupe.Match) string {
	l := s.e.lang
	out := make([]string, len(m.Reasons))
	for i, r := range m.Reasons {
		out[i] = l.T("dup.reason." + string(r))
	}
	head := strings.Join(out, l.T("dup.reason.sep"))
	if m.Group() {
		head = l.T("dup.group", len(m.IDs)) + ": " + head
	}
	return head
}

// View draws the matches, the one under the cursor marked.
func (s *dupScreen) View() string {
	if s.loading() {
		return loadingView(s.e)
	}
	title := s.e.sty.header.Render(" " + s.Title() + " ")
	if s.err != nil {
		return errorFrame(s.e, title, s.err, s.keys.Reload, s.keys.Back)
	}
	var body []string
	curLine := 0
	if len(s.matches) == 0 {
		body = append(body, s.e.lang.T("dup.none"))
	}
	for i, m := range s.matches {
		mark := "  "
		if i == s.cur {
			mark = "> "
			curLine = len(body)
		}
		head := fmt.Sprintf("%s%s %3d  %s", mark, s.e.lang.T("dupui.certainty"), m.Certainty, s.reasons(m))
		if i == s.cur {
			head = s.e.sty.cursor.Render(head)
		}
		body = append(body, head)
		for _, id := range m.IDs {
			c := s.who[id]
			parts := []string{fmt.Sprintf("#%-6d", id), validate.Visible(c.Name)}
			for _, v := range []string{c.Phone, c.WeChat, c.Email, c.Company} {
				if v != "" {
					parts = append(parts, validate.Visible(v))
				}
			}
			body = append(body, "      "+strings.Join(parts, "  "))
		}
	}
	room := max(s.e.height-4, 1)
	if curLine < s.top {
		s.top = curLine
	} else if curLine+3 > s.top+room {
		s.top = curLine + 3 - room
	}
	footer := []string{s.statusView(s.e.sty), renderHint(s.e.sty, s.ShortHelp(), s.e.width)}
	return scFrame(s.e.width, s.e.height, title, body, s.top, footer...)
}
