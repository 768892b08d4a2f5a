package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestVersionHelpAndUsage(t *testing.T) {
	l := newLedger(t)
	if out := l.ok("--version"); !strings.HasPrefix(out, "kehu ") {
		t.Errorf("--version = %q", out)
	}
	help := l.ok("--help")
	for _, cmd := range []string{"demo", "add", "log", "buy", "import", "export", "tiers", "agenda", "backup", "completion"} {
		if !strings.Contains(help, cmd) {
			t.Errorf("--help does not list %s", cmd)
		}
	}
	l.fails(2, []string{"unknown flag"}, "--nosuch")
	l.fails(2, []string{"unknown command"}, "frobnicate")
	l.fails(2, []string{`unknown command "exprot"`, "Did you mean export?"}, "exprot")
	// cobra's own usage errors speak the interface language too
	l.fails(2, []string{"没有这个选项：--nosuch", "运行 'kehu --help'"}, "--lang", "zh", "--nosuch")
	l.fails(2, []string{`"agnda" 不是 "kehu" 的命令`, "你是不是想输入 agenda？"}, "--lang", "zh", "agnda")
	l.fails(2, []string{"需要 1 个参数，收到 0 个"}, "--lang", "zh", "add")
	l.fails(2, []string{`"x" 不是 "--customers" 选项可用的值`}, "--lang", "zh", "demo", "--customers", "x")
	l.fails(2, []string{"accepts 1 arg"}, "add")
	l.fails(2, []string{"zh or en"}, "--lang", "fr", "agenda")
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		if out := l.ok("completion", sh); len(out) < 100 {
			t.Errorf("completion %s printed %d bytes", sh, len(out))
		}
	}
	// The TUI refuses to start without a terminal, clearly.
	l.fails(1, []string{"terminal"})
}

func TestLedgerLocationAndPermissions(t *testing.T) {
	l := newLedger(t)
	// Without KEHU_DB the ledger goes under $XDG_DATA_HOME/kehu.
	var env []string
	xdg := ""
	for _, e := range l.env {
		if strings.HasPrefix(e, "KEHU_DB=") {
			continue
		}
		if strings.HasPrefix(e, "XDG_DATA_HOME=") {
			xdg = strings.TrimPrefix(e, "XDG_DATA_HOME=")
		}
		env = append(env, e)
	}
	l.env = env
	l.ok("add", "王芳")
	p := filepath.Join(xdg, "kehu", "ledger.db")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatalf("ledger not at the XDG default: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("ledger mode %v", fi.Mode().Perm())
	}
	di, _ := os.Stat(filepath.Dir(p))
	if di.Mode().Perm() != 0o700 {
		t.Errorf("ledger folder mode %v", di.Mode().Perm())
	}
	// --db wins over everything.
	other := filepath.Join(t.TempDir(), "x.db")
	l.ok("--db", other, "add", "李雷")
	if _, err := os.Stat(other); err != nil {
		t.Errorf("--db ledger missing: %v", err)
	}
}

