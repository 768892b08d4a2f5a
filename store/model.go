package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/tiering"
)

// modelFitKey is the settings key of the last fit of the purchase models.
const modelFitKey = "model.fit"

// Notes in a customer's model_note: why its P(alive) is empty although the
// model was fitted.
const (
	// NoteNoRepeat: a one-time buyer under BG/NBD, whose P(alive) is 1 by
	// the model's construction and no estimate at all; the stage rule judges
	// such a customer instead.
	NoteNoRepeat = "no_repeat"
)

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

// models rebuilds the fitted models from the stored parameters; nil when
// there is no usable fit.
func (f ModelFit) models() *model.Models {
	if !f.Fitted() {
		return nil
	}
	kind := model.BGNBD
	if f.Kind == tiering.ModelMBGNBD {
		kind = model.MBGNBD
	}
	m := &model.Models{Purchases: &model.PurchaseModel{Kind: kind, Unit: model.Days,
		Params: model.Params{R: f.R, Alpha: f.Alpha, A: f.A, B: f.B}}}
	if f.HasValue() {
		m.Spend = &model.SpendModel{Params: model.SpendParams{P: f.SpendP, Q: f.SpendQ, Gamma: f.SpendGamma}}
	}
	return m
}

func (f ModelFit) scoreOptions() model.ScoreOptions {
	return model.ScoreOptions{HorizonDays: float64(f.HorizonDays), MonthlyDiscount: f.Discount}
}

// readModelFit reads the stored fit; found is false when the ledger was
// never fitted.
func readModelFit(ctx context.Context, q queryer) (ModelFit, bool, error) {
	var raw string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", modelFitKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return ModelFit{}, false, nil
	}
	if err != nil {
		return ModelFit{}, false, fmt.Errorf("read the model fit: %w", err)
	}
	var f ModelFit
	if err := json.Unmarshal([]byte(raw), &f); err != nil {
		return ModelFit{}, false, fmt.Errorf("read the model fit: %w", err)
	}
	return f, true, nil
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

// modelValues are the stored model columns of one customer (nil: NULL).
type modelValues struct {
	pAlive, expPurchases *float64
	clv, clvAlive        *int64
	note                 string
}

