package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/tiering"
)

// The day's regrade grades from the compact inputs (tiering.Slim) when
// the rules weigh neither loyalty nor extra columns. Over random ledgers
// (purchases and refunds months back, pins, potentials, trashed
// customers), random rules and days that move the window (so purchases
// leave it), its cut points and every customer's grade, score, segment and
// stage are those of grading the full inputs read with the window counted
// from the purchase log, and the grade the old cut points give (the reason
// a move is put down to) is the full inputs' too. The current columns it
// keeps packed are those read whole, a row's written by hand included,
// and the summaries it reads for the model those of the stats read.
func TestRegradeFromSlimsMatchesFullInputs(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(41, 3))
	reasons := map[string]int{}
	for round := range 3 {
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.Local)
		st, err := Open(filepath.Join(t.TempDir(), fmt.Sprintf("l%d.db", round)), WithClock(func() time.Time { return now }))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		ids := make([]int64, 80+rng.IntN(80))
		for i := range ids {
			f := map[string]string{"name": fmt.Sprintf("客户%d", i), "potential": strconv.Itoa(rng.IntN(6))}
			if rng.IntN(8) == 0 {
				f["pinned"] = []string{"A", "b", "C", "d"}[rng.IntN(4)]
			}
			ids[i] = mustAdd(t, st, f)
		}
		spent := map[int64]int64{}
		for range 400 {
			id := ids[rng.IntN(len(ids))]
			fen := int64(100 + rng.IntN(80000))
			if rng.IntN(8) == 0 && spent[id] > 200 {
				fen = -(1 + rng.Int64N(spent[id]/2))
			}
			spent[id] += fen
			amount := fmt.Sprintf("%d.%02d", fen/100, fen%100)
			if fen < 0 {
				amount = fmt.Sprintf("-%d.%02d", -fen/100, -fen%100)
			}
			in := PurchaseInput{Amount: amount, Date: now.AddDate(0, 0, -rng.IntN(500)).Format(parseDay)}
			if _, _, err := st.AddPurchase(ctx, id, in); err != nil {
				t.Fatalf("purchase %v for %d: %v", in, id, err)
			}
		}
		mustAdd(t, st, map[string]string{"name": "潜在客户"}) // never buys: no summary
		for range 5 {
			if err := st.Delete(ctx, ids[rng.IntN(len(ids))]); err != nil {
				t.Fatal(err)
			}
		}
		rules := tiering.DefaultRules()
		for _, d := range []*tiering.DimRule{&rules.R, &rules.F, &rules.M} {
			if rng.IntN(3) == 0 {
				d.Mode = tiering.ModeAbsolute
			}
		}
		rules.WeightR, rules.WeightF, rules.WeightM = rng.Float64(), rng.Float64(), rng.Float64()
		rules.PotentialBonus = float64(rng.IntN(20))
		if _, err := st.SetRules(ctx, rules); err != nil {
			t.Fatal(err)
		}
		moved := 0
		for step := range 3 {
			now = now.AddDate(0, 0, 1+rng.IntN(60))
			// a row written by hand holds values no grading writes: its
			// columns are kept whole, not packed
			odd := ids[rng.IntN(len(ids))]
			if _, err := st.db.Exec("UPDATE customers SET grade = '甲', segment = 'vip', stage = '?' WHERE id = ? AND deleted_at IS NULL", odd); err != nil {
				t.Fatal(err)
			}
			g, err := st.planRegrade(ctx, st.db, true, ReasonCuts, true, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !g.slim || g.graded == nil || g.snap.packed == nil || g.snap.curs != nil {
				t.Fatalf("round %d step %d: the regrade did not grade from compact inputs", round, step)
			}
			if step == 0 && g.advanceFrom == "" {
				t.Fatalf("round %d: the window did not move", round)
			}
			full, err := st.readTiersChunked(ctx, g.ws, true, false, false, 0)
			if err != nil {
				t.Fatal(err)
			}
			// the summaries read for the model are those of the stats read
			today := model.DayNumber(now)
			withSums, err := st.readTiersChunked(ctx, g.ws, false, true, true, today)
			if err != nil {
				t.Fatal(err)
			}
			withStats, err := st.readTiersParallel(ctx, g.ws, false, true)
			if err != nil {
				t.Fatal(err)
			}
			if want := sumsOfStats(withStats.stats, today); withSums.stats != nil || !reflect.DeepEqual(withSums.sums, want) {
				t.Fatalf("round %d step %d: summaries read %+v, want %+v", round, step, withSums.sums, want)
			}
			if len(withSums.sums.fits) == 0 || len(withSums.sums.fits) == len(full.ids) {
				t.Fatalf("round %d step %d: %d of %d customers with a summary", round, step, len(withSums.sums.fits), len(full.ids))
			}
			wantCuts, want := tiering.GradeAll(full.inputs, g.rules, now)
			if g.cuts != wantCuts {
				t.Fatalf("round %d step %d: cut points %+v, want %+v", round, step, g.cuts, wantCuts)
			}
			if len(g.snap.ids) != len(full.ids) || len(full.ids) < len(ids)-5 {
				t.Fatalf("round %d step %d: %d customers graded, %d read", round, step, len(g.snap.ids), len(full.ids))
			}
			for i, id := range full.ids {
				got, w := g.result(i), want[i]
				if g.snap.ids[i] != id || got.Grade != w.Grade || got.Score != w.Score || got.Segment != w.Segment || got.Stage != w.Stage {
					t.Fatalf("round %d step %d: customer %d graded %+v, want %+v", round, step, id, got, w)
				}
				if c := g.snap.cur(i); c != full.curs[i] {
					t.Fatalf("round %d step %d: customer %d's current columns %+v, want %+v", round, step, id, c, full.curs[i])
				}
				if w.Grade != full.curs[i].grade {
					moved++
					want := ReasonTime
					if g.rep.CutsChanged && tiering.Grade(full.inputs[i], g.oldCuts, g.rules, now).Grade == full.curs[i].grade {
						want = ReasonCuts
					}
					reasons[want]++
					if got := g.reasonFor(i); got != want {
						t.Fatalf("round %d step %d: customer %d's move put down to %s, want %s", round, step, id, got, want)
					}
				}
			}
			if _, err := st.RegradeAll(ctx, ReasonCuts); err != nil {
				t.Fatal(err)
			}
		}
		if moved == 0 {
			t.Errorf("round %d: no grade moved", round)
		}
	}
	if reasons[ReasonCuts] == 0 || reasons[ReasonTime] == 0 {
		t.Errorf("moves put down to the cut points and to time: %v, want some of each", reasons)
	}
}
