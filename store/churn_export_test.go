package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/kehu-app/kehu/tiering"
)

// ChurnEntry is one of the models' churn candidates, for the tests that
// compare the churn watch with scoring everyone.
type ChurnEntry struct {
	ID     int64
	Grade  string
	PAlive float64
	Value  int64
}

// ChurnBothWays is the models' churn candidates of owner's customers as of
// the store's today, from the churn watch (fastOK false when the watch
// cannot answer) and by scoring every customer, each in the agenda's order.
// Nothing is stored.
func (s *Store) ChurnBothWays(ctx context.Context, owner string) (fast, slow []ChurnEntry, fastOK bool, err error) {
	rules, err := s.Rules(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	of := ownerFilter(rules, owner)
	day0, err := time.ParseInLocation(parseDay, s.today(), time.Local)
	if err != nil {
		return nil, nil, false, err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, false, err
	}
	defer func() { _ = tx.Rollback() }()
	fit, found, err := readModelFit(ctx, tx)
	if err != nil || !found || !fit.HasValue() {
		return nil, nil, false, err
	}
	fm := fit.fitModels()
	shift := func(days int) string { return day0.AddDate(0, 0, days).Format(parseDay) }
	bought, quiet := shift(-(tiering.ChurnDays - 1)), shift(-(ChurnWarnDays - 1))
	entries := func(at []churnValue) []ChurnEntry {
		risk := func(v churnValue) float64 { return math.Round(float64(v.clvAlive) * (1 - v.pAlive)) }
		slices.SortFunc(at, func(a, b churnValue) int {
			if c := cmp.Compare(risk(b), risk(a)); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		out := []ChurnEntry{}
		for _, v := range at {
			out = append(out, ChurnEntry{ID: v.id, Grade: v.grade, PAlive: v.pAlive, Value: v.clvAlive})
		}
		return out
	}
	st, fastOK, err := readChurnState(ctx, tx, fit, fm, day0, rules)
	if err != nil {
		return nil, nil, false, err
	}
	if fastOK && st.head.Valued > 0 {
		var at []churnValue
		var counts map[string]int
		if counts, at, fastOK, err = st.atRisk(ctx, tx, of, bought, quiet, 1<<30); err != nil {
			return nil, nil, false, err
		}
		fast = entries(at)
		// The counts per grade are the whole list's, and a short top is
		// the whole list's beginning (ties included).
		listed := map[string]int{}
		for _, e := range fast {
			listed[e.Grade]++
		}
		if fastOK && !maps.Equal(counts, listed) {
			return nil, nil, false, fmt.Errorf("churn watch counts %v, its list %v", counts, listed)
		}
		for _, n := range []int{1, 2, 5} {
			_, short, _, err := st.atRisk(ctx, tx, of, bought, quiet, n)
			if err != nil {
				return nil, nil, false, err
			}
			if fastOK && !slices.Equal(entries(short), fast[:min(n, len(fast))]) {
				return nil, nil, false, fmt.Errorf("churn watch top %d %v, its list %v", n, entries(short), fast[:min(n, len(fast))])
			}
		}
	} else if fastOK {
		fast = []ChurnEntry{}
	}
	at, _, _, err := s.scoreEveryone(ctx, tx, fit, fm, day0, rules, of, bought, quiet)
	if err != nil {
		return nil, nil, false, err
	}
	return fast, entries(at), fastOK, nil
}
