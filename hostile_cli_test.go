package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/store"
)

const (
	evilTitle = "\x1b]0;pwned\x07"
	evilRed   = "\x1b[31m"
)

// rawControls are bytes and characters that must never reach a terminal from data.
var rawControls = []string{"\x1b", "\x07", "\u009b", "\u202e"}

func assertNoRaw(t *testing.T, what, s string) {
	t.Helper()
	for _, c := range rawControls {
		if strings.Contains(s, c) {
			t.Errorf("%s: raw %q in output:\n%q", what, c, s)
		}
	}
}

// oldHostileLedger writes two customers named alike whose text holds
// control characters, through the bulk loader (which does not validate), as
// a ledger from before text was checked would hold them.
func oldHostileLedger(t *testing.T, l *ledger) {
	t.Helper()
	st, err := store.Open(l.path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	b, err := st.NewBulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, phone := range []string{"13800138000", "13900139000"} {
		c := store.BulkCustomer{
			Fields: map[string]any{"name": "Evil" + evilTitle, "phone": phone, "company": evilRed + "Corp",
				"notes": "n\u009b2J", "wechat": "\u202ewx"},
			CreatedAt: "2026-01-01 10:00:00",
			Purchases: []store.Purchase{{Date: "2026-11-01", Product: "Tea" + evilRed, Qty: 1, Amount: 10000}},
		}
		if i == 0 {
			c.Contacts = []store.Contact{{At: "2026-11-01 10:00", Channel: "phone", Kind: "contact", Summary: "s" + evilTitle, NextFollowUp: fixedDay}}
		}
		if _, err := b.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestControlCharactersRefusedOnInput(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	before := l.snapshot()
	for _, tc := range []struct {
		args []string
		msg  []string
	}{
		{[]string{"add", "X", "--company", evilTitle}, []string{"Company", `\x1b`, "control character"}},
		{[]string{"add", "X\u202e"}, []string{"name", `\u202e`, "direction"}},
		{[]string{"add", "X", "--phone", "138\u202e00138000"}, []string{"Phone", `\u202e`}},
		{[]string{"add", "X", "--set", "notes=a" + evilRed}, []string{"Notes", `\x1b`, "line breaks"}},
		{[]string{"add", "X", "--tag", "vip" + evilRed}, []string{"Tags", `\x1b`}},
		{[]string{"add", "X", "--set", "wechat=a\nb"}, []string{"WeChat", `\x0a`}},
		{[]string{"log", "王芳", "--channel", "phone", "--note", "hi" + evilTitle}, []string{"Summary", `\x1b`}},
		{[]string{"log", "王芳", "--channel", "phone", "--outcome", "\u009b2J"}, []string{"Outcome", `\u009b`}},
		{[]string{"buy", "王芳", "--amount", "10", "--product", "Tea" + evilRed}, []string{"Product", `\x1b`}},
		{[]string{"buy", "王芳", "--amount", "10", "--note", "n\x07"}, []string{"Note", `\x07`}},
	} {
		r := l.fails(1, tc.msg, tc.args...)
		assertNoRaw(t, strings.Join(tc.args, " "), r.err+r.out)
	}
	if after := l.snapshot(); after != before {
		t.Errorf("a refused command wrote:\nbefore %s\nafter %s", before, after)
	}
	// multi-line fields keep line breaks and tabs
	l.ok("add", "李雷", "--set", "notes=第一行\n第二行\t缩进")
	l.ok("log", "李雷", "--channel", "phone", "--note", "问了\n礼盒")
	if out := l.ok("export", "--columns", "name,notes", "--header", "keys"); !strings.Contains(out, "\"第一行\r\n第二行\t缩进\"") {
		t.Errorf("multi-line notes not kept: %q", out)
	}
	// Chinese messages too
	l.env = append(l.env, "KEHU_LANG=zh")
	l.fails(1, []string{"公司", `\x1b`, "控制字符"}, "add", "X", "--company", evilRed)
}

func TestStoredControlCharactersShownVisible(t *testing.T) {
	l := newLedger(t)
	oldHostileLedger(t, l)

	// ambiguous names list the candidates, escaped
	for _, args := range [][]string{
		{"buy", "Evil" + evilTitle, "--amount", "10"},
		{"log", "Evil" + evilTitle, "--channel", "phone"},
		{"tiers", "--explain", "Evil" + evilTitle},
	} {
		r := l.fails(1, []string{`Evil\x1b]0;pwned\x07`, `\x1b[31mCorp`, "#1", "#2"}, args...)
		assertNoRaw(t, args[0], r.err)
	}
	out := l.ok("tiers", "--explain", "13800138000")
	assertNoRaw(t, "tiers --explain", out)
	if !strings.Contains(out, `Evil\x1b]0;pwned\x07`) {
		t.Errorf("tiers --explain does not name the customer visibly:\n%s", out)
	}
	out = l.ok("agenda")
	assertNoRaw(t, "agenda", out)
	if !strings.Contains(out, `Evil\x1b]0;pwned\x07`) {
		t.Errorf("agenda does not show the customer visibly:\n%s", out)
	}
	out = l.ok("buy", "13800138000", "--amount", "10")
	assertNoRaw(t, "buy", out)

	// a pipe or a file gets the data exactly
	out = l.ok("export", "--columns", "name,company,notes,wechat", "--header", "keys")
	for _, want := range []string{"Evil" + evilTitle, evilRed + "Corp", "n\u009b2J", "\u202ewx"} {
		if !strings.Contains(out, want) {
			t.Errorf("piped CSV lost %q:\n%q", want, out)
		}
	}
	file := filepath.Join(t.TempDir(), "x.csv")
	l.ok("export", "--columns", "name,company", "--out", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "Evil"+evilTitle) || !strings.Contains(string(data), evilRed+"Corp") {
		t.Errorf("exported file lost the stored text: %q", data)
	}
}

func TestExportToTerminalShowsControlCharactersVisible(t *testing.T) {
	l := newLedger(t)
	oldHostileLedger(t, l)
	// the pane runs the export, then waits, so its screen can be read
	script := filepath.Join(t.TempDir(), "run.sh")
	cmd := "#!/bin/sh\n" + shellQuote(kehuBin) + " export --columns name,company,wechat --header keys\n" +
		shellQuote(kehuBin) + " duplicates\necho DONE\nsleep 30\n"
	if err := os.WriteFile(script, []byte(cmd), 0o700); err != nil {
		t.Fatal(err)
	}
	tt := startTUIProgram(t, l, 200, 20, script)
	s := tt.waitFor("DONE")
	// the two rows of the export, and the pair the duplicate finder lists
	if n := strings.Count(s, `Evil\x1b]0;pwned\x07`); n < 3 {
		t.Errorf("the name shows %d times, want the export's 2 and the duplicates':\n%s", n, s)
	}
	for _, want := range []string{`Evil\x1b]0;pwned\x07`, `\x1b[31mCorp`, `\u202ewx`} {
		if !strings.Contains(s, want) {
			t.Errorf("terminal does not show %q:\n%s", want, s)
		}
	}
	if title := tt.tmux("display-message", "-p", "-t", tt.session, "#{pane_title}"); strings.Contains(title, "pwned") {
		t.Errorf("the export retitled the terminal: %q", title)
	}
}
