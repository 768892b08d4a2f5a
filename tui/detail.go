package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// How much of each list the detail shows.
const (
	detailPurchases = 50
	detailContacts  = 50
	detailHistory   = 20
	detailChanges   = 10
)

// detailScreen is one customer: every field (editable in place), the
// purchase list, the contact log newest first, grade history and the
// explanation of the grade. c and p log a contact or a purchase from here,
// w opens the explanation; Esc goes back to the table on the same row.
type detailScreen struct {
	loadState
	hosted
	e    env
	keys detailKeys
	id   int64
	err  error

	rec       store.Record
	cols      []store.Column
	purchases []store.Purchase
	contacts  []store.Contact
	history   []store.GradeEvent
	changes   []store.Entry
	explain   []string
	products  []store.CustomerProduct // bought most, over every purchase

	cur     int // the field under the cursor
	top     int // first body line shown
	editing bool
	in      textinput.Model
	editErr string
}

// detailKeys are the keys of the detail and of its field editor.
type detailKeys struct {
	navKeys
	Edit, Contact, Purchase, Explain, Help, Back key.Binding
	Account, Statement                           key.Binding
	Save, Cancel                                 key.Binding // while a field is edited
}

// newDetail opens customer id; Init reads it.
func newDetail(e env, id int64) *detailScreen {
	l := e.lang
	return &detailScreen{e: e, id: id, keys: detailKeys{
		navKeys:   newNavKeys(l, true),
		Edit:      bind(l, "Enter/e", "hint.edit", "enter", "e"),
		Contact:   bind(l, "c", "hint.contact", "c"),
		Purchase:  bind(l, "p", "hint.purchase", "p"),
		Explain:   bind(l, "w", "hint.why", "w"),
		Account:   bind(l, "$", "hint.account", "$"),
		Statement: bind(l, "s", "hint.statement", "s"),
		Help:      bind(l, "?", "tui.key.help", "?"),
		Back:      bind(l, "Esc/q", "hint.back", "esc", "q"),
		Save:      bind(l, "Enter/ctrl+s", "hint.save", "enter", "ctrl+s"),
		Cancel:    bind(l, "Esc", "hint.cancel", "esc"),
	}}
}

// detailData is one read of a customer and its lists.
type detailData struct {
	rec       store.Record
	purchases []store.Purchase
	contacts  []store.Contact
	history   []store.GradeEvent
	changes   []store.Entry
	explain   []string
	products  []store.CustomerProduct
}

// Init reads the customer.
func (d *detailScreen) Init() tea.Cmd { return d.load() }

// load reads the customer and its lists in the background; the first read
// that fails is shown instead of a partial page.
func (d *detailScreen) load() tea.Cmd {
	st, ctx, id, lang := d.e.st, d.e.ctx, d.id, string(d.e.lang)
	return load(d, func() func() tea.Cmd {
		var v detailData
		err := func() error {
			var err error
			if v.rec, err = st.Get(ctx, id); err != nil {
				return err
			}
			if v.purchases, err = st.Purchases(ctx, id, detailPurchases); err != nil {
				return err
			}
			if v.contacts, err = st.Contacts(ctx, id, detailContacts); err != nil {
				return err
			}
			if v.products, err = st.TopProducts(ctx, id, detailTopProducts); err != nil {
				return err
			}
			if v.history, err = st.GradeHistory(ctx, id, "", detailHistory); err != nil {
				return err
			}
			if v.changes, err = st.Journal(ctx, id, detailChanges); err != nil {
				return err
			}
			ex, err := st.Explain(ctx, id)
			if err != nil {
				return err
			}
			v.explain = ex.Lines(lang)
			// What the purchase models say, in words, after the grade's reasons.
			cm, err := st.CustomerModel(ctx, id)
			if err != nil {
				return err
			}
			v.explain = append(v.explain, cm.Lines(i18n.Lang(lang))...)
			return nil
		}()
		return func() tea.Cmd {
			d.ready = true
			d.cols = st.Columns()
			d.err = err
			if err == nil {
				d.rec, d.purchases, d.contacts, d.history, d.changes, d.explain = v.rec, v.purchases, v.contacts, v.history, v.changes, v.explain
				d.products = v.products
			}
			d.cur = min(d.cur, max(len(d.cols)-1, 0))
			return nil
		}
	})
}

