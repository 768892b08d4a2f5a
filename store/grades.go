package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// rulesCache keeps the tiering rules and the last cut points in memory; the
// ledger's settings are the truth.
type rulesCache struct {
	mu     sync.Mutex
	loaded bool
	rules  tiering.Rules
	cuts   tiering.Cuts
}

func (s *Store) tieringState(ctx context.Context, q queryer) (tiering.Rules, tiering.Cuts, error) {
	s.mu.Lock()
	if s.rules == nil {
		s.rules = &rulesCache{}
	}
	rc := s.rules
	s.mu.Unlock()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.loaded {
		return rc.rules, rc.cuts, nil
	}
	rules := tiering.DefaultRules()
	var raw string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'tiering.rules'").Scan(&raw)
	if err == nil {
		if rules, err = tiering.ParseRules([]byte(raw)); err != nil {
			return tiering.Rules{}, tiering.Cuts{}, i18n.Errorf("rules.bad", err.Error())
		}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return tiering.Rules{}, tiering.Cuts{}, fmt.Errorf("read tiering rules: %w", err)
	}
	var cuts tiering.Cuts
	err = q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'tiering.cuts'").Scan(&raw)
	if err == nil {
		if err := json.Unmarshal([]byte(raw), &cuts); err != nil {
			return tiering.Rules{}, tiering.Cuts{}, fmt.Errorf("read tiering cuts: %w", err)
		}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return tiering.Rules{}, tiering.Cuts{}, fmt.Errorf("read tiering cuts: %w", err)
	}
	rc.rules, rc.cuts, rc.loaded = rules, cuts, true
	return rules, cuts, nil
}

func (s *Store) forgetTiering() {
	s.mu.Lock()
	s.rules = nil
	s.mu.Unlock()
}

// Rules returns the ledger's tiering rules.
func (s *Store) Rules(ctx context.Context) (tiering.Rules, error) {
	r, _, err := s.tieringState(ctx, s.db)
	return r, err
}

// Cuts returns the cut points of the last full regrade.
func (s *Store) Cuts(ctx context.Context) (tiering.Cuts, error) {
	_, c, err := s.tieringState(ctx, s.db)
	return c, err
}

// SetRules validates and stores new tiering rules, then regrades the ledger.
func (s *Store) SetRules(ctx context.Context, r tiering.Rules) (RegradeReport, error) {
	if err := r.Validate(); err != nil {
		return RegradeReport{}, i18n.Errorf("rules.bad", err.Error())
	}
	if err := s.SetSetting(ctx, "tiering.rules", r); err != nil {
		return RegradeReport{}, err
	}
	s.forgetTiering()
	return s.RegradeAll(ctx, "rules changed")
}

const parseDay = "2006-01-02"

func day(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(parseDay, s, time.Local)
	if err != nil {
		return time.Time{}
	}
	return t
}

// inputRow is what the customer row holds for tiering.
type inputRow struct {
	first, last, openLast string
	firstDay, lastDay     time.Time // already parsed first/last (tier_in reads)
	count, openCount      int64
	openSpend             int64
	medianGap             float64
	potential             int64
	pinned                string
}

func (r inputRow) input(id int64, freq int64, spend int64, windowStart string) tiering.Input {
	first, last := r.firstDay, r.lastDay
	if first.IsZero() {
		first = day(r.first)
	}
	if last.IsZero() {
		last = day(r.last)
	}
	in := tiering.Input{
		ID:            id,
		FirstPurchase: first,
		LastPurchase:  last,
		Purchases:     int(r.count),
		Frequency:     int(freq),
		Monetary:      spend,
		MedianGapDays: r.medianGap,
		Potential:     int(r.potential),
		Pinned:        r.pinned,
	}
	if r.openCount > 0 && r.openLast >= windowStart {
		in.Frequency += int(r.openCount)
		in.Monetary += r.openSpend
	}
	return in
}

// Input reads the tiering inputs of one customer.
func (s *Store) Input(ctx context.Context, id int64) (tiering.Input, error) {
	rules, _, err := s.tieringState(ctx, s.db)
	if err != nil {
		return tiering.Input{}, err
	}
	return s.readInput(ctx, s.db, id, rules)
}

