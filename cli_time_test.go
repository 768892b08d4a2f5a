package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
)

// exportKeys runs kehu export with keys as header and returns its CSV.
func (l *ledger) exportKeys(args ...string) string {
	l.t.Helper()
	return l.ok(append([]string{"export", "--header", "keys"}, args...)...)
}

// Grades, stages and filters are as of KEHU_NOW, whatever day the ledger
// was last graded for: stages worked out by hand from the purchase dates.
func TestCLIGradesAreAsOfToday(t *testing.T) {
	l := newLedger(t) // 2026-11-22
	l.ok("add", "王芳")
	l.ok("add", "李雷")
	l.ok("buy", "王芳", "--amount", "580", "--date", "2026-11-20")
	l.ok("buy", "李雷", "--amount", "600", "--date", "2026-10-01")
	// 王芳 first bought 2 days ago: new; 李雷 52 days ago: active.
	if got := l.exportKeys("--columns", "name,stage"); got != "name,stage\r\n王芳,New\r\n李雷,Active\r\n" {
		t.Errorf("on 2026-11-22:\n%s", got)
	}
	// 2027-01-05: 王芳 46 days since her only purchase: active; 李雷 96
	// days, past the 90-day dormancy threshold: dormant.
	later := l.withNow("2027-01-05 08:00:00")
	if got := later.exportKeys("--columns", "name,stage", "--where", "stage=dormant"); got != "name,stage\r\n李雷,Dormant\r\n" {
		t.Errorf("dormant on 2027-01-05:\n%s", got)
	}
	// The export regraded the ledger for that day: kehu regrade has nothing left to do.
	if out := later.ok("regrade"); !strings.Contains(out, "regraded as of 2027-01-05: 2 customers, 0 grade moves, 0 changed") {
		t.Errorf("regrade on an up-to-date ledger printed %q", out)
	}
	// 2027-11-25: both purchases over a year old and out of the window:
	// churned, and graded C (every score 1: score 0).
	year := l.withNow("2027-11-25 08:00:00")
	if got := year.exportKeys("--columns", "name,grade,score,stage", "--where", "grade=C"); got != "name,grade,score,stage\r\n王芳,C,0.0,Churned\r\n李雷,C,0.0,Churned\r\n" {
		t.Errorf("on 2027-11-25:\n%s", got)
	}
	if out := year.ok("tiers", "--explain", "王芳"); !strings.Contains(out, "370") {
		t.Errorf("explain on 2027-11-25 does not say 370 days since the last purchase:\n%s", out)
	}
	ag := year.ok("agenda", "--json")
	if !strings.Contains(ag, `"grade": "C"`) || strings.Contains(ag, `"grade": "A"`) || strings.Contains(ag, `"grade": "B"`) {
		t.Errorf("agenda on 2027-11-25 lists grades other than C:\n%s", ag)
	}
	// The history says why, in the reader's language.
	zh := year.ok("--lang", "zh", "regrade")
	if !strings.Contains(zh, "已按 2027-11-25 重新评级") {
		t.Errorf("zh regrade printed %q", zh)
	}
}

// A refund lowers spend, is not a purchase and does not move the last
// purchase date; one larger than the spend is refused, writing nothing.
func TestCLIRefunds(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	l.ok("buy", "王芳", "--amount", "12000", "--date", "2026-11-01")
	out := l.ok("buy", "王芳", "--amount", "-500", "--date", "2026-11-10")
	if !strings.Contains(out, "refunded ¥500.00 to #1 王芳: total spend ¥11,500.00") {
		t.Errorf("refund printed %q", out)
	}
	l.ok("buy", "王芳", "--amount", "500", "--date", "2026-11-05")
	if got := l.exportKeys("--columns", "name,total_spend,purchases,last_purchase"); got != "name,total_spend,purchases,last_purchase\r\n王芳,12000.00,2,2026-11-05\r\n" {
		t.Errorf("after 12000, -500 and 500:\n%s", got)
	}
	before := l.snapshot()
	l.fails(1, []string{"a refund of ¥12,001.00 is more than this customer's total spend of ¥12,000.00"}, "buy", "王芳", "--amount", "-12001")
	l.fails(1, []string{"退款 ¥20,000.00 超过该客户的累计消费 ¥12,000.00"}, "--lang", "zh", "buy", "王芳", "--amount", "-20000")
	if l.snapshot() != before {
		t.Error("a refused refund changed the ledger")
	}
	// A refund of all that was spent is fine: spend 0, still 2 purchases.
	l.ok("buy", "王芳", "--amount", "-12000")
	if got := l.exportKeys("--columns", "total_spend,purchases,last_purchase"); got != "total_spend,purchases,last_purchase\r\n0.00,2,2026-11-05\r\n" {
		t.Errorf("after refunding everything:\n%s", got)
	}
}

