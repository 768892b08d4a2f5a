package tiering

import (
	"github.com/kehu-app/kehu/validate"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-app/kehu/i18n"
)

// DimExplanation is how one of R, F, M was scored.
type DimExplanation struct {
	Name string // "R", "F" or "M"
	// Value is the raw value: days since the last purchase for R (-1 when
	// unknown or never purchased), purchases in the window for F, spend in
	// the window in yuan for M.
	Value  float64
	Score  int     // 1..5; 0 when never purchased
	Weight float64 // weight used (the rule's, unless the rules were unusable)
	Basis  string  // how it was scored: one of the Basis* constants
	// Cuts are the cut points used when Basis is BasisQuintile (from Cuts)
	// or BasisAbsolute (the rule's thresholds): score i+2 needs
	// Value >= Cuts[i] for F and M, Value <= Cuts[i] for R.
	Cuts    [4]float64
	Average float64 // the ledger average the segment compares with (only in the window)
	High    bool    // better than the average: more recent (R), more (F, M)
}

// Explanation is the breakdown that produced a grade: raw values, scores,
// weights, the cut points or thresholds used, the score arithmetic, the
// rule that decided the grade, the segment and the stage with their
// reasons. Lines renders it for people.
type Explanation struct {
	ID       int64
	Grade    string // final grade letter
	Label    string // the owner's label for Grade
	Computed string // the grade the score alone gives (D when never purchased)
	Rule     string // what decided: one of the Rule* constants
	Pinned   string // the pinned grade, "" when none

	Score     float64 // final score, 0..100, one decimal
	R, F, M   DimExplanation
	WeightSum float64 // sum of the weights used
	Weighted  float64 // weighted mean of the scores, 1..5 (0 when never purchased)
	Base      float64 // (Weighted - 1) / 4 × 100 (0 when never purchased)

	Potential      int     // stars, 0..5
	PotentialBonus float64 // points 5 stars add (the rule)
	Bonus          float64 // points added: Potential / 5 × PotentialBonus
	Total          float64 // Base + Bonus before capping and rounding
	Capped         bool    // Total was above 100 and was capped

	GradeA, GradeB float64 // the grade thresholds
	WindowDays     int     // the window (Rules.Window)
	InWindow       bool    // has a purchase within the window
	N              int     // customers the quintiles were computed over
	Monetary       int64   // spend within the window in fen, exactly

	Segment        string  // segment key, "" outside the window
	Stage          string  // stage key
	DaysSinceLast  int     // -1 when unknown or never purchased
	DaysSinceFirst int     // -1 when unknown or never purchased
	MedianGapDays  float64 // as given
	DormantAfter   float64 // dormant beyond this many days: max(DormantDays, DormantGapFactor × MedianGapDays)

	Loyalty       LoyaltyParts       // loyalty's breakdown, whatever its weight
	LoyaltyWeight float64            // the weight used (0: loyalty does not count)
	Extra         []ExtraExplanation // the owner's columns graded as dimensions
}

// ExtraExplanation is how one of the owner's columns was scored.
type ExtraExplanation struct {
	ExtraDim
	Value string // the cell as read: a number, a choice, "" when empty
	Score int
	// Cuts are, in quintile mode, the values reaching scores 2..5 (from
	// Cuts.X; Unreached when no value reaches a score), over N customers.
	Cuts [4]float64
	N    int
}

