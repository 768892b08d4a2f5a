package cli

import (
	"context"
	"fmt"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/importer"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// importSales runs `kehu import --purchases FILE`: the till's sales log
// into the purchase log, its stages on stderr when showProgress.
func (a *app) importSales(ctx context.Context, st *store.Store, path string, opts importer.SalesOptions, showProgress bool) error {
	if showProgress {
		opts.Progress = func(read int) { fmt.Fprint(a.stderr, a.lang.T("sales.progress", read)) }
	}
	rep, err := importer.ImportSales(ctx, st, path, opts)
	if showProgress {
		fmt.Fprintln(a.stderr)
	}
	if err != nil && ctx.Err() != nil {
		// stopped before the transaction committed: it was rolled back
		return i18n.Errorf("db.interrupted")
	}
	if err != nil {
		return err
	}
	if err := printSales(a, rep); err != nil {
		return err
	}
	a.noteInterrupted(ctx)
	if rep.Rejected == 0 {
		return nil
	}
	if rep.DryRun {
		return exitError{code: 3, err: i18n.Errorf("import.wouldreject", rep.Rejected)}
	}
	return exitError{code: 3, err: i18n.Errorf("import.rejected", rep.Rejected, rep.RejectsPath)}
}

// printSales tells what a sales log import did. Reasons quote the sheet:
// shown, never obeyed.
func printSales(a *app, rep importer.SalesReport) error {
	vw := validate.NewVisibleWriter(a.stdout)
	defer vw.Flush()
	key := "sales.done"
	if rep.DryRun {
		key = "sales.wouldbe"
	}
	fmt.Fprintln(vw, a.lang.T(key, rep.Rows, rep.Added, rep.Already, rep.Created, rep.Customers, rep.Rejected))
	for _, r := range rep.Rejects {
		fmt.Fprintln(vw, "  "+r.Reason)
	}
	return vw.Flush()
}
