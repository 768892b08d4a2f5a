package main

import (
	"strings"
	"testing"
)

// Through the binary: a payment from stored value dated before the top-up
// that would cover it is refused in English and Chinese, naming the day
// and what it held, and the statement is as it was.
func TestBackDatedStoredValuePaymentRefused(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "韩梅梅")
	withEnvVar(l, "KEHU_NOW=2026-11-10 10:00:00").ok("topup", "韩梅梅", "100")
	before := l.ok("statement", "韩梅梅")
	l.fails(1, []string{"cannot take ¥80.00 of stored value dated 2026-11-05: on 2026-11-05 the stored value was only ¥0.00", "nothing was changed"},
		"buy", "韩梅梅", "--amount", "80", "--pay", "balance", "--date", "2026-11-05")
	withEnvVar(l, "KEHU_LANG=zh").fails(1, []string{"不能扣减日期为 2026-11-05 的 ¥80.00 储值余额：2026-11-05 当天储值余额只有 ¥0.00"},
		"buy", "韩梅梅", "--amount", "80", "--pay", "balance", "--date", "2026-11-05")
	if after := l.ok("statement", "韩梅梅"); after != before {
		t.Errorf("a refused payment changed the statement:\n%s\nwas:\n%s", after, before)
	}
	out := l.ok("buy", "韩梅梅", "--amount", "80", "--pay", "balance", "--date", "2026-11-12")
	if !strings.Contains(out, "¥20.00 left") {
		t.Errorf("buy dated after the top-up printed %q", out)
	}
	// the payment runs the stored value down to 20.00, never below zero
	stmt := strings.Join(strings.Fields(l.ok("statement", "韩梅梅")), " ")
	want := "2026-11-10 stored value top-up +¥100.00 ¥100.00 2026-11-12 stored value paid from stored value -¥80.00 ¥20.00"
	if !strings.Contains(stmt, want) {
		t.Errorf("statement %q does not run %q", stmt, want)
	}
}
