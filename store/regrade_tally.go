package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// A regrade rewrites the grade, score, segment and stage of thousands of
// customers a day and moves the window counts of thousands more. Kept row by
// row, the tallies' triggers cost most of that write: the profile's alone
// makes ten upserts for every row. So a regrade's write reads what the
// tallies count of the rows it is about to change, writes them with those
// triggers dropped (inside its transaction: no other writer, and no reader,
// ever sees them missing), reads the same rows again as they now stand and
// adds the difference to the tallies: a few hundred upserts, most changes
// (a score) moving no tally at all. Whatever happened to a row in between,
// the tallies end as a recount would leave them.

// regradeTallyTriggers are the tally triggers a regrade's writes fire: its
// UPDATEs set only grade, score, segment, stage, win_count and win_spend.
// The churn watch's triggers watch other columns. The grading counter's
// trigger bumps the counter once a row; a paused write bumps it once in
// all (resume), which says the same: a score was written since.
var regradeTallyTriggers = []string{"customers_tally_agenda", "customers_tally_tiers", "customers_tally_profile_update", "customers_tally_grading_update"}

// tallyPause is a regrade write's tallies taken over from their triggers.
type tallyPause struct {
	ids     string   // JSON array of the customers written
	creates []string // the dropped triggers
	delta   *tallyShift
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
	p := &tallyPause{ids: string(b), creates: creates, delta: newTallyShift()}
	if err := p.delta.read(ctx, tx, p.ids, -1); err != nil {
		return nil, err
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
	if err := p.delta.read(ctx, tx, p.ids, 1); err != nil {
		return err
	}
	if err := p.delta.apply(ctx, tx); err != nil {
		return err
	}
	if err := bumpGradingSeq(ctx, tx); err != nil {
		return err
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
	creates, err := queryColumn[string](ctx, tx, `SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name IN (SELECT value FROM json_each(?)) ORDER BY name`, string(b))
	if err != nil {
		return nil, fmt.Errorf("list triggers: %w", err)
	}
	return creates, nil
}

// profileTallyKey is a row of profile_tally.
type profileTallyKey struct {
	dim, key string
	bucket   int64
}

// tallyShift is what some customers' rows add to the tallies after a write
// less what they added before it.
type tallyShift struct {
	agenda  map[agendaTallyKey]int64
	tiers   map[[2]string][2]int64 // grade, segment → customers, spend
	profile map[profileTallyKey][]float64
}

func newTallyShift() *tallyShift {
	return &tallyShift{agenda: map[agendaTallyKey]int64{}, tiers: map[[2]string][2]int64{}, profile: map[profileTallyKey][]float64{}}
}

// tallyShiftReadSQL reads, for the live customers whose ids are in the
// JSON array parameter, what every tally counts of them: the agenda's
// key, the groupings', the spend bucket, then profileTallyCols' figures
// (the same expressions the triggers and the recount use).
var tallyShiftReadSQL = func() string {
	var figs []string
	for _, c := range profileTallyCols("c.") {
		figs = append(figs, c[1])
	}
	return "SELECT c.next_follow_up <> '', " + agendaDaySQL("c.") + ", c.grade, c.owner, c.segment, c.source, c.industry, " +
		profileBucketSQL("c.win_spend") + ", " + strings.Join(figs, ", ") +
		" FROM customers c WHERE c.deleted_at IS NULL AND c.id IN (SELECT value FROM json_each(?))"
}()

// read adds sign (1 or -1) times what the customers ids count in the
// tallies.
func (d *tallyShift) read(ctx context.Context, tx *sql.Tx, ids string, sign int64) error {
	rows, err := tx.QueryContext(ctx, tallyShiftReadSQL, ids)
	if err != nil {
		return fmt.Errorf("tallies: read rows: %w", err)
	}
	defer rows.Close()
	cols := profileTallyCols("")
	var followUp bool
	var day, grade, owner, segment, source, industry string
	var bucket int64
	figs := make([]float64, len(cols))
	dest := []any{&followUp, &day, &grade, &owner, &segment, &source, &industry, &bucket}
	for i := range figs {
		dest = append(dest, &figs[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("tallies: read rows: %w", err)
		}
		d.agenda[agendaTallyKey{followUp: followUp, day: day, grade: grade, owner: owner}] += sign
		t := d.tiers[[2]string{grade, segment}]
		t[0] += sign
		t[1] += sign * int64(figs[1]) // spend: the customer's total spend
		d.tiers[[2]string{grade, segment}] = t
		for _, g := range [...][2]string{{ByGrade, grade}, {BySegment, segment}, {ByOwner, owner}, {BySource, source}, {ByIndustry, industry}} {
			k := profileTallyKey{dim: g[0], key: g[1], bucket: bucket}
			sums := d.profile[k]
			if sums == nil {
				sums = make([]float64, len(cols))
				d.profile[k] = sums
			}
			for i, v := range figs {
				sums[i] += float64(sign) * v
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tallies: read rows: %w", err)
	}
	return nil
}

// apply adds the differences that are not nothing to the tallies.
func (d *tallyShift) apply(ctx context.Context, tx *sql.Tx) error {
	if err := addAgendaTierCounts(ctx, tx, d.agenda, d.tiers); err != nil {
		return err
	}
	cols := profileTallyCols("")
	var names, marks, sets []string
	for _, c := range cols {
		names = append(names, c[0])
		marks = append(marks, "?")
		sets = append(sets, c[0]+" = "+c[0]+" + excluded."+c[0])
	}
	profile, err := tx.PrepareContext(ctx, "INSERT INTO profile_tally(dim, key, bucket, "+strings.Join(names, ", ")+") VALUES (?, ?, ?, "+
		strings.Join(marks, ", ")+") ON CONFLICT DO UPDATE SET "+strings.Join(sets, ", "))
	if err != nil {
		return fmt.Errorf("tallies: %w", err)
	}
	defer profile.Close()
	args := make([]any, 0, 3+len(cols))
	for k, sums := range d.profile {
		if !slices.ContainsFunc(sums, func(v float64) bool { return v != 0 }) {
			continue
		}
		args = append(args[:0], k.dim, k.key, k.bucket)
		for i, c := range cols {
			if strings.HasSuffix(c[0], "_jd") {
				args = append(args, sums[i])
			} else {
				args = append(args, int64(sums[i]))
			}
		}
		if _, err := profile.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("tallies: %w", err)
		}
	}
	return nil
}
