package tui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

func TestFirstScreenGolden(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	v := m.View()
	checkFrame(t, v, 100, 30)
	for _, want := range []string{"Name", "Grade", "Phone", "Company", "row 1/8", "Alice Wong"} {
		if !strings.Contains(v, want) {
			t.Errorf("first screen lacks %q", want)
		}
	}
	golden(t, "first_en_100x30", v)
}

func TestChineseScreenAligned(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 100, 30)
	v := m.View()
	checkFrame(t, v, 100, 30)
	golden(t, "chinese_zh_100x30", v)
	// Every grid line has its frozen separator at the same display column.
	lines := strings.Split(v, "\n")
	sepCol := -1
	for i, l := range lines[:9] {
		idx := strings.Index(l, "│")
		if idx < 0 {
			t.Fatalf("line %d has no frozen separator: %q", i, l)
		}
		col := ansi.StringWidth(l[:idx])
		if sepCol < 0 {
			sepCol = col
		} else if col != sepCol {
			t.Errorf("line %d: separator at column %d, want %d", i, col, sepCol)
		}
	}
	for _, want := range []string{"姓名", "等级", "欧阳娜娜", "第 1/8 行"} {
		if !strings.Contains(v, want) {
			t.Errorf("screen lacks %q", want)
		}
	}
	// Scrolled to the long Chinese columns, alignment still holds.
	press(t, m, "end")
	checkFrame(t, m.View(), 100, 30)
	golden(t, "chinese_zh_100x30_end", m.View())
}

func TestSmallAndResize(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.EN, 80, 24)
	checkFrame(t, m.View(), 80, 24)
	golden(t, "first_en_80x24", m.View())
	for _, sz := range [][2]int{{120, 40}, {80, 24}, {30, 6}, {200, 60}, {81, 25}} {
		send(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		press(t, m, "G", "end")
		checkFrame(t, m.View(), sz[0], sz[1])
		press(t, m, "g", "home")
		checkFrame(t, m.View(), sz[0], sz[1])
	}
}

func TestNavigation(t *testing.T) {
	st := newTestStore(t)
	var shop []seedCustomer
	for i := 0; i < 60; i++ {
		shop = append(shop, seedCustomer{fields: map[string]string{"name": "C" + string(rune('A'+i%26)) + strings.Repeat("x", i%5)}})
	}
	seed(t, st, shop)
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "j", "j", "down")
	if m.g.row != 3 {
		t.Fatalf("row %d after 3 downs", m.g.row)
	}
	press(t, m, "k", "up")
	if m.g.row != 1 {
		t.Fatalf("row %d after 2 ups", m.g.row)
	}
	press(t, m, "k", "k", "k")
	if m.g.row != 0 {
		t.Fatalf("row %d: moved above the first row", m.g.row)
	}
	press(t, m, "pgdown")
	if m.g.row != bodyHeight(30) {
		t.Fatalf("row %d after page down", m.g.row)
	}
	press(t, m, "ctrl+d", "ctrl+u")
	if m.g.row != bodyHeight(30) {
		t.Fatalf("row %d after ctrl+d ctrl+u", m.g.row)
	}
	press(t, m, "G")
	if m.g.row != 59 {
		t.Fatalf("G: row %d, want 59", m.g.row)
	}
	if !strings.Contains(m.View(), "row 60/60") {
		t.Error("status bar lacks row 60/60")
	}
	press(t, m, "j")
	if m.g.row != 59 {
		t.Fatalf("moved past the last row: %d", m.g.row)
	}
	press(t, m, "g")
	if m.g.row != 0 || m.g.top != 0 {
		t.Fatalf("g: row %d top %d", m.g.row, m.g.top)
	}
	press(t, m, "l", "right")
	if m.g.col != 2 {
		t.Fatalf("col %d after two rights", m.g.col)
	}
	press(t, m, "h")
	if m.g.col != 1 {
		t.Fatalf("col %d after left", m.g.col)
	}
	press(t, m, "end")
	if m.g.col != len(m.g.cols)-1 {
		t.Fatalf("End: col %d", m.g.col)
	}
	press(t, m, "home")
	if m.g.col != 0 {
		t.Fatalf("Home: col %d", m.g.col)
	}
}

