package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/spf13/cobra"
)

// modelJSON is `kehu model --json`: parameter names as in the papers, the
// time unit stated (alpha is a time scale), and the holdout check when a
// calibration end was given.
type modelJSON struct {
	Model          string          `json:"model"`
	TimeUnit       string          `json:"time_unit"`
	FitFor         string          `json:"fit_for"`
	Customers      int             `json:"customers"`
	Repeaters      int             `json:"repeaters"`
	FitSeconds     float64         `json:"fit_seconds"`
	HorizonDays    int             `json:"horizon_days"`
	Expected       float64         `json:"expected_purchases"`
	BGNBD          *bgnbdJSON      `json:"bgnbd"`
	GammaGamma     *gammaJSON      `json:"gamma_gamma"`
	Error          *modelErrorJSON `json:"error,omitempty"`
	SpendError     *modelErrorJSON `json:"gamma_gamma_error,omitempty"`
	Holdout        *holdoutJSON    `json:"holdout,omitempty"`
	CalibrationEnd string          `json:"calibration_end,omitempty"`
}

type bgnbdJSON struct {
	R             float64 `json:"r"`
	Alpha         float64 `json:"alpha"`
	A             float64 `json:"a"`
	B             float64 `json:"b"`
	LogLikelihood float64 `json:"log_likelihood"`
}

type gammaJSON struct {
	P             float64 `json:"p"`
	Q             float64 `json:"q"`
	Gamma         float64 `json:"gamma"`
	LogLikelihood float64 `json:"log_likelihood"`
	Customers     int     `json:"customers"`
}

type modelErrorJSON struct {
	Key     string `json:"key"`
	Message string `json:"message"`
}

type holdoutJSON struct {
	From      string           `json:"from"`
	To        string           `json:"to"`
	Days      float64          `json:"days"`
	Predicted float64          `json:"predicted"`
	Actual    int              `json:"actual"`
	ByRepeats []holdoutRowJSON `json:"by_repeats"`
}

type holdoutRowJSON struct {
	Repeats   string  `json:"repeats"` // "0" … "6", "7+"
	Customers int     `json:"customers"`
	Predicted float64 `json:"predicted"`
	Actual    int     `json:"actual"`
}

