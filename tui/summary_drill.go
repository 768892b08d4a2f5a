package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/validate"
)

// drillMsg is a drill-down from the tier summary: the table shows exactly
// the customers filter keeps, and back is the summary to return to.
type drillMsg struct {
	filter string
	back   screen
}

// drillBack is what the table keeps of a drill-down so Esc (or clearing
// the filter) goes back: the filter it showed before and the summary, as
// it was left (tab, cursor, months).
type drillBack struct {
	filter, before string
	back           screen
}

// drillTo shows the customers of a drill-down: the filter line says which
// filter keeps them, so the owner sees why these customers.
func (m *tableScreen) drillTo(d *drillMsg) tea.Cmd {
	m.drill = &drillBack{filter: d.filter, before: m.view.Filter, back: d.back}
	m.status = status{text: m.e.lang.T("tui.msg.drill", validate.Visible(d.filter))}
	return m.filterCmd(d.filter, false)
}

// drillKey takes Esc and the clear-filter key while a drill-down is shown:
// the filter from before comes back and the summary opens again where it
// was left. Once the owner has changed the filter the drill-down is over,
// and the keys do what they always do.
func (m *tableScreen) drillKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	d := m.drill
	if d == nil || !(key.Matches(msg, m.e.keys.Cancel) || key.Matches(msg, m.e.keys.ClearFilter)) {
		return nil, false
	}
	m.drill = nil
	showing := m.view.Filter
	if m.pending != nil {
		showing = m.pending.filter
	}
	if showing != d.filter {
		return nil, false
	}
	m.opening = d.back
	return m.filterCmd(d.before, false), true
}