func TestHorizontalScrollKeepsName(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 80, 24)
	for range len(m.g.cols) {
		press(t, m, "l")
	}
	if m.g.left <= 1 {
		t.Fatal("no horizontal scroll at the last column")
	}
	v := m.View()
	checkFrame(t, v, 80, 24)
	lines := strings.Split(v, "\n")
	if !strings.HasPrefix(ansi.Strip(lines[0]), "  Name") {
		t.Errorf("header lost the frozen name column: %q", lines[0])
	}
	if !strings.Contains(lines[1], "Alice Wong") {
		t.Errorf("first row lost its name: %q", lines[1])
	}
	// The grade stays beside the name, frozen with it.
	if !strings.HasPrefix(ansi.Strip(lines[0]), "  Name       Grade │") || !strings.HasPrefix(ansi.Strip(lines[1]), "▌ Alice Wong "+cellValue(t, st, 1, "grade")+"     │") {
		t.Errorf("grade column not frozen beside the name: %q / %q", lines[0], lines[1])
	}
	if !strings.Contains(lines[0], "Created") {
		t.Errorf("last column not shown: %q", lines[0])
	}
	golden(t, "scrolled_en_80x24", v)
}

func TestEditValid(t *testing.T) {
	st := newTestStore(t)
	ids := seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "j")
	gotoCol(t, m, "phone")
	press(t, m, "e")
	if m.mode != modeEdit {
		t.Fatal("e did not open the editor")
	}
	clearInput(t, m)
	typeText(t, m, "+86 139-0000-1111")
	press(t, m, "enter")
	if m.mode != modeTable {
		t.Fatalf("editor still open: %s", m.status.text)
	}
	if got := cellValue(t, st, ids[1], "phone"); got != "13900001111" {
		t.Errorf("phone stored as %q", got)
	}
	if !strings.Contains(m.View(), "13900001111") {
		t.Error("table does not show the new phone")
	}
	// Tab commits and moves right.
	gotoCol(t, m, "notes")
	press(t, m, "enter")
	typeText(t, m, "call Friday")
	press(t, m, "tab")
	if got := cellValue(t, st, ids[1], "notes"); got != "call Friday" {
		t.Errorf("notes stored as %q", got)
	}
	if m.mode != modeTable || m.g.cols[m.g.col].Key == "notes" {
		t.Errorf("tab did not commit and move right (col %s)", m.g.cols[m.g.col].Key)
	}
	// Esc cancels.
	gotoCol(t, m, "notes")
	press(t, m, "enter")
	typeText(t, m, " never stored")
	press(t, m, "esc")
	if got := cellValue(t, st, ids[1], "notes"); got != "call Friday" {
		t.Errorf("esc stored %q", got)
	}
}

func TestEditInvalidKeepsEditor(t *testing.T) {
	st := newTestStore(t)
	ids := seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	gotoCol(t, m, "phone")
	press(t, m, "enter")
	clearInput(t, m)
	typeText(t, m, "12345")
	press(t, m, "enter")
	if m.mode != modeEdit {
		t.Fatal("an invalid phone closed the editor")
	}
	if m.ed.value() != "12345" {
		t.Errorf("editor holds %q, want what was typed", m.ed.value())
	}
	if !m.status.err || m.status.text == "" {
		t.Errorf("no error shown: %+v", m.status)
	}
	if !strings.Contains(m.View(), m.status.text[:10]) {
		t.Errorf("status bar lacks the reason %q", m.status.text)
	}
	if got := cellValue(t, st, ids[0], "phone"); got != "13800138001" {
		t.Errorf("phone changed to %q", got)
	}
	golden(t, "edit_invalid_en_100x30", m.View())
	press(t, m, "esc")
	if m.mode != modeTable {
		t.Error("esc did not close the editor")
	}
}

func TestEditReadOnly(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	for _, k := range []string{"grade", "score", "total_spend", "stage", "segment"} {
		gotoCol(t, m, k)
		press(t, m, "enter")
		if m.mode != modeTable {
			t.Errorf("%s: editor opened on a read-only column", k)
			press(t, m, "esc")
		}
		if !m.status.err || !strings.Contains(m.status.text, "cannot be edited") {
			t.Errorf("%s: status %q", k, m.status.text)
		}
	}
}

