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

// rescoreTx recomputes one customer's model values inside tx, as of today,
// with the parameters of the last fit: a purchase or refund moves its
// customer's P(alive) and value at once, without a refit. Without a usable
// fit it leaves the values alone (they are empty then).
func (s *Store) rescoreTx(ctx context.Context, tx *sql.Tx, id int64) error {
	fit, found, err := readModelFit(ctx, tx)
	if err != nil || !found {
		return err
	}
	models := fit.models()
	if models == nil {
		return nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT date, amount FROM purchases WHERE customer_id = ? ORDER BY date", id)
	if err != nil {
		return fmt.Errorf("model: read purchases of %d: %w", id, err)
	}
	var sum customerSum
	sum.reset(id)
	for rows.Next() {
		var date string
		var amount int64
		if err := rows.Scan(&date, &amount); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
			return fmt.Errorf("model: read purchases of %d: %w", id, err)
		}
		sum.add(day(date), amount)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("model: read purchases of %d: %w", id, err)
	}
	var v modelValues
	if summary, ok := sum.summary(s.now()); ok {
		scores, err := models.Score([]model.Summary{summary}, fit.scoreOptions())
		if err != nil {
			// One customer the fitted model cannot score (an extreme history):
			// no value rather than a wrong one.
			scores = nil
		}
		if len(scores) == 1 {
			v = valuesFor(scores[0])
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE customers SET p_alive = ?, exp_purchases = ?, clv = ?, clv_alive = ?, model_note = ? WHERE id = ?",
		nullF(v.pAlive), nullF(v.expPurchases), nullI(v.clv), nullI(v.clvAlive), v.note, id); err != nil {
		return fmt.Errorf("model: write values of %d: %w", id, err)
	}
	return nil
}

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

// CustomerModel reads customer id's model values as the last regrade or
// purchase stored them, with the fit they came from.
func (s *Store) CustomerModel(ctx context.Context, id int64) (CustomerModel, error) {
	var cm CustomerModel
	fit, _, err := readModelFit(ctx, s.db)
	if err != nil {
		return cm, err
	}
	cm.Fit = fit
	var pa, ep sql.NullFloat64
	var cv sql.NullInt64
	var note, last string
	err = s.db.QueryRowContext(ctx, "SELECT p_alive, exp_purchases, clv, model_note, median_gap, last_purchase FROM customers WHERE id = ?", id).
		Scan(&pa, &ep, &cv, &note, &cm.UsualGapDays, &last)
	if err != nil {
		return cm, s.classify(fmt.Errorf("read the model values of %d: %w", id, err))
	}
	cm.DaysSinceLast = -1
	if t := day(last); !t.IsZero() {
		cm.DaysSinceLast = tiering.DaysSince(t, s.now())
	}
	cm.NoRepeat = note == NoteNoRepeat
	cm.Known = fit.Fitted() && ep.Valid
	cm.PAliveKnown, cm.PAlive = pa.Valid, pa.Float64
	cm.ExpectedPurchases = ep.Float64
	cm.ValueKnown, cm.Value = cv.Valid, cv.Int64
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
