package cli

import (
	"context"
	"os"
	"runtime/debug"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tui"
	"github.com/mattn/go-isatty"
)

// runTUI opens the table on the ledger. It needs a terminal.
func (a *app) runTUI(ctx context.Context) error {
	in, okIn := a.stdin.(*os.File)
	out, okOut := fileOf(a.stdout)
	if !okIn || !okOut || !isatty.IsTerminal(in.Fd()) || !isatty.IsTerminal(out.Fd()) {
		return i18n.Errorf("cli.tty")
	}
	// This process runs one table, so its filter copy may own the
	// process's soft memory limit while it builds (kehu serve, with a table
	// per session, does not).
	st, err := a.open(store.WithCopyMemoryLimit(debug.SetMemoryLimit), store.WithRegradeGCPercent(debug.SetGCPercent))
	if err != nil {
		return err
	}
	defer st.Close()
	return tui.Run(ctx, st, a.lang, a.tuiSnapshotOption()...)
}
