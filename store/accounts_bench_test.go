package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// buildAccountLedger opens the ledger at path (a temporary one when path is
// ""), and when it holds no customers yet writes customers and entries
// account entries between them, spread over a year in time order, straight
// through SQL: the indexes of both tables are dropped, the rows generated
// inside SQLite, the indexes built again, and each stored balance set to the
// sum of its entries. A kept path lets the big sizes be built once and
// measured many times.
func buildAccountLedger(b *testing.B, path string, customers, entries int) *Store {
	b.Helper()
	if path == "" {
		path = filepath.Join(b.TempDir(), "ledger.db")
	}
	st, err := Open(path, WithClock(func() time.Time { return fixedNow }))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ctx := context.Background()
	var have int
	if err := st.db.QueryRowContext(ctx, "SELECT count(*) FROM customers").Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have > 0 {
		fmt.Fprintf(os.Stderr, "reusing %s (%d customers)\n", path, have)
		return st
	}
	start := time.Now()
	day0 := fixedNow.AddDate(-1, 0, 0).Format(parseDay)
	err = st.tx(ctx, func(tx *sql.Tx) error {
		names, indexes, err := benchIndexes(ctx, tx)
		if err != nil {
			return err
		}
		for _, n := range names {
			if _, err := tx.ExecContext(ctx, "DROP INDEX "+n); err != nil {
				return err
			}
		}
		steps := []struct {
			q    string
			args []any
		}{
			{`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)
				INSERT INTO customers(id, name, created_at, updated_at)
				SELECT x, '客户' || x, '2025-11-01 09:00:00', '2025-11-01 09:00:00' FROM c`, []any{customers}},
			// Entry x falls on day x*365/entries of the year, to a random
			// customer: ids are in time order, as a shop writes them. g is
			// materialized so each row's random numbers are drawn once (a
			// flattened g drew them again for each use, and an entry's
			// kind and amount did not match its account).
			{`WITH RECURSIVE c(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM c WHERE x < ? - 1),
				g AS MATERIALIZED (SELECT x, abs(random()) % 3 AS a, 1 + abs(random()) % ? AS cust,
					date(?, '+' || (x * 365 / ?) || ' days') AS d, abs(random()) AS r FROM c)
				INSERT INTO account_entries(customer_id, account, amount, kind, date, at)
				SELECT cust,
					CASE a WHEN 0 THEN 'balance' WHEN 1 THEN 'owed' ELSE 'points' END,
					CASE a WHEN 0 THEN 100 * (1 + r % 1000) WHEN 1 THEN 100 * (1 + r % 500) ELSE 1 + r % 500 END,
					CASE a WHEN 0 THEN 'topup' WHEN 1 THEN 'charge' ELSE 'earn' END,
					d, d || ' 10:00:00' FROM g`, []any{entries, customers, day0, entries}},
		}
		for _, step := range steps {
			if _, err := tx.ExecContext(ctx, step.q, step.args...); err != nil {
				return err
			}
		}
		for _, def := range indexes {
			if _, err := tx.ExecContext(ctx, def); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE customers SET points = s.points, balance = s.balance, owed = s.owed, credit_limit = s.owed
			FROM (SELECT customer_id,
				sum(CASE account WHEN 'points' THEN amount ELSE 0 END) AS points,
				sum(CASE account WHEN 'balance' THEN amount ELSE 0 END) AS balance,
				sum(CASE account WHEN 'owed' THEN amount ELSE 0 END) AS owed
				FROM account_entries GROUP BY customer_id) AS s
			WHERE s.customer_id = customers.id`)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "built %d customers and %d account entries in %v\n", customers, entries, time.Since(start).Round(time.Millisecond))
	return st
}

// BenchmarkAccounts measures a balance lookup, a whole statement of one
// customer, the next points expiry of one, a purchase and its undo, and a
// check of every balance, on a ledger of
// KEHU_BENCH_ACCOUNT_ENTRIES entries (default 1,000,000) over a tenth as
// many customers, kept at KEHU_BENCH_ACCOUNT_LEDGER when that is set (built
// there the first time, reused after).
func BenchmarkAccounts(b *testing.B) {
	entries := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("KEHU_BENCH_ACCOUNT_ENTRIES")); err == nil && v > 0 {
		entries = v
	}
	customers := max(1, entries/10)
	st := buildAccountLedger(b, os.Getenv("KEHU_BENCH_ACCOUNT_LEDGER"), customers, entries)
	ctx := context.Background()
	b.Run("balance", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(3, 4))
		for b.Loop() {
			if _, err := st.Balances(ctx, 1+rng.Int64N(int64(customers))); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("statement", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(5, 6))
		for b.Loop() {
			n := 0
			err := st.Statement(ctx, 1+rng.Int64N(int64(customers)), StatementRange{}, func(Balances) error { return nil },
				func(StatementLine) error { n++; return nil })
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("expiry", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(7, 8))
		for b.Loop() {
			if _, err := st.NextPointsExpiry(ctx, 1+rng.Int64N(int64(customers))); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A purchase paid from stored value and its undo: the writes an owner
	// makes at the counter, each an action with its account entries.
	b.Run("pay-undo", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(9, 10))
		for b.Loop() {
			id := 1 + rng.Int64N(int64(customers))
			if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "1", Pay: PayCash}); err != nil {
				b.Fatal(err)
			}
			if _, err := st.Undo(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			bad, err := st.CheckAccounts(ctx)
			if err != nil || len(bad) != 0 {
				b.Fatal(len(bad), err)
			}
		}
	})
}

// benchIndexes names the indexes of the tables the generator fills, with the
// SQL that rebuilds each, so they can be dropped for the bulk insert.
func benchIndexes(ctx context.Context, tx *sql.Tx) (names, defs []string, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
		AND tbl_name IN ('customers', 'account_entries')`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	return names, defs, rows.Err()
}
