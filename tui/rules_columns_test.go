package tui

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// creditShop is the Chinese shop with a number column 信用 filled in for
// all but 欧阳娜娜, graded on R, F and M as by default.
func creditShop(t *testing.T) (*store.Store, []int64) {
	t.Helper()
	st, ids := scShop(t)
	ctx := context.Background()
	if _, err := st.AddColumn(ctx, "信用", store.Number, nil); err != nil {
		t.Fatal(err)
	}
	// 王芳 张伟 陈静 刘洋 赵丽颖 孙悟空 李建国; 欧阳娜娜 (ids[3]) left empty.
	for i, v := range map[int]string{0: "45", 1: "35", 2: "15", 4: "45", 5: "25", 6: "5", 7: "40"} {
		if _, err := st.SetField(ctx, ids[i], "信用", v); err != nil {
			t.Fatal(err)
		}
	}
	return st, ids
}

// gradesOf is each customer's grade by name.
func gradesOf(t *testing.T, st *store.Store, ids []int64) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, id := range ids {
		r := mustGet(t, st, id)
		out[r.Str("name")] = r.Str("grade")
	}
	return out
}

// A column is added with ctrl+n, switched to thresholds with →, given its
// thresholds, previewed and saved as one change; undo takes it back out.
// Only 信用 weighs, so each grade is worked out from its thresholds:
// 10/20/30/40 reach scores 2..5, a score s is (s-1)/4 × 100 points.
func TestRulesScreenAddsAColumnScoredByThresholds(t *testing.T) {
	st, ids := creditShop(t)
	ctx := context.Background()
	before := gradesOf(t, st, ids)
	d := drive(t, newRules(scEnv(st, i18n.EN)))
	d.key("ctrl+n")
	d.mustShow("▸ Graded column 1", "‹ 信用", "信用 now grades", "ctrl+n add column")
	r := d.s.(*rulesScreen)
	if !hintOn(r.ShortHelp(), "ctrl+x") {
		t.Error("ctrl+x is off in a graded column's block")
	}
	r.f.focusKey("weight_r")
	if hintOn(r.ShortHelp(), "ctrl+x") {
		t.Error("ctrl+x is on outside the graded columns")
	}
	if r.f.field("xthr_0") != nil || r.f.field("xmode_0") == nil {
		t.Fatal("a new number column is not scored by quintile")
	}
	d.set("weight_r", "0")
	d.set("weight_f", "0")
	d.set("weight_m", "0")
	d.set("xweight_0", "1")
	r.f.focusKey("xmode_0")
	d.key("right")
	d.mustShow("信用 scored", "thresholds", "信用 thresholds")
	d.set("xthr_0", "10, 20, 30, 40")
	d.key("ctrl+p")
	p := r.preview
	if p == nil {
		t.Fatalf("no preview:\n%s", d.view())
	}
	// 王芳 45 and 孙悟空 40 score 5 (100, A); 李建国 35 scores 4 (75, B);
	// 刘洋 25, 张伟 15, 赵丽颖 5 and 欧阳娜娜 (empty) 50 points or less (C);
	// 陈静 never bought (D).
	if want := map[string]int{"A": 2, "B": 1, "C": 4, "D": 1}; !reflect.DeepEqual(p.After, want) {
		t.Errorf("preview after %v, want %v", p.After, want)
	}
	if got := mustRules(t, st); len(got.Extra) != 0 {
		t.Fatalf("the preview saved the rules: %+v", got.Extra)
	}
	d.key("ctrl+s")
	if d.closed == nil || !d.closed.changed {
		t.Fatalf("not saved:\n%s", d.view())
	}
	want := []tiering.ExtraDim{{Column: "信用", Weight: 1, Mode: tiering.DimThresholds, Thresholds: [4]float64{10, 20, 30, 40}}}
	if got := mustRules(t, st).Extra; !reflect.DeepEqual(got, want) {
		t.Errorf("graded columns %+v, want %+v", got, want)
	}
	wantGrades := map[string]string{"王芳": "A", "孙悟空": "A", "李建国": "B", "刘洋": "C", "张伟": "C", "赵丽颖": "C", "欧阳娜娜": "C", "陈静": "D"}
	if got := gradesOf(t, st, ids); !reflect.DeepEqual(got, wantGrades) {
		t.Errorf("grades %v, want %v", got, wantGrades)
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := mustRules(t, st); len(got.Extra) != 0 || got.WeightM != 0.4 {
		t.Errorf("after undo: columns %+v, weight M %v", got.Extra, got.WeightM)
	}
	if got := gradesOf(t, st, ids); !reflect.DeepEqual(got, before) {
		t.Errorf("after undo grades %v, want %v", got, before)
	}
}

// Picking a choice column turns the block's mode and thresholds into a
// score per choice; picking a number column again brings the mode back.
// Removing the first column keeps what was typed in the second.
func TestRulesScreenChoiceColumnAndRemoval(t *testing.T) {
	st, _ := creditShop(t)
	ctx := context.Background()
	rules := mustRules(t, st)
	rules.Extra = []tiering.ExtraDim{
		{Column: "potential", Weight: 0.5, Mode: tiering.DimQuintile},
		{Column: "信用", Weight: 0.3, Mode: tiering.DimThresholds, Thresholds: [4]float64{10, 20, 30, 40}},
	}
	if _, err := st.ApplyRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	d := drive(t, newRules(scEnv(st, i18n.ZH)))
	d.mustShow("评级列 1", "潜力 评分方式", "按五分位", "评级列 2", "信用 阈值", "10, 20, 30, 40")
	r := d.s.(*rulesScreen)
	r.f.focusKey("xcol_1")
	// → from 信用 steps through the columns no other block grades, the
	// owner's first: on to the built-ins, kind (a choice column) first.
	d.key("right")
	if got := r.cols[1].Column; got != "kind" {
		t.Fatalf("→ picked %q", got)
	}
	if r.f.field("xmap_1") == nil || r.f.field("xmode_1") != nil || r.f.field("xthr_1") != nil {
		t.Fatalf("a choice column's block:\n%s", d.view())
	}
	d.mustShow("客户类型 各选项得分", "personal=1, enterprise=1")
	d.key("left")
	if got := r.cols[1].Column; got != "信用" || r.f.field("xmode_1") == nil {
		t.Fatalf("← back picked %q:\n%s", got, d.view())
	}
	// Company size, scored per choice, then the first column removed.
	for r.cols[1].Column != "company_size" {
		d.key("right")
	}
	d.set("xmap_1", "large=5，small＝2")
	d.set("xweight_1", "2")
	r.f.focusKey("xweight_0")
	d.key("ctrl+x")
	d.mustShow("潜力 不再参与评级", "企业规模 各选项得分", "large=5，small＝2")
	if len(r.cols) != 1 || r.f.field("xcol_1") != nil || r.f.value("xweight_0") != "2" {
		t.Fatalf("after removing the first column: %+v\n%s", r.cols, d.view())
	}
	d.key("ctrl+s", "ctrl+s")
	if d.closed == nil {
		t.Fatalf("not saved:\n%s", d.view())
	}
	want := []tiering.ExtraDim{{Column: "company_size", Weight: 2, Mode: tiering.DimChoice, Choices: map[string]int{"large": 5, "small": 2}}}
	if got := mustRules(t, st).Extra; !reflect.DeepEqual(got, want) {
		t.Errorf("graded columns %+v, want %+v", got, want)
	}
}

// A graded column's fields are refused beside the field, in the reader's
// language, with the focus on it, and nothing is saved or previewed.
func TestRulesScreenRefusesBadColumnFields(t *testing.T) {
	st, _ := creditShop(t)
	ctx := context.Background()
	rules := mustRules(t, st)
	rules.Extra = []tiering.ExtraDim{
		{Column: "信用", Weight: 1, Mode: tiering.DimThresholds, Thresholds: [4]float64{10, 20, 30, 40}},
		{Column: "company_size", Weight: 1, Mode: tiering.DimChoice, Choices: map[string]int{"large": 5}},
	}
	if _, err := st.ApplyRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	saved := mustRules(t, st)
	for _, c := range []struct {
		lang              i18n.Lang
		field, text, want string
	}{
		{i18n.EN, "xthr_0", "9, 8, 7, 6", "thresholds must not decrease, from score 2 to score 5"},
		{i18n.ZH, "xthr_0", "9, 8, 7, 6", "阈值不能递减，从 2 分到 5 分"},
		{i18n.EN, "xthr_0", "10, 20, 30", "four numbers (>= 0) separated by commas"},
		{i18n.EN, "xmap_1", "huge=5", `"huge" is not a choice of this column: use micro, small, medium, large`},
		{i18n.ZH, "xmap_1", "large=6", "large 的分数必须是 1 到 5 的整数"},
		{i18n.EN, "xmap_1", "large=5, LARGE=4", "large is scored twice"},
		{i18n.EN, "xmap_1", "large", `"large": write choice=score, e.g. large=5`},
		{i18n.EN, "xcol_0", "nosuch", `no column "nosuch" to grade by`},
		{i18n.ZH, "xcol_1", "信用", `列 "信用" 重复评级`},
		{i18n.EN, "xweight_1", "-1", "a number from 0 to 1000000"},
		{i18n.EN, "xmode_0", "median", "use quintile or thresholds"},
	} {
		d := drive(t, newRules(scEnv(st, c.lang)))
		d.set(c.field, c.text)
		d.key("ctrl+p")
		d.key("ctrl+s")
		r := d.s.(*rulesScreen)
		if d.closed != nil || r.preview != nil {
			t.Errorf("%s = %q: went on to the preview", c.field, c.text)
		}
		d.mustShow("✗", c.want)
		if got := r.f.current().key; got != c.field {
			t.Errorf("%s = %q: focus on %s, want the field", c.field, c.text, got)
		}
	}
	if !reflect.DeepEqual(mustRules(t, st), saved) {
		t.Error("refused rules were saved")
	}
}

// hintOn reports whether the footer offers the key k.
func hintOn(bs []key.Binding, k string) bool {
	for _, b := range bs {
		if b.Help().Key == k {
			return b.Enabled()
		}
	}
	return false
}

// TestRulesColumnsGoldens freezes the rules screen, in both languages and
// at 80×24 and 120×35, with two graded columns (one by thresholds, one by
// its choices) and the focus on the first: its picker, hint and footer.
func TestRulesColumnsGoldens(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			st := newTestStore(t)
			seed(t, st, chineseShop())
			rules := mustRules(t, st)
			rules.Extra = []tiering.ExtraDim{
				{Column: "potential", Weight: 0.2, Mode: tiering.DimThresholds, Thresholds: [4]float64{1, 2, 3, 4}},
				{Column: "company_size", Weight: 0.1, Mode: tiering.DimChoice, Choices: map[string]int{"large": 5, "medium": 4}},
			}
			if _, err := st.ApplyRules(context.Background(), rules); err != nil {
				t.Fatal(err)
			}
			m := newTestModel(t, st, lang, size[0], size[1])
			press(t, m, "R")
			press(t, m, "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab")
			v := m.View()
			checkFrame(t, v, size[0], size[1])
			golden(t, fmt.Sprintf("rules_columns_%s_%dx%d", lang, size[0], size[1]), v)
		}
	}
}
