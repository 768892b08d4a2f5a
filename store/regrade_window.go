package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The purchase window: every customer row keeps its purchase count and
// spend since the window's start (win_count, win_spend), and a regrade on a
// later day takes off what left the window instead of counting the
// purchase log again.

// windowKey is the settings key of the date the stored win_count/win_spend
// of every customer count from.
const windowKey = "tiering.window_start"

// storedWindow is the window start the customers' win_* columns count from,
// "" when they are not maintained yet.
func storedWindow(ctx context.Context, q queryer) (string, error) {
	ws, err := settingText(ctx, q, windowKey)
	if err != nil {
		return "", fmt.Errorf("read window start: %w", err)
	}
	return ws, nil
}

func setStoredWindow(ctx context.Context, tx *sql.Tx, ws string) error {
	return putSettingText(ctx, tx, windowKey, ws)
}

// advanceWindowTx moves the stored window start forward to ws: the
// purchases that fell out of the window (read through the date index: a
// day's worth when run daily) are taken off their customers' win_* columns,
// in the same transaction as the new start. A refund is not a purchase: it
// leaves the count alone and only its amount comes off.
func advanceWindowTx(ctx context.Context, tx *sql.Tx, from, ws string) error {
	return moveWindowTx(ctx, tx, from, ws)
}

// moveWindowTx takes the purchases dated from from to the day before ws
// (what departingPurchases lists) off their customers' win_* columns and
// records ws as the window's start. One statement does it, in customer
// order (neighbours share pages), instead of a statement per customer:
// about 23,000 customers a day at a million.
func moveWindowTx(ctx context.Context, tx *sql.Tx, from, ws string) error {
	_, err := tx.ExecContext(ctx, `UPDATE customers SET win_count = win_count - d.n, win_spend = win_spend - d.spend
		FROM (SELECT customer_id, sum(amount > 0) AS n, sum(amount) AS spend FROM purchases
			WHERE date >= ? AND date < ? GROUP BY customer_id) AS d
		WHERE customers.id = d.customer_id`, from, ws)
	if err != nil {
		return err
	}
	return setStoredWindow(ctx, tx, ws)
}

// takeOffWindow takes what left the window (by customer: purchase count
// and spend, departingPurchases) off the customers' win_* columns, in one
// statement in customer order (neighbours share pages).
func takeOffWindow(ctx context.Context, tx *sql.Tx, departing map[int64][2]int64) error {
	if len(departing) == 0 {
		return nil
	}
	ids := slices.Sorted(maps.Keys(departing))
	var b strings.Builder
	b.WriteByte('[')
	for k, id := range ids {
		if k > 0 {
			b.WriteByte(',')
		}
		d := departing[id]
		fmt.Fprintf(&b, "[%d,%d,%d]", id, d[0], d[1])
	}
	b.WriteByte(']')
	_, err := tx.ExecContext(ctx, `UPDATE customers SET win_count = win_count - d.n, win_spend = win_spend - d.spend
		FROM (SELECT value ->> 0 AS id, value ->> 1 AS n, value ->> 2 AS spend FROM json_each(?)) AS d
		WHERE customers.id = d.id`, b.String())
	return err
}

// departingPurchases are, by customer, the purchase count (refunds left
// out) and the spend of the purchases dated from from to the day before
// ws: what leaves the window when its start moves from from to ws.
func departingPurchases(ctx context.Context, q queryer, from, ws string) (map[int64][2]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT customer_id, sum(amount > 0), sum(amount) FROM purchases WHERE date >= ? AND date < ? GROUP BY customer_id", from, ws)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	outs := map[int64][2]int64{}
	for rows.Next() {
		var id, n, sum int64
		if err := rows.Scan(&id, &n, &sum); err != nil {
			return nil, err
		}
		outs[id] = [2]int64{n, sum}
	}
	return outs, rows.Err()
}
