package store_test

import (
	"context"
	"crypto/sha256"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kehu-app/kehu/demo"
	"github.com/kehu-app/kehu/store"
)

// ledgerDigest is the digest of the ledger file and its write-ahead log:
// any write changes it.
func ledgerDigest(t *testing.T, path string) [32]byte {
	t.Helper()
	h := sha256.New()
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		h.Write(b)
	}
	var d [32]byte
	copy(d[:], h.Sum(nil))
	return d
}

// The model's columns are as of the clock's today with nothing written: a
// ledger fitted on one day and read 30 days later, before any regrade,
// shows a lapsed customer's P(alive) for the later day, and a filter on it
// selects by the later value. The customer bought 100, 60 and 20 days
// before the first day: x = 2 repeat purchase days, t_x = 80 days, T = 100
// days then and 130 days later; P(alive) is BG/NBD's
// 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) with the stored parameters.
func TestModelValuesMoveWithTheDayWithoutAWrite(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)
	path := filepath.Join(t.TempDir(), "shop.db")
	st, err := store.Open(path, store.WithClock(func() time.Time { return t0 }))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(ctx, st, demo.Options{Customers: 400, Seed: 7, Now: t0}); err != nil {
		t.Fatal(err)
	}
	ch, err := st.AddCustomer(ctx, map[string]string{"name": "按日测试"})
	if err != nil {
		t.Fatal(err)
	}
	id := ch.ID
	for _, ago := range []int{100, 60, 20} {
		in := store.PurchaseInput{Amount: "300", Date: t0.AddDate(0, 0, -ago).Format("2006-01-02")}
		if _, _, err := st.AddPurchase(ctx, id, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := st.RegradeIfStale(ctx); err != nil {
		t.Fatal(err)
	}
	fit, found, err := st.ModelFit(ctx)
	if err != nil || !found || !fit.Fitted() || fit.Kind != "bg/nbd" {
		t.Fatalf("fit %+v (found %v, %v): want a BG/NBD fit", fit, found, err)
	}
	want := func(T float64) float64 {
		x, tx := 2.0, 80.0
		odds := fit.A / (fit.B + x - 1) * math.Pow((fit.Alpha+T)/(fit.Alpha+tx), fit.R+x)
		return math.Round(1/(1+odds)*1e4) / 1e4
	}
	cols := []string{"p_alive", "exp_purchases", "clv"}
	read := func(s *store.Store) []any {
		t.Helper()
		rows, err := s.Window(ctx, store.Query{Filter: "name=按日测试", Columns: cols}, 0, 10)
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows %v, %v", rows, err)
		}
		return rows[0].Values
	}
	before := read(st)
	if p, ok := before[0].(float64); !ok || p != want(100) {
		t.Fatalf("P(alive) on the first day %v, want %v", before[0], want(100))
	}
	mid := (want(100) + want(130)) / 2
	filter := store.Query{Filter: "name=按日测试 p_alive<" + strconv.FormatFloat(mid, 'f', 6, 64)}
	if n, err := st.Count(ctx, filter); err != nil || n != 0 {
		t.Fatalf("p_alive<%v selects %d on the first day (%v), want 0", mid, n, err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	digest := ledgerDigest(t, path)
	later := t0.AddDate(0, 0, 30)
	next, err := store.Open(path, store.WithClock(func() time.Time { return later }))
	if err != nil {
		t.Fatal(err)
	}
	after := read(next)
	if p, ok := after[0].(float64); !ok || p != want(130) || !(p < before[0].(float64)) {
		t.Errorf("P(alive) 30 days later %v, want %v (below %v)", after[0], want(130), before[0])
	}
	for i, c := range cols[1:] {
		if after[i+1] == nil || after[i+1] == before[i+1] {
			t.Errorf("%s %v on the first day, %v 30 days later: want a new value", c, before[i+1], after[i+1])
		}
	}
	if n, err := next.Count(ctx, filter); err != nil || n != 1 {
		t.Errorf("p_alive<%v selects %d 30 days later (%v), want the customer", mid, n, err)
	}
	cm, err := next.CustomerModel(ctx, id)
	if err != nil || !cm.PAliveKnown || cm.PAlive != want(130) {
		t.Errorf("explained P(alive) %+v (%v), want %v", cm, err, want(130))
	}
	if err := next.Close(); err != nil {
		t.Fatal(err)
	}
	if ledgerDigest(t, path) != digest {
		t.Errorf("reading the model's values 30 days later wrote to the ledger")
	}
}
