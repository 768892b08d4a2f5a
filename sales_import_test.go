package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// salesLog is a till's export: two lines of one order (A001), a new
// customer by phone (with seconds), two sales of 王芳 on one day told apart
// by the time alone (no order number; her phone typed another way), and
// three bad rows (lines 7, 8 and 9).
const salesLog = "销售日期,手机,金额,商品,数量,单号\n" +
	"2026-11-01 09:15,13800000001,120.00,龙井,2,A001\n" +
	"2026-11-01 09:15,13800000001,30.50,茶杯,1,A001\n" +
	"2026-11-10 14:05:30,13900000002,88,普洱,,A002\n" +
	"2026/11/12 18:00,138-0000-0001,45,,1,\n" +
	"2026/11/12 19:30,13800000001,45,,1,\n" +
	"2026-11-15,13800000001,abc,龙井,1,A004\n" +
	"2026-12-01,13800000001,10,龙井,1,A005\n" +
	"2026-11-16,,10,龙井,1,A007\n"

// customersByName is the export's name → "purchases,total_spend,last_purchase".
func customersByName(t *testing.T, l *ledger) map[string]string {
	t.Helper()
	out := l.ok("export", "--columns", "name,purchases,total_spend,last_purchase", "--header", "keys")
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		name, rest, _ := strings.Cut(strings.TrimSpace(line), ",")
		got[name] = rest
	}
	return got
}

func TestImportPurchasesLogsSalesOnceWithRejects(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800000001")
	file := filepath.Join(t.TempDir(), "sales.csv")
	if err := os.WriteFile(file, []byte(salesLog), 0o600); err != nil {
		t.Fatal(err)
	}
	r := l.fails(3, []string{"3 rows were rejected", "sales.csv.rejects.csv"}, "import", "--purchases", file)
	if want := "8 rows read: 5 sales logged, 0 already in the ledger, 1 customers added, 2 customers regraded, 3 rejected"; !strings.Contains(r.out, want) {
		t.Errorf("first import says\n%s\nwant %q", r.out, want)
	}
	want := map[string]string{
		"王芳":          "4,240.50,2026-11-12", // 120 + 30.50 + 45 + 45
		"13900000002": "1,88.00,2026-11-10",  // added, named by the phone
	}
	got := customersByName(t, l)
	if len(got) != 2 || got["王芳"] != want["王芳"] || got["13900000002"] != want["13900000002"] {
		t.Errorf("customers after the import: %v, want %v", got, want)
	}
	rejects, err := os.ReadFile(file + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(rejects), "\xEF\xBB\xBF")), "\r\n")
	if len(lines) != 4 || lines[0] != "销售日期,手机,金额,商品,数量,单号,reason" {
		t.Fatalf("rejects file:\n%s\nwant the header and three rows", rejects)
	}
	for i, w := range []struct{ row, says string }{
		{"2026-11-15,13800000001,abc,龙井,1,A004,", "row 7:"},
		{"2026-12-01,13800000001,10,龙井,1,A005,", "row 8:"},
		{"2026-11-16,,10,龙井,1,A007,", "row 9: customer: empty"},
	} {
		if !strings.HasPrefix(lines[i+1], w.row) || !strings.Contains(lines[i+1], w.says) {
			t.Errorf("reject %d is %q, want the row %q and %q", i+1, lines[i+1], w.row, w.says)
		}
	}
	if !strings.Contains(lines[2], "2026-12-01 is after today (2026-11-22)") {
		t.Errorf("the future sale's reason %q does not say it is after today", lines[2])
	}

	// the same file again adds nothing: every good row is already there
	r = l.fails(3, nil, "import", "--purchases", file)
	if want := "8 rows read: 0 sales logged, 5 already in the ledger, 0 customers added, 0 customers regraded, 3 rejected"; !strings.Contains(r.out, want) {
		t.Errorf("second import says\n%s\nwant %q", r.out, want)
	}
	if again := customersByName(t, l); len(again) != 2 || again["王芳"] != want["王芳"] || again["13900000002"] != want["13900000002"] {
		t.Errorf("customers after importing again: %v, want %v", again, want)
	}
}

func TestImportPurchasesNoCreateRejectsUnknownCustomers(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800000001")
	file := filepath.Join(t.TempDir(), "sales.csv")
	log := "日期,电话,实收\n2026-11-01,13800000001,10\n2026-11-02,13900000002,20\n"
	if err := os.WriteFile(file, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	r := l.fails(3, []string{"1 rows were rejected"}, "import", "--purchases", "--no-create", file)
	if want := "2 rows read: 1 sales logged, 0 already in the ledger, 0 customers added, 1 customers regraded, 1 rejected"; !strings.Contains(r.out, want) {
		t.Errorf("import says\n%s\nwant %q", r.out, want)
	}
	rejects, err := os.ReadFile(file + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rejects), `2026-11-02,13900000002,20,"row 3: no customer ""13900000002"" in the ledger (--no-create)"`) {
		t.Errorf("rejects file:\n%s\nwant row 3 refused for its unknown customer", rejects)
	}
	if got := customersByName(t, l); len(got) != 1 || got["王芳"] != "1,10.00,2026-11-01" {
		t.Errorf("customers: %v, want only 王芳 with the one sale", got)
	}
	// without --no-create the same sale adds its customer
	out := l.ok("import", "--purchases", file)
	if want := "2 rows read: 1 sales logged, 1 already in the ledger, 1 customers added, 1 customers regraded, 0 rejected"; !strings.Contains(out, want) {
		t.Errorf("import says\n%s\nwant %q", out, want)
	}
	if _, err := os.Stat(file + ".rejects.csv"); !os.IsNotExist(err) {
		t.Errorf("a clean import left the earlier rejects file: %v", err)
	}
}

