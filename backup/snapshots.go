package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// Folder is where snapshots go: $XDG_STATE_HOME/kehu/backups, else
// ~/.local/state/kehu/backups. getenv is os.Getenv in production.
func Folder(getenv func(string) string) (string, error) {
	base := getenv("XDG_STATE_HOME")
	if base == "" {
		home := getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", i18n.Errorf("backup.nohome")
			}
			home = h
		}
		base = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(base, "kehu", "backups"), nil
}

// Snapshot is one snapshot file of a ledger in the backups folder.
type Snapshot struct {
	Path          string    `json:"path"`
	Taken         time.Time `json:"taken"`
	Size          int64     `json:"size"`
	BeforeRestore bool      `json:"before_restore"` // kept by a restore; never pruned
}

const stampLayout = "20060102-150405"

// beforeRestoreTag marks the snapshot a restore keeps of the ledger it
// replaces.
const beforeRestoreTag = "-before-restore"

var nameRE = regexp.MustCompile(`^(\d{8}-\d{6})(` + beforeRestoreTag + `)?\.db$`)

// prefix names one ledger's snapshots: its file name and a digest of its
// full path, so two ledgers never share (or prune) each other's snapshots.
func prefix(ledgerPath string) string {
	abs, err := filepath.Abs(ledgerPath)
	if err != nil {
		abs = ledgerPath
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	sum := sha256.Sum256([]byte(abs))
	stem := strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	return stem + "-" + hex.EncodeToString(sum[:4]) + "-"
}

// pathFor is the name of a snapshot of ledgerPath taken at t.
func pathFor(dir, ledgerPath string, t time.Time, beforeRestore bool) string {
	name := prefix(ledgerPath) + t.Format(stampLayout)
	if beforeRestore {
		name += beforeRestoreTag
	}
	return filepath.Join(dir, name+".db")
}

// List returns the snapshots of ledgerPath in dir, oldest first. A missing
// folder holds none.
func List(dir, ledgerPath string) ([]Snapshot, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if errors.Is(err, syscall.ENOTDIR) {
		return nil, i18n.Errorf("backup.notfolder", dir)
	}
	if err != nil {
		return nil, i18n.Errorf("backup.unreadablefolder", dir)
	}
	pre := prefix(ledgerPath)
	var out []Snapshot
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, pre) {
			continue
		}
		m := nameRE.FindStringSubmatch(name[len(pre):])
		if m == nil {
			continue
		}
		t, err := time.ParseInLocation(stampLayout, m[1], time.Local)
		if err != nil {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, Snapshot{Path: filepath.Join(dir, name), Taken: t, Size: fi.Size(), BeforeRestore: m[2] != ""})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Taken.Before(out[j].Taken) })
	return out, nil
}

// Prune deletes the regular snapshots of ledgerPath that p does not keep
// and returns their paths. Snapshots kept by a restore are left alone.
func Prune(dir, ledgerPath string, p Policy) ([]string, error) {
	all, err := List(dir, ledgerPath)
	if err != nil {
		return nil, err
	}
	var regular []Snapshot
	var taken []time.Time
	for _, s := range all {
		if !s.BeforeRestore {
			regular = append(regular, s)
			taken = append(taken, s.Taken)
		}
	}
	var removed []string
	for i, keep := range Keep(taken, p) {
		if keep {
			continue
		}
		if err := os.Remove(regular[i].Path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return removed, i18n.Errorf("backup.prunefail", regular[i].Path)
		}
		removed = append(removed, regular[i].Path)
	}
	return removed, nil
}

// ensureFolder creates the backups folder (0700) if needed.
func ensureFolder(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		switch {
		case errors.Is(err, os.ErrPermission), errors.Is(err, syscall.EROFS):
			return i18n.Errorf("backup.notwritable", dir)
		case errors.Is(err, syscall.ENOSPC):
			return i18n.Errorf("backup.diskfull")
		case errors.Is(err, syscall.ENOTDIR):
			return i18n.Errorf("backup.notfolder", dir)
		}
		return i18n.Errorf("backup.cantmake", dir)
	}
	removeLeftovers(dir)
	return nil
}

// removeLeftovers deletes the private work folders of snapshots whose
// process was killed mid-way (a snapshot in progress is never this old).
func removeLeftovers(dir string) {
	old, _ := filepath.Glob(filepath.Join(dir, ".kehu-snapshot-*"))
	for _, p := range old {
		if fi, err := os.Lstat(p); err == nil && fi.IsDir() && time.Since(fi.ModTime()) > 6*time.Hour {
			os.RemoveAll(p)
		}
	}
}