func TestAddCustomer(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "j", "j", "a")
	if m.mode != modeEdit || !m.ed.adding {
		t.Fatal("a did not open a new row")
	}
	checkFrame(t, m.View(), 100, 30)
	press(t, m, "enter") // empty name refused
	if m.mode != modeEdit || !m.status.err {
		t.Fatalf("empty name accepted: %+v", m.status)
	}
	typeText(t, m, "Zoe 周")
	press(t, m, "enter")
	if m.mode != modeTable {
		t.Fatalf("add failed: %s", m.status.text)
	}
	id := currentID(t, m)
	if got := cellValue(t, st, id, "name"); got != "Zoe 周" {
		t.Errorf("cursor on %q, want the new customer", got)
	}
	n, _ := st.CountAll(context.Background())
	if n != 9 {
		t.Errorf("%d customers after add", n)
	}
	if !strings.Contains(m.View(), "row 9/9") {
		t.Error("status bar does not count the new customer")
	}
}

func TestDeleteUndoRedo(t *testing.T) {
	st := newTestStore(t)
	ids := seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "j")
	if currentID(t, m) != ids[1] {
		t.Fatal("not on Bob")
	}
	press(t, m, "D")
	if strings.Contains(m.View(), "Bob Li ") && !strings.Contains(m.status.text, "Bob Li") {
		t.Error("Bob still shown")
	}
	if !strings.Contains(m.status.text, "moved Bob Li to the trash — u brings them back") {
		t.Errorf("status %q", m.status.text)
	}
	if !strings.Contains(m.View(), "row 2/7") {
		t.Errorf("count not updated:\n%s", m.View())
	}
	press(t, m, "u")
	if currentID(t, m) != ids[1] {
		t.Error("undo did not bring the cursor back to Bob")
	}
	if !strings.Contains(m.View(), "row 2/8") {
		t.Error("count not restored")
	}
	press(t, m, "ctrl+r")
	r, _ := st.Get(context.Background(), ids[1])
	if !r.Deleted {
		t.Error("redo did not delete again")
	}
	press(t, m, "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u")
	if !m.status.err {
		t.Errorf("undo past the start: %q", m.status.text)
	}
}

func TestSearch(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "/")
	typeText(t, m, "vip")
	press(t, m, "enter")
	// Alice (row 0, tags vip) is under the cursor: the next match is Eve.
	if got := m.currentName(); got != "Eve Sun" {
		t.Fatalf("search landed on %q", got)
	}
	if m.g.cols[m.g.col].Key != "tags" {
		t.Errorf("cursor not on the matching column: %s", m.g.cols[m.g.col].Key)
	}
	press(t, m, "n")
	if got := m.currentName(); got != "Alice Wong" {
		t.Errorf("n wrapped to %q", got)
	}
	press(t, m, "N")
	if got := m.currentName(); got != "Eve Sun" {
		t.Errorf("N went to %q", got)
	}
	press(t, m, "/")
	clearInput(t, m)
	typeText(t, m, "nobody-has-this")
	press(t, m, "enter")
	if !m.status.err || !strings.Contains(m.status.text, "no match") {
		t.Errorf("status %q", m.status.text)
	}
}

func TestFilter(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "f")
	typeText(t, m, "tag:vip")
	// Filtered while typing.
	if m.g.total != 2 {
		t.Errorf("%d rows while typing tag:vip", m.g.total)
	}
	press(t, m, "enter")
	v := m.View()
	if !strings.Contains(v, "row 1/2") || !strings.Contains(v, "Eve Sun") || strings.Contains(v, "Bob Li") {
		t.Errorf("filter not applied:\n%s", v)
	}
	// A bad term: the message points at it, the prompt keeps the text.
	press(t, m, "f")
	clearInput(t, m)
	typeText(t, m, "tag:vip spend>lots")
	press(t, m, "enter")
	if m.mode != modePrompt {
		t.Fatal("bad filter closed the prompt")
	}
	if !m.status.err || !strings.Contains(m.status.text, "2") || !strings.Contains(m.status.text, "spend>lots") {
		t.Errorf("error does not point at the bad term: %q", m.status.text)
	}
	if m.prompt.Value() != "tag:vip spend>lots" {
		t.Errorf("prompt holds %q", m.prompt.Value())
	}
	golden(t, "filter_bad_en_100x30", m.View())
	press(t, m, "esc")
	if m.view.Filter != "tag:vip" {
		t.Errorf("esc left filter %q", m.view.Filter)
	}
	press(t, m, "F")
	if m.view.Filter != "" || m.g.total != 8 {
		t.Errorf("F: filter %q, %d rows", m.view.Filter, m.g.total)
	}
	// Tier counts follow the filter.
	press(t, m, "f")
	typeText(t, m, "grade=D")
	press(t, m, "enter")
	if m.counts["D"] != 2 || m.counts["A"] != 0 {
		t.Errorf("tier counts %v", m.counts)
	}
}

