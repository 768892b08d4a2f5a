package main

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/kehu-app/kehu/store"
	_ "modernc.org/sqlite"
)

// runFloorCSV is BenchmarkFloorCSV (export/bench_test.go) as a process of
// its own, for the whole-process floor of `kehu export`: the columns of the
// default view read from the same file with database/sql and
// modernc.org/sqlite, written with encoding/csv to a file, nothing else.
func runFloorCSV(args []string) error {
	fs := flag.NewFlagSet("floorcsv", flag.ExitOnError)
	db := fs.String("db", "", "ledger")
	out := fs.String("out", "", "CSV file to write (none: print the query)")
	_ = fs.Parse(args) // ExitOnError: Parse exits on a bad flag
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	cols, err := st.QueryColumns(store.Query{})
	st.Close()
	if err != nil {
		return err
	}
	sel := "id"
	for _, c := range cols {
		if c.Custom {
			return fmt.Errorf("floor: custom column %s not expected", c.Key)
		}
		sel += ", " + c.Key
	}
	query := "SELECT " + sel + " FROM customers WHERE deleted_at IS NULL ORDER BY id"
	if *out == "" {
		fmt.Println(query)
		return nil
	}
	conn, err := sql.Open("sqlite", "file:"+*db+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	rows, err := conn.Query(query)
	if err != nil {
		return err
	}
	defer rows.Close()
	cw := csv.NewWriter(bw)
	vals := make([]any, len(cols)+1)
	dest := make([]any, len(cols)+1)
	for i := range vals {
		dest[i] = &vals[i]
	}
	rec := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
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
	}
	cw.Flush()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := cw.Error(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}
