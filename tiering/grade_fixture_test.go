package tiering

import (
	"testing"
	"time"
)

// handResult is a grading worked out by hand.
type handResult struct {
	grade   string
	score   float64
	r, f, m int
	stage   string
}

func checkHand(t *testing.T, what string, got Result, want handResult) {
	t.Helper()
	if got.Grade != want.grade || got.Score != want.score || got.R != want.r || got.F != want.f || got.M != want.m || got.Stage != want.stage {
		t.Errorf("%s: got %s %.1f R%d F%d M%d %s, want %s %.1f R%d F%d M%d %s", what,
			got.Grade, got.Score, got.R, got.F, got.M, got.Stage,
			want.grade, want.score, want.r, want.f, want.m, want.stage)
	}
}

// TestGradeQuintileByHand grades a ledger whose quintiles are worked out by
// hand: five customers in the window with distinct days, counts and spends
// rank 1..5 in each dimension (mid-rank percentiles 0.1, 0.3, ... 0.9 reach
// the cuts 0.2, 0.4, 0.6, 0.8 one each), so each score is the rank. Score =
// (0.3R + 0.3F + 0.4M − 1) / 4 × 100 + potential × 2; A from 80, B from 60.
func TestGradeQuintileByHand(t *testing.T) {
	pinned := buyer(3, 5, 900000)
	pinned.Pinned = "c"
	lapsed := Input{FirstPurchase: ago(700), LastPurchase: ago(400), Purchases: 3, MedianGapDays: 150}
	ins := []Input{
		buyer(3, 5, 900000),                // R5 F5 M5: 100
		buyer(10, 4, 500000),               // R4 F4 M3: 3.6 → 65
		withStars(buyer(20, 1, 700000), 5), // R3 F1 M4: 2.8 → 45, +10 = 55
		buyer(40, 3, 200000),               // R2 F3 M2: 2.3 → 32.5
		buyer(100, 2, 10000),               // R1 F2 M1: 1.3 → 7.5, silent 100 days > 90: dormant
		lapsed,                             // no purchase in the window: R1 F1 M1, 0
		{Potential: 4},                     // never purchased: D, 4 stars → 8
	}
	want := []handResult{
		{"A", 100, 5, 5, 5, StageActive},
		{"B", 65, 4, 4, 3, StageActive},
		{"C", 55, 3, 1, 4, StageActive},
		{"C", 32.5, 2, 3, 2, StageActive},
		{"C", 7.5, 1, 2, 1, StageDormant},
		{"C", 0, 1, 1, 1, StageChurned},
		{"D", 8, 0, 0, 0, StageProspect},
	}
	rules := DefaultRules()
	cuts, res := GradeAll(ins, rules, testNow())
	wantCuts := Cuts{
		R: [4]float64{40, 20, 10, 3}, F: [4]float64{2, 3, 4, 5}, M: [4]float64{2000, 5000, 7000, 9000},
		AvgR: 34.6, AvgF: 3, AvgM: 4620, N: 5,
	}
	if cuts != wantCuts {
		t.Errorf("cuts %+v, want %+v", cuts, wantCuts)
	}
	for i := range ins {
		checkHand(t, "GradeAll customer "+string(rune('1'+i)), res[i], want[i])
		checkHand(t, "Grade customer "+string(rune('1'+i)), Grade(ins[i], wantCuts, rules, testNow()), want[i])
	}
	// A pin replaces the grade, not the score.
	checkHand(t, "pinned c", Grade(pinned, wantCuts, rules, testNow()), handResult{"C", 100, 5, 5, 5, StageActive})
}

