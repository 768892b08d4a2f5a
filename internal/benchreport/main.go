// Command benchreport is the helper of bench/run: it measures the
// whole-process figures that go test -bench cannot (the TUI in a real
// pseudo-terminal, the CSV floor as a process of its own), writes the import
// sheet, and turns the raw results of a run into the markdown table of
// BENCHMARKS.md.
//
//	benchreport tty -bin kehu -db LEDGER      first frame, key latency, RSS
//	benchreport floorcsv -db LEDGER -out F    the CSV floor as a whole process
//	benchreport sheet -n N -out F             a shop's sheet of N customers
//	benchreport report -n N -bench F -proc F  the markdown table
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchreport tty|floorcsv|sheet|report [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
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
