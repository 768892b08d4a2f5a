package model

import (
	"errors"
	"fmt"
)

// Error is a failure of the model on the data it was given. Key names the
// message in the i18n catalogue; Have and Need carry the counts the message
// quotes where they apply (for example customers with a repeat purchase found
// and needed). Compare with errors.Is against the Err* values: two *Error
// values match when their keys are equal, whatever the counts.
type Error struct {
	Key  string
	Have int
	Need int
	msg  string
}

// Error gives the English text, with the counts when there are any.
func (e *Error) Error() string {
	if e.Need > 0 {
		return fmt.Sprintf("%s (have %d, need %d)", e.msg, e.Have, e.Need)
	}
	return e.msg
}

// Is makes errors.Is(err, ErrTooFewRepeaters) true for any count.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Key == e.Key
}

func (e *Error) with(have, need int) *Error {
	return &Error{Key: e.Key, Have: have, Need: need, msg: e.msg}
}

// The failures the model reports. Callers show them through their Key and
// fall back to rule-based judgements; no function of this package returns a
// NaN or infinite value in place of one of these.
var (
	// ErrNoCustomers: nothing to fit.
	ErrNoCustomers = &Error{Key: "model.no_customers", msg: "no customers with a purchase in the calibration period"}
	// ErrTooFewRepeaters: fewer customers with a repeat purchase than a fit can rest on.
	ErrTooFewRepeaters = &Error{Key: "model.too_few_repeaters", msg: "too few customers with a repeat purchase to fit the model"}
	// ErrOneDay: every purchase was made on one day, so there is no time to learn rates from.
	ErrOneDay = &Error{Key: "model.one_day", msg: "all purchases fall on one day"}
	// ErrNoConvergence: the optimiser did not reach a maximum of the likelihood.
	ErrNoConvergence = &Error{Key: "model.no_convergence", msg: "the model fit did not converge"}
	// ErrNonFinite: a fitted parameter, likelihood or prediction is not a finite number.
	ErrNonFinite = &Error{Key: "model.non_finite", msg: "the model gave a result that is not a finite number"}
	// ErrBadStats: a customer's summary is impossible (negative counts or times, last purchase after the end).
	ErrBadStats = &Error{Key: "model.bad_stats", msg: "a customer summary is not valid"}
	// ErrBadParams: parameters that are not finite and positive, or a discount rate below zero.
	ErrBadParams = &Error{Key: "model.bad_params", msg: "model parameters are not valid"}
	// ErrBadLog: a line of a transaction log could not be read.
	ErrBadLog = &Error{Key: "model.bad_log", msg: "a transaction log line could not be read"}
)
