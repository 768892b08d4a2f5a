package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// MaxHistoryMonths bounds TierHistory's months.
const MaxHistoryMonths = 120

// History is the tiers month by month: how each grade's customers moved,
// churned, arrived and spent, read from the grade history and the purchases
// as they stood at each month's end (today for the current month), never
// from today's grades.
type History struct {
	Date   string         `json:"date"`
	Months []HistoryMonth `json:"months"` // oldest first; the last is the current month, up to today
	Matrix Migration      `json:"matrix"`
}

// HistoryMonth is one month: Start is the last day of the month before,
// End the month's last day (today for the current month).
type HistoryMonth struct {
	Month  string         `json:"month"` // 2026-11
	Start  string         `json:"start"`
	End    string         `json:"end"`
	Grades []HistoryGrade `json:"grades"` // A, B, C, D
}

// HistoryGrade is one grade in one month. Start, Up, Down, Churned, Left,
// retention and spend are about the customers in the grade at the month's
// start; New and End about those in it at the month's end, so End = Start
// − moved out − Left + moved in + New.
type HistoryGrade struct {
	Grade   string `json:"grade"`
	Start   int    `json:"start"`   // customers in the grade at the start
	Up      int    `json:"up"`      // of them, in a better grade at the end
	Down    int    `json:"down"`    // in a worse grade at the end
	Churned int    `json:"churned"` // turned churned within the month (no purchase for tiering.ChurnDays days)
	Left    int    `json:"left"`    // deleted within the month
	New     int    `json:"new"`     // arrived within the month (added, or first bought), in the grade at the end
	End     int    `json:"end"`     // customers in the grade at the end
	// Spend is what the start's customers spent within the month, PrevSpend
	// what the same customers spent the month before (fen).
	Spend     int64 `json:"spend"`
	PrevSpend int64 `json:"prev_spend"`
	// SpendGrowth is (Spend − PrevSpend) / PrevSpend; nil when PrevSpend
	// is not positive.
	SpendGrowth *float64 `json:"spend_growth"`
	// Retention is the share of the start's customers not churned then who
	// are still customers, and not churned, at the end; nil when none.
	Retention *float64 `json:"retention"`
}

// Migration counts the customers by grade at From (rows) and at To
// (columns), both month ends; customers who existed on both days only.
type Migration struct {
	From   string      `json:"from"`
	To     string      `json:"to"`
	Grades []string    `json:"grades"`
	Counts [][]int     `json:"counts"`
	Shares [][]float64 `json:"shares"` // each row's counts as shares of the row, 0..1
}

// HistoryOptions choose the months of TierHistory. From and To pick the
// migration matrix's month ends as "2026-05" among the months shown or the
// month before the first; empty: from the start of the first month to today.
type HistoryOptions struct {
	Months   int
	From, To string
}

// histBounds are the month ends: bound[0] is the last day of the month
// before the first month shown, bound[len-1] is today.
func histBounds(now time.Time, months int) []time.Time {
	y, m, _ := now.Date()
	out := make([]time.Time, 0, months+1)
	for i := months; i >= 1; i-- {
		// day 0 of a month is the last day of the month before
		out = append(out, time.Date(y, m-time.Month(i-1), 0, 0, 0, 0, 0, now.Location()))
	}
	return append(out, time.Date(y, m, now.Day(), 0, 0, 0, 0, now.Location()))
}

// TierHistory reads the tiers month by month for the last opt.Months months
// (the current one included). One ordered pass over the customers, their
// grade history and their purchases, merged by customer in memory.
func (s *Store) TierHistory(ctx context.Context, opt HistoryOptions) (History, error) {
	h, _, err := s.tierHistory(ctx, opt, false)
	return h, err
}

// tierHistory is TierHistory; with pairs it also counts the migration
// between every two month ends in the same pass.
func (s *Store) tierHistory(ctx context.Context, opt HistoryOptions, pairs bool) (History, *Migrations, error) {
	return s.tierHistoryVia(ctx, opt, pairs, !s.readOnly)
}

// tierHistoryVia is tierHistory, read from the trajectory tally when
// tally is set and the months are the tally's, else by a scan of the
// whole ledger (the tally's test oracle).
func (s *Store) tierHistoryVia(ctx context.Context, opt HistoryOptions, pairs, tally bool) (History, *Migrations, error) {
	acc, err := s.newHistAcc(opt, pairs)
	if err != nil {
		return History{}, nil, err
	}
	days := acc.days
	if tally && len(days)-1 == historyTallyMonths {
		err := s.tallyHistory(ctx, acc)
		// When the tally cannot be brought up to date now (another process
		// holds the write lock, the file cannot be written) the scan gives
		// the same history, only slower. The tally counted nothing then.
		if k := KindOf(err); k == KindBusy || k == KindReadOnly || k == KindFull {
			err = s.scanHistory(ctx, days, acc.add)
		}
		if err != nil {
			return History{}, nil, err
		}
	} else if err := s.scanHistory(ctx, days, acc.add); err != nil {
		return History{}, nil, err
	}
	acc.finish()
	return *acc.h, acc.pairs, nil
}

