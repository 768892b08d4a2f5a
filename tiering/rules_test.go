package tiering

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultRules(t *testing.T) {
	r := DefaultRules()
	if err := r.Validate(); err != nil {
		t.Fatalf("default rules invalid: %v", err)
	}
	if r.WindowDays != 365 || r.WeightR != 0.3 || r.WeightF != 0.3 || r.WeightM != 0.4 ||
		r.PotentialBonus != 10 || r.GradeA != 80 || r.GradeB != 60 {
		t.Errorf("defaults: %+v", r)
	}
	for _, g := range Grades() {
		if r.Label(g) != g || r.Color(g) == "" {
			t.Errorf("grade %s: label %q colour %q", g, r.Label(g), r.Color(g))
		}
	}
	if r.Cadence["A"] != 14 || r.Cadence["B"] != 30 || r.Cadence["C"] != 90 || r.Cadence["D"] != 0 {
		t.Errorf("cadence %v", r.Cadence)
	}
	// Fresh maps each call: no shared mutable state.
	r.Labels["A"] = "VIP"
	if DefaultRules().Labels["A"] != "A" {
		t.Error("DefaultRules shares its maps")
	}
	// Absolute thresholds filled in and valid once switched on.
	a := absRules()
	if err := a.Validate(); err != nil {
		t.Errorf("default absolute thresholds invalid: %v", err)
	}
}

func TestLabelColorCadence(t *testing.T) {
	r := DefaultRules()
	r.Labels = map[string]string{"A": "VIP", "B": "重要", "C": "  "}
	r.Colors = map[string]string{"A": "#ff0000"}
	r.Cadence = map[string]int{"A": 7, "C": -3}
	tests := []struct{ g, label, color string }{
		{"A", "VIP", "#ff0000"}, {"B", "重要", "#2e8b57"}, {"C", "C", "#4682b4"}, {"D", "D", "#808080"}, {"Z", "Z", ""},
	}
	for _, tc := range tests {
		if r.Label(tc.g) != tc.label || r.Color(tc.g) != tc.color {
			t.Errorf("%s: label %q colour %q, want %q %q", tc.g, r.Label(tc.g), r.Color(tc.g), tc.label, tc.color)
		}
	}
	if r.CadenceDays("A") != 7 || r.CadenceDays("B") != 30 || r.CadenceDays("C") != 0 || r.CadenceDays("D") != 0 {
		t.Errorf("cadence A %d B %d C %d D %d", r.CadenceDays("A"), r.CadenceDays("B"), r.CadenceDays("C"), r.CadenceDays("D"))
	}
	var zero Rules
	if zero.Label("B") != "B" || zero.Color("B") != "#2e8b57" || zero.CadenceDays("B") != 30 {
		t.Error("zero Rules must fall back to defaults")
	}
}

func TestValidateRefusals(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Rules)
		want   string // substring of the error, naming the field
	}{
		{"window 0", func(r *Rules) { r.WindowDays = 0 }, "window_days must be between 1 and 3650"},
		{"window too long", func(r *Rules) { r.WindowDays = 3651 }, "window_days"},
		{"negative weight", func(r *Rules) { r.WeightF = -0.1 }, "weight_f must be a number >= 0 (got -0.1)"},
		{"NaN weight", func(r *Rules) { r.WeightM = math.NaN() }, "weight_m"},
		{"infinite weight", func(r *Rules) { r.WeightR = math.Inf(1) }, "weight_r"},
		{"all weights 0", func(r *Rules) { r.WeightR, r.WeightF, r.WeightM = 0, 0, 0 }, "must not all be 0"},
		{"negative bonus", func(r *Rules) { r.PotentialBonus = -1 }, "potential_bonus"},
		{"huge bonus", func(r *Rules) { r.PotentialBonus = 101 }, "potential_bonus"},
		{"B above A", func(r *Rules) { r.GradeA, r.GradeB = 60, 70 }, "grade_b (70) must not be above grade_a (60)"},
		{"A above 100", func(r *Rules) { r.GradeA = 100.5 }, "grade_a must be a score between 0 and 100"},
		{"B negative", func(r *Rules) { r.GradeB = -1 }, "grade_b"},
		{"A NaN", func(r *Rules) { r.GradeA = math.NaN() }, "grade_a"},
		{"unknown mode", func(r *Rules) { r.F.Mode = "decile" }, `f.mode must be "quintile" or "absolute" (got "decile")`},
		{"R thresholds ascending", func(r *Rules) { r.R = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{7, 30, 90, 180}} }, "r.thresholds must not increase"},
		{"F thresholds descending", func(r *Rules) { r.F = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{10, 5, 3, 2}} }, "f.thresholds must not decrease"},
		{"M thresholds out of order", func(r *Rules) { r.M = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{100, 500, 400, 1000}} }, "m.thresholds must not decrease"},
		{"R threshold negative", func(r *Rules) { r.R = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{30, 20, 10, -1}} }, "r.thresholds[3] must be >= 0"},
		{"F threshold NaN", func(r *Rules) { r.F = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{1, math.NaN(), 3, 4}} }, "f.thresholds[1] must be a finite number"},
		{"label for unknown grade", func(r *Rules) { r.Labels["E"] = "x" }, `labels: unknown grade "E"`},
		{"label too long", func(r *Rules) { r.Labels["A"] = strings.Repeat("贵", 33) }, "labels.A must be at most 32 characters"},
		{"label with newline", func(r *Rules) { r.Labels["B"] = "a\nb" }, "labels.B must not contain control characters"},
		{"label not UTF-8", func(r *Rules) { r.Labels["C"] = "\xff" }, "labels.C is not valid UTF-8"},
		{"bad colour", func(r *Rules) { r.Colors["A"] = "gold" }, `colors.A must be a hex colour like #d4a017 or #fa0 (got "gold")`},
		{"colour without #", func(r *Rules) { r.Colors["D"] = "808080" }, "colors.D"},
		{"colour for unknown grade", func(r *Rules) { r.Colors["a"] = "#fff" }, `colors: unknown grade "a"`},
		{"negative cadence", func(r *Rules) { r.Cadence["A"] = -1 }, "cadence.A must be between 0 and 3650 days (got -1)"},
		{"cadence for unknown grade", func(r *Rules) { r.Cadence["VIP"] = 3 }, `cadence: unknown grade "VIP"`},
	}
	for _, tc := range tests {
		r := DefaultRules()
		tc.change(&r)
		err := r.Validate()
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if !strings.Contains(en(err), tc.want) {
			t.Errorf("%s: error %q does not contain %q", tc.name, en(err), tc.want)
		}
	}
	// Several problems are all reported.
	r := DefaultRules()
	r.WindowDays, r.WeightR, r.GradeB = 0, -1, 200
	err := r.Validate()
	for _, want := range []string{"window_days", "weight_r", "grade_b"} {
		if err == nil || !strings.Contains(en(err), want) {
			t.Errorf("joined error %v lacks %s", err, want)
		}
	}
}

