package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/tiering"
)

// statsKey is the settings key present once every customer's model stats
// (m_x, m_first, m_last, m_spend) have been computed from the purchase log;
// from then on every path that changes a customer's purchases keeps them.
// A ledger from before the stats lacks it, and its next regrade builds them.
const statsKey = "model.stats"

func statsBuilt(ctx context.Context, q queryer) (bool, error) {
	v, err := settingText(ctx, q, statsKey)
	if err != nil {
		return false, fmt.Errorf("read the model stats marker: %w", err)
	}
	return v != "", nil
}

// refitDue reports whether the stored fit must be replaced: there is none,
// the rules ask for another model or other horizons, or it was fitted for
// another day. The fit is renewed with each day's regrade, so that a ledger
// kept day after day says what one loaded and fitted today would say; the
// fit reads only the stats the regrade has read anyway, and runs beside
// the grading.
func refitDue(fit ModelFit, found bool, rules tiering.Rules, today time.Time) bool {
	if !found {
		return true
	}
	kind := rules.ChurnModel
	if kind == "" {
		kind = tiering.ModelBGNBD
	}
	if fit.Kind != kind || fit.HorizonDays != rules.HorizonDays || fit.Discount != rules.MonthlyDiscount {
		return true
	}
	return fit.FitFor != today.Format(parseDay)
}

// modelPlan is what a full regrade does to the models: nothing when the
// fit is today's; else a refit on the stats the regrade read; or, when the
// stats were never built or the caller loaded purchases in bulk, every
// customer's stats computed from the purchase log, and a refit on them.
// With a fit that values customers, the churn watch is built for the day
// from the same stats when it is not already for this day, fit and rules
// (except after a bulk load, which drops it).
// The fit and the watch run on their own goroutine while the grades are
// computed and written; write waits for them.
type modelPlan struct {
	fit   ModelFit
	refit bool        // fit is new: write it
	base  *modelBase  // stats to write (rebuild only)
	built bool        // the stats were built before
	watch *churnWatch // the churn watch to store, nil when the stored one stands
	done  chan struct{}
}

// refitReadsStats reports whether a regrade as of now reads the customers'
// stored stats (planModel): to refit the models on them, or to build the
// day's churn watch from them. Its read of the customers must then carry
// them.
func refitReadsStats(ctx context.Context, q queryer, rules tiering.Rules, now time.Time, rebuild bool) (bool, error) {
	built, err := statsBuilt(ctx, q)
	if err != nil || !built || rebuild {
		return false, err
	}
	fit, found, err := readModelFit(ctx, q)
	if err != nil {
		return false, err
	}
	if refitDue(fit, found, rules, now) {
		return true, nil
	}
	head, watched, err := readChurnHead(ctx, q)
	if err != nil {
		return false, err
	}
	return fit.HasValue() && !(watched && head.matches(now.Format(parseDay), fit, rules)), nil
}

