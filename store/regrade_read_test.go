package store

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// The day's regrade reads every customer in chunks joined by SQLite, with
// the model stats written as text: over a mixed ledger whose stored spends
// are doubles that print long (thirds, tenths, tiny and huge values) and
// whose stats are missing for some, the chunked read gives exactly, to the
// bit, what reading the columns one by one gives: ids, inputs, current
// grades, stats and, with the window counted from the purchase log, the
// window counts; for any chunk size.
func TestRegradeChunkedReadMatchesTheColumns(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 11))
	st := mixedLedger(t, rng)
	odd := []float64{1.0 / 3, 0.1 + 0.2, 2.0 / 3 * 1e-300, 5e-324, math.MaxFloat64, 1e21 + 1, 123456.78901234567, 6435.68965517241, math.Nextafter(1, 2)}
	ids, err := queryColumn[int64](ctx, st.db, "SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	for k, id := range ids {
		var spend any = rng.Float64() * math.Pow(10, float64(rng.IntN(12)-3))
		if k < len(odd) {
			spend = odd[k]
		}
		var x any = rng.IntN(40)
		if k%17 == 5 {
			x = nil // a stat not kept: the customer has none
		}
		if _, err := st.db.Exec("UPDATE customers SET m_x = ?, m_first = ?, m_last = ?, m_spend = ? WHERE id = ?",
			x, 20000+rng.IntN(900), 20500+rng.IntN(400), spend, id); err != nil {
			t.Fatal(err)
		}
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ws := rules.WindowStart(st.now()).Format(parseDay)
	withNull := 0
	for _, full := range []bool{false, true} {
		for _, withStats := range []bool{false, true} {
			want, err := st.readTiers(ctx, st.db, ws, full, 0, withStats)
			if err != nil {
				t.Fatal(err)
			}
			for _, chunk := range []int64{1, 5, previewChunk} {
				got, err := st.readTierChunks(ctx, &previewTable{full: full, ws: ws, curs: true, stats: withStats}, chunk)
				if err != nil {
					t.Fatal(err)
				}
				same := reflect.DeepEqual(got.ids, want.ids) && reflect.DeepEqual(got.inputs, want.inputs) && reflect.DeepEqual(got.cur, want.curs)
				if full && !reflect.DeepEqual(got.newWin, want.newWin) {
					same = false
				}
				if withStats {
					if len(got.stat) != len(want.stats) {
						same = false
					}
					for i := 0; same && i < len(want.stats); i++ {
						g, w := got.stat[i], want.stats[i]
						if g.Valid != w.Valid || g.V.x != w.V.x || g.V.first != w.V.first || g.V.last != w.V.last || math.Float64bits(g.V.spend) != math.Float64bits(w.V.spend) {
							t.Errorf("full %v, chunks of %d: customer %d's stats %+v, want %+v", full, chunk, want.ids[i], g, w)
							same = false
						}
						if !w.Valid {
							withNull++
						}
					}
				} else if got.stat != nil {
					same = false
				}
				if !same || len(got.ids) != 165 {
					t.Fatalf("full %v, stats %v, chunks of %d: the chunked read differs from the columns' (%d against %d customers)", full, withStats, chunk, len(got.ids), len(want.ids))
				}
			}
			snap, err := st.readTiersParallel(ctx, ws, full, withStats)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(snap.ids, want.ids) || !reflect.DeepEqual(snap.curs, want.curs) || len(snap.stats) != len(want.stats) {
				t.Errorf("full %v, stats %v: the regrade's snapshot differs from the columns'", full, withStats)
			}
		}
	}
	if withNull == 0 {
		t.Error("no customer without stats was read")
	}
}

// A customer another process adds after the chunked read has sized its
// slots (from the ids there were) falls in the last chunk's range of ids
// but has no slot: the read leaves it out, as its own write grades it,
// instead of writing past the slots (which panicked under concurrent use).
func TestChunkedReadLeavesOutACustomerAddedMeanwhile(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	for _, name := range []string{"甲", "乙", "丙", "丁", "戊"} {
		mustAdd(t, st, map[string]string{"name": name})
	}
	want := []int64{1, 2, 3, 4, 5}
	for _, stats := range []bool{false, true} {
		tab := &previewTable{ws: "2025-11-22", curs: true, stats: stats}
		// chunks of 4 over ids 1..5 (1..6 the second time): the second
		// chunk covers ids 5..8
		if ok, err := st.makeTierSlots(ctx, tab, 4); err != nil || !ok {
			t.Fatalf("slots: %v, %v", ok, err)
		}
		mustAdd(t, st, map[string]string{"name": "新客"})
		got, err := st.fillTierSlots(ctx, tab)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.ids, want) {
			t.Errorf("stats %v: read ids %v, want %v", stats, got.ids, want)
		}
		want = append(want, int64(len(want)+1)) // the one added is there next time
	}
}
