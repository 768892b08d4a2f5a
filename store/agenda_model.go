package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/tiering"
)

// churnReads are the churn warnings' reads, started before the agenda's
// own lists and run beside them, each on a connection of its own (at a
// million customers each reads a large share of the ledger). wait collects
// them into the agenda in a fixed order: the models' warnings first, then
// the stage rule's.
type churnReads struct {
	wg sync.WaitGroup

	modelOK     bool // the models valued someone: the stage rule speaks only for those without a P(alive)
	modelCounts map[string]int
	modelItems  []AgendaItem
	ruleCounts  map[string]int
	ruleItems   []AgendaItem
	errs        [2]error
	// everyone reads the stage rule's warnings of every customer, for when
	// the rule's read assumed the models would speak and they did not
	everyone func() (map[string]int, []AgendaItem, error)
}

// startChurn starts the churn warnings' reads: the purchase models' when
// the ledger has a fit with customer values (modelChurn), and the stage
// rule's for the customers the models give no P(alive), or for everyone
// when there is no such fit (churnWarnings).
func (s *Store) startChurn(ctx context.Context, day0 time.Time, rules tiering.Rules, of sqlFilter) (*churnReads, error) {
	cr := &churnReads{}
	fit, found, err := readModelFit(ctx, s.db)
	if err != nil {
		return nil, err
	}
	byModel := found && fit.HasValue()
	if byModel {
		cr.wg.Go(func() {
			cr.modelCounts, cr.modelItems, cr.modelOK, cr.errs[0] = s.modelChurn(ctx, day0, rules, of)
		})
		cr.everyone = func() (map[string]int, []AgendaItem, error) { return s.churnWarnings(ctx, day0, of, false) }
	}
	cr.wg.Go(func() {
		cr.ruleCounts, cr.ruleItems, cr.errs[1] = s.churnWarnings(ctx, day0, of, byModel)
	})
	return cr, nil
}

// wait adds what the reads found to a.
func (cr *churnReads) wait(a *Agenda) error {
	cr.wg.Wait()
	for _, err := range cr.errs {
		if err != nil {
			return fmt.Errorf("agenda: churn: %w", err)
		}
	}
	if cr.everyone != nil && !cr.modelOK {
		// a fit, but nobody valued: the stage rule decides for everyone
		var err error
		if cr.ruleCounts, cr.ruleItems, err = cr.everyone(); err != nil {
			return fmt.Errorf("agenda: churn: %w", err)
		}
	}
	for _, counts := range []map[string]int{cr.modelCounts, cr.ruleCounts} {
		for _, g := range slices.Sorted(maps.Keys(counts)) {
			a.count(g, AgendaChurn, counts[g])
		}
	}
	a.Churn = append(append(a.Churn, cr.modelItems...), cr.ruleItems...)
	return nil
}

