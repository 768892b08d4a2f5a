// Command benchreport is the helper of bench/run: it measures the
// whole-process figures that go test -bench cannot (the TUI in a real
// pseudo-terminal, the CSV floor as a process of its own), writes the import
// sheet, and turns the raw results of a run into the markdown table of
// BENCHMARKS.md.
//
//	benchreport ledger -n N                   the cached ledger's path (built if missing, migrated if older)
//	benchreport schema -db LEDGER             fails if LEDGER has an older schema
//	benchreport tty -bin kehu -db LEDGER      first frame, key latency, RSS
//	benchreport floorcsv -db LEDGER -out F    the CSV floor as a whole process
//	benchreport sheet -n N -out F             a shop's sheet of N customers
//	benchreport report -n N -bench F -proc F  the markdown table
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-app/kehu/internal/benchledger"
	"github.com/kehu-app/kehu/store"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchreport ledger|tty|floorcsv|sheet|report [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "ledger":
		err = runLedger(os.Args[2:])
	case "schema":
		fs := flag.NewFlagSet("schema", flag.ExitOnError)
		db := fs.String("db", "", "ledger")
		_ = fs.Parse(os.Args[2:]) // ExitOnError: Parse exits on a bad flag
		err = sameSchema(*db)
	case "tty":
		err = runTTY(os.Args[2:])
	case "floorcsv":
		err = runFloorCSV(os.Args[2:])
	case "sheet":
		err = runSheet(os.Args[2:])
	case "report":
		err = runReport(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

// runLedger prints the path of the cached benchmark ledger of n customers
// ($KEHU_BENCH_CACHE), generating it first if it is missing.
func runLedger(args []string) error {
	fs := flag.NewFlagSet("ledger", flag.ExitOnError)
	n := fs.Int("n", 10000, "customers")
	_ = fs.Parse(args) // ExitOnError: Parse exits on a bad flag
	p, err := benchledger.Path(*n, os.Stderr)
	if err != nil {
		return err
	}
	if err := migrated(*n, p); err != nil {
		return err
	}
	fmt.Println(p)
	return nil
}

// migrated brings a cached ledger made by an older kehu to this build's
// schema, as opening it in kehu would (generating a million customers again
// takes far longer than migrating them), drops the copy the migration keeps,
// and checks the ledger then stands at this build's schema version.
func migrated(n int, path string) error {
	st, err := benchledger.Open(n, os.Stderr)
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	baks, err := filepath.Glob(path + ".*.bak")
	if err != nil {
		return err
	}
	for _, b := range baks {
		if err := os.Remove(b); err != nil {
			return err
		}
	}
	fresh, cleanup, err := freshLedger()
	if err != nil {
		return err
	}
	defer cleanup()
	want, err := userVersion(fresh)
	if err != nil {
		return err
	}
	got, err := userVersion(path)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("%s stands at schema version %d after opening, this build's is %d", path, got, want)
	}
	return nil
}

// freshLedger makes an empty ledger of this build's schema in a temporary
// folder, which cleanup removes.
func freshLedger() (path string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "benchreport")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	path = filepath.Join(dir, "fresh.db")
	st, err := store.Open(path)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	if err := st.Close(); err != nil {
		cleanup()
		return "", nil, err
	}
	return path, cleanup, nil
}

func userVersion(path string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// sameSchema refuses a cached ledger built by an older schema: the cache is
// keyed by size only, and a stale file would be measured (or fail) silently.
func sameSchema(path string) error {
	fresh, cleanup, err := freshLedger()
	if err != nil {
		return err
	}
	defer cleanup()
	want, err := schemaOf(fresh)
	if err != nil {
		return err
	}
	got, err := schemaOf(path)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("%s was built by an older schema than this build's; move it away to have it regenerated", path)
	}
	return nil
}

func schemaOf(path string) (string, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return "", err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master
		WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		b.WriteString(s + "\n")
	}
	return b.String(), rows.Err()
}
