package cli

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
	"github.com/spf13/cobra"
)

// openGraded opens the ledger for a command that reads grades, scores,
// segments or stages, and first brings them up to today when they were
// computed for another day or changes since may have moved the cut
// points: what it prints is true as of today. A ledger it cannot write
// (read-only, locked, its disk full) is read as it stands, saying so.
func (a *app) openGraded(ctx context.Context) (*store.Store, error) {
	st, _, err := a.openGradedOrDamaged(ctx, false)
	return st, err
}

// openGradedOrDamaged is openGraded for the command that replaces the
// stored rules: with tolerateDamage, rules that no longer read do not stop
// it (damaged is then true and the grades are as last stored), since
// replacing them is the repair.
func (a *app) openGradedOrDamaged(ctx context.Context, tolerateDamage bool) (st *store.Store, damaged bool, err error) {
	st, err = a.openExisting()
	if err != nil {
		return nil, false, err
	}
	if _, _, err := st.RegradeIfStale(ctx); err != nil {
		switch {
		case tolerateDamage && store.RulesDamaged(err):
			damaged = true
		case store.KindOf(err) == store.KindReadOnly, store.KindOf(err) == store.KindBusy, store.KindOf(err) == store.KindFull:
			// Reading still works: say that the grades are older than
			// today, or were computed today before the latest changes.
			day, _ := st.GradedFor(ctx)
			switch day {
			case st.Now().Format("2006-01-02"):
				fmt.Fprintln(a.stderr, a.lang.T("cli.regrade.unsettled", i18n.Message(err, a.lang)))
			case "":
				day = "?"
				fallthrough
			default:
				fmt.Fprintln(a.stderr, a.lang.T("cli.regrade.notnow", day, i18n.Message(err, a.lang)))
			}
		default:
			st.Close()
			return nil, false, err
		}
	}
	if err := expirePoints(ctx, st); err != nil {
		st.Close()
		return nil, false, err
	}
	return st, damaged, nil
}

// noteInterrupted tells, after a command's writes committed, that a signal
// asked it to stop: the work is saved, and the exit code says success.
func (a *app) noteInterrupted(ctx context.Context) {
	if ctx.Err() != nil {
		fmt.Fprintln(a.stderr, a.lang.T("cli.interrupted.saved"))
	}
}

func newRegradeCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "regrade",
		Short: "Bring every grade, score, segment and stage up to today (for cron)",
		Long: `Grades every customer as of today (KEHU_NOW or the system date) in one
transaction and prints how many customers moved. Recency, stages (new,
active, dormant, churned) and segments move as the days pass, and the
quintile cut points with them.

The purchase models (kehu model) are refitted for the day. Their columns
p_alive, exp_purchases and clv are not stored: they are computed for today
whenever they are shown, filtered, sorted or exported.

Every command that reads grades (export, tiers, agenda, the table) already
does this first when the ledger was graded for another day or changed since
its last full regrade; 'kehu regrade'
does it on purpose, e.g. from cron just after midnight:
  5 0 * * * kehu regrade
After the regrade it also brings the tally of the twelve-month tier history
(kehu tiers --history, the table's summary) up to date, so the first look of
a new month does not wait for it.`,
		Example: "  kehu regrade\n  KEHU_NOW=2027-01-01 kehu regrade",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// A batch job over every customer: its garbage is mostly the
			// customers just read and graded, and a collector run every
			// time the heap doubles costs a good share of its CPU. The
			// heap may grow to five times what is live before the next,
			// but not past 1 GiB (a few hundred MB live at a million
			// customers).
			gcPercent := debug.SetGCPercent(400)
			memLimit := debug.SetMemoryLimit(1 << 30)
			st, err := a.openExisting()
			if err != nil {
				debug.SetGCPercent(gcPercent)
				debug.SetMemoryLimit(memLimit)
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			rep, err := st.RegradeToday(ctx)
			// The history's count keeps little garbage: the usual settings.
			debug.SetGCPercent(gcPercent)
			debug.SetMemoryLimit(memLimit)
			if err != nil {
				return err
			}
			reason := func(r string) string { return st.ReasonText(r, a.lang) }
			if err := report.Regrade(rep, a.now().Format("2006-01-02"), reason, a.lang).WriteText(a.stdout); err != nil {
				return err
			}
			a.warmHistory(ctx, st)
			return nil
		},
	}
}

// warmHistory brings the tier history's tally up to date once the regrade
// is saved and reported, so the first history look of a new month reads it
// at once. It is a convenience: when it fails the regrade stands (the next
// look counts the tally itself), so it only says so on stderr.
func (a *app) warmHistory(ctx context.Context, st *store.Store) {
	if ctx.Err() != nil {
		return
	}
	if _, err := st.WarmHistory(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintln(a.stderr, a.lang.T("cli.regrade.history.notwarmed", i18n.Message(err, a.lang)))
	}
}
