package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/tiering"
)

// The twelve-month tier history adds its figures up from history_tally
// instead of a pass over every customer and purchase. Each customer has a
// trajectory: where it stood (in the ledger or not, grade, churned) at each
// month end the history shows, and the day of its last purchase, raised to
// the last day whose buyers are churned already at the running month's
// start. The tally counts the customers of each trajectory with what they
// spent each month: at a million customers a few thousand rows.
//
// Triggers on customers, purchases and grade_history list every customer a
// write touches in history_dirty (a back-dated purchase, a delete, an undo,
// an import, a grade move alike); the next history takes the listed
// customers' old trajectories (history_cust) off the tally and counts them
// again from their rows. A customer with anything dated after today (a
// purchase, a grade move, its creation or deletion) stays listed and is
// counted from its rows on every look, so the tally holds only customers
// whose trajectory can change from here on by the passing of days alone,
// which the last purchase's day decides. A new month rolls the last
// month's tally over by arithmetic on its trajectories (see
// history_rollover.go). A clock set back before the tally's day, or a load
// that suspended the triggers, counts the tally again from every customer,
// under a read snapshot and without the write lock (see
// history_recount.go).

// historyTallyMonths are the months the tally keeps: the default history.
const historyTallyMonths = 12

// historyTallySchemaSQL creates the tally, its lists and its triggers
// (named history_dirty_*: the loads that suspend the tallies' triggers
// suspend these too, and forget the tally).
const historyTallySchemaSQL = `
CREATE TABLE history_meta (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	month  TEXT    NOT NULL, -- the running month the trajectories end in
	day    TEXT    NOT NULL, -- the latest day the tally was brought up to
	months INTEGER NOT NULL
);
CREATE TABLE history_tally (
	key   TEXT    PRIMARY KEY, -- the trajectory (see historyKey)
	n     INTEGER NOT NULL,
	spend TEXT    NOT NULL     -- what its customers spent each month, fen, comma separated
) WITHOUT ROWID;
CREATE TABLE history_cust (
	customer INTEGER PRIMARY KEY,
	key         TEXT NOT NULL,
	spend       TEXT NOT NULL
);
-- (the column is not named customer_id: a merge moves the rows of every
-- table that has one, and these are counted, not moved)
-- the triggers test for a listed customer rather than INSERT OR IGNORE:
-- a statement's own conflict clause (an INSERT OR REPLACE) overrides its
-- triggers'
CREATE TABLE history_dirty (customer INTEGER PRIMARY KEY);
CREATE TRIGGER history_dirty_purchase_insert AFTER INSERT ON purchases
BEGIN
	INSERT INTO history_dirty(customer) SELECT NEW.customer_id WHERE NOT EXISTS (SELECT 1 FROM history_dirty WHERE customer = NEW.customer_id);
END;
CREATE TRIGGER history_dirty_purchase_delete AFTER DELETE ON purchases
BEGIN
	INSERT INTO history_dirty(customer) SELECT OLD.customer_id WHERE NOT EXISTS (SELECT 1 FROM history_dirty WHERE customer = OLD.customer_id);
END;
CREATE TRIGGER history_dirty_purchase_update AFTER UPDATE OF customer_id, date, amount ON purchases
BEGIN
	INSERT INTO history_dirty(customer) SELECT v FROM (SELECT OLD.customer_id AS v UNION SELECT NEW.customer_id) WHERE v NOT IN (SELECT customer FROM history_dirty);
END;
CREATE TRIGGER history_dirty_move_insert AFTER INSERT ON grade_history
BEGIN
	INSERT INTO history_dirty(customer) SELECT NEW.customer_id WHERE NOT EXISTS (SELECT 1 FROM history_dirty WHERE customer = NEW.customer_id);
END;
CREATE TRIGGER history_dirty_move_delete AFTER DELETE ON grade_history
BEGIN
	INSERT INTO history_dirty(customer) SELECT OLD.customer_id WHERE NOT EXISTS (SELECT 1 FROM history_dirty WHERE customer = OLD.customer_id);
END;
CREATE TRIGGER history_dirty_move_update AFTER UPDATE OF customer_id, at, old_grade, new_grade ON grade_history
BEGIN
	INSERT INTO history_dirty(customer) SELECT v FROM (SELECT OLD.customer_id AS v UNION SELECT NEW.customer_id) WHERE v NOT IN (SELECT customer FROM history_dirty);
END;
CREATE TRIGGER history_dirty_customer_insert AFTER INSERT ON customers
BEGIN
	INSERT INTO history_dirty(customer) SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM history_dirty WHERE customer = NEW.id);
END;
CREATE TRIGGER history_dirty_customer_delete AFTER DELETE ON customers
BEGIN
	INSERT INTO history_dirty(customer) SELECT OLD.id WHERE NOT EXISTS (SELECT 1 FROM history_dirty WHERE customer = OLD.id);
END;
CREATE TRIGGER history_dirty_customer_update AFTER UPDATE OF id, grade, created_at, deleted_at ON customers
WHEN OLD.id <> NEW.id OR OLD.grade IS NOT NEW.grade OR OLD.created_at IS NOT NEW.created_at OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
	INSERT INTO history_dirty(customer) SELECT v FROM (SELECT OLD.id AS v UNION SELECT NEW.id) WHERE v NOT IN (SELECT customer FROM history_dirty);
END;
`

