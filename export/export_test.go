package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/xuri/excelize/v2"
)

var today = time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)

// shop is a small ledger with the values exports must get right: formula-
// like text, negative money, Chinese text, custom columns, purchases and
// contacts.
func shop(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "ledger.db"), store.WithClock(func() time.Time { return today }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	if _, err := st.AddColumn(ctx, "预存金额", store.Money, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddColumn(ctx, "入会日期", store.Date, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddColumn(ctx, "已加微信", store.YesNo, nil); err != nil {
		t.Fatal(err)
	}
	add := func(f map[string]string) int64 {
		ch, err := st.AddCustomer(ctx, f)
		if err != nil {
			t.Fatalf("add %v: %v", f, err)
		}
		return ch.ID
	}
	wang := add(map[string]string{"name": "王芳", "phone": "13800138000", "company": "茶语轩", "tags": "VIP,老客户",
		"notes": "=HYPERLINK(\"http://x\")", "预存金额": "1,234.50", "入会日期": "2024/3/5", "已加微信": "是", "kind": "个人"})
	li := add(map[string]string{"name": "李雷", "phone": "010-12345678", "notes": "-欠款", "email": "li@example.com"})
	add(map[string]string{"name": "@张三", "notes": "+86 请回电", "预存金额": "-20"})
	add(map[string]string{"name": "赵四", "notes": "\t缩进"})
	buy := func(id int64, amount, date, product string) {
		if _, _, err := st.AddPurchase(ctx, id, store.PurchaseInput{Amount: amount, Date: date, Product: product}); err != nil {
			t.Fatal(err)
		}
	}
	buy(wang, "1200", "2026-11-01", "龙井")
	buy(wang, "34.5", "2026-11-20", "=cmd|' /C calc'!A0")
	buy(li, "200", "2026-06-01", "")
	buy(li, "-150", "2026-06-02", "退货") // a refund: spend 50, still one purchase, last bought 2026-06-01
	if _, err := st.AddContact(ctx, wang, store.ContactInput{Channel: "微信", Summary: "问春节礼盒", Next: "2026-12-01", At: "2026-11-21 15:04"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RegradeAll(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	return st
}

var ioCols = []string{"id", "name", "phone", "grade", "total_spend", "purchases", "last_purchase", "notes", "tags", "预存金额", "入会日期", "已加微信"}

func TestCSV(t *testing.T) {
	st := shop(t)
	ctx := context.Background()
	var b bytes.Buffer
	n, err := Write(ctx, st, store.Query{Columns: ioCols}, Options{Header: HeaderKeys, Lang: i18n.ZH}, &b)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("rows = %d", n)
	}
	want := "id,name,phone,grade,total_spend,purchases,last_purchase,notes,tags,预存金额,入会日期,已加微信\r\n" +
		"1,王芳,13800138000,B,1234.50,2,2026-11-20,\"'=HYPERLINK(\"\"http://x\"\")\",\"VIP,老客户\",1234.50,2024-03-05,是\r\n" +
		"2,李雷,010-12345678,C,50.00,1,2026-06-01,'-欠款,,,,\r\n" +
		"3,'@张三,,D,0.00,0,,'+86 请回电,,-20.00,,\r\n" +
		"4,赵四,,D,0.00,0,,缩进,,,,\r\n" // the store trims a leading tab
	if got := b.String(); got != want {
		t.Errorf("csv:\n%q\nwant\n%q", got, want)
	}
	// RFC 4180: encoding/csv reads it back field for field.
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil || len(rows) != 5 || rows[1][7] != `'=HYPERLINK("http://x")` {
		t.Errorf("read back: %v %v", rows, err)
	}

	// Labels in the language, BOM, filter and sort.
	b.Reset()
	_, err = Write(ctx, st, store.Query{Columns: []string{"name", "total_spend", "已加微信"}, Filter: "spend>100", Sort: []store.SortKey{{Key: "name"}}},
		Options{BOM: true, Lang: i18n.EN}, &b)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "\xEF\xBB\xBFName,Total spend,已加微信\r\n王芳,1234.50,yes\r\n"; got != want {
		t.Errorf("labels/BOM/filter:\n%q\nwant\n%q", got, want)
	}
	b.Reset()
	if _, err := Write(ctx, st, store.Query{Columns: []string{"name", "stage", "kind"}, Sort: []store.SortKey{{Key: "id", Desc: true}}}, Options{Lang: i18n.ZH}, &b); err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(b.String(), "\r\n"); got[0] != "姓名,阶段,客户类型" || !strings.HasPrefix(got[4], "王芳,") || !strings.HasSuffix(got[4], ",个人") {
		t.Errorf("zh labels and values, sort desc: %q", got)
	}

	// Bad queries and options fail before anything is written.
	b.Reset()
	if _, err := Write(ctx, st, store.Query{Columns: []string{"nosuch"}}, Options{}, &b); err == nil || b.Len() != 0 {
		t.Errorf("unknown column: err %v, wrote %q", err, b.String())
	}
	if _, err := Write(ctx, st, store.Query{Filter: "nosuch>3"}, Options{}, &b); err == nil || b.Len() != 0 {
		t.Errorf("bad filter: err %v, wrote %q", err, b.String())
	}
	if _, err := Write(ctx, st, store.Query{}, Options{Format: "pdf"}, &b); err == nil {
		t.Error("format pdf accepted")
	}
	if _, err := Write(ctx, st, store.Query{}, Options{Header: "both"}, &b); err == nil {
		t.Error("header both accepted")
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=1+2": "'=1+2", "+86": "'+86", "-": "'-", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"-12.50": "-12.50", "-3": "-3", "-.5": "'-.5", "-1-2": "'-1-2", "王=": "王=", "": "", "a=b": "a=b",
	} {
		if got := Neutralise(in, false); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Neutralise("-1e5", true); got != "-1e5" {
		t.Errorf("numeric column changed: %q", got)
	}
}

func TestXLSX(t *testing.T) {
	st := shop(t)
	ctx := context.Background()
	var b bytes.Buffer
	var progress []int
	n, err := Write(ctx, st, store.Query{Columns: append([]string{"score", "created_at"}, ioCols...)},
		Options{Format: XLSX, Lang: i18n.ZH, Progress: func(d int) { progress = append(progress, d) }}, &b)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 || len(progress) == 0 || progress[len(progress)-1] != 4 {
		t.Errorf("rows %d, progress %v", n, progress)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// A Chinese export names its sheets in Chinese.
	const zhCustomers, zhPurchases, zhContacts, zhTiers = "客户", "购买记录", "联系记录", "分层"
	if got := strings.Join(f.GetSheetList(), ","); got != "客户,购买记录,联系记录,分层,分层对比" {
		t.Errorf("sheets = %s", got)
	}
	rows, err := f.GetRows(zhCustomers)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], "|"); got != "评分|创建时间|编号|姓名|电话|等级|累计消费|购买次数|最近购买|备注|标签|预存金额|入会日期|已加微信" {
		t.Errorf("header = %s", got)
	}
	if len(rows) != 5 {
		t.Fatalf("rows = %d", len(rows))
	}
	// Formatted as Excel shows them.
	if got := strings.Join(rows[1][2:], "|"); got != `1|王芳|13800138000|B|1,234.50|2|2026-11-20|=HYPERLINK("http://x")|VIP,老客户|1,234.50|2024-03-05|TRUE` {
		t.Errorf("row 1 = %s", got)
	}
	if got := rows[2][6]; got != "50.00" {
		t.Errorf("spend after a refund shows %q", got)
	}
	// Typed cells: raw values and types.
	// (excelize reports a number cell, which has no t attribute, as Unset.)
	type want struct {
		cell string
		typ  excelize.CellType
		raw  string
	}
	for _, w := range []want{
		{"C2", excelize.CellTypeUnset, "1"},
		{"G2", excelize.CellTypeUnset, "1234.5"},
		{"G3", excelize.CellTypeUnset, "50"},
		{"H2", excelize.CellTypeUnset, "2"},
		{"I2", excelize.CellTypeUnset, "46346"}, // 2026-11-20 as a serial date
		{"M2", excelize.CellTypeUnset, "45356"}, // 2024-03-05
		{"N2", excelize.CellTypeBool, "1"},
		{"J2", excelize.CellTypeInlineString, `=HYPERLINK("http://x")`},
		{"D2", excelize.CellTypeInlineString, "王芳"},
	} {
		typ, err := f.GetCellType(zhCustomers, w.cell)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := f.GetCellValue(zhCustomers, w.cell, excelize.Options{RawCellValue: true})
		if typ != w.typ || raw != w.raw {
			t.Errorf("%s: type %v raw %q, want %v %q", w.cell, typ, raw, w.typ, w.raw)
		}
		if formula, _ := f.GetCellFormula(zhCustomers, w.cell); formula != "" {
			t.Errorf("%s holds formula %q", w.cell, formula)
		}
	}
	// Number formats of money, dates, date-times and scores.
	for cell, code := range map[string]string{"G2": fmtMoney, "I2": fmtDate, "M2": fmtDate, "B2": fmtDateTime, "A2": fmtScore} {
		id, _ := f.GetCellStyle(zhCustomers, cell)
		s, err := f.GetStyle(id)
		if err != nil || s.CustomNumFmt == nil || *s.CustomNumFmt != code {
			t.Errorf("%s number format %v, want %s", cell, s, code)
		}
	}
	// Grade cells filled with the grade colours.
	rules, _ := st.Rules(ctx)
	for cell, g := range map[string]string{"F2": "B", "F3": "C", "F4": "D"} {
		id, _ := f.GetCellStyle(zhCustomers, cell)
		s, _ := f.GetStyle(id)
		if len(s.Fill.Color) != 1 || !strings.EqualFold("#"+strings.TrimPrefix(s.Fill.Color[0], "#"), rules.Color(g)) {
			t.Errorf("%s (%s) fill %v, want %s", cell, g, s.Fill.Color, rules.Color(g))
		}
	}
	// Bold frozen header.
	id, _ := f.GetCellStyle(zhCustomers, "A1")
	if s, _ := f.GetStyle(id); s.Font == nil || !s.Font.Bold {
		t.Error("header is not bold")
	}
	panes, err := f.GetPanes(zhCustomers)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v %v", panes, err)
	}
	// Column widths fit Chinese text.
	if w, _ := f.GetColWidth(zhCustomers, "J"); w < 22 {
		t.Errorf("notes column width %v", w)
	}
	if w, _ := f.GetColWidth(zhCustomers, "B"); w < 19 {
		t.Errorf("created column width %v", w)
	}
	// Autofilter over the header and rows, on every sheet.
	names := f.GetDefinedName()
	filters := map[string]string{}
	for _, dn := range names {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters[dn.Scope] = dn.RefersTo
		}
	}
	if filters[zhCustomers] != "'客户'!$A$1:$N$5" && filters[zhCustomers] != "'客户'!A1:N5" {
		t.Errorf("autofilter names = %v", filters)
	}
	// (excelize writes the range with $ signs, which Excel and LibreOffice read.)
	if xml := sheetXML(t, b.Bytes(), 1); !strings.Contains(xml, `<autoFilter ref="$A$1:$N$5"`) {
		t.Errorf("sheet1 has no autoFilter element")
	}

	// Purchases, Contacts and Tiers of the customers in view.
	p, _ := f.GetRows(zhPurchases)
	if len(p) != 5 || strings.Join(p[2], "|") != "1|王芳|2026-11-20|=cmd|' /C calc'!A0|1|34.50" || strings.Join(p[4], "|") != "2|李雷|2026-06-02|退货|1|-150.00" {
		t.Errorf("purchases = %q", p)
	}
	c, _ := f.GetRows(zhContacts)
	if len(c) != 2 || strings.Join(c[1], "|") != "1|王芳|2026-11-21 15:04|微信|联系|问春节礼盒||2026-12-01" {
		t.Errorf("contacts = %q", c)
	}
	tr, _ := f.GetRows(zhTiers)
	if len(tr) != 6 || strings.Join(tr[1], "|") != "A|A|0|0.0%|0.00|0.0%|14|拜访 → 电话|10.0%|专属客服、生日礼、免费送货" ||
		strings.Join(tr[2], "|") != "B|B|1|25.0%|1,234.50|96.1%|30|电话 → 微信|5.0%|生日礼、会员价" ||
		strings.Join(tr[4], "|") != "D|D|2|50.0%|0.00|0.0%|0|微信 → 短信|0.0%|首单优惠" || tr[0][7] != "首选渠道" || strings.Join(tr[5], "|") != "合计||4||1,284.50" {
		t.Errorf("tiers = %q", tr)
	}
	for _, s := range []string{zhPurchases, zhContacts, zhTiers} {
		if panes, _ := f.GetPanes(s); !panes.Freeze {
			t.Errorf("%s header not frozen", s)
		}
	}

	// A filtered view: only its customers' purchases.
	b.Reset()
	if _, err := Write(ctx, st, store.Query{Filter: "name=李雷"}, Options{Format: XLSX, Header: HeaderKeys}, &b); err != nil {
		t.Fatal(err)
	}
	f2, _ := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	defer f2.Close()
	p, _ = f2.GetRows(SheetPurchases)
	if len(p) != 3 || p[0][0] != "customer_id" || p[1][1] != "李雷" {
		t.Errorf("filtered purchases = %q", p)
	}
}

// sheetXML returns the XML of worksheet n of an XLSX.
func sheetXML(t *testing.T, data []byte, n int) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet"+string(rune('0'+n))+".xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			r.Close()
			return string(b)
		}
	}
	t.Fatalf("no sheet %d", n)
	return ""
}

