package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

func mustBuy(t *testing.T, st *Store, id int64, amount, product, date string) {
	t.Helper()
	if _, _, err := st.AddPurchase(context.Background(), id, PurchaseInput{Amount: amount, Product: product, Date: date}); err != nil {
		t.Fatalf("buy %s %s for %d: %v", amount, product, id, err)
	}
}

func TestFilterBought(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	wang := mustAdd(t, st, map[string]string{"name": "王芳"})
	li := mustAdd(t, st, map[string]string{"name": "李雷"})
	liu := mustAdd(t, st, map[string]string{"name": "刘洋"})
	zhang := mustAdd(t, st, map[string]string{"name": "张伟"})
	gone := mustAdd(t, st, map[string]string{"name": "已删除"})
	mustAdd(t, st, map[string]string{"name": "陈静", "notes": "想要龙井"}) // bought nothing
	mustBuy(t, st, wang, "300", "西湖龙井", "2026-10-01")
	mustBuy(t, st, wang, "50", "茶杯", "2026-10-02")
	mustBuy(t, st, li, "120", "龙井", "2026-09-01")
	mustBuy(t, st, liu, "80", "碧螺春 100%", "2026-09-01")
	mustBuy(t, st, zhang, "200", "龙井", "2026-08-01")
	mustBuy(t, st, zhang, "-200", "龙井", "2026-08-02") // refunded: still bought once
	mustBuy(t, st, gone, "99", "龙井", "2026-08-01")
	if err := st.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		expr string
		want []string
	}{
		{"bought~龙井", []string{"张伟", "李雷", "王芳"}},
		{"bought:龙井", []string{"张伟", "李雷", "王芳"}},
		{"买过~龙井", []string{"张伟", "李雷", "王芳"}},
		{"bought=龙井", []string{"张伟", "李雷"}},
		{"bought!~龙井", []string{"刘洋", "陈静"}},
		{"bought!=龙井", []string{"刘洋", "王芳", "陈静"}},
		{"bought~% ", []string{"刘洋"}}, // LIKE wildcards are literal
		{"bought~_", nil},
		{"bought~龙井 bought~茶杯", []string{"王芳"}},
		{"bought~龙井 -王", []string{"张伟", "李雷"}},
		{"Bought~碧螺春", []string{"刘洋"}},
	}
	for _, c := range cases {
		slices.Sort(c.want)
		if got := namesWhere(t, st, c.expr); !slices.Equal(got, c.want) {
			t.Errorf("%s keeps %q, want %q", c.expr, got, c.want)
		}
		n, err := st.Count(ctx, Query{Filter: c.expr})
		if err != nil {
			t.Fatal(err)
		}
		if n != len(c.want) {
			t.Errorf("Count(%s) = %d, want %d", c.expr, n, len(c.want))
		}
	}
	for _, bad := range []string{"bought>100", "bought="} {
		_, err := st.Count(ctx, Query{Filter: bad})
		var ie *i18n.Error
		if !errors.As(err, &ie) {
			t.Errorf("%s: want a translated error, got %v", bad, err)
		}
	}
}

func TestBoughtIsNotAColumnName(t *testing.T) {
	st := openTest(t)
	for _, name := range []string{"bought", "Bought", "买过"} {
		_, err := st.AddColumn(context.Background(), name, Text, nil)
		if !strings.Contains(i18n.Message(err, i18n.EN), "is a word of the filter language") {
			t.Errorf("AddColumn(%q) = %v", name, err)
		}
	}
	if _, ok := st.Column("bought"); ok {
		t.Error("a refused column was added")
	}
}
