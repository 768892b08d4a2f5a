package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/backup"
)

// backupsDir is where the test ledger's snapshots go (HOME is the test's
// folder and XDG_STATE_HOME is not set).
func (l *ledger) backupsDir() string {
	return filepath.Join(filepath.Dir(l.path), ".local", "state", "kehu", "backups")
}

// snapshotDays lists the snapshot files in the backups folder by their
// time stamp (YYYYMMDD-HHMMSS), oldest first.
func (l *ledger) snapshotStamps() []string {
	l.t.Helper()
	entries, err := os.ReadDir(l.backupsDir())
	if err != nil {
		l.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".ledger-") && strings.HasSuffix(name, "-daily.lock") {
			continue // the lock that lets one kehu take the day's snapshot
		}
		if strings.HasPrefix(name, ".") {
			l.t.Errorf("work file left in the backups folder: %s", name)
			continue
		}
		fi, _ := e.Info()
		if fi.Mode().Perm() != 0o600 {
			l.t.Errorf("%s has mode %v, want 0600", name, fi.Mode().Perm())
		}
		// ledger-<8 hex>-<stamp>[-before-restore].db
		stamp := strings.TrimSuffix(strings.TrimPrefix(name, "ledger-"), ".db")
		out = append(out, stamp[9:])
	}
	slices.Sort(out)
	return out
}

func (l *ledger) withNow(now string) *ledger {
	c := *l
	c.env = nil
	for _, e := range l.env {
		if !strings.HasPrefix(e, "KEHU_NOW=") {
			c.env = append(c.env, e)
		}
	}
	c.env = append(c.env, "KEHU_NOW="+now)
	return &c
}

// 400 days of a shop that opens kehu every day but Sunday and was closed
// for Spring Festival: the first open of each day takes a snapshot, the
// folder keeps exactly 7 daily, 4 weekly and 12 monthly ones, and restoring
// a kept snapshot gives back, byte for byte, the export taken when it was
// made.
func TestDailySnapshotsOver400Days(t *testing.T) {
	if testing.Short() {
		t.Skip("400 days of commands")
	}
	l := newLedger(t)
	start := time.Date(2025, 10, 27, 0, 0, 0, 0, time.Local)
	var exportAtSnapshot string
	opened := 0
	for d := 0; d < 400; d++ {
		date := start.AddDate(0, 0, d)
		closed := date.Weekday() == time.Sunday || (!date.Before(time.Date(2026, 2, 14, 0, 0, 0, 0, time.Local)) && !date.After(time.Date(2026, 2, 22, 0, 0, 0, 0, time.Local)))
		if closed {
			continue
		}
		opened++
		day := l.withNow(date.Format("2006-01-02") + " 09:00:00")
		if date.Format("2006-01-02") == "2026-09-30" {
			exportAtSnapshot = day.ok("export", "--header", "keys")
		}
		name := fmt.Sprintf("客户%03d", d)
		day.ok("add", name, "--phone", fmt.Sprintf("139%08d", d))
		if d%3 == 0 {
			day.ok("buy", name, "--amount", fmt.Sprintf("%d.50", 10+d))
		}
	}
	if opened != 336 {
		t.Fatalf("the shop opened on %d days, the test expects 336", opened)
	}
	// A second open on the last day takes no second snapshot.
	last := l.withNow("2026-11-30 17:00:00")
	last.ok("add", "晚到的客户")

	want := []string{
		"20251231-090000", // monthly: the newest of each of the last 12 months
		"20260131-090000",
		"20260228-090000", // (the shop reopened on the 23rd)
		"20260331-090000",
		"20260430-090000",
		"20260530-090000", // 31 May 2026 is a Sunday
		"20260630-090000",
		"20260731-090000",
		"20260831-090000",
		"20260930-090000",
		"20261031-090000",
		"20261114-090000", // weekly: Saturdays of the two weeks before
		"20261121-090000",
		"20261123-090000", // daily: the last 7 open days (29 Nov is a Sunday)
		"20261124-090000",
		"20261125-090000",
		"20261126-090000",
		"20261127-090000",
		"20261128-090000",
		"20261130-090000",
	}
	if got := l.snapshotStamps(); !slices.Equal(got, want) {
		t.Fatalf("snapshots kept:\n%v\nwant:\n%v", got, want)
	}
	if fi, err := os.Stat(l.backupsDir()); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("backups folder: %v %v, want mode 0700", fi.Mode().Perm(), err)
	}

	list := last.ok("backup", "--list")
	for _, s := range []string{"2026-09-30 09:00", "2026-11-30 09:00", "customers"} {
		if !strings.Contains(list, s) {
			t.Errorf("backup --list does not show %q:\n%s", s, list)
		}
	}

	// A damaged copy of a snapshot is refused and changes nothing.
	before := last.ok("export", "--header", "keys")
	snap := filepath.Join(l.backupsDir(), "ledger-"+ledgerTag(t, l)+"-20260930-090000.db")
	b, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) / 4; i < len(b)/2; i++ {
		b[i] ^= 0x5a
	}
	damaged := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(damaged, b, 0o600); err != nil {
		t.Fatal(err)
	}
	last.fails(1, []string{"damaged"}, "restore", damaged, "--yes")
	if after := last.ok("export", "--header", "keys"); after != before {
		t.Error("a refused restore changed the ledger")
	}

	// Restore the 30 September snapshot by its name in the folder.
	out := last.ok("restore", filepath.Base(snap), "--yes")
	if !strings.Contains(out, "kept as") {
		t.Errorf("restore does not say where the current ledger was kept:\n%s", out)
	}
	// (exported with the snapshot's day as today, as it was taken)
	then := l.withNow("2026-09-30 09:00:00")
	if got := then.ok("export", "--header", "keys"); got != exportAtSnapshot {
		t.Errorf("export after restore differs from the export when the snapshot was made:\n--- then\n%.600s\n--- now\n%.600s", exportAtSnapshot, got)
	}
	// The ledger as it was before the restore is kept, and comes back too.
	stamps := l.snapshotStamps()
	if !slices.Contains(stamps, "20261130-170000-before-restore") {
		t.Fatalf("no before-restore snapshot: %v", stamps)
	}
	last.ok("restore", "ledger-"+ledgerTag(t, l)+"-20261130-170000-before-restore.db", "--yes")
	if got := last.ok("export", "--header", "keys"); got != before {
		t.Error("restoring the before-restore snapshot does not give back the ledger as it was")
	}
}

