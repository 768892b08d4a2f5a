package store

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// profileLedger plants six live customers and a deleted one, as of
// fixedNow (2026-11-22; the 365-day window starts 2025-11-23):
//
//	王芳 A 展会   1000 on 2026-11-02, 500 on 2025-10-01 (before the window)  active
//	李雷 A 展会   3000 on 2026-06-15                                          dormant (160 days)
//	刘洋 A        200 on 2026-11-10, then a complaint                         new
//	张伟 B 转介绍 400 on 2025-06-01 (before the window)                        churned (539 days)
//	陈静 B 展会   no purchase; a complaint, then a call back                  prospect
//	赵敏 D        no purchase; a complaint                                    prospect
//	已删除 A      9999 on 2026-11-01, deleted
func profileLedger(t *testing.T) *Store {
	t.Helper()
	st := openTest(t)
	ctx := context.Background()
	add := func(name, source string) int64 {
		return mustAdd(t, st, map[string]string{"name": name, "source": source})
	}
	wang, li, liu, zhang := add("王芳", "展会"), add("李雷", "展会"), add("刘洋", ""), add("张伟", "转介绍")
	chen, zhao, gone := add("陈静", "展会"), add("赵敏", ""), add("已删除", "展会")
	mustBuy(t, st, wang, "1000", "龙井", "2026-11-02")
	mustBuy(t, st, wang, "500", "龙井", "2025-10-01")
	mustBuy(t, st, li, "3000", "礼盒", "2026-06-15")
	mustBuy(t, st, liu, "200", "茶杯", "2026-11-10")
	mustBuy(t, st, zhang, "400", "龙井", "2025-06-01")
	mustBuy(t, st, gone, "9999", "龙井", "2026-11-01")
	contact := func(id int64, at, kind string) {
		if _, err := st.AddContact(ctx, id, ContactInput{At: at, Channel: "phone", Kind: kind, Summary: "x"}); err != nil {
			t.Fatalf("contact %d: %v", id, err)
		}
	}
	contact(liu, "2026-11-12", "complaint")
	contact(chen, "2026-11-01", "complaint")
	contact(chen, "2026-11-05", "contact")
	contact(zhao, "2026-11-20", "complaint")
	contact(gone, "2026-11-20", "complaint")
	// Grades by hand: the profile reads them as stored.
	for id, g := range map[int64]string{wang: "A", li: "A", liu: "A", zhang: "B", chen: "B", zhao: "D", gone: "A"} {
		if _, err := st.db.ExecContext(ctx, "UPDATE customers SET grade = ? WHERE id = ?", g, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}
	return st
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestTierProfileByGrade(t *testing.T) {
	st := profileLedger(t)
	p, err := st.TierProfile(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Date != "2026-11-22" || p.By != "grade" || p.WindowStart != "2025-11-23" || p.Customers != 6 ||
		p.TotalSpend != 510000 || p.WindowSpend != 420000 {
		t.Fatalf("profile head = %+v", p)
	}
	if len(p.Groups) != 4 || p.Groups[0].Key != "A" || p.Groups[1].Key != "B" || p.Groups[2].Key != "C" || p.Groups[3].Key != "D" {
		t.Fatalf("groups = %+v", p.Groups)
	}
	a, b, c, d := p.Groups[0], p.Groups[1], p.Groups[2], p.Groups[3]
	// A: window spends 1000, 3000, 200 yuan; last purchases 20, 160, 12
	// days ago; first purchases 417, 160, 12 days ago.
	if a.Customers != 3 || !near(a.Share, 0.5) || a.Buyers != 3 || !near(a.AvgSpend, 140000) || !near(a.MedianSpend, 100000) ||
		!near(a.AvgFrequency, 1) || !near(a.AvgDaysSinceLast, 64) || !near(a.AvgTenureDays, 589.0/3) ||
		!near(a.ActiveShare, 1.0/3) || !near(a.NewShare, 1.0/3) || !near(a.DormantShare, 1.0/3) || a.ChurnedShare != 0 ||
		a.OpenComplaints != 1 || a.Spend != 470000 || !near(a.SpendShare, 47.0/51) {
		t.Errorf("A = %+v", a)
	}
	// B: 张伟 bought 539 days ago, outside the window; 陈静 never bought and
	// was called back after complaining.
	if b.Customers != 2 || !near(b.Share, 1.0/3) || b.Buyers != 1 || b.AvgSpend != 0 || b.MedianSpend != 0 || b.AvgFrequency != 0 ||
		!near(b.AvgDaysSinceLast, 539) || !near(b.AvgTenureDays, 539) || !near(b.ChurnedShare, 0.5) || b.ActiveShare != 0 ||
		b.OpenComplaints != 0 || b.Spend != 40000 || !near(b.SpendShare, 4.0/51) {
		t.Errorf("B = %+v", b)
	}
	if c.Customers != 0 || c.Share != 0 || c.Spend != 0 {
		t.Errorf("C = %+v", c)
	}
	if d.Customers != 1 || d.Buyers != 0 || d.AvgDaysSinceLast != 0 || d.OpenComplaints != 1 || d.Spend != 0 {
		t.Errorf("D = %+v", d)
	}
}

func TestTierProfileBySourceAndBadGrouping(t *testing.T) {
	st := profileLedger(t)
	p, err := st.TierProfile(context.Background(), "source")
	if err != nil {
		t.Fatal(err)
	}
	// 展会: 王芳, 李雷, 陈静 (window 1000, 3000, 0); 转介绍: 张伟; unset:
	// 刘洋, 赵敏 (200, 0): the even group's median is the middle pair's mean.
	if len(p.Groups) != 3 {
		t.Fatalf("groups = %+v", p.Groups)
	}
	fair, ref, none := p.Groups[0], p.Groups[1], p.Groups[2]
	if fair.Key != "展会" || fair.Customers != 3 || !near(fair.MedianSpend, 100000) || !near(fair.AvgSpend, 400000.0/3) {
		t.Errorf("展会 = %+v", fair)
	}
	if ref.Key != "转介绍" || ref.Customers != 1 || ref.MedianSpend != 0 || !near(ref.ChurnedShare, 1) {
		t.Errorf("转介绍 = %+v", ref)
	}
	if none.Key != "" || none.Customers != 2 || !near(none.MedianSpend, 10000) || none.OpenComplaints != 2 {
		t.Errorf("unset = %+v", none)
	}
	// (owner became a grouping with the staff list; city is none.)
	_, err = st.TierProfile(context.Background(), "city")
	var ie *i18n.Error
	if !errors.As(err, &ie) || !strings.Contains(i18n.Message(err, i18n.EN), `cannot group by "city"`) {
		t.Errorf("by city: %v", err)
	}
}

// TestTierProfileMedianPassesAgree checks the one-pass median, taken when
// there are too many groups to read one by one, on the planted sources.
func TestTierProfileMedianPassesAgree(t *testing.T) {
	st := profileLedger(t)
	byKey := map[string]*ProfileRow{"展会": {Customers: 3}, "转介绍": {Customers: 1}, "": {Customers: 2}}
	if err := st.profileMediansWindowed(context.Background(), "source", windowSpendSQL, "2025-11-23", BySource, byKey); err != nil {
		t.Fatal(err)
	}
	if byKey["展会"].MedianSpend != 100000 || byKey["转介绍"].MedianSpend != 0 || byKey[""].MedianSpend != 10000 {
		t.Errorf("medians: 展会 %v, 转介绍 %v, unset %v", byKey["展会"].MedianSpend, byKey["转介绍"].MedianSpend, byKey[""].MedianSpend)
	}
}
