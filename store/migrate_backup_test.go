package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// oldLedgerBytes writes a ledger of the current schema holding names and
// returns its file's bytes, the write-ahead log folded in.
func oldLedgerBytes(t *testing.T, names ...string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		mustAdd(t, st, map[string]string{"name": n})
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the log outlived the close: %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withTestMigration adds a schema change for the test's duration, making
// every ledger written before it an old one.
func withTestMigration(t *testing.T) (oldSchema int) {
	saved := migrations
	migrations = append(append([]string{}, saved...), `ALTER TABLE customers ADD COLUMN test_mark INTEGER NOT NULL DEFAULT 0;`)
	t.Cleanup(func() { migrations = saved })
	return len(saved)
}

// backupsBeside maps each pre-migration backup beside the ledger at path
// (by file name) to what it holds.
func backupsBeside(t *testing.T, path string) map[string]LedgerInfo {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]LedgerInfo{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".bak") {
			continue
		}
		in, err := checkLedgerFile(context.Background(), filepath.Join(filepath.Dir(path), e.Name()), e.Name(), true)
		if err != nil {
			t.Errorf("backup %s: %v", e.Name(), err)
		}
		out[e.Name()] = in
	}
	return out
}

// An old ledger migrated, then another old ledger put in its place and
// migrated in the same second (as a second process, or an injected clock,
// would): each migration keeps its own complete backup; the second never
// takes the first one's file for its own.
func TestPreMigrationBackupsNeverShareAName(t *testing.T) {
	one := oldLedgerBytes(t, "王芳")
	two := oldLedgerBytes(t, "王芳", "李雷")
	old := withTestMigration(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.Local)
	migrate := func(file []byte) {
		t.Helper()
		if err := os.WriteFile(path, file, 0o600); err != nil {
			t.Fatal(err)
		}
		st, err := Open(path, WithClock(func() time.Time { return now }))
		if err != nil {
			t.Fatalf("migrate: %v", err)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	migrate(one)
	migrate(two)
	got := backupsBeside(t, path)
	stamp := fmt.Sprintf("ledger.db.v%d-20261130-100000", old)
	want := map[string]int{stamp + ".bak": 1, stamp + "-2.bak": 2}
	if len(got) != len(want) {
		t.Fatalf("backups %v, want %v", got, want)
	}
	for name, customers := range want {
		in, ok := got[name]
		if !ok || in.Schema != old || in.Customers != customers {
			t.Errorf("%s: %+v (there: %v), want schema %d with %d customers", name, in, ok, old, customers)
		}
	}
}

// Several processes opening one old ledger at once, in the same second:
// every one opens it migrated, and every backup left beside it is a whole
// copy of the old ledger, named after the schema it holds; none is a copy
// of the ledger another of them had already migrated.
func TestConcurrentMigrationBackupsAreOfTheOldLedger(t *testing.T) {
	file := oldLedgerBytes(t, "王芳")
	old := withTestMigration(t)
	path := filepath.Join(t.TempDir(), "ledger.db")
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.Local)
	const n = 4
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := Open(path, WithClock(func() time.Time { return now }))
			if err != nil {
				errs[i] = err
				return
			}
			defer st.Close()
			var v int
			if err := st.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != old+1 {
				errs[i] = fmt.Errorf("schema %d after open (%v), want %d", v, err, old+1)
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("opener %d: %v", i, err)
		}
	}
	got := backupsBeside(t, path)
	if len(got) == 0 {
		t.Fatal("no backup beside the migrated ledger")
	}
	prefix := fmt.Sprintf("ledger.db.v%d-20261130-100000", old)
	for name, in := range got {
		if !strings.HasPrefix(name, prefix) || in.Schema != old || in.Customers != 1 {
			t.Errorf("%s: %+v, want a copy of the schema-%d ledger with 1 customer", name, in, old)
		}
	}
}
