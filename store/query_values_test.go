package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// queryShop is a ledger whose every filterable value is set by hand:
//
//	id name  phone        company tags        notes          spend    积分  预存     入会        加微信 渠道  私注
//	1  王芳  13800138000  茶语轩  vip,老客户  100% 龙井      1000.00  12.5  1500.00  2023-05-01  yes    线上  -
//	2  李雷  010-12345678 -       vip2        call_back      250.50   3     -        2024-02-01  no     门店  -
//	3  张伟  -            张记    -           callxback      0        -     -        -           -      -     秘密
//	4  陈静  -            -       老客户      100 龙井       5000.00  100   20.00    2022-12-31  yes    线上  -
func queryShop(t *testing.T) *Store {
	t.Helper()
	st := openTest(t)
	ctx := context.Background()
	for _, c := range []struct {
		name    string
		t       Type
		choices []string
	}{{"积分", Number, nil}, {"预存", Money, nil}, {"入会", Date, nil}, {"加微信", YesNo, nil}, {"渠道", Choice, []string{"线上", "门店"}}, {"私注", Text, nil}} {
		if _, err := st.AddColumn(ctx, c.name, c.t, c.choices); err != nil {
			t.Fatal(err)
		}
	}
	wang := mustAdd(t, st, map[string]string{"name": "王芳", "phone": "13800138000", "company": "茶语轩", "tags": "vip,老客户", "notes": "100% 龙井",
		"积分": "12.5", "预存": "1,500", "入会": "2023-05-01", "加微信": "是", "渠道": "线上"})
	li := mustAdd(t, st, map[string]string{"name": "李雷", "phone": "010-12345678", "tags": "vip2", "notes": "call_back",
		"积分": "3", "入会": "2024/2/1", "加微信": "否", "渠道": "门店"})
	mustAdd(t, st, map[string]string{"name": "张伟", "company": "张记", "notes": "callxback", "私注": "秘密"})
	chen := mustAdd(t, st, map[string]string{"name": "陈静", "tags": "老客户", "notes": "100 龙井",
		"积分": "100", "预存": "20", "入会": "2022-12-31", "加微信": "yes", "渠道": "线上"})
	for id, amount := range map[int64]string{wang: "1000", li: "250.50", chen: "5000"} {
		if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: amount, Date: "2026-11-01"}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestFilterOperatorsByHand(t *testing.T) {
	st := queryShop(t)
	cases := []struct {
		expr string
		want string // names, in id order
	}{
		{"", "王芳 李雷 张伟 陈静"},
		{"name=王芳", "王芳"},
		{"name!=王芳", "李雷 张伟 陈静"},
		{"name=王芳,陈静", "王芳 陈静"},
		{"name!=王芳,陈静", "李雷 张伟"},
		{"phone=13800138000", "王芳"},
		{"company=", "李雷 陈静"},
		{"company!=", "王芳 张伟"},
		{"company:张", "张伟"},
		{"company~语", "王芳"},
		{"company!~语", "李雷 张伟 陈静"},
		{"tag:vip", "王芳"},
		{"tag=vip", "王芳"},
		{"tag~vip", "王芳 李雷"},
		{"tag!=vip", "李雷 张伟 陈静"},
		{"tag!~vip", "张伟 陈静"},
		{"tags:老客户", "王芳 陈静"},
		{"notes~call_", "李雷"},
		{`notes~100%`, "王芳"},
		{`notes~"100 龙井"`, "陈静"},
		{"龙井", "王芳 陈静"},
		{"-龙井", "李雷 张伟"},
		{"秘密", "张伟"},
		{"-秘密", "王芳 李雷 陈静"},
		{"vip 龙井", "王芳"},
		{"spend>1000", "陈静"},
		{"spend>=1000", "王芳 陈静"},
		{"spend<250.5", "张伟"},
		{"spend<=250.50", "李雷 张伟"},
		{"spend=0", "张伟"},
		{"total_spend=1,000", "王芳"}, // money keeps the comma: a thousands separator, not a list
		{"purchases=1", "王芳 李雷 陈静"},
		{"purchases<1", "张伟"},
		{"积分>12.5", "陈静"},
		{"积分>=3", "王芳 李雷 陈静"},
		{"积分=", "张伟"},
		{"预存>100", "王芳"},
		{"预存<=20", "陈静"},
		{"入会<2023-01-01", "陈静"},
		{"入会>=2023-05-01", "王芳 李雷"},
		{"入会=2024-02-01", "李雷"},
		{"加微信=是", "王芳 陈静"},
		{"加微信=no", "李雷"},
		{"渠道=线上", "王芳 陈静"},
		{"渠道=线上,门店", "王芳 李雷 陈静"},
		{"渠道!=线上", "李雷 张伟"},
		{"渠道!=线上,门店", "张伟"},
		{"渠道=", "张伟"},
		{"stage=prospect", "张伟"},
		{"stage=new", "王芳 李雷 陈静"},
		{"stage=新客", "王芳 李雷 陈静"},
		{"stage=prospect,new", "王芳 李雷 张伟 陈静"},
		{"grade=D", "张伟"},
		{"id>2", "张伟 陈静"},
		{"id=2,4", "李雷 陈静"},
		{"created_at>2026-11-22", "王芳 李雷 张伟 陈静"},
		{"name>李雷", "王芳 陈静"},
		// A blank is in no range: only 张记 sorts before 茶.
		{"company<茶", "张伟"},
		{"next_follow_up<2030-01-01", ""},
		{"last_contact>2000-01-01", ""},
		// or between alternatives; and binds tighter.
		{"name~王 or name~李", "王芳 李雷"},
		{"name=王芳 或 name=陈静", "王芳 陈静"},
		{"name=王芳 OR name=陈静", "王芳 陈静"},
		{"tag:vip 龙井 or name=张伟", "王芳 张伟"},
		{"vip or 秘密", "王芳 李雷 张伟"},
		{`notes~"or"`, ""},
	}
	ctx := context.Background()
	for _, c := range cases {
		var got []string
		err := st.Each(ctx, Query{Filter: c.expr, Columns: []string{"name"}}, func(r Row) error {
			got = append(got, r.Values[0].(string))
			return nil
		})
		if err != nil {
			t.Errorf("%q: %v", c.expr, err)
			continue
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q keeps %q, want %q", c.expr, strings.Join(got, " "), c.want)
		}
		n, err := st.Count(ctx, Query{Filter: c.expr})
		if err != nil || n != len(got) {
			t.Errorf("Count(%q) = %d (%v), want %d", c.expr, n, err, len(got))
		}
	}
}

func TestFilterErrorsNameTheTerm(t *testing.T) {
	st := queryShop(t)
	for expr, want := range map[string][]string{
		"nosuch=1":              {"term 1", "nosuch"},
		"name=王芳 stage>active":  {"term 2", "stage>active", ">"},
		"tags>vip":              {"term 1", "tags>vip"},
		"grade=Z":               {"term 1", "grade=Z"},
		"grade=A,Z":             {"term 1", "grade=A,Z"},
		"stage=asleep":          {"term 1", "asleep", "prospect"},
		"segment=nobody":        {"term 1", "nobody"},
		"积分>abc":                {"term 1", "积分>abc"},
		"spend>lots":            {"term 1", "spend>lots"},
		"入会<someday":            {"term 1", "入会<someday"},
		"加微信=maybe":             {"term 1", "加微信=maybe"},
		`notes~"open`:           {"term 1", "quote"},
		"spend>":                {"term 1", "spend>"},
		">5":                    {"term 1", ">5"},
		"name=王芳 渠道=电话 phone=1": {"term 2", "渠道=电话"},
		"spend=1000,5000":       {"term 1", "spend=1000,5000"},
		"or name=王芳":            {"term 1", "or needs a term on each side"},
		"name=王芳 or":            {"term 2", "or needs a term on each side"},
		"name=王芳 or or 秘密":      {"term 3", "or needs a term on each side"},
	} {
		_, err := st.Count(context.Background(), Query{Filter: expr})
		if err == nil {
			t.Errorf("%q accepted", expr)
			continue
		}
		msg := err.Error()
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("%q: %q does not mention %q", expr, msg, w)
			}
		}
	}
}

