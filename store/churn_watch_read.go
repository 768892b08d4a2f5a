package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/tiering"
)

// churnState is a stored churn watch brought up to date with the changes
// recorded since it was built: the valued count, how many are above the
// band, and the changed customers' scores now, which override their stored
// rows (listed false: the watch no longer lists the customer). The stored
// rows stay in the table: at a million customers most of them can be
// listed, and the agenda reads only the band and the top of the list.
type churnState struct {
	head    churnWatchHead
	changed map[int64]churnChange
}

// churnChange is a changed customer's score now and whether the watch
// would list it.
type churnChange struct {
	listed bool
	score  churnScore
}

// readChurnState reads the watch's header in tx and applies the changes
// recorded since; ok is false when there is no watch for this day, fit and
// rules, or too many changes to apply.
func readChurnState(ctx context.Context, tx *sql.Tx, fit ModelFit, fm fitModels, day0 time.Time, rules tiering.Rules) (*churnState, bool, error) {
	head, found, err := readChurnHead(ctx, tx)
	if err != nil || !found || !head.matches(day0.Format(parseDay), fit, rules) {
		return nil, false, err
	}
	st := &churnState{head: head, changed: map[int64]churnChange{}}
	old, ok, err := readChurnDirty(ctx, tx)
	if err != nil || !ok {
		return nil, false, err
	}
	if len(old) == 0 {
		return st, true, nil
	}
	now, err := readChurnCustomers(ctx, tx, old)
	if err != nil {
		return nil, false, err
	}
	today := model.DayNumber(day0)
	w := &churnWatch{head: head}
	for id, was := range old {
		st.remove(fm.scoreStats(was, today))
		c := fm.scoreStats(now[id], today)
		if c.valued {
			st.head.Valued++
			if c.value > head.High {
				st.head.Above++
			}
		}
		st.changed[id] = churnChange{listed: c.valued && w.keeps(c), score: c}
	}
	return st, true, nil
}

// remove takes a customer scored c when the watch was built off the
// state's counts.
func (st *churnState) remove(c churnScore) {
	if !c.valued {
		return
	}
	st.head.Valued--
	if c.value > st.head.High {
		st.head.Above--
	}
}

