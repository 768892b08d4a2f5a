package store_test

import (
	"context"
	"testing"
)

// BenchmarkFindDuplicates streams every customer's identifying fields and
// finds the likely duplicates among them (what `kehu duplicates` does
// before printing).
func BenchmarkFindDuplicates(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	n, err := st.CountAll(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var found int
	for b.Loop() {
		ms, err := st.FindDuplicates(ctx)
		if err != nil {
			b.Fatal(err)
		}
		found = len(ms)
	}
	b.ReportMetric(float64(n), "customers")
	b.ReportMetric(float64(found), "matches")
}
