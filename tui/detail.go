package tui

import (
	"strconv"
	"strings"

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
)

// detailScreen is one customer: every field (editable in place), the
// purchase list, the contact log newest first, grade history and the
// explanation of the grade. c and p log a contact or a purchase from here,
// w opens the explanation; Esc goes back to the table on the same row.
type detailScreen struct {
	embed
	e   env
	sty styles
	id  int64
	err error

	rec       store.Record
	cols      []store.Column
	purchases []store.Purchase
	contacts  []store.Contact
	history   []store.GradeEvent
	explain   []string

	cur     int // the field under the cursor
	top     int // first body line shown
	editing bool
	in      textinput.Model
	editErr string

	sub child // a form or the explanation opened from here

	status    string
	statusErr bool
	changed   bool
	grade     *store.GradeChange
}

// newDetail opens customer id.
func newDetail(e env, id int64) screen { return openDetail(e, id) }

func openDetail(e env, id int64) *detailScreen {
	d := &detailScreen{e: e, sty: scStyles(e), id: id}
	d.load()
	return d
}

// load reads the customer and its lists.
func (d *detailScreen) load() {
	ctx := scCtx()
	st := d.e.st
	d.cols = st.Columns()
	rec, err := st.Get(ctx, d.id)
	if err != nil {
		d.err = err
		return
	}
	d.err = nil
	d.rec = rec
	d.purchases, _ = st.Purchases(ctx, d.id, detailPurchases)
	d.contacts, _ = st.Contacts(ctx, d.id, detailContacts)
	d.history, _ = st.GradeHistory(ctx, d.id, "", detailHistory)
	d.explain = nil
	if ex, err := st.Explain(ctx, d.id); err == nil {
		d.explain = ex.Lines(string(d.e.lang))
	}
	d.cur = min(d.cur, max(len(d.cols)-1, 0))
}

func (d *detailScreen) setStatus(s string, isErr bool) { d.status, d.statusErr = s, isErr }

// Update routes keys to the open sub-screen, the field editor or the detail.
func (d *detailScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		d.e.width, d.e.height = ws.Width, ws.Height
	}
	if d.sub != nil {
		next, cmd := d.sub.Update(msg)
		if c, ok := next.(child); ok {
			d.sub = c
		}
		if res, done := d.sub.finished(); done {
			d.sub = nil
			if res.changed {
				d.changed = true
				d.load()
			}
			if res.grade != nil {
				d.grade = res.grade
				res.status = joinStatus(res.status, res.grade.String())
			}
			d.setStatus(res.status, res.err != nil)
		}
		return d, cmd
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		if d.editing {
			var cmd tea.Cmd
			d.in, cmd = d.in.Update(msg)
			return d, cmd
		}
		return d, nil
	}
	if d.editing {
		return d, d.editKey(k)
	}
	if d.err != nil {
		if k.String() == "esc" || k.String() == "q" {
			return d, d.finish(closeScreenMsg{customerID: d.id, changed: d.changed})
		}
		return d, nil
	}
	switch k.String() {
	case "esc", "q":
		return d, d.finish(closeScreenMsg{status: d.status, changed: d.changed, customerID: d.id, grade: d.grade})
	case "down", "j", "tab":
		d.cur = min(d.cur+1, len(d.cols)-1)
	case "up", "k", "shift+tab":
		d.cur = max(d.cur-1, 0)
	case "g", "home":
		d.cur, d.top = 0, 0
	case "G", "end":
		d.cur = len(d.cols) - 1
	case "pgdown", "ctrl+d", " ":
		d.top += max(d.room()-1, 1)
	case "pgup", "ctrl+u":
		d.top = max(d.top-max(d.room()-1, 1), 0)
	case "enter", "e":
		d.startEdit()
	case "c":
		f := openContactForm(d.e, d.id)
		f.embedded = true
		d.sub = f
	case "p":
		f := openPurchaseForm(d.e, d.id)
		f.embedded = true
		d.sub = f
	case "w", "?":
		x := openExplain(d.e, d.id)
		x.embedded = true
		d.sub = x
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
	d.in = newInput(d.sty, "", d.text(c.Key))
	d.in.Width = 30
	d.setStatus("", false)
}

