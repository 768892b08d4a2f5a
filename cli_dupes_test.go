package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// plantDuplicates adds customers with duplicates of every kind through
// the real binary, and customers that only look alike.
func plantDuplicates(l *ledger) {
	l.t.Helper()
	for _, c := range [][]string{
		{"王芳", "--phone", "13800138000"},          // 1
		{"王 芳", "--phone", "+86 138 0013 8000"},   // 2: phone + name form
		{"李强", "--set", "wechat=LiQiang88"},       // 3
		{"李强(老客户)", "--set", "wechat=liqiang88"},  // 4: wechat + name form
		{"赵敏", "--email", "Zhao.Min@Example.com"}, // 5
		{"周杰", "--email", "zhao.min@example.com"}, // 6: email only
		{"陈静", "--company", "恒通建材"},               // 7
		{"陈静", "--company", "恒通建材"},               // 8: name and company
		{"刘洋（批发）"},                                // 9
		{"刘洋"},                                    // 10: name form only
		{"张伟明", "--phone", "13911112222"},         // 11
		{"张为明", "--phone", "13911112222"},         // 12: similar name + phone
		{"王女士", "--phone", "13600000001"},         // 13: not a duplicate
		{"王先生", "--phone", "13600000002"},         // 14: not a duplicate
		{"黄磊", "--phone", "13500000001"},          // 15: same common name
		{"黄磊", "--phone", "13500000002"},          // 16: ... and nothing else
	} {
		l.ok(append([]string{"add"}, c...)...)
	}
}

