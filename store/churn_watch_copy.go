package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/kehu-app/kehu/tiering"
)

// The churn watch keeps, beside each listed customer's value and P(alive),
// what the agenda's count and list of churn warnings read of the customer:
// its grade, whether it is a candidate (live, with a P(alive) below the
// threshold and a value, bought within the churn window and not contacted
// within the warning's, all as of the watch's day) and its risk (the
// value times 1 − P(alive), rounded: the list's order). The agenda then
// counts and ranks the watch's rows from two indexes of the watch alone,
// without looking each one up in customers (at a million customers some
// 330,000 lookups).
//
// The copies stay true: a change of a customer's last purchase or last
// contact is recorded in churn_dirty like a change of its stats (the agenda
// reads a changed customer's row, not the watch's), and a grade change is
// copied into the watch by its own trigger (a regrade moves thousands).
var churnWatchCopySQL = `
ALTER TABLE churn_watch ADD COLUMN customer_grade TEXT NOT NULL DEFAULT ''; -- (named apart from customers.grade: the two are joined)
ALTER TABLE churn_watch ADD COLUMN candidate      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE churn_watch ADD COLUMN risk           INTEGER NOT NULL DEFAULT 0;
-- the stored watch gets its copies as of now, for the day it is for (a
-- change since it was built is a change recorded, or the copy itself)
UPDATE churn_watch SET customer_grade = c.grade,
	candidate = c.deleted_at IS NULL AND coalesce(churn_watch.p_alive < h.p, 0) AND churn_watch.value > 0
		AND c.last_purchase >= h.bought AND c.last_contact < h.quiet,
	risk = coalesce(round(churn_watch.value * (1 - churn_watch.p_alive)), 0)
FROM customers AS c, (SELECT json_extract(value, '$.p_alive') AS p,
		date(json_extract(value, '$.day'), '-` + strconv.Itoa(tiering.ChurnDays-1) + ` days') AS bought,
		date(json_extract(value, '$.day'), '-` + strconv.Itoa(ChurnWarnDays-1) + ` days') AS quiet
	FROM settings WHERE key = '` + churnWatchKey + `') AS h
WHERE c.id = churn_watch.customer_id;
-- (of the candidates only: at a million customers the watch may list most
-- of them, and each index entry costs its build)
CREATE INDEX churn_watch_candidates ON churn_watch(customer_grade, value, candidate) WHERE candidate = 1;
CREATE INDEX churn_watch_risk ON churn_watch(risk DESC, customer_id, candidate) WHERE candidate = 1;
DROP TRIGGER IF EXISTS customers_tally_churn_update;
CREATE TRIGGER customers_tally_churn_update AFTER UPDATE OF m_x, m_first, m_last, m_spend, deleted_at, last_purchase, last_contact ON customers
WHEN ` + churnStatsChangedSQL + `
	OR OLD.last_purchase IS NOT NEW.last_purchase OR OLD.last_contact IS NOT NEW.last_contact
BEGIN
	INSERT INTO churn_dirty(customer_id, live, m_x, m_first, m_last, m_spend)
		VALUES (OLD.id, OLD.deleted_at IS NULL, OLD.m_x, OLD.m_first, OLD.m_last, OLD.m_spend);
END;
CREATE TRIGGER customers_tally_churn_grade AFTER UPDATE OF grade ON customers
WHEN OLD.grade IS NOT NEW.grade
BEGIN
	UPDATE churn_watch SET customer_grade = NEW.grade WHERE customer_id = NEW.id;
END;
`

// churnDates are the agenda's churn window as of day0: a candidate bought
// on or after boughtSince and was not contacted on or after quietSince.
func churnDates(day0 time.Time) (boughtSince, quietSince string) {
	shift := func(days int) string { return day0.AddDate(0, 0, days).Format(parseDay) }
	return shift(-(tiering.ChurnDays - 1)), shift(-(ChurnWarnDays - 1))
}

// churnWatchInsertSQL stores one of the watch's customers with the copies
// of its row (?1 id, ?2 value, ?3 P(alive), ?4 the threshold, ?5 and ?6
// the churn dates of the watch's day). A customer deleted since the values
// were read gets no row: its deletion is a change recorded after them, so
// the watch's row would never be read.
const churnWatchInsertSQL = `INSERT INTO churn_watch(customer_id, value, p_alive, customer_grade, candidate, risk)
	SELECT ?1, ?2, ?3, grade,
		deleted_at IS NULL AND coalesce(?3 < ?4, 0) AND ?2 > 0 AND last_purchase >= ?5 AND last_contact < ?6,
		coalesce(round(?2 * (1 - ?3)), 0)
	FROM customers WHERE id = ?1`

// atRiskFromWatch is atRisk's stored part for every owner: the count per
// grade of the watch's candidates at or above the cut, and the first limit
// of them by risk, the changed customers' rows left out (changedAtRisk
// reads theirs).
func (st *churnState) atRiskFromWatch(ctx context.Context, tx *sql.Tx, cut int64, counts map[string]int, limit int) ([]churnValue, error) {
	add := func(query string, sign int, args ...any) error {
		return eachRow(ctx, tx, query, args, func(rows *sql.Rows) error {
			var g string
			var n int
			if err := rows.Scan(&g, &n); err != nil {
				return err
			}
			counts[g] += sign * n
			return nil
		})
	}
	grades := "('A', 'B', 'C', 'D')" // each grade's range of the index, not every candidate's
	if err := add("SELECT customer_grade, count(*) FROM churn_watch WHERE candidate = 1 AND customer_grade IN "+grades+" AND value >= ? GROUP BY customer_grade", 1, cut); err != nil {
		return nil, fmt.Errorf("churn watch: %w", err)
	}
	if len(st.changed) > 0 {
		if err := add(`SELECT w.customer_grade, count(*) FROM json_each(?) AS changed CROSS JOIN churn_watch AS w ON w.customer_id = changed.value
			WHERE w.candidate = 1 AND w.customer_grade IN `+grades+` AND w.value >= ? GROUP BY 1`, -1, idsJSON(st.changed), cut); err != nil {
			return nil, fmt.Errorf("churn watch: %w", err)
		}
	}
	for g, n := range counts {
		if n == 0 {
			delete(counts, g)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT customer_id, customer_grade, value, p_alive FROM churn_watch
		WHERE candidate = 1 AND value >= ? ORDER BY risk DESC, customer_id`, cut)
	if err != nil {
		return nil, fmt.Errorf("churn watch: %w", err)
	}
	defer rows.Close()
	var top []churnValue
	for len(top) < limit && rows.Next() {
		v := churnValue{candidate: true, hasP: true, valued: true}
		if err := rows.Scan(&v.id, &v.grade, &v.clvAlive, &v.pAlive); err != nil {
			return nil, fmt.Errorf("churn watch: %w", err)
		}
		if _, changed := st.changed[v.id]; !changed {
			top = append(top, v)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("churn watch: %w", err)
	}
	return top, nil
}