func TestAddBuyLogAndBadInputWritesNothing(t *testing.T) {
	l := newLedger(t)
	out := l.ok("add", "王芳", "--phone", "+86 138-0013-8000", "--tag", "VIP", "--tag", "老客户", "--set", "birthday=1990/5/1", "--company", "恒通")
	if !strings.Contains(out, "#1") {
		t.Errorf("add printed %q", out)
	}
	l.ok("add", "李雷", "--phone", "010 1234 5678")
	l.ok("add", "李雷", "--company", "乙公司")
	before := l.snapshot()

	l.fails(1, []string{"phone", "12345"}, "add", "张三", "--phone", "12345")
	l.fails(1, []string{"email"}, "add", "张三", "--email", "nope")
	l.fails(1, []string{"date"}, "add", "张三", "--set", "birthday=2026-02-30")
	l.fails(2, []string{"column=value"}, "add", "张三", "--set", "novalue")
	l.fails(1, []string{"unknown column"}, "add", "张三", "--set", "nosuch=1")
	l.fails(1, []string{"decimal"}, "buy", "王芳", "--amount", "12.345")
	l.fails(1, []string{"amount"}, "buy", "王芳", "--amount", "lots")
	l.fails(2, []string{"amount"}, "buy", "王芳")
	l.fails(1, []string{"date"}, "buy", "王芳", "--amount", "10", "--date", "2026-13-40")
	l.fails(1, []string{"no customer"}, "buy", "nobody", "--amount", "10")
	l.fails(1, []string{"matches 2 customers", "乙公司"}, "buy", "李雷", "--amount", "10")
	l.fails(1, []string{"channel"}, "log", "王芳", "--channel", "pigeon")
	l.fails(2, []string{"--channel"}, "log", "王芳")
	l.fails(1, []string{"date"}, "log", "王芳", "--channel", "phone", "--next", "tomorrowish")
	if after := l.snapshot(); after != before {
		t.Fatalf("refused commands changed the ledger:\nbefore %s\nafter %s", before, after)
	}

	out = l.ok("buy", "13800138000", "--amount", "¥1,234.50", "--product", "龙井", "--date", "2026/11/20")
	if !strings.Contains(out, "¥1,234.50") || !strings.Contains(out, "D→") {
		t.Errorf("buy printed %q (want the amount and the grade leaving D)", out)
	}
	l.ok("buy", "1", "--amount", "1.2万", "--qty", "3次")
	out = l.ok("log", "王芳", "--channel", "微信", "--note", "问春节礼盒", "--next", "2026年11月22日")
	if !strings.Contains(out, "2026-11-22") {
		t.Errorf("log printed %q", out)
	}
	rows := csvRows(t, l.ok("export", "--header", "keys", "--columns", "id,name,phone,total_spend,purchases,last_purchase,next_follow_up,tags", "--where", "name=王芳"))
	want := []string{"1", "王芳", "13800138000", "13234.50", "2", fixedDay, fixedDay, "VIP,老客户"}
	if len(rows) != 2 || strings.Join(rows[1], "|") != strings.Join(want, "|") {
		t.Errorf("export after buy/log = %v, want %v", rows, want)
	}
	// The duplicate phone warns but stores.
	r := l.run("", "add", "王芳二", "--phone", "13800138000")
	if r.code != 0 || !strings.Contains(r.err, "王芳") {
		t.Errorf("duplicate phone: exit %d stderr %q", r.code, r.err)
	}
}

func csvRows(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("parse CSV %q: %v", s, err)
	}
	return rows
}

func TestExportWhereSortColumnsAndBadFilter(t *testing.T) {
	l := newLedger(t)
	l.ok("demo", "--customers", "200", "--seed", "3")
	out := l.ok("export", "--header", "keys", "--columns", "name,grade,total_spend", "--sort", "total_spend:desc", "--where", "grade=A")
	rows := csvRows(t, out)
	if len(rows) < 2 || strings.Join(rows[0], ",") != "name,grade,total_spend" {
		t.Fatalf("export header/rows = %v", rows[:min(3, len(rows))])
	}
	prev := ""
	for _, r := range rows[1:] {
		if r[1] != "A" {
			t.Errorf("row %v is not grade A", r)
		}
		if prev != "" && moneyLess(t, prev, r[2]) {
			t.Errorf("not sorted by spend desc: %s before %s", prev, r[2])
		}
		prev = r[2]
	}
	// Every grade A customer is there: counted in the whole ledger, not
	// through the filter.
	nA := 0
	for _, r := range csvRows(t, l.ok("export", "--header", "keys", "--columns", "grade"))[1:] {
		if r[0] == "A" {
			nA++
		}
	}
	if nA == 0 || len(rows)-1 != nA {
		t.Errorf("--where grade=A exported %d rows; the ledger holds %d grade A customers", len(rows)-1, nA)
	}
	r := l.fails(1, []string{"term 2", "nosuch"}, "export", "--where", "grade=A nosuch>3")
	if r.out != "" {
		t.Errorf("a failed export wrote %q to stdout", r.out)
	}
	l.fails(1, []string{"sort"}, "export", "--sort", "nosuch")
	// Chinese labels are the header in zh.
	zh := l.ok("--lang", "zh", "export", "--columns", "name,grade,total_spend")
	if !strings.HasPrefix(strings.TrimPrefix(zh, "\ufeff"), "姓名,等级,累计消费") {
		t.Errorf("zh header = %q", strings.SplitN(zh, "\n", 2)[0])
	}
}

// moneyLess compares two exported money cells (yuan, two decimals); a cell
// that is not a plain amount fails the test rather than comparing as 0.
func moneyLess(t *testing.T, a, b string) bool {
	t.Helper()
	x, err := strconv.ParseFloat(a, 64)
	if err != nil {
		t.Fatalf("exported money %q: %v", a, err)
	}
	y, err := strconv.ParseFloat(b, 64)
	if err != nil {
		t.Fatalf("exported money %q: %v", b, err)
	}
	return x < y
}

