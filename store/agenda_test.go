package store

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/tiering"
)

// movableClock is a test clock that tests can set.
type movableClock struct{ t time.Time }

func (c *movableClock) now() time.Time { return c.t }

func openMovable(t *testing.T, at time.Time) (*Store, *movableClock) {
	t.Helper()
	clk := &movableClock{t: at}
	st, err := Open(filepath.Join(t.TempDir(), "ledger.db"), WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, clk
}

func agendaDay(t *testing.T, d string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", d, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

type agendaFixture struct {
	st  *Store
	clk *movableClock
	ids map[string]int64
}

// newAgendaFixture builds a ledger seen on 2026-11-22 with one customer per
// agenda case.
func newAgendaFixture(t *testing.T) agendaFixture {
	t.Helper()
	ctx := context.Background()
	today := agendaDay(t, "2026-11-22 10:00")
	st, clk := openMovable(t, today.AddDate(0, 0, -40))
	f := agendaFixture{st: st, clk: clk, ids: map[string]int64{}}
	add := func(name, pinned string) int64 {
		id := mustAdd(t, st, map[string]string{"name": name, "pinned": pinned})
		f.ids[name] = id
		return id
	}
	// Each contact is logged on its day: a follow-up is planned from then.
	contact := func(name, at, next string) {
		was := clk.t
		clk.t = agendaDay(t, at)
		defer func() { clk.t = was }()
		if _, err := st.AddContact(ctx, f.ids[name], ContactInput{Channel: "phone", At: at, Next: next, Summary: "call"}); err != nil {
			t.Fatal(err)
		}
	}
	buy := func(name string, dates ...string) {
		for _, d := range dates {
			if _, _, err := st.AddPurchase(ctx, f.ids[name], PurchaseInput{Amount: "100", Date: d}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Added 40 days ago.
	add("due", "B")
	add("overdue", "C")
	add("cadenceA", "A")
	add("recentA", "A")
	add("neverB", "B")
	add("neverC", "C")
	add("churn", "")
	add("oldchurn", "")
	add("contactedchurn", "")
	add("deleted", "A")
	clk.t = today
	contact("due", "2026-11-01 09:00", "2026-11-22")
	contact("overdue", "2026-11-01 09:00", "2026-11-19")
	contact("cadenceA", "2026-11-02 09:00", "")
	contact("recentA", "2026-11-12 09:00", "")
	contact("deleted", "2026-11-01 09:00", "2026-11-22")
	buy("churn", "2026-08-01", "2026-08-19")          // last 95 days ago, gap 18: dormant after 90, since 2026-11-18
	buy("oldchurn", "2026-07-01", "2026-07-15")       // last 130 days ago: dormant since 2026-10-14, too long ago
	buy("contactedchurn", "2026-08-01", "2026-08-19") // as churn, but called since
	contact("churn", "2026-11-01 09:00", "2026-12-31")
	contact("oldchurn", "2026-11-01 09:00", "2026-12-31")
	contact("contactedchurn", "2026-11-20 09:00", "2026-12-31")
	if err := st.Delete(ctx, f.ids["deleted"]); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f agendaFixture) names(items []AgendaItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Kind+":"+it.Name)
	}
	return out
}

func TestAgenda(t *testing.T) {
	ctx := context.Background()
	f := newAgendaFixture(t)
	a, err := f.st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Date != "2026-11-22" {
		t.Errorf("date %q", a.Date)
	}
	got := strings.Join(f.names(a.Items), " ")
	want := "cadence:cadenceA due:due cadence:neverB overdue:overdue"
	if got != want {
		t.Errorf("items\n got %s\nwant %s", got, want)
	}
	if got := strings.Join(f.names(a.Churn), " "); got != "churn:churn" {
		t.Errorf("churn %s", got)
	}
	wantTotals := AgendaCounts{Overdue: 1, Due: 1, Cadence: 2, Churn: 1}
	if a.Totals != wantTotals {
		t.Errorf("totals %+v, want %+v", a.Totals, wantTotals)
	}
	if c := a.ByGrade["A"]; c.Cadence != 1 || c.Sum() != 1 {
		t.Errorf("A counts %+v", c)
	}
	for _, it := range a.Items {
		switch it.Name {
		case "overdue":
			if it.Days != 3 || it.NextFollowUp != "2026-11-19" {
				t.Errorf("overdue item %+v", it)
			}
		case "cadenceA":
			if it.Days != 20 || it.CadenceDays != 14 {
				t.Errorf("cadence item %+v", it)
			}
		case "neverB":
			if it.Days != 40 || it.CadenceDays != 30 || it.LastContact != "" {
				t.Errorf("never contacted item %+v", it)
			}
		}
	}
	if c := a.Churn[0]; c.Days != 95 || c.DormantSince != "2026-11-18" {
		t.Errorf("churn item %+v", c)
	}

	// Logging a contact clears the item.
	if _, err := f.st.AddContact(ctx, f.ids["due"], ContactInput{Channel: "wechat", Summary: "done"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.AddContact(ctx, f.ids["churn"], ContactInput{Channel: "phone", Summary: "come back?"}); err != nil {
		t.Fatal(err)
	}
	a, err = f.st.Agenda(ctx, "2026-11-22")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.names(a.Items), " "); got != "cadence:cadenceA cadence:neverB overdue:overdue" {
		t.Errorf("after contacts: %s", got)
	}
	if len(a.Churn) != 0 || a.Totals.Churn != 0 {
		t.Errorf("churn after a call: %v", f.names(a.Churn))
	}

	// Another date: on 2026-11-19 the overdue one is due, cadenceA (contacted
	// 17 days before) is past 14 days too.
	a, err = f.st.Agenda(ctx, "2026/11/19")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.names(a.Items), " "); got != "cadence:cadenceA cadence:neverB due:overdue" {
		t.Errorf("2026-11-19: %s", got)
	}
	if _, err := f.st.Agenda(ctx, "2026-13-40"); err == nil {
		t.Error("a bad date was accepted")
	}
}

func TestAgendaLinesAndJSON(t *testing.T) {
	f := newAgendaFixture(t)
	a, err := f.st.Agenda(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"date":"2026-11-22"`, `"items":[`, `"customer_id":`, `"next_follow_up":`, `"totals":{"overdue":1,"due":1,"cadence":2,"churn":1}`, `"by_grade":`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}

func TestAgendaEmptyLedger(t *testing.T) {
	st := openTest(t)
	a, err := st.Agenda(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Items) != 0 || a.Totals != (AgendaCounts{}) {
		t.Errorf("empty ledger agenda %+v", a)
	}
	b, _ := json.Marshal(a)
	if !strings.Contains(string(b), `"items":[]`) {
		t.Errorf("items should be an empty list: %s", b)
	}
}

func TestTierSummary(t *testing.T) {
	ctx := context.Background()
	st, clk := openMovable(t, agendaDay(t, "2026-10-01 10:00"))
	var ids []int64
	for i, amount := range []string{"", "", "100", "200", "300", "5000", "9000", "12000"} {
		id := mustAdd(t, st, map[string]string{"name": "c" + string(rune('a'+i))})
		ids = append(ids, id)
		if amount != "" {
			if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: amount, Date: "2026-09-0" + string(rune('1'+i))}); err != nil {
				t.Fatal(err)
			}
		}
	}
	clk.t = agendaDay(t, "2026-11-22 10:00")
	if _, err := st.RegradeAll(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetField(ctx, ids[0], "pinned", "A"); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	s, err := st.TierSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := st.CountAll(ctx)
	if s.Customers != all || all != 7 {
		t.Errorf("customers %d, ledger %d", s.Customers, all)
	}
	if s.TotalSpend != 2660000 {
		t.Errorf("total spend %d", s.TotalSpend)
	}
	sumRows := func(rows []TierRow) (n int, spend int64, share float64) {
		for _, r := range rows {
			n += r.Count
			spend += r.Spend
			share += r.CountShare
		}
		return
	}
	for name, rows := range map[string][]TierRow{"grades": s.Grades, "segments": s.Segments} {
		n, spend, share := sumRows(rows)
		if n != all || spend != s.TotalSpend || share < 0.999 || share > 1.001 {
			t.Errorf("%s: %d customers, %d spend, share %f", name, n, spend, share)
		}
	}
	if len(s.Grades) != 4 || len(s.Segments) != 9 {
		t.Errorf("%d grades, %d segments", len(s.Grades), len(s.Segments))
	}
	for _, g := range s.Grades {
		n, err := st.Count(ctx, Query{Filter: "grade=" + g.Key})
		if err != nil {
			t.Fatal(err)
		}
		if n != g.Count {
			t.Errorf("grade %s: summary %d, filter %d", g.Key, g.Count, n)
		}
	}
	if s.Segments[8].Key != SegmentNone || s.Segments[8].Count != 1 {
		t.Errorf("no-segment row %+v", s.Segments[8])
	}
	// Moves within 30 days: the regrade and the pin (the purchases, in
	// October, are older).
	moves := 0
	for _, m := range s.Movements.Moves {
		moves += m.Count
	}
	hist, _ := st.GradeHistory(ctx, 0, s.Movements.Since, 1000)
	if moves != len(hist) || s.Movements.Up+s.Movements.Down != moves || s.Movements.Up == 0 {
		t.Errorf("movements %+v, history %d", s.Movements, len(hist))
	}
	b, _ := json.Marshal(s)
	for _, key := range []string{`"customers":7`, `"grades":[`, `"count_share":`, `"movements":{`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}

func TestPreviewRules(t *testing.T) {
	ctx := context.Background()
	st, clk := openMovable(t, agendaDay(t, "2026-10-01 10:00"))
	for i := 0; i < 10; i++ {
		id := mustAdd(t, st, map[string]string{"name": "p" + string(rune('a'+i))})
		if i < 8 {
			if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: string(rune('1'+i)) + "00", Date: "2026-09-1" + string(rune('0'+i))}); err != nil {
				t.Fatal(err)
			}
		}
	}
	clk.t = agendaDay(t, "2026-11-22 10:00")
	if _, err := st.RegradeAll(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	before, _ := st.TierSummary(ctx)
	r, _ := st.Rules(ctx)
	r.GradeA, r.GradeB = 0, 0 // every purchaser is A
	changes, after, err := st.PreviewRules(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if after["A"] != 8 || after["D"] != 2 || after["B"]+after["C"] != 0 {
		t.Errorf("after %v", after)
	}
	if want := 8 - before.Grades[0].Count; changes != want {
		t.Errorf("changes %d, want %d", changes, want)
	}
	// Nothing written; then SetRules gives what the preview said.
	again, _ := st.TierSummary(ctx)
	if again.Grades[0].Count != before.Grades[0].Count {
		t.Error("preview wrote grades")
	}
	rep, err := st.SetRules(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if rep.GradeMoves != changes {
		t.Errorf("SetRules moved %d, preview said %d", rep.GradeMoves, changes)
	}
	d, err := st.PreviewRulesDetail(ctx, r)
	if err != nil || d.Changes != 0 || d.Before["A"] != 8 {
		t.Errorf("preview of the saved rules %+v %v", d, err)
	}
	bad := tiering.DefaultRules()
	bad.GradeB = 90
	if _, _, err := st.PreviewRules(ctx, bad); err == nil {
		t.Error("bad rules previewed")
	}
}
