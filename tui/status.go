package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// status is the message of the status bar: the result of the last action,
// or an error. The next key clears it.
type status struct {
	text string
	err  bool
	warn bool
}

// thousands writes n with thousands separators: 1,234,567.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// position is "row x/N" of the status bar.
func (m *tableScreen) position() string {
	n := m.g.rows()
	total := "…"
	if m.g.total >= 0 {
		total = thousands(m.g.total)
	}
	row := 0
	if n > 0 {
		row = m.g.row + 1
	}
	return m.e.lang.T("tui.status.row", thousands(row), total)
}

// tierCounts is the legend: each grade's label in its colour and its count
// in the view.
func (m *tableScreen) tierCounts() string {
	var parts []string
	for _, g := range tiering.Grades() {
		label := validate.Visible(m.e.rules.Label(g))
		n := "…"
		if m.counts != nil {
			n = thousands(m.counts[g])
		}
		parts = append(parts, m.e.sty.pGrade[g].apply(label)+" "+n)
	}
	return strings.Join(parts, " ")
}

// statusLine is the status bar: position, tier counts, then the message
// (or, without one, the filter and the sort), cut to the screen width. A
// message too long for it goes to the line below, in place of the key hint.
func (m *tableScreen) statusLine() string {
	w := m.e.width
	base := " " + m.position() + "  " + m.tierCounts()
	ex := m.viewInfo()
	line := base
	if m.status.text != "" && m.msgInStatus() {
		msg := validate.Visible(m.status.text)
		room := w - ansi.StringWidth(base) - 3
		if ex != "" && ansi.StringWidth(ex)+3+ansi.StringWidth(msg) <= room {
			line += "  " + ex
			room -= ansi.StringWidth(ex) + 2
		}
		line += " │ " + m.styleMsg(fit(msg, max(room, 4), false))
	} else if ex != "" {
		line += "  " + ex
	}
	return fitStyled(line, w)
}

// viewInfo is the filter, sort and view name of the status bar.
func (m *tableScreen) viewInfo() string {
	var extra []string
	if m.view.Filter != "" {
		extra = append(extra, m.e.lang.T("tui.status.filter", validate.Visible(m.view.Filter)))
	}
	if len(m.view.Sort) > 0 {
		k := m.view.Sort[0]
		label := k.Key
		if c, ok := m.e.st.Column(k.Key); ok {
			label = validate.Visible(c.Label(m.e.lang))
		}
		arrow := "↑"
		if k.Desc {
			arrow = "↓"
		}
		extra = append(extra, m.e.lang.T("tui.status.sort", label+arrow))
	}
	if m.view.Name != "" {
		extra = append(extra, m.e.lang.T("tui.status.view", m.view.Name))
	}
	return strings.Join(extra, "  ")
}

// msgInStatus reports whether the message fits in the status bar; when it
// does not (and no prompt holds the line below) it takes the key hint's line.
func (m *tableScreen) msgInStatus() bool {
	if m.mode == modePrompt {
		return true
	}
	base := 3 + ansi.StringWidth(m.position()) + ansi.StringWidth(ansi.Strip(m.tierCounts()))
	return base+3+ansi.StringWidth(m.status.text) <= m.e.width
}

func (m *tableScreen) styleMsg(msg string) string {
	msg = strings.TrimRight(msg, " ")
	if m.status.err || m.status.warn {
		return m.e.sty.errMsg.Render(msg)
	}
	return m.e.sty.statusOK.Render(msg)
}

// bottomLine is the prompt when one is open, else a long message, else the
// key hint.
func (m *tableScreen) bottomLine() string {
	w := m.e.width
	switch {
	case m.mode == modePrompt:
		return fitStyled(m.prompt.View(), w)
	case m.status.text != "" && !m.msgInStatus():
		return fitStyled(" "+m.styleMsg(fit(validate.Visible(m.status.text), w-1, false)), w)
	case m.mode == modeEdit:
		return renderHint(m.e.sty, m.e.keys.editorHint(), w)
	}
	return renderHint(m.e.sty, m.e.keys.hint(), w)
}
