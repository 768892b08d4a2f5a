package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
)

// keyMap is the table's keymap: moving, editing, the cell editor and the
// prompts, and the keys that open the other screens (each of which declares
// its own keys in its file). The table's footer hint and help (?) are
// rendered from it. Build it with newKeyMap; it is a plain value, rebuilt
// when the language changes.
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
	Explain, Account        key.Binding
	Agenda, Summary, Rules  key.Binding
	Duplicates              key.Binding
	Complaints              key.Binding
	Export, Command         key.Binding
	Help, Quit              key.Binding
	// Interrupt quits from any screen.
	Interrupt key.Binding

	// The cell editor and the prompts.
	Commit, Cancel, CommitRight key.Binding
}

// keyGroup is a titled group of bindings, as help shows them.
type keyGroup struct {
	title    string
	bindings []key.Binding
}

func bind(l i18n.Lang, helpKey, descKey string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, l.T(descKey)))
}

// newKeyMap returns the table's keys with help in lang.
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
		Account:     bind(l, "$", "tui.key.account", "$"),
		Agenda:      bind(l, "A", "tui.key.agenda", "A"),
		Summary:     bind(l, "t", "tui.key.summary", "t"),
		Rules:       bind(l, "R", "tui.key.rules", "R"),
		Duplicates:  bind(l, "M", "tui.key.duplicates", "M"),
		Complaints:  bind(l, "C", "tui.key.complaints", "C"),
		Export:      bind(l, "x", "tui.key.export", "x"),
		Command:     bind(l, ":", "tui.key.command", ":"),
		Help:        bind(l, "?", "tui.key.help", "?"),
		Quit:        bind(l, "q/ctrl+c", "tui.key.quit", "q", "ctrl+c"),
		Interrupt:   bind(l, "ctrl+c", "tui.key.quit", "ctrl+c"),
		Commit:      bind(l, "Enter", "tui.key.commit", "enter"),
		Cancel:      bind(l, "Esc", "tui.key.cancel", "esc"),
		CommitRight: bind(l, "Tab", "tui.key.commitright", "tab"),
	}
}

// groups lists every binding grouped by purpose, for help.
func (k keyMap) groups(l i18n.Lang) []keyGroup {
	return []keyGroup{
		{l.T("tui.help.move"), []key.Binding{k.Up, k.Down, k.Left, k.Right, k.PageUp, k.PageDown, k.Top, k.Bottom, k.FirstCol, k.LastCol}},
		{l.T("tui.help.edit"), []key.Binding{k.Edit, k.Add, k.Delete, k.Undo, k.Redo}},
		{l.T("tui.help.editor"), []key.Binding{k.Commit, k.CommitRight, k.Cancel}},
		{l.T("tui.help.find"), []key.Binding{k.Search, k.Next, k.Prev, k.Filter, k.ClearFilter, k.SortAsc, k.SortDesc}},
		{l.T("tui.help.customer"), []key.Binding{k.Open, k.Contact, k.Purchase, k.Account, k.Explain}},
		{l.T("tui.help.screens"), []key.Binding{k.Agenda, k.Summary, k.Rules, k.Duplicates, k.Complaints}},
		{l.T("tui.help.other"), []key.Binding{k.Export, k.Command, k.Help, k.Quit}},
		{l.T("tui.help.commands"), commandBindings(l)},
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

// fullHelp is the bindings of groups, one slice per group (help.KeyMap).
func fullHelp(groups []keyGroup) [][]key.Binding {
	out := make([][]key.Binding, 0, len(groups))
	for _, g := range groups {
		out = append(out, g.bindings)
	}
	return out
}

// hintItems is the footer's "key desc" items for bindings: disabled ones
// left out, and neighbours that do the same (↑ and ↓ both "move") shown as
// one item, "↑/↓ move".
func hintItems(bs []key.Binding) []key.Help {
	var out []key.Help
	for _, b := range bs {
		if !b.Enabled() {
			continue
		}
		h := b.Help()
		if n := len(out); n > 0 && out[n-1].Desc == h.Desc {
			out[n-1].Key += "/" + h.Key
			continue
		}
		out = append(out, h)
	}
	return out
}

// renderHint writes the footer hint of bindings as "key desc" pairs, as
// many as fit in w cells; when some do not fit, the line ends with "…" so
// the reader knows there are more (? lists them all).
func renderHint(sty styles, bs []key.Binding, w int) string {
	items := hintItems(bs)
	n, used := hintFit(items, w)
	if n < len(items) {
		// Make room for the " …" that says keys were left out.
		n, used = hintFit(items, w-len(hintMore))
	}
	var b strings.Builder
	for i, h := range items[:n] {
		if i > 0 {
			b.WriteString("  ")
		}
		b.WriteString(" ")
		b.WriteString(sty.pHintKey.apply(h.Key))
		b.WriteString(" ")
		b.WriteString(sty.pHintDesc.apply(h.Desc))
	}
	if n < len(items) && used+len(hintMore) <= w {
		b.WriteString(sty.pHintDesc.apply(hintMore))
	}
	return fitStyled(b.String(), w)
}

// hintMore ends a footer hint that could not show every key.
const hintMore = " …"

// hintFit is how many of items fit, in order, in w cells as renderHint
// writes them, and the cells they take.
func hintFit(items []key.Help, w int) (n, used int) {
	for _, h := range items {
		iw := ansi.StringWidth(h.Key+" "+h.Desc) + 1
		if n > 0 {
			iw += 2
		}
		if used+iw > w {
			break
		}
		used += iw
		n++
	}
	return n, used
}

// navKeys move through a list or a page on the screens over the table.
type navKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// newNavKeys are the moving keys; withTab lets Tab and shift+Tab step too
// (lists of items and fields).
func newNavKeys(l i18n.Lang, withTab bool) navKeys {
	up, down := []string{"up", "k"}, []string{"down", "j"}
	upHelp, downHelp := "↑/k", "↓/j"
	if withTab {
		up, down = append(up, "shift+tab"), append(down, "tab")
		upHelp, downHelp = "↑/k/shift+Tab", "↓/j/Tab"
	}
	return navKeys{
		Up:       bind(l, upHelp, "tui.key.up", up...),
		Down:     bind(l, downHelp, "tui.key.down", down...),
		PageUp:   bind(l, "PgUp/ctrl+u", "tui.key.pgup", "pgup", "ctrl+u"),
		PageDown: bind(l, "PgDn/ctrl+d/space", "tui.key.pgdown", "pgdown", "ctrl+d", " "),
		Top:      bind(l, "g/Home", "tui.key.first", "g", "home"),
		Bottom:   bind(l, "G/End", "tui.key.last", "G", "end"),
	}
}

// scroll are the keys that scroll a page.
func (k navKeys) scroll() []key.Binding { return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown} }

// list are the keys that move through a list.
func (k navKeys) list() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}