func (s *Store) readInput(ctx context.Context, q queryer, id int64, rules tiering.Rules) (tiering.Input, error) {
	var r inputRow
	err := q.QueryRowContext(ctx, `SELECT first_purchase, last_purchase, purchases, median_gap, potential, pinned, opening_spend, opening_count, opening_last
		FROM customers WHERE id = ?`, id).Scan(&r.first, &r.last, &r.count, &r.medianGap, &r.potential, &r.pinned, &r.openSpend, &r.openCount, &r.openLast)
	if errors.Is(err, sql.ErrNoRows) {
		return tiering.Input{}, i18n.Errorf("cust.notfound", itoa(id))
	}
	if err != nil {
		return tiering.Input{}, fmt.Errorf("read customer %d: %w", id, err)
	}
	ws := rules.WindowStart(s.now()).Format(parseDay)
	var freq, spend int64
	if err := q.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(amount), 0) FROM purchases WHERE customer_id = ? AND date >= ?", id, ws).
		Scan(&freq, &spend); err != nil {
		return tiering.Input{}, fmt.Errorf("read purchases of %d: %w", id, err)
	}
	return r.input(id, freq, spend, ws), nil
}

// Explain returns the breakdown that gives customer id its grade.
func (s *Store) Explain(ctx context.Context, id int64) (tiering.Explanation, error) {
	rules, cuts, err := s.tieringState(ctx, s.db)
	if err != nil {
		return tiering.Explanation{}, err
	}
	in, err := s.readInput(ctx, s.db, id, rules)
	if err != nil {
		return tiering.Explanation{}, err
	}
	return tiering.Explain(in, cuts, rules, s.now()), nil
}

// regradeTx grades one customer with the ledger's current cut points and
// writes the result (and a grade-history line when the grade moves).
func (s *Store) regradeTx(ctx context.Context, tx *sql.Tx, id int64, reason string) (*GradeChange, error) {
	rules, cuts, err := s.tieringState(ctx, tx)
	if err != nil {
		return nil, err
	}
	in, err := s.readInput(ctx, tx, id, rules)
	if err != nil {
		return nil, err
	}
	res := tiering.Grade(in, cuts, rules, s.now())
	var oldGrade, name string
	var oldScore float64
	if err := tx.QueryRowContext(ctx, "SELECT grade, score, name FROM customers WHERE id = ?", id).Scan(&oldGrade, &oldScore, &name); err != nil {
		return nil, fmt.Errorf("read grade of %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE customers SET grade = ?, score = ?, segment = ?, stage = ? WHERE id = ?",
		res.Grade, res.Score, res.Segment, res.Stage, id); err != nil {
		return nil, fmt.Errorf("write grade of %d: %w", id, err)
	}
	if res.Grade == oldGrade {
		return nil, nil
	}
	g := &GradeChange{ID: id, Name: name, Old: oldGrade, New: res.Grade, Score: res.Score, Reason: reason}
	if _, err := tx.ExecContext(ctx, "INSERT INTO grade_history(customer_id, at, old_grade, new_grade, score, reason) VALUES(?,?,?,?,?,?)",
		id, s.timestamp(), oldGrade, res.Grade, res.Score, reason); err != nil {
		return nil, fmt.Errorf("write grade history: %w", err)
	}
	return g, nil
}

// cur is what a customer row holds of its current grade and window.
type cur struct {
	grade, segment, stage string
	score                 float64
	winCount, winSpend    int64
}

// tierDecoder splits tier_in columns (see schema.go) into inputs and the
// current grade without allocating per row: dates, numbers and names repeat
// across a ledger, so each distinct value is parsed once and shared.
type tierDecoder struct {
	days   map[string]time.Time
	floats map[string]float64
	names  map[string]string
}

func newTierDecoder() *tierDecoder {
	return &tierDecoder{days: map[string]time.Time{}, floats: map[string]float64{}, names: map[string]string{}}
}

func (d *tierDecoder) day(b []byte) time.Time {
	if len(b) == 0 {
		return time.Time{}
	}
	if t, ok := d.days[string(b)]; ok {
		return t
	}
	t := day(string(b))
	d.days[string(b)] = t
	return t
}

func (d *tierDecoder) name(b []byte) string {
	if n, ok := d.names[string(b)]; ok {
		return n
	}
	n := string(b)
	d.names[n] = n
	return n
}

func (d *tierDecoder) float(b []byte) (float64, error) {
	if f, ok := d.floats[string(b)]; ok {
		return f, nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err == nil {
		d.floats[string(b)] = f
	}
	return f, err
}

func parseInt(b []byte) (int64, error) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, fmt.Errorf("bad integer %q", b)
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad integer %q", b)
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, nil
}

// unpack reads one tier_in value.
func (d *tierDecoder) unpack(b []byte) (inputRow, cur, error) {
	var r inputRow
	var c cur
	var f [15][]byte
	for i := range f {
		j := bytes.IndexByte(b, ',')
		if i == len(f)-1 {
			if j >= 0 {
				return r, c, fmt.Errorf("unexpected tier_in %q", b)
			}
			f[i] = b
			break
		}
		if j < 0 {
			return r, c, fmt.Errorf("unexpected tier_in %q", b)
		}
		f[i], b = b[:j], b[j+1:]
	}
	ints := [...]*int64{&r.count, nil, &r.potential, &r.openSpend, &r.openCount, &c.winCount, &c.winSpend}
	for i, p := range ints {
		if p == nil {
			continue
		}
		n, err := parseInt(f[i])
		if err != nil {
			return r, c, fmt.Errorf("tier_in: %w", err)
		}
		*p = n
	}
	var err error
	if r.medianGap, err = d.float(f[1]); err != nil {
		return r, c, fmt.Errorf("tier_in: %w", err)
	}
	if c.score, err = d.float(f[7]); err != nil {
		return r, c, fmt.Errorf("tier_in: %w", err)
	}
	r.firstDay, r.lastDay = d.day(f[8]), d.day(f[9])
	r.openLast, r.pinned = d.name(f[10]), d.name(f[11])
	c.grade, c.segment, c.stage = d.name(f[12]), d.name(f[13]), d.name(f[14])
	return r, c, nil
}

// RegradeReport says what a full regrade did.
type RegradeReport struct {
	Customers   int
	Changed     int           // customers whose grade, score, segment or stage changed
	Moves       []GradeChange // grade changes (the first 100)
	GradeMoves  int
	CutsChanged bool
	Compute     time.Duration // grading alone
	Total       time.Duration // inputs read, grades computed and written
}

// windowKey is the settings key of the date the stored win_count/win_spend
// of every customer count from.
const windowKey = "tiering.window_start"

// storedWindow is the window start the customers' win_* columns count from,
// "" when they are not maintained yet.
func storedWindow(ctx context.Context, q queryer) (string, error) {
	var raw string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", windowKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read window start: %w", err)
	}
	var ws string
	if err := json.Unmarshal([]byte(raw), &ws); err != nil {
		return "", fmt.Errorf("read window start: %w", err)
	}
	return ws, nil
}

