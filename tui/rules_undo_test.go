package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// An applied rules change that relabels A as VIP: undone with u from the
// table, the grade column goes back to A at once; redone with ctrl+r, it
// says VIP again, without the table being reopened.
func TestUndoOfRulesChangeRelabelsTheTableAtOnce(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	ctx := context.Background()
	rules := mustRules(t, st)
	rules.Labels["A"] = "VIPX"
	if _, err := st.ApplyRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	// What the rules screen does on closing after a save.
	send(t, m, popMsg{status: "saved", changed: true})
	if !strings.Contains(m.View(), "VIPX") {
		t.Fatalf("the label of the applied rules is not shown:\n%s", m.View())
	}
	press(t, m, "u")
	if v := m.View(); strings.Contains(v, "VIPX") {
		t.Errorf("after undo the table still shows the undone label:\n%s", v)
	}
	if got := m.e.rules.Label("A"); got != "A" {
		t.Errorf("after undo the table's rules label A as %q, want A", got)
	}
	press(t, m, "ctrl+r")
	if v := m.View(); !strings.Contains(v, "VIPX") {
		t.Errorf("after redo the table does not show the label again:\n%s", v)
	}
}
