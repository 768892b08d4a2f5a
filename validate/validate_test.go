package validate

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// wantErr asserts err is an *Error for field with key, and that both messages render.
func wantErr(t *testing.T, in string, err error, field, key string) {
	t.Helper()
	var ve *Error
	if !errors.As(err, &ve) {
		t.Errorf("%q: want *Error %s, got %v", in, key, err)
		return
	}
	if ve.Key != key || ve.Field != field || ve.Value != in {
		t.Errorf("%q: got field=%q key=%q value=%q, want field=%q key=%q", in, ve.Field, ve.Key, ve.Value, field, key)
	}
	checkMessages(t, ve)
}

// checkMessages asserts the error's key is in the catalogue and renders fully.
func checkMessages(t *testing.T, ve *Error) {
	t.Helper()
	if _, _, ok := Message(ve.Key); !ok {
		t.Errorf("key %q missing from the catalogue", ve.Key)
	}
	for _, m := range []string{ve.Error(), ve.Zh()} {
		if m == "" || strings.Contains(m, "{detail}") || strings.HasSuffix(m, ": ") {
			t.Errorf("%s: badly rendered message %q", ve.Key, m)
		}
	}
}

type strCase struct {
	in, want string
	key      string // "" = accepted
}

func runStr(t *testing.T, name string, f func(string) (string, error), field string, cases []strCase) {
	t.Helper()
	for _, c := range cases {
		got, err := f(c.in)
		if c.key == "" {
			if err != nil || got != c.want {
				t.Errorf("%s(%q) = %q, %v; want %q", name, c.in, got, err, c.want)
			}
			continue
		}
		if got != "" {
			t.Errorf("%s(%q) = %q on error", name, c.in, got)
		}
		wantErr(t, c.in, err, field, c.key)
	}
}

func TestPhone(t *testing.T) {
	runStr(t, "Phone", Phone, "phone", []strCase{
		{"", "", ""},
		{"   ", "", ""},
		{"13812345678", "13812345678", ""},
		{"19912345678", "19912345678", ""},
		{"138 1234 5678", "13812345678", ""},
		{"138-1234-5678", "13812345678", ""},
		{"138.1234.5678", "13812345678", ""},
		{"(138) 1234-5678", "13812345678", ""},
		{"+86 138 1234 5678", "13812345678", ""},
		{"+86-13812345678", "13812345678", ""},
		{"+8613812345678", "13812345678", ""},
		{"(+86) 138 1234 5678", "13812345678", ""},
		{"0086 138 1234 5678", "13812345678", ""},
		{"008613812345678", "13812345678", ""},
		{"86 138 1234 5678", "13812345678", ""},
		{"86-13812345678", "13812345678", ""},
		{"8613812345678", "13812345678", ""},
		{"013812345678", "13812345678", ""},
		{"１３８１２３４５６７８", "13812345678", ""},
		{"＋８６　１３８－１２３４－５６７８", "13812345678", ""},
		{"１３８ １２３４ ５６７８", "13812345678", ""},
		{"138\u200b1234\u200b5678", "13812345678", ""},
		{"138–1234–5678", "13812345678", ""},
		{" 13812345678\t", "13812345678", ""},
		// landlines
		{"010-12345678", "010-12345678", ""},
		{"01012345678", "010-12345678", ""},
		{"(010)12345678", "010-12345678", ""},
		{"（０１０）１２３４５６７８", "010-12345678", ""},
		{"010 1234 5678", "010-12345678", ""},
		{"+86 10 12345678", "010-12345678", ""},
		{"+86-10-1234-5678", "010-12345678", ""},
		{"+86 (0)10 12345678", "010-12345678", ""},
		{"0086 10 12345678", "010-12345678", ""},
		{"86 10 12345678", "010-12345678", ""},
		{"021-68888888", "021-68888888", ""},
		{"020 8888 8888", "020-88888888", ""},
		{"0755-1234567", "0755-1234567", ""},
		{"0755-12345678", "0755-12345678", ""},
		{"07551234567", "0755-1234567", ""},
		{"(0571) 8888 8888", "0571-88888888", ""},
		{"+86 755 1234567", "0755-1234567", ""},
		{"+86 571 88888888", "0571-88888888", ""},
		{"0101-2345678", "010-12345678", ""}, // the numbering plan decides where the area code ends
		// refusals
		{"123", "", "phone.invalid"},
		{"0", "", "phone.invalid"},
		{"+", "", "phone.invalid"},
		{"---", "", "phone.invalid"},
		{"1381234567", "", "phone.mobile_length"},
		{"138123456789", "", "phone.mobile_length"},
		{"12345678901", "", "phone.mobile_prefix"},
		{"10012345678", "", "phone.mobile_prefix"},
		{"+86 12345678901", "", "phone.mobile_prefix"},
		{"12345678", "", "phone.invalid"},
		{"88888888", "", "phone.area_missing"},
		{"6888 8888", "", "phone.area_missing"},
		{"1234567", "", "phone.invalid"},
		{"010-123456", "", "phone.landline"},
		{"010-123456789", "", "phone.landline"},
		{"0755-123456", "", "phone.landline"},
		{"011-12345678", "", "phone.area"},
		{"+1 415 555 2671", "", "phone.country"},
		{"+852 9123 4567", "", "phone.country"},
		{"001 415 555 2671", "", "phone.country"},
		{"138-1234-5678 ext 12", "", "phone.chars"},
		{"138a12345678", "", "phone.chars"},
		{"13812345678; 13912345678", "", "phone.chars"},
		{"138 1234 5678 + 1", "", "phone.chars"},
		{"((010))12345678", "", "phone.invalid"},
		{"(010 12345678", "", "phone.invalid"},
		{"010) 12345678", "", "phone.invalid"},
		{strings.Repeat("1", 50), "", "phone.invalid"},
	})
}

