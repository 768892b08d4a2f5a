package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/store"
)

// screen is one full-screen part of the TUI: the table at the bottom of the
// stack, and the forms, detail, agenda, summary, rules and help pushed over
// it. Each declares its keys as bindings: ShortHelp is its footer hint,
// FullHelp (grouped by helpGroups) what `?` shows and the README lists.
type screen interface {
	// Init starts the screen's reads, as commands carrying the shared context.
	Init() tea.Cmd
	Update(msg tea.Msg) (screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title names the screen (its header, and the heading of its help).
	Title() string
	help.KeyMap
	// helpGroups are the bindings of FullHelp with a title for each group.
	helpGroups() []keyGroup
}

// resumer is a screen told what a screen it opened reported when that one
// closed (the table and the screens that open forms).
type resumer interface {
	resumed(res popMsg) tea.Cmd
}

// loader is a screen that reads the ledger before it can take keys; keys
// typed meanwhile are held and replayed, and Esc goes back at once.
type loader interface {
	loading() bool
}

// pushMsg puts a screen on top of the stack; keys typed together with the
// one that opened it (read in one go) go to it next.
type pushMsg struct {
	s    screen
	keys []tea.KeyMsg
}

// popMsg closes the top screen and tells the screen below what happened.
// Status is shown on it; changed means the ledger changed (it reloads);
// customerID, when set, is the customer to show; grade is a grade move to
// announce; drill, when set, filters the table to a group of customers.
type popMsg struct {
	status     string
	err        error
	changed    bool
	customerID int64
	grade      *store.GradeChange
	drill      *drillMsg
}

// loadedMsg carries a screen's read back to it: apply runs on the UI
// goroutine, and only while the screen is still on the stack.
type loadedMsg struct {
	to    screen
	apply func() tea.Cmd
}

// push returns the command that opens s over the current screen.
func push(s screen) tea.Cmd { return func() tea.Msg { return pushMsg{s: s} } }

// pop returns the command that closes the current screen with res.
func pop(res popMsg) tea.Cmd { return func() tea.Msg { return res } }

// load runs read off the UI goroutine and hands what it returns to the
// screen it is for.
func load(to screen, read func() func() tea.Cmd) tea.Cmd {
	return func() tea.Msg { return loadedMsg{to: to, apply: read()} }
}

// loadState is embedded by screens that read before they show anything.
type loadState struct{ ready bool }

func (l *loadState) loading() bool { return !l.ready }

// loadingView says the screen is being read, centred.
func loadingView(e env) string {
	text := e.lang.T("tui.msg.loading")
	if e.width <= 0 || e.height <= 0 {
		return text
	}
	return lipgloss.Place(e.width, e.height, lipgloss.Center, lipgloss.Center, text)
}

// screenStack is the stack of open screens, the bottom one first. It routes
// messages: keys to the top screen, sizes to all, pushes and pops, reads to
// the screen they are for, and anything else to the bottom and top screens.
type screenStack struct {
	screens       []screen
	width, height int
	cancel        key.Binding  // leaves a screen that is still loading
	held          []tea.KeyMsg // keys typed while the top screen loads
	closed        *popMsg      // the bottom screen asked to close (a test drives one screen alone)
}

// top is the screen on top.
func (s *screenStack) top() screen { return s.screens[len(s.screens)-1] }

// depth is the number of screens open.
func (s *screenStack) depth() int { return len(s.screens) }

func (s *screenStack) send(i int, msg tea.Msg) tea.Cmd {
	next, cmd := s.screens[i].Update(msg)
	s.screens[i] = next
	return cmd
}

func (s *screenStack) holds(sc screen) bool {
	for _, x := range s.screens {
		if x == sc {
			return true
		}
	}
	return false
}

// push opens sc over the top screen, sized, and starts its reads.
func (s *screenStack) push(sc screen, keys ...tea.KeyMsg) tea.Cmd {
	sc.SetSize(s.width, s.height)
	s.screens = append(s.screens, sc)
	s.held = append([]tea.KeyMsg(nil), keys...)
	return tea.Batch(sc.Init(), s.release())
}

// pop closes the top screen and hands its result to the one below.
func (s *screenStack) pop(res popMsg) tea.Cmd {
	s.held = nil
	if len(s.screens) <= 1 {
		s.closed = &res
		return nil
	}
	s.screens = s.screens[:len(s.screens)-1]
	if r, ok := s.top().(resumer); ok {
		return r.resumed(res)
	}
	return nil
}

// release replays the held keys once the top screen has loaded.
func (s *screenStack) release() tea.Cmd {
	if l, ok := s.top().(loader); ok && l.loading() {
		return nil
	}
	keys := s.held
	s.held = nil
	var cmds []tea.Cmd
	for _, k := range keys {
		cmds = append(cmds, s.send(len(s.screens)-1, k))
	}
	return tea.Batch(cmds...)
}

// update routes one message.
func (s *screenStack) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.width, s.height = msg.Width, msg.Height
		for _, sc := range s.screens {
			sc.SetSize(msg.Width, msg.Height)
		}
		return s.send(0, msg)
	case pushMsg:
		return s.push(msg.s, msg.keys...)
	case popMsg:
		return s.pop(msg)
	case loadedMsg:
		if !s.holds(msg.to) {
			return nil // closed before its read came back
		}
		return tea.Batch(msg.apply(), s.release())
	case tea.KeyMsg:
		if l, ok := s.top().(loader); ok && l.loading() {
			if key.Matches(msg, s.cancel) {
				return s.pop(popMsg{})
			}
			s.held = append(s.held, msg)
			return nil
		}
		return s.send(len(s.screens)-1, msg)
	}
	cmd := s.send(0, msg)
	if len(s.screens) > 1 {
		cmd = tea.Batch(cmd, s.send(len(s.screens)-1, msg))
	}
	return cmd
}
