package rulesfile

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// checker builds rules from a decoded file, collecting a problem for every
// value out of range.
type checker struct {
	lines map[string]int
	list  []Problem
}

// add records a problem on key (its line, or the line of the nearest table
// that holds it).
func (c *checker) add(key, msg string, args ...any) {
	c.list = append(c.list, Problem{Line: c.lineOf(key), Key: key, err: i18n.Errorf(msg, args...)})
}

// lineOf is the line of key, or of the nearest table that holds it; 0
// when the file gives none.
func (c *checker) lineOf(key string) int {
	for k := key; k != ""; {
		if l, ok := c.lines[k]; ok {
			return l
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// number checks an optional number against lo..hi and stores it in dst.
func (c *checker) number(key string, v *float64, lo, hi float64, dst *float64) {
	if v == nil {
		return
	}
	if !finite(*v) || *v < lo || *v > hi {
		c.add(key, "rulesfile.range", num(lo), num(hi), num(*v))
		return
	}
	*dst = *v
}

// integer checks an optional whole number against lo..hi and stores it in dst.
func (c *checker) integer(key string, v *int, lo, hi int, dst *int) {
	if v == nil {
		return
	}
	if *v < lo || *v > hi {
		c.add(key, "rulesfile.range", strconv.Itoa(lo), strconv.Itoa(hi), strconv.Itoa(*v))
		return
	}
	*dst = *v
}

// text checks an optional text: valid, at most limit characters, no
// control characters (newlines allowed with lines).
func (c *checker) text(key string, v *string, limit int, lines bool, dst *string) {
	if v == nil {
		return
	}
	s := *v
	switch {
	case !utf8.ValidString(s):
		c.add(key, "rulesfile.utf8")
	case utf8.RuneCountInString(s) > limit:
		c.add(key, "rulesfile.long", limit, utf8.RuneCountInString(s))
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && !(lines && r == '\n') }) >= 0:
		c.add(key, "rulesfile.control")
	default:
		*dst = s
	}
}

// rules is the default rules with every key of f laid over them.
func (c *checker) rules(f *file) tiering.Rules {
	r := tiering.DefaultRules()
	c.integer("window_days", f.WindowDays, 1, tiering.MaxWindowDays, &r.WindowDays)
	c.number("potential_bonus", f.PotentialBonus, 0, 100, &r.PotentialBonus)
	if w := f.Weights; w != nil {
		c.number("weights.r", w.R, 0, 1e6, &r.WeightR)
		c.number("weights.f", w.F, 0, 1e6, &r.WeightF)
		c.number("weights.m", w.M, 0, 1e6, &r.WeightM)
		c.number("weights.loyalty", w.Loyalty, 0, 1e6, &r.WeightLoyalty)
	}
	for i, cd := range f.Columns {
		c.column(fmt.Sprintf("columns[%d]", i), cd, &r)
	}
	if f.Weights != nil || len(f.Columns) > 0 {
		sum := r.WeightR + r.WeightF + r.WeightM + r.WeightLoyalty
		for _, d := range r.Extra {
			sum += d.Weight
		}
		if sum <= 0 {
			c.add("weights", "rulesfile.weights.zero")
		}
	}
	if g := f.GradeLines; g != nil {
		c.number("grade_lines.a", g.A, 0, 100, &r.GradeA)
		c.number("grade_lines.b", g.B, 0, 100, &r.GradeB)
		if r.GradeB > r.GradeA {
			c.add("grade_lines.b", "rulesfile.lines.order", num(r.GradeB), num(r.GradeA))
		}
	}
	if d := f.Dimensions; d != nil {
		c.dimension("dimensions.r", d.R, true, &r.R)
		c.dimension("dimensions.f", d.F, false, &r.F)
		c.dimension("dimensions.m", d.M, false, &r.M)
	}
	for _, g := range sortedKeys(f.Grades) {
		c.grade(g, f.Grades[g], &r)
	}
	if ch := f.Churn; ch != nil {
		if ch.Model != nil {
			switch *ch.Model {
			case tiering.ModelBGNBD, tiering.ModelMBGNBD:
				r.ChurnModel = *ch.Model
			default:
				c.add("churn.model", "rulesfile.model", *ch.Model)
			}
		}
		// A probability strictly inside (0, 1): at 0 nobody, at 1 everybody
		// would be a warning.
		c.number("churn.p_alive", ch.PAlive, 0.01, 0.99, &r.ChurnPAlive)
		c.number("churn.top_share", ch.TopShare, 0.01, 1, &r.ChurnTopShare)
		c.integer("churn.horizon_days", ch.HorizonDays, 1, tiering.MaxHorizonDays, &r.HorizonDays)
		c.number("churn.monthly_discount", ch.MonthlyDiscount, 0, 1, &r.MonthlyDiscount)
	}
	return r
}

// column checks one of the owner's columns graded as a dimension.
func (c *checker) column(key string, cd *columnDim, r *tiering.Rules) {
	if cd == nil {
		return
	}
	d := tiering.ExtraDim{Mode: tiering.DimThresholds}
	if cd.Column == nil || strings.TrimSpace(*cd.Column) == "" {
		c.add(key+".column", "rulesfile.column.missing")
	} else {
		d.Column = strings.TrimSpace(*cd.Column)
		for _, x := range r.Extra {
			if x.Column == d.Column {
				c.add(key+".column", "rulesfile.column.twice", d.Column)
			}
		}
	}
	c.number(key+".weight", cd.Weight, 0, 1e6, &d.Weight)
	if cd.Mode != nil {
		switch *cd.Mode {
		case tiering.DimThresholds, tiering.DimQuintile, tiering.DimChoice:
			d.Mode = *cd.Mode
		default:
			c.add(key+".mode", "rulesfile.column.mode", *cd.Mode)
		}
	}
	if d.Mode == tiering.DimChoice {
		d.Choices = map[string]int{}
		for _, k := range sortedKeys(cd.Choices) {
			if v := cd.Choices[k]; v < 1 || v > 5 {
				c.add(key+".choices."+k, "rulesfile.column.score", v)
			} else {
				d.Choices[k] = v
			}
		}
	} else if cd.Thresholds != nil {
		var dim tiering.DimRule
		c.dimension(key, &dimension{Thresholds: cd.Thresholds}, false, &dim)
		d.Thresholds = dim.Thresholds
	}
	if len(r.Extra) >= tiering.MaxExtraDims {
		c.add(key, "rulesfile.column.many", tiering.MaxExtraDims)
		return
	}
	r.Extra = append(r.Extra, d)
}

// dimension checks how one of R, F, M is scored.
func (c *checker) dimension(key string, d *dimension, lowerBetter bool, dst *tiering.DimRule) {
	if d == nil {
		return
	}
	if d.Mode != nil {
		switch *d.Mode {
		case tiering.ModeQuintile, tiering.ModeAbsolute:
			dst.Mode = *d.Mode
		default:
			c.add(key+".mode", "rulesfile.mode", *d.Mode)
		}
	}
	if d.Thresholds == nil {
		return
	}
	t := d.Thresholds
	if len(t) != 4 {
		c.add(key+".thresholds", "rulesfile.thresholds.count", len(t))
		return
	}
	for _, v := range t {
		if !finite(v) || v < 0 && !strings.HasSuffix(key, ".m") {
			c.add(key+".thresholds", "rulesfile.thresholds.value", num(v))
			return
		}
	}
	for i := 1; i < 4; i++ {
		if lowerBetter && t[i] > t[i-1] {
			c.add(key+".thresholds", "rulesfile.thresholds.down")
			return
		}
		if !lowerBetter && t[i] < t[i-1] {
			c.add(key+".thresholds", "rulesfile.thresholds.up")
			return
		}
	}
	copy(dst.Thresholds[:], t)
}

// grade checks one grade's label, colour, cadence and service policy.
func (c *checker) grade(g string, gc *gradeConfig, r *tiering.Rules) {
	key := "grades." + g
	if !tiering.ValidGrade(g) {
		c.add(key, "rulesfile.grade", g)
		return
	}
	if gc == nil {
		return
	}
	label := r.Labels[g]
	c.text(key+".label", gc.Label, tiering.MaxLabelRunes, false, &label)
	if strings.TrimSpace(label) == "" {
		label = g
	}
	r.Labels[g] = label
	if gc.Color != nil {
		if isHexColor(*gc.Color) {
			r.Colors[g] = *gc.Color
		} else {
			c.add(key+".color", "rulesfile.color", *gc.Color)
		}
	}
	cadence := r.Cadence[g]
	c.integer(key+".cadence_days", gc.CadenceDays, 0, tiering.MaxCadenceDays, &cadence)
	r.Cadence[g] = cadence

	p := r.Policy(g)
	if gc.Channels != nil {
		known := tiering.ContactChannels()
		var chs []string
		for _, ch := range gc.Channels {
			switch {
			case !slices.Contains(known, ch):
				c.add(key+".channels", "rulesfile.channel", ch, strings.Join(known, ", "))
			case slices.Contains(chs, ch):
				c.add(key+".channels", "rulesfile.channel.twice", ch)
			default:
				chs = append(chs, ch)
			}
		}
		if chs == nil {
			chs = []string{}
		}
		p.Channels = chs
	}
	c.number(key+".discount", gc.Discount, 0, 100, &p.Discount)
	c.number(key+".points_rate", gc.PointsRate, 0, tiering.MaxPointsRate, &p.PointsRate)
	c.text(key+".benefits", gc.Benefits, tiering.MaxBenefitsRunes, true, &p.Benefits)
	c.text(key+".owner", gc.Owner, tiering.MaxOwnerRunes, false, &p.Owner)
	p.Owner = strings.TrimSpace(p.Owner)
	r.Policies[g] = p
}

func isHexColor(s string) bool {
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, r := range s[1:] {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F') {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
