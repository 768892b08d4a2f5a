package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/tiering"
)

// The models' churn warnings need every valued customer's value as of the
// day (to find the top share's cut), which at a million customers is a
// million summaries scored: seconds. The churn watch keeps what the agenda
// needs of them, computed when the day's regrade refits (it has every
// customer's stats in hand then):
//
//   - a band of values around the top share's cut (every valued customer
//     whose value lies in [Low, High]) and how many valued customers are
//     above it (Above), so the cut can be found again after writes move a
//     few customers or the count;
//   - the customers above the band who are churn candidates by the models
//     (P(alive) below the threshold), with their values.
//
// Every change of a customer's stats or of whether it is live is recorded
// by triggers in churn_dirty, with the row as it was (the first record of a
// customer after the watch was built is what the watch saw). The agenda
// reads the watch, rescores the few customers recorded since, and has the
// exact list the batch scoring would give; when the watch is for another
// day, fit or rule, or the writes since have moved the cut out of the band,
// it scores everyone as before and builds the watch again.

// churnWatchKey is the settings key of the watch's header.
const churnWatchKey = "model.churn_watch"

// churnMaxDirty is how many recorded changes the agenda applies to the
// watch before it rather scores everyone again (and rebuilds it).
const churnMaxDirty = 20000

// churnBand is how many values either side of the cut the band keeps: a
// write moves the cut's rank by at most two, so a day of writes fits.
func churnBand(valued int) int { return max(200, valued/200) }

// churnWatchHead says what the watch was built for and the counts of the
// customers it does not list.
type churnWatchHead struct {
	Day    string  `json:"day"`       // ISO day the values are as of
	Fit    string  `json:"fit"`       // fitKey of the fit they come from
	Share  float64 `json:"top_share"` // the rules' top share and threshold
	PAlive float64 `json:"p_alive"`
	Valued int     `json:"valued"` // valued live customers
	Above  int     `json:"above"`  // valued customers with a value above High
	Low    int64   `json:"low"`    // the band's values, fen
	High   int64   `json:"high"`
	Seq    int64   `json:"seq"` // the last change recorded before the values were read
}

// churnScore is what the models say of one customer for the churn
// warnings: P(alive) (hasP false for a BG/NBD one-time buyer or one the
// model cannot score) and the 12-month value were the customer still
// active (valued false without one).
type churnScore struct {
	pAlive float64 // rounded to four decimals, as shown
	value  int64   // fen
	hasP   bool
	valued bool
}

// fitKey names a fit's parameters: the watch is good for that fit only.
func fitKey(f ModelFit) string {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return f.FitFor + " " + f.Kind + " " + strconv.Itoa(f.HorizonDays) + " " + g(f.Discount) + " " +
		g(f.R) + " " + g(f.Alpha) + " " + g(f.A) + " " + g(f.B) + " " + g(f.SpendP) + " " + g(f.SpendQ) + " " + g(f.SpendGamma)
}

// newChurnScore rounds what the models gave as the model columns do.
func (fm fitModels) newChurnScore(sum model.Stats, p float64, pOK bool, value float64, valueOK bool) churnScore {
	var c churnScore
	if pOK && !(sum.X == 0 && fm.models.Purchases.Kind == model.BGNBD) {
		c.hasP, c.pAlive = true, math.Round(p*1e4)/1e4
	}
	if valueOK && p > 0 {
		c.valued, c.value = true, int64(math.Round(value/p*100))
	}
	return c
}

// scoreChurnOne scores one summary as scoreChurn would.
func (fm fitModels) scoreChurnOne(sum model.Summary) churnScore {
	p, perr := fm.models.Purchases.PAlive(sum.Stats)
	sc, serr := fm.models.ScoreOne(sum, fm.opts)
	return fm.newChurnScore(sum.Stats, p, perr == nil, sc.Value, perr == nil && serr == nil && sc.ValueKnown)
}

// scoreStats scores a live customer's stored stats as of day today.
func (fm fitModels) scoreStats(st sql.Null[modelStats], today int64) churnScore {
	if !st.Valid {
		return churnScore{}
	}
	sum, ok := model.SummaryAsOf(st.V.x, st.V.first, st.V.last, st.V.spend, today)
	if !ok {
		return churnScore{}
	}
	return fm.scoreChurnOne(sum)
}

