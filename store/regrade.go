package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/tiering"
)

// RegradeReport says what a full regrade did.
type RegradeReport struct {
	Customers   int
	Changed     int           // customers whose grade, score, segment or stage changed
	Moves       []GradeChange // grade changes (the first 100)
	GradeMoves  int
	CutsChanged bool
	Compute     time.Duration // grading alone
	Model       ModelFit      // the purchase models refitted with the grades
	Total       time.Duration // inputs read, grades computed and written
}

// RegradeAll recomputes the cut points and grades every customer, writing
// only the rows that changed. Reads run outside the write transaction and
// writes go in short transactions, so the TUI keeps working; a row changed
// meanwhile is left to its own live regrade. The day the grades are for is
// written with the last of them: a regrade cut short leaves the ledger
// marked with its old day, and the next reader regrades again.
//
// The purchases in the window are not scanned: each customer row keeps its
// window count and spend (win_count, win_spend), updated with every purchase,
// and moving the window forward subtracts only the purchases that fell out.
// A full scan happens only when the window has never been kept or the owner
// changed its length.
//
// reason is written to the grade history of the customers that move (one of
// the Reason* keys); ReasonCuts becomes ReasonTime when the ledger was last
// graded for another day, and a customer that moves only because the cut
// points moved is recorded with ReasonCuts.
func (s *Store) RegradeAll(ctx context.Context, reason string) (RegradeReport, error) {
	if s.setGCPercent != nil {
		defer s.setGCPercent(s.setGCPercent(regradeGCPercent))
	}
	return s.regradeAll(ctx, reason, true)
}

// GradeLoaded grades customers just bulk-loaded: like RegradeAll, but a
// first grade is not a change, so no grade history is written for it.
func (s *Store) GradeLoaded(ctx context.Context) (RegradeReport, error) {
	return s.regradeAll(ctx, ReasonAdded, false)
}

// regradeChunk is how many changed rows one short transaction of RegradeAll
// writes: an edit from the table never waits long behind a regrade.
const regradeChunk = 2000

func (s *Store) regradeAll(ctx context.Context, cause string, history bool) (RegradeReport, error) {
	start := time.Now()
	conn, release, err := s.regradeConn(ctx, 0, false)
	if err != nil {
		return RegradeReport{}, err
	}
	defer release()
	g, err := s.planRegrade(ctx, s.db, true, cause, history, nil)
	if err != nil {
		return RegradeReport{}, err
	}
	for from := 0; ; {
		next := from
		err = s.txOn(ctx, conn, func(tx *sql.Tx) error {
			var err error
			if next, err = g.write(ctx, tx, from, regradeChunk, true); err != nil {
				return err
			}
			if next < g.count() {
				return nil
			}
			return g.finish(ctx, tx)
		})
		if err != nil || next >= g.count() {
			break
		}
		from = next
	}
	s.forgetTiering()
	if err != nil {
		return RegradeReport{}, fmt.Errorf("regrade: write grades: %w", err)
	}
	g.name(ctx, s.db)
	g.rep.Total = time.Since(start)
	return g.rep, nil
}

// regradeOnce is a full regrade whose grades are written in one
// transaction on on (the pool, or a connection with its own lock wait):
// the customers are read beforehand, outside it, so the write lock is held
// only while the changed rows are written; a row changed between the read
// and the write is left to its own regrade.
func (s *Store) regradeOnce(ctx context.Context, on interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}) (RegradeReport, error) {
	start := time.Now()
	g, err := s.planRegrade(ctx, s.db, true, ReasonCuts, true, nil)
	if err != nil {
		return RegradeReport{}, err
	}
	err = s.txOn(ctx, on, func(tx *sql.Tx) error {
		if _, err := g.write(ctx, tx, 0, g.count(), true); err != nil {
			return err
		}
		return g.finishGrades(ctx, tx)
	})
	s.forgetTiering()
	if err != nil {
		return RegradeReport{}, fmt.Errorf("regrade: write grades: %w", err)
	}
	// The grades are in; the models' fit and the churn watch follow in a
	// transaction of their own while the grades' pages are copied into the
	// ledger file beside it. Should it fail, the grades stand and Stale
	// still asks for a regrade, which fits again.
	s.checkpointAside()
	if err := s.txOn(ctx, on, func(tx *sql.Tx) error { return g.finishModel(ctx, tx) }); err != nil {
		return RegradeReport{}, fmt.Errorf("regrade: write the purchase models: %w", err)
	}
	g.name(ctx, s.db)
	g.rep.Total = time.Since(start)
	return g.rep, nil
}

