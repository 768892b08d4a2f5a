package tui

import (
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// The agenda, summary and rules screens are built off the UI goroutine: the
// key returns at once with a loading screen, and the built screen replaces
// it when its command completes. Esc while loading goes back to the table,
// and a late result is then dropped.
func TestHeavyScreensOpenWithoutBlocking(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	for _, key := range []string{"A", "t", "R"} {
		m := newTestModel(t, st, i18n.EN, 100, 30)
		_, cmd := m.Update(keyMsg(key))
		if cmd == nil {
			t.Fatalf("%s: no command: the screen was built on the UI goroutine", key)
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
		_, cmd = m.Update(keyMsg(key))
		press(t, m, "esc")
		drain(t, m, cmd)
		if m.scr != nil {
			t.Errorf("%s: a screen opened after Esc during loading", key)
		}
		if v := m.View(); !strings.Contains(v, "row 1/") {
			t.Errorf("%s: not back on the table:\n%s", key, v)
		}
	}
}