func TestDemoRefusesNonEmptyLedger(t *testing.T) {
	l := newLedger(t)
	out := l.ok("demo", "--customers", "50", "--seed", "9")
	if !strings.Contains(out, "50 customers") {
		t.Errorf("demo printed %q", out)
	}
	first := l.snapshot()
	l.fails(1, []string{"--force"}, "demo", "--customers", "50")
	if l.snapshot() != first {
		t.Fatal("refused demo changed the ledger")
	}
	l.fails(2, []string{"--customers"}, "demo", "--customers", "0", "--force")
	// Deterministic: the same seed gives the same shop.
	l2 := newLedger(t)
	l2.ok("demo", "--customers", "50", "--seed", "9")
	if l2.snapshot() != first {
		t.Error("same seed gave a different shop")
	}
	l.ok("demo", "--customers", "10", "--force")
	if n := len(csvRows(t, l.snapshot())); n != 61 {
		t.Errorf("after --force demo: %d rows, want 60 + header", n)
	}
}

func TestDamagedOrForeignLedgerLeftUntouched(t *testing.T) {
	l := newLedger(t)
	dir := t.TempDir()
	files := map[string][]byte{
		"notes.txt":  []byte("this is my shopping list\n"),
		"sheet.xlsx": append([]byte("PK\x03\x04"), bytes.Repeat([]byte{1, 2, 3}, 500)...),
	}
	// A real ledger with its middle overwritten.
	good := filepath.Join(dir, "good.db")
	l.ok("--db", good, "demo", "--customers", "30")
	data, _ := os.ReadFile(good)
	for i := 200; i < 9000 && i < len(data); i++ {
		data[i] ^= 0x5a
	}
	files["damaged.db"] = data
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"add", "x"}, {"export"}, {"agenda"}, {"demo"}} {
			l.fails(1, []string{filepath.Base(p)}, append([]string{"--db", p}, args...)...)
		}
		after, _ := os.ReadFile(p)
		if !bytes.Equal(after, content) {
			t.Errorf("%s was changed", name)
		}
	}
}

func TestBackupTiersAgenda(t *testing.T) {
	l := newLedger(t)
	l.ok("demo", "--customers", "120", "--seed", "5")
	bk := filepath.Join(t.TempDir(), "copy.db")
	l.ok("backup", bk)
	l.fails(1, []string{"exists"}, "backup", bk)
	var sum struct {
		Customers int `json:"customers"`
		Grades    []struct {
			Key   string `json:"key"`
			Count int    `json:"count"`
		} `json:"grades"`
	}
	if err := json.Unmarshal([]byte(l.ok("tiers", "--json")), &sum); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, g := range sum.Grades {
		total += g.Count
	}
	if sum.Customers != 120 || total != 120 {
		t.Errorf("tiers --json: customers %d, grade counts sum %d; want 120", sum.Customers, total)
	}
	if out := l.ok("tiers"); !strings.Contains(out, "A") {
		t.Errorf("tiers printed %q", out)
	}
	ex := l.ok("tiers", "--explain", "1")
	if !strings.Contains(ex, "#1") {
		t.Errorf("explain printed %q", ex)
	}
	l.fails(1, []string{"no customer"}, "tiers", "--explain", "nobody")
	l.fails(2, []string{"date"}, "agenda", "--date", "someday")
}

func TestAgendaJSON(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	l.ok("add", "李雷")
	// both calls were logged on the day they were made
	l.withNow("2026-11-01 10:00:00").ok("log", "王芳", "--channel", "phone", "--next", fixedDay, "--at", "2026-11-01 09:00")
	l.withNow("2026-11-01 10:00:00").ok("log", "李雷", "--channel", "phone", "--next", "2026-11-15", "--at", "2026-11-01 09:00")
	var ag struct {
		Date  string `json:"date"`
		Items []struct {
			Kind       string `json:"kind"`
			CustomerID int64  `json:"customer_id"`
			Name       string `json:"name"`
			Days       int    `json:"days"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(l.ok("agenda", "--json")), &ag); err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, it := range ag.Items {
		found[it.Name] = it.Kind
	}
	if ag.Date != fixedDay || found["王芳"] != "due" || found["李雷"] != "overdue" {
		t.Errorf("agenda = %+v", ag)
	}
	// Logging a contact clears the item.
	l.ok("log", "王芳", "--channel", "wechat", "--note", "done")
	ag.Items = nil
	if err := json.Unmarshal([]byte(l.ok("agenda", "--json")), &ag); err != nil {
		t.Fatalf("agenda --json after the contact: %v", err)
	}
	found = map[string]string{}
	for _, it := range ag.Items {
		found[it.Name] = it.Kind
	}
	if _, ok := found["王芳"]; ok || found["李雷"] != "overdue" {
		t.Errorf("after a contact with 王芳 the agenda holds %v, want 李雷 overdue alone", found)
	}
	if out := l.ok("agenda", "--date", "2026/11/15"); !strings.Contains(out, "李雷") {
		t.Errorf("agenda --date printed %q", out)
	}
}
