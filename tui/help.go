package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
)

// helpKeys are the keys of the help screen.
type helpKeys struct {
	Close, Up, Down, PageUp, PageDown key.Binding
}

func newHelpKeys(l i18n.Lang) helpKeys {
	return helpKeys{
		Close:    bind(l, "Esc/?/q", "tui.key.cancel", "esc", "?", "q"),
		Up:       bind(l, "↑/k", "tui.key.up", "up", "k"),
		Down:     bind(l, "↓/j", "tui.key.down", "down", "j"),
		PageUp:   bind(l, "PgUp/ctrl+u", "tui.key.pgup", "pgup", "ctrl+u"),
		PageDown: bind(l, "PgDn/ctrl+d", "tui.key.pgdown", "pgdown", "ctrl+d"),
	}
}

// helpScreen (`?`) lists every binding of the screen it was opened from,
// grouped by purpose, in as many columns as fit; it scrolls when the
// terminal is too small to hold them all.
type helpScreen struct {
	e      env
	keys   helpKeys
	title  string
	groups []keyGroup
	top    int
}

// newHelpScreen opens the help of screen of.
func newHelpScreen(e env, of screen) *helpScreen {
	return &helpScreen{e: e, keys: newHelpKeys(e.lang), title: of.Title(), groups: of.helpGroups()}
}

// Init reads nothing.
func (h *helpScreen) Init() tea.Cmd { return nil }

// SetSize records the terminal size.
func (h *helpScreen) SetSize(w, hh int) { h.e.SetSize(w, hh) }

// Title names the help of the screen it is about.
func (h *helpScreen) Title() string { return h.e.lang.T("tui.help.title", h.title) }

// ShortHelp is the footer hint.
func (h *helpScreen) ShortHelp() []key.Binding {
	return []key.Binding{h.keys.Close, h.keys.Up, h.keys.Down}
}

// FullHelp is every binding of the help screen.
func (h *helpScreen) FullHelp() [][]key.Binding { return fullHelp(h.helpGroups()) }

func (h *helpScreen) helpGroups() []keyGroup {
	k := h.keys
	return []keyGroup{{h.e.lang.T("tui.help.move"), []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Close}}}
}

// Update closes help (Esc, ? or q) or scrolls it.
func (h *helpScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return h, nil
	}
	switch {
	case key.Matches(k, h.keys.Close):
		return h, pop(popMsg{})
	case key.Matches(k, h.keys.Up):
		h.top--
	case key.Matches(k, h.keys.Down):
		h.top++
	case key.Matches(k, h.keys.PageUp):
		h.top -= h.e.height / 2
	case key.Matches(k, h.keys.PageDown):
		h.top += h.e.height / 2
	}
	return h, nil
}

// block renders one group: its title, then "key  description" lines.
func (h *helpScreen) block(g keyGroup) []string {
	kw := 0
	for _, b := range g.bindings {
		if w := ansi.StringWidth(b.Help().Key); w > kw {
			kw = w
		}
	}
	lines := []string{h.e.sty.helpHead.Render(g.title)}
	for _, b := range g.bindings {
		hb := b.Help()
		lines = append(lines, "  "+h.e.sty.helpKey.Render(fit(hb.Key, kw, false))+"  "+hb.Desc)
	}
	return lines
}

// lines lays every group out in as many columns as fit in width; a group
// wider than half the width (the : commands with their usage) goes under
// the columns, across the whole width.
func (h *helpScreen) lines(width, height int) []string {
	var blocks, wide [][]string
	colW := 0
	total := 0
	for _, g := range h.groups {
		bl := h.block(g)
		bw := 0
		for _, l := range bl {
			bw = max(bw, ansi.StringWidth(l))
		}
		if bw > width/2 && len(h.groups) > 1 {
			wide = append(wide, bl)
			continue
		}
		colW = max(colW, bw)
		total += len(bl) + 1
		blocks = append(blocks, bl)
	}
	colW += 3
	ncol := width / colW
	if ncol < 1 {
		ncol = 1
	}
	// Fill columns top to bottom, breaking only between groups.
	target := (total + ncol - 1) / ncol
	if target < height {
		target = height
	}
	var cols [][]string
	var cur []string
	for _, bl := range blocks {
		if len(cur) > 0 && len(cur)+len(bl) > target && len(cols) < ncol-1 {
			cols = append(cols, cur)
			cur = nil
		}
		if len(cur) > 0 {
			cur = append(cur, "")
		}
		cur = append(cur, bl...)
	}
	cols = append(cols, cur)
	rows := 0
	for _, c := range cols {
		if len(c) > rows {
			rows = len(c)
		}
	}
	out := make([]string, rows)
	for i := range rows {
		var b strings.Builder
		for j, c := range cols {
			cell := ""
			if i < len(c) {
				cell = c[i]
			}
			if j < len(cols)-1 {
				cell = fitStyled(cell, colW)
			}
			b.WriteString(cell)
		}
		out[i] = b.String()
	}
	for _, bl := range wide {
		out = append(append(out, ""), bl...)
	}
	return out
}

// View draws the help, scrolled.
func (h *helpScreen) View() string {
	w, hh := h.e.width, h.e.height
	body := max(hh-2, 1)
	lines := h.lines(w-2, body)
	h.top = max(min(h.top, len(lines)-body), 0)
	out := []string{fitStyled(h.e.sty.header.Render(" "+h.Title()), w)}
	for i := h.top; i < h.top+body; i++ {
		l := ""
		if i < len(lines) {
			l = " " + lines[i]
		}
		out = append(out, fitStyled(l, w))
	}
	out = append(out, renderHint(h.e.sty, h.ShortHelp(), w))
	return strings.Join(out, "\n")
}