// regradeTxAll is a full regrade inside tx: read, graded and written in the
// caller's transaction, so it commits (or not) with the caller's writes.
func (s *Store) regradeTxAll(ctx context.Context, tx *sql.Tx, cause string, history bool) (RegradeReport, error) {
	start := time.Now()
	g, err := s.planRegrade(ctx, tx, false, cause, history, func(from, ws string) error {
		return advanceWindowTx(ctx, tx, from, ws)
	})
	if err != nil {
		return RegradeReport{}, err
	}
	s.forgetTiering() // the cache may hold what this transaction wrote
	if _, err := g.write(ctx, tx, 0, g.count(), false); err != nil {
		return RegradeReport{}, fmt.Errorf("regrade: write grades: %w", err)
	}
	if err := g.finish(ctx, tx); err != nil {
		return RegradeReport{}, fmt.Errorf("regrade: write grades: %w", err)
	}
	g.name(ctx, tx)
	g.rep.Total = time.Since(start)
	return g.rep, nil
}

// regrader is one full regrade: the ledger read and graded with fresh cut
// points, then the rows that changed written.
type regrader struct {
	cause   string
	history bool
	rules   tiering.Rules
	oldCuts tiering.Cuts
	cuts    tiering.Cuts
	now     time.Time
	ws      string
	full    bool
	// advanceFrom, when set, is the stored window start the first write
	// moves forward to ws (advanceWindowTx), in the transaction of the
	// first grades written.
	advanceFrom string
	snap        *tierSnapshot
	// graded is every customer's new grade, score, segment and stage by
	// position, in 16 bytes each; results holds them in full instead only
	// when one would not fit (see result).
	graded    []tiering.Graded
	results   []tiering.Result
	at, today string
	moved     []int
	// oldCutsKeep has bit i set when the old cut points would have kept
	// customer i's grade (settleReasons): the inputs go once it is known.
	oldCutsKeep []uint64
	slim        bool // graded from the compact inputs (tiering.Slim)
	rep         RegradeReport
	model       *modelPlan
	// gradingSeq is the grading counter (see grading_exact.go) as the
	// regrade last saw it: before its read, then after each of its writes;
	// exact stays true while no other write moved it in between.
	gradingSeq int64
	exact      bool
}