// Explain grades one customer like Grade and returns the whole breakdown.
func Explain(in Input, cuts Cuts, rules Rules, now time.Time) Explanation {
	p := prepare(&rules)
	var k calc
	compute(&k, &in, &cuts, &p, dayNumber(now))
	e := Explanation{
		ID: in.ID, Grade: k.grade, Label: rules.Label(k.grade), Computed: k.computed,
		Rule: k.rule, Pinned: k.pinned, Score: k.score,
		WeightSum: p.wsum, Weighted: k.weighted, Base: k.base,
		Potential: k.potential, PotentialBonus: p.bonus, Bonus: k.bonus, Total: k.raw,
		Capped: round1(k.raw) > 100, GradeA: p.gradeA, GradeB: p.gradeB,
		WindowDays: rules.Window(), InWindow: k.inWindow, N: max(cuts.N, 0), Monetary: in.Monetary,
		Segment: k.segment, Stage: k.stage, DaysSinceLast: k.daysLast, DaysSinceFirst: k.daysFirst,
		MedianGapDays: in.MedianGapDays, DormantAfter: k.dormant,
	}
	e.Loyalty, e.LoyaltyWeight = loyalty(&in, k.daysFirst), p.wl
	for i := range p.extra {
		var v ExtraValue
		if i < len(in.Extra) {
			v = in.Extra[i]
		}
		x := ExtraExplanation{ExtraDim: p.extra[i], Score: scoreExtra(&p.extra[i], v, &cuts, i)}
		x.Weight = p.wx[i]
		if x.Mode == DimQuintile {
			x.Cuts, x.N = cuts.X[i], max(cuts.XN[i], 0)
		}
		switch {
		case !v.Set:
		case p.extra[i].Mode == DimChoice:
			x.Value = v.Text
		default:
			x.Value = fmtFloat(v.Num)
		}
		e.Extra = append(e.Extra, x)
	}
	dims := [3]*DimExplanation{&e.R, &e.F, &e.M}
	names := [3]string{"R", "F", "M"}
	quint := [3][4]float64{cuts.R, cuts.F, cuts.M}
	for d, de := range dims {
		de.Name, de.Value, de.Score, de.Weight, de.Basis = names[d], k.val[d], k.sc[d], p.w[d], k.basis[d].String()
		switch de.Basis {
		case BasisQuintile:
			de.Cuts = quint[d]
		case BasisAbsolute:
			de.Cuts = p.th[d]
		}
		de.Average, de.High = k.avg[d], k.high[d]
	}
	return e
}

// Lines renders the explanation as human-readable lines in lang ("zh" for
// Chinese, anything else English), in the words of the i18n catalogue: the
// grade and the rule that decided it, one line per dimension with its value,
// score, weight and cut points, the score arithmetic, the potential bonus,
// the segment and the stage, each with the numbers behind it.
func (e Explanation) Lines(lang string) []string {
	l := langOf(lang)
	var out []string
	add := func(parts ...string) { out = append(out, strings.Join(parts, "")) }
	score := fmtFixed(e.Score, 1)

	// The grade and what decided it.
	grade := e.Grade
	if e.Label != "" && e.Label != e.Grade {
		grade = l.T("explain.grade.label", e.Grade, e.Label)
	}
	var rule string
	switch e.Rule {
	case RulePinned:
		if e.Computed == "D" {
			rule = l.T("explain.rule.pinned.none")
		} else {
			rule = l.T("explain.rule.pinned", score, e.Computed)
		}
	case RuleNoPurchase:
		rule = l.T("explain.rule.nopurchase")
	case RuleGradeA:
		rule = l.T("explain.rule.a", score, fmtFloat(e.GradeA))
	case RuleGradeB:
		rule = l.T("explain.rule.b", score, fmtFloat(e.GradeB), fmtFloat(e.GradeA))
	default:
		rule = l.T("explain.rule.c", score, fmtFloat(e.GradeB))
	}
	add(l.T("explain.grade", grade, rule))

	window := strconv.Itoa(e.WindowDays)
	if e.R.Basis == BasisNoPurchase {
		add(l.T("explain.noscore"))
		add(l.T("explain.potential.only", strconv.Itoa(e.Potential), fmtFloat(e.PotentialBonus), fmtFixed(e.Bonus, 1), score))
	} else {
		// R
		if e.DaysSinceLast < 0 {
			add(l.T("explain.r.unknown"), e.R.scorePart(l, window))
		} else {
			add(l.T("explain.r", strconv.Itoa(e.DaysSinceLast)), e.R.scorePart(l, window))
		}
		// F
		fKey := "explain.f"
		if e.F.Value == 1 {
			fKey = "explain.f.one"
		}
		add(l.T(fKey, fmtFloat(e.F.Value), window), e.F.scorePart(l, window))
		// M
		add(l.T("explain.m", validate.FormatYuan(e.Monetary), window), e.M.scorePart(l, window))
		// Loyalty and the owner's columns, when they count.
		terms := ""
		if e.LoyaltyWeight > 0 {
			add(e.Loyalty.line(l, e.LoyaltyWeight))
			terms += " + " + fmtFloat(e.LoyaltyWeight) + "×" + strconv.Itoa(e.Loyalty.Score)
		}
		for _, x := range e.Extra {
			add(x.line(l))
			terms += " + " + fmtFloat(x.Weight) + "×" + strconv.Itoa(x.Score)
		}
		// Arithmetic.
		arith := "(" + fmtFloat(e.R.Weight) + "×" + strconv.Itoa(e.R.Score) +
			" + " + fmtFloat(e.F.Weight) + "×" + strconv.Itoa(e.F.Score) +
			" + " + fmtFloat(e.M.Weight) + "×" + strconv.Itoa(e.M.Score) + terms +
			") ÷ " + fmtFloat(e.WeightSum) + " = " + fmtFixed(e.Weighted, 2)
		mapped := "(" + fmtFixed(e.Weighted, 2) + " − 1) ÷ 4 × 100 = " + fmtFixed(e.Base, 1)
		add(l.T("explain.score", arith, mapped))
		stars := strconv.Itoa(e.Potential)
		bonus := "+" + stars + "/5 × " + fmtFloat(e.PotentialBonus) + " = +" + fmtFixed(e.Bonus, 1) + " → " + fmtFixed(e.Total, 1)
		if e.Capped {
			add(l.T("explain.potential.capped", stars, bonus))
		} else {
			add(l.T("explain.potential", stars, bonus))
		}
	}

	// Segment.
	switch {
	case e.Segment != "":
		cmp := func(high bool, lowerBetter bool) string {
			switch {
			case high && lowerBetter:
				return " < "
			case high:
				return " > "
			case lowerBetter:
				return " ≥ "
			}
			return " ≤ "
		}
		r := l.T("explain.seg.r", fmtFloat(e.R.Value), cmp(e.R.High, true), fmtFixed(e.R.Average, 1))
		f := l.T("explain.seg.f", fmtFloat(e.F.Value), cmp(e.F.High, false), fmtFixed(e.F.Average, 1))
		m := l.T("explain.seg.m", validate.FormatYuan(e.Monetary), cmp(e.M.High, false), validate.FormatYuanFloat(e.M.Average))
		add(l.T("explain.segment", SegmentName(e.Segment, lang), r, f, m))
	case e.R.Basis == BasisNoPurchase:
		add(l.T("explain.segment.none"))
	default:
		add(l.T("explain.segment.outside", window))
	}

	// Stage.
	last := strconv.Itoa(e.DaysSinceLast)
	dorm := l.T("explain.dormant", fmtFloat(e.DormantAfter), DormantDays, DormantGapFactor, fmtFixed(e.MedianGapDays, 1))
	var why string
	switch e.Stage {
	case StageProspect:
		why = l.T("explain.stage.prospect")
	case StageNew:
		why = l.T("explain.stage.new", strconv.Itoa(e.DaysSinceFirst), NewDays)
	case StageChurned:
		if e.DaysSinceLast < 0 {
			why = l.T("explain.stage.unknown")
		} else {
			why = l.T("explain.stage.churned", last, ChurnDays)
		}
	case StageDormant:
		why = l.T("explain.stage.dormant", last, dorm)
	default:
		why = l.T("explain.stage.active", last, dorm)
	}
	add(l.T("explain.stage", StageName(e.Stage, lang), why))
	return out
}

