package tiering

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/kehu-app/kehu/i18n"
)

// Every problem Validate can report has a code with a message in English
// and in Chinese that uses all its arguments; the cases below reach every
// code, so a code added without a case (or a message) fails here.
func TestEveryRuleErrorCodeSpeaksBothLanguages(t *testing.T) {
	cases := []struct {
		code, field string
		edit        func(*Rules)
		en, zh      string
	}{
		{CodeDaysRange, "window_days", func(r *Rules) { r.WindowDays = 0 },
			"window_days must be between 1 and 3650 days (got 0)", "window_days 必须在 1 到 3650 天之间（现为 0）"},
		{CodeNegative, "weight_m", func(r *Rules) { r.WeightM = -2 },
			"weight_m must be a number >= 0 (got -2)", "weight_m 必须是不小于 0 的数字（现为 -2）"},
		{CodeThresholdNegative, "f.thresholds[0]", func(r *Rules) { r.F = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{-1, 2, 3, 4}} },
			"f.thresholds[0] must be >= 0 (got -1)", "f.thresholds[0] 不能小于 0（现为 -1）"},
		{CodeNotFinite, "m.thresholds[2]", func(r *Rules) { r.M = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{1, 2, math.Inf(1), 4}} },
			"m.thresholds[2] must be a finite number (got +Inf)", "m.thresholds[2] 必须是有限的数字（现为 +Inf）"},
		{CodeWeightsZero, "weights", func(r *Rules) { r.WeightR, r.WeightF, r.WeightM = 0, 0, 0 },
			"weights: weight_r, weight_f, weight_m, weight_loyalty and the graded columns' weights must not all be 0", "weights：weight_r、weight_f、weight_m、weight_loyalty 与参与评级各列的权重不能全为 0"},
		{CodeBonusRange, "potential_bonus", func(r *Rules) { r.PotentialBonus = 120 },
			"potential_bonus must be between 0 and 100 points (got 120)", "potential_bonus 必须在 0 到 100 分之间（现为 120）"},
		{CodeScoreRange, "grade_a", func(r *Rules) { r.GradeA = 101 },
			"grade_a must be a score between 0 and 100 (got 101)", "grade_a 必须是 0 到 100 之间的分数（现为 101）"},
		{CodeLinesOrder, "grade_b", func(r *Rules) { r.GradeA, r.GradeB = 50, 70 },
			"grade_b (70) must not be above grade_a (50)", "grade_b（70）不能高于 grade_a（50）：B 级分数线不能高于 A 级"},
		{CodeDimMode, "r.mode", func(r *Rules) { r.R.Mode = "median" },
			`r.mode must be "quintile" or "absolute" (got "median")`, `r.mode 必须是 "quintile"（按五分位）或 "absolute"（按固定阈值）（现为 "median"）`},
		{CodeThresholdsDown, "r.thresholds", func(r *Rules) { r.R = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{7, 30, 90, 180}} },
			"r.thresholds must not increase: they are days since the last purchase, from score 2 (oldest) to score 5 (most recent), e.g. 180, 90, 30, 7 (got 7, 30, 90, 180)",
			"r.thresholds 不能递增：它们是距上次购买的天数，从 2 分（最久）到 5 分（最近），如 180, 90, 30, 7（现为 7, 30, 90, 180）"},
		{CodeThresholdsUp, "extra[0].thresholds", func(r *Rules) {
			r.Extra = []ExtraDim{{Column: "credit", Weight: 1, Mode: DimThresholds, Thresholds: [4]float64{9, 8, 7, 6}}}
		}, "extra[0].thresholds must not decrease (got 9, 8, 7, 6): from score 2 (lowest) to score 5 (highest)", "extra[0].thresholds 不能递减（现为 9, 8, 7, 6）：从 2 分（最低）到 5 分（最高）"},
		{CodeUnknownGrade, "colors", func(r *Rules) { r.Colors["E"] = "#fff" },
			`colors: unknown grade "E" (use A, B, C or D)`, `colors：未知等级 "E"（请用 A、B、C 或 D）`},
		{CodeUTF8, "labels.C", func(r *Rules) { r.Labels["C"] = "\xff" },
			"labels.C is not valid UTF-8", "labels.C 不是有效的 UTF-8 文字"},
		{CodeTooLong, "policies.B.owner", func(r *Rules) { r.Policies["B"] = Policy{Owner: strings.Repeat("王", 33)} },
			"policies.B.owner must be at most 32 characters (got 33)", "policies.B.owner 最多 32 个字符（现为 33 个）"},
		{CodeControl, "labels.A", func(r *Rules) { r.Labels["A"] = "V\tIP" },
			"labels.A must not contain control characters such as newlines or tabs", "labels.A 不能包含换行、制表符等控制字符"},
		{CodeColor, "colors.B", func(r *Rules) { r.Colors["B"] = "green" },
			`colors.B must be a hex colour like #d4a017 or #fa0 (got "green")`, `colors.B 必须是十六进制颜色，如 #d4a017 或 #fa0（现为 "green"）`},
		{CodeModel, "churn_model", func(r *Rules) { r.ChurnModel = "pareto/nbd" },
			`churn_model must be "bg/nbd" or "mbg/nbd" (got "pareto/nbd")`, `churn_model 必须是 "bg/nbd" 或 "mbg/nbd"（现为 "pareto/nbd"）`},
		{CodeProbability, "churn_p_alive", func(r *Rules) { r.ChurnPAlive = 1 },
			"churn_p_alive must be a probability above 0 and below 1 (got 1)", "churn_p_alive 必须是大于 0 且小于 1 的概率（现为 1）"},
		{CodeShare, "churn_top_share", func(r *Rules) { r.ChurnTopShare = 0 },
			"churn_top_share must be a share above 0 and at most 1 (got 0)", "churn_top_share 必须是大于 0 且不超过 1 的比例（现为 0）"},
		{CodeUnitRange, "monthly_discount", func(r *Rules) { r.MonthlyDiscount = 1.5 },
			"monthly_discount must be between 0 and 1 (got 1.5)", "monthly_discount 必须在 0 到 1 之间（现为 1.5）"},
		{CodeTooManyColumns, "extra", func(r *Rules) {
			for _, c := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"} {
				r.Extra = append(r.Extra, ExtraDim{Column: c, Weight: 1, Mode: DimQuintile})
			}
		}, "extra: at most 8 columns may grade (got 9)", "extra：最多 8 列参与评级（现为 9 列）"},
		{CodeColumnMissing, "extra[0].column", func(r *Rules) { r.Extra = []ExtraDim{{Column: " ", Weight: 1, Mode: DimQuintile}} },
			"extra[0].column must name a column", "extra[0].column 必须指明一列"},
		{CodeColumnTwice, "extra[1].column", func(r *Rules) {
			r.Extra = []ExtraDim{{Column: "信用", Weight: 1, Mode: DimQuintile}, {Column: "信用", Weight: 1, Mode: DimQuintile}}
		}, `extra[1].column: "信用" grades twice`, `extra[1].column："信用" 重复参与评级`},
		{CodeColumnMode, "extra[0].mode", func(r *Rules) { r.Extra = []ExtraDim{{Column: "x", Weight: 1, Mode: "percentile"}} },
			`extra[0].mode must be "thresholds", "quintile" or "choice" (got "percentile")`, `extra[0].mode 必须是 "thresholds"（按阈值）、"quintile"（按五分位）或 "choice"（按选项）（现为 "percentile"）`},
		{CodeChoiceScore, "extra[0].choices.大", func(r *Rules) {
			r.Extra = []ExtraDim{{Column: "size", Weight: 1, Mode: DimChoice, Choices: map[string]int{"大": 6}}}
		}, "extra[0].choices.大 must be a score from 1 to 5 (got 6)", "extra[0].choices.大 必须是 1 到 5 的分数（现为 6）"},
		{CodeChannelUnknown, "policies.A.channels", func(r *Rules) { r.Policies["A"] = Policy{Channels: []string{"fax"}} },
			`policies.A.channels: unknown channel "fax" (use phone, wechat, sms, email, visit, other)`, `policies.A.channels：未知渠道 "fax"（可用 phone, wechat, sms, email, visit, other）`},
		{CodeChannelTwice, "policies.C.channels", func(r *Rules) { r.Policies["C"] = Policy{Channels: []string{"sms", "sms"}} },
			`policies.C.channels: "sms" is listed twice`, `policies.C.channels："sms" 重复出现`},
		{CodePercentRange, "policies.A.discount", func(r *Rules) { r.Policies["A"] = Policy{Discount: 150} },
			"policies.A.discount must be a percent between 0 and 100 (got 150)", "policies.A.discount 必须是 0 到 100 之间的百分数（现为 150）"},
		{CodePointsRate, "policies.D.points_rate", func(r *Rules) { r.Policies["D"] = Policy{PointsRate: -1} },
			"policies.D.points_rate must be between 0 and 100 points per yuan (got -1)", "policies.D.points_rate 必须在每元 0 到 100 分之间（现为 -1）"},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		r := DefaultRules()
		c.edit(&r)
		err := r.Validate()
		var list RuleErrors
		if !errors.As(err, &list) || len(list) != 1 {
			t.Errorf("%s: Validate() = %v, want one problem", c.code, err)
			continue
		}
		if got := list[0]; got.Code != c.code || got.Field != c.field {
			t.Errorf("%s: problem %s on %s, want %s on %s", c.code, got.Code, got.Field, c.code, c.field)
		}
		seen[list[0].Code] = true
		if got := i18n.Message(err, i18n.EN); got != c.en {
			t.Errorf("%s in English:\n got %q\nwant %q", c.code, got, c.en)
		}
		if got := i18n.Message(err, i18n.ZH); got != c.zh {
			t.Errorf("%s in Chinese:\n got %q\nwant %q", c.code, got, c.zh)
		}
	}
	// Stored rules that do not decode: the field the decoder names.
	_, err := ParseRules([]byte(`{"grade_a": "x"}`))
	var list RuleErrors
	if errors.As(err, &list) && len(list) == 1 && list[0].Code == CodeUnreadable {
		seen[CodeUnreadable] = true
	}
	if got, want := i18n.Message(err, i18n.ZH), "grade_a 无法读取：账本中保存的规则已损坏"; got != want {
		t.Errorf("undecodable rules in Chinese: %q, want %q", got, want)
	}
	if got, want := i18n.Message(err, i18n.EN), "grade_a cannot be read: the rules stored in the ledger are damaged"; got != want {
		t.Errorf("undecodable rules in English: %q, want %q", got, want)
	}
	if _, err := ParseRules([]byte(`{"grade_a": 8`)); i18n.Message(err, i18n.EN) != "rules cannot be read: the rules stored in the ledger are damaged" {
		t.Errorf("truncated rules: %q", i18n.Message(err, i18n.EN))
	}
	for _, code := range RuleErrorCodes() {
		key := RuleErrorKeyPrefix + code
		if !i18n.Has(key) {
			t.Errorf("no message for %s", key)
			continue
		}
		en, zh := i18n.EN.T(key), i18n.ZH.T(key)
		if en == zh || !slices.ContainsFunc([]rune(zh), func(c rune) bool { return unicode.Is(unicode.Han, c) }) {
			t.Errorf("%s: English %q, Chinese %q: the Chinese is missing", key, en, zh)
		}
		if !seen[code] {
			t.Errorf("no case reaches %s", code)
		}
	}
}

// Several problems come back together, each rendered on its own line in
// the reader's language, and an error wrapping them still renders them.
func TestRuleErrorsJoinedAndWrapped(t *testing.T) {
	r := DefaultRules()
	r.WindowDays, r.Policies["A"] = 4000, Policy{Discount: -5}
	err := r.Validate()
	want := "window_days 必须在 1 到 3650 天之间（现为 4000）\npolicies.A.discount 必须是 0 到 100 之间的百分数（现为 -5）"
	if got := i18n.Message(err, i18n.ZH); got != want {
		t.Errorf("Chinese:\n%s\nwant\n%s", got, want)
	}
	wrapped := i18n.Errorf("rules.bad", err)
	if got := i18n.Message(wrapped, i18n.EN); got != "tiering rules: window_days must be between 1 and 3650 days (got 4000)\npolicies.A.discount must be a percent between 0 and 100 (got -5)" {
		t.Errorf("wrapped, English: %q", got)
	}
	if got := i18n.Message(wrapped, i18n.ZH); !strings.HasPrefix(got, "分级规则：window_days 必须在") {
		t.Errorf("wrapped, Chinese: %q", got)
	}
}
