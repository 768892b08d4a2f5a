package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A filtered XLSX export (`--where source=展会`: 3 of the 4 customers)
// carries the tier profile of every customer, named and noted as such:
// its grade rows count all 4.
func TestExportFilteredXLSXProfileOfAll(t *testing.T) {
	l := compareLedger(t)
	path := filepath.Join(t.TempDir(), "fair.xlsx")
	l.ok("export", "--where", "source=展会", "--format", "xlsx", "--out", path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Customers,Purchases,Contacts,Tiers,Tier profile, all customers" {
		t.Fatalf("sheets = %s", got)
	}
	customers, err := f.GetRows("Customers")
	if err != nil || len(customers) != 4 {
		t.Fatalf("customers sheet = %q, %v; want the header and 3 rows", customers, err)
	}
	rows, err := f.GetRows("Tier profile, all customers")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 {
		t.Fatalf("profile rows = %q; want the header, A-D, a blank row and the note", rows)
	}
	total := 0
	for i, g := range []string{"A", "B", "C", "D"} {
		if rows[i+1][0] != g {
			t.Errorf("profile row %d = %q, want grade %s", i+1, rows[i+1], g)
		}
		n, err := strconv.Atoi(rows[i+1][2])
		if err != nil {
			t.Fatalf("profile row %d customers: %v", i+1, err)
		}
		total += n
	}
	if total != 4 {
		t.Errorf("the profile counts %d customers, want every one of the 4", total)
	}
	want := "Every customer of the ledger (4), not only the 3 exported (source=展会): all the tiers side by side, to compare the exported customers with."
	if got := strings.Join(rows[6], ""); got != want {
		t.Errorf("note = %q", got)
	}
}
