package rulesfile

import (
	"errors"
	"regexp"
	"strings"

	"github.com/kehu-app/kehu/tiering"
)

// validated adds a problem, on the file's key and line, for every problem
// tiering.Rules.Validate finds in r. The checks above cover each of its
// rules with a message of their own; this is the net for a rule added
// there and not here, so that it too is told with its line and in the
// user's language.
func (c *checker) validated(r tiering.Rules) {
	err := r.Validate()
	if err == nil {
		return
	}
	var list tiering.RuleErrors
	if !errors.As(err, &list) {
		c.add("", "rulesfile.other", err)
		return
	}
	for _, e := range list {
		key := fileKey(e.Field)
		c.list = append(c.list, Problem{Line: c.lineOf(key), Key: key, err: e})
	}
}

// indexSuffix is a list index closing a field's path: thresholds[2].
var indexSuffix = regexp.MustCompile(`\[\d+\]$`)

// fileKey is the rules file's key for a field of the stored rules
// (tiering's JSON path): policies.A.discount is grades.A.discount,
// extra[0].weight is columns[0].weight, weight_r is weights.r.
func fileKey(field string) string {
	field = indexSuffix.ReplaceAllString(field, "")
	parts := strings.Split(field, ".")
	switch head := parts[0]; {
	case len(parts) == 1:
		if k, ok := map[string]string{"weight_r": "weights.r", "weight_f": "weights.f", "weight_m": "weights.m",
			"weight_loyalty": "weights.loyalty", "grade_a": "grade_lines.a", "grade_b": "grade_lines.b",
			"churn_model": "churn.model", "churn_p_alive": "churn.p_alive", "churn_top_share": "churn.top_share",
			"horizon_days": "churn.horizon_days", "monthly_discount": "churn.monthly_discount",
			"labels": "grades", "colors": "grades", "cadence": "grades", "policies": "grades", "extra": "columns"}[head]; ok {
			return k
		}
		return field
	case head == "r" || head == "f" || head == "m":
		return "dimensions." + field
	case head == "labels" && len(parts) == 2:
		return "grades." + parts[1] + ".label"
	case head == "colors" && len(parts) == 2:
		return "grades." + parts[1] + ".color"
	case head == "cadence" && len(parts) == 2:
		return "grades." + parts[1] + ".cadence_days"
	case head == "policies":
		return "grades." + strings.Join(parts[1:], ".")
	case strings.HasPrefix(head, "extra["):
		return "columns" + strings.TrimPrefix(field, "extra")
	}
	return field
}
