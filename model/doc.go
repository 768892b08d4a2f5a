// Package model estimates, from each customer's purchase history alone, how
// likely the customer is still active, how many purchases to expect next and
// what the customer is worth: the BG/NBD model (Fader, Hardie & Lee 2005,
// "Counting Your Customers the Easy Way"), optionally its MBG/NBD variant
// (Batislam, Denizel & Filiztekin 2007), and the Gamma-Gamma spend model
// (Fader, Hardie & Lee 2005, "RFM and CLV"). It is pure: no SQL, no UI, no
// text beyond the i18n keys of its errors.
//
// # Data
//
// A customer is summarised for a calibration end date by Summarise: x, the
// number of purchase days after the first (several sales on one day are one
// transaction, the papers' convention, which reproduces the published CDNOW
// summary), t_x, the time from the first to the last purchase day, and T, the
// time from the first purchase day to the end, in Days or Weeks; and the mean
// spend per repeat purchase day, for Gamma-Gamma. ReadCDNOW reads the public
// CDNOW log into the same per-customer transactions.
//
// # Fitting
//
// FitPurchases fits BG/NBD (the default Kind) or MBG/NBD by maximum
// likelihood with gonum's BFGS on log-parameters; the likelihood is summed
// over distinct (x, t_x, T) triples with log-sum-exp, so a million customers
// in whole days fit in about a second. FitSpend fits Gamma-Gamma on the
// customers with a repeat purchase. Thin or degenerate data give a typed
// *Error (ErrTooFewRepeaters, ErrOneDay, ErrNoConvergence, ErrNonFinite,
// …) whose Key is an i18n catalogue key; no function returns NaN or an
// infinity as a value, and none panics on its input.
//
// # Predicting
//
// Models.Score gives, per customer, P(alive), the expected purchases in the
// next N days (default 90), the expected spend per purchase and a discounted
// 12-month value (see Score.Value for the formula). Under BG/NBD a customer
// without a repeat purchase is alive by construction; Prediction.NoRepeat
// marks those customers so that no caller shows them as "100 % likely
// active". PurchaseModel.HoldoutCheck compares predictions for a holdout
// period with actual counts, in total and by calibration repeat purchases.
//
// # Intended integration
//
// The store reads each customer's dated sale amounts, calls Summarise and
// keeps what a purchase changes (X, the first and last purchase days as
// DayNumber, RepeatSpend); it fits both models with FitPurchases and
// FitSpend on the summaries for today (SummaryAsOf) and stores the
// parameters with the fit date. P(alive), expected purchases and the value
// are computed when read, for the clock's today (PurchaseModel.PAlive,
// Predict, Models.ScoreOne), so that they never go stale; they are empty
// when a fit returns an error, and a NoRepeat
// customer's P(alive) is shown as "no repeat purchase yet" with the stage
// rule deciding churn. A `kehu model` command prints the PurchaseModel and
// SpendModel fields and, with a calibration end, the Holdout rows
// (HoldoutPurchases counts the actual purchases).
package model