func setStoredWindow(ctx context.Context, tx *sql.Tx, ws string) error {
	b, _ := json.Marshal(ws)
	_, err := tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", windowKey, string(b))
	return err
}

// advanceWindow moves the stored window start forward to ws: the purchases
// that fell out of the window (read through the date index: a day's worth
// when run daily) are taken off their customers' win_* columns, in the same
// transaction as the new start.
func (s *Store) advanceWindow(ctx context.Context, from, ws string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT customer_id, count(*), sum(amount) FROM purchases WHERE date >= ? AND date < ? GROUP BY customer_id", from, ws)
		if err != nil {
			return err
		}
		type out struct{ id, n, sum int64 }
		var outs []out
		for rows.Next() {
			var o out
			if err := rows.Scan(&o.id, &o.n, &o.sum); err != nil {
				rows.Close()
				return err
			}
			outs = append(outs, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		upd, err := tx.PrepareContext(ctx, "UPDATE customers SET win_count = win_count - ?, win_spend = win_spend - ? WHERE id = ?")
		if err != nil {
			return err
		}
		defer upd.Close()
		for _, o := range outs {
			if _, err := upd.ExecContext(ctx, o.n, o.sum, o.id); err != nil {
				return err
			}
		}
		return setStoredWindow(ctx, tx, ws)
	})
}

// tierSnapshot is every live customer's tiering inputs and current grade,
// in id order.
type tierSnapshot struct {
	ids    []int64
	inputs []tiering.Input
	curs   []cur
	newWin map[int][2]int64 // full scans only: window count and spend by position
}