// planRegrade reads every customer through q and grades them. advance moves
// the stored window forward when the rules' window has moved since; without
// it (nil), the first write does, and the customers are graded with the
// purchases that leave the window taken off their window counts: the
// regrade then writes each customer's row in one transaction instead of
// two, and the window's move commits with the grades it gives.
//
// With parallel (q must then be the store's pool), the customers are read
// in two halves at once (readTiersParallel): two of the pool's four
// connections for a moment, which leaves the table's own windows theirs.
func (s *Store) planRegrade(ctx context.Context, q queryer, parallel bool, cause string, history bool, advance func(from, ws string) error) (*regrader, error) {
	rules, oldCuts, err := s.tieringState(ctx, q)
	if err != nil {
		return nil, err
	}
	now := s.now()
	g := &regrader{cause: cause, history: history, rules: rules, oldCuts: oldCuts, now: now,
		ws: rules.WindowStart(now).Format(parseDay), at: s.timestamp(), today: now.Format(parseDay)}
	stored, err := storedWindow(ctx, q)
	if err != nil {
		return nil, err
	}
	g.full = stored == "" || stored > g.ws
	var departing map[int64][2]int64
	if !g.full && stored < g.ws {
		if advance != nil {
			if err := advance(stored, g.ws); err != nil {
				return nil, fmt.Errorf("regrade: move window: %w", err)
			}
		} else {
			g.advanceFrom = stored
			if departing, err = departingPurchases(ctx, q, stored, g.ws); err != nil {
				return nil, fmt.Errorf("regrade: move window: %w", err)
			}
		}
	}
	if cause == ReasonCuts {
		graded, err := gradedFor(ctx, q)
		if err != nil {
			return nil, err
		}
		if graded != g.today {
			g.cause = ReasonTime
		}
	}
	// (read before the customers: a change after it drops the churn watch
	// built from what they held)
	churnSeq, err := lastChurnSeq(ctx, q)
	if err != nil {
		return nil, err
	}
	if g.gradingSeq, err = gradingSeq(ctx, q); err != nil {
		return nil, err
	}
	g.exact = true
	// The model stats travel with the customers only when the day's refit
	// or churn watch will read them: four columns fewer per customer
	// otherwise.
	withStats, err := refitReadsStats(ctx, q, rules, now, cause == ReasonAdded)
	if err != nil {
		return nil, err
	}
	if parallel {
		g.snap, err = s.readTiersChunked(ctx, g.ws, g.full, withStats, rules.GradesByBrief(), model.DayNumber(now))
	} else {
		g.snap, err = s.readTiers(ctx, q, g.ws, g.full, 0, withStats)
	}
	if err != nil {
		return nil, err
	}
	g.snap.leave(departing)
	// The models' values are computed when read, as of the day; the fit
	// is renewed on a schedule, and the stats are rebuilt from the
	// purchase log after a bulk load (or on a ledger that never had them).
	// The fit starts before the grading: the day's regrade commits only
	// once it and the churn watch's scores are done, and the grades need
	// nothing of it.
	sums := g.snap.sums
	if sums == nil && withStats {
		sums = sumsOfStats(g.snap.stats, model.DayNumber(now))
	}
	if g.model, err = planModel(ctx, q, rules, now, g.snap.ids, sums, withStats, churnSeq, cause == ReasonAdded); err != nil {
		return nil, err
	}
	g.snap.stats, g.snap.sums = nil, nil // the model's work keeps what it reads of them
	computeStart := time.Now()
	g.slim = g.snap.slims != nil
	if g.slim {
		var ok bool
		if g.cuts, g.graded, ok = tiering.GradeSlims(g.snap.slims, rules, now); !ok {
			return nil, fmt.Errorf("regrade: the rules read more than the compact inputs hold")
		}
	} else {
		if err := s.fillDimensions(ctx, q, rules, g.snap.ids, g.snap.inputs, 0); err != nil {
			return nil, fmt.Errorf("regrade: %w", err)
		}
		g.cuts, g.results = tiering.GradeAll(g.snap.inputs, rules, now)
		g.compact()
	}
	g.rep = RegradeReport{Customers: len(g.snap.ids), CutsChanged: !g.cuts.Equal(oldCuts), Compute: time.Since(computeStart)}
	g.settleReasons()
	return g, nil
}

// win is customer i's window count and spend after the regrade.
func (g *regrader) win(i int) (int64, int64) {
	if w, ok := g.snap.newWin[i]; ok {
		return w[0], w[1]
	}
	if g.full {
		return 0, 0
	}
	c := g.snap.cur(i)
	return c.winCount, c.winSpend
}

