package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An old sheet's 积分/余额/欠款 become opening entries of the customers it
// adds: the balances read back by hand, kehu check agrees with the entries,
// importing the sheet again adds no entry, a sheet whose balance differs
// from the ledger is reported and changes nothing, and a bad value rejects
// its row with exit 3.
func TestImportAccountOpenings(t *testing.T) {
	l := newLedger(t)
	dir := t.TempDir()
	sheet := filepath.Join(dir, "old.csv")
	csv := "姓名,手机,积分,余额,欠款\n" +
		"王芳,13800138000,1200,¥350.50,0\n" +
		"李雷,13900139000,0,0,1280.00\n" +
		"陈静,13700137000,85,1000,20.5\n"
	if err := os.WriteFile(sheet, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	out := l.ok("import", sheet)
	if !strings.Contains(out, "3 rows: 3 added, 0 updated, 0 unchanged, 0 rejected") {
		t.Errorf("import printed:\n%s", out)
	}
	if strings.Contains(out, "(sheet)") || strings.Contains(out, "原表") {
		t.Errorf("an account column was kept aside:\n%s", out)
	}
	want := "Name,Points,Balance,Owed\n" +
		"王芳,1200,350.50,0.00\n" +
		"李雷,0,0.00,1280.00\n" +
		"陈静,85,1000.00,20.50\n"
	if got := balances(l); got != want {
		t.Errorf("balances after import:\n%s\nwant:\n%s", got, want)
	}
	l.ok("check")
	statement := func() string {
		var b strings.Builder
		for _, n := range []string{"王芳", "李雷", "陈静"} {
			b.WriteString(l.ok("statement", n))
		}
		return b.String()
	}
	before := statement()
	// 王芳: points and stored value, no zero-amount owed entry
	wf := l.ok("statement", "王芳")
	if strings.Count(wf, "opening") != 2 {
		t.Errorf("王芳's statement should have 2 opening entries:\n%s", wf)
	}

	out = l.ok("import", sheet)
	if !strings.Contains(out, "3 rows: 0 added, 0 updated, 3 unchanged, 0 rejected") || strings.Contains(out, "differ") {
		t.Errorf("re-import printed:\n%s", out)
	}
	if got := statement(); got != before {
		t.Errorf("re-import changed the statements:\nbefore:\n%s\nafter:\n%s", before, got)
	}
	if got := balances(l); got != want {
		t.Errorf("balances after re-import:\n%s", got)
	}

	// the sheet says 王芳 holds ¥400: reported, the ledger keeps ¥350.50
	changed := filepath.Join(dir, "changed.csv")
	if err := os.WriteFile(changed, []byte("姓名,手机,余额\n王芳,13800138000,400\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out = l.ok("import", changed)
	for _, w := range []string{"1 balances differ from the ledger", "row 2 王芳: stored value ¥400.00 in the sheet, ¥350.50 in the ledger"} {
		if !strings.Contains(out, w) {
			t.Errorf("import of a differing balance does not say %q:\n%s", w, out)
		}
	}
	zh := l.ok("--lang", "zh", "import", changed, "--dry-run")
	for _, w := range []string{"1 项余额与账本不同（账本未改）", "第 2 行 王芳：储值余额 表中 ¥400.00，账本 ¥350.50"} {
		if !strings.Contains(zh, w) {
			t.Errorf("Chinese import of a differing balance does not say %q:\n%s", w, zh)
		}
	}
	if got := balances(l); got != want {
		t.Errorf("a differing balance changed the ledger:\n%s", got)
	}

	// bad values: negative money, fractional points; the good row goes in
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("姓名,积分,余额,欠款\n赵六,10,-5,0\n钱七,1.5,0,0\n孙八,7,12,3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := l.run("", "import", bad)
	if r.code != 3 {
		t.Fatalf("bad values: exit %d, want 3\n%s\n%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.out, "3 rows: 1 added, 0 updated, 0 unchanged, 2 rejected") {
		t.Errorf("bad values printed:\n%s", r.out)
	}
	rej, err := os.ReadFile(bad + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rej), "赵六") || !strings.Contains(string(rej), "below zero") || !strings.Contains(string(rej), "钱七") {
		t.Errorf("rejects file:\n%s", rej)
	}
	want += "孙八,7,12.00,3.00\n"
	if got := balances(l); got != want {
		t.Errorf("balances after the bad sheet:\n%s\nwant:\n%s", got, want)
	}
	l.ok("check")
}

// balances exports every customer's name and balances, lines ending in \n.
func balances(l *ledger) string {
	l.t.Helper()
	return strings.ReplaceAll(l.ok("export", "--columns", "name,points,balance,owed"), "\r\n", "\n")
}
