package tiering

import (
	"strings"
	"testing"
)

// bought is a customer with one purchase in the window, first purchased
// firstDays ago and last 10 days ago, spending yuan.
func bought(firstDays int, yuan int64) Input {
	now := testNow()
	return Input{ID: 1, Purchases: 1, Frequency: 1, Monetary: yuan * 100,
		FirstPurchase: now.AddDate(0, 0, -firstDays), LastPurchase: now.AddDate(0, 0, -10)}
}

func TestLoyaltyScore(t *testing.T) {
	cases := []struct {
		name                     string
		firstDays                int // -1: never purchased
		months, refs, complaints int
		tenure, active, ref, pen int
		score                    int
	}{
		// 1 + 2 + 2 + 1 = 6, capped at 5
		{"old, busy, one referral", 800, 7, 1, 0, 2, 2, 1, 0, 5},
		// 1 + 1 + 1 − 1 = 2
		{"a year, a quarter, a complaint", 400, 3, 0, 1, 1, 1, 0, 1, 2},
		// 1 + 0 + 0 + 2 − 2 = 1
		{"new, three referrals, three complaints", 100, 2, 3, 3, 0, 0, 2, 2, 1},
		// 1 + 0 + 0 + 1 = 2: a prospect who referred someone
		{"prospect", -1, 0, 1, 0, 0, 0, 1, 0, 2},
		// 1 + 2 + 2 + 0 − 0 with 13 months claimed: counted as 12
		{"months capped", 365 * 3, 13, 0, 0, 2, 2, 0, 0, 5},
	}
	for _, c := range cases {
		in := Input{ActiveMonths: c.months, Referrals: c.refs, OpenComplaints: c.complaints}
		p := loyalty(&in, c.firstDays)
		if p.TenurePoints != c.tenure || p.ActivePoints != c.active || p.ReferralPoints != c.ref || p.Penalty != c.pen || p.Score != c.score {
			t.Errorf("%s: %+v", c.name, p)
		}
	}
}

// only weighs one dimension: R, F and M at 0.
func only() Rules {
	r := DefaultRules()
	r.WeightR, r.WeightF, r.WeightM = 0, 0, 0
	return r
}

func TestGradingByLoyaltyAlone(t *testing.T) {
	r := only()
	r.WeightLoyalty = 1
	in := bought(400, 50) // tenure 1 point
	in.ActiveMonths = 6   // 2 points
	// loyalty 1 + 1 + 2 = 4: (4 − 1) ÷ 4 × 100 = 75, grade B
	res := Grade(in, Cuts{}, r, testNow())
	if res.Score != 75 || res.Grade != "B" {
		t.Errorf("loyalty 4: %+v", res)
	}
	in.Referrals = 1 // loyalty 5: 100, grade A
	if res := Grade(in, Cuts{}, r, testNow()); res.Score != 100 || res.Grade != "A" {
		t.Errorf("loyalty 5: %+v", res)
	}
	// Weight 0 (the default): loyalty does not count however high.
	d := DefaultRules()
	plain := bought(400, 50)
	if a, b := Grade(in, Cuts{}, d, testNow()), Grade(plain, Cuts{}, d, testNow()); a != b {
		t.Errorf("loyalty counted at weight 0: %+v vs %+v", a, b)
	}
}

func TestGradingByANumberColumn(t *testing.T) {
	r := only()
	r.Extra = []ExtraDim{{Column: "credit", Weight: 1, Mode: DimThresholds, Thresholds: [4]float64{10, 20, 30, 40}}}
	for _, c := range []struct {
		v     ExtraValue
		score float64
		grade string
	}{
		{ExtraValue{Set: true, Num: 25}, 50, "C"},  // reaches 10 and 20: score 3
		{ExtraValue{Set: true, Num: 40}, 100, "A"}, // reaches all four: 5
		{ExtraValue{Set: true, Num: 9.99}, 0, "C"}, // none: 1
		{ExtraValue{}, 0, "C"},                     // empty: 1
	} {
		in := bought(30, 50)
		in.Extra = []ExtraValue{c.v}
		if res := Grade(in, Cuts{}, r, testNow()); res.Score != c.score || res.Grade != c.grade {
			t.Errorf("credit %+v: %+v", c.v, res)
		}
	}
}

