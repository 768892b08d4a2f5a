package importer

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/benchledger"
	"github.com/kehu-app/kehu/store"
)

// benchSheet writes benchledger's shop sheet of n customers, its purchase
// dates before the benchmark clock's today.
func benchSheet(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "sheet.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := benchledger.WriteSheet(f, n, benchledger.Now); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkImport100k imports a sheet of KEHU_BENCH_N customers (default
// 100000) into an empty ledger: both passes over the file, validation, one
// transaction, the full regrade.
func BenchmarkImport100k(b *testing.B) {
	n := benchledger.Size(100000)
	path := benchSheet(b, n)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := store.Open(filepath.Join(b.TempDir(), "ledger.db"), store.WithClock(func() time.Time { return benchledger.Now }))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := ImportFile(ctx, st, path, Options{Lang: i18n.ZH, Alone: true}) // as `kehu import`
		if err != nil || rep.Added != n || rep.Rejected != 0 {
			b.Fatalf("%+v %v", rep.Rejects, err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkFloorImport is the least an import of the same sheet costs on
// this schema, measured beside BenchmarkImport100k: the sheet read with
// encoding/csv and its cells written as they are (no checks, no matching,
// no grading, no kehu journal) into a new ledger's customers table, plus the
// column kehu adds for the unknown header and its index, with multi-row
// INSERTs in one transaction on a connection with the same page cache, the
// table's indexes dropped first and built again at the end with the cache
// grown and temporary storage in files as a large import has them, and
// without the triggers on customers (no tallies). None of kehu's import
// code runs.
func BenchmarkFloorImport(b *testing.B) {
	n := benchledger.Size(100000)
	path := benchSheet(b, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "floor.db")
		st, err := store.Open(db) // the schema
		if err != nil {
			b.Fatal(err)
		}
		st.Close()
		b.StartTimer()
		if got := floorImport(b, db, path); got != n {
			b.Fatalf("%d rows", got)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func floorImport(b *testing.B, dbPath, sheet string) int {
	ctx := context.Background()
	// A rollback journal, as a first import into an empty ledger has it
	// (see store.ImportOptions.Alone): cheaper than the log.
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=journal_mode(DELETE)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	must := func(_ sql.Result, err error) {
		b.Helper()
		if err != nil {
			b.Fatal(err)
		}
	}
	must(conn.ExecContext(ctx, "PRAGMA cache_size = -131072")) // as ImportRows
	must(conn.ExecContext(ctx, "PRAGMA temp_store = MEMORY"))
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	must(tx.ExecContext(ctx, "ALTER TABLE customers ADD COLUMN x_card TEXT"))
	must(tx.ExecContext(ctx, "CREATE INDEX customers_x_card ON customers(x_card)"))
	// The triggers on customers (the tallies') go too: a large import
	// suspends them and counts what they would in memory.
	trs, err := tx.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'customers'")
	if err != nil {
		b.Fatal(err)
	}
	var triggers []string
	func() {
		defer trs.Close()
		for trs.Next() {
			var n string
			if err := trs.Scan(&n); err != nil {
				b.Fatal(err)
			}
			triggers = append(triggers, n)
		}
		if err := trs.Err(); err != nil {
			b.Fatal(err)
		}
	}()
	for _, n := range triggers {
		must(tx.ExecContext(ctx, `DROP TRIGGER "`+n+`"`))
	}
	rs, err := tx.QueryContext(ctx, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL")
	if err != nil {
		b.Fatal(err)
	}
	var names, creates []string
	func() {
		defer rs.Close()
		for rs.Next() {
			var n, q string
			if err := rs.Scan(&n, &q); err != nil {
				b.Fatal(err)
			}
			names, creates = append(names, n), append(creates, q)
		}
		if err := rs.Err(); err != nil {
			b.Fatal(err)
		}
	}()
	for _, n := range names {
		must(tx.ExecContext(ctx, "DROP INDEX "+n))
	}
	f, err := os.Open(sheet)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 64<<10))
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil { // the header
		b.Fatal(err)
	}
	const per, cols = 256, 11
	one := "(" + strings.Repeat("?,", cols) + "'2026-11-22 10:00:00','2026-11-22 10:00:00')"
	insert := func(rows int) string {
		return "INSERT INTO customers(id, name, phone, email, company, tags, notes, opening_spend, opening_count, opening_last, x_card, created_at, updated_at) VALUES " +
			strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
	}
	full, err := tx.PrepareContext(ctx, insert(per))
	if err != nil {
		b.Fatal(err)
	}
	defer full.Close()
	args := make([]any, 0, per*cols)
	n := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		n++
		args = append(args, int64(n))
		for _, c := range rec {
			args = append(args, c)
		}
		if len(args) == cap(args) {
			must(full.ExecContext(ctx, args...))
			args = args[:0]
		}
	}
	if len(args) > 0 {
		must(tx.ExecContext(ctx, insert(len(args)/cols), args...))
	}
	// as ImportRows: the page cache grows to hold the table and its indexes
	// while they are built (three times the database's size and 96 MiB, at
	// most 1 GiB)
	var pages, pageSize int64
	if err := tx.QueryRowContext(ctx, "SELECT (SELECT page_count FROM pragma_page_count), (SELECT page_size FROM pragma_page_size)").Scan(&pages, &pageSize); err != nil {
		b.Fatal(err)
	}
	if kib := min(3*pages*pageSize/1024+96<<10, 1<<20); kib > 128<<10 {
		must(tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", kib)))
	}
	// as ImportRows: the sorter packs the index keys into one block
	must(tx.ExecContext(ctx, "PRAGMA temp_store = FILE"))
	for _, q := range creates {
		must(tx.ExecContext(ctx, q))
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return n
}
