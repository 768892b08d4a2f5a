package tui

import (
	"context"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
)

// The summary left for a drill-down and come back to after the ledger
// changed shows the new figures: 李雷 moved from A to B at the table, the
// overview counts no A and two B, the move A→B among the last 30 days',
// and the profile tab (read before the change) reads again when shown.
func TestSummaryReadsAgainOnReturn(t *testing.T) {
	st, ids := plantedTiers(t)
	m := newTestModel(t, st, i18n.EN, 120, 35)
	press(t, m, "t", "2", "1")
	v := ansi.Strip(m.View())
	if !hasLine(v, "A 1 20.0% ██████························ ¥600.00 50.8% ███████████████▎··············") {
		t.Fatalf("the overview before the change:\n%s", v)
	}
	press(t, m, "enter")
	if f := tableFilter(m); f != "grade=A" {
		t.Fatalf("drill-down filter = %q", f)
	}
	if _, err := st.SetField(context.Background(), ids["李雷"], "pinned", "B"); err != nil {
		t.Fatal(err)
	}
	press(t, m, "esc")
	if _, ok := m.top().(*summaryScreen); !ok {
		t.Fatalf("esc left %T on top", m.top())
	}
	v = ansi.Strip(m.View())
	for _, want := range []string{
		"A 0 0.0% ······························ ¥0.00 0.0% ······························",
		"B 2 40.0% ████████████·················· ¥1,100.00 93.2% ████████████████████████████··",
		"A→B 1",
	} {
		if !hasLine(v, want) {
			t.Errorf("back on the summary, no line %q:\n%s", want, v)
		}
	}
	press(t, m, "2")
	if v := ansi.Strip(m.View()); screenLine(v, "▸ A") != "" || screenLine(v, "A 0 0.0%") == "" {
		t.Errorf("the profile tab still shows 李雷 in A:\n%s", v)
	}
}

// A served session's summary reads its figures again when the ledger
// changed elsewhere.
func TestSummaryReadsAgainWhenLedgerChanged(t *testing.T) {
	st, ids := plantedTiers(t)
	m := newTestModel(t, st, i18n.EN, 120, 35)
	press(t, m, "t")
	if _, err := st.SetField(context.Background(), ids["刘洋"], "pinned", "A"); err != nil {
		t.Fatal(err)
	}
	if v := ansi.Strip(m.View()); !hasLine(v, "C 1 20.0% ██████························ ¥80.00 6.8% ██····························") {
		t.Fatalf("the summary changed before it was told:\n%s", v)
	}
	send(t, m, LedgerChanged{})
	v := ansi.Strip(m.View())
	for _, want := range []string{
		"A 2 40.0% ████████████·················· ¥680.00 57.6% █████████████████▎············",
		"C 0 0.0% ······························ ¥0.00 0.0% ······························",
		"C→A 1",
	} {
		if !hasLine(v, want) {
			t.Errorf("after the ledger changed, no line %q:\n%s", want, v)
		}
	}
}
