package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// mergeConfirm shows two customers that look like one, field by field,
// with the value each field will keep marked (by default the most recent
// non-empty one). The owner may switch which customer survives (s) and,
// field by field, which value wins (←/→ or space); Enter merges with
// store.Merge, Esc leaves both untouched. Tags and notes are joined.
type mergeConfirm struct {
	loadState
	e      env
	keys   mergeKeys
	a, b   int64 // the two customers, a the survivor unless swapped
	swap   bool  // b survives
	recs   map[int64]store.Record
	fields []store.Column
	chosen map[string]int64 // per field flipped by the owner: whose value wins
	cur    int
	top    int
	busy   bool // the merge is running
	err    error
}

// mergeKeys are the keys of the merge confirmation.
type mergeKeys struct {
	Up, Down, Flip, Swap, Confirm, Help, Back key.Binding
}

// newMergeConfirm opens the merge of customers a and b (a survives by
// default); Init reads both.
func newMergeConfirm(e env, a, b int64) *mergeConfirm {
	l := e.lang
	return &mergeConfirm{e: e, a: a, b: b, chosen: map[string]int64{}, keys: mergeKeys{
		Up:      bind(l, "↑/k", "tui.key.up", "up", "k", "shift+tab"),
		Down:    bind(l, "↓/j", "tui.key.down", "down", "j", "tab"),
		Flip:    bind(l, "←/→/space", "dupui.key.flip", "left", "right", "h", "l", " "),
		Swap:    bind(l, "s", "dupui.key.swap", "s"),
		Confirm: bind(l, "Enter/y", "dupui.key.confirm", "enter", "y"),
		Help:    bind(l, "?", "tui.key.help", "?"),
		Back:    bind(l, "Esc/q", "dupui.key.cancel", "esc", "q"),
	}}
}

// Init reads both customers.
func (c *mergeConfirm) Init() tea.Cmd {
	st, ctx, a, b := c.e.st, c.e.ctx, c.a, c.b
	return load(c, func() func() tea.Cmd {
		recs := map[int64]store.Record{}
		var err error
		for _, id := range []int64{a, b} {
			var r store.Record
			if r, err = st.Get(ctx, id); err != nil {
				break
			}
			recs[id] = r
		}
		return func() tea.Cmd {
			c.ready = true
			c.recs, c.err = recs, err
			if err == nil {
				c.fields = c.shownFields()
			}
			return nil
		}
	})
}

// shownFields are the columns a merge settles that either customer has.
func (c *mergeConfirm) shownFields() []store.Column {
	var out []store.Column
	for _, col := range c.e.st.Columns() {
		if col.ReadOnly || !c.e.st.MergeableColumn(col.Key) {
			continue
		}
		if c.text(c.a, col) == "" && c.text(c.b, col) == "" {
			continue
		}
		out = append(out, col)
	}
	return out
}

// text is customer id's value of col as shown, "" for a value a merge
// treats as not given (blank, or 0 in a number of stars).
func (c *mergeConfirm) text(id int64, col store.Column) string {
	v := c.recs[id].Values[col.Key]
	if n, ok := v.(int64); ok && n == 0 {
		return ""
	}
	return strings.TrimSpace(store.Format(col, v, c.e.lang))
}

// keepDrop are the survivor and the customer that goes to the trash.
func (c *mergeConfirm) keepDrop() (keep, drop int64) {
	if c.swap {
		return c.b, c.a
	}
	return c.a, c.b
}

// joined reports a field whose values are joined rather than chosen.
func joined(col store.Column) bool { return col.Key == "tags" || col.Key == "notes" }

// winner is whose value field col keeps: the owner's choice, else the
// non-empty value of the customer updated more recently, as store.Merge
// decides by default.
func (c *mergeConfirm) winner(col store.Column) int64 {
	if id, ok := c.chosen[col.Key]; ok {
		return id
	}
	keep, drop := c.keepDrop()
	kv, dv := c.text(keep, col), c.text(drop, col)
	dropNewer := c.recs[drop].Str("updated_at") > c.recs[keep].Str("updated_at")
	if dv != "" && (kv == "" || dropNewer) {
		return drop
	}
	return keep
}

// SetSize records the terminal size.
func (c *mergeConfirm) SetSize(w, h int) { c.e.SetSize(w, h) }

// Title is the screen's header.
func (c *mergeConfirm) Title() string {
	keep, drop := c.keepDrop()
	return c.e.lang.T("dupui.merge.title", drop, validate.Visible(c.recs[drop].Str("name")), keep, validate.Visible(c.recs[keep].Str("name")))
}

// ShortHelp is the footer hint.
func (c *mergeConfirm) ShortHelp() []key.Binding {
	k := c.keys
	return []key.Binding{k.Up, k.Down, k.Flip, k.Swap, k.Confirm, k.Back}
}

// FullHelp is every key of the screen (help.KeyMap).
func (c *mergeConfirm) FullHelp() [][]key.Binding { return fullHelp(c.helpGroups()) }