func TestValidateAccepts(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Rules)
	}{
		{"one weight", func(r *Rules) { r.WeightR, r.WeightF = 0, 0 }},
		{"empty modes", func(r *Rules) { r.R.Mode, r.F.Mode, r.M.Mode = "", "", "" }},
		{"quintile ignores thresholds", func(r *Rules) { r.R.Thresholds = [4]float64{1, 2, 3, math.NaN()} }},
		{"equal thresholds", func(r *Rules) { r.F = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{2, 2, 5, 5}} }},
		{"negative M thresholds", func(r *Rules) { r.M = DimRule{Mode: ModeAbsolute, Thresholds: [4]float64{-100, 0, 50, 50}} }},
		{"A = B = 0", func(r *Rules) { r.GradeA, r.GradeB = 0, 0 }},
		{"A = B = 100", func(r *Rules) { r.GradeA, r.GradeB = 100, 100 }},
		{"window bounds", func(r *Rules) { r.WindowDays = 3650 }},
		{"nil maps", func(r *Rules) { r.Labels, r.Colors, r.Cadence = nil, nil, nil }},
		{"owner labels", func(r *Rules) { r.Labels = map[string]string{"A": "VIP", "B": "重要", "C": "一般", "D": "潜在"} }},
		{"short colour", func(r *Rules) { r.Colors["A"] = "#FA0" }},
		{"no cadence", func(r *Rules) { r.Cadence["C"] = 0 }},
	}
	for _, tc := range tests {
		r := DefaultRules()
		tc.change(&r)
		if err := r.Validate(); err != nil {
			t.Errorf("%s: refused: %v", tc.name, err)
		}
	}
}

func TestRulesJSON(t *testing.T) {
	data, err := json.Marshal(DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"window_days":365`, `"weight_m":0.4`, `"r":{"mode":"quintile","thresholds":[180,90,30,7]}`, `"cadence":{`, `"labels":{`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("JSON %s lacks %s", data, key)
		}
	}
	back, err := ParseRules(data)
	if err != nil || !reflect.DeepEqual(back, DefaultRules()) {
		t.Errorf("round trip: %v\n%+v", err, back)
	}
	// Missing fields and map keys keep their defaults.
	r, err := ParseRules([]byte(`{"grade_a": 85, "labels": {"A": "VIP"}, "m": {"mode": "absolute", "thresholds": [50, 200, 1000, 5000]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.GradeA != 85 || r.GradeB != 60 || r.Label("A") != "VIP" || r.Label("B") != "B" || !r.M.Absolute() || r.M.Thresholds[3] != 5000 || r.WindowDays != 365 {
		t.Errorf("partial JSON: %+v", r)
	}
	if r, err := ParseRules(nil); err != nil || !reflect.DeepEqual(r, DefaultRules()) {
		t.Errorf("empty JSON: %v %+v", err, r)
	}
	if _, err := ParseRules([]byte(`{"grade_a": 50, "grade_b": 70}`)); err == nil || !strings.Contains(err.Error(), "grade_b") {
		t.Errorf("invalid rules accepted: %v", err)
	}
	if _, err := ParseRules([]byte(`{"grade_a": "x"}`)); err == nil {
		t.Error("malformed JSON accepted")
	}
	// Cuts encode as JSON, unreached points included.
	c := ComputeCuts([]Input{buyer(3, 2, 500)}, DefaultRules(), testNow())
	cj, err := json.Marshal(c)
	if err != nil {
		t.Fatalf("cuts JSON: %v", err)
	}
	var c2 Cuts
	if err := json.Unmarshal(cj, &c2); err != nil || !c2.Equal(c) {
		t.Errorf("cuts round trip: %v %s", err, cj)
	}
	if !strings.Contains(string(cj), `"avg_m":5`) || !strings.Contains(string(cj), `"n":1`) {
		t.Errorf("cuts JSON %s", cj)
	}
}
