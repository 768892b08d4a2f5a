package store

import (
	"fmt"
	"time"
)

// A new month's tally is the last one's rolled over, without reading a
// customer. A customer not listed in history_dirty was not written since
// the tally's day and has nothing dated after it, so from that day on it
// stands still: in the ledger or not, in the same grade, with the same last
// purchase. Its trajectory for the new month is the old one shifted by the
// months passed, each month end since the old running month's taking the
// state of the tally's day, churned when its last purchase is
// tiering.ChurnDays days behind that month end; the trajectory keeps that
// day exact above the churn floor, and every customer below the floor is
// churned at every later month end. What it spent shifts the same way and
// is nothing in the months since. The listed customers are then counted
// again from their rows as on any day.
//
// history_cust keeps each customer's row as counted, with its month: a
// row from an earlier month is rolled over the same way when its customer
// is taken off the tally, so a rollover writes a few thousand tally rows,
// not a row per customer.

// monthsBetween is how many months "2026-12" is after "2026-11".
func monthsBetween(from, to string) (int, bool) {
	f, err1 := time.Parse("2006-01", from)
	t, err2 := time.Parse("2006-01", to)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return (t.Year()-f.Year())*12 + int(t.Month()) - int(f.Month()), true
}

// rollTally adds the tally of month into tally, rolled over to acc's month.
func (a *histAcc) rollTally(old map[string]*historyTrajectory, month string, tally map[string]*historyTrajectory) error {
	if a.month == nil {
		a.init()
	}
	k, ok := monthsBetween(month, a.days[len(a.days)-1][:7])
	if !ok || k < 1 {
		return fmt.Errorf("tier history: tally: cannot roll %q over to %s", month, a.days[len(a.days)-1][:7])
	}
	for key, t := range old {
		if len(t.spend) != len(a.days) {
			return fmt.Errorf("tier history: tally: row %q has %d months, want %d", key, len(t.spend), len(a.days))
		}
		rolled, err := a.rollKey(key, k)
		if err != nil {
			return err
		}
		sp := rollSpend(t.spend, k)
		r := tally[rolled]
		if r == nil {
			r = &historyTrajectory{spend: make([]int64, len(a.days))}
			tally[rolled] = r
		}
		r.n += t.n
		for i, v := range sp {
			r.spend[i] += v
		}
	}
	return nil
}

// rollKey is the trajectory key of an earlier month, k months before acc's,
// as of acc's month (see the top of this file).
func (a *histAcc) rollKey(key string, k int) (string, error) {
	if a.month == nil {
		a.init()
	}
	n := len(a.days)
	if len(key) < n+1 || key[n] != '|' {
		return "", fmt.Errorf("tier history: tally: key %q is not a trajectory of %d month ends", key, n)
	}
	lastBuy := key[n+1:]
	still := (key[n-1] - 'a') &^ 2 // the tally's day: no churn kept for it
	b := make([]byte, 0, len(key))
	for j := range n {
		if src := j + k; src <= n-2 {
			b = append(b, key[src])
			continue
		}
		v := still
		if j < n-1 && a.churnedOn(a.bounds[j], lastBuy) {
			v |= 2
		}
		b = append(b, 'a'+v)
	}
	b = append(b, '|')
	if len(lastBuy) == len(parseDay) && !utcDay(lastBuy).IsZero() {
		lastBuy = max(lastBuy, a.churnFloor())
	}
	return string(append(b, lastBuy...)), nil
}

// rollSpend is an earlier month's spends, k months before, as of the new
// month: shifted, nothing spent in the months since.
func rollSpend(spend []int64, k int) []int64 {
	out := make([]int64, len(spend))
	if k < len(spend) {
		copy(out, spend[k:])
	}
	return out
}
