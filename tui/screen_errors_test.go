package tui

import (
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// rawLedgerTexts are fragments of SQLite's and database/sql's own messages;
// none may reach a screen.
var rawLedgerTexts = []string{"sql:", "SQL logic error", "database is closed", "sqlite", "SQLITE"}

// closedLedgerText is what every screen must say, in each language, when the
// ledger under it is gone.
var closedLedgerText = map[i18n.Lang]string{
	i18n.EN: "the ledger is closed; nothing was read or changed — start kehu again",
	i18n.ZH: "账本已关闭，未读取也未改动任何内容——请重新启动 kehu",
}

func mustNotShowRawLedgerText(t *testing.T, where, v string) {
	t.Helper()
	for _, raw := range rawLedgerTexts {
		if strings.Contains(v, raw) {
			t.Errorf("%s shows raw ledger text %q:\n%s", where, raw, v)
		}
	}
}

func TestScreensTellALedgerReadFailureInTheReadersWords(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		st, ids := scShop(t)
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		e := scEnv(st, lang)
		screens := map[string]screen{
			"detail":   newDetail(e, ids[0]),
			"contact":  newContactForm(e, ids[0]),
			"purchase": newPurchaseForm(e, ids[0]),
			"agenda":   newAgenda(e),
			"summary":  newSummary(e),
			"explain":  newExplain(e, ids[0]),
			"rules":    newRules(e),
		}
		for name, s := range screens {
			d := drive(t, s)
			v := d.view()
			if !strings.Contains(v, closedLedgerText[lang]) {
				t.Errorf("%s (%s) does not say the ledger is closed:\n%s", name, lang, v)
			}
			mustNotShowRawLedgerText(t, name+" ("+string(lang)+")", v)
		}
	}
}

func TestFormsTellALedgerWriteFailureInTheReadersWords(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		st, ids := scShop(t)
		contact := drive(t, newContactForm(scEnv(st, lang), ids[0]))
		purchase := drive(t, newPurchaseForm(scEnv(st, lang), ids[1]))
		detail := drive(t, newDetail(scEnv(st, lang), ids[2]))
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		contact.typ("called back")
		contact.key("ctrl+s")
		purchase.typ("520")
		purchase.key("ctrl+s")
		// Edit the name (the field below the ID) in place.
		detail.key("g", "down", "enter")
		detail.typ("x")
		detail.key("enter")
		// The detail shows its edit error beside the field, cut to the
		// column's width, so its full text is read from the screen's state.
		if got := detail.s.(*detailScreen).editErr; got != closedLedgerText[lang] {
			t.Errorf("detail (%s) edit error %q", lang, got)
		}
		mustNotShowRawLedgerText(t, "detail ("+string(lang)+")", detail.view())
		for name, d := range map[string]*scDriver{"contact": contact, "purchase": purchase} {
			if d.closed != nil {
				t.Errorf("%s (%s) closed as if saved: %+v", name, lang, d.closed)
			}
			v := d.view()
			if !strings.Contains(v, closedLedgerText[lang]) {
				t.Errorf("%s (%s) does not say the ledger is closed:\n%s", name, lang, v)
			}
			mustNotShowRawLedgerText(t, name+" ("+string(lang)+")", v)
		}
	}
}