func TestSortAndCursorFollowsEdit(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "S") // by name, descending
	if m.currentName() != "Henry Gao" {
		t.Fatalf("S on name: first is %q", m.currentName())
	}
	if !strings.Contains(m.View(), "Name↓") {
		t.Error("header lacks the sort arrow")
	}
	press(t, m, "s")
	if m.currentName() != "Alice Wong" {
		t.Fatalf("s on name: first is %q", m.currentName())
	}
	// Rename Alice to Zara: she moves to the end and the cursor follows.
	id := currentID(t, m)
	press(t, m, "e")
	clearInput(t, m)
	typeText(t, m, "Zara Wong")
	press(t, m, "enter")
	if currentID(t, m) != id || m.g.row != 7 {
		t.Errorf("cursor on row %d (%s), want Zara on row 7", m.g.row, m.currentName())
	}
	// Sort by spend descending: Eve first.
	gotoCol(t, m, "total_spend")
	press(t, m, "S")
	if m.currentName() != "Eve Sun" {
		t.Errorf("spend desc: first is %q", m.currentName())
	}
	if !strings.Contains(m.View(), "sort: Total spend↓") {
		t.Errorf("status lacks the sort:\n%s", m.View())
	}
}

func TestViewsSaveLoad(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "f")
	typeText(t, m, "spend>100")
	press(t, m, "enter")
	gotoCol(t, m, "total_spend")
	press(t, m, "S")
	command(t, m, "col hide")
	command(t, m, "view save big")
	if m.status.err {
		t.Fatal(m.status.text)
	}
	press(t, m, "F")
	command(t, m, "view list")
	if !strings.Contains(m.status.text, "big") {
		t.Errorf("view list: %q", m.status.text)
	}
	m2 := newTestModel(t, st, i18n.EN, 100, 30)
	command(t, m2, "view big")
	if m2.view.Filter != "spend>100" || len(m2.view.Sort) != 1 || m2.view.Sort[0].Key != "total_spend" || m2.colIndex("total_spend") >= 0 {
		t.Errorf("view not restored: %+v", m2.view)
	}
	if m2.currentName() != "Eve Sun" {
		t.Errorf("first row %q", m2.currentName())
	}
	command(t, m2, "view delete big")
	command(t, m2, "view big")
	if !m2.status.err {
		t.Error("deleted view still loads")
	}
}

func TestLastViewRestored(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "f")
	typeText(t, m, "tag:vip")
	press(t, m, "enter")
	command(t, m, "col width 14")
	if err := st.SaveLastView(context.Background(), m.view); err != nil {
		t.Fatal(err)
	}
	m2 := newTestModel(t, st, i18n.EN, 100, 30)
	if m2.view.Filter != "tag:vip" || m2.g.widths[0] != 14 {
		t.Errorf("last view not restored: %+v", m2.view)
	}
}

