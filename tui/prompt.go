package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// promptKind is what the bottom-line prompt is for.
type promptKind int

const (
	promptSearch promptKind = iota
	promptFilter
	promptCommand
	promptExport
)

// prompt is the one-line input at the bottom of the table: search, filter,
// command line or export path.
type prompt struct {
	kind promptKind
	in   textinput.Model
	// filterBefore is the filter on screen when the filter prompt opened:
	// shown again while what is typed is not a whole filter, and on Esc.
	filterBefore string
}

// open starts a prompt of kind labelled label holding value, w cells wide.
func (p *prompt) open(sty styles, kind promptKind, label, value string, w int) {
	p.kind = kind
	p.in = newInput(sty, label, value)
	p.setWidth(w)
}

// setWidth fits the input in a line w cells wide.
func (p *prompt) setWidth(w int) { p.in.Width = w - lipgloss.Width(p.in.Prompt) - 2 }

// Value is the text typed, as it stands.
func (p *prompt) Value() string { return p.in.Value() }

// update types into the input; it reports whether the text changed.
func (p *prompt) update(msg tea.Msg) (tea.Cmd, bool) {
	before := p.in.Value()
	var cmd tea.Cmd
	p.in, cmd = p.in.Update(msg)
	return cmd, p.in.Value() != before
}

func (p *prompt) close() { p.in.Blur() }

func (p *prompt) view() string { return p.in.View() }

func (m *tableScreen) openPrompt(kind promptKind, label, value string) {
	m.prompt.open(m.e.sty, kind, label, value, m.e.width)
	m.mode = modePrompt
}

func (m *tableScreen) closePrompt() {
	m.mode = modeTable
	m.prompt.close()
}

func (m *tableScreen) promptKey(msg tea.KeyMsg) tea.Cmd {
	k := m.e.keys
	switch {
	case key.Matches(msg, k.Cancel):
		m.closePrompt()
		m.status = status{}
		if m.prompt.kind == promptFilter {
			return m.filterCmd(m.prompt.filterBefore, false)
		}
		return nil
	case key.Matches(msg, k.Commit):
		return m.promptDone()
	}
	cmd, changed := m.prompt.update(msg)
	if m.prompt.kind == promptFilter && changed {
		// Filter as you type: each keystroke shows the rows matching so far.
		m.status = status{}
		expr := strings.TrimSpace(m.prompt.Value())
		if m.checkFilter(expr) != nil {
			// Not a whole filter (yet): the view from before the prompt
			// opened stays on screen, not what a half-typed term matched.
			return tea.Batch(cmd, m.filterCmd(m.prompt.filterBefore, true))
		}
		return tea.Batch(cmd, m.filterCmd(expr, true))
	}
	return cmd
}

func (m *tableScreen) promptDone() tea.Cmd {
	val := strings.TrimSpace(m.prompt.Value())
	switch m.prompt.kind {
	case promptSearch:
		m.closePrompt()
		m.search.term = val
		if val == "" {
			return nil
		}
		return m.searchCmd(true)
	case promptFilter:
		if err := m.checkFilter(val); err != nil {
			// The prompt stays open with what was typed and the error; the
			// grid and tier counts show the last valid filter meanwhile.
			m.setErr(err)
			return m.filterCmd(m.prompt.filterBefore, false)
		}
		m.closePrompt()
		if val == "" {
			m.setMsg("tui.msg.filtercleared")
		} else {
			m.setMsg("tui.msg.filtered", val)
		}
		return m.filterCmd(val, false)
	case promptCommand:
		m.closePrompt()
		m.status = status{}
		return m.runCommand(val)
	case promptExport:
		if val == "" {
			val = m.defaultExportPath()
		}
		m.closePrompt()
		return m.exportCmd(val)
	}
	m.closePrompt()
	return nil
}
