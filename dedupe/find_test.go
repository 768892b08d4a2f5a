package dedupe

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestNameKey(t *testing.T) {
	cases := map[string]string{
		"王芳":         "王芳",
		"王 芳":        "王芳",
		"王\u3000芳":   "王芳",
		"王芳(老客户)":    "王芳",
		"王芳（老客户）":    "王芳",
		"王芳【批发】":     "王芳",
		"王芳女士":       "王芳",
		"王女士":        "王女士", // the title is all that tells her apart
		"王先生":        "王先生",
		"李总":         "李总",
		"张伟经理":       "张伟",
		"买买提·艾力":     "买买提艾力",
		"Mr. Li Lei": "lilei",
		"ＬＩ Lei":     "lilei",
		"(老客户)":      "老客户",
		"王芳)":        "王芳",
	}
	for in, want := range cases {
		if got := NameKey(in); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPhoneKey(t *testing.T) {
	cases := map[string]string{
		"13800138000":       "13800138000",
		"+86 138-0013-8000": "13800138000",
		"0086 13800138000":  "13800138000",
		"１３８００１３８０００":       "13800138000",
		"010-12345678":      "01012345678",
		"1234":              "",
		"":                  "",
	}
	for in, want := range cases {
		if got := PhoneKey(in); got != want {
			t.Errorf("PhoneKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSimilar(t *testing.T) {
	yes := [][2]string{{"张伟明", "张为明"}, {"张伟明", "张伟明明"}, {"欧阳娜娜", "欧阳娜"}}
	no := [][2]string{{"张伟", "张为"}, {"张伟明", "张伟明"}, {"张伟明", "李为明"}, {"张伟明", "张明伟"}, {"张伟明", "张伟明明明"}}
	for _, p := range yes {
		if !similar(p[0], p[1]) {
			t.Errorf("similar(%q, %q) = false", p[0], p[1])
		}
	}
	for _, p := range no {
		if similar(p[0], p[1]) {
			t.Errorf("similar(%q, %q) = true", p[0], p[1])
		}
	}
}

// planted is a ledger with duplicates of every kind, and customers that
// only look alike.
var planted = []Customer{
	{ID: 1, Name: "王芳", Phone: "13800138000"},
	{ID: 2, Name: "王 芳", Phone: "+86 138 0013 8000"}, // same phone, name form: 1–2
	{ID: 3, Name: "李强", WeChat: "LiQiang88"},
	{ID: 4, Name: "李强(老客户)", WeChat: "liqiang88"}, // same WeChat folded, name form: 3–4
	{ID: 5, Name: "赵敏", Email: "Zhao.Min@Example.com"},
	{ID: 6, Name: "周杰", Email: "zhao.min@example.com"}, // same email, other name: 5–6
	{ID: 7, Name: "陈静", Company: "恒通建材"},
	{ID: 8, Name: "陈静", Company: "恒通 建材"}, // same name and company: 7–8
	{ID: 9, Name: "刘洋（批发）"},
	{ID: 10, Name: "刘洋"}, // name form only: 9–10
	{ID: 11, Name: "张伟明", Phone: "13911112222"},
	{ID: 12, Name: "张为明", Phone: "13911112222"}, // similar name + phone: 11–12
	{ID: 13, Name: "孙丽", Phone: "13700001111"},
	{ID: 14, Name: "吴刚", Phone: "13700001111"}, // a family phone: 13–14, low
	// Not duplicates: the same common name alone, a surname with a title,
	// similar names without anything shared.
	{ID: 15, Name: "王女士", Phone: "13600000001"},
	{ID: 16, Name: "王先生", Phone: "13600000002"},
	{ID: 17, Name: "黄磊", Phone: "13500000001"},
	{ID: 18, Name: "黄磊", Phone: "13500000002"},
	{ID: 19, Name: "欧阳明明"},
	{ID: 20, Name: "欧阳明亮"},
}

func describe(ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%v %v %d", m.IDs, m.Reasons, m.Certainty))
	}
	return out
}

func TestFindPlanted(t *testing.T) {
	got := describe(Find(planted))
	want := []string{
		"[1 2] [phone name_form] 95",
		"[3 4] [wechat name_form] 95",
		"[11 12] [phone similar_name] 82",
		"[7 8] [name company] 78",
		"[9 10] [name_form] 65",
		"[13 14] [phone] 62",
		"[5 6] [email] 60",
	}
	if !slices.Equal(got, want) {
		t.Errorf("matches:\n got %q\nwant %q", got, want)
	}
}

func TestFindOrderDoesNotMatter(t *testing.T) {
	rev := slices.Clone(planted)
	slices.Reverse(rev)
	if a, b := describe(Find(planted)), describe(Find(rev)); !slices.Equal(a, b) {
		t.Errorf("input order changed the matches:\n%q\n%q", a, b)
	}
}

// A phone typed for many walk-in customers is one group, and customers in
// it who also share a name are still a pair of their own.
func TestFindSharedPhoneGroup(t *testing.T) {
	var cs []Customer
	for i := 1; i <= 50; i++ {
		cs = append(cs, Customer{ID: int64(i), Name: fmt.Sprintf("顾客%d", i), Phone: "021-55556666"})
	}
	cs[9].Name, cs[19].Name = "马云", "马 云"
	ms := Find(cs)
	if len(ms) != 2 {
		t.Fatalf("got %d matches, want the pair and the group: %q", len(ms), describe(ms))
	}
	if got := fmt.Sprintf("%v %v %d", ms[0].IDs, ms[0].Reasons, ms[0].Certainty); got != "[10 20] [phone name_form] 95" {
		t.Errorf("first match %s", got)
	}
	if !ms[1].Group() || len(ms[1].IDs) != 50 || ms[1].Certainty != 40 || ms[1].IDs[0] != 1 || ms[1].IDs[49] != 50 {
		t.Errorf("second match %v", describe(ms[1:]))
	}
}

// Name-only evidence is weakened by details that disagree.
func TestFindNameFormWithOtherDetails(t *testing.T) {
	ms := Find([]Customer{
		{ID: 1, Name: "刘洋", Phone: "13800000001", Company: "甲公司"},
		{ID: 2, Name: "刘 洋", Phone: "13800000002", Company: "乙公司"},
	})
	if got := describe(ms); !slices.Equal(got, []string{"[1 2] [name_form] 30"}) {
		t.Errorf("got %q", got)
	}
}

// Many customers with one name at one company are one group, named by
// whether their names are typed alike.
func TestFindNameCompanyGroup(t *testing.T) {
	var cs []Customer
	for i := 1; i <= 45; i++ {
		cs = append(cs, Customer{ID: int64(i), Name: "店员", Company: "恒通建材"})
	}
	if got := describe(Find(cs)); len(got) != 1 || !strings.HasSuffix(got[0], "[name company] 40") {
		t.Errorf("got %q", got)
	}
	cs[44].Name = "店 员"
	if got := describe(Find(cs)); len(got) != 1 || !strings.HasSuffix(got[0], "[name_form company] 40") {
		t.Errorf("got %q", got)
	}
}

// FuzzNameKey: any text gives a key without spaces, without panicking, and
// the similar-name test is symmetric.
func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"王芳", "王 芳(老客户)", "（（", "Mr. ", "ＬＩ", "\u3000", "王女士", "a\x00b"} {
		f.Add(s, "王芳")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		k := NameKey(a)
		if strings.ContainsAny(k, " \u3000\t\n") {
			t.Errorf("NameKey(%q) = %q keeps spaces", a, k)
		}
		if similar(NameKey(a), NameKey(b)) != similar(NameKey(b), NameKey(a)) {
			t.Errorf("similar is not symmetric for %q, %q", a, b)
		}
		_ = PhoneKey(a)
		_ = CompanyKey(a)
	})
}
