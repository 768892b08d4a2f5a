package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kehu-app/kehu/tiering"
)

// The agenda and the tier summary count customers in small tables kept by
// triggers on customers, so neither reads a million rows to count them:
//
//   - agenda_tally counts the live customers per owner, grade and agenda
//     day: the next follow-up when one is set (follow_up = 1), else the day
//     their contact cadence runs from (follow_up = 0): the last contact, or
//     the day they were added when never contacted. The agenda's overdue,
//     due and cadence totals are sums over ranges of days.
//   - tier_tally counts the live customers and sums their total spend per
//     grade and segment.
//
// Every write path (by hand, imports, merges, undo, regrades) goes through
// UPDATE, INSERT or DELETE on customers, so the triggers cannot be missed.
// Loads that drop the indexes drop these triggers too and count again at
// the end (recountTallies): one pass instead of a trigger per row.

// agendaDaySQL is the agenda day of a customer row (prefix "NEW." or "OLD."
// in triggers, "" in a query).
func agendaDaySQL(p string) string {
	return "CASE WHEN " + p + "next_follow_up <> '' THEN " + p + "next_follow_up WHEN " + p + "last_contact <> '' THEN " + p +
		"last_contact ELSE substr(" + p + "created_at, 1, 10) END"
}

// dormantDaySQL is the day a buyer turns dormant under the stage rule: the
// day after max(DormantDays, DormantGapFactor × median gap) whole days
// without a purchase (customers_dormant indexes it; a query must spell it
// the same way to use that index).
var dormantDaySQL = fmt.Sprintf("date(last_purchase, '+' || (CAST(max(%d.0, %d.0 * median_gap) AS INTEGER) + 1) || ' days')",
	tiering.DormantDays, tiering.DormantGapFactor)

// tallySchemaSQL creates the tally tables and the triggers that keep them.
var tallySchemaSQL = `
CREATE TABLE agenda_tally (
	follow_up INTEGER NOT NULL, -- 1: day is the next follow-up; 0: none set, day is the last contact or the day added
	day       TEXT    NOT NULL,
	grade     TEXT    NOT NULL,
	owner     TEXT    NOT NULL,
	n         INTEGER NOT NULL,
	PRIMARY KEY (follow_up, day, grade, owner)
) WITHOUT ROWID;
CREATE TABLE tier_tally (
	grade   TEXT    NOT NULL,
	segment TEXT    NOT NULL,
	n       INTEGER NOT NULL,
	spend   INTEGER NOT NULL, -- fen
	PRIMARY KEY (grade, segment)
) WITHOUT ROWID;
` + tallyTriggersSQL