// ledgerTag is the digest part of the ledger's snapshot names, read from
// the folder (the test does not recompute it).
func ledgerTag(t *testing.T, l *ledger) string {
	t.Helper()
	entries, _ := os.ReadDir(l.backupsDir())
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, "ledger-") {
			return n[len("ledger-") : len("ledger-")+8]
		}
	}
	t.Fatal("no snapshot in the backups folder")
	return ""
}

// A snapshot that cannot be written (no backups folder can be made, a
// file size limit) is reported on stderr, leaves nothing behind, and never
// fails or changes the command's own work.
func TestFailedSnapshotsAreReportedAndLeaveNothing(t *testing.T) {
	l := newLedger(t)
	state := filepath.Join(filepath.Dir(l.path), ".local", "state", "kehu")
	if err := os.MkdirAll(state, 0o700); err != nil {
		t.Fatal(err)
	}
	// "backups" is a file: the folder cannot be made.
	if err := os.WriteFile(filepath.Join(state, "backups"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := l.run("", "add", "王芳")
	if r.code != 0 || !strings.Contains(r.out, "added") {
		t.Fatalf("add with a broken backups folder: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.err, "backups") || !strings.Contains(r.err, "not a folder") {
		t.Errorf("stderr does not report the failed snapshot: %q", r.err)
	}
	zh := l.withNow(fixedDay + " 11:00:00")
	zh.env = append(zh.env, "KEHU_LANG=zh")
	r = zh.run("", "add", "李雷")
	if r.code != 0 || !strings.Contains(r.err, "不是文件夹") {
		t.Errorf("Chinese: exit %d, stderr %q", r.code, r.err)
	}
	l.fails(1, []string{"not a folder"}, "backup")
	os.Remove(filepath.Join(state, "backups"))

	// A file size limit smaller than the ledger: the snapshot is refused
	// with a message, and no file, whole or partial, is left.
	for i := 0; i < 40; i++ {
		l.ok("add", fmt.Sprintf("客户%02d", i), "--company", strings.Repeat("很长的公司名称", 200))
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to set a file size limit")
	}
	dst := filepath.Join(t.TempDir(), "limited.db")
	cmd := exec.Command("sh", "-c", `ulimit -f 64 && exec "$0" "$@"`, kehuBin, "backup", dst)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, l.env...)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("backup under a 32 KB file size limit succeeded: %s", out)
	}
	if !strings.Contains(string(out), "file size limit") || !strings.Contains(string(out), "not changed") {
		t.Errorf("message: %s", out)
	}
	if _, err := os.Stat(dst); err == nil {
		t.Error("a partial snapshot was left under the name asked for")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dst), ".kehu-snapshot-*"))
	if len(left) > 0 {
		t.Errorf("work folders left: %v", left)
	}
}

