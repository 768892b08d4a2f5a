package i18n

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0-9.]*[a-zA-Z%]`)

// Every string exists in both languages with the same format verbs.
func TestCatalogueComplete(t *testing.T) {
	for _, k := range Keys() {
		m := catalogue[k]
		if strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "" {
			t.Errorf("%s: missing English or Chinese text: %q", k, m)
			continue
		}
		en, zh := verb.FindAllString(m[0], -1), verb.FindAllString(m[1], -1)
		if len(en) != len(zh) {
			t.Errorf("%s: English has verbs %v, Chinese %v", k, en, zh)
		}
	}
}

// Both languages take the same arguments: formatted with arguments typed
// after the English verbs, the Chinese text has no %!d(string=…)-style
// mistakes (as when it names the arguments in another order).
func TestCatalogueArgumentsAgree(t *testing.T) {
	sample := func(v string) any {
		switch v[len(v)-1] {
		case 'd', 'x', 'X', 'c':
			return 7
		case 'f', 'g', 'e':
			return 1.5
		case 't':
			return true
		}
		return "x"
	}
	for _, k := range Keys() {
		m := catalogue[k]
		var args []any
		for _, v := range verb.FindAllStringSubmatch(m[0], -1) {
			switch {
			case v[0] == "%%":
			case v[1] != "": // %[n]d: argument n, whatever the order
				n, _ := strconv.Atoi(v[1])
				for len(args) < n {
					args = append(args, nil)
				}
				args[n-1] = sample(v[0])
			default:
				args = append(args, sample(v[0]))
			}
		}
		for i, text := range m {
			if out := fmt.Sprintf(text, args...); strings.Contains(out, "%!") {
				t.Errorf("%s (%s): %q", k, []string{"en", "zh"}[i], out)
			}
		}
	}
}

// No two parts of the program define the same key differently.
func TestNoKeyDefinedTwice(t *testing.T) {
	seen := map[string]int{}
	for _, part := range parts {
		for k := range part {
			seen[k]++
		}
	}
	for k, n := range seen {
		if n > 1 {
			t.Errorf("key %s defined %d times", k, n)
		}
	}
}

func TestDetect(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		env  map[string]string
		want Lang
	}{
		{map[string]string{}, EN},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, ZH},
		{map[string]string{"LANG": "en_US.UTF-8"}, EN},
		{map[string]string{"LC_ALL": "zh_TW", "LANG": "en_US"}, ZH},
		{map[string]string{"LC_ALL": "C", "LANG": "zh_CN"}, EN},
		{map[string]string{"KEHU_LANG": "en", "LANG": "zh_CN"}, EN},
		{map[string]string{"KEHU_LANG": "zh"}, ZH},
		{map[string]string{"KEHU_LANG": "klingon", "LANG": "zh_CN"}, ZH},
	}
	for _, c := range cases {
		if got := Detect(env(c.env)); got != c.want {
			t.Errorf("Detect(%v) = %s, want %s", c.env, got, c.want)
		}
	}
}

type zhErr struct{}

func (zhErr) Error() string { return "bad phone" }
func (zhErr) Zh() string    { return "电话不对" }

func TestMessage(t *testing.T) {
	err := fmt.Errorf("add customer: %w", Errorf("cust.notfound", "x"))
	if got := Message(err, ZH); got != `找不到客户 "x"` {
		t.Errorf("zh message %q", got)
	}
	if got := Message(err, EN); !strings.Contains(got, `no customer matches "x"`) {
		t.Errorf("en message %q", got)
	}
	if got := Message(fmt.Errorf("edit: %w", zhErr{}), ZH); got != "电话不对" {
		t.Errorf("zh validation message %q", got)
	}
	if got := Message(errors.New("plain"), ZH); got != "plain" {
		t.Errorf("plain error %q", got)
	}
	if Message(nil, EN) != "" {
		t.Error("nil error has a message")
	}
}

// An error given as an argument is rendered in the reader's language too.
func TestNestedErrorsTranslated(t *testing.T) {
	err := Errorf("filter.term", 1, "grade=Z", Errorf("grade.bad", "Z"))
	if got := Message(fmt.Errorf("export: %w", err), ZH); !strings.Contains(got, "筛选条件") || !strings.Contains(got, "等级") {
		t.Errorf("zh: %q", got)
	}
	if got := Message(err, EN); !strings.Contains(got, `bad grade "Z"`) {
		t.Errorf("en: %q", got)
	}
	var inner *Error
	if !errors.As(err, &inner) {
		t.Fatal("errors.As finds nothing")
	}
}