// modelChurn counts and lists (up to AgendaLimit), when the ledger has a
// fit with customer values, the churn warnings the purchase models give:
// customers whose P(alive) fell below the rules' threshold and whose value,
// were they still active, is in the rules' top share, ordered by the value
// at risk, (1 − P(alive)) times that value. It skips customers contacted in
// the last ChurnWarnDays days (the owner is on it) and those churned by the
// stage rule (a year without a purchase: gone, not slipping). ok is false
// when no customer is valued: the stage rule then decides for everyone.
// Customers without a P(alive) (one-time buyers under BG/NBD) are left to
// the stage rule either way. The top share is the ledger's; of narrows the
// list to one owner's customers.
func (s *Store) modelChurn(ctx context.Context, day0 time.Time, rules tiering.Rules, of sqlFilter) (counts map[string]int, items []AgendaItem, ok bool, err error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, false, err
	}
	defer func() { _ = tx.Rollback() }() // read only: nothing to keep
	fit, found, err := readModelFit(ctx, tx)
	if err != nil || !found || !fit.HasValue() {
		return nil, nil, false, err
	}
	fm := fit.fitModels()
	if fm.models == nil {
		return nil, nil, false, nil
	}
	boughtSince, quietSince := churnDates(day0)
	// The watch answers when it is for this day, fit and rules; else every
	// customer is scored, and the watch built again from those scores.
	var at []churnValue
	st, fast, err := readChurnState(ctx, tx, fit, fm, day0, rules)
	if err != nil {
		return nil, nil, false, err
	}
	if fast {
		if st.head.Valued == 0 {
			return nil, nil, false, nil
		}
		if counts, at, fast, err = st.atRisk(ctx, tx, of, boughtSince, quietSince, AgendaLimit); err != nil {
			return nil, nil, false, err
		}
	}
	var rebuilt *churnWatch
	if !fast {
		var valued bool
		at, rebuilt, valued, err = s.scoreEveryone(ctx, tx, fit, fm, day0, rules, of, boughtSince, quietSince)
		if err != nil {
			return nil, nil, false, err
		}
		if !valued {
			if rebuilt != nil {
				_ = tx.Rollback() // (done reading: the write below needs no snapshot)
				s.storeChurnWatch(ctx, rebuilt)
			}
			return nil, nil, false, nil
		}
	}
	if !fast { // (the watch's read ranks and counts its own)
		at = rankChurn(at)
		counts = map[string]int{}
		for _, v := range at {
			counts[v.grade]++
		}
	}
	items, err = readChurnItems(ctx, tx, day0, at[:min(len(at), AgendaLimit)])
	if err != nil {
		return nil, nil, false, err
	}
	if rebuilt != nil {
		_ = tx.Rollback() // (done reading: the write below needs no snapshot)
		s.storeChurnWatch(ctx, rebuilt)
	}
	return counts, items, true, nil
}

// scoreEveryone is the churn warnings from every live customer scored in
// one batch: the candidates at risk, and the watch those scores make when
// day0 is today (nil otherwise). valued is false when no customer is
// valued.
func (s *Store) scoreEveryone(ctx context.Context, tx *sql.Tx, fit ModelFit, fm fitModels, day0 time.Time, rules tiering.Rules, of sqlFilter, boughtSince, quietSince string) (at []churnValue, w *churnWatch, valued bool, err error) {
	seq, err := lastChurnSeq(ctx, tx)
	if err != nil {
		return nil, nil, false, err
	}
	vals, err := readChurnValues(ctx, tx, fm, model.DayNumber(day0), of, boughtSince, quietSince)
	if err != nil {
		return nil, nil, false, err
	}
	if day0.Format(parseDay) == s.today() {
		ids := make([]int64, len(vals))
		scores := make([]churnScore, len(vals))
		for i, v := range vals {
			ids[i], scores[i] = v.id, churnScore{hasP: v.hasP, pAlive: v.pAlive, valued: v.valued, value: v.clvAlive}
		}
		w = buildChurnWatch(churnWatchHead{Day: day0.Format(parseDay), Fit: fitKey(fit), Share: rules.ChurnTopShare, PAlive: rules.ChurnPAlive, Seq: seq}, ids, scores)
	}
	var values []int64
	for _, v := range vals {
		if v.valued {
			values = append(values, v.clvAlive)
		}
	}
	if len(values) == 0 {
		return nil, w, false, nil
	}
	top := topCount(len(values), rules.ChurnTopShare)
	slices.SortFunc(values, func(a, b int64) int { return cmp.Compare(b, a) })
	cutoff := values[min(top, len(values))-1]
	for _, v := range vals {
		if v.candidate && v.hasP && v.valued && v.pAlive < rules.ChurnPAlive && v.clvAlive >= cutoff && v.clvAlive > 0 {
			at = append(at, v)
		}
	}
	return at, w, true, nil
}