func TestXLSXLimits(t *testing.T) {
	st := shop(t)
	ctx := context.Background()
	var b bytes.Buffer
	// A view larger than a sheet is refused, never cut.
	_, err := Write(ctx, st, store.Query{}, Options{Format: XLSX, maxRows: 3}, &b)
	var ie *i18n.Error
	if !errors.As(err, &ie) || ie.Key != "export.toomany" || b.Len() != 0 {
		t.Fatalf("4 rows into a 3-row sheet: %v (wrote %d bytes)", err, b.Len())
	}
	if msg := i18n.Message(err, i18n.ZH); !strings.Contains(msg, "4 位客户") || !strings.Contains(msg, "CSV") {
		t.Errorf("message: %s", msg)
	}
	// Purchases that do not fit: a note in the sheet and a warning.
	if _, _, err := st.AddPurchase(ctx, 3, store.PurchaseInput{Amount: "5"}); err != nil {
		t.Fatal(err)
	}
	var warns []string
	_, err = Write(ctx, st, store.Query{}, Options{Format: XLSX, maxRows: 4, Lang: i18n.EN, Warn: func(s string) { warns = append(warns, s) }}, &b)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	defer f.Close()
	p, _ := f.GetRows(SheetPurchases)
	if len(p) != 2 || !strings.Contains(p[1][0], "more than 4 entries") {
		t.Errorf("purchases sheet = %q", p)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "Purchases") {
		t.Errorf("warnings = %q", warns)
	}
}

