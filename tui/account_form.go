package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// The operations of the account form, in the order its first field cycles
// through them: the most frequent at the counter first.
const (
	acctTopUp  = "topup"
	acctRedeem = "redeem"
	acctRepay  = "repay"
	acctRefund = "refund"
	acctAdjust = "adjust"
)

var acctOps = []string{acctTopUp, acctRedeem, acctRepay, acctRefund, acctAdjust}

// accountForm is one form ($) for every account operation that is not a
// purchase: top-up with bonus, redeem points, repay credit, refund to stored
// value and adjust points with a reason. Its first field chooses the
// operation (←/→), the rest follow it; above them stand the customer's
// balances and the next points expiry, under them what the operation leaves
// on the balance it moves. What the ledger would refuse is refused in the
// form, naming the balance, and nothing is written; a save is one action
// that u on the table takes back with reversing entries.
type accountForm struct {
	loadState
	e      env
	keys   formKeys
	id     int64
	name   string
	bal    store.Balances
	expiry store.PointsExpiry
	op     string
	f      *form
	err    error
}

// newAccountForm opens the account form for customer id; Init reads it.
func newAccountForm(e env, id int64) *accountForm {
	return &accountForm{e: e, keys: newFormKeys(e.lang), id: id, op: acctTopUp}
}

// Init reads the customer, its balances and the next points expiry.
func (a *accountForm) Init() tea.Cmd {
	st, ctx, id := a.e.st, a.e.ctx, a.id
	return load(a, func() func() tea.Cmd {
		var (
			rec    store.Record
			bal    store.Balances
			expiry store.PointsExpiry
		)
		err := func() error {
			if err := expireStalePoints(ctx, st, id); err != nil {
				return err
			}
			var err error
			if rec, err = st.Get(ctx, id); err != nil {
				return err
			}
			if bal, err = st.Balances(ctx, id); err != nil {
				return err
			}
			expiry, err = st.NextPointsExpiry(ctx, id)
			return err
		}()
		return func() tea.Cmd {
			a.ready, a.err = true, err
			a.name, a.bal, a.expiry = validate.Visible(rec.Str("name")), bal, expiry
			a.build(a.op)
			return nil
		}
	})
}

// build lays out the fields of operation op, the operation field focused.
func (a *accountForm) build(op string) {
	l := a.e.lang
	a.op = op
	f := newForm(a.e)
	choices := make([]formChoice, len(acctOps))
	at := 0
	for i, o := range acctOps {
		choices[i] = formChoice{value: l.T("tui.acct.op." + o), hint: l.T("tui.acct.op." + o + ".hint")}
		if o == op {
			at = i
		}
	}
	opField := f.addChoice("op", l.T("tui.acct.op"), choices, at)
	opField.check = func(v string) error {
		if opField.matchChoice() < 0 {
			return i18n.Errorf("tui.acct.op.bad", strings.TrimSpace(v))
		}
		return nil
	}
	b := a.bal
	switch op {
	case acctTopUp:
		f.add("amount", l.T("tui.acct.topup.amount"), "").check = func(v string) error {
			_, err := positiveYuan("topup", v)
			return err
		}
		f.add("bonus", l.T("tui.acct.bonus"), "").check = func(v string) error {
			if strings.TrimSpace(v) == "" {
				return nil
			}
			n, err := validate.Money(v)
			if err == nil && n < 0 {
				err = i18n.Errorf("acct.amount.positive", i18n.Errorf("acct.what.bonus"), strings.TrimSpace(v))
			}
			return err
		}
	case acctRedeem:
		f.add("points", l.T("tui.acct.points"), "").check = func(v string) error {
			n, err := parsePoints(v, false)
			if err == nil && n > b.Points {
				err = i18n.Errorf("acct.points.short", n, b.Points)
			}
			return err
		}
		f.add("note", l.T("pform.note"), "")
	case acctRepay:
		f.add("amount", l.T("tui.acct.repay.amount"), "").check = func(v string) error {
			n, err := positiveYuan("repay", v)
			if err == nil && n > b.Owed {
				err = i18n.Errorf("acct.repay.over", validate.FormatYuan(n), validate.FormatYuan(b.Owed))
			}
			return err
		}
	case acctRefund:
		f.add("amount", l.T("tui.acct.refund.amount"), "").check = func(v string) error {
			_, err := positiveYuan("refund", v)
			return err
		}
		f.add("note", l.T("pform.note"), "")
	case acctAdjust:
		f.add("points", l.T("tui.acct.adjust.points"), "").check = func(v string) error {
			n, err := parsePoints(v, true)
			if err == nil && b.Points+n < 0 {
				err = i18n.Errorf("acct.adjust.short", -n, b.Points)
			}
			return err
		}
		f.add("reason", l.T("tui.acct.reason"), "").check = func(v string) error {
			if strings.TrimSpace(v) == "" {
				return i18n.Errorf("acct.adjust.reason")
			}
			return nil
		}
	}
	f.focusKey("op")
	a.f = f
}

