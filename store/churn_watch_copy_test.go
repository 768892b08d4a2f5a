package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/kehu-app/kehu/internal/cdnowtest"
	"github.com/kehu-app/kehu/store"
)

// A ledger whose churn watch was built before the watch kept its copies of
// the customers' grades, candidacy and risk keeps the watch through the
// migration, its copies filled for the day it is for: the agenda's
// candidates from it equal scoring everyone, without building it again.
func TestChurnWatchCopiesFilledByTheMigration(t *testing.T) {
	ctx := context.Background()
	now := time.Date(1998, 6, 30, 10, 0, 0, 0, time.Local)
	path := filepath.Join(t.TempDir(), "cdnow.db")
	open := func() *store.Store {
		st, err := store.Open(path, store.WithClock(func() time.Time { return now }))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := open()
	cdnowtest.Load(t, st, filepath.Join("..", "model", "testdata", "CDNOW_sample.txt"))
	if _, err := st.Agenda(ctx, ""); err != nil { // builds the watch
		t.Fatal(err)
	}
	fast, slow, ok, err := st.ChurnBothWays(ctx, "")
	if err != nil || !ok || len(slow) == 0 || !reflect.DeepEqual(fast, slow) {
		t.Fatalf("before: answered %v, %d candidates, %d by scoring everyone, %v", ok, len(fast), len(slow), err)
	}
	st.Close()
	// the ledger as the release before wrote it: the watch without copies
	// (and without the history's tally, a later migration, and with the
	// index of the scores alone, which a later one drops)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"DROP TRIGGER history_dirty_purchase_insert", "DROP TRIGGER history_dirty_purchase_delete", "DROP TRIGGER history_dirty_purchase_update",
		"DROP TRIGGER history_dirty_move_insert", "DROP TRIGGER history_dirty_move_delete", "DROP TRIGGER history_dirty_move_update",
		"DROP TRIGGER history_dirty_customer_insert", "DROP TRIGGER history_dirty_customer_delete", "DROP TRIGGER history_dirty_customer_update",
		"DROP TABLE history_meta", "DROP TABLE history_tally", "DROP TABLE history_cust", "DROP TABLE history_dirty",
		"DROP INDEX churn_watch_candidates", "DROP INDEX churn_watch_risk",
		"DROP TRIGGER customers_tally_churn_grade",
		"ALTER TABLE churn_watch DROP COLUMN customer_grade", "ALTER TABLE churn_watch DROP COLUMN candidate", "ALTER TABLE churn_watch DROP COLUMN risk",
		"CREATE INDEX customers_score ON customers(score)",
		"PRAGMA user_version = 15",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var header int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM settings WHERE key = 'model.churn_watch'").Scan(&header); err != nil || header != 1 {
		t.Fatalf("the watch's header before the migration: %d, %v", header, err)
	}
	db.Close()
	st = open()
	defer st.Close()
	fast2, slow2, ok, err := st.ChurnBothWays(ctx, "")
	if err != nil || !ok {
		t.Fatalf("after the migration the watch does not answer: %v", err)
	}
	if !reflect.DeepEqual(fast2, slow2) || !reflect.DeepEqual(slow2, slow) {
		t.Errorf("after the migration the watch lists %d candidates, scoring everyone %d (before %d)", len(fast2), len(slow2), len(slow))
	}
}
