package export

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/xuri/excelize/v2"
)

// The tier profile sheet of the shop (today 2026-11-22), every figure by
// hand: B is 王芳 (1,200 on 11-01 and 34.50 on 11-20), C is 李雷 (200 on
// 06-01 less a 150 refund: one purchase, 50 spent, dormant after 174
// days), D the two who never bought, A nobody (its averages left empty).
func TestXLSXProfileSheet(t *testing.T) {
	st := shop(t)
	var b bytes.Buffer
	if _, err := Write(context.Background(), st, store.Query{}, Options{Format: XLSX, Lang: i18n.ZH}, &b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("分层对比")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"等级|名称|客户数|占比|窗口内平均消费|窗口内消费中位数|窗口内平均购买次数|距上次购买平均天数|距首次购买平均天数|活跃|新客|沉睡|流失|未跟进的投诉|累计消费|累计消费占比",
		"A|A|0|0.0%||||||||||0|0.00|0.0%",
		"B|B|1|25.0%|1,234.50|1,234.50|2.0|2.0|21.0|0.0%|100.0%|0.0%|0.0%|0|1,234.50|96.1%",
		"C|C|1|25.0%|50.00|50.00|1.0|174.0|174.0|0.0%|0.0%|100.0%|0.0%|0|50.00|3.9%",
		"D|D|2|50.0%|0.00|0.00|0.0|||0.0%|0.0%|0.0%|0.0%|0|0.00|0.0%",
	}
	if len(rows) != len(want) {
		t.Fatalf("profile rows = %q", rows)
	}
	for i, w := range want {
		if got := strings.Join(rows[i], "|"); got != w {
			t.Errorf("row %d:\n got %s\nwant %s", i, got, w)
		}
	}
	// A filtered export holds some customers only; its profile is still of
	// every customer, named and noted as such below a blank row.
	b.Reset()
	if _, err := Write(context.Background(), st, store.Query{Filter: "grade=C"}, Options{Format: XLSX, Lang: i18n.ZH}, &b); err != nil {
		t.Fatal(err)
	}
	f2, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	if got := strings.Join(f2.GetSheetList(), ","); got != "客户,购买记录,联系记录,分层,分层对比（全部客户）" {
		t.Errorf("filtered export sheets = %s", got)
	}
	rows, err = f2.GetRows("分层对比（全部客户）")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, "", "台账的全部客户（4 位），不只是导出的 1 位（grade=C）：各等级并列，供与导出的客户对照。")
	if len(rows) != len(want) {
		t.Fatalf("filtered export's profile rows = %q", rows)
	}
	for i, w := range want {
		if got := strings.Join(rows[i], "|"); got != w {
			t.Errorf("filtered export's profile row %d:\n got %s\nwant %s", i, got, w)
		}
	}
}

// In English the filtered export's profile sheet is named for all the
// customers too; with --header keys (for programs) it holds the table
// alone, without the note.
func TestXLSXProfileSheetFilteredEnglishAndKeys(t *testing.T) {
	st := shop(t)
	open := func(opts Options) *excelize.File {
		t.Helper()
		var b bytes.Buffer
		if _, err := Write(context.Background(), st, store.Query{Filter: "name=李雷"}, opts, &b); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	f := open(Options{Format: XLSX, Lang: i18n.EN})
	if got := strings.Join(f.GetSheetList(), ","); got != "Customers,Purchases,Contacts,Tiers,Tier profile, all customers" {
		t.Errorf("filtered export sheets = %s", got)
	}
	rows, err := f.GetRows("Tier profile, all customers")
	if err != nil {
		t.Fatal(err)
	}
	want := "Every customer of the ledger (4), not only the 1 exported (name=李雷): all the tiers side by side, to compare the exported customers with."
	if len(rows) != 7 || strings.Join(rows[5], "") != "" || strings.Join(rows[6], "|") != want {
		t.Errorf("filtered export's profile rows = %q", rows)
	}
	f = open(Options{Format: XLSX, Lang: i18n.EN, Header: HeaderKeys})
	rows, err = f.GetRows("Tier profile, all customers")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "grade" || strings.Join(rows[4][:3], "|") != "D|D|2" {
		t.Errorf("filtered export's profile with header keys = %q", rows)
	}
}
