// Package backup keeps kehu's automatic snapshots: where they live, what
// they are called, which ones a shop keeps (7 daily, 4 weekly, 12 monthly),
// the daily snapshot taken at the first open of a day, and the lock that
// keeps a restore from replacing a ledger another kehu is working on.
package backup

import (
	"fmt"
	"sort"
	"time"
)

// Policy is how many snapshots to keep per calendar period.
type Policy struct {
	Daily, Weekly, Monthly int
}

// DefaultPolicy keeps 7 daily, 4 weekly and 12 monthly snapshots.
var DefaultPolicy = Policy{Daily: 7, Weekly: 4, Monthly: 12}

// Keep says, for snapshots taken at the given times, which to keep: the
// newest snapshot of each of the Daily most recent days that have one, of
// each of the Weekly most recent ISO weeks (Monday to Sunday) that have
// one, and of each of the Monthly most recent months that have one. Days
// without a snapshot (the shop closed, kehu not opened) do not use up the
// count, so a quiet spell never empties the folder. Times are read in
// their own location.
func Keep(taken []time.Time, p Policy) []bool {
	order := make([]int, len(taken))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return taken[order[a]].After(taken[order[b]]) })
	keep := make([]bool, len(taken))
	type bucket struct {
		left int
		last string
	}
	buckets := []struct {
		b   *bucket
		key func(time.Time) string
	}{
		{&bucket{left: p.Daily}, func(t time.Time) string { return t.Format("2006-01-02") }},
		{&bucket{left: p.Weekly}, func(t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprintf("%d-W%02d", y, w) }},
		{&bucket{left: p.Monthly}, func(t time.Time) string { return t.Format("2006-01") }},
	}
	// Newest first: the first snapshot met in a period is its newest.
	for _, i := range order {
		for _, bk := range buckets {
			k := bk.key(taken[i])
			if bk.b.left > 0 && k != bk.b.last {
				keep[i] = true
				bk.b.left--
				bk.b.last = k
			}
		}
	}
	return keep
}
