package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The member account at the table, against the built binary: $ tops up
// 1000 with 100 bonus, p pays 80 from the stored value, and the statement
// in the detail shows the entries with running balances and writes them
// to XLSX. Every figure is worked out by hand: 1100 - 80 = 1020, 80 points
// earned at 1 a yuan (grade D), expiring a year after today (2026-11-22).
func TestTUIAccountTopUpPayStatement(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	tt := startTUI(t, l, 120, 34)
	tt.waitFor("row 1/1")

	tt.typeText("$")
	tt.waitFor("Account — 王芳", "Stored value ¥0.00")
	tt.keys("Tab")
	tt.typeText("1000")
	tt.keys("Tab")
	tt.typeText("100")
	tt.waitFor("stored value ¥0.00 → ¥1,100.00 after this")
	tt.keys("C-s")
	tt.waitFor("topped up ¥1,000.00 with ¥100.00 bonus for 王芳; stored value ¥1,100.00")

	// Paying 2000 from 1100 is refused before saving, naming the balance.
	tt.keys("p")
	tt.waitFor("Log a purchase")
	tt.typeText("2000")
	tt.keys("Tab", "Tab", "Tab", "Tab", "Right", "Right", "Right")
	tt.waitFor("cannot pay ¥2,000.00 from stored value: the balance is ¥1,100.00")
	tt.keys("C-s")
	tt.waitFor("Log a purchase")
	if got := l.field(1, "total_spend"); got != "0.00" {
		t.Fatalf("a refused purchase was written: total spend %s", got)
	}
	tt.keys("BTab", "BTab", "BTab", "BTab", "C-u")
	tt.typeText("80")
	tt.waitFor("stored value ¥1,100.00 → ¥1,020.00 after this")
	tt.keys("C-s")
	tt.waitFor("paid from stored value; ¥1,020.00 left")

	tt.keys("o")
	tt.waitFor("王芳")
	tt.keys("s")
	s := tt.waitFor("Statement — 王芳", "entries 1–4 of 4")
	for _, want := range []string{
		"Stored value ¥1,020.00 · owes ¥0.00 (limit ¥0.00) · 80 points · 80 points expire on 2027-11-22",
		"2026-11-22  stored value  top-up",
		"+¥1,000.00     ¥1,000.00",
		"top-up bonus",
		"+¥100.00     ¥1,100.00",
		"paid from stored value",
		"-¥80.00     ¥1,020.00",
		"Closing: stored value ¥1,020.00, owed ¥0.00, points 80 (4 entries)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("statement lacks %q:\n%s", want, s)
		}
	}

	path := filepath.Join(t.TempDir(), "王芳.xlsx")
	tt.keys("x")
	tt.waitFor("Export to:")
	tt.keys("C-u")
	tt.typeText(path)
	tt.keys("Enter")
	tt.waitFor("wrote 4 entries to")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		if len(r) >= 5 && r[0] == "2026-11-22" {
			got = append(got, strings.Join(r[1:5], "|"))
		}
	}
	want := []string{
		"stored value|top-up|1,000.00|1,000.00",
		"stored value|top-up bonus|100.00|1,100.00",
		"stored value|paid from stored value|-80.00|1,020.00",
		"points|points earned|80|80",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("XLSX entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	tt.keys("Escape", "Escape")
	tt.waitFor("row 1/1")
	tt.quit()
}
