package rulesfile

import (
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// A problem only tiering.Validate knows of is still told on the file's key
// and line, in the reader's language.
func TestValidateNetKeepsLinesAndLanguage(t *testing.T) {
	data := []byte("window_days = 365\n\n[grades.A]\ndiscount = 10\nchannels = ['visit']\n\n[[columns]]\ncolumn = 'credit'\nthresholds = [1, 2, 3, 4]\n")
	lines, p := keyLines(data)
	if p != nil {
		t.Fatal(p.In(i18n.EN))
	}
	r := tiering.DefaultRules()
	r.Policies["A"] = tiering.Policy{Discount: 150, Channels: []string{"fax"}}
	r.Extra = []tiering.ExtraDim{{Column: "credit", Weight: 1, Mode: tiering.DimThresholds, Thresholds: [4]float64{4, 3, 2, 1}}}
	c := checker{lines: lines}
	c.validated(r)
	want := []struct{ en, zh string }{
		{`line 5: grades.A.channels: policies.A.channels: unknown channel "fax" (use phone, wechat, sms, email, visit, other)`,
			`第 5 行：grades.A.channels: policies.A.channels：未知渠道 "fax"（可用 phone, wechat, sms, email, visit, other）`},
		{"line 4: grades.A.discount: policies.A.discount must be a percent between 0 and 100 (got 150)",
			"第 4 行：grades.A.discount: policies.A.discount 必须是 0 到 100 之间的百分数（现为 150）"},
		{"line 9: columns[0].thresholds: extra[0].thresholds must not decrease (got 4, 3, 2, 1): from score 2 (lowest) to score 5 (highest)",
			"第 9 行：columns[0].thresholds: extra[0].thresholds 不能递减（现为 4, 3, 2, 1）：从 2 分（最低）到 5 分（最高）"},
	}
	if len(c.list) != len(want) {
		t.Fatalf("%d problems, want %d: %v", len(c.list), len(want), c.list)
	}
	for i, w := range want {
		if got := c.list[i].In(i18n.EN); got != w.en {
			t.Errorf("English:\n got %s\nwant %s", got, w.en)
		}
		if got := c.list[i].In(i18n.ZH); got != w.zh {
			t.Errorf("Chinese:\n got %s\nwant %s", got, w.zh)
		}
	}
}

// Each field of the stored rules is told on the rules file's key.
func TestFileKeyOfEachField(t *testing.T) {
	for field, want := range map[string]string{
		"window_days": "window_days", "weight_r": "weights.r", "weight_loyalty": "weights.loyalty", "weights": "weights",
		"grade_b": "grade_lines.b", "r.mode": "dimensions.r.mode", "f.thresholds[1]": "dimensions.f.thresholds",
		"labels.A": "grades.A.label", "labels": "grades", "colors.C": "grades.C.color", "cadence.D": "grades.D.cadence_days",
		"policies.B.points_rate": "grades.B.points_rate", "extra": "columns", "extra[2].choices.大": "columns[2].choices.大",
		"extra[0].thresholds[3]": "columns[0].thresholds", "churn_p_alive": "churn.p_alive", "horizon_days": "churn.horizon_days",
	} {
		if got := fileKey(field); got != want {
			t.Errorf("fileKey(%q) = %q, want %q", field, got, want)
		}
	}
}
