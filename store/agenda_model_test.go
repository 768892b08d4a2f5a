package store_test

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/cdnowtest"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// cdnowStore is the public CDNOW sample (2,357 customers, 1997-01-01 to
// 1998-06-30) bulk-loaded with the clock at now, dollars as yuan.
func cdnowStore(t *testing.T, now *time.Time) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "cdnow.db"), store.WithClock(func() time.Time { return *now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cdnowtest.Load(t, st, filepath.Join("..", "model", "testdata", "CDNOW_sample.txt"))
	return st
}

// With a fit, the churn warnings are the customers the model thinks are
// slipping (P(alive) below 0.5) among the most valuable fifth, largest value
// at risk first, each with its probability and value in the reason; the
// stage rule speaks only for customers without a P(alive). A stricter
// threshold in the rules lists fewer.
func TestAgendaChurnByModel(t *testing.T) {
	ctx := context.Background()
	now := time.Date(1998, 6, 30, 10, 0, 0, 0, time.Local)
	st := cdnowStore(t, &now)
	a, err := st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var byModel, byRule int
	prev := int64(math.MaxInt64)
	for _, it := range a.Churn {
		if it.PAlive == nil {
			byRule++
			if cm, err := st.CustomerModel(ctx, it.CustomerID); err != nil || cm.PAliveKnown {
				t.Errorf("%s: a stage-rule warning for a customer with a P(alive) (%v)", it.Name, err)
			}
			continue
		}
		byModel++
		if byRule > 0 {
			t.Errorf("%s: a model warning after the stage rule's", it.Name)
		}
		if *it.PAlive >= 0.5 || it.ValueAtRisk <= 0 || it.ValueAtRisk > prev {
			t.Errorf("%s: P(alive) %v, value at risk %d after %d", it.Name, *it.PAlive, it.ValueAtRisk, prev)
		}
		prev = it.ValueAtRisk
		if it.LastPurchase < "1997-07-01" {
			t.Errorf("%s: last bought %s, churned by the stage rule, not slipping", it.Name, it.LastPurchase)
		}
		if last, _ := time.Parse("2006-01-02", it.LastPurchase); it.Days != int(time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC).Sub(last).Hours()/24) {
			t.Errorf("%s: %d days since the last purchase on %s", it.Name, it.Days, it.LastPurchase)
		}
	}
	if byModel == 0 || a.Totals.Churn != byModel+byRule {
		t.Fatalf("%d warnings by the model, %d by the rule, total %d", byModel, byRule, a.Totals.Churn)
	}
	// The value at risk comes from the stored columns: the first warning's
	// customer is worth value/P(alive)… at least its value at risk.
	first := a.Churn[0]
	cm, err := st.CustomerModel(ctx, first.CustomerID)
	if err != nil || !cm.ValueKnown || math.Abs(*first.PAlive-cm.PAlive) > 1e-12 {
		t.Fatalf("first warning %+v, model %+v, %v", first, cm, err)
	}
	if want := float64(cm.Value) / cm.PAlive * (1 - cm.PAlive); math.Abs(float64(first.ValueAtRisk)-want) > 0.01*want+2 {
		t.Errorf("value at risk %d fen, want about %.0f (clv %d at P(alive) %.4f)", first.ValueAtRisk, want, cm.Value, cm.PAlive)
	}

	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rules.ChurnPAlive = 0.05
	if _, err := st.SetRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	strict, err := st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	strictModel := 0
	for _, it := range strict.Churn {
		if it.PAlive != nil {
			strictModel++
			if *it.PAlive >= 0.05 {
				t.Errorf("%s: P(alive) %v above the rules' 0.05", it.Name, *it.PAlive)
			}
		}
	}
	if strictModel >= byModel {
		t.Errorf("threshold 0.05 lists %d, 0.5 listed %d: want fewer", strictModel, byModel)
	}
}

// The rules' model switch: MBG/NBD gives one-time buyers a probability.
func TestMBGNBDGivesOneTimeBuyersAProbability(t *testing.T) {
	ctx := context.Background()
	now := time.Date(1998, 6, 30, 10, 0, 0, 0, time.Local)
	st := cdnowStore(t, &now)
	id, err := st.Resolve(ctx, "CDNOW 3") // one purchase, 1997-01-01
	if err != nil {
		t.Fatal(err)
	}
	if cm, _ := st.CustomerModel(ctx, id); cm.PAliveKnown || !cm.NoRepeat {
		t.Fatalf("BG/NBD one-time buyer: %+v", cm)
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rules.ChurnModel = tiering.ModelMBGNBD
	if _, err := st.SetRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	cm, err := st.CustomerModel(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if cm.Fit.Kind != "mbg/nbd" || !cm.PAliveKnown || !(cm.PAlive > 0 && cm.PAlive < 1) || cm.NoRepeat {
		t.Errorf("MBG/NBD one-time buyer: %+v, want a probability below 1", cm)
	}
	if lines := strings.Join(cm.Lines(i18n.EN), "\n"); !strings.Contains(lines, "MBG/NBD") {
		t.Errorf("explanation does not name the model: %s", lines)
	}
}
