package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A member's year through the binary: a top-up with its bonus, a purchase
// paid from it, points earned and then expired as KEHU_NOW moves on, a
// purchase on credit, its repayment, the overdue agenda, the columns and
// the statement read back from XLSX. Every figure is worked out by hand.
func TestMemberAccountsEndToEnd(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	l.ok("add", "恒通建材")

	out := l.ok("topup", "王芳", "1000", "--bonus", "100")
	if !strings.Contains(out, "stored value ¥1,100.00") {
		t.Errorf("topup printed %q", out)
	}
	out = l.ok("buy", "王芳", "--amount", "580", "--pay", "balance")
	if !strings.Contains(out, "¥520.00 left") || !strings.Contains(out, "points +580, now 580") {
		t.Errorf("buy --pay balance printed %q", out)
	}
	// more than the balance: refused, naming it, nothing written
	before := l.snapshot()
	l.fails(1, []string{"the balance is ¥520.00", "nothing was changed"}, "buy", "王芳", "--amount", "520.01", "--pay", "balance")
	if l.snapshot() != before {
		t.Error("a refused payment changed the ledger")
	}
	zh := withEnvVar(l, "KEHU_LANG=zh")
	zh.fails(1, []string{"储值余额只有 ¥520.00"}, "buy", "王芳", "--amount", "600", "--pay", "余额")

	// points: 580 earned today, expiring a year on
	out = l.ok("points", "王芳")
	if !strings.Contains(out, "#1 王芳: 580 points") || !strings.Contains(out, "580 points expire on 2027-11-22") {
		t.Errorf("points printed %q", out)
	}
	l.fails(1, []string{"holds 580 points"}, "points", "王芳", "--redeem", "581")
	out = l.ok("points", "王芳", "--redeem", "80", "--reason", "兑换茶杯")
	if !strings.Contains(out, "500 points left") {
		t.Errorf("redeem printed %q", out)
	}
	l.fails(2, []string{"needs a reason"}, "points", "王芳", "--adjust", "5")

	// credit: a limit, a purchase on it dated October 1, overdue by
	// November 22 (52 days > 30), listed first on the agenda
	l.fails(1, []string{"no credit limit"}, "buy", "恒通建材", "--amount", "100", "--pay", "credit")
	l.ok("credit-limit", "恒通建材", "5000")
	l.fails(1, []string{"owes ¥0.00 of a ¥5,000.00 credit limit"}, "buy", "恒通建材", "--amount", "5000.01", "--pay", "credit")
	out = l.ok("buy", "恒通建材", "--amount", "1200", "--pay", "credit", "--date", "2026-10-01")
	if !strings.Contains(out, "owes ¥1,200.00 of a ¥5,000.00 limit") {
		t.Errorf("buy --pay credit printed %q", out)
	}
	agenda := l.ok("agenda")
	if i := strings.Index(agenda, "Overdue credit: 1"); i < 0 || !strings.Contains(agenda[i:], "恒通建材") ||
		!strings.Contains(agenda, "owes ¥1,200.00, unpaid for 52 days (since 2026-10-01)") {
		t.Errorf("agenda:\n%s", agenda)
	}
	l.fails(1, []string{"the customer owes ¥1,200.00"}, "repay", "恒通建材", "1200.01")
	out = l.ok("repay", "恒通建材", "1000")
	if !strings.Contains(out, "owes ¥200.00") {
		t.Errorf("repay printed %q", out)
	}

	// the columns, a filter on them and the summary's totals
	csv := l.ok("export", "--header", "keys", "--columns", "name,points,balance,owed", "--where", "owed>0", "--sort", "owed:desc")
	if want := "name,points,balance,owed\r\n恒通建材,1200,0.00,200.00\r\n"; csv != want {
		t.Errorf("export of owed>0:\n%q\nwant\n%q", csv, want)
	}
	tiers := l.ok("tiers")
	if !strings.Contains(tiers, "Accounts: stored value ¥520.00 · owed ¥200.00 · unredeemed points 1700") {
		t.Errorf("tiers:\n%s", tiers)
	}
	l.ok("check")

	// a year on, the points earned on 2026-11-22 are gone; the statement
	// shows the expiry
	later := l.withNow("2027-11-22 09:00:00")
	out = later.ok("points", "王芳")
	if !strings.Contains(out, "#1 王芳: 0 points") || !strings.Contains(out, "no points expiring") {
		t.Errorf("a year later points printed %q", out)
	}
	// (恒通建材's October points went on 2027-10-01, by the same run)
	path := filepath.Join(t.TempDir(), "对账单.xlsx")
	later.ok("statement", "王芳", "--from", "2026-11-01", "-o", path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Statement")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Statement of #1 王芳, 2026-11-01 to 2027-11-22"},
		{"Date", "Account", "Entry", "Amount", "Balance", "Reference", "Written"},
		{"2026-11-01", "stored value", "opening balance", "", "0.00"},
		{"2026-11-01", "credit owed", "opening balance", "", "0.00"},
		{"2026-11-01", "points", "opening balance", "", "0"},
		{"2026-11-22", "stored value", "top-up", "1,000.00", "1,000.00", "", "2026-11-22 10:00:00"},
		{"2026-11-22", "stored value", "top-up bonus", "100.00", "1,100.00", "entry:1", "2026-11-22 10:00:00"},
		{"2026-11-22", "stored value", "paid from stored value", "-580.00", "520.00", "purchase:1", "2026-11-22 10:00:00"},
		{"2026-11-22", "points", "points earned", "580", "580", "purchase:1", "2026-11-22 10:00:00"},
		{"2026-11-22", "points", "points redeemed: 兑换茶杯", "-80", "500", "", "2026-11-22 10:00:00"},
		{"2027-11-22", "points", "points expired", "-500", "0", "", "2027-11-22 09:00:00"},
	}
	if len(rows) != len(want) {
		t.Fatalf("statement has %d rows, want %d:\n%q", len(rows), len(want), rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("statement row %d = %q, want %q", i+1, rows[i], want[i])
		}
	}
	later.ok("check")
}

// Two processes topping up the same customer at once lose nothing: every
// top-up lands, and the balance is their sum.
func TestConcurrentTopUpsLoseNothing(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	const each = 15
	var wg sync.WaitGroup
	errs := make(chan string, 2*each)
	for p := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				cmd := exec.Command(kehuBin, "topup", "王芳", fmt.Sprint(p+1))
				cmd.Env = append([]string{"PATH=/usr/bin:/bin"}, l.env...)
				if out, err := cmd.CombinedOutput(); err != nil {
					errs <- fmt.Sprintf("process %d top-up %d: %v %s", p, i, err, out)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	// 15 × 1.00 + 15 × 2.00
	csv := l.ok("export", "--header", "keys", "--columns", "name,balance")
	if want := "name,balance\r\n王芳,45.00\r\n"; csv != want {
		t.Errorf("after concurrent top-ups: %q, want %q", csv, want)
	}
	if out := l.ok("check"); !strings.Contains(out, "every balance agrees") {
		t.Errorf("check printed %q", out)
	}
}

// withEnvVar is l with one environment variable replaced (KEY=value).
func withEnvVar(l *ledger, kv string) *ledger {
	key, _, _ := strings.Cut(kv, "=")
	c := *l
	c.env = nil
	for _, e := range l.env {
		if !strings.HasPrefix(e, key+"=") {
			c.env = append(c.env, e)
		}
	}
	c.env = append(c.env, kv)
	return &c
}