// forgetHistoryTallySQL makes the next history count the tally again.
const forgetHistoryTallySQL = "DELETE FROM history_meta"

// historyTrajectory is one row of the tally in memory.
type historyTrajectory struct {
	n       int
	spend   []int64
	changed bool // since read: written back by a look that writes only what changed
}

// tallyHistory counts acc's customers from the tally, bringing the tally up
// to date first. A tally that must be counted again from every customer is
// counted under a read snapshot, outside the write lock (see
// recountHistoryTally).
func (s *Store) tallyHistory(ctx context.Context, acc *histAcc) error {
	if acc.month == nil {
		acc.init()
	}
	tally := map[string]*historyTrajectory{}
	var live []histState
	var token string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		live, token, err = refreshHistoryTally(ctx, tx, acc, tally)
		return err
	})
	if err != nil {
		return err
	}
	if token != "" {
		if tally, live, err = s.recountHistoryTally(ctx, acc, token); err != nil {
			return err
		}
	}
	st := newHistState(len(acc.days))
	for key, t := range tally {
		if t.n == 0 {
			continue
		}
		acc.decodeKey(key, &st)
		copy(st.spend, t.spend)
		acc.count(&st, t.n)
	}
	for i := range live {
		acc.count(&live[i], 1)
	}
	return nil
}

// refreshHistoryTally reads the tally into tally, counting again the
// customers listed dirty, writes it back, and returns the states of the
// customers counted live (see the top of this file). When the tally is not
// for today's months it counts nothing: it empties the list, marks the
// tally as being counted again and returns the mark's token for
// recountHistoryTally.
func refreshHistoryTally(ctx context.Context, tx *sql.Tx, acc *histAcc, tally map[string]*historyTrajectory) (live []histState, token string, err error) {
	days := acc.days
	today := days[len(days)-1]
	var month, day string
	var months int
	err = tx.QueryRowContext(ctx, "SELECT month, day, months FROM history_meta WHERE id = 1").Scan(&month, &day, &months)
	if err != nil && err != sql.ErrNoRows {
		return nil, "", fmt.Errorf("tier history: tally: %w", err)
	}
	valid := err == nil && month == today[:7] && day <= today && months == len(days)-1
	if err == nil && month != "" && month < today[:7] && months == len(days)-1 {
		// a new month: the last month's tally rolled over, then the
		// customers written since counted again below
		old := map[string]*historyTrajectory{}
		if err := readHistoryTally(ctx, tx, old); err != nil {
			return nil, "", err
		}
		if err := acc.rollTally(old, month, tally); err != nil {
			return nil, "", err
		}
		live, err = updateHistoryTally(ctx, tx, acc, tally, true)
		return live, "", err
	}
	if !valid {
		token, err := markHistoryRecount(ctx, tx)
		return nil, token, err
	}
	if day == today {
		var dirty bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM history_dirty)").Scan(&dirty); err != nil {
			return nil, "", fmt.Errorf("tier history: tally: %w", err)
		}
		if !dirty { // nothing was written since the last look today
			return nil, "", readHistoryTally(ctx, tx, tally)
		}
	}
	if err := readHistoryTally(ctx, tx, tally); err != nil {
		return nil, "", err
	}
	live, err = updateHistoryTally(ctx, tx, acc, tally, false)
	return live, "", err
}

