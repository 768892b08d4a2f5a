package tui

import (
	"context"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/muesli/termenv"
)

// scDriver drives one screen as the root does, on a stack of its own:
// keys in, the commands they return run (reads, screens opened over it),
// and the screen's own close recorded.
type scDriver struct {
	t      *testing.T
	s      screen // the screen driven, at the bottom of the stack
	stack  *screenStack
	closed *popMsg
}

// drive starts s (its reads run) on a stack of its own, 100x30.
func drive(t *testing.T, s screen) *scDriver {
	d := &scDriver{t: t, s: s, stack: &screenStack{screens: []screen{s}, width: 100, height: 30, cancel: newKeyMap(i18n.EN).Cancel}}
	d.run(s.Init())
	return d
}

// opened is s with its reads done.
func opened(t *testing.T, s screen) screen { return drive(t, s).s }

func scEnv(st *store.Store, lang i18n.Lang) env {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	rules, err := st.Rules(context.Background())
	if err != nil {
		rules = tiering.DefaultRules() // a closed ledger: the screens say so
	}
	return env{common: newCommon(context.Background(), st, lang, testNow, r, true, rules), width: 100, height: 30}
}

// scKey builds a key message, with the ctrl keys forms use.
func scKey(k string) tea.KeyMsg {
	switch k {
	case "ctrl+s":
		return tea.KeyMsg{Type: tea.KeyCtrlS}
	case "ctrl+p":
		return tea.KeyMsg{Type: tea.KeyCtrlP}
	case "ctrl+n":
		return tea.KeyMsg{Type: tea.KeyCtrlN}
	}
	return keyMsg(k)
}

func (d *scDriver) run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			queue = append(queue, d.stack.update(msg))
		}
	}
	d.closed = d.stack.closed
}

// top is the screen on top of the driver's stack.
func (d *scDriver) top() screen { return d.stack.top() }

func (d *scDriver) key(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		d.run(d.stack.update(scKey(k)))
	}
}

func (d *scDriver) typ(s string) {
	for _, r := range s {
		d.run(d.stack.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}))
	}
}

func (d *scDriver) view() string {
	d.t.Helper()
	v := d.top().View()
	checkFrame(d.t, v, 100, 30)
	return ansi.Strip(v)
}

func (d *scDriver) mustShow(want ...string) {
	d.t.Helper()
	v := d.view()
	for _, w := range want {
		if !strings.Contains(v, w) {
			d.t.Errorf("%q not on screen:\n%s", w, v)
		}
	}
}

// scShop is a ledger with a few customers, graded.
func scShop(t *testing.T) (*store.Store, []int64) {
	t.Helper()
	st := newTestStore(t)
	return st, seed(t, st, chineseShop())
}

func TestContactFormLogsACallInThreeKeys(t *testing.T) {
	st, ids := scShop(t)
	d := drive(t, newContactForm(scEnv(st, i18n.ZH), ids[0]))
	d.mustShow("记录联系", "王芳", "电话", "联系")
	d.typ("回访，很满意")
	d.key("ctrl+s")
	if d.closed == nil || !d.closed.changed || d.closed.customerID != ids[0] {
		t.Fatalf("form did not close with a change: %+v", d.closed)
	}
	cs, err := st.Contacts(context.Background(), ids[0], 10)
	if err != nil || len(cs) != 1 {
		t.Fatalf("contacts %v %v", cs, err)
	}
	if c := cs[0]; c.Channel != "phone" || c.Kind != "contact" || c.Summary != "回访，很满意" || c.NextFollowUp != "" {
		t.Errorf("logged %+v", c)
	}
}

