package cli

import (
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/export"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

func newStatementCmd(a *app) *cobra.Command {
	var from, to, format, out string
	cmd := &cobra.Command{
		Use:   "statement CUSTOMER",
		Short: "A customer's account statement (对账单) with running balances",
		Long: `Lists CUSTOMER's account entries (stored value, credit owed, points) dated
from --from to --to (default: all), oldest first, each with its account's
balance after it, and each account's opening balance at the start. It is
what a shop hands a customer at settlement.

Without --out it prints a table; --format csv prints CSV. With --out FILE
(-o) it writes CSV or XLSX (from the extension, or --format) through a
temporary file renamed into place. Entries are streamed from the ledger.`,
		Example: "  kehu statement 恒通建材 --from 2026-11-01 --to 2026-11-30\n  kehu statement 王芳 -o 王芳-对账单.xlsx",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.statement(cmd, args[0], from, to, format, out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&from, "from", "", "first day (default: the first entry)")
	f.StringVar(&to, "to", "", "last day (default: today)")
	f.StringVar(&format, "format", "", "csv or xlsx (default: a table, or from the --out extension)")
	f.StringVarP(&out, "out", "o", "-", "output file, or - for stdout; {date} becomes today's date")
	return cmd
}

// statement checks the range and the output, then writes who's statement to
// a file, as CSV to stdout, or as a table.
func (a *app) statement(cmd *cobra.Command, who, from, to, format, out string) error {
	format = strings.ToLower(strings.TrimSpace(format))
	if format != "" && format != export.CSV && format != export.XLSX {
		return usageError(i18n.Errorf("export.badformat", format))
	}
	r, err := store.ParseStatementRange(from, to)
	if err != nil {
		return usageError(err)
	}
	if out == "" {
		out = "-"
	}
	if out != "-" {
		out = export.ExpandPath(out, a.now())
		if format == "" {
			format = export.FormatOf(out)
		}
	}
	if format == export.XLSX && out == "-" && isTerminal(a.stdout) {
		return usageError(i18n.Errorf("export.xlsxtty"))
	}
	ctx := cmd.Context()
	st, err := a.openGraded(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	id, err := st.Resolve(ctx, who)
	if err != nil {
		return err
	}
	rec, err := st.Get(ctx, id)
	if err != nil {
		return err
	}
	spec := export.StatementSpec{CustomerID: id, Name: rec.Str("name"), Range: r, Format: format, Lang: a.lang}
	switch {
	case out != "-":
		n, err := export.StatementToFile(ctx, st, spec, out)
		if err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, a.lang.T("stmt.done", n, validate.Visible(export.Where(out))))
		return nil
	case format != "":
		_, err := export.WriteStatement(ctx, st, spec, a.stdout)
		return err
	}
	return a.printStatement(cmd, st, spec)
}

// printStatement prints the statement as a table, line by line as the
// entries stream from the ledger.
func (a *app) printStatement(cmd *cobra.Command, st *store.Store, spec export.StatementSpec) error {
	l := a.lang
	from, to := spec.Range.From, spec.Range.To
	if from == "" {
		from = l.T("stmt.start")
	}
	if to == "" {
		to = a.now().Format("2006-01-02")
	}
	fmt.Fprintln(a.stdout, l.T("stmt.title", spec.CustomerID, validate.Visible(spec.Name), from, to))
	var run store.Balances
	n := 0
	err := st.Statement(cmd.Context(), spec.CustomerID, spec.Range, func(b store.Balances) error {
		run = b
		fmt.Fprintln(a.stdout, l.T("stmt.opening", validate.FormatYuan(b.Balance), validate.FormatYuan(b.Owed), b.Points))
		return nil
	}, func(e store.StatementLine) error {
		n++
		run = run.After(e)
		account := l.T("acct.name." + e.Account)
		amount := store.FormatAmount(e.Account, e.Amount)
		if e.Amount > 0 {
			amount = "+" + amount
		}
		_, err := fmt.Fprintf(a.stdout, "  %s  %s  %s  %12s  %12s\n", e.Date, padName(account),
			padName(validate.Visible(store.EntryText(e.AccountEntry, l))), amount, store.FormatAmount(e.Account, e.Running))
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, l.T("stmt.closing", validate.FormatYuan(run.Balance), validate.FormatYuan(run.Owed), run.Points, n))
	return nil
}
