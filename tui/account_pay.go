package tui

// How a purchase is paid, in the purchase form: cash, WeChat, Alipay, from
// the customer's stored value or on credit. The form names the balance the
// payment draws on before it is saved, and refuses what the ledger would
// refuse with the same message.

import (
	"context"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// payChoices are the payment methods as the pay field cycles through them:
// the text typed is the method's name in the user's language (which
// store.ParsePay reads), the hint the balance it draws on.
func payChoices(l i18n.Lang, b store.Balances) []formChoice {
	out := make([]formChoice, 0, len(store.PayMethods()))
	for _, p := range store.PayMethods() {
		c := formChoice{value: l.T("pay." + p)}
		switch p {
		case store.PayBalance:
			c.hint = l.T("tui.acct.pay.balance", validate.FormatYuan(b.Balance))
		case store.PayCredit:
			c.hint = l.T("tui.acct.pay.credit", validate.FormatYuan(b.Owed), validate.FormatYuan(b.CreditLimit))
		}
		out = append(out, c)
	}
	return out
}

// payRefusal is why a purchase of amount (fen; negative for a refund) paid
// by pay cannot go on balances b, in the words the ledger uses, or nil.
func payRefusal(b store.Balances, pay string, amount int64) error {
	switch {
	case pay == store.PayBalance && amount > b.Balance:
		return i18n.Errorf("acct.balance.short", validate.FormatYuan(amount), validate.FormatYuan(b.Balance))
	case pay == store.PayCredit && amount < 0 && -amount > b.Owed:
		return i18n.Errorf("acct.refund.owed", validate.FormatYuan(-amount), validate.FormatYuan(b.Owed))
	case pay == store.PayCredit && amount > 0 && b.Owed+amount > b.CreditLimit && b.CreditLimit == 0:
		return i18n.Errorf("acct.credit.none", validate.FormatYuan(amount))
	case pay == store.PayCredit && amount > 0 && b.Owed+amount > b.CreditLimit:
		return i18n.Errorf("acct.credit.limit", validate.FormatYuan(amount), validate.FormatYuan(b.Owed), validate.FormatYuan(b.CreditLimit))
	}
	return nil
}

// payPreview says what a purchase of rawAmount paid by rawPay (both as
// typed) leaves on the balance it draws on ("stored value ¥1,100.00 →
// ¥1,020.00"); "" for cash and the like, or while either is not readable.
func payPreview(l i18n.Lang, b store.Balances, rawPay, rawAmount string) string {
	amount, err := validate.Money(rawAmount)
	if err != nil || strings.TrimSpace(rawAmount) == "" {
		return ""
	}
	pay, err := store.ParsePay(rawPay)
	if err != nil {
		return ""
	}
	switch pay {
	case store.PayBalance:
		return l.T("tui.acct.after", l.T("acct.name.balance"), validate.FormatYuan(b.Balance), validate.FormatYuan(b.Balance-amount))
	case store.PayCredit:
		return l.T("tui.acct.after", l.T("acct.name.owed"), validate.FormatYuan(b.Owed), validate.FormatYuan(b.Owed+amount))
	}
	return ""
}

// addPayField adds the pay field to the purchase form f, checked against
// the customer's balances b and the amount typed.
func addPayField(f *form, l i18n.Lang, b store.Balances) *formField {
	pay := f.addChoice("pay", l.T("tui.acct.pay"), payChoices(l, b), 0)
	pay.check = func(v string) error {
		method, err := store.ParsePay(v)
		if err != nil {
			return err
		}
		amount, err := validate.Money(f.value("amount"))
		if err != nil {
			return nil // the amount field says what is wrong with it
		}
		return payRefusal(b, method, amount)
	}
	return pay
}

// paidLine says, after a save, what the payment left on the balance it
// drew on, as the ledger now has it; "" for cash and the like.
func (p *purchaseForm) paidLine(amount int64) string {
	pay, err := store.ParsePay(p.f.value("pay"))
	if err != nil || (pay != store.PayBalance && pay != store.PayCredit) {
		return ""
	}
	b, err := p.e.st.Balances(p.e.ctx, p.id)
	if err != nil {
		return ""
	}
	l := p.e.lang
	switch {
	case pay == store.PayBalance && amount < 0:
		return l.T("cli.acct.refunded.balance", validate.FormatYuan(b.Balance))
	case pay == store.PayBalance:
		return l.T("cli.acct.paid", validate.FormatYuan(b.Balance))
	case amount < 0:
		return l.T("cli.acct.refunded.credit", validate.FormatYuan(b.Owed))
	}
	return l.T("cli.acct.charged", validate.FormatYuan(b.Owed), validate.FormatYuan(b.CreditLimit))
}

// payRefusal is why the payment typed so far would be refused, naming the
// balance, so the owner sees it before saving; "" when it would go through
// or the amount does not read yet.
func (p *purchaseForm) payRefusal() string {
	pay, err := store.ParsePay(p.f.value("pay"))
	if err != nil {
		return ""
	}
	amount, err := validate.Money(p.f.value("amount"))
	if err != nil || strings.TrimSpace(p.f.value("amount")) == "" {
		return ""
	}
	if err := payRefusal(p.bal, pay, amount); err != nil {
		return p.e.errorText(err)
	}
	return ""
}

// expireStalePoints writes off customer id's points past their age, so the
// balances an account screen shows are true as of today (only this
// customer's: the whole ledger's daily run takes seconds on a big one). A
// busy or read-only ledger is read as it stands: every account operation
// writes off its own customer's points first anyway.
func expireStalePoints(ctx context.Context, st *store.Store, id int64) error {
	if _, err := st.ExpirePointsOf(ctx, id); err != nil {
		if k := store.KindOf(err); k != store.KindReadOnly && k != store.KindBusy {
			return err
		}
	}
	return nil
}