func TestSortWindowAndIndexOf(t *testing.T) {
	st := queryShop(t)
	ctx := context.Background()
	for spec, want := range map[string][]SortKey{
		"":                         nil,
		"name":                     {{Key: "name"}},
		"-total_spend":             {{Key: "total_spend", Desc: true}},
		"spend:desc, name:asc":     {{Key: "total_spend", Desc: true}, {Key: "name"}},
		"积分:DOWN,id:up":            {{Key: "积分", Desc: true}, {Key: "id"}},
		"name:d,,grade:a,phone:":   {{Key: "name", Desc: true}, {Key: "grade"}, {Key: "phone"}},
		" created_at : desc ":      nil, // the direction must follow the key directly
		"last_purchase:down,notes": {{Key: "last_purchase", Desc: true}, {Key: "notes"}},
	} {
		got, err := st.ParseSort(spec)
		if spec == " created_at : desc " {
			if err == nil {
				t.Errorf("ParseSort(%q) accepted: %v", spec, got)
			}
			continue
		}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseSort(%q) = %v (%v), want %v", spec, got, err, want)
		}
	}
	for _, bad := range []string{"nosuch", "name:sideways", "-nosuch"} {
		if _, err := st.ParseSort(bad); err == nil {
			t.Errorf("ParseSort(%q) accepted", bad)
		}
	}

	names := func(rows []Row) string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Values[0].(string))
		}
		return strings.Join(out, " ")
	}
	cases := []struct {
		sort []SortKey
		want string // the whole view in order
	}{
		{nil, "王芳 李雷 张伟 陈静"},
		{[]SortKey{{Key: "total_spend", Desc: true}}, "陈静 王芳 李雷 张伟"},
		{[]SortKey{{Key: "total_spend"}}, "张伟 李雷 王芳 陈静"},
		{[]SortKey{{Key: "积分", Desc: true}}, "陈静 王芳 李雷 张伟"},
		{[]SortKey{{Key: "积分"}}, "张伟 李雷 王芳 陈静"},
		{[]SortKey{{Key: "purchases"}, {Key: "name", Desc: true}}, "张伟 陈静 王芳 李雷"},
		{[]SortKey{{Key: "purchases", Desc: true}, {Key: "id", Desc: true}, {Key: "name"}}, "陈静 李雷 王芳 张伟"},
		{[]SortKey{{Key: "grade"}}, "王芳 李雷 陈静 张伟"},
		{[]SortKey{{Key: "grade", Desc: true}}, "张伟 王芳 李雷 陈静"},
	}
	for _, c := range cases {
		q := Query{Sort: c.sort, Columns: []string{"name"}}
		all, err := st.Window(ctx, q, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if names(all) != c.want {
			t.Errorf("sort %v: %q, want %q", c.sort, names(all), c.want)
			continue
		}
		// A window is the slice of the whole view it names.
		mid, err := st.Window(ctx, q, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Join(strings.Fields(c.want)[1:3], " "); names(mid) != want {
			t.Errorf("sort %v, rows 2-3: %q, want %q", c.sort, names(mid), want)
		}
		// IndexOf finds every customer where the view shows it.
		for i, r := range all {
			if at, err := st.IndexOf(ctx, q, r.ID); err != nil || at != i {
				t.Errorf("sort %v: IndexOf(%s) = %d (%v), want %d", c.sort, r.Values[0], at, err, i)
			}
		}
	}
	// A customer the filter leaves out is not in the view.
	if at, err := st.IndexOf(ctx, Query{Filter: "spend>0"}, 3); err != nil || at != -1 {
		t.Errorf("IndexOf filtered-out customer = %d (%v), want -1", at, err)
	}
	if at, err := st.IndexOf(ctx, Query{Filter: "spend>0", Sort: []SortKey{{Key: "total_spend", Desc: true}}}, 2); err != nil || at != 2 {
		t.Errorf("IndexOf(李雷) in spend>0 by spend desc = %d (%v), want 2", at, err)
	}
	if _, err := st.IndexOf(ctx, Query{Filter: "nosuch=1"}, 1); err == nil {
		t.Error("IndexOf with a bad filter succeeded")
	}
	if _, err := st.Window(ctx, Query{Sort: []SortKey{{Key: "nosuch"}}}, 0, 1); err == nil {
		t.Error("Window sorted on an unknown column succeeded")
	}
	if _, err := st.QueryColumns(Query{Columns: []string{"name", "nosuch"}}); err == nil {
		t.Error("QueryColumns with an unknown column succeeded")
	}
	cols, err := st.QueryColumns(Query{})
	if err != nil || len(cols) != len(st.DefaultColumns()) || cols[0].Key != "id" {
		t.Errorf("default query columns %v (%v)", cols, err)
	}
}

// Values come back typed as ParseValue documents and format as the table
// and CSV show them.
func TestRowValuesTypedAndFormatted(t *testing.T) {
	st := queryShop(t)
	ctx := context.Background()
	keys := []string{"name", "total_spend", "purchases", "积分", "预存", "入会", "加微信", "渠道", "私注", "stage", "score"}
	rows, err := st.Window(ctx, Query{Columns: keys}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	wantVals := [][]any{
		{"王芳", int64(100000), int64(1), 12.5, int64(150000), "2023-05-01", true, "线上", nil, "new"},
		{"李雷", int64(25050), int64(1), float64(3), nil, "2024-02-01", false, "门店", nil, "new"},
		{"张伟", int64(0), int64(0), nil, nil, nil, nil, nil, "秘密", "prospect"},
		{"陈静", int64(500000), int64(1), float64(100), int64(2000), "2022-12-31", true, "线上", nil, "new"},
	}
	wantText := map[i18n.Lang][]string{
		i18n.EN: {
			"王芳|1000.00|1|12.5|1500.00|2023-05-01|yes|线上||New",
			"李雷|250.50|1|3||2024-02-01|no|门店||New",
			"张伟|0.00|0||||||秘密|Prospect",
			"陈静|5000.00|1|100|20.00|2022-12-31|yes|线上||New",
		},
		i18n.ZH: {
			"王芳|1000.00|1|12.5|1500.00|2023-05-01|是|线上||新客",
			"李雷|250.50|1|3||2024-02-01|否|门店||新客",
			"张伟|0.00|0||||||秘密|潜在",
			"陈静|5000.00|1|100|20.00|2022-12-31|是|线上||新客",
		},
	}
	cols, err := st.QueryColumns(Query{Columns: keys})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		for j, want := range wantVals[i] {
			if r.Values[j] != want {
				t.Errorf("%s %s = %#v, want %#v", wantVals[i][0], keys[j], r.Values[j], want)
			}
		}
		if s, ok := r.Values[10].(float64); !ok || s < 0 || s > 100 {
			t.Errorf("%s score %#v, want a float64 in 0..100", wantVals[i][0], r.Values[10])
		}
		for lang, lines := range wantText {
			var parts []string
			for j := range 10 {
				parts = append(parts, Format(cols[j], r.Values[j], lang))
			}
			if got := strings.Join(parts, "|"); got != lines[i] {
				t.Errorf("%s: %q, want %q", lang, got, lines[i])
			}
		}
	}
	if got := Format(cols[10], 72.25, i18n.EN); got != "72.3" && got != "72.2" {
		t.Errorf("score formats as %q, want one decimal", got)
	}
}