// newHistAcc lays out the empty history of opt's months as of today, with
// the accumulator that adds customers up into it.
func (s *Store) newHistAcc(opt HistoryOptions, pairs bool) (*histAcc, error) {
	if opt.Months == 0 {
		opt.Months = 12
	}
	if opt.Months < 1 || opt.Months > MaxHistoryMonths {
		return nil, i18n.Errorf("history.months", opt.Months, MaxHistoryMonths)
	}
	now := s.now()
	bounds := histBounds(now, opt.Months)
	days := make([]string, len(bounds))
	for i, b := range bounds {
		days[i] = b.Format(parseDay)
	}
	from, to := 0, len(bounds)-1
	for _, pick := range []struct {
		month string
		idx   *int
	}{{opt.From, &from}, {opt.To, &to}} {
		if pick.month == "" {
			continue
		}
		i := slices.IndexFunc(days, func(d string) bool { return d[:7] == pick.month })
		if i < 0 {
			return nil, i18n.Errorf("history.month", pick.month, days[0][:7], days[len(days)-1][:7])
		}
		*pick.idx = i
	}
	h := History{Date: days[len(days)-1]}
	grades := tiering.Grades()
	h.Matrix = Migration{From: days[from], To: days[to], Grades: grades, Counts: make([][]int, len(grades)), Shares: make([][]float64, len(grades))}
	for i := range grades {
		h.Matrix.Counts[i] = make([]int, len(grades))
		h.Matrix.Shares[i] = make([]float64, len(grades))
	}
	for i := 1; i < len(bounds); i++ {
		hm := HistoryMonth{Month: days[i][:7], Start: days[i-1], End: days[i]}
		for _, g := range grades {
			hm.Grades = append(hm.Grades, HistoryGrade{Grade: g})
		}
		h.Months = append(h.Months, hm)
	}
	acc := &histAcc{h: &h, days: days, from: from, to: to}
	if pairs {
		acc.pairs = newMigrations(days, grades)
	}
	return acc, nil
}

// custPast is one customer's past as the history scan assembles it.
type custPast struct {
	id               int64
	grade            string // today's
	created, deleted string // timestamps; deleted "" = live
	moves            []gradeMove
	buys             []buy // by date
}

type gradeMove struct{ at, old, new string }

type buy struct {
	date   string
	amount int64
}

// scanHistory streams each customer's row, grade history and purchases, in
// customer order, within one read transaction so the three agree.
func (s *Store) scanHistory(ctx context.Context, days []string, fn func(*custPast)) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("tier history: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	return scanHistoryIn(ctx, tx, days, false, fn)
}

// scanHistoryIn is scanHistory within tx; with dirty, only the customers
// listed in history_dirty.
func scanHistoryIn(ctx context.Context, tx *sql.Tx, days []string, dirty bool, fn func(*custPast)) error {
	last := days[len(days)-1] + " 23:59:59"
	custWhere, idIn := "", ""
	if dirty {
		custWhere, idIn = " WHERE id IN (SELECT customer FROM history_dirty)", " customer_id IN (SELECT customer FROM history_dirty)"
	}
	custs, err := tx.QueryContext(ctx, "SELECT id, grade, created_at, coalesce(deleted_at, '') FROM customers"+custWhere+" ORDER BY id")
	if err != nil {
		return fmt.Errorf("tier history: %w", err)
	}
	defer custs.Close()
	movesWhere := ""
	if dirty {
		movesWhere = " WHERE" + idIn
	}
	moves, err := tx.QueryContext(ctx, "SELECT customer_id, at, old_grade, new_grade FROM grade_history"+movesWhere+" ORDER BY customer_id, at, id")
	if err != nil {
		return fmt.Errorf("tier history: grade history: %w", err)
	}
	defer moves.Close()
	buysWhere := ""
	if dirty {
		buysWhere = " AND" + idIn
	}
	buys, err := tx.QueryContext(ctx, "SELECT customer_id, date, amount FROM purchases WHERE date <= ?"+buysWhere+" ORDER BY customer_id, date", last[:10])
	if err != nil {
		return fmt.Errorf("tier history: purchases: %w", err)
	}
	defer buys.Close()
	var mv struct {
		id  int64
		m   gradeMove
		ok  bool
		err error
	}
	nextMove := func() {
		mv.ok = moves.Next()
		if mv.ok {
			mv.err = moves.Scan(&mv.id, &mv.m.at, &mv.m.old, &mv.m.new)
		}
	}
	var b struct {
		id  int64
		b   buy
		ok  bool
		err error
	}
	nextBuy := func() {
		b.ok = buys.Next()
		if b.ok {
			b.err = buys.Scan(&b.id, &b.b.date, &b.b.amount)
		}
	}
	nextMove()
	nextBuy()
	var c custPast
	for custs.Next() {
		if err := custs.Scan(&c.id, &c.grade, &c.created, &c.deleted); err != nil {
			return fmt.Errorf("tier history: %w", err)
		}
		c.moves, c.buys = c.moves[:0], c.buys[:0]
		for ; mv.ok && mv.err == nil && mv.id <= c.id; nextMove() {
			if mv.id == c.id {
				c.moves = append(c.moves, mv.m)
			}
		}
		for ; b.ok && b.err == nil && b.id <= c.id; nextBuy() {
			if b.id == c.id {
				c.buys = append(c.buys, b.b)
			}
		}
		if mv.err != nil || b.err != nil {
			return fmt.Errorf("tier history: %w", cmpErr(mv.err, b.err))
		}
		fn(&c)
	}
	if err := custs.Err(); err != nil {
		return fmt.Errorf("tier history: %w", err)
	}
	if err := moves.Err(); err != nil {
		return fmt.Errorf("tier history: grade history: %w", err)
	}
	if err := buys.Err(); err != nil {
		return fmt.Errorf("tier history: purchases: %w", err)
	}
	return nil
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
