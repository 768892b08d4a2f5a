package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kehu-app/kehu/internal/benchledger"
)

// runSheet writes the sheet BenchmarkImport100k imports (benchledger.
// WriteSheet), its purchase dates before the benchmark clock's today;
// bench/run imports it with KEHU_NOW set to that day.
func runSheet(args []string) error {
	fs := flag.NewFlagSet("sheet", flag.ExitOnError)
	n := fs.Int("n", 100000, "customers")
	out := fs.String("out", "", "CSV file to write")
	_ = fs.Parse(args) // ExitOnError: Parse exits on a bad flag
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := benchledger.WriteSheet(f, *n, benchledger.Now); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	return nil
}
