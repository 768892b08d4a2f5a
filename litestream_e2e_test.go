package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// litestreamVersion is the Litestream release .ci/run installs and the
// README's configuration is written for.
const litestreamVersion = "v0.3.13"

// Litestream replicates a ledger while kehu writes it; after the ledger
// is lost, litestream restore + kehu restore give back every committed
// change, and kehu's own checkpoints stand aside while Litestream runs.
func TestLitestreamReplicaRestoresEveryChange(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13912345678")
	ls := startLitestream(t, l)
	dir := filepath.Dir(l.path)

	for i := 0; i < 40; i++ {
		name := fmt.Sprintf("客户%02d", i)
		l.ok("add", name, "--tag", "复制")
		if i%4 == 0 {
			l.ok("buy", name, "--amount", fmt.Sprintf("%d.25", 100+i))
		}
		if i%5 == 0 {
			l.ok("log", name, "--channel", "phone", "--note", "回访")
		}
	}
	// A restore while Litestream runs is one more write to replicate: the
	// ledger file is written in place, never swapped under it.
	mid := filepath.Join(dir, "mid.db")
	l.ok("backup", mid)
	for i := 0; i < 5; i++ {
		l.ok("add", fmt.Sprintf("撤销的客户%d", i))
	}
	l.ok("restore", mid, "--yes")
	l.ok("add", "恢复后的客户", "--phone", "13800000001")
	want := l.ok("export", "--header", "keys")
	if strings.Contains(want, "撤销的客户") || !strings.Contains(want, "恢复后的客户") {
		t.Fatalf("the restore under Litestream did not take:\n%s", want)
	}

	ls.stop()

	// The shop PC's disk dies: the ledger and everything beside it is gone.
	for _, p := range []string{l.path, l.path + "-wal", l.path + "-shm", l.path + ".lock"} {
		os.Remove(p)
	}
	os.RemoveAll(ls.meta)
	restored := ls.restore()
	r := l.run("", "restore", restored, "--yes")
	if r.code != 0 {
		t.Fatalf("kehu restore of litestream's file: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if got := l.ok("export", "--header", "keys"); got != want {
		t.Errorf("the ledger restored from the replica differs from the one replicated:\n--- want\n%.800s\n--- got\n%.800s", want, got)
	}
	if n := strings.Count(want, "\n"); n != 43 { // header, 王芳, 40 customers, the one after the restore
		t.Errorf("export has %d lines, want 43", n)
	}
}

// The table and the CLI write the same ledger, interleaved, while
// Litestream replicates it: every change either committed is in the file
// litestream restore gives back, and kehu restore puts it in a fresh ledger.
func TestLitestreamReplicatesTableAndCLIWrites(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13912345678")
	ls := startLitestream(t, l)
	tt := startTUI(t, l, 120, 30)
	tt.waitFor("row 1/1")
	for i, amount := range []string{"88", "89", "90"} {
		fromTable := fmt.Sprintf("表格客户%d", i)
		fromCLI := fmt.Sprintf("命令客户%d", i)
		// The table adds a customer…
		tt.keys("a")
		tt.waitFor("new customer")
		tt.typeText(fromTable)
		tt.keys("Enter")
		tt.waitFor("added " + fromTable)
		// …the CLI adds another and logs a purchase for the table's…
		l.ok("add", fromCLI)
		l.ok("buy", fromTable, "--amount", fmt.Sprintf("10%d.50", i))
		// …and the table logs a purchase for the CLI's.
		tt.keys("f", "C-u")
		tt.typeText("name=" + fromCLI)
		tt.keys("Enter")
		tt.waitFor("filter: name="+fromCLI, "row 1/1")
		tt.keys("p")
		tt.typeText(amount)
		tt.keys("C-s")
		tt.waitFor("purchase ¥" + amount + ".00 logged for " + fromCLI)
		tt.keys("F")
		tt.waitFor("filter cleared")
	}
	l.ok("add", "最后的客户", "--phone", "13800000002")
	want := l.ok("export", "--header", "keys")

	// Litestream stops while the table is still open: what the table
	// committed must already be in the replica, not flushed by its exit.
	ls.stop()
	tt.quit()

	restored := ls.restore()
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	if r := l.run("", "--db", fresh, "restore", restored, "--yes"); r.code != 0 {
		t.Fatalf("kehu restore of litestream's file: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	got := l.ok("--db", fresh, "export", "--header", "keys")
	if got != want {
		t.Errorf("the ledger restored from the replica differs from the one replicated:\n--- want\n%s\n--- got\n%s", want, got)
	}
	// name → total spend and number of purchases, as written above.
	wantRows := map[string][2]string{
		"王芳":    {"0.00", "0"},
		"表格客户0": {"100.50", "1"},
		"表格客户1": {"101.50", "1"},
		"表格客户2": {"102.50", "1"},
		"命令客户0": {"88.00", "1"},
		"命令客户1": {"89.00", "1"},
		"命令客户2": {"90.00", "1"},
		"最后的客户": {"0.00", "0"},
	}
	rows, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatalf("read the restored export: %v\n%s", err, got)
	}
	if len(rows) != 1+len(wantRows) {
		t.Fatalf("restored export has %d rows, want %d:\n%s", len(rows), 1+len(wantRows), got)
	}
	col := map[string]int{}
	for i, k := range rows[0] {
		col[k] = i
	}
	for _, row := range rows[1:] {
		name := row[col["name"]]
		w, ok := wantRows[name]
		if !ok {
			t.Errorf("restored ledger has an unexpected customer %q", name)
			continue
		}
		delete(wantRows, name)
		if g := [2]string{row[col["total_spend"]], row[col["purchases"]]}; g != w {
			t.Errorf("%s restored with total spend %s over %s purchases, want %s over %s", name, g[0], g[1], w[0], w[1])
		}
	}
	for name := range wantRows {
		t.Errorf("%s is missing from the restored ledger", name)
	}
}

// litestreamRun is a `litestream replicate` of one ledger to a local file
// replica, configured as the README says.
type litestreamRun struct {
	t       *testing.T
	bin     string
	cfg     string
	meta    string // Litestream's folder beside the ledger
	ledger  string
	cmd     *exec.Cmd
	log     *strings.Builder
	stopped bool
}

// startLitestream starts replicating l's ledger (which must exist) and
// waits until Litestream has taken it over.
func startLitestream(t *testing.T, l *ledger) *litestreamRun {
	t.Helper()
	bin, err := exec.LookPath("litestream")
	if err != nil {
		if ciRequiresTools(os.Getenv("CI")) {
			t.Fatalf("litestream is required in CI: go install github.com/benbjohnson/litestream/cmd/litestream@%s (.ci/run does)", litestreamVersion)
		}
		t.Skip("litestream not installed")
	}
	dir := filepath.Dir(l.path)
	replica := filepath.Join(dir, "replica")
	cfg := filepath.Join(dir, "litestream.yml")
	// The README's configuration, with the paths of this test and a short
	// sync interval so the test does not wait.
	yml := fmt.Sprintf(`dbs:
  - path: %s
    replicas:
      - type: file
        path: %s
        sync-interval: 200ms
`, l.path, replica)
	if err := os.WriteFile(cfg, []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	ls := &litestreamRun{t: t, bin: bin, cfg: cfg, ledger: l.path, log: &strings.Builder{},
		meta: filepath.Join(dir, ".ledger.db-litestream")}
	ls.cmd = exec.CommandContext(ctx, bin, "replicate", "-config", cfg)
	ls.cmd.Stdout, ls.cmd.Stderr = ls.log, ls.log
	if err := ls.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if !ls.stopped {
			_ = ls.cmd.Process.Kill()
			_ = ls.cmd.Wait() // killed: its exit status says nothing
		}
	})
	// Litestream marks the ledger as replicated beside it.
	waitUntil(t, 20*time.Second, func() bool { _, err := os.Stat(ls.meta); return err == nil }, "Litestream's folder beside the ledger")
	return ls
}

// stop stops Litestream as systemd would (SIGTERM): it syncs what is left.
func (ls *litestreamRun) stop() {
	ls.t.Helper()
	if err := ls.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		ls.t.Fatal(err)
	}
	if err := ls.cmd.Wait(); err != nil {
		ls.t.Logf("litestream exited: %v\n%s", err, ls.log.String())
	}
	ls.stopped = true
}

// restore runs `litestream restore` from the replica into a new file and
// returns its path.
func (ls *litestreamRun) restore() string {
	ls.t.Helper()
	restored := filepath.Join(ls.t.TempDir(), "from-replica.db")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, ls.bin, "restore", "-config", ls.cfg, "-o", restored, ls.ledger).CombinedOutput()
	if err != nil {
		ls.t.Fatalf("litestream restore: %v\n%s\nreplicate log:\n%s", err, out, ls.log.String())
	}
	return restored
}

func waitUntil(t *testing.T, limit time.Duration, ok func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
