package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
)

// Plain decimals are numbers and stay as they are; anything else starting
// with - is defused, at both ends of the digits and around the point.
func TestNeutraliseDecimalEdges(t *testing.T) {
	for in, want := range map[string]string{
		"-9":     "-9",
		"-0":     "-0",
		"-19.99": "-19.99",
		"-5.":    "'-5.",
		"-.":     "'-.",
		"-5..0":  "'-5..0",
		"-5.0.1": "'-5.0.1",
		"-:":     "'-:",
		"-/":     "'-/",
		"--5":    "'--5",
		"+5":     "'+5",
	} {
		if got := Neutralise(in, false); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

// A CSV export reports progress every 4096 rows and at the end, stops when
// its context is cancelled, and works without a progress callback.
func TestCSVProgressAndCancel(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "ledger.db"), store.WithClock(func() time.Time { return today }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	const n = 4100
	rows := func(yield func(store.ImportRow, error) bool) {
		for i := range n {
			if !yield(store.ImportRow{Line: i + 2, Values: map[string]any{"name": fmt.Sprintf("客户%04d", i)}}, nil) {
				return
			}
		}
	}
	if _, err := st.ImportRows(ctx, store.ImportOptions{Keys: []string{"name"}}, rows); err != nil {
		t.Fatal(err)
	}
	q := store.Query{Columns: []string{"name"}}

	var calls []int
	var b bytes.Buffer
	got, err := Write(ctx, st, q, Options{Format: CSV, Progress: func(d int) { calls = append(calls, d) }}, &b)
	if err != nil || got != n {
		t.Fatalf("export: %d rows (%v), want %d", got, err, n)
	}
	if !slices.Equal(calls, []int{4096, 4100}) {
		t.Errorf("progress calls %v, want [4096 4100]", calls)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n")
	if len(lines) != n+1 || lines[1] != "客户0000" || lines[n] != "客户4099" {
		t.Errorf("export has %d lines, first %q, last %q", len(lines), lines[1], lines[len(lines)-1])
	}

	b.Reset()
	if got, err := Write(ctx, st, q, Options{Format: CSV}, &b); err != nil || got != n {
		t.Errorf("export without progress: %d rows (%v)", got, err)
	}

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, err = Write(cctx, st, q, Options{Format: CSV, Progress: func(int) { cancel() }}, &b)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("export cancelled at 4096 rows: %v, want context.Canceled", err)
	}
}