func TestContactFormRefusesBadDateAndKeepsText(t *testing.T) {
	st, ids := scShop(t)
	d := drive(t, newContactForm(scEnv(st, i18n.EN), ids[1]))
	d.typ("asked about bulk price")
	d.key("enter") // outcome
	d.typ("will call back")
	d.key("enter") // next follow-up
	d.typ("2026-02-30")
	d.key("enter") // last field: save
	if d.closed != nil {
		t.Fatal("a bad date was saved")
	}
	d.mustShow("2026-02-30", "✗", "asked about bulk price", "will call back")
	if cs := mustContacts(t, st, ids[1], 10); len(cs) != 0 {
		t.Fatalf("written despite the bad date: %v", cs)
	}
	// Channel and kind cycle with ←/→; the date takes a quick form.
	d.key("shift+tab", "shift+tab", "shift+tab", "shift+tab", "right") // channel: WeChat
	d.key("tab", "right", "right")                                     // kind: complaint
	d.key("tab", "tab", "tab", "ctrl+a", "ctrl+k")
	d.typ("+1w")
	d.mustShow("= 2026-03-22")
	d.key("ctrl+s")
	if d.closed == nil {
		t.Fatalf("not saved:\n%s", d.view())
	}
	cs := mustContacts(t, st, ids[1], 10)
	if len(cs) != 1 || cs[0].Channel != "wechat" || cs[0].Kind != "complaint" || cs[0].NextFollowUp != "2026-03-22" || cs[0].Outcome != "will call back" {
		t.Errorf("logged %+v", cs)
	}
	if !strings.Contains(d.closed.status, "2026-03-22") {
		t.Errorf("status %q", d.closed.status)
	}
}

func TestContactFormQuickChoices(t *testing.T) {
	st, ids := scShop(t)
	d := drive(t, newContactForm(scEnv(st, i18n.EN), ids[0]))
	d.key("tab", "tab") // next follow-up
	d.key("right")
	d.mustShow("2026-03-16", "+1 day")
	d.key("right", "right", "right") // the grade's cadence
	d.mustShow("cadence")
	d.key("ctrl+s")
	r := mustGet(t, st, ids[0])
	if r.Str("next_follow_up") <= "2026-03-15" {
		t.Errorf("next follow-up %q", r.Str("next_follow_up"))
	}
}

func TestPurchaseFormRefusesBadAmountThenRegrades(t *testing.T) {
	st, ids := scShop(t)
	prospect := ids[4] // 陈静: no purchase, grade D
	if r := mustGet(t, st, prospect); r.Str("grade") != "D" {
		t.Fatalf("grade %q", r.Str("grade"))
	}
	d := drive(t, newPurchaseForm(scEnv(st, i18n.ZH), prospect))
	d.mustShow("记录消费", "陈静", "2026-03-15")
	d.typ("12.345")
	d.key("ctrl+s")
	if d.closed != nil {
		t.Fatal("a bad amount was saved")
	}
	d.mustShow("12.345", "✗")
	if ps := mustPurchases(t, st, prospect, 10); len(ps) != 0 {
		t.Fatalf("written: %v", ps)
	}
	d.key("ctrl+a", "ctrl+k")
	d.typ("1.2万")
	d.key("tab")
	d.typ("龙")
	d.key("right") // completion from products sold before
	d.mustShow("龙井")
	d.key("tab") // qty 1
	d.key("tab") // date
	d.key("ctrl+a", "ctrl+k")
	d.typ("2026/03/14")
	d.key("ctrl+s")
	if d.closed == nil || !d.closed.changed {
		t.Fatalf("not saved:\n%s", d.view())
	}
	ps := mustPurchases(t, st, prospect, 10)
	if len(ps) != 1 || ps[0].Amount != 1200000 || ps[0].Product != "龙井" || ps[0].Qty != 1 || ps[0].Date != "2026-03-14" {
		t.Errorf("purchase %+v", ps)
	}
	if g := d.closed.grade; g == nil || g.Old != "D" || g.New == "D" {
		t.Errorf("grade move %+v", g)
	}
}

func TestPurchaseFormBadDateKept(t *testing.T) {
	st, ids := scShop(t)
	d := drive(t, newPurchaseForm(scEnv(st, i18n.EN), ids[0]))
	d.typ("88")
	d.key("tab", "tab", "tab", "ctrl+a", "ctrl+k")
	d.typ("31/12/2026")
	d.key("ctrl+s")
	if d.closed != nil {
		t.Fatal("a bad date was saved")
	}
	d.mustShow("31/12/2026", "✗", "88")
	d.key("esc")
	if d.closed == nil || d.closed.changed {
		t.Errorf("esc: %+v", d.closed)
	}
}

