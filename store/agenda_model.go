package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/kehu-app/kehu/tiering"
)

// modelChurn lists, when the ledger has a fit with customer values, the
// churn warnings the purchase models give: customers whose P(alive) fell
// below the rules' threshold and whose value, were they still active, is in
// the rules' top share, ordered by the value at risk, (1 − P(alive)) times
// that value. It skips customers contacted in the last ChurnWarnDays days
// (the owner is on it) and those churned by the stage rule (a year without
// a purchase: gone, not slipping). ok is false when there is no such fit:
// the stage rule then decides for everyone. Customers without a P(alive)
// (one-time buyers under BG/NBD) are left to the stage rule either way.
// The top share is the ledger's; of narrows the list to one owner's
// customers.
func (s *Store) modelChurn(ctx context.Context, a *Agenda, day0 time.Time, rules tiering.Rules, of sqlFilter) (ok bool, err error) {
	fit, found, err := readModelFit(ctx, s.db)
	if err != nil || !found || !fit.HasValue() {
		return false, err
	}
	// The model's values are computed as of the agenda's day.
	pAlive, clvAlive := modelColumnSQL(valuePAlive, day0), modelColumnSQL(valueCLVAlive, day0)
	var valued int64
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE deleted_at IS NULL AND "+clvAlive+" IS NOT NULL").Scan(&valued); err != nil {
		return false, fmt.Errorf("agenda: churn: %w", err)
	}
	if valued == 0 {
		return false, nil
	}
	top := max(1, int64(math.Ceil(float64(valued)*rules.ChurnTopShare)))
	var cutoff int64
	if err := s.db.QueryRowContext(ctx, "SELECT clv_alive FROM (SELECT "+clvAlive+" AS clv_alive FROM customers WHERE deleted_at IS NULL) WHERE clv_alive IS NOT NULL ORDER BY clv_alive DESC LIMIT 1 OFFSET ?", top-1).
		Scan(&cutoff); err != nil {
		return false, fmt.Errorf("agenda: churn: %w", err)
	}
	shift := func(days int) string { return day0.AddDate(0, 0, days).Format(parseDay) }
	rows, err := s.db.QueryContext(ctx, "SELECT * FROM (SELECT "+agendaCols+", "+pAlive+" AS p_alive, "+clvAlive+` AS clv_alive FROM customers
		WHERE deleted_at IS NULL AND last_purchase >= ? AND last_contact < ?`+of.sql+`)
		WHERE p_alive < ? AND clv_alive >= ? AND clv_alive > 0
		ORDER BY round(clv_alive * (1 - p_alive)) DESC, id`,
		append(append([]any{shift(-(tiering.ChurnDays - 1)), shift(-(ChurnWarnDays - 1))}, of.args...), rules.ChurnPAlive, cutoff)...)
	if err != nil {
		return false, fmt.Errorf("agenda: churn: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		it, err := scanModelChurnRow(rows)
		if err != nil {
			return false, err
		}
		it.Days = daysBetween(it.LastPurchase, day0.Format(parseDay))
		a.count(it.Grade, AgendaChurn, 1)
		if len(a.Churn) < AgendaLimit {
			a.Churn = append(a.Churn, it)
		}
	}
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("agenda: churn: %w", err)
	}
	return true, nil
}

func scanModelChurnRow(rows *sql.Rows) (AgendaItem, error) {
	var it AgendaItem
	var created string
	var gap, pAlive float64
	var valueAlive int64
	if err := rows.Scan(&it.CustomerID, &it.Name, &it.Phone, &it.Grade, &it.Score, &it.NextFollowUp, &it.LastContact, &it.LastPurchase,
		&created, &gap, &it.Owner, &pAlive, &valueAlive); err != nil {
		return AgendaItem{}, fmt.Errorf("agenda: churn: %w", err)
	}
	it.Kind = AgendaChurn
	p := pAlive
	it.PAlive = &p
	it.ValueAtRisk = int64(math.Round(float64(valueAlive) * (1 - pAlive)))
	return it, nil
}
