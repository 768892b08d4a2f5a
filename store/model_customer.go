package store

import (
	"context"
	"database/sql"
	"fmt"

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
