package export

import (
	"bytes"
	"context"
	"iter"
	"path/filepath"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
)

// A column imported under a formula-like header goes out in the CSV header
// row defused, as do its cells; the file is checked byte for byte.
func TestCSVHeaderRowIsNeutralised(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "ledger.db"), store.WithClock(func() time.Time { return today }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	rows := func(yield func(store.ImportRow, error) bool) {
		yield(store.ImportRow{Line: 2, Values: map[string]any{"name": "王芳", "cmd": "=1+1", "plus": "12"}}, nil)
	}
	_, err = st.ImportRows(ctx, store.ImportOptions{
		Keys: []string{"name", "cmd", "plus"},
		Columns: []store.ImportColumn{
			{Key: "cmd", Label: "=cmd|' /C calc'!A0", Type: store.Text},
			{Key: "plus", Label: "+SUM(A1)", Type: store.Text},
		},
		Reason: "import test.csv",
	}, iter.Seq2[store.ImportRow, error](rows))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := Write(ctx, st, store.Query{Columns: []string{"name", "cmd", "plus"}}, Options{Format: CSV}, &b); err != nil {
		t.Fatal(err)
	}
	want := "Name,'=cmd|' /C calc'!A0,'+SUM(A1)\r\n" +
		"王芳,'=1+1,12\r\n"
	if b.String() != want {
		t.Errorf("CSV export:\n%q\nwant\n%q", b.String(), want)
	}
	// Keys as headers are plain words and stay as they are.
	b.Reset()
	if _, err := Write(ctx, st, store.Query{Columns: []string{"name", "cmd"}}, Options{Format: CSV, Header: HeaderKeys}, &b); err != nil {
		t.Fatal(err)
	}
	if want := "name,cmd\r\n王芳,'=1+1\r\n"; b.String() != want {
		t.Errorf("CSV export with keys:\n%q\nwant\n%q", b.String(), want)
	}
}