func TestImportPurchasesReadsGBKAndNames(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800000001")
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("日期,客户,实收(元),品名\n2026-11-05 10:30,王芳,50,龙井\n2026-11-06,李雷,66.60,普洱\n")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "流水.csv")
	if err := os.WriteFile(file, []byte(gbk), 0o600); err != nil {
		t.Fatal(err)
	}
	out := l.ok("import", "--purchases", file)
	if want := "2 rows read: 2 sales logged, 0 already in the ledger, 1 customers added, 2 customers regraded, 0 rejected"; !strings.Contains(out, want) {
		t.Errorf("import says\n%s\nwant %q", out, want)
	}
	if got := customersByName(t, l); len(got) != 2 || got["王芳"] != "1,50.00,2026-11-05" || got["李雷"] != "1,66.60,2026-11-06" {
		t.Errorf("customers: %v, want 王芳 1,50.00,2026-11-05 and 李雷 1,66.60,2026-11-06", got)
	}
}

// cdnowConversion is the README's one line turning the CDNOW log into a
// sales log (the order number is the line's number: the log has no other).
const cdnowConversion = `awk 'BEGIN{print "order,customer,date,quantity,amount"} {print NR "," $2 "," $3 "," $4 "," $5}'`

func TestImportPurchasesCDNOWConversion(t *testing.T) {
	if _, err := exec.LookPath("awk"); err != nil {
		t.Skip("no awk")
	}
	l := newLedger(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "cdnow.csv")
	cmd := exec.Command("sh", "-c", "head -200 "+filepath.Join("model", "testdata", "CDNOW_sample.txt")+" | "+cdnowConversion+" > "+file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("conversion: %v\n%s", err, out)
	}
	out := l.ok("import", "--purchases", file)
	// the first 200 lines: 200 sales (none of zero dollars) by 76 customers
	if want := "200 rows read: 200 sales logged, 0 already in the ledger, 76 customers added, 76 customers regraded, 0 rejected"; !strings.Contains(out, want) {
		t.Errorf("import says\n%s\nwant %q", out, want)
	}
	got := customersByName(t, l)
	// customer 0001's four lines: 29.33 + 29.73 + 14.96 + 26.48
	if len(got) != 76 || got["0001"] != "4,100.50,1997-12-12" {
		t.Errorf("%d customers, 0001 is %q; want 76 and 4,100.50,1997-12-12", len(got), got["0001"])
	}
	out = l.ok("import", "--purchases", file)
	if want := "200 rows read: 0 sales logged, 200 already in the ledger, 0 customers added, 0 customers regraded, 0 rejected"; !strings.Contains(out, want) {
		t.Errorf("importing again says\n%s\nwant %q", out, want)
	}
}

// An XLSX log with typed cells: date-time cells (yyyy-mm-dd hh:mm) keep
// their time of day, so two sales of the same amount on one day, without
// order numbers, are two sales, and each is logged once.
func TestImportPurchasesXLSXKeepsTheTimeOfDay(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800000001")
	f := excelize.NewFile()
	rows := [][]any{
		{"时间", "会员", "消费金额", "品名"},
		{time.Date(2026, 11, 1, 9, 15, 0, 0, time.UTC), "王芳", 120, "龙井"},
		{time.Date(2026, 11, 1, 18, 40, 0, 0, time.UTC), "王芳", 120, "龙井"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	dateTime, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptrTo("yyyy-mm-dd hh:mm")})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("Sheet1", "A2", "A3", dateTime); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "sales.xlsx")
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	out := l.ok("import", "--purchases", file)
	if want := "2 rows read: 2 sales logged, 0 already in the ledger, 0 customers added, 1 customers regraded, 0 rejected"; !strings.Contains(out, want) {
		t.Errorf("import says\n%s\nwant %q", out, want)
	}
	if got := customersByName(t, l); got["王芳"] != "2,240.00,2026-11-01" {
		t.Errorf("王芳 is %q, want 2,240.00,2026-11-01", got["王芳"])
	}
	out = l.ok("import", "--purchases", file)
	if want := "2 rows read: 0 sales logged, 2 already in the ledger, 0 customers added, 0 customers regraded, 0 rejected"; !strings.Contains(out, want) {
		t.Errorf("importing again says\n%s\nwant %q", out, want)
	}
}

// --no-create belongs to --purchases; a dry run counts and writes nothing.
func TestImportPurchasesUsageAndDryRun(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800000001")
	file := filepath.Join(t.TempDir(), "sales.csv")
	if err := os.WriteFile(file, []byte("日期,客户,金额\n2026-11-01,王芳,10\n2026-11-02,李雷,20\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l.fails(2, []string{"--no-create goes with --purchases"}, "import", "--no-create", file)
	before := l.snapshot()
	out := l.ok("import", "--purchases", "--dry-run", file)
	if want := "dry run, nothing written: 2 rows read: 2 sales would be logged, 0 already in the ledger, 1 customers added, 2 customers regraded, 0 rejected"; !strings.Contains(out, want) {
		t.Errorf("dry run says\n%s\nwant %q", out, want)
	}
	if after := l.snapshot(); after != before {
		t.Errorf("the dry run changed the ledger:\n%s\nwas\n%s", after, before)
	}
}

func ptrTo[T any](v T) *T { return &v }