// planModel decides and starts the regrade's model work as of now. sums
// are the live customers' summaries as of now from their stored stats
// (modelSums), when statsRead (see refitReadsStats), ids their ids, and
// seq the last change recorded for the churn watch before they were read; rebuild asks for them to be computed from the purchase
// log instead. Work on the stats that falls due between the read and here
// (another process changed the fit or the rules meanwhile) waits for the
// next regrade.
func planModel(ctx context.Context, q queryer, rules tiering.Rules, now time.Time, ids []int64, sums *modelSums, statsRead bool, seq int64, rebuild bool) (*modelPlan, error) {
	start := time.Now()
	built, err := statsBuilt(ctx, q)
	if err != nil {
		return nil, err
	}
	fit, found, err := readModelFit(ctx, q)
	if err != nil {
		return nil, err
	}
	head, watched, err := readChurnHead(ctx, q)
	if err != nil {
		return nil, err
	}
	p := &modelPlan{fit: fit, built: built}
	var rebuilt []model.Summary // a rebuild's
	var read modelSums
	if sums != nil {
		read = *sums
	}
	switch {
	case !built || rebuild:
		if p.base, err = readModelBase(ctx, q, now, time.Time{}); err != nil {
			return nil, err
		}
		rebuilt = p.base.fitted()
		read = modelSums{}
		p.refit = true
	case statsRead && refitDue(fit, found, rules, now):
		p.refit = true
	case !statsRead || !fit.HasValue() || watched && head.matches(now.Format(parseDay), fit, rules):
		return p, nil
	}
	p.done = make(chan struct{})
	go func() {
		defer close(p.done)
		if p.refit {
			var fit ModelFit
			if p.base == nil {
				fit, _, _ = fitSumsOf(len(read.fits), read.fits.of, rules, p.fit)
			} else {
				fit, _, _ = fitSums(rebuilt, rules, p.fit)
			}
			fit.FitFor = now.Format(parseDay)
			fit.FitMillis = time.Since(start).Milliseconds()
			p.fit = fit
		}
		// Not after a bulk load (or the first build of the stats): scoring
		// every customer again would lengthen the import, and the first
		// agenda builds the watch instead.
		if fm := p.fit.fitModels(); p.base == nil && p.fit.HasValue() && fm.models != nil {
			head := churnWatchHead{Day: now.Format(parseDay), Fit: fitKey(p.fit), Share: rules.ChurnTopShare, PAlive: rules.ChurnPAlive, Seq: seq}
			// (a refit is made on the summaries the scores read)
			scores := make([]churnScore, read.n)
			fm.scoreChurnEach(len(read.fits), read.fits.of, func(k int, c churnScore) { scores[read.at[k]] = c })
			p.watch = buildChurnWatch(head, ids, scores)
		}
	}()
	return p, nil
}

// fitSum is a customer's summary as a refit and its churn scores read it:
// its stats and mean repeat spend.
type fitSum struct {
	model.Stats
	repeat float64
}

// refitSums is a refit's summaries in order.
type refitSums []fitSum

func (f refitSums) of(i int) (model.Stats, float64) { return f[i].Stats, f[i].repeat }

// modelSums is what a day's refit and churn scores read of n live
// customers: fits[k] is the summary as of the day of the customer at
// position at[k], from its stored stats; a customer without stats, or
// whose stats give no summary that day, has none. Each summary is kept in
// 32 bytes instead of a model.Summary's 80: at a million customers they
// live as long as the fit and the scores.
type modelSums struct {
	fits refitSums
	at   []int32
	n    int
}

// sumsOfStats is the modelSums of the customers whose stored stats are
// stats (in order) as of day today.
func sumsOfStats(stats []sql.Null[modelStats], today int64) *modelSums {
	m := &modelSums{n: len(stats)}
	for i, st := range stats {
		m.add(st, today, i)
	}
	return m
}

// add adds the summary as of today of the customer at position i whose
// stored stats are st (nothing when none).
func (m *modelSums) add(st sql.Null[modelStats], today int64, i int) {
	if !st.Valid {
		return
	}
	if s, ok := model.SummaryAsOf(st.V.x, st.V.first, st.V.last, st.V.spend, today); ok {
		m.fits = append(m.fits, fitSum{Stats: s.Stats, repeat: s.RepeatSpend})
		m.at = append(m.at, int32(i))
	}
}

// wait waits for the fit and returns it.
func (p *modelPlan) wait() ModelFit {
	if p.done != nil {
		<-p.done
	}
	return p.fit
}

