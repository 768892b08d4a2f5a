package store

import (
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
			return tiering.Rules{}, tiering.Cuts{}, i18n.Errorf(rulesDamagedKey, err)
		}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return tiering.Rules{}, tiering.Cuts{}, fmt.Errorf("read tiering rules: %w", err)
	}
	cuts, _, err := storedCuts(ctx, q)
	if err != nil {
		return tiering.Rules{}, tiering.Cuts{}, err
	}
	rc.rules, rc.cuts, rc.loaded = rules, cuts, true
	return rules, cuts, nil
}

// storedCuts are the quintile cut points of the last full regrade, and
// whether they read. Cut points that do not read (a damaged setting) are
// taken as none, as on a ledger never graded: every full regrade computes
// them afresh and writes them, and Stale asks for one meanwhile.
func storedCuts(ctx context.Context, q queryer) (cuts tiering.Cuts, ok bool, err error) {
	var raw string
	err = q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'tiering.cuts'").Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return tiering.Cuts{}, true, nil
	}
	if err != nil {
		return tiering.Cuts{}, false, fmt.Errorf("read tiering cuts: %w", err)
	}
	if json.Unmarshal([]byte(raw), &cuts) != nil {
		return tiering.Cuts{}, false, nil
	}
	return cuts, true, nil
}

func (s *Store) forgetTiering() {
	s.mu.Lock()
	s.rules = nil
	s.mu.Unlock()
}

// rulesDamagedKey is the message of stored rules that do not read or do
// not pass their checks; RulesDamaged recognises it.
const rulesDamagedKey = "rules.stored.damaged"

// RulesDamaged reports whether err says that the tiering rules stored in
// the ledger are damaged: every grading step refuses such a ledger until
// ApplyRules replaces them, which does not need the old rules.
func RulesDamaged(err error) bool {
	var e *i18n.Error
	return errors.As(err, &e) && e.Key == rulesDamagedKey
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
		return RegradeReport{}, i18n.Errorf("rules.bad", err)
	}
	if err := s.SetSetting(ctx, "tiering.rules", r); err != nil {
		return RegradeReport{}, err
	}
	s.forgetTiering()
	return s.RegradeAll(ctx, ReasonRules)
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
	if err := q.QueryRowContext(ctx, "SELECT coalesce(sum(amount > 0), 0), coalesce(sum(amount), 0) FROM purchases WHERE customer_id = ? AND date >= ?", id, ws).
		Scan(&freq, &spend); err != nil {
		return tiering.Input{}, fmt.Errorf("read purchases of %d: %w", id, err)
	}
	ins := []tiering.Input{r.input(id, freq, spend, ws)}
	if err := s.fillDimensions(ctx, q, rules, []int64{id}, ins, id); err != nil {
		return tiering.Input{}, err
	}
	return ins[0], nil
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
	if err := s.restatTx(ctx, tx, id); err != nil {
		return nil, err
	}
	if res.Grade == oldGrade {
		return nil, nil
	}
	g := &GradeChange{ID: id, Name: name, Old: oldGrade, New: res.Grade, Score: res.Score, Reason: reason}
	if _, err := tx.ExecContext(ctx, "INSERT INTO grade_history(customer_id, at, old_grade, new_grade, score, reason, staff) VALUES(?,?,?,?,?,?,?)",
		id, s.timestamp(), oldGrade, res.Grade, res.Score, reason, ActorOf(ctx).Staff); err != nil {
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
	days    map[string]time.Time
	dayNums map[string]knownDay
	floats  map[string]float64
	names   map[string]string
}

func newTierDecoder() *tierDecoder {
	return &tierDecoder{days: map[string]time.Time{}, dayNums: map[string]knownDay{}, floats: map[string]float64{}, names: map[string]string{}}
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
	if len(b) == 0 {
		return ""
	}
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
	// (one pass over the bytes: the fields are a few bytes each, too short
	// for bytes.IndexByte's setup to pay)
	var f [15][]byte
	k, start := 0, 0
	for i, ch := range b {
		if ch != ',' {
			continue
		}
		if k == len(f)-1 {
			return r, c, fmt.Errorf("unexpected tier_in %q", b)
		}
		f[k], k, start = b[start:i], k+1, i+1
	}
	if k != len(f)-1 {
		return r, c, fmt.Errorf("unexpected tier_in %q", b)
	}
	f[k] = b[start:]
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

// GradeEvent is one line of grade history.
type GradeEvent struct {
	CustomerID int64
	Name       string
	At         string
	Old, New   string
	Score      float64
	Reason     string
	Staff      string // the served session's staff member whose change moved it ("" otherwise)
}

// GradeHistory lists grade changes of customer id (0 = every customer) since
// the given time ("" = ever), newest first.
func (s *Store) GradeHistory(ctx context.Context, id int64, since string, limit int) ([]GradeEvent, error) {
	q := `SELECT h.customer_id, c.name, h.at, h.old_grade, h.new_grade, h.score, h.reason, h.staff
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
		if err := rows.Scan(&e.CustomerID, &e.Name, &e.At, &e.Old, &e.New, &e.Score, &e.Reason, &e.Staff); err != nil {
			return nil, fmt.Errorf("read grade history: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
