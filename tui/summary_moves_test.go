package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
)

// Enter on one of the overview's recent moves opens the table on exactly
// the customers who made it: on the planted ledger 李雷 moves A→B today
// and 王芳 B→A then back by undo (no move), beside 陈静's C→D of 03-05.
// Esc brings back the summary on the move.
func TestSummaryDrillDownRecentMove(t *testing.T) {
	st, ids := plantedTiers(t)
	ctx := context.Background()
	if _, err := st.SetField(ctx, ids["李雷"], "pinned", "B"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetField(ctx, ids["王芳"], "pinned", "A"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang   i18n.Lang
		keys   []string
		line   string // the move's line under the cursor
		filter string
		want   string
	}{
		// Past the four grades and the nine segments, the first move.
		{i18n.EN, []string{"G", "up"}, "▸ A→B 1", "moved=A→B", "[李雷]"},
		{i18n.ZH, []string{"G"}, "▸ C→D 1", "moved=C→D", "[陈静]"},
	}
	for _, c := range cases {
		m := newTestModel(t, st, c.lang, 120, 35)
		press(t, m, "t")
		press(t, m, c.keys...)
		v := ansi.Strip(m.View())
		if slicesHasPrefix(v, "B→A") || slicesHasPrefix(v, "▸ B→A") {
			t.Errorf("王芳's undone move counts:\n%s", v)
		}
		if !slicesHasPrefix(v, c.line) {
			t.Fatalf("the cursor is not on %q:\n%s", c.line, v)
		}
		press(t, m, "enter")
		if _, ok := m.top().(*tableScreen); !ok {
			t.Fatalf("enter left %T on top", m.top())
		}
		if f := tableFilter(m); f != c.filter {
			t.Errorf("filter = %q, want %q", f, c.filter)
		}
		if got := fmt.Sprint(tableNames(t, m)); got != c.want {
			t.Errorf("%s: table shows %s, want %s", c.filter, got, c.want)
		}
		press(t, m, "esc")
		if _, ok := m.top().(*summaryScreen); !ok {
			t.Fatalf("esc left %T on top, want the summary back", m.top())
		}
		if v := ansi.Strip(m.View()); !slicesHasPrefix(v, c.line) {
			t.Errorf("the summary did not come back on the move:\n%s", v)
		}
	}
}

// slicesHasPrefix reports whether a line of the view (spaces squeezed)
// starts with prefix.
func slicesHasPrefix(v, prefix string) bool {
	for _, l := range strings.Split(ansi.Strip(v), "\n") {
		if strings.HasPrefix(strings.Join(strings.Fields(l), " "), prefix) {
			return true
		}
	}
	return false
}
