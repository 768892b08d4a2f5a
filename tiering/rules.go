package tiering

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Scoring modes of a DimRule.
const (
	// ModeQuintile scores a dimension 1..5 by quintile among the customers
	// with a purchase in the window. An empty Mode means ModeQuintile.
	ModeQuintile = "quintile"
	// ModeAbsolute scores a dimension 1..5 against the owner's four
	// thresholds.
	ModeAbsolute = "absolute"
)

// Limits checked by Rules.Validate.
const (
	// MaxWindowDays is the longest window Rules.Validate accepts (10 years).
	MaxWindowDays = 3650
	// MaxLabelRunes is the longest grade label Rules.Validate accepts.
	MaxLabelRunes = 32
	// MaxCadenceDays is the longest follow-up cadence Rules.Validate accepts.
	MaxCadenceDays = 3650
)

// DimRule says how one of R, F, M is scored 1..5.
type DimRule struct {
	// Mode is ModeQuintile (the default, also when empty) or ModeAbsolute.
	Mode string `json:"mode"`
	// Thresholds are, in absolute mode, the 4 cut points between the scores
	// 1|2|3|4|5. For F (purchase count) and M (yuan, not fen) higher is
	// better: value >= Thresholds[i] reaches score i+2, so they ascend. For R
	// (days since last purchase) lower is better: days <= Thresholds[i]
	// reaches score i+2, so they descend (e.g. 180, 90, 30, 7). Ignored in
	// quintile mode.
	Thresholds [4]float64 `json:"thresholds"`
}

// Absolute reports whether the rule scores by absolute thresholds.
func (d DimRule) Absolute() bool { return d.Mode == ModeAbsolute }

// Rules are the owner's tiering settings, stored as JSON in the ledger.
//
// Decode stored JSON with ParseRules (or json.Unmarshal over DefaultRules())
// so fields missing from older JSON keep their defaults.
type Rules struct {
	// WindowDays is the length of the F and M window in days (365).
	WindowDays int `json:"window_days"`
	// WeightR is the weight of the R score (0.3).
	WeightR float64 `json:"weight_r"`
	// WeightF is the weight of the F score (0.3).
	WeightF float64 `json:"weight_f"`
	// WeightM is the weight of the M score (0.4).
	WeightM float64 `json:"weight_m"`
	// PotentialBonus is the number of points 5 potential stars add (10);
	// each star adds a fifth of it.
	PotentialBonus float64 `json:"potential_bonus"`
	// GradeA is the lowest score graded A (80).
	GradeA float64 `json:"grade_a"`
	// GradeB is the lowest score graded B (60).
	GradeB float64 `json:"grade_b"`
	// Labels maps A, B, C, D to the owner's label; a missing or empty label
	// is the letter itself.
	Labels map[string]string `json:"labels"`
	// Colors maps A, B, C, D to a hex colour such as "#d4a017".
	Colors map[string]string `json:"colors"`
	// R is how recency is scored.
	R DimRule `json:"r"`
	// F is how frequency is scored.
	F DimRule `json:"f"`
	// M is how monetary value is scored.
	M DimRule `json:"m"`
	// Cadence is the follow-up cadence in days per grade: A 14, B 30, C 90,
	// D 0 (0 = no automatic follow-up).
	Cadence map[string]int `json:"cadence"`
	// Policies are the service policy per grade (see Policy); a grade
	// without an entry has the default policy.
	Policies map[string]Policy `json:"policies"`
	// WeightLoyalty is the weight of the loyalty score (0: loyalty does not
	// count).
	WeightLoyalty float64 `json:"weight_loyalty"`
	// Extra are the owner's columns graded as dimensions of their own.
	Extra []ExtraDim `json:"extra"`
	// ChurnModel is the purchase model the ledger fits: ModelBGNBD (the
	// default) or ModelMBGNBD, which also gives one-time buyers a real
	// probability of still being active.
	ChurnModel string `json:"churn_model"`
	// ChurnPAlive is the probability of still being active below which a
	// valuable customer is a churn warning (0.5).
	ChurnPAlive float64 `json:"churn_p_alive"`
	// ChurnTopShare is the share of customers, by value were they still
	// active, that a churn warning considers valuable (0.2: the top fifth).
	ChurnTopShare float64 `json:"churn_top_share"`
	// HorizonDays is the horizon of the expected purchases (90 days).
	HorizonDays int `json:"horizon_days"`
	// MonthlyDiscount is the discount rate per month of the 12-month
	// customer value (0.01).
	MonthlyDiscount float64 `json:"monthly_discount"`
}

// The purchase models a ledger may fit (Rules.ChurnModel).
const (
	ModelBGNBD  = "bg/nbd"
	ModelMBGNBD = "mbg/nbd"
)

// MaxHorizonDays is the longest expected-purchase horizon Rules.Validate accepts.
const MaxHorizonDays = 3650

