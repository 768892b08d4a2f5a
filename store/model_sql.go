package store

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/tiering"
	sqlite "modernc.org/sqlite"
)

// The purchase models' columns (P(alive), expected purchases, customer
// value) move with every day: a customer's age enters them all. They are
// therefore not stored but computed when read, from what only a purchase
// changes (each customer's m_x, m_first, m_last and m_spend), the day, and
// the stored fit. A day's regrade then writes no model value at all, and
// what is shown, filtered, sorted or exported is as of the clock's today.
//
// The computation is one deterministic SQL function, so that filters and
// sorts on these columns stay SQL; it is handed the day and the fit's
// parameters as arguments (the parameters through scalar subqueries on the
// settings table, which SQLite evaluates once per statement), so it holds
// no state of its own.

// modelFunc is the SQL name of the model function.
const modelFunc = "kehu_model"

// Model values the function computes (its first argument).
const (
	valuePAlive       = "p_alive"
	valueExpPurchases = "exp_purchases"
	valueCLV          = "clv"       // fen, 12 months, discounted
	valueCLVAlive     = "clv_alive" // fen: the same were the customer surely still active
)

// modelFuncArgs is the function's argument count: what, the four stats, the
// day, the model kind, r, α, a, b, p, q, γ, horizon and discount.
const modelFuncArgs = 16

func init() {
	// Registered once for the driver: every connection kehu opens has it.
	sqlite.MustRegisterDeterministicScalarFunction(modelFunc, modelFuncArgs, modelSQLValue)
}

// fitArgSQL reads the stored fit's parameters for the model function. A fit
// that failed has no parameters (its error is set), nor a spend model when
// only Gamma-Gamma failed: the function then gives NULL.
var fitArgSQL = func() string {
	sub := func(expr string) string {
		return "(SELECT " + expr + " FROM settings WHERE key = '" + modelFitKey + "')"
	}
	ok := "json_extract(value, '$.error') IS NULL"
	spendOK := ok + " AND json_extract(value, '$.spend_error') IS NULL"
	parts := []string{
		sub("json_extract(value, '$.kind')"),
		sub("CASE WHEN " + ok + " THEN json_extract(value, '$.R') END"),
		sub("json_extract(value, '$.Alpha')"),
		sub("json_extract(value, '$.A')"),
		sub("json_extract(value, '$.B')"),
		sub("CASE WHEN " + spendOK + " THEN json_extract(value, '$.SpendP') END"),
		sub("json_extract(value, '$.SpendQ')"),
		sub("json_extract(value, '$.SpendGamma')"),
		sub("json_extract(value, '$.horizon_days')"),
		sub("json_extract(value, '$.monthly_discount')"),
	}
	return strings.Join(parts, ", ")
}()

// modelColumnSQL is the SQL expression of model value what as of day today.
func modelColumnSQL(what string, today time.Time) string {
	return fmt.Sprintf("%s('%s', m_x, m_first, m_last, m_spend, %d, %s)", modelFunc, what, model.DayNumber(today), fitArgSQL)
}

// isModelColumn reports whether key is a built-in column computed by the
// model function.
func isModelColumn(key string) bool {
	switch key {
	case valuePAlive, valueExpPurchases, valueCLV:
		return true
	}
	return false
}

// modelStats is what a customer's purchases give the models; only a
// purchase, a refund or their undo changes it.
type modelStats struct {
	x           int
	first, last int64 // day numbers
	spend       float64
}

// statsOf keeps what SummaryAsOf needs of a summary.
func statsOf(s model.Summary) modelStats {
	return modelStats{x: s.X, first: model.DayNumber(s.First), last: model.DayNumber(s.Last), spend: s.RepeatSpend}
}

// fitModels is a fit ready to score customers: the models and the options.
type fitModels struct {
	models *model.Models
	opts   model.ScoreOptions
}

