package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/tiering"
)

// modelFitKey is the settings key of the last fit of the purchase models.
const modelFitKey = "model.fit"

// ModelFit is the last fit of the purchase models, stored with the day it
// was fitted for. Error is empty when the purchase model was fitted; else it
// is the i18n key of why not (model.too_few_repeaters, …) with the counts
// Have and Need, and no customer has model values. SpendError is the same
// for Gamma-Gamma alone: without it there is no customer value.
type ModelFit struct {
	FitFor      string  `json:"fit_for"`
	Kind        string  `json:"kind"`      // tiering.ModelBGNBD or ModelMBGNBD
	TimeUnit    string  `json:"time_unit"` // "days": the unit of Alpha
	HorizonDays int     `json:"horizon_days"`
	Discount    float64 `json:"monthly_discount"`

	R, Alpha, A, B float64
	LogLikelihood  float64 `json:"log_likelihood"`
	Customers      int     `json:"customers"`
	Repeaters      int     `json:"repeaters"`

	SpendP, SpendQ, SpendGamma float64
	SpendLogLikelihood         float64 `json:"spend_log_likelihood"`
	SpendCustomers             int     `json:"spend_customers"`

	Error      string `json:"error,omitempty"`
	Have       int    `json:"have,omitempty"`
	Need       int    `json:"need,omitempty"`
	SpendError string `json:"spend_error,omitempty"`
	SpendHave  int    `json:"spend_have,omitempty"`
	SpendNeed  int    `json:"spend_need,omitempty"`

	FitMillis int64 `json:"fit_ms"` // reading the purchases, fitting and scoring
}

// Fitted reports whether the purchase model was fitted.
func (f ModelFit) Fitted() bool { return f.Error == "" && f.R > 0 }

// HasValue reports whether customer values were computed (Gamma-Gamma fitted too).
func (f ModelFit) HasValue() bool { return f.Fitted() && f.SpendError == "" && f.SpendP > 0 }

// readModelFit reads the stored fit; found is false when the ledger was
// never fitted.
func readModelFit(ctx context.Context, q queryer) (ModelFit, bool, error) {
	var f ModelFit
	found, err := readSetting(ctx, q, modelFitKey, &f)
	if err != nil {
		return ModelFit{}, false, fmt.Errorf("read the model fit: %w", err)
	}
	return f, found, nil
}

// ModelFit is the fit stored by the last full regrade; found is false when
// the ledger was never regraded since the models came.
func (s *Store) ModelFit(ctx context.Context) (ModelFit, bool, error) {
	return readModelFit(ctx, s.db)
}

// modelGuard is what a customer row held when its purchases were read: a
// model value computed from them is written only if the row still holds it.
type modelGuard struct {
	purchases, spend int64
}

// modelBase is every live customer's purchase summary for one calibration
// end, in id order.
type modelBase struct {
	ids    []int64
	guards []modelGuard
	stored []sql.Null[modelStats] // the stats the rows hold
	sums   []model.Summary
	has    []bool // a purchase on or before the calibration end
	actual []int  // purchase days in the holdout (only when one was asked for)
}

// readModelBase reads the live customers and then their purchases through
// the covering index, in one read transaction when q is the pool. The
// customers are read first: a purchase logged in between changes the row,
// and the guarded write then leaves that customer to its own regrade.
// holdoutEnd, when not zero, also counts each customer's purchase days after
// end up to it.
func readModelBase(ctx context.Context, q queryer, end, holdoutEnd time.Time) (*modelBase, error) {
	if db, ok := q.(*sql.DB); ok {
		tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, fmt.Errorf("model: read purchases: %w", err)
		}
		defer func() { _ = tx.Rollback() }() // read only: nothing to keep
		q = tx
	}
	b := &modelBase{}
	rows, err := q.QueryContext(ctx, "SELECT id, purchases, total_spend, m_x, m_first, m_last, m_spend FROM customers WHERE deleted_at IS NULL ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("model: read customers: %w", err)
	}
	for rows.Next() {
		var id int64
		var g modelGuard
		var st sql.Null[modelStats]
		var x, first, last sql.NullInt64
		var spend sql.NullFloat64
		if err := rows.Scan(&id, &g.purchases, &g.spend, &x, &first, &last, &spend); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
			return nil, fmt.Errorf("model: read customers: %w", err)
		}
		if x.Valid && first.Valid && last.Valid && spend.Valid {
			st = sql.Null[modelStats]{V: modelStats{x: int(x.Int64), first: first.Int64, last: last.Int64, spend: spend.Float64}, Valid: true}
		}
		b.ids = append(b.ids, id)
		b.guards = append(b.guards, g)
		b.stored = append(b.stored, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("model: read customers: %w", err)
	}
	b.sums = make([]model.Summary, len(b.ids))
	b.has = make([]bool, len(b.ids))
	if !holdoutEnd.IsZero() {
		b.actual = make([]int, len(b.ids))
	}
	prows, err := q.QueryContext(ctx, "SELECT customer_id, date, amount FROM purchases ORDER BY customer_id, date")
	if err != nil {
		return nil, fmt.Errorf("model: read purchases: %w", err)
	}
	defer prows.Close()
	days := map[string]time.Time{}
	var sum customerSum
	i := -1
	flush := func() {
		if i >= 0 && i < len(b.ids) && b.ids[i] == sum.id {
			b.sums[i], b.has[i] = sum.summary(end)
			if b.actual != nil {
				b.actual[i] = model.HoldoutPurchases(sum.bought, end, holdoutEnd)
			}
		}
	}
	var id, amount int64
	var date sql.RawBytes // dates repeat: looked up without a string per row
	for prows.Next() {
		if err := prows.Scan(&id, &date, &amount); err != nil {
			return nil, fmt.Errorf("model: read purchases: %w", err)
		}
		if id != sum.id || i < 0 {
			flush()
			for i+1 < len(b.ids) && b.ids[i+1] <= id {
				i++
			}
			sum.reset(id)
		}
		at, ok := days[string(date)]
		if !ok {
			at = day(string(date))
			days[string(date)] = at
		}
		sum.add(at, amount)
	}
	if err := prows.Err(); err != nil {
		return nil, fmt.Errorf("model: read purchases: %w", err)
	}
	flush()
	return b, nil
}

