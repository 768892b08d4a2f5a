package tui

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
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

// plantedTiers is a ledger with a known past ending on the tests' today,
// 2026-03-15. Grades move by pinning, so every grade at every month end is
// known by hand:
//
//	王芳 added 2025-12-05 A; buys 龙井 300 (12-10), 龙井 200 (01-10); B on 02-10
//	李雷 added 2025-12-06 B; buys 茶杯 100 (12-20); A on 01-15; buys 龙井 500 (03-01)
//	刘洋 added 2025-12-07 C; buys 普洱 80 (02-05)
//	陈静 added 2025-12-08 C; D on 03-05
//	张伟 added 2026-02-20, never buys: D
//
// Month ends: 12-31 王芳 A, 李雷 B, 刘洋 C, 陈静 C; 01-31 王芳 A, 李雷 A;
// 02-28 王芳 B, 张伟 D arrives; today 陈静 D.
func plantedTiers(t *testing.T) (*store.Store, map[string]int64) {
	t.Helper()
	now := time.Date(2025, 12, 5, 10, 0, 0, 0, time.UTC)
	st, err := store.Open(filepath.Join(t.TempDir(), "ledger.db"), store.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	on := func(day string) {
		d, err := time.Parse("2006-01-02", day)
		if err != nil {
			t.Fatal(err)
		}
		now = d.Add(10 * time.Hour)
	}
	ids := map[string]int64{}
	pin := func(name, g string) {
		if _, err := st.SetField(ctx, ids[name], "pinned", g); err != nil {
			t.Fatalf("pin %s %s: %v", name, g, err)
		}
	}
	add := func(day, name, grade string) {
		on(day)
		c, err := st.AddCustomer(ctx, map[string]string{"name": name})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = c.ID
		if grade != "" {
			pin(name, grade)
		}
	}
	buy := func(day, name, product, amount string) {
		on(day)
		if _, _, err := st.AddPurchase(ctx, ids[name], store.PurchaseInput{Amount: amount, Product: product, Date: day}); err != nil {
			t.Fatal(err)
		}
	}
	move := func(day, name, g string) { on(day); pin(name, g) }
	add("2025-12-05", "王芳", "A")
	add("2025-12-06", "李雷", "B")
	add("2025-12-07", "刘洋", "C")
	add("2025-12-08", "陈静", "C")
	buy("2025-12-10", "王芳", "龙井", "300")
	buy("2025-12-20", "李雷", "茶杯", "100")
	buy("2026-01-10", "王芳", "龙井", "200")
	move("2026-01-15", "李雷", "A")
	buy("2026-02-05", "刘洋", "普洱", "80")
	move("2026-02-10", "王芳", "B")
	add("2026-02-20", "张伟", "")
	buy("2026-03-01", "李雷", "龙井", "500")
	move("2026-03-05", "陈静", "D")
	on("2026-03-15")
	return st, ids
}

// tableFilter is the filter the table shows (or is reading).
func tableFilter(m *model) string {
	tb := m.stack.screens[0].(*tableScreen)
	if tb.pending != nil {
		return tb.pending.filter
	}
	return tb.view.Filter
}

// tableNames are the names of the customers on the table, in its order.
func tableNames(t *testing.T, m *model) []string {
	t.Helper()
	tb := m.stack.screens[0].(*tableScreen)
	var out []string
	err := tb.e.st.Each(context.Background(), store.Query{Filter: tb.view.Filter, Columns: []string{"name"}, Sort: []store.SortKey{{Key: "name"}}}, func(r store.Row) error {
		out = append(out, r.Values[0].(string))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// screenLines are the view's lines without the cursor mark, their spaces
// squeezed to one.
func screenLines(v string) []string {
	var out []string
	for _, l := range strings.Split(ansi.Strip(v), "\n") {
		out = append(out, strings.Join(strings.Fields(strings.TrimLeft(l, " ▸")), " "))
	}
	return out
}

// screenLine is the first of screenLines that starts with prefix.
func screenLine(v, prefix string) string {
	for _, l := range screenLines(v) {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// hasLine reports whether a line of the view is exactly want (spaces
// squeezed).
func hasLine(v, want string) bool { return slices.Contains(screenLines(v), want) }

// The effect-over-time tab on the planted ledger: every figure of March
// and February, the sparklines of the grades' sizes, and the migration
// matrix from 2025-12-31 to today, written by hand from the story.
func TestSummaryHistoryTabFigures(t *testing.T) {
	st, _ := plantedTiers(t)
	m := newTestModel(t, st, i18n.EN, 120, 35)
	press(t, m, "t", "3")
	v := m.View()
	// grade, at start, up, down, churned, deleted, new, at end, spend, growth, retention
	for _, want := range []string{
		"A 1 0 0 0 0 0 1 ¥500.00 – 100.0%",
		"B 1 0 0 0 0 0 1 ¥0.00 – 100.0%",
		"C 2 0 1 0 0 0 1 ¥0.00 -100.0% 100.0%",
		"D 1 0 0 0 0 0 2 ¥0.00 – 100.0%",
	} {
		if !hasLine(v, want) {
			t.Errorf("no March row %q\n%s", want, ansi.Strip(v))
		}
	}
	if !strings.Contains(v, "2026-03 (2026-02-28 → 2026-03-15)") {
		t.Errorf("the month shown is not March:\n%s", ansi.Strip(v))
	}
	// Sizes at each month end, April 2025 to March 2026: nobody until
	// December. A: 1, 2, 1, 1; B: 1, 0, 1, 1; C: 2, 2, 2, 1; D: 0, 0, 1, 2.
	for g, want := range map[string]string{"A": "········▄█▄▄", "B": "········█·██", "C": "········███▄", "D": "··········▄█"} {
		if line := screenLine(v, g+" customers"); !strings.Contains(line, want) {
			t.Errorf("grade %s sizes %q, want the sparkline %s", g, line, want)
		}
	}
	press(t, m, "[")
	v = m.View()
	for _, want := range []string{
		"A 2 0 1 0 0 0 1 ¥0.00 -100.0% 100.0%",
		"B 0 0 0 0 0 0 1 ¥0.00 – –",
		"C 2 0 0 0 0 0 2 ¥80.00 – 100.0%",
		"D 0 0 0 0 0 1 1 ¥0.00 – –",
	} {
		if !hasLine(v, want) {
			t.Errorf("no February row %q\n%s", want, ansi.Strip(v))
		}
	}
	press(t, m, "]")
	// The matrix starts 12 months back (nobody yet); } moves its start to
	// December: 王芳 A→B, 李雷 B→A, 刘洋 C→C, 陈静 C→D.
	for range 9 {
		press(t, m, "}")
	}
	v = m.View()
	if !strings.Contains(v, "Migration 2025-12-31 → 2026-03-15") {
		t.Fatalf("matrix not from December:\n%s", ansi.Strip(v))
	}
	rows := map[string]string{
		"A": "A 0 0.0% 1 100.0% 0 0.0% 0 0.0%",
		"B": "B 1 100.0% 0 0.0% 0 0.0% 0 0.0%",
		"C": "C 0 0.0% 0 0.0% 1 50.0% 1 50.0%",
		"D": "D 0 0.0% 0 0.0% 0 0.0% 0 0.0%",
	}
	lines := strings.Split(ansi.Strip(v), "\n")
	for i, l := range lines {
		if strings.Contains(l, "Migration 2025-12-31") {
			for j, g := range []string{"A", "B", "C", "D"} {
				got := strings.Join(strings.Fields(strings.NewReplacer("[", " ", "]", " ").Replace(lines[i+2+j])), " ")
				if got != rows[g] {
					t.Errorf("matrix row %s = %q, want %q", g, got, rows[g])
				}
			}
		}
	}
}

// Enter on a migration cell opens the table on exactly its customers, the
// filter line saying which; Esc brings back the table's filter and the
// summary where it was left.
func TestSummaryDrillDownMigrationCell(t *testing.T) {
	st, _ := plantedTiers(t)
	m := newTestModel(t, st, i18n.EN, 120, 35)
	press(t, m, "t", "3")
	for range 9 {
		press(t, m, "}")
	}
	// From the month's grade A row: four rows down is the matrix's A row,
	// two more its C row, three right the cell C→D.
	press(t, m, "down", "down", "down", "down", "down", "down", "right", "right", "right")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "[1 50.0%]") {
		t.Fatalf("the cursor is not on C→D:\n%s", v)
	}
	press(t, m, "enter")
	if _, ok := m.top().(*tableScreen); !ok {
		t.Fatalf("enter left %T on top", m.top())
	}
	if f := tableFilter(m); f != "grade@2025-12=C grade@2026-03=D" {
		t.Errorf("filter = %q", f)
	}
	if got := tableNames(t, m); fmt.Sprint(got) != "[陈静]" {
		t.Errorf("table shows %v, want 陈静 alone", got)
	}
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "grade@2025-12=C grade@2026-03=D") || !strings.Contains(v, "Esc goes back to the tier summary") {
		t.Errorf("the filter line does not say why:\n%s", v)
	}
	press(t, m, "esc")
	s, ok := m.top().(*summaryScreen)
	if !ok {
		t.Fatalf("esc left %T on top, want the summary back", m.top())
	}
	if s.tab != tabHistory || s.hi.from != "2025-12" || !strings.Contains(ansi.Strip(m.View()), "[1 50.0%]") {
		t.Errorf("the summary did not come back as it was left:\n%s", ansi.Strip(m.View()))
	}
	press(t, m, "esc")
	if f := tableFilter(m); f != "" {
		t.Errorf("the table's filter after the drill-down = %q, want none as before", f)
	}
}

// Each tab's rows open their customers: a grade of the overview, a
// segment-less group and an owner of the profile, a month's grade row and
// a product; the table then holds exactly the customers the row counts.
func TestSummaryDrillDownEachTab(t *testing.T) {
	st, ids := plantedTiers(t)
	ctx := context.Background()
	if err := st.AddStaff(ctx, "小 王"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetField(ctx, ids["王芳"], "owner", "小 王"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetField(ctx, ids["刘洋"], "owner", "小 王"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		keys   []string
		filter string
		want   string
	}{
		{"overview grade A", []string{"1"}, "grade=A", "[李雷]"},
		{"overview grade D", []string{"1", "down", "down", "down"}, "grade=D", "[张伟 陈静]"},
		// Past the four grades and the eight segments: no segment (no
		// purchase in the window).
		{"overview no segment", []string{"1", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down"}, "segment=", "[张伟 陈静]"},
		{"profile owner", []string{"2", "b", "b", "b", "b"}, `owner="小 王"`, "[刘洋 王芳]"},
		{"profile no owner", []string{"2", "b", "b", "b", "b", "down"}, "owner=", "[张伟 李雷 陈静]"},
		{"march's C at start", []string{"3", "down", "down"}, "grade@2026-02=C", "[刘洋 陈静]"},
		{"products 龙井", []string{"4"}, "bought=龙井", "[李雷 王芳]"},
		{"products 普洱", []string{"4", "down", "down"}, "bought=普洱", "[刘洋]"},
	}
	for _, c := range cases {
		m := newTestModel(t, st, i18n.EN, 120, 35)
		press(t, m, "t")
		press(t, m, c.keys...)
		press(t, m, "enter")
		if f := tableFilter(m); f != c.filter {
			t.Errorf("%s: filter = %q, want %q\n%s", c.name, f, c.filter, ansi.Strip(m.View()))
			continue
		}
		if got := fmt.Sprint(tableNames(t, m)); got != c.want {
			t.Errorf("%s: table shows %s, want %s", c.name, got, c.want)
		}
	}
}

// TestSummaryGoldens draws each tab of the planted ledger at 80×24 and
// 120×35 in Chinese and English (Ascii profile): the history tab with the
// migration from December and its cell C→D under the cursor.
func TestSummaryGoldens(t *testing.T) {
	st, _ := plantedTiers(t)
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			m := newTestModel(t, st, lang, size[0], size[1])
			press(t, m, "t")
			for i, tab := range []string{"overview", "profile", "history", "products"} {
				press(t, m, fmt.Sprint(i+1))
				if tab == "history" {
					for range 9 {
						press(t, m, "}")
					}
					press(t, m, "down", "down", "down", "down", "down", "down", "right", "right", "right")
				}
				v := m.View()
				checkFrame(t, v, size[0], size[1])
				golden(t, fmt.Sprintf("tiers_%s_%s_%dx%d", tab, lang, size[0], size[1]), v)
			}
		}
	}
}

// With NO_COLOR on a colour terminal the charts carry everything: the
// sparklines and share bars are block characters, the month's and the
// matrix's cursor is a mark and brackets, and no colour code is written.
// The same screen in colour does colour them, so the check can fail.
func TestSummaryChartsWithoutColour(t *testing.T) {
	st, _ := plantedTiers(t)
	view := func(noColor bool, tab string) string {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.TrueColor)
		m, err := newModel(context.Background(), st, i18n.EN, r, noColor, options{now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		drain(t, m, m.Init())
		send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
		press(t, m, "t", tab)
		if tab == "3" {
			for range 9 {
				press(t, m, "}")
			}
			press(t, m, "down", "down", "down", "down", "down", "down", "right", "right", "right")
		}
		return m.View()
	}
	colour := func(v string) bool { return strings.Contains(v, "\x1b[38") || strings.Contains(v, "\x1b[48") }
	for _, tab := range []string{"1", "2", "3", "4"} {
		if !colour(view(false, tab)) {
			t.Errorf("tab %s: no colour even with colours on; the check below proves nothing", tab)
		}
		v := view(true, tab)
		if colour(v) {
			t.Errorf("tab %s: colour codes with NO_COLOR:\n%q", tab, v)
		}
		plain := ansi.Strip(v)
		want := map[string][]string{
			"1": {"▸ A", "20.0% ██", "40.0% ████"},
			"2": {"▸ A", "40.0% █"},
			"3": {"A  customers ········▄█▄▄", "D  customers ··········▄█", "[1 50.0%]", "spend ·········▄·█"},
			"4": {"▸ 龙井", "84.7% ███"},
		}[tab]
		for _, w := range want {
			if !strings.Contains(plain, w) {
				t.Errorf("tab %s without colour lacks %q:\n%s", tab, w, plain)
			}
		}
	}
}

// The detail names what the customer buys most, over every purchase, by
// spend: 李雷's 龙井 (one purchase of 500) before his 茶杯 (100).
func TestDetailTopProducts(t *testing.T) {
	st, ids := plantedTiers(t)
	d := drive(t, newDetail(scEnv(st, i18n.EN), ids["李雷"]))
	d.mustShow("Top products: 龙井 ×1 ¥500.00 · 茶杯 ×1 ¥100.00")
	d = drive(t, newDetail(scEnv(st, i18n.ZH), ids["王芳"]))
	d.mustShow("常买产品：龙井 ×2 ¥500.00")
	d = drive(t, newDetail(scEnv(st, i18n.EN), ids["张伟"]))
	if strings.Contains(d.view(), "Top products") {
		t.Errorf("a customer who bought nothing has top products:\n%s", d.view())
	}
}

// Keys typed faster than they are read arrive as one message of several
// runes: each still counts, as on the table.
func TestSummaryKeysTypedTogether(t *testing.T) {
	st, _ := plantedTiers(t)
	m := newTestModel(t, st, i18n.EN, 120, 35)
	press(t, m, "t", "3")
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("}}}}}}}}}")})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Migration 2025-12-31 → 2026-03-15") {
		t.Errorf("nine } typed together did not move the matrix's start nine months:\n%s", v)
	}
}