func (v modelValues) equal(w modelValues) bool {
	eqF := func(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	eqI := func(a, b *int64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	return eqF(v.pAlive, w.pAlive) && eqF(v.expPurchases, w.expPurchases) && eqI(v.clv, w.clv) && eqI(v.clvAlive, w.clvAlive) && v.note == w.note
}

// modelBase is every live customer's purchase summary for one calibration
// end, in id order.
type modelBase struct {
	ids    []int64
	guards []modelGuard
	stored []modelValues
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
	rows, err := q.QueryContext(ctx, "SELECT id, purchases, total_spend, p_alive, exp_purchases, clv, clv_alive, model_note FROM customers WHERE deleted_at IS NULL ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("model: read customers: %w", err)
	}
	for rows.Next() {
		var id int64
		var g modelGuard
		var pa, ep sql.NullFloat64
		var cv, ca sql.NullInt64
		var v modelValues
		if err := rows.Scan(&id, &g.purchases, &g.spend, &pa, &ep, &cv, &ca, &v.note); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
			return nil, fmt.Errorf("model: read customers: %w", err)
		}
		if pa.Valid {
			v.pAlive = &pa.Float64
		}
		if ep.Valid {
			v.expPurchases = &ep.Float64
		}
		if cv.Valid {
			v.clv = &cv.Int64
		}
		if ca.Valid {
			v.clvAlive = &ca.Int64
		}
		b.ids = append(b.ids, id)
		b.guards = append(b.guards, g)
		b.stored = append(b.stored, v)
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

// fitBase fits the purchase model the rules name and Gamma-Gamma to base,
// and says so in a ModelFit; a fit the data cannot carry is recorded in the
// ModelFit, not returned as an error.
func fitBase(base *modelBase, rules tiering.Rules) (ModelFit, *model.Models, *model.PurchaseModel) {
	f := ModelFit{Kind: rules.ChurnModel, TimeUnit: model.Days.String(), HorizonDays: rules.HorizonDays, Discount: rules.MonthlyDiscount}
	if f.Kind == "" {
		f.Kind = tiering.ModelBGNBD
	}
	kind := model.BGNBD
	if f.Kind == tiering.ModelMBGNBD {
		kind = model.MBGNBD
	}
	var stats []model.Stats
	var sums []model.Summary
	for i, s := range base.sums {
		if base.has[i] {
			stats = append(stats, s.Stats)
			sums = append(sums, s)
		}
	}
	pm, err := model.FitPurchases(stats, model.FitOptions{Kind: kind, Unit: model.Days})
	if err != nil {
		f.Error, f.Have, f.Need = modelErrorKey(err)
		return f, nil, nil
	}
	f.R, f.Alpha, f.A, f.B = pm.Params.R, pm.Params.Alpha, pm.Params.A, pm.Params.B
	f.LogLikelihood, f.Customers, f.Repeaters = pm.LogLikelihood, pm.Customers, pm.Repeaters
	m := &model.Models{Purchases: pm}
	sm, err := model.FitSpend(sums, model.FitOptions{})
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

// valuesFor turns a customer's score into the stored model columns:
// P(alive) to four decimals (empty for a BG/NBD one-time buyer, whose 1 is
// no estimate), expected purchases to two, values in fen.
func valuesFor(sc model.Score) modelValues {
	var v modelValues
	if sc.PAliveByConvention {
		v.note = NoteNoRepeat
	} else {
		p := math.Round(sc.PAlive*1e4) / 1e4
		v.pAlive = &p
	}
	e := math.Round(sc.ExpectedPurchases*100) / 100
	v.expPurchases = &e
	if sc.ValueKnown {
		c := int64(math.Round(sc.Value * 100))
		v.clv = &c
		if sc.PAlive > 0 {
			a := int64(math.Round(sc.Value / sc.PAlive * 100))
			v.clvAlive = &a
		}
	}
	return v
}

// modelPlan is a refit ready to be written with a full regrade.
type modelPlan struct {
	fit    ModelFit
	base   *modelBase
	values []modelValues
}

// planModel reads every customer's purchases through q, refits the models
// as of now and scores every customer. Thin or degenerate data give a plan
// whose fit records why and whose values are all empty.
func planModel(ctx context.Context, q queryer, rules tiering.Rules, now time.Time) (*modelPlan, error) {
	start := time.Now()
	base, err := readModelBase(ctx, q, now, time.Time{})
	if err != nil {
		return nil, err
	}
	p := &modelPlan{base: base, values: make([]modelValues, len(base.ids))}
	fit, models, _ := fitBase(base, rules)
	fit.FitFor = now.Format(parseDay)
	if models != nil {
		idx := make([]int, 0, len(base.ids))
		sums := make([]model.Summary, 0, len(base.ids))
		for i := range base.ids {
			if base.has[i] {
				idx = append(idx, i)
				sums = append(sums, base.sums[i])
			}
		}
		scores, err := models.Score(sums, fit.scoreOptions())
		if err != nil {
			fit = ModelFit{FitFor: fit.FitFor, Kind: fit.Kind, TimeUnit: fit.TimeUnit, HorizonDays: fit.HorizonDays, Discount: fit.Discount}
			fit.Error, fit.Have, fit.Need = modelErrorKey(err)
		} else {
			for j, i := range idx {
				p.values[i] = valuesFor(scores[j])
			}
		}
	}
	fit.FitMillis = time.Since(start).Milliseconds()
	p.fit = fit
	return p, nil
}

// write stores the fit and every customer's values that changed, guarded by
// the customer's purchase count and spend as they were read.
func (p *modelPlan) write(ctx context.Context, tx *sql.Tx) error {
	upd, err := tx.PrepareContext(ctx, `UPDATE customers SET p_alive = ?, exp_purchases = ?, clv = ?, clv_alive = ?, model_note = ?
		WHERE id = ? AND purchases = ? AND total_spend = ?`)
	if err != nil {
		return fmt.Errorf("model: write values: %w", err)
	}
	defer upd.Close()
	for i, v := range p.values {
		if v.equal(p.base.stored[i]) {
			continue
		}
		g := p.base.guards[i]
		if _, err := upd.ExecContext(ctx, nullF(v.pAlive), nullF(v.expPurchases), nullI(v.clv), nullI(v.clvAlive), v.note,
			p.base.ids[i], g.purchases, g.spend); err != nil {
			return fmt.Errorf("model: write values: %w", err)
		}
	}
	b, err := json.Marshal(p.fit)
	if err != nil {
		return fmt.Errorf("model: write the fit: %w", err)
	}
	if err := putSetting(ctx, tx, modelFitKey, b); err != nil {
		return fmt.Errorf("model: write the fit: %w", err)
	}
	return nil
}

func nullF(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func nullI(v *int64) any {
	if v == nil {
		return nil
	}
	return *v
}