// write writes the changed rows from position from on, at most limit of
// them, and returns the position to go on from; the first write (from 0)
// also moves the window forward when planRegrade left that to it. With
// guard, a row that changed since it was read is left alone (its own live
// regrade stands).
//
// The window counts are written only after a full scan of the window
// (g.full); otherwise they are the rows' own, kept by every purchase and
// by advanceWindowTx, and a grade write leaves them alone.
//
// The rows written are taken off the tallies and counted back in by
// pauseTallies and resume, around writes that fire no tally trigger.
func (g *regrader) write(ctx context.Context, tx *sql.Tx, from, limit int, guard bool) (int, error) {
	seq, err := gradingSeq(ctx, tx)
	if err != nil {
		return from, err
	}
	if seq != g.gradingSeq {
		g.exact = false // another write since the read: its row kept its own grade
	}
	var departing map[int64][2]int64
	if from == 0 && g.advanceFrom != "" {
		// Another process's regrade since the read may have moved the
		// window already: its purchases come off once.
		stored, err := storedWindow(ctx, tx)
		if err != nil {
			return from, fmt.Errorf("move window: %w", err)
		}
		if stored == g.advanceFrom {
			if departing, err = departingPurchases(ctx, tx, g.advanceFrom, g.ws); err != nil {
				return from, fmt.Errorf("move window: %w", err)
			}
		}
	}
	todo, next := g.pending(from, limit)
	// (a row whose only change is its score changes no tally: writeRows
	// sets only what changes, and no tally counts the score)
	touched := make([]int64, 0, len(todo)+len(departing))
	for _, i := range todo {
		if g.movesTallies(i) {
			touched = append(touched, g.snap.ids[i])
		}
	}
	for id := range departing {
		touched = append(touched, id)
	}
	pause, err := pauseTallies(ctx, tx, touched)
	if err != nil {
		return from, err
	}
	if departing != nil {
		// The rows written below take what left the window off in their
		// own UPDATE: a row the day moves both ways is written once.
		rest := maps.Clone(departing)
		for _, i := range todo {
			delete(rest, g.snap.ids[i])
		}
		if err := takeOffWindow(ctx, tx, rest); err != nil {
			return from, fmt.Errorf("move window: %w", err)
		}
		if err := setStoredWindow(ctx, tx, g.ws); err != nil {
			return from, fmt.Errorf("move window: %w", err)
		}
	}
	if err := g.writeRows(ctx, tx, todo, guard, departing); err != nil {
		return from, err
	}
	if err := pause.resume(ctx, tx); err != nil {
		return from, err
	}
	if g.gradingSeq, err = gradingSeq(ctx, tx); err != nil {
		return from, err
	}
	return next, nil
}

// movesTallies reports whether writing customer i's regrade changes a
// column a tally counts: its grade, segment or stage, or after a full scan
// of the window its window counts.
func (g *regrader) movesTallies(i int) bool {
	res, c := g.result(i), g.snap.cur(i)
	if res.Grade != c.grade || res.Segment != c.segment || res.Stage != c.stage {
		return true
	}
	if !g.full {
		return false
	}
	wc, wsum := g.win(i)
	return wc != c.winCount || wsum != c.winSpend
}

// pending lists the positions, from position from on, of at most limit
// customers whose row the regrade changes, and the position to go on from.
func (g *regrader) pending(from, limit int) (todo []int, next int) {
	i := from
	for ; i < g.count() && len(todo) < limit; i++ {
		res, c := g.result(i), g.snap.cur(i)
		same := res.Grade == c.grade && res.Score == c.score && res.Segment == c.segment && res.Stage == c.stage
		if g.full {
			if wc, wsum := g.win(i); same && wc == c.winCount && wsum == c.winSpend {
				continue
			}
		} else if same {
			continue
		}
		todo = append(todo, i)
	}
	return todo, i
}