// customerSum gathers one customer's purchase log: sales (amounts not
// below zero, in yuan) as model transactions, refunds apart. A sale of zero
// (a free item, a fully discounted order) is still a visit, as the
// purchase models count transactions; a refund is not.
type customerSum struct {
	id      int64
	bought  []model.Transaction
	refunds []model.Transaction
}

func (c *customerSum) reset(id int64) {
	c.id, c.bought, c.refunds = id, c.bought[:0], c.refunds[:0]
}

func (c *customerSum) add(at time.Time, fen int64) {
	if at.IsZero() {
		return
	}
	t := model.Transaction{At: at, Amount: float64(fen) / 100}
	if fen >= 0 {
		c.bought = append(c.bought, t)
	} else {
		c.refunds = append(c.refunds, t)
	}
}

// summary is the customer's model summary for a calibration period ending
// on end. A refund is not a purchase: it counts no purchase day, and a
// refund dated after the first purchase day lowers the mean repeat spend
// (never below zero).
func (c *customerSum) summary(end time.Time) (model.Summary, bool) {
	s, ok := model.Summarise(c.bought, end, model.Days)
	if !ok || s.X == 0 {
		return s, ok
	}
	endDay, firstDay := end.Format(parseDay), s.First.Format(parseDay)
	refunded := 0.0
	for _, r := range c.refunds {
		if d := r.At.Format(parseDay); d > firstDay && d <= endDay {
			refunded -= r.Amount
		}
	}
	if refunded > 0 {
		s.RepeatSpend = math.Max(0, s.RepeatSpend-refunded/float64(s.X))
	}
	return s, ok
}

// fitted is the summaries of the customers with a purchase on or before
// the calibration end: those the models are fitted on.
func (b *modelBase) fitted() []model.Summary {
	var sums []model.Summary
	for i, s := range b.sums {
		if b.has[i] {
			sums = append(sums, s)
		}
	}
	return sums
}

// fitSums fits the purchase model the rules name and Gamma-Gamma to the
// summaries, and says so in a ModelFit; a fit the data cannot carry is
// recorded in the ModelFit, not returned as an error. prev, when it holds
// a spend fit (the day before's), is where the spend model's optimiser
// starts.
func fitSums(sums []model.Summary, rules tiering.Rules, prev ModelFit) (ModelFit, *model.Models, *model.PurchaseModel) {
	return fitSumsOf(len(sums), func(i int) (model.Stats, float64) { return sums[i].Stats, sums[i].RepeatSpend }, rules, prev)
}

// fitSumsOf is fitSums over n summaries that sum gives in order, each as
// its stats and mean repeat spend (all the fits read of it).
func fitSumsOf(n int, sum func(i int) (model.Stats, float64), rules tiering.Rules, prev ModelFit) (ModelFit, *model.Models, *model.PurchaseModel) {
	f := ModelFit{Kind: rules.ChurnModel, TimeUnit: model.Days.String(), HorizonDays: rules.HorizonDays, Discount: rules.MonthlyDiscount}
	if f.Kind == "" {
		f.Kind = tiering.ModelBGNBD
	}
	kind := model.BGNBD
	if f.Kind == tiering.ModelMBGNBD {
		kind = model.MBGNBD
	}
	stats := make([]model.Stats, n)
	for i := range n {
		stats[i], _ = sum(i)
	}
	pm, err := model.FitPurchases(stats, model.FitOptions{Kind: kind, Unit: model.Days, Reorder: true})
	if err != nil {
		f.Error, f.Have, f.Need = modelErrorKey(err)
		return f, nil, nil
	}
	f.R, f.Alpha, f.A, f.B = pm.Params.R, pm.Params.Alpha, pm.Params.A, pm.Params.B
	f.LogLikelihood, f.Customers, f.Repeaters = pm.LogLikelihood, pm.Customers, pm.Repeaters
	m := &model.Models{Purchases: pm}
	sm, err := model.FitSpendEach(n, func(i int) (int, float64) {
		st, m := sum(i)
		return st.X, m
	}, model.FitOptions{SpendStart: model.SpendParams{P: prev.SpendP, Q: prev.SpendQ, Gamma: prev.SpendGamma}})
	if err != nil {
		f.SpendError, f.SpendHave, f.SpendNeed = modelErrorKey(err)
	} else {
		f.SpendP, f.SpendQ, f.SpendGamma = sm.Params.P, sm.Params.Q, sm.Params.Gamma
		f.SpendLogLikelihood, f.SpendCustomers = sm.LogLikelihood, sm.Customers
		m.Spend = sm
	}
	return f, m, pm
}

// modelErrorKey is the i18n key and counts of a model failure; a failure
// that is not the model's own is reported as a fit that did not converge.
func modelErrorKey(err error) (key string, have, need int) {
	var me *model.Error
	if errors.As(err, &me) {
		return me.Key, me.Have, me.Need
	}
	return model.ErrNoConvergence.Key, 0, 0
}
