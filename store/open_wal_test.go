package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Another process holds the write lock of a new, still empty ledger (as a
// second kehu does while it switches the file to write-ahead logging):
// SQLite answers this one's switch with "busy" at once, not after the busy
// timeout, so several kehus starting together on a new ledger failed now
// and then. Opening waits for the lock as a write would, then opens the
// ledger ready for use.
func TestOpenWaitsForTheWriteLockBeforeTheSwitchToWAL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil { // created, not yet built
		t.Fatal(err)
	}
	ctx := context.Background()
	other, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	writer, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := writer.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		t.Fatal(err)
	}
	released := make(chan time.Time, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		released <- time.Now()
		_ = writer.Rollback() // nothing written
	}()
	st, err := Open(path)
	if err != nil {
		t.Fatalf("open beside a writer of the new ledger: %v", err)
	}
	defer st.Close()
	if opened, at := time.Now(), <-released; opened.Before(at) {
		t.Errorf("opened at %v, before the writer let go at %v", opened, at)
	}
	var journal string
	if err := st.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal); err != nil || journal != "wal" {
		t.Errorf("journal mode %q (%v), want wal", journal, err)
	}
	if _, err := st.AddCustomer(ctx, map[string]string{"name": "王芳"}); err != nil {
		t.Errorf("write after the open: %v", err)
	}
}
