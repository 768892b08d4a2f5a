package filter

import (
	"errors"
	"testing"
)

// Terms the parser must classify exactly; each pins one decision of cut,
// isKey, split or the negation rule.
func TestParseEdgeTerms(t *testing.T) {
	cases := []struct {
		in   string
		want []Term
	}{
		// an operator after something that is no column name: free text
		{"a.b:c", []Term{{Index: 1, Text: "a.b:c", Value: "a.b:c"}}},
		{"x/y=1", []Term{{Index: 1, Text: "x/y=1", Value: "x/y=1"}}},
		// letters, digits, _ and - make a key, Chinese included
		{"客户_2-b>=3", []Term{{Index: 1, Text: "客户_2-b>=3", Key: "客户_2-b", Op: ">=", Value: "3"}}},
		// the first operator wins; the rest is the value
		{"k:v:w", []Term{{Index: 1, Text: "k:v:w", Key: "k", Op: ":", Value: "v:w"}}},
		{"a<=b=c", []Term{{Index: 1, Text: "a<=b=c", Key: "a", Op: "<=", Value: "b=c"}}},
		{"a!~b", []Term{{Index: 1, Text: "a!~b", Key: "a", Op: "!~", Value: "b"}}},
		{"a<b", []Term{{Index: 1, Text: "a<b", Key: "a", Op: "<", Value: "b"}}},
		// an operator inside quotes is text
		{`"a=b"`, []Term{{Index: 1, Text: `"a=b"`, Value: "a=b"}}},
		{`“a=b”`, []Term{{Index: 1, Text: `“a=b”`, Value: "a=b"}}},
		// Chinese quotes keep spaces together and close only on ”
		{`notes~“叫 "我"”`, []Term{{Index: 1, Text: `notes~“叫 "我"”`, Key: "notes", Op: "~", Value: "叫 我"}}},
		// a leading - negates free text, unless quoted or alone
		{`-"王 芳"`, []Term{{Index: 1, Text: `-"王 芳"`, Value: "王 芳", Not: true}}},
		{`"-x"`, []Term{{Index: 1, Text: `"-x"`, Value: "-x"}}},
		{"-", []Term{{Index: 1, Text: "-", Value: "-"}}},
		// != and = may have an empty value (the empty cell)
		{"a!= b", []Term{{Index: 1, Text: "a!=", Key: "a", Op: "!=", Value: ""}, {Index: 2, Text: "b", Value: "b"}}},
		// tabs, newlines and the ideographic space separate terms
		{"a\tb\nc\u3000d", []Term{{Index: 1, Text: "a", Value: "a"}, {Index: 2, Text: "b", Value: "b"}, {Index: 3, Text: "c", Value: "c"}, {Index: 4, Text: "d", Value: "d"}}},
	}
	for _, c := range cases {
		checkParse(t, c.in, c.want)
	}
}

func TestParseErrorDetails(t *testing.T) {
	cases := []struct {
		in   string
		want Error
		msg  string
	}{
		{"a=1 spend>", Error{Index: 2, Text: "spend>", Msg: "missing value after >", Kind: "value", Op: ">"},
			`filter term 2 "spend>": missing value after >`},
		{"~x", Error{Index: 1, Text: "~x", Msg: "missing column before ~", Kind: "column", Op: "~"},
			`filter term 1 "~x": missing column before ~`},
		{`a b “open`, Error{Index: 3, Text: "“open", Msg: "unclosed quote", Kind: "quote"},
			`filter term 3 "“open": unclosed quote`},
		{`a "b”`, Error{Index: 2, Text: `"b”`, Msg: "unclosed quote", Kind: "quote"},
			`filter term 2 "\"b”": unclosed quote`},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		var fe *Error
		if !errors.As(err, &fe) {
			t.Errorf("Parse(%q) error %v, want *Error", c.in, err)
			continue
		}
		if *fe != c.want {
			t.Errorf("Parse(%q) error %#v, want %#v", c.in, *fe, c.want)
		}
		if err.Error() != c.msg {
			t.Errorf("Parse(%q) message %q, want %q", c.in, err.Error(), c.msg)
		}
	}
}