func TestColumns(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 100, 30)
	gotoCol(t, m, "phone")
	command(t, m, "col add 会员卡号 text")
	if m.status.err {
		t.Fatal(m.status.text)
	}
	if m.g.cols[m.g.col].Key != "会员卡号" || m.g.cols[m.g.col-1].Key != "phone" {
		t.Fatalf("new column not after phone: %v", m.view.Columns)
	}
	press(t, m, "e")
	typeText(t, m, "VIP-0001")
	press(t, m, "enter")
	if got := cellValue(t, st, currentID(t, m), "会员卡号"); got != "VIP-0001" {
		t.Errorf("custom cell stored %q", got)
	}
	command(t, m, "col add 生日礼 yesno")
	command(t, m, "col move left")
	if m.g.cols[m.g.col].Key != "生日礼" || m.g.cols[m.g.col+1].Key != "会员卡号" {
		t.Errorf("move left: %v", m.view.Columns)
	}
	command(t, m, "col move right")
	if m.g.cols[m.g.col-1].Key != "会员卡号" {
		t.Errorf("move right: %v", m.view.Columns)
	}
	command(t, m, "col width 20")
	if m.g.widths[m.g.col] != 20 || m.view.Widths["生日礼"] != 20 {
		t.Errorf("width: %v", m.view.Widths)
	}
	command(t, m, "col rename 生日送礼")
	if c, _ := st.Column("生日礼"); c.Label(i18n.ZH) != "生日送礼" {
		t.Errorf("rename: %+v", c)
	}
	command(t, m, "col hide")
	if m.colIndex("生日礼") >= 0 {
		t.Error("hide left the column")
	}
	command(t, m, "col show 生日礼")
	if m.colIndex("生日礼") < 0 {
		t.Error("show did not bring it back")
	}
	command(t, m, "col show email")
	if m.g.cols[m.g.col].Key != "email" {
		t.Error("show email")
	}
	press(t, m, "home")
	command(t, m, "col hide")
	if !m.status.err || m.colIndex("name") != 0 {
		t.Error("the name column was hidden")
	}
	command(t, m, "col add bad!name text")
	if !m.status.err {
		t.Error("bad column name accepted")
	}
	command(t, m, "col width x")
	if !m.status.err {
		t.Error("bad width accepted")
	}
	gotoCol(t, m, "phone")
	command(t, m, "col rename 手机")
	if !m.status.err {
		t.Error("renamed a built-in column")
	}
	checkFrame(t, m.View(), 100, 30)
}

func TestLangSwitchAndUnknownCommand(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	command(t, m, "lang zh")
	v := m.View()
	if !strings.Contains(v, "姓名") || !strings.Contains(v, "第 1/8 行") || !strings.Contains(v, "帮助") {
		t.Errorf("not switched to Chinese:\n%s", v)
	}
	command(t, m, "lang en")
	if !strings.Contains(m.View(), "Name") {
		t.Error("not switched back")
	}
	command(t, m, "lang fr")
	if !m.status.err {
		t.Error("lang fr accepted")
	}
	command(t, m, "frobnicate now")
	if !m.status.err || !strings.Contains(m.status.text, "frobnicate") {
		t.Errorf("unknown command: %q", m.status.text)
	}
	command(t, m, "regrade")
	if m.status.err || !strings.Contains(m.status.text, "regraded") {
		t.Errorf("regrade: %q", m.status.text)
	}
}

func TestHelpListsEveryBinding(t *testing.T) {
	st := newTestStore(t)
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "?")
	h, ok := m.top().(*helpScreen)
	if !ok {
		t.Fatal("? did not open help")
	}
	checkFrame(t, m.View(), 100, 30)
	all := strings.Join(h.lines(200, 200), "\n")
	n := 0
	for _, g := range m.e.keys.groups(m.e.lang) {
		if !strings.Contains(all, g.title) {
			t.Errorf("help lacks group %q", g.title)
		}
		for _, b := range g.bindings {
			n++
			if !strings.Contains(all, b.Help().Key) || !strings.Contains(all, b.Help().Desc) {
				t.Errorf("help lacks %q %q", b.Help().Key, b.Help().Desc)
			}
		}
	}
	// Every key the product promises is bound.
	for _, k := range []string{"up", "k", "down", "j", "left", "h", "right", "l", "pgup", "pgdown", "ctrl+u", "ctrl+d", "g", "G", "home", "end",
		"enter", "e", "a", "D", "u", "ctrl+r", "/", "n", "N", "f", "F", "s", "S", " ", "o", "c", "p", "A", "t", "R", "x", ":", "?", "q", "ctrl+c"} {
		found := false
		for _, g := range m.e.keys.groups(m.e.lang) {
			for _, b := range g.bindings {
				for _, bk := range b.Keys() {
					found = found || bk == k
				}
			}
		}
		if !found {
			t.Errorf("key %q is not bound", k)
		}
	}
	press(t, m, "esc")
	if m.stack.depth() != 1 || m.mode != modeTable {
		t.Error("esc did not close help")
	}
	mz := newTestModel(t, st, i18n.ZH, 100, 30)
	press(t, mz, "?")
	golden(t, "help_zh_100x30", mz.View())
}

func TestNoColorMarker(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	m.e.noColor = true
	m.e.setRules(m.e.rules)
	lines := strings.Split(m.View(), "\n")
	// Alice is graded: her row starts with her grade letter.
	r, _ := st.Get(context.Background(), currentID(t, m))
	if !strings.HasPrefix(lines[1], r.Str("grade")+" Alice") {
		t.Errorf("no grade letter marker: %q", lines[1])
	}
	if strings.Contains(m.View(), "\x1b[38") || strings.Contains(m.View(), "\x1b[48") {
		t.Error("colour codes with NO_COLOR")
	}
}

