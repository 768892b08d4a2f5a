package tui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/kehu-app/kehu/i18n"
)

// keyMap is the one keymap of the whole TUI: the table, the cell editor,
// the prompts and the keys other screens use. Help (?) is rendered from it,
// so a binding added here shows up there. Build it with newKeyMap; it is a
// plain value, rebuilt when the language changes.
type keyMap struct {
	// Moving around the table.
	Up, Down, Left, Right   key.Binding
	PageUp, PageDown        key.Binding
	Top, Bottom             key.Binding
	FirstCol, LastCol       key.Binding
	Edit, Add, Delete       key.Binding
	Undo, Redo              key.Binding
	Search, Next, Prev      key.Binding
	Filter, ClearFilter     key.Binding
	SortAsc, SortDesc       key.Binding
	Open, Contact, Purchase key.Binding
	Explain                 key.Binding
	Agenda, Summary, Rules  key.Binding
	Export, Command         key.Binding
	Help, Quit              key.Binding

	// The cell editor and the prompts.
	Commit, Cancel, CommitRight key.Binding

	// Forms (contact, purchase, rules...): shared with the other screens.
	FormNext, FormPrev, FormSave key.Binding
}

// keyGroup is a titled group of bindings, as help shows them.
type keyGroup struct {
	title    string
	bindings []key.Binding
}

func bind(l i18n.Lang, helpKey, descKey string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, l.T(descKey)))
}

// newKeyMap returns the default keys (SPEC section 4) with help in lang.
func newKeyMap(l i18n.Lang) keyMap {
	return keyMap{
		Up:          bind(l, "↑/k", "tui.key.up", "up", "k"),
		Down:        bind(l, "↓/j", "tui.key.down", "down", "j"),
		Left:        bind(l, "←/h", "tui.key.left", "left", "h"),
		Right:       bind(l, "→/l", "tui.key.right", "right", "l"),
		PageUp:      bind(l, "PgUp/ctrl+u", "tui.key.pgup", "pgup", "ctrl+u"),
		PageDown:    bind(l, "PgDn/ctrl+d", "tui.key.pgdown", "pgdown", "ctrl+d"),
		Top:         bind(l, "g", "tui.key.top", "g"),
		Bottom:      bind(l, "G", "tui.key.bottom", "G"),
		FirstCol:    bind(l, "Home", "tui.key.home", "home"),
		LastCol:     bind(l, "End", "tui.key.end", "end"),
		Edit:        bind(l, "Enter/e", "tui.key.edit", "enter", "e"),
		Add:         bind(l, "a", "tui.key.add", "a"),
		Delete:      bind(l, "D", "tui.key.delete", "D"),
		Undo:        bind(l, "u", "tui.key.undo", "u"),
		Redo:        bind(l, "ctrl+r", "tui.key.redo", "ctrl+r"),
		Search:      bind(l, "/", "tui.key.search", "/"),
		Next:        bind(l, "n", "tui.key.next", "n"),
		Prev:        bind(l, "N", "tui.key.prev", "N"),
		Filter:      bind(l, "f", "tui.key.filter", "f"),
		ClearFilter: bind(l, "F", "tui.key.clearfilter", "F"),
		SortAsc:     bind(l, "s", "tui.key.sortasc", "s"),
		SortDesc:    bind(l, "S", "tui.key.sortdesc", "S"),
		Open:        bind(l, "space/o", "tui.key.open", " ", "o"),
		Contact:     bind(l, "c", "tui.key.contact", "c"),
		Purchase:    bind(l, "p", "tui.key.purchase", "p"),
		Explain:     bind(l, "w", "tui.key.explain", "w"),
		Agenda:      bind(l, "A", "tui.key.agenda", "A"),
		Summary:     bind(l, "t", "tui.key.summary", "t"),
		Rules:       bind(l, "R", "tui.key.rules", "R"),
		Export:      bind(l, "x", "tui.key.export", "x"),
		Command:     bind(l, ":", "tui.key.command", ":"),
		Help:        bind(l, "?", "tui.key.help", "?"),
		Quit:        bind(l, "q/ctrl+c", "tui.key.quit", "q", "ctrl+c"),
		Commit:      bind(l, "Enter", "tui.key.commit", "enter"),
		Cancel:      bind(l, "Esc", "tui.key.cancel", "esc"),
		CommitRight: bind(l, "Tab", "tui.key.commitright", "tab"),
		FormNext:    bind(l, "Tab/↓", "tui.key.formnext", "tab", "down"),
		FormPrev:    bind(l, "shift+Tab/↑", "tui.key.formprev", "shift+tab", "up"),
		FormSave:    bind(l, "ctrl+s", "tui.key.formsave", "ctrl+s"),
	}
}

// groups lists every binding grouped by purpose, for help.
func (k keyMap) groups(l i18n.Lang) []keyGroup {
	return []keyGroup{
		{l.T("tui.help.move"), []key.Binding{k.Up, k.Down, k.Left, k.Right, k.PageUp, k.PageDown, k.Top, k.Bottom, k.FirstCol, k.LastCol}},
		{l.T("tui.help.edit"), []key.Binding{k.Edit, k.Add, k.Delete, k.Undo, k.Redo}},
		{l.T("tui.help.editor"), []key.Binding{k.Commit, k.CommitRight, k.Cancel}},
		{l.T("tui.help.find"), []key.Binding{k.Search, k.Next, k.Prev, k.Filter, k.ClearFilter, k.SortAsc, k.SortDesc}},
		{l.T("tui.help.customer"), []key.Binding{k.Open, k.Contact, k.Purchase, k.Explain}},
		{l.T("tui.help.screens"), []key.Binding{k.Agenda, k.Summary, k.Rules}},
		{l.T("tui.help.forms"), []key.Binding{k.FormNext, k.FormPrev, k.Commit, k.FormSave, k.Cancel}},
		{l.T("tui.help.other"), []key.Binding{k.Export, k.Command, k.Help, k.Quit}},
	}
}

// hint is the one-line key hint under the status bar.
func (k keyMap) hint() []key.Binding {
	return []key.Binding{k.Help, k.Edit, k.Add, k.Search, k.Filter, k.SortAsc, k.Open, k.Contact, k.Purchase, k.Export, k.Command, k.Quit}
}

// editorHint is the key hint while a cell or prompt is being edited.
func (k keyMap) editorHint() []key.Binding {
	return []key.Binding{k.Commit, k.CommitRight, k.Cancel}
}
