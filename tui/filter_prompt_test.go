package tui

import (
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// countSum adds the tier counts shown beside the row count.
func countSum(m *model) int {
	n := 0
	for _, c := range m.counts {
		n += c
	}
	return n
}

// While the filter prompt holds something that is not a filter, the grid
// and the tier counts keep the last valid view; the error is shown on Enter
// and the prompt stays open.
func TestBadFilterKeepsLastValidView(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop()) // 8 customers, two tagged vip: Alice Wong, Eve Sun
	m := newTestModel(t, st, i18n.EN, 100, 30)

	// From the unfiltered view: a half-typed comparison is not a filter.
	press(t, m, "f")
	typeText(t, m, "nosuch>3")
	if m.g.total != 8 || countSum(m) != 8 {
		t.Errorf("while typing nosuch>3: %d rows, counts %v; want all 8", m.g.total, m.counts)
	}
	press(t, m, "enter")
	if m.mode != modePrompt || !m.status.err || !strings.Contains(m.status.text, "nosuch") {
		t.Fatalf("bad filter: mode %v, status %q", m.mode, m.status.text)
	}
	if m.g.total != 8 || countSum(m) != 8 {
		t.Errorf("after enter on nosuch>3: %d rows, counts %v; want all 8", m.g.total, m.counts)
	}
	press(t, m, "esc")

	// From a filtered view: the vip rows stay while the new term is bad.
	press(t, m, "f")
	typeText(t, m, "tag:vip")
	press(t, m, "enter")
	if m.g.total != 2 {
		t.Fatalf("tag:vip: %d rows, want 2", m.g.total)
	}
	press(t, m, "f", "up") // the prompt opens empty; ↑ brings back tag:vip
	typeText(t, m, " spend>")
	if m.g.total != 2 || countSum(m) != 2 {
		t.Errorf("while typing spend>: %d rows, counts %v; want the 2 vip rows", m.g.total, m.counts)
	}
	typeText(t, m, "lots")
	press(t, m, "enter")
	v := m.View()
	if m.mode != modePrompt || !strings.Contains(m.status.text, "spend>lots") {
		t.Errorf("bad term not reported with the prompt open: mode %v, status %q", m.mode, m.status.text)
	}
	if m.g.total != 2 || countSum(m) != 2 || !strings.Contains(v, "Alice Wong") || !strings.Contains(v, "Eve Sun") || strings.Contains(v, "Bob Li") {
		t.Errorf("the vip view did not stay on screen (%d rows, counts %v):\n%s", m.g.total, m.counts, v)
	}
	if !strings.Contains(v, "row 1/2") {
		t.Errorf("status line does not say row 1/2:\n%s", v)
	}
	// Fixing the term applies it.
	press(t, m, "backspace", "backspace", "backspace", "backspace")
	typeText(t, m, "10000")
	press(t, m, "enter")
	if m.mode == modePrompt || m.view.Filter != "tag:vip spend>10000" || m.g.total != 1 {
		t.Errorf("fixed filter: mode %v, filter %q, %d rows; want Eve Sun alone", m.mode, m.view.Filter, m.g.total)
	}
}
