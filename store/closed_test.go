package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

func TestClassifyTellsAClosedLedgerInTheReadersWords(t *testing.T) {
	st := openTest(t)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := st.TierSummary(context.Background())
	if err == nil {
		t.Fatal("a closed ledger was read")
	}
	if !IsLedgerError(err) {
		t.Fatalf("not a ledger error: %v", err)
	}
	told := Classify(err, st.Path())
	for lang, want := range map[i18n.Lang]string{
		i18n.EN: "the ledger is closed; nothing was read or changed — start kehu again",
		i18n.ZH: "账本已关闭，未读取也未改动任何内容——请重新启动 kehu",
	} {
		if got := i18n.Message(told, lang); got != want {
			t.Errorf("%s: %q", lang, got)
		}
	}
	if strings.Contains(told.Error(), "sql:") {
		t.Errorf("raw text kept: %q", told.Error())
	}
	if IsLedgerError(context.Canceled) {
		t.Error("a cancelled context is not the ledger's failure")
	}
}
