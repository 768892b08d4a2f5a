// Package tiering grades customers A/B/C/D from their purchase data.
//
// Everything here is a pure function over plain inputs: no SQL, no UI, and
// the clock is always passed in. The model is classic RFM:
//
//   - R (recency) is the number of whole calendar days since the last
//     purchase; F (frequency) is the number of purchases in the window
//     (Rules.WindowDays, 365 by default); M (monetary) is the spend in the
//     window, in yuan.
//   - Each of R, F, M is scored 1..5, either by quintile among the customers
//     with at least one purchase in the window (the default) or by absolute
//     thresholds set by the owner.
//   - The weighted mean of the three scores (1..5) is mapped onto 0..100,
//     potential stars add up to Rules.PotentialBonus points, and the total is
//     capped at 100 and rounded to one decimal. A >= Rules.GradeA,
//     B >= Rules.GradeB, C otherwise; D when the customer never purchased.
//     A pinned grade overrides the computed one.
//   - Each customer in the window also gets one of the 8 Chinese RFM segments
//     (strictly better than the ledger average is high, equal is low) and
//     everyone gets a lifecycle stage (prospect, new, active, dormant,
//     churned; see NewDays, DormantDays, DormantGapFactor and ChurnDays).
//
// A customer is "in the window", and counts for the quintiles and averages,
// when Purchases > 0, Frequency > 0 and LastPurchase is set. Purchases but
// none in the window: F and M score 1, R scores 1 in quintile mode (by the
// thresholds in absolute mode), no segment. Purchases == 0: grade D, scores
// 0, stage prospect.
//
// # Dates
//
// Day counts are date based: a time's calendar date is taken in that time's
// own location (so a purchase date parsed as UTC midnight keeps its date
// when now is in time.Local), and the difference of the two dates is the
// number of days. Today is day 0. A purchase is in the window when it is
// fewer than WindowDays days old, i.e. on or after Rules.WindowStart.
//
// # Quintiles and ties
//
// Quintile scores use the mid-rank percentile of each value among the N
// customers with a purchase in the window:
//
//	p = (number of customers with a worse value + half the number with an equal value) / N
//	score = 1 + floor(5 × p)
//
// Customers with equal values always get equal scores (ties are never split)
// and a tie group lands on the score of its middle: when everyone is equal
// everyone scores 3, a lone customer scores 3, and 5 customers with distinct
// values score 1, 2, 3, 4 and 5. The rule is stored as cut points (Cuts):
// the smallest value (the largest day count for R) that reaches each of the
// scores 2..5, so a customer can be graded alone against stored cuts in
// microseconds, and a better value never gets a lower score.
package tiering
