package store

import (
	"context"
	"fmt"
	"testing"
)

// countCustomerIndexes counts the ledger's indexes of customers.
func countCustomerIndexes(t *testing.T, st *Store) int {
	t.Helper()
	var n int
	if err := st.db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// largeImport imports n new customers named 客户0... (phones 139...), the
// rows whose index i%10 == 1 owing i yuan, and first, when match is set,
// a row giving 老客 (phone 13600000000) a new owner; it returns the total
// the index progress reported.
func largeImport(t *testing.T, st *Store, n int, accounts, match bool) int {
	t.Helper()
	var rows []ImportRow
	if match {
		rows = append(rows, ImportRow{Line: 2, Values: map[string]any{"name": "老客", "phone": "13600000000", "owner": "新主人"}})
	}
	for i := range n {
		r := ImportRow{Line: len(rows) + 2, Values: map[string]any{"name": fmt.Sprintf("客户%d", i), "phone": fmt.Sprintf("139%08d", i)}}
		if i%10 == 1 {
			r.Accounts = &AccountOpening{Owed: int64(i) * 100, HasOwed: true}
		}
		rows = append(rows, r)
	}
	total := -1
	_, err := st.ImportRows(context.Background(), ImportOptions{
		Keys: []string{"name", "phone", "owner"}, Rows: len(rows), Accounts: accounts,
		Indexes: func(_, all int) { total = all },
	}, rowsOf(nil, rows...))
	if err != nil {
		t.Fatal(err)
	}
	return total
}

// A large import keeps the partial indexes no new customer enters (open
// complaints, and debts when its rows carry no balances) instead of
// building them again, and they stay right: rows it changes or adds that
// do enter them are found through them.
func TestImportRowsLargeKeepsQuietIndexesRight(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	for _, who := range []string{"老主人", "新主人"} {
		if err := st.AddStaff(ctx, who); err != nil {
			t.Fatal(err)
		}
	}
	old := mustAdd(t, st, map[string]string{"name": "老客", "phone": "13600000000", "owner": "老主人"})
	if _, err := st.AddContact(ctx, old, ContactInput{Channel: "wechat", Kind: "投诉", Summary: "茶叶受潮", At: "2026-11-20 09:00"}); err != nil {
		t.Fatal(err)
	}
	all := countCustomerIndexes(t, st)
	// The rows say they carry no balances, yet 500 of them owe: the kept
	// index on debts must still list them.
	total := largeImport(t, st, 5000, false, true)
	// Into a ledger with customers, the phone's index and those on
	// created_at, last_contact and next_follow_up stay, as do the two on
	// open complaints and debts; the name-and-company matching index is
	// dropped at the end.
	if want := all - 4 - 2 + 1; total != want {
		t.Errorf("index progress total %d, want %d (of %d indexes)", total, want, all)
	}
	var check string
	if err := st.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q (%v)", check, err)
	}
	var owing int
	if err := st.db.QueryRow("SELECT count(*) FROM customers INDEXED BY customers_owed_since WHERE owed > 0 AND deleted_at IS NULL AND owed_since > ''").Scan(&owing); err != nil || owing != 500 {
		t.Errorf("customers owing through their index: %d (%v), want 500", owing, err)
	}
	var name string
	if err := st.db.QueryRow("SELECT name FROM customers INDEXED BY customers_complaining WHERE deleted_at IS NULL AND open_complaints > 0 AND owner = '新主人'").Scan(&name); err != nil || name != "老客" {
		t.Errorf("complaining customer of 新主人 through its index: %q (%v), want 老客", name, err)
	}
	if countCustomerIndexes(t, st) != all {
		t.Errorf("%d indexes after the import, want %d", countCustomerIndexes(t, st), all)
	}
}

// Into an empty ledger every index goes but the quiet ones; rows carrying
// balances make the one on debts loud.
func TestImportRowsLargeQuietIndexesFollowBalances(t *testing.T) {
	for _, tc := range []struct {
		accounts bool
		kept     int
	}{{false, 2}, {true, 1}} {
		st := openTest(t)
		all := countCustomerIndexes(t, st)
		if total := largeImport(t, st, 5000, tc.accounts, false); total != all-tc.kept {
			t.Errorf("accounts %v: index progress total %d, want %d (of %d indexes)", tc.accounts, total, all-tc.kept, all)
		}
		var owing int
		if err := st.db.QueryRow("SELECT count(*) FROM customers INDEXED BY customers_owed_since WHERE owed > 0 AND deleted_at IS NULL AND owed_since > ''").Scan(&owing); err != nil || owing != 500 {
			t.Errorf("accounts %v: customers owing through their index: %d (%v), want 500", tc.accounts, owing, err)
		}
	}
}
