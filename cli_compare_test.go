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
		Customers int `json:"customers"`
		Groups    []struct {
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
	for _, want := range []string{"Tier profile 2026-11-22 by source — 4 customers; window from 2025-11-23", "median spend (window)", "¥1,000.00", "539.0"} {
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
	// (owner became a grouping with the staff list; city is none.)
	l.fails(2, []string{`cannot group by "city"`, "grade, segment, source, industry, owner"}, "tiers", "--compare", "--by", "city")
	l.fails(2, []string{"不能按 \"city\" 分组"}, "--lang", "zh", "tiers", "--compare", "--by", "city")
	if out := l.ok("tiers", "--compare", "--by", "owner"); !strings.Contains(out, "Tier profile 2026-11-22 by owner — 4 customers") {
		t.Errorf("by owner:\n%s", out)
	}
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

// TestTiersHistoryAsOfEachMonthEnd plants, on their own days: 王芳 added
// pinned A on 2026-09-10 buying 100 that day and 50 on 2026-11-20; 李雷
// added pinned B on 2026-10-15 buying 300 that day. Two months: October
// (09-30 → 10-31) and November (10-31 → today, 11-22).
func TestTiersHistoryAsOfEachMonthEnd(t *testing.T) {
	l := newLedger(t)
	sep := l.withNow("2026-09-10 10:00:00")
	sep.ok("add", "王芳", "--set", "pinned=A")
	sep.ok("buy", "王芳", "--amount", "100", "--date", "2026-09-10")
	oct := l.withNow("2026-10-15 10:00:00")
	oct.ok("add", "李雷", "--set", "pinned=B")
	oct.ok("buy", "李雷", "--amount", "300", "--date", "2026-10-15")
	l.ok("buy", "王芳", "--amount", "50", "--date", "2026-11-20")
	var h struct {
		Date   string `json:"date"`
		Months []struct {
			Month  string `json:"month"`
			Grades []struct {
				StartN     int      `json:"start"`
				NewN       int      `json:"new"`
				EndN       int      `json:"end"`
				SpendN     int64    `json:"spend"`
				PrevN      int64    `json:"prev_spend"`
				GrowthP    *float64 `json:"spend_growth"`
				RetentionP *float64 `json:"retention"`
			} `json:"grades"`
		} `json:"months"`
		Matrix struct {
			From   string  `json:"from"`
			To     string  `json:"to"`
			Counts [][]int `json:"counts"`
		} `json:"matrix"`
	}
	if err := json.Unmarshal([]byte(l.ok("tiers", "--history", "--months", "2", "--json")), &h); err != nil {
		t.Fatal(err)
	}
	if h.Date != "2026-11-22" || len(h.Months) != 2 || h.Months[0].Month != "2026-10" || h.Months[1].Month != "2026-11" {
		t.Fatalf("history = %+v", h)
	}
	octA, octB := h.Months[0].Grades[0], h.Months[0].Grades[1]
	// October: 王芳 is A at the start and spent 0 (100 in September).
	if octA.StartN != 1 || octA.EndN != 1 || octA.SpendN != 0 || octA.PrevN != 10000 || octA.GrowthP == nil || *octA.GrowthP != -1 ||
		octA.RetentionP == nil || *octA.RetentionP != 1 {
		t.Errorf("October A = %+v", octA)
	}
	if octB.StartN != 0 || octB.NewN != 1 || octB.EndN != 1 || octB.RetentionP != nil {
		t.Errorf("October B = %+v", octB)
	}
	novA, novB := h.Months[1].Grades[0], h.Months[1].Grades[1]
	if novA.StartN != 1 || novA.SpendN != 5000 || novA.PrevN != 0 || novA.GrowthP != nil {
		t.Errorf("November A = %+v", novA)
	}
	if novB.StartN != 1 || novB.SpendN != 0 || novB.PrevN != 30000 || novB.GrowthP == nil || *novB.GrowthP != -1 {
		t.Errorf("November B = %+v", novB)
	}
	// 李雷 was not a customer on 09-30.
	if h.Matrix.From != "2026-09-30" || h.Matrix.To != "2026-11-22" || h.Matrix.Counts[0][0] != 1 || h.Matrix.Counts[1][1] != 0 {
		t.Errorf("matrix = %+v", h.Matrix)
	}
	en := l.ok("tiers", "--history", "--months", "2")
	for _, want := range []string{"Tier history to 2026-11-22 — last 2 months", "2026-10 (2026-09-30 → 2026-10-31)", "Grade migration 2026-09-30 → 2026-11-22"} {
		if !strings.Contains(en, want) {
			t.Errorf("en output lacks %q:\n%s", want, en)
		}
	}
	zh := l.ok("--lang", "zh", "tiers", "--history", "--months", "2", "--from", "2026-10")
	for _, want := range []string{"分级变化至 2026-11-22 — 最近 2 个月", "等级迁移 2026-10-31 → 2026-11-22"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh output lacks %q:\n%s", want, zh)
		}
	}
	l.fails(2, []string{"--months must be between 1 and 120 (got 0)"}, "tiers", "--history", "--months", "0")
	l.fails(2, []string{"--months, --from and --to go with --history"}, "tiers", "--months", "3")
	l.fails(2, []string{"--compare and --history"}, "tiers", "--history", "--compare")
	l.fails(1, []string{`月份 "2026-01" 不在范围内`, "2026-09 到 2026-11"}, "--lang", "zh", "tiers", "--history", "--months", "2", "--from", "2026-01")
}
