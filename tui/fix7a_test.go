package tui

import (
	"context"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/muesli/termenv"
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

// A follow-up date before the clock's today is drawn in colour in the table;
// today's, a later one and a blank are not.
func TestOverdueFollowUpColoured(t *testing.T) {
	st := newTestStore(t)
	ctx := context.Background()
	for name, next := range map[string]string{"Past Pan": "2026-03-10", "Today Tang": "2026-03-15", "Later Lu": "2026-03-20"} {
		if _, err := st.AddCustomer(ctx, map[string]string{"name": name, "next_follow_up": next}); err != nil {
			t.Fatal(err)
		}
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	m, err := newModel(ctx, st, i18n.EN, r, false, options{now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	drain(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: 200, Height: 20})
	press(t, m, "j", "j", "j") // the cursor off the rows looked at
	gotoCol(t, m, "name")
	coloured := func(date string) bool {
		for _, line := range strings.Split(m.View(), "\n") {
			i := strings.Index(line, date)
			if i < 0 {
				continue
			}
			before := line[:i]
			esc := strings.LastIndex(before, "\x1b[")
			return esc >= 0 && strings.Contains(before[esc:], "38;2;") && !strings.Contains(before[esc:], "m ")
		}
		t.Fatalf("%s not on screen:\n%s", date, ansi.Strip(m.View()))
		return false
	}
	if !coloured("2026-03-10") {
		t.Error("the overdue follow-up 2026-03-10 is not coloured")
	}
	for _, d := range []string{"2026-03-15", "2026-03-20"} {
		if coloured(d) {
			t.Errorf("follow-up %s coloured as overdue on 2026-03-15", d)
		}
	}
}
