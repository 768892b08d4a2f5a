package tui

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/muesli/termenv"
)

var update = flag.Bool("update", false, "rewrite the golden screens in testdata/")

// testNow is the fixed clock of every test ledger.
func testNow() time.Time { return time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC) }

// newTestStore opens an empty ledger in a temporary folder.
func newTestStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "ledger.db"), store.WithClock(testNow))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

type seedCustomer struct {
	fields    map[string]string
	purchases []store.PurchaseInput
}

// englishShop is a small shop with Latin names.
func englishShop() []seedCustomer {
	p := func(amount, date string) store.PurchaseInput {
		return store.PurchaseInput{Amount: amount, Date: date, Product: "tea"}
	}
	return []seedCustomer{
		{map[string]string{"name": "Alice Wong", "phone": "13800138001", "company": "Wong Trading", "tags": "vip", "notes": "likes oolong"}, []store.PurchaseInput{p("5200", "2026-03-10"), p("3100", "2026-02-01"), p("800", "2025-12-20")}},
		{map[string]string{"name": "Bob Li", "phone": "13800138002", "company": "Li Hardware"}, []store.PurchaseInput{p("120", "2025-06-01")}},
		{map[string]string{"name": "Carol Chen", "phone": "13800138003", "email": "carol@example.com"}, []store.PurchaseInput{p("980", "2026-03-01"), p("450", "2026-01-15")}},
		{map[string]string{"name": "Dan Zhou", "phone": "010-12345678", "company": "Zhou & Sons"}, nil},
		{map[string]string{"name": "Eve Sun", "phone": "13800138005", "tags": "wholesale,vip"}, []store.PurchaseInput{p("15000", "2026-03-12"), p("9000", "2026-02-20"), p("12000", "2026-01-05"), p("7000", "2025-11-11")}},
		{map[string]string{"name": "Frank Xu", "phone": "13800138006"}, []store.PurchaseInput{p("60", "2025-04-01")}},
		{map[string]string{"name": "Grace Ma", "notes": "call back in spring"}, []store.PurchaseInput{p("300", "2026-02-28")}},
		{map[string]string{"name": "Henry Gao", "company": "Gao Logistics"}, nil},
	}
}

// chineseShop is a shop full of Chinese names, companies and notes.
func chineseShop() []seedCustomer {
	p := func(amount, date string) store.PurchaseInput {
		return store.PurchaseInput{Amount: amount, Date: date, Product: "龙井"}
	}
	return []seedCustomer{
		{map[string]string{"name": "王芳", "phone": "13912345601", "company": "杭州西湖茶叶有限公司", "tags": "老客户,批发", "notes": "喜欢明前龙井，每月初补货"}, []store.PurchaseInput{p("8800", "2026-03-11"), p("6600", "2026-02-10"), p("4200", "2026-01-08")}},
		{map[string]string{"name": "李建国", "phone": "13912345602", "company": "建国五金店"}, []store.PurchaseInput{p("1.2万", "2026-03-01")}},
		{map[string]string{"name": "张伟", "phone": "13912345603", "notes": "只在周末来"}, []store.PurchaseInput{p("260", "2025-07-01")}},
		{map[string]string{"name": "欧阳娜娜", "phone": "13912345604", "company": "娜娜美妆", "tags": "新客"}, []store.PurchaseInput{p("980", "2026-03-14")}},
		{map[string]string{"name": "陈静", "company": "静心茶社"}, nil},
		{map[string]string{"name": "刘洋", "phone": "13912345606", "tags": "团购"}, []store.PurchaseInput{p("3300", "2026-02-02"), p("2100", "2025-12-12")}},
		{map[string]string{"name": "赵丽颖", "notes": "需要开发票，抬头：赵氏贸易（深圳）有限公司"}, []store.PurchaseInput{p("450", "2025-09-09")}},
		{map[string]string{"name": "孙悟空", "company": "花果山水帘洞"}, []store.PurchaseInput{p("99999", "2026-03-13")}},
	}
}

