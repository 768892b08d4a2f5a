package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
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

// statusBar is the two lines under the grid: the status line (position,
// tier counts, then the message or the filter and sort) and the line below
// it (the prompt, a message too long for the status line, or the key
// hint). The table fills it in for each frame.
type statusBar struct {
	width  int
	lang   i18n.Lang
	sty    styles
	rules  tiering.Rules
	st     *store.Store // for column labels
	row    int          // the cursor's row, 1-based; 0 when the view is empty
	total  int          // -1 while uncounted
	counts map[string]int
	view   store.View
	msg    status
	prompt *prompt // the open prompt, nil when none
	hint   []key.Binding
}

// statusBar is the table's status line and the line below, as they stand.
func (m *tableScreen) statusBar() statusBar {
	b := statusBar{width: m.e.width, lang: m.e.lang, sty: m.e.sty, rules: m.e.rules, st: m.e.st,
		total: m.g.total, counts: m.counts, view: m.view, msg: m.status, hint: m.ShortHelp()}
	if m.g.rows() > 0 {
		b.row = m.g.row + 1
	}
	if m.mode == modePrompt {
		b.prompt = &m.prompt
	}
	return b
}

// position is "row x/N" of the status bar.
func (b statusBar) position() string {
	total := "…"
	if b.total >= 0 {
		total = thousands(b.total)
	}
	return b.lang.T("tui.status.row", thousands(b.row), total)
}

// tierCounts is the legend: each grade's label in its colour and its count
// in the view.
func (b statusBar) tierCounts() string {
	var parts []string
	for _, g := range tiering.Grades() {
		label := validate.Visible(b.rules.Label(g))
		n := "…"
		if b.counts != nil {
			n = thousands(b.counts[g])
		}
		parts = append(parts, b.sty.pGrade[g].apply(label)+" "+n)
	}
	return strings.Join(parts, " ")
}

// line is the status line, cut to the screen width. A message too long for
// it goes to the line below, in place of the key hint.
func (b statusBar) line() string {
	w := b.width
	base := " " + b.position() + "  " + b.tierCounts()
	ex := b.viewInfo()
	line := base
	if b.msg.text != "" && b.msgInStatus() {
		msg := validate.Visible(b.msg.text)
		room := w - ansi.StringWidth(base) - 3
		if ex != "" && ansi.StringWidth(ex)+3+ansi.StringWidth(msg) <= room {
			line += "  " + ex
			room -= ansi.StringWidth(ex) + 2
		}
		line += " │ " + b.styleMsg(fit(msg, max(room, 4), false))
	} else if ex != "" {
		line += "  " + ex
	}
	return fitStyled(line, w)
}

// viewInfo is the filter, sort and view name of the status bar.
func (b statusBar) viewInfo() string {
	var extra []string
	if b.view.Filter != "" {
		extra = append(extra, b.lang.T("tui.status.filter", validate.Visible(b.view.Filter)))
	}
	if len(b.view.Sort) > 0 {
		k := b.view.Sort[0]
		label := k.Key
		if c, ok := b.st.Column(k.Key); ok {
			label = validate.Visible(c.Label(b.lang))
		}
		arrow := "↑"
		if k.Desc {
			arrow = "↓"
		}
		extra = append(extra, b.lang.T("tui.status.sort", label+arrow))
	}
	if b.view.Name != "" {
		extra = append(extra, b.lang.T("tui.status.view", b.view.Name))
	}
	return strings.Join(extra, "  ")
}

// msgInStatus reports whether the message fits in the status line; when it
// does not (and no prompt holds the line below) it takes the key hint's line.
func (b statusBar) msgInStatus() bool {
	if b.prompt != nil {
		return true
	}
	base := 3 + ansi.StringWidth(b.position()) + ansi.StringWidth(ansi.Strip(b.tierCounts()))
	return base+3+ansi.StringWidth(b.msg.text) <= b.width
}

func (b statusBar) styleMsg(msg string) string {
	msg = strings.TrimRight(msg, " ")
	if b.msg.err || b.msg.warn {
		return b.sty.errMsg.Render(msg)
	}
	return b.sty.statusOK.Render(msg)
}

// below is the prompt when one is open, else a long message, else the key
// hint.
func (b statusBar) below() string {
	w := b.width
	switch {
	case b.prompt != nil:
		return fitStyled(b.prompt.view(), w)
	case b.msg.text != "" && !b.msgInStatus():
		return fitStyled(" "+b.styleMsg(fit(validate.Visible(b.msg.text), w-1, false)), w)
	}
	return renderHint(b.sty, b.hint, w)
}

func (m *tableScreen) setErr(err error) {
	m.status = status{text: m.e.errorText(err), err: true}
}

func (m *tableScreen) setMsg(key string, args ...any) {
	m.status = status{text: m.e.lang.T(key, args...)}
}

// addGrade appends a live grade move ("王芳 B→A") to the status.
func (m *tableScreen) addGrade(g *store.GradeChange) {
	if g == nil {
		return
	}
	m.status.text = joinStatus(m.status.text, g.String())
}

func (m *tableScreen) addWarnings(ws []error) {
	for _, w := range ws {
		m.status.text = joinStatus(m.status.text, m.e.errorText(w))
		m.status.warn = true
	}
}

func joinStatus(a, b string) string {
	if a == "" {
		return b
	}
	return a + " · " + b
}
