package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrationTakesBackupFirst(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, st, map[string]string{"name": "王芳"})
	st.Close()

	// A future schema change: the test adds a migration for its duration.
	saved := migrations
	migrations = append(append([]string{}, saved...), `ALTER TABLE customers ADD COLUMN loyalty INTEGER NOT NULL DEFAULT 0;`)
	defer func() { migrations = saved }()

	st, err = Open(path)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer st.Close()
	var v int
	if err := st.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != len(saved)+1 {
		t.Errorf("user_version %d after migration", v)
	}
	if _, err := st.db.Exec("UPDATE customers SET loyalty = 1"); err != nil {
		t.Errorf("migrated column missing: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	var backup string
	for _, e := range entries {
		// named after the version it was taken at, the newest before the test's
		if strings.Contains(e.Name(), fmt.Sprintf(".v%d-", len(saved))) && strings.HasSuffix(e.Name(), ".bak") {
			backup = filepath.Join(dir, e.Name())
		}
	}
	if backup == "" {
		t.Fatalf("no backup beside the ledger: %v", entries)
	}
	migrations = saved
	old, err := Open(backup)
	if err != nil {
		t.Fatalf("backup does not open with the old schema: %v", err)
	}
	defer old.Close()
	if n, _ := old.CountAll(context.Background()); n != 1 {
		t.Errorf("backup has %d customers", n)
	}
}