func newModelCmd(a *app) *cobra.Command {
	var calEnd string
	var horizon int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "model",
		Short: "Fit the purchase models and show their parameters, or check them on a holdout",
		Long: `Fits, on every customer's dated purchases as of today, the model that
estimates how likely each customer is still active and how many purchases to
expect (BG/NBD, or MBG/NBD when the rules say so) and the spend model
(Gamma-Gamma), and prints their parameters, log-likelihood, the customers
used and the fit time. Time is measured in days: alpha is in days.

The same fit is made and stored with every regrade for a new day; from it
the columns p_alive, exp_purchases (next 90 days, or the rules' horizon)
and clv (the discounted 12-month customer value) are computed for today
whenever they are read. A one-time buyer has no
P(alive) under BG/NBD (the model counts such a customer active by
construction): the column stays empty and the stage rule judges.

With --calibration-end DATE the fit uses the purchases up to DATE only and
compares, for the days after it up to today (or --horizon days), the
purchases predicted for each customer with those made: in total and by the
customer's repeat purchases before DATE (0, 1, ..., 7+), as a table and a
chart. Nothing is written to the ledger.`,
		Example: "  kehu model\n  kehu model --json | jq .bgnbd\n  kehu model --calibration-end 1997-09-30",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			rep, err := st.FitModel(cmd.Context(), store.ModelRequest{CalibrationEnd: calEnd, HorizonDays: horizon})
			if err != nil {
				return err
			}
			if asJSON {
				if err := a.writeJSON(a.modelJSON(rep)); err != nil {
					return err
				}
			} else {
				a.printModel(cmd, st, rep)
			}
			if f := rep.Fit; !f.Fitted() {
				return i18n.Errorf("model.notfitted", a.modelMessage(f.Error, f.Have, f.Need))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&calEnd, "calibration-end", "", "fit on the purchases up to DATE and check the predictions on the days after it")
	cmd.Flags().IntVar(&horizon, "horizon", 0, "days of expected purchases (default the rules' 90); with --calibration-end the holdout's length")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// modelMessage is the reader's text for a model failure key.
func (a *app) modelMessage(key string, have, need int) string {
	if key == model.ErrTooFewRepeaters.Key {
		return a.lang.T(key, have, need)
	}
	return a.lang.T(key)
}

func (a *app) modelJSON(rep *store.ModelReport) modelJSON {
	f := rep.Fit
	out := modelJSON{Model: f.Kind, TimeUnit: f.TimeUnit, FitFor: f.FitFor, Customers: f.Customers, Repeaters: f.Repeaters,
		FitSeconds: math.Round(rep.Elapsed.Seconds()*1000) / 1000, HorizonDays: f.HorizonDays,
		Expected: math.Round(rep.ExpectedTotal*100) / 100, CalibrationEnd: rep.CalibrationEnd}
	if f.Fitted() {
		out.BGNBD = &bgnbdJSON{R: f.R, Alpha: f.Alpha, A: f.A, B: f.B, LogLikelihood: f.LogLikelihood}
	} else {
		out.Error = &modelErrorJSON{Key: f.Error, Message: a.modelMessage(f.Error, f.Have, f.Need)}
	}
	if f.HasValue() {
		out.GammaGamma = &gammaJSON{P: f.SpendP, Q: f.SpendQ, Gamma: f.SpendGamma, LogLikelihood: f.SpendLogLikelihood, Customers: f.SpendCustomers}
	} else if f.SpendError != "" {
		out.SpendError = &modelErrorJSON{Key: f.SpendError, Message: a.modelMessage(f.SpendError, f.SpendHave, f.SpendNeed)}
	}
	if h := rep.Holdout; h != nil {
		hj := &holdoutJSON{From: rep.CalibrationEnd, To: rep.HoldoutEnd, Days: h.HoldoutDays,
			Predicted: math.Round(h.Predicted*100) / 100, Actual: h.Actual}
		for _, r := range h.ByRepeats {
			hj.ByRepeats = append(hj.ByRepeats, holdoutRowJSON{Repeats: repeatsLabel(r), Customers: r.Customers,
				Predicted: math.Round(r.Predicted*100) / 100, Actual: r.Actual})
		}
		out.Holdout = hj
	}
	return out
}

func repeatsLabel(r model.HoldoutRow) string {
	s := strconv.Itoa(r.Repeats)
	if r.OrMore {
		s += "+"
	}
	return s
}

// printModel prints the fit in words and, with a holdout, the table and
// chart of predicted against actual purchases.
func (a *app) printModel(cmd *cobra.Command, st *store.Store, rep *store.ModelReport) {
	l, f, w := a.lang, rep.Fit, a.stdout
	if !f.Fitted() {
		return // the command fails with the reason
	}
	fmt.Fprintln(w, l.T("model.title", l.T("model.name."+f.Kind), f.FitFor, f.Customers, f.Repeaters))
	fmt.Fprintln(w, l.T("model.params", f.R, f.Alpha, f.A, f.B))
	fmt.Fprintln(w, l.T("model.ll", f.LogLikelihood))
	if f.HasValue() {
		fmt.Fprintln(w, l.T("model.spend", f.SpendCustomers, f.SpendP, f.SpendQ, f.SpendGamma))
	} else {
		fmt.Fprintln(w, l.T("model.spend.no", a.modelMessage(f.SpendError, f.SpendHave, f.SpendNeed)))
	}
	fmt.Fprintln(w, l.T("model.time", rep.Elapsed.Seconds()))
	if rep.Holdout == nil {
		fmt.Fprintln(w, l.T("model.expected", f.HorizonDays, rep.ExpectedTotal))
		if stored, ok, err := st.ModelFit(cmd.Context()); err == nil && ok && stored.FitFor != "" {
			fmt.Fprintln(w, l.T("model.stored", stored.FitFor))
		}
		return
	}
	h := rep.Holdout
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("model.holdout", rep.CalibrationEnd, rep.HoldoutEnd, int(h.HoldoutDays), h.Predicted, h.Actual))
	head := []string{l.T("model.holdout.head"), l.T("model.customers"), l.T("model.predicted"), l.T("model.actual")}
	rows := [][]string{head}
	for _, r := range h.ByRepeats {
		rows = append(rows, []string{repeatsLabel(r), strconv.Itoa(r.Customers), strconv.FormatFloat(r.Predicted, 'f', 1, 64), strconv.Itoa(r.Actual)})
	}
	for _, line := range alignTable(rows) {
		fmt.Fprintln(w, "  "+line)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("model.chart"))
	for _, line := range holdoutChart(h, 40) {
		fmt.Fprintln(w, "  "+line)
	}
}

