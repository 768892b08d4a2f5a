package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// profileBucket is profileBucketSQL in Go: the lowest window spend of v's
// bucket.
func profileBucket(v int64) int64 {
	if v < 0 {
		return math.MinInt64
	}
	if v < 100 {
		return v
	}
	d := strconv.FormatInt(v, 10)
	b, _ := strconv.ParseInt(d[:2]+strings.Repeat("0", len(d)-2), 10, 64)
	return b
}

// profileBucketEnd is the first window spend past bucket lo.
func profileBucketEnd(lo int64) int64 {
	if lo == math.MinInt64 {
		return 0
	}
	if lo < 100 {
		return lo + 1
	}
	step := int64(1)
	for range len(strconv.FormatInt(lo, 10)) - 2 {
		step *= 10
	}
	if lo > math.MaxInt64-step {
		return math.MaxInt64
	}
	return lo + step
}

// profileSums is one group's figures as the tally adds them up.
type profileSums struct {
	n, spend, winSpend, winCount, buyers, lastN, firsts, firstN int64
	active, fresh, dormant, churned, complaints                 int64
	lastJD, firstJD                                             float64
	buckets                                                     map[int64]int64 // bucket → customers
}

// openingRow is a customer whose opening figures count in the window: its
// window spend is not the stored one the tally and the index are keyed by.
type openingRow struct {
	id          int64
	key         string
	stored, all int64 // window spend without and with the opening figures
	count       int64 // the opening purchases
}

// julianDay is SQLite's julianday of an ISO day.
func julianDay(day string) (float64, error) {
	t, err := time.Parse(parseDay, day)
	if err != nil {
		return 0, err
	}
	return float64(t.Unix())/86400 + 2440587.5, nil
}

