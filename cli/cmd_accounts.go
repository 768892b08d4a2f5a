package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

// expirePoints writes off the points past their age as of today. A busy or
// read-only ledger is read as it stands: each account operation writes off
// its own customer's points first anyway.
func expirePoints(ctx context.Context, st *store.Store) error {
	if _, err := st.ExpirePointsIfStale(ctx); err != nil {
		if k := store.KindOf(err); k != store.KindReadOnly && k != store.KindBusy {
			return err
		}
	}
	return nil
}

// onAccount opens the ledger for a command that writes member accounts,
// resolves its customer and runs do on them, closing the ledger after;
// points past their age are written off first, so every balance it reads or
// prints is true as of today.
func (a *app) onAccount(ctx context.Context, ref string, do func(st *store.Store, id int64, name string) error) error {
	st, err := a.open()
	if err != nil {
		return err
	}
	defer st.Close()
	if err := expirePoints(ctx, st); err != nil {
		return err
	}
	id, err := st.Resolve(ctx, ref)
	if err != nil {
		return err
	}
	r, err := st.Get(ctx, id)
	if err != nil {
		return err
	}
	return do(st, id, validate.Visible(r.Str("name")))
}

func newTopUpCmd(a *app) *cobra.Command {
	var bonus string
	cmd := &cobra.Command{
		Use:   "topup CUSTOMER AMOUNT",
		Short: "Pay money into a customer's stored value (充值), with an optional bonus",
		Long: `Adds AMOUNT yuan to CUSTOMER's stored value (储值), and --bonus yuan given
on top ("充 1000 送 100"). Both are entries of the account journal, in one
action that undo takes back with reversing entries. Pay purchases from it with
'kehu buy … --pay balance'.`,
		Example: "  kehu topup 王芳 1000 --bonus 100\n  kehu topup 13800138000 500",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.onAccount(ctx, args[0], func(st *store.Store, id int64, name string) error {
				b, err := st.TopUp(ctx, id, args[1], bonus)
				if err != nil {
					return err
				}
				paid, _ := validate.Money(args[1])
				extra, _ := validate.Money(bonus)
				if extra > 0 {
					fmt.Fprintln(a.stdout, a.lang.T("cli.acct.topup.bonus", validate.FormatYuan(paid), validate.FormatYuan(extra), id, name, validate.FormatYuan(b.Balance)))
					return nil
				}
				fmt.Fprintln(a.stdout, a.lang.T("cli.acct.topup", validate.FormatYuan(paid), id, name, validate.FormatYuan(b.Balance)))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&bonus, "bonus", "", "yuan given on top of the top-up")
	return cmd
}

func newPointsCmd(a *app) *cobra.Command {
	var redeem, adjust int64
	var reason string
	cmd := &cobra.Command{
		Use:   "points CUSTOMER",
		Short: "Show, redeem or adjust a customer's points (积分)",
		Long: `Without flags, prints CUSTOMER's points and when the next of them expire.
Purchases earn points per whole yuan at the rate of the customer's grade
(its service policy: by default A 2, B 1.5, C 1, D 1); refunds take them
back. Points expire a
number of months after the day they were earned (12 by default), oldest
first, as of today (KEHU_NOW or the system date).

--redeem N spends N points; --adjust N (negative takes away) changes them by
hand and needs --reason. Redeeming more than the customer holds is refused.`,
		Example: "  kehu points 王芳\n  kehu points 王芳 --redeem 500\n  kehu points 王芳 --adjust -20 --reason 补录错误",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			redeeming, adjusting := cmd.Flags().Changed("redeem"), cmd.Flags().Changed("adjust")
			if redeeming && adjusting {
				return usageError(i18n.Errorf("cli.acct.pointsflag"))
			}
			if adjusting && strings.TrimSpace(reason) == "" {
				return usageError(i18n.Errorf("acct.adjust.reason"))
			}
			return a.onAccount(ctx, args[0], func(st *store.Store, id int64, name string) error {
				var b store.Balances
				var err error
				switch {
				case redeeming:
					if b, err = st.RedeemPoints(ctx, id, redeem, reason); err != nil {
						return err
					}
					fmt.Fprintln(a.stdout, a.lang.T("cli.acct.redeemed", redeem, id, name, b.Points))
				case adjusting:
					if b, err = st.AdjustPoints(ctx, id, adjust, reason); err != nil {
						return err
					}
					fmt.Fprintln(a.stdout, a.lang.T("cli.acct.adjusted", id, name, adjust, validate.Visible(strings.TrimSpace(reason)), b.Points))
				default:
					if b, err = st.Balances(ctx, id); err != nil {
						return err
					}
					fmt.Fprintln(a.stdout, a.lang.T("cli.acct.points", id, name, b.Points))
				}
				next, err := st.NextPointsExpiry(ctx, id)
				if err != nil {
					return err
				}
				if next.Date == "" {
					fmt.Fprintln(a.stdout, a.lang.T("cli.acct.noexpiry"))
				} else {
					fmt.Fprintln(a.stdout, a.lang.T("cli.acct.expiry", next.Points, next.Date))
				}
				return nil
			})
		},
	}
	cmd.Flags().Int64Var(&redeem, "redeem", 0, "spend N points")
	cmd.Flags().Int64Var(&adjust, "adjust", 0, "change the points by N by hand (negative takes away); needs --reason")
	cmd.Flags().StringVar(&reason, "reason", "", "why (required with --adjust; a note with --redeem)")
	return cmd
}

func newRepayCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "repay CUSTOMER AMOUNT",
		Short: "Record a repayment of credit (还款)",
		Long: `Lowers what CUSTOMER owes by AMOUNT yuan; the oldest charges are settled
first. A repayment above what is owed is refused.`,
		Example: "  kehu repay 恒通建材 1200",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.onAccount(ctx, args[0], func(st *store.Store, id int64, name string) error {
				b, err := st.Repay(ctx, id, args[1])
				if err != nil {
					return err
				}
				paid, _ := validate.Money(args[1])
				fmt.Fprintln(a.stdout, a.lang.T("cli.acct.repaid", validate.FormatYuan(paid), id, name, validate.FormatYuan(b.Owed)))
				return nil
			})
		},
	}
}

func newCreditLimitCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "credit-limit CUSTOMER [AMOUNT]",
		Short: "Show or set how much a customer may owe (赊账额度)",
		Long: `Sets CUSTOMER's credit limit to AMOUNT yuan (0: no credit), or prints it.
A purchase on credit ('kehu buy … --pay credit') that would take what the
customer owes above the limit is refused. The same column can be set with
'kehu add … --set credit_limit=AMOUNT' or edited in the table.`,
		Example: "  kehu credit-limit 恒通建材 5000\n  kehu credit-limit 恒通建材",
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.onAccount(ctx, args[0], func(st *store.Store, id int64, name string) error {
				if len(args) == 2 {
					if _, err := st.SetCreditLimit(ctx, id, args[1]); err != nil {
						return err
					}
				}
				b, err := st.Balances(ctx, id)
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, a.lang.T("cli.acct.limit", id, name, validate.FormatYuan(b.CreditLimit), validate.FormatYuan(b.Owed)))
				return nil
			})
		},
	}
}

func newCheckCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check every stored balance against the account journal",
		Long: `Sums every customer's account entries (points, stored value, credit owed)
and compares each sum with the balance stored on the customer, customers in
the trash included. Exits 1 and lists each difference, or a balance below
zero, when one is found; nothing is changed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			bad, err := st.CheckAccounts(cmd.Context())
			if err != nil {
				return err
			}
			if len(bad) == 0 {
				n, err := st.CustomersWithEntries(cmd.Context())
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, a.lang.T("cli.acct.check.ok", n))
				return nil
			}
			fmt.Fprintln(a.stdout, a.lang.T("cli.acct.check.bad", len(bad)))
			for _, m := range bad {
				fmt.Fprintln(a.stdout, a.lang.T("cli.acct.check.line", m.CustomerID, validate.Visible(m.Name), a.lang.T("acct.name."+m.Account),
					store.FormatAmount(m.Account, m.Stored), store.FormatAmount(m.Account, m.Journal)))
			}
			return exitError{code: 1, err: i18n.Errorf("cli.acct.check.bad", len(bad))}
		},
	}
}

func newAccountRulesCmd(a *app) *cobra.Command {
	var months, days int
	cmd := &cobra.Command{
		Use:   "account-rules",
		Short: "Show or set the points expiry and the credit overdue days",
		Long: `Prints the member account rules, or changes those given: --expiry-months
(points expire this many months after they were earned; 0 never; default 12)
and --overdue-days (credit unpaid this many days after the purchase is
overdue and leads the agenda; default 30). It also prints the points each
grade earns per yuan: that rate is part of the grade's service policy in the
tiering rules (by default A 2, B 1.5, C 1, D 1).`,
		Example: "  kehu account-rules\n  kehu account-rules --expiry-months 24 --overdue-days 45",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			var st *store.Store
			var err error
			changed := f.Changed("expiry-months") || f.Changed("overdue-days")
			if changed {
				st, err = a.open()
			} else {
				st, err = a.openExisting()
			}
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			r, err := st.AccountRules(ctx)
			if err != nil {
				return err
			}
			if f.Changed("expiry-months") {
				r.ExpiryMonths = months
			}
			if f.Changed("overdue-days") {
				r.OverdueDays = days
			}
			if changed {
				if err := st.SetAccountRules(ctx, r); err != nil {
					return err
				}
			}
			tr, err := st.Rules(ctx)
			if err != nil {
				return err
			}
			var rates []string
			for _, g := range tiering.Grades() {
				rates = append(rates, g+" "+strconv.FormatFloat(tr.Policy(g).PointsRate, 'f', -1, 64))
			}
			fmt.Fprintln(a.stdout, a.lang.T("cli.acct.rules", strings.Join(rates, ", "), r.ExpiryMonths, r.OverdueDays))
			return nil
		},
	}
	cmd.Flags().IntVar(&months, "expiry-months", 0, "points expire this many months after they were earned (0: never)")
	cmd.Flags().IntVar(&days, "overdue-days", 0, "credit is overdue this many days after the purchase")
	return cmd
}

// buyAccountLine says how a purchase moved the customer's accounts, e.g.
// "paid from stored value; 520.00 left · points +580, now 580".
func (a *app) buyAccountLine(before, after store.Balances, pay string, refund bool) string {
	var parts []string
	switch {
	case pay == store.PayBalance && refund:
		parts = append(parts, a.lang.T("cli.acct.refunded.balance", validate.FormatYuan(after.Balance)))
	case pay == store.PayBalance:
		parts = append(parts, a.lang.T("cli.acct.paid", validate.FormatYuan(after.Balance)))
	case pay == store.PayCredit && refund:
		parts = append(parts, a.lang.T("cli.acct.refunded.credit", validate.FormatYuan(after.Owed)))
	case pay == store.PayCredit:
		parts = append(parts, a.lang.T("cli.acct.charged", validate.FormatYuan(after.Owed), validate.FormatYuan(after.CreditLimit)))
	}
	if d := after.Points - before.Points; d != 0 {
		parts = append(parts, a.lang.T("cli.acct.earned", d, after.Points))
	}
	return strings.Join(parts, " · ")
}
