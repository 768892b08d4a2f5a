package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
)

// lastLines are the view's last n lines, plain.
func lastLines(m *model, n int) []string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	return lines[len(lines)-n:]
}

// / and f open empty, ↑ brings the last value back; a phone is found
// however it is typed; the status says when the search wrapped and when
// there is a single match.
func TestSearchPromptsAndNotices(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "/")
	typeText(t, m, "138 0013 8000")
	press(t, m, "enter")
	if !m.status.err {
		t.Errorf("138 0013 8000 is no phone of the Chinese shop, yet: %q", m.status.text)
	}
	press(t, m, "/")
	if m.prompt.Value() != "" {
		t.Fatalf("search prompt opened with %q", m.prompt.Value())
	}
	press(t, m, "up")
	if m.prompt.Value() != "138 0013 8000" {
		t.Errorf("↑ brought back %q", m.prompt.Value())
	}
	clearInput(t, m)
	typeText(t, m, "+86 139-1234-5604") // 欧阳娜娜, row 4
	press(t, m, "enter")
	if got := currentID(t, m); got != 4 || !strings.Contains(m.status.text, "the only match") {
		t.Errorf("+86 139-1234-5604: row #%d, status %q; want #4, the only match", got, m.status.text)
	}
	// 1391234560x are the phones of rows 1, 2, 3, 4 and 6: from row 4, /
	// finds 6, n wraps to 1, N wraps back to 6.
	press(t, m, "/")
	typeText(t, m, "139 1234 560")
	press(t, m, "enter")
	if got := currentID(t, m); got != 6 || strings.Contains(m.status.text, "wrapped") || strings.Contains(m.status.text, "only") {
		t.Errorf("139 1234 560 from row 4: row #%d, status %q; want #6", got, m.status.text)
	}
	press(t, m, "n")
	if got := currentID(t, m); got != 1 || !strings.Contains(m.status.text, "wrapped to the top") {
		t.Errorf("n from row 6: row #%d, status %q; want #1 after wrapping", got, m.status.text)
	}
	press(t, m, "N")
	if got := currentID(t, m); got != 6 || !strings.Contains(m.status.text, "wrapped to the bottom") {
		t.Errorf("N from row 1: row #%d, status %q; want #6 after wrapping", got, m.status.text)
	}
}

// Under the filter prompt: the syntax while the text is a filter, the
// problem as soon as it is not; or keeps either side.
func TestFilterPromptHintAndOr(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 100, 30)
	press(t, m, "f")
	under := lastLines(m, 1)[0]
	if !strings.Contains(under, "如 等级=A") || !strings.Contains(under, "或") {
		t.Errorf("no syntax hint under the filter prompt: %q", under)
	}
	typeText(t, m, "累计消费>lots")
	if under := lastLines(m, 1)[0]; !strings.Contains(under, "累计消费>lots") || !strings.Contains(under, "金额") {
		t.Errorf("the problem is not shown while typing: %q", under)
	}
	clearInput(t, m)
	typeText(t, m, "name~王 or name~孙")
	press(t, m, "enter")
	if m.g.total != 2 || m.view.Filter != "name~王 or name~孙" {
		t.Errorf("name~王 or name~孙: %d rows, filter %q; want 王芳 and 孙悟空", m.g.total, m.view.Filter)
	}
	press(t, m, "f")
	if m.prompt.Value() != "" {
		t.Errorf("filter prompt opened with %q", m.prompt.Value())
	}
	press(t, m, "up")
	if m.prompt.Value() != "name~王 or name~孙" {
		t.Errorf("↑ brought back %q", m.prompt.Value())
	}
	press(t, m, "esc")
	if m.view.Filter != "name~王 or name~孙" || m.g.total != 2 {
		t.Errorf("esc changed the filter to %q (%d rows)", m.view.Filter, m.g.total)
	}
}