// DefaultRules returns the default tiering rules: a 365-day window, weights
// R 0.3, F 0.3, M 0.4, potential bonus 10, A >= 80, B >= 60, quintile
// scoring for all three dimensions (with sensible absolute thresholds filled
// in for when the owner switches a dimension to absolute), the letters as
// labels, default colours, cadences and service policies. Each call returns fresh maps.
func DefaultRules() Rules {
	return Rules{
		WindowDays:      365,
		WeightR:         0.3,
		WeightF:         0.3,
		WeightM:         0.4,
		PotentialBonus:  10,
		GradeA:          80,
		GradeB:          60,
		Labels:          map[string]string{"A": "A", "B": "B", "C": "C", "D": "D"},
		Colors:          map[string]string{"A": defaultColor("A"), "B": defaultColor("B"), "C": defaultColor("C"), "D": defaultColor("D")},
		R:               DimRule{Mode: ModeQuintile, Thresholds: [4]float64{180, 90, 30, 7}},
		F:               DimRule{Mode: ModeQuintile, Thresholds: [4]float64{2, 3, 5, 10}},
		M:               DimRule{Mode: ModeQuintile, Thresholds: [4]float64{100, 500, 2000, 10000}},
		Cadence:         map[string]int{"A": defaultCadence("A"), "B": defaultCadence("B"), "C": defaultCadence("C"), "D": defaultCadence("D")},
		Policies:        defaultPolicies(),
		ChurnModel:      ModelBGNBD,
		ChurnPAlive:     0.5,
		ChurnTopShare:   0.2,
		HorizonDays:     90,
		MonthlyDiscount: 0.01,
	}
}

func defaultColor(grade string) string {
	switch grade {
	case "A":
		return "#d4a017"
	case "B":
		return "#2e8b57"
	case "C":
		return "#4682b4"
	case "D":
		return "#808080"
	}
	return ""
}

func defaultCadence(grade string) int {
	switch grade {
	case "A":
		return 14
	case "B":
		return 30
	case "C":
		return 90
	}
	return 0
}

// ParseRules decodes rules stored as JSON over DefaultRules(), so fields
// and map keys missing from the JSON keep their defaults, and validates
// the result. Empty input gives DefaultRules().
func ParseRules(data []byte) (Rules, error) {
	r := DefaultRules()
	if len(strings.TrimSpace(string(data))) == 0 {
		return r, nil
	}
	if err := json.Unmarshal(data, &r); err != nil {
		// The decoder's own text is for developers; the owner is told which
		// field, when the decoder says, in the catalogue's words.
		field := "rules"
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			field = te.Field
		}
		var p problems
		p.add(CodeUnreadable, field)
		return DefaultRules(), p.err()
	}
	if err := r.Validate(); err != nil {
		return DefaultRules(), err
	}
	return r, nil
}

// Grades returns the grade letters A, B, C, D in order.
func Grades() []string { return []string{"A", "B", "C", "D"} }

// ValidGrade reports whether g is one of "A", "B", "C", "D".
func ValidGrade(g string) bool {
	return len(g) == 1 && g[0] >= 'A' && g[0] <= 'D'
}

// Label returns the owner's label for a grade letter, or the letter itself
// when none is set.
func (r Rules) Label(grade string) string {
	if l := r.Labels[grade]; strings.TrimSpace(l) != "" {
		return l
	}
	return grade
}

// Color returns the hex colour for a grade letter, falling back to the
// default colour (A "#d4a017", B "#2e8b57", C "#4682b4", D "#808080") when
// none is set; "" for an unknown grade.
func (r Rules) Color(grade string) string {
	if c := r.Colors[grade]; c != "" {
		return c
	}
	return defaultColor(grade)
}

// CadenceDays returns the follow-up cadence in days for a grade letter
// (0 = none), falling back to the default (A 14, B 30, C 90, D 0) when the
// grade has no entry.
func (r Rules) CadenceDays(grade string) int {
	if d, ok := r.Cadence[grade]; ok {
		return max(d, 0)
	}
	return defaultCadence(grade)
}

// Window returns WindowDays, or 365 when it is outside 1..MaxWindowDays.
func (r Rules) Window() int {
	if r.WindowDays < 1 || r.WindowDays > MaxWindowDays {
		return 365
	}
	return r.WindowDays
}

// WindowStart returns midnight, in now's location, of the first day of the
// window: a purchase dated on or after this day is within the window (it is
// fewer than Window() days old). Callers counting Input.Frequency and
// Input.Monetary should use it.
func (r Rules) WindowStart(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d-(r.Window()-1), 0, 0, 0, 0, now.Location())
}

