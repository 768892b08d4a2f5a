package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/kehu-app/kehu/tiering"
)

// The rules preview can grade from the stored scores, without reading
// every customer's inputs, when the new rules score the same way as the
// stored ones and the stored scores are exactly what a full grading under
// the stored rules would give today. The second is known from a counter:
// triggers bump grading_state.seq on every write of what a score or grade
// is made of (the tiering inputs, the pin, the score, grade and stage, a
// customer added, deleted or trashed), and a full regrade that saw no such
// write but its own between reading the customers and writing their grades
// records the counter it left (exact_seq), with the day and the rules it
// graded for. While seq is still exact_seq, nothing has moved a score
// since: no customer's own edit graded with the day's cut points, no cut
// point gone stale. The triggers are named like the tallies' so a bulk
// load drops them with those; the load then bumps the counter itself.
var gradingStateSchemaSQL = `
CREATE TABLE grading_state (
	one         INTEGER PRIMARY KEY CHECK (one = 1),
	seq         INTEGER NOT NULL,              -- bumped by every write a score or grade is made of
	exact_seq   INTEGER NOT NULL DEFAULT -1,   -- seq when the stored grades were last a full grading's
	exact_day   TEXT    NOT NULL DEFAULT '',   -- the day that grading was for
	exact_rules TEXT    NOT NULL DEFAULT ''    -- and the rules, as JSON
);
INSERT INTO grading_state(one, seq) VALUES (1, 0);
-- the preview's grouped read of the stored scores, from this index alone
CREATE INDEX customers_grading ON customers(score, grade, pinned, stage) WHERE deleted_at IS NULL;
CREATE TRIGGER customers_tally_grading_insert AFTER INSERT ON customers
BEGIN
	UPDATE grading_state SET seq = seq + 1;
END;
CREATE TRIGGER customers_tally_grading_delete AFTER DELETE ON customers
BEGIN
	UPDATE grading_state SET seq = seq + 1;
END;
CREATE TRIGGER customers_tally_grading_update AFTER UPDATE OF purchases, median_gap, potential, opening_spend,
	opening_count, win_count, win_spend, first_purchase, last_purchase, opening_last, pinned, score, grade, stage,
	deleted_at ON customers
BEGIN
	UPDATE grading_state SET seq = seq + 1;
END;
`

// gradingSeq reads the counter of writes a score or grade is made of.
func gradingSeq(ctx context.Context, q queryer) (int64, error) {
	var seq int64
	if err := q.QueryRowContext(ctx, "SELECT seq FROM grading_state").Scan(&seq); err != nil {
		return 0, fmt.Errorf("read grading counter: %w", err)
	}
	return seq, nil
}

// bumpGradingSeq counts writes made while the counter's triggers were
// dropped (a bulk load): the stored grades are no longer known exact.
func bumpGradingSeq(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "UPDATE grading_state SET seq = seq + 1"); err != nil {
		return fmt.Errorf("bump grading counter: %w", err)
	}
	return nil
}

// markGradingExact records, in the transaction of a full regrade's last
// grades, whether they are exactly a full grading's for day under rules:
// exact is false when another write came between the regrade's read and
// its writes.
func markGradingExact(ctx context.Context, tx *sql.Tx, exact bool, day string, rules tiering.Rules) error {
	if !exact {
		_, err := tx.ExecContext(ctx, "UPDATE grading_state SET exact_seq = -1, exact_day = '', exact_rules = ''")
		return err
	}
	b, err := json.Marshal(rules)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE grading_state SET exact_seq = seq, exact_day = ?, exact_rules = ?", day, string(b))
	return err
}

// gradingExact reports whether the stored scores and grades, read through
// q, are exactly those a full grading under rules would give today: the
// last full regrade was exact, for today and these rules, and nothing
// that makes a score was written since. The rules must read nothing but
// the customers' own tiering inputs (no loyalty, no extra column: their
// inputs live outside the counted columns).
func (s *Store) gradingExact(ctx context.Context, q queryer, rules tiering.Rules) (bool, error) {
	if rules.NeedsLoyalty() || len(rules.Extra) > 0 {
		return false, nil
	}
	var seq, exactSeq int64
	var day, raw string
	err := q.QueryRowContext(ctx, "SELECT seq, exact_seq, exact_day, exact_rules FROM grading_state").Scan(&seq, &exactSeq, &day, &raw)
	if err != nil {
		return false, fmt.Errorf("read grading counter: %w", err)
	}
	today := s.today()
	if exactSeq != seq || day != today {
		return false, nil
	}
	graded, err := gradedFor(ctx, q)
	if err != nil || graded != today {
		return false, err
	}
	b, err := json.Marshal(rules)
	if err != nil {
		return false, fmt.Errorf("grading rules: %w", err)
	}
	return string(b) == raw, nil
}

// gradesSettled reports whether nothing a score or grade is made of was
// written since the last full grading finished without a write in
// between. A purchase, an edit or an import grades its own customers with
// the stored cut points, which the new figures may have moved (on a young
// ledger every purchase moves them: its first buyers were graded against
// none); a full regrade computes them again. Whatever shows or exports
// grades therefore regrades first when they have not settled, as the
// table does after its own edits.
func gradesSettled(ctx context.Context, q queryer) (bool, error) {
	var seq, exactSeq int64
	if err := q.QueryRowContext(ctx, "SELECT seq, exact_seq FROM grading_state").Scan(&seq, &exactSeq); err != nil {
		return false, fmt.Errorf("read grading counter: %w", err)
	}
	return seq == exactSeq, nil
}