// Result is a snapshot written into the backups folder.
type Result struct {
	Path string
	Info store.LedgerInfo
}

// Take writes a snapshot of st into dir now (its clock's now), then prunes
// the folder by p.
func Take(ctx context.Context, st *store.Store, dir string, p Policy) (Result, error) {
	if err := ensureFolder(dir); err != nil {
		return Result{}, err
	}
	path := freePath(dir, st.Path(), st.Now(), false)
	info, err := st.Snapshot(ctx, path)
	if err != nil {
		return Result{}, err
	}
	if _, err := Prune(dir, st.Path(), p); err != nil {
		return Result{Path: path, Info: info}, err
	}
	return Result{Path: path, Info: info}, nil
}

// TakeBeforeRestore keeps the ledger st holds as a snapshot that pruning
// never deletes.
func TakeBeforeRestore(ctx context.Context, st *store.Store, dir string) (Result, error) {
	if err := ensureFolder(dir); err != nil {
		return Result{}, err
	}
	path := freePath(dir, st.Path(), st.Now(), true)
	info, err := st.Snapshot(ctx, path)
	return Result{Path: path, Info: info}, err
}

// freePath is the snapshot name for t, a second later while one by that
// name exists (two snapshots in one second, or a clock that stands still).
func freePath(dir, ledgerPath string, t time.Time, beforeRestore bool) string {
	for i := 0; i < 3600; i++ {
		p := pathFor(dir, ledgerPath, t.Add(time.Duration(i)*time.Second), beforeRestore)
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p
		}
	}
	return pathFor(dir, ledgerPath, t, beforeRestore) // refused as existing by the snapshot itself
}

// folderSetting is the ledger setting that keeps its snapshots in a folder
// of the owner's choosing (a second disk, a synced folder) instead of the
// default.
const folderSetting = "backup.folder"

// FolderFor is where st's snapshots go: the folder set in the ledger
// (SetFolder), else Folder.
func FolderFor(ctx context.Context, st *store.Store, getenv func(string) string) (string, error) {
	if st != nil {
		var dir string
		found, err := st.Setting(ctx, folderSetting, &dir)
		if err != nil {
			return "", i18n.Errorf("backup.nosetting")
		}
		if found && dir != "" {
			return dir, nil
		}
	}
	return Folder(getenv)
}

// SetFolder makes dir (created 0700 if needed, and which must be writable)
// where st's snapshots go from now on; "" goes back to the default. It
// returns the folder now in use.
func SetFolder(ctx context.Context, st *store.Store, dir string, getenv func(string) string) (string, error) {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", i18n.Errorf("backup.cantmake", dir)
		}
		if err := ensureFolder(abs); err != nil {
			return "", err
		}
		probe, err := os.CreateTemp(abs, ".kehu-probe-")
		if err != nil {
			return "", i18n.Errorf("backup.notwritable", abs)
		}
		probe.Close()
		os.Remove(probe.Name())
		dir = abs
	}
	if err := st.SetSetting(ctx, folderSetting, dir); err != nil {
		return "", err
	}
	return FolderFor(ctx, st, getenv)
}

// KeepRaw copies the ledger file at ledgerPath, and its write-ahead log if
// there is one, byte for byte into dir as a before-restore snapshot (for a
// ledger too damaged to copy through SQLite). It returns the copy's path.
func KeepRaw(dir, ledgerPath string, now time.Time) (string, error) {
	if err := ensureFolder(dir); err != nil {
		return "", err
	}
	dst := freePath(dir, ledgerPath, now, true)
	if err := copyNew(ledgerPath, dst); err != nil {
		return "", err
	}
	if _, err := os.Stat(ledgerPath + "-wal"); err == nil {
		if err := copyNew(ledgerPath+"-wal", dst+"-wal"); err != nil {
			os.Remove(dst)
			return "", err
		}
	}
	return dst, nil
}

// copyNew copies src to the new file dst (0600), synced; nothing is left
// at dst on failure.
func copyNew(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return i18n.Errorf("backup.unreadable", src)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return i18n.Errorf("backup.notwritable", filepath.Dir(dst))
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		if errors.Is(err, syscall.ENOSPC) {
			return i18n.Errorf("backup.diskfull")
		}
		return i18n.Errorf("backup.writefail")
	}
	return nil
}
