package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/kehu-app/kehu/internal/benchledger"
	"github.com/kehu-app/kehu/store"
)

// fastStore opens the benchmark ledger with its in-memory copy built.
func fastStore(b *testing.B) *store.Store {
	b.Helper()
	st := benchStore(b)
	ctx := context.Background()
	if err := st.EnableFastQueries(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := st.WaitFastQueries(ctx); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkFastCopyBuild: opening the ledger and building the in-memory copy
// the table's filters and sorts read (in the background, after the first
// frame).
func BenchmarkFastCopyBuild(b *testing.B) {
	path, err := benchledger.Path(benchledger.Size(10000), os.Stderr)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	cpu := benchledger.CPUTime()
	for b.Loop() {
		st, err := store.Open(path, store.WithClock(func() time.Time { return benchledger.Now }))
		if err != nil {
			b.Fatal(err)
		}
		if err := st.EnableFastQueries(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := st.WaitFastQueries(ctx); err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
	benchledger.ReportCPU(b, cpu)
}

// filterExprs are the filters timed: free text that matches often, free
// text that matches nothing (every row is read), a grade with free text, a
// tag, an amount.
var filterExprs = []struct{ name, expr string }{
	{"text", "王"},
	{"nomatch", "grade"},
	{"grade_text", "grade=A 王"},
	{"tag", "tag:vip"},
	{"spend", "spend>1000"},
}

// BenchmarkFilterWindow: the first 192 rows of a filtered view (what the
// table shows after a keystroke), from the copy, with each filter asked
// afresh.
func BenchmarkFilterWindow(b *testing.B) {
	st := fastStore(b)
	ctx := context.Background()
	for _, f := range filterExprs {
		b.Run(f.name, func(b *testing.B) {
			cpu := benchledger.CPUTime()
			for b.Loop() {
				store.DropFastCaches(st)
				if _, err := st.Window(ctx, store.Query{Filter: f.expr}, 0, 192); err != nil {
					b.Fatal(err)
				}
			}
			benchledger.ReportCPU(b, cpu)
		})
	}
}

// BenchmarkFilterWindowSQL: the same reads through SQL alone (no copy):
// what every filter cost before the copy, and still costs while it is
// rebuilt after a write.
func BenchmarkFilterWindowSQL(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	for _, f := range filterExprs {
		b.Run(f.name, func(b *testing.B) {
			cpu := benchledger.CPUTime()
			for b.Loop() {
				if _, err := st.Window(ctx, store.Query{Filter: f.expr}, 0, 192); err != nil {
					b.Fatal(err)
				}
			}
			benchledger.ReportCPU(b, cpu)
		})
	}
}

// BenchmarkCountByGrade: the status line's row and grade counts of a
// filtered view, from the copy and through SQL.
func BenchmarkCountByGrade(b *testing.B) {
	ctx := context.Background()
	q := store.Query{Filter: "王"}
	b.Run("copy", func(b *testing.B) {
		st := fastStore(b)
		cpu := benchledger.CPUTime()
		for b.Loop() {
			store.DropFastCaches(st)
			if _, _, err := st.CountByGrade(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		benchledger.ReportCPU(b, cpu)
	})
	b.Run("sql", func(b *testing.B) {
		st := benchStore(b)
		cpu := benchledger.CPUTime()
		for b.Loop() {
			if _, _, err := st.CountByGrade(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		benchledger.ReportCPU(b, cpu)
	})
}

// BenchmarkSortUnindexed: the first 192 rows sorted by a column without an
// index. first: the first sort by that column since the copy was built
// (the whole column is sorted); again: a later sort (the order is kept).
// custom runs when the ledger has a custom column.
func BenchmarkSortUnindexed(b *testing.B) {
	st := fastStore(b)
	ctx := context.Background()
	cols := []string{"industry", "address"}
	for _, c := range st.Columns() {
		if c.Custom {
			cols = append(cols, c.Key)
			break
		}
	}
	for _, col := range cols {
		name := col
		if c, _ := st.Column(col); c.Custom {
			name = "custom"
		}
		for _, first := range []bool{true, false} {
			mode := "again"
			if first {
				mode = "first"
			}
			b.Run(name+"/"+mode, func(b *testing.B) {
				desc := false
				cpu := benchledger.CPUTime()
				for b.Loop() {
					if first {
						store.DropFastCaches(st)
					}
					desc = !desc
					q := store.Query{Sort: []store.SortKey{{Key: col, Desc: desc}}}
					if _, err := st.Window(ctx, q, 0, 192); err != nil {
						b.Fatal(err)
					}
				}
				benchledger.ReportCPU(b, cpu)
			})
		}
	}
}
