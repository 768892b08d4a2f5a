package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
)

// kehu agenda, tiers and tiers --explain print exactly the report
// documents (the ones the table's screens draw) built from the ledger, and
// the agenda reads as written here by hand.
func TestReportsPrintTheirDocuments(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000", "--set", "pinned=A")
	l.ok("add", "李雷")
	l.ok("buy", "王芳", "--amount", "1200", "--date", "2026-10-01")
	l.withNow("2026-11-01 10:00:00").ok("log", "王芳", "--channel", "phone", "--next", "2026-11-15", "--at", "2026-11-01 09:00")
	l.withNow("2026-11-01 10:00:00").ok("log", "李雷", "--channel", "phone", "--next", fixedDay, "--at", "2026-11-01 09:00")
	out := map[string]string{}
	for _, lang := range []string{"en", "zh"} {
		out["agenda "+lang] = l.ok("--lang", lang, "agenda")
		out["tiers "+lang] = l.ok("--lang", lang, "tiers")
		out["explain "+lang] = l.ok("--lang", lang, "tiers", "--explain", "王芳")
	}
	if want := `Agenda 2026-11-22
2 to contact: 1 overdue, 1 due today, 0 past their contact cadence · 0 churn warnings

Overdue follow-ups: 1
  A  #1  王芳      13800138000  overdue 7 days (follow-up 2026-11-15)  via visit → phone call

Due today: 1
  D  #2  李雷        follow-up due today  via WeChat → SMS
`; out["agenda en"] != want {
		t.Errorf("kehu agenda printed\n%s\nwant\n%s", out["agenda en"], want)
	}

	st, err := store.Open(l.path, store.WithClock(func() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local) }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	ag, err := st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := st.TierSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := st.Explain(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := st.CustomerModel(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	text := func(d report.Document) string { return strings.Join(d.Lines(), "\n") + "\n" }
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for name, doc := range map[string]report.Document{
			"agenda":  report.Agenda(ag, lang),
			"tiers":   report.Summary(sum, nil, lang),
			"explain": report.Explain(1, "王芳", ex, cm, lang),
		} {
			if got := out[name+" "+string(lang)]; got != text(doc) {
				t.Errorf("kehu %s (%s) is not its document:\n%s\nwant\n%s", name, lang, got, text(doc))
			}
		}
	}
}