// writeRows writes the rows at positions todo (pending) and their grade
// history.
//
// Each row's UPDATE sets only the columns whose value changes: SQLite
// rewrites the entry of every index over a column the statement sets,
// unchanged or not, and most rows change only their score, so setting all
// four would dirty a leaf page of the grade, segment and stage indexes (and
// of the indexes that carry them) for nothing. (The tally triggers over
// these columns are paused around the write, and count no difference for a
// value set to itself anyway.)
//
// A row in departing (the purchases that leave the window, by customer)
// has them taken off its window counts in the same UPDATE, and on its own
// when the guard leaves the rest unwritten.
func (g *regrader) writeRows(ctx context.Context, tx *sql.Tx, todo []int, guard bool, departing map[int64][2]int64) error {
	stmts := rowUpdates{tx: tx, guard: guard}
	defer stmts.close()
	hist, err := tx.PrepareContext(ctx, "INSERT INTO grade_history(customer_id, at, old_grade, new_grade, score, reason) VALUES(?,?,?,?,?,?)")
	if err != nil {
		return err
	}
	defer hist.Close()
	ids := g.snap.ids
	args := make([]any, 0, 11)
	for _, i := range todo {
		res, c := g.result(i), g.snap.cur(i)
		same := res.Grade == c.grade && res.Score == c.score && res.Segment == c.segment && res.Stage == c.stage
		var set rowColumns
		args = args[:0]
		if res.Grade != c.grade {
			set |= setGrade
			args = append(args, res.Grade)
		}
		if res.Score != c.score {
			set |= setScore
			args = append(args, res.Score)
		}
		if res.Segment != c.segment {
			set |= setSegment
			args = append(args, res.Segment)
		}
		if res.Stage != c.stage {
			set |= setStage
			args = append(args, res.Stage)
		}
		if g.full {
			wc, wsum := g.win(i)
			if wc != c.winCount {
				set |= setWinCount
				args = append(args, wc)
			}
			if wsum != c.winSpend {
				set |= setWinSpend
				args = append(args, wsum)
			}
		}
		if set == 0 {
			continue // (pending lists only rows with something to write)
		}
		leaving, leaves := departing[ids[i]]
		if leaves {
			set |= setWinLeave
			args = append(args, leaving[0], leaving[1])
		}
		args = append(args, ids[i])
		if guard {
			args = append(args, c.grade, c.score, c.segment, c.stage)
		}
		upd, err := stmts.get(ctx, set) //nolint:sqlclosecheck // cached per column set; stmts.close closes them at the end
		if err != nil {
			return err
		}
		r, err := upd.ExecContext(ctx, args...)
		if err != nil {
			return err
		}
		n, _ := r.RowsAffected()
		if n == 0 && leaves {
			// changed meanwhile: its grades are its own, but its window moves
			if err := takeOffWindow(ctx, tx, map[int64][2]int64{ids[i]: leaving}); err != nil {
				return err
			}
		}
		if n == 0 || same {
			continue // changed meanwhile, or only the window moved
		}
		g.rep.Changed++
		if res.Grade == c.grade {
			continue
		}
		g.rep.GradeMoves++
		if len(g.moved) < 100 {
			g.moved = append(g.moved, i)
		}
		if g.history {
			if _, err := hist.ExecContext(ctx, ids[i], g.at, c.grade, res.Grade, res.Score, g.reasonFor(i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// rowColumns is the set of columns a regrade's row UPDATE sets, one bit
// each in the order of rowColumnNames.
type rowColumns uint8

const (
	setGrade rowColumns = 1 << iota
	setScore
	setSegment
	setStage
	setWinCount
	setWinSpend
	setWinLeave // what left the window taken off win_count and win_spend
)

var rowColumnNames = [...]string{"grade", "score", "segment", "stage", "win_count", "win_spend"}

// rowUpdates prepares, once each, the UPDATE of every set of columns a
// regrade's rows need: with guard, a row is written only while its grade,
// score, segment and stage are still those read.
type rowUpdates struct {
	tx    *sql.Tx
	guard bool
	stmts map[rowColumns]*sql.Stmt
}

func (u *rowUpdates) get(ctx context.Context, set rowColumns) (*sql.Stmt, error) {
	if st, ok := u.stmts[set]; ok {
		return st, nil
	}
	var cols []string
	for b, name := range rowColumnNames {
		if set&(1<<b) != 0 {
			cols = append(cols, name+" = ?")
		}
	}
	if set&setWinLeave != 0 {
		cols = append(cols, "win_count = win_count - ?", "win_spend = win_spend - ?")
	}
	q := "UPDATE customers SET " + strings.Join(cols, ", ") + " WHERE id = ?"
	if u.guard {
		q += " AND grade = ? AND score = ? AND segment = ? AND stage = ?"
	}
	st, err := u.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if u.stmts == nil {
		u.stmts = map[rowColumns]*sql.Stmt{}
	}
	u.stmts[set] = st
	return st, nil
}

func (u *rowUpdates) close() {
	for _, st := range u.stmts {
		_ = st.Close()
	}
}

// finish records the new cut points, the window and the day the grades are
// for, then the models' fit and the churn watch, in the transaction of the
// last grades written.
func (g *regrader) finish(ctx context.Context, tx *sql.Tx) error {
	if err := g.finishGrades(ctx, tx); err != nil {
		return err
	}
	return g.finishModel(ctx, tx)
}

// finishModel writes the models' fit and the churn watch once they are
// done (waiting for them).
func (g *regrader) finishModel(ctx context.Context, tx *sql.Tx) error {
	if err := g.model.write(ctx, tx); err != nil {
		return err
	}
	g.rep.Model = g.model.fit
	return nil
}

// finishGrades writes what the grades were computed with: the cut points,
// the window, the day and whether they are a full grading's.
func (g *regrader) finishGrades(ctx context.Context, tx *sql.Tx) error {
	b, err := json.Marshal(g.cuts)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES('tiering.cuts', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", string(b)); err != nil {
		return err
	}
	if g.full {
		if err := setStoredWindow(ctx, tx, g.ws); err != nil {
			return err
		}
	}
	if err := setGradedFor(ctx, tx, g.today); err != nil {
		return err
	}
	seq, err := gradingSeq(ctx, tx)
	if err != nil {
		return err
	}
	return markGradingExact(ctx, tx, g.exact && seq == g.gradingSeq, g.today, g.rules)
}

// name fills the report's first grade moves with the customers' names.
func (g *regrader) name(ctx context.Context, q queryer) {
	for _, i := range g.moved {
		var name string
		if err := q.QueryRowContext(ctx, "SELECT name FROM customers WHERE id = ?", g.snap.ids[i]).Scan(&name); err != nil {
			name = ""
		}
		res := g.result(i)
		g.rep.Moves = append(g.rep.Moves, GradeChange{ID: g.snap.ids[i], Name: name, Old: g.snap.cur(i).grade, New: res.Grade, Score: res.Score, Reason: g.reasonFor(i)})
	}
}

// scanWindow counts every customer's purchases since ws from the purchase
// log (the slow path: a pass over the covering index), hands them to add
// by position in ids and returns them by position.
func scanWindow(ctx context.Context, q queryer, ws string, ids []int64, add func(i int, n, sum int64)) (map[int][2]int64, error) {
	out := make(map[int][2]int64)
	i := 0
	err := scanWindowEach(ctx, q, ws, func(id, n, sum int64) {
		for i < len(ids) && ids[i] < id {
			i++
		}
		if i < len(ids) && ids[i] == id {
			add(i, n, sum)
			out[i] = [2]int64{n, sum}
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanWindowEach calls add with every customer's purchases (count, not
// counting refunds, and spend) since ws, in customer id order, from the
// purchase log.
func scanWindowEach(ctx context.Context, q queryer, ws string, add func(id, n, sum int64)) error {
	wrows, err := q.QueryContext(ctx, `SELECT customer_id, sum(amount > 0), sum(amount) FROM purchases WHERE date >= ? GROUP BY customer_id ORDER BY customer_id`, ws)
	if err != nil {
		return fmt.Errorf("regrade: read purchases: %w", err)
	}
	defer wrows.Close()
	for wrows.Next() {
		var id, n, sum int64
		if err := wrows.Scan(&id, &n, &sum); err != nil {
			return fmt.Errorf("regrade: read purchases: %w", err)
		}
		add(id, n, sum)
	}
	if err := wrows.Err(); err != nil {
		return fmt.Errorf("regrade: read purchases: %w", err)
	}
	return nil
}