// value computes model value what of a customer with stats st on day
// today, rounded as shown: P(alive) to four decimals (nil for a BG/NBD
// one-time buyer, whose 1 is no estimate), expected purchases to two,
// values in whole fen. nil is "no estimate".
func (f fitModels) value(what string, st modelStats, today int64) any {
	s, ok := model.SummaryAsOf(st.x, st.first, st.last, st.spend, today)
	if !ok {
		return nil
	}
	pm := f.models.Purchases
	switch what {
	case valuePAlive:
		if s.X == 0 && pm.Kind == model.BGNBD {
			return nil
		}
		p, err := pm.PAlive(s.Stats)
		if err != nil {
			return nil
		}
		return math.Round(p*1e4) / 1e4
	case valueExpPurchases:
		pr, err := pm.Predict(s.Stats, f.opts.HorizonDays)
		if err != nil {
			return nil
		}
		return math.Round(pr.ExpectedPurchases*100) / 100
	case valueCLV, valueCLVAlive:
		if f.models.Spend == nil {
			return nil
		}
		sc, err := f.models.ScoreOne(s, f.opts)
		if err != nil || !sc.ValueKnown {
			return nil
		}
		if what == valueCLV {
			return int64(math.Round(sc.Value * 100))
		}
		if sc.PAlive > 0 {
			return int64(math.Round(sc.Value / sc.PAlive * 100))
		}
	}
	return nil
}

// modelSQLValue is the model function: kehu_model(what, m_x, m_first,
// m_last, m_spend, today, kind, r, alpha, a, b, p, q, gamma, horizon,
// discount). Anything missing or out of range gives NULL, never an error:
// a customer the model cannot score has no estimate.
func modelSQLValue(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	what, _ := args[0].(string)
	x, okX := args[1].(int64)
	first, okF := args[2].(int64)
	last, okL := args[3].(int64)
	spend, okS := number(args[4])
	today, okT := args[5].(int64)
	kind, okK := args[6].(string)
	if !okX || !okF || !okL || !okS || !okT || !okK {
		return nil, nil
	}
	var p [9]float64
	for i := range p {
		v, ok := number(args[7+i])
		if !ok && i < 4 { // no purchase model
			return nil, nil
		}
		p[i] = v
	}
	f := newFitModels(kind, p)
	if f.models == nil {
		return nil, nil
	}
	return f.value(what, modelStats{x: int(x), first: first, last: last, spend: spend}, today), nil
}

// newFitModels builds the models from a fit's parameters (r, α, a, b, p,
// q, γ, horizon days, monthly discount); models is nil without a usable
// purchase model, Spend nil without a spend model.
func newFitModels(kind string, p [9]float64) fitModels {
	if !(p[0] > 0) {
		return fitModels{}
	}
	k := model.BGNBD
	if kind == tiering.ModelMBGNBD {
		k = model.MBGNBD
	}
	m := &model.Models{Purchases: &model.PurchaseModel{Kind: k, Unit: model.Days, Params: model.Params{R: p[0], Alpha: p[1], A: p[2], B: p[3]}}}
	if p[4] > 0 {
		m.Spend = &model.SpendModel{Params: model.SpendParams{P: p[4], Q: p[5], Gamma: p[6]}}
	}
	return fitModels{models: m, opts: model.ScoreOptions{HorizonDays: p[7], MonthlyDiscount: p[8]}}
}

// fitModels is the fit's models as the model function builds them.
func (f ModelFit) fitModels() fitModels {
	if !f.Fitted() {
		return fitModels{}
	}
	p := [9]float64{f.R, f.Alpha, f.A, f.B, 0, 0, 0, float64(f.HorizonDays), f.Discount}
	if f.HasValue() {
		p[4], p[5], p[6] = f.SpendP, f.SpendQ, f.SpendGamma
	}
	return newFitModels(f.Kind, p)
}

func number(v driver.Value) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	}
	return 0, false
}