func TestPhoneMessage(t *testing.T) {
	_, err := Phone("123")
	want := `phone "123": not a Chinese mobile (11 digits starting 13-19) or a landline with area code`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	var ve *Error
	if !errors.As(err, &ve) || !strings.HasPrefix(ve.Zh(), "电话“123”：") {
		t.Fatalf("Zh = %q", ve.Zh())
	}
	_, err = Phone("138\x0012345678")
	if err == nil || !strings.Contains(err.Error(), "contains “U+0000”") {
		t.Errorf("control character not shown as a code point: %v", err)
	}
	_, err = Phone("1381234567")
	if !strings.Contains(err.Error(), "this has 10 digits") || !strings.Contains(err.(*Error).Zh(), "这里有10位") {
		t.Errorf("detail not rendered: %v / %s", err, err.(*Error).Zh())
	}
}

func TestEmail(t *testing.T) {
	runStr(t, "Email", Email, "email", []strCase{
		{"", "", ""},
		{"a@b.cn", "a@b.cn", ""},
		{"zhang.san@example.com", "zhang.san@example.com", ""},
		{"Zhang.San@Example.COM", "Zhang.San@example.com", ""},
		{"  li+shop@qq.com ", "li+shop@qq.com", ""},
		{"user_1-x@mail.sub.example.com.cn", "user_1-x@mail.sub.example.com.cn", ""},
		{"1234567@QQ.com", "1234567@qq.com", ""},
		{"ｗａｎｇ＠ｑｑ．ｃｏｍ", "wang@qq.com", ""},
		{"wang@qq。com", "wang@qq.com", ""},
		{"张三@例子.中国", "张三@例子.中国", ""},
		{"o'brien@example.ie", "o'brien@example.ie", ""},
		{"a@xn--fiqs8s.cn", "a@xn--fiqs8s.cn", ""},
		// refusals
		{"plainaddress", "", "email.at"},
		{"a@@b.com", "", "email.at"},
		{"a@b@c.com", "", "email.at"},
		{"a@b.com, c@d.com", "", "email.list"},
		{"a@b.com;c@d.com", "", "email.list"},
		{"a@b.com c@d.com", "", "email.list"},
		{"a，b@c.com", "", "email.list"},
		{"zhang san@qq.com", "", "email.space"},
		{"Zhang <z@qq.com>", "", "email.invalid"},
		{"<z@qq.com>", "", "email.invalid"},
		{"\"z\"@qq.com", "", "email.invalid"},
		{"@qq.com", "", "email.local"},
		{".a@qq.com", "", "email.local"},
		{"a.@qq.com", "", "email.local"},
		{"a..b@qq.com", "", "email.local"},
		{"a(b)@qq.com", "", "email.local"},
		{strings.Repeat("a", 65) + "@qq.com", "", "email.local"},
		{"a@", "", "email.domain"},
		{"a@qq", "", "email.domain"},
		{"a@qq.", "", "email.domain"},
		{"a@.com", "", "email.domain"},
		{"a@qq..com", "", "email.domain"},
		{"a@-qq.com", "", "email.domain"},
		{"a@qq-.com", "", "email.domain"},
		{"a@qq.c", "", "email.domain"},
		{"a@1.2.3.4", "", "email.domain"},
		{"a@qq_x.com", "", "email.domain"},
		{"a@b.com\x00", "", "email.domain"},
		{strings.Repeat("a", 250) + "@b.com", "", "email.invalid"},
	})
}