// alignTable pads every column to its widest cell (display width: the
// Chinese header is two cells a character), numbers right-aligned.
func alignTable(rows [][]string) []string {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], cellWidth(c))
		}
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-cellWidth(c))
			if i > 0 {
				b.WriteString("  ")
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// holdoutChart draws, per group of calibration repeat purchases, the mean
// predicted (█) and actual (░) holdout purchases per customer as bars of at
// most width cells, scaled to the largest mean.
func holdoutChart(h *model.Holdout, width int) []string {
	peak := 0.0
	mean := func(total float64, n int) float64 {
		if n == 0 {
			return 0
		}
		return total / float64(n)
	}
	for _, r := range h.ByRepeats {
		peak = math.Max(peak, math.Max(mean(r.Predicted, r.Customers), mean(float64(r.Actual), r.Customers)))
	}
	bar := func(v float64, glyph string) string {
		if peak <= 0 {
			return ""
		}
		return strings.Repeat(glyph, int(math.Round(v/peak*float64(width))))
	}
	var out []string
	for _, r := range h.ByRepeats {
		p, act := mean(r.Predicted, r.Customers), mean(float64(r.Actual), r.Customers)
		label := fmt.Sprintf("%-3s", repeatsLabel(r))
		out = append(out, fmt.Sprintf("%s %s %.2f", label, bar(p, "█"), p))
		out = append(out, fmt.Sprintf("%s %s %.2f", "   ", bar(act, "░"), act))
	}
	return out
}

// explainJSON is `tiers --explain --json`: the grade's breakdown with what
// the purchase models say beside it.
type explainJSON struct {
	tiering.Explanation
	Model customerModelJSON `json:"model"`
}

// customerModelJSON is one customer's model values; a value without an
// estimate is null, with the reason in words.
type customerModelJSON struct {
	Model             string   `json:"model"`
	FitFor            string   `json:"fit_for"`
	PAlive            *float64 `json:"p_alive"`
	NoRepeat          bool     `json:"no_repeat"`
	ExpectedPurchases *float64 `json:"exp_purchases"`
	HorizonDays       int      `json:"horizon_days"`
	CLV               *float64 `json:"clv"` // yuan
	Words             []string `json:"words"`
}

func newCustomerModelJSON(cm store.CustomerModel, l i18n.Lang) customerModelJSON {
	out := customerModelJSON{Model: cm.Fit.Kind, FitFor: cm.Fit.FitFor, NoRepeat: cm.NoRepeat, HorizonDays: cm.Fit.HorizonDays, Words: cm.Lines(l)}
	if cm.Known {
		e := cm.ExpectedPurchases
		out.ExpectedPurchases = &e
	}
	if cm.Known && cm.PAliveKnown {
		p := cm.PAlive
		out.PAlive = &p
	}
	if cm.Known && cm.ValueKnown {
		v := float64(cm.Value) / 100
		out.CLV = &v
	}
	return out
}