// churnWatch is a built watch: its header and the customers it lists.
type churnWatch struct {
	head churnWatchHead
	ids  []int64
	rows []churnScore
}

// topCount is how many valued customers the rules' top share holds.
func topCount(valued int, share float64) int {
	return max(1, int(math.Ceil(float64(valued)*share)))
}

// buildChurnWatch builds the watch from every live customer's score (ids
// and scores side by side); head carries the day, fit, rules and sequence.
func buildChurnWatch(head churnWatchHead, ids []int64, scores []churnScore) *churnWatch {
	valued := 0
	for _, c := range scores {
		if c.valued {
			valued++
		}
	}
	values := make([]int64, 0, valued)
	for _, c := range scores {
		if c.valued {
			values = append(values, c.value)
		}
	}
	w := &churnWatch{head: head}
	w.head.Valued = len(values)
	if len(values) == 0 {
		return w
	}
	slices.SortFunc(values, func(a, b int64) int { return cmp.Compare(b, a) })
	top := topCount(len(values), head.Share)
	band := churnBand(len(values))
	w.head.High = values[max(0, top-1-band)]
	w.head.Low = values[min(len(values)-1, top-1+band)]
	for i, c := range scores {
		if !c.valued {
			continue
		}
		if c.value > w.head.High {
			w.head.Above++
		}
		if w.keeps(c) {
			w.ids = append(w.ids, ids[i])
			w.rows = append(w.rows, c)
		}
	}
	return w
}

// keeps reports whether the watch lists a valued customer with score c:
// in the band, or above it and a churn candidate by the models.
func (w *churnWatch) keeps(c churnScore) bool {
	if c.value > w.head.High {
		return c.hasP && c.pAlive < w.head.PAlive
	}
	return c.value >= w.head.Low
}

// lastChurnSeq is the sequence number of the last change recorded (0 when
// none is).
func lastChurnSeq(ctx context.Context, q queryer) (int64, error) {
	var seq int64
	err := q.QueryRowContext(ctx, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'churn_dirty'), 0)").Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("churn watch: %w", err)
	}
	return seq, nil
}

// readChurnHead reads the watch's header; found is false when there is none.
func readChurnHead(ctx context.Context, q queryer) (churnWatchHead, bool, error) {
	var h churnWatchHead
	found, err := readSetting(ctx, q, churnWatchKey, &h)
	if err != nil {
		return churnWatchHead{}, false, fmt.Errorf("churn watch: %w", err)
	}
	return h, found, nil
}

// matches reports whether a watch header is for this day, fit and rules.
func (h churnWatchHead) matches(day string, fit ModelFit, rules tiering.Rules) bool {
	return h.Day == day && h.Fit == fitKey(fit) && h.Share == rules.ChurnTopShare && h.PAlive == rules.ChurnPAlive
}

// dropChurnWatch forgets the watch and the changes recorded for it: the
// next agenda scores everyone and builds it again.
func dropChurnWatch(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", churnWatchKey); err != nil {
		return fmt.Errorf("churn watch: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM churn_dirty"); err != nil {
		return fmt.Errorf("churn watch: %w", err)
	}
	return nil
}