// SetSize records the terminal size.
func (d *detailScreen) SetSize(w, h int) { d.e.SetSize(w, h) }

// Title is the screen's header: the customer's name.
func (d *detailScreen) Title() string {
	name := "#" + strconv.FormatInt(d.id, 10)
	if d.err == nil && d.ready {
		name = validate.Visible(d.rec.Str("name"))
	}
	return d.e.lang.T("detail.title", name)
}

// ShortHelp is the footer hint: the editor's keys while a field is edited.
func (d *detailScreen) ShortHelp() []key.Binding {
	k := d.keys
	switch {
	case d.editing:
		return []key.Binding{k.Save, k.Cancel}
	case d.err != nil:
		return []key.Binding{k.Back}
	}
	return []key.Binding{k.Edit, k.Contact, k.Purchase, k.Account, k.Statement, k.Explain, k.Help, k.Back}
}

// FullHelp is every key of the screen (help.KeyMap).
func (d *detailScreen) FullHelp() [][]key.Binding { return fullHelp(d.helpGroups()) }

func (d *detailScreen) helpGroups() []keyGroup {
	k := d.keys
	l := d.e.lang
	return []keyGroup{
		{l.T("tui.help.move"), k.list()},
		{l.T("tui.help.customer"), []key.Binding{k.Edit, k.Contact, k.Purchase, k.Account, k.Statement, k.Explain}},
		{l.T("tui.help.field"), []key.Binding{k.Save, k.Cancel}},
		{l.T("tui.help.this"), []key.Binding{k.Help, k.Back}},
	}
}

// resumed takes what a form or the explanation reported, and reads the
// customer again when the ledger changed.
func (d *detailScreen) resumed(res popMsg) tea.Cmd {
	if d.absorb(res) {
		return d.load()
	}
	return nil
}

// Update routes keys to the field editor or the detail.
func (d *detailScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	m, ok := msg.(tea.KeyMsg)
	if !ok {
		if d.editing {
			var cmd tea.Cmd
			d.in, cmd = d.in.Update(msg)
			return d, cmd
		}
		return d, nil
	}
	if d.editing {
		return d, d.editKey(m)
	}
	k := d.keys
	if d.err != nil {
		if key.Matches(m, k.Back) {
			return d, pop(popMsg{customerID: d.id, changed: d.changed})
		}
		return d, nil
	}
	switch {
	case key.Matches(m, k.Back):
		return d, pop(d.result(d.id))
	case key.Matches(m, k.Down):
		d.cur = min(d.cur+1, len(d.cols)-1)
	case key.Matches(m, k.Up):
		d.cur = max(d.cur-1, 0)
	case key.Matches(m, k.Top):
		d.cur, d.top = 0, 0
	case key.Matches(m, k.Bottom):
		d.cur = len(d.cols) - 1
	case key.Matches(m, k.PageDown):
		d.top += max(d.room()-1, 1)
	case key.Matches(m, k.PageUp):
		d.top = max(d.top-max(d.room()-1, 1), 0)
	case key.Matches(m, k.Edit):
		d.startEdit()
	case key.Matches(m, k.Contact):
		return d, push(newContactForm(d.e, d.id))
	case key.Matches(m, k.Purchase):
		return d, push(newPurchaseForm(d.e, d.id))
	case key.Matches(m, k.Explain):
		return d, push(newExplain(d.e, d.id))
	case key.Matches(m, k.Account):
		return d, push(newAccountForm(d.e, d.id))
	case key.Matches(m, k.Statement):
		return d, push(newStatement(d.e, d.id))
	case key.Matches(m, k.Help):
		return d, push(newHelpScreen(d.e, d))
	}
	d.keepCursorVisible()
	return d, nil
}

// startEdit opens the editor on the field under the cursor.
func (d *detailScreen) startEdit() {
	if d.cur < 0 || d.cur >= len(d.cols) {
		return
	}
	c := d.cols[d.cur]
	if c.ReadOnly {
		d.setStatus(d.e.errorText(i18n.Errorf("col.readonly", c.Label(d.e.lang))), true)
		return
	}
	d.editing, d.editErr = true, ""
	d.in = newInput(d.e.sty, "", d.text(c.Key))
	d.in.Width = 30
	d.setStatus("", false)
}

