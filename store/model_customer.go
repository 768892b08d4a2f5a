package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/tiering"
)

// CustomerModel is what the purchase models say of one customer, for
// explanations. Known is false when the ledger has no usable fit or the
// customer no dated purchase; NoRepeat marks a BG/NBD one-time buyer, whose
// P(alive) is no estimate (PAliveKnown is false).
type CustomerModel struct {
	Fit               ModelFit
	Known             bool
	PAliveKnown       bool
	PAlive            float64
	NoRepeat          bool
	ExpectedPurchases float64
	ValueKnown        bool
	Value             int64 // fen
	// UsualGapDays is the median days between purchases (0 with fewer than
	// two purchases); DaysSinceLast is -1 without a purchase.
	UsualGapDays  float64
	DaysSinceLast int
}

// CustomerModel computes customer id's model values as of today from its
// stored stats, with the fit they come from (the same numbers the model
// columns show).
func (s *Store) CustomerModel(ctx context.Context, id int64) (CustomerModel, error) {
	var cm CustomerModel
	fit, _, err := readModelFit(ctx, s.db)
	if err != nil {
		return cm, err
	}
	cm.Fit = fit
	var x, first, last sql.NullInt64
	var spend sql.NullFloat64
	var lastPurchase string
	err = s.db.QueryRowContext(ctx, "SELECT m_x, m_first, m_last, m_spend, median_gap, last_purchase FROM customers WHERE id = ?", id).
		Scan(&x, &first, &last, &spend, &cm.UsualGapDays, &lastPurchase)
	if err != nil {
		return cm, s.classify(fmt.Errorf("read the model values of %d: %w", id, err))
	}
	now := s.now()
	cm.DaysSinceLast = -1
	if t := day(lastPurchase); !t.IsZero() {
		cm.DaysSinceLast = tiering.DaysSince(t, now)
	}
	f := fit.fitModels()
	if f.models == nil || !x.Valid || !first.Valid || !last.Valid || !spend.Valid {
		return cm, nil
	}
	st, today := modelStats{x: int(x.Int64), first: first.Int64, last: last.Int64, spend: spend.Float64}, model.DayNumber(now)
	ep, ok := f.value(valueExpPurchases, st, today).(float64)
	if !ok {
		return cm, nil
	}
	cm.Known, cm.ExpectedPurchases = true, ep
	cm.NoRepeat = st.x == 0 && f.models.Purchases.Kind == model.BGNBD
	if pa, ok := f.value(valuePAlive, st, today).(float64); ok {
		cm.PAliveKnown, cm.PAlive = true, pa
	}
	if v, ok := f.value(valueCLV, st, today).(int64); ok {
		cm.ValueKnown, cm.Value = true, v
	}
	return cm, nil
}

// Lines says in lang what the models say of the customer, in words: "usually
// buys every 21 days; 63 days since the last purchase; 31 % likely still
// active; about 1.2 purchases expected in the next 90 days; worth about
// ¥2,400 over 12 months", then the model and the day it was fitted for. A
// customer without an estimate gets the reason instead.
func (cm CustomerModel) Lines(l i18n.Lang) []string {
	f := cm.Fit
	switch {
	case f.FitFor == "":
		return []string{l.T("explain.model.none", l.T("explain.model.never"))}
	case !f.Fitted():
		msg := l.T(f.Error)
		if f.Error == model.ErrTooFewRepeaters.Key {
			msg = l.T(f.Error, f.Have, f.Need)
		}
		return []string{l.T("explain.model.none", msg)}
	case !cm.Known:
		return []string{l.T("explain.model.none", l.T("explain.model.nohistory"))}
	}
	var parts []string
	if cm.UsualGapDays > 0 {
		parts = append(parts, l.T("explain.model.gap", int(math.Round(cm.UsualGapDays))))
	} else if cm.NoRepeat {
		parts = append(parts, l.T("explain.model.gap.none"))
	}
	if cm.DaysSinceLast >= 0 {
		parts = append(parts, l.T("explain.model.since", cm.DaysSinceLast))
	}
	if cm.PAliveKnown {
		parts = append(parts, l.T("explain.model.palive", int(math.Round(cm.PAlive*100))))
	} else if cm.NoRepeat {
		parts = append(parts, l.T("explain.model.norepeat"))
	}
	parts = append(parts, l.T("explain.model.expected", cm.ExpectedPurchases, f.HorizonDays))
	if cm.ValueKnown {
		parts = append(parts, l.T("explain.model.worth", "¥"+GroupedYuan(cm.Value)))
	}
	sep := "; "
	if l == i18n.ZH {
		sep = "；"
	}
	return []string{strings.Join(parts, sep), l.T("explain.model.by", l.T("model.name."+f.Kind), f.FitFor)}
}

// GroupedYuan is fen as whole yuan with thousands separators: 240000 fen
// is "2,400".
func GroupedYuan(fen int64) string {
	s := strconv.FormatInt(int64(math.Round(float64(fen)/100)), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