// tallyTriggersSQL are the triggers keeping the tallies (named
// customers_tally_*, which is how loads find them to drop).
var tallyTriggersSQL = `
CREATE TRIGGER customers_tally_insert AFTER INSERT ON customers
WHEN NEW.deleted_at IS NULL
BEGIN
	INSERT INTO agenda_tally(follow_up, day, grade, owner, n)
		VALUES (NEW.next_follow_up <> '', ` + agendaDaySQL("NEW.") + `, NEW.grade, NEW.owner, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT INTO tier_tally(grade, segment, n, spend) VALUES (NEW.grade, NEW.segment, 1, NEW.total_spend)
		ON CONFLICT DO UPDATE SET n = n + 1, spend = spend + excluded.spend;
END;
CREATE TRIGGER customers_tally_delete AFTER DELETE ON customers
WHEN OLD.deleted_at IS NULL
BEGIN
	UPDATE agenda_tally SET n = n - 1
		WHERE follow_up = (OLD.next_follow_up <> '') AND day = ` + agendaDaySQL("OLD.") + ` AND grade = OLD.grade AND owner = OLD.owner;
	UPDATE tier_tally SET n = n - 1, spend = spend - OLD.total_spend WHERE grade = OLD.grade AND segment = OLD.segment;
END;
CREATE TRIGGER customers_tally_agenda AFTER UPDATE OF next_follow_up, last_contact, created_at, grade, owner, deleted_at ON customers
WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
	OR OLD.deleted_at IS NULL AND (OLD.grade IS NOT NEW.grade OR OLD.owner IS NOT NEW.owner
		OR (` + agendaDaySQL("OLD.") + `) IS NOT (` + agendaDaySQL("NEW.") + `)
		OR (OLD.next_follow_up <> '') IS NOT (NEW.next_follow_up <> ''))
BEGIN
	UPDATE agenda_tally SET n = n - 1
		WHERE OLD.deleted_at IS NULL AND follow_up = (OLD.next_follow_up <> '') AND day = ` + agendaDaySQL("OLD.") + `
		AND grade = OLD.grade AND owner = OLD.owner;
	INSERT INTO agenda_tally(follow_up, day, grade, owner, n)
		SELECT NEW.next_follow_up <> '', ` + agendaDaySQL("NEW.") + `, NEW.grade, NEW.owner, 1 WHERE NEW.deleted_at IS NULL
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customers_tally_tiers AFTER UPDATE OF grade, segment, total_spend, deleted_at ON customers
WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
	OR OLD.deleted_at IS NULL AND (OLD.grade IS NOT NEW.grade OR OLD.segment IS NOT NEW.segment OR OLD.total_spend IS NOT NEW.total_spend)
BEGIN
	UPDATE tier_tally SET n = n - 1, spend = spend - OLD.total_spend
		WHERE OLD.deleted_at IS NULL AND grade = OLD.grade AND segment = OLD.segment;
	INSERT INTO tier_tally(grade, segment, n, spend)
		SELECT NEW.grade, NEW.segment, 1, NEW.total_spend WHERE NEW.deleted_at IS NULL
		ON CONFLICT DO UPDATE SET n = n + 1, spend = spend + excluded.spend;
END;
`

// tallyRecountSQL counts the tallies again from the customers.
var tallyRecountSQL = `
DELETE FROM agenda_tally;
INSERT INTO agenda_tally(follow_up, day, grade, owner, n)
	SELECT next_follow_up <> '', ` + agendaDaySQL("") + `, grade, owner, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4;
DELETE FROM tier_tally;
INSERT INTO tier_tally(grade, segment, n, spend)
	SELECT grade, segment, count(*), coalesce(sum(total_spend), 0) FROM customers WHERE deleted_at IS NULL GROUP BY 1, 2;
`

