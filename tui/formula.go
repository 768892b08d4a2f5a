package tui

import (
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/validate"
)

// formulaBar is the line over the status line, as in a spreadsheet: the
// cursor column's name and the whole text of the cell under the cursor,
// however narrow its column, cut with "…" only at the screen's edge.
// While a cell is being typed into it shows what is typed, so a value
// longer than its cell can be read whole before it is saved, and a new
// customer's row is not described by the row under it.
func (m *tableScreen) formulaBar() string {
	w := m.e.width
	var name, text string
	switch {
	case m.mode == modeEdit && m.ed.active:
		name, text = validate.Visible(m.ed.col.Label(m.e.lang)), validate.Visible(m.ed.value())
	case len(m.g.cols) == 0 || m.g.col >= len(m.g.cols):
		return fitStyled("", w)
	default:
		c := m.g.cols[m.g.col]
		name = validate.Visible(c.Label(m.e.lang))
		if r, ok := m.current(); ok && m.g.col < len(r.Values) {
			text = cellText(c, r.Values[m.g.col], m.e.lang, m.e.rules)
		}
	}
	head := " " + m.e.sty.helpHead.Render(name) + " │ "
	room := w - ansi.StringWidth(head)
	return fitStyled(head+fit(text, max(room, 1), false), w)
}

// filterHelpLine is the line under the filter prompt: why what is typed is
// not a filter yet, else a reminder of the syntax.
func (m *tableScreen) filterHelpLine() string {
	if m.prompt.problem != "" {
		return fitStyled(" "+m.e.sty.errMsg.Render(fit(validate.Visible(m.prompt.problem), m.e.width-1, false)), m.e.width)
	}
	return fitStyled(" "+m.e.sty.dim.Render(fit(m.e.lang.T("tui.filter.hint"), m.e.width-1, false)), m.e.width)
}