// Validate checks the rules and returns every problem found as RuleErrors,
// each naming the JSON field, or nil when the rules are usable.
func (r Rules) Validate() error {
	var p problems
	if r.WindowDays < 1 || r.WindowDays > MaxWindowDays {
		p.add(CodeDaysRange, "window_days", 1, MaxWindowDays, r.WindowDays)
	}
	weightsOK := true
	for _, w := range []struct {
		name string
		v    float64
	}{{"weight_r", r.WeightR}, {"weight_f", r.WeightF}, {"weight_m", r.WeightM}} {
		if !finite(w.v) || w.v < 0 {
			p.add(CodeNegative, w.name, fmtFloat(w.v))
			weightsOK = false
		}
	}
	extraWeight := r.WeightLoyalty
	for _, d := range r.Extra {
		extraWeight += d.Weight
	}
	if weightsOK && r.WeightR+r.WeightF+r.WeightM+extraWeight <= 0 {
		p.add(CodeWeightsZero, "weights")
	}
	if !finite(r.PotentialBonus) || r.PotentialBonus < 0 || r.PotentialBonus > 100 {
		p.add(CodeBonusRange, "potential_bonus", fmtFloat(r.PotentialBonus))
	}
	gradesOK := true
	for _, g := range []struct {
		name string
		v    float64
	}{{"grade_a", r.GradeA}, {"grade_b", r.GradeB}} {
		if !finite(g.v) || g.v < 0 || g.v > 100 {
			p.add(CodeScoreRange, g.name, fmtFloat(g.v))
			gradesOK = false
		}
	}
	if gradesOK && r.GradeB > r.GradeA {
		p.add(CodeLinesOrder, "grade_b", fmtFloat(r.GradeB), fmtFloat(r.GradeA))
	}
	validateDim(&p, "r", r.R, true)
	validateDim(&p, "f", r.F, false)
	validateDim(&p, "m", r.M, false)

	for _, k := range sortedKeys(r.Labels) {
		v := r.Labels[k]
		field := "labels." + k
		switch {
		case !ValidGrade(k):
			p.add(CodeUnknownGrade, "labels", k)
		case !utf8.ValidString(v):
			p.add(CodeUTF8, field)
		case utf8.RuneCountInString(v) > MaxLabelRunes:
			p.add(CodeTooLong, field, MaxLabelRunes, utf8.RuneCountInString(v))
		case strings.IndexFunc(v, unicode.IsControl) >= 0:
			p.add(CodeControl, field)
		}
	}
	for _, k := range sortedKeys(r.Colors) {
		v := r.Colors[k]
		switch {
		case !ValidGrade(k):
			p.add(CodeUnknownGrade, "colors", k)
		case v != "" && !hexColor(v):
			p.add(CodeColor, "colors."+k, v)
		}
	}
	for _, k := range sortedKeys(r.Cadence) {
		v := r.Cadence[k]
		switch {
		case !ValidGrade(k):
			p.add(CodeUnknownGrade, "cadence", k)
		case v < 0 || v > MaxCadenceDays:
			p.add(CodeDaysRange, "cadence."+k, 0, MaxCadenceDays, v)
		}
	}
	r.validatePolicies(&p)
	r.validateExtra(&p)
	switch r.ChurnModel {
	case ModelBGNBD, ModelMBGNBD:
	default:
		p.add(CodeModel, "churn_model", r.ChurnModel, ModelBGNBD, ModelMBGNBD)
	}
	if !finite(r.ChurnPAlive) || r.ChurnPAlive <= 0 || r.ChurnPAlive >= 1 {
		p.add(CodeProbability, "churn_p_alive", fmtFloat(r.ChurnPAlive))
	}
	if !finite(r.ChurnTopShare) || r.ChurnTopShare <= 0 || r.ChurnTopShare > 1 {
		p.add(CodeShare, "churn_top_share", fmtFloat(r.ChurnTopShare))
	}
	if r.HorizonDays < 1 || r.HorizonDays > MaxHorizonDays {
		p.add(CodeDaysRange, "horizon_days", 1, MaxHorizonDays, r.HorizonDays)
	}
	if !finite(r.MonthlyDiscount) || r.MonthlyDiscount < 0 || r.MonthlyDiscount > 1 {
		p.add(CodeUnitRange, "monthly_discount", fmtFloat(r.MonthlyDiscount))
	}
	return p.err()
}

func validateDim(p *problems, name string, d DimRule, lowerBetter bool) {
	switch d.Mode {
	case "", ModeQuintile:
		return
	case ModeAbsolute:
	default:
		p.add(CodeDimMode, name+".mode", d.Mode)
		return
	}
	t := d.Thresholds
	for i, v := range t {
		field := fmt.Sprintf("%s.thresholds[%d]", name, i)
		if !finite(v) {
			p.add(CodeNotFinite, field, fmtFloat(v))
			return
		}
		if name != "m" && v < 0 {
			p.add(CodeThresholdNegative, field, fmtFloat(v))
			return
		}
	}
	for i := 1; i < 4; i++ {
		if lowerBetter && t[i] > t[i-1] {
			p.add(CodeThresholdsDown, name+".thresholds", fmtThresholds(t))
			return
		}
		if !lowerBetter && t[i] < t[i-1] {
			p.add(CodeThresholdsUp, name+".thresholds", fmtThresholds(t))
			return
		}
	}
}

func fmtThresholds(t [4]float64) string {
	return fmtFloat(t[0]) + ", " + fmtFloat(t[1]) + ", " + fmtFloat(t[2]) + ", " + fmtFloat(t[3])
}

func hexColor(s string) bool {
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
