package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A snapshot taken while another connection is in the middle of a big
// write (an import) holds the ledger as it was before it, and passes its
// own check: never half an import.
func TestSnapshotDuringOpenWriteIsConsistent(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	for i := 0; i < 5; i++ {
		mustAdd(t, st, map[string]string{"name": fmt.Sprintf("老客户%d", i)})
	}
	// A second process's import: its own connection, a write transaction
	// left open while the snapshot runs.
	other, err := sql.Open("sqlite", dsn(st.Path(), modeReadWrite, 5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if _, err := tx.Exec(`INSERT INTO customers(name, created_at, updated_at) VALUES(?, '2026-11-22 10:00:00', '2026-11-22 10:00:00')`, fmt.Sprintf("导入%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	dst := filepath.Join(t.TempDir(), "mid-import.db")
	info, err := st.Snapshot(ctx, dst)
	if err != nil {
		t.Fatalf("snapshot during an open import: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if info.Customers != 5 {
		t.Errorf("snapshot says %d customers, want the 5 from before the import", info.Customers)
	}
	got, err := checkLedgerFile(ctx, dst, dst, true)
	if err != nil {
		t.Fatalf("the snapshot does not pass its check: %v", err)
	}
	if got.Customers != 5 || got.Schema != SchemaVersion() {
		t.Errorf("snapshot file holds %+v, want 5 customers at schema %d", got, SchemaVersion())
	}
	fi, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("snapshot mode %v, want 0600", fi.Mode().Perm())
	}
	// and the ledger has all 305 now
	now, err := st.Info(ctx)
	if err != nil || now.Customers != 305 {
		t.Errorf("ledger after the import: %+v, %v", now, err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dst), ".kehu-snapshot-*"))
	if len(leftovers) != 0 {
		t.Errorf("work folders left behind: %v", leftovers)
	}
}

// The state is fixed when BeginSnapshot returns: changes committed before
// the copy is written are not in it.
func TestBeginSnapshotFixesTheState(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	mustAdd(t, st, map[string]string{"name": "王芳"})
	p, err := st.BeginSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, st, map[string]string{"name": "李雷"})
	mustAdd(t, st, map[string]string{"name": "韩梅梅"})
	dst := filepath.Join(t.TempDir(), "s.db")
	info, err := p.Write(ctx, dst)
	p.Close()
	if err != nil {
		t.Fatal(err)
	}
	if info.Customers != 1 {
		t.Errorf("snapshot holds %d customers, want 1 (the state when it began)", info.Customers)
	}
	// The pool is usable afterwards (the read transaction really ended).
	mustAdd(t, st, map[string]string{"name": "张伟"})
	if n, _ := st.Info(ctx); n.Customers != 4 {
		t.Errorf("ledger has %d customers, want 4", n.Customers)
	}
}

func TestSnapshotNeverWritesOverTheLedger(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	mustAdd(t, st, map[string]string{"name": "王芳"})
	before, _ := os.ReadFile(st.Path())
	for _, dst := range []string{st.Path(), st.Path() + "-wal", st.Path() + "-shm", st.Path() + "-journal"} {
		_, err := st.Snapshot(ctx, dst)
		if err == nil || !strings.Contains(err.Error(), "ledger itself") {
			t.Errorf("snapshot to %s: %v, want a refusal naming the ledger", filepath.Base(dst), err)
		}
	}
	// through a symlink too
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(st.Path(), link); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Snapshot(ctx, link); err == nil || !strings.Contains(err.Error(), "ledger itself") {
		t.Errorf("snapshot through a symlink to the ledger: %v", err)
	}
	after, _ := os.ReadFile(st.Path())
	if string(before) != string(after) {
		t.Error("the ledger file changed")
	}
	if n, _ := st.Info(ctx); n.Customers != 1 {
		t.Errorf("ledger has %d customers, want 1", n.Customers)
	}
}

func TestCheckLedgerFileFindsDamage(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	for i := 0; i < 200; i++ {
		mustAdd(t, st, map[string]string{"name": fmt.Sprintf("客户%d", i), "notes": strings.Repeat("备注", 40)})
	}
	dst := filepath.Join(t.TempDir(), "s.db")
	if _, err := st.Snapshot(ctx, dst); err != nil {
		t.Fatal(err)
	}
	if _, err := checkLedgerFile(ctx, dst, dst, true); err != nil {
		t.Fatalf("a fresh snapshot fails its check: %v", err)
	}
	b, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	// Scribble over the middle pages: table and index pages of customers.
	for i := len(b) / 4; i < len(b)/2; i++ {
		b[i] = 0x55
	}
	bad := filepath.Join(t.TempDir(), "bad.db")
	if err := os.WriteFile(bad, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := checkLedgerFile(ctx, bad, bad, true); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("damaged file: %v, want 'damaged'", err)
	}
	text := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(text, []byte("not a database at all, but long enough to have a header of 100 bytes....................................."), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := checkLedgerFile(ctx, text, text, true); err == nil || !strings.Contains(err.Error(), "not an SQLite file") {
		t.Errorf("text file: %v", err)
	}
	foreign := filepath.Join(t.TempDir(), "foreign.db")
	fdb, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec("CREATE TABLE t(x)"); err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	if _, err := checkLedgerFile(ctx, foreign, foreign, true); err == nil || !strings.Contains(err.Error(), "another program") {
		t.Errorf("foreign SQLite file: %v", err)
	}
}

// A snapshot from an older schema is brought up to date on restore, and the
// restored ledger holds exactly what the snapshot held.
func TestRestoreMigratesAnOlderSnapshot(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	oldLedger := filepath.Join(dir, "old.db")
	st, err := Open(oldLedger)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, st, map[string]string{"name": "王芳"})
	mustAdd(t, st, map[string]string{"name": "李雷"})
	snap := filepath.Join(dir, "old-snapshot.db")
	if _, err := st.Snapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	st.Close()

	saved := migrations
	migrations = append(append([]string{}, saved...), `ALTER TABLE customers ADD COLUMN loyalty INTEGER NOT NULL DEFAULT 0;`)
	defer func() { migrations = saved }()

	cur, err := Open(filepath.Join(dir, "current.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cur.Close()
	mustAdd(t, cur, map[string]string{"name": "韩梅梅"})
	work := t.TempDir()
	prepared, info, err := PrepareRestore(ctx, snap, work)
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	if info.Schema != len(saved)+1 || info.Customers != 2 {
		t.Errorf("prepared copy: %+v, want schema %d and 2 customers", info, len(saved)+1)
	}
	if err := cur.RestoreFrom(ctx, prepared); err != nil {
		t.Fatalf("restore: %v", err)
	}
	got, _ := cur.Info(ctx)
	if got.Customers != 2 {
		t.Errorf("restored ledger has %d customers, want 2", got.Customers)
	}
	var names string
	if err := cur.db.QueryRow("SELECT group_concat(name, ',') FROM (SELECT name FROM customers ORDER BY id)").Scan(&names); err != nil {
		t.Fatal(err)
	}
	if names != "王芳,李雷" {
		t.Errorf("restored names %q", names)
	}
	if _, err := cur.db.Exec("UPDATE customers SET loyalty = 1"); err != nil {
		t.Errorf("restored ledger lacks the new schema's column: %v", err)
	}
	// the snapshot given was only read
	if in, err := checkLedgerFile(ctx, snap, snap, true); err != nil || in.Schema != len(saved) {
		t.Errorf("the snapshot itself changed: %+v, %v", in, err)
	}
}

// Under Litestream (its folder beside the ledger) kehu makes no checkpoint
// of its own: Litestream must copy the log before it is truncated.
func TestCheckpointStandsAsideForLitestream(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	hold := func() func() {
		// another reader keeps the log from being folded in on close
		r, err := sql.Open("sqlite", dsn(st.Path(), modeReadOnly, time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if err := r.QueryRow("SELECT count(*) FROM customers").Scan(new(int)); err != nil {
			t.Fatal(err)
		}
		return func() { r.Close() }
	}
	defer hold()()
	walSize := func() int64 {
		fi, err := os.Stat(st.Path() + "-wal")
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	if err := os.Mkdir(filepath.Join(filepath.Dir(st.Path()), ".ledger.db-litestream"), 0o700); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, st, map[string]string{"name": "王芳"})
	if !st.Replicated() {
		t.Fatal("Litestream's folder beside the ledger is not noticed")
	}
	if err := st.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if walSize() == 0 {
		t.Error("kehu truncated the log while Litestream replicates the ledger")
	}
	os.Remove(filepath.Join(filepath.Dir(st.Path()), ".ledger.db-litestream"))
	if err := st.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if n := walSize(); n != 0 {
		t.Errorf("without Litestream the checkpoint leaves a %d-byte log", n)
	}
}

// A ledger copied while in use comes with its write-ahead log: restore
// takes the log's changes too.
func TestPrepareRestoreFoldsTheLogBesideTheFile(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	mustAdd(t, st, map[string]string{"name": "王芳"})
	if err := st.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"李雷", "韩梅梅", "张伟"} {
		mustAdd(t, st, map[string]string{"name": n})
	}
	copied := filepath.Join(t.TempDir(), "copied.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(st.Path() + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copied+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if in, err := checkLedgerFile(ctx, copied, copied, true); err != nil || in.Customers != 1 {
		t.Fatalf("the file alone should hold only the checkpointed customer: %+v %v", in, err)
	}
	_, info, err := PrepareRestore(ctx, copied, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if info.Customers != 4 {
		t.Errorf("prepared copy holds %d customers, want 4 (the log's 3 included)", info.Customers)
	}
	if fi, err := os.Stat(copied + "-wal"); err != nil || fi.Size() == 0 {
		t.Error("the log beside the file given was changed")
	}
}

// Snapshot folders and files may have any name, URI characters included.
func TestSnapshotAndRestoreUnderAnOddFolderName(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	mustAdd(t, st, map[string]string{"name": "王芳"})
	dir := filepath.Join(t.TempDir(), "备份 ?#%41 x")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(dir, "a?b#c%41.db")
	if _, err := st.Snapshot(ctx, snap); err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	mustAdd(t, st, map[string]string{"name": "李雷"})
	prepared, info, err := PrepareRestore(ctx, snap, dir)
	if err != nil || info.Customers != 1 {
		t.Fatalf("prepare: %+v %v", info, err)
	}
	if err := st.RestoreFrom(ctx, prepared); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got, _ := st.Info(ctx); got.Customers != 1 {
		t.Errorf("restored ledger has %d customers, want 1", got.Customers)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); n != "a?b#c%41.db" && n != "restore.db" {
			t.Errorf("stray file %q (a URI read as a different name?)", n)
		}
	}
}