// cut is the value at the top share's edge; ok is false when writes have
// moved it out of the band. The band's stored values are read from the
// watch's value index, highest first, only as far as the cut; the changed
// customers' values replace theirs.
func (st *churnState) cut(ctx context.Context, tx *sql.Tx) (int64, bool, error) {
	k := topCount(st.head.Valued, st.head.Share) - st.head.Above
	if k < 1 {
		return 0, false, nil
	}
	var changed []int64
	for _, ch := range st.changed {
		if ch.listed && ch.score.value >= st.head.Low && ch.score.value <= st.head.High {
			changed = append(changed, ch.score.value)
		}
	}
	slices.SortFunc(changed, func(a, b int64) int { return cmp.Compare(b, a) })
	// n counts the band's values from the highest; the k-th is the cut.
	n := 0
	rows, err := tx.QueryContext(ctx, "SELECT customer_id, value FROM churn_watch WHERE value BETWEEN ? AND ? ORDER BY value DESC", st.head.Low, st.head.High)
	if err != nil {
		return 0, false, fmt.Errorf("churn watch: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, v int64
		if err := rows.Scan(&id, &v); err != nil {
			return 0, false, fmt.Errorf("churn watch: %w", err)
		}
		if _, ok := st.changed[id]; ok {
			continue
		}
		for ; len(changed) > 0 && changed[0] >= v; changed = changed[1:] {
			if n++; n == k {
				return changed[0], true, nil
			}
		}
		if n++; n == k {
			return v, true, nil
		}
	}
	if err := rows.Err(); err != nil {
		return 0, false, fmt.Errorf("churn watch: %w", err)
	}
	if k-n > len(changed) {
		return 0, false, nil
	}
	return changed[k-n-1], true, nil
}

// readChurnDirty reads each changed customer's stats as the watch saw
// them (its first recorded change since: the row before it); a customer
// not live then has invalid stats. ok is false past churnMaxDirty changes.
func readChurnDirty(ctx context.Context, tx *sql.Tx) (map[int64]sql.Null[modelStats], bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT customer_id, live, m_x, m_first, m_last, m_spend FROM churn_dirty ORDER BY seq LIMIT ?", churnMaxDirty+1)
	if err != nil {
		return nil, false, fmt.Errorf("churn watch: %w", err)
	}
	defer rows.Close()
	old := map[int64]sql.Null[modelStats]{}
	n := 0
	for rows.Next() {
		var id int64
		var live bool
		var x, first, last sql.NullInt64
		var spend sql.NullFloat64
		if err := rows.Scan(&id, &live, &x, &first, &last, &spend); err != nil {
			return nil, false, fmt.Errorf("churn watch: %w", err)
		}
		if n++; n > churnMaxDirty {
			return nil, false, nil
		}
		if _, seen := old[id]; seen {
			continue
		}
		old[id] = nullStats(live, x, first, last, spend)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("churn watch: %w", err)
	}
	return old, true, nil
}

// nullStats is a customer's stats as read (invalid when not live or
// without a purchase).
func nullStats(live bool, x, first, last sql.NullInt64, spend sql.NullFloat64) sql.Null[modelStats] {
	if !live || !x.Valid || !first.Valid || !last.Valid || !spend.Valid {
		return sql.Null[modelStats]{}
	}
	return sql.Null[modelStats]{V: modelStats{x: int(x.Int64), first: first.Int64, last: last.Int64, spend: spend.Float64}, Valid: true}
}

// idsJSON is ids as a JSON array in ascending order, for json_each: one
// parameter however many ids.
func idsJSON[V any](ids map[int64]V) string {
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	slices.Sort(list)
	b, _ := json.Marshal(list) // int64s always encode
	return string(b)
}

// readChurnCustomers reads the stats the changed customers have now
// (invalid for one trashed or gone).
func readChurnCustomers[V any](ctx context.Context, tx *sql.Tx, ids map[int64]V) (map[int64]sql.Null[modelStats], error) {
	rows, err := tx.QueryContext(ctx, `SELECT customers.id, deleted_at IS NULL, m_x, m_first, m_last, m_spend
		FROM json_each(?) AS listed CROSS JOIN customers ON customers.id = listed.value`, idsJSON(ids))
	if err != nil {
		return nil, fmt.Errorf("churn watch: %w", err)
	}
	defer rows.Close()
	now := map[int64]sql.Null[modelStats]{}
	for rows.Next() {
		var id int64
		var live bool
		var x, first, last sql.NullInt64
		var spend sql.NullFloat64
		if err := rows.Scan(&id, &live, &x, &first, &last, &spend); err != nil {
			return nil, fmt.Errorf("churn watch: %w", err)
		}
		now[id] = nullStats(live, x, first, last, spend)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("churn watch: %w", err)
	}
	return now, nil
}

// atRisk is the churn warnings of the state: the listed customers whose
// P(alive) is below the threshold and whose value is at or above the cut,
// that are candidates in the ledger now (bought since boughtSince, not
// contacted since quietSince, of the owner asked for). It gives their
// count per grade and the first limit of them by rankChurn. ok is false
// when the cut left the band.
func (st *churnState) atRisk(ctx context.Context, tx *sql.Tx, of sqlFilter, boughtSince, quietSince string, limit int) (map[string]int, []churnValue, bool, error) {
	cut, ok, err := st.cut(ctx, tx)
	if err != nil || !ok {
		return nil, nil, false, err
	}
	counts, changed, err := st.changedAtRisk(ctx, tx, cut, of, boughtSince, quietSince)
	if err != nil {
		return nil, nil, false, err
	}
	if day0, err := time.ParseInLocation(parseDay, st.head.Day, time.Local); err == nil && of.sql == "" {
		if b, q := churnDates(day0); b == boughtSince && q == quietSince {
			stored, err := st.atRiskFromWatch(ctx, tx, cut, counts, limit)
			if err != nil {
				return nil, nil, false, err
			}
			top := rankChurn(append(changed, stored...))
			return counts, top[:min(len(top), limit)], true, nil
		}
	}
	// The stored rows at risk, less the changed customers': the join runs
	// once in SQL, the watch read in customer order (not by the value
	// index: each customer's row is then sought near the last one), and only the counts per grade and the top of the list
	// come back. SQLite's round(x) adds 0.5 and truncates, which is
	// math.Round for every x ≥ 0.5, and a value at risk here is at least
	// that (a value of one fen or more times 1 − P(alive) > 0.5): its order
	// is rankChurn's.
	rows, err := tx.QueryContext(ctx, `WITH at AS MATERIALIZED (
			SELECT w.customer_id AS id, grade, w.value AS value, w.p_alive AS p
			FROM churn_watch AS w CROSS JOIN customers ON customers.id = w.customer_id
			WHERE w.p_alive < ? AND +w.value >= ? AND +w.value > 0 AND w.customer_id NOT IN (SELECT value FROM json_each(?))
			AND deleted_at IS NULL AND last_purchase >= ? AND last_contact < ?`+of.sql+`)
		SELECT 0, 0, grade, count(*), 0 FROM at GROUP BY grade
		UNION ALL SELECT * FROM (SELECT 1, id, grade, value, p FROM at ORDER BY round(value * (1 - p)) DESC, id LIMIT ?)`,
		append(append([]any{st.head.PAlive, cut, idsJSON(st.changed), boughtSince, quietSince}, of.args...), limit)...)
	if err != nil {
		return nil, nil, false, fmt.Errorf("churn watch: %w", err)
	}
	defer rows.Close()
	top := changed
	for rows.Next() {
		var listed bool // false: a count per grade, in the value's place
		v := churnValue{candidate: true, hasP: true, valued: true}
		if err := rows.Scan(&listed, &v.id, &v.grade, &v.clvAlive, &v.pAlive); err != nil {
			return nil, nil, false, fmt.Errorf("churn watch: %w", err)
		}
		if !listed {
			counts[v.grade] += int(v.clvAlive)
			continue
		}
		top = append(top, v)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, false, fmt.Errorf("churn watch: %w", err)
	}
	top = rankChurn(top)
	return counts, top[:min(len(top), limit)], true, nil
}

// changedAtRisk is the changed customers at risk (as atRisk) and their
// count per grade.
func (st *churnState) changedAtRisk(ctx context.Context, tx *sql.Tx, cut int64, of sqlFilter, boughtSince, quietSince string) (map[string]int, []churnValue, error) {
	counts := map[string]int{}
	maybe := map[int64]churnScore{}
	for id, ch := range st.changed {
		c := ch.score
		if ch.listed && c.hasP && c.pAlive < st.head.PAlive && c.value >= cut && c.value > 0 {
			maybe[id] = c
		}
	}
	if len(maybe) == 0 {
		return counts, nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT customers.id, grade FROM json_each(?) AS listed CROSS JOIN customers ON customers.id = listed.value
		WHERE deleted_at IS NULL AND last_purchase >= ? AND last_contact < ?`+of.sql,
		append([]any{idsJSON(maybe), boughtSince, quietSince}, of.args...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("churn watch: %w", err)
	}
	defer rows.Close()
	var at []churnValue
	for rows.Next() {
		var v churnValue
		if err := rows.Scan(&v.id, &v.grade); err != nil {
			return nil, nil, fmt.Errorf("churn watch: %w", err)
		}
		c := maybe[v.id]
		v.candidate, v.hasP, v.pAlive, v.valued, v.clvAlive = true, true, c.pAlive, true, c.value
		at = append(at, v)
		counts[v.grade]++
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("churn watch: %w", err)
	}
	return counts, at, nil
}
