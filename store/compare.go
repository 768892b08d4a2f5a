package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// Profile groupings: what ProfileBy groups customers by.
const (
	ByGrade    = "grade"
	BySegment  = "segment"
	BySource   = "source"
	ByIndustry = "industry"
	ByOwner    = "owner" // the staff member who looks after the customers
)

// ProfileGroupings lists the groupings TierProfile accepts.
func ProfileGroupings() []string { return []string{ByGrade, BySegment, BySource, ByIndustry, ByOwner} }

// Profile compares groups of customers side by side, as of Date: who they
// are, what they spend in the tiering window and how alive they are.
type Profile struct {
	Date        string       `json:"date"`
	By          string       `json:"by"`
	WindowStart string       `json:"window_start"` // first day of the tiering window
	Customers   int          `json:"customers"`
	TotalSpend  int64        `json:"total_spend"`  // every customer's total spend, fen
	WindowSpend int64        `json:"window_spend"` // spend within the window, fen
	Groups      []ProfileRow `json:"groups"`
}

// ProfileRow is one group of a Profile. Averages over days count only the
// customers who bought (Buyers): a prospect has no last or first purchase.
type ProfileRow struct {
	Key              string  `json:"key"`             // grade letter, segment key (SegmentNone), source, industry or owner ("" = not set)
	Label            string  `json:"label,omitempty"` // the owner's grade label
	Customers        int     `json:"customers"`
	Share            float64 `json:"share"`               // of all customers, 0..1
	Buyers           int     `json:"buyers"`              // customers with at least one purchase
	AvgSpend         float64 `json:"avg_spend"`           // window spend per customer, fen
	MedianSpend      float64 `json:"median_spend"`        // median window spend, fen
	AvgFrequency     float64 `json:"avg_frequency"`       // purchases in the window per customer
	AvgDaysSinceLast float64 `json:"avg_days_since_last"` // buyers only
	AvgTenureDays    float64 `json:"avg_tenure_days"`     // days since the first purchase, buyers only
	ActiveShare      float64 `json:"active_share"`        // stage active, 0..1 of the group
	NewShare         float64 `json:"new_share"`           // stage new
	DormantShare     float64 `json:"dormant_share"`       // stage dormant
	ChurnedShare     float64 `json:"churned_share"`       // stage churned
	OpenComplaints   int     `json:"open_complaints"`     // customers whose newest contact is a complaint
	Spend            int64   `json:"spend"`               // total spend, fen
	SpendShare       float64 `json:"spend_share"`         // of all customers' total spend, 0..1
}

// windowSpendSQL and windowCountSQL are a customer's spend and purchases
// within the window starting :ws. Opening figures (imported aggregates)
// count the way the grader counts them: when their last purchase is in it.
const (
	windowSpendSQL = "(win_spend + CASE WHEN opening_count > 0 AND opening_last >= :ws THEN opening_spend ELSE 0 END)"
	windowCountSQL = "(win_count + CASE WHEN opening_count > 0 AND opening_last >= :ws THEN opening_count ELSE 0 END)"
)

// profileGroupExpr is the SQL grouping expression of each grouping.
var profileGroupExpr = map[string]string{
	ByGrade: "grade", BySegment: "segment", BySource: "source", ByIndustry: "industry", ByOwner: "owner",
}

// TierProfile compares the customers grouped by by (a ProfileGroupings
// key), as of today and with the grades as they are stored: callers bring
// them up to date first. The figures are added up from profile_tally (see
// profile_tally.go), whatever the ledger's size.
func (s *Store) TierProfile(ctx context.Context, by string) (Profile, error) {
	return s.tierProfile(ctx, by, false)
}