func TestDate(t *testing.T) {
	runStr(t, "Date", Date, "date", []strCase{
		{"", "", ""},
		{"2026-11-22", "2026-11-22", ""},
		{"2026/11/22", "2026-11-22", ""},
		{"2026.11.22", "2026-11-22", ""},
		{"2026年11月22日", "2026-11-22", ""},
		{"2026年11月22号", "2026-11-22", ""},
		{"2026年11月22", "2026-11-22", ""},
		{"2026 年 11 月 22 日", "2026-11-22", ""},
		{"2026-1-5", "2026-01-05", ""},
		{"2026/1/5", "2026-01-05", ""},
		{"2026年1月5日", "2026-01-05", ""},
		{"２０２６－１１－２２", "2026-11-22", ""},
		{"２０２６年１１月２２日", "2026-11-22", ""},
		{"２０２６／１１／２２", "2026-11-22", ""},
		{"20261122", "2026-11-22", ""},
		{" 2026-11-22 ", "2026-11-22", ""},
		{"2024-02-29", "2024-02-29", ""},
		{"2000-02-29", "2000-02-29", ""},
		{"1900-01-01", "1900-01-01", ""},
		{"2200-12-31", "2200-12-31", ""},
		{"2026-12-31", "2026-12-31", ""},
		// refusals
		{"2026-02-30", "", "date.day"},
		{"2026-02-29", "", "date.day"},
		{"1900-02-29", "", "date.day"},
		{"2026-04-31", "", "date.day"},
		{"2026-11-00", "", "date.day"},
		{"2026-13-01", "", "date.month"},
		{"2026-00-10", "", "date.month"},
		{"1899-12-31", "", "date.year"},
		{"2201-01-01", "", "date.year"},
		{"0000-01-01", "", "date.year"},
		{"22/11/2026", "", "date.order"},
		{"11/22/2026", "", "date.order"},
		{"2026-11/22", "", "date.invalid"},
		{"2026-11", "", "date.invalid"},
		{"26-11-22", "", "date.invalid"},
		{"2026-011-22", "", "date.invalid"},
		{"today", "", "date.invalid"},
		{"2026-11-22 14:05", "", "date.invalid"},
		{"2026-11-22x", "", "date.invalid"},
		{"2026年11月", "", "date.invalid"},
	})
	_, err := Date("2026-02-30")
	if err == nil || !strings.Contains(err.Error(), "28 days") || !strings.Contains(err.(*Error).Zh(), "28天") {
		t.Errorf("Date(2026-02-30): %v", err)
	}
}