// seed writes customers and their purchases and grades the ledger.
func seed(tb testing.TB, st *store.Store, shop []seedCustomer) []int64 {
	tb.Helper()
	ctx := context.Background()
	var ids []int64
	for _, c := range shop {
		ch, err := st.AddCustomer(ctx, c.fields)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range c.purchases {
			if _, _, err := st.AddPurchase(ctx, ch.ID, p); err != nil {
				tb.Fatal(err)
			}
		}
		ids = append(ids, ch.ID)
	}
	if _, err := st.RegradeAll(ctx, "seed"); err != nil {
		tb.Fatal(err)
	}
	return ids
}

// newTestModel builds the root model at w x h with the plain-text profile
// and runs its first commands.
func newTestModel(tb testing.TB, st *store.Store, lang i18n.Lang, w, h int) *model {
	tb.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := newModel(context.Background(), st, lang, r, false, options{now: testNow})
	if err != nil {
		tb.Fatal(err)
	}
	drain(tb, m, m.Init())
	send(tb, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// send delivers one message and runs the commands it returns.
func send(tb testing.TB, m *model, msg tea.Msg) {
	tb.Helper()
	_, cmd := m.Update(msg)
	drain(tb, m, cmd)
}

// drain runs cmd and feeds what it returns back to the model, as the
// runtime does, synchronously.
func drain(tb testing.TB, m *model, cmd tea.Cmd) {
	tb.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			tb.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// keyMsg turns "enter", "ctrl+r", "j" or " " into a key message.
func keyMsg(k string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"ctrl+r": tea.KeyCtrlR, "ctrl+u": tea.KeyCtrlU, "ctrl+d": tea.KeyCtrlD, "ctrl+c": tea.KeyCtrlC,
		"ctrl+a": tea.KeyCtrlA, "ctrl+k": tea.KeyCtrlK, "backspace": tea.KeyBackspace, " ": tea.KeySpace,
	}
	if t, ok := named[k]; ok {
		if t == tea.KeySpace {
			return tea.KeyMsg{Type: t, Runes: []rune{' '}}
		}
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// press sends keys one by one.
func press(tb testing.TB, m *model, keys ...string) {
	tb.Helper()
	for _, k := range keys {
		send(tb, m, keyMsg(k))
	}
}

// typeText types s one rune at a time.
func typeText(tb testing.TB, m *model, s string) {
	tb.Helper()
	for _, r := range s {
		send(tb, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// clearInput empties the editor or prompt (ctrl+a, ctrl+k).
func clearInput(tb testing.TB, m *model) {
	tb.Helper()
	press(tb, m, "ctrl+a", "ctrl+k")
}

// command runs a `:` command line.
func command(tb testing.TB, m *model, line string) {
	tb.Helper()
	press(tb, m, ":")
	typeText(tb, m, line)
	press(tb, m, "enter")
}

// golden compares got with testdata/name.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -run %s -update)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("screen differs from %s (-want +got):\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// checkFrame checks the frame is exactly w x h display cells.
func checkFrame(tb testing.TB, view string, w, h int) {
	tb.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		tb.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			tb.Errorf("line %d is %d cells wide, want %d: %q", i, got, w, ansi.Strip(l))
		}
	}
}

// cell is the current row's value of column key, as text.
func cellValue(tb testing.TB, st *store.Store, id int64, key string) string {
	tb.Helper()
	r, err := st.Get(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return r.Text(st, key, i18n.EN)
}

// currentID is the customer under the cursor.
func currentID(tb testing.TB, m *model) int64 {
	tb.Helper()
	r, ok := m.current()
	if !ok {
		tb.Fatal("no current row")
	}
	return r.ID
}

// gotoCol puts the cursor on column key.
func gotoCol(tb testing.TB, m *model, key string) {
	tb.Helper()
	i := m.colIndex(key)
	if i < 0 {
		tb.Fatalf("column %s not in view", key)
	}
	m.g.col = i
	m.g.clampCol(m.e.width)
}
