package store

import (
	"strconv"
	"time"

	"github.com/kehu-app/kehu/tiering"
)

// loyaltyKey is the loyalty column's key.
const loyaltyKey = "loyalty"

// loyaltySQL is the loyalty column as of now, as an SQL expression over a
// row of customers (the table unaliased): tiering's loyalty score, 1..5,
// from the same inputs (see tiering.Loyalty) — a point a year since the
// first purchase (at most 2), a point at 3 and at 6 of the last 12 months
// with a purchase, a point at 1 and at 3 referrals, less a point per open
// complaint (at most 2).
//
// It is computed when read, not stored: it moves with the clock (tenure
// grows, old months drop out of the last 12), and keeping a stored copy
// current would make the day's regrade read a year of purchases for every
// customer. Read this way it costs only where the column is shown, sorted
// or filtered on, and is right for the clock's today wherever it is.
func loyaltySQL(now time.Time) string {
	today := now.Format(parseDay)
	since := now.AddDate(0, 0, -364).Format(parseDay) // the last 12 months, as loyalty's inputs are read
	year := strconv.Itoa(tiering.LoyaltyYearDays)
	step := strconv.Itoa(tiering.LoyaltyActiveMonths)
	return "(max(1, min(5, 1" +
		// Tenure: whole years since the first purchase, at most 2; none
		// for a date after today or one that is not a date.
		" + coalesce(CASE WHEN first_purchase > '' AND first_purchase <= '" + today + "' THEN min(2, CAST(julianday('" + today + "') - julianday(first_purchase) AS INTEGER) / " + year + ") END, 0)" +
		// Active months of the last 12; a refund is not a purchase.
		" + min(2, (SELECT count(DISTINCT substr(lp.date, 1, 7)) FROM purchases lp WHERE lp.customer_id = customers.id AND lp.date >= '" + since + "' AND lp.amount > 0) / " + step + ")" +
		// Referrals: live customers this one brought.
		" + (SELECT CASE WHEN count(*) >= 3 THEN 2 WHEN count(*) >= 1 THEN 1 ELSE 0 END FROM customers lr WHERE lr.referred_by = customers.id AND lr.deleted_at IS NULL)" +
		" - min(open_complaints, 2))))"
}

// withLoyalty gives the loyalty column of cols its expression as of now.
func withLoyalty(cols []Column, now time.Time) []Column {
	for i := range cols {
		if cols[i].Key == loyaltyKey && !cols[i].Custom {
			cols[i].sqlName = loyaltySQL(now)
		}
	}
	return cols
}
