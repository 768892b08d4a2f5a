package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

func newAddCmd(a *app) *cobra.Command {
	var phone, email, company string
	var tags, sets []string
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a customer",
		Long: `Adds a customer. Every value is checked as in the table: phones are
normalised (+86, spaces, dashes and full-width digits are fine), dates accept
2026/11/22 and 2026年11月22日, money accepts ¥1,234.50 and 1.2万.

A phone that another customer already has is stored, with a warning that
names that customer. Any column can be set with --set column=value, custom
columns included (see the column keys in 'kehu export --help').`,
		Example: `  kehu add 王芳 --phone "138 0013 8000" --tag VIP --tag 老客户
  kehu add "Li Lei" --company 恒通建材 --set source=展会 --set birthday=1990/5/1`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fields := map[string]string{"name": args[0]}
			for flag, v := range map[string]string{"phone": phone, "email": email, "company": company} {
				if cmd.Flags().Changed(flag) {
					fields[flag] = v
				}
			}
			if len(tags) > 0 {
				fields["tags"] = strings.Join(tags, ",")
			}
			if err := parseSets(sets, fields); err != nil {
				return err
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			return a.addCustomer(cmd.Context(), st, fields, args[0])
		},
	}
	cmd.Flags().StringVar(&phone, "phone", "", "phone: mobile or landline with area code")
	cmd.Flags().StringVar(&email, "email", "", "email address")
	cmd.Flags().StringVar(&company, "company", "", "company name")
	cmd.Flags().StringArrayVar(&tags, "tag", nil, "a tag (repeat for several)")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "column=value for any other column (repeatable)")
	return cmd
}

func newBuyCmd(a *app) *cobra.Command {
	var in store.PurchaseInput
	cmd := &cobra.Command{
		Use:   "buy CUSTOMER",
		Short: "Log a purchase (regrades the customer at once)",
		Long: `Logs a purchase for CUSTOMER (an id, a phone or a unique name). The amount
is money in yuan: 1234.5, ¥1,234.50, 1234元 or 1.2万. More than two decimals
is refused, never rounded. The customer's totals and grade are updated in
the same transaction.

A negative amount is a refund: it lowers the customer's spend (total and
within the tiering window) but is not a purchase: it does not count in the
number of purchases or frequency and does not move the last purchase date.
A refund larger than what the customer has spent is refused. A date after
today is refused: log a sale once it has happened.

--pay says how it was paid: cash (default), wechat, alipay, balance (from the
customer's stored value; see 'kehu topup') or credit (赊账: raises what the
customer owes, within the limit set by 'kehu credit-limit'). A refund paid
back to balance returns to stored value; on credit it lowers what is owed.
Paying more than the stored value holds, or beyond the credit limit, is
refused and nothing is written. Every purchase earns points per whole yuan
at the rate of the customer's grade (see 'kehu points'); a refund takes
them back.`,
		Example: "  kehu buy 王芳 --amount 580 --product 西湖龙井\n  kehu buy 13800138000 --amount 1.2万 --qty 3 --date 2026/11/20\n  kehu buy 王芳 --amount -120 --note 退一盒\n  kehu buy 王芳 --amount 580 --pay balance\n  kehu buy 恒通建材 --amount 3200 --pay credit",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("amount") {
				return usageError(i18n.Errorf("purchase.amount"))
			}
			return a.buy(cmd.Context(), args[0], in)
		},
	}
	cmd.Flags().StringVar(&in.Amount, "amount", "", "amount in yuan (required; negative = refund)")
	cmd.Flags().StringVar(&in.Product, "product", "", "product name")
	cmd.Flags().StringVar(&in.Qty, "qty", "", "quantity (default 1)")
	cmd.Flags().StringVar(&in.Date, "date", "", "purchase date (default today)")
	cmd.Flags().StringVar(&in.Note, "note", "", "a note")
	cmd.Flags().StringVar(&in.Pay, "pay", "", "cash (default), wechat, alipay, balance (stored value) or credit")
	return cmd
}

