package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
)

// formulaLine is the formula bar of a table's view: the line over the
// status line.
func formulaLine(m *model) string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	return strings.TrimRight(lines[len(lines)-3], " ")
}

// The formula bar names the cursor's column and shows the whole cell,
// however narrow the column; scrolling right keeps name and grade in view.
func TestFormulaBarAndFrozenGrade(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 80, 24)
	if got := formulaLine(m); got != " 姓名 │ 王芳" {
		t.Errorf("formula bar on the name: %q", got)
	}
	gotoCol(t, m, "notes")
	command(t, m, "col width 4")
	if got := formulaLine(m); got != " 备注 │ 喜欢明前龙井，每月初补货" {
		t.Errorf("formula bar on a 4-cell notes column: %q", got)
	}
	row := ansi.Strip(strings.Split(m.View(), "\n")[1])
	if !strings.HasPrefix(row, "▌ 王芳       A    │") {
		t.Errorf("name and grade not frozen at the notes column: %q", row)
	}
	press(t, m, "j")
	if got := formulaLine(m); got != " 备注 │" {
		t.Errorf("formula bar on an empty cell: %q", got)
	}
}

// Columns are as wide as their content, up to a cap: 杭州西湖茶叶有限公司
// (20 cells) is shown whole where the default width is 16, and `:col
// width` still wins.
func TestColumnsFitTheirContent(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 200, 30)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "杭州西湖茶叶有限公司 ") {
		t.Errorf("company cut at 200 columns:\n%s", v)
	}
	gotoCol(t, m, "company")
	command(t, m, "col width 8")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "杭州西…") {
		t.Errorf(":col width 8 did not win over the fit:\n%s", v)
	}
}

func TestTableGoldens(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			st := newTestStore(t)
			seed(t, st, chineseShop())
			m := newTestModel(t, st, lang, size[0], size[1])
			name := fmt.Sprintf("table_%s_%dx%d", lang, size[0], size[1])
			golden(t, name, m.View())
			gotoCol(t, m, "notes")
			golden(t, name+"_notes", m.View())
		}
	}
}
