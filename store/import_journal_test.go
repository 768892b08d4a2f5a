package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"os"
	"strings"
	"testing"
)

// namedRows yields n customers named 客户0… with a phone each, then err
// if it is not nil.
func namedRows(n int, err error) iter.Seq2[ImportRow, error] {
	return func(yield func(ImportRow, error) bool) {
		for i := range n {
			if !yield(ImportRow{Line: i + 2, Values: map[string]any{"name": fmt.Sprintf("客户%d", i), "phone": fmt.Sprintf("139%08d", i)}}, nil) {
				return
			}
		}
		if err != nil {
			yield(ImportRow{}, err)
		}
	}
}

// journalMode is the ledger's journal mode as a new connection sees it.
func journalMode(t *testing.T, st *Store) string {
	t.Helper()
	var mode string
	if err := st.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	return strings.ToLower(mode)
}

// journalSeen imports n rows into st and reports whether a rollback
// journal was beside the ledger when the import read its first row, inside
// its transaction (the indexes it drops first have written pages by then).
func journalSeen(t *testing.T, st *Store, n int, rowsErr error) (bool, error) {
	t.Helper()
	seen := false
	rows := namedRows(n, rowsErr)
	watched := func(yield func(ImportRow, error) bool) {
		_, statErr := os.Stat(st.Path() + "-journal")
		seen = statErr == nil
		rows(yield)
	}
	_, err := st.ImportRows(context.Background(), ImportOptions{Keys: []string{"name", "phone"}, Rows: n, Alone: true}, watched)
	return seen, err
}

// The first import into an empty ledger writes it through a rollback
// journal, then puts the ledger back on write-ahead logging; a second
// import into the filled ledger stays on the log.
func TestFirstImportUsesARollbackJournalThenTheLog(t *testing.T) {
	st := openTest(t)
	if m := journalMode(t, st); m != "wal" {
		t.Fatalf("a new ledger's journal mode is %q, want wal", m)
	}
	seen, err := journalSeen(t, st, 6000, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !seen {
		t.Error("the import into an empty ledger ran without a rollback journal")
	}
	if m := journalMode(t, st); m != "wal" {
		t.Errorf("after the import the journal mode is %q, want wal", m)
	}
	if n := countLive(t, st); n != 6000 {
		t.Errorf("%d customers after importing 6000", n)
	}
	if _, err := os.Stat(st.Path() + "-journal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the rollback journal is still there after the import: %v", err)
	}

	seen, err = journalSeen(t, st, 6000, nil)
	if err != nil {
		t.Fatal(err)
	}
	if seen {
		t.Error("an import into a ledger with customers left the write-ahead log")
	}
	if n := countLive(t, st); n != 6000 {
		// the same names and phones: all matched, none added
		t.Errorf("%d customers after importing the same 6000 again", n)
	}
}

// A first import that fails on its last row leaves the ledger empty and on
// write-ahead logging, and the next import succeeds.
func TestFailedFirstImportLeavesAnEmptyLedger(t *testing.T) {
	st := openTest(t)
	bad := errors.New("bad cell in the sheet")
	seen, err := journalSeen(t, st, 6000, bad)
	if !errors.Is(err, bad) {
		t.Fatalf("import error = %v, want the sheet's", err)
	}
	if !seen {
		t.Error("the import into an empty ledger ran without a rollback journal")
	}
	if n := countLive(t, st); n != 0 {
		t.Errorf("%d customers after a failed import, want 0", n)
	}
	if m := journalMode(t, st); m != "wal" {
		t.Errorf("after the failed import the journal mode is %q, want wal", m)
	}
	if _, err := journalSeen(t, st, 5000, nil); err != nil {
		t.Fatal(err)
	}
	if n := countLive(t, st); n != 5000 {
		t.Errorf("%d customers after importing 5000", n)
	}
}

// While another process reads the empty ledger, the import cannot have it
// to itself: it runs on the write-ahead log, and the reader's snapshot is
// not disturbed.
func TestFirstImportBesideAReaderStaysOnTheLog(t *testing.T) {
	st := openTest(t)
	other, err := sql.Open("sqlite", dsn(st.Path(), modeReadOnly, busyTimeout))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	reader, err := other.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Rollback() //nolint:errcheck // read-only: nothing to undo
	var before int
	if err := reader.QueryRow("SELECT count(*) FROM customers").Scan(&before); err != nil {
		t.Fatal(err)
	}
	seen, err := journalSeen(t, st, 6000, nil)
	if err != nil {
		t.Fatal(err)
	}
	if seen {
		t.Error("the import switched the journal while another connection was reading")
	}
	var during int
	if err := reader.QueryRow("SELECT count(*) FROM customers").Scan(&during); err != nil {
		t.Fatal(err)
	}
	if before != 0 || during != 0 {
		t.Errorf("the reader's snapshot saw %d then %d customers, want 0 and 0", before, during)
	}
	if n := countLive(t, st); n != 6000 {
		t.Errorf("%d customers after importing 6000", n)
	}
	if m := journalMode(t, st); m != "wal" {
		t.Errorf("journal mode %q, want wal", m)
	}
}

// countLive counts the ledger's customers not deleted, with plain SQL.
func countLive(t *testing.T, st *Store) int {
	t.Helper()
	var n int
	if err := st.db.QueryRow("SELECT count(*) FROM customers WHERE deleted_at IS NULL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
