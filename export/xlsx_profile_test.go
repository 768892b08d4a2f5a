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
	// A filtered export holds some customers only: no profile of them all.
	b.Reset()
	if _, err := Write(context.Background(), st, store.Query{Filter: "name=李雷"}, Options{Format: XLSX, Lang: i18n.EN}, &b); err != nil {
		t.Fatal(err)
	}
	f2, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	if got := strings.Join(f2.GetSheetList(), ","); got != "Customers,Purchases,Contacts,Tiers" {
		t.Errorf("filtered export sheets = %s", got)
	}
}
