package model

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Unit is the time unit of the summaries a model is fitted on. Parameters
// depend on it (α is a time scale), predictions take horizons in days and
// convert.
type Unit int

const (
	// Days measures recency and age in days.
	Days Unit = iota
	// Weeks measures them in weeks of seven days (the unit of the published CDNOW fits).
	Weeks
)

// DaysPer is the length of one unit in days.
func (u Unit) DaysPer() float64 {
	if u == Weeks {
		return 7
	}
	return 1
}

// String names the unit ("days", "weeks").
func (u Unit) String() string {
	if u == Weeks {
		return "weeks"
	}
	return "days"
}

// Transaction is one sale to one customer. Only the calendar date of At
// counts (in At's own location); Amount is the money spent, in any currency.
type Transaction struct {
	At     time.Time
	Amount float64
}

// Stats is the summary BG/NBD needs of one customer, for one calibration end:
// X repeat purchases (purchase days after the first), Tx the time from the
// first to the last purchase and T the time from the first purchase to the
// calibration end, both in the fit's Unit. A customer without a repeat
// purchase has X = 0 and Tx = 0.
type Stats struct {
	X  int
	Tx float64
	T  float64
}

// Summary is a customer's calibration-period summary: the BG/NBD Stats plus
// what Gamma-Gamma and the caller need.
type Summary struct {
	Stats
	// RepeatSpend is the mean spend per repeat purchase day (the first
	// purchase day excluded, as Gamma-Gamma is fitted on repeat spend);
	// 0 when X = 0.
	RepeatSpend float64
	// First and Last are the first and last purchase days in the period
	// (midnight UTC of the calendar date).
	First, Last time.Time
}

// dayNumber is the calendar date of t as a count of days, so that day
// differences are whole numbers whatever the time zone or daylight saving.
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// purchaseDays folds transactions into one total per calendar day, sorted by
// day: several purchases on one day count as one transaction, the convention
// of the BG/NBD and Gamma-Gamma papers.
func purchaseDays(tx []Transaction) (days []int64, spend []float64) {
	type daySpend struct {
		day    int64
		amount float64
	}
	all := make([]daySpend, len(tx))
	for i, t := range tx {
		all[i] = daySpend{dayNumber(t.At), t.Amount}
	}
	slices.SortStableFunc(all, func(a, b daySpend) int {
		switch {
		case a.day < b.day:
			return -1
		case a.day > b.day:
			return 1
		}
		return 0
	})
	for _, d := range all {
		if n := len(days); n > 0 && days[n-1] == d.day {
			spend[n-1] += d.amount
			continue
		}
		days = append(days, d.day)
		spend = append(spend, d.amount)
	}
	return days, spend
}

// Summarise turns one customer's dated transactions into the summary for a
// calibration period ending on the calendar day of end (inclusive), in unit.
// ok is false when the customer made no purchase on or before that day; such
// a customer is not part of the fit. Transactions after end are ignored.
func Summarise(tx []Transaction, end time.Time, unit Unit) (s Summary, ok bool) {
	days, spend := purchaseDays(tx)
	endDay := dayNumber(end)
	n := 0
	for n < len(days) && days[n] <= endDay {
		n++
	}
	if n == 0 {
		return Summary{}, false
	}
	per := unit.DaysPer()
	first, last := days[0], days[n-1]
	s.X = n - 1
	s.Tx = float64(last-first) / per
	s.T = float64(endDay-first) / per
	if s.X > 0 {
		total := 0.0
		for _, v := range spend[1:n] {
			total += v
		}
		s.RepeatSpend = total / float64(s.X)
	}
	s.First = time.Unix(first*86400, 0).UTC()
	s.Last = time.Unix(last*86400, 0).UTC()
	return s, true
}

// HoldoutPurchases counts a customer's purchase days after the calendar day
// of calEnd up to and including the calendar day of holdoutEnd: the actual
// number a holdout check compares with the prediction.
func HoldoutPurchases(tx []Transaction, calEnd, holdoutEnd time.Time) int {
	days, _ := purchaseDays(tx)
	from, to := dayNumber(calEnd), dayNumber(holdoutEnd)
	n := 0
	for _, d := range days {
		if d > from && d <= to {
			n++
		}
	}
	return n
}

// check reports why a Stats cannot be used, or nil.
func (s Stats) check() error {
	switch {
	case s.X < 0:
		return fmt.Errorf("repeat purchases %d below zero: %w", s.X, ErrBadStats)
	case math.IsNaN(s.Tx) || math.IsInf(s.Tx, 0) || math.IsNaN(s.T) || math.IsInf(s.T, 0):
		return fmt.Errorf("recency %v or age %v not finite: %w", s.Tx, s.T, ErrBadStats)
	case s.Tx < 0 || s.T < 0:
		return fmt.Errorf("recency %v or age %v below zero: %w", s.Tx, s.T, ErrBadStats)
	case s.Tx > s.T:
		return fmt.Errorf("last purchase at %v after the end at %v: %w", s.Tx, s.T, ErrBadStats)
	case s.X == 0 && s.Tx != 0:
		return fmt.Errorf("recency %v without a repeat purchase: %w", s.Tx, ErrBadStats)
	}
	return nil
}

// DayNumber is the calendar date of t (in t's location) as days since
// 1970-01-01: the day numbers Summarise works in.
func DayNumber(t time.Time) int64 { return dayNumber(t) }

// SummaryAsOf is the summary, in days, for a calibration period ending on
// day end of a customer whose purchases Summarise read as x repeat purchase
// days between day first and day last, with mean repeat spend repeatSpend:
// what a purchase changes is kept, and the age T is taken from end. ok is
// false when end is before the last purchase day (the clock went back).
func SummaryAsOf(x int, first, last int64, repeatSpend float64, end int64) (Summary, bool) {
	if end < last || last < first || x < 0 {
		return Summary{}, false
	}
	s := Summary{Stats: Stats{X: x, Tx: float64(last - first), T: float64(end - first)}, RepeatSpend: repeatSpend,
		First: time.Unix(first*86400, 0).UTC(), Last: time.Unix(last*86400, 0).UTC()}
	return s, true
}