func TestDateTime(t *testing.T) {
	runStr(t, "DateTime", DateTime, "datetime", []strCase{
		{"", "", ""},
		{"2026-11-22", "2026-11-22 00:00", ""},
		{"2026/11/22", "2026-11-22 00:00", ""},
		{"2026年11月22日", "2026-11-22 00:00", ""},
		{"2026-11-22 14:05", "2026-11-22 14:05", ""},
		{"2026-11-22T14:05", "2026-11-22 14:05", ""},
		{"2026-11-22t14:05", "2026-11-22 14:05", ""},
		{"2026-11-22 14:05:09", "2026-11-22 14:05", ""},
		{"2026-11-22T14:05:59.123", "2026-11-22 14:05", ""},
		{"2026-11-22  9:05", "2026-11-22 09:05", ""},
		{"2026-1-5 0:00", "2026-01-05 00:00", ""},
		{"2026/11/22 23:59", "2026-11-22 23:59", ""},
		{"2026.11.22 08:30", "2026-11-22 08:30", ""},
		{"2026年11月22日 14:05", "2026-11-22 14:05", ""},
		{"2026年11月22日14:05", "2026-11-22 14:05", ""},
		{"2026年11月22日 14点05分", "2026-11-22 14:05", ""},
		{"2026年11月22日14时05分30秒", "2026-11-22 14:05", ""},
		{"2026年11月22日 9点", "2026-11-22 09:00", ""},
		{"２０２６－１１－２２　１４：０５", "2026-11-22 14:05", ""},
		{"20261122 14:05", "2026-11-22 14:05", ""},
		// refusals
		{"2026-11-22 24:00", "", "datetime.time"},
		{"2026-11-22 14:60", "", "datetime.time"},
		{"2026-11-22 14:05:60", "", "datetime.time"},
		{"2026-02-30 14:05", "", "date.day"},
		{"2026-02-30", "", "date.day"},
		{"2026-13-01 10:00", "", "date.month"},
		{"22/11/2026", "", "date.order"},
		{"14:05", "", "datetime.invalid"},
		{"2026-11-2214:05", "", "datetime.invalid"},
		{"2026-11-22 14:05Z", "", "datetime.invalid"},
		{"2026-11-22T14:05:00+08:00", "", "datetime.invalid"},
		{"2026-11-22 2pm", "", "datetime.invalid"},
		{"2026-11-22 14", "", "datetime.invalid"},
		{"2026-11-22 14:5", "", "datetime.invalid"},
		{"now", "", "datetime.invalid"},
		{"x 14:05", "", "datetime.invalid"},
	})
}

