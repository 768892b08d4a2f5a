package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestStaffOwnersAndOwnerAgenda(t *testing.T) {
	l := newLedger(t)
	l.ok("staff", "add", "小王")
	l.ok("staff", "add", "小李")
	l.fails(1, []string{"小王 is already on the staff list"}, "staff", "add", "小王")
	l.ok("add", "王芳", "--set", "owner=小王", "--set", "company_size=小型")
	l.ok("add", "李雷", "--set", "owner=小李", "--set", "referred_by=王芳")
	l.fails(1, []string{"老张 is not on the staff list"}, "add", "张三", "--set", "owner=老张")
	l.ok("log", "王芳", "--channel", "phone", "--next", fixedDay)
	l.ok("log", "李雷", "--channel", "phone", "--next", fixedDay)

	out := l.ok("agenda", "--owner", "小王")
	if !strings.Contains(out, "for 小王") || !strings.Contains(out, "王芳") || strings.Contains(out, "李雷") {
		t.Errorf("小王's agenda:\n%s", out)
	}
	out = l.ok("agenda")
	if !strings.Contains(out, "王芳") || !strings.Contains(out, "@小王") || !strings.Contains(out, "@小李") {
		t.Errorf("everyone's agenda:\n%s", out)
	}
	var ag struct {
		Owner string
		Items []struct{ Name, Owner string }
	}
	if err := json.Unmarshal([]byte(l.ok("agenda", "--owner", "小李", "--json")), &ag); err != nil {
		t.Fatal(err)
	}
	if ag.Owner != "小李" || len(ag.Items) != 1 || ag.Items[0].Name != "李雷" || ag.Items[0].Owner != "小李" {
		t.Errorf("小李's agenda JSON: %+v", ag)
	}
	l.fails(1, []string{"老张 is not on the staff list"}, "agenda", "--owner", "老张")

	csv := l.ok("export", "--where", "owner=小王", "--columns", "name,owner,company_size,referred_by", "--header", "keys")
	if csv != "name,owner,company_size,referred_by\r\n王芳,小王,small,\r\n" {
		t.Errorf("export owner=小王:\n%q", csv)
	}
	csv = l.ok("export", "--where", "referred_by=1", "--columns", "name,referred_by", "--header", "keys")
	if csv != "name,referred_by\r\n李雷,1\r\n" {
		t.Errorf("export referred_by=1:\n%q", csv)
	}
	list := l.ok("staff", "list", "--lang", "zh")
	if !strings.Contains(list, "小李  负责 1 位客户") || !strings.Contains(list, "小王  负责 1 位客户") {
		t.Errorf("staff list:\n%s", list)
	}
	l.fails(1, []string{"小王 还负责 1 位客户"}, "staff", "remove", "小王", "--lang", "zh")
}
