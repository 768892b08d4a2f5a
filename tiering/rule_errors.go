package tiering

import (
	"strconv"
	"strings"
)

// Codes of the problems Rules.Validate reports (RuleError.Code). Each is a
// message the caller renders in the user's language: the catalogue key is
// RuleErrorKeyPrefix + code, and the arguments are RuleError.Args, the
// field's path first.
const (
	// CodeDaysRange: a count of days out of range (field, lo, hi, got).
	CodeDaysRange = "days_range"
	// CodeNegative: a number below 0 or not a number (field, got).
	CodeNegative = "negative"
	// CodeThresholdNegative: a threshold of days or purchases below 0
	// (field, got).
	CodeThresholdNegative = "threshold_negative"
	// CodeNotFinite: a threshold that is not a finite number (field, got).
	CodeNotFinite = "not_finite"
	// CodeWeightsZero: every weight is 0 (field).
	CodeWeightsZero = "weights_zero"
	// CodeBonusRange: the potential bonus out of 0..100 points (field, got).
	CodeBonusRange = "bonus_range"
	// CodeScoreRange: a grade line out of 0..100 (field, got).
	CodeScoreRange = "score_range"
	// CodeLinesOrder: grade B's line above grade A's (field, b, a).
	CodeLinesOrder = "lines_order"
	// CodeDimMode: R, F or M scored by an unknown mode (field, got).
	CodeDimMode = "dim_mode"
	// CodeThresholdsDown: R's thresholds increase (field, thresholds).
	CodeThresholdsDown = "thresholds_down"
	// CodeThresholdsUp: thresholds that should ascend decrease (field,
	// thresholds).
	CodeThresholdsUp = "thresholds_up"
	// CodeUnknownGrade: a map keyed by a grade that is not A..D (field, got).
	CodeUnknownGrade = "unknown_grade"
	// CodeUTF8: a text that is not valid UTF-8 (field).
	CodeUTF8 = "utf8"
	// CodeTooLong: a text over its limit (field, limit, got).
	CodeTooLong = "too_long"
	// CodeControl: a text with control characters (field).
	CodeControl = "control"
	// CodeColor: not a hex colour (field, got).
	CodeColor = "color"
	// CodeModel: an unknown purchase model (field, got, model 1, model 2).
	CodeModel = "model"
	// CodeProbability: not strictly between 0 and 1 (field, got).
	CodeProbability = "probability"
	// CodeShare: not above 0 and at most 1 (field, got).
	CodeShare = "share"
	// CodeUnitRange: not between 0 and 1 (field, got).
	CodeUnitRange = "unit_range"
	// CodeTooManyColumns: more graded columns than MaxExtraDims (field,
	// limit, got).
	CodeTooManyColumns = "too_many_columns"
	// CodeColumnMissing: a graded column without a name (field).
	CodeColumnMissing = "column_missing"
	// CodeColumnTwice: a column graded twice (field, column).
	CodeColumnTwice = "column_twice"
	// CodeColumnMode: a graded column with an unknown mode (field, got).
	CodeColumnMode = "column_mode"
	// CodeChoiceScore: a choice mapped to a score outside 1..5 (field, got).
	CodeChoiceScore = "choice_score"
	// CodeChannelUnknown: an unknown contact channel (field, got, known).
	CodeChannelUnknown = "channel_unknown"
	// CodeChannelTwice: a channel listed twice (field, channel).
	CodeChannelTwice = "channel_twice"
	// CodePercentRange: a percent out of 0..100 (field, got).
	CodePercentRange = "percent_range"
	// CodeUnreadable: stored rules that do not decode (field); reported by
	// ParseRules, not Validate.
	CodeUnreadable = "unreadable"
	// CodePointsRate: a points rate out of 0..MaxPointsRate (field, hi, got).
	CodePointsRate = "points_rate"
)

// RuleErrorKeyPrefix starts the message catalogue's key of every code.
const RuleErrorKeyPrefix = "rules.validate."

// RuleErrorCodes lists every code Rules.Validate and ParseRules may report, so a caller
// can check that it has a message for each.
func RuleErrorCodes() []string {
	return []string{CodeDaysRange, CodeNegative, CodeThresholdNegative, CodeNotFinite, CodeWeightsZero, CodeBonusRange, CodeScoreRange,
		CodeLinesOrder, CodeDimMode, CodeThresholdsDown, CodeThresholdsUp, CodeUnknownGrade, CodeUTF8, CodeTooLong,
		CodeControl, CodeColor, CodeModel, CodeProbability, CodeShare, CodeUnitRange, CodeTooManyColumns,
		CodeColumnMissing, CodeColumnTwice, CodeColumnMode, CodeChoiceScore, CodeChannelUnknown, CodeChannelTwice,
		CodePercentRange, CodePointsRate, CodeUnreadable}
}

// RuleError is one problem of Rules: what is wrong (Code), where (Field,
// the JSON path such as "policies.A.discount" or "extra[0].thresholds") and
// the values the message names (Args: Field first, then the limits and the
// value found, as text). The package stays free of any message catalogue:
// the caller renders it (Localize).
type RuleError struct {
	Code  string
	Field string
	Args  []any
}

// Localize renders the problem with t, a catalogue lookup in the user's
// language (i18n.Lang.T).
func (e *RuleError) Localize(t func(key string, args ...any) string) string {
	return t(RuleErrorKeyPrefix+e.Code, e.Args...)
}

// Error names the field and the code, for logs; users read Localize.
func (e *RuleError) Error() string {
	parts := make([]string, 0, len(e.Args))
	for _, a := range e.Args[1:] {
		switch v := a.(type) {
		case string:
			parts = append(parts, strconv.Quote(v))
		case int:
			parts = append(parts, strconv.Itoa(v))
		}
	}
	return e.Field + ": " + e.Code + " " + strings.Join(parts, " ")
}

// RuleErrors are every problem Rules.Validate found, in the order checked.
type RuleErrors []*RuleError

// Error lists the problems, one a line, for logs.
func (es RuleErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Localize renders every problem with t, one a line.
func (es RuleErrors) Localize(t func(key string, args ...any) string) string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Localize(t)
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives the single problems, so errors.As finds each.
func (es RuleErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// problems collects RuleErrors while Validate checks.
type problems struct{ list RuleErrors }

// add records a problem of field; args follow the field in the message.
func (p *problems) add(code, field string, args ...any) {
	p.list = append(p.list, &RuleError{Code: code, Field: field, Args: append([]any{field}, args...)})
}

// err is the problems found as an error, nil when none.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return p.list
}
