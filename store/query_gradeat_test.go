package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// TestFilterGradeAt reads grades at past month ends from the planted
// history (see historyLedger): each set is written by hand from the story,
// and a migration's two terms keep exactly the customers the matrix counts
// in that cell (陈静, in the trash, is in no table).
func TestFilterGradeAt(t *testing.T) {
	st := historyLedger(t)
	cases := []struct {
		expr string
		want []string
	}{
		{"grade@2026-08=A", []string{"王芳"}},
		{"grade@2026-08=B", []string{"李雷"}},
		{"grade@2026-08=C", []string{"刘洋"}},
		{"grade@2026-08=D", nil}, // 张伟 and 赵敏 came later
		{"grade@2026-09=A", []string{"李雷", "王芳", "赵敏"}},
		{"grade@2026-09=D", nil},
		{"grade@2026-10=B", []string{"王芳"}},
		{"grade@2026-10=D", []string{"张伟"}},
		{"grade@2026-11-11=C", []string{"刘洋", "王芳"}}, // 王芳 C from 11-10 to 11-12
		{"grade@2026-11=C", []string{"刘洋"}},          // the running month ends today
		{"grade@2026-11=B", []string{"王芳"}},
		{"grade@2026-08=A grade@2026-11=B", []string{"王芳"}},
		{"grade@2026-08=B grade@2026-11=A", []string{"李雷"}},
		{"grade@2026-08=C grade@2026-11=C", []string{"刘洋"}},
		{"grade@2026-08=A grade@2026-11=A", nil},
		{"grade@2026-09=A grade@2026-10=A", []string{"李雷", "赵敏"}},
		{"grade@2026-09=A,C", []string{"刘洋", "李雷", "王芳", "赵敏"}},
		{"grade@2026-08!=A", []string{"刘洋", "李雷"}}, // not who was no customer yet
		{"grade@2026-08=a", []string{"王芳"}},
	}
	for _, c := range cases {
		slices.Sort(c.want)
		if got := namesWhere(t, st, c.expr); !slices.Equal(got, c.want) {
			t.Errorf("%s keeps %q, want %q", c.expr, got, c.want)
		}
	}
	for _, bad := range []string{"grade@2026-12=A", "grade@2027-01-01=A", "grade@2026-13=A", "grade@soon=A", "name@2026-08=A", "grade@2026-08>A", "grade@2026-08=E", "grade@2026-08="} {
		_, err := st.Count(context.Background(), Query{Filter: bad})
		var ie *i18n.Error
		if !errors.As(err, &ie) {
			t.Errorf("%s: want a translated error, got %v", bad, err)
		}
	}
}

// TestProductStatsAndTopProducts plants purchases by hand: a repeat buyer,
// a refund (no purchase of anything), a customer in the trash and one
// without a product name.
func TestProductStatsAndTopProducts(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	wang := mustAdd(t, st, map[string]string{"name": "王芳"})
	li := mustAdd(t, st, map[string]string{"name": "李雷"})
	zhang := mustAdd(t, st, map[string]string{"name": "张伟"})
	gone := mustAdd(t, st, map[string]string{"name": "已删除"})
	mustBuy(t, st, wang, "300", "龙井", "2026-10-01")
	mustBuy(t, st, wang, "100", "龙井", "2026-10-05")
	mustBuy(t, st, wang, "50", "茶杯", "2026-10-02")
	mustBuy(t, st, wang, "20", "", "2026-10-03")
	mustBuy(t, st, li, "120", "龙井", "2026-09-01")
	mustBuy(t, st, zhang, "200", "龙井", "2026-08-01")
	mustBuy(t, st, zhang, "-200", "龙井", "2026-08-02")
	mustBuy(t, st, gone, "99", "龙井", "2026-08-01")
	mustBuy(t, st, gone, "99", "普洱", "2026-08-01")
	if err := st.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}
	pinTo(t, st, wang, "A")
	pinTo(t, st, li, "B")
	pinTo(t, st, zhang, "B")
	rep, err := st.ProductStats(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		name                     string
		customers, repeat, lines int
		spend                    int64
		grades                   [4]int
	}
	var got []row
	for _, p := range rep.Products {
		got = append(got, row{p.Product, p.Customers, p.Repeat, p.Purchases, p.Spend, [4]int(p.ByGrade)})
	}
	want := []row{
		{"龙井", 3, 1, 4, 72000, [4]int{1, 2, 0, 0}},
		{"茶杯", 1, 0, 1, 5000, [4]int{1, 0, 0, 0}},
	}
	if !slices.Equal(got, want) || rep.Spend != 77000 || rep.Customers != 3 || rep.More != 0 {
		t.Errorf("products = %+v\nwant %+v", rep, want)
	}
	// What a product's row opens keeps exactly its buyers.
	if names := namesWhere(t, st, "bought=龙井"); !slices.Equal(names, []string{"张伟", "李雷", "王芳"}) {
		t.Errorf("bought=龙井 keeps %q", names)
	}
	rep, err = st.ProductStats(ctx, 1)
	if err != nil || len(rep.Products) != 1 || rep.Products[0].Product != "龙井" || rep.More != 1 {
		t.Errorf("limit 1 = %+v, %v", rep, err)
	}
	top, err := st.TopProducts(ctx, wang, 5)
	wantTop := []CustomerProduct{{"龙井", 2, 40000, "2026-10-05"}, {"茶杯", 1, 5000, "2026-10-02"}}
	if err != nil || !slices.Equal(top, wantTop) {
		t.Errorf("top products = %+v, %v", top, err)
	}
	top, err = st.TopProducts(ctx, zhang, 1)
	if err != nil || !slices.Equal(top, []CustomerProduct{{"龙井", 1, 20000, "2026-08-01"}}) {
		t.Errorf("zhang's top = %+v, %v", top, err)
	}
}
