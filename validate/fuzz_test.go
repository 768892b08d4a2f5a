package validate

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	reMobileOut   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	reLandlineOut = regexp.MustCompile(`^(010|02\d|0[3-9]\d\d)-\d{7,8}$`)
	reDateOut     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	reDateTimeOut = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$`)
)

// checkFuzzErr asserts a refusal is a catalogued *Error that renders in both languages.
func checkFuzzErr(t *testing.T, in string, err error) {
	t.Helper()
	var ve *Error
	if !errors.As(err, &ve) {
		t.Fatalf("%q: error is %T, not *Error", in, err)
	}
	if ve.Value != in {
		t.Fatalf("%q: Value = %q", in, ve.Value)
	}
	checkMessages(t, ve)
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{
		"", "13812345678", "+86 138 1234 5678", "0086-138-1234-5678", "86 10 12345678",
		"(010)12345678", "010 1234 5678", "+86 10 12345678", "0755-1234567", "１３８１２３４５６７８",
		"123", "+1 415 555 2671", "88888888", "011-12345678", "((010))1", "+86 (0)10 12345678",
		"013812345678", "8613812345678", "138-1234-5678 ext 12", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Phone(s)
		if err != nil {
			if out != "" {
				t.Fatalf("Phone(%q) = %q with error", s, out)
			}
			checkFuzzErr(t, s, err)
			return
		}
		if out == "" {
			if strings.TrimSpace(fold(s)) != "" {
				t.Fatalf("Phone(%q) = \"\" without error", s)
			}
			return
		}
		if !reMobileOut.MatchString(out) && !reLandlineOut.MatchString(out) {
			t.Fatalf("Phone(%q) = %q: not a normal form", s, out)
		}
		again, err := Phone(out)
		if err != nil || again != out {
			t.Fatalf("Phone(%q) = %q, but Phone(%q) = %q, %v", s, out, out, again, err)
		}
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{
		"", "a@b.cn", "Zhang.San@Example.COM", "ｗａｎｇ＠ｑｑ．ｃｏｍ", "wang@qq。com", "张三@例子.中国",
		"a@b.com, c@d.com", "a..b@qq.com", "a@qq", "a@İ.com", "<a@b.com>", "a@b@c", "\xff@b.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Email(s)
		if err != nil {
			if out != "" {
				t.Fatalf("Email(%q) = %q with error", s, out)
			}
			checkFuzzErr(t, s, err)
			return
		}
		if out == "" {
			return
		}
		if strings.Count(out, "@") != 1 || strings.ContainsAny(out, " ,;") {
			t.Fatalf("Email(%q) = %q: bad shape", s, out)
		}
		_, domain, _ := strings.Cut(out, "@")
		if domain != strings.ToLower(domain) {
			t.Fatalf("Email(%q) = %q: domain not lower case", s, out)
		}
		again, err := Email(out)
		if err != nil || again != out {
			t.Fatalf("Email(%q) = %q, but Email(%q) = %q, %v", s, out, out, again, err)
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{
		"", "2026-11-22", "2026/11/22", "2026.11.22", "2026年11月22日", "2026-1-5", "２０２６－１１－２２",
		"20261122", "2026-02-30", "2024-02-29", "22/11/2026", "1899-12-31", "2026-11/22", "2026年1月5号",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Date(s)
		if err != nil {
			if out != "" {
				t.Fatalf("Date(%q) = %q with error", s, out)
			}
			checkFuzzErr(t, s, err)
			return
		}
		if out == "" {
			return
		}
		if !reDateOut.MatchString(out) {
			t.Fatalf("Date(%q) = %q: not ISO", s, out)
		}
		if again, err := Date(out); err != nil || again != out {
			t.Fatalf("Date(%q) = %q, but Date(%q) = %q, %v", s, out, out, again, err)
		}
		if dt, err := DateTime(s); err != nil || dt != out+" 00:00" {
			t.Fatalf("Date(%q) = %q, but DateTime = %q, %v", s, out, dt, err)
		}
	})
}

// FuzzNumericDate: the shapes read without a regular expression read as
// the pattern does.
func FuzzNumericDate(f *testing.F) {
	for _, s := range []string{"2026-11-22", "2026/1/5", "2026.11.22", "2026-1/5", "2026-111-2", "2026--1", "20261-1-1", "2026-1-", "2026-02-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, m, d, ok := numericDate(s)
		p := reDateSep.FindStringSubmatch(s)
		matched := p != nil && p[2] == p[4] && !strings.Contains(s, " ")
		if ok != matched {
			t.Fatalf("numericDate(%q) ok = %v, pattern %v", s, ok, matched)
		}
		if ok && (y != atoi(p[1]) || m != atoi(p[3]) || d != atoi(p[5])) {
			t.Fatalf("numericDate(%q) = %d-%d-%d, pattern %v", s, y, m, d, p[1:])
		}
	})
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func FuzzDateTime(f *testing.F) {
	for _, s := range []string{
		"", "2026-11-22", "2026-11-22 14:05", "2026-11-22T14:05", "2026-11-22 14:05:09",
		"2026年11月22日 14点05分", "2026年11月22日14:05", "２０２６－１１－２２　１４：０５", "2026-11-22 24:00",
		"2026-02-30 10:00", "14:05", "2026-11-2214:05", "2026-11-22T14:05:00+08:00", "2026/1/5 9:5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := DateTime(s)
		if err != nil {
			if out != "" {
				t.Fatalf("DateTime(%q) = %q with error", s, out)
			}
			checkFuzzErr(t, s, err)
			return
		}
		if out == "" {
			return
		}
		if !reDateTimeOut.MatchString(out) {
			t.Fatalf("DateTime(%q) = %q: not YYYY-MM-DD HH:MM", s, out)
		}
		if again, err := DateTime(out); err != nil || again != out {
			t.Fatalf("DateTime(%q) = %q, but DateTime(%q) = %q, %v", s, out, out, again, err)
		}
		if d, err := Date(out[:10]); err != nil || d != out[:10] {
			t.Fatalf("DateTime(%q) = %q, but Date(%q) = %q, %v", s, out, out[:10], d, err)
		}
	})
}

func FuzzMoney(f *testing.F) {
	for i, s := range []string{
		"", "1234.5", "1,234.50", "¥1234", "￥1234", "¥ 1,234", "1234元", "1.2万", "1.23456万",
		"1.2345678万", "RMB 12", "-12.5", "(12.50)", "12.345", "1,23", "92233720368547758.07",
		"-92233720368547758.08", "92233720368547758.08", "9223372036854.775807万", "-0", ".5", "12.",
		"１，２３４．５０", "−12.5", "¥-1.2万元", "\xff",
	} {
		f.Add(s, int64(i*i*1237-5000))
	}
	f.Add("0", int64(-1<<63))
	f.Add("0", int64(1<<63-1))
	f.Fuzz(func(t *testing.T, s string, n int64) {
		// FormatMoney and Money round-trip for every int64.
		fs := FormatMoney(n)
		if back, err := Money(fs); err != nil || back != n {
			t.Fatalf("Money(FormatMoney(%d) = %q) = %d, %v", n, fs, back, err)
		}
		v, err := Money(s)
		if err != nil {
			if v != 0 {
				t.Fatalf("Money(%q) = %d with error", s, v)
			}
			checkFuzzErr(t, s, err)
			return
		}
		out := FormatMoney(v)
		if again, err := Money(out); err != nil || again != v {
			t.Fatalf("Money(%q) = %d; Money(%q) = %d, %v", s, v, out, again, err)
		}
	})
}

func FuzzCount(f *testing.F) {
	for _, s := range []string{
		"", "12", "12次", "12 times", "1 time", "12个", "12件", "１２", "1,200", "-1", "1.5", "12.0",
		"2147483647", "2147483648", "twelve", "-0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Count(s)
		if err != nil {
			if n != 0 {
				t.Fatalf("Count(%q) = %d with error", s, n)
			}
			checkFuzzErr(t, s, err)
			return
		}
		if n < 0 {
			t.Fatalf("Count(%q) = %d: negative", s, n)
		}
		out := strconv.Itoa(n)
		if again, err := Count(out); err != nil || again != n {
			t.Fatalf("Count(%q) = %d; Count(%q) = %d, %v", s, n, out, again, err)
		}
		if again, err := Count(out + "次"); err != nil || again != n {
			t.Fatalf("Count(%q次) = %d, %v", out, again, err)
		}
	})
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{"", "1234.5", "-3", "1,234.5", ".5", "1e5", "1,23", "０．２５", "-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Number(s)
		if err != nil {
			checkFuzzErr(t, s, err)
			return
		}
		out := strconv.FormatFloat(v, 'f', -1, 64)
		if again, err := Number(out); err != nil || again != v {
			t.Fatalf("Number(%q) = %v; Number(%q) = %v, %v", s, v, out, again, err)
		}
	})
}

func FuzzName(f *testing.F) {
	for _, s := range []string{"", "张三", "  张三  ", "张\t三", "\xff", "　王五　"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Name(s)
		if err != nil {
			checkFuzzErr(t, s, err)
			return
		}
		if out == "" {
			t.Fatalf("Name(%q) accepted empty", s)
		}
		if again, err := Name(out); err != nil || again != out {
			t.Fatalf("Name(%q) = %q; Name(%q) = %q, %v", s, out, out, again, err)
		}
	})
}

func FuzzPotentialYesNo(f *testing.F) {
	for _, s := range []string{"", "3", "★★★", "3星", "6", "yes", "否", "☆"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := Potential(s); err != nil {
			checkFuzzErr(t, s, err)
		} else if n < 0 || n > 5 {
			t.Fatalf("Potential(%q) = %d", s, n)
		}
		if _, err := YesNo(s); err != nil {
			checkFuzzErr(t, s, err)
		}
	})
}

// FuzzFold: the fast path (a cell that needs nothing comes back as it is)
// never changes what fold returns.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "abc 123", "¥1,234.00", "１３８", "王芳", "a\tb", "x\u00a0y", "\u3000", "\xff\xfe", "a\x7fb", "—", "\ufeffx", "\ufffd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fold(s), foldRunes(s); got != want {
			t.Fatalf("fold(%q) = %q, want %q", s, got, want)
		}
	})
}
