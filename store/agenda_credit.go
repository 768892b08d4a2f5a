package store

import (
	"context"
	"fmt"
	"time"
)

// AgendaCredit is the agenda kind of a customer whose credit is overdue:
// a charge not repaid within the account rules' OverdueDays.
const AgendaCredit = "credit"

// creditOverdue adds the customers whose oldest unpaid charge is more than
// the rules' overdue days before day0: longest unpaid first, from the
// partial index on owed_since (only customers who owe are in it); of
// narrows them to one staff member's customers.
func (s *Store) creditOverdue(ctx context.Context, a *Agenda, day0 time.Time, of sqlFilter) error {
	r, err := s.AccountRules(ctx)
	if err != nil {
		return err
	}
	cut := day0.AddDate(0, 0, -r.OverdueDays).Format(parseDay)
	where := "owed > 0 AND deleted_at IS NULL AND owed_since > '' AND owed_since < ?" + of.sql
	args := append([]any{cut}, of.args...)
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM customers INDEXED BY customers_owed_since WHERE "+where, args...).
		Scan(&a.Totals.Credit); err != nil {
		return fmt.Errorf("agenda: credit: %w", err)
	}
	if a.Totals.Credit == 0 {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+agendaCols+", owed, owed_since FROM customers INDEXED BY customers_owed_since WHERE "+where+
		" ORDER BY owed_since, id LIMIT ?", append(args, AgendaLimit)...)
	if err != nil {
		return fmt.Errorf("agenda: credit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		it := agendaRow{AgendaItem: AgendaItem{Kind: AgendaCredit}}
		if err := rows.Scan(&it.CustomerID, &it.Name, &it.Phone, &it.Grade, &it.Score, &it.NextFollowUp, &it.LastContact, &it.LastPurchase,
			&it.created, &it.medianGap, &it.Owner, &it.Owed, &it.OwedSince); err != nil {
			return fmt.Errorf("agenda: credit: %w", err)
		}
		it.Days = daysBetween(it.OwedSince, a.Date)
		a.Credit = append(a.Credit, it.AgendaItem)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("agenda: credit: %w", err)
	}
	return nil
}
