package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kehu-app/kehu/demo"
	"github.com/kehu-app/kehu/export"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// A generated shop kept day after day (each read regrading what time moved:
// the window advanced by the purchases that left it, cut points moved)
// reads exactly as the same shop graded from scratch on that day: every
// grade, score, segment and stage, the cut points, the agenda and the
// export.
func TestAgingMatchesGradingFromScratch(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)
	now := t0
	kept, err := store.Open(filepath.Join(t.TempDir(), "kept.db"), store.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()
	const customers, seed = 1500, 11
	if _, err := demo.Generate(ctx, kept, demo.Options{Customers: customers, Seed: seed, Now: t0}); err != nil {
		t.Fatal(err)
	}
	for _, days := range []int{1, 30, 91, 366} {
		now = t0.AddDate(0, 0, days)
		rep, ran, err := kept.RegradeIfStale(ctx)
		if err != nil || !ran {
			t.Fatalf("+%d days: regrade ran %v: %v", days, ran, err)
		}
		if days >= 30 && rep.Changed == 0 {
			t.Errorf("+%d days: nothing changed", days)
		}
		// Every move of the day is put down to time, or to the cut points
		// time moved: nothing else happened.
		hist, err := kept.GradeHistory(ctx, 0, now.Format("2006-01-02"), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		why := map[string]int{}
		for _, h := range hist {
			why[h.Reason]++
		}
		t.Logf("+%d days: %d grade moves %v", days, len(hist), why)
		if days == 30 && (why[store.ReasonTime] == 0 || why[store.ReasonCuts] == 0) {
			t.Errorf("+30 days: moves %v, want some put down to time and some to the cut points", why)
		}
		if len(hist) != rep.GradeMoves || why[store.ReasonTime]+why[store.ReasonCuts] != len(hist) {
			t.Errorf("+%d days: %d moves reported, history %v", days, rep.GradeMoves, why)
		}
		then := now
		fresh, err := store.Open(filepath.Join(t.TempDir(), fmt.Sprintf("fresh%d.db", days)), store.WithClock(func() time.Time { return then }))
		if err != nil {
			t.Fatal(err)
		}
		// The same shop (same seed, same history up to t0), loaded and
		// graded once on the later day.
		if _, err := demo.Generate(ctx, fresh, demo.Options{Customers: customers, Seed: seed, Now: t0}); err != nil {
			t.Fatal(err)
		}
		compareLedgers(t, days, kept, fresh)
		fresh.Close()
	}
}

func compareLedgers(t *testing.T, days int, kept, fresh *store.Store) {
	t.Helper()
	ctx := context.Background()
	q := store.Query{Columns: []string{"id", "grade", "score", "segment", "stage", "total_spend", "purchases", "last_purchase"},
		Sort: []store.SortKey{{Key: "id"}}}
	a, err := kept.Window(ctx, q, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fresh.Window(ctx, q, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("+%d days: %d rows kept, %d fresh", days, len(a), len(b))
	}
	bad := 0
	for i := range a {
		if fmt.Sprint(a[i].Values) != fmt.Sprint(b[i].Values) {
			if bad++; bad <= 5 {
				t.Errorf("+%d days: kept %v, from scratch %v", days, a[i].Values, b[i].Values)
			}
		}
	}
	if bad > 0 {
		t.Errorf("+%d days: %d of %d customers differ", days, bad, len(a))
	}
	ca, _ := kept.Cuts(ctx)
	cb, _ := fresh.Cuts(ctx)
	if !ca.Equal(cb) {
		t.Errorf("+%d days: cut points kept %+v, from scratch %+v", days, ca, cb)
	}
	ag, err := kept.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	bg, err := fresh.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(ag)
	jb, _ := json.Marshal(bg)
	if !bytes.Equal(ja, jb) {
		i := 0
		for i < len(ja) && i < len(jb) && ja[i] == jb[i] {
			i++
		}
		t.Errorf("+%d days: agendas differ from byte %d: kept …%.120s, from scratch …%.120s", days, i, ja[i:], jb[i:])
	}
	var ea, eb bytes.Buffer
	view := store.Query{Filter: "grade=A,B", Sort: []store.SortKey{{Key: "score", Desc: true}, {Key: "id"}}}
	if _, err := export.Write(ctx, kept, view, export.Options{Header: export.HeaderKeys, Lang: i18n.EN}, &ea); err != nil {
		t.Fatal(err)
	}
	if _, err := export.Write(ctx, fresh, view, export.Options{Header: export.HeaderKeys, Lang: i18n.EN}, &eb); err != nil {
		t.Fatal(err)
	}
	if ea.String() != eb.String() {
		t.Errorf("+%d days: exports of grade A and B differ", days)
	}
}
