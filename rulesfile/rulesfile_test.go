package rulesfile

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

func TestRoundTripGivesIdenticalRules(t *testing.T) {
	custom := tiering.DefaultRules()
	custom.WindowDays = 180
	custom.WeightR, custom.WeightF, custom.WeightM = 0.5, 0.25, 0.25
	custom.PotentialBonus = 7.5
	custom.GradeA, custom.GradeB = 85, 55.5
	custom.R = tiering.DimRule{Mode: tiering.ModeAbsolute, Thresholds: [4]float64{120, 60, 20, 5}}
	custom.M = tiering.DimRule{Mode: tiering.ModeAbsolute, Thresholds: [4]float64{-50, 0, 1000.5, 9000}}
	custom.Labels = map[string]string{"A": "VIP", "B": "重要", "C": "一般", "D": "潜在"}
	custom.Colors["A"] = "#ff0000"
	custom.Cadence = map[string]int{"A": 7, "B": 21, "C": 60, "D": 0}
	custom.Policies["A"] = tiering.Policy{Channels: []string{"visit", "wechat", "phone"}, Discount: 12.5, Benefits: "专属客服\n生日礼 'quoted' \"too\"", Owner: "小王", PointsRate: 3}
	custom.Policies["D"] = tiering.Policy{Channels: []string{}, Discount: 0, Benefits: "", PointsRate: 0}
	custom.WeightLoyalty = 0.2
	custom.Extra = []tiering.ExtraDim{
		{Column: "信用", Weight: 0.1, Mode: tiering.DimThresholds, Thresholds: [4]float64{60, 70, 80.5, 90}},
		{Column: "company_size", Weight: 0.15, Mode: tiering.DimChoice, Choices: map[string]int{"large": 5, "中型": 4, "small": 2}},
		{Column: "potential", Weight: 0.05, Mode: tiering.DimQuintile, Thresholds: [4]float64{1, 2, 3, 4}},
		{Column: "clv", Weight: 0, Mode: tiering.DimQuintile},
	}
	custom.ChurnModel, custom.ChurnPAlive, custom.ChurnTopShare = tiering.ModelMBGNBD, 0.3, 0.1
	custom.HorizonDays, custom.MonthlyDiscount = 60, 0.005
	for name, r := range map[string]tiering.Rules{"default": tiering.DefaultRules(), "custom": custom} {
		b, err := Export(r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Import("rules.toml", b)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, b)
		}
		if !reflect.DeepEqual(back, r) {
			t.Errorf("%s: round trip\n got %+v\nwant %+v\nfile:\n%s", name, back, r, b)
		}
	}
}

