package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/backup"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

func newRestoreCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "restore SNAPSHOT|FILE",
		Short: "Put a snapshot or backup file back as the ledger, keeping the current one as a snapshot",
		Long: `Checks that FILE is a whole kehu ledger (its mark, its schema, SQLite's
integrity check), shows what it holds beside the current ledger, and asks
before going on (--yes answers for scripts; without a terminal and without
--yes nothing is done). The current ledger is first kept as a snapshot in
the backups folder (never pruned), then replaced in one transaction: an
interrupted restore leaves the current ledger as it was. A ledger from an
older kehu is brought to this version's schema; the file given is only read.

SNAPSHOT is a file name from kehu backup --list (the folder may be left
out) or any path, such as a file written by kehu backup FILE or by
litestream restore. Refused while another kehu (the table, a command) has
the ledger open.`,
		Example: "  kehu backup --list\n  kehu restore ledger-1a2b3c4d-20261129-090000.db\n  kehu restore /mnt/usb/shop.db --yes",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.restore(cmd, args[0], yes)
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "do not ask for confirmation")
	return cmd
}

func (a *app) restore(cmd *cobra.Command, arg string, yes bool) (err error) {
	ctx := cmd.Context()
	var dirs []string
	if dir, err := a.snapshotFolder(ctx); err == nil {
		dirs = append(dirs, dir) // (a damaged ledger's setting cannot be read: the default then)
	}
	if dir, err := backup.Folder(a.getenv); err == nil {
		dirs = append(dirs, dir)
	}
	src := resolveSnapshot(arg, dirs)
	ledger, err := a.ledgerPath()
	if err != nil {
		return err
	}
	if same(src, ledger) {
		return i18n.Errorf("restore.self", src)
	}
	// The file is copied, checked and brought up to date first: one that is
	// not a whole kehu ledger locks, creates and changes nothing.
	workIn := filepath.Dir(ledger)
	if _, err := os.Stat(workIn); err != nil {
		workIn = "" // a new machine: no ledger folder yet
	}
	work, err := os.MkdirTemp(workIn, ".kehu-restore-")
	if err != nil {
		return i18n.Errorf("restore.nowork", filepath.Dir(ledger))
	}
	defer os.RemoveAll(work)
	prepared, next, err := store.PrepareRestore(ctx, src, work, store.WithClock(a.now))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(ledger), 0o700); err != nil {
		return i18n.Errorf("restore.nolock", ledger)
	}
	lock, err := backup.HoldExclusive(ledger)
	if err != nil {
		return err
	}
	defer lock.Release()
	existed := ledgerExists(ledger)
	st, err := store.Open(ledger, store.WithClock(a.now))
	var cur store.LedgerInfo
	if err == nil {
		if cur, err = st.Info(ctx); err != nil {
			st.Close()
		}
	}
	if err != nil {
		if existed && isDamaged(err) {
			return a.restoreOverDamaged(ledger, src, prepared, next, yes)
		}
		return i18n.Errorf("restore.badcurrent", ledger, err)
	}
	defer func() {
		st.Close()
		if err != nil && !existed {
			// the ledger this restore created to receive the file
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(ledger + suffix)
			}
		}
	}()
	if existed {
		a.printRestorePlan(ledger, &cur, src, next)
	} else {
		a.printRestorePlan(ledger, nil, src, next)
	}
	if !yes {
		if err := a.confirmRestore(); err != nil {
			return err
		}
	}
	if existed {
		dir, err := backup.FolderFor(ctx, st, a.getenv)
		if err != nil {
			return i18n.Errorf("restore.nokeep", err)
		}
		kept, err := backup.TakeBeforeRestore(ctx, st, dir)
		if err != nil {
			return i18n.Errorf("restore.nokeep", err)
		}
		fmt.Fprintln(a.stdout, a.lang.T("restore.kept", validate.Visible(kept.Path)))
	}
	if err := st.RestoreFrom(ctx, prepared); err != nil {
		return i18n.Errorf("restore.failed", err)
	}
	got, err := st.Info(ctx)
	if err != nil {
		return err
	}
	if got != next {
		return i18n.Errorf("restore.mismatch", got.Customers, got.Purchases, next.Customers, next.Purchases)
	}
	fmt.Fprintln(a.stdout, a.lang.T("restore.done", validate.Visible(src), got.Customers, got.Purchases))
	return nil
}

// resolveSnapshot finds arg as a path, else as a name in a backups folder.
func resolveSnapshot(arg string, dirs []string) string {
	if _, err := os.Stat(arg); err == nil || strings.ContainsRune(arg, filepath.Separator) {
		return arg
	}
	for _, dir := range dirs {
		for _, name := range []string{arg, arg + ".db"} {
			p := filepath.Join(dir, name)
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return arg
}

// same says whether a and b name one file.
func same(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

// printRestorePlan shows what the file holds beside the current ledger
// (cur nil: none, or one too damaged to read).
func (a *app) printRestorePlan(ledger string, cur *store.LedgerInfo, src string, next store.LedgerInfo) {
	l := a.lang
	have := func(n func(store.LedgerInfo) int) string {
		if cur == nil {
			return "-"
		}
		return fmt.Sprint(n(*cur))
	}
	last := "-"
	if cur != nil {
		last = orDash(cur.LastChange)
	}
	w := a.stdout
	row := func(label, cur, next string) {
		fmt.Fprintln(w, padRight(label, 14)+" "+padRight(cur, 22)+" "+next)
	}
	row("", l.T("restore.col.current"), l.T("restore.col.file"))
	row(l.T("restore.row.customers"), have(func(i store.LedgerInfo) int { return i.Customers }), fmt.Sprint(next.Customers))
	row(l.T("restore.row.purchases"), have(func(i store.LedgerInfo) int { return i.Purchases }), fmt.Sprint(next.Purchases))
	row(l.T("restore.row.contacts"), have(func(i store.LedgerInfo) int { return i.Contacts }), fmt.Sprint(next.Contacts))
	row(l.T("restore.row.last"), last, orDash(next.LastChange))
	fmt.Fprintln(w, l.T("restore.paths", validate.Visible(ledger), validate.Visible(src)))
}

// padRight pads s with spaces to width terminal columns (Chinese
// characters take two).
func padRight(s string, width int) string {
	if w := ansi.StringWidth(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// confirmRestore asks on the terminal; without one it refuses.
func (a *app) confirmRestore() error {
	in, ok := a.stdin.(*os.File)
	if !ok || !isatty.IsTerminal(in.Fd()) {
		return i18n.Errorf("restore.needyes")
	}
	fmt.Fprint(a.stdout, a.lang.T("restore.ask"))
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, os.ErrClosed) && line == "" {
		return i18n.Errorf("restore.declined")
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "是", "好", "确定":
		return nil
	}
	return i18n.Errorf("restore.declined")
}
