package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// complaintShop is the Chinese shop with two open complaints (王芳's logged
// 2026-03-01, 张伟's 2026-03-12) and one of 刘洋's already resolved.
func complaintShop(tb testing.TB) (*store.Store, []int64, []int64) {
	tb.Helper()
	st := newTestStore(tb)
	ids := seed(tb, st, chineseShop())
	ctx := context.Background()
	add := func(id int64, at, summary string) int64 {
		c, err := st.AddContact(ctx, id, store.ContactInput{At: at, Channel: "phone", Kind: "complaint", Summary: summary})
		if err != nil {
			tb.Fatal(err)
		}
		return c.ID
	}
	old := add(ids[5], "2026-02-20", "送货晚了两天")
	if _, err := st.ResolveComplaint(ctx, old, "已道歉并补送赠品"); err != nil {
		tb.Fatal(err)
	}
	first := add(ids[0], "2026-03-01", "茶叶受潮")
	second := add(ids[2], "2026-03-12", "发票开错")
	return st, ids, []int64{first, second, old}
}

func TestComplaintsListResolveAndUndo(t *testing.T) {
	st, _, cids := complaintShop(t)
	ctx := context.Background()
	m := newTestModel(t, st, i18n.ZH, 100, 30)
	press(t, m, "C")
	s, ok := m.top().(*complaintsScreen)
	if !ok {
		t.Fatalf("C opened %T, want the complaints list", m.top())
	}
	v := ansi.Strip(m.View())
	// open first, oldest first; days open as of 2026-03-15
	iWang, iZhang, iLiu := strings.Index(v, "王芳"), strings.Index(v, "张伟"), strings.Index(v, "刘洋")
	if iWang < 0 || iZhang < 0 || iLiu < 0 || !(iWang < iZhang && iZhang < iLiu) {
		t.Fatalf("want 王芳, 张伟 (open) then 刘洋 (resolved):\n%s", v)
	}
	if !strings.Contains(v, "14 天") || !strings.Contains(v, "3 天") {
		t.Errorf("days open (14 and 3) missing:\n%s", v)
	}
	if !strings.Contains(v, "共 3 条投诉，2 条未处理") {
		t.Errorf("title wrong:\n%s", v)
	}

	// an empty note is refused and writes nothing
	press(t, m, "x", "enter")
	if !strings.Contains(ansi.Strip(m.View()), "请写明是怎么处理的") {
		t.Errorf("empty note not refused:\n%s", ansi.Strip(m.View()))
	}
	typeText(t, m, "已退换新茶")
	press(t, m, "enter")
	open, err := st.Complaints(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].ID != cids[1] {
		t.Fatalf("after resolving 王芳's the open ones are %+v, want only #%d", open, cids[1])
	}
	v = ansi.Strip(m.View())
	if !strings.Contains(v, "共 3 条投诉，1 条未处理") || !strings.Contains(v, "已退换新茶") {
		t.Errorf("list not read again after resolving:\n%s", v)
	}
	if s.cur != 0 {
		t.Errorf("cursor moved to %d", s.cur)
	}
	// a resolved complaint cannot be resolved again
	press(t, m, "G", "x")
	if s.resolving {
		t.Error("the note prompt opened on a resolved complaint")
	}

	// the table's u opens it again
	press(t, m, "esc")
	if _, ok := m.top().(*tableScreen); !ok {
		t.Fatalf("esc left %T on top", m.top())
	}
	press(t, m, "u")
	open, err = st.Complaints(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 2 {
		t.Errorf("after u there are %d open complaints, want 2", len(open))
	}
}

func TestComplaintsCommandOpensTheList(t *testing.T) {
	st, _, _ := complaintShop(t)
	m := newTestModel(t, st, i18n.EN, 100, 30)
	command(t, m, "complaints")
	if _, ok := m.top().(*complaintsScreen); !ok {
		t.Fatalf(":complaints opened %T", m.top())
	}
	press(t, m, "enter")
	if d, ok := m.top().(*detailScreen); !ok || d.id == 0 {
		t.Fatalf("Enter on a complaint opened %T, want the customer's detail", m.top())
	}
}

func TestComplaintsGoldens(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			st, _, _ := complaintShop(t)
			m := newTestModel(t, st, lang, size[0], size[1])
			press(t, m, "C", "x")
			typeText(t, m, "refund")
			v := m.View()
			checkFrame(t, v, size[0], size[1])
			golden(t, "complaints_"+string(lang)+"_"+fmt.Sprintf("%dx%d", size[0], size[1]), v)
		}
	}
}

// The grade's service policy is shown where it is used: the detail's
// policy line and the purchase form's discount hint (A: 拜访 → 电话, 10%).
func TestPolicyShownInDetailAndPurchaseForm(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 120, 35)
	press(t, m, "f")
	typeText(t, m, "grade=A")
	press(t, m, "enter", "o")
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "服务：") || !strings.Contains(v, "拜访 → 电话") || !strings.Contains(v, "折扣 10%") {
		t.Errorf("detail of an A customer lacks its policy line:\n%s", v)
	}
	press(t, m, "p")
	v = ansi.Strip(m.View())
	if !strings.Contains(v, "A 级折扣：10%") {
		t.Errorf("purchase form lacks the grade's discount:\n%s", v)
	}
}