// readTiers reads the snapshot through q (the store or a transaction).
// With full, the window counts come from a scan of the purchase log instead
// of the customers' win_* columns. A below other than 0 reads only the
// customers whose id is lower.
func (s *Store) readTiers(ctx context.Context, q queryer, ws string, full bool, below int64) (*tierSnapshot, error) {
	// (the bound only when there is one: a plain count reads a small index)
	where, args := "deleted_at IS NULL", []any(nil)
	if below > 0 {
		where, args = "deleted_at IS NULL AND id < ?", []any{below}
	}
	// Size the slices once: growing them for a million rows costs more
	// than this count (an index scan).
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE "+where, args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("regrade: count customers: %w", err)
	}
	snap := &tierSnapshot{ids: make([]int64, 0, n), inputs: make([]tiering.Input, 0, n), curs: make([]cur, 0, n)}
	// The inputs travel in one column that SQLite keeps packed (tier_in).
	rows, err := q.QueryContext(ctx, "SELECT id, tier_in FROM customers WHERE "+where+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("regrade: read customers: %w", err)
	}
	defer rows.Close()
	var packed sql.RawBytes
	dec := newTierDecoder()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &packed); err != nil {
			return nil, fmt.Errorf("regrade: read customers: %w", err)
		}
		r, c, err := dec.unpack(packed)
		if err != nil {
			return nil, fmt.Errorf("regrade: customer %d: %w", id, err)
		}
		snap.ids = append(snap.ids, id)
		if full {
			snap.inputs = append(snap.inputs, r.input(id, 0, 0, ws))
		} else {
			snap.inputs = append(snap.inputs, r.input(id, c.winCount, c.winSpend, ws))
		}
		snap.curs = append(snap.curs, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("regrade: read customers: %w", err)
	}
	rows.Close()
	if full {
		if snap.newWin, err = scanWindow(ctx, q, ws, snap.ids, snap.inputs); err != nil {
			return nil, err
		}
	}
	return snap, nil
}

// RegradeAll recomputes the cut points and grades every customer, writing
// only the rows that changed. Reads run outside the write transaction and
// writes go in short transactions, so the TUI keeps working; a row changed
// meanwhile is left to its own live regrade.
//
// The purchases in the window are not scanned: each customer row keeps its
// window count and spend (win_count, win_spend), updated with every purchase,
// and moving the window forward subtracts only the purchases that fell out.
// A full scan happens only when the window has never been kept or the owner
// changed its length.
func (s *Store) RegradeAll(ctx context.Context, reason string) (RegradeReport, error) {
	return s.regradeAll(ctx, reason, true)
}

// GradeLoaded grades customers just bulk-loaded (the demo shop): like
// RegradeAll, but a first grade is not a change, so no grade history is
// written for it.
func (s *Store) GradeLoaded(ctx context.Context) (RegradeReport, error) {
	return s.regradeAll(ctx, "loaded", false)
}

func (s *Store) regradeAll(ctx context.Context, reason string, history bool) (RegradeReport, error) {
	start := time.Now()
	rules, oldCuts, err := s.tieringState(ctx, s.db)
	if err != nil {
		return RegradeReport{}, err
	}
	now := s.now()
	ws := rules.WindowStart(now).Format(parseDay)
	stored, err := storedWindow(ctx, s.db)
	if err != nil {
		return RegradeReport{}, err
	}
	full := stored == "" || stored > ws
	if !full && stored < ws {
		if err := s.advanceWindow(ctx, stored, ws); err != nil {
			return RegradeReport{}, fmt.Errorf("regrade: move window: %w", err)
		}
	}
	snap, err := s.readTiers(ctx, s.db, ws, full, 0)
	if err != nil {
		return RegradeReport{}, err
	}
	ids, inputs, curs, newWin := snap.ids, snap.inputs, snap.curs, snap.newWin
	computeStart := time.Now()
	cuts, results := tiering.GradeAll(inputs, rules, now)
	rep := RegradeReport{Customers: len(ids), CutsChanged: !cuts.Equal(oldCuts), Compute: time.Since(computeStart)}
	winOf := func(i int) (int64, int64) {
		if w, ok := newWin[i]; ok {
			return w[0], w[1]
		}
		if full {
			return 0, 0
		}
		return curs[i].winCount, curs[i].winSpend
	}
	// Write changed rows in short transactions so an edit from the table
	// never waits long behind a regrade.
	const chunk = 2000
	at := s.timestamp()
	var moved []int
	for from := 0; ; {
		stop := from
		err = s.tx(ctx, func(tx *sql.Tx) error {
			upd, err := tx.PrepareContext(ctx, `UPDATE customers SET grade = ?, score = ?, segment = ?, stage = ?, win_count = ?, win_spend = ?
				WHERE id = ? AND grade = ? AND score = ? AND segment = ? AND stage = ?`)
			if err != nil {
				return err
			}
			defer upd.Close()
			hist, err := tx.PrepareContext(ctx, "INSERT INTO grade_history(customer_id, at, old_grade, new_grade, score, reason) VALUES(?,?,?,?,?,?)")
			if err != nil {
				return err
			}
			defer hist.Close()
			written := 0
			i := from
			for ; i < len(results) && written < chunk; i++ {
				res, c := results[i], curs[i]
				wc, wsum := winOf(i)
				if res.Grade == c.grade && res.Score == c.score && res.Segment == c.segment && res.Stage == c.stage && wc == c.winCount && wsum == c.winSpend {
					continue
				}
				written++
				r, err := upd.ExecContext(ctx, res.Grade, res.Score, res.Segment, res.Stage, wc, wsum, ids[i], c.grade, c.score, c.segment, c.stage)
				if err != nil {
					return err
				}
				if n, _ := r.RowsAffected(); n == 0 {
					continue // changed meanwhile: its own live regrade stands
				}
				if res.Grade == c.grade && res.Score == c.score && res.Segment == c.segment && res.Stage == c.stage {
					continue
				}
				rep.Changed++
				if res.Grade != c.grade {
					rep.GradeMoves++
					if len(moved) < 100 {
						moved = append(moved, i)
					}
					if !history {
						continue
					}
					if _, err := hist.ExecContext(ctx, ids[i], at, c.grade, res.Grade, res.Score, reason); err != nil {
						return err
					}
				}
			}
			stop = i
			if stop < len(results) {
				return nil
			}
			b, err := json.Marshal(cuts)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES('tiering.cuts', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", string(b)); err != nil {
				return err
			}
			if full {
				return setStoredWindow(ctx, tx, ws)
			}
			return nil
		})
		if err != nil || stop >= len(results) {
			break
		}
		from = stop
	}
	if err != nil {
		return RegradeReport{}, fmt.Errorf("regrade: write grades: %w", err)
	}
	for _, i := range moved {
		var name string
		s.db.QueryRowContext(ctx, "SELECT name FROM customers WHERE id = ?", ids[i]).Scan(&name)
		rep.Moves = append(rep.Moves, GradeChange{ID: ids[i], Name: name, Old: curs[i].grade, New: results[i].Grade, Score: results[i].Score, Reason: reason})
	}
	s.forgetTiering()
	rep.Total = time.Since(start)
	return rep, nil
}