// updateHistoryTally takes the customers listed dirty off tally, counts
// them again from their rows, and writes tally (with all, over the whole
// table; else only its changed rows), their history_cust rows and
// history_meta for today.
func updateHistoryTally(ctx context.Context, tx *sql.Tx, acc *histAcc, tally map[string]*historyTrajectory, all bool) ([]histState, error) {
	days := acc.days
	today := days[len(days)-1]
	if err := takeOffDirty(ctx, tx, acc, tally); err != nil {
		return nil, err
	}
	ins := &historyCustWriter{tx: tx, month: today[:7]}
	defer ins.close()
	live, stay, err := scanHistoryTally(ctx, tx, acc, tally, true, func(id int64, key string, spend []int64) error {
		return ins.add(ctx, id, key, joinSpend(spend))
	})
	if err == nil {
		err = ins.flush(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("tier history: tally: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM history_dirty"); err != nil {
		return nil, fmt.Errorf("tier history: tally: %w", err)
	}
	for _, id := range stay {
		if _, err := tx.ExecContext(ctx, "INSERT INTO history_dirty(customer) VALUES (?)", id); err != nil {
			return nil, fmt.Errorf("tier history: tally: %w", err)
		}
	}
	if err := writeHistoryTally(ctx, tx, tally, all); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO history_meta(id, month, day, months) VALUES (1, ?, ?, ?)", today[:7], today, len(days)-1); err != nil {
		return nil, fmt.Errorf("tier history: tally: %w", err)
	}
	return live, nil
}

// scanHistoryTally counts the customers (with dirty, only those listed in
// history_dirty) into tally, handing row each one's trajectory. Customers
// with anything dated after today are not counted into tally: their states
// are returned (live) with their ids (stay), to be listed dirty.
func scanHistoryTally(ctx context.Context, tx *sql.Tx, acc *histAcc, tally map[string]*historyTrajectory, dirty bool, row func(id int64, key string, spend []int64) error) (live []histState, stay []int64, err error) {
	days := acc.days
	today := days[len(days)-1]
	future, err := queryColumn[int64](ctx, tx, "SELECT customer_id FROM purchases WHERE date > ?", today) // a range of purchases_date (DISTINCT would walk purchases_customer whole)
	if err != nil {
		return nil, nil, fmt.Errorf("tier history: tally: %w", err)
	}
	later := map[int64]bool{}
	for _, id := range future {
		later[id] = true
	}
	end := today + " 23:59:59"
	var rowErr error
	st := newHistState(len(days))
	err = scanHistoryIn(ctx, tx, days, dirty, func(c *custPast) {
		acc.place(c, &st)
		if later[c.id] || c.created > end || c.deleted > end || len(c.moves) > 0 && c.moves[len(c.moves)-1].at > end {
			cp := newHistState(len(days))
			copy(cp.exists, st.exists)
			copy(cp.grade, st.grade)
			copy(cp.churned, st.churned)
			copy(cp.spend, st.spend)
			live = append(live, cp)
			stay = append(stay, c.id)
			return
		}
		key := acc.historyKey(&st)
		t := tally[key]
		if t == nil {
			t = &historyTrajectory{spend: make([]int64, len(days))}
			tally[key] = t
		}
		t.n++
		t.changed = true
		for i, v := range st.spend {
			t.spend[i] += v
		}
		if rowErr == nil {
			rowErr = row(c.id, key, st.spend)
		}
	})
	if err == nil {
		err = rowErr
	}
	if err != nil {
		return nil, nil, err
	}
	return live, stay, nil
}

// historyCustBatch is how many history_cust rows one INSERT writes: a
// tally counted from every customer writes a million of them, and the
// driver's cost is per statement.
const historyCustBatch = 256

// historyCustWriter writes history_cust rows a batch at a time, for month.
type historyCustWriter struct {
	tx      *sql.Tx
	month   string
	batch   *sql.Stmt
	pending []any
}

func historyCustInsert(rows int) string {
	return "INSERT INTO history_cust(customer, key, spend, month) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", rows), ", ")
}