// Dates after today are refused with a message naming today; follow-ups
// before today too; a birthday cannot be in the future.
func TestCLIFutureDatesRefused(t *testing.T) {
	l := newLedger(t) // today 2026-11-22
	l.ok("add", "王芳")
	before := l.snapshot()
	l.fails(1, []string{"purchase date 2026-11-23 is after today (2026-11-22)"}, "buy", "王芳", "--amount", "500", "--date", "2026-11-23")
	l.fails(1, []string{"购买日期 2027-01-01 晚于今天（2026-11-22）"}, "--lang", "zh", "buy", "王芳", "--amount", "500", "--date", "2027/1/1")
	l.fails(1, []string{"contact date 2026-11-30 is after today (2026-11-22)"}, "log", "王芳", "--channel", "phone", "--at", "2026-11-30 10:00")
	l.fails(1, []string{"next follow-up 2026-11-21 is before today (2026-11-22)"}, "log", "王芳", "--channel", "phone", "--next", "2026-11-21")
	l.fails(1, []string{"birthday 2027-05-01 is after today (2026-11-22)"}, "add", "李雷", "--set", "birthday=2027-05-01")
	if l.snapshot() != before {
		t.Error("a refused date changed the ledger")
	}
	// Today itself is fine for all of them.
	l.ok("buy", "王芳", "--amount", "500", "--date", "2026-11-22")
	l.ok("log", "王芳", "--channel", "phone", "--next", "2026-11-22", "--at", "2026-11-22 09:00")
	l.ok("add", "李雷", "--set", "birthday=1990-05-01")
}

// A planned follow-up is replaced only by --next DATE, cleared only by
// --next none, and kept by a contact logged without --next.
func TestCLIFollowUpNeverLostSilently(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	l.ok("log", "王芳", "--channel", "电话", "--next", "2026-12-07")
	out := l.ok("log", "王芳", "--channel", "微信", "--kind", "feedback")
	if !strings.Contains(out, "follow-up 2026-12-07 kept") {
		t.Errorf("log without --next printed %q", out)
	}
	if got := l.exportKeys("--columns", "next_follow_up"); got != "next_follow_up\r\n2026-12-07\r\n" {
		t.Errorf("after a contact without --next:\n%s", got)
	}
	l.ok("log", "王芳", "--channel", "phone", "--next", "2026-12-10")
	if got := l.exportKeys("--columns", "next_follow_up"); got != "next_follow_up\r\n2026-12-10\r\n" {
		t.Errorf("after --next 2026-12-10:\n%s", got)
	}
	if out := l.ok("log", "王芳", "--channel", "phone", "--next", "none"); !strings.Contains(out, "follow-up cleared") {
		t.Errorf("--next none printed %q", out)
	}
	if got := l.exportKeys("--columns", "next_follow_up"); got != "next_follow_up\r\n\r\n" {
		t.Errorf("after --next none:\n%q", got)
	}
}

// A demo stopped part-way leaves the ledger as it was, and a second demo
// then runs without --force; one that finished is graded.
func TestCLIInterruptedDemo(t *testing.T) {
	l := newLedger(t)
	for _, after := range []time.Duration{300 * time.Millisecond, 1500 * time.Millisecond} {
		if finished := interruptDemo(t, l, after); finished {
			return
		}
	}
	// Nothing was left behind: a second demo needs no --force, and is graded.
	l.ok("demo", "--customers", "200")
	if n := l.countAll(); n != 200 {
		t.Fatalf("%d customers after the demo", n)
	}
	ungraded := l.countWhere("grade", func(g string) bool { return g == "D" })
	prospects := l.countWhere("stage", func(s string) bool { return s == "Prospect" })
	if ungraded != prospects {
		t.Errorf("%d customers graded D but %d prospects: the demo was not graded", ungraded, prospects)
	}
}

// interruptDemo starts a 30,000-customer demo, sends it SIGTERM after the
// delay and checks what it left: nothing, and a message saying so, when
// kehu stopped it part-way; the whole demo when it finished first (then it
// reports finished). A loaded machine can take longer than the delay to
// start the process, and a SIGTERM that comes before kehu listens for it
// ends the process by the signal's default action, which says nothing of
// how kehu stops: such a run must leave nothing either, and is tried again
// with twice the delay until kehu itself handles the signal.
func interruptDemo(t *testing.T, l *ledger, after time.Duration) (finished bool) {
	t.Helper()
	for wait := after; ; wait *= 2 {
		if wait > 40*time.Second {
			t.Fatalf("kehu was still not listening for SIGTERM %v after it started", wait/2)
		}
		cmd := exec.Command(kehuBin, "demo", "--customers", "30000")
		cmd.Env = l.env
		var errb strings.Builder
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(wait)
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			if _, serr := os.Stat(l.path); serr == nil {
				if n := l.countAll(); n != 0 {
					t.Fatalf("a demo killed by SIGTERM left %d customers", n)
				}
			}
			t.Logf("SIGTERM %v after the start came before kehu listened for it; trying again", wait)
			continue
		}
		code := cmd.ProcessState.ExitCode()
		n := l.countAll()
		switch {
		case code == 1 && err != nil:
			if !strings.Contains(errb.String(), "nothing was changed") {
				t.Errorf("interrupted demo said %q", errb.String())
			}
			noRawSQLite(t, "interrupted demo", errb.String())
			if n != 0 {
				t.Fatalf("an interrupted demo left %d customers", n)
			}
			return false
		case code == 0:
			if n != 30000 {
				t.Fatalf("a finished demo left %d customers", n)
			}
			t.Logf("the demo finished within %v", wait)
			return true
		default:
			t.Fatalf("demo stopped by SIGTERM: exit %d: %s", code, errb.String())
		}
	}
}

