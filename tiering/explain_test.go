package tiering

import (
	"math"
	"strings"
	"testing"
)

func TestExplainMatchesGrade(t *testing.T) {
	cuts := Cuts{R: [4]float64{80, 60, 40, 20}, F: [4]float64{3, 5, 7, 9}, M: [4]float64{300, 500, 700, 900}, AvgR: 55, AvgF: 5.5, AvgM: 550, N: 10}
	in := buyer(12, 6, 123450)
	in.ID, in.Potential = 42, 3
	rules := DefaultRules()
	rules.Labels["A"] = "VIP"
	e := Explain(in, cuts, rules, testNow())
	g := Grade(in, cuts, rules, testNow())
	if e.Grade != g.Grade || e.Score != g.Score || e.R.Score != g.R || e.F.Score != g.F || e.M.Score != g.M ||
		e.Segment != g.Segment || e.Stage != g.Stage {
		t.Fatalf("explanation %+v disagrees with grade %+v", e, g)
	}
	// R 12 days → 5, F 6 → 3, M ¥1234.50 → 5: (1.5+0.9+2)/1 = 4.4 → 85; +6 → 91.
	if e.ID != 42 || e.R.Value != 12 || e.F.Value != 6 || e.M.Value != 1234.5 || e.Monetary != 123450 ||
		e.R.Score != 5 || e.F.Score != 3 || e.M.Score != 5 ||
		math.Abs(e.Base-85) > 1e-9 || e.Bonus != 6 || e.Score != 91 || e.Grade != "A" || e.Label != "VIP" || e.Rule != RuleGradeA ||
		e.R.Basis != BasisQuintile || e.R.Cuts != cuts.R || e.M.Cuts != cuts.M || e.WeightSum != 1 ||
		e.R.Weight != 0.3 || e.M.Weight != 0.4 || !e.R.High || !e.F.High || !e.M.High || e.Segment != SegImportantValue ||
		e.DaysSinceLast != 12 || e.DaysSinceFirst != 212 || e.DormantAfter != 90 || e.Stage != StageActive || e.N != 10 {
		t.Errorf("explanation %+v", e)
	}
	abs := Explain(in, cuts, absRules(), testNow())
	if abs.R.Basis != BasisAbsolute || abs.R.Cuts != absRules().R.Thresholds || abs.M.Cuts != absRules().M.Thresholds {
		t.Errorf("absolute explanation %+v", abs)
	}
}

