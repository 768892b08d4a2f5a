package store

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/kehu-app/kehu/tiering"
)

// previewTheRegradeWay is the preview as it was computed before the
// chunked read, kept here as the oracle: every customer's inputs read
// through the day's regrade's read (readTiers), graded with GradeAll and
// counted one customer at a time into maps.
func previewTheRegradeWay(t *testing.T, st *Store, r tiering.Rules) RulesPreview {
	t.Helper()
	ctx := context.Background()
	ws := r.WindowStart(st.now()).Format(parseDay)
	stored, err := storedWindow(ctx, st.db)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := st.readTiers(ctx, st.db, ws, stored != ws, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.fillDimensions(ctx, st.db, r, snap.ids, snap.inputs, 0); err != nil {
		t.Fatal(err)
	}
	_, results := tiering.GradeAll(snap.inputs, r, st.now())
	p := newRulesPreview(len(snap.inputs))
	named := map[int64]string{}
	for i, res := range results {
		was := snap.curs[i].grade
		p.Before[was]++
		p.After[res.Grade]++
		if res.Grade != was {
			p.Changes++
			m := was + "→" + res.Grade
			p.Moves[m]++
			if p.Moves[m] <= PreviewNames {
				named[snap.ids[i]] = m
			}
		}
	}
	if err := p.name(ctx, st.db, named); err != nil {
		t.Fatal(err)
	}
	return p
}

// previewMatchesTheRegradeWay fails when the full preview of r, read in
// chunks of any size, differs from the oracle's.
func previewMatchesTheRegradeWay(t *testing.T, st *Store, r tiering.Rules, what string) {
	t.Helper()
	want := previewTheRegradeWay(t, st, r)
	for _, chunk := range []int64{1, 3, previewChunk} {
		got, err := st.previewGraded(context.Background(), r, chunk)
		if err != nil {
			t.Fatalf("%s: chunks of %d: %v", what, chunk, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: chunks of %d\n got %+v\nwant %+v", what, chunk, got, want)
		}
	}
}

// storedGrades reads every live customer's grade column.
func storedGrades(t *testing.T, st *Store) map[int64]string {
	t.Helper()
	rows, err := st.db.Query("SELECT id, grade FROM customers WHERE deleted_at IS NULL")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var g string
		if err := rows.Scan(&id, &g); err != nil {
			t.Fatal(err)
		}
		out[id] = g
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// By hand, on 22 Nov 2026: 王芳 #1 bought 200 yuan on 1 Mar and 300 on
// 20 Nov (264 days apart); 李雷 #2 never bought and is pinned to B; 赵六
// #3 bought and is in the trash; 张伟, moved to #11, bought 500 yuan on 1
// Jun 2025, before either window; 陈静 #12 was imported with 3 purchases
// worth 800 yuan, the last on 10 Oct 2026. The 365-day window (the stored
// one: counts from the win_* columns) starts 23 Nov 2025 and holds both
// of 王芳's purchases and 陈静's opening ones; a 90-day window (counted from
// the purchase log) starts 25 Aug 2026 and holds 王芳's 300 and 陈静's
// opening figures. However the ids are cut into chunks, the read is the
// same four customers in id order.
func TestPreviewInputsByHand(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	wang := mustAdd(t, st, map[string]string{"name": "王芳"})
	li := mustAdd(t, st, map[string]string{"name": "李雷"})
	zhao := mustAdd(t, st, map[string]string{"name": "赵六"})
	zhang := mustAdd(t, st, map[string]string{"name": "张伟"})
	if _, err := st.SetField(ctx, li, "pinned", "B"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec("UPDATE customers SET id = 11 WHERE id = ?", zhang); err != nil {
		t.Fatal(err)
	}
	for _, b := range []struct {
		id int64
		p  PurchaseInput
	}{
		{wang, PurchaseInput{Amount: "200", Date: "2026-03-01"}},
		{wang, PurchaseInput{Amount: "300", Date: "2026-11-20"}},
		{zhao, PurchaseInput{Amount: "100", Date: "2026-10-01"}},
		{11, PurchaseInput{Amount: "500", Date: "2025-06-01"}},
	} {
		if _, _, err := st.AddPurchase(ctx, b.id, b.p); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Delete(ctx, zhao); err != nil {
		t.Fatal(err)
	}
	rows := func(yield func(ImportRow, error) bool) {
		yield(ImportRow{Line: 2, Values: map[string]any{"name": "陈静"},
			Opening: &Opening{Spend: 80000, Count: 3, Last: "2026-10-10", HasSpend: true, HasCount: true, HasLast: true}}, nil)
	}
	if _, err := st.ImportRows(ctx, ImportOptions{Keys: []string{"name"}, Rows: 1}, iter.Seq2[ImportRow, error](rows)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RegradeToday(ctx); err != nil {
		t.Fatal(err)
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	short := rules
	short.WindowDays = 90
	d := day
	year := []tiering.Input{
		{ID: 1, FirstPurchase: d("2026-03-01"), LastPurchase: d("2026-11-20"), Purchases: 2, Frequency: 2, Monetary: 50000, MedianGapDays: 264},
		{ID: 2, Pinned: "B"},
		{ID: 11, FirstPurchase: d("2025-06-01"), LastPurchase: d("2025-06-01"), Purchases: 1},
		{ID: 12, FirstPurchase: d("2026-10-10"), LastPurchase: d("2026-10-10"), Purchases: 3, Frequency: 3, Monetary: 80000},
	}
	quarter := slices.Clone(year)
	quarter[0].Frequency, quarter[0].Monetary = 1, 30000
	grades := storedGrades(t, st)
	wantGrades := []string{grades[1], grades[2], grades[11], grades[12]}
	if grades[2] != "B" || len(grades) != 4 {
		t.Fatalf("stored grades %v: want four customers, 李雷 pinned to B", grades)
	}
	for _, tc := range []struct {
		what  string
		rules tiering.Rules
		want  []tiering.Input
	}{{"365 days", rules, year}, {"90 days", short, quarter}} {
		for _, chunk := range []int64{1, 2, 3, 5, previewChunk} {
			ids, inputs, got, err := st.previewInputs(ctx, tc.rules, chunk)
			if err != nil {
				t.Fatalf("%s, chunks of %d: %v", tc.what, chunk, err)
			}
			if want := []int64{1, 2, 11, 12}; !reflect.DeepEqual(ids, want) {
				t.Errorf("%s, chunks of %d: ids %v, want %v", tc.what, chunk, ids, want)
			}
			if !reflect.DeepEqual(inputs, tc.want) {
				t.Errorf("%s, chunks of %d: inputs\n got %+v\nwant %+v", tc.what, chunk, inputs, tc.want)
			}
			if !reflect.DeepEqual(got, wantGrades) {
				t.Errorf("%s, chunks of %d: grades %v, want %v", tc.what, chunk, got, wantGrades)
			}
		}
	}
}

// An empty ledger, and one whose customers are all in the trash, preview
// as no one.
func TestPreviewInputsOfNoOne(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := RulesPreview{Before: map[string]int{"A": 0, "B": 0, "C": 0, "D": 0}, After: map[string]int{"A": 0, "B": 0, "C": 0, "D": 0},
		Moves: map[string]int{}, Names: map[string][]string{}}
	for _, step := range []string{"empty", "all in the trash"} {
		if step == "all in the trash" {
			id := mustAdd(t, st, map[string]string{"name": "王芳"})
			if err := st.Delete(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		p, err := st.previewGraded(ctx, rules, 2)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if !reflect.DeepEqual(p, want) {
			t.Errorf("%s: preview %+v, want %+v", step, p, want)
		}
	}
}

// mixedLedger is a ledger of 165 live customers graded today, with gaps
// in its ids, 15 customers in the trash, pins, potentials, refunds and 30
// imported with opening figures; rng drew its purchases.
func mixedLedger(t *testing.T, rng *rand.Rand) *Store {
	t.Helper()
	ctx := context.Background()
	st := openTest(t)
	var ids []int64
	for i := range 150 {
		ids = append(ids, mustAdd(t, st, map[string]string{"name": fmt.Sprintf("客户%03d", i)}))
	}
	// gaps: some customers moved to far ids
	for i, id := range ids[:10] {
		newID := int64(1000 + 37*i)
		if _, err := st.db.Exec("UPDATE customers SET id = ? WHERE id = ?", newID, id); err != nil {
			t.Fatal(err)
		}
		ids[i] = newID
	}
	for range 500 {
		fen := 100 + rng.IntN(90000)
		amount := fmt.Sprintf("%d.%02d", fen/100, fen%100)
		if rng.IntN(8) == 0 {
			amount = "-" + fmt.Sprint(1+rng.IntN(50))
		}
		date := fixedNow.AddDate(0, 0, -rng.IntN(600)).Format(parseDay)
		_, _, _ = st.AddPurchase(ctx, ids[rng.IntN(len(ids))], PurchaseInput{Amount: amount, Date: date}) // a refund larger than the spend is refused
	}
	for i, id := range ids[20:30] {
		if _, err := st.SetField(ctx, id, "pinned", []string{"A", "b", "C", "D", ""}[i%5]); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SetField(ctx, id, "potential", fmt.Sprint(i%6)); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range ids[40:55] {
		if err := st.Delete(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	rows := func(yield func(ImportRow, error) bool) {
		for i := range 30 {
			o := &Opening{Spend: int64(1+rng.IntN(5000)) * 100, Count: int64(1 + rng.IntN(5)),
				Last: fixedNow.AddDate(0, 0, -rng.IntN(500)).Format(parseDay), HasSpend: true, HasCount: true, HasLast: true}
			if !yield(ImportRow{Line: i + 2, Values: map[string]any{"name": fmt.Sprintf("导入%02d", i)}, Opening: o}, nil) {
				return
			}
		}
	}
	if _, err := st.ImportRows(ctx, ImportOptions{Keys: []string{"name"}, Rows: 30}, iter.Seq2[ImportRow, error](rows)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RegradeToday(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

// Over a ledger with gaps in its ids, customers in the trash, pins,
// refunds and imported opening figures, the chunked read gives exactly the
// day's regrade's read (ids, inputs, grades), in both window modes and for
// any chunk size; and the preview, every count, move and name, that
// grading everyone through the regrade's read gives.
func TestPreviewInputsMatchTheRegradeRead(t *testing.T) {
	ctx := context.Background()
	st := mixedLedger(t, rand.New(rand.NewPCG(7, 19)))
	stored, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	live := len(storedGrades(t, st))
	if live != 150-15+30 {
		t.Fatalf("%d live customers, want 165", live)
	}
	for _, days := range []int{stored.WindowDays, 90, 200, 700} {
		r := stored
		r.WindowDays = days
		r.WeightM += 0.1
		ws := r.WindowStart(st.now()).Format(parseDay)
		want, err := st.readTiers(ctx, st.db, ws, days != stored.WindowDays, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		wantGrades := make([]string, len(want.curs))
		for i, c := range want.curs {
			wantGrades[i] = c.grade
		}
		for _, chunk := range []int64{1, 2, 7, 64, previewChunk} {
			gotIDs, gotInputs, gotGrades, err := st.previewInputs(ctx, r, chunk)
			if err != nil {
				t.Fatal(err)
			}
			if len(gotIDs) != live || !reflect.DeepEqual(gotIDs, want.ids) || !reflect.DeepEqual(gotInputs, want.inputs) || !reflect.DeepEqual(gotGrades, wantGrades) {
				t.Fatalf("window %d days, chunks of %d: the chunked read differs from the regrade's (%d against %d customers)", days, chunk, len(gotIDs), len(want.ids))
			}
		}
		previewMatchesTheRegradeWay(t, st, r, fmt.Sprintf("window %d days", days))
	}
}
