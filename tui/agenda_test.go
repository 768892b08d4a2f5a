package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// agendaShop is a shop whose customers were added on 2025-12-01, so by the
// test's today (2026-03-15) the six never contacted are past their contact
// cadence and, with one purchase on 2025-11-20, churn warnings; 张伟's
// follow-up was due on 03-10 (overdue) and 欧阳娜娜's is due today.
func agendaShop(t *testing.T) (*store.Store, []int64) {
	t.Helper()
	st := newTestStore(t)
	then := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	past, err := store.Open(st.Path(), store.WithClock(func() time.Time { return then }))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, name := range []string{"王芳", "李建国", "张伟", "欧阳娜娜", "陈静", "刘洋", "赵丽颖", "孙悟空"} {
		ch, err := past.AddCustomer(context.Background(), map[string]string{"name": name, "phone": fmt.Sprintf("1391234560%d", i+1)})
		if err != nil {
			t.Fatal(err)
		}
		// A purchase each, so every grade has a contact cadence.
		amount := fmt.Sprint(500 * (i + 1) * (i + 1))
		if _, _, err := past.AddPurchase(context.Background(), ch.ID, store.PurchaseInput{Amount: amount, Date: "2025-11-20"}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ch.ID)
	}
	past.Close()
	logContactOn(t, st, "2026-03-01", ids[2], store.ContactInput{Channel: "phone", At: "2026-03-01 09:00", Next: "2026-03-10"})
	logContactOn(t, st, "2026-03-01", ids[3], store.ContactInput{Channel: "phone", At: "2026-03-01 09:00", Next: "2026-03-15"})
	if _, err := st.RegradeAll(context.Background(), "seed"); err != nil {
		t.Fatal(err)
	}
	return st, ids
}

// The agenda reads as a plan for today: overdue, due today, churn warnings,
// then the six customers past their cadence folded behind their count; z shows
// them, Tab and the digits jump between sections, and Esc leaves the table
// on the row it was on.
func TestAgendaIsAPlanForToday(t *testing.T) {
	st, ids := agendaShop(t)
	m := newTestModel(t, st, i18n.ZH, 120, 35)
	press(t, m, "j", "j", "j", "j", "j") // the table on 刘洋
	before := currentID(t, m)
	press(t, m, "A")
	v := ansi.Strip(m.View())
	overdue := strings.Index(v, "1  逾期跟进：1 位")
	due := strings.Index(v, "2  今日到期：1 位")
	churn := strings.Index(v, "3  流失预警 — 近 30 天转为沉睡：6 位")
	cadence := strings.Index(v, "4  超过联系周期：6 位")
	if overdue < 0 || due < overdue || churn < due || cadence < churn {
		t.Fatalf("sections out of order (%d %d %d %d):\n%s", overdue, due, churn, cadence, v)
	}
	if !strings.Contains(v, "已收起 6 位 — 按 z 展开") || strings.Contains(v, "从未联系") {
		t.Errorf("past cadence not folded:\n%s", v)
	}
	// Never contacted: the reason says so, as the CLI does.
	a := m.top().(*agendaScreen)
	if len(a.items) != 8 || a.items[0].CustomerID != ids[2] || a.items[1].CustomerID != ids[3] {
		t.Errorf("rows on screen %+v, want 张伟, 欧阳娜娜 and six churn warnings", a.items)
	}
	press(t, m, "z")
	v = ansi.Strip(m.View())
	// Never contacted since being added on 2025-12-01: 104 days.
	if n := strings.Count(v, "从未联系，已添加 104 天"); n != 6 {
		t.Errorf("z showed %d past-cadence rows, want 6:\n%s", n, v)
	}
	press(t, m, "z")
	if strings.Contains(ansi.Strip(m.View()), "从未联系") {
		t.Error("z did not fold past cadence again")
	}
	press(t, m, "tab")
	if it, _ := a.selected(); it.CustomerID != ids[3] {
		t.Errorf("tab went to #%d, want 欧阳娜娜 #%d", it.CustomerID, ids[3])
	}
	press(t, m, "4") // past cadence: shown, cursor on its first row
	if it, _ := a.selected(); it.Kind != store.AgendaCadence || !strings.Contains(ansi.Strip(m.View()), "从未联系") {
		t.Errorf("3 went to %+v", it)
	}
	press(t, m, "1")
	if it, _ := a.selected(); it.CustomerID != ids[2] {
		t.Errorf("1 went to #%d, want 张伟 #%d", it.CustomerID, ids[2])
	}
	press(t, m, "?")
	if _, ok := m.top().(*helpScreen); !ok {
		t.Fatalf("? on the agenda opened %T", m.top())
	}
	press(t, m, "esc", "esc")
	if got := currentID(t, m); got != before {
		t.Errorf("after the agenda the table is on #%d, want #%d where it was", got, before)
	}
}

func TestAgendaGoldens(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			st, _ := agendaShop(t)
			m := newTestModel(t, st, lang, size[0], size[1])
			press(t, m, "A")
			v := m.View()
			checkFrame(t, v, size[0], size[1])
			golden(t, "agenda_"+string(lang)+"_"+fmt.Sprintf("%dx%d", size[0], size[1]), v)
		}
	}
}
