package store

import (
	"context"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/validate"
)

// ModelRequest asks for a fit of the purchase models: as of today, or on
// the purchases up to CalibrationEnd (ISO date) with a holdout check on the
// purchases after it.
type ModelRequest struct {
	CalibrationEnd string
	// HorizonDays is the expected-purchase horizon, and with a calibration
	// end the holdout's length (0: the rules' horizon, or with a calibration
	// end every day up to today).
	HorizonDays int
}

// ModelReport is a fit made on request: the stored parameters' shape, the
// holdout check when a calibration end was given, and the time it took.
type ModelReport struct {
	Fit            ModelFit
	CalibrationEnd string
	HoldoutEnd     string
	Holdout        *model.Holdout // nil without a calibration end or a fit
	Elapsed        time.Duration  // reading the purchases and fitting
	ExpectedTotal  float64        // expected purchases of every customer over the horizon
}

// FitModel fits the purchase models the rules name without storing
// anything. With a calibration end it fits on the purchases up to that day
// and compares, for the holdout after it, the purchases each customer was
// predicted to make with those made. Thin data are reported in the fit's
// Error, not as an error.
func (s *Store) FitModel(ctx context.Context, req ModelRequest) (*ModelReport, error) {
	rules, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local)
	if req.HorizonDays < 0 || req.HorizonDays > 3650 {
		return nil, i18n.Errorf("model.badhorizon", req.HorizonDays)
	}
	if req.HorizonDays > 0 {
		rules.HorizonDays = req.HorizonDays
	}
	rep := &ModelReport{}
	end := today
	var holdoutEnd time.Time
	if req.CalibrationEnd != "" {
		iso, err := validate.Date(req.CalibrationEnd)
		if err != nil {
			return nil, err
		}
		end = day(iso)
		if !end.Before(today) {
			return nil, i18n.Errorf("model.calend.future", iso, today.Format(parseDay))
		}
		holdoutEnd = today
		if req.HorizonDays > 0 {
			if h := end.AddDate(0, 0, req.HorizonDays); h.Before(today) {
				holdoutEnd = h
			}
		}
		rep.CalibrationEnd, rep.HoldoutEnd = iso, holdoutEnd.Format(parseDay)
	}
	start := time.Now()
	base, err := readModelBase(ctx, s.db, end, holdoutEnd)
	if err != nil {
		return nil, s.classify(err)
	}
	fit, models, pm := fitSums(base.fitted(), rules, ModelFit{})
	fit.FitFor = end.Format(parseDay)
	if models != nil {
		var stats []model.Stats
		var actual []int
		var sums []model.Summary
		for i := range base.ids {
			if base.has[i] {
				stats = append(stats, base.sums[i].Stats)
				sums = append(sums, base.sums[i])
				if base.actual != nil {
					actual = append(actual, base.actual[i])
				}
			}
		}
		if scores, err := models.Score(sums, fit.fitModels().opts); err == nil {
			for _, sc := range scores {
				rep.ExpectedTotal += sc.ExpectedPurchases
			}
		}
		if base.actual != nil {
			days := float64(holdoutEnd.Sub(end).Hours()/24 + 0.5)
			h, err := pm.HoldoutCheck(stats, actual, float64(int(days)))
			if err != nil {
				fit.Error, fit.Have, fit.Need = modelErrorKey(err)
			} else {
				rep.Holdout = h
			}
		}
	}
	rep.Elapsed = time.Since(start)
	fit.FitMillis = rep.Elapsed.Milliseconds()
	rep.Fit = fit
	return rep, nil
}