// write stores the rebuilt stats that changed (guarded by the customer's
// purchase count and spend as they were read: a purchase logged meanwhile
// has kept its customer's stats itself), the new fit and the churn watch.
func (p *modelPlan) write(ctx context.Context, tx *sql.Tx) error {
	fit := p.wait()
	if p.base != nil {
		// The watch is built from the stats written here: their changes are
		// not recorded for it.
		creates, err := suspendChurnTriggers(ctx, tx)
		if err != nil {
			return err
		}
		if err := p.writeStats(ctx, tx); err != nil {
			return err
		}
		for _, c := range creates {
			if _, err := tx.ExecContext(ctx, c); err != nil {
				return fmt.Errorf("churn watch: %w", err)
			}
		}
	}
	switch {
	case p.watch != nil:
		// A customer changed since the stats were read drops the watch:
		// the next agenda scores everyone and builds it again.
		if err := p.watch.write(ctx, tx, false, true); err != nil {
			return err
		}
	case p.base != nil || p.refit && !fit.HasValue():
		if err := dropChurnWatch(ctx, tx); err != nil {
			return err
		}
	}
	if !p.refit {
		return nil
	}
	b, err := json.Marshal(fit)
	if err != nil {
		return fmt.Errorf("model: write the fit: %w", err)
	}
	if err := putSetting(ctx, tx, modelFitKey, b); err != nil {
		return fmt.Errorf("model: write the fit: %w", err)
	}
	return nil
}

func (p *modelPlan) writeStats(ctx context.Context, tx *sql.Tx) error {
	q := "UPDATE customers SET m_x = ?, m_first = ?, m_last = ?, m_spend = ?"
	if !p.built {
		// The values stored before the model was computed when read are
		// emptied with the first build: nothing reads them any more.
		q += ", p_alive = NULL, exp_purchases = NULL, clv = NULL, clv_alive = NULL, model_note = ''"
	}
	upd, err := tx.PrepareContext(ctx, q+" WHERE id = ? AND purchases = ? AND total_spend = ?")
	if err != nil {
		return fmt.Errorf("model: write stats: %w", err)
	}
	defer upd.Close()
	b := p.base
	for i, id := range b.ids {
		var st sql.Null[modelStats]
		if b.has[i] {
			st = sql.Null[modelStats]{V: statsOf(b.sums[i]), Valid: true}
		}
		if p.built && st == b.stored[i] {
			continue
		}
		g := b.guards[i]
		if _, err := upd.ExecContext(ctx, append(statsArgs(st), id, g.purchases, g.spend)...); err != nil {
			return fmt.Errorf("model: write stats: %w", err)
		}
	}
	if err := putSettingText(ctx, tx, statsKey, "1"); err != nil {
		return fmt.Errorf("model: write stats: %w", err)
	}
	return nil
}

// statsArgs are the m_* column values of st (NULL without a purchase).
func statsArgs(st sql.Null[modelStats]) []any {
	if !st.Valid {
		return []any{nil, nil, nil, nil}
	}
	return []any{st.V.x, st.V.first, st.V.last, st.V.spend}
}

// restatTx recomputes one customer's model stats inside tx from its
// purchases: a purchase or refund moves its customer's P(alive) and value
// at once, with the parameters of the last fit.
func (s *Store) restatTx(ctx context.Context, tx *sql.Tx, id int64) error {
	rows, err := tx.QueryContext(ctx, "SELECT date, amount FROM purchases WHERE customer_id = ? ORDER BY date", id)
	if err != nil {
		return fmt.Errorf("model: read purchases of %d: %w", id, err)
	}
	var sum customerSum
	sum.reset(id)
	for rows.Next() {
		var date string
		var amount int64
		if err := rows.Scan(&date, &amount); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
			return fmt.Errorf("model: read purchases of %d: %w", id, err)
		}
		sum.add(day(date), amount)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("model: read purchases of %d: %w", id, err)
	}
	var st sql.Null[modelStats]
	if summary, ok := sum.summary(s.now()); ok {
		st = sql.Null[modelStats]{V: statsOf(summary), Valid: true}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE customers SET m_x = ?, m_first = ?, m_last = ?, m_spend = ? WHERE id = ?", append(statsArgs(st), id)...); err != nil {
		return fmt.Errorf("model: write stats of %d: %w", id, err)
	}
	return nil
}
