package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// A regrade rewrites the grade, score, segment and stage of thousands of
// customers a day and moves the window counts of thousands more. Kept row by
// row, the tallies' triggers cost most of that write: the profile's alone
// makes ten upserts for every row. So a regrade's write takes the rows it is
// about to change off the tallies in one statement per tally, writes them
// with those triggers dropped (inside its transaction: no other writer, and
// no reader, ever sees them missing), then counts the same rows back in as
// they now stand. Whatever happened to a row in between, the tallies end as
// a recount would leave them.

// regradeTallyTriggers are the tally triggers a regrade's writes fire: its
// UPDATEs set only grade, score, segment, stage, win_count and win_spend.
// The churn watch's triggers watch other columns.
var regradeTallyTriggers = []string{"customers_tally_agenda", "customers_tally_tiers", "customers_tally_profile_update"}

// regradeRowsSQL copies what the tallies count of the live customers whose
// ids are in the JSON array parameter to temp.regrade_rows: the statements
// of tallyShiftSQL then read these few thousand rows from one small table,
// each, instead of looking every one up again in the ledger.
var regradeRowsSQL = []string{
	"DROP TABLE IF EXISTS temp.regrade_rows",
	`CREATE TEMP TABLE regrade_rows AS SELECT id, deleted_at, next_follow_up, last_contact, created_at, grade, segment, stage, owner,
	source, industry, total_spend, win_spend, win_count, last_purchase, first_purchase
	FROM customers WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
}

// tallyShiftSQL takes away (sign "-") or adds (sign "") the customers of
// temp.regrade_rows in every tally the regrade's triggers keep.
func tallyShiftSQL(sign string) []string {
	out := []string{
		`INSERT INTO agenda_tally(follow_up, day, grade, owner, n)
	SELECT c.next_follow_up <> '', ` + agendaDaySQL("c.") + `, c.grade, c.owner, ` + sign + `count(*)
	FROM temp.regrade_rows c WHERE true GROUP BY 1, 2, 3, 4
	ON CONFLICT DO UPDATE SET n = n + excluded.n`,
		`INSERT INTO tier_tally(grade, segment, n, spend)
	SELECT c.grade, c.segment, ` + sign + `count(*), ` + sign + `coalesce(sum(c.total_spend), 0)
	FROM temp.regrade_rows c WHERE true GROUP BY 1, 2
	ON CONFLICT DO UPDATE SET n = n + excluded.n, spend = spend + excluded.spend`,
	}
	return append(out, profileTallyShift("temp.regrade_rows", "true", sign)...)
}

var (
	tallyTakeOffSQL = tallyShiftSQL("-")
	tallyPutBackSQL = tallyShiftSQL("")
)

// shiftTallies copies the customers ids to temp.regrade_rows and runs
// statements (tallyTakeOffSQL or tallyPutBackSQL) over them.
func shiftTallies(ctx context.Context, tx *sql.Tx, ids string, statements []string) error {
	if _, err := tx.ExecContext(ctx, regradeRowsSQL[0]); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, regradeRowsSQL[1], ids); err != nil {
		return err
	}
	for _, q := range statements {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, regradeRowsSQL[0])
	return err
}

// tallyPause is a regrade write's tallies taken over from their triggers.
type tallyPause struct {
	ids     string   // JSON array of the customers written
	creates []string // the dropped triggers
}

// pauseTallies takes the customers ids off the tallies and drops the
// triggers that would count their regrade row by row. It returns nil (the
// triggers stay and count) when there is nothing to write, or when the
// triggers are not there: a load that suspended them counts the tallies
// itself once done.
func pauseTallies(ctx context.Context, tx *sql.Tx, ids []int64) (*tallyPause, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	creates, err := triggerSQL(ctx, tx, regradeTallyTriggers)
	if err != nil || len(creates) < len(regradeTallyTriggers) {
		return nil, err
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("tallies: %w", err)
	}
	p := &tallyPause{ids: string(b), creates: creates}
	if err := shiftTallies(ctx, tx, p.ids, tallyTakeOffSQL); err != nil {
		return nil, fmt.Errorf("tallies: take off: %w", err)
	}
	for _, n := range regradeTallyTriggers {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+n+`"`); err != nil {
			return nil, fmt.Errorf("tallies: drop trigger %s: %w", n, err)
		}
	}
	return p, nil
}

// resume counts the paused customers back into the tallies as they now
// stand and creates the triggers again.
func (p *tallyPause) resume(ctx context.Context, tx *sql.Tx) error {
	if p == nil {
		return nil
	}
	if err := shiftTallies(ctx, tx, p.ids, tallyPutBackSQL); err != nil {
		return fmt.Errorf("tallies: put back: %w", err)
	}
	return recreateTallyTriggers(ctx, tx, p.creates)
}

// triggerSQL is the CREATE statement of each of the named triggers that
// exists.
func triggerSQL(ctx context.Context, tx *sql.Tx, names []string) ([]string, error) {
	b, err := json.Marshal(names)
	if err != nil {
		return nil, fmt.Errorf("list triggers: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name IN (SELECT value FROM json_each(?)) ORDER BY name`, string(b))
	if err != nil {
		return nil, fmt.Errorf("list triggers: %w", err)
	}
	defer rows.Close()
	var creates []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("list triggers: %w", err)
		}
		creates = append(creates, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list triggers: %w", err)
	}
	return creates, nil
}
