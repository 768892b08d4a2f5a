//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
)

// rawSQLite are fragments of SQLite's own messages that must never reach
// a user.
var rawSQLite = []string{"SQL logic error", "database disk image", "readonly database", "disk I/O error", "string or blob too big", "(1544)", "(778)", "(11)", "(5)", "SQLITE_"}

func noRawSQLite(t *testing.T, what, text string) {
	t.Helper()
	for _, raw := range rawSQLite {
		if strings.Contains(text, raw) {
			t.Errorf("%s shows SQLite's own text %q: %s", what, raw, text)
		}
	}
}

func TestReadingCommandsRefuseAMissingLedger(t *testing.T) {
	l := newLedger(t)
	dir := filepath.Join(filepath.Dir(l.path), "typo")
	l.path = filepath.Join(dir, "ledger.db")
	l.env = append(l.env, "KEHU_DB="+l.path)
	want := "no ledger at " + l.path
	for _, args := range [][]string{
		{"export"}, {"export", "--out", filepath.Join(t.TempDir(), "x.csv")}, {"tiers"}, {"tiers", "--json"},
		{"tiers", "--explain", "王芳"}, {"agenda"}, {"backup", filepath.Join(t.TempDir(), "b.db")},
		{"duplicates"}, {"merge", "1", "2"}, {"regrade"},
	} {
		r := l.fails(1, []string{want}, args...)
		if r.out != "" {
			t.Errorf("kehu %v printed %q", args, r.out)
		}
	}
	l.fails(1, []string{l.path + " 没有账本"}, "--lang", "zh", "agenda")
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a reading command created %s: %v", dir, err)
	}
	// A dry run creates nothing either.
	sheet := filepath.Join(t.TempDir(), "s.csv")
	writeFile(t, sheet, "name\n王芳\n")
	if out := l.ok("import", sheet, "--dry-run"); !strings.Contains(out, "1 added") {
		t.Errorf("dry run on no ledger: %s", out)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a dry run created %s: %v", dir, err)
	}
	// Writers create it and say so, once.
	r := l.run("", "add", "王芳")
	if r.code != 0 || r.err != "kehu: created a new ledger at "+l.path+"\n" {
		t.Fatalf("first add: exit %d, stderr %q", r.code, r.err)
	}
	if r := l.run("", "add", "李雷"); r.code != 0 || r.err != "" {
		t.Errorf("second add: exit %d, stderr %q", r.code, r.err)
	}
	if n := l.countAll(); n != 2 {
		t.Errorf("%d customers", n)
	}
}

// A command whose output cannot be written fails, whatever it is.
func TestFailedOutputExitsOne(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	l.ok("buy", "王芳", "--amount", "100")
	for _, args := range [][]string{
		{"agenda"}, {"agenda", "--json"}, {"tiers"}, {"tiers", "--json"}, {"tiers", "--explain", "王芳"},
		{"export"}, {"export", "--out", "-"}, {"export", "--format", "xlsx"}, {"add", "李雷"}, {"--version"}, {"export", "--help"},
	} {
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skip("no /dev/full")
		}
		cmd := exec.Command(kehuBin, args...)
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, l.env...)
		cmd.Stdout = full
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err = cmd.Run()
		full.Close()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Errorf("kehu %v > /dev/full: %v, want exit 1", args, err)
			continue
		}
		if !strings.Contains(errb.String(), "could not write the output: the disk is full") {
			t.Errorf("kehu %v > /dev/full: stderr %q", args, errb.String())
		}
	}
}