// profileGroupsTally works the groups out from profile_tally, the
// customers whose opening figures count in the window and, for each
// median, the customers of one bucket: all in one read transaction.
func (s *Store) profileGroupsTally(ctx context.Context, col, by, ws, today string, p *Profile) (map[string]*ProfileRow, error) {
	jdToday, err := julianDay(today)
	if err != nil {
		return nil, fmt.Errorf("tier profile: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("tier profile: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	sums, err := readProfileTally(ctx, tx, by)
	if err != nil {
		return nil, err
	}
	opening, err := readProfileOpening(ctx, tx, col, ws)
	if err != nil {
		return nil, err
	}
	openingIDs := map[int64]bool{}
	for _, o := range opening {
		g := sums[o.key]
		if g == nil {
			return nil, fmt.Errorf("tier profile: customer %d is not counted", o.id)
		}
		g.winSpend += o.all - o.stored
		g.winCount += o.count
		openingIDs[o.id] = true
		g.buckets[profileBucket(o.stored)]--
		g.buckets[profileBucket(o.all)]++
	}
	byKey := map[string]*ProfileRow{}
	for key, g := range sums {
		r := ProfileRow{Key: key, Customers: int(g.n), Spend: g.spend, Buyers: int(g.buyers), OpenComplaints: int(g.complaints)}
		if by == BySegment && r.Key == "" {
			r.Key = SegmentNone
		}
		n := float64(g.n)
		r.AvgSpend, r.AvgFrequency = float64(g.winSpend)/n, float64(g.winCount)/n
		if r.Buyers > 0 {
			r.AvgDaysSinceLast = (float64(g.lastN)*jdToday - g.lastJD) / float64(r.Buyers)
		}
		if g.firsts > 0 {
			r.AvgTenureDays = (float64(g.firstN)*jdToday - g.firstJD) / float64(g.firsts)
		}
		r.ActiveShare, r.NewShare = float64(g.active)/n, float64(g.fresh)/n
		r.DormantShare, r.ChurnedShare = float64(g.dormant)/n, float64(g.churned)/n
		m := profileMedian{tx: tx, col: col, key: key, sums: g, openingIDs: openingIDs, opening: opening}
		if r.MedianSpend, err = m.median(ctx); err != nil {
			return nil, err
		}
		p.Customers += r.Customers
		p.TotalSpend += r.Spend
		p.WindowSpend += g.winSpend
		byKey[r.Key] = &r
	}
	return byKey, nil
}

// readProfileTally adds each group's buckets up.
func readProfileTally(ctx context.Context, q queryer, by string) (map[string]*profileSums, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, bucket, n, spend, win_spend, win_count, buyers, last_n, last_jd,
		firsts, first_n, first_jd, active, fresh, dormant, churned, complaints FROM profile_tally WHERE dim = ? AND n <> 0`, by)
	if err != nil {
		return nil, fmt.Errorf("tier profile: %w", err)
	}
	defer rows.Close()
	out := map[string]*profileSums{}
	for rows.Next() {
		var key string
		var bucket int64
		var b profileSums
		if err := rows.Scan(&key, &bucket, &b.n, &b.spend, &b.winSpend, &b.winCount, &b.buyers, &b.lastN, &b.lastJD,
			&b.firsts, &b.firstN, &b.firstJD, &b.active, &b.fresh, &b.dormant, &b.churned, &b.complaints); err != nil {
			return nil, fmt.Errorf("tier profile: %w", err)
		}
		g := out[key]
		if g == nil {
			g = &profileSums{buckets: map[int64]int64{}}
			out[key] = g
		}
		g.n += b.n
		g.spend += b.spend
		g.winSpend += b.winSpend
		g.winCount += b.winCount
		g.buyers += b.buyers
		g.lastN += b.lastN
		g.lastJD += b.lastJD
		g.firsts += b.firsts
		g.firstN += b.firstN
		g.firstJD += b.firstJD
		g.active += b.active
		g.fresh += b.fresh
		g.dormant += b.dormant
		g.churned += b.churned
		g.complaints += b.complaints
		g.buckets[bucket] += b.n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tier profile: %w", err)
	}
	return out, nil
}

// readProfileOpening reads the live customers whose opening figures count
// in the window starting ws.
func readProfileOpening(ctx context.Context, q queryer, col, ws string) ([]openingRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, `+col+`, win_spend, opening_spend, opening_count FROM customers INDEXED BY customers_opening
		WHERE opening_count > 0 AND deleted_at IS NULL AND opening_last >= ?`, ws)
	if err != nil {
		return nil, fmt.Errorf("tier profile: opening figures: %w", err)
	}
	defer rows.Close()
	var out []openingRow
	for rows.Next() {
		var o openingRow
		var extra int64
		if err := rows.Scan(&o.id, &o.key, &o.stored, &extra, &o.count); err != nil {
			return nil, fmt.Errorf("tier profile: opening figures: %w", err)
		}
		o.all = o.stored + extra
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tier profile: opening figures: %w", err)
	}
	return out, nil
}

// profileMedian finds one group's median window spend from its buckets.
type profileMedian struct {
	tx         *sql.Tx
	col, key   string
	sums       *profileSums
	openingIDs map[int64]bool
	opening    []openingRow
	read       map[int64][]int64 // bucket → its spends in order
}

// median is the middle spend, or the two middle spends' mean.
func (m *profileMedian) median(ctx context.Context) (float64, error) {
	n := m.sums.n
	lo, err := m.at(ctx, (n-1)/2)
	if err != nil {
		return 0, err
	}
	if n%2 == 1 {
		return float64(lo), nil
	}
	hi, err := m.at(ctx, n/2)
	if err != nil {
		return 0, err
	}
	return (float64(lo) + float64(hi)) / 2, nil
}

// at is the spend at rank (0-based) in the group's spend order.
func (m *profileMedian) at(ctx context.Context, rank int64) (int64, error) {
	var order []int64
	for b, c := range m.sums.buckets {
		if c != 0 {
			order = append(order, b)
		}
	}
	slices.Sort(order)
	for _, b := range order {
		c := m.sums.buckets[b]
		if rank >= c {
			rank -= c
			continue
		}
		if profileBucketEnd(b) == b+1 {
			return b, nil // a bucket of one spend
		}
		vals, err := m.bucket(ctx, b)
		if err != nil {
			return 0, err
		}
		if int64(len(vals)) != c {
			return 0, fmt.Errorf("tier profile: bucket %d of %q holds %d customers, counted %d", b, m.key, len(vals), c)
		}
		return vals[rank], nil
	}
	return 0, fmt.Errorf("tier profile: %q has fewer than %d customers", m.key, rank+1)
}

// bucket lists the group's window spends within bucket lo, in order.
func (m *profileMedian) bucket(ctx context.Context, lo int64) ([]int64, error) {
	if v, ok := m.read[lo]; ok {
		return v, nil
	}
	hi := profileBucketEnd(lo)
	rows, err := m.tx.QueryContext(ctx, `SELECT id, win_spend FROM customers INDEXED BY customers_win_spend
		WHERE deleted_at IS NULL AND win_spend >= ? AND win_spend < ? AND `+m.col+` = ?`, lo, hi, m.key)
	if err != nil {
		return nil, fmt.Errorf("tier profile: median: %w", err)
	}
	defer rows.Close()
	var vals []int64
	for rows.Next() {
		var id, v int64
		if err := rows.Scan(&id, &v); err != nil {
			return nil, fmt.Errorf("tier profile: median: %w", err)
		}
		if !m.openingIDs[id] {
			vals = append(vals, v)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tier profile: median: %w", err)
	}
	for _, o := range m.opening {
		if o.key == m.key && o.all >= lo && o.all < hi {
			vals = append(vals, o.all)
		}
	}
	slices.Sort(vals)
	if m.read == nil {
		m.read = map[int64][]int64{}
	}
	m.read[lo] = vals
	return vals, nil
}
