package backup

import (
	"errors"
	"os"
	"time"

	"github.com/kehu-app/kehu/i18n"
)

// errLocked is a lock held elsewhere in the other mode.
var errLocked = errors.New("locked")

// lockPath is the advisory lock file beside a ledger. The ledger file
// itself is never locked this way: closing any descriptor of it would drop
// SQLite's own locks in this process.
func lockPath(ledgerPath string) string { return ledgerPath + ".lock" }

// Lock is a held use lock on a ledger; Release lets it go.
type Lock struct{ f *os.File }

// Release lets the lock go (closing the lock file releases it).
func (l *Lock) Release() {
	if l != nil && l.f != nil {
		l.f.Close()
		l.f = nil
	}
}

// HoldShared marks the ledger as in use by this process (the table, a
// writing command) for as long as the lock is held; any number of kehu
// processes hold it together. It waits up to wait while a restore holds the
// ledger. A lock file that cannot be made (a read-only folder) gives no lock
// and no error: such a ledger cannot be restored in place either.
func HoldShared(ledgerPath string, wait time.Duration) (*Lock, error) {
	f, err := os.OpenFile(lockPath(ledgerPath), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return &Lock{}, nil
	}
	deadline := time.Now().Add(wait)
	for {
		err := lockFile(f, false)
		if err == nil {
			return &Lock{f: f}, nil
		}
		if !errors.Is(err, errLocked) {
			f.Close()
			return &Lock{}, nil // no locking on this file system
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, i18n.Errorf("restore.running")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// HoldExclusive takes the ledger for this process alone (a restore); it
// fails at once, saying so, while another kehu has the ledger open.
func HoldExclusive(ledgerPath string) (*Lock, error) {
	f, err := os.OpenFile(lockPath(ledgerPath), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, i18n.Errorf("restore.nolock", ledgerPath)
	}
	if err := lockFile(f, true); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, i18n.Errorf("restore.inuse", ledgerPath)
		}
		return nil, i18n.Errorf("restore.nolock", ledgerPath)
	}
	return &Lock{f: f}, nil
}