// editKey saves (the field written at once, the customer read again) or
// cancels the edit, or types.
func (d *detailScreen) editKey(m tea.KeyMsg) tea.Cmd {
	c := d.cols[d.cur]
	switch {
	case key.Matches(m, d.keys.Cancel):
		d.editing, d.editErr = false, ""
		return nil
	case key.Matches(m, d.keys.Save):
		if raw := d.rec.Text(d.e.st, c.Key, d.e.lang); raw != d.text(c.Key) && d.in.Value() == d.text(c.Key) {
			// an old value holding control characters, shown escaped and left
			// as it was: saving would store the escapes as text
			d.editing, d.editErr = false, ""
			return nil
		}
		ch, err := d.e.st.SetField(d.e.ctx, d.id, c.Key, d.in.Value())
		if err != nil {
			d.editErr = d.e.errorText(err)
			return nil
		}
		d.editing, d.editErr = false, ""
		d.changed = true
		st := d.e.lang.T("detail.saved", c.Label(d.e.lang))
		for _, w := range ch.Warnings {
			st = joinStatus(st, d.e.errorText(w))
		}
		if ch.Grade != nil {
			d.grade = ch.Grade
			st = joinStatus(st, ch.Grade.String())
		}
		d.setStatus(st, false)
		return d.load()
	}
	var cmd tea.Cmd
	d.in, cmd = d.in.Update(m)
	d.editErr = ""
	return cmd
}

// text is field key as display text ("" when empty), control characters
// made visible.
func (d *detailScreen) text(key string) string {
	if v := d.rec.Values[key]; v == nil || v == "" {
		return ""
	}
	return validate.Visible(d.rec.Text(d.e.st, key, d.e.lang))
}

// room is the number of body lines on screen.
func (d *detailScreen) room() int { return max(d.e.height-4, 1) }

// twoColumns says whether the lists go beside the fields.
func (d *detailScreen) twoColumns() bool { return d.e.width >= 100 }

// keepCursorVisible scrolls so the field under the cursor is on screen.
func (d *detailScreen) keepCursorVisible() {
	line := d.cur + 4 // the fields start under the policy line, the header line and blanks
	if line < d.top {
		d.top = line
	}
	if line >= d.top+d.room() {
		d.top = line - d.room() + 1
	}
}

// fieldLines renders every field, the cursor's highlighted (or edited).
func (d *detailScreen) fieldLines(w int) []string {
	l := d.e.lang
	lw := 0
	for _, c := range d.cols {
		lw = max(lw, lipgloss.Width(validate.Visible(c.Label(l))))
	}
	var out []string
	for i, c := range d.cols {
		label := scPad(validate.Visible(c.Label(l)), lw)
		var val string
		if c.Key == "grade" {
			g := d.rec.Str("grade")
			val = d.e.sty.gradeStyle(g).Render(g)
		} else {
			val = d.text(c.Key)
		}
		line := "  " + d.e.sty.dim.Render(label) + "  " + val
		if i == d.cur {
			if d.editing {
				line = d.e.sty.prompt.Render("▸ "+label) + "  " + d.in.View()
				if d.editErr != "" {
					line += " " + d.e.sty.errMsg.Render("✗ "+validate.Visible(d.editErr))
				}
			} else {
				line = d.e.sty.cursor.Render(scFit("▸ "+label+"  "+d.text(c.Key), min(w, lw+4+max(lipgloss.Width(val), 10))))
			}
		}
		out = append(out, line)
	}
	return out
}