func TestDetailShowsLogsAndEditsInPlace(t *testing.T) {
	st, ids := scShop(t)
	ctx := context.Background()
	id := ids[0]
	if _, err := st.AddContact(ctx, id, store.ContactInput{Channel: "wechat", Summary: "问新茶到货", Next: "2026-03-20"}); err != nil {
		t.Fatal(err)
	}
	d := drive(t, newDetail(scEnv(st, i18n.ZH), id))
	d.mustShow("王芳", "消费记录", "¥8,800.00", "2026-03-11", "联系记录", "问新茶到货", "2026-03-20", "等级变动", "等级依据", "杭州西湖茶叶有限公司")
	// A shop of a few customers carries no purchase model: the detail says
	// so after the grade's reasons, instead of showing a probability.
	d.mustShow("没有购买模型估计")
	// Log a contact and a purchase from the detail: the lists follow.
	d.key("c")
	d.typ("电话确认")
	d.key("ctrl+s")
	d.key("p")
	d.typ("520")
	d.key("ctrl+s")
	d.mustShow("电话确认", "¥520.00")
	if d.closed != nil {
		t.Fatal("the detail closed with its form")
	}
	// Edit the phone in place: a bad one is refused and kept.
	d.key("g")
	for d.s.(*detailScreen).cols[d.s.(*detailScreen).cur].Key != "phone" {
		d.key("down")
	}
	d.key("enter", "ctrl+a", "ctrl+k")
	d.typ("12345")
	d.key("enter")
	d.mustShow("12345", "✗")
	d.key("ctrl+a", "ctrl+k")
	d.typ("139 1234 5699")
	d.key("enter")
	d.mustShow("13912345699")
	// Read-only fields refuse.
	d.key("g", "down", "down", "enter")
	d.mustShow("不能编辑")
	d.key("esc")
	if d.closed == nil || !d.closed.changed || d.closed.customerID != id {
		t.Fatalf("close %+v", d.closed)
	}
	if r := mustGet(t, st, id); r.Str("phone") != "13912345699" {
		t.Errorf("phone %q", r.Str("phone"))
	}
}

func TestAgendaDropsCustomerOnceContacted(t *testing.T) {
	st, ids := scShop(t)
	logContactOn(t, st, "2026-03-01", ids[2], store.ContactInput{Channel: "phone", At: "2026-03-01 09:00", Summary: "约了今天", Next: "2026-03-15"})
	logContactOn(t, st, "2026-03-01", ids[3], store.ContactInput{Channel: "phone", At: "2026-03-01 09:00", Next: "2026-03-10"})
	d := drive(t, newAgenda(scEnv(st, i18n.EN)))
	d.mustShow("Agenda 2026-03-15", "张伟", "follow-up due today", "欧阳娜娜", "overdue 5 days")
	a := d.s.(*agendaScreen)
	for i, it := range a.items {
		if it.CustomerID == ids[2] {
			a.cur = i
		}
	}
	d.key("c")
	d.mustShow("Log a contact", "张伟")
	d.typ("called, will visit")
	d.key("ctrl+s")
	v := d.view()
	if strings.Contains(v, "follow-up due today") {
		t.Errorf("the item stayed after the contact:\n%s", v)
	}
	d.mustShow("欧阳娜娜", "phone logged for 张伟")
	d.key("esc")
	if d.closed == nil || !d.closed.changed {
		t.Fatalf("close %+v", d.closed)
	}
}

func TestSummaryCountsEqualTheLedger(t *testing.T) {
	st, _ := scShop(t)
	ctx := context.Background()
	d := drive(t, newSummary(scEnv(st, i18n.EN)))
	d.mustShow("Tier summary", "8 customers", "By grade", "By segment")
	d.key("G") // the movements are past the first page
	d.mustShow("Grade movements")
	s := d.s.(*summaryScreen).ov.sum
	total := 0
	for _, g := range s.Grades {
		n, err := st.Count(ctx, store.Query{Filter: "grade=" + g.Key})
		if err != nil {
			t.Fatal(err)
		}
		if n != g.Count {
			t.Errorf("grade %s: screen %d, ledger %d", g.Key, g.Count, n)
		}
		total += g.Count
	}
	if all := mustCountAll(t, st); total != all {
		t.Errorf("grades sum to %d, ledger has %d", total, all)
	}
	d.key("esc")
	if d.closed == nil {
		t.Error("esc did not close")
	}
}

