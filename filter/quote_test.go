package filter

import "testing"

// TestQuoteReadsBack writes values as Quote does and parses them back.
func TestQuoteReadsBack(t *testing.T) {
	for _, v := range []string{"龙井", "西湖 龙井", "a=b", "", "或", "or", "-x", "全角\u3000空格", "100%"} {
		q, ok := Quote(v)
		if !ok {
			t.Errorf("Quote(%q) refused", v)
			continue
		}
		terms, err := Parse("bought=" + q)
		if err != nil || len(terms) != 1 || terms[0].Value != v || terms[0].Op != "=" || terms[0].Key != "bought" {
			t.Errorf("Quote(%q) = %q reads back as %+v, %v", v, q, terms, err)
		}
	}
	if want := `"西湖 龙井"`; func() string { q, _ := Quote("西湖 龙井"); return q }() != want {
		t.Errorf("a value with a space is not quoted as %s", want)
	}
	for _, v := range []string{`say "hi"`, "“引号”"} {
		if _, ok := Quote(v); ok {
			t.Errorf("Quote(%q) accepted a value that cannot read back", v)
		}
	}
}