// tallyTriggers lists the CREATE statements of the tally triggers.
func tallyTriggers(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (names, creates []string, err error) {
	rows, err := q.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND (name LIKE 'customers\_tally\_%' ESCAPE '\' OR name LIKE 'history\_dirty\_%' ESCAPE '\') ORDER BY name`)
	if err != nil {
		return nil, nil, fmt.Errorf("list tally triggers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n, c string
		if err := rows.Scan(&n, &c); err != nil {
			return nil, nil, fmt.Errorf("list tally triggers: %w", err)
		}
		names, creates = append(names, n), append(creates, c)
	}
	return names, creates, rows.Err()
}

// suspendTallies drops the tally triggers for a load that writes most of
// the ledger; the returned statements create them again (resumeTallies).
func suspendTallies(ctx context.Context, tx *sql.Tx) ([]string, error) {
	names, creates, err := tallyTriggers(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+n+`"`); err != nil {
			return nil, fmt.Errorf("drop tally trigger %s: %w", n, err)
		}
	}
	// The churn watch's triggers go with these: the watch will miss the
	// load's changes, so it is forgotten (a regrade in the same
	// transaction, after the load, may build it again).
	if err := dropChurnWatch(ctx, tx); err != nil {
		return nil, err
	}
	// The grading counter's triggers go too: the load's writes are
	// counted here, at once.
	if err := bumpGradingSeq(ctx, tx); err != nil {
		return nil, err
	}
	// The tier history's tally is forgotten: its list of the customers
	// writes touched would miss the load's.
	if _, err := tx.ExecContext(ctx, forgetHistoryTallySQL); err != nil {
		return nil, fmt.Errorf("forget the history tally: %w", err)
	}
	return creates, nil
}

// resumeTallies counts the tallies again and creates their triggers anew.
func resumeTallies(ctx context.Context, tx *sql.Tx, creates []string) error {
	if len(creates) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, tallyRecountSQL); err != nil {
		return fmt.Errorf("recount tallies: %w", err)
	}
	if _, err := tx.ExecContext(ctx, profileRecountSQL); err != nil {
		return fmt.Errorf("recount tallies: %w", err)
	}
	return recreateTallyTriggers(ctx, tx, creates)
}

// tallyRow is what the tallies count of one live customer.
type tallyRow struct {
	next, last, createdDay string // next follow-up, last contact, the day added
	grade, owner, segment  string
	spend                  int64
}

// agendaTallyKey is a row of agenda_tally.
type agendaTallyKey struct {
	followUp          bool
	day, grade, owner string
}

// tallyDelta counts the customers a load adds while the tally triggers are
// suspended, in memory: an import into an empty ledger then writes a few
// hundred tally rows instead of counting a million customers again.
type tallyDelta struct {
	agenda map[agendaTallyKey]int64
	tiers  map[[2]string][2]int64 // grade, segment → customers, spend
	// The profile's tally counts the customers above this id (the highest
	// before the load) from their rows: it needs more of each than the
	// load has at hand.
	profileAbove int64
}

func newTallyDelta(profileAbove int64) *tallyDelta {
	return &tallyDelta{agenda: map[agendaTallyKey]int64{}, tiers: map[[2]string][2]int64{}, profileAbove: profileAbove}
}

// add counts one live customer.
func (d *tallyDelta) add(r tallyRow) {
	k := agendaTallyKey{followUp: r.next != "", day: r.next, grade: r.grade, owner: r.owner}
	if r.next == "" {
		k.day = r.last
		if k.day == "" {
			k.day = r.createdDay
		}
	}
	d.agenda[k]++
	t := d.tiers[[2]string{r.grade, r.segment}]
	t[0]++
	t[1] += r.spend
	d.tiers[[2]string{r.grade, r.segment}] = t
}

// apply adds the counts to the tallies.
func (d *tallyDelta) apply(ctx context.Context, tx *sql.Tx) error {
	if err := addAgendaTierCounts(ctx, tx, d.agenda, d.tiers); err != nil {
		return err
	}
	for _, q := range profileTallyAdd("c.id > ?") {
		if _, err := tx.ExecContext(ctx, q, d.profileAbove); err != nil {
			return fmt.Errorf("tallies: %w", err)
		}
	}
	return nil
}

// recreateTallyTriggers creates the suspended triggers again, the
// tallies being right.
func recreateTallyTriggers(ctx context.Context, tx *sql.Tx, creates []string) error {
	for _, c := range creates {
		if _, err := tx.ExecContext(ctx, c); err != nil {
			return fmt.Errorf("create tally trigger: %w", err)
		}
	}
	return nil
}

// addAgendaTierCounts adds counts (or differences) to agenda_tally and
// tier_tally, one upsert per key that is not nothing.
func addAgendaTierCounts(ctx context.Context, tx *sql.Tx, agenda map[agendaTallyKey]int64, tiers map[[2]string][2]int64) error {
	agendaUp, err := tx.PrepareContext(ctx, `INSERT INTO agenda_tally(follow_up, day, grade, owner, n) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO UPDATE SET n = n + excluded.n`)
	if err != nil {
		return fmt.Errorf("tallies: %w", err)
	}
	defer agendaUp.Close()
	for k, n := range agenda {
		if n == 0 {
			continue
		}
		if _, err := agendaUp.ExecContext(ctx, k.followUp, k.day, k.grade, k.owner, n); err != nil {
			return fmt.Errorf("tallies: %w", err)
		}
	}
	tiersUp, err := tx.PrepareContext(ctx, `INSERT INTO tier_tally(grade, segment, n, spend) VALUES (?, ?, ?, ?)
		ON CONFLICT DO UPDATE SET n = n + excluded.n, spend = spend + excluded.spend`)
	if err != nil {
		return fmt.Errorf("tallies: %w", err)
	}
	defer tiersUp.Close()
	for k, t := range tiers {
		if t == [2]int64{} {
			continue
		}
		if _, err := tiersUp.ExecContext(ctx, k[0], k[1], t[0], t[1]); err != nil {
			return fmt.Errorf("tallies: %w", err)
		}
	}
	return nil
}
