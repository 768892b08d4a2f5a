package store

import (
	"context"
	"database/sql"
	"fmt"
)

// AccountMismatch is a customer whose stored balance of an account differs
// from the sum of its journal entries, or is below zero.
type AccountMismatch struct {
	CustomerID int64  `json:"customer_id"`
	Name       string `json:"name"`
	Account    string `json:"account"`
	Stored     int64  `json:"stored"`  // on the customer row
	Journal    int64  `json:"journal"` // the sum of the entries
}

// CheckAccounts compares every customer's stored points, balance and owed
// (deleted customers included) with the sums of their account entries, in
// one pass over the entries' index, and lists each difference or negative
// balance found.
func (s *Store) CheckAccounts(ctx context.Context) ([]AccountMismatch, error) {
	rows, err := s.db.QueryContext(ctx, `
		WITH sums AS (
			SELECT customer_id,
				sum(iif(account = 'points', amount, 0)) AS p,
				sum(iif(account = 'balance', amount, 0)) AS b,
				sum(iif(account = 'owed', amount, 0)) AS o
			FROM account_entries INDEXED BY account_entries_customer GROUP BY customer_id)
		SELECT c.id, c.name, c.points, c.balance, c.owed, coalesce(e.p, 0), coalesce(e.b, 0), coalesce(e.o, 0)
		FROM customers c LEFT JOIN sums e ON e.customer_id = c.id
		WHERE c.points != coalesce(e.p, 0) OR c.balance != coalesce(e.b, 0) OR c.owed != coalesce(e.o, 0)
			OR c.points < 0 OR c.balance < 0 OR c.owed < 0
		UNION ALL
		SELECT e.customer_id, '', 0, 0, 0, e.p, e.b, e.o FROM sums e WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = e.customer_id)
		ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("check accounts: %w", err)
	}
	defer rows.Close()
	var out []AccountMismatch
	for rows.Next() {
		var id int64
		var name string
		var stored, sums [3]int64
		if err := rows.Scan(&id, &name, &stored[0], &stored[1], &stored[2], &sums[0], &sums[1], &sums[2]); err != nil {
			return nil, fmt.Errorf("check accounts: %w", err)
		}
		for i, acct := range []string{AccountPoints, AccountBalance, AccountOwed} {
			if stored[i] != sums[i] || stored[i] < 0 {
				out = append(out, AccountMismatch{CustomerID: id, Name: name, Account: acct, Stored: stored[i], Journal: sums[i]})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check accounts: %w", err)
	}
	return out, nil
}

// accountTotals adds the member account totals to a summary: three reads
// of the balance indexes, each over the customers holding something only.
func (s *Store) accountTotals(ctx context.Context, sum *Summary) error {
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(sum(balance), 0) FROM customers INDEXED BY customers_balance WHERE balance > 0),
		(SELECT coalesce(sum(owed), 0) FROM customers INDEXED BY customers_owed WHERE owed > 0),
		(SELECT coalesce(sum(points), 0) FROM customers INDEXED BY customers_points WHERE points > 0)`).
		Scan(&sum.StoredValue, &sum.CreditOutstanding, &sum.PointsLiability)
	if err != nil {
		return fmt.Errorf("tier summary: accounts: %w", err)
	}
	return nil
}

// resumBalances sets the stored balances of customers ids to the sums of
// their entries (after a merge gave one customer's entries to another).
func (s *Store) resumBalances(ctx context.Context, tx *sql.Tx, ids ...int64) error {
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET
			points = (SELECT coalesce(sum(amount), 0) FROM account_entries WHERE customer_id = ?1 AND account = 'points'),
			balance = (SELECT coalesce(sum(amount), 0) FROM account_entries WHERE customer_id = ?1 AND account = 'balance'),
			owed = (SELECT coalesce(sum(amount), 0) FROM account_entries WHERE customer_id = ?1 AND account = 'owed')
			WHERE id = ?1`, id); err != nil {
			return fmt.Errorf("sum balances of %d: %w", id, err)
		}
		if err := s.refreshOwedSince(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// CustomersWithEntries counts the customers with at least one account entry.
func (s *Store) CustomersWithEntries(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(DISTINCT customer_id) FROM account_entries").Scan(&n); err != nil {
		return 0, fmt.Errorf("count account holders: %w", err)
	}
	return n, nil
}