// scorePart renders " → s/5, weight w; cut points..." for one dimension.
func (d DimExplanation) scorePart(l i18n.Lang, window string) string {
	head := l.T("explain.part", strconv.Itoa(d.Score), fmtFloat(d.Weight))
	switch d.Basis {
	case BasisOutsideWindow:
		if d.Name == "R" {
			return l.T("explain.part.outside.r", window) + head
		}
		return head + l.T("explain.part.outside")
	case BasisEmptyLedger:
		return head + l.T("explain.part.empty")
	case BasisUnknown:
		return head
	}
	parts := make([]string, 0, 4)
	for i, c := range d.Cuts {
		unreached := d.Basis == BasisQuintile && (c >= Unreached || c <= -Unreached)
		if i < 3 && c == d.Cuts[i+1] && !unreached {
			continue // the same value reaches the next score too: show the higher one only
		}
		score := strconv.Itoa(i + 2)
		if unreached {
			parts = append(parts, l.T("explain.cut.unreached", score))
			continue
		}
		var v string
		switch d.Name {
		case "R":
			v = l.T("explain.cut.r", fmtFloat(c))
		case "F":
			v = l.T("explain.cut.f", fmtFloat(c))
		default:
			v = "≥" + validate.FormatYuanFloat(c)
		}
		parts = append(parts, l.T("explain.cut", v, score))
	}
	label := "explain.part.quintile"
	if d.Basis == BasisAbsolute {
		label = "explain.part.absolute"
	}
	return head + l.T(label, strings.Join(parts, l.T("explain.sep")))
}

// fmtFloat formats with the fewest digits that round-trip.
func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// fmtFixed formats with n decimals.
func fmtFixed(f float64, n int) string { return strconv.FormatFloat(f, 'f', n, 64) }