func TestMissingKeysTakeDefaults(t *testing.T) {
	r, err := Import("r.toml", []byte("[grades.A]\nlabel = \"VIP\"\ndiscount = 15\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := tiering.DefaultRules()
	want.Labels["A"] = "VIP"
	p := want.Policies["A"]
	p.Discount = 15
	want.Policies["A"] = p
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got %+v", r)
	}
}

// problems imports doc and returns its problems as "LINE key: message" in English.
func problems(t *testing.T, doc string) []string {
	t.Helper()
	_, err := Import("r.toml", []byte(doc))
	var ps *Problems
	if !errors.As(err, &ps) {
		t.Fatalf("import %q: err = %v, want *Problems", doc, err)
	}
	var out []string
	for _, p := range ps.List {
		out = append(out, p.In(i18n.EN))
	}
	return out
}

func TestEveryValidationErrorHasItsLine(t *testing.T) {
	cases := []struct {
		name, doc string
		want      []string
	}{
		{"syntax", "window_days = 365\nwindow_days = \n", []string{"line 2: not valid TOML at column 15: check the quotes, = signs and [brackets] there"}},
		{"unknown key", "window_days = 365\n[weights]\nr = 0.3\nq = 1\n", []string{"line 4: weights.q: unknown key (check its spelling)"}},
		{"wrong type", "\n\n[grades.B]\ndiscount = \"ten\"\n", []string{"line 4: grades.B.discount: wrong kind of value: expected a number"}},
		{"window", "window_days = 0\n", []string{"line 1: window_days: must be between 1 and 3650 (got 0)"}},
		{"window type", "window_days = 30.5\n", []string{"line 1: window_days: wrong kind of value: expected a whole number"}},
		{"bonus", "potential_bonus = 101\n", []string{"line 1: potential_bonus: must be between 0 and 100 (got 101)"}},
		{"negative weight", "[weights]\nr = -1\n", []string{"line 2: weights.r: must be between 0 and 1000000 (got -1)"}},
		{"zero weights", "[weights]\nr = 0\nf = 0\nm = 0\n", []string{"line 1: weights: the weights must not all be 0"}},
		{"grade line", "[grade_lines]\na = 120\n", []string{"line 2: grade_lines.a: must be between 0 and 100 (got 120)"}},
		{"lines order", "[grade_lines]\na = 50\nb = 60\n", []string{"line 3: grade_lines.b: grade B's line (60) must not be above grade A's (50)"}},
		{"mode", "[dimensions.f]\nmode = \"median\"\n", []string{`line 2: dimensions.f.mode: mode must be "quintile" or "absolute" (got "median")`}},
		{"threshold count", "[dimensions.f]\nthresholds = [1, 2, 3]\n", []string{"line 2: dimensions.f.thresholds: needs exactly 4 thresholds, for scores 2 to 5 (got 3)"}},
		{"negative threshold", "[dimensions.r]\nthresholds = [180, 90, 30, -7]\n", []string{"line 2: dimensions.r.thresholds: thresholds must be numbers of 0 or more (got -7)"}},
		{"r rising", "[dimensions.r]\nthresholds = [7, 30, 90, 180]\n", []string{"line 2: dimensions.r.thresholds: thresholds must not increase: days since the last purchase, from score 2 to score 5, e.g. [180, 90, 30, 7]"}},
		{"m falling", "[dimensions.m]\nthresholds = [900, 500, 100, 10]\n", []string{"line 2: dimensions.m.thresholds: thresholds must not decrease, from score 2 to score 5"}},
		{"grade E", "[grades.E]\nlabel = \"x\"\n", []string{`line 1: grades.E: unknown grade "E": use A, B, C or D`}},
		{"long label", "[grades.A]\nlabel = \"" + strings.Repeat("贵", 33) + "\"\n", []string{"line 2: grades.A.label: must be at most 32 characters (got 33)"}},
		{"tab in label", "[grades.A]\nlabel = \"V\\tIP\"\n", []string{"line 2: grades.A.label: must not contain control characters such as tabs"}},
		{"colour", "[grades.A]\ncolor = \"gold\"\n", []string{`line 2: grades.A.color: must be a hex colour like #d4a017 (got "gold")`}},
		{"cadence", "[grades.C]\ncadence_days = -1\n", []string{"line 2: grades.C.cadence_days: must be between 0 and 3650 (got -1)"}},
		{"channel", "[grades.A]\nchannels = [\"visit\", \"fax\"]\n", []string{`line 2: grades.A.channels: unknown channel "fax": use phone, wechat, sms, email, visit, other`}},
		{"channel twice", "[grades.A]\nchannels = [\"visit\", \"visit\"]\n", []string{`line 2: grades.A.channels: "visit" is listed twice`}},
		{"discount", "[grades.A]\ndiscount = 150\n", []string{"line 2: grades.A.discount: must be between 0 and 100 (got 150)"}},
		{"points", "[grades.A]\npoints_rate = 1000\n", []string{"line 2: grades.A.points_rate: must be between 0 and 100 (got 1000)"}},
		{"benefits", "[grades.A]\nbenefits = \"" + strings.Repeat("礼", 201) + "\"\n", []string{"line 2: grades.A.benefits: must be at most 200 characters (got 201)"}},
		{"owner", "[grades.A]\nowner = \"小\\n王\"\n", []string{"line 2: grades.A.owner: must not contain control characters such as tabs"}},
		{"inline table", "[grades]\nA = {label = \"VIP\", discount = 200}\n", []string{"line 2: grades.A.discount: must be between 0 and 100 (got 200)"}},
		{"loyalty weight", "[weights]\nloyalty = -1\n", []string{"line 2: weights.loyalty: must be between 0 and 1000000 (got -1)"}},
		{"column without a name", "[[columns]]\nweight = 1\n", []string{"line 1: columns[0].column: name the column to grade by: column = \"…\""}},
		{"column mode", "[[columns]]\ncolumn = \"a\"\n\n[[columns]]\ncolumn = \"b\"\nmode = \"percentile\"\n", []string{`line 6: columns[1].mode: mode must be "quintile", "thresholds" or "choice" (got "percentile")`}},
		{"column twice", "[[columns]]\ncolumn = \"a\"\n[[columns]]\ncolumn = \"a\"\n", []string{`line 4: columns[1].column: column "a" grades twice`}},
		{"choice score", "[[columns]]\ncolumn = \"size\"\nmode = \"choice\"\nchoices = { large = 6 }\n", []string{"line 4: columns[0].choices.large: a choice's score is 1 to 5 (got 6)"}},
		{"column thresholds", "[[columns]]\ncolumn = \"credit\"\nthresholds = [9, 8, 7, 6]\n", []string{"line 3: columns[0].thresholds: thresholds must not decrease, from score 2 to score 5"}},
		{"all at once, by line", "[grades.A]\ndiscount = 150\nchannels = [\"fax\"]\n[grades.B]\npoints_rate = -1\n",
			[]string{"line 2: grades.A.discount: must be between 0 and 100 (got 150)", `line 3: grades.A.channels: unknown channel "fax": use phone, wechat, sms, email, visit, other`, "line 5: grades.B.points_rate: must be between 0 and 100 (got -1)"}},
	}
	for _, c := range cases {
		got := problems(t, c.doc)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestProblemsInChinese(t *testing.T) {
	_, err := Import("规则.toml", []byte("[grades.A]\ndiscount = 150\n[weights]\nq = 1\n"))
	if err == nil {
		t.Fatal("no error")
	}
	got := i18n.Message(err, i18n.ZH)
	want := "规则.toml 有 1 处问题，未做任何更改：\n  第 4 行：weights.q: 未知的键（请检查拼写）"
	if got != want {
		t.Errorf("zh:\n got %q\nwant %q", got, want)
	}
	_, err = Import("规则.toml", []byte("[grades.A]\ndiscount = 150\nchannels = [\"传真\"]\n"))
	got = i18n.Message(err, i18n.ZH)
	want = "规则.toml 有 2 处问题，未做任何更改：\n  第 2 行：grades.A.discount: 必须在 0 到 100 之间（现为 150）\n  第 3 行：grades.A.channels: 未知渠道 \"传真\"：可用 phone, wechat, sms, email, visit, other"
	if got != want {
		t.Errorf("zh:\n got %q\nwant %q", got, want)
	}
}

// The churn table: a model other than the two is refused with its line,
// and a probability of 1 (everybody a warning) is out of range.
func TestChurnTableIsChecked(t *testing.T) {
	got := problems(t, "window_days = 365\n[churn]\nmodel = \"pareto/nbd\"\np_alive = 1\n")
	want := []string{`line 3: churn.model: model must be "bg/nbd" or "mbg/nbd" (got "pareto/nbd")`, "line 4: churn.p_alive: must be between 0.01 and 0.99 (got 1)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("problems %q, want %q", got, want)
	}
	r, err := Import("rules.toml", []byte("[churn]\nmodel = \"mbg/nbd\"\n"))
	if err != nil || r.ChurnModel != tiering.ModelMBGNBD || r.ChurnPAlive != 0.5 {
		t.Errorf("mbg/nbd alone: %+v, %v; want the model switched and the threshold left at 0.5", r, err)
	}
}
