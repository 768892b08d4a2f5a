package filter

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		want []Term
	}{
		{"", []Term{}},
		{"grade=A", []Term{{Index: 1, Text: "grade=A", Key: "grade", Op: "=", Value: "A"}}},
		{"spend>1000 tag:vip", []Term{
			{Index: 1, Text: "spend>1000", Key: "spend", Op: ">", Value: "1000"},
			{Index: 2, Text: "tag:vip", Key: "tag", Op: ":", Value: "vip"}}},
		{"spend>=1,000.5", []Term{{Index: 1, Text: "spend>=1,000.5", Key: "spend", Op: ">=", Value: "1,000.5"}}},
		{"name~张 王", []Term{
			{Index: 1, Text: "name~张", Key: "name", Op: "~", Value: "张"},
			{Index: 2, Text: "王", Value: "王"}}},
		{`notes~"call back"`, []Term{{Index: 1, Text: `notes~"call back"`, Key: "notes", Op: "~", Value: "call back"}}},
		{`"王 芳"`, []Term{{Index: 1, Text: `"王 芳"`, Value: "王 芳"}}},
		{"-vip", []Term{{Index: 1, Text: "-vip", Value: "vip", Not: true}}},
		{"等级!=D", []Term{{Index: 1, Text: "等级!=D", Key: "等级", Op: "!=", Value: "D"}}},
		{"phone=", []Term{{Index: 1, Text: "phone=", Key: "phone", Op: "=", Value: ""}}},
		{"a@b.com", []Term{{Index: 1, Text: "a@b.com", Value: "a@b.com"}}},
		{"　全角空格　分隔", []Term{{Index: 1, Text: "全角空格", Value: "全角空格"}, {Index: 2, Text: "分隔", Value: "分隔"}}},
	}
	for _, c := range cases {
		checkParse(t, c.in, c.want)
	}
}

// checkParse fails the test unless Parse(in) gives exactly want.
func checkParse(t *testing.T, in string, want []Term) {
	t.Helper()
	got, err := Parse(in)
	if err != nil {
		t.Errorf("Parse(%q): %v", in, err)
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse(%q) =\n %#v\nwant\n %#v", in, got, want)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		in    string
		index int
	}{
		{"grade=A spend>", 2},
		{`name~"unclosed`, 1},
		{"a b >5", 3},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		var fe *Error
		if !errors.As(err, &fe) {
			t.Errorf("Parse(%q) error = %v, want *Error", c.in, err)
			continue
		}
		if fe.Index != c.index {
			t.Errorf("Parse(%q) points at term %d, want %d (%v)", c.in, fe.Index, c.index, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"grade=A", `notes~"x y"`, "spend>1,000 tag:vip 王", "“引号”", "-x", "=", "a=\"", "k:v:w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms, err := Parse(s)
		if err != nil {
			return
		}
		for i, term := range terms {
			if term.Index != i+1 {
				t.Fatalf("index %d at %d", term.Index, i)
			}
			if term.Op == "" && term.Key != "" {
				t.Fatalf("key without op: %#v", term)
			}
		}
	})
}

func TestParseOrGroups(t *testing.T) {
	terms, err := Parse(`name~张三 或 name~李四 vip OR "or"`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tm := range terms {
		got = append(got, fmt.Sprintf("%d:%d:%s", tm.Group, tm.Index, tm.Text))
	}
	if want := `0:1:name~张三 1:3:name~李四 1:4:vip 2:6:"or"`; strings.Join(got, " ") != want {
		t.Errorf("groups %s, want %s", strings.Join(got, " "), want)
	}
	for expr, index := range map[string]int{"or a": 1, "a or": 2, "a or or b": 3, "或": 1} {
		var fe *Error
		if _, err := Parse(expr); !errors.As(err, &fe) || fe.Kind != "or" || fe.Index != index {
			t.Errorf("Parse(%q) = %v, want an or error at term %d", expr, err, index)
		}
	}
}