// tierProfile is TierProfile; with scan it reads every customer instead of
// the tally (the straightforward computation the tally must agree with).
func (s *Store) tierProfile(ctx context.Context, by string, scan bool) (Profile, error) {
	if by == "" {
		by = ByGrade
	}
	expr, ok := profileGroupExpr[by]
	if !ok {
		return Profile{}, i18n.Errorf("compare.by", by, fmt.Sprint(ProfileGroupings()))
	}
	rules, err := s.Rules(ctx)
	if err != nil {
		return Profile{}, err
	}
	now := s.now()
	today := now.Format(parseDay)
	ws := rules.WindowStart(now).Format(parseDay)
	p := Profile{Date: today, By: by, WindowStart: ws}
	var byKey map[string]*ProfileRow
	if scan {
		byKey, err = s.profileGroupsScan(ctx, expr, by, ws, today, &p)
	} else {
		byKey, err = s.profileGroupsTally(ctx, expr, by, ws, today, &p)
	}
	if err != nil {
		return Profile{}, err
	}
	for _, k := range profileKeys(by, byKey) {
		r, ok := byKey[k]
		if !ok {
			r = &ProfileRow{Key: k}
		}
		if by == ByGrade && tiering.ValidGrade(k) {
			r.Label = rules.Label(k)
		}
		if p.Customers > 0 {
			r.Share = float64(r.Customers) / float64(p.Customers)
		}
		if p.TotalSpend > 0 {
			r.SpendShare = float64(r.Spend) / float64(p.TotalSpend)
		}
		p.Groups = append(p.Groups, *r)
	}
	return p, nil
}

// profileGroupsScan works the groups out in one GROUP BY pass over every
// customer; the median takes a second, sorted pass and open complaints a
// third over the contacts.
func (s *Store) profileGroupsScan(ctx context.Context, expr, by, ws, today string, p *Profile) (map[string]*ProfileRow, error) {
	winSpend, winCount := windowSpendSQL, windowCountSQL
	rows, err := s.db.QueryContext(ctx, `SELECT `+expr+`, count(*), coalesce(sum(total_spend), 0),
		coalesce(sum(`+winSpend+`), 0), coalesce(sum(`+winCount+`), 0),
		count(nullif(last_purchase, '')),
		coalesce(sum(CASE WHEN last_purchase <> '' THEN julianday(:today) - julianday(last_purchase) END), 0),
		coalesce(sum(CASE WHEN first_purchase <> '' THEN julianday(:today) - julianday(first_purchase) END), 0),
		count(nullif(first_purchase, '')),
		sum(stage = 'active'), sum(stage = 'new'), sum(stage = 'dormant'), sum(stage = 'churned')
		FROM customers WHERE deleted_at IS NULL GROUP BY 1`, sql.Named("ws", ws), sql.Named("today", today))
	if err != nil {
		return nil, fmt.Errorf("tier profile: %w", err)
	}
	defer rows.Close()
	byKey := map[string]*ProfileRow{}
	for rows.Next() {
		var r ProfileRow
		var spendW, countW, daysLast, daysFirst float64
		var firsts, active, fresh, dormant, churned int
		if err := rows.Scan(&r.Key, &r.Customers, &r.Spend, &spendW, &countW, &r.Buyers, &daysLast, &daysFirst, &firsts,
			&active, &fresh, &dormant, &churned); err != nil {
			return nil, fmt.Errorf("tier profile: %w", err)
		}
		if by == BySegment && r.Key == "" {
			r.Key = SegmentNone
		}
		n := float64(r.Customers)
		r.AvgSpend, r.AvgFrequency = spendW/n, countW/n
		if r.Buyers > 0 {
			r.AvgDaysSinceLast = daysLast / float64(r.Buyers)
		}
		if firsts > 0 {
			r.AvgTenureDays = daysFirst / float64(firsts)
		}
		r.ActiveShare, r.NewShare = float64(active)/n, float64(fresh)/n
		r.DormantShare, r.ChurnedShare = float64(dormant)/n, float64(churned)/n
		p.Customers += r.Customers
		p.TotalSpend += r.Spend
		p.WindowSpend += int64(spendW)
		row := r
		byKey[r.Key] = &row
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tier profile: %w", err)
	}
	if err := s.profileMedians(ctx, expr, winSpend, ws, by, byKey); err != nil {
		return nil, err
	}
	if err := s.profileComplaints(ctx, expr, by, byKey); err != nil {
		return nil, err
	}
	return byKey, nil
}

// profileKeys orders the groups: every grade and segment, empty or not, in
// their own order; sources and industries by size, the unset one last.
func profileKeys(by string, found map[string]*ProfileRow) []string {
	var fixed []string
	switch by {
	case ByGrade:
		fixed = tiering.Grades()
	case BySegment:
		fixed = append(tiering.Segments(), SegmentNone)
	}
	var extra []string
	for k := range found {
		if !slices.Contains(fixed, k) {
			extra = append(extra, k)
		}
	}
	slices.SortFunc(extra, func(a, b string) int {
		if (a == "") != (b == "") {
			if a == "" {
				return 1
			}
			return -1
		}
		if d := found[b].Customers - found[a].Customers; d != 0 {
			return d
		}
		if a < b {
			return -1
		}
		if a > b {
			return 1
		}
		return 0
	})
	return append(fixed, extra...)
}

