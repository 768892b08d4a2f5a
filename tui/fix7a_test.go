package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// Tab after naming a new customer saves it and lands on a column that can
// be typed into, never on the computed ID, grade or score next to the name.
func TestTabAfterAddSkipsComputedColumns(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 120, 35)
	press(t, m, "a")
	typeText(t, m, "新客人")
	press(t, m, "tab")
	if m.mode != modeTable {
		t.Fatalf("tab did not save: %q", m.status.text)
	}
	if got := cellValue(t, st, currentID(t, m), "name"); got != "新客人" {
		t.Fatalf("cursor on %q, want the new customer", got)
	}
	c := m.g.cols[m.g.col]
	if c.ReadOnly {
		t.Fatalf("tab landed on the computed column %s", c.Key)
	}
	press(t, m, "enter")
	if m.mode != modeEdit {
		t.Fatalf("enter after tab did not open an editor on %s: %q", c.Key, m.status.text)
	}
}

// Characters typed after Enter on a computed cell are not commands: D does
// not delete, j does not move; Esc ends that and keys work again.
func TestTypingAfterReadOnlyEnterIsNotCommands(t *testing.T) {
	st := newTestStore(t)
	ids := seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 120, 35)
	gotoCol(t, m, "grade")
	press(t, m, "enter")
	if m.mode != modeTable || !strings.Contains(m.status.text, "等级 是计算得出的，不能编辑") {
		t.Fatalf("enter on grade: mode %v status %q", m.mode, m.status.text)
	}
	typeText(t, m, "Djj")
	if currentID(t, m) != ids[0] {
		t.Error("typed j moved the cursor")
	}
	r, err := st.Get(context.Background(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if r.Deleted {
		t.Fatal("typed D deleted the customer")
	}
	if !m.status.err || !strings.Contains(m.status.text, "不能编辑") {
		t.Errorf("status while typing: %q", m.status.text)
	}
	press(t, m, "esc", "j")
	if currentID(t, m) != ids[1] {
		t.Error("j after Esc does not move the cursor")
	}
}

// Deleting says the customer went to the trash and that u brings them back.
func TestDeleteNamesTheTrash(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 120, 35)
	press(t, m, "D")
	if want := "已将 王芳 移入回收站 — 按 u 恢复"; !strings.Contains(m.View(), want) {
		t.Errorf("status %q, want %q", m.status.text, want)
	}
}
