package export

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

func TestToFileRefusesWhatIsNotARegularFile(t *testing.T) {
	st := shop(t)
	ctx := context.Background()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	sock := filepath.Join(dir, "sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	sub := filepath.Join(dir, "folder")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	linkToFifo := filepath.Join(dir, "via-link")
	if err := os.Symlink("fifo", linkToFifo); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/dev/null": "is a device, not a regular file",
		fifo:        "is a named pipe (FIFO), not a regular file",
		sock:        "is a socket, not a regular file",
		sub:         "is a folder",
		linkToFifo:  "is a named pipe (FIFO), not a regular file",
	} {
		_, err := ToFile(ctx, st, store.Query{}, Options{}, path)
		if err == nil {
			t.Errorf("%s: exported", path)
			continue
		}
		if msg := i18n.Message(err, i18n.EN); !strings.Contains(msg, want) || !strings.Contains(msg, path) {
			t.Errorf("%s: %q, want %q", path, msg, want)
		}
		if msg := i18n.Message(err, i18n.ZH); !strings.Contains(msg, path) || strings.Contains(msg, "regular") {
			t.Errorf("%s: Chinese message %q", path, msg)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}
	if fi, err := os.Lstat("/dev/null"); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Errorf("/dev/null was replaced: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestToFileFollowsSymlinks(t *testing.T) {
	st := shop(t)
	ctx := context.Background()
	dir := t.TempDir()
	realDir := filepath.Join(dir, "real")
	if err := os.Mkdir(realDir, 0o700); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(realDir, "nightly.csv")
	if err := os.WriteFile(target, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.csv")
	if err := os.Symlink("real/nightly.csv", link); err != nil {
		t.Fatal(err)
	}
	if _, err := ToFile(ctx, st, store.Query{Columns: []string{"name"}}, Options{}, link); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file: %v", err)
	}
	data, err := os.ReadFile(target)
	if err != nil || string(data) != "Name\r\n王芳\r\n李雷\r\n'@张三\r\n赵四\r\n" {
		t.Errorf("target = %q, %v", data, err)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o640 {
		t.Errorf("target mode %v, want its own 0640 kept", fi.Mode().Perm())
	}
	// a link to a file that does not exist yet creates it
	dangling := filepath.Join(dir, "new.csv")
	if err := os.Symlink("real/made.csv", dangling); err != nil {
		t.Fatal(err)
	}
	if _, err := ToFile(ctx, st, store.Query{Columns: []string{"name"}}, Options{}, dangling); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(realDir, "made.csv")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("made through the link: %v %v", fi, err)
	}
	for _, d := range []string{dir, realDir} {
		if left, _ := filepath.Glob(filepath.Join(d, ".*.tmp")); len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}
	}
	loop := filepath.Join(dir, "loop")
	if err := os.Symlink("loop", loop); err != nil {
		t.Fatal(err)
	}
	if _, err := ToFile(ctx, st, store.Query{}, Options{}, loop); err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "too many symbolic links") {
		t.Errorf("a link loop: %v", err)
	}
}

func TestToFileTemporaryFiles(t *testing.T) {
	st := shop(t)
	ctx := context.Background()
	dir := t.TempDir()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	path := filepath.Join(dir, "out.xlsx")
	// leftovers of a killed export to this path: removed; others kept
	for _, name := range []string{".out.xlsx.123.tmp", ".out.xlsx.456.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("王芳 13800138000"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(dir, ".other.csv.123.tmp")
	if err := os.WriteFile(other, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(tmp, "kehu-xlsx-export-999")
	if err := os.Mkdir(stale, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stale, ".lock"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stale, "excelize-1"), []byte("王芳"), 0o600); err != nil {
		t.Fatal(err)
	}

	// The temporary file is 0600 from its first byte: watched while the
	// export runs, through Progress.
	var modes []os.FileMode
	opts := Options{Progress: func(int) {
		m, _ := filepath.Glob(filepath.Join(dir, ".out.xlsx.*.tmp"))
		for _, p := range m {
			if fi, err := os.Stat(p); err == nil {
				modes = append(modes, fi.Mode().Perm())
			}
		}
	}}
	if _, err := ToFile(ctx, st, store.Query{}, opts, path); err != nil {
		t.Fatal(err)
	}
	if len(modes) == 0 {
		t.Fatal("no temporary file seen while exporting")
	}
	for _, m := range modes {
		if m != 0o600 {
			t.Errorf("temporary file mode %v", m)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) != 1 || left[0] != other {
		t.Errorf("temporary files beside the export: %v, want only %s", left, other)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("excelize's temporary files left in TMPDIR: %v", entries)
	}

	// cancelled (Ctrl-C, SIGTERM): no file, no temporary file
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	fresh := filepath.Join(dir, "cancelled.xlsx")
	if _, err := ToFile(cctx, st, store.Query{}, Options{}, fresh); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled export: %v", err)
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Error("a cancelled export left its file")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".cancelled.xlsx.*")); len(left) > 0 {
		t.Errorf("a cancelled export left %v", left)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("a cancelled export left in TMPDIR: %v", entries)
	}
}
