package tiering

import (
	"math"
	"strconv"
	"strings"
	"time"
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
// Chinese, anything else English): the grade and the rule that decided it,
// one line per dimension with its value, score, weight and cut points, the
// score arithmetic, the potential bonus, the segment and the stage, each
// with the numbers behind it.
func (e Explanation) Lines(lang string) []string {
	zh := isZh(lang)
	t := func(z, en string) string {
		if zh {
			return z
		}
		return en
	}
	var out []string
	add := func(parts ...string) { out = append(out, strings.Join(parts, "")) }
	score := fmtFixed(e.Score, 1)

	// The grade and what decided it.
	head := t("等级 ", "Grade ") + e.Grade
	if e.Label != "" && e.Label != e.Grade {
		head += t("（"+e.Label+"）", " ("+e.Label+")")
	}
	head += t("：", ": ")
	switch e.Rule {
	case RulePinned:
		if e.Computed == "D" {
			add(head, t("已手动固定（尚未购买，否则为 D）", "pinned by the owner (no purchase yet, otherwise D)"))
		} else {
			add(head, t("已手动固定（仅按得分 "+score+" 应为 "+e.Computed+"）",
				"pinned by the owner (the score "+score+" alone gives "+e.Computed+")"))
		}
	case RuleNoPurchase:
		add(head, t("尚未购买（潜在客户）", "no purchase yet (prospect)"))
	case RuleGradeA:
		add(head, t("得分 "+score+" ≥ "+fmtFloat(e.GradeA)+"（A 级线）",
			"score "+score+" ≥ "+fmtFloat(e.GradeA)+" (the A line)"))
	case RuleGradeB:
		add(head, t("得分 "+score+" ≥ "+fmtFloat(e.GradeB)+"（B 级线），且 < "+fmtFloat(e.GradeA),
			"score "+score+" ≥ "+fmtFloat(e.GradeB)+" (the B line) and < "+fmtFloat(e.GradeA)))
	default:
		add(head, t("得分 "+score+" < "+fmtFloat(e.GradeB)+"（B 级线）",
			"score "+score+" < "+fmtFloat(e.GradeB)+" (the B line)"))
	}

	window := strconv.Itoa(e.WindowDays)
	if e.R.Basis == BasisNoPurchase {
		add(t("R、F、M：尚未购买，不评分", "R, F, M: not scored, no purchase yet"))
		add(t("得分：仅潜力 "+strconv.Itoa(e.Potential)+" 星 × "+fmtFloat(e.PotentialBonus)+" ÷ 5 = "+fmtFixed(e.Bonus, 1)+" → "+score,
			"Score: potential only, "+strconv.Itoa(e.Potential)+"★ × "+fmtFloat(e.PotentialBonus)+" ÷ 5 = "+fmtFixed(e.Bonus, 1)+" → "+score))
	} else {
		// R
		var v string
		if e.DaysSinceLast < 0 {
			v = t("R（最近购买）：上次购买日期未知", "R (recency): last purchase date unknown")
		} else {
			d := strconv.Itoa(e.DaysSinceLast)
			v = t("R（最近购买）：距上次购买 "+d+" 天", "R (recency): "+d+" days since the last purchase")
		}
		add(v, e.R.scorePart(zh, window))
		// F
		f := fmtFloat(e.F.Value)
		purchases := " purchases"
		if e.F.Value == 1 {
			purchases = " purchase"
		}
		add(t("F（购买频次）：近 "+window+" 天购买 "+f+" 次", "F (frequency): "+f+purchases+" in the last "+window+" days"), e.F.scorePart(zh, window))
		// M
		m := fmtFen(e.Monetary)
		add(t("M（消费金额）：近 "+window+" 天消费 "+m, "M (monetary): "+m+" spent in the last "+window+" days"), e.M.scorePart(zh, window))
		// Arithmetic.
		arith := "(" + fmtFloat(e.R.Weight) + "×" + strconv.Itoa(e.R.Score) +
			" + " + fmtFloat(e.F.Weight) + "×" + strconv.Itoa(e.F.Score) +
			" + " + fmtFloat(e.M.Weight) + "×" + strconv.Itoa(e.M.Score) +
			") ÷ " + fmtFloat(e.WeightSum) + " = " + fmtFixed(e.Weighted, 2)
		mapped := "(" + fmtFixed(e.Weighted, 2) + " − 1) ÷ 4 × 100 = " + fmtFixed(e.Base, 1)
		add(t("得分："+arith+"（1–5 分制），"+mapped, "Score: "+arith+" on 1–5, "+mapped))
		stars := strconv.Itoa(e.Potential)
		bonus := "+" + stars + "/5 × " + fmtFloat(e.PotentialBonus) + " = +" + fmtFixed(e.Bonus, 1) + " → " + fmtFixed(e.Total, 1)
		if e.Capped {
			add(t("潜力 "+stars+" 星："+bonus+"，封顶 100", "Potential "+stars+"★: "+bonus+", capped at 100"))
		} else {
			add(t("潜力 "+stars+" 星："+bonus, "Potential "+stars+"★: "+bonus))
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
		r := t("R "+fmtFloat(e.R.Value)+" 天"+cmp(e.R.High, true)+"平均 "+fmtFixed(e.R.Average, 1)+" 天",
			"R "+fmtFloat(e.R.Value)+" days"+cmp(e.R.High, true)+"average "+fmtFixed(e.R.Average, 1))
		f := t("F "+fmtFloat(e.F.Value)+" 次"+cmp(e.F.High, false)+"平均 "+fmtFixed(e.F.Average, 1)+" 次",
			"F "+fmtFloat(e.F.Value)+cmp(e.F.High, false)+"average "+fmtFixed(e.F.Average, 1))
		m := t("M "+fmtFen(e.Monetary)+cmp(e.M.High, false)+"平均 "+fmtYuan(e.M.Average),
			"M "+fmtFen(e.Monetary)+cmp(e.M.High, false)+"average "+fmtYuan(e.M.Average))
		add(t("分群：", "Segment: "), SegmentName(e.Segment, lang), " — ", r, t("，", ", "), f, t("，", ", "), m)
	case e.R.Basis == BasisNoPurchase:
		add(t("分群：无（尚未购买）", "Segment: none (no purchase yet)"))
	default:
		add(t("分群：无（近 "+window+" 天没有购买）", "Segment: none (no purchase in the last "+window+" days)"))
	}

	// Stage.
	name := StageName(e.Stage, lang)
	last := strconv.Itoa(e.DaysSinceLast)
	dorm := fmtFloat(e.DormantAfter) + t(" 天 = max("+strconv.Itoa(DormantDays)+", "+strconv.Itoa(DormantGapFactor)+" × 中位间隔 "+fmtFixed(e.MedianGapDays, 1)+" 天)",
		" days = max("+strconv.Itoa(DormantDays)+", "+strconv.Itoa(DormantGapFactor)+" × median gap "+fmtFixed(e.MedianGapDays, 1)+" days)")
	switch e.Stage {
	case StageProspect:
		add(t("阶段：", "Stage: "), name, t(" — 尚未购买", " — no purchase yet"))
	case StageNew:
		first := strconv.Itoa(e.DaysSinceFirst)
		add(t("阶段：", "Stage: "), name, t(" — 首次购买于 "+first+" 天前（< "+strconv.Itoa(NewDays)+" 天）",
			" — first purchase "+first+" days ago (< "+strconv.Itoa(NewDays)+")"))
	case StageChurned:
		if e.DaysSinceLast < 0 {
			add(t("阶段：", "Stage: "), name, t(" — 上次购买日期未知", " — last purchase date unknown"))
		} else {
			add(t("阶段：", "Stage: "), name, t(" — 已 "+last+" 天未购买（≥ "+strconv.Itoa(ChurnDays)+" 天）",
				" — no purchase for "+last+" days (≥ "+strconv.Itoa(ChurnDays)+")"))
		}
	case StageDormant:
		add(t("阶段：", "Stage: "), name, t(" — 已 "+last+" 天未购买（> "+dorm+"）",
			" — no purchase for "+last+" days (> "+dorm+")"))
	default:
		add(t("阶段：", "Stage: "), name, t(" — 距上次购买 "+last+" 天（超过 "+dorm+" 视为沉睡）",
			" — last purchase "+last+" days ago (dormant after "+dorm+")"))
	}
	return out
}

// scorePart renders " → s/5, weight w; cut points..." for one dimension.
func (d DimExplanation) scorePart(zh bool, window string) string {
	t := func(z, en string) string {
		if zh {
			return z
		}
		return en
	}
	s := strconv.Itoa(d.Score)
	w := fmtFloat(d.Weight)
	head := t(" → "+s+"/5 分，权重 "+w, " → "+s+"/5, weight "+w)
	switch d.Basis {
	case BasisOutsideWindow:
		if d.Name == "R" {
			return t("，不在近 "+window+" 天内", ", outside the "+window+"-day window") + head
		}
		return head + t("（窗口内没有购买）", " (no purchase in the window)")
	case BasisEmptyLedger:
		return head + t("（窗口内没有其他客户可比，按中间分）", " (no customers in the window to compare with: middle score)")
	case BasisUnknown:
		return head
	}
	label := t("；五分位切点：", "; quintile cut points: ")
	if d.Basis == BasisAbsolute {
		label = t("；固定阈值：", "; thresholds: ")
	}
	parts := make([]string, 0, 4)
	for i, c := range d.Cuts {
		unreached := d.Basis == BasisQuintile && (c >= Unreached || c <= -Unreached)
		if i < 3 && c == d.Cuts[i+1] && !unreached {
			continue // the same value reaches the next score too: show the higher one only
		}
		score := strconv.Itoa(i + 2)
		if unreached {
			parts = append(parts, t(score+" 分无人达到", score+" not reached"))
			continue
		}
		var v string
		switch d.Name {
		case "R":
			v = t("≤"+fmtFloat(c)+" 天", "≤"+fmtFloat(c)+" days")
		case "F":
			v = t("≥"+fmtFloat(c)+" 次", "≥"+fmtFloat(c))
		default:
			v = "≥" + fmtYuan(c)
		}
		parts = append(parts, t(v+" 得 "+score+" 分", v+" → "+score))
	}
	return head + label + strings.Join(parts, t("，", ", "))
}

// fmtFloat formats with the fewest digits that round-trip.
func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// fmtFixed formats with n decimals.
func fmtFixed(f float64, n int) string { return strconv.FormatFloat(f, 'f', n, 64) }

// fmtFen formats fen as yuan: ¥1,234.50, -¥12.00.
func fmtFen(fen int64) string {
	neg := fen < 0
	u := uint64(fen)
	if neg {
		u = -u
	}
	y := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString("¥")
	for i := range len(y) {
		if i > 0 && (len(y)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(y[i])
	}
	c := u % 100
	b.WriteByte('.')
	b.WriteByte(byte('0' + c/10))
	b.WriteByte(byte('0' + c%10))
	return b.String()
}

// fmtYuan formats a yuan amount rounded to the fen like fmtFen.
func fmtYuan(y float64) string {
	f := math.Round(y * 100)
	if !(math.Abs(f) < 1<<62) {
		return "¥" + strconv.FormatFloat(y, 'g', 6, 64)
	}
	return fmtFen(int64(f))
}