func TestRulesPreviewThenSave(t *testing.T) {
	st, _ := scShop(t)
	d := drive(t, newRules(scEnv(st, i18n.EN)))
	d.mustShow("Tiering rules", "Window (days)", "365", "ctrl+p previews")
	// A bad value is refused beside its field.
	d.key("ctrl+a", "ctrl+k")
	d.typ("0")
	d.key("ctrl+p")
	d.mustShow("✗", "a whole number from 1 to 3650")
	d.key("ctrl+a", "ctrl+k")
	d.typ("365")
	// Everyone who bought is A.
	d.key("tab", "tab", "tab", "tab", "tab", "ctrl+a", "ctrl+k")
	d.typ("0")
	d.key("tab", "ctrl+a", "ctrl+k")
	d.typ("0")
	d.key("ctrl+s") // first: the preview
	if d.closed != nil {
		t.Fatal("saved without a preview")
	}
	p := d.s.(*rulesScreen).preview
	if p == nil {
		t.Fatalf("no preview:\n%s", d.view())
	}
	before := mustTierSummary(t, st)
	want := before.Customers - before.Grades[0].Count - before.Grades[3].Count
	if p.Changes != want || p.After["A"] != before.Customers-before.Grades[3].Count {
		t.Errorf("preview %+v, want %d changes", p, want)
	}
	d.mustShow("Preview:", "would change grade")
	d.key("ctrl+s")
	if d.closed == nil || !d.closed.changed {
		t.Fatalf("not saved:\n%s", d.view())
	}
	r := mustRules(t, st)
	if r.GradeA != 0 || r.GradeB != 0 {
		t.Errorf("rules %+v", r)
	}
	after := mustTierSummary(t, st)
	if after.Grades[0].Count != p.After["A"] {
		t.Errorf("A after save %d, preview %d", after.Grades[0].Count, p.After["A"])
	}
}

func TestExplainScreen(t *testing.T) {
	st, ids := scShop(t)
	d := drive(t, newExplain(scEnv(st, i18n.ZH), ids[0]))
	d.mustShow("王芳", "等级", "R（最近购买）", "得分")
	d.key("esc")
	if d.closed == nil || d.closed.customerID != ids[0] {
		t.Errorf("close %+v", d.closed)
	}
}

// Through the root: `c`, the text, ctrl+s from the table.
func TestRootContactAndPurchaseKeys(t *testing.T) {
	st, ids := scShop(t)
	m := newTestModel(t, st, i18n.EN, 100, 30)
	id := currentID(t, m)
	press(t, m, "c")
	if !strings.Contains(ansi.Strip(m.View()), "Log a contact") {
		t.Fatalf("c did not open the contact form:\n%s", ansi.Strip(m.View()))
	}
	typeText(t, m, "quick call")
	send(t, m, tea.KeyMsg{Type: tea.KeyCtrlS})
	if m.stack.depth() > 1 {
		t.Fatalf("form still open:\n%s", ansi.Strip(m.View()))
	}
	if cs := mustContacts(t, st, id, 5); len(cs) != 1 || cs[0].Summary != "quick call" {
		t.Errorf("contacts %+v", cs)
	}
	press(t, m, "p")
	typeText(t, m, "66")
	send(t, m, tea.KeyMsg{Type: tea.KeyCtrlS})
	if m.stack.depth() > 1 {
		t.Fatalf("purchase form still open:\n%s", ansi.Strip(m.View()))
	}
	if ps := mustPurchases(t, st, id, 5); len(ps) == 0 || ps[0].Amount != 6600 {
		t.Errorf("purchases %+v", ps)
	}
	_ = ids
}

// Every screen fills the terminal exactly, in both languages and sizes.
func TestScreensFillTheFrame(t *testing.T) {
	st, ids := scShop(t)
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for _, size := range [][2]int{{100, 30}, {60, 16}, {140, 45}} {
			e := scEnv(st, lang)
			e.width, e.height = size[0], size[1]
			for name, s := range map[string]screen{
				"contact": opened(t, newContactForm(e, ids[0])), "purchase": opened(t, newPurchaseForm(e, ids[0])), "detail": opened(t, newDetail(e, ids[0])),
				"agenda": opened(t, newAgenda(e)), "summary": opened(t, newSummary(e)), "rules": opened(t, newRules(e)), "explain": opened(t, newExplain(e, ids[0])),
				"missing": opened(t, newDetail(e, 999)),
			} {
				t.Run(string(lang)+"/"+name, func(t *testing.T) { checkFrame(t, s.View(), size[0], size[1]) })
			}
		}
	}
}
