package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/kehu-app/kehu/backup"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// isDamaged says whether err is the ledger failing SQLite's own checks.
func isDamaged(err error) bool {
	if store.KindOf(err) == store.KindDamaged {
		return true
	}
	var ie *i18n.Error
	return errors.As(err, &ie) && ie.Key == "db.damaged"
}

// restoreOverDamaged puts the prepared file in place of a ledger too
// damaged to open or read, the case a damaged ledger's message sends the
// owner to. Its bytes (and its write-ahead log) are kept first, as they
// are, beside the snapshots; then the prepared file is renamed over it.
// The caller holds the use lock, so no kehu has the ledger open.
func (a *app) restoreOverDamaged(ledger, src, prepared string, next store.LedgerInfo, yes bool) error {
	fmt.Fprintln(a.stdout, a.lang.T("restore.damagedcurrent", validate.Visible(ledger)))
	a.printRestorePlan(ledger, nil, src, next)
	if !yes {
		if err := a.confirmRestore(); err != nil {
			return err
		}
	}
	dir, err := backup.Folder(a.getenv)
	if err != nil {
		return i18n.Errorf("restore.nokeep", err)
	}
	kept, err := backup.KeepRaw(dir, ledger, a.now())
	if err != nil {
		return i18n.Errorf("restore.nokeep", err)
	}
	fmt.Fprintln(a.stdout, a.lang.T("restore.kept", validate.Visible(kept)))
	// The damaged ledger's log must go before the new file takes its name:
	// SQLite would otherwise play it into the new file.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(ledger + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return i18n.Errorf("restore.failed", i18n.Errorf("backup.writefail"))
		}
	}
	if err := os.Rename(prepared, ledger); err != nil {
		return i18n.Errorf("restore.failed", i18n.Errorf("backup.writefail"))
	}
	st, err := store.OpenExisting(ledger, store.WithClock(a.now))
	if err != nil {
		return err
	}
	defer st.Close()
	got, err := st.Info(a.ctx)
	if err != nil {
		return err
	}
	if got != next {
		return i18n.Errorf("restore.mismatch", got.Customers, got.Purchases, next.Customers, next.Purchases)
	}
	fmt.Fprintln(a.stdout, a.lang.T("restore.done", validate.Visible(src), got.Customers, got.Purchases))
	return nil
}
