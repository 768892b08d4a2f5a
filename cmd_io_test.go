package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExportFlags(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000", "--tag", "VIP", "--set", "notes==SUM(A1)")
	l.ok("add", "李雷", "--company", "恒通建材")
	l.ok("buy", "王芳", "--amount", "1234.5", "--date", "2026-11-01")
	dir := t.TempDir()

	// --out with {date}: a file, a message, the format from the extension.
	out := l.ok("export", "--out", filepath.Join(dir, "kehu-{date}.csv"), "--columns", "name,total_spend,notes", "--bom")
	path := filepath.Join(dir, "kehu-"+fixedDay+".csv")
	if !strings.Contains(out, "2") || !strings.Contains(out, path) {
		t.Errorf("export printed %q", out)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "\xEF\xBB\xBFName,Total spend,Notes\r\n王芳,1234.50,'=SUM(A1)\r\n李雷,0.00,\r\n"; string(data) != want {
		t.Errorf("file %q, want %q", data, want)
	}
	// XLSX by extension, and to a pipe with --format.
	x := filepath.Join(dir, "v.xlsx")
	l.ok("export", "--out", x)
	if head, _ := os.ReadFile(x); !bytes.HasPrefix(head, []byte("PK")) {
		t.Error("v.xlsx is not an XLSX")
	}
	if piped := l.ok("export", "--format", "xlsx"); !strings.HasPrefix(piped, "PK") {
		t.Error("xlsx to a pipe is not an XLSX")
	}
	// Keys header, sort, where; a saved view and the view on screen.
	rows := csvRows(t, l.ok("export", "--header", "keys", "--columns", "name,company", "--sort", "name:desc", "--where", "spend<1"))
	if len(rows) != 2 || strings.Join(rows[1], "|") != "李雷|恒通建材" {
		t.Errorf("where/sort rows %v", rows)
	}
	st, err := store.Open(l.path, store.WithClock(func() time.Time { return time.Now() }))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := st.SaveView(ctx, "大客户", store.View{Filter: "spend>1000", Columns: []string{"name", "phone"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLastView(ctx, store.View{Columns: []string{"phone", "name"}, Sort: []store.SortKey{{Key: "name"}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	rows = csvRows(t, l.ok("export", "--view", "大客户"))
	if len(rows) != 2 || strings.Join(rows[1], "|") != "王芳|13800138000" {
		t.Errorf("--view rows %v", rows)
	}
	rows = csvRows(t, l.ok("export", "--view", "大客户", "--where", "tag:nosuch"))
	if len(rows) != 1 {
		t.Errorf("--view plus --where rows %v", rows)
	}
	rows = csvRows(t, l.ok("export", "--view", "@last", "--header", "keys"))
	if len(rows) != 3 || strings.Join(rows[0], ",") != "phone,name" || rows[1][1] != "李雷" {
		t.Errorf("--view @last rows %v", rows)
	}

	// Bad flags are usage errors; bad columns, views and filters fail; nothing is left behind.
	l.fails(2, []string{"pdf"}, "export", "--format", "pdf")
	l.fails(2, []string{"both"}, "export", "--header", "both")
	l.fails(1, []string{"nosuch"}, "export", "--columns", "name,nosuch")
	l.fails(1, []string{"nosuch"}, "export", "--view", "nosuch")
	before, _ := os.ReadFile(path)
	l.fails(1, []string{"nosuch"}, "export", "--where", "nosuch>1", "--out", path)
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a failed export changed the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("folder holds %d files (temporary files left?)", len(entries))
	}
	// Chinese messages.
	if out := l.ok("--lang", "zh", "export", "--out", filepath.Join(dir, "zh.csv")); !strings.Contains(out, "已导出 2 位客户") {
		t.Errorf("zh message %q", out)
	}
}

// oldSheet is a shop's sheet as Excel on Chinese Windows saves it (UTF-8
// with BOM here, CRLF), with one bad phone and one bad amount.
const oldSheet = "\xEF\xBB\xBF客户名称,手机,消费金额,购买次数,最近购买日期,客户等级,备注\r\n" +
	"王芳,138 0013 8000,\"¥1,234.50\",3次,2026/11/01,VIP,老客户\r\n" +
	"李雷,12345,100,1,2026-10-01,一般,-\r\n" +
	"张三,13900139000,abc,,,,\r\n" +
	"赵四,13700137000,-,-,-,重要,=cmd\r\n"

func TestImportFlags(t *testing.T) {
	l := newLedger(t)
	dir := t.TempDir()
	sheet := filepath.Join(dir, "客户.csv")
	writeFile(t, sheet, oldSheet)
	empty := l.snapshot()

	// A dry run reports and writes nothing, not even the rejects file.
	r := l.run("", "import", sheet, "--dry-run")
	if r.code != 3 || !strings.Contains(r.out, "4 rows: 2 added, 0 updated, 0 unchanged, 2 rejected") || !strings.Contains(r.out, "dry run") {
		t.Errorf("dry run: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if l.snapshot() != empty {
		t.Error("dry run wrote to the ledger")
	}
	if _, err := os.Stat(sheet + ".rejects.csv"); err == nil {
		t.Error("dry run wrote the rejects file")
	}

	// The import: exit 3, the rejects file, the reasons.
	r = l.run("", "import", sheet)
	if r.code != 3 || !strings.Contains(r.err, sheet+".rejects.csv") || !strings.Contains(r.out, "row 3") || !strings.Contains(r.out, "row 4") {
		t.Errorf("import: exit %d\nstdout %s\nstderr %s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.out, "客户等级") {
		t.Errorf("new custom column not reported: %s", r.out)
	}
	rej, err := os.ReadFile(sheet + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(rej, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil || len(recs) != 3 || recs[1][0] != "李雷" || !strings.Contains(recs[1][7], "12345") || recs[2][0] != "张三" {
		t.Errorf("rejects file %q %v", recs, err)
	}
	rows := csvRows(t, l.ok("export", "--header", "keys", "--columns", "name,phone,total_spend,purchases,last_purchase,notes,客户等级"))
	want := [][]string{{"name", "phone", "total_spend", "purchases", "last_purchase", "notes", "客户等级"},
		{"王芳", "13800138000", "1234.50", "3", "2026-11-01", "老客户", "VIP"},
		{"赵四", "13700137000", "0.00", "0", "", "'=cmd", "重要"}}
	if len(rows) != len(want) {
		t.Fatalf("export after import %v", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %v, want %v", i, rows[i], want[i])
		}
	}
	// Importing the same file again adds nobody.
	before := l.snapshot()
	r = l.run("", "import", sheet)
	if r.code != 3 || !strings.Contains(r.out, "0 added, 0 updated, 2 unchanged") {
		t.Errorf("re-import: exit %d %s", r.code, r.out)
	}
	if l.snapshot() != before {
		t.Error("re-import changed the ledger")
	}

	// Fixed sheet with --map: exit 0 and the stale rejects file goes.
	fixed := filepath.Join(dir, "fixed.csv")
	writeFile(t, fixed, "联系人,电话,内部编号\r\n李雷,13600136000,X-1\r\n")
	out := l.ok("import", fixed, "--map", "联系人=name", "--map", "内部编号=-")
	if !strings.Contains(out, "1 added") || !strings.Contains(out, "内部编号") {
		t.Errorf("import with --map printed %q", out)
	}
	if _, err := os.Stat(fixed + ".rejects.csv"); err == nil {
		t.Error("rejects file without rejects")
	}
	l.fails(2, []string{"--map"}, "import", fixed, "--map", "nonsense")
	l.fails(2, []string{"nosuch"}, "import", fixed, "--map", "nosuch=name")
	l.fails(2, []string{"nofield"}, "import", fixed, "--map", "联系人=nofield")
	l.fails(1, []string{"missing.csv"}, "import", filepath.Join(dir, "missing.csv"))
	l.fails(2, []string{"accepts 1 arg"}, "import")
	// Chinese output.
	if out := l.ok("--lang", "zh", "import", fixed, "--map", "联系人=name", "--map", "内部编号=-"); !strings.Contains(out, "未变 1") {
		t.Errorf("zh import printed %q", out)
	}
}

// TestExportImportRoundTrip: export XLSX, import it into an empty ledger,
// export CSV: the same CSV.
func TestExportImportRoundTrip(t *testing.T) {
	l := newLedger(t)
	l.ok("demo", "--customers", "60", "--seed", "4")
	cols := "name,phone,email,company,tags,notes,source,potential,total_spend,purchases,last_purchase,next_follow_up"
	x := filepath.Join(t.TempDir(), "all.xlsx")
	l.ok("export", "--out", x, "--columns", cols)
	orig := l.ok("export", "--columns", cols, "--sort", "phone,name", "--bom")

	m := newLedger(t)
	r := m.run("", "import", x)
	if r.code != 0 || !strings.Contains(r.out, "60 added") {
		t.Fatalf("import of the export: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if got := m.ok("export", "--columns", cols, "--sort", "phone,name", "--bom"); got != orig {
		t.Errorf("round trip differs:\n%s\n----\n%s", orig, got)
	}
}
