package cli

import (
	"encoding/json"

	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

// writeJSON prints v as indented JSON; to a terminal, characters JSON
// leaves raw (C1 controls, direction overrides) are written as \u escapes
// (see newOutput), which read back as the same text.
func (a *app) writeJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func newTiersCmd(a *app) *cobra.Command {
	var explain string
	var asJSON bool
	var rep tiersReport
	cmd := &cobra.Command{
		Use:   "tiers",
		Short: "Show customers per grade and segment, or why a customer has its grade",
		Long: `Prints how many customers each grade and RFM segment holds, their spend and
share, each grade's service policy (contact cadence, preferred channels,
discount, benefits, default owner) and grade movements over the last 30 days,
with the member account totals (stored value held, credit outstanding, points
not yet redeemed) when any is not zero. With --explain CUSTOMER it
prints the breakdown behind that customer's grade: recency, frequency and
spend, their scores, the weights and cut points, and the rule that decided.
Everything is as of today: a ledger graded for another day is regraded first.
Moves that cancel (a change undone, or an undo redone) are left out of the
30-day movements, and each move counts its customers (one who made it twice
counts once); the filter moved=A→B (export --where, the table's f) keeps
exactly the customers behind a move.

With --compare it compares the groups side by side (--by grade, segment,
source, industry or owner): customers, share, average and median spend and
average purchases within the tiering window, average days since the last and the
first purchase, the share active, new, dormant and churned, customers whose
newest contact is a complaint, and the share of total spend.

With --history it goes month by month over the last --months months (12;
the current month up to today), per grade: customers at the month's start,
how many of them moved up, moved down, turned churned or were deleted, the
customers new in the grade, their spend against the month before (same
customers) and the retention rate; then the grade migration matrix between
two month ends (--from and --to as YYYY-MM; default the start of the first
month and today). Grades then come from the grade history, not from today.`,
		Example: "  kehu tiers\n  kehu tiers --json | jq '.grades'\n  kehu tiers --explain 王芳\n  kehu tiers --compare --by source\n  kehu tiers --history --months 6 --from 2026-06",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rep.asJSON = asJSON
			if rep.history && !cmd.Flags().Changed("months") {
				rep.months = 12
			}
			if err := rep.check(); err != nil {
				return err
			}
			st, err := a.openGraded(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			if explain != "" {
				return a.printExplain(ctx, st, explain, asJSON)
			}
			if rep.compare {
				return a.printProfile(ctx, st, rep)
			}
			if rep.history {
				return a.printHistory(ctx, st, rep)
			}
			return a.printSummary(ctx, st, asJSON)
		},
	}
	cmd.Flags().StringVar(&explain, "explain", "", "explain the grade of CUSTOMER (id, phone or name)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&rep.compare, "compare", false, "compare the grades (or --by groups) side by side")
	cmd.Flags().StringVar(&rep.by, "by", "", "with --compare: group by grade, segment, source, industry or owner (default grade)")
	cmd.Flags().BoolVar(&rep.history, "history", false, "show the grades month by month and the grade migration matrix")
	cmd.Flags().IntVar(&rep.months, "months", 0, "with --history: how many months (default 12)")
	cmd.Flags().StringVar(&rep.from, "from", "", "with --history: the matrix's first month end, YYYY-MM")
	cmd.Flags().StringVar(&rep.to, "to", "", "with --history: the matrix's second month end, YYYY-MM")
	return cmd
}

func newAgendaCmd(a *app) *cobra.Command {
	var date, owner string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "agenda",
		Short: "Who to contact today: follow-ups due and overdue, by grade",
		Long: `Lists follow-ups due on the day and overdue ones, customers past their
grade's contact cadence with no follow-up set (A every 14 days, B 30, C 90 by
default), grouped by grade with A first, and churn warnings: customers who
turned dormant in the last 30 days. Each item names the contact channels its
grade's service policy prefers (A visit then phone, B phone then WeChat, C
WeChat then SMS by default) and who looks after the customer. With --owner
NAME only that staff member's customers: those they own, and those with no
owner in a grade whose default owner they are. Logging a contact clears an
item.
Overdue credit comes first: customers owing money for a purchase on credit
older than the overdue days ('kehu account-rules', 30 by default), longest
unpaid first, with the amount and days.
Grades are as of today: a ledger graded for another day is regraded first.`,
		Example: "  kehu agenda\n  kehu agenda --date 2026-12-01 --json\n  kehu agenda --owner 小王",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if date != "" {
				if _, err := validate.Date(date); err != nil {
					return usageError(err)
				}
			}
			st, err := a.openGraded(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			ag, err := st.AgendaFor(cmd.Context(), date, owner)
			if err != nil {
				return err
			}
			if asJSON {
				return a.writeJSON(ag)
			}
			return report.Agenda(ag, a.lang).WriteText(a.stdout)
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "the day to plan (default today)")
	cmd.Flags().StringVar(&owner, "owner", "", "only the customers NAME looks after")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
