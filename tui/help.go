package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// helpBlock renders one group: its title, then "key  description" lines.
func (m *model) helpBlock(g keyGroup) []string {
	kw := 0
	for _, b := range g.bindings {
		if w := ansi.StringWidth(b.Help().Key); w > kw {
			kw = w
		}
	}
	lines := []string{m.sty.helpHead.Render(g.title)}
	for _, b := range g.bindings {
		h := b.Help()
		lines = append(lines, "  "+m.sty.helpKey.Render(fit(h.Key, kw, false))+"  "+h.Desc)
	}
	return lines
}

// helpLines lays every group of the keymap out in as many columns as fit
// in width.
func (m *model) helpLines(width, height int) []string {
	groups := m.keys.groups(m.e.lang)
	var blocks [][]string
	colW := 0
	total := 0
	for _, g := range groups {
		bl := m.helpBlock(g)
		for _, l := range bl {
			if w := ansi.StringWidth(l); w > colW {
				colW = w
			}
		}
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
	return out
}

// helpView shows every binding grouped by purpose; it scrolls when the
// screen is too small to hold them all.
func (m *model) helpView() string {
	w, h := m.e.width, m.e.height
	body := h - 2
	if body < 1 {
		body = 1
	}
	lines := m.helpLines(w-2, body)
	if m.helpTop > len(lines)-body {
		m.helpTop = len(lines) - body
	}
	if m.helpTop < 0 {
		m.helpTop = 0
	}
	out := []string{fitStyled(m.sty.header.Render(" "+m.e.lang.T("tui.help.title")), w)}
	for i := m.helpTop; i < m.helpTop+body; i++ {
		l := ""
		if i < len(lines) {
			l = " " + lines[i]
		}
		out = append(out, fitStyled(l, w))
	}
	out = append(out, m.renderHint([]key.Binding{m.keys.Cancel, m.keys.Up, m.keys.Down}, w))
	return strings.Join(out, "\n")
}

// helpKey closes help (Esc, ? or q) or scrolls it.
func (m *model) helpKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel, k.Help), msg.String() == "q":
		m.mode = modeTable
	case key.Matches(msg, k.Up):
		m.helpTop--
	case key.Matches(msg, k.Down):
		m.helpTop++
	case key.Matches(msg, k.PageUp):
		m.helpTop -= m.e.height / 2
	case key.Matches(msg, k.PageDown):
		m.helpTop += m.e.height / 2
	}
	return nil
}
