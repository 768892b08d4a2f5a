package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/export"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var today = time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)

func newStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "ledger.db"), store.WithClock(func() time.Time { return today }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// sheet is the old hand-kept sheet of a tea shop, as a table of cells: a
// hand-typed grade, a "customer type" holding VIP/重要 (not personal /
// enterprise), a member-card column kehu does not know, summary columns,
// a multi-line note, placeholder dashes, and rows that must be rejected.
var sheet = [][]string{
	{"客户名称", "联系方式", "邮箱", "公司", "客户等级", "客户类型", "消费金额(元)", "购买次数", "最近购买日期", "备注", "会员卡号", "生日", "是否加微信"},
	{"王芳", "138 0013 8000", "wf@example.com", "", "VIP", "VIP", "¥1,234.50", "3次", "2026/11/01", "喜欢龙井\n春节要礼盒", "0012", "1990年5月1日", "是"},
	{"李雷", "+86 139-0013-9000", "-", "恒通建材", "重要", "重要", "1.2万", "12", "2026-10-15", "—", "0034", "-", "否"},
	{"张三", "12345", "zs@example", "", "", "", "100", "1", "2026-01-05", "", "", "", ""},
	{"赵四", "13700137000", "", "", "", "", "abc", "", "", "", "", "", ""},
	{"钱五", "", "", "", "", "", "100", "", "2026-02-30", "", "", "", ""},
	{"", "13600136000", "", "", "", "", "", "", "", "没有名字", "", "", ""},
	{"", "", "", "", "", "", "", "", "", "", "", "", ""},
	{"孙七", "010-8888 6666", "", "七星茶行", "一般", "一般", "-", "-", "-", "=1+1", "", "", ""},
	{"合计", "", "", "", "", "", "13434.50", "16", "", "", "", "", ""},
}

// wantRejects are the rows rejected (their line in the CSV) and the start
// of the reasons, in English.
var (
	wantLines   = []int{4, 5, 6, 7, 10}
	wantRejects = []string{
		`联系方式: phone "12345": not a Chinese mobile (11 digits starting 13-19) or a landline with area code; 邮箱: email "zs@example": `,
		`消费金额(元): money "abc"`,
		`最近购买日期: date "2026-02-30"`,
		`name: `,
		`a total row, not a customer`,
	}
)

func writeCSV(t *testing.T, path string, rows [][]string, bom, gbk bool) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	if gbk {
		// GBK has the full-width ￥ only, as Excel on Chinese Windows writes it.
		data = bytes.ReplaceAll(data, []byte("¥"), []byte("￥"))
		enc, err := simplifiedchinese.GBK.NewEncoder().Bytes(data)
		if err != nil {
			t.Fatal(err)
		}
		data = enc
	}
	if bom {
		data = append([]byte("\xEF\xBB\xBF"), data...)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeXLSX writes the sheet the way Excel does: a title row above the
// header, numbers as numbers (with currency and thousands formats), dates as
// serial numbers with date formats, text as shared strings.
func writeXLSX(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "客户名单"
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(f.SetSheetName("Sheet1", sh))
	_, err := f.NewSheet("说明")
	check(err)
	check(f.SetCellValue(sh, "A1", "2024年客户名单"))
	check(f.MergeCell(sh, "A1", "D1"))
	money, _ := f.NewStyle(&excelize.Style{NumFmt: 8})                             // ¥#,##0.00 builtin currency
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})                        // locale short date
	zhDate, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`yyyy"年"m"月"d"日"`)}) // 2026年11月1日
	slashDate, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("m/d/yyyy")})     // US, day-month ambiguous as text
	for i, row := range sheet {
		r := i + 2 // below the title
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, r)
			check(f.SetCellStr(sh, cell, v))
		}
		if i == 0 {
			continue
		}
		set := func(col string, v any, style int) {
			cell := col + itoa(r)
			check(f.SetCellValue(sh, cell, v))
			if style != 0 {
				check(f.SetCellStyle(sh, cell, cell, style))
			}
		}
		switch row[0] {
		case "王芳":
			set("B", 13800138000, 0)
			set("G", 1234.5, money)
			set("H", 3, 0)
			set("I", 46327, dateStyle) // 2026-11-01
			set("L", 32994, zhDate)    // 1990-05-01
		case "李雷":
			set("G", 12000.000000000002, 0) // a formula's floating-point noise
			set("H", 12, 0)
			set("I", 46310, slashDate) // 2026-10-15
		case "孙七":
			check(f.SetCellStr(sh, "J"+itoa(r), "=1+1")) // typed as '=1+1 in Excel: text, not a formula
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// customer reads a customer's values by name as display text (keys).
func customer(t *testing.T, st *store.Store, name string) map[string]string {
	t.Helper()
	id, err := st.Resolve(context.Background(), name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	r, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range st.Columns() {
		if s, ok := r.Values[c.Key].(string); ok && s == "" {
			continue
		}
		if s := store.Format(c, r.Values[c.Key], i18n.EN); s != "" {
			out[c.Key] = s
		}
	}
	delete(out, "id")
	delete(out, "created_at")
	delete(out, "updated_at")
	// Account balances an import leaves at zero are left out of the
	// expectations; any other value still shows and fails the comparison.
	for k, zero := range map[string]string{"points": "0", "balance": "0.00", "owed": "0.00", "credit_limit": "0.00"} {
		if out[k] == zero {
			delete(out, k)
		}
	}
	return out
}

func checkImported(t *testing.T, st *store.Store, rep Report, file string, offset int) {
	t.Helper()
	if rep.Rows != 8 || rep.Added != 3 || rep.Updated != 0 || rep.Rejected != 5 {
		t.Errorf("report: rows %d added %d updated %d rejected %d", rep.Rows, rep.Added, rep.Updated, rep.Rejected)
	}
	var reasons []string
	for _, r := range rep.Rejects {
		reasons = append(reasons, r.Reason)
	}
	if len(reasons) != len(wantRejects) {
		t.Fatalf("rejects:\n%s", strings.Join(reasons, "\n"))
	}
	for i, w := range wantRejects {
		w = "row " + strconv.Itoa(wantLines[i]+offset) + ": " + w
		if !strings.HasPrefix(reasons[i], w) || rep.Rejects[i].Line != wantLines[i]+offset {
			t.Errorf("reject %d:\n got %s\nwant %s…", i, reasons[i], w)
		}
	}
	sort.Strings(rep.NewColumns)
	if want := []string{"会员卡号", "客户等级", "客户类型（原表）", "是否加微信"}; !reflect.DeepEqual(rep.NewColumns, want) {
		t.Errorf("new columns %q, want %q", rep.NewColumns, want)
	}
	for key, typ := range map[string]store.Type{"会员卡号": store.Text, "客户等级": store.Text, "客户类型_原表": store.Text, "是否加微信": store.YesNo} {
		c, ok := st.Column(key)
		if !ok || c.Type != typ || !c.Custom {
			t.Errorf("column %s: %+v %v", key, c, ok)
		}
	}
	wang := customer(t, st, "王芳")
	want := map[string]string{"name": "王芳", "phone": "13800138000", "email": "wf@example.com", "客户等级": "VIP", "客户类型_原表": "VIP",
		"total_spend": "1234.50", "purchases": "3", "last_purchase": "2026-11-01", "notes": "喜欢龙井\n春节要礼盒", "会员卡号": "0012",
		"birthday": "1990-05-01", "是否加微信": "yes", "potential": "0", "grade": wang["grade"], "score": wang["score"],
		"segment": wang["segment"], "stage": "New", "open_complaints": "0", "loyalty": "1"} // first purchase unknown: the opening's date
	if !reflect.DeepEqual(wang, want) {
		t.Errorf("王芳 =\n%v\nwant\n%v", wang, want)
	}
	if wang["grade"] == "D" {
		t.Error("the opening balance did not count in the grade")
	}
	li := customer(t, st, "李雷")
	want = map[string]string{"name": "李雷", "phone": "13900139000", "company": "恒通建材", "客户等级": "重要", "客户类型_原表": "重要",
		"total_spend": "12000.00", "purchases": "12", "last_purchase": "2026-10-15", "会员卡号": "0034", "是否加微信": "no", "potential": "0",
		"grade": li["grade"], "score": li["score"], "segment": li["segment"], "stage": "Active", "open_complaints": "0", "loyalty": "1"}
	if !reflect.DeepEqual(li, want) {
		t.Errorf("李雷 =\n%v\nwant\n%v", li, want)
	}
	sun := customer(t, st, "孙七")
	want = map[string]string{"name": "孙七", "phone": "010-88886666", "company": "七星茶行", "客户等级": "一般", "客户类型_原表": "一般",
		"total_spend": "0.00", "purchases": "0", "notes": "=1+1", "potential": "0", "grade": "D", "score": "0.0", "stage": "Prospect", "open_complaints": "0", "loyalty": "1"}
	if !reflect.DeepEqual(sun, want) {
		t.Errorf("孙七 =\n%v\nwant\n%v", sun, want)
	}
	if n, _ := st.CountAll(context.Background()); n != 3 {
		t.Errorf("%d customers", n)
	}
	// The rejects file: the header, each bad row's cells and the reason.
	if rep.RejectsPath != file+".rejects.csv" {
		t.Errorf("rejects path %s", rep.RejectsPath)
	}
	data, err := os.ReadFile(rep.RejectsPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Error("rejects file has no BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil || len(rows) != 6 {
		t.Fatalf("rejects file: %v %q", err, rows)
	}
	if got := strings.Join(rows[0], "|"); got != strings.Join(sheet[0], "|")+"|reason" {
		t.Errorf("rejects header %s", got)
	}
	if rows[1][0] != "张三" || rows[1][1] != "12345" || rows[1][13] != reasons[0] || rows[5][0] != "合计" {
		t.Errorf("rejects rows %q", rows[1:])
	}
}

func TestImportCSVExcelUTF8BOM(t *testing.T) {
	st := newStore(t)
	path := filepath.Join(t.TempDir(), "客户.csv")
	writeCSV(t, path, sheet, true, false)
	rep, err := ImportFile(context.Background(), st, path, Options{Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Encoding != EncUTF8BOM || rep.Format != "csv" || rep.HeaderLine != 1 {
		t.Errorf("source %s %s header %d", rep.Format, rep.Encoding, rep.HeaderLine)
	}
	checkImported(t, st, rep, path, 0)
	checkReimport(t, st, path)
}

func TestImportCSVGBK(t *testing.T) {
	st := newStore(t)
	path := filepath.Join(t.TempDir(), "old.csv")
	writeCSV(t, path, sheet, false, true)
	rep, err := ImportFile(context.Background(), st, path, Options{Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Encoding != EncGB18030 {
		t.Errorf("encoding %s", rep.Encoding)
	}
	checkImported(t, st, rep, path, 0)
}

func TestImportXLSX(t *testing.T) {
	st := newStore(t)
	path := filepath.Join(t.TempDir(), "客户.xlsx")
	writeXLSX(t, path)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the sheet's copy for the second pass goes
	rep, err := ImportFile(context.Background(), st, path, Options{Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the import left %v in the temporary folder", left)
	}
	if rep.Sheet != "客户名单" || rep.HeaderLine != 2 {
		t.Errorf("sheet %q header line %d", rep.Sheet, rep.HeaderLine)
	}
	// Rows are numbered as in the sheet: the title row comes first.
	checkImported(t, st, rep, path, 1)
	checkReimport(t, st, path)
}

// checkReimport imports the file again: nobody added, nothing changed.
func checkReimport(t *testing.T, st *store.Store, path string) {
	t.Helper()
	before := dump(t, st)
	rep, err := ImportFile(context.Background(), st, path, Options{Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || rep.Updated != 0 || rep.Unchanged != 3 || len(rep.NewColumns) != 0 {
		t.Errorf("re-import: added %d updated %d unchanged %d new columns %v", rep.Added, rep.Updated, rep.Unchanged, rep.NewColumns)
	}
	if after := dump(t, st); after != before {
		t.Errorf("re-import changed the ledger:\n%s\n%s", before, after)
	}
}

// dump is the ledger as CSV with keys, every column.
func dump(t testing.TB, st *store.Store) string {
	t.Helper()
	var keys []string
	for _, c := range st.Columns() {
		if c.Key != "updated_at" && c.Key != "created_at" {
			keys = append(keys, c.Key)
		}
	}
	var b bytes.Buffer
	if _, err := export.Write(context.Background(), st, store.Query{Columns: keys}, export.Options{Header: export.HeaderKeys}, &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestImportUpdatesAndMatches(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.AddCustomer(ctx, map[string]string{"name": "王芳", "phone": "13800138000", "notes": "老客户", "tags": "VIP"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddCustomer(ctx, map[string]string{"name": "周八", "company": "八方"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddPurchase(ctx, 1, store.PurchaseInput{Amount: "100", Date: "2026-11-10"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "u.csv")
	writeCSV(t, path, [][]string{
		{"Name", "Phone", "Company", "Email", "Total spend", "Purchases", "Last purchase", "Notes"},
		{"王芳（新名）", "+86 138 0013 8000", "", "w@example.com", "500", "2", "2025-12-01", ""},
		{"周八", "13500135000", "八方", "", "", "", "", "补了电话"},
		{"周八", "", "别家", "", "", "", "", ""},
		{"吴九", "13500135000", "", "", "", "", "", "同一电话"},
	}, false, false)
	rep, err := ImportFile(ctx, st, path, Options{Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || rep.Updated != 3 || rep.Rejected != 0 {
		t.Errorf("report %+v", rep)
	}
	wang := customer(t, st, "13800138000")
	// Empty cells kept what the ledger had; the opening balance adds to the purchase log.
	if wang["name"] != "王芳（新名）" || wang["notes"] != "老客户" || wang["tags"] != "VIP" || wang["email"] != "w@example.com" ||
		wang["total_spend"] != "600.00" || wang["purchases"] != "3" || wang["last_purchase"] != "2026-11-10" {
		t.Errorf("王芳 = %v", wang)
	}
	z := customer(t, st, "13500135000")
	if z["name"] != "吴九" && z["name"] != "周八" {
		t.Errorf("phone 13500135000 = %v", z)
	}
	ids, _ := st.FindByPhone(ctx, "13500135000")
	if len(ids) != 1 {
		t.Errorf("%d customers with the phone", len(ids))
	}
	if n, _ := st.CountAll(ctx); n != 3 {
		t.Errorf("%d customers, want 3 (周八 of 别家 added)", n)
	}
	// One undo takes the whole import back: the added customer goes, edits revert.
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.CountAll(ctx); n != 2 {
		t.Errorf("after undo %d customers", n)
	}
	if w := customer(t, st, "13800138000"); w["name"] != "王芳" || w["email"] != "" {
		t.Errorf("after undo 王芳 = %v", w)
	}
}

func TestImportDryRunMapAndErrors(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "m.csv")
	writeCSV(t, path, [][]string{
		{"联系人", "单位", "内部编号", "等级", "电话"},
		{"王芳", "茶语轩", "X-1", "A", "13800138000"},
		{"李雷", "", "X-2", "B", "bad"},
	}, false, false)
	before := dump(t, st)
	rep, err := ImportFile(ctx, st, path, Options{Lang: i18n.ZH, DryRun: true, Map: map[string]string{"内部编号": "-", "单位": "company"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || rep.Rejected != 1 || rep.RejectsPath != "" || !rep.DryRun {
		t.Errorf("dry run report %+v", rep)
	}
	if !strings.HasPrefix(rep.Rejects[0].Reason, "第 3 行：电话：电话“bad”") {
		t.Errorf("zh reason %q", rep.Rejects[0].Reason)
	}
	// 等级 alone (not a kehu export) is the sheet's own grade: kept aside.
	if !reflect.DeepEqual(rep.NewColumns, []string{"等级（原表）"}) {
		t.Errorf("dry-run new columns %v", rep.NewColumns)
	}
	if after := dump(t, st); after != before {
		t.Error("dry run wrote to the ledger")
	}
	if _, ok := st.Column("等级（原表）"); ok {
		t.Error("dry run created a column")
	}
	if _, err := os.Stat(path + ".rejects.csv"); !errors.Is(err, os.ErrNotExist) {
		t.Error("dry run wrote a rejects file")
	}
	for _, m := range []map[string]string{{"nosuch": "name"}, {"单位": "nosuchfield"}, {"单位": "grade"}, {"单位": "name"}} {
		_, err := ImportFile(ctx, st, path, Options{Map: m})
		var ie *i18n.Error
		if !errors.As(err, &ie) || !strings.HasPrefix(ie.Key, "import.map") {
			t.Errorf("--map %v: %v", m, err)
		}
	}
	// No name column at all.
	writeCSV(t, path, [][]string{{"a", "b"}, {"1", "2"}}, false, false)
	if _, err := ImportFile(ctx, st, path, Options{}); err == nil || !strings.Contains(err.Error(), "name") {
		t.Errorf("no name column: %v", err)
	}
	// Old .xls and empty files.
	if err := os.WriteFile(filepath.Join(dir, "a.xls"), []byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0}, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportFile(ctx, st, filepath.Join(dir, "a.xls"), Options{}); err == nil || !strings.Contains(err.Error(), ".xlsx") {
		t.Errorf(".xls: %v", err)
	}
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportFile(ctx, st, path, Options{}); err == nil {
		t.Error("empty file imported")
	}
	if _, err := ImportFile(ctx, st, filepath.Join(dir, "missing.csv"), Options{}); err == nil {
		t.Error("missing file imported")
	}
	x := filepath.Join(dir, "s.xlsx")
	writeXLSX(t, x)
	if _, err := ImportFile(ctx, st, x, Options{Sheet: "nosuch"}); err == nil || !strings.Contains(err.Error(), "客户名单") {
		t.Errorf("--sheet nosuch: %v", err)
	}
}

func TestImportProgressAndTabs(t *testing.T) {
	st := newStore(t)
	path := filepath.Join(t.TempDir(), "t.txt")
	var b strings.Builder
	b.WriteString("姓名\t手机\n")
	for i := 0; i < 2500; i++ {
		b.WriteString("客户" + strings.Repeat("x", i%3) + itoa(i%100) + "\t" + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var calls [][2]int
	rep, err := ImportFile(context.Background(), st, path, Options{Progress: func(s Stage, d, n int) {
		if s == StageWrite {
			calls = append(calls, [2]int{d, n})
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 2500 || len(calls) < 2 || calls[len(calls)-1] != [2]int{2500, 2500} {
		t.Errorf("rows %d progress %v", rep.Rows, calls)
	}
	// Same name, no phone, no company: the same customer each time.
	if n, _ := st.CountAll(context.Background()); n != 300 {
		t.Errorf("%d customers", n)
	}
}

// TestRoundTrip: export XLSX, import it into an empty ledger, export CSV:
// the same CSV as the original ledger's.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := newStore(t)
	for _, c := range []struct {
		name string
		typ  store.Type
	}{{"预存金额", store.Money}, {"入会日期", store.Date}, {"已加微信", store.YesNo}, {"会员卡", store.Text}, {"折扣率", store.Number}} {
		if _, err := a.AddColumn(ctx, c.name, c.typ, nil); err != nil {
			t.Fatal(err)
		}
	}
	people := []map[string]string{
		{"name": "王芳", "phone": "13800138000", "email": "wf@example.com", "company": "茶语轩", "tags": "VIP,老客户", "notes": "=不是公式\n第二行",
			"birthday": "1990-05-01", "kind": "个人", "gender": "女", "potential": "4", "source": "转介绍", "next_follow_up": "2026-12-01",
			"预存金额": "1,234.56", "入会日期": "2024-03-05", "已加微信": "是", "会员卡": "0012", "折扣率": "0.85", "pinned": "A"},
		{"name": "李雷", "phone": "010-12345678", "company": "恒通建材", "kind": "企业", "notes": "-5 度保存", "预存金额": "-20", "已加微信": "否", "折扣率": "1"},
		{"name": "Ann Lee", "email": "ann@example.com", "address": "上海市 静安区", "needs": "礼盒"},
	}
	for _, p := range people {
		if _, err := a.AddCustomer(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []struct{ id, amount, date string }{{"1", "1200", "2026-11-01"}, {"1", "34.56", "2026-11-20"}, {"2", "188", "2025-01-02"}, {"2", "-150", "2026-06-02"}} {
		id := int64(p.id[0] - '0')
		if _, _, err := a.AddPurchase(ctx, id, store.PurchaseInput{Amount: p.amount, Date: p.date}); err != nil {
			t.Fatal(err)
		}
	}
	cols := []string{"name", "phone", "email", "company", "tags", "notes", "birthday", "kind", "gender", "potential", "source",
		"next_follow_up", "address", "needs", "pinned", "total_spend", "purchases", "last_purchase", "预存金额", "入会日期", "已加微信", "会员卡", "折扣率"}
	q := store.Query{Columns: cols, Sort: []store.SortKey{{Key: "name"}}}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		dir := t.TempDir()
		x := filepath.Join(dir, "out.xlsx")
		if _, err := export.ToFile(ctx, a, q, export.Options{Lang: lang}, x); err != nil {
			t.Fatal(err)
		}
		b := newStore(t)
		rep, err := ImportFile(ctx, b, x, Options{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Added != 3 || rep.Rejected != 0 {
			t.Fatalf("%s: import %+v", lang, rep)
		}
		var wa, wb bytes.Buffer
		opts := export.Options{Lang: lang, BOM: true}
		if _, err := export.Write(ctx, a, q, opts, &wa); err != nil {
			t.Fatal(err)
		}
		if _, err := export.Write(ctx, b, q, opts, &wb); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if wa.String() != wb.String() {
			t.Errorf("%s round trip differs:\n%s\n%s", lang, wa.String(), wb.String())
		}
		// And the CSV itself imports back to the same.
		c := filepath.Join(dir, "out.csv")
		if err := os.WriteFile(c, wb.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		cs := newStore(t)
		if _, err := ImportFile(ctx, cs, c, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		var wc bytes.Buffer
		if _, err := export.Write(ctx, cs, q, opts, &wc); err != nil {
			t.Fatal(err)
		}
		if wc.String() != wa.String() {
			t.Errorf("%s CSV round trip differs:\n%s\n%s", lang, wa.String(), wc.String())
		}
	}
}

func TestFormatCodes(t *testing.T) {
	for code, want := range map[string]fmtKind{
		"yyyy-mm-dd": kindDate, `yyyy"年"m"月"d"日"`: kindDate, "m/d/yy h:mm": kindDateTime, "[$-F800]dddd, mmmm dd, yyyy": kindDate,
		"#,##0.00": kindNumber, `"¥"#,##0.00;[Red]"¥"-#,##0.00`: kindNumber, "0.0%": kindKeep, "@": kindKeep, "General": kindKeep,
		`_ * #,##0.00_ ;_ * \-#,##0.00_ ;_ * "-"??_ ;_ @_ `: kindNumber, "hh:mm:ss": kindDateTime, `0"天"`: kindNumber,
	} {
		if got := codeKind(code); got != want {
			t.Errorf("codeKind(%q) = %v, want %v", code, got, want)
		}
	}
	for in, want := range map[string]string{"12000.000000000002": "12000", "0.30000000000000004": "0.3", "1234.5": "1234.5", "13800138000": "13800138000", "a.0000000001": "a.0000000001"} {
		if got := tidyNumber(in); got != want {
			t.Errorf("tidyNumber(%q) = %q", in, got)
		}
	}
	if got := sanitiseName("消费金额(元)"); got != "消费金额_元" {
		t.Errorf("sanitiseName = %q", got)
	}
	if got := sanitiseName(strings.Repeat("长", 30)); len(got) > 60 {
		t.Errorf("sanitiseName too long: %d", len(got))
	}
	if colLetters(0) != "A" || colLetters(25) != "Z" || colLetters(26) != "AA" {
		t.Error("colLetters")
	}
}

// TestXLSXSecondPassFromCopy: the second pass over a workbook reads the
// copy the first one made, with the same cells and row numbers.
func TestXLSXSecondPassFromCopy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "客户.xlsx")
	writeXLSX(t, path)
	t.Setenv("TMPDIR", t.TempDir())
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	x, err := openXLSX(f, fi.Size(), "")
	if err != nil {
		t.Fatal(err)
	}
	b := &xlsxBook{xlsxFile: x}
	defer b.Close()
	pass := func() (lines []int, rows [][]string, src source) {
		src, err := b.rows()
		if err != nil {
			t.Fatal(err)
		}
		defer closeSource(src)
		for {
			cells, err := src.Next()
			if errors.Is(err, io.EOF) {
				return lines, rows, src
			}
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, src.Line())
			rows = append(rows, append([]string(nil), cells...))
		}
	}
	lines1, rows1, _ := pass()
	lines2, rows2, src2 := pass()
	if _, ok := src2.(*spillSource); !ok {
		t.Fatalf("second pass read %T, want the copy", src2)
	}
	if !reflect.DeepEqual(lines1, lines2) || !reflect.DeepEqual(rows1, rows2) {
		t.Errorf("the copy differs:\n%v %q\n%v %q", lines1, rows1, lines2, rows2)
	}
	if len(rows1) < 5 {
		t.Errorf("only %d rows read", len(rows1))
	}
}
