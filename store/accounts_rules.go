package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"

	"github.com/kehu-app/kehu/i18n"
)

// AccountRules are the shop's rules for member accounts. The points a
// purchase earns per yuan are each grade's policy (tiering.Policy's
// PointsRate), not an account rule.
type AccountRules struct {
	// ExpiryMonths: points expire this many months after the day they were
	// earned (0: never).
	ExpiryMonths int `json:"expiry_months"`
	// OverdueDays: credit not repaid this many days after the charge is
	// overdue.
	OverdueDays int `json:"overdue_days"`
}

// DefaultAccountRules are the rules of a ledger whose owner set none.
func DefaultAccountRules() AccountRules {
	return AccountRules{ExpiryMonths: 12, OverdueDays: 30}
}

// Settings keys of the account rules and of the day points last expired.
const (
	accountRulesKey  = "accounts.rules"
	pointsExpiredKey = "accounts.points_expired_for"
	maxExpiryMonths  = 120
	maxOverdueDays   = 3650
)

func accountRules(ctx context.Context, q queryer) (AccountRules, error) {
	r := DefaultAccountRules()
	if _, err := readSetting(ctx, q, accountRulesKey, &r); err != nil {
		return DefaultAccountRules(), fmt.Errorf("account rules: %w", err)
	}
	return r, nil
}

// AccountRules reads the account rules (the defaults when none were set).
func (s *Store) AccountRules(ctx context.Context) (AccountRules, error) {
	return accountRules(ctx, s.db)
}

// SetAccountRules stores the account rules. A change of the expiry age makes
// the next expiry run look at every customer's points again.
func (s *Store) SetAccountRules(ctx context.Context, r AccountRules) error {
	switch {
	case r.ExpiryMonths < 0 || r.ExpiryMonths > maxExpiryMonths:
		return i18n.Errorf("acct.rules.expiry", maxExpiryMonths)
	case r.OverdueDays < 1 || r.OverdueDays > maxOverdueDays:
		return i18n.Errorf("acct.rules.overdue", maxOverdueDays)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("account rules: %w", err)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		old, err := accountRules(ctx, tx)
		if err != nil {
			return err
		}
		if old.ExpiryMonths != r.ExpiryMonths {
			if err := putSettingText(ctx, tx, pointsExpiredKey, ""); err != nil {
				return err
			}
		}
		return putSetting(ctx, tx, accountRulesKey, b)
	})
	if err != nil {
		return fmt.Errorf("account rules: %w", err)
	}
	return nil
}

// pointsRate is the rate (hundredths of a point per whole yuan) at which
// customer id earns points: its grade's policy (tiering rules), so an A
// customer may earn more per yuan than a D one. Every earning path asks here.
func (s *Store) pointsRate(ctx context.Context, q queryer, id int64) (int64, error) {
	rules, _, err := s.tieringState(ctx, q)
	if err != nil {
		return 0, err
	}
	var grade string
	if err := q.QueryRowContext(ctx, "SELECT grade FROM customers WHERE id = ?", id).Scan(&grade); err != nil {
		return 0, fmt.Errorf("points rate of %d: %w", id, err)
	}
	return int64(math.Round(rules.Policy(grade).PointsRate * 100)), nil
}
