package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The first history look of a day brings the tally up to date: it counts
// again the customers written since (after a day's regrade, those it
// moved), rolls a new month over, and after a load that forgot the tally,
// or a clock set back, counts it again from every customer (seconds at a
// million customers). The nightly regrade and the table, once it has
// regraded for a new day, do it beforehand, off the user's path, so that
// look reads it at once.

// HistoryStale reports whether the default twelve-month tier history's
// tally is not up to date for today: then WarmHistory has work to do and the
// next look would do it. One small read; a ledger this process cannot write
// is never stale, since its history is counted by a scan on every look.
func (s *Store) HistoryStale(ctx context.Context) (bool, error) {
	if s.readOnly {
		return false, nil
	}
	acc, err := s.newHistAcc(HistoryOptions{Months: historyTallyMonths}, false)
	if err != nil {
		return false, err
	}
	today := acc.days[len(acc.days)-1]
	var month, day string
	var months int
	err = s.db.QueryRowContext(ctx, "SELECT month, day, months FROM history_meta WHERE id = 1").Scan(&month, &day, &months)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, s.classify(fmt.Errorf("tier history: tally: %w", err))
	}
	return month != today[:7] || day != today || months != historyTallyMonths, nil
}

// WarmHistory brings the default twelve-month tier history's tally up to
// date for today when it is not (see HistoryStale), as the next history
// look would, so that look only reads it. It reports whether there was
// anything to do. A tally that must be counted again from every customer
// is counted with the write lock held only to write the count; cancelling ctx
// stops the count and leaves the tally to the next look. It first waits
// for a build of the filter copy in this process to finish: the two at
// once would hold both their memories.
func (s *Store) WarmHistory(ctx context.Context) (bool, error) {
	stale, err := s.HistoryStale(ctx)
	if err != nil || !stale {
		return false, err
	}
	release, err := s.holdHeavy(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	acc, err := s.newHistAcc(HistoryOptions{Months: historyTallyMonths}, false)
	if err != nil {
		return false, err
	}
	if err := s.tallyHistory(ctx, acc); err != nil {
		return false, s.classify(err)
	}
	// A count that could not be written (another process held the lock
	// throughout) is still exact for the look that made it, so the tally
	// does not say so: read it back.
	if stale, err := s.HistoryStale(ctx); err != nil || stale {
		if err == nil {
			// Most likely another process held the write lock throughout.
			err = newLedgerError(errHistoryNotWarmed, "db.busy")
		}
		return false, err
	}
	return true, nil
}

// errHistoryNotWarmed: the tally was counted but could not be written.
var errHistoryNotWarmed = errors.New("tier history: tally: the count could not be written")