func (w *historyCustWriter) add(ctx context.Context, id int64, key, spend string) error {
	w.pending = append(w.pending, id, key, spend, w.month)
	if len(w.pending) < 4*historyCustBatch {
		return nil
	}
	if w.batch == nil {
		var err error
		if w.batch, err = w.tx.PrepareContext(ctx, historyCustInsert(historyCustBatch)); err != nil {
			return err
		}
	}
	_, err := w.batch.ExecContext(ctx, w.pending...)
	w.pending = w.pending[:0]
	return err
}

// flush writes the rows left over.
func (w *historyCustWriter) flush(ctx context.Context) error {
	if len(w.pending) == 0 {
		return nil
	}
	_, err := w.tx.ExecContext(ctx, historyCustInsert(len(w.pending)/4), w.pending...)
	w.pending = w.pending[:0]
	return err
}

func (w *historyCustWriter) close() {
	if w.batch != nil {
		w.batch.Close()
	}
}

// readHistoryTally reads history_tally into tally.
func readHistoryTally(ctx context.Context, tx *sql.Tx, tally map[string]*historyTrajectory) error {
	rows, err := tx.QueryContext(ctx, "SELECT key, n, spend FROM history_tally")
	if err != nil {
		return fmt.Errorf("tier history: tally: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, spend string
		t := &historyTrajectory{}
		if err := rows.Scan(&key, &t.n, &spend); err != nil {
			return fmt.Errorf("tier history: tally: %w", err)
		}
		if t.spend, err = splitSpend(spend); err != nil {
			return err
		}
		tally[key] = t
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tier history: tally: %w", err)
	}
	return nil
}

// takeOffDirty takes the customers listed dirty off the tally (of acc's
// month) and out of history_cust. A customer's row counted in an earlier
// month is rolled over to the tally's month first, as the tally was.
func takeOffDirty(ctx context.Context, tx *sql.Tx, acc *histAcc, tally map[string]*historyTrajectory) error {
	rows, err := tx.QueryContext(ctx, "SELECT key, spend, month FROM history_cust WHERE customer IN (SELECT customer FROM history_dirty)")
	if err != nil {
		return fmt.Errorf("tier history: tally: %w", err)
	}
	defer rows.Close()
	month := acc.days[len(acc.days)-1][:7]
	for rows.Next() {
		var key, spend, at string
		if err := rows.Scan(&key, &spend, &at); err != nil {
			return fmt.Errorf("tier history: tally: %w", err)
		}
		sp, err := splitSpend(spend)
		if err != nil {
			return err
		}
		if at != month {
			k, ok := monthsBetween(at, month)
			if !ok || k < 0 || len(sp) != len(acc.days) {
				return fmt.Errorf("tier history: tally: customer row %q of %q not in the tally of %s", key, at, month)
			}
			if key, err = acc.rollKey(key, k); err != nil {
				return err
			}
			sp = rollSpend(sp, k)
		}
		t := tally[key]
		if t == nil || len(t.spend) != len(sp) {
			return fmt.Errorf("tier history: tally: customer row %q not in the tally", key)
		}
		t.n--
		t.changed = true
		for i, v := range sp {
			t.spend[i] -= v
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tier history: tally: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM history_cust WHERE customer IN (SELECT customer FROM history_dirty)"); err != nil {
		return fmt.Errorf("tier history: tally: %w", err)
	}
	return nil
}

// writeHistoryTally writes tally over history_tally; without all, only its
// changed rows (a few after a day's writes, of thousands).
func writeHistoryTally(ctx context.Context, tx *sql.Tx, tally map[string]*historyTrajectory, all bool) error {
	if all {
		if _, err := tx.ExecContext(ctx, "DELETE FROM history_tally"); err != nil {
			return fmt.Errorf("tier history: tally: %w", err)
		}
	}
	ins, err := tx.PrepareContext(ctx, "INSERT OR REPLACE INTO history_tally(key, n, spend) VALUES (?, ?, ?)")
	if err != nil {
		return fmt.Errorf("tier history: tally: %w", err)
	}
	defer ins.Close()
	del, err := tx.PrepareContext(ctx, "DELETE FROM history_tally WHERE key = ?")
	if err != nil {
		return fmt.Errorf("tier history: tally: %w", err)
	}
	defer del.Close()
	for key, t := range tally {
		switch {
		case !all && !t.changed:
		case t.n == 0 && !all:
			if _, err := del.ExecContext(ctx, key); err != nil {
				return fmt.Errorf("tier history: tally: %w", err)
			}
		case t.n != 0:
			if _, err := ins.ExecContext(ctx, key, t.n, joinSpend(t.spend)); err != nil {
				return fmt.Errorf("tier history: tally: %w", err)
			}
		}
	}
	return nil
}

func joinSpend(spend []int64) string {
	return string(appendSpend(make([]byte, 0, 4*len(spend)), spend))
}

// appendSpend appends spend to b as history_cust holds it.
func appendSpend(b []byte, spend []int64) []byte {
	for i, v := range spend {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, v, 10)
	}
	return b
}

func splitSpend(s string) ([]int64, error) {
	out := make([]int64, 0, strings.Count(s, ",")+1)
	for rest := s; ; {
		p, tail, more := strings.Cut(rest, ",")
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("tier history: tally spend %q: %w", s, err)
		}
		out = append(out, v)
		if !more {
			return out, nil
		}
		rest = tail
	}
}

