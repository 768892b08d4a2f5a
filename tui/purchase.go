package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// productsMsg brings the products sold before, for completion.
type productsMsg struct {
	form     *purchaseForm
	products []string
}

// purchaseForm logs a purchase (`p`): amount first, product with completion
// from what was sold before, quantity 1 and today's date by default. Saving
// regrades the customer at once.
type purchaseForm struct {
	embed
	e       env
	sty     styles
	id      int64
	name    string
	grade   string
	f       *form
	err     error
	loading bool // products are being read
	loaded  bool
}

// newPurchaseForm opens the purchase form for customer id.
func newPurchaseForm(e env, id int64) screen { return openPurchaseForm(e, id) }

func openPurchaseForm(e env, id int64) *purchaseForm {
	p := &purchaseForm{e: e, sty: scStyles(e), id: id}
	rec, err := e.st.Get(scCtx(), id)
	if err != nil {
		p.err = err
	}
	p.name, p.grade = validate.Visible(rec.Str("name")), rec.Str("grade")
	l := e.lang
	today := scToday(e)
	f := newForm(e, p.sty)
	amount := f.add("amount", l.T("pform.amount"), "")
	amount.check = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return i18n.Errorf("purchase.amount")
		}
		_, err := validate.Money(v)
		return err
	}
	amount.hint = func(v string) string {
		if a, err := validate.Money(v); err == nil {
			return "= ¥" + validate.FormatMoney(a)
		}
		return l.T("pform.amount.hint")
	}
	prod := f.add("product", l.T("pform.product"), "")
	prod.completes = true
	prod.in.ShowSuggestions = true
	qty := f.add("qty", l.T("pform.qty"), "1")
	qty.check = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		n, err := validate.Count(v)
		if err != nil {
			return err
		}
		if n < 1 {
			return i18n.Errorf("purchase.qty")
		}
		return nil
	}
	date := f.add("date", l.T("pform.date"), today.Format("2006-01-02"))
	date.check = func(v string) error {
		d, err := resolveDate(v, today)
		if err == nil && d > today.Format("2006-01-02") {
			err = i18n.Errorf("purchase.future", d, today.Format("2006-01-02"))
		}
		return err
	}
	date.hint = func(v string) string {
		if d, err := resolveDate(v, today); err == nil && d != strings.TrimSpace(v) {
			return "= " + d
		}
		return ""
	}
	f.add("note", l.T("pform.note"), "")
	f.focusKey("amount")
	p.f = f
	return p
}

// loadProducts reads the products sold before, most sold first, in the
// background (a big ledger takes a moment).
func (p *purchaseForm) loadProducts() tea.Cmd {
	if p.loading || p.loaded {
		return nil
	}
	p.loading = true
	st := p.e.st
	return func() tea.Msg {
		list, _ := st.Products(scCtx(), "", 500)
		return productsMsg{form: p, products: list}
	}
}

// Update handles keys: the form's, completion, and saving.
func (p *purchaseForm) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.e.width, p.e.height = msg.Width, msg.Height
		return p, nil
	case productsMsg:
		if msg.form == p {
			p.loading, p.loaded = false, true
			if ff := p.f.field("product"); ff != nil {
				ff.in.SetSuggestions(visibleAll(msg.products))
			}
		}
		return p, nil
	}
	cmd, done := customerFormUpdate(&p.embed, p.e, p.f, p.err, p.id, msg, p.save)
	if done {
		return p, cmd
	}
	if cur := p.f.current(); cur != nil && cur.key == "product" {
		return p, tea.Batch(cmd, p.loadProducts())
	}
	return p, cmd
}

func (p *purchaseForm) save() tea.Cmd {
	date, err := resolveDate(p.f.value("date"), scToday(p.e))
	if err != nil {
		p.f.setFieldError("date", err)
		return nil
	}
	pu, ch, err := p.e.st.AddPurchase(scCtx(), p.id, store.PurchaseInput{
		Amount:  p.f.value("amount"),
		Product: p.f.value("product"),
		Qty:     p.f.value("qty"),
		Date:    date,
		Note:    p.f.value("note"),
	})
	if err != nil {
		p.f.msg = p.e.errorText(err)
		return nil
	}
	status := p.e.lang.T("pform.saved", "¥"+validate.FormatMoney(pu.Amount), p.name)
	return p.finish(closeScreenMsg{status: status, changed: true, customerID: p.id, grade: ch.Grade})
}

// View draws the form.
func (p *purchaseForm) View() string {
	l := p.e.lang
	title := p.sty.header.Render(" " + l.T("pform.title", p.name, p.grade) + " ")
	if p.err != nil {
		return scFrame(p.e.width, p.e.height, title, []string{p.sty.errMsg.Render(p.e.errorText(p.err))}, 0, scHints(p.sty, "Esc", l.T("hint.back")))
	}
	body := p.f.view(p.e.width-2, p.e.height-6)
	body = append(body, "")
	if p.f.msg != "" {
		body = append(body, p.sty.errMsg.Render(p.f.msg))
	}
	return scFrame(p.e.width, p.e.height, title, body, 0,
		scHints(p.sty, "Tab/↑↓", l.T("hint.move"), "→", l.T("hint.complete"), "Enter", l.T("hint.next"), "ctrl+s", l.T("hint.save"), "Esc", l.T("hint.cancel")))
}
