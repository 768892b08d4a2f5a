package tui

import (
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// `:` lists its commands under the prompt, Tab completes them and, after
// col add NAME, the column types by their Chinese names; ↑ brings back
// the last command.
func TestCommandLineListsAndCompletes(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 120, 35)
	press(t, m, ":")
	under := lastLines(m, 1)[0]
	for _, want := range []string{"Tab 补全", "view save 名称", "col add 列名 类型"} {
		if !strings.Contains(under, want) {
			t.Errorf("under the : prompt %q lacks %q", under, want)
		}
	}
	typeText(t, m, "co")
	press(t, m, "tab")
	if m.prompt.Value() != "col " {
		t.Fatalf("co Tab = %q, want %q", m.prompt.Value(), "col ")
	}
	typeText(t, m, "a")
	press(t, m, "tab")
	if m.prompt.Value() != "col add " {
		t.Fatalf("col a Tab = %q", m.prompt.Value())
	}
	typeText(t, m, "预存 ")
	if under := lastLines(m, 1)[0]; !strings.Contains(under, "类型：文本 数字 金额 日期 选项 是否") {
		t.Errorf("col add NAME: types not listed in Chinese: %q", under)
	}
	typeText(t, m, "金")
	press(t, m, "tab")
	if m.prompt.Value() != "col add 预存 金额 " {
		t.Fatalf("金 Tab = %q", m.prompt.Value())
	}
	press(t, m, "enter")
	c, ok := st.Column("预存")
	if !ok || c.Type != store.Money {
		t.Fatalf("column 预存: %+v, %v; want a money column", c, ok)
	}
	press(t, m, ":", "up")
	if m.prompt.Value() != "col add 预存 金额" {
		t.Errorf("↑ at : = %q", m.prompt.Value())
	}
	press(t, m, "esc")
	// A command typed wrong says how it is written, in Chinese.
	command(t, m, "col width")
	if !strings.Contains(m.status.text, "col width 宽度") {
		t.Errorf("usage: %q", m.status.text)
	}
}

// The `?` help lists the commands beside the keys.
func TestHelpListsCommands(t *testing.T) {
	st := newTestStore(t)
	m := newTestModel(t, st, i18n.EN, 120, 35)
	press(t, m, "?")
	h, ok := m.top().(*helpScreen)
	if !ok {
		t.Fatalf("? opened %T", m.top())
	}
	v := strings.Join(h.lines(118, 33), "\n")
	for _, want := range []string{"Commands (type : first)", ":col add NAME TYPE [CHOICES]", ":view save NAME", ":import FILE"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q:\n%s", want, v)
		}
	}
}

// Adding a column that exists hidden says how to show it.
func TestColAddHiddenSaysShow(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 120, 35)
	gotoCol(t, m, "company")
	command(t, m, "col hide")
	command(t, m, "col add 公司 文本")
	if !m.status.err || !strings.Contains(m.status.text, ":col show company") {
		t.Errorf("col add of a hidden column: %q", m.status.text)
	}
}
