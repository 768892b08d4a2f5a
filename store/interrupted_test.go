package store

import (
	"context"
	"errors"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// A count stopped by ctrl+c (the demo counts the ledger before it writes)
// tells the reader in their language that nothing was changed, never the
// library's "context canceled".
func TestCountsStoppedSayInterrupted(t *testing.T) {
	st := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, errAll := st.CountAll(ctx)
	_, errQuery := st.Count(ctx, Query{})
	for what, err := range map[string]error{"CountAll": errAll, "Count": errQuery} {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled underneath", what, err)
		}
		if got := i18n.Message(err, i18n.EN); got != "stopped before finishing; nothing was changed" {
			t.Errorf("%s says %q in English", what, got)
		}
		if got := i18n.Message(err, i18n.ZH); got != "操作在完成前被中止，本次未做任何改动" {
			t.Errorf("%s says %q in Chinese", what, got)
		}
	}
}