// write stores the watch in tx when no change was recorded since its
// values were read, or only changes the watch can apply (consistent: the
// values were read in one transaction with the sequence); the changes it
// saw are deleted. A watch read before a newer one was stored, or one that
// missed changes, is not stored; with drop, it then drops the stored one.
func (w *churnWatch) write(ctx context.Context, tx *sql.Tx, consistent, drop bool) error {
	var later bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM churn_dirty WHERE seq > ?)", w.head.Seq).Scan(&later); err != nil {
		return fmt.Errorf("churn watch: %w", err)
	}
	old, found, err := readChurnHead(ctx, tx)
	if err != nil {
		return err
	}
	if (later && !consistent) || (found && old.Seq > w.head.Seq) {
		if drop {
			return dropChurnWatch(ctx, tx)
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM churn_watch"); err != nil {
		return fmt.Errorf("churn watch: %w", err)
	}
	day0, err := time.ParseInLocation(parseDay, w.head.Day, time.Local)
	if err != nil {
		return fmt.Errorf("churn watch: %w", err)
	}
	boughtSince, quietSince := churnDates(day0)
	ins, err := tx.PrepareContext(ctx, churnWatchInsertSQL)
	if err != nil {
		return fmt.Errorf("churn watch: %w", err)
	}
	defer ins.Close()
	for i, id := range w.ids {
		c := w.rows[i]
		var p any
		if c.hasP {
			p = c.pAlive
		}
		if _, err := ins.ExecContext(ctx, id, c.value, p, w.head.PAlive, boughtSince, quietSince); err != nil {
			return fmt.Errorf("churn watch: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM churn_dirty WHERE seq <= ?", w.head.Seq); err != nil {
		return fmt.Errorf("churn watch: %w", err)
	}
	b, err := json.Marshal(w.head)
	if err != nil {
		return fmt.Errorf("churn watch: %w", err)
	}
	return putSetting(ctx, tx, churnWatchKey, b)
}

// storeChurnWatch stores a watch the agenda built, on a connection that
// waits for the write lock no longer than a reader does. The watch only
// saves time: when it cannot be stored (a ledger opened read-only, another
// writer holding the lock), the next agenda scores everyone again.
func (s *Store) storeChurnWatch(ctx context.Context, w *churnWatch) {
	if s.readOnly {
		return
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", readerWait.Milliseconds())); err != nil {
		return
	}
	defer func() {
		_, _ = conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA busy_timeout = %d", s.busy.Milliseconds()))
	}()
	_ = s.txOn(ctx, conn, func(tx *sql.Tx) error { return w.write(ctx, tx, true, false) })
}

// churnStatsChangedSQL is true in a trigger on customers when what the
// churn watch reads of the row changed: its stats, or whether it is live.
const churnStatsChangedSQL = `(OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) OR OLD.m_x IS NOT NEW.m_x
	OR OLD.m_first IS NOT NEW.m_first OR OLD.m_last IS NOT NEW.m_last OR OLD.m_spend IS NOT NEW.m_spend`

// churnWatchSchemaSQL creates the watch's tables and the triggers that
// record the changes it must apply. The triggers are named like the
// tallies' (customers_tally_*): a load that drops those for speed drops
// these too, and forgets the watch when it creates them again.
var churnWatchSchemaSQL = `
CREATE TABLE churn_watch (
	customer_id INTEGER PRIMARY KEY,
	value       INTEGER NOT NULL, -- fen: the 12-month value were the customer still active
	p_alive     REAL              -- NULL: no estimate
);
CREATE TABLE churn_dirty (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	customer_id INTEGER NOT NULL,
	live        INTEGER NOT NULL, -- the row as it was: live, and its stats
	m_x         INTEGER,
	m_first     INTEGER,
	m_last      INTEGER,
	m_spend     REAL
);
` + churnTriggersSQL

// churnTriggersSQL are the triggers recording changes for the churn watch.
var churnTriggersSQL = `
CREATE TRIGGER customers_tally_churn_insert AFTER INSERT ON customers
BEGIN
	INSERT INTO churn_dirty(customer_id, live) VALUES (NEW.id, 0);
END;
CREATE TRIGGER customers_tally_churn_delete AFTER DELETE ON customers
BEGIN
	INSERT INTO churn_dirty(customer_id, live, m_x, m_first, m_last, m_spend)
		VALUES (OLD.id, OLD.deleted_at IS NULL, OLD.m_x, OLD.m_first, OLD.m_last, OLD.m_spend);
END;
CREATE TRIGGER customers_tally_churn_update AFTER UPDATE OF m_x, m_first, m_last, m_spend, deleted_at ON customers
WHEN ` + churnStatsChangedSQL + `
BEGIN
	INSERT INTO churn_dirty(customer_id, live, m_x, m_first, m_last, m_spend)
		VALUES (OLD.id, OLD.deleted_at IS NULL, OLD.m_x, OLD.m_first, OLD.m_last, OLD.m_spend);
END;
`

// suspendChurnTriggers drops the churn watch's triggers for a write whose
// changes the watch written with it already holds; the returned statements
// create them again.
func suspendChurnTriggers(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'customers\_tally\_churn\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("churn watch: %w", err)
	}
	var names, creates []string
	for rows.Next() {
		var n, c string
		if err := rows.Scan(&n, &c); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
			return nil, fmt.Errorf("churn watch: %w", err)
		}
		names, creates = append(names, n), append(creates, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("churn watch: %w", err)
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+n+`"`); err != nil {
			return nil, fmt.Errorf("churn watch: %w", err)
		}
	}
	return creates, nil
}