func (d *detailScreen) editKey(k tea.KeyMsg) tea.Cmd {
	c := d.cols[d.cur]
	switch k.String() {
	case "esc":
		d.editing, d.editErr = false, ""
		return nil
	case "enter", "ctrl+s":
		if raw := d.rec.Text(d.e.st, c.Key, d.e.lang); raw != d.text(c.Key) && d.in.Value() == d.text(c.Key) {
			// an old value holding control characters, shown escaped and left
			// as it was: saving would store the escapes as text
			d.editing, d.editErr = false, ""
			return nil
		}
		ch, err := d.e.st.SetField(scCtx(), d.id, c.Key, d.in.Value())
		if err != nil {
			d.editErr = d.e.errorText(err)
			return nil
		}
		d.editing, d.editErr = false, ""
		d.changed = true
		d.load()
		st := d.e.lang.T("detail.saved", c.Label(d.e.lang))
		for _, w := range ch.Warnings {
			st = joinStatus(st, d.e.errorText(w))
		}
		if ch.Grade != nil {
			d.grade = ch.Grade
			st = joinStatus(st, ch.Grade.String())
		}
		d.setStatus(st, false)
		return nil
	}
	var cmd tea.Cmd
	d.in, cmd = d.in.Update(k)
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
	line := d.cur + 2 // the fields start under the header line and a blank
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
			val = d.sty.gradeStyle(g).Render(g)
		} else {
			val = d.text(c.Key)
		}
		line := "  " + d.sty.dim.Render(label) + "  " + val
		if i == d.cur {
			if d.editing {
				line = d.sty.prompt.Render("▸ "+label) + "  " + d.in.View()
				if d.editErr != "" {
					line += " " + d.sty.errMsg.Render("✗ "+validate.Visible(d.editErr))
				}
			} else {
				line = d.sty.cursor.Render(scFit("▸ "+label+"  "+d.text(c.Key), min(w, lw+4+max(lipgloss.Width(val), 10))))
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
	head := func(s string) { out = append(out, d.sty.helpHead.Render(s)) }
	head(l.T("detail.purchases", len(d.purchases)))
	if len(d.purchases) == 0 {
		out = append(out, d.sty.dim.Render("  "+l.T("detail.none")))
	}
	for _, p := range d.purchases {
		amount := "¥" + validate.FormatMoney(p.Amount)
		if p.Amount < 0 {
			amount = l.T("purchase.refund") + " ¥" + validate.FormatMoney(-p.Amount)
		}
		line := "  " + p.Date + "  " + scPadLeft(amount, 14)
		if p.Product != "" {
			line += "  " + validate.Visible(p.Product)
		}
		if p.Qty != 1 {
			line += " ×" + strconv.FormatInt(p.Qty, 10)
		}
		if p.Note != "" {
			line += "  " + d.sty.dim.Render(validate.Visible(p.Note))
		}
		out = append(out, line)
	}
	out = append(out, "")
	head(l.T("detail.contacts", len(d.contacts)))
	if len(d.contacts) == 0 {
		out = append(out, d.sty.dim.Render("  "+l.T("detail.none")))
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
			line += "  " + d.sty.dim.Render(l.T("detail.next", c.NextFollowUp))
		}
		out = append(out, line)
	}
	out = append(out, "")
	head(l.T("detail.history", len(d.history)))
	if len(d.history) == 0 {
		out = append(out, d.sty.dim.Render("  "+l.T("detail.none")))
	}
	for _, h := range d.history {
		out = append(out, "  "+h.At+"  "+d.sty.gradeStyle(h.Old).Render(h.Old)+"→"+d.sty.gradeStyle(h.New).Render(h.New)+
			"  "+strconv.FormatFloat(h.Score, 'f', 1, 64)+"  "+d.sty.dim.Render(validate.Visible(d.e.st.ReasonText(h.Reason, l))))
	}
	out = append(out, "")
	head(l.T("detail.explain"))
	for _, e := range d.explain {
		out = append(out, "  "+validate.Visible(e))
	}
	return out
}

// scPadLeft right-aligns s in w cells.
func scPadLeft(s string, w int) string {
	return strings.Repeat(" ", max(0, w-lipgloss.Width(s))) + s
}

// View draws the customer.
func (d *detailScreen) View() string {
	if d.sub != nil {
		return d.sub.View()
	}
	l := d.e.lang
	w, h := d.e.width, d.e.height
	if d.err != nil {
		return scFrame(w, h, d.sty.header.Render(" "+l.T("detail.title", "#"+strconv.FormatInt(d.id, 10))+" "),
			[]string{d.sty.errMsg.Render(validate.Visible(d.e.errorText(d.err)))}, 0, scHints(d.sty, "Esc", l.T("hint.back")))
	}
	g := d.rec.Str("grade")
	title := d.sty.header.Render(" "+l.T("detail.title", validate.Visible(d.rec.Str("name")))+" ") + " " +
		d.sty.gradeStyle(g).Render(g) + " " + d.rec.Text(d.e.st, "score", l) + "  " +
		tiering.SegmentName(d.rec.Str("segment"), string(l)) + "  " + tiering.StageName(d.rec.Str("stage"), string(l))
	if d.rec.Deleted {
		title += "  " + d.sty.errMsg.Render(l.T("detail.deleted"))
	}
	var body []string
	fieldsTitle := d.sty.helpHead.Render(l.T("detail.fields"))
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
		body = append([]string{fieldsTitle, ""}, d.fieldLines(w-3)...)
		body = append(body, "")
		body = append(body, d.listLines()...)
	}
	d.top = min(d.top, max(len(body)-d.room(), 0))
	status := ""
	if d.status != "" {
		if d.statusErr {
			status = " " + d.sty.errMsg.Render(validate.Visible(d.status))
		} else {
			status = " " + d.sty.statusOK.Render(validate.Visible(d.status))
		}
	}
	hints := scHints(d.sty, "↑↓", l.T("hint.field"), "Enter", l.T("hint.edit"), "c", l.T("hint.contact"), "p", l.T("hint.purchase"),
		"w", l.T("hint.why"), "PgDn", l.T("hint.scroll"), "Esc", l.T("hint.back"))
	if d.editing {
		hints = scHints(d.sty, "Enter", l.T("hint.save"), "Esc", l.T("hint.cancel"))
	}
	return scFrame(w, h, title, body, d.top, status, hints)
}