func TestScreensOpenAndClose(t *testing.T) {
	st := newTestStore(t)
	ids := seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	for _, k := range []string{" ", "o", "c", "p", "w", "A", "t", "R"} {
		press(t, m, k)
		if m.stack.depth() == 1 {
			t.Errorf("%q opened no screen", k)
			continue
		}
		m.top().View()
		send(t, m, popMsg{})
		if m.stack.depth() > 1 {
			t.Errorf("%q: screen did not close", k)
		}
	}
	// A screen that changed the ledger: the table reloads and the cursor
	// goes to the customer, the grade move is announced.
	press(t, m, "c")
	if _, _, err := st.AddPurchase(context.Background(), ids[3], store.PurchaseInput{Amount: "99999", Date: "2026-03-15"}); err != nil {
		t.Fatal(err)
	}
	send(t, m, popMsg{status: "purchase saved", changed: true, customerID: ids[3],
		grade: &store.GradeChange{Name: "Dan Zhou", Old: "D", New: "A"}})
	if currentID(t, m) != ids[3] {
		t.Errorf("cursor not on the customer")
	}
	if !strings.Contains(m.View(), "Dan Zhou D→A") {
		t.Errorf("grade move not shown: %q", m.status.text)
	}
	r, _ := st.Get(context.Background(), ids[3])
	if row, _ := m.current(); row.Values[m.g.gradeAt] != r.Str("grade") {
		t.Errorf("table not reloaded: grade %v, ledger %v", row.Values[m.g.gradeAt], r.Str("grade"))
	}
}