func TestGradingByAChoiceColumn(t *testing.T) {
	r := only()
	r.Extra = []ExtraDim{{Column: "company_size", Weight: 2, Mode: DimChoice, Choices: map[string]int{"large": 5, "medium": 4, "small": 2}}}
	for v, want := range map[string]float64{"large": 100, "LARGE": 100, "medium": 75, "small": 25, "micro": 0} {
		in := bought(30, 50)
		in.Extra = []ExtraValue{{Set: true, Text: v}}
		if res := Grade(in, Cuts{}, r, testNow()); res.Score != want {
			t.Errorf("%s: score %v, want %v", v, res.Score, want)
		}
	}
}

func TestMixedWeightsAndExplain(t *testing.T) {
	r := DefaultRules()
	r.WeightR, r.WeightF, r.WeightM, r.WeightLoyalty = 0, 0, 1, 1
	r.M = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{100, 500, 2000, 10000}}
	r.Extra = []ExtraDim{{Column: "size", Weight: 2, Mode: DimChoice, Choices: map[string]int{"large": 5, "small": 2}}}
	in := bought(400, 3000) // M: 3000 yuan reaches 100, 500, 2000: 4
	in.OpenComplaints = 1   // loyalty 1 + 1 (tenure) − 1 = 1
	in.Extra = []ExtraValue{{Set: true, Text: "small"}}
	// (1×4 + 1×1 + 2×2) ÷ 4 = 2.25: (2.25 − 1) ÷ 4 × 100 = 31.25 → 31.3
	res := Grade(in, Cuts{}, r, testNow())
	if res.Score != 31.3 || res.Grade != "C" {
		t.Errorf("mixed: %+v", res)
	}
	ex := Explain(in, Cuts{}, r, testNow())
	if ex.Loyalty.Score != 1 || ex.LoyaltyWeight != 1 || len(ex.Extra) != 1 || ex.Extra[0].Score != 2 || ex.Extra[0].Value != "small" {
		t.Errorf("explanation: %+v %+v", ex.Loyalty, ex.Extra)
	}
	text := strings.Join(ex.Lines("en"), "\n")
	for _, want := range []string{
		"Loyalty: 1/5 = 1 + 1 (400 days since the first purchase) + 0 (0 of the last 12 months with a purchase) + 0 (0 referred) − 1 (1 open complaints), weight 1",
		"size: small → 2/5 (large=5, small=2), weight 2",
		"(0×3 + 0×3 + 1×4 + 1×1 + 2×2) ÷ 4 = 2.25", // R and F: 3, no ledger to compare with
	} {
		if !strings.Contains(text, want) {
			t.Errorf("explain lacks %q:\n%s", want, text)
		}
	}
	zh := strings.Join(ex.Lines("zh"), "\n")
	if !strings.Contains(zh, "忠诚度：1/5 分 = 1 + 1（首次购买至今 400 天）") || !strings.Contains(zh, "size：small → 2/5 分（large=5, small=2），权重 2") {
		t.Errorf("Chinese explain:\n%s", zh)
	}
}

func TestExtraDimensionValidation(t *testing.T) {
	cases := []struct {
		d    ExtraDim
		want string
	}{
		{ExtraDim{Column: "", Weight: 1, Mode: DimThresholds}, "extra[0].column must name a column"},
		{ExtraDim{Column: "x", Weight: -1, Mode: DimThresholds}, "extra[0].weight must be a number >= 0 (got -1)"},
		{ExtraDim{Column: "x", Weight: 1, Mode: "percentile"}, `extra[0].mode must be "thresholds", "quintile" or "choice" (got "percentile")`},
		{ExtraDim{Column: "x", Weight: 1, Mode: DimThresholds, Thresholds: [4]float64{5, 4, 6, 7}}, "extra[0].thresholds must not decrease (got 5, 4, 6, 7)"},
		{ExtraDim{Column: "x", Weight: 1, Mode: DimChoice, Choices: map[string]int{"a": 6}}, "extra[0].choices.a must be a score from 1 to 5 (got 6)"},
	}
	for _, c := range cases {
		r := DefaultRules()
		r.Extra = []ExtraDim{c.d}
		if err := r.Validate(); err == nil || !strings.Contains(en(err), c.want) {
			t.Errorf("%+v: %v, want %q", c.d, err, c.want)
		}
	}
	r := DefaultRules()
	r.WeightLoyalty = -0.5
	if err := r.Validate(); err == nil || !strings.Contains(en(err), "weight_loyalty must be a number >= 0 (got -0.5)") {
		t.Errorf("loyalty weight: %v", err)
	}
	r = only()
	r.WeightLoyalty = 1
	if err := r.Validate(); err != nil {
		t.Errorf("loyalty alone is a usable weighting: %v", err)
	}
}
