package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// compareLedger plants, as of fixedDay (2026-11-22; the window starts
// 2025-11-23): 王芳 (展会) 1000 on 2026-11-02 and 500 on 2025-10-01; 李雷
// (展会) 3000 on 2026-06-15; 张伟 (转介绍) 400 on 2025-06-01; 陈静 (展会)
// nothing, and a complaint.
func compareLedger(t *testing.T) *ledger {
	t.Helper()
	l := newLedger(t)
	l.ok("add", "王芳", "--set", "source=展会")
	l.ok("add", "李雷", "--set", "source=展会")
	l.ok("add", "张伟", "--set", "source=转介绍")
	l.ok("add", "陈静", "--set", "source=展会")
	l.ok("buy", "王芳", "--amount", "1000", "--product", "西湖龙井", "--date", "2026-11-02")
	l.ok("buy", "王芳", "--amount", "500", "--product", "茶杯", "--date", "2025-10-01")
	l.ok("buy", "李雷", "--amount", "3000", "--product", "礼盒", "--date", "2026-06-15")
	l.ok("buy", "张伟", "--amount", "400", "--product", "龙井", "--date", "2025-06-01")
	l.ok("log", "陈静", "--channel", "电话", "--kind", "complaint", "--note", "茶叶受潮")
	return l
}

func TestTiersCompareBySource(t *testing.T) {
	l := compareLedger(t)
	var p struct {
		Date, By, WindowStart string `json:"-"`
		Customers             int    `json:"customers"`
		Groups                []struct {
			Key              string  `json:"key"`
			Customers        int     `json:"customers"`
			Buyers           int     `json:"buyers"`
			AvgSpend         float64 `json:"avg_spend"`
			MedianSpend      float64 `json:"median_spend"`
			AvgDaysSinceLast float64 `json:"avg_days_since_last"`
			OpenComplaints   int     `json:"open_complaints"`
			Spend            int64   `json:"spend"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(l.ok("tiers", "--compare", "--by", "source", "--json")), &p); err != nil {
		t.Fatal(err)
	}
	if p.Customers != 4 || len(p.Groups) != 2 {
		t.Fatalf("profile = %+v", p)
	}
	// 展会: window spends 1000, 3000, 0 yuan → average 4000/3, median 1000;
	// last purchases 20 and 160 days ago.
	fair, ref := p.Groups[0], p.Groups[1]
	if fair.Key != "展会" || fair.Customers != 3 || fair.Buyers != 2 || fair.MedianSpend != 100000 ||
		fair.AvgSpend < 133333.33 || fair.AvgSpend > 133333.34 || fair.AvgDaysSinceLast != 90 || fair.OpenComplaints != 1 || fair.Spend != 450000 {
		t.Errorf("展会 = %+v", fair)
	}
	if ref.Key != "转介绍" || ref.Customers != 1 || ref.AvgSpend != 0 || ref.AvgDaysSinceLast != 539 || ref.Spend != 40000 {
		t.Errorf("转介绍 = %+v", ref)
	}
	en := l.ok("tiers", "--compare", "--by", "source")
	for _, want := range []string{"Tier profile 2026-11-22 by source — 4 customers; window from 2025-11-23", "median spend (window)", "1000.00", "539.0"} {
		if !strings.Contains(en, want) {
			t.Errorf("en output lacks %q:\n%s", want, en)
		}
	}
	zh := l.ok("--lang", "zh", "tiers", "--compare")
	for _, want := range []string{"分级对比 2026-11-22（按等级）— 共 4 位客户", "窗口内消费中位数", "未跟进的投诉"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh output lacks %q:\n%s", want, zh)
		}
	}
	l.fails(2, []string{`cannot group by "owner"`, "grade, segment, source, industry"}, "tiers", "--compare", "--by", "owner")
	l.fails(2, []string{"不能按 \"owner\" 分组"}, "--lang", "zh", "tiers", "--compare", "--by", "owner")
	l.fails(2, []string{"--by goes with --compare"}, "tiers", "--by", "grade")
}

func TestBoughtFilterInExportAndCounts(t *testing.T) {
	l := compareLedger(t)
	rows := csvRows(t, l.ok("export", "--header", "keys", "--columns", "name", "--where", "bought~龙井", "--sort", "name"))
	if len(rows) != 3 || rows[1][0] != "张伟" || rows[2][0] != "王芳" {
		t.Errorf("bought~龙井 exports %q", rows)
	}
	rows = csvRows(t, l.ok("export", "--header", "keys", "--columns", "name", "--where", "bought!~龙井 source=展会", "--sort", "name"))
	if len(rows) != 3 || rows[1][0] != "李雷" || rows[2][0] != "陈静" {
		t.Errorf("bought!~龙井 source=展会 exports %q", rows)
	}
	l.fails(1, []string{"term 1", "bought>1", `operator ">"`}, "export", "--where", "bought>1")
}