// churnValue is what the models say of one live customer on the agenda's
// day, and whether the customer is a churn candidate at all (bought in the
// last year, not contacted lately, of the owner asked for).
type churnValue struct {
	id        int64
	grade     string
	candidate bool
	hasP      bool
	pAlive    float64 // rounded to four decimals, as shown
	valued    bool
	clvAlive  int64 // fen
}

// readChurnValues reads every live customer's purchase stats and scores
// them in one batch, rounding as the model columns do.
func readChurnValues(ctx context.Context, tx *sql.Tx, fm fitModels, today int64, of sqlFilter, boughtSince, quietSince string) ([]churnValue, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, grade, m_x, m_first, m_last, m_spend,
		CASE WHEN last_purchase >= ? AND last_contact < ?`+of.sql+` THEN 1 ELSE 0 END
		FROM customers WHERE deleted_at IS NULL`, append([]any{boughtSince, quietSince}, of.args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	grades := map[string]string{}
	var vals []churnValue
	var sums []model.Summary
	var scored []int // index into vals of each summary
	for rows.Next() {
		var v churnValue
		var grade string
		var x, first, last sql.NullInt64
		var spend sql.NullFloat64
		var cand int
		if err := rows.Scan(&v.id, &grade, &x, &first, &last, &spend, &cand); err != nil {
			return nil, err
		}
		if g, ok := grades[grade]; ok {
			v.grade = g
		} else {
			grades[grade], v.grade = grade, grade
		}
		v.candidate = cand == 1
		if x.Valid && first.Valid && last.Valid && spend.Valid {
			if sum, ok := model.SummaryAsOf(int(x.Int64), first.Int64, last.Int64, spend.Float64, today); ok {
				sums = append(sums, sum)
				scored = append(scored, len(vals))
			}
		}
		vals = append(vals, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, c := range fm.scoreChurn(sums) {
		v := &vals[scored[i]]
		v.hasP, v.pAlive, v.valued, v.clvAlive = c.hasP, c.pAlive, c.valued, c.value
	}
	return vals, nil
}

// readChurnItems reads the agenda rows of the customers at (in that order),
// with their P(alive) and value at risk.
func readChurnItems(ctx context.Context, tx *sql.Tx, day0 time.Time, at []churnValue) ([]AgendaItem, error) {
	if len(at) == 0 {
		return nil, nil
	}
	args := make([]any, len(at))
	for i, v := range at {
		args[i] = v.id
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+agendaCols+" FROM customers WHERE id IN (?"+strings.Repeat(", ?", len(at)-1)+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]AgendaItem, len(at))
	for rows.Next() {
		var it AgendaItem
		var created string
		var gap float64
		if err := rows.Scan(&it.CustomerID, &it.Name, &it.Phone, &it.Grade, &it.Score, &it.NextFollowUp, &it.LastContact, &it.LastPurchase,
			&created, &gap, &it.Owner); err != nil {
			return nil, fmt.Errorf("agenda: churn: %w", err)
		}
		byID[it.CustomerID] = it
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	items := make([]AgendaItem, 0, len(at))
	for _, v := range at {
		it, ok := byID[v.id]
		if !ok {
			continue
		}
		it.Kind = AgendaChurn
		it.Days = daysBetween(it.LastPurchase, day0.Format(parseDay))
		p := v.pAlive
		it.PAlive = &p
		it.ValueAtRisk = int64(math.Round(float64(v.clvAlive) * (1 - v.pAlive)))
		items = append(items, it)
	}
	return items, nil
}

// churnRisk is a churn warning's value at risk, (1 − P(alive)) times the
// value, in whole fen.
func churnRisk(v churnValue) float64 { return math.Round(float64(v.clvAlive) * (1 - v.pAlive)) }

// rankChurn sorts churn warnings by value at risk, most first, then by id.
func rankChurn(at []churnValue) []churnValue {
	slices.SortFunc(at, func(a, b churnValue) int {
		if c := cmp.Compare(churnRisk(b), churnRisk(a)); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	return at
}