func TestDuplicatesFoundRankedAndNothingChanged(t *testing.T) {
	l := newLedger(t)
	plantDuplicates(l)
	before := l.snapshot()
	var rep struct {
		Count   int `json:"count"`
		Matches []struct {
			Certainty int      `json:"certainty"`
			Reasons   []string `json:"reasons"`
			Customers []struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"customers"`
		} `json:"matches"`
	}
	if err := json.Unmarshal([]byte(l.ok("duplicates", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range rep.Matches {
		var ids []string
		for _, c := range m.Customers {
			ids = append(ids, "#"+strconv.FormatInt(c.ID, 10)+" "+c.Name)
		}
		got = append(got, strings.Join(ids, " / ")+" "+strings.Join(m.Reasons, "+")+" "+strconv.Itoa(m.Certainty))
	}
	want := []string{
		"#1 王芳 / #2 王 芳 phone+name_form 95",
		"#3 李强 / #4 李强(老客户) wechat+name_form 95",
		"#11 张伟明 / #12 张为明 phone+similar_name 82",
		"#7 陈静 / #8 陈静 name+company 78",
		"#9 刘洋（批发） / #10 刘洋 name_form 65",
		"#5 赵敏 / #6 周杰 email 60",
	}
	if rep.Count != len(want) || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("duplicates --json: count %d\n%s\nwant\n%s", rep.Count, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	out := l.ok("duplicates", "--lang", "zh")
	for _, w := range []string{"发现 6 组疑似重复", "电话相同", "#11", "张为明", "kehu merge"} {
		if !strings.Contains(out, w) {
			t.Errorf("duplicates (zh) does not say %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "王女士") || strings.Contains(out, "黄磊") {
		t.Errorf("duplicates lists customers who only look alike:\n%s", out)
	}
	if after := l.snapshot(); after != before {
		t.Errorf("finding duplicates changed the ledger")
	}
}

func TestDuplicatesNoneAndMissingLedger(t *testing.T) {
	l := newLedger(t)
	l.fails(1, []string{"no ledger"}, "duplicates")
	l.fails(1, []string{"no ledger"}, "merge", "1", "2")
	if _, err := os.Stat(l.path); !os.IsNotExist(err) {
		t.Errorf("duplicates or merge created a ledger: %v", err)
	}
	l.ok("add", "王芳", "--phone", "13800138000")
	if out := l.ok("duplicates"); !strings.Contains(out, "No likely duplicates") {
		t.Errorf("duplicates printed %q", out)
	}
	if out := l.ok("duplicates", "--json"); !strings.Contains(out, `"count": 0`) || !strings.Contains(out, `"matches": []`) {
		t.Errorf("duplicates --json printed %q", out)
	}
}

func TestMergeThroughTheBinary(t *testing.T) {
	l := newLedger(t)
	plantDuplicates(l)
	out := l.ok("merge", "1", "王 芳", "--prefer", "name=keep")
	for _, w := range []string{"merged #2 王 芳 into #1 王芳", "#2 is in the trash"} {
		if !strings.Contains(out, w) {
			t.Errorf("merge printed %q, want %q in it", out, w)
		}
	}
	// The pair is gone from the list, the others stay.
	var rep struct {
		Count int `json:"count"`
	}
	if err := json.Unmarshal([]byte(l.ok("duplicates", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Count != 5 {
		t.Errorf("after merging one pair, %d matches, want 5", rep.Count)
	}
	if got := l.ok("export", "--header", "keys", "--columns", "id,name,phone", "--where", "id<3"); got != "id,name,phone\r\n1,王芳,13800138000\r\n" {
		t.Errorf("after merge: %q", got)
	}
	before := l.snapshot()
	l.fails(1, []string{"no customer"}, "merge", "1", "2")
	l.fails(1, []string{"itself"}, "merge", "1", "13800138000")
	l.fails(2, nil, "merge", "1")
	l.fails(2, []string{"COLUMN=keep"}, "merge", "3", "4", "--prefer", "name")
	l.fails(2, []string{"--prefer grade"}, "merge", "3", "4", "--prefer", "grade=keep")
	l.fails(2, []string{"COLUMN=keep"}, "merge", "3", "4", "--prefer", "name=both")
	if l.snapshot() != before {
		t.Errorf("a refused merge changed the ledger")
	}
	zh := l.ok("merge", "3", "4", "--lang", "zh")
	if !strings.Contains(zh, "已将 #4 李强(老客户) 并入 #3") {
		t.Errorf("merge (zh) printed %q", zh)
	}
}

// Opening balances from an imported sheet add up on the survivor, and
// the tier summary counts one customer fewer.
func TestMergeAddsOpeningBalances(t *testing.T) {
	l := newLedger(t)
	sheet := filepath.Join(t.TempDir(), "客户.csv")
	csv := "姓名,电话,消费金额,购买次数,最近购买日期\n王五,13811112222,1000,5,2026-10-01\n王五(老客户),13811113333,500,2,2026-11-01\n李四,13811114444,80,1,2026-09-01\n"
	if err := os.WriteFile(sheet, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	l.ok("import", sheet)
	l.ok("merge", "王五", "王五(老客户)", "--prefer", "phone=keep", "--prefer", "name=keep")
	got := l.ok("export", "--header", "keys", "--columns", "id,name,phone,total_spend,purchases,last_purchase", "--sort", "id")
	want := "id,name,phone,total_spend,purchases,last_purchase\r\n1,王五,13811112222,1500.00,7,2026-11-01\r\n3,李四,13811114444,80.00,1,2026-09-01\r\n"
	if got != want {
		t.Errorf("after merge:\n%s\nwant\n%s", got, want)
	}
	var sum struct {
		Customers int `json:"customers"`
	}
	if err := json.Unmarshal([]byte(l.ok("tiers", "--json")), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Customers != 2 {
		t.Errorf("tier summary counts %d customers, want 2", sum.Customers)
	}
}

// A dry-run import names the rows that look like customers already there
// (beyond the exact phone matches an import updates) and writes nothing.
func TestImportDryRunReportsLikelyDuplicates(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	l.ok("add", "赵敏", "--email", "Zhao.Min@Example.com")
	sheet := filepath.Join(t.TempDir(), "new.csv")
	csv := "姓名,电话,邮箱\n王芳(老客户),13900000001,\n周杰,,zhao.min@example.com\n李 四,,\n李四,,\n孙丽,13700001111,\n"
	if err := os.WriteFile(sheet, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	before := l.snapshot()
	out := l.ok("import", "--dry-run", sheet)
	want := "3 rows look like customers already in the ledger or like other rows (certainty, row ~ customer); an import adds them as new customers: merge afterwards with kehu merge\n" +
		"   65  李四 ~ another row: 李 四: same name apart from spaces, remarks or titles\n" +
		"   60  周杰 ~ #2 赵敏: same email\n" +
		"   50  王芳(老客户) ~ #1 王芳: same name apart from spaces, remarks or titles\n"
	if !strings.Contains(out, want) {
		t.Errorf("import --dry-run printed\n%s\nwant in it\n%s", out, want)
	}
	if strings.Contains(out, "孙丽 ~") {
		t.Errorf("a row like nobody is listed:\n%s", out)
	}
	if l.snapshot() != before {
		t.Errorf("the dry run wrote to the ledger")
	}
	if out := l.ok("import", sheet); strings.Contains(out, "look like") {
		t.Errorf("a real import lists duplicates (only the dry run does):\n%s", out)
	}
}