// asOtherUser makes cmd run as nobody when the tests run as root, who
// would otherwise write through any permission.
func asOtherUser(t *testing.T, cmd *exec.Cmd, dirs ...string) {
	t.Helper()
	if os.Getuid() != 0 {
		return
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	for _, d := range dirs {
		for ; d != "/" && d != "."; d = filepath.Dir(d) {
			fi, err := os.Stat(d)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm()&0o005 != 0o005 {
				if err := os.Chmod(d, fi.Mode().Perm()|0o005); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func TestReadOnlyLedgerCanBeReadAndExported(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	l.ok("buy", "王芳", "--amount", "1234.50", "--date", "2026-11-01")
	dir := filepath.Dir(l.path)
	outDir := t.TempDir()
	if err := os.Chmod(outDir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(l.path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.Chmod(dir, 0o700); err != nil {
			t.Error(err)
		}
	})
	var extraEnv []string
	run := func(args ...string) result {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, kehuBin, args...)
		cmd.Env = append(append([]string{"PATH=" + os.Getenv("PATH")}, l.env...), extraEnv...)
		asOtherUser(t, cmd, dir, outDir, filepath.Dir(kehuBin))
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		r := result{out: out.String(), err: errb.String()}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			r.code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := run("export", "--header", "keys", "--columns", "name,phone,total_spend")
	if r.code != 0 || r.out != "name,phone,total_spend\r\n王芳,13800138000,1234.50\r\n" {
		t.Fatalf("export of a read-only ledger: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	out := filepath.Join(outDir, "c.csv")
	if r := run("export", "--out", out); r.code != 0 {
		t.Errorf("export --out of a read-only ledger: exit %d: %s", r.code, r.err)
	} else if b, _ := os.ReadFile(out); !strings.Contains(string(b), "王芳") {
		t.Errorf("exported file %q", b)
	}
	for _, args := range [][]string{{"tiers"}, {"agenda"}, {"tiers", "--explain", "王芳"}} {
		if r := run(args...); r.code != 0 {
			t.Errorf("kehu %v on a read-only ledger: exit %d: %s", args, r.code, r.err)
		}
	}
	// Weeks later the stored grades are for another day: reading commands
	// still work, though they cannot save grades brought up to date.
	extraEnv = []string{"KEHU_NOW=2027-01-15 09:00:00"}
	for _, args := range [][]string{{"export", "--columns", "name,grade"}, {"tiers"}, {"agenda"}} {
		if r := run(args...); r.code != 0 {
			t.Errorf("kehu %v on a read-only ledger graded for another day: exit %d: %s (a reading command must not need to write)", args, r.code, r.err)
		}
	}
	extraEnv = nil
	r = run("add", "李雷")
	if r.code != 1 || !strings.Contains(r.err, l.path+" cannot be written (the file or its folder is read-only); nothing was changed") {
		t.Errorf("add to a read-only ledger: exit %d: %s", r.code, r.err)
	}
	noRawSQLite(t, "add to a read-only ledger", r.err)
	r = run("--lang", "zh", "buy", "王芳", "--amount", "5")
	if r.code != 1 || !strings.Contains(r.err, "无法写入（文件或所在文件夹是只读的），本次未做任何改动") {
		t.Errorf("zh buy on a read-only ledger: exit %d: %s", r.code, r.err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if n := l.countAll(); n != 1 {
		t.Errorf("%d customers after refused writes", n)
	}
}

// A writer waits for another process's write to finish; when it never
// does within the busy timeout, it says the ledger is busy.
func TestWriterWaitsForTheLockThenSaysBusy(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	st, err := store.Open(l.path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// A bulk load holds the write lock until it is closed.
	b, err := st.NewBulk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(time.Second)
		b.Abort()
	}()
	start := time.Now()
	l.ok("add", "李雷")
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Errorf("add finished after %v while the lock was held for 1s", waited)
	}
	b, err = st.NewBulk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Abort()
	start = time.Now()
	r := l.fails(1, []string{"the ledger is busy (another kehu is writing); nothing was changed"}, "buy", "王芳", "--amount", "10")
	noRawSQLite(t, "busy", r.err)
	if waited := time.Since(start); waited < 4*time.Second || waited > 15*time.Second {
		t.Errorf("gave up after %v, want about 5s", waited)
	}
	// Readers are not held up by a writer: the grades are today's, only
	// unsettled by 李雷's addition, and are read as they stand, saying so.
	start = time.Now()
	l.ok("agenda")
	r = l.run("", "--lang", "en", "export")
	// (each waits a tenth of a second for the lock: a reader that waited
	// the second a new day's regrade does would make this two at least)
	if d := time.Since(start); d > 1800*time.Millisecond {
		t.Errorf("reading beside a writer took %v", d)
	}
	if r.code != 0 || !strings.Contains(r.out, "李雷") || !strings.Contains(r.err, "changes since may have moved the cut points: ") || !strings.Contains(r.err, "the ledger is busy") {
		t.Errorf("export beside a writer: exit %d\nstdout: %s\nstderr: %s", r.code, r.out, r.err)
	}
}

func TestFileSizeLimitAndFullDiskSayNothingChanged(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	var b strings.Builder
	b.WriteString("name,notes\n")
	for i := range 20000 {
		b.WriteString("客户" + strings.Repeat("x", 5) + string(rune('A'+i%26)) + "-" + strconv.Itoa(i) + "," + strings.Repeat("备注", 60) + "\n")
	}
	sheet := filepath.Join(t.TempDir(), "big.csv")
	writeFile(t, sheet, b.String())
	before := l.snapshot()
	fi, _ := os.Stat(l.path)
	blocks := (fi.Size() + 512*1024) / 512 // room for half a megabyte more (sh counts 512-byte blocks)
	cmd := exec.Command("sh", "-c", "ulimit -f "+strconv.FormatInt(blocks, 10)+" && exec \"$0\" \"$@\"", kehuBin, "import", sheet)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, l.env...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("import past the file-size limit: %v: %s", err, errb.String())
	}
	if !strings.Contains(errb.String(), "reached the file-size limit of this session (ulimit -f); nothing was changed") {
		t.Errorf("file-size limit: %s", errb.String())
	}
	noRawSQLite(t, "file-size limit", errb.String())
	if l.snapshot() != before {
		t.Error("the refused import changed the ledger")
	}

	// A full disk: a small tmpfs, where the system allows mounting one.
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=600k"); err != nil {
		t.Logf("full disk not tested: cannot mount a tmpfs: %v", err)
		return
	}
	defer func() {
		if err := syscall.Unmount(mnt, 0); err != nil {
			t.Errorf("unmount the test's tmpfs: %v", err)
		}
	}()
	small := &ledger{t: t, path: filepath.Join(mnt, "ledger.db"), env: append(append([]string{}, l.env...), "KEHU_DB="+filepath.Join(mnt, "ledger.db"))}
	small.ok("add", "王芳")
	r := small.fails(1, []string{"the disk holding " + small.path + " is full; nothing was changed"}, "import", sheet)
	noRawSQLite(t, "disk full", r.err)
	small.fails(1, []string{"所在的磁盘已满，本次未做任何改动"}, "--lang", "zh", "import", sheet)
	if n := small.countAll(); n != 1 {
		t.Errorf("%d customers after imports refused for space", n)
	}
	// The customer added since the last full grading unsettled the grades;
	// with no room to regrade, a reading command still reads, saying so.
	r = small.run("", "--lang", "en", "export", "--columns", "name,grade", "--header", "keys")
	if r.code != 0 || r.out != "name,grade\r\n王芳,D\r\n" || !strings.Contains(r.err, "note: grades and scores are as computed earlier today; changes since may have moved the cut points: ") ||
		!strings.Contains(r.err, "the disk holding "+small.path+" is full") {
		t.Errorf("export on a full disk: exit %d\nstdout: %s\nstderr: %s", r.code, r.out, r.err)
	}
	noRawSQLite(t, "export on a full disk", r.err)
}