func TestMoney(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		key  string
	}{
		{"0", 0, ""},
		{"1234.5", 123450, ""},
		{"1234.50", 123450, ""},
		{"1,234.50", 123450, ""},
		{"1,234", 123400, ""},
		{"1,234,567.89", 123456789, ""},
		{"¥1234", 123400, ""},
		{"￥1234", 123400, ""},
		{"¥ 1,234", 123400, ""},
		{"1234元", 123400, ""},
		{"1234 元", 123400, ""},
		{"12块", 1200, ""},
		{"¥12.5元", 1250, ""},
		{"1.2万", 1200000, ""},
		{"1.2万元", 1200000, ""},
		{"¥1.2万", 1200000, ""},
		{"3万", 3000000, ""},
		{"1.23456万", 1234560, ""},
		{"1.234560万", 1234560, ""},
		{"0.000001万", 1, ""},
		{"1.2345600万", 1234560, ""},
		{"RMB 12", 1200, ""},
		{"rmb12", 1200, ""},
		{"CNY 12.30", 1230, ""},
		{"12 RMB", 1200, ""},
		{"-12.5", -1250, ""},
		{"-¥12.5", -1250, ""},
		{"¥-12.5", -1250, ""},
		{"−12.5", -1250, ""},
		{"+12", 1200, ""},
		{"-0", 0, ""},
		{"-0.05", -5, ""},
		{"0.5", 50, ""},
		{".5", 50, ""},
		{"12.", 1200, ""},
		{"００１２．５", 1250, ""},
		{"１，２３４．５０", 123450, ""},
		{"１２３４元", 123400, ""},
		{" 88 ", 8800, ""},
		{"92233720368547758.07", math.MaxInt64, ""},
		{"-92233720368547758.08", math.MinInt64, ""},
		{"9223372036854.775807万", math.MaxInt64, ""},
		// refusals
		{"", 0, "money.empty"},
		{"  ", 0, "money.empty"},
		{"12.345", 0, "money.decimals"},
		{"12.300", 0, "money.decimals"},
		{"0.001", 0, "money.decimals"},
		{"1.2345678万", 0, "money.decimals"},
		{"1,23", 0, "money.comma"},
		{"12,34.5", 0, "money.comma"},
		{"1234,567", 0, "money.comma"},
		{",123", 0, "money.comma"},
		{"0,123", 0, "money.comma"},
		{"1,234.5,0", 0, "money.comma"},
		{"92233720368547758.08", 0, "money.range"},
		{"-92233720368547758.09", 0, "money.range"},
		{"99999999999999999999", 0, "money.range"},
		{"9223372036854.775808万", 0, "money.range"},
		{"(12.50)", 0, "money.invalid"},
		{"12.5-", 0, "money.invalid"},
		{"--12", 0, "money.invalid"},
		{"+-12", 0, "money.invalid"},
		{"¥", 0, "money.invalid"},
		{"元", 0, "money.invalid"},
		{"万", 0, "money.invalid"},
		{"-", 0, "money.invalid"},
		{".", 0, "money.invalid"},
		{"1.2.3", 0, "money.invalid"},
		{"1e5", 0, "money.invalid"},
		{"12 34", 0, "money.invalid"},
		{"abc", 0, "money.invalid"},
		{"$12", 0, "money.invalid"},
		{"¥¥12", 0, "money.invalid"},
		{"12万万", 0, "money.invalid"},
		{"12元元", 0, "money.invalid"},
		{"NaN", 0, "money.invalid"},
		{strings.Repeat("1", 65), 0, "money.invalid"},
	}
	for _, c := range cases {
		got, err := Money(c.in)
		if c.key == "" {
			if err != nil || got != c.want {
				t.Errorf("Money(%q) = %d, %v; want %d", c.in, got, err, c.want)
			}
			continue
		}
		if got != 0 {
			t.Errorf("Money(%q) = %d on error", c.in, got)
		}
		wantErr(t, c.in, err, "money", c.key)
	}
	_, err := Money("12.345")
	if err == nil || !strings.Contains(err.Error(), "this has 3") {
		t.Errorf("decimals detail: %v", err)
	}
	_, err = Money("1.2345678万")
	if err == nil || !strings.Contains(err.Error(), "this has 3") {
		t.Errorf("万 decimals detail: %v", err)
	}
	_, err = Money("")
	if err == nil || err.Error() != "money: no amount given; enter an amount such as 1234.50" {
		t.Errorf("empty message: %v", err)
	}
}

func TestFormatMoney(t *testing.T) {
	cases := []struct {
		in   int64
		want string
	}{
		{0, "0.00"},
		{5, "0.05"},
		{-5, "-0.05"},
		{50, "0.50"},
		{100, "1.00"},
		{123450, "1234.50"},
		{-123450, "-1234.50"},
		{1200000, "12000.00"},
		{math.MaxInt64, "92233720368547758.07"},
		{math.MinInt64, "-92233720368547758.08"},
	}
	for _, c := range cases {
		if got := FormatMoney(c.in); got != c.want {
			t.Errorf("FormatMoney(%d) = %q; want %q", c.in, got, c.want)
		}
		if back, err := Money(c.want); err != nil || back != c.in {
			t.Errorf("Money(FormatMoney(%d)) = %d, %v", c.in, back, err)
		}
	}
}

