package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kehu-app/kehu/i18n"
)

// heldFrom is the least that customer id's account held from the end of
// date on, at each later entry of a statement (which runs by date, then as
// written), and the day it first held that little: what an entry dated
// date, written after every other entry of that day, may take away without
// the statement showing the account below zero anywhere after it.
func heldFrom(ctx context.Context, q queryer, id int64, account, date string) (held int64, on string, err error) {
	rows, err := q.QueryContext(ctx, `SELECT date, amount FROM account_entries INDEXED BY account_entries_customer
		WHERE customer_id = ? AND account = ? ORDER BY date, id`, id, account)
	if err != nil {
		return 0, "", fmt.Errorf("read %s by day: %w", account, err)
	}
	defer rows.Close()
	var run int64
	seen := false // whether held counts the end of date yet
	for rows.Next() {
		var d string
		var amount int64
		if err := rows.Scan(&d, &amount); err != nil {
			return 0, "", fmt.Errorf("read %s by day: %w", account, err)
		}
		if !seen && d > date {
			held, on, seen = run, date, true
		}
		run += amount
		if seen && run < held {
			held, on = run, d
		}
	}
	if err := rows.Err(); err != nil {
		return 0, "", fmt.Errorf("read %s by day: %w", account, err)
	}
	if !seen {
		held, on = run, date
	}
	return held, on, nil
}

// historyRefusal says why entry e, which takes from its account, may not be
// written: on some day from its date on, the account would have held less
// than nothing. It is checked inside the writing transaction.
func historyRefusal(ctx context.Context, tx *sql.Tx, e AccountEntry) error {
	if e.Amount >= 0 {
		return nil
	}
	held, on, err := heldFrom(ctx, tx, e.CustomerID, e.Account, e.Date)
	if err != nil {
		return err
	}
	if held+e.Amount >= 0 {
		return nil
	}
	return i18n.Errorf("acct.history.short", i18n.Errorf("acct.name."+e.Account), FormatAmount(e.Account, -e.Amount), e.Date, on, FormatAmount(e.Account, max(held, 0)))
}