// When the ledger cannot be regraded (another kehu holds the write lock),
// a reading command still reads, at once, and says which day the grades
// are for; the next read regrades.
func TestCLIReadsStaleGradesWhenBusyAndSaysSo(t *testing.T) {
	l := newLedger(t) // 2026-11-22
	l.ok("add", "王芳")
	l.ok("buy", "王芳", "--amount", "580", "--date", "2026-11-20")
	st, err := store.Open(l.path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b, err := st.NewBulk(context.Background()) // holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	later := l.withNow("2027-01-05 08:00:00")
	start := time.Now()
	r := later.run("", "export", "--header", "keys", "--columns", "name,stage")
	if waited := time.Since(start); waited > 4*time.Second {
		t.Errorf("the export waited %v behind the writer", waited)
	}
	b.Abort()
	if r.code != 0 || r.out != "name,stage\r\n王芳,New\r\n" {
		t.Fatalf("export beside a writer: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.err, "as computed for 2026-11-22, not today") {
		t.Errorf("no note of the grades' day: %q", r.err)
	}
	// Once the lock is free, the next read brings them up to 2027-01-05.
	if got := later.exportKeys("--columns", "name,stage"); got != "name,stage\r\n王芳,Active\r\n" {
		t.Errorf("after the writer finished:\n%s", got)
	}
}

// An import stopped part-way leaves the ledger as it was; run again, it
// completes, graded.
func TestCLIInterruptedImport(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	path := filepath.Join(t.TempDir(), "big.csv")
	var b strings.Builder
	b.WriteString("姓名,电话,累计消费,最近购买日期\n")
	for i := range 60000 {
		fmt.Fprintf(&b, "客户%d,139%08d,%d,2026-%02d-%02d\n", i, i, 100+i%5000, 1+i%10, 1+i%28)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(kehuBin, "import", path)
	cmd.Env = l.env
	var errb strings.Builder
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	n := l.countAll()
	switch code := cmd.ProcessState.ExitCode(); code {
	case 1:
		if n != 1 {
			t.Fatalf("an interrupted import left %d customers, want 1", n)
		}
		if !strings.Contains(errb.String(), "stopped before finishing; nothing was changed") {
			t.Errorf("interrupted import said %q", errb.String())
		}
		noRawSQLite(t, "interrupted import", errb.String())
	case 0:
		if n != 60001 || !strings.Contains(errb.String(), "interrupted after saving") {
			t.Fatalf("import finished as it was stopped: %d customers, stderr %q", n, errb.String())
		}
		return
	default:
		t.Fatalf("import stopped by SIGTERM: exit %d: %s", code, errb.String())
	}
	l.ok("import", path)
	if n := l.countAll(); n != 60001 {
		t.Fatalf("%d customers after the import", n)
	}
	if d := l.countWhere("grade", func(g string) bool { return g == "D" }); d != 1 {
		t.Errorf("%d customers graded D after the import, want 1 (王芳, who never bought)", d)
	}
}

// The real table, opened on a later day than the ledger was graded for,
// shows at once and regrades in the background: the stage on screen
// becomes the day's.
func TestTUIOpensOnALaterDayAndRegrades(t *testing.T) {
	l := newLedger(t) // 2026-11-22
	l.ok("add", "王芳")
	l.ok("buy", "王芳", "--amount", "580", "--date", "2026-11-20")
	later := l.withNow("2027-01-05 09:00:00")
	tt := startTUI(t, later, 160, 20)
	tt.waitFor("regraded:")
	// The grades are now those of 2027-01-05 in the ledger itself: read
	// with the ledger's own clock it says so (no reader had to regrade).
	st, err := store.Open(l.path, store.WithClock(func() time.Time { return time.Date(2027, 1, 5, 9, 0, 0, 0, time.Local) }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if d, _ := st.GradedFor(context.Background()); d != "2027-01-05" {
		t.Errorf("the table left the ledger graded for %q", d)
	}
	tt.keys("q")
}
