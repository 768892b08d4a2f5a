package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// The table reads money as a person does: a yuan sign and thousands
// separators, shortened to 万 only when the column is too narrow.
func TestTableMoneyReadsAsYuan(t *testing.T) {
	st := newTestStore(t)
	ids := seed(t, st, chineseShop())
	if _, _, err := st.AddPurchase(context.Background(), ids[0], store.PurchaseInput{Amount: "4279513.50", Date: "2026-03-14"}); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, st, i18n.ZH, 120, 35)
	gotoCol(t, m, "total_spend")
	command(t, m, "col width 14")
	row := ansi.Strip(strings.Split(m.View(), "\n")[1])
	// 王芳: 8800 + 6600 + 4200 + 4279513.50
	if !strings.Contains(row, "¥4,299,113.50") {
		t.Errorf("wide total spend cell: %q", row)
	}
	command(t, m, "col width 8")
	row = ansi.Strip(strings.Split(m.View(), "\n")[1])
	if !strings.Contains(row, "429.9万") || strings.Contains(row, "4299113") {
		t.Errorf("narrow total spend cell: %q", row)
	}
	// 李建国's ¥12,000.00 is ten cells: 1.2万 in eight.
	row = ansi.Strip(strings.Split(m.View(), "\n")[2])
	if !strings.Contains(row, "1.2万") {
		t.Errorf("second row: %q", row)
	}
}
