package tui

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/validate"
)

// explainScreen shows why a customer has its grade: R/F/M values, scores,
// weights, cut points, the score arithmetic and the rule that decided.
type explainScreen struct {
	embed
	e     env
	sty   styles
	id    int64
	name  string
	lines []string
	err   error
	top   int
}

// newExplain opens the explanation of customer id's grade.
func newExplain(e env, id int64) screen { return openExplain(e, id) }

func openExplain(e env, id int64) *explainScreen {
	x := &explainScreen{e: e, sty: scStyles(e), id: id}
	rec, err := e.st.Get(scCtx(), id)
	if err != nil {
		x.err = err
		return x
	}
	x.name = validate.Visible(rec.Str("name"))
	ex, err := e.st.Explain(scCtx(), id)
	if err != nil {
		x.err = err
		return x
	}
	for _, line := range ex.Lines(string(e.lang)) {
		x.lines = append(x.lines, validate.Visible(line))
	}
	return x
}

// Update scrolls and closes.
func (x *explainScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		x.e.width, x.e.height = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case "esc", "q", "enter", "w":
			return x, x.finish(closeScreenMsg{customerID: x.id})
		case "down", "j":
			x.top++
		case "up", "k":
			x.top--
		case "pgdown", "ctrl+d", " ":
			x.top += max(x.e.height-4, 1)
		case "pgup", "ctrl+u":
			x.top -= max(x.e.height-4, 1)
		}
		x.top = min(max(x.top, 0), max(len(x.lines)-1, 0))
	}
	return x, nil
}

// View draws the explanation.
func (x *explainScreen) View() string {
	l := x.e.lang
	title := x.sty.header.Render(" " + l.T("explain.title", x.name, "#"+strconv.FormatInt(x.id, 10)) + " ")
	body := x.lines
	if x.err != nil {
		body = []string{x.sty.errMsg.Render(validate.Visible(x.e.errorText(x.err)))}
	}
	return scFrame(x.e.width, x.e.height, title, body, x.top, scHints(x.sty, "↑↓", l.T("hint.scroll"), "Esc", l.T("hint.back")))
}
