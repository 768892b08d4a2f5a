package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"
	"time"

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
	// The model's values are computed as of the agenda's day.
	pAlive, clvAlive := modelColumnSQL(valuePAlive, day0), modelColumnSQL(valueCLVAlive, day0)
	var valued int64
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE deleted_at IS NULL AND "+clvAlive+" IS NOT NULL").Scan(&valued); err != nil {
		return nil, nil, false, err
	}
	if valued == 0 {
		return nil, nil, false, nil
	}
	top := max(1, int64(math.Ceil(float64(valued)*rules.ChurnTopShare)))
	var cutoff int64
	if err := s.db.QueryRowContext(ctx, "SELECT clv_alive FROM (SELECT "+clvAlive+" AS clv_alive FROM customers WHERE deleted_at IS NULL) WHERE clv_alive IS NOT NULL ORDER BY clv_alive DESC LIMIT 1 OFFSET ?", top-1).
		Scan(&cutoff); err != nil {
		return nil, nil, false, err
	}
	shift := func(days int) string { return day0.AddDate(0, 0, days).Format(parseDay) }
	rows, err := s.db.QueryContext(ctx, "SELECT * FROM (SELECT "+agendaCols+", "+pAlive+" AS p_alive, "+clvAlive+` AS clv_alive FROM customers
		WHERE deleted_at IS NULL AND last_purchase >= ? AND last_contact < ?`+of.sql+`)
		WHERE p_alive < ? AND clv_alive >= ? AND clv_alive > 0
		ORDER BY round(clv_alive * (1 - p_alive)) DESC, id`,
		append(append([]any{shift(-(tiering.ChurnDays - 1)), shift(-(ChurnWarnDays - 1))}, of.args...), rules.ChurnPAlive, cutoff)...)
	if err != nil {
		return nil, nil, false, err
	}
	defer rows.Close()
	counts = map[string]int{}
	for rows.Next() {
		it, err := scanModelChurnRow(rows)
		if err != nil {
			return nil, nil, false, err
		}
		it.Days = daysBetween(it.LastPurchase, day0.Format(parseDay))
		counts[it.Grade]++
		if len(items) < AgendaLimit {
			items = append(items, it)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, false, err
	}
	return counts, items, true, nil
}

func scanModelChurnRow(rows *sql.Rows) (AgendaItem, error) {
	var it AgendaItem
	var created string
	var gap, pAlive float64
	var valueAlive int64
	if err := rows.Scan(&it.CustomerID, &it.Name, &it.Phone, &it.Grade, &it.Score, &it.NextFollowUp, &it.LastContact, &it.LastPurchase,
		&created, &gap, &it.Owner, &pAlive, &valueAlive); err != nil {
		return AgendaItem{}, fmt.Errorf("agenda: churn: %w", err)
	}
	it.Kind = AgendaChurn
	p := pAlive
	it.PAlive = &p
	it.ValueAtRisk = int64(math.Round(float64(valueAlive) * (1 - pAlive)))
	return it, nil
}
