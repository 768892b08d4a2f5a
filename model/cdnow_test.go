package model

import (
	"math"
	"os"
	"testing"
	"time"
)

var (
	cdnowStart  = time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC)
	cdnowCalEnd = time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)
	cdnowEnd    = time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC)
)

func readCDNOW(t testing.TB) []LogCustomer {
	t.Helper()
	f, err := os.Open("testdata/CDNOW_sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := ReadCDNOW(f)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func cdnowSummaries(t testing.TB) []Summary {
	t.Helper()
	var out []Summary
	for _, c := range readCDNOW(t) {
		s, ok := Summarise(c.Transactions, cdnowCalEnd, Weeks)
		if !ok {
			t.Fatalf("customer %s has no purchase in the calibration period", c.ID)
		}
		out = append(out, s)
	}
	return out
}

func statsOf(ss []Summary) []Stats {
	out := make([]Stats, len(ss))
	for i, s := range ss {
		out[i] = s.Stats
	}
	return out
}

func within(t *testing.T, name string, got, want, relTol float64) {
	t.Helper()
	if math.Abs(got-want) > relTol*math.Abs(want) {
		t.Errorf("%s = %.5g, want %.5g within %.2g %%", name, got, want, relTol*100)
	}
}

func TestCDNOWBGNBDReproducesPublishedFit(t *testing.T) {
	stats := statsOf(cdnowSummaries(t))
	if len(stats) != 2357 {
		t.Fatalf("%d customers, want 2357", len(stats))
	}
	m, err := FitPurchases(stats, FitOptions{Unit: Weeks})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", *m)
	within(t, "r", m.Params.R, 0.243, 0.01)
	within(t, "alpha", m.Params.Alpha, 4.414, 0.01)
	within(t, "a", m.Params.A, 0.793, 0.01)
	within(t, "b", m.Params.B, 2.426, 0.01)
	if math.Abs(m.LogLikelihood-(-9582.4)) > 0.5 {
		t.Errorf("log-likelihood %.2f, want -9582.4 within 0.5", m.LogLikelihood)
	}
}

func TestCDNOWGammaGammaReproducesPublishedFit(t *testing.T) {
	m, err := FitSpend(cdnowSummaries(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", *m)
	if m.Customers != 946 {
		t.Errorf("fitted on %d customers, want the 946 with a repeat purchase", m.Customers)
	}
	within(t, "p", m.Params.P, 6.25, 0.01)
	within(t, "q", m.Params.Q, 3.74, 0.01)
	within(t, "gamma", m.Params.Gamma, 15.44, 0.01)
}
