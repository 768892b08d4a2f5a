package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/tiering"
)

// Over a ledger with gaps in its ids, customers in the trash, pins,
// refunds and imported opening figures, the preview by brief gives, for
// rules that score differently in every way a brief can grade (weights,
// modes, thresholds, bonus, lines, windows kept and counted from the
// purchase log) and any chunk size, every count, move and name that
// grading everyone from their full inputs through the day's regrade's read
// gives.
func TestPreviewBriefsMatchTheRegradeWay(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(19, 2026))
	st := mixedLedger(t, rng)
	stored, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Two imported on the first day of a window, whose opening figures are
	// in it: the stored 365-day one and a 90-day one.
	var edges []ImportRow
	for i, days := range []int{stored.WindowDays, 90} {
		r := stored
		r.WindowDays = days
		o := &Opening{Spend: 123400, Count: 2, Last: r.WindowStart(st.now()).Format(parseDay), HasSpend: true, HasCount: true, HasLast: true}
		edges = append(edges, ImportRow{Line: i + 2, Values: map[string]any{"name": fmt.Sprintf("边界%d", i)}, Opening: o})
	}
	if _, err := st.ImportRows(ctx, ImportOptions{Keys: []string{"name"}, Rows: len(edges)}, func(yield func(ImportRow, error) bool) {
		for _, e := range edges {
			if !yield(e, nil) {
				return
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	moved := 0
	for round := range 16 {
		r := stored
		r.WeightR, r.WeightF, r.WeightM = rng.Float64(), rng.Float64(), rng.Float64()
		for _, d := range []*tiering.DimRule{&r.R, &r.F, &r.M} {
			if rng.IntN(3) == 0 {
				d.Mode = tiering.ModeAbsolute
			}
		}
		r.PotentialBonus = float64(rng.IntN(20))
		r.GradeB = float64(20 + rng.IntN(40))
		r.GradeA = r.GradeB + float64(rng.IntN(30))
		r.WindowDays = []int{stored.WindowDays, 90, 200, 700}[round%4]
		if err := r.Validate(); err != nil {
			t.Fatal(err)
		}
		want := previewTheRegradeWay(t, st, r)
		moved += want.Changes
		for _, chunk := range []int64{1, 5, previewChunk} {
			got, ok, err := st.previewBriefs(ctx, r, chunk)
			if err != nil || !ok {
				t.Fatalf("round %d, chunks of %d: graded by brief %v, %v", round, chunk, ok, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d (%+v), chunks of %d\n got %+v\nwant %+v", round, r, chunk, got, want)
			}
		}
	}
	if moved == 0 {
		t.Fatal("no rules moved anyone: the comparison proves nothing")
	}
}

// A stored grade that is not one letter (written behind kehu's back) is
// counted as it is: the preview grades everyone from their full inputs.
// Of the three customers, 王芳 bought today and grades C under the default
// rules, 李雷 and 张伟 never bought (D); 李雷's stored grade is ” and 张伟's
// 'AA'.
func TestPreviewOfOddStoredGrades(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	wang := mustAdd(t, st, map[string]string{"name": "王芳"})
	li := mustAdd(t, st, map[string]string{"name": "李雷"})
	zhang := mustAdd(t, st, map[string]string{"name": "张伟"})
	if _, _, err := st.AddPurchase(ctx, wang, PurchaseInput{Amount: "300", Date: fixedNow.Format(parseDay)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RegradeAll(ctx, ReasonCuts); err != nil {
		t.Fatal(err)
	}
	for id, g := range map[int64]string{li: "", zhang: "AA"} {
		if _, err := st.db.Exec("UPDATE customers SET grade = ? WHERE id = ?", g, id); err != nil {
			t.Fatal(err)
		}
	}
	r, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r.WeightM += 0.1
	if _, ok, err := st.previewBriefs(ctx, r, previewChunk); ok || err != nil {
		t.Fatalf("graded by brief: %v, %v", ok, err)
	}
	got, err := st.previewFull(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	want := RulesPreview{Customers: 3, Changes: 2,
		Before: map[string]int{"A": 0, "B": 0, "C": 1, "D": 0, "": 1, "AA": 1},
		After:  map[string]int{"A": 0, "B": 0, "C": 1, "D": 2},
		Moves:  map[string]int{"→D": 1, "AA→D": 1},
		Names:  map[string][]string{"→D": {"李雷"}, "AA→D": {"张伟"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("preview\n got %+v\nwant %+v", got, want)
	}
}

// The brief read, too, stops at the ids it made slots for: a customer
// added after the slots were made, in the last chunk's range of ids, is
// left out instead of written past them.
func TestBriefReadLeavesOutACustomerAddedMeanwhile(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	for _, name := range []string{"甲", "乙", "丙", "丁", "戊"} {
		mustAdd(t, st, map[string]string{"name": name})
	}
	// chunks of 4 over ids 1..5: the second covers ids 5..8
	tab := &briefTable{ws: "2025-11-22", briefs: make([]tiering.Brief, 5), was: make([]byte, 5)}
	tab.init(1, 5, 4)
	mustAdd(t, st, map[string]string{"name": "新客"})
	if err := st.readChunks(ctx, tab); err != nil {
		t.Fatal(err)
	}
	if got := string(tab.was); got != "DDDDD" {
		t.Errorf("stored grades read %q, want DDDDD (ids 1 to 5)", got)
	}
}

// The brief read of a tier_in value is the full read's (unpack, then the
// inputs under the window, then their brief), and fails where it fails:
// over rows as SQLite packs them and rows with every field drawn from
// good and bad values (too few or many fields, bad or overlong numbers,
// spends and gaps out of a double's range,
// dates that are no date, pins and grades of any length), in both window
// modes.
func TestBriefReadIsTheFullRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 15))
	const ws = "2025-11-23"
	ints := []string{"0", "7", "-3", "12", "3596000", "-", "", "1x", "999999999999999999", "1000000000000000000", "-999999999999999999", "+5", " 1"}
	floats := []string{"0.0", "21.0", "6.5", "-0.5", "1e3", "1.0e+20", "Inf", ".5", "5.", "1.2.3", "x", "",
		strings.Repeat("9", 20) + ".0", "1" + strings.Repeat("0", 400) + ".0"}
	dates := []string{"", "2025-11-22", ws, "2026-11-02", "2026-02-30", "2026-2-3", "0001-01-01", "x"}
	names := []string{"", "A", "b", "D", "AB", "x", "Ａ"}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	rows := []string{
		"14,21.0,3,0,0,12,3596000,81.0,2025-11-05,2026-11-02,,,A,general_value,active",
		"0,0.0,3,0,0,0,0,6.0,,,,,D,,prospect",
		"3,0.0,0,80000,3,0,0,0.0,2026-10-10,2026-10-10,2026-10-10,,C,,active",
		"3,0.0,0,80000,3,0,0,0.0,2026-10-10,2025-11-23,2025-11-23,b,C,,active",
		"3,0.0,0,80000,3,0,0,0.0,2026-10-10,2025-11-22,2025-11-22,,C,,active",
		"14,21.0,3,0,0,12,3596000,81.0,2025-11-05,2026-11-02,,,A,general_value",
		"14,21.0,3,0,0,12,3596000,81.0,2025-11-05,2026-11-02,,,A,general_value,active,",
		"14,21.0,3,0,0,12,3596000",
		"",
	}
	for range 3000 {
		f := []string{pick(ints), pick(floats), pick(ints), pick(ints), pick(ints), pick(ints), pick(ints), pick(floats),
			pick(dates), pick(dates), pick(dates), pick(names), pick(names), pick(names), pick(names)}
		switch rng.IntN(10) {
		case 0:
			f = f[:rng.IntN(len(f))]
		case 1:
			f = append(f, pick(names))
		}
		rows = append(rows, strings.Join(f, ","))
	}
	dec, slow := newTierDecoder(), newTierDecoder()
	failed := 0
	for _, row := range rows {
		for _, full := range []bool{false, true} {
			got, grade, err := dec.brief([]byte(row), ws, full)
			r, c, wantErr := slow.unpack([]byte(row))
			if (err != nil) != (wantErr != nil) {
				t.Fatalf("%q: brief read error %v, full read error %v", row, err, wantErr)
			}
			if err != nil {
				failed++
				continue
			}
			freq, spend := c.winCount, c.winSpend
			if full {
				freq, spend = 0, 0
			}
			want := tiering.NewBrief(r.input(1, freq, spend, ws))
			if got != want || string(grade) != c.grade {
				t.Fatalf("%q (full %v): brief %+v grade %q, want %+v grade %q", row, full, got, grade, want, c.grade)
			}
		}
	}
	if failed == 0 || failed == 2*len(rows) {
		t.Fatalf("%d of %d reads failed: the rows do not try both", failed, 2*len(rows))
	}
}
