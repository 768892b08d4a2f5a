package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
)

// The churn watch gives exactly the churn candidates scoring every
// customer gives, over a ledger with a fit that is written to at random
// (purchases, refunds, new customers, the trash, restores, contacts, undo,
// merges, pinned grades, owners, new grade lines, imports) while the days
// move forward: the watch is rebuilt by the day's
// regrade and brought up to date with each write by what the triggers
// recorded. It must answer by itself for most of the checks, or it would
// not be what the agenda reads.
func TestChurnWatchEqualsScoringEveryone(t *testing.T) {
	ctx := context.Background()
	now := time.Date(1998, 6, 30, 10, 0, 0, 0, time.Local)
	st := cdnowStore(t, &now)
	if _, _, err := st.RegradeIfStale(ctx); err != nil {
		t.Fatal(err)
	}
	// Every third customer is 小王's: the watch must narrow to one owner's
	// customers as the full scoring does.
	if err := st.AddStaff(ctx, "小王"); err != nil {
		t.Fatal(err)
	}
	for id := int64(3); id <= 2357; id += 3 {
		if _, err := st.SetField(ctx, id, "owner", "小王"); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(19, 2026))
	var checks, answered, nonEmpty, ownersNonEmpty int
	var listed []store.ChurnEntry // the last candidates: written to more often
	check := func(step string) {
		t.Helper()
		fast, slow, ok, err := st.ChurnBothWays(ctx, "")
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		checks++
		listed = slow
		if len(slow) > 0 {
			nonEmpty++
		}
		if !ok {
			t.Logf("not answered: %s", step)
			return
		}
		answered++
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%s: the watch lists %d candidates, scoring everyone %d:\nwatch %v\nall   %v", step, len(fast), len(slow), head(fast), head(slow))
		}
		fast, slow, ok, err = st.ChurnBothWays(ctx, "小王")
		if err != nil || !ok {
			t.Fatalf("%s: 小王's candidates: answered %v, %v", step, ok, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%s: the watch lists %d of 小王's candidates, scoring everyone %d:\nwatch %v\nall   %v", step, len(fast), len(slow), head(fast), head(slow))
		}
		if len(slow) > 0 {
			ownersNonEmpty++
		}
	}
	// A load drops the watch; the first agenda scores everyone and builds it.
	if _, err := st.Agenda(ctx, ""); err != nil {
		t.Fatal(err)
	}
	check("after the load and an agenda")
	pick := func() int64 {
		if len(listed) > 0 && rng.IntN(2) == 0 {
			return listed[rng.IntN(len(listed))].ID
		}
		return int64(1 + rng.IntN(2357))
	}
	var trashed []int64
	for day := range 5 {
		if day > 0 {
			now = now.AddDate(0, 0, 1+rng.IntN(20))
			if _, _, err := st.RegradeIfStale(ctx); err != nil {
				t.Fatal(err)
			}
			check(fmt.Sprintf("day %d: after the regrade", day))
		}
		for op := range 40 {
			id := pick()
			var what string
			var err error
			switch r := rng.IntN(100); {
			case r < 35:
				what = fmt.Sprintf("purchase by %d", id)
				_, _, err = st.AddPurchase(ctx, id, store.PurchaseInput{Amount: fmt.Sprint(5 + rng.IntN(300)), Date: now.AddDate(0, 0, -rng.IntN(30)).Format("2006-01-02")})
			case r < 45:
				what = fmt.Sprintf("refund to %d", id)
				_, _, err = st.AddPurchase(ctx, id, store.PurchaseInput{Amount: "-1"})
			case r < 55:
				what = fmt.Sprintf("trash %d", id)
				err = st.Delete(ctx, id)
				trashed = append(trashed, id)
			case r < 62 && len(trashed) > 0:
				id = trashed[rng.IntN(len(trashed))]
				what = fmt.Sprintf("restore %d", id)
				err = st.Restore(ctx, id)
			case r < 70:
				what = "new customer"
				_, err = st.AddCustomer(ctx, map[string]string{"name": fmt.Sprintf("新客 %d %d", day, op)})
			case r < 80:
				what = fmt.Sprintf("contact %d", id)
				_, err = st.AddContact(ctx, id, store.ContactInput{Channel: "phone", Summary: "回访"})
			case r < 85:
				drop := pick()
				what = fmt.Sprintf("merge %d into %d", drop, id)
				if drop != id {
					_, err = st.Merge(ctx, id, drop, store.MergeOptions{})
				}
			case r < 89:
				// a pinned grade moves the customer's grade, nothing else
				pin := []string{"", "A", "B", "C", "D"}[rng.IntN(5)]
				what = fmt.Sprintf("pin %d to %q", id, pin)
				_, err = st.SetField(ctx, id, "pinned", pin)
			case r < 91:
				owner := []string{"", "小王"}[rng.IntN(2)]
				what = fmt.Sprintf("owner of %d: %q", id, owner)
				_, err = st.SetField(ctx, id, "owner", owner)
			case r < 93:
				// new grade lines move many grades at once
				rules, rerr := st.Rules(ctx)
				if rerr != nil {
					t.Fatal(rerr)
				}
				rules.GradeB = float64(20 + rng.IntN(40))
				rules.GradeA = rules.GradeB + float64(rng.IntN(30))
				what = fmt.Sprintf("grade lines %v, %v", rules.GradeB, rules.GradeA)
				_, err = st.SetRules(ctx, rules)
			case r < 95:
				what = "import"
				_, err = st.ImportRows(ctx, store.ImportOptions{Keys: []string{"name"}, Rows: 2}, func(yield func(store.ImportRow, error) bool) {
					for i := range 2 {
						if !yield(store.ImportRow{Line: i + 2, Values: map[string]any{"name": fmt.Sprintf("导入 %d %d %d", day, op, i)}}, nil) {
							return
						}
					}
				})
			default:
				what = "undo"
				_, err = st.Undo(ctx)
			}
			if err != nil {
				// a write the ledger refuses (a refund over the spend, a
				// customer already trashed or merged away) changes nothing
				what += " (refused)"
			}
			check(fmt.Sprintf("day %d, op %d: %s", day, op, what))
		}
	}
	// The agenda lists the first of them, in that order.
	a, err := st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var got, want []int64
	for _, it := range a.Churn {
		if it.PAlive != nil {
			got = append(got, it.CustomerID)
		}
	}
	for _, e := range listed[:min(len(listed), store.AgendaLimit)] {
		want = append(want, e.ID)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the agenda's churn warnings by the models %v, want %v", got, want)
	}
	if answered < checks*9/10 || nonEmpty < checks*9/10 {
		t.Errorf("the watch answered %d of %d checks; %d had candidates", answered, checks, nonEmpty)
	}
	if ownersNonEmpty < answered*9/10 {
		t.Errorf("小王 had candidates in %d of %d answered checks", ownersNonEmpty, answered)
	}
}

func head(es []store.ChurnEntry) []store.ChurnEntry { return es[:min(len(es), 5)] }
