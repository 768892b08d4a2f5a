package tiering

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-app/kehu/i18n"
)

// Modes of an extra dimension (ExtraDim.Mode).
const (
	// DimThresholds scores a number or money column 1..5 against four
	// ascending thresholds: value >= Thresholds[i] reaches score i+2.
	DimThresholds = "thresholds"
	// DimChoice scores a choice column by the owner's mapping of each
	// choice to a score 1..5; a choice not in the mapping scores 1.
	DimChoice = "choice"
	// DimQuintile scores a number or money column 1..5 by quintile among
	// the customers who have purchased and have a value in the column: the
	// cut points are computed over the ledger at grading time (Cuts.X).
	DimQuintile = "quintile"
)

// MaxExtraDims is how many columns besides R, F, M and loyalty may grade.
const MaxExtraDims = 8

// ExtraDim is a column of the owner's graded as a dimension of its own,
// beside R, F, M and loyalty. A customer whose cell is empty scores 1.
type ExtraDim struct {
	Column     string         `json:"column"` // the column's key
	Weight     float64        `json:"weight"`
	Mode       string         `json:"mode"` // DimThresholds, DimQuintile or DimChoice
	Thresholds [4]float64     `json:"thresholds"`
	Choices    map[string]int `json:"choices,omitempty"` // choice → score 1..5
}

// ExtraValue is one customer's value of an extra dimension: Num for a
// number (money in yuan), Text for a choice; Set is false for an empty cell.
type ExtraValue struct {
	Set  bool
	Num  float64
	Text string
}

// Loyalty points, each adding to a base score of 1 (the score is capped
// to 1..5).
const (
	// LoyaltyYearDays: a point for each full LoyaltyYearDays since the
	// first purchase, at most 2.
	LoyaltyYearDays = 365
	// LoyaltyActiveMonths: a point at 3 of the last 12 months with a
	// purchase, another at 6.
	LoyaltyActiveMonths = 3
)

// LoyaltyParts is how a loyalty score was made: 1, plus tenure, activity
// and referral points, less a point per open complaint (at most 2 each),
// kept within 1..5.
type LoyaltyParts struct {
	Score          int `json:"score"`
	TenureDays     int `json:"tenure_days"` // -1 when never purchased
	TenurePoints   int `json:"tenure_points"`
	ActiveMonths   int `json:"active_months"` // of the last 12, with a purchase
	ActivePoints   int `json:"active_points"`
	Referrals      int `json:"referrals"`
	ReferralPoints int `json:"referral_points"`
	OpenComplaints int `json:"open_complaints"`
	Penalty        int `json:"penalty"`
}

// Loyalty is a customer's loyalty as of now and how it was made, whatever
// its weight in the rules (tiers --explain and the loyalty column show it).
func Loyalty(in Input, now time.Time) LoyaltyParts {
	daysFirst := -1
	if !in.FirstPurchase.IsZero() {
		daysFirst = int(max(dayNumber(now)-dayNumber(in.FirstPurchase), 0))
	}
	return loyalty(&in, daysFirst)
}

// loyalty scores a customer's loyalty 1..5: 1, plus a point for each year
// since the first purchase (at most 2), a point at 3 and another at 6 of
// the last 12 months with a purchase, a point for the first referral and
// another at 3, less a point per open complaint (at most 2).
func loyalty(in *Input, daysFirst int) LoyaltyParts {
	p := LoyaltyParts{TenureDays: daysFirst, ActiveMonths: min(max(in.ActiveMonths, 0), 12),
		Referrals: max(in.Referrals, 0), OpenComplaints: max(in.OpenComplaints, 0)}
	if daysFirst >= 0 {
		p.TenurePoints = min(daysFirst/LoyaltyYearDays, 2)
	}
	p.ActivePoints = min(p.ActiveMonths/LoyaltyActiveMonths, 2)
	switch {
	case p.Referrals >= 3:
		p.ReferralPoints = 2
	case p.Referrals >= 1:
		p.ReferralPoints = 1
	}
	p.Penalty = min(p.OpenComplaints, 2)
	p.Score = min(max(1+p.TenurePoints+p.ActivePoints+p.ReferralPoints-p.Penalty, 1), 5)
	return p
}

