package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/kehu-app/kehu/backup"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tui"
)

// ledgerUse is what a writing command holds on its ledger while it runs:
// the use lock and the day's snapshot being written.
type ledgerUse struct {
	lock  *backup.Lock
	daily *backup.Job
}

// afterWritingOpen is called once the ledger is open for writing (the table
// and every command that changes it open it through a.open): it takes the
// use lock, so a restore never replaces the ledger under this process, and
// starts the day's snapshot (of the ledger as it is now, before the command
// changes it) in the background.
func (a *app) afterWritingOpen(ctx context.Context, st *store.Store) error {
	if a.use != nil {
		return nil
	}
	lock, err := backup.HoldShared(st.Path(), 30*time.Second)
	if err != nil {
		return err
	}
	a.use = &ledgerUse{lock: lock}
	if ctx.Err() != nil {
		return nil // interrupted already: no snapshot to start
	}
	dir, err := backup.FolderFor(ctx, st, a.getenv)
	if err != nil {
		if ctx.Err() == nil {
			a.warn(err) // no snapshot today; the command itself goes on
		}
		return nil
	}
	a.use.daily = backup.StartDaily(ctx, st, dir, backup.DefaultPolicy)
	return nil
}

// finishLedgerUse waits for the day's snapshot (a command never exits
// before it is written and checked, or cleanly abandoned), says on stderr if
// it failed, and lets the use lock go.
func (a *app) finishLedgerUse() {
	if a.use == nil {
		return
	}
	if a.use.daily != nil {
		// An interrupted command abandons its snapshot cleanly (nothing is
		// left behind); only a real failure is worth a warning.
		if _, err := a.use.daily.Wait(); err != nil && a.ctx.Err() == nil {
			a.warn(err)
		}
	}
	a.use.lock.Release()
	a.use = nil
}

func (a *app) warn(err error) {
	fmt.Fprintln(a.stderr, "kehu: "+a.lang.T("cli.warn", i18n.Message(err, a.lang)))
}

// tuiSnapshotOption lets the table show the day's snapshot failing in its
// status line without waiting for it before the first screen.
func (a *app) tuiSnapshotOption() []tui.Option {
	if a.use == nil || a.use.daily == nil {
		return nil
	}
	job := a.use.daily
	return []tui.Option{tui.WithBackgroundCheck(func() error {
		_, err := job.Wait()
		return err
	})}
}
