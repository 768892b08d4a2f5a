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

// buildAccountLedger writes a ledger of customers with entries account
// entries between them (ten per customer on average, over a year), straight
// through SQL in one transaction, with each stored balance the sum of its
// entries.
func buildAccountLedger(b *testing.B, customers, entries int) *Store {
	b.Helper()
	st, err := Open(filepath.Join(b.TempDir(), "ledger.db"), WithClock(func() time.Time { return fixedNow }))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ctx := context.Background()
	start := time.Now()
	rng := rand.New(rand.NewPCG(1, 2))
	err = st.tx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, "INSERT INTO customers(name, created_at, updated_at) VALUES(?, '2025-11-01 09:00:00', '2025-11-01 09:00:00')")
		if err != nil {
			return err
		}
		defer ins.Close()
		for i := range customers {
			if _, err := ins.ExecContext(ctx, "客户"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		ent, err := tx.PrepareContext(ctx, `INSERT INTO account_entries(customer_id, account, amount, kind, date, at) VALUES(?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer ent.Close()
		day0 := fixedNow.AddDate(-1, 0, 0)
		for range entries {
			id := 1 + rng.Int64N(int64(customers))
			d := day0.AddDate(0, 0, rng.IntN(365)).Format(parseDay)
			var account, kind string
			var amount int64
			switch rng.IntN(3) {
			case 0:
				account, kind, amount = AccountBalance, EntryTopUp, 100*(1+rng.Int64N(1000))
			case 1:
				account, kind, amount = AccountOwed, EntryCharge, 100*(1+rng.Int64N(500))
			default:
				account, kind, amount = AccountPoints, EntryEarn, 1+rng.Int64N(500)
			}
			if _, err := ent.ExecContext(ctx, id, account, amount, kind, d, d+" 10:00:00"); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE customers SET
			points = coalesce((SELECT sum(amount) FROM account_entries WHERE customer_id = customers.id AND account = 'points'), 0),
			balance = coalesce((SELECT sum(amount) FROM account_entries WHERE customer_id = customers.id AND account = 'balance'), 0),
			owed = coalesce((SELECT sum(amount) FROM account_entries WHERE customer_id = customers.id AND account = 'owed'), 0)`)
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
// customer and a check of every balance, on a ledger of
// KEHU_BENCH_ACCOUNT_ENTRIES entries (default 1,000,000) over a tenth as
// many customers.
func BenchmarkAccounts(b *testing.B) {
	entries := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("KEHU_BENCH_ACCOUNT_ENTRIES")); err == nil && v > 0 {
		entries = v
	}
	customers := max(1, entries/10)
	st := buildAccountLedger(b, customers, entries)
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
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			bad, err := st.CheckAccounts(ctx)
			if err != nil || len(bad) != 0 {
				b.Fatal(len(bad), err)
			}
		}
	})
}
