package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// MovementDays is how far back TierSummary looks for grade movements.
const MovementDays = 30

// SegmentNone is the TierRow key of the customers without a segment (no
// purchase within the window).
const SegmentNone = "none"

// Summary is the tier summary: customers and spend per grade and per
// segment, and the grade movements of the last MovementDays days.
type Summary struct {
	Date       string        `json:"date"`
	Customers  int           `json:"customers"`
	TotalSpend int64         `json:"total_spend"` // fen
	Grades     []TierRow     `json:"grades"`      // A, B, C, D
	Segments   []TierRow     `json:"segments"`    // tiering.Segments() order, then SegmentNone
	Movements  Movements     `json:"movements"`
	rules      tiering.Rules // what the policies are rendered from
	// Member account totals, customers in the trash included (what they
	// hold or owe is still held or owed): stored value held and credit
	// outstanding in fen, points not yet redeemed or expired.
	StoredValue       int64 `json:"stored_value"`
	CreditOutstanding int64 `json:"credit_outstanding"`
	PointsLiability   int64 `json:"points_liability"`
}

// TierRow is one grade or segment of the summary.
type TierRow struct {
	Key        string  `json:"key"`             // grade letter, segment key or SegmentNone
	Label      string  `json:"label,omitempty"` // the owner's label (grades)
	Color      string  `json:"color,omitempty"` // the grade colour (grades)
	Count      int     `json:"count"`
	Spend      int64   `json:"spend"`       // total spend in fen
	CountShare float64 `json:"count_share"` // of all customers, 0..1
	SpendShare float64 `json:"spend_share"` // of all spend, 0..1 (0 when the total is not positive)
	// Policy is the grade's service policy (grades only).
	Policy *GradePolicy `json:"policy,omitempty"`
}

// Movements are the grade changes written to grade history since Since.
type Movements struct {
	Since string      `json:"since"`
	Days  int         `json:"days"`
	Up    int         `json:"up"`    // changes to a better grade (C→B, D→C...)
	Down  int         `json:"down"`  // changes to a worse grade
	Moves []GradeMove `json:"moves"` // per old→new pair, most frequent first
}

// GradeMove counts one kind of grade change.
type GradeMove struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// TierSummary reads the tier summary: the counts and spend per grade and
// segment from their tally, the movements from the recent grade history.
func (s *Store) TierSummary(ctx context.Context) (Summary, error) {
	rules, err := s.Rules(ctx)
	if err != nil {
		return Summary{}, err
	}
	now := s.now()
	sum := Summary{Date: now.Format(parseDay), rules: rules}
	type acc struct {
		n     int
		spend int64
	}
	byGrade, bySeg := map[string]acc{}, map[string]acc{}
	// tier_tally holds the live customers' counts and spend per grade and
	// segment, kept by triggers (a pass over a million rows took seconds).
	rows, err := s.db.QueryContext(ctx, "SELECT grade, segment, n, spend FROM tier_tally WHERE n <> 0")
	if err != nil {
		return Summary{}, fmt.Errorf("tier summary: %w", err)
	}
	for rows.Next() {
		var g, seg string
		var n int
		var spend int64
		if err := rows.Scan(&g, &seg, &n, &spend); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
			return Summary{}, fmt.Errorf("tier summary: %w", err)
		}
		if seg == "" {
			seg = SegmentNone
		}
		sum.Customers += n
		sum.TotalSpend += spend
		a := byGrade[g]
		byGrade[g] = acc{a.n + n, a.spend + spend}
		a = bySeg[seg]
		bySeg[seg] = acc{a.n + n, a.spend + spend}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Summary{}, fmt.Errorf("tier summary: %w", err)
	}
	// Every grade and segment is listed, empty or not; anything else found
	// (never written by kehu) is still counted, after them.
	keys := func(fixed []string, m map[string]acc) []string {
		var extra []string
		for k := range m {
			if !slices.Contains(fixed, k) {
				extra = append(extra, k)
			}
		}
		slices.Sort(extra)
		return append(fixed, extra...)
	}
	for _, g := range keys(tiering.Grades(), byGrade) {
		a := byGrade[g]
		r := TierRow{Key: g, Count: a.n, Spend: a.spend}
		if tiering.ValidGrade(g) {
			r.Label, r.Color = rules.Label(g), rules.Color(g)
			r.Policy = policyOf(rules, g)
		}
		sum.Grades = append(sum.Grades, r)
	}
	for _, k := range keys(append(tiering.Segments(), SegmentNone), bySeg) {
		a := bySeg[k]
		sum.Segments = append(sum.Segments, TierRow{Key: k, Count: a.n, Spend: a.spend})
	}
	for _, list := range [][]TierRow{sum.Grades, sum.Segments} {
		for i := range list {
			r := &list[i]
			if sum.Customers > 0 {
				r.CountShare = float64(r.Count) / float64(sum.Customers)
			}
			if sum.TotalSpend > 0 {
				r.SpendShare = float64(r.Spend) / float64(sum.TotalSpend)
			}
		}
	}
	if sum.Movements, err = s.movements(ctx, now); err != nil {
		return Summary{}, err
	}
	if err := s.accountTotals(ctx, &sum); err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// movements counts, per old→new pair of the last MovementDays days, the
