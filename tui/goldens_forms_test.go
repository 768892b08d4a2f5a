package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
)

// TestHelpAndFormGoldens freezes, in both languages and at the two sizes an
// owner most often has, the screens that are mostly words: the key help, the
// new-customer row, and the contact and purchase forms opened on 王芳. A
// change of wording, alignment or of what fits at 80 columns shows up here
// as a diff to look at.
func TestHelpAndFormGoldens(t *testing.T) {
	screens := []struct {
		name string
		keys []string
	}{
		{"help", []string{"?"}},
		{"add", []string{"a"}},
		{"contact", []string{"c"}},
		{"purchase", []string{"p"}},
	}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			st := newTestStore(t)
			seed(t, st, chineseShop())
			for _, sc := range screens {
				m := newTestModel(t, st, lang, size[0], size[1])
				press(t, m, sc.keys...)
				v := m.View()
				checkFrame(t, v, size[0], size[1])
				golden(t, fmt.Sprintf("%s_%s_%dx%d", sc.name, lang, size[0], size[1]), v)
			}
		}
	}
}

// At 80 columns a field's hint that does not fit beside its input goes on
// the line under it, whole, and a short screen still scrolls the focused
// field into view with those extra lines.
func TestNarrowFormHintsUnderTheField(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 80, 24)
	press(t, m, "p")
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if got, want := strings.TrimSpace(lines[3]), "如 1234.5、¥1,234、1.2万；退款填负数 · A 级折扣：10%"; got != want {
		t.Errorf("line under the amount: %q, want the whole hint %q", got, want)
	}
	short := newTestModel(t, st, i18n.ZH, 80, 10)
	press(t, short, "p", "tab", "tab", "tab", "tab", "tab") // amount, product, quantity, date, payment, note
	if v := ansi.Strip(short.View()); !strings.Contains(v, "▸ 备注") {
		t.Errorf("the focused note field is off a 10-line screen:\n%s", v)
	}
	press(t, short, "shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab")
	v := ansi.Strip(short.View())
	if !strings.Contains(v, "▸ 金额") || !strings.Contains(v, "✗ 金额必填") {
		t.Errorf("back on the (empty, so refused) amount, it or its reason is off a 10-line screen:\n%s", v)
	}
}
