package main

import (
	"strings"
	"testing"
)

// The confirmations of buy and log read right in both languages: the
// Chinese sentences name their arguments in another order than the English.
func TestEntryConfirmationsInBothLanguages(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--lang", "zh", "buy", "王芳", "--amount", "1.2万"}, "已记录 #1 王芳 消费 ¥12,000.00（累计 ¥12,000.00，等级 D→"},
		{[]string{"--lang", "en", "buy", "王芳", "--amount", "500"}, "logged ¥500.00 for #1 王芳 (total ¥12,500.00, grade "},
		{[]string{"--lang", "zh", "log", "王芳", "--channel", "电话"}, "已记录与 #1 王芳 的电话"},
		{[]string{"--lang", "en", "log", "王芳", "--channel", "wechat"}, "logged WeChat with #1 王芳"},
	} {
		out := l.ok(c.args...)
		if !strings.HasPrefix(out, c.want) || strings.Contains(out, "%!") {
			t.Errorf("kehu %s:\n got %q\nwant %q…", strings.Join(c.args, " "), out, c.want)
		}
	}
}
