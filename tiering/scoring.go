package tiering

import "reflect"

// mappingOnly blanks in r the fields that only map a score to a grade, or
// say what a grade means (labels, colours, cadences, policies, the churn
// warnings' settings): what is left decides every customer's score.
func mappingOnly(r Rules) Rules {
	r.GradeA, r.GradeB = 0, 0
	r.Labels, r.Colors, r.Cadence, r.Policies = nil, nil, nil, nil
	r.ChurnModel, r.ChurnPAlive, r.ChurnTopShare = "", 0, 0
	r.HorizonDays, r.MonthlyDiscount = 0, 0
	return r
}

// SameScoring reports whether r and o score every customer the same way:
// the same window, weights, dimensions, modes, thresholds and bonus, so
// that each customer's Score, R, F, M, segment and stage, and the ledger's
// Cuts, are the same under both; only the grade lines (GradeA, GradeB) and
// what the grades mean may differ. A field it does not know of counts as
// one that scores, so a false answer is always safe.
func (r Rules) SameScoring(o Rules) bool {
	return reflect.DeepEqual(mappingOnly(r), mappingOnly(o))
}

// GradeOf is the grade a customer with the given score gets under r:
// a valid pinned grade (any case) wins, a customer who never purchased is
// D, and the others are graded by the lines GradeA and GradeB, as Grade
// does.
func (r Rules) GradeOf(score float64, purchased bool, pinned string) string {
	if p := normPin(pinned); p != "" {
		return p
	}
	if !purchased {
		return "D"
	}
	g, _ := lineGrade(score, r.GradeA, r.GradeB)
	return g
}

// lineGrade is the grade of a purchasing customer's score by the lines,
// and the rule that decided it.
func lineGrade(score, gradeA, gradeB float64) (grade, rule string) {
	switch {
	case score >= gradeA:
		return "A", RuleGradeA
	case score >= gradeB:
		return "B", RuleGradeB
	}
	return "C", RuleGradeC
}
