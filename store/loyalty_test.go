package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/tiering"
)

// loyaltyOf reads the loyalty column of every customer through the query
// the table and export use, by name, and the filter's and sort's answers.
func loyaltyOf(t *testing.T, st *Store, filter string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := st.Each(context.Background(), Query{Columns: []string{"name", "loyalty"}, Filter: filter, Sort: []SortKey{{Key: "loyalty", Desc: true}}}, func(r Row) error {
		out[fmt.Sprint(r.Values[0])] = fmt.Sprint(r.Values[1])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The loyalty column, worked by hand on 2026-11-22 (the last 12 months
// run from 2025-11-23):
//
//	王芳  first bought 800 days ago: 2; one month of the last 12: 0;
//	      referred 李雷: 1; one open complaint: −1            → 3
//	李雷  first bought 362 days ago: 0; 7 months: 2         → 3
//	张伟  386 days: 1; 3 months (2025-11-01 is older): 1;
//	      referred 甲, 乙, 丙: 2                              → 5
//	甲    nothing                                            → 1
//	赵    two open complaints, floored at                     → 1
//
// Three days on, 李雷 has a year of tenure (+1) and his 2025-11-25
// purchase has left the last 12 months, leaving 6 (still 2): 4.
func TestLoyaltyColumnAsOfToday(t *testing.T) {
	ctx := context.Background()
	st, clk := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	buy := func(id int64, dates ...string) {
		t.Helper()
		for _, d := range dates {
			if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "100", Date: d}); err != nil {
				t.Fatal(err)
			}
		}
	}
	complain := func(id int64) {
		t.Helper()
		if _, err := st.AddContact(ctx, id, ContactInput{Channel: "phone", Kind: "complaint", Summary: "慢"}); err != nil {
			t.Fatal(err)
		}
	}
	wang := mustAdd(t, st, map[string]string{"name": "王芳"})
	buy(wang, "2024-09-13", "2026-11-12")
	complain(wang)
	li := mustAdd(t, st, map[string]string{"name": "李雷", "referred_by": "王芳"})
	buy(li, "2025-11-25", "2026-05-05", "2026-06-05", "2026-07-05", "2026-08-05", "2026-09-05", "2026-10-05")
	zhang := mustAdd(t, st, map[string]string{"name": "张伟"})
	buy(zhang, "2025-11-01", "2026-01-10", "2026-03-10", "2026-03-20", "2026-11-20")
	var bing int64
	for _, n := range []string{"甲", "乙", "丙"} {
		bing = mustAdd(t, st, map[string]string{"name": n, "referred_by": "张伟"})
	}
	zhao := mustAdd(t, st, map[string]string{"name": "赵"})
	complain(zhao)
	complain(zhao)

	want := map[string]string{"王芳": "3", "李雷": "3", "张伟": "5", "甲": "1", "乙": "1", "丙": "1", "赵": "1"}
	if got := loyaltyOf(t, st, ""); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("loyalty on 2026-11-22:\n got %v\nwant %v", got, want)
	}
	// The column says what tiers --explain says.
	for name, id := range map[string]int64{"王芳": wang, "李雷": li, "张伟": zhang, "赵": zhao} {
		ex, err := st.Explain(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(ex.Loyalty.Score) != want[name] {
			t.Errorf("%s: explain says %d, the column %s", name, ex.Loyalty.Score, want[name])
		}
	}
	if got := loyaltyOf(t, st, "loyalty>=4"); fmt.Sprint(got) != "map[张伟:5]" {
		t.Errorf("loyalty>=4 = %v, want only 张伟", got)
	}
	// Sorted by loyalty, highest first.
	var first string
	err := st.Each(ctx, Query{Columns: []string{"name"}, Sort: []SortKey{{Key: "loyalty", Desc: true}}}, func(r Row) error {
		if first == "" {
			first = fmt.Sprint(r.Values[0])
		}
		return nil
	})
	if err != nil || first != "张伟" {
		t.Errorf("sorted by loyalty, first = %q (%v), want 张伟", first, err)
	}
	// A referral deleted no longer counts: 张伟 has 2, one point.
	if err := st.Delete(ctx, bing); err != nil {
		t.Fatal(err)
	}
	if got := loyaltyOf(t, st, "name=张伟"); got["张伟"] != "4" {
		t.Errorf("张伟 after 丙 is deleted = %v, want 4", got)
	}
	// Three days on, with nothing written: the clock alone moves it.
	clk.t = agendaDay(t, "2026-11-25 09:00")
	if got := loyaltyOf(t, st, "loyalty>=4"); fmt.Sprint(got) != "map[张伟:4 李雷:4]" {
		t.Errorf("loyalty>=4 on 2026-11-25 = %v, want 张伟 4 and 李雷 4", got)
	}
	ex, err := st.Explain(ctx, li)
	if err != nil || ex.Loyalty.Score != 4 || ex.Loyalty.ActiveMonths != 6 || ex.Loyalty.TenurePoints != 1 {
		t.Errorf("李雷 explained on 2026-11-25: %+v %v", ex.Loyalty, err)
	}
	// Loyalty has a weight of its own: it cannot grade as a column too.
	if err := st.CheckDimensions(mustRulesWithColumn(t, st, "loyalty")); err == nil || !strings.Contains(err.Error(), "weights.loyalty") {
		t.Errorf("loyalty as a graded column: %v", err)
	}
}

func mustRulesWithColumn(t *testing.T, st *Store, col string) tiering.Rules {
	t.Helper()
	r, err := st.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r.Extra = []tiering.ExtraDim{{Column: col, Weight: 1, Mode: tiering.DimQuintile}}
	return r
}
