package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestComplaintOpenThenResolved(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	l.ok("add", "李雷")
	l.fails(1, []string{"no complaint #1"}, "complaints", "resolve", "1", "--note", "x")
	l.ok("log", "王芳", "--channel", "wechat", "--kind", "投诉", "--note", "茶叶受潮", "--at", "2026-11-20 09:00")
	l.ok("log", "李雷", "--channel", "phone", "--note", "问价")

	out := l.ok("complaints", "--open")
	if !strings.Contains(out, "1 complaints, 1 open") || !strings.Contains(out, "#1 ") || !strings.Contains(out, "王芳") || !strings.Contains(out, "茶叶受潮  open") {
		t.Errorf("open complaints:\n%s", out)
	}
	agenda := l.ok("agenda")
	first := strings.Index(agenda, "Open complaints (1)")
	if first < 0 || !strings.Contains(agenda, "1 open complaint(s), oldest 2 days") {
		t.Errorf("agenda:\n%s", agenda)
	}
	csv := l.ok("export", "--where", "open_complaints>0", "--columns", "name,open_complaints", "--header", "keys")
	if csv != "name,open_complaints\r\n王芳,1\r\n" {
		t.Errorf("export open_complaints>0: %q", csv)
	}

	l.fails(2, []string{"say how the complaint was resolved"}, "complaints", "resolve", "1")
	if out := l.ok("complaints", "resolve", "#1", "--note", "已换货并致歉", "--lang", "zh"); !strings.Contains(out, "已处理 王芳 的投诉 #1") {
		t.Errorf("resolve: %s", out)
	}
	if out := l.ok("complaints", "--open"); strings.TrimSpace(out) != "No open complaints." {
		t.Errorf("open complaints after resolving:\n%s", out)
	}
	var all []struct {
		ID         int64
		Name       string
		Status     string
		Resolution string
		ResolvedOn string `json:"resolved_on"`
	}
	if err := json.Unmarshal([]byte(l.ok("complaints", "--json")), &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Status != "resolved" || all[0].Resolution != "已换货并致歉" || all[0].ResolvedOn != fixedDay {
		t.Errorf("complaints JSON: %+v", all)
	}
	if strings.Contains(l.ok("agenda"), "Open complaints") {
		t.Error("a resolved complaint is still on the agenda")
	}
	csv = l.ok("export", "--where", "open_complaints>0", "--columns", "name", "--header", "keys")
	if csv != "name\r\n" {
		t.Errorf("export after resolving: %q", csv)
	}
	l.fails(1, []string{"complaint #1 is resolved already"}, "complaints", "resolve", "1", "--note", "again")
}
