package store

import (
	"context"
	"math"

	"github.com/kehu-app/kehu/model"
)

// The purchase models' columns (P(alive), expected purchases, customer
// value) are computed by the model function one row at a time on the SQL
// path; the copy scores them from every row's stats in one batch, which
// shares the costly expectations between customers of the same purchase
// count and age (at a million customers, most of the copy's build time
// went to the function). They are the function's values, rounded the same
// way.

// compactStats is one row's model stats as the copy keeps them while it is
// built (a million rows: 24 MB).
type compactStats struct {
	x, first, last int32 // day numbers fit in 32 bits for millennia
	valid          bool
	spend          float64
}

// modelColumns gathers the stats of the rows read, for the model columns.
type modelColumns struct {
	keys  []string
	stats []compactStats
}

func (m *modelColumns) add(st compactStats) { m.stats = append(m.stats, st) }

// fill adds the model columns to the copy, as of today.
func (m *modelColumns) fill(ctx context.Context, s *Store, c *memCopy) error {
	fit, _, err := readModelFit(ctx, s.db)
	if err != nil {
		return err
	}
	n := len(m.stats)
	today := model.DayNumber(s.now())
	newCols := func() map[string]*numColumn {
		cols := make(map[string]*numColumn, len(m.keys))
		for _, k := range m.keys {
			cols[k] = newNumColumn()
			c.nums[k] = cols[k]
		}
		return cols
	}
	cols := newCols()
	fm := fit.fitModels()
	// The rows with a summary as of today, scored in row order; the rows
	// between them have no estimate.
	var at []int32
	if fm.models != nil {
		for i, st := range m.stats {
			if st.valid && int64(st.last) <= today && st.first <= st.last && st.x >= 0 {
				at = append(at, int32(i))
			}
		}
	}
	next := 0
	pad := func(to int) {
		for ; next < to; next++ {
			for _, k := range m.keys {
				cols[k].add(0, true, next, n)
			}
		}
	}
	if len(at) > 0 {
		pm := fm.models.Purchases
		summary := func(k int) model.Summary {
			st := m.stats[at[k]]
			sum, _ := model.SummaryAsOf(int(st.x), int64(st.first), int64(st.last), st.spend, today)
			return sum
		}
		err := fm.models.ScoreEach(len(at), func(k int) (model.Stats, float64) {
			sum := summary(k)
			return sum.Stats, sum.RepeatSpend
		}, func(k int, sc model.Score) {
			i := int(at[k])
			pad(i)
			var r modelRow
			if !(m.stats[i].x == 0 && pm.Kind == model.BGNBD) {
				r.set(valuePAlive, math.Round(sc.PAlive*1e4)/1e4)
			}
			r.set(valueExpPurchases, math.Round(sc.ExpectedPurchases*100)/100)
			if fm.models.Spend != nil && sc.ValueKnown {
				r.set(valueCLV, float64(int64(math.Round(sc.Value*100))))
			}
			m.addRow(cols, r, i, n)
			next = i + 1
		}, fm.opts)
		if err != nil {
			// One row the models cannot score stops the batch: every row
			// is computed by the model function's own code instead, so
			// that one alone has no estimate.
			cols, next = newCols(), 0
			for _, i := range at {
				pad(int(i))
				st := m.stats[i]
				ms := modelStats{x: int(st.x), first: int64(st.first), last: int64(st.last), spend: st.spend}
				var r modelRow
				for _, k := range m.keys {
					switch v := fm.value(k, ms, today).(type) {
					case float64:
						r.set(k, v)
					case int64:
						r.set(k, float64(v))
					}
				}
				m.addRow(cols, r, int(i), n)
				next = int(i) + 1
			}
		}
	}
	pad(n)
	m.stats = nil
	return nil
}

// addRow adds row i's values to the model columns.
func (m *modelColumns) addRow(cols map[string]*numColumn, r modelRow, i, n int) {
	for _, k := range m.keys {
		v, ok := r.of(k)
		cols[k].add(v, !ok, i, n)
	}
}

// modelRow is one customer's model values as the model function gives
// them; the ok flags are false where it gives NULL.
type modelRow struct {
	pAlive, expPurchases, clv       float64
	pAliveOK, expPurchasesOK, clvOK bool
}

// of is the value of model column key.
func (r modelRow) of(key string) (float64, bool) {
	switch key {
	case valuePAlive:
		return r.pAlive, r.pAliveOK
	case valueExpPurchases:
		return r.expPurchases, r.expPurchasesOK
	case valueCLV:
		return r.clv, r.clvOK
	}
	return 0, false
}

func (r *modelRow) set(key string, v float64) {
	switch key {
	case valuePAlive:
		r.pAlive, r.pAliveOK = v, true
	case valueExpPurchases:
		r.expPurchases, r.expPurchasesOK = v, true
	case valueCLV:
		r.clv, r.clvOK = v, true
	}
}
