package model

import (
	"fmt"
	"math"
)

// HoldoutGroups is the number of rows of a holdout check: customers with 0,
// 1, …, 6 and 7 or more repeat purchases in the calibration period.
const HoldoutGroups = 8

// HoldoutRow compares predicted and actual holdout purchases for the
// customers with a given number of calibration repeat purchases.
type HoldoutRow struct {
	Repeats   int  // calibration repeat purchases: 0..7
	OrMore    bool // true on the last row: Repeats or more
	Customers int
	Predicted float64 // expected holdout purchases, summed over the customers
	Actual    int     // holdout purchase days, summed over the customers
}

// Holdout is the result of a holdout check: how well a model fitted on a
// calibration period predicts the purchases of the period after it.
type Holdout struct {
	HoldoutDays float64
	Customers   int
	Predicted   float64
	Actual      int
	ByRepeats   []HoldoutRow // HoldoutGroups rows, empty groups included
}

// HoldoutCheck predicts each customer's purchases in the holdoutDays after
// the calibration end and sets them beside the actual counts (actual[i] is
// customer i's purchase days in the holdout, from HoldoutPurchases), in total
// and grouped by calibration repeat purchases. Groups are what the model's
// authors plot; a model that is right on average but wrong for the heavy or
// the one-time buyers shows it there.
func (m *PurchaseModel) HoldoutCheck(stats []Stats, actual []int, holdoutDays float64) (*Holdout, error) {
	if len(actual) != len(stats) {
		return nil, fmt.Errorf("%d actual counts for %d customers: %w", len(actual), len(stats), ErrBadStats)
	}
	if !(holdoutDays > 0) || math.IsInf(holdoutDays, 1) {
		return nil, fmt.Errorf("holdout of %v days: %w", holdoutDays, ErrBadParams)
	}
	preds, err := m.PredictAll(stats, holdoutDays)
	if err != nil {
		return nil, err
	}
	h := &Holdout{HoldoutDays: holdoutDays, Customers: len(stats), ByRepeats: make([]HoldoutRow, HoldoutGroups)}
	for g := range h.ByRepeats {
		h.ByRepeats[g].Repeats = g
	}
	h.ByRepeats[HoldoutGroups-1].OrMore = true
	for i, s := range stats {
		if actual[i] < 0 {
			return nil, fmt.Errorf("customer %d: %d actual purchases: %w", i, actual[i], ErrBadStats)
		}
		g := min(s.X, HoldoutGroups-1)
		row := &h.ByRepeats[g]
		row.Customers++
		row.Predicted += preds[i].ExpectedPurchases
		row.Actual += actual[i]
		h.Predicted += preds[i].ExpectedPurchases
		h.Actual += actual[i]
	}
	return h, nil
}
