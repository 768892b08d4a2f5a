package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// purchaseForm logs a purchase (`p`): amount first, product with completion
// from what was sold before, quantity 1 and today's date by default. Saving
// regrades the customer at once.
type purchaseForm struct {
	loadState
	e               env
	keys            formKeys
	id              int64
	name            string
	grade           string
	f               *form
	bal             store.Balances // the customer's accounts, for the pay field
	err             error
	readingProducts bool // products are being read
	productsRead    bool
}

// newPurchaseForm opens the purchase form for customer id; Init reads it.
func newPurchaseForm(e env, id int64) *purchaseForm {
	return &purchaseForm{e: e, keys: newFormKeys(e.lang), id: id}
}

// Init reads the customer, then builds the form.
func (p *purchaseForm) Init() tea.Cmd {
	st, ctx, id := p.e.st, p.e.ctx, p.id
	return load(p, func() func() tea.Cmd {
		rec, err := st.Get(ctx, id)
		var bal store.Balances
		if err == nil {
			bal, err = st.Balances(ctx, id)
		}
		return func() tea.Cmd {
			p.ready, p.err, p.bal = true, err, bal
			p.build(rec)
			return nil
		}
	})
}

// build lays out the fields for customer rec.
func (p *purchaseForm) build(rec store.Record) {
	e := p.e
	p.name, p.grade = validate.Visible(rec.Str("name")), rec.Str("grade")
	l := e.lang
	today := e.today()
	f := newForm(e)
	amount := f.add("amount", l.T("pform.amount"), "")
	amount.check = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return i18n.Errorf("purchase.amount")
		}
		_, err := validate.Money(v)
		return err
	}
	discount := ""
	if pol := e.rules.Policy(p.grade); pol.Discount > 0 {
		// the grade's discount beside the amount, so the price asked is right
		discount = " · " + l.T("tui.pform.discount", p.grade, store.FormatDiscount(pol.Discount))
	}
	amount.hint = func(v string) string {
		if a, err := validate.Money(v); err == nil {
			return "= " + validate.FormatYuan(a) + discount
		}
		return l.T("pform.amount.hint") + discount
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
	addPayField(f, l, p.bal)
	f.add("note", l.T("pform.note"), "")
	f.focusKey("amount")
	p.f = f
}

// SetSize records the terminal size.
func (p *purchaseForm) SetSize(w, h int) { p.e.SetSize(w, h) }

// Title is the form's header.
func (p *purchaseForm) Title() string { return p.e.lang.T("pform.title", p.name, p.grade) }

// ShortHelp is the footer: every key of the form.
func (p *purchaseForm) ShortHelp() []key.Binding {
	k := p.keys
	if p.err != nil {
		return []key.Binding{k.Close}
	}
	return k.hint(k.Complete, k.Enter)
}

// FullHelp is the form's keys (help.KeyMap).
func (p *purchaseForm) FullHelp() [][]key.Binding { return fullHelp(p.helpGroups()) }

func (p *purchaseForm) helpGroups() []keyGroup {
	k := p.keys
	return []keyGroup{{p.e.lang.T("tui.help.forms"), append(k.moves(), k.Complete, k.Enter, k.Save, k.Cancel)}}
}

// loadProducts reads the products sold before, most sold first, in the
// background (a big ledger takes a moment). A failed read is said under
// the form; completion is then simply not offered.
func (p *purchaseForm) loadProducts() tea.Cmd {
	if p.readingProducts || p.productsRead {
		return nil
	}
	p.readingProducts = true
	st, ctx := p.e.st, p.e.ctx
	return load(p, func() func() tea.Cmd {
		list, err := st.Products(ctx, "", 500)
		return func() tea.Cmd {
			p.readingProducts, p.productsRead = false, true
			if err != nil {
				p.f.msg = p.e.errorText(err)
				return nil
			}
			if ff := p.f.field("product"); ff != nil {
				ff.in.SetSuggestions(visibleAll(list))
			}
			return nil
		}
	})
}

// Update handles keys: the form's, completion, and saving.
func (p *purchaseForm) Update(msg tea.Msg) (screen, tea.Cmd) {
	if p.f == nil {
		return p, nil
	}
	cmd, done := customerFormUpdate(p.e, p.f, p.err, p.id, msg, p.save)
	if done {
		return p, cmd
	}
	if cur := p.f.current(); cur != nil && cur.key == "product" {
		return p, tea.Batch(cmd, p.loadProducts())
	}
	return p, cmd
}

func (p *purchaseForm) save() tea.Cmd {
	date, err := resolveDate(p.f.value("date"), p.e.today())
	if err != nil {
		p.f.setFieldError("date", err)
		return nil
	}
	pu, ch, err := p.e.st.AddPurchase(p.e.ctx, p.id, store.PurchaseInput{
		Amount:  p.f.value("amount"),
		Product: p.f.value("product"),
		Qty:     p.f.value("qty"),
		Date:    date,
		Note:    p.f.value("note"),
		Pay:     p.f.value("pay"),
	})
	if err != nil {
		p.f.msg = p.e.errorText(err)
		return nil
	}
	status := p.e.lang.T("pform.saved", validate.FormatYuan(pu.Amount), p.name)
	if after := p.paidLine(pu.Amount); after != "" {
		status = joinStatus(status, after)
	}
	return pop(popMsg{status: status, changed: true, customerID: p.id, grade: ch.Grade})
}

// View draws the form.
func (p *purchaseForm) View() string {
	if p.loading() {
		return loadingView(p.e)
	}
	title := p.e.sty.header.Render(" " + p.Title() + " ")
	if p.err != nil {
		return errorFrame(p.e, title, p.err, p.ShortHelp()...)
	}
	body := p.f.view(p.e.width-2, p.e.height-6)
	body = append(body, "")
	if refused := p.payRefusal(); refused != "" && p.f.msg == "" {
		body = append(body, p.e.sty.errMsg.Render("✗ "+refused))
	} else if pv := payPreview(p.e.lang, p.bal, p.f.value("pay"), p.f.value("amount")); pv != "" {
		body = append(body, p.e.sty.dim.Render(pv))
	}
	if p.f.msg != "" {
		body = append(body, p.e.sty.errMsg.Render(p.f.msg))
	}
	return scFrame(p.e.width, p.e.height, title, body, 0, renderHint(p.e.sty, p.ShortHelp(), p.e.width))
}
