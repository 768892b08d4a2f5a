package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// Which columns may grade, and how: each refusal in both languages.
func TestCheckDimension(t *testing.T) {
	st, _ := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	if _, err := st.AddColumn(context.Background(), "信用", Number, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		col, mode string
		en, zh    string // "" when accepted
	}{
		{"信用", tiering.DimQuintile, "", ""},
		{"信用", tiering.DimThresholds, "", ""},
		{"potential", tiering.DimQuintile, "", ""},
		{"credit_limit", tiering.DimQuintile, "", ""},
		{"company_size", tiering.DimChoice, "", ""},
		{"company_size", tiering.DimQuintile, `column "company_size" cannot be graded by quintile`, `列 "company_size" 不能按 quintile 评级`},
		{"信用", tiering.DimChoice, `column "信用" cannot be graded by choice`, `列 "信用" 不能按 choice 评级`},
		{"score", tiering.DimQuintile, `column "score" comes from the grade itself`, `列 "score" 由等级本身算出`},
		{"loyalty", tiering.DimQuintile, "set weights.loyalty instead", "请改设 weights.loyalty"},
		{"信誉", tiering.DimQuintile, `no column "信誉" to grade by`, `没有可用于评级的列 "信誉"`},
	} {
		err := st.CheckDimension(tiering.ExtraDim{Column: c.col, Weight: 1, Mode: c.mode})
		switch {
		case c.en == "" && err != nil:
			t.Errorf("%s by %s refused: %v", c.col, c.mode, err)
		case c.en == "":
		case err == nil:
			t.Errorf("%s by %s accepted", c.col, c.mode)
		case !strings.Contains(err.Error(), c.en) || !strings.Contains(i18n.Message(err, i18n.ZH), c.zh):
			t.Errorf("%s by %s: %q / %q, want %q / %q", c.col, c.mode, err, i18n.Message(err, i18n.ZH), c.en, c.zh)
		}
	}
}
