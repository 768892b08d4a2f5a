package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// expiryDate is the day points earned on d are gone: d plus months.
func expiryDate(d string, months int) string {
	t := day(d)
	if t.IsZero() {
		return ""
	}
	return t.AddDate(0, months, 0).Format(parseDay)
}

// pointsExpiring is how many of held points have expired by the end of
// date at: what is held beyond the lots still good after that day. held
// lives in the newest lots, since spending takes the oldest first.
func pointsExpiring(lots []lot, held int64, months int, at string) int64 {
	var good int64
	for _, l := range lots {
		if expiryDate(l.date, months) > at {
			good += l.amount
		}
	}
	return max(0, held-good)
}

// expireDue writes off customer id's points that are past their age as of
// today, as an expire entry outside any undoable action (an undo must not
// bring back points the calendar took).
func (s *Store) expireDue(ctx context.Context, tx *sql.Tx, id int64) error {
	r, err := accountRules(ctx, tx)
	if err != nil || r.ExpiryMonths == 0 {
		return err
	}
	_, err = s.expireCustomer(ctx, tx, id, r.ExpiryMonths)
	return err
}

func (s *Store) expireCustomer(ctx context.Context, tx *sql.Tx, id int64, months int) (int64, error) {
	b, err := readBalances(ctx, tx, id)
	if err != nil || b.Points <= 0 {
		return 0, err
	}
	lots, err := liveLots(ctx, tx, id, AccountPoints)
	if err != nil {
		return 0, err
	}
	n := pointsExpiring(lots, b.Points, months, s.today())
	if n == 0 {
		return 0, nil
	}
	return n, s.post(ctx, tx, 0, &AccountEntry{CustomerID: id, Account: AccountPoints, Amount: -n, Kind: EntryExpire})
}

// ExpirePointsIfStale writes off, once a day, the points past their age as
// of today for every customer, so that every balance read after it is true
// as of today. It looks only at customers with points earned in the days
// whose points came of age since the last run, and takes the write lock
// only when one of them may have points to write off, waiting for another
// writer no longer than RegradeIfStale does. It returns the points written
// off; a read-only ledger is left as it is.
func (s *Store) ExpirePointsIfStale(ctx context.Context) (int64, error) {
	if s.readOnly {
		return 0, nil
	}
	r, err := s.AccountRules(ctx)
	if err != nil || r.ExpiryMonths == 0 {
		return 0, err
	}
	today := s.today()
	rangeSince := func(q queryer) (lo, hi string, stale bool, err error) {
		done, err := settingText(ctx, q, pointsExpiredKey)
		if err != nil || done >= today {
			return "", "", false, err
		}
		// Month ends make d + months land a few days late: read a few days
		// either side and let the exact test per customer decide.
		const slack = 4
		hi = day(today).AddDate(0, -r.ExpiryMonths, slack).Format(parseDay)
		if !day(done).IsZero() {
			lo = day(done).AddDate(0, -r.ExpiryMonths, -slack).Format(parseDay)
		}
		return lo, hi, true, nil
	}
	lo, hi, stale, err := rangeSince(s.db)
	if err != nil || !stale {
		return 0, err
	}
	if ids, err := expiryCandidates(ctx, s.db, lo, hi); err != nil || len(ids) == 0 {
		return 0, err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, s.classify(fmt.Errorf("expire points: %w", err))
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", readerWait.Milliseconds())); err != nil {
		return 0, s.classify(fmt.Errorf("expire points: %w", err))
	}
	defer func() {
		_, _ = conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA busy_timeout = %d", s.busy.Milliseconds()))
	}()
	var total int64
	err = s.txOn(ctx, conn, func(tx *sql.Tx) error {
		lo, hi, stale, err := rangeSince(tx)
		if err != nil || !stale {
			return err
		}
		ids, err := expiryCandidates(ctx, tx, lo, hi)
		if err != nil {
			return err
		}
		for _, id := range ids {
			n, err := s.expireCustomer(ctx, tx, id, r.ExpiryMonths)
			if err != nil {
				return err
			}
			total += n
		}
		return putSettingText(ctx, tx, pointsExpiredKey, today)
	})
	if err != nil {
		return 0, fmt.Errorf("expire points: %w", err)
	}
	return total, nil
}

// expiryCandidates lists the customers holding points with a lot earned
// after lo ("" for any) and on or before hi.
func expiryCandidates(ctx context.Context, q queryer, lo, hi string) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT e.customer_id FROM account_entries e INDEXED BY account_entries_lots
		JOIN customers c ON c.id = e.customer_id
		WHERE e.account = 'points' AND e.amount > 0 AND e.date > ? AND e.date <= ? AND c.points > 0
		ORDER BY e.customer_id`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("points to expire: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("points to expire: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// PointsExpiry is the next write-off of a customer's points.
type PointsExpiry struct {
	Date   string `json:"date"`   // "" when none of the points expire
	Points int64  `json:"points"` // how many go on that day
}

// NextPointsExpiry says when customer id's points next expire and how many,
// as of today.
func (s *Store) NextPointsExpiry(ctx context.Context, id int64) (PointsExpiry, error) {
	r, err := s.AccountRules(ctx)
	if err != nil || r.ExpiryMonths == 0 {
		return PointsExpiry{}, err
	}
	b, err := s.Balances(ctx, id)
	if err != nil {
		return PointsExpiry{}, err
	}
	lots, err := liveLots(ctx, s.db, id, AccountPoints)
	if err != nil {
		return PointsExpiry{}, err
	}
	today := s.today()
	gone := pointsExpiring(lots, b.Points, r.ExpiryMonths, today)
	var dates []string
	for _, l := range lots {
		if d := expiryDate(l.date, r.ExpiryMonths); d > today {
			dates = append(dates, d)
		}
	}
	slices.Sort(dates)
	for _, d := range slices.Compact(dates) {
		if n := pointsExpiring(lots, b.Points, r.ExpiryMonths, d) - gone; n > 0 {
			return PointsExpiry{Date: d, Points: n}, nil
		}
	}
	return PointsExpiry{}, nil
}

// ExpirePointsOf writes off customer id's points past their age as of
// today, and returns how many: what a screen showing one customer's
// balances needs, without the whole ledger's daily run. It takes the write
// lock only when some of the points are due.
func (s *Store) ExpirePointsOf(ctx context.Context, id int64) (int64, error) {
	if s.readOnly {
		return 0, nil
	}
	r, err := s.AccountRules(ctx)
	if err != nil || r.ExpiryMonths == 0 {
		return 0, err
	}
	b, err := readBalances(ctx, s.db, id)
	if err != nil || b.Points <= 0 {
		return 0, err
	}
	lots, err := liveLots(ctx, s.db, id, AccountPoints)
	if err != nil {
		return 0, err
	}
	if pointsExpiring(lots, b.Points, r.ExpiryMonths, s.today()) == 0 {
		return 0, nil
	}
	var n int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		n, err = s.expireCustomer(ctx, tx, id, r.ExpiryMonths)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("expire points of %d: %w", id, err)
	}
	return n, nil
}
