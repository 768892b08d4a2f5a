package backup

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
	if err != nil {
		panic(err)
	}
	return t
}

func kept(taken []time.Time, p Policy) []string {
	var out []string
	for i, k := range Keep(taken, p) {
		if k {
			out = append(out, taken[i].Format("2006-01-02 15:04"))
		}
	}
	slices.Sort(out)
	return out
}

// Written by hand: a shop open every day of March and April 2026 except
// Sundays, two snapshots on 30 April.
func TestKeepByHand(t *testing.T) {
	var taken []time.Time
	for d := day("2026-03-01 09:00"); !d.After(day("2026-04-30 09:00")); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Sunday {
			taken = append(taken, d)
		}
	}
	taken = append(taken, day("2026-04-30 18:30"))
	want := []string{
		"2026-03-31 09:00", // March (monthly)
		"2026-04-11 09:00", // week 15, a Saturday (weekly)
		"2026-04-18 09:00", // week 16 (weekly)
		"2026-04-23 09:00", // the 7 most recent open days
		"2026-04-24 09:00",
		"2026-04-25 09:00", // also week 17's newest
		"2026-04-27 09:00", // (26 April is a Sunday)
		"2026-04-28 09:00",
		"2026-04-29 09:00",
		"2026-04-30 18:30", // the newest of the day, week 18 and April
	}
	if got := kept(taken, DefaultPolicy); !slices.Equal(got, want) {
		t.Errorf("kept\n%v\nwant\n%v", got, want)
	}
	if got := kept(nil, DefaultPolicy); len(got) != 0 {
		t.Errorf("nothing to keep from nothing: %v", got)
	}
	one := []time.Time{day("2026-01-01 08:00")}
	if got := kept(one, DefaultPolicy); !slices.Equal(got, []string{"2026-01-01 08:00"}) {
		t.Errorf("a single snapshot: %v", got)
	}
}

// keepBySets is the same policy said another way: a snapshot is kept when
// it is the newest of its day and its day is among the 7 newest days with a
// snapshot, or likewise for ISO weeks (4) or months (12).
func keepBySets(taken []time.Time, p Policy) []bool {
	out := make([]bool, len(taken))
	rule := func(key func(time.Time) string, n int) {
		newestInPeriod := map[string]time.Time{}
		for _, t := range taken {
			k := key(t)
			if cur, ok := newestInPeriod[k]; !ok || t.After(cur) {
				newestInPeriod[k] = t
			}
		}
		var periods []string
		for k := range newestInPeriod {
			periods = append(periods, k)
		}
		slices.Sort(periods) // the keys sort in time order
		recent := periods[max(0, len(periods)-n):]
		for i, t := range taken {
			k := key(t)
			if slices.Contains(recent, k) && newestInPeriod[k].Equal(t) {
				out[i] = true
			}
		}
	}
	rule(func(t time.Time) string { return t.Format("2006-01-02") }, p.Daily)
	rule(func(t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprintf("%04d-%02d", y, w) }, p.Weekly)
	rule(func(t time.Time) string { return t.Format("2006-01") }, p.Monthly)
	return out
}

func TestKeepAgreesWithTheRuleSaidAnotherWay(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for trial := 0; trial < 200; trial++ {
		start := day("2024-12-20 00:00").AddDate(0, 0, r.Intn(30))
		var taken []time.Time
		seen := map[time.Time]bool{}
		for d := 0; d < 500; d++ {
			if r.Intn(10) < 3 { // closed that day
				continue
			}
			for n := 1 + r.Intn(2); n > 0; n-- {
				t := start.AddDate(0, 0, d).Add(time.Duration(r.Intn(24*60)) * time.Minute)
				if !seen[t] {
					seen[t] = true
					taken = append(taken, t)
				}
			}
		}
		r.Shuffle(len(taken), func(i, j int) { taken[i], taken[j] = taken[j], taken[i] })
		p := Policy{Daily: 1 + r.Intn(10), Weekly: r.Intn(6), Monthly: r.Intn(14)}
		got, want := Keep(taken, p), keepBySets(taken, p)
		for i := range taken {
			if got[i] != want[i] {
				t.Fatalf("trial %d, policy %+v: %s kept=%v, the rule says %v", trial, p, taken[i], got[i], want[i])
			}
		}
	}
}
