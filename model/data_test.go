package model

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestSummariseCountsPurchaseDaysAndRepeatSpend(t *testing.T) {
	// CDNOW sample customer 26: one purchase on 2 January, two on 13 January.
	tx := []Transaction{
		{At: day(1997, 1, 13), Amount: 166.89},
		{At: day(1997, 1, 2), Amount: 3.99},
		{At: day(1997, 1, 13).Add(5 * time.Hour), Amount: 60.25},
		{At: day(1997, 10, 1), Amount: 99}, // after the calibration end
	}
	s, ok := Summarise(tx, cdnowCalEnd, Days)
	if !ok {
		t.Fatal("customer with purchases reported as absent")
	}
	if s.X != 1 || s.Tx != 11 || s.T != 271 {
		t.Errorf("stats %+v, want x=1 (two purchases on 13 Jan are one), t_x=11, T=271 days", s.Stats)
	}
	if math.Abs(s.RepeatSpend-227.14) > 1e-9 {
		t.Errorf("repeat spend %v, want 227.14 (the day's two sales, first day excluded)", s.RepeatSpend)
	}
	if !s.First.Equal(day(1997, 1, 2)) || !s.Last.Equal(day(1997, 1, 13)) {
		t.Errorf("first %v last %v", s.First, s.Last)
	}
	w, _ := Summarise(tx, cdnowCalEnd, Weeks)
	if math.Abs(w.Tx-11.0/7) > 1e-12 || math.Abs(w.T-271.0/7) > 1e-12 {
		t.Errorf("weeks %+v, want t_x=11/7, T=271/7", w.Stats)
	}
	if got := HoldoutPurchases(tx, cdnowCalEnd, cdnowEnd); got != 1 {
		t.Errorf("holdout purchases %d, want 1", got)
	}
	if _, ok := Summarise(tx, day(1997, 1, 1), Days); ok {
		t.Error("a customer whose first purchase is after the end must not be summarised")
	}
	one, _ := Summarise(tx[1:2], cdnowCalEnd, Days)
	if one.X != 0 || one.Tx != 0 || one.RepeatSpend != 0 {
		t.Errorf("one-time buyer %+v", one)
	}
}

func TestSummariseUsesCalendarDaysAcrossZones(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	// 23:30 and 00:30 local are two different days even though they are an
	// hour apart; 1 a.m. and 11 p.m. of one local day are one.
	tx := []Transaction{
		{At: time.Date(2025, 3, 1, 23, 30, 0, 0, shanghai), Amount: 10},
		{At: time.Date(2025, 3, 2, 0, 30, 0, 0, shanghai), Amount: 20},
		{At: time.Date(2025, 3, 2, 23, 0, 0, 0, shanghai), Amount: 5},
	}
	s, _ := Summarise(tx, time.Date(2025, 3, 10, 12, 0, 0, 0, shanghai), Days)
	if s.X != 1 || s.Tx != 1 || s.T != 9 || s.RepeatSpend != 25 {
		t.Errorf("%+v, want x=1 t_x=1 T=9 spend 25", s)
	}
}

// TestCDNOWSummariesMatchThePublishedSummary checks all 2,357 customers
// against the summary shipped with the data (recency and T rounded to two
// decimals): the day-folding convention is the published one.
func TestCDNOWSummariesMatchThePublishedSummary(t *testing.T) {
	f, err := os.Open("testdata/cdnow_customers_summary.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string][]string{}
	for _, r := range rows[1:] {
		byID[r[0]] = r
	}
	customers := readCDNOW(t)
	if len(customers) != 2357 || len(byID) != 2357 {
		t.Fatalf("%d customers read, %d in the summary", len(customers), len(byID))
	}
	for _, c := range customers {
		s, _ := Summarise(c.Transactions, cdnowCalEnd, Weeks)
		want := byID[c.ID]
		x, _ := strconv.Atoi(want[1])
		rec, _ := strconv.ParseFloat(want[2], 64)
		age, _ := strconv.ParseFloat(want[3], 64)
		if s.X != x || math.Abs(s.Tx-rec) > 0.0051 || math.Abs(s.T-age) > 0.0051 {
			t.Errorf("customer %s: %+v, published x=%d recency=%v T=%v", c.ID, s.Stats, x, rec, age)
		}
	}
}

func TestReadCDNOWRefusesBadLinesWholesale(t *testing.T) {
	good := " 00004 0001 19970101  2   29.33\n\n 00004 0001 19970118  2   29.73\n 00021 0002 19970101  3   63.34\n"
	cs, err := ReadCDNOW(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].ID != "1" || len(cs[0].Transactions) != 2 || cs[1].ID != "2" || cs[1].Transactions[0].Amount != 63.34 {
		t.Fatalf("read %+v", cs)
	}
	for _, bad := range []string{
		good + " 00021 0002 1997-01-05  3   63.34\n",
		good + " 00021 0002 19970105  x   63.34\n",
		good + " 00021 0002 19970105  3   NaN\n",
		good + " 00021 0002 19970105  3\n",
	} {
		cs, err := ReadCDNOW(strings.NewReader(bad))
		if !errors.Is(err, ErrBadLog) || cs != nil || !strings.Contains(err.Error(), "line 5") {
			t.Errorf("%q: got %v, %v; want ErrBadLog at line 5 and nothing read", bad, cs, err)
		}
	}
}