// scoreExtra scores the value of extra dimension i 1..5; cuts give the
// quintile cut points.
func scoreExtra(d *ExtraDim, v ExtraValue, cuts *Cuts, i int) int {
	if !v.Set {
		return 1
	}
	switch d.Mode {
	case DimChoice:
		if s, ok := d.Choices[v.Text]; ok && s >= 1 && s <= 5 {
			return s
		}
		for k, s := range d.Choices {
			if strings.EqualFold(k, v.Text) && s >= 1 && s <= 5 {
				return s
			}
		}
		return 1
	case DimQuintile:
		if cuts.XN[i] <= 0 {
			return 3 // no one to compare with: scored as a lone customer
		}
		return 1 + countGE(v.Num, &cuts.X[i])
	default:
		return 1 + countGE(v.Num, &d.Thresholds)
	}
}

// NeedsLoyalty reports whether grading reads loyalty's inputs (referrals,
// open complaints, active months): only when loyalty has a weight.
func (r Rules) NeedsLoyalty() bool { return r.WeightLoyalty > 0 }

// validateExtra adds to p every problem of the loyalty weight and the
// extra dimensions.
func (r Rules) validateExtra(p *problems) {
	if !finite(r.WeightLoyalty) || r.WeightLoyalty < 0 {
		p.add(CodeNegative, "weight_loyalty", fmtFloat(r.WeightLoyalty))
	}
	if len(r.Extra) > MaxExtraDims {
		p.add(CodeTooManyColumns, "extra", MaxExtraDims, len(r.Extra))
	}
	seen := map[string]bool{}
	for i, d := range r.Extra {
		name := fmt.Sprintf("extra[%d]", i)
		switch {
		case strings.TrimSpace(d.Column) == "":
			p.add(CodeColumnMissing, name+".column")
		case seen[d.Column]:
			p.add(CodeColumnTwice, name+".column", d.Column)
		}
		seen[d.Column] = true
		if !finite(d.Weight) || d.Weight < 0 {
			p.add(CodeNegative, name+".weight", fmtFloat(d.Weight))
		}
		switch d.Mode {
		case DimThresholds:
			for j, v := range d.Thresholds {
				if !finite(v) {
					p.add(CodeNotFinite, fmt.Sprintf("%s.thresholds[%d]", name, j), fmtFloat(v))
				}
				if j > 0 && v < d.Thresholds[j-1] {
					p.add(CodeThresholdsUp, name+".thresholds", fmtThresholds(d.Thresholds))
					break
				}
			}
		case DimQuintile:
		case DimChoice:
			for _, k := range sortedKeys(d.Choices) {
				if s := d.Choices[k]; s < 1 || s > 5 {
					p.add(CodeChoiceScore, name+".choices."+k, s)
				}
			}
		default:
			p.add(CodeColumnMode, name+".mode", d.Mode)
		}
	}
}

// line says in l how the loyalty score was made, and its weight.
func (p LoyaltyParts) line(l i18n.Lang, weight float64) string {
	return l.T("explain.loyalty", p.Score, p.TenurePoints, max(p.TenureDays, 0), p.ActivePoints, p.ActiveMonths,
		p.ReferralPoints, p.Referrals, p.Penalty, p.OpenComplaints, fmtFloat(weight))
}

// line says in l how the column was scored, and its weight.
func (x ExtraExplanation) line(l i18n.Lang) string {
	if x.Value == "" {
		return l.T("explain.extra.empty", x.Column, x.Score, fmtFloat(x.Weight))
	}
	switch x.Mode {
	case DimChoice:
		var m []string
		for _, k := range sortedKeys(x.Choices) {
			m = append(m, k+"="+strconv.Itoa(x.Choices[k]))
		}
		return l.T("explain.extra.choice", x.Column, x.Value, x.Score, strings.Join(m, ", "), fmtFloat(x.Weight))
	case DimQuintile:
		if x.N <= 0 {
			return l.T("explain.extra.quintile.none", x.Column, x.Value, x.Score, fmtFloat(x.Weight))
		}
		parts := make([]string, 0, 4)
		for i, c := range x.Cuts {
			score := strconv.Itoa(i + 2)
			if c >= Unreached {
				parts = append(parts, l.T("explain.cut.unreached", score))
				continue
			}
			if i < 3 && c == x.Cuts[i+1] {
				continue // the same value reaches the next score too: show the higher one only
			}
			parts = append(parts, l.T("explain.cut", "≥"+fmtFloat(c), score))
		}
		return l.T("explain.extra.quintile", x.Column, x.Value, x.Score, strings.Join(parts, l.T("explain.sep")), x.N, fmtFloat(x.Weight))
	}
	return l.T("explain.extra.number", x.Column, x.Value, x.Score, fmtThresholds(x.Thresholds), fmtFloat(x.Weight))
}
