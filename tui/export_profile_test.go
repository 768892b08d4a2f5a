package tui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/xuri/excelize/v2"
)

// The table's export of a filtered view (grade=D: 张伟 and 陈静) to XLSX
// carries the tier profile of all 5 customers, named and noted as such.
func TestExportFilteredViewProfileOfAll(t *testing.T) {
	st, _ := plantedTiers(t)
	m := newTestModel(t, st, i18n.ZH, 120, 35)
	press(t, m, "f")
	typeText(t, m, "grade=D")
	press(t, m, "enter")
	path := filepath.Join(t.TempDir(), "d.xlsx")
	press(t, m, "x")
	clearInput(t, m)
	typeText(t, m, path)
	press(t, m, "enter")
	if m.status.err {
		t.Fatalf("export: %q", m.status.text)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "客户,购买记录,联系记录,分层,分层对比（全部客户）" {
		t.Fatalf("sheets = %s", got)
	}
	rows, err := f.GetRows("分层对比（全部客户）")
	if err != nil {
		t.Fatal(err)
	}
	want := "台账的全部客户（5 位），不只是导出的 2 位（grade=D）：各等级并列，供与导出的客户对照。"
	if len(rows) != 7 || strings.Join(rows[6], "") != want {
		t.Errorf("profile rows = %q", rows)
	}
	// A 李雷, B 王芳, C 刘洋, D 张伟 and 陈静: every customer, not the view's two.
	for i, w := range []string{"A|1", "B|1", "C|1", "D|2"} {
		if got := rows[i+1][0] + "|" + rows[i+1][2]; got != w {
			t.Errorf("profile row %d = %s, want %s", i+1, got, w)
		}
	}
}
