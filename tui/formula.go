package tui

import (
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/validate"
)

// formulaBar is the line over the status line, as in a spreadsheet: the
// cursor column's name and the whole text of the cell under the cursor,
// however narrow its column, cut with "…" only at the screen's edge.
func (m *tableScreen) formulaBar() string {
	w := m.e.width
	if len(m.g.cols) == 0 || m.g.col >= len(m.g.cols) {
		return fitStyled("", w)
	}
	c := m.g.cols[m.g.col]
	name := validate.Visible(c.Label(m.e.lang))
	text := ""
	if r, ok := m.current(); ok && m.g.col < len(r.Values) {
		text = cellText(c, r.Values[m.g.col], m.e.lang, m.e.rules)
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
