package validate

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestTextRefusesControlCharacters(t *testing.T) {
	cases := []struct {
		s       string
		kind    TextKind
		key     string // "" accepted
		visible string // the offending character, as the message shows it
	}{
		{"恒通建材", OneLine, "", ""},
		{"Ünïcödé ★ 🍵", OneLine, "", ""},
		{"a\u202eb", OneLine, "", ""}, // direction marks are text outside names and phones
		{"line1\nline2\tx", MultiLine, "", ""},
		{"line1\nline2", OneLine, "text.control", `\x0a`},
		{"a\tb", OneLine, "text.control", `\x09`},
		{"\x1b]0;pwned\x07", OneLine, "text.control", `\x1b`},
		{"\x1b[31m", MultiLine, "text.control_lines", `\x1b`},
		{"a\rb", MultiLine, "text.control_lines", `\x0d`},
		{"a\x00b", MultiLine, "text.control_lines", `\x00`},
		{"a\x7fb", OneLine, "text.control", `\x7f`},
		{"a\u0085b", MultiLine, "text.control_lines", `\u0085`},
		{"a\u009b31m", OneLine, "text.control", `\u009b`},
		{"a\u2028b", MultiLine, "text.control_lines", `\u2028`},
		{"a\xffb", OneLine, "text.encoding", ""},
		{"a\xc3", MultiLine, "text.encoding", ""},
		{"张\u202e三", Identity, "text.bidi", `\u202e`},
		{"\u202a张三", Identity, "text.bidi", `\u202a`},
		{"张三\u2066", Identity, "text.bidi", `\u2066`},
		{"张三\u2069", Identity, "text.bidi", `\u2069`},
		{"张\u2029三", Identity, "text.control", `\u2029`},
		{"张\u200f三", Identity, "", ""}, // a right-to-left mark does not reorder text
	}
	for _, tc := range cases {
		err := Text("company", tc.s, tc.kind)
		if tc.key == "" {
			if err != nil {
				t.Errorf("Text(%q, %d) = %v, want accepted", tc.s, tc.kind, err)
			}
			continue
		}
		var ve *Error
		if !errors.As(err, &ve) || ve.Key != tc.key {
			t.Errorf("Text(%q, %d) = %v, want key %s", tc.s, tc.kind, err, tc.key)
			continue
		}
		for _, msg := range []string{err.Error(), ve.Zh()} {
			if tc.visible != "" && !strings.Contains(msg, tc.visible) {
				t.Errorf("Text(%q): message %q does not name %s", tc.s, msg, tc.visible)
			}
			if strings.ContainsAny(msg, "\x00\x07\x1b\r\u0085\u009b\u202e\u202a\u2066\u2069\u2028\u2029") || strings.Contains(msg, "\xff") {
				t.Errorf("Text(%q): message carries the raw character: %q", tc.s, msg)
			}
		}
	}
	err := Text("company", "\x1b[31m", OneLine)
	var ve *Error
	if errors.As(err, &ve) {
		ve.Field, ve.FieldZh = "Company", "公司"
	}
	if got, want := err.Error(), `Company "\x1b[31m": contains the control character \x1b; only plain text on one line is accepted`; got != want {
		t.Errorf("English message\n got %s\nwant %s", got, want)
	}
	if got, want := ve.Zh(), `公司“\x1b[31m”：含有控制字符\x1b；只接受单行普通文字`; got != want {
		t.Errorf("Chinese message\n got %s\nwant %s", got, want)
	}
}

func TestVisible(t *testing.T) {
	cases := []struct{ in, one, lines string }{
		{"王芳 13800138000", "王芳 13800138000", "王芳 13800138000"},
		{"", "", ""},
		{"\x1b]0;pwned\x07", `\x1b]0;pwned\x07`, `\x1b]0;pwned\x07`},
		{"a\nb\tc", "a b c", "a\nb\tc"},
		{"a\r\nb", `a\x0d b`, "a\\x0d\nb"},
		{"x\x7f\x00", `x\x7f\x00`, `x\x7f\x00`},
		{"c1\u009b31m\u0085", `c1\u009b31m\u0085`, `c1\u009b31m\u0085`},
		{"\u202eevil\u2066\u2069", `\u202eevil\u2066\u2069`, `\u202eevil\u2066\u2069`},
		{"sep\u2028\u2029", `sep\u2028\u2029`, `sep\u2028\u2029`},
		{"bad\xff\x9b张", `bad\xff\x9b张`, `bad\xff\x9b张`},
		{"cut\xe5\xbc", `cut\xe5\xbc`, `cut\xe5\xbc`},
	}
	for _, tc := range cases {
		if got := Visible(tc.in); got != tc.one {
			t.Errorf("Visible(%q) = %q, want %q", tc.in, got, tc.one)
		}
		if got := VisibleLines(tc.in); got != tc.lines {
			t.Errorf("VisibleLines(%q) = %q, want %q", tc.in, got, tc.lines)
		}
	}
}

func TestVisibleWriterAcrossWrites(t *testing.T) {
	in := []byte("张三,\x1b[31m,\u009b,\u202e\n李四\xff")
	// every split point, including inside a multi-byte character
	for i := 0; i <= len(in); i++ {
		var out bytes.Buffer
		w := NewVisibleWriter(&out)
		if n, err := w.Write(in[:i]); err != nil || n != i {
			t.Fatalf("split %d: first write %d, %v", i, n, err)
		}
		if n, err := w.Write(in[i:]); err != nil || n != len(in)-i {
			t.Fatalf("split %d: second write %d, %v", i, n, err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if want := "张三,\\x1b[31m,\\u009b,\\u202e\n李四\\xff"; out.String() != want {
			t.Errorf("split %d: %q, want %q", i, out.String(), want)
		}
	}
	var out bytes.Buffer
	w := NewVisibleWriter(&out)
	if _, err := w.Write([]byte("半\xe5\xbc")); err != nil {
		t.Fatal(err)
	}
	if out.String() != "半" {
		t.Errorf("an incomplete character was written before its end: %q", out.String())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if out.String() != `半\xe5\xbc` {
		t.Errorf("flush wrote %q", out.String())
	}
}
