package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/kehu-app/kehu/demo"
	"github.com/kehu-app/kehu/i18n"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

func newDemoCmd(a *app) *cobra.Command {
	var n int
	var seed uint64
	var force bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Fill the ledger with a realistic sample shop",
		Long: `Writes a sample tea shop: Chinese customers and companies, spend skewed the
way real shops are (a few customers bring most of the money), seasonal
purchases over the last two years, customers who stopped buying, prospects
who never bought, and contacts with follow-ups due around today.

The same --seed gives the same shop. A ledger that already has customers is
refused unless --force is given (the demo is then added to them).

The shop is written and graded in one transaction: stopped part-way (ctrl+c,
SIGTERM), the ledger is left as it was and 'kehu demo' can simply run again.

A million customers (--customers 1000000) with about ten million purchases
takes about nine minutes on a 2-core machine; progress is shown on a terminal.`,
		Example: "  kehu demo\n  kehu demo --customers 20000 --seed 7\n  kehu --db /tmp/big.db demo --customers 1000000",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if n < 1 || n > 5_000_000 {
				return usageError(i18n.Errorf("input.demo.customers", n, 5_000_000))
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			have, err := st.CountAll(cmd.Context())
			if err != nil {
				return err
			}
			if have > 0 && !force {
				return i18n.Errorf("demo.notempty", have)
			}
			var progress func(done, total int)
			if f, ok := a.stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
				last := time.Time{}
				progress = func(done, total int) {
					if time.Since(last) > 200*time.Millisecond || done == total {
						fmt.Fprintf(a.stderr, a.lang.T("cli.demo.progress"), done, total)
						last = time.Now()
					}
					if done == total {
						fmt.Fprint(a.stderr, a.lang.T("cli.demo.grading"))
					}
				}
			}
			stats, err := demo.Generate(cmd.Context(), st, demo.Options{Customers: n, Seed: seed, Now: a.now(), Progress: progress})
			if progress != nil {
				fmt.Fprintln(a.stderr)
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, a.lang.T("cli.demo.done", stats.Customers, stats.Purchases, stats.Contacts,
				stats.Duration.Round(time.Millisecond), st.Path()))
			a.noteInterrupted(cmd.Context())
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "customers", 300, "how many customers to generate")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed (the same seed gives the same shop)")
	cmd.Flags().BoolVar(&force, "force", false, "add the demo even if the ledger already has customers")
	return cmd
}
