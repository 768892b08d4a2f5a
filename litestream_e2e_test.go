package main

import (
	"context"
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
	bin, err := exec.LookPath("litestream")
	if err != nil {
		if ciRequiresTools(os.Getenv("CI")) {
			t.Fatalf("litestream is required in CI: go install github.com/benbjohnson/litestream/cmd/litestream@%s (.ci/run does)", litestreamVersion)
		}
		t.Skip("litestream not installed")
	}
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13912345678")
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
	defer cancel()
	rep := exec.CommandContext(ctx, bin, "replicate", "-config", cfg)
	var repLog strings.Builder
	rep.Stdout, rep.Stderr = &repLog, &repLog
	if err := rep.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			_ = rep.Process.Kill()
			_ = rep.Wait() // killed: its exit status says nothing
		}
	}()
	// Litestream marks the ledger as replicated beside it.
	meta := filepath.Join(dir, ".ledger.db-litestream")
	waitUntil(t, 20*time.Second, func() bool { _, err := os.Stat(meta); return err == nil }, "Litestream's folder beside the ledger")

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

	// Stop Litestream as systemd would (SIGTERM): it syncs what is left.
	if err := rep.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := rep.Wait(); err != nil {
		t.Logf("litestream exited: %v\n%s", err, repLog.String())
	}
	stopped = true

	// The shop PC's disk dies: the ledger and everything beside it is gone.
	for _, p := range []string{l.path, l.path + "-wal", l.path + "-shm", l.path + ".lock"} {
		os.Remove(p)
	}
	os.RemoveAll(meta)
	restored := filepath.Join(t.TempDir(), "from-replica.db")
	out, err := exec.CommandContext(ctx, bin, "restore", "-config", cfg, "-o", restored, l.path).CombinedOutput()
	if err != nil {
		t.Fatalf("litestream restore: %v\n%s\nreplicate log:\n%s", err, out, repLog.String())
	}
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