func TestExplainLines(t *testing.T) {
	cuts := Cuts{R: [4]float64{80, 60, 40, 20}, F: [4]float64{3, 5, 7, 9}, M: [4]float64{300, 500, 700, 900}, AvgR: 55, AvgF: 5.5, AvgM: 550, N: 10}
	active := buyer(12, 6, 123450)
	active.Potential = 3
	pinned := active
	pinned.Pinned = "c"
	capped := buyer(1, 20, 9_999_999)
	capped.Potential = 5
	lapsed := Input{Purchases: 4, FirstPurchase: ago(800), LastPurchase: ago(400)}
	dormant := buyer(150, 1, 5000)
	dormant.MedianGapDays = 40
	newbie := Input{Purchases: 1, Frequency: 1, Monetary: 9900, FirstPurchase: ago(5), LastPurchase: ago(5)}
	prospect := Input{Potential: 2}
	rulesVIP := DefaultRules()
	rulesVIP.Labels["A"] = "VIP"

	tests := []struct {
		name  string
		in    Input
		cuts  Cuts
		rules Rules
		en    []string // substrings that must appear in the English lines
		zh    []string // and in the Chinese lines
	}{
		{"active A", active, cuts, rulesVIP,
			[]string{"Grade A (VIP): score 91.0 ≥ 80", "12 days since the last purchase → 5/5, weight 0.3", "quintile cut points: ≤80 days → 2, ≤60 days → 3, ≤40 days → 4, ≤20 days → 5",
				"6 purchases in the last 365 days → 3/5", "≥3 → 2", "¥1,234.50 spent in the last 365 days → 5/5, weight 0.4", "≥¥900.00 → 5",
				"(0.3×5 + 0.3×3 + 0.4×5) ÷ 1 = 4.40", "(4.40 − 1) ÷ 4 × 100 = 85.0", "Potential 3★: +3/5 × 10 = +6.0 → 91.0",
				"Important value", "R 12 days < average 55.0", "F 6 > average 5.5", "M ¥1,234.50 > average ¥550.00",
				"Active", "last purchase 12 days ago (dormant after 90 days"},
			[]string{"等级 A（VIP）：得分 91.0 ≥ 80", "距上次购买 12 天 → 5/5 分，权重 0.3", "五分位切点：≤80 天 得 2 分", "近 365 天购买 6 次 → 3/5 分",
				"近 365 天消费 ¥1,234.50 → 5/5 分，权重 0.4", "≥¥900.00 得 5 分", "(0.3×5 + 0.3×3 + 0.4×5) ÷ 1 = 4.40", "= 85.0",
				"潜力 3 星：+3/5 × 10 = +6.0 → 91.0", "重要价值", "R 12 天 < 平均 55.0 天", "F 6 次 > 平均 5.5 次", "M ¥1,234.50 > 平均 ¥550.00", "活跃"}},
		{"pinned", pinned, cuts, DefaultRules(),
			[]string{"Grade C: pinned by the owner (the score 91.0 alone gives A)"},
			[]string{"等级 C：已手动固定（仅按得分 91.0 应为 A）"}},
		{"capped", capped, cuts, DefaultRules(),
			[]string{"+5/5 × 10 = +10.0 → 110.0, capped at 100", "Grade A: score 100.0"},
			[]string{"→ 110.0，封顶 100"}},
		{"lapsed", lapsed, cuts, DefaultRules(),
			[]string{"Grade C: score 0.0 < 60", "400 days since the last purchase, outside the 365-day window → 1/5", "(no purchase in the window)",
				"Segment: none (no purchase in the last 365 days)", "Churned — no purchase for 400 days (≥ 365)"},
			[]string{"距上次购买 400 天，不在近 365 天内 → 1/5 分", "分群：无（近 365 天没有购买）", "流失 — 已 400 天未购买（≥ 365 天）"}},
		{"dormant", dormant, cuts, DefaultRules(),
			[]string{"Dormant — no purchase for 150 days (> 120 days = max(90, 3 × median gap 40.0 days))", "1 purchase in the last", "R 150 days ≥ average 55.0", "F 1 ≤ average 5.5", "M ¥50.00 ≤ average ¥550.00", "General to retain"},
			[]string{"沉睡 — 已 150 天未购买（> 120 天 = max(90, 3 × 中位间隔 40.0 天)）", "一般挽留"}},
		{"new, empty ledger", newbie, Cuts{}, DefaultRules(),
			[]string{"→ 3/5, weight 0.3 (no customers in the window to compare with: middle score)", "New — first purchase 5 days ago (< 30)", "¥99.00"},
			[]string{"窗口内没有其他客户可比", "新客 — 首次购买于 5 天前（< 30 天）"}},
		{"absolute", active, cuts, absRules(),
			[]string{"thresholds: ≤180 days → 2, ≤90 days → 3, ≤30 days → 4, ≤7 days → 5", "≥¥10,000.00 → 5", "≥10 → 5"},
			[]string{"固定阈值：≤180 天 得 2 分", "≥10 次 得 5 分"}},
		{"unreached cuts", newbie, ComputeCuts([]Input{newbie, newbie}, DefaultRules(), testNow()), DefaultRules(),
			[]string{"≥1 → 3, 4 not reached, 5 not reached", "≥¥99.00 → 3"},
			[]string{"4 分无人达到"}},
		{"prospect", prospect, cuts, DefaultRules(),
			[]string{"Grade D: no purchase yet", "not scored", "potential only, 2★ × 10 ÷ 5 = 4.0 → 4.0", "Segment: none (no purchase yet)", "Prospect"},
			[]string{"等级 D：尚未购买", "仅潜力 2 星 × 10 ÷ 5 = 4.0", "潜在"}},
	}
	for _, tc := range tests {
		e := Explain(tc.in, tc.cuts, tc.rules, testNow())
		for lang, wants := range map[string][]string{"en": tc.en, "zh": tc.zh} {
			text := strings.Join(e.Lines(lang), "\n")
			for _, w := range wants {
				if !strings.Contains(text, w) {
					t.Errorf("%s, %s: lines lack %q:\n%s", tc.name, lang, w, text)
				}
			}
			if lang == "zh" && strings.Contains(text, "Grade") || lang == "en" && strings.Contains(text, "等级") {
				t.Errorf("%s, %s: wrong language:\n%s", tc.name, lang, text)
			}
		}
	}
}