// scanWindow counts every customer's purchases since ws from the purchase
// log (the slow path: a pass over the covering index), adds them to inputs
// and returns them by input position.
func scanWindow(ctx context.Context, q queryer, ws string, ids []int64, inputs []tiering.Input) (map[int][2]int64, error) {
	wrows, err := q.QueryContext(ctx, `SELECT customer_id, count(*), sum(amount) FROM purchases WHERE date >= ? GROUP BY customer_id ORDER BY customer_id`, ws)
	if err != nil {
		return nil, fmt.Errorf("regrade: read purchases: %w", err)
	}
	defer wrows.Close()
	out := make(map[int][2]int64)
	i := 0
	for wrows.Next() {
		var id, n, sum int64
		if err := wrows.Scan(&id, &n, &sum); err != nil {
			return nil, fmt.Errorf("regrade: read purchases: %w", err)
		}
		for i < len(ids) && ids[i] < id {
			i++
		}
		if i < len(ids) && ids[i] == id {
			inputs[i].Frequency += int(n)
			inputs[i].Monetary += sum
			out[i] = [2]int64{n, sum}
		}
	}
	if err := wrows.Err(); err != nil {
		return nil, fmt.Errorf("regrade: read purchases: %w", err)
	}
	return out, nil
}

// GradeEvent is one line of grade history.
type GradeEvent struct {
	CustomerID int64
	Name       string
	At         string
	Old, New   string
	Score      float64
	Reason     string
}

// GradeHistory lists grade changes of customer id (0 = every customer) since
// the given time ("" = ever), newest first.
func (s *Store) GradeHistory(ctx context.Context, id int64, since string, limit int) ([]GradeEvent, error) {
	q := `SELECT h.customer_id, c.name, h.at, h.old_grade, h.new_grade, h.score, h.reason
		FROM grade_history h JOIN customers c ON c.id = h.customer_id WHERE h.at >= ?`
	args := []any{since}
	if id != 0 {
		q += " AND h.customer_id = ?"
		args = append(args, id)
	}
	q += " ORDER BY h.at DESC, h.id DESC LIMIT ?"
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read grade history: %w", err)
	}
	defer rows.Close()
	var out []GradeEvent
	for rows.Next() {
		var e GradeEvent
		if err := rows.Scan(&e.CustomerID, &e.Name, &e.At, &e.Old, &e.New, &e.Score, &e.Reason); err != nil {
			return nil, fmt.Errorf("read grade history: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