// restore refuses while another kehu holds the ledger, without a terminal
// and without --yes, and for a file that is not a kehu ledger; each time
// the ledger is untouched.
func TestRestoreRefusals(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13912345678")
	snap := filepath.Join(t.TempDir(), "one.db")
	l.ok("backup", snap)
	l.ok("add", "李雷")
	before := l.snapshot()

	l.fails(1, []string{"--yes", "nothing was changed"}, "restore", snap)
	l.fails(1, []string{"the ledger itself"}, "restore", l.path, "--yes")
	notKehu := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(notKehu, []byte(strings.Repeat("not a ledger ", 20)), 0o600); err != nil {
		t.Fatal(err)
	}
	l.fails(1, []string{"not a kehu ledger"}, "restore", notKehu, "--yes")
	l.fails(1, []string{"no file at"}, "restore", "nosuch.db", "--yes")

	// Another kehu has the ledger open (the table holds this lock).
	lock, err := backup.HoldShared(l.path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	l.fails(1, []string{"open in another kehu", "nothing was changed"}, "restore", snap, "--yes")
	lock.Release()
	if after := l.snapshot(); after != before {
		t.Error("a refused restore changed the ledger")
	}
	out := l.ok("restore", snap, "--yes")
	for _, s := range []string{"customers", "2", "1", "restored"} {
		if !strings.Contains(out, s) {
			t.Errorf("restore output lacks %q:\n%s", s, out)
		}
	}
	if got := l.snapshot(); strings.Contains(got, "李雷") || !strings.Contains(got, "王芳") {
		t.Errorf("after restore:\n%s", got)
	}
}

// The table holds the ledger: a restore is refused while it is open.
func TestRestoreRefusedWhileTheTableIsOpen(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	snap := filepath.Join(t.TempDir(), "one.db")
	l.ok("backup", snap)
	tt := startTUI(t, l, 100, 30)
	tt.waitFor("王芳")
	l.fails(1, []string{"open in another kehu"}, "restore", snap, "--yes")
	tt.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := l.run("", "restore", snap, "--yes")
		if r.code == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("restore still refused after the table quit: %s", r.err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// The table shows a failed daily snapshot in its status line (and the
// table itself opens as usual).
func TestTableShowsAFailedSnapshot(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	state := filepath.Join(filepath.Dir(l.path), ".local", "state", "kehu")
	// Yesterday's snapshot exists; today the backups folder is a file.
	os.RemoveAll(filepath.Join(state, "backups"))
	if err := os.WriteFile(filepath.Join(state, "backups"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tt := startTUI(t, l, 120, 30)
	tt.waitFor("王芳", "not a folder")
}

// Several kehu started at once on a new day take one snapshot between them,
// and none of them warns about it.
func TestConcurrentFirstOpensTakeOneSnapshot(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	day := l.withNow("2026-11-23 09:00:00")
	results := make(chan result, 6)
	for i := 0; i < 6; i++ {
		go func(i int) { results <- day.run("", "add", fmt.Sprintf("客户%d", i)) }(i)
	}
	for i := 0; i < 6; i++ {
		r := <-results
		if r.code != 0 || strings.TrimSpace(r.err) != "" {
			t.Errorf("concurrent add: exit %d, stderr %q", r.code, r.err)
		}
	}
	got := l.snapshotStamps()
	var on23 []string
	for _, s := range got {
		if strings.HasPrefix(s, "20261123") {
			on23 = append(on23, s)
		}
	}
	if len(on23) != 1 {
		t.Errorf("snapshots taken on 23 November: %v, want exactly one", on23)
	}
}

// A folder set in the ledger takes the snapshots (daily, manual, before a
// restore), and list and restore find them there.
func TestSnapshotFolderSetInTheLedger(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	second := filepath.Join(t.TempDir(), "second-disk", "kehu")
	out := l.ok("backup", "--set-folder", second)
	if !strings.Contains(out, second) {
		t.Errorf("--set-folder says %q", out)
	}
	if fi, err := os.Stat(second); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("the folder was not made 0700: %v", err)
	}
	next := l.withNow("2026-11-23 09:00:00")
	next.ok("add", "李雷") // the day's first open: its snapshot goes to the set folder
	entries, _ := os.ReadDir(second)
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	if len(names) != 1 || !strings.Contains(names[0], "20261123-090000") {
		t.Fatalf("set folder holds %v, want the 23 November snapshot", names)
	}
	if list := next.ok("backup", "--list"); !strings.Contains(list, names[0]) || !strings.Contains(list, "1 customers") {
		t.Errorf("--list does not show the set folder's snapshot:\n%s", list)
	}
	next.ok("restore", names[0], "--yes")
	if got := next.snapshot(); strings.Contains(got, "李雷") {
		t.Errorf("restore by name from the set folder did not take:\n%s", got)
	}
	kept, _ := filepath.Glob(filepath.Join(second, "*-before-restore.db"))
	if len(kept) != 1 {
		t.Errorf("before-restore snapshot in the set folder: %v", kept)
	}
	l.fails(2, []string{"--set-folder"}, "backup", "--list", "--set-folder", second)
	back := next.ok("backup", "--set-folder", "")
	if !strings.Contains(back, filepath.Join(".local", "state", "kehu", "backups")) {
		t.Errorf("--set-folder \"\" should go back to the default: %q", back)
	}
}

// On a terminal, restore asks: "n" changes nothing, "y" restores.
func TestRestoreAsksOnTheTerminal(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	snap := filepath.Join(t.TempDir(), "one.db")
	l.ok("backup", snap)
	l.ok("add", "李雷")
	before := l.snapshot()

	tt := startTUI(t, l, 100, 30, "restore", snap)
	tt.waitFor("[y/N]", "current ledger", "to restore")
	tt.typeText("n")
	tt.keys("Enter")
	waitUntil(t, 10*time.Second, func() bool { return !tt.alive() }, "restore to end after 'n'")
	if got := l.snapshot(); got != before {
		t.Fatal("answering n changed the ledger")
	}

	tt = startTUI(t, l, 100, 30, "restore", snap)
	tt.waitFor("[y/N]")
	tt.typeText("y")
	tt.keys("Enter")
	waitUntil(t, 10*time.Second, func() bool { return !tt.alive() }, "restore to end after 'y'")
	if got := l.snapshot(); strings.Contains(got, "李雷") || !strings.Contains(got, "王芳") {
		t.Fatalf("answering y did not restore:\n%s", got)
	}
}

// alive says whether the program in the tmux session is still running.
func (tt *tmuxTUI) alive() bool {
	return exec.Command("tmux", "-L", tt.socket, "has-session", "-t", tt.session).Run() == nil
}

// A ledger too damaged to open is what restore is for: it is kept byte for
// byte beside the snapshots and the snapshot takes its place.
func TestRestoreOverADamagedLedger(t *testing.T) {
	l := newLedger(t)
	for i := 0; i < 30; i++ {
		l.ok("add", fmt.Sprintf("客户%02d", i), "--company", strings.Repeat("公司", 50))
	}
	snap := filepath.Join(t.TempDir(), "good.db")
	l.ok("backup", snap)
	want := l.snapshot()
	b, err := os.ReadFile(l.path)
	if err != nil {
		t.Fatal(err)
	}
	// Everything after the first page (the schema) is scribbled over.
	for i := 4096; i < len(b); i++ {
		b[i] = 0x33
	}
	if err := os.WriteFile(l.path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	l.fails(1, []string{"damaged"}, "export")
	out := l.ok("restore", snap, "--yes")
	if !strings.Contains(out, "damaged") || !strings.Contains(out, "kept as") {
		t.Errorf("restore over a damaged ledger says:\n%s", out)
	}
	if got := l.snapshot(); got != want {
		t.Errorf("after restore:\n%s\nwant:\n%s", got, want)
	}
	kept, _ := filepath.Glob(filepath.Join(l.backupsDir(), "*-before-restore.db"))
	if len(kept) != 1 {
		t.Fatalf("the damaged ledger was not kept: %v", kept)
	}
	if k, _ := os.ReadFile(kept[0]); string(k) != string(b) {
		t.Error("the kept copy is not the damaged ledger byte for byte")
	}
}
