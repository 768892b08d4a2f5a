package tui

import (
	"context"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// set replaces the text of the rules editor's field key, as typed.
func (d *scDriver) set(key, text string) {
	d.t.Helper()
	r := d.s.(*rulesScreen)
	if r.f.field(key) == nil {
		d.t.Fatalf("no field %q", key)
	}
	r.f.focusKey(key)
	d.key("ctrl+a", "ctrl+k")
	d.typ(text)
}

// The editor edits each grade's service policy beside the weights, and
// saves them as the rules file would hold them.
func TestRulesScreenEditsPolicies(t *testing.T) {
	st, _ := scShop(t)
	ctx := context.Background()
	if err := st.AddStaff(ctx, "小王"); err != nil {
		t.Fatal(err)
	}
	d := drive(t, newRules(scEnv(st, i18n.EN)))
	d.mustShow("Channels of A, in order", "visit, phone call", "Discount of A (%)", "Weight loyalty (0: off)")
	d.set("channels_A", "WeChat, visit")
	d.set("discount_A", "15")
	d.set("benefits_A", "专属客服、上门")
	d.set("owner_A", "小王")
	d.set("cadence_B", "21")
	d.set("channels_D", "")
	d.set("points_C", "0.5")
	d.set("weight_loyalty", "0.2")
	d.key("ctrl+s", "ctrl+s")
	if d.closed == nil || !d.closed.changed {
		t.Fatalf("not saved:\n%s", d.view())
	}
	r := mustRules(t, st)
	wantA := tiering.Policy{Channels: []string{"wechat", "visit"}, Discount: 15, Benefits: "专属客服、上门", Owner: "小王", PointsRate: 2}
	if got := r.Policy("A"); !reflect.DeepEqual(got, wantA) {
		t.Errorf("policy A %+v, want %+v", got, wantA)
	}
	if got := r.Policy("D"); len(got.Channels) != 0 || got.Benefits != "首单优惠" {
		t.Errorf("policy D %+v, want no channels and the benefits left alone", got)
	}
	if r.CadenceDays("B") != 21 || r.Policy("C").PointsRate != 0.5 || r.WeightLoyalty != 0.2 {
		t.Errorf("cadence B %d, points C %v, loyalty weight %v", r.CadenceDays("B"), r.Policy("C").PointsRate, r.WeightLoyalty)
	}
	// One change in the journal: undo puts every policy back.
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := mustRules(t, st); !reflect.DeepEqual(got.Policy("A"), tiering.DefaultRules().Policy("A")) || got.CadenceDays("B") != 30 || got.WeightLoyalty != 0 {
		t.Errorf("after undo: policy A %+v, cadence B %d, loyalty %v", got.Policy("A"), got.CadenceDays("B"), got.WeightLoyalty)
	}
}

// Each field is refused as the rules file refuses it, beside the field, and
// nothing is saved.
func TestRulesScreenRefusesWhatTheFileRefuses(t *testing.T) {
	st, _ := scShop(t)
	before := mustRules(t, st)
	for _, c := range []struct{ field, text, want string }{
		{"channels_A", "visit, fax", `unknown channel "fax": use phone call, WeChat, SMS, email, visit, other`},
		{"channels_B", "phone call, 电话", "phone call is listed twice"},
		{"discount_A", "150", "a number from 0 to 100"},
		{"owner_B", "老李", "老李 is not on the staff list"},
		{"points_A", "101", "a number from 0 to 100"},
		{"weight_r", "-1", "a number from 0 to 1000000"},
		{"grade_b", "90", "grade B's line (90) must not be above grade A's (80)"},
	} {
		d := drive(t, newRules(scEnv(st, i18n.EN)))
		d.set(c.field, c.text)
		d.key("ctrl+s")
		if d.closed != nil || d.s.(*rulesScreen).preview != nil {
			t.Errorf("%s = %q: went on to the preview", c.field, c.text)
		}
		d.mustShow("✗", c.want)
		if got := d.s.(*rulesScreen).f.current().key; got != c.field {
			t.Errorf("%s = %q: focus on %s, want the field", c.field, c.text, got)
		}
	}
	// All the weights at 0: the file's own message, on the first weight.
	d := drive(t, newRules(scEnv(st, i18n.ZH)))
	d.set("weight_r", "0")
	d.set("weight_f", "0")
	d.set("weight_m", "0")
	d.key("ctrl+p")
	d.mustShow("权重不能全为 0")
	if !reflect.DeepEqual(mustRules(t, st), before) {
		t.Error("refused rules were saved")
	}
}

// The preview names who moves, and applying moves exactly them.
func TestRulesScreenPreviewMatchesApply(t *testing.T) {
	st, ids := scShop(t)
	before := map[int64]string{}
	for _, id := range ids {
		r, err := st.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		before[id] = r.Str("grade")
	}
	d := drive(t, newRules(scEnv(st, i18n.ZH)))
	// Everyone who bought is A; 陈静 never bought and stays D.
	d.set("grade_a", "0")
	d.set("grade_b", "0")
	d.key("ctrl+p")
	p := d.s.(*rulesScreen).preview
	if p == nil {
		t.Fatalf("no preview:\n%s", d.view())
	}
	if want := map[string]int{"A": 7, "B": 0, "C": 0, "D": 1}; !reflect.DeepEqual(p.After, want) {
		t.Errorf("preview after %v, want %v", p.After, want)
	}
	// The screen names the movers of each move.
	v := d.view()
	for m, names := range p.Names {
		if !strings.Contains(v, m) || !strings.Contains(v, names[0]) {
			t.Errorf("move %s (%v) not named on screen:\n%s", m, names, v)
		}
	}
	d.key("ctrl+s")
	if d.closed == nil {
		t.Fatalf("not applied:\n%s", d.view())
	}
	moved := map[string][]string{}
	for _, id := range ids {
		r, err := st.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if g := r.Str("grade"); g != before[id] {
			m := before[id] + "→" + g
			moved[m] = append(moved[m], r.Str("name"))
		}
	}
	if !reflect.DeepEqual(moved, p.Names) {
		t.Errorf("applied moves %v, previewed %v", moved, p.Names)
	}
	if s := mustTierSummary(t, st); s.Grades[0].Count != 7 || s.Grades[3].Count != 1 {
		t.Errorf("after apply %+v", s.Grades)
	}
}

// Through the table: R, a new label, saved; the table shows it, u undoes
// the whole change and the table shows the letter again.
func TestRulesScreenChangeUndoneFromTheTable(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "R")
	rs, ok := m.top().(*rulesScreen)
	if !ok {
		t.Fatalf("R opened %T", m.top())
	}
	rs.f.focusKey("label_A")
	clearInput(t, m)
	typeText(t, m, "VIPX")
	send(t, m, tea.KeyMsg{Type: tea.KeyCtrlS})
	send(t, m, tea.KeyMsg{Type: tea.KeyCtrlS})
	if m.stack.depth() != 1 {
		t.Fatalf("rules screen still open:\n%s", m.View())
	}
	if !strings.Contains(m.View(), "VIPX") {
		t.Fatalf("the new label is not in the table:\n%s", m.View())
	}
	press(t, m, "u")
	if v := m.View(); strings.Contains(v, "VIPX") || mustRules(t, st).Label("A") != "A" {
		t.Errorf("after u the label is still VIPX:\n%s", v)
	}
}
