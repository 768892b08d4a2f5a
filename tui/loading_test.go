package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
)

// The agenda, summary and rules screens read the ledger off the UI
// goroutine: the key returns at once a command that pushes the screen
// (reading nothing itself); pushed, the screen shows that it is loading and
// returns its read as a command; the read fills it in. Esc while loading
// goes back to the table, and a late result is then dropped.
func TestHeavyScreensOpenWithoutBlocking(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	for _, key := range []string{"A", "t", "R"} {
		m := newTestModel(t, st, i18n.EN, 100, 30)
		cmd := pushed(t, m, key)
		if cmd == nil {
			t.Fatalf("%s: no command: the screen was read on the UI goroutine", key)
		}
		if v := m.View(); !strings.Contains(v, "loading") {
			t.Fatalf("%s: first frame is not the loading screen:\n%s", key, v)
		}
		drain(t, m, cmd)
		if v := m.View(); strings.Contains(v, "loading") {
			t.Errorf("%s: still loading after the command ran:\n%s", key, v)
		}
		checkFrame(t, m.View(), 100, 30)

		// Esc during loading: back to the table; the late screen is ignored.
		m = newTestModel(t, st, i18n.EN, 100, 30)
		cmd = pushed(t, m, key)
		press(t, m, "esc")
		drain(t, m, cmd)
		if m.stack.depth() > 1 {
			t.Errorf("%s: a screen opened after Esc during loading", key)
		}
		if v := m.View(); !strings.Contains(v, "row 1/") {
			t.Errorf("%s: not back on the table:\n%s", key, v)
		}
	}
}

// pushed presses key on the table, which must answer with a command that
// pushes a screen and nothing else; it pushes it and returns the screen's
// first commands (its reads), not yet run.
func pushed(t *testing.T, m *model, key string) tea.Cmd {
	t.Helper()
	_, cmd := m.Update(keyMsg(key))
	if cmd == nil {
		t.Fatalf("%s: no command", key)
	}
	msg, ok := cmd().(pushMsg)
	if !ok {
		t.Fatalf("%s: the key's command gave %T, want a push", key, msg)
	}
	_, load := m.Update(msg)
	return load
}
