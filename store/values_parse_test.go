package store

import (
	"context"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

func mustColumn(t *testing.T, st *Store, key string) Column {
	t.Helper()
	c, ok := st.Column(key)
	if !ok {
		t.Fatalf("no column %s", key)
	}
	return c
}

// ParseValue stores what each built-in column accepts, written by hand.
func TestParseValueBuiltins(t *testing.T) {
	st := openTest(t)
	cases := []struct {
		key, raw string
		want     any
	}{
		{"name", " 王芳 ", "王芳"},
		{"phone", "+86 138-0013-8000", "13800138000"},
		{"phone", "—", ""},
		{"email", "Li@Example.com", "Li@example.com"}, // the domain is case-blind
		{"email", "N/A", ""},
		{"potential", "", int64(0)},
		{"potential", "4", int64(4)},
		{"kind", "个人", "personal"},
		{"kind", "Company", "enterprise"},
		{"kind", "单位", "enterprise"},
		{"kind", "-", ""},
		{"gender", "女", "female"},
		{"gender", "M", "male"},
		{"gender", "其他", "other"},
		{"gender", "", ""},
		{"pinned", "b", "B"},
		{"pinned", "", ""},
		{"tags", "vip，老客户; vip 、新", "vip,老客户,新"},
		{"tags", "无", ""},
		{"notes", "多行\n备注", "多行\n备注"},
		{"birthday", "1990年5月1日", "1990-05-01"},
		{"birthday", "", ""},
		{"next_follow_up", "2026/12/1", "2026-12-01"},
		{"company", "  茶语轩 ", "茶语轩"},
	}
	for _, c := range cases {
		got, err := ParseValue(mustColumn(t, st, c.key), c.raw)
		if err != nil || got != c.want {
			t.Errorf("ParseValue(%s, %q) = %#v (%v), want %#v", c.key, c.raw, got, err, c.want)
		}
	}
	for _, bad := range []struct{ key, raw string }{
		{"name", ""}, {"phone", "12345"}, {"email", "not-an-email"}, {"potential", "6"}, {"potential", "x"},
		{"kind", "alien"}, {"gender", "x"}, {"pinned", "E"}, {"birthday", "2026-02-30"}, {"company", "a\x00b"},
		{"phone", "138\r0013"},
	} {
		if v, err := ParseValue(mustColumn(t, st, bad.key), bad.raw); err == nil {
			t.Errorf("ParseValue(%s, %q) accepted: %#v", bad.key, bad.raw, v)
		}
	}
}

// Format shows stored enumerations in the user's language.
func TestFormatEnumerations(t *testing.T) {
	st := openTest(t)
	cases := []struct {
		key string
		v   any
		en  string
		zh  string
	}{
		{"kind", "personal", "personal", "个人"},
		{"kind", "enterprise", "enterprise", "企业"},
		{"kind", "", "", ""},
		{"gender", "female", "female", "女"},
		{"gender", "other", "other", "其他"},
		{"segment", tiering.SegImportantValue, "Important value", "重要价值"},
		{"segment", "", "", ""},
		{"stage", "churned", "Churned", "流失"},
		{"stage", "", "", ""},
		{"total_spend", int64(-1250), "-12.50", "-12.50"},
		{"purchases", int64(12), "12", "12"},
		{"score", 72.25, "72.2", "72.2"},
		{"score", float64(0), "0.0", "0.0"},
		{"potential", int64(3), "3", "3"},
		{"name", nil, "", ""},
		{"name", "王芳", "王芳", "王芳"},
	}
	for _, c := range cases {
		col := mustColumn(t, st, c.key)
		if got := Format(col, c.v, i18n.EN); got != c.en {
			t.Errorf("Format(%s, %#v, en) = %q, want %q", c.key, c.v, got, c.en)
		}
		if got := Format(col, c.v, i18n.ZH); got != c.zh {
			t.Errorf("Format(%s, %#v, zh) = %q, want %q", c.key, c.v, got, c.zh)
		}
	}
}

// normalise maps what the driver returns onto the store's value types.
func TestNormaliseDriverValues(t *testing.T) {
	cases := []struct {
		t    Type
		in   any
		want any
	}{
		{Text, []byte("王芳"), "王芳"},
		{YesNo, int64(1), true},
		{YesNo, int64(0), false},
		{Number, int64(3), float64(3)},
		{Number, 2.5, 2.5},
		{Money, float64(150000), int64(150000)},
		{Int, float64(7), int64(7)},
		{Money, int64(99), int64(99)},
		{Text, nil, nil},
		{Date, "2026-11-22", "2026-11-22"},
	}
	for _, c := range cases {
		if got := normalise(Column{Type: c.t}, c.in); got != c.want {
			t.Errorf("normalise(%s, %#v) = %#v, want %#v", c.t, c.in, got, c.want)
		}
	}
}

// Line breaks are kept in notes, needs, address and custom text columns
// (multi-line sheet cells land there) and refused in one-line text.
func TestTextColumnsKeepOrRefuseLineBreaks(t *testing.T) {
	st := openTest(t)
	if _, err := st.AddColumn(context.Background(), "私注", Text, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddColumn(context.Background(), "渠道", Choice, nil); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"notes", "needs", "address", "私注"} {
		if got, err := ParseValue(mustColumn(t, st, key), "第一行\n第二行"); err != nil || got != "第一行\n第二行" {
			t.Errorf("%s: %#v (%v), want both lines kept", key, got, err)
		}
	}
	for _, key := range []string{"company", "wechat", "industry", "source", "渠道"} {
		if got, err := ParseValue(mustColumn(t, st, key), "第一行\n第二行"); err == nil {
			t.Errorf("%s accepted a line break: %#v", key, got)
		}
	}
}

// A yes/no value read as a number formats as yes/no too.
func TestFormatYesNoFromInteger(t *testing.T) {
	c := Column{Key: "加微信", Type: YesNo}
	for v, want := range map[int64]string{1: "yes", 0: "no", 2: "yes"} {
		if got := Format(c, v, i18n.EN); got != want {
			t.Errorf("Format(yes/no, %d) = %q, want %q", v, got, want)
		}
	}
	if got := Format(c, int64(1), i18n.ZH); got != "是" {
		t.Errorf("Format(yes/no, 1, zh) = %q, want 是", got)
	}
}
