package main

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/internal/cdnowtest"
	"github.com/kehu-app/kehu/store"
)

// cdnowLedger is a ledger holding the public CDNOW sample (2,357 customers,
// 6,919 sales, 1997-01-01 to 1998-06-30): one customer per sample id, one
// purchase per log line, dollars as yuan. It is written through the store's
// bulk load with the clock at the log's last day, as an import would.
func cdnowLedger(t *testing.T) *ledger {
	t.Helper()
	l := newLedger(t)
	l.setNow("1998-06-30 10:00:00")
	now := time.Date(1998, 6, 30, 10, 0, 0, 0, time.Local)
	st, err := store.Open(l.path, store.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cdnowtest.Load(t, st, filepath.Join("model", "testdata", "CDNOW_sample.txt"))
	return l
}

// setNow moves the ledger's clock (KEHU_NOW) for the commands run after.
func (l *ledger) setNow(now string) {
	for i, e := range l.env {
		if strings.HasPrefix(e, "KEHU_NOW=") {
			l.env[i] = "KEHU_NOW=" + now
			return
		}
	}
	l.env = append(l.env, "KEHU_NOW="+now)
}

func near(t *testing.T, name string, got, want, rel float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > rel*math.Abs(want) {
		t.Errorf("%s = %.5g, want %.5g within %.1f %%", name, got, want, rel*100)
	}
}

// `kehu model --calibration-end 1997-09-30` on the CDNOW ledger reproduces
// the published BG/NBD fit (Fader, Hardie & Lee 2005: r = 0.243,
// α = 4.414 weeks, a = 0.793, b = 2.426) and Gamma-Gamma fit (p = 6.25,
// q = 3.74, γ = 15.44) within 1 %; kehu measures time in days, so α is
// 4.414 × 7 = 30.898 days. The holdout (1997-10-01 to today, 1998-06-30:
// 273 days) counts the sample's actual purchase days by calibration
// repeat purchases, as counted from the log.
func TestModelReproducesCDNOWThroughTheBinary(t *testing.T) {
	l := cdnowLedger(t)
	out := l.ok("model", "--json", "--calibration-end", "1997-09-30")
	var got struct {
		Model     string `json:"model"`
		TimeUnit  string `json:"time_unit"`
		Customers int    `json:"customers"`
		Repeaters int    `json:"repeaters"`
		BGNBD     struct {
			R, Alpha, A, B float64
			LogLikelihood  float64 `json:"log_likelihood"`
		} `json:"bgnbd"`
		GammaGamma struct {
			P, Q, Gamma float64
			Customers   int `json:"customers"`
		} `json:"gamma_gamma"`
		Holdout struct {
			Days      float64 `json:"days"`
			Predicted float64 `json:"predicted"`
			Actual    int     `json:"actual"`
			ByRepeats []struct {
				Repeats   string  `json:"repeats"`
				Customers int     `json:"customers"`
				Predicted float64 `json:"predicted"`
				Actual    int     `json:"actual"`
			} `json:"by_repeats"`
		} `json:"holdout"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("kehu model --json: %v\n%s", err, out)
	}
	if got.Model != "bg/nbd" || got.TimeUnit != "days" || got.Customers != 2357 || got.Repeaters != 946 {
		t.Errorf("model %q in %q on %d customers (%d repeaters), want bg/nbd in days on 2357 (946)", got.Model, got.TimeUnit, got.Customers, got.Repeaters)
	}
	near(t, "r", got.BGNBD.R, 0.243, 0.01)
	near(t, "alpha (days)", got.BGNBD.Alpha, 4.414*7, 0.01)
	near(t, "a", got.BGNBD.A, 0.793, 0.01)
	near(t, "b", got.BGNBD.B, 2.426, 0.01)
	near(t, "p", got.GammaGamma.P, 6.25, 0.01)
	near(t, "q", got.GammaGamma.Q, 3.74, 0.01)
	near(t, "gamma", got.GammaGamma.Gamma, 15.44, 0.01)
	if got.GammaGamma.Customers != 946 {
		t.Errorf("Gamma-Gamma on %d customers, want 946", got.GammaGamma.Customers)
	}
	if got.Holdout.Days != 273 || got.Holdout.Actual != 1882 {
		t.Errorf("holdout %v days with %d purchases, want 273 days with 1882", got.Holdout.Days, got.Holdout.Actual)
	}
	// The model predicts the holdout in aggregate a little low on this
	// sample (as in the paper's figure): between 80 % and 105 % of the
	// actual count.
	if r := got.Holdout.Predicted / 1882; r < 0.8 || r > 1.05 {
		t.Errorf("predicted %.1f holdout purchases for 1882 actual", got.Holdout.Predicted)
	}
	wantRepeats := []string{"0", "1", "2", "3", "4", "5", "6", "7+"}
	wantCustomers := []int{1411, 439, 214, 100, 62, 38, 29, 64}
	wantActual := []int{334, 306, 298, 156, 157, 112, 112, 407}
	if len(got.Holdout.ByRepeats) != 8 {
		t.Fatalf("holdout rows %+v, want 8", got.Holdout.ByRepeats)
	}
	for i, r := range got.Holdout.ByRepeats {
		if r.Repeats != wantRepeats[i] || r.Customers != wantCustomers[i] || r.Actual != wantActual[i] || !(r.Predicted > 0) {
			t.Errorf("row %d: %+v, want %s repeats, %d customers, %d actual", i, r, wantRepeats[i], wantCustomers[i], wantActual[i])
		}
	}

	// The agenda's churn warnings come from the model: probability and
	// value at risk in the reason.
	agenda := l.ok("agenda")
	if !strings.Contains(agenda, "% likely still active, about ¥") || !strings.Contains(agenda, " at risk (") {
		t.Errorf("agenda without the model's churn warnings:\n%s", agenda)
	}

	// The text report: the same figures as a table and a chart. (The
	// sample has sales of $0.00: they are visits, and count.)
	text := l.ok("model", "--calibration-end", "1997-09-30")
	for _, want := range []string{"BG/NBD", "r = 0.24", "time unit: days", "Holdout 1997-09-30 to 1998-06-30 (273 days)", "actual 1882",
		"7+", "1411", "407", "█", "░"} {
		if !strings.Contains(text, want) {
			t.Errorf("kehu model text lacks %q:\n%s", want, text)
		}
	}
}

func cell(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("cell %q is not a number", s)
	}
	return v
}

// The model's columns filter, sort and export like any other, and an empty
// cell means "no estimate": of the 2,357 CDNOW customers, the 1,218 who
// bought on one day only (counted from the log) have no P(alive) under
// BG/NBD and fall in neither p_alive<0.5 nor p_alive>=0.5.
func TestModelColumnsFilterSortAndExport(t *testing.T) {
	l := cdnowLedger(t)
	out := l.ok("export", "--where", "p_alive<0.5", "--columns", "id,name,p_alive,exp_purchases,clv", "--sort", "clv:desc", "--header", "keys")
	rows := csvRows(t, out)
	if strings.Join(rows[0], ",") != "id,name,p_alive,exp_purchases,clv" {
		t.Fatalf("header %q", rows[0])
	}
	low := rows[1:]
	prev := math.Inf(1)
	for _, r := range low {
		if p := cell(t, r[2]); !(p >= 0 && p < 0.5) {
			t.Errorf("%s: p_alive %v selected by p_alive<0.5", r[1], p)
		}
		if e := cell(t, r[3]); e < 0 {
			t.Errorf("%s: expected purchases %v", r[1], e)
		}
		v := cell(t, r[4])
		if v > prev {
			t.Errorf("%s: clv %v after %v, want sorted by clv descending", r[1], v, prev)
		}
		prev = v
	}
	high := csvRows(t, l.ok("export", "--where", "p_alive>=0.5", "--columns", "id", "--header", "keys"))[1:]
	blank := csvRows(t, l.ok("export", "--where", "p_alive=", "--columns", "id,p_alive,exp_purchases", "--header", "keys"))[1:]
	if len(blank) != 1218 || len(low)+len(high)+len(blank) != 2357 {
		t.Errorf("%d below 0.5, %d at or above, %d without P(alive); want 1218 without and 2357 in all", len(low), len(high), len(blank))
	}
	for _, r := range blank[:3] {
		if r[1] != "" || r[2] == "" {
			t.Errorf("one-time buyer #%s: p_alive %q, exp_purchases %q; want none and an expectation", r[0], r[1], r[2])
		}
	}
}

// An injected clock moving forward lowers the P(alive) of a customer who
// stopped buying, and a purchase lifts it again at once. CDNOW customer 1
// bought on 1997-01-01, 01-18, 08-02 and 12-12 and then stopped.
func TestPAliveFallsAsTimePassesAndRisesWithAPurchase(t *testing.T) {
	l := cdnowLedger(t)
	pAlive := func() float64 {
		t.Helper()
		rows := csvRows(t, l.ok("export", "--where", "name=\"CDNOW 1\"", "--columns", "p_alive", "--header", "keys"))
		if len(rows) != 2 {
			t.Fatalf("export of CDNOW 1: %v", rows)
		}
		return cell(t, rows[1][0])
	}
	atEnd := pAlive()
	l.setNow("1998-12-31 10:00:00")
	later := pAlive()
	if !(later < atEnd && later > 0) {
		t.Errorf("P(alive) %v on 1998-06-30, %v half a year later: want lower, above 0", atEnd, later)
	}
	// In words: purchase gaps of 17, 196 and 132 days (median 132), the
	// last purchase 384 days before 1998-12-31.
	explain := l.ok("tiers", "--explain", "CDNOW 1")
	for _, want := range []string{"usually buys every 132 days; 384 days since the last purchase; ",
		fmt.Sprintf("; %d %% likely still active; ", int(math.Round(later*100))), "; worth about ¥", " over 12 months",
		"(model BG/NBD, fitted for 1998-12-31)"} {
		if !strings.Contains(explain, want) {
			t.Errorf("tiers --explain lacks %q:\n%s", want, explain)
		}
	}
	l.env = append(l.env, "KEHU_LANG=zh")
	explain = l.ok("tiers", "--explain", "CDNOW 1")
	for _, want := range []string{"通常每 132 天购买一次；距上次购买 384 天；", "仍活跃的可能性", "未来 12 个月价值约 ¥", "（模型 BG/NBD，拟合日期 1998-12-31）"} {
		if !strings.Contains(explain, want) {
			t.Errorf("tiers --explain (zh) lacks %q:\n%s", want, explain)
		}
	}
	// CDNOW 3 bought once, on 1997-01-01: no probability, and why.
	explain = l.ok("tiers", "--explain", "CDNOW 3", "--lang", "en")
	if !strings.Contains(explain, "has bought only once") || !strings.Contains(explain, "likelihood of still being active unknown (no repeat purchase yet: the stage rule judges)") ||
		strings.Contains(explain, "% likely still active") {
		t.Errorf("tiers --explain of a one-time buyer:\n%s", explain)
	}
	l.ok("buy", "CDNOW 1", "--amount", "20", "--date", "1998-12-31")
	// Bought today, after five purchase days: 1/(1 + a/(b+3)) with a near
	// 0.8 and b near 2.4 is above 0.8.
	if now := pAlive(); !(now > 0.8 && now > later) {
		t.Errorf("P(alive) %v right after a purchase (was %v)", now, later)
	}
}

// Thin data: three customers, one of them back once. The fit is refused
// with the reason in the reader's language, the columns stay empty, and
// nothing shows as a probability.
func TestModelOnThinDataSaysWhyAndLeavesColumnsEmpty(t *testing.T) {
	l := newLedger(t)
	for _, name := range []string{"王芳", "李雷", "韩梅梅"} {
		l.ok("add", name)
	}
	l.ok("buy", "王芳", "--amount", "100", "--date", "2026-10-01")
	l.ok("buy", "王芳", "--amount", "80", "--date", "2026-11-01")
	l.ok("buy", "李雷", "--amount", "50", "--date", "2026-11-10")
	r := l.fails(1, []string{"too few customers bought more than once", "(1, need at least 20)", "stage rule"}, "model")
	if r.out != "" {
		t.Errorf("a refused fit printed %q", r.out)
	}
	l.env = append(l.env, "KEHU_LANG=zh")
	l.fails(1, []string{"复购客户太少", "阶段规则"}, "model")
	l.setNow("2026-11-23 10:00:00")
	out := l.ok("export", "--columns", "name,p_alive,exp_purchases,clv", "--header", "keys")
	want := "name,p_alive,exp_purchases,clv|王芳,,,|李雷,,,|韩梅梅,,,"
	var got []string
	for _, r := range csvRows(t, out) {
		got = append(got, strings.Join(r, ","))
	}
	if strings.Join(got, "|") != want {
		t.Errorf("export after a refused fit: %q, want %q", got, want)
	}
}
