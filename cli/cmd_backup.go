package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/kehu-app/kehu/backup"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

func newBackupCmd(a *app) *cobra.Command {
	var list, asJSON bool
	var setFolder string
	cmd := &cobra.Command{
		Use:   "backup [FILE]",
		Short: "Take a snapshot of the ledger now, to the backups folder or FILE; --list shows them",
		Long: `Writes a consistent snapshot of the ledger (safe while the table is open and
while an import runs: the snapshot holds the ledger as it was before it).
Every snapshot is private (0600) from its first byte, checked after writing
(SQLite's quick check of every page, and the same customer and purchase
counts as the ledger had) and removed again if the check fails.

Without FILE it goes to the backups folder, $XDG_STATE_HOME/kehu/backups
(~/.local/state/kehu/backups), or the folder set with --set-folder. kehu also
takes one there by itself the first time the table or a writing command opens
the ledger on a day, and keeps 7 daily, 4 weekly and 12 monthly snapshots,
deleting older ones.

With FILE it writes there; FILE must not exist and cannot be the ledger.
--list shows the ledger's snapshots with date, size and customer count.
--set-folder DIR keeps this ledger's snapshots in DIR from now on (kept in
the ledger's settings; --set-folder "" goes back to the default).
kehu restore takes one back.`,
		Example: "  kehu backup\n  kehu backup /mnt/usb/shop-2026-11-30.db\n  kehu backup --list\n  kehu backup --set-folder /mnt/second-disk/kehu-snapshots",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			setting := cmd.Flags().Changed("set-folder")
			if (list || setting) && len(args) > 0 || list && setting {
				return usageError(i18n.Errorf("backup.listfile"))
			}
			if list {
				dir, err := a.snapshotFolder(ctx)
				if err != nil {
					return err
				}
				return a.listSnapshots(cmd, dir, asJSON)
			}
			st, err := a.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			switch {
			case setting:
				return a.setBackupFolder(ctx, st, setFolder)
			case len(args) == 1:
				return a.backupTo(ctx, st, args[0])
			}
			return a.takeSnapshot(ctx, st)
		},
	}
	cmd.Flags().BoolVar(&list, "list", false, "list the ledger's snapshots: date, size, customers")
	cmd.Flags().BoolVar(&asJSON, "json", false, "with --list: print JSON")
	cmd.Flags().StringVar(&setFolder, "set-folder", "", "keep this ledger's snapshots in `DIR` from now on (\"\" = the default)")
	return cmd
}

// snapshotFolder is where the ledger's snapshots are: the folder set in
// the ledger, else the default (also when the ledger is gone: its
// snapshots are what is left of it).
func (a *app) snapshotFolder(ctx context.Context) (string, error) {
	p, err := a.ledgerPath()
	if err != nil {
		return "", err
	}
	if !ledgerExists(p) {
		return backup.Folder(a.getenv)
	}
	st, err := a.openExisting()
	if err != nil {
		return "", err
	}
	defer st.Close()
	return backup.FolderFor(ctx, st, a.getenv)
}

// snapshotRow is one line of backup --list.
type snapshotRow struct {
	backup.Snapshot
	Customers     int    `json:"customers"`
	Purchases     int    `json:"purchases"`
	LastChange    string `json:"last_change"`
	Unreadable    bool   `json:"unreadable,omitempty"`
	unreadableWhy string
}

func (a *app) listSnapshots(cmd *cobra.Command, dir string, asJSON bool) error {
	p, err := a.ledgerPath()
	if err != nil {
		return err
	}
	snaps, err := backup.List(dir, p)
	if err != nil {
		return err
	}
	rows := make([]snapshotRow, 0, len(snaps))
	for _, s := range snaps {
		r := snapshotRow{Snapshot: s}
		info, err := store.ReadLedgerInfo(cmd.Context(), s.Path)
		if err != nil {
			r.Unreadable, r.unreadableWhy = true, i18n.Message(err, a.lang)
		} else {
			r.Customers, r.Purchases, r.LastChange = info.Customers, info.Purchases, info.LastChange
		}
		rows = append(rows, r)
	}
	if asJSON {
		return a.writeJSON(rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(a.stdout, a.lang.T("backup.none", validate.Visible(dir)))
		return nil
	}
	fmt.Fprintln(a.stdout, a.lang.T("backup.listhead", validate.Visible(dir)))
	for _, r := range rows {
		what := a.lang.T("backup.listcounts", r.Customers, r.Purchases)
		if r.Unreadable {
			what = r.unreadableWhy
		}
		mark := ""
		if r.BeforeRestore {
			mark = "  " + a.lang.T("backup.beforerestore")
		}
		fmt.Fprintf(a.stdout, "  %s  %9s  %s  %s%s\n", r.Taken.Format("2006-01-02 15:04"), humanSize(r.Size), what, validate.Visible(r.Path), mark)
	}
	return nil
}

// humanSize is a file size for people: 812 B, 3.4 KB, 1.2 MB.
func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f, suffix := float64(n)/unit, "KB"
	for _, s := range []string{"MB", "GB", "TB"} {
		if f < unit {
			break
		}
		f, suffix = f/unit, s
	}
	return fmt.Sprintf("%.1f %s", f, suffix)
}

// ledgerExists says whether the ledger file is there (restore may create it).
func ledgerExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// setBackupFolder records where the ledger's snapshots go ("" for the
// default) and says where that is.
func (a *app) setBackupFolder(ctx context.Context, st *store.Store, folder string) error {
	dir, err := backup.SetFolder(ctx, st, folder, a.getenv)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.lang.T("backup.folderset", validate.Visible(dir)))
	return nil
}

// backupTo writes a verified copy of the ledger to path.
func (a *app) backupTo(ctx context.Context, st *store.Store, path string) error {
	info, err := st.Snapshot(ctx, path)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.lang.T("backup.written", validate.Visible(path), info.Customers, info.Purchases))
	return nil
}

// takeSnapshot takes a snapshot into the ledger's snapshot folder now,
// under the retention policy, and says where it went.
func (a *app) takeSnapshot(ctx context.Context, st *store.Store) error {
	dir, err := backup.FolderFor(ctx, st, a.getenv)
	if err != nil {
		return err
	}
	res, err := backup.Take(ctx, st, dir, backup.DefaultPolicy)
	if res.Path != "" {
		fmt.Fprintln(a.stdout, a.lang.T("backup.written", validate.Visible(res.Path), res.Info.Customers, res.Info.Purchases))
	}
	return err
}
