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
// band, and the listed customers by id.
type churnState struct {
	head churnWatchHead
	rows map[int64]churnScore
}

// readChurnState reads the watch in tx and applies the changes recorded
// since; ok is false when there is no watch for this day, fit and rules,
// or too many changes to apply.
func readChurnState(ctx context.Context, tx *sql.Tx, fit ModelFit, fm fitModels, day0 time.Time, rules tiering.Rules) (*churnState, bool, error) {
	head, found, err := readChurnHead(ctx, tx)
	if err != nil || !found || !head.matches(day0.Format(parseDay), fit, rules) {
		return nil, false, err
	}
	st := &churnState{head: head, rows: map[int64]churnScore{}}
	old, ok, err := readChurnDirty(ctx, tx)
	if err != nil || !ok {
		return nil, false, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT customer_id, value, p_alive FROM churn_watch")
	if err != nil {
		return nil, false, fmt.Errorf("churn watch: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c churnScore
		var p sql.NullFloat64
		if err := rows.Scan(&id, &c.value, &p); err != nil {
			return nil, false, fmt.Errorf("churn watch: %w", err)
		}
		c.valued, c.hasP, c.pAlive = true, p.Valid, p.Float64
		st.rows[id] = c
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("churn watch: %w", err)
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
		st.remove(id, fm.scoreStats(was, today))
		if c := fm.scoreStats(now[id], today); c.valued {
			st.head.Valued++
			if c.value > head.High {
				st.head.Above++
			}
			if w.keeps(c) {
				st.rows[id] = c
			}
		}
	}
	return st, true, nil
}

// remove takes customer id, scored c when the watch was built, off the
// state.
func (st *churnState) remove(id int64, c churnScore) {
	delete(st.rows, id)
	if !c.valued {
		return
	}
	st.head.Valued--
	if c.value > st.head.High {
		st.head.Above--
	}
}

// cut is the value at the top share's edge; ok is false when writes have
// moved it out of the band.
func (st *churnState) cut() (int64, bool) {
	k := topCount(st.head.Valued, st.head.Share) - st.head.Above
	var band []int64
	for _, c := range st.rows {
		if c.value >= st.head.Low && c.value <= st.head.High {
			band = append(band, c.value)
		}
	}
	if k < 1 || k > len(band) {
		return 0, false
	}
	slices.SortFunc(band, func(a, b int64) int { return cmp.Compare(b, a) })
	return band[k-1], true
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
// contacted since quietSince, of the owner asked for), with their grades.
// ok is false when the cut left the band.
func (st *churnState) atRisk(ctx context.Context, tx *sql.Tx, of sqlFilter, boughtSince, quietSince string) ([]churnValue, bool, error) {
	cut, ok := st.cut()
	if !ok {
		return nil, false, nil
	}
	maybe := map[int64]churnScore{}
	for id, c := range st.rows {
		if c.hasP && c.pAlive < st.head.PAlive && c.value >= cut && c.value > 0 {
			maybe[id] = c
		}
	}
	if len(maybe) == 0 {
		return nil, true, nil
	}
	// The ids drive the loop in ascending order (CROSS JOIN keeps json_each
	// outer): each row is one seek near the last one, and no temporary
	// index of the ids is built first as id IN (…) would.
	rows, err := tx.QueryContext(ctx, `SELECT customers.id, grade FROM json_each(?) AS listed CROSS JOIN customers ON customers.id = listed.value
		WHERE deleted_at IS NULL AND last_purchase >= ? AND last_contact < ?`+of.sql,
		append([]any{idsJSON(maybe), boughtSince, quietSince}, of.args...)...)
	if err != nil {
		return nil, false, fmt.Errorf("churn watch: %w", err)
	}
	defer rows.Close()
	var at []churnValue
	for rows.Next() {
		var v churnValue
		if err := rows.Scan(&v.id, &v.grade); err != nil {
			return nil, false, fmt.Errorf("churn watch: %w", err)
		}
		c := maybe[v.id]
		v.candidate, v.hasP, v.pAlive, v.valued, v.clvAlive = true, true, c.pAlive, true, c.value
		at = append(at, v)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("churn watch: %w", err)
	}
	return at, true, nil
}