// TestGradeAbsoluteByHand grades against the absolute thresholds (R 180,
// 90, 30, 7 days; F 2, 3, 5, 10; M 100, 500, 2000, 10000 yuan): each score
// is 1 + the thresholds reached, whatever the rest of the ledger holds.
func TestGradeAbsoluteByHand(t *testing.T) {
	rules := absRules()
	cases := []struct {
		what string
		in   Input
		want handResult
	}{
		{"5 days, 10 purchases, 15000", buyer(5, 10, 1500000), handResult{"A", 100, 5, 5, 5, StageActive}},
		{"60 days, 3, 600, 5 stars", Input{FirstPurchase: ago(300), LastPurchase: ago(60), Purchases: 3, Frequency: 3, Monetary: 60000, Potential: 5},
			handResult{"B", 60, 3, 3, 3, StageActive}},
		{"60 days, 3, 600, 4 stars", Input{FirstPurchase: ago(300), LastPurchase: ago(60), Purchases: 3, Frequency: 3, Monetary: 60000, Potential: 4},
			handResult{"C", 58, 3, 3, 3, StageActive}},
		{"10 days, 5, 2000, 3 stars", withStars(buyer(10, 5, 200000), 3), handResult{"A", 81, 4, 4, 4, StageActive}},
		{"10 days, 5, 2000", buyer(10, 5, 200000), handResult{"B", 75, 4, 4, 4, StageActive}},
		{"5 days, 1, 15000", buyer(5, 1, 1500000), handResult{"B", 70, 5, 1, 5, StageActive}},
		{"200 days, 1, 50, 2 stars", withStars(buyer(200, 1, 5000), 2), handResult{"C", 4, 1, 1, 1, StageDormant}},
		{"500 days ago, outside the window", Input{FirstPurchase: ago(600), LastPurchase: ago(500), Purchases: 2}, handResult{"C", 0, 1, 1, 1, StageChurned}},
		{"first purchase 10 days ago", Input{FirstPurchase: ago(10), LastPurchase: ago(2), Purchases: 2, Frequency: 2, Monetary: 50000},
			handResult{"C", 57.5, 5, 2, 3, StageNew}},
		// a count but no date: recency unknown scores 1, even though -1 days
		// would reach every absolute threshold
		{"purchases, no date", Input{Purchases: 2, Frequency: 2, Monetary: 1500000}, handResult{"C", 0, 1, 1, 1, StageChurned}},
		{"never purchased, 5 stars", Input{Potential: 5}, handResult{"D", 10, 0, 0, 0, StageProspect}},
		{"never purchased, pinned a", Input{Pinned: "a"}, handResult{"A", 0, 0, 0, 0, StageProspect}},
	}
	ins := make([]Input, len(cases))
	for i, c := range cases {
		ins[i] = c.in
	}
	_, res := GradeAll(ins, rules, testNow())
	for i, c := range cases {
		checkHand(t, "GradeAll "+c.what, res[i], c.want)
		checkHand(t, "Grade "+c.what, Grade(c.in, Cuts{}, rules, testNow()), c.want)
	}
}

func withStars(in Input, n int) Input { in.Potential = n; return in }

// DaysSince counts calendar days, before 1970 too: Unix seconds there are
// negative and integer division rounds them toward zero, not down.
func TestDaysSinceBefore1970(t *testing.T) {
	cases := []struct {
		t, now time.Time
		want   int
	}{
		{time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC), time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC), 2},
		{time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1970, 1, 1, 23, 59, 0, 0, time.UTC), 1},
		{time.Date(1960, 3, 1, 18, 30, 0, 0, time.UTC), time.Date(1960, 3, 2, 6, 0, 0, 0, time.UTC), 1},
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1969, 12, 30, 23, 0, 0, 0, time.UTC), -2},
	}
	for _, c := range cases {
		if got := DaysSince(c.t, c.now); got != c.want {
			t.Errorf("DaysSince(%v, %v) = %d, want %d", c.t, c.now, got, c.want)
		}
	}
}

// Outside UTC, DaysSince goes through the civil calendar: January and
// February count with the year before, and years before 0 with the 400-year
// era below them.
func TestDaysSinceCivilCalendar(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	cases := []struct {
		y1, m1, d1, y2, m2, d2 int
		want                   int
	}{
		{2026, 2, 28, 2026, 3, 1, 1},
		{2024, 1, 31, 2024, 3, 1, 30},
		{2025, 12, 31, 2026, 1, 1, 1},
		{-1, 3, 1, 0, 3, 1, 366},
		{-1, 2, 28, 0, 2, 29, 366},
		{-401, 12, 31, -400, 1, 1, 1},
	}
	for _, c := range cases {
		from := time.Date(c.y1, time.Month(c.m1), c.d1, 23, 0, 0, 0, cst)
		to := time.Date(c.y2, time.Month(c.m2), c.d2, 1, 0, 0, 0, cst)
		if got := DaysSince(from, to); got != c.want {
			t.Errorf("DaysSince(%v, %v) = %d, want %d", from, to, got, c.want)
		}
	}
}
