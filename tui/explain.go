package tui

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// explainScreen shows why a customer has its grade: R/F/M values, scores,
// weights, cut points, the score arithmetic and the rule that decided.
type explainScreen struct {
	loadState
	e     env
	keys  explainKeys
	id    int64
	doc   report.Document // the explanation as `kehu tiers --explain` prints it
	lines []string
	err   error
	top   int
}

// explainKeys are the keys of the explanation.
type explainKeys struct {
	navKeys
	Help, Back key.Binding
}

// newExplain opens the explanation of customer id's grade; Init reads it.
func newExplain(e env, id int64) *explainScreen {
	l := e.lang
	return &explainScreen{e: e, id: id, keys: explainKeys{
		navKeys: newNavKeys(l, false),
		Help:    bind(l, "?", "tui.key.help", "?"),
		Back:    bind(l, "Esc/q/Enter/w", "hint.back", "esc", "q", "enter", "w"),
	}}
}

// Init reads the customer and the explanation of its grade.
func (x *explainScreen) Init() tea.Cmd {
	st, ctx, id, l, sty := x.e.st, x.e.ctx, x.id, x.e.lang, x.e.sty
	return load(x, func() func() tea.Cmd {
		var doc report.Document
		rec, err := st.Get(ctx, id)
		if err == nil {
			var ex tiering.Explanation
			if ex, err = st.Explain(ctx, id); err == nil {
				var cm store.CustomerModel
				if cm, err = st.CustomerModel(ctx, id); err == nil {
					doc = report.Explain(id, rec.Str("name"), ex, cm, l)
				}
			}
		}
		return func() tea.Cmd {
			x.ready = true
			x.doc, x.err = doc, err
			x.lines = renderDoc(sty, doc, x.e.width, -1).lines
			return nil
		}
	})
}

// SetSize records the terminal size.
func (x *explainScreen) SetSize(w, h int) { x.e.SetSize(w, h) }

// Title is the screen's header.
func (x *explainScreen) Title() string {
	if x.doc.Title == "" {
		return x.e.lang.T("explain.title", "", "#"+strconv.FormatInt(x.id, 10))
	}
	return x.doc.Title
}

// ShortHelp is the footer hint.
func (x *explainScreen) ShortHelp() []key.Binding {
	k := x.keys
	return []key.Binding{k.Up, k.Down, k.Help, k.Back}
}

// FullHelp is every key of the screen (help.KeyMap).
func (x *explainScreen) FullHelp() [][]key.Binding { return fullHelp(x.helpGroups()) }

func (x *explainScreen) helpGroups() []keyGroup {
	k := x.keys
	l := x.e.lang
	return []keyGroup{{l.T("tui.help.move"), k.scroll()}, {l.T("tui.help.this"), []key.Binding{k.Help, k.Back}}}
}

// Update scrolls and closes.
func (x *explainScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	m, ok := msg.(tea.KeyMsg)
	if !ok {
		return x, nil
	}
	k := x.keys
	page := max(x.e.height-4, 1)
	switch {
	case key.Matches(m, k.Back):
		return x, pop(popMsg{customerID: x.id})
	case key.Matches(m, k.Help):
		return x, push(newHelpScreen(x.e, x))
	case key.Matches(m, k.Down):
		x.top++
	case key.Matches(m, k.Up):
		x.top--
	case key.Matches(m, k.PageDown):
		x.top += page
	case key.Matches(m, k.PageUp):
		x.top -= page
	}
	x.top = min(max(x.top, 0), max(len(x.lines)-1, 0))
	return x, nil
}

// View draws the explanation.
func (x *explainScreen) View() string {
	if x.loading() {
		return loadingView(x.e)
	}
	title := x.e.sty.header.Render(" " + x.Title() + " ")
	body := x.lines
	if x.err != nil {
		body = []string{x.e.sty.errMsg.Render(validate.Visible(x.e.errorText(x.err)))}
	}
	return scFrame(x.e.width, x.e.height, title, body, x.top, renderHint(x.e.sty, x.ShortHelp(), x.e.width))
}
