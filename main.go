// Command kehu (客户) is a keyboard-driven terminal spreadsheet of customers:
// a table editor over one SQLite ledger, with grades computed from real
// purchases, contact logging, an agenda, and export/import.
package main

import (
	"os"

	"github.com/kehu-app/kehu/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() { os.Exit(cli.Main(version)) }