// positiveYuan reads money that must be above zero; what names it in the
// message ("a top-up").
func positiveYuan(what, v string) (int64, error) {
	n, err := validate.Money(v)
	if err != nil {
		return 0, err
	}
	if n <= 0 {
		return 0, i18n.Errorf("acct.amount.positive", i18n.Errorf("acct.what."+what), strings.TrimSpace(v))
	}
	return n, nil
}

// parsePoints reads a whole number of points, above zero, or when signed
// any but zero ("-20" takes twenty away).
func parsePoints(v string, signed bool) (int64, error) {
	t := strings.TrimSpace(v)
	neg := false
	if signed && (strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+")) {
		neg, t = t[0] == '-', t[1:]
	}
	n, err := validate.Count(t)
	if err != nil {
		return 0, err
	}
	switch {
	case n == 0 && signed:
		return 0, i18n.Errorf("acct.points.zero")
	case n == 0:
		return 0, i18n.Errorf("acct.points.positive", 0)
	case neg:
		return -int64(n), nil
	}
	return int64(n), nil
}

// SetSize records the terminal size.
func (a *accountForm) SetSize(w, h int) { a.e.SetSize(w, h) }

// Title is the form's header.
func (a *accountForm) Title() string { return a.e.lang.T("tui.acct.title", a.name) }

// ShortHelp is the footer: every key of the form.
func (a *accountForm) ShortHelp() []key.Binding {
	k := a.keys
	if a.err != nil {
		return []key.Binding{k.Close}
	}
	if cur := a.f.current(); cur != nil && cur.key == "op" {
		return k.hint(k.ChooseNext, k.Enter)
	}
	return k.hint(k.Enter)
}

// FullHelp is the form's keys (help.KeyMap).
func (a *accountForm) FullHelp() [][]key.Binding { return fullHelp(a.helpGroups()) }

func (a *accountForm) helpGroups() []keyGroup {
	k := a.keys
	return []keyGroup{{a.e.lang.T("tui.help.forms"), append(k.moves(), k.ChoosePrev, k.ChooseNext, k.Enter, k.Save, k.Cancel)}}
}

// Update handles keys: the form's, a new operation chosen, and saving.
func (a *accountForm) Update(msg tea.Msg) (screen, tea.Cmd) {
	if a.f == nil {
		return a, nil
	}
	cmd, done := customerFormUpdate(a.e, a.f, a.err, a.id, msg, a.save)
	if done {
		return a, cmd
	}
	if cur := a.f.current(); cur != nil && cur.key == "op" {
		if i := cur.matchChoice(); i >= 0 && acctOps[i] != a.op {
			a.build(acctOps[i])
		}
	}
	return a, cmd
}

// save writes the operation as one action; a refusal by the ledger (the
// balance moved since the form was opened) stays in the form.
func (a *accountForm) save() tea.Cmd {
	st, ctx, id, l := a.e.st, a.e.ctx, a.id, a.e.lang
	var (
		b      store.Balances
		err    error
		status string
	)
	switch a.op {
	case acctTopUp:
		if b, err = st.TopUp(ctx, id, a.f.value("amount"), a.f.value("bonus")); err == nil {
			paid, _ := validate.Money(a.f.value("amount"))
			status = l.T("tui.acct.done.topup", validate.FormatYuan(paid), a.name, validate.FormatYuan(b.Balance))
			if bonus, _ := validate.Money(a.f.value("bonus")); bonus > 0 {
				status = l.T("tui.acct.done.bonus", validate.FormatYuan(paid), validate.FormatYuan(bonus), a.name, validate.FormatYuan(b.Balance))
			}
		}
	case acctRedeem:
		n, _ := parsePoints(a.f.value("points"), false)
		if b, err = st.RedeemPoints(ctx, id, n, a.f.value("note")); err == nil {
			status = l.T("tui.acct.done.redeem", n, a.name, b.Points)
		}
	case acctRepay:
		if b, err = st.Repay(ctx, id, a.f.value("amount")); err == nil {
			paid, _ := validate.Money(a.f.value("amount"))
			status = l.T("tui.acct.done.repay", validate.FormatYuan(paid), a.name, validate.FormatYuan(b.Owed))
		}
	case acctRefund:
		amount, _ := positiveYuan("refund", a.f.value("amount"))
		_, _, err = st.AddPurchase(ctx, id, store.PurchaseInput{Amount: validate.FormatMoney(-amount), Note: a.f.value("note"), Pay: store.PayBalance})
		if err == nil {
			if b, err = st.Balances(ctx, id); err == nil {
				status = l.T("tui.acct.done.refund", validate.FormatYuan(amount), a.name, validate.FormatYuan(b.Balance))
			}
		}
	case acctAdjust:
		n, _ := parsePoints(a.f.value("points"), true)
		if b, err = st.AdjustPoints(ctx, id, n, a.f.value("reason")); err == nil {
			status = l.T("tui.acct.done.adjust", a.name, n, b.Points)
		}
	}
	if err != nil {
		a.f.msg = a.e.errorText(err)
		return nil
	}
	return pop(popMsg{status: status, changed: true, customerID: id})
}

