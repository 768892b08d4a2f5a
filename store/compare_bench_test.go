package store_test

import (
	"context"
	"testing"

	"github.com/kehu-app/kehu/store"
)

// BenchmarkTierProfile builds the grade profile of the benchmark ledger
// from its tally (the sums, then one bucket of customers per median).
func BenchmarkTierProfile(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := st.TierProfile(ctx, store.ByGrade); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTierHistory reads the twelve-month history of the benchmark
// ledger: from the trajectory tally, which the first look after a load
// that forgot it, or after the migration that changed its form (the first
// sample then), counts from every customer's grade history and purchases;
// a new month's is the last month's rolled over.
func BenchmarkTierHistory(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := st.TierHistory(ctx, store.HistoryOptions{Months: 12}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCountBought counts the buyers of a product through the filter.
func BenchmarkCountBought(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := st.Count(ctx, store.Query{Filter: "bought~龙井"}); err != nil {
			b.Fatal(err)
		}
	}
}