func TestToFile(t *testing.T) {
	st := shop(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, ExpandPath("kehu-{date}.csv", today))
	if filepath.Base(path) != "kehu-2026-11-22.csv" {
		t.Fatalf("ExpandPath = %s", path)
	}
	n, err := ToFile(ctx, st, store.Query{Columns: []string{"name"}}, Options{}, path)
	if err != nil || n != 4 {
		t.Fatalf("ToFile: %d %v", n, err)
	}
	data, _ := os.ReadFile(path)
	if string(data) != "Name\r\n王芳\r\n李雷\r\n'@张三\r\n赵四\r\n" {
		t.Errorf("file = %q", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("new file mode %v", fi.Mode().Perm())
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	// A failing export leaves the file as it was, and no temporary file.
	if _, err := ToFile(ctx, st, store.Query{Filter: "nosuch>1"}, Options{}, path); err == nil {
		t.Fatal("bad filter exported")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ToFile(cctx, st, store.Query{}, Options{Format: XLSX}, filepath.Join(dir, "x.xlsx")); err == nil {
		t.Fatal("cancelled export succeeded")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Error("failed export changed the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %v", entries)
	}
	// Replacing keeps the file's permissions; the format follows the extension.
	if _, err := ToFile(ctx, st, store.Query{}, Options{}, path); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("replaced file mode %v", fi.Mode().Perm())
	}
	x := filepath.Join(dir, "v.XLSX")
	if _, err := ToFile(ctx, st, store.Query{}, Options{}, x); err != nil {
		t.Fatal(err)
	}
	if head, _ := os.ReadFile(x); !bytes.HasPrefix(head, []byte("PK")) {
		t.Error("v.XLSX is not a zip")
	}
	if _, err := ToFile(ctx, st, store.Query{}, Options{}, dir); err == nil {
		t.Error("exported onto a folder")
	}
	if FormatOf("a.csv") != CSV || FormatOf("a") != CSV || FormatOf("a.xlsx") != XLSX {
		t.Error("FormatOf")
	}
	if DefaultName(XLSX, today) != "kehu-2026-11-22.xlsx" || DefaultName("", today) != "kehu-2026-11-22.csv" {
		t.Error("DefaultName")
	}
}

func TestParallelDeflate(t *testing.T) {
	seed := []byte("王芳,13800138000,1234.50,<c r=\"A1\" t=\"inlineStr\"><is><t>喜欢龙井</t></is></c>\n")
	for _, n := range []int{0, 1, deflateBlock - 1, deflateBlock, deflateBlock + 1, 3*deflateBlock + 12345} {
		in := make([]byte, n)
		x := uint32(n)
		for i := range in {
			x = x*1664525 + 1013904223
			if x>>28 < 4 {
				in[i] = byte(x >> 16) // some noise
			} else {
				in[i] = seed[i%len(seed)]
			}
		}
		var out bytes.Buffer
		d := newParallelDeflate(&out)
		for p := in; len(p) > 0; {
			k := min(len(p), 70000)
			if _, err := d.Write(p[:k]); err != nil {
				t.Fatal(err)
			}
			p = p[k:]
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(flate.NewReader(&out))
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("%d bytes: round trip failed (%v, %d bytes back)", n, err, len(got))
		}
	}
}