func (c *mergeConfirm) helpGroups() []keyGroup {
	k := c.keys
	l := c.e.lang
	return []keyGroup{{l.T("tui.help.move"), []key.Binding{k.Up, k.Down}}, {l.T("tui.help.this"), []key.Binding{k.Flip, k.Swap, k.Confirm, k.Help, k.Back}}}
}

// Update moves between fields, flips winners and merges.
func (c *mergeConfirm) Update(msg tea.Msg) (screen, tea.Cmd) {
	m, ok := msg.(tea.KeyMsg)
	if !ok || c.busy {
		return c, nil
	}
	k := c.keys
	if c.err != nil && c.recs[c.b].ID == 0 {
		if key.Matches(m, k.Back, k.Confirm) {
			return c, pop(popMsg{})
		}
		return c, nil
	}
	switch {
	case key.Matches(m, k.Back):
		return c, pop(popMsg{status: c.e.lang.T("dupui.cancelled")})
	case key.Matches(m, k.Help):
		return c, push(newHelpScreen(c.e, c))
	case key.Matches(m, k.Confirm):
		return c, c.merge()
	case key.Matches(m, k.Swap):
		c.swap = !c.swap
	case key.Matches(m, k.Flip):
		if c.cur < len(c.fields) && !joined(c.fields[c.cur]) {
			col := c.fields[c.cur]
			keep, drop := c.keepDrop()
			if c.winner(col) == keep {
				c.chosen[col.Key] = drop
			} else {
				c.chosen[col.Key] = keep
			}
		}
	case key.Matches(m, k.Down):
		c.cur = min(c.cur+1, max(len(c.fields)-1, 0))
	case key.Matches(m, k.Up):
		c.cur = max(c.cur-1, 0)
	}
	return c, nil
}

// merge runs store.Merge with the winners shown, off the UI goroutine.
func (c *mergeConfirm) merge() tea.Cmd {
	keep, drop := c.keepDrop()
	opt := store.MergeOptions{Prefer: map[string]store.Side{}, Lang: c.e.lang}
	for _, col := range c.fields {
		if joined(col) {
			continue
		}
		if c.winner(col) == keep {
			opt.Prefer[col.Key] = store.PreferKeep
		} else {
			opt.Prefer[col.Key] = store.PreferDrop
		}
	}
	c.busy = true
	st, ctx, l := c.e.st, c.e.ctx, c.e.lang
	keepName, dropName := validate.Visible(c.recs[keep].Str("name")), validate.Visible(c.recs[drop].Str("name"))
	return load(c, func() func() tea.Cmd {
		res, err := st.Merge(ctx, keep, drop, opt)
		return func() tea.Cmd {
			c.busy = false
			if err != nil {
				c.err = err
				return nil
			}
			return pop(popMsg{status: l.T("dupui.merged", drop, dropName, keep, keepName), changed: true, customerID: keep, grade: res.Grade})
		}
	})
}

// View draws both customers side by side, the winning values marked.
func (c *mergeConfirm) View() string {
	if c.loading() {
		return loadingView(c.e)
	}
	l := c.e.lang
	if c.recs[c.b].ID == 0 && c.err != nil {
		return errorFrame(c.e, c.e.sty.header.Render(" "+l.T("dupui.title", 0)+" "), c.err, c.keys.Back)
	}
	title := c.e.sty.header.Render(" " + c.Title() + " ")
	keep, drop := c.keepDrop()
	labelW := 10
	for _, col := range c.fields {
		labelW = max(labelW, len([]rune(col.Label(l)))*2)
	}
	labelW = min(labelW, 16)
	valW := max((c.e.width-labelW-8)/2, 8)
	body := append(strings.Split(l.T("dupui.merge.explain", keep, drop), "\n"), "")
	head := "  " + scPad("", labelW) + "   " + scFit(l.T("dupui.merge.keeps", keep), valW) + "   " + l.T("dupui.merge.trash", drop)
	body = append(body, head)
	for i, col := range c.fields {
		mark := "  "
		if i == c.cur {
			mark = "> "
		}
		win := c.winner(col)
		alike := c.text(keep, col) == c.text(drop, col)
		cell := func(id int64) string {
			v := validate.Visible(c.text(id, col))
			switch {
			case joined(col) && v != "":
				return "+ " + v
			case !joined(col) && !alike && id == win:
				return "* " + v
			}
			return "  " + v
		}
		line := mark + scFit(col.Label(l), labelW) + " " + scFit(cell(keep), valW+2) + " " + cell(drop)
		if i == c.cur {
			line = c.e.sty.cursor.Render(line)
		}
		body = append(body, line)
	}
	body = append(body, "")
	body = append(body, strings.Split(l.T("dupui.merge.legend"), "\n")...)
	room := max(c.e.height-5, 1)
	if row := c.cur + 3; row < c.top {
		c.top = row
	} else if row >= c.top+room {
		c.top = row - room + 1
	}
	status := ""
	switch {
	case c.busy:
		status = " " + l.T("dupui.merging")
	case c.err != nil:
		status = " " + c.e.sty.errMsg.Render(validate.Visible(c.e.errorText(c.err)))
	}
	return scFrame(c.e.width, c.e.height, title, body, c.top, status, renderHint(c.e.sty, c.ShortHelp(), c.e.width))
}
