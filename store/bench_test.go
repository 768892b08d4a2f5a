package store_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"io"
	"os"
	"testing"

	"github.com/kehu-app/kehu/internal/benchledger"
	"github.com/kehu-app/kehu/store"
	_ "modernc.org/sqlite"
)

func benchStore(b *testing.B) *store.Store {
	b.Helper()
	st, err := benchledger.Open(benchledger.Size(10000), os.Stderr)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkFirst50BySpend reads the first screen of the view sorted by total spend.
func BenchmarkFirst50BySpend(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	q := store.Query{Sort: []store.SortKey{{Key: "total_spend", Desc: true}}}
	b.ResetTimer()
	for b.Loop() {
		rows, err := st.Window(ctx, q, 0, 50)
		if err != nil || len(rows) != 50 {
			b.Fatal(len(rows), err)
		}
	}
}

// BenchmarkCount counts the customers of the unfiltered view.
func BenchmarkCount(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := st.Count(ctx, store.Query{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadAllRows streams every row of the default view and writes it as CSV.
func BenchmarkReadAllRows(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	cols := st.DefaultColumns()
	colDefs, err := st.QueryColumns(store.Query{Columns: cols})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		w := csv.NewWriter(io.Discard)
		rec := make([]string, len(cols))
		n := 0
		err := st.Each(ctx, store.Query{Columns: cols}, func(r store.Row) error {
			for i, v := range r.Values {
				rec[i] = store.Format(colDefs[i], v, "en")
			}
			n++
			return w.Write(rec)
		})
		w.Flush()
		if err != nil || n == 0 {
			b.Fatal(n, err)
		}
	}
}

// BenchmarkFloorReadAllRows is the floor for ReadAllRows: the same columns
// read straight through database/sql and written with encoding/csv.
func BenchmarkFloorReadAllRows(b *testing.B) {
	path, err := benchledger.Path(benchledger.Size(10000), os.Stderr)
	if err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for b.Loop() {
		rows, err := db.Query(`SELECT id, name, grade, score, segment, stage, phone, wechat, company, source, tags, total_spend, purchases,
			last_purchase, last_contact, next_follow_up, notes, created_at FROM customers WHERE deleted_at IS NULL ORDER BY id`)
		if err != nil {
			b.Fatal(err)
		}
		w := csv.NewWriter(io.Discard)
		vals := make([]sql.RawBytes, 18)
		dest := make([]any, 18)
		for i := range dest {
			dest[i] = &vals[i]
		}
		rec := make([]string, 18)
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				b.Fatal(err)
			}
			for i, v := range vals {
				rec[i] = string(v)
			}
			w.Write(rec)
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
		w.Flush()
	}
}

// BenchmarkRegradeAll recomputes every grade (inputs read, cut points,
// grades, changed rows written).
func BenchmarkRegradeAll(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := st.RegradeAll(ctx, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkAddPurchase logs a purchase with its live regrade.
func BenchmarkAddPurchase(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	b.ResetTimer()
	i := int64(0)
	for b.Loop() {
		i++
		if _, _, err := st.AddPurchase(ctx, 1+i%1000, store.PurchaseInput{Amount: "12.50", Date: "2026-11-21"}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// Leave the cached ledger as it was.
	for range i {
		if _, err := st.Undo(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
