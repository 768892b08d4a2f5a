package store

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// benchLedger builds a ledger of KEHU_BENCH_N customers (default 100,000)
// with follow-ups, contacts and purchases spread over two years.
func benchLedger(b *testing.B) *Store {
	b.Helper()
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("KEHU_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)
	// KEHU_BENCH_DB keeps the generated ledger for the next run.
	path := os.Getenv("KEHU_BENCH_DB")
	reuse := false
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	} else if _, err := os.Stat(path); err == nil {
		reuse = true
	}
	st, err := Open(path, WithClock(func() time.Time { return now }))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if reuse {
		return st
	}
	ctx := context.Background()
	bulk, err := st.NewBulk(ctx)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	date := func(daysAgo int) string { return now.AddDate(0, 0, -daysAgo).Format("2006-01-02") }
	for i := 0; i < n; i++ {
		c := BulkCustomer{Fields: map[string]any{"name": "客户" + strconv.Itoa(i)}, CreatedAt: date(rng.IntN(730)) + " 09:00:00"}
		for j, k := 0, rng.IntN(4); j < k; j++ {
			c.Purchases = append(c.Purchases, Purchase{Date: date(400 - 100*j - rng.IntN(90)), Amount: int64(rng.IntN(100000)), Qty: 1})
		}
		if rng.IntN(2) == 0 {
			next := ""
			if rng.IntN(3) == 0 {
				next = date(rng.IntN(60) - 30)
			}
			c.Contacts = []Contact{{At: date(rng.IntN(200)) + " 10:00", Channel: "phone", Kind: "contact", NextFollowUp: next}}
		}
		if _, err := bulk.Add(c); err != nil {
			b.Fatal(err)
		}
	}
	if err := bulk.Close(); err != nil {
		b.Fatal(err)
	}
	if _, err := st.RegradeAll(ctx, "bench"); err != nil {
		b.Fatal(err)
	}
	return st
}

func BenchmarkAgendaAndSummary(b *testing.B) {
	st := benchLedger(b)
	ctx := context.Background()
	b.Run("Agenda", func(b *testing.B) {
		for b.Loop() {
			a, err := st.Agenda(ctx, "")
			if err != nil {
				b.Fatal(err)
			}
			if a.Totals.Sum() == 0 {
				b.Fatal("empty agenda")
			}
		}
	})
	b.Run("TierSummary", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.TierSummary(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("PreviewRules", func(b *testing.B) {
		// the day's first reader grades the ledger: the preview then
		// reads the stored scores (BenchmarkPreviewRescoring grades
		// everyone)
		if _, err := st.RegradeAll(ctx, ReasonCuts); err != nil {
			b.Fatal(err)
		}
		r, _ := st.Rules(ctx)
		for b.Loop() {
			if _, _, err := st.PreviewRules(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