func TestCount(t *testing.T) {
	cases := []struct {
		in   string
		want int
		key  string
	}{
		{"0", 0, ""},
		{"12", 12, ""},
		{"12次", 12, ""},
		{"12 次", 12, ""},
		{"12 times", 12, ""},
		{"12 Times", 12, ""},
		{"12times", 12, ""},
		{"1 time", 1, ""},
		{"12个", 12, ""},
		{"12件", 12, ""},
		{"１２", 12, ""},
		{"１２次", 12, ""},
		{"1,200", 1200, ""},
		{"+3", 3, ""},
		{"-0", 0, ""},
		{"12.0", 12, ""},
		{"007", 7, ""},
		{"2147483647", math.MaxInt32, ""},
		{"", 0, "count.empty"},
		{"-1", 0, "count.negative"},
		{"-3次", 0, "count.negative"},
		{"1.5", 0, "count.integer"},
		{"2147483648", 0, "count.range"},
		{"99999999999999999999999", 0, "count.range"},
		{"次", 0, "count.invalid"},
		{"12次次", 0, "count.invalid"},
		{"twelve", 0, "count.invalid"},
		{"12 apples", 0, "count.invalid"},
		{"1,2", 0, "count.invalid"},
		{"12.", 0, "count.invalid"},
		{".5", 0, "count.invalid"},
		{"1e3", 0, "count.invalid"},
		{"--1", 0, "count.invalid"},
	}
	for _, c := range cases {
		got, err := Count(c.in)
		if c.key == "" {
			if err != nil || got != c.want {
				t.Errorf("Count(%q) = %d, %v; want %d", c.in, got, err, c.want)
			}
			continue
		}
		wantErr(t, c.in, err, "count", c.key)
	}
}

func TestName(t *testing.T) {
	runStr(t, "Name", Name, "name", []strCase{
		{"张三", "张三", ""},
		{"  张三  ", "张三", ""},
		{"　王五　", "王五", ""},
		{"\ufeff李四", "李四", ""},
		{"Zhang San", "Zhang San", ""},
		{"张 三", "张 三", ""},
		{"ＡＢＣ公司", "ＡＢＣ公司", ""},
		{strings.Repeat("名", 100), strings.Repeat("名", 100), ""},
		{"", "", "name.required"},
		{"   ", "", "name.required"},
		{"　", "", "name.required"},
		{"张\t三", "", "text.control"},
		{"张\n三", "", "text.control"},
		{"张\x00三", "", "text.control"},
		{"张\u2028三", "", "text.control"},
		{"\xff\xfe", "", "text.encoding"},
		{"\u202e三张", "", "text.bidi"},
		{"张\u2066三", "", "text.bidi"},
		{"张\x1b]0;pwned\x07", "", "text.control"},
		{"张\u009b31m", "", "text.control"},
		{strings.Repeat("名", 101), "", "name.long"},
	})
}

func TestPotential(t *testing.T) {
	cases := []struct {
		in   string
		want int
		key  string
	}{
		{"", 0, ""},
		{"0", 0, ""},
		{"3", 3, ""},
		{"5", 5, ""},
		{"３", 3, ""},
		{"3星", 3, ""},
		{"3 星", 3, ""},
		{"3颗星", 3, ""},
		{"3 stars", 3, ""},
		{"1 star", 1, ""},
		{"三星", 3, ""},
		{"五", 5, ""},
		{"★★★", 3, ""},
		{"★★★☆☆", 3, ""},
		{"☆☆☆☆☆", 0, ""},
		{"★★★★★", 5, ""},
		{"***", 3, ""},
		{"★ ★", 2, ""},
		{"6", 0, "potential.range"},
		{"10", 0, "potential.range"},
		{"-1", 0, "potential.range"},
		{"★★★★★★", 0, "potential.range"},
		{"999999999999999", 0, "potential.range"},
		{"3.5", 0, "potential.invalid"},
		{"high", 0, "potential.invalid"},
		{"星", 0, "potential.invalid"},
		{"六", 0, "potential.invalid"},
	}
	for _, c := range cases {
		got, err := Potential(c.in)
		if c.key == "" {
			if err != nil || got != c.want {
				t.Errorf("Potential(%q) = %d, %v; want %d", c.in, got, err, c.want)
			}
			continue
		}
		wantErr(t, c.in, err, "potential", c.key)
	}
}