// medianByScanGroups is the most groups whose medians are read one group at
// a time; past it one windowed pass over every customer is cheaper.
const medianByScanGroups = 16

// profileMedians fills each group's median window spend: the middle row (or
// the two middle rows' mean) of the group sorted by spend. A few groups are
// read one by one with LIMIT and OFFSET, which SQLite sorts keeping only
// half the group; many groups take one pass with window functions.
func (s *Store) profileMedians(ctx context.Context, expr, winSpend, ws, by string, byKey map[string]*ProfileRow) error {
	if len(byKey) > medianByScanGroups {
		return s.profileMediansWindowed(ctx, expr, winSpend, ws, by, byKey)
	}
	for k, r := range byKey {
		key := k
		if by == BySegment && k == SegmentNone {
			key = ""
		}
		n := r.Customers
		m, err := s.middleSpend(ctx, expr, winSpend, ws, key, 2-n%2, (n-1)/2)
		if err != nil {
			return err
		}
		r.MedianSpend = m
	}
	return nil
}

// middleSpend averages the window spends of group key at offset..offset+limit
// in spend order.
func (s *Store) middleSpend(ctx context.Context, expr, winSpend, ws, key string, limit, offset int) (float64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+winSpend+` AS v FROM customers WHERE deleted_at IS NULL AND `+expr+` = :key
		ORDER BY v LIMIT :limit OFFSET :offset`, sql.Named("ws", ws), sql.Named("key", key), sql.Named("limit", limit), sql.Named("offset", offset))
	if err != nil {
		return 0, fmt.Errorf("tier profile: median: %w", err)
	}
	defer rows.Close()
	var sum float64
	var n int
	for rows.Next() {
		var v float64
		if err := rows.Scan(&v); err != nil {
			return 0, fmt.Errorf("tier profile: median: %w", err)
		}
		sum += v
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("tier profile: median: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	return sum / float64(n), nil
}

// profileMediansWindowed is profileMedians in one pass over every customer.
func (s *Store) profileMediansWindowed(ctx context.Context, expr, winSpend, ws, by string, byKey map[string]*ProfileRow) error {
	rows, err := s.db.QueryContext(ctx, `WITH w AS (SELECT `+expr+` AS g, `+winSpend+` AS v,
		row_number() OVER (PARTITION BY `+expr+` ORDER BY `+winSpend+`) AS rn,
		count(*) OVER (PARTITION BY `+expr+`) AS n
		FROM customers WHERE deleted_at IS NULL)
		SELECT g, avg(v) FROM w WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY g`, sql.Named("ws", ws))
	if err != nil {
		return fmt.Errorf("tier profile: median: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var m float64
		if err := rows.Scan(&k, &m); err != nil {
			return fmt.Errorf("tier profile: median: %w", err)
		}
		if by == BySegment && k == "" {
			k = SegmentNone
		}
		if r := byKey[k]; r != nil {
			r.MedianSpend = m
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tier profile: median: %w", err)
	}
	return nil
}

// profileComplaints counts, per group, the customers whose newest contact
// is a complaint: nobody has been back in touch since they complained.
func (s *Store) profileComplaints(ctx context.Context, expr, by string, byKey map[string]*ProfileRow) error {
	rows, err := s.db.QueryContext(ctx, `SELECT c.`+expr+`, count(*) FROM customers c
		JOIN contacts k ON k.customer_id = c.id AND k.kind = 'complaint'
		WHERE c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM contacts l WHERE l.customer_id = k.customer_id
			AND (l.at > k.at OR (l.at = k.at AND l.id > k.id)))
		GROUP BY 1`)
	if err != nil {
		return fmt.Errorf("tier profile: complaints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return fmt.Errorf("tier profile: complaints: %w", err)
		}
		if by == BySegment && k == "" {
			k = SegmentNone
		}
		if r := byKey[k]; r != nil {
			r.OpenComplaints = n
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tier profile: complaints: %w", err)
	}
	return nil
}