func TestExportAndImport(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "f")
	typeText(t, m, "tag:vip")
	press(t, m, "enter")
	press(t, m, "x")
	if m.mode != modePrompt || m.prompt.Value() != "kehu-2026-03-15.csv" {
		t.Fatalf("export prompt: %q", m.prompt.Value())
	}
	press(t, m, "esc")
	if m.mode != modeTable {
		t.Error("esc did not close the prompt")
	}
	dir := t.TempDir()
	for _, name := range []string{"vip.csv", "vip.xlsx"} {
		path := filepath.Join(dir, name)
		press(t, m, "x")
		clearInput(t, m)
		typeText(t, m, path)
		press(t, m, "enter")
		if m.status.err || !strings.Contains(m.status.text, "exported 2 rows") {
			t.Fatalf("export %s: %q", name, m.status.text)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Fatalf("export %s: %v", name, err)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "vip.csv"))
	if !strings.Contains(string(data), "Alice Wong") || strings.Contains(string(data), "Bob Li") {
		t.Errorf("CSV is not the view on screen:\n%s", data)
	}
	// Import a sheet with Chinese headers and an unknown column.
	src := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(src, []byte("客户名称,联系方式,会员卡\n周杰,13700000001,G-1\n吴敏,13700000002,G-2\n坏行,12345,G-3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	press(t, m, "F")
	command(t, m, "import "+src)
	if !strings.Contains(m.status.text, "2 added") || !strings.Contains(m.status.text, "rejected") {
		t.Errorf("import status %q", m.status.text)
	}
	if m.g.total != 10 {
		t.Errorf("%d rows after import", m.g.total)
	}
	if m.colIndex("会员卡") < 0 {
		t.Errorf("imported column not shown: %v", m.view.Columns)
	}
	command(t, m, "import "+filepath.Join(dir, "missing.csv"))
	if !m.status.err {
		t.Errorf("missing file: %q", m.status.text)
	}
}

func TestEmptyLedger(t *testing.T) {
	st := newTestStore(t)
	m := newTestModel(t, st, i18n.EN, 80, 24)
	checkFrame(t, m.View(), 80, 24)
	press(t, m, "j", "G", "e", "D", "c", "/")
	typeText(t, m, "x")
	press(t, m, "enter", "n", "N", "s", "l", "S")
	checkFrame(t, m.View(), 80, 24)
	press(t, m, "a")
	typeText(t, m, "First")
	press(t, m, "enter")
	if !strings.Contains(m.View(), "row 1/1") {
		t.Errorf("first customer not shown:\n%s", m.View())
	}
}

func TestControlCharactersInData(t *testing.T) {
	st := newTestStore(t)
	// as a ledger written before text was checked holds it
	b, err := st.NewBulk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Add(store.BulkCustomer{Fields: map[string]any{"name": "Evil", "notes": "a\tb\x1b[31mred\nline"}, CreatedAt: "2026-01-01 10:00:00"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, st, i18n.EN, 100, 30)
	v := m.View()
	if strings.Contains(v, "\x1b") || strings.Contains(v, "\t") {
		t.Errorf("control characters reached the screen: %q", v)
	}
	checkFrame(t, v, 100, 30)
}

func TestRunRemembersView(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	var out strings.Builder
	pr, pw := io.Pipe()
	go func() {
		// One key per read, as a terminal sends them.
		for _, k := range []string{"f", "t", "a", "g", ":", "v", "i", "p", "\r", "q"} {
			time.Sleep(30 * time.Millisecond)
			if _, err := pw.Write([]byte(k)); err != nil {
				return
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := Run(ctx, st, i18n.EN, WithInput(pr), WithOutput(&out), WithClock(testNow), WithNoColor(true))
	pw.Close()
	if err != nil {
		t.Fatal(err)
	}
	v, err := st.LastView(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v.Filter != "tag:vip" {
		t.Errorf("last view %+v", v)
	}
	if !strings.Contains(out.String(), "Alice Wong") {
		t.Error("nothing drawn")
	}
	m := newTestModel(t, st, i18n.EN, 100, 30)
	if m.view.Filter != "tag:vip" || !strings.Contains(m.View(), "row 1/2") {
		t.Errorf("view not restored at start:\n%s", m.View())
	}
}

func TestKeysReadTogether(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	// "jjl" read in one go moves twice down and once right.
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjl")})
	if m.g.row != 2 || m.g.col != 1 {
		t.Fatalf("row %d col %d", m.g.row, m.g.col)
	}
	// "ftag:vip" opens the filter prompt and types the rest into it.
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ftag:vip")})
	if m.mode != modePrompt || m.prompt.Value() != "tag:vip" {
		t.Fatalf("prompt %q", m.prompt.Value())
	}
	press(t, m, "enter")
	if m.view.Filter != "tag:vip" {
		t.Errorf("filter %q", m.view.Filter)
	}
	// Esc then f, read as alt+f: cancel, then filter.
	press(t, m, "e")
	send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f"), Alt: true})
	if m.mode != modePrompt || m.prompt.kind != promptFilter {
		t.Errorf("alt+f: mode %d", m.mode)
	}
}

func TestLiveRegradeAfterPurchases(t *testing.T) {
	st := newTestStore(t)
	ids := seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	ctx := context.Background()
	// Frank and Henry become the best customers: the cut points move and
	// others lose their grade, which only a full regrade shows.
	for _, id := range []int64{ids[5], ids[7]} {
		for _, d := range []string{"2026-03-14", "2026-03-13", "2026-03-12", "2026-03-11", "2026-03-10"} {
			if _, _, err := st.AddPurchase(ctx, id, store.PurchaseInput{Amount: "90000", Date: d}); err != nil {
				t.Fatal(err)
			}
		}
	}
	drain(t, m, m.resumed(popMsg{status: "purchase saved", changed: true, customerID: ids[7]}))
	if !strings.Contains(m.status.text, "purchase saved") || !strings.Contains(m.status.text, "regraded") {
		t.Errorf("status %q", m.status.text)
	}
	for i := 0; i < m.g.rows(); i++ {
		r, _ := m.g.cache.get(i)
		rec, _ := st.Get(ctx, r.ID)
		if r.Values[m.g.gradeAt] != rec.Str("grade") {
			t.Errorf("row %d shows grade %v, ledger has %s", i, r.Values[m.g.gradeAt], rec.Str("grade"))
		}
	}
	if m.counts["A"]+m.counts["B"]+m.counts["C"]+m.counts["D"] != 8 {
		t.Errorf("counts %v", m.counts)
	}
}

// Random keys never panic and every frame keeps its size.
func TestRandomKeys(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 90, 26)
	keys := []string{"j", "k", "h", "l", "g", "G", "home", "end", "pgup", "pgdown", "ctrl+u", "ctrl+d",
		"e", "enter", "esc", "tab", "a", "D", "u", "ctrl+r", "/", "n", "N", "f", "F", "s", "S", "?", ":",
		"backspace", "1", "王", "A", "=", ">", " ", "c", "p", "t", "R", "w", "o", "1"}
	rng := uint64(42)
	for i := 0; i < 1500; i++ {
		rng = rng*6364136223846793005 + 1442695040888963407
		k := keys[int(rng>>33)%len(keys)]
		send(t, m, keyMsg(k))
		for m.stack.depth() > 1 {
			send(t, m, popMsg{})
		}
		if i%50 == 0 {
			send(t, m, tea.WindowSizeMsg{Width: 80 + i%60, Height: 24 + i%20})
		}
		v := m.View()
		checkFrame(t, v, m.e.width, m.e.height)
		if t.Failed() {
			t.Fatalf("after key %d %q", i, k)
		}
	}
}

// TestImportExportProgress: while an import or an export runs in the
// background, the status line follows it (stage and count) on each
// progress tick; once it is done the ticks stop and the result stays.
func TestImportExportProgress(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	dir := t.TempDir()
	src := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(src, []byte("客户名称,联系方式\n周杰,13700000001\n吴敏,13700000002\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(line, wantProgress, wantDone string) {
		t.Helper()
		if path, ok := strings.CutPrefix(line, "export "); ok {
			press(t, m, "x")
			clearInput(t, m)
			typeText(t, m, path)
		} else {
			press(t, m, ":")
			typeText(t, m, line)
		}
		_, cmd := m.Update(keyMsg("enter"))
		if cmd == nil {
			t.Fatalf("%s: no command", line)
		}
		batch, ok := cmd().(tea.BatchMsg)
		if !ok || len(batch) != 2 {
			t.Fatalf("%s: command gave %T, want the job and its progress tick", line, cmd())
		}
		done := batch[0]() // the job itself, run to its end here
		work := m.work
		if work == nil {
			t.Fatalf("%s: no progress followed", line)
		}
		_, next := m.Update(progressTickMsg{work})
		if !strings.Contains(m.status.text, wantProgress) || next == nil {
			t.Errorf("%s: progress status %q (ticking on: %v), want %q", line, m.status.text, next != nil, wantProgress)
		}
		send(t, m, done)
		if !strings.Contains(m.status.text, wantDone) {
			t.Errorf("%s: status %q after the job, want %q", line, m.status.text, wantDone)
		}
		if _, next := m.Update(progressTickMsg{work}); next != nil || !strings.Contains(m.status.text, wantDone) {
			t.Errorf("%s: a tick after the job changed the status to %q or ticked on", line, m.status.text)
		}
	}
	run("import "+src, "importing… 2/2 rows", "2 added")
	run("export "+filepath.Join(dir, "all.csv"), "all.csv", "exported")
}

// Quitting right after a filter is entered, before its rows are read,
// remembers that filter; one half typed in the prompt is not remembered.
func TestQuitBeforeTheFilterIsReadRemembersIt(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	press(t, m, "f")
	for _, r := range "tag:vip" {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}) // its reads never run
	}
	if got := m.viewToRemember().Filter; got != "" {
		t.Errorf("a filter still being typed is remembered: %q", got)
	}
	m.Update(keyMsg("enter")) // the read of its rows never runs
	if m.view.Filter != "" {
		t.Fatalf("the filter is on screen before its rows were read: %q", m.view.Filter)
	}
	if got := m.viewToRemember().Filter; got != "tag:vip" {
		t.Errorf("remembered filter %q, want tag:vip", got)
	}
}

// An error on the status bar (a failed snapshot, say) stays when a regrade
// nobody asked for by name reports, as the one on opening an unsettled
// ledger does: its news joins the error. :regrade, a new action, replaces
// it.
func TestBackgroundRegradeKeepsAnError(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	m.status = status{text: "backups: not a folder", err: true}
	send(t, m, regradeDoneMsg{explicit: true, quiet: true})
	if !m.status.err || !strings.Contains(m.status.text, "backups: not a folder") || !strings.Contains(m.status.text, "regraded: 0 grade moves") {
		t.Errorf("after the day's regrade: %+v, want the error kept and the news joined", m.status)
	}
	send(t, m, regradeDoneMsg{explicit: true})
	if m.status.err || strings.Contains(m.status.text, "not a folder") || !strings.Contains(m.status.text, "regraded") {
		t.Errorf("after :regrade: %+v, want the error replaced", m.status)
	}
}