func TestYesNo(t *testing.T) {
	yes := []string{"yes", "YES", "Yes", "y", "Y", "true", "TRUE", "t", "1", "on", "是", "对", "有", "√", "✓", "ｙｅｓ", " yes "}
	no := []string{"no", "NO", "n", "false", "False", "f", "0", "off", "否", "错", "不是", "没有", "×", "０"}
	for _, s := range yes {
		if v, err := YesNo(s); err != nil || !v {
			t.Errorf("YesNo(%q) = %v, %v; want true", s, v, err)
		}
	}
	for _, s := range no {
		if v, err := YesNo(s); err != nil || v {
			t.Errorf("YesNo(%q) = %v, %v; want false", s, v, err)
		}
	}
	_, err := YesNo("")
	wantErr(t, "", err, "yesno", "yesno.empty")
	for _, s := range []string{"maybe", "2", "yess", "是否", "-1"} {
		_, err := YesNo(s)
		wantErr(t, s, err, "yesno", "yesno.invalid")
	}
}

func TestNumber(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		key  string
	}{
		{"0", 0, ""},
		{"1234.5", 1234.5, ""},
		{"-3", -3, ""},
		{"+3", 3, ""},
		{"- 3", -3, ""},
		{"-0", 0, ""},
		{"1,234.5", 1234.5, ""},
		{"1,234,567", 1234567, ""},
		{".5", 0.5, ""},
		{"5.", 5, ""},
		{"０．２５", 0.25, ""},
		{"１，０００", 1000, ""},
		{"0.1", 0.1, ""},
		{"", 0, "number.empty"},
		{"1,23", 0, "number.comma"},
		{"0,5", 0, "number.comma"},
		{"1e5", 0, "number.invalid"},
		{"12%", 0, "number.invalid"},
		{"¥12", 0, "number.invalid"},
		{"NaN", 0, "number.invalid"},
		{"Inf", 0, "number.invalid"},
		{"1.2.3", 0, "number.invalid"},
		{".", 0, "number.invalid"},
		{"-", 0, "number.invalid"},
		{"--1", 0, "number.invalid"},
		{"1 000", 0, "number.invalid"},
		{"0x10", 0, "number.invalid"},
		{"1_000", 0, "number.invalid"},
	}
	for _, c := range cases {
		got, err := Number(c.in)
		if c.key == "" {
			if err != nil || got != c.want || math.Signbit(got) != math.Signbit(c.want) {
				t.Errorf("Number(%q) = %v, %v; want %v", c.in, got, err, c.want)
			}
			continue
		}
		wantErr(t, c.in, err, "number", c.key)
	}
}

func TestErrorRendering(t *testing.T) {
	e := &Error{Field: "金额列", Key: "money.invalid", Value: "abc"}
	if got := e.Error(); !strings.HasPrefix(got, `金额列 "abc": not an amount`) {
		t.Errorf("custom field: %q", got)
	}
	if got := e.Zh(); !strings.HasPrefix(got, "金额列“abc”：不是金额") {
		t.Errorf("custom field zh: %q", got)
	}
	e = &Error{Key: "no.such.key", Detail: "x"}
	if e.Error() != "no.such.key (x)" || e.Zh() != "no.such.key (x)" {
		t.Errorf("unknown key: %q / %q", e.Error(), e.Zh())
	}
	long := strings.Repeat("长", 100)
	_, err := Money(long)
	if m := err.Error(); strings.Count(m, "长") != 40 || !strings.Contains(m, "…") {
		t.Errorf("long value not shortened: %q", m)
	}
	var nilErr *Error
	if nilErr.Error() != "<nil>" || nilErr.Zh() != "<nil>" {
		t.Error("nil *Error must not panic")
	}
}

func TestCatalogue(t *testing.T) {
	keys := Keys()
	if len(keys) == 0 {
		t.Fatal("no keys")
	}
	for _, k := range keys {
		en, zh, ok := Message(k)
		if !ok || en == "" || zh == "" {
			t.Errorf("%s: empty message", k)
		}
		if strings.Contains(en, "{detail}") != strings.Contains(zh, "{detail}") {
			t.Errorf("%s: {detail} in one language only", k)
		}
		field, _, _ := strings.Cut(k, ".")
		if _, ok := fieldZh[field]; !ok {
			t.Errorf("%s: field %q has no Chinese label", k, field)
		}
	}
	if _, _, ok := Message("nope"); ok {
		t.Error("unknown key reported ok")
	}
}
