package main

import (
	"strings"
	"testing"
)

// The agenda is a plan for today in the table as in the CLI: the overdue
// follow-up first, past cadence folded behind its count until z, the same
// words for a customer never contacted, ? for help, and Esc leaves the
// table on the row it was on.
func TestTUIAgendaPlanForToday(t *testing.T) {
	l := newLedger(t)
	old := l.withNow("2026-08-01 10:00:00")
	for _, name := range []string{"王芳", "李雷", "韩梅梅"} {
		old.ok("add", name)
		old.ok("buy", name, "--amount", "800", "--date", "2026-07-30")
	}
	l.withNow("2026-11-01 10:00:00").ok("log", "李雷", "--channel", "phone", "--next", "2026-11-20", "--at", "2026-11-01 09:00")
	cli := l.ok("--lang", "zh", "agenda")
	// 王芳 and 韩梅梅 were added on 2026-08-01 and never contacted: 113 days.
	never := "从未联系，已添加 113 天"
	if !strings.Contains(cli, never) || strings.Contains(cli, "已 113 天未联系") {
		t.Fatalf("kehu agenda:\n%s", cli)
	}
	if o, c := strings.Index(cli, "逾期跟进：1 位"), strings.Index(cli, "超过联系周期："); o < 0 || c < o {
		t.Fatalf("kehu agenda: overdue not before past cadence:\n%s", cli)
	}

	tt := startTUI(t, l, 120, 35, "--lang", "zh")
	tt.waitFor("第 1/3 行")
	tt.keys("j", "j")
	tt.waitFor("第 3/3 行")
	tt.keys("A")
	s := tt.waitFor("逾期跟进：1 位", "按 z 展开")
	if strings.Contains(s, never) {
		t.Errorf("past cadence not folded:\n%s", s)
	}
	tt.keys("z")
	tt.waitFor(never)
	tt.keys("?")
	tt.waitFor("展开/收起", "下一组")
	tt.keys("Escape")
	tt.waitFor(never)
	tt.keys("Escape")
	tt.waitFor("第 3/3 行")
}

// Search and filter as an Excel user types them: a phone with spaces and
// +86, or between terms (in the table and in --where), blanks never in a
// range.
func TestTUISearchAndFilterAsTyped(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	l.ok("add", "李雷", "--phone", "13900139000")
	l.ok("add", "张伟")
	l.withNow("2026-11-01 10:00:00").ok("log", "王芳", "--channel", "phone", "--next", "2026-11-25", "--at", "2026-11-01 09:00")
	if got := l.ok("export", "--where", "name~王 or name~张", "--columns", "name", "--header", "keys"); got != "name\r\n王芳\r\n张伟\r\n" {
		t.Errorf("--where with or: %q", got)
	}
	if got := l.ok("export", "--where", "next_follow_up<2026-12-01", "--columns", "name", "--header", "keys"); got != "name\r\n王芳\r\n" {
		t.Errorf("--where next_follow_up<2026-12-01 (blanks must not count): %q", got)
	}
	tt := startTUI(t, l, 100, 30)
	tt.waitFor("row 1/3")
	tt.keys("/")
	tt.typeText("+86 139 0013 9000")
	tt.keys("Enter")
	tt.waitFor("the only match", "row 2/3")
	tt.keys("f")
	tt.waitFor("e.g. grade=A")
	tt.typeText("name~王 or name~李")
	tt.keys("Enter")
	tt.waitFor("row 1/2")
}