func newLogCmd(a *app) *cobra.Command {
	var in store.ContactInput
	cmd := &cobra.Command{
		Use:   "log CUSTOMER",
		Short: "Log a contact (call, WeChat, visit…) with an optional follow-up",
		Long: `Logs a contact with CUSTOMER (an id, a phone or a unique name).
Channels: phone, wechat, sms, email, visit, other (or 电话, 微信, 短信, 邮件,
拜访, 其他). Kinds: contact (default), feedback, complaint, service.
--next DATE replaces the planned follow-up (today or later; it shows in
'kehu agenda' on that day), --next none clears it. Without --next a
follow-up still ahead is kept; one due today or overdue is done by this
contact. A contact dated after today (--at) is refused.`,
		Example: "  kehu log 王芳 --channel phone --note \"问了春节礼盒\" --next 2026-12-01\n  kehu log 13800138000 --channel 微信 --kind feedback --note 包装很好\n  kehu log 王芳 --channel 电话 --note 已下单 --next none",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("channel") {
				return usageError(fmt.Errorf("--channel is required (%s)", strings.Join(store.Channels(), ", ")))
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			if _, err := st.ParseContact(in); err != nil {
				return err
			}
			id, err := st.Resolve(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			before, err := st.Get(cmd.Context(), id)
			if err != nil {
				return err
			}
			c, err := st.AddContact(cmd.Context(), id, in)
			if err != nil {
				return err
			}
			r, err := st.Get(cmd.Context(), id)
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, a.loggedMessage(c, in.Next, before.Str("next_follow_up"), r))
			return nil
		},
	}
	cmd.Flags().StringVar(&in.Channel, "channel", "", "phone, wechat, sms, email, visit or other (required)")
	cmd.Flags().StringVar(&in.Kind, "kind", "", "contact, feedback, complaint or service (default contact)")
	cmd.Flags().StringVar(&in.Summary, "note", "", "what was said")
	cmd.Flags().StringVar(&in.Outcome, "outcome", "", "the outcome")
	cmd.Flags().StringVar(&in.Next, "next", "", "next follow-up date (replaces the planned one); none clears it; default: keep it")
	cmd.Flags().StringVar(&in.At, "at", "", "when it happened (default now), e.g. \"2026-11-22 14:30\"")
	return cmd
}

// parseSets adds the --set column=value flags to fields.
func parseSets(sets []string, fields map[string]string) error {
	for _, s := range sets {
		k, v, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usageError(i18n.Errorf("cli.set.bad", s))
		}
		fields[strings.TrimSpace(k)] = v
	}
	return nil
}

// addCustomer adds the customer fields describe (keys may be labels or
// aliases, resolved to column keys) and says it added name, with any
// warning.
func (a *app) addCustomer(ctx context.Context, st *store.Store, fields map[string]string, name string) error {
	resolved := make(map[string]string, len(fields))
	for k, v := range fields {
		if c, ok := st.Column(k); ok {
			k = c.Key
		}
		resolved[k] = v
	}
	ch, err := st.AddCustomer(ctx, resolved)
	if err != nil {
		return err
	}
	for _, w := range ch.Warnings {
		fmt.Fprintln(a.stderr, a.lang.T("cli.warn", i18n.Message(w, a.lang)))
	}
	fmt.Fprintln(a.stdout, a.lang.T("cli.added", ch.ID, validate.Visible(name)))
	return nil
}

// loggedMessage says a contact c was logged with customer r, and what
// became of the follow-up: kept, done (the one planned before), set or
// cleared by --next (next as given).
func (a *app) loggedMessage(c store.Contact, next, planned string, r store.Record) string {
	msg := a.lang.T("cli.logged", a.lang.T("channel."+c.Channel), r.ID, validate.Visible(r.Str("name")))
	switch {
	case strings.TrimSpace(next) == "" && c.NextFollowUp != "":
		msg += "; " + a.lang.T("cli.next.kept", c.NextFollowUp)
	case strings.TrimSpace(next) == "" && planned != "":
		msg += "; " + a.lang.T("cli.next.done", planned)
	case c.NextFollowUp != "":
		msg += "; " + a.lang.T("cli.next", c.NextFollowUp)
	case strings.TrimSpace(next) != "":
		msg += "; " + a.lang.T("cli.next.cleared")
	}
	return msg
}

// buy logs a purchase or refund for the customer who names, then says what
// it did to the customer's spend, grade and accounts.
func (a *app) buy(ctx context.Context, who string, in store.PurchaseInput) error {
	st, err := a.open()
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.ParsePurchase(in); err != nil {
		return err
	}
	id, err := st.Resolve(ctx, who)
	if err != nil {
		return err
	}
	if err := expirePoints(ctx, st); err != nil {
		return err
	}
	before, err := st.Balances(ctx, id)
	if err != nil {
		return err
	}
	p, ch, err := st.AddPurchase(ctx, id, in)
	if err != nil {
		return err
	}
	after, err := st.Balances(ctx, id)
	if err != nil {
		return err
	}
	pay, _ := store.ParsePay(in.Pay)
	if line := a.buyAccountLine(before, after, pay, p.Amount < 0); line != "" {
		defer fmt.Fprintln(a.stdout, "  "+line)
	}
	r, err := st.Get(ctx, id)
	if err != nil {
		return err
	}
	grade := r.Str("grade")
	if ch.Grade != nil {
		grade = ch.Grade.Old + "→" + ch.Grade.New
	}
	if p.Amount < 0 {
		fmt.Fprintln(a.stdout, a.lang.T("cli.refunded", validate.FormatYuan(-p.Amount), id, validate.Visible(r.Str("name")),
			validate.FormatYuan(r.Int("total_spend")), grade))
		return nil
	}
	fmt.Fprintln(a.stdout, a.lang.T("cli.bought", validate.FormatYuan(p.Amount), id, validate.Visible(r.Str("name")),
		validate.FormatYuan(r.Int("total_spend")), grade))
	return nil
}
