package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
)

// TestFooterSaysKeysWereLeftOut: at 80 columns the table's footer cannot
// show every key; it ends with "…" instead of dropping them silently, and
// the table's header ends with "…" for the columns past the right edge.
func TestFooterSaysKeysWereLeftOut(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	for _, tc := range []struct {
		lang i18n.Lang
		w    int
		foot string // the footer, trimmed
		more bool   // columns go on past the right edge
	}{
		{i18n.EN, 80, "? help   Enter/e edit   a add   / search   f filter   s sort   space/o open …", true},
		{i18n.ZH, 80, "? 帮助   Enter/e 编辑   a 新增   / 搜索   f 筛选   s 升序   space/o 详情 …", true},
		// Wide enough for every key: nothing was left out.
		{i18n.EN, 400, "? help   Enter/e edit   a add   / search   f filter   s sort   space/o open   c contact   p purchase   x export   : command   q/ctrl+c quit", false},
	} {
		m := newTestModel(t, st, tc.lang, tc.w, 24)
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		if got := strings.TrimSpace(lines[len(lines)-1]); got != tc.foot {
			t.Errorf("%s %d: footer %q, want %q", tc.lang, tc.w, got, tc.foot)
		}
		header := strings.TrimRight(lines[0], " ")
		if got := strings.HasSuffix(header, "…"); got != tc.more {
			t.Errorf("%s %d: header %q ends with the more-columns marker: %v, want %v", tc.lang, tc.w, header, got, tc.more)
		}
	}
}