// churnFloor is the last purchase day below which a customer is churned
// at the running month's start and at every month end after it: the
// trajectory need not say how long before.
func (a *histAcc) churnFloor() string {
	return a.bounds[len(a.bounds)-2].AddDate(0, 0, -tiering.ChurnDays).Format(parseDay)
}

// historyKey is st's trajectory: a letter per month end (in the ledger,
// churned, grade; churn left out for the running month's end), then "|"
// and the last purchase's day, raised to the churn floor. The day is kept
// exact above the floor, not only within the running month: then the
// trajectory says when its customers churn in every month to come, and a
// new month's tally is the last one's rolled over (see history_rollover.go).
func (a *histAcc) historyKey(st *histState) string {
	n := len(st.exists)
	b := make([]byte, 0, n+11)
	for i := range n {
		v := byte(st.grade[i]+1) << 2
		if st.exists[i] {
			v |= 1
		}
		if i < n-1 && st.churned[i] {
			v |= 2
		}
		b = append(b, 'a'+v)
	}
	b = append(b, '|')
	l := st.lastBuy
	if len(l) == len(parseDay) && !utcDay(l).IsZero() {
		l = max(l, a.churnFloor())
	}
	return string(append(b, l...))
}

// decodeKey sets st's places from a trajectory, as of the last month end.
func (a *histAcc) decodeKey(key string, st *histState) {
	n := len(st.exists)
	for i := range n {
		v := key[i] - 'a'
		st.exists[i] = v&1 != 0
		st.churned[i] = v&2 != 0
		st.grade[i] = int(v>>2) - 1
	}
	st.lastBuy = key[n+1:]
	st.churned[n-1] = a.churnedOn(a.bounds[n-1], st.lastBuy)
}
