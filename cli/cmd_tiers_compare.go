package cli

import (
	"context"
	"slices"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
)

// tiersReport says which report `kehu tiers` prints besides the summary.
type tiersReport struct {
	compare bool
	by      string
	history bool
	months  int
	from    string
	to      string
	asJSON  bool
}

// check refuses flags that make no sense before the ledger is opened.
func (r tiersReport) check() error {
	if r.compare && r.history {
		return usageError(i18n.Errorf("compare.both"))
	}
	if !r.history && (r.months != 0 || r.from != "" || r.to != "") {
		return usageError(i18n.Errorf("history.alone"))
	}
	if r.history && (r.months < 1 || r.months > store.MaxHistoryMonths) {
		return usageError(i18n.Errorf("history.months", r.months, store.MaxHistoryMonths))
	}
	if r.by != "" && !r.compare {
		return usageError(i18n.Errorf("compare.byalone"))
	}
	if r.by != "" && !slices.Contains(store.ProfileGroupings(), r.by) {
		return usageError(i18n.Errorf("compare.by", r.by, strings.Join(store.ProfileGroupings(), ", ")))
	}
	return nil
}

// printProfile prints the tier profile (`kehu tiers --compare`) of a ledger
// whose grades are already brought up to today.
func (a *app) printProfile(ctx context.Context, st *store.Store, r tiersReport) error {
	p, err := st.TierProfile(ctx, r.by)
	if err != nil {
		return err
	}
	if r.asJSON {
		return a.writeJSON(p)
	}
	return report.Profile(p, a.lang).WriteText(a.stdout)
}

// printHistory prints the tiers month by month (`kehu tiers --history`).
func (a *app) printHistory(ctx context.Context, st *store.Store, r tiersReport) error {
	h, err := st.TierHistory(ctx, store.HistoryOptions{Months: r.months, From: r.from, To: r.to})
	if err != nil {
		return err
	}
	if r.asJSON {
		return a.writeJSON(h)
	}
	return report.History(h, a.lang).WriteText(a.stdout)
}

// printSummary prints the tier summary (`kehu tiers`).
func (a *app) printSummary(ctx context.Context, st *store.Store, asJSON bool) error {
	sum, err := st.TierSummary(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return a.writeJSON(sum)
	}
	return report.Summary(sum, nil, a.lang).WriteText(a.stdout)
}

// printExplain prints why the customer who names (id, phone or name) has
// its grade (`kehu tiers --explain`).
func (a *app) printExplain(ctx context.Context, st *store.Store, who string, asJSON bool) error {
	id, err := st.Resolve(ctx, who)
	if err != nil {
		return err
	}
	ex, err := st.Explain(ctx, id)
	if err != nil {
		return err
	}
	cm, err := st.CustomerModel(ctx, id)
	if err != nil {
		return err
	}
	if asJSON {
		return a.writeJSON(explainJSON{Explanation: ex, Model: newCustomerModelJSON(cm, a.lang)})
	}
	r, err := st.Get(ctx, id)
	if err != nil {
		return err
	}
	return report.Explain(id, r.Str("name"), ex, cm, a.lang).WriteText(a.stdout)
}