// listLines renders the purchases, contacts, grade history and explanation.
func (d *detailScreen) listLines() []string {
	l := d.e.lang
	var out []string
	head := func(s string) { out = append(out, d.e.sty.helpHead.Render(s)) }
	head(l.T("detail.purchases", len(d.purchases)))
	if line := d.topProductsLine(); line != "" {
		out = append(out, line)
	}
	if len(d.purchases) == 0 {
		out = append(out, d.e.sty.dim.Render("  "+l.T("detail.none")))
	}
	for _, p := range d.purchases {
		amount := validate.FormatYuan(p.Amount)
		if p.Amount < 0 {
			amount = l.T("purchase.refund") + " " + validate.FormatYuan(-p.Amount)
		}
		line := "  " + p.Date + "  " + scPadLeft(amount, 14)
		if p.Product != "" {
			line += "  " + validate.Visible(p.Product)
		}
		if p.Qty != 1 {
			line += " ×" + strconv.FormatInt(p.Qty, 10)
		}
		if p.Note != "" {
			line += "  " + d.e.sty.dim.Render(validate.Visible(p.Note))
		}
		out = append(out, line)
	}
	out = append(out, "")
	head(l.T("detail.contacts", len(d.contacts)))
	if len(d.contacts) == 0 {
		out = append(out, d.e.sty.dim.Render("  "+l.T("detail.none")))
	}
	for _, c := range d.contacts {
		line := "  " + c.At + "  " + l.T("channel."+c.Channel)
		if c.Kind != "" && c.Kind != "contact" {
			line += "·" + l.T("ckind."+c.Kind)
		}
		if c.Summary != "" {
			line += "  " + validate.Visible(c.Summary)
		}
		if c.Outcome != "" {
			line += " → " + validate.Visible(c.Outcome)
		}
		if c.NextFollowUp != "" {
			line += "  " + d.e.sty.dim.Render(l.T("detail.next", c.NextFollowUp))
		}
		out = append(out, line)
	}
	out = append(out, "")
	head(l.T("detail.history", len(d.history)))
	if len(d.history) == 0 {
		out = append(out, d.e.sty.dim.Render("  "+l.T("detail.none")))
	}
	for _, h := range d.history {
		out = append(out, "  "+h.At+"  "+d.e.sty.gradeStyle(h.Old).Render(h.Old)+"→"+d.e.sty.gradeStyle(h.New).Render(h.New)+
			"  "+strconv.FormatFloat(h.Score, 'f', 1, 64)+"  "+d.e.sty.dim.Render(validate.Visible(d.e.st.ReasonText(h.Reason, l))+byStaff(h.Staff, l)))
	}
	out = append(out, "")
	head(l.T("detail.explain"))
	for _, e := range d.explain {
		out = append(out, "  "+validate.Visible(e))
	}
	out = append(out, "")
	d.addChanges(head, func(line string) { out = append(out, line) })
	return out
}

// scPadLeft right-aligns s in w cells.
func scPadLeft(s string, w int) string {
	return strings.Repeat(" ", max(0, w-lipgloss.Width(s))) + s
}

// View draws the customer.
func (d *detailScreen) View() string {
	if d.loading() {
		return loadingView(d.e)
	}
	l := d.e.lang
	w, h := d.e.width, d.e.height
	if d.err != nil {
		return errorFrame(d.e, d.e.sty.header.Render(" "+d.Title()+" "), d.err, d.ShortHelp()...)
	}
	g := d.rec.Str("grade")
	title := d.e.sty.header.Render(" "+d.Title()+" ") + " " +
		d.e.sty.gradeStyle(g).Render(g) + " " + d.rec.Text(d.e.st, "score", l) + "  " +
		tiering.SegmentName(d.rec.Str("segment"), string(l)) + "  " + tiering.StageName(d.rec.Str("stage"), string(l))
	if d.rec.Deleted {
		title += "  " + d.e.sty.errMsg.Render(l.T("detail.deleted"))
	}
	// the grade's service policy, as the shop set it for this grade
	body := []string{d.e.sty.dim.Render(l.T("tui.detail.policy", store.PolicyText(d.e.rules, g, l))), ""}
	fieldsTitle := d.e.sty.helpHead.Render(l.T("detail.fields"))
	if d.twoColumns() {
		lw := min(48, w/2)
		left := append([]string{fieldsTitle, ""}, d.fieldLines(lw-2)...)
		right := d.listLines()
		for i := 0; i < max(len(left), len(right)); i++ {
			var a, b string
			if i < len(left) {
				a = left[i]
			}
			if i < len(right) {
				b = right[i]
			}
			body = append(body, scFit(a, lw)+"  "+b)
		}
	} else {
		body = append(body, fieldsTitle, "")
		body = append(body, d.fieldLines(w-3)...)
		body = append(body, "")
		body = append(body, d.listLines()...)
	}
	d.top = min(d.top, max(len(body)-d.room(), 0))
	return scFrame(w, h, title, body, d.top, d.statusView(d.e.sty), renderHint(d.e.sty, d.ShortHelp(), w))
}