// balancesLine is the customer's three balances and the next expiry.
func (a *accountForm) balancesLine() string {
	l, b := a.e.lang, a.bal
	s := l.T("tui.acct.balances", validate.FormatYuan(b.Balance), validate.FormatYuan(b.Owed), validate.FormatYuan(b.CreditLimit), b.Points)
	if a.expiry.Date != "" {
		s += " · " + l.T("cli.acct.expiry", a.expiry.Points, a.expiry.Date)
	}
	return s
}

// preview says what the operation leaves on the balance it moves, once
// what was typed reads; "" before.
func (a *accountForm) preview() string {
	l, b := a.e.lang, a.bal
	money := func(account string, before, delta int64) string {
		return l.T("tui.acct.after", l.T("acct.name."+account), validate.FormatYuan(before), validate.FormatYuan(before+delta))
	}
	points := func(delta int64) string {
		return l.T("tui.acct.after", l.T("acct.name.points"), store.FormatAmount(store.AccountPoints, b.Points), store.FormatAmount(store.AccountPoints, b.Points+delta))
	}
	switch a.op {
	case acctTopUp:
		n, err := positiveYuan("topup", a.f.value("amount"))
		if err != nil {
			return ""
		}
		bonus, err := validate.Money(a.f.value("bonus"))
		if err != nil || bonus < 0 {
			bonus = 0
		}
		return money(store.AccountBalance, b.Balance, n+bonus)
	case acctRepay:
		if n, err := positiveYuan("repay", a.f.value("amount")); err == nil {
			return money(store.AccountOwed, b.Owed, -n)
		}
	case acctRefund:
		if n, err := positiveYuan("refund", a.f.value("amount")); err == nil {
			return money(store.AccountBalance, b.Balance, n)
		}
	case acctRedeem:
		if n, err := parsePoints(a.f.value("points"), false); err == nil {
			return points(-n)
		}
	case acctAdjust:
		if n, err := parsePoints(a.f.value("points"), true); err == nil {
			return points(n)
		}
	}
	return ""
}

// refusal is why what is typed so far would be refused (the first field
// with text that fails its check), so the owner sees it before saving;
// "" when nothing typed is wrong.
func (a *accountForm) refusal() string {
	for _, ff := range a.f.fields {
		if ff.key == "op" || ff.check == nil || strings.TrimSpace(ff.value()) == "" {
			continue
		}
		if err := ff.check(ff.value()); err != nil {
			return a.e.errorText(err)
		}
	}
	return ""
}

// View draws the balances, the form and the preview.
func (a *accountForm) View() string {
	if a.loading() {
		return loadingView(a.e)
	}
	title := a.e.sty.header.Render(" " + a.Title() + " ")
	if a.err != nil {
		return errorFrame(a.e, title, a.err, a.ShortHelp()...)
	}
	body := []string{a.e.sty.dim.Render(a.balancesLine()), ""}
	body = append(body, a.f.view(a.e.width-2, a.e.height-8)...)
	body = append(body, "")
	if refused := a.refusal(); refused != "" && a.f.msg == "" {
		body = append(body, a.e.sty.errMsg.Render("✗ "+validate.Visible(refused)))
	} else if pv := a.preview(); pv != "" {
		body = append(body, pv)
	}
	if a.f.msg != "" {
		body = append(body, a.e.sty.errMsg.Render(validate.Visible(a.f.msg)))
	}
	return scFrame(a.e.width, a.e.height, title, body, 0, renderHint(a.e.sty, a.ShortHelp(), a.e.width))
}
