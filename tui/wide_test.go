package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
)

// At 200×50 the table uses the room it has: a 24-cell company name on the
// 40th row (below what a 35-line screen shows) is drawn whole although the
// company column starts 16 cells wide, and one longer than the fit cap is
// cut with "…" at the cap, not at 16.
func TestWideScreenFitsLongCompanies(t *testing.T) {
	st := newTestStore(t)
	ctx := context.Background()
	for i := 1; i <= 45; i++ {
		f := map[string]string{"name": fmt.Sprintf("客户%02d", i)}
		switch i {
		case 40:
			f["company"] = "厦门茗香酒店管理有限公司"
		case 41:
			f["company"] = "内蒙古呼和浩特赛罕区茗香茶叶批发有限公司"
		}
		if _, err := st.AddCustomer(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	m := newTestModel(t, st, i18n.ZH, 200, 50)
	v := m.View()
	checkFrame(t, v, 200, 50)
	lines := strings.Split(ansi.Strip(v), "\n")
	row := func(name string) string {
		for _, l := range lines {
			if strings.Contains(l, name) {
				return l
			}
		}
		t.Fatalf("%s is not on the 200×50 screen:\n%s", name, ansi.Strip(v))
		return ""
	}
	if r := row("客户40"); !strings.Contains(r, "厦门茗香酒店管理有限公司 ") {
		t.Errorf("24-cell company cut at 200×50: %q", r)
	}
	// 30 cells: fourteen characters (28 cells), the ellipsis and a space.
	if r := row("客户41"); !strings.Contains(r, "内蒙古呼和浩特赛罕区茗香茶叶… ") {
		t.Errorf("company longer than the cap: %q", r)
	}
	// The header has the column as wide as its widest shown cell: the
	// label 公司 (4 cells), 26 spaces to 30 and the 1 between columns before the next column's label.
	if !strings.Contains(lines[0], "公司"+strings.Repeat(" ", 27)+"来源") {
		t.Errorf("header: %q", lines[0])
	}
}