// customers with that move, as moved=old→new selects them: a customer who
// made the same move twice counts once, and a move taken back by undo (or
// an undo taken back by redo) is no move.
func (s *Store) movements(ctx context.Context, now time.Time) (Movements, error) {
	since := movementSince(now)
	mv := Movements{Since: since[:10], Days: MovementDays, Moves: []GradeMove{}}
	type pair struct{ from, to string }
	counts := map[pair]int{}
	// Only the live customers' moves count, as in the rest of the summary
	// and in every filter: the customers a move opens on are its count.
	// Customers with an undo or redo in the days are walked below.
	rows, err := s.db.QueryContext(ctx, `SELECT h.old_grade, h.new_grade, count(DISTINCT h.customer_id) FROM grade_history h
		JOIN customers c ON c.id = h.customer_id AND c.deleted_at IS NULL
		WHERE h.at >= ? AND h.customer_id NOT IN (SELECT customer_id FROM grade_history WHERE at >= ? AND reason IN (?, ?))
		GROUP BY h.old_grade, h.new_grade`, since, since, ReasonUndo, ReasonRedo)
	if err != nil {
		return mv, fmt.Errorf("tier summary: grade history: %w", err)
	}
	for rows.Next() {
		var p pair
		var n int
		if err := rows.Scan(&p.from, &p.to, &n); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
			return mv, fmt.Errorf("tier summary: grade history: %w", err)
		}
		counts[p] += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return mv, fmt.Errorf("tier summary: grade history: %w", err)
	}
	standing, err := s.standingMoves(ctx, since)
	if err != nil {
		return mv, err
	}
	for _, moves := range standing {
		for m := range moves {
			counts[pair{m[0], m[1]}]++
		}
	}
	for p, n := range counts {
		if p.from == p.to || n <= 0 {
			continue
		}
		if p.to < p.from {
			mv.Up += n
		} else {
			mv.Down += n
		}
		mv.Moves = append(mv.Moves, GradeMove{From: p.from, To: p.to, Count: n})
	}
	slices.SortFunc(mv.Moves, func(a, b GradeMove) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.From+a.To, b.From+b.To)
	})
	return mv, nil
}

// standingMoves gives, for each live customer with an undo or redo since
// since, the set of old→new moves since then that still stand: walking its
// history in order as a stack, an undo or redo that reverses the move on
// top takes it off, anything else goes on (as moved= walks it).
func (s *Store) standingMoves(ctx context.Context, since string) ([]map[[2]string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT customer_id, old_grade, new_grade, reason FROM grade_history
		WHERE at >= ? AND customer_id IN (SELECT customer_id FROM grade_history WHERE at >= ? AND reason IN (?, ?))
		AND EXISTS (SELECT 1 FROM customers c WHERE c.id = grade_history.customer_id AND c.deleted_at IS NULL)
		ORDER BY customer_id, at, id`, since, since, ReasonUndo, ReasonRedo)
	if err != nil {
		return nil, fmt.Errorf("tier summary: grade history: %w", err)
	}
	defer rows.Close()
	var out []map[[2]string]bool
	var stack [][2]string
	flush := func() {
		if len(stack) > 0 {
			set := map[[2]string]bool{}
			for _, m := range stack {
				set[m] = true
			}
			out = append(out, set)
		}
		stack = stack[:0]
	}
	cust := int64(-1)
	for rows.Next() {
		var id int64
		var mv [2]string
		var reason string
		if err := rows.Scan(&id, &mv[0], &mv[1], &reason); err != nil {
			return nil, fmt.Errorf("tier summary: grade history: %w", err)
		}
		if id != cust {
			flush()
			cust = id
		}
		n := len(stack)
		if (reason == ReasonUndo || reason == ReasonRedo) && n > 0 && stack[n-1] == [2]string{mv[1], mv[0]} {
			stack = stack[:n-1]
			continue
		}
		stack = append(stack, mv)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tier summary: grade history: %w", err)
	}
	flush()
	return out, nil
}

// Name is the row's display name in lang: the grade with the owner's label,
// or the segment's name.
func (r TierRow) Name(l i18n.Lang) string {
	if tiering.ValidGrade(r.Key) {
		if r.Label != "" && r.Label != r.Key {
			return r.Key + " " + r.Label
		}
		return r.Key
	}
	if r.Key == SegmentNone {
		return l.T("summary.segment.none")
	}
	return tiering.SegmentName(r.Key, string(l))
}

// Percent formats a share (0..1) as "12.3%".
func Percent(share float64) string {
	return strconv.FormatFloat(share*100, 'f', 1, 64) + "%"
}

// PolicyText renders grade g's service policy under the rules the summary
// was read with, on one line (see PolicyText).
func (s Summary) PolicyText(g string, l i18n.Lang) string { return PolicyText(s.rules, g, l) }
