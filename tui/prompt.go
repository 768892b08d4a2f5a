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
	// last is the value given last time, which ↑ brings back: a prompt
	// opens empty, so typing never appends to an old search or filter.
	last string
	// problem is why what is typed in the filter prompt is not a filter
	// (yet), said under the prompt as it is typed; "" when it is one.
	problem string
}

// open starts a prompt of kind labelled label holding value, w cells wide;
// ↑ brings back last.
func (p *prompt) open(sty styles, kind promptKind, label, value, last string, w int) {
	p.kind = kind
	p.in = newInput(sty, label, value)
	p.last, p.problem = last, ""
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

func (m *tableScreen) openPrompt(kind promptKind, label, value, last string) {
	m.prompt.open(m.e.sty, kind, label, value, last, m.e.width)
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
	var cmd tea.Cmd
	changed := false
	if msg.Type == tea.KeyTab && m.prompt.kind == promptCommand {
		m.prompt.in.SetValue(complete(m.prompt.Value(), m.e.lang))
		m.prompt.in.CursorEnd()
		return nil
	}
	if msg.Type == tea.KeyUp && m.prompt.last != "" && m.prompt.Value() != m.prompt.last {
		m.prompt.in.SetValue(m.prompt.last)
		m.prompt.in.CursorEnd()
		changed = true
	} else {
		cmd, changed = m.prompt.update(msg)
	}
	if m.prompt.kind == promptFilter && changed {
		// Filter as you type: each keystroke shows the rows matching so far.
		m.status = status{}
		expr := strings.TrimSpace(m.prompt.Value())
		if err := m.checkFilter(expr); err != nil {
			// Not a whole filter (yet): the view from before the prompt
			// opened stays on screen, not what a half-typed term matched,
			// and the line under the prompt says why.
			m.prompt.problem = m.e.errorText(err)
			return tea.Batch(cmd, m.filterCmd(m.prompt.filterBefore, true))
		}
		m.prompt.problem = ""
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
		if val != "" {
			m.lastCommand = val
		}
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
