package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The loyalty column, worked by hand for 2026-11-22 (the last 12 months
// run from 2025-11-23), then for 2027-01-11 with nothing written between:
//
//	王芳  first bought 800 days ago: 2; 1 month of the last 12: 0;
//	      referred 李雷: 1                                   → 4
//	李雷  never bought, referred nobody                       → 1
//	张伟  first bought 2026-01-10 (316 days): 0; 4 months: 1   → 2
//
// On 2027-01-11 张伟 has a year (366 days): +1, and 2026-01 has left his
// last 12 months, which still hold 3 (1 point): 3. 王芳 stays 4.
func TestExportLoyaltyColumnAsOfToday(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	l.ok("buy", "王芳", "--amount", "100", "--date", "2024-09-13")
	l.ok("buy", "王芳", "--amount", "100", "--date", "2026-11-12")
	l.ok("add", "李雷", "--set", "referred_by=王芳")
	l.ok("add", "张伟")
	for _, d := range []string{"2026-01-10", "2026-03-10", "2026-05-10", "2026-11-20"} {
		l.ok("buy", "张伟", "--amount", "50", "--date", d)
	}
	if csv := l.ok("export", "--columns", "name,loyalty", "--header", "keys"); csv != "name,loyalty\r\n王芳,4\r\n李雷,1\r\n张伟,2\r\n" {
		t.Errorf("loyalty on 2026-11-22:\n%s", csv)
	}
	if csv := l.ok("export", "--columns", "name,loyalty", "--where", "loyalty>=2", "--sort", "loyalty", "--header", "keys"); csv != "name,loyalty\r\n张伟,2\r\n王芳,4\r\n" {
		t.Errorf("loyalty>=2 sorted by loyalty:\n%s", csv)
	}
	if csv := l.ok("export", "--columns", "name,忠诚度", "--lang", "zh"); !strings.HasPrefix(csv, "姓名,忠诚度\r\n王芳,4\r\n") {
		t.Errorf("the Chinese header:\n%s", csv)
	}
	later := *l
	later.env = append(append([]string(nil), l.env...), "KEHU_NOW=2027-01-11 10:00:00")
	if csv := later.ok("export", "--columns", "name,loyalty", "--header", "keys"); csv != "name,loyalty\r\n王芳,4\r\n李雷,1\r\n张伟,3\r\n" {
		t.Errorf("loyalty on 2027-01-11:\n%s", csv)
	}
}

// A number column of the owner's graded by quintile through the rules
// file: five buyers with 信用 10.5..50.5 have mid-rank percentiles 10%,
// 30%, 50%, 70%, 90%, so the cut points are 20.5, 30.5, 40.5, 50.5 and the
// scores 1..5: 0, 25, 50, 75, 100 points.
func TestGradingByACustomColumnsQuintiles(t *testing.T) {
	l := newLedger(t)
	dir := filepath.Dir(l.path)
	sheet := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(sheet, []byte("name,信用\n甲,10.5\n乙,20.5\n丙,30.5\n丁,40.5\n戊,50.5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l.ok("import", sheet)
	for _, n := range []string{"甲", "乙", "丙", "丁", "戊"} {
		l.ok("buy", n, "--amount", "100", "--date", "2026-11-01")
	}
	file := filepath.Join(dir, "rules.toml")
	rules := "[weights]\nr = 0\nf = 0\nm = 0\n\n[[columns]]\ncolumn = \"信用\"\nweight = 1\nmode = \"quintile\"\n"
	if err := os.WriteFile(file, []byte(rules), 0o600); err != nil {
		t.Fatal(err)
	}
	out := l.ok("rules", "import", file)
	if !strings.Contains(out, "C→A  1  戊") || !strings.Contains(out, "C→B  1  丁") {
		t.Errorf("preview:\n%s", out)
	}
	l.ok("rules", "import", file, "--apply")
	want := "name,grade,score\r\n甲,C,0.0\r\n乙,C,25.0\r\n丙,C,50.0\r\n丁,B,75.0\r\n戊,A,100.0\r\n"
	if csv := l.ok("export", "--columns", "name,grade,score", "--header", "keys"); csv != want {
		t.Errorf("grades by 信用:\n got %q\nwant %q", csv, want)
	}
	if out := l.ok("tiers", "--explain", "丁"); !strings.Contains(out, "信用: 40.5 → 4/5 (quintiles over 5 customers: ≥20.5 → 2, ≥30.5 → 3, ≥40.5 → 4, ≥50.5 → 5), weight 1") {
		t.Errorf("explain:\n%s", out)
	}
	// Exported and read back, the rules file keeps the quintile column.
	l.ok("rules", "export", file)
	if b, _ := os.ReadFile(file); !strings.Contains(string(b), "[[columns]]\ncolumn = '信用'\nweight = 1.0\nmode = 'quintile'") {
		t.Errorf("exported rules:\n%s", b)
	}
	// A column the ledger cannot grade by is refused on its line.
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("window_days = 365\n\n[[columns]]\ncolumn = \"name\"\nmode = \"quintile\"\n\n[[columns]]\ncolumn = \"score\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := l.snapshot()
	l.fails(1, []string{`line 4: columns[0].column: column "name" cannot be graded by quintile`, `line 8: columns[1].column: column "score" comes from the grade itself`}, "rules", "import", bad, "--apply")
	if l.snapshot() != before {
		t.Error("a refused rules file changed the ledger")
	}
}

// A sheet's own 忠诚度 column (the owner's judgement, from the grading
// table kehu replaces) is kept beside the computed one, not refused.
func TestImportedLoyaltyColumnIsKeptAside(t *testing.T) {
	l := newLedger(t)
	sheet := filepath.Join(filepath.Dir(l.path), "customers.csv")
	if err := os.WriteFile(sheet, []byte("姓名,忠诚度\n甲,高\n乙,低\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l.ok("import", sheet)
	if csv := l.ok("export", "--columns", "name,loyalty,忠诚度（原表）", "--header", "keys"); !strings.HasPrefix(csv, "name,loyalty,") || !strings.Contains(csv, "\r\n甲,1,高\r\n乙,1,低\r\n") {
		t.Errorf("export:\n%s", csv)
	}
}
