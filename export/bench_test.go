package export

import (
	"context"
	"database/sql"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/benchledger"
	"github.com/kehu-app/kehu/store"
)

// benchLedger opens the cached demo ledger of KEHU_BENCH_N customers
// (default 10000; about 10 purchases and 1.5 contacts each), generated once
// by internal/benchledger.
func benchLedger(b *testing.B) (*store.Store, string, int) {
	b.Helper()
	n := benchledger.Size(10000)
	st, err := benchledger.Open(n, os.Stderr)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st, st.Path(), n
}

// BenchmarkExportCSV exports the default view of the whole ledger to CSV.
func BenchmarkExportCSV(b *testing.B) {
	st, _, n := benchLedger(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, err := Write(ctx, st, store.Query{}, Options{Lang: i18n.ZH}, io.Discard)
		if err != nil || rows != n {
			b.Fatalf("%d rows, %v", rows, err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkFloorCSV is the floor CSV export is measured against: the same
// rows and columns read from the same file with database/sql and
// modernc.org/sqlite, written with encoding/csv, nothing else.
func BenchmarkFloorCSV(b *testing.B) {
	st, path, n := benchLedger(b)
	cols, err := st.QueryColumns(store.Query{})
	if err != nil {
		b.Fatal(err)
	}
	sel := "id"
	for _, c := range cols {
		if c.Custom {
			b.Fatal("floor: custom columns not expected")
		}
		sel += ", " + c.Key
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got := floorCSV(b, db, sel, len(cols), io.Discard); got != n {
			b.Fatalf("%d rows", got)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func floorCSV(b *testing.B, db *sql.DB, sel string, ncols int, w io.Writer) int {
	rows, err := db.Query("SELECT " + sel + " FROM customers WHERE deleted_at IS NULL ORDER BY id")
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	vals := make([]any, ncols+1)
	dest := make([]any, ncols+1)
	for i := range vals {
		dest[i] = &vals[i]
	}
	rec := make([]string, ncols)
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			b.Fatal(err)
		}
		for i, v := range vals[1:] {
			switch x := v.(type) {
			case int64:
				rec[i] = strconv.FormatInt(x, 10)
			case float64:
				rec[i] = strconv.FormatFloat(x, 'f', -1, 64)
			case string:
				rec[i] = x
			case []byte:
				rec[i] = string(x)
			default:
				rec[i] = ""
			}
		}
		cw.Write(rec)
		n++
	}
	cw.Flush()
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkExportXLSX exports the default view of the whole ledger to XLSX
// (all four sheets).
func BenchmarkExportXLSX(b *testing.B) {
	st, _, n := benchLedger(b)
	ctx := context.Background()
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, err := ToFile(ctx, st, store.Query{}, Options{Format: XLSX, Lang: i18n.ZH}, filepath.Join(dir, "out.xlsx"))
		if err != nil || rows != n {
			b.Fatalf("%d rows, %v", rows, err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
