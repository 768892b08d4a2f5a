package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// gradedKey is the settings key of the day the stored grades, scores,
// segments and stages were computed for. Recency, stages and segments move
// with the calendar, so grades computed for an older day are stale.
const gradedKey = "tiering.graded_for"

// gradedFor is the day the ledger was last fully graded for, "" when never.
func gradedFor(ctx context.Context, q queryer) (string, error) {
	d, err := settingText(ctx, q, gradedKey)
	if err != nil {
		return "", fmt.Errorf("read the day grades are for: %w", err)
	}
	return d, nil
}

func setGradedFor(ctx context.Context, tx *sql.Tx, d string) error {
	if err := putSettingText(ctx, tx, gradedKey, d); err != nil {
		return fmt.Errorf("write the day grades are for: %w", err)
	}
	return nil
}

// GradedFor is the day (ISO) the ledger's grades were computed for; "" when
// the ledger has never been fully graded.
func (s *Store) GradedFor(ctx context.Context) (string, error) { return gradedFor(ctx, s.db) }

// Stale reports whether the stored grades were computed for a day other than
// the store clock's today, the ledger lacks the customers' model stats
// (made before they were kept), its stored cut points do not read (a
// damaged setting), something a score is made of was written since the
// last full grading (see gradesSettled), or the purchase models' fit is not
// today's: either way a regrade is due.
func (s *Store) Stale(ctx context.Context) (bool, error) {
	d, err := gradedFor(ctx, s.db)
	if err != nil {
		return false, err
	}
	if d != s.today() {
		return true, nil
	}
	if _, ok, err := storedCuts(ctx, s.db); err != nil || !ok {
		return !ok, err
	}
	if built, err := statsBuilt(ctx, s.db); err != nil || !built {
		return !built, err
	}
	if settled, err := gradesSettled(ctx, s.db); err != nil || !settled {
		return !settled, err
	}
	return s.refitDue(ctx)
}

// refitDue reports whether the purchase models are due a refit the last
// full regrade did not write (it writes them in a transaction after the
// grades'; one cut short leaves them for another day).
func (s *Store) refitDue(ctx context.Context) (bool, error) {
	rules, _, err := s.tieringState(ctx, s.db)
	if err != nil {
		return false, err
	}
	fit, found, err := readModelFit(ctx, s.db)
	if err != nil {
		return false, err
	}
	return refitDue(fit, found, rules, s.now()), nil
}

// RegradeToday grades every customer as of today, writes the changed rows
// and records the day in one transaction: a regrade interrupted at any
// point leaves the grades as they were. The purchase models' refit and the
// churn watch follow in a second, while the first one's pages are copied
// into the ledger file beside it (checkpointAside). Customers that move are recorded
// with ReasonTime when the ledger was graded for another day, else with
// ReasonCuts.
func (s *Store) RegradeToday(ctx context.Context) (RegradeReport, error) {
	conn, release, err := s.regradeConn(ctx, 0, true)
	if err != nil {
		return RegradeReport{}, err
	}
	defer release()
	rep, err := s.regradeOnce(ctx, conn)
	if err != nil {
		return RegradeReport{}, fmt.Errorf("regrade: %w", err)
	}
	return rep, nil
}

// readerWait is how long RegradeIfStale waits for another writer's lock: a
// reading command (the nightly export) is not held up behind a long import;
// it reads the grades as they stand and says so.
const readerWait = time.Second

// settleWait is how long it waits when the grades are today's but not
// settled (a purchase since graded against the stored cut points): briefly,
// so that readers beside a long write are not held up by what is only a
// refinement of today's grades; they read them as they stand, saying so.
const settleWait = 100 * time.Millisecond

// RegradeIfStale brings every grade, score, segment and stage up to today
// when the ledger was graded for another day (see RegradeToday), and reports
// whether it had to. Whatever reads grades calls it first. On a ledger this
// process cannot write, or whose write lock another process holds for more
// than a second (a tenth of one when the grades are today's and only
// unsettled), it fails with a KindReadOnly or KindBusy error and writes
// nothing: the caller may read the grades as they stand, saying so.
func (s *Store) RegradeIfStale(ctx context.Context) (RegradeReport, bool, error) {
	stale, err := s.Stale(ctx)
	if err != nil || !stale {
		return RegradeReport{}, false, err
	}
	if s.readOnly {
		return RegradeReport{}, false, newLedgerError(errors.New("regrade: ledger opened read-only"), "db.readonly", s.path)
	}
	wait := readerWait
	if d, err := gradedFor(ctx, s.db); err == nil && d == s.today() {
		wait = settleWait
	}
	conn, release, err := s.regradeConn(ctx, wait, true)
	if err != nil {
		return RegradeReport{}, false, err
	}
	defer release()
	rep, err := s.regradeOnce(ctx, conn)
	if err != nil {
		return RegradeReport{}, false, err
	}
	return rep, true, nil
}
