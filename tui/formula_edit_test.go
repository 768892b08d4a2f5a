package tui

import (
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// While a cell is typed into, the formula bar shows what is typed, whole,
// however narrow the cell; a new customer's row is not described by the
// customer under the cursor.
func TestFormulaBarShowsWhatIsTyped(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 80, 24)
	gotoCol(t, m, "company")
	command(t, m, "col width 8")
	press(t, m, "enter")
	clearInput(t, m)
	typeText(t, m, "杭州西湖龙井茶叶批发有限公司")
	if got, want := formulaLine(m), " 公司 │ 杭州西湖龙井茶叶批发有限公司"; got != want {
		t.Errorf("editing company: formula bar %q, want %q", got, want)
	}
	press(t, m, "esc")
	if got, want := formulaLine(m), " 公司 │ 杭州西湖茶叶有限公司"; got != want {
		t.Errorf("after Esc: formula bar %q, want the stored %q", got, want)
	}

	press(t, m, "a")
	if got, want := formulaLine(m), " 姓名 │"; got != want {
		t.Errorf("adding: formula bar %q, want %q (王芳 is under the cursor, not being added)", got, want)
	}
	typeText(t, m, "新客人")
	if got, want := formulaLine(m), " 姓名 │ 新客人"; got != want {
		t.Errorf("adding: formula bar %q, want %q", got, want)
	}
}
